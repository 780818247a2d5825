"""The course CLI is a thin layer: it calls the tested functions and reports clearly."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from curriculum.cli import cli

pytestmark = pytest.mark.xdist_group("toy_course")


class TestCli:
    def test_python_dash_m_works(self):
        """`python -m curriculum --help` lists the commands."""
        out = subprocess.run([sys.executable, "-m", "curriculum", "--help"], capture_output=True, text=True)
        assert out.returncode == 0
        for command in ("qa", "release", "workspace"):
            assert command in out.stdout

    @pytest.mark.slow
    def test_qa_exits_non_zero_and_names_the_problem(self, toy_course):
        """A stale release makes `curriculum qa` fail, naming the check and the notebook."""
        (toy_course / "release/week1/notes.txt").write_text("hand made")
        result = CliRunner().invoke(cli, ["qa", "--root", str(toy_course), "--check", "release"])
        assert result.exit_code == 1
        assert "FAIL (1)  release" in result.output and "release/week1/notes.txt" in result.output

    @pytest.mark.slow
    def test_qa_passes_on_a_sound_course(self, toy_course):
        """`curriculum qa --check release` exits 0 on a freshly released course."""
        result = CliRunner().invoke(cli, ["qa", "--root", str(toy_course), "--check", "release"])
        assert result.exit_code == 0, result.output
        assert "QA passed." in result.output

    @pytest.mark.slow
    def test_unknown_week_lists_valid_weeks(self, toy_course):
        """A week that does not exist is a usage error naming the valid weeks."""
        result = CliRunner().invoke(cli, ["qa", "--root", str(toy_course), "--week", "week9"])
        assert result.exit_code == 2 and "week1" in result.output

    @pytest.mark.slow
    def test_release_regenerates_from_source(self, toy_course):
        """`curriculum release` rewrites a damaged release folder."""
        (toy_course / "release/week1/assignment.ipynb").write_text("{}")
        result = CliRunner().invoke(cli, ["release", "--root", str(toy_course)])
        assert result.exit_code == 0, result.output
        assert "NotImplementedError" in (toy_course / "release/week1/assignment.ipynb").read_text()

    def test_outside_a_course_folder_is_a_clear_error(self, tmp_path, monkeypatch):
        """Run outside the course, the CLI says what folder it looked for."""
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(cli, ["qa"])
        assert result.exit_code == 1 and "nbgrader_config.py" in result.output


def _curriculum(course, *args, timeout_s=600):
    """Run the installed `curriculum` command in the course folder, as the README tells a user to."""
    import os
    from pathlib import Path

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(bin_dir / "curriculum"), *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=timeout_s)


@pytest.mark.slow
class TestReleaseWeek:
    """`curriculum release weekN` regenerates that week's student version from source/ (on a temp copy)."""

    def test_release_week1_rebuilds_it_from_source(self, toy_course):
        """A damaged release is rebuilt, a source edit arrives, the solution and hidden tests stay out."""
        import nbformat

        (toy_course / "release/week1/assignment.ipynb").write_text("{}")
        lesson = toy_course / "source/week1/lesson.ipynb"
        nb = nbformat.read(str(lesson), as_version=4)
        nb.cells[0].source = "# Toy lesson, second edition"
        nbformat.write(nb, str(lesson))

        out = _curriculum(toy_course, "release", "week1")
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == f"Released week1 to {toy_course / 'release'}"
        released = (toy_course / "release/week1/assignment.ipynb").read_text()
        assert "raise NotImplementedError" in released
        assert "10_000 / 180" not in released                  # the solution line is stripped
        assert "abs(rate_per_s - 10_000 / 180)" not in released  # and so is the test's expected value
        assert "second edition" in (toy_course / "release/week1/lesson.ipynb").read_text()

    def test_unknown_week_is_refused_with_the_valid_ones(self, toy_course):
        """`curriculum release week9` exits 2 (a usage error), names the parameter and lists week1."""
        before = (toy_course / "release/week1/assignment.ipynb").read_bytes()
        out = _curriculum(toy_course, "release", "week9")
        assert out.returncode == 2
        assert "WEEKS" in out.stderr and "week1" in out.stderr
        assert (toy_course / "release/week1/assignment.ipynb").read_bytes() == before


@pytest.mark.slow
@pytest.mark.xdist_group("selfgrade")
class TestSelfgradeTimeout:
    """`curriculum selfgrade week1 --timeout N` stops a cell that runs past N seconds and says so."""

    def _answer(self, toy_course, source):
        import nbformat

        out = _curriculum(toy_course, "workspace")
        assert out.returncode == 0, out.stderr
        path = toy_course / "my-work/week1/assignment.ipynb"
        nb = nbformat.read(str(path), as_version=4)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer")
        cell.source = source
        nbformat.write(nb, str(path))

    def test_a_cell_sleeping_past_the_timeout_is_stopped_and_reported(self, toy_course):
        """A 120 s sleep in the answer cell, --timeout 3: the cell is stopped, the question missed, and why."""
        import time

        self._answer(toy_course, "import time\ntime.sleep(120)\nrate_per_s = 10_000 / 180")
        started = time.monotonic()
        out = _curriculum(toy_course, "selfgrade", "week1", "--timeout", "3")
        elapsed = time.monotonic() - started
        assert out.returncode == 0, out.stderr
        assert "miss    0/2" in out.stdout
        assert "your answer cell was stopped after 3 s without finishing" in out.stdout
        assert "week1: 0 of 2 autograded points" in out.stdout
        assert elapsed < 110, "the sleep ran to its end: --timeout did not stop it"

    def test_the_same_cell_within_the_timeout_passes(self, toy_course):
        """The same answer after a 2 s sleep, with --timeout 30: it finishes and earns both points."""
        self._answer(toy_course, "import time\ntime.sleep(2)\nrate_per_s = 10_000 / 180")
        out = _curriculum(toy_course, "selfgrade", "week1", "--timeout", "30")
        assert out.returncode == 0, out.stderr
        assert "pass    2/2" in out.stdout and "stopped" not in out.stdout
        assert "week1: 2 of 2 autograded points" in out.stdout
