"""The course CLI is a thin layer: it calls the tested functions and reports clearly."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from curriculum.course.cli import cli

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
