"""The few private names of other packages the course relies on still exist (pinned versions; fails when they move).

* ``nbgrader.api.get_alembic_version``: replaced in-process while registering a week (``cohort.grading``).
* ``ZipCollectApp._format_collect_path`` and its ``extract_archive_files``/``process_extracted_files``:
  ``cohort.collect`` drives nbgrader's zip collection step by step.
* ``KernelClient._handle_kernel_info_reply``: ``grading.kernels.GradingKernelClient.wait_for_ready``
  records the kernel's info as jupyter_client's own ``wait_for_ready`` does.
* nbgrader's feedback template folder (``server_extensions/formgrader/templates/feedback/index.html.j2``) and
  ``NbGraderAPI.generate_feedback`` naming the template ``feedback``: the course's page
  (``grading/templates/feedback/learner_feedback.html.j2``) extends that file and is found under that name.
"""

from __future__ import annotations

import importlib.metadata as md
import inspect
from pathlib import Path

import nbgrader.api
from jupyter_client.client import KernelClient
from nbgrader.apps.zipcollectapp import ZipCollectApp


def test_the_pinned_versions_are_the_ones_installed():
    assert md.version("nbgrader").startswith("0.9."), "nbgrader moved: re-check the private names below"
    assert int(md.version("jupyter_client").split(".")[0]) == 8, "jupyter_client moved: re-check below"


def test_nbgrader_names():
    assert callable(nbgrader.api.get_alembic_version)
    for name in ("_format_collect_path", "extract_archive_files", "process_extracted_files", "init_plugins"):
        assert callable(getattr(ZipCollectApp, name)), name


def test_jupyter_client_names():
    assert callable(KernelClient._handle_kernel_info_reply)


def test_nbgrader_feedback_template_is_where_the_course_page_extends_it():
    from nbgrader.apps.api import NbGraderAPI

    from curriculum.grading.feedback import template_dirs

    assert (Path(template_dirs()[1]) / "feedback" / "index.html.j2").is_file()
    assert "template_name = 'feedback'" in inspect.getsource(NbGraderAPI.generate_feedback)
