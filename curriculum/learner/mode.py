"""Learner mode: what the lab ``make lab`` opens leaves out, and why.

``make lab`` puts ``curriculum/learner/lab_config/`` first on ``JUPYTER_CONFIG_PATH`` (Jupyter's own list
of config folders). Its files use only mechanisms JupyterLab and jupyter_server support:

* ``jupyter_server_config.py`` sets ``ServerApp.jpserver_extensions``: the course's Self-grade extension
  on; nbgrader's Formgrader, Assignment List, Course List and Validate server extensions off; and
  ``LabApp.extra_labextensions_path`` so the lab finds the prebuilt Self-grade front end;
* ``labconfig/page_config.json`` lists the front-end plugins to disable (``disabledExtensions``):
  nbgrader's Create Assignment, Formgrader and Validate (its "Success! Your notebook passes all the tests"
  runs only the visible checks: the Self-grade button runs the hidden tests too) and JupyterLab's
  announcements (the "notified about official Jupyter news" question and the update check);
* the lab's terminals run an interactive bash with ``lab_config/terminal_rc.sh`` (:func:`terminal_shell`),
  which puts the course's ``.venv/bin`` first on PATH after the learner's own set-up;
* when no nbgrader exchange is set up (the self-paced case), the server extension also hides nbgrader's
  Assignment List, Course List and its menu through the page-config hook (:func:`page_config_hook`):
  they could only say "The exchange directory does not exist".

An instructor running ``jupyter lab`` in the course folder reads none of this and keeps every nbgrader tool.

Reference: JupyterLab, "Enabling and disabling extensions" (``labconfig/page_config.json``,
https://jupyterlab.readthedocs.io/en/stable/user/extensions.html#enabling-and-disabling-extensions);
Jupyter Server, "Enabling an extension" (``jpserver_extensions``).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Shown only when an nbgrader exchange exists (cohorts that hand out assignments that way).
EXCHANGE_PLUGINS = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu")
DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"


def exchange_root(course_root: Path | None) -> Path:
    """The nbgrader exchange folder the course's config names (nbgrader's default when it names none)."""
    if course_root is not None and (Path(course_root) / "nbgrader_config.py").is_file():
        try:
            from curriculum.course.nbgrader_driver import load_config

            config = load_config(Path(course_root))
            if "Exchange" in config and "root" in config.Exchange:
                return Path(config.Exchange.root)
        except Exception:  # noqa: BLE001 - a broken config must not stop the lab; nbgrader will say why
            pass
    return Path(DEFAULT_EXCHANGE)


def exchange_configured(course_root: Path | None) -> bool:
    """True when the exchange folder exists, so nbgrader's Assignment List has something to show."""
    return exchange_root(course_root).is_dir()


def page_config_hook(hidden: tuple[str, ...]):
    """A JupyterLab ``page_config_hook`` that adds ``hidden`` to the page's ``disabledExtensions`` (a list).

    >>> page_config_hook(("b",))(None, {"disabledExtensions": ["a"]})
    {'disabledExtensions': ['a', 'b']}
    """

    def hook(handler, page_config: dict) -> dict:
        disabled = page_config.get("disabledExtensions") or []
        if isinstance(disabled, dict):  # the on-disk form {name: true}; the page wants a list of names
            disabled = [name for name, off in disabled.items() if off]
        page_config["disabledExtensions"] = list(disabled) + [name for name in hidden if name not in disabled]
        return page_config

    return hook


#: The rc file of the lab's terminals (``lab_config/terminal_rc.sh``).
TERMINAL_RC = Path(__file__).with_name("lab_config") / "terminal_rc.sh"


def terminal_shell(bash: str | None = None) -> list[str] | None:
    """The shell command of the lab's terminals: an interactive bash that reads :data:`TERMINAL_RC`.

    ``None`` (Jupyter's default shell) where there is no bash. The default is a login shell, and a login
    shell's ``/etc/profile`` may reset PATH, so the course's ``curriculum`` command would not be found.

    >>> terminal_shell("/bin/bash")[1:3] == ["--rcfile", str(TERMINAL_RC)]
    True
    >>> terminal_shell("")
    """
    import shutil

    found = shutil.which("bash") if bash is None else bash
    return [found, "--rcfile", str(TERMINAL_RC), "-i"] if found else None


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
