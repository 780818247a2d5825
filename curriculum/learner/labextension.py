"""The Jupyter server extension behind the lab's Self-grade button.

``POST {base_url}course/selfgrade`` with the JSON body ``{"path": "week3/assignment.ipynb"}`` (a path
relative to the lab's root folder, as JupyterLab names files) grades that notebook's week with
:func:`curriculum.course.selfgrade.selfgrade` and answers with :func:`curriculum.learner.view.result_view`.

* The handler is jupyter_server's :class:`~jupyter_server.base.handlers.APIHandler` with
  ``@tornado.web.authenticated``: a request needs the server's token or login cookie, and a cookie-based
  request also the XSRF token, exactly like every other request the lab makes.
* Only notebooks under the lab's root folder are graded: a path that leaves it (``..``, an absolute path,
  a symbolic link pointing out) is refused with status 400 and a message saying why.
* The learner's notebook is only read (the grader works on a private copy); one week is graded at a time.

The course folder (where ``source/`` and ``nbgrader_config.py`` are) comes from the ``CURRICULUM_ROOT``
environment variable that ``make lab`` sets, else from the lab's root folder or its parents.

Reference: Jupyter Server, "Writing a server extension" and "Authentication and authorization"
(https://jupyter-server.readthedocs.io/en/latest/developers/extensions.html).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path, PurePosixPath

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from curriculum.learner.mode import EXCHANGE_PLUGINS, exchange_configured, page_config_hook
from curriculum.learner.view import result_view

ENDPOINT = "course/selfgrade"
_WEEK = re.compile(r"^week\d+$")


class Refused(ValueError):
    """A request the extension will not grade; the message is shown to the learner as is."""


def course_root(lab_root: Path) -> Path:
    """The course folder: found at or above the lab's root folder, else ``$CURRICULUM_ROOT`` (``make lab`` sets it).

    The same rule as every course command (:func:`curriculum.course.layout.find_root`), so the lab's self-grade
    button and a lab terminal's ``curriculum selfgrade`` grade against the same course.
    """
    from curriculum.course.layout import find_root

    return find_root(lab_root)


def resolve_notebook(lab_root: Path, path: object) -> tuple[Path, str]:
    """The notebook file and its week for a lab path; :class:`Refused` with a clear message otherwise.

    >>> import tempfile; root = Path(tempfile.mkdtemp())
    >>> (root / "week1").mkdir(); _ = (root / "week1" / "assignment.ipynb").write_text("{}")
    >>> resolve_notebook(root, "week1/assignment.ipynb")[1]
    'week1'
    >>> resolve_notebook(root, "../secret.ipynb")
    Traceback (most recent call last):
    ...
    curriculum.learner.labextension.Refused: '../secret.ipynb' is outside the lab's folder: self-grade only grades notebooks in the folder this lab was started in.
    """
    if type(path) is not str or not path.strip():
        raise Refused("Say which notebook to self-grade: the request needs a \"path\" such as "
                      "\"week1/assignment.ipynb\".")
    root = Path(lab_root).resolve()
    target = (root / PurePosixPath(path.strip())).resolve()  # an absolute path replaces root; links are followed
    if not target.is_relative_to(root):
        raise Refused(f"{path!r} is outside the lab's folder: self-grade only grades notebooks in the folder "
                      "this lab was started in.")
    if target.suffix != ".ipynb":
        raise Refused(f"{path!r} is not a notebook: open a week's assignment.ipynb and press Self-grade there.")
    if not target.is_file():
        raise Refused(f"{path!r} is not there: save the notebook first, or open it from the file browser.")
    parts = target.relative_to(root).parts
    if len(parts) != 2 or not _WEEK.match(parts[0]):
        raise Refused(f"{path!r} is not in a week's folder: self-grade grades a week's notebooks "
                      "(week1/assignment.ipynb ... week6/assignment.ipynb); practice and other notebooks "
                      "have no graded questions.")
    return target, parts[0]


class SelfGradeHandler(APIHandler):
    """``POST course/selfgrade``: grade the week of one notebook under the lab's root folder."""

    _lock = asyncio.Lock()  # one self-grade at a time: the private course folder is shared

    @property
    def lab_root(self) -> Path:
        return Path(self.settings.get("server_root_dir") or self.serverapp.root_dir).expanduser().resolve()

    def _refuse(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish(json.dumps({"error": message}))

    @web.authenticated
    async def post(self) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            return self._refuse(400, "The request body must be JSON such as {\"path\": \"week1/assignment.ipynb\"}.")
        try:
            target, week = resolve_notebook(self.lab_root, body.get("path") if isinstance(body, dict) else None)
        except Refused as exc:
            return self._refuse(400, str(exc))
        try:
            root = course_root(self.lab_root)
        except FileNotFoundError:
            return self._refuse(500, "The course folder was not found: start the lab with `make lab` in the "
                                     "course folder.")
        from curriculum.course.selfgrade import selfgrade

        started = time.monotonic()
        async with self._lock:
            try:
                result = await asyncio.to_thread(selfgrade, root, week, self.lab_root)
            except ValueError as exc:
                return self._refuse(400, str(exc))
        try:  # the learner's own review history (my-work/.course/), for "what to practise next"
            from curriculum.course.review import sync_selfgrades

            sync_selfgrades(self.lab_root)
        except (OSError, ValueError):
            pass
        view = result_view(result, target.stem)
        view["seconds"] = round(time.monotonic() - started, 2)
        self.finish(json.dumps(view))


def _load_jupyter_server_extension(serverapp) -> None:
    """Add the handler under the server's base URL (called by jupyter_server when the extension is enabled)."""
    web_app = serverapp.web_app
    route = url_path_join(web_app.settings["base_url"], ENDPOINT)
    web_app.add_handlers(".*$", [(route, SelfGradeHandler)])
    serverapp.log.info("Course self-grade endpoint at %s", route)
    try:
        root = course_root(Path(serverapp.root_dir).expanduser())
    except FileNotFoundError:
        root = None
    if not exchange_configured(root):
        # Self-paced: no exchange, so nbgrader's Assignment List could only show errors. Hide it (and its menu).
        ours = page_config_hook(EXCHANGE_PLUGINS)
        previous = web_app.settings.get("page_config_hook")
        web_app.settings["page_config_hook"] = (
            ours if previous is None else (lambda handler, config: ours(handler, previous(handler, config))))
        serverapp.log.info("No nbgrader exchange: the Assignment List is hidden in this learner lab")


# jupyter_server looks for either name; keep the old one for older servers.
load_jupyter_server_extension = _load_jupyter_server_extension
