"""Learner mode for the lab `make lab` opens (see curriculum/learner/mode.py for what and why).

`make lab` puts this folder first on JUPYTER_CONFIG_PATH; `jupyter lab` without it keeps nbgrader's tools.
"""

import sys

from curriculum.learner import LABEXTENSIONS_PATH
from curriculum.learner.mode import running_as_root, terminal_shell

try:
    c = get_config()  # noqa: F821 - provided by traitlets when jupyter_server loads this file
except NameError:  # imported as a plain module (pytest's doctest collection): build the same config, unused
    from traitlets.config import Config

    c = Config()

c.ServerApp.jpserver_extensions = {
    "curriculum.learner": True,
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.assignment_list": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.validate_assignment": False,
}
# The prebuilt Self-grade front end, shipped inside the package (no build step at install time).
c.LabApp.extra_labextensions_path = [str(LABEXTENSIONS_PATH)]
# No news feed and no update check: the learner's lab asks nothing of the network.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"

# Terminals keep the course's tools on PATH (a login shell's /etc/profile would drop them).
if terminal_shell():
    c.ServerApp.terminado_settings = {"shell_command": terminal_shell()}

if running_as_root():
    # Containers and CI run as root; Jupyter refuses that unless told. The lab is still for one learner.
    c.ServerApp.allow_root = True
    print("Note: running as root (uid 0), so the lab starts with --allow-root. That is fine in a container; "
          "on your own laptop run `make lab` as your usual user.", file=sys.stderr)
