"""The learner's side of JupyterLab: a Self-grade button and a lab without instructor tools.

Two halves, registered the way Jupyter expects:

* a Jupyter server extension (:mod:`curriculum.learner.labextension`): ``POST {base_url}course/selfgrade``
  behind the server's own authentication (token and XSRF, like every lab request) grades one week of the
  learner's notebooks with :func:`curriculum.course.selfgrade.selfgrade` and answers with the per-question
  result as JSON (:mod:`curriculum.learner.view`);
* a JupyterLab front-end extension (source in ``labextension/`` at the top of the repository, shipped
  prebuilt in ``curriculum/learner/labextensions/``): a Self-grade button in the notebook toolbar and a
  "Self-grade this week" command in the palette that show that result in a panel beside the notebook.

``make lab`` turns both on, and turns nbgrader's instructor tools off, with the Jupyter config folder
``curriculum/learner/lab_config/`` (:mod:`curriculum.learner.mode`). ``jupyter lab`` run by an instructor
without that folder keeps nbgrader's tools as installed.

Reference: Jupyter Server, "Server extensions"
(https://jupyter-server.readthedocs.io/en/latest/developers/extensions.html); JupyterLab, "Prebuilt
extensions" (https://jupyterlab.readthedocs.io/en/stable/extension/extension_dev.html).
"""

from __future__ import annotations

from pathlib import Path

#: The front end's npm name; the folder of prebuilt front ends (JupyterLab's ``extra_labextensions_path``).
LABEXTENSION_NAME = "@twilio-pm-course/selfgrade"
LABEXTENSIONS_PATH = Path(__file__).parent / "labextensions"
#: The Jupyter config folder ``make lab`` puts first on ``JUPYTER_CONFIG_PATH`` (learner mode).
CONFIG_DIR = Path(__file__).parent / "lab_config"


def _jupyter_server_extension_points() -> list[dict]:
    """Tell jupyter_server which module holds the extension (``jpserver_extensions`` enables it)."""
    return [{"module": "curriculum.learner.labextension"}]


def _jupyter_labextension_paths() -> list[dict]:
    """Where the prebuilt front end is, for ``jupyter labextension develop`` and packagers."""
    return [{"src": f"labextensions/{LABEXTENSION_NAME}", "dest": LABEXTENSION_NAME}]
