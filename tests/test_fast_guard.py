"""`make test-fast` cannot quietly grow slow: a test that starts a kernel, nbgrader or JupyterLab without the
slow mark fails in a run with ``-m "not slow"`` (the guard in tests/conftest.py), and passes once marked."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import PROJECT_ROOT

TESTS = '''
import subprocess
import pytest

def test_starts_a_kernel():
    from jupyter_client.manager import KernelManager
    km = KernelManager()
    try:
        km.start_kernel()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)

def test_starts_jupyter():
    subprocess.run(["jupyter", "lab", "--version"], capture_output=True)

def test_runs_an_nbgrader_converter():
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    GenerateAssignment(coursedir=CourseDirectory()).start()

@pytest.mark.slow
def test_marked_slow_may_start_jupyter():
    subprocess.run(["jupyter", "--version"], capture_output=True, check=True)

def test_plain_python_is_fine():
    subprocess.run(["python", "-c", "print(1)"], capture_output=True, check=True)
'''


def _run(tmp_path, *args):
    (tmp_path / "conftest.py").write_text("from tests.conftest import _slow_work_needs_the_slow_mark  # noqa: F401\n")
    (tmp_path / "test_planted.py").write_text(textwrap.dedent(TESTS))
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    slow: slow\n")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "-rA", *args, str(tmp_path)], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": str(PROJECT_ROOT / ".venv" / "bin") + ":/usr/bin:/bin"},
                          timeout=300)


def test_unmarked_kernel_jupyter_and_nbgrader_fail_the_fast_run(tmp_path):
    """With -m "not slow" the three unmarked tests fail, naming what they started; the plain one passes."""
    out = _run(tmp_path, "-m", "not slow")
    text = out.stdout
    assert "3 failed, 1 passed, 1 deselected" in text, text[-3000:]   # and an error at each one's teardown
    assert "a kernel started in a test not marked slow" in text
    assert "`jupyter lab --version` started in a test not marked slow" in text
    assert "nbgrader GenerateAssignment ran in a test not marked slow" in text
    assert "PASSED test_planted.py::test_plain_python_is_fine" in text
