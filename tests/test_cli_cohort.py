"""Every instructor command run the way the README tells an instructor to run it (click's CliRunner, and `make`).

collect -> grade -> grade --student -> feedback -> export -> report on the toy course, with planted faults where the
README promises a refusal: an unsafe zip entry, two Canvas users with one name, a repeated entry, a feedback page
that would show a hidden test.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import cli
from curriculum.cohort import synthetic
from tests.conftest import PROJECT_ROOT
from tests.test_cohort_grading import HIDDEN_LINE, WEEK, toy_with_hidden_test

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cohort")]


@pytest.fixture
def course(tmp_path) -> Path:
    return toy_with_hidden_test(tmp_path / "course")


def _zip_with_traps(course: Path, path: Path) -> Path:
    """Two learners as Canvas names them, plus: the same name for a second Canvas user, a repeated entry,
    a path that climbs out, and a file that is not a notebook."""
    cohort = synthetic.make_cohort(course, WEEK, 2)
    synthetic.write_lms_zip(cohort, path, "canvas", extras=False)
    one = next(iter(cohort.values()))["assignment.ipynb"]
    import nbformat

    text = nbformat.writes(one)
    with zipfile.ZipFile(path, "a") as zf:
        stamp = (2025, 3, 7, 18, 0, 0)
        zf.writestr(zipfile.ZipInfo("doejane_111_900001_assignment.ipynb", stamp), text)
        zf.writestr(zipfile.ZipInfo("doejane_112_900002_assignment.ipynb", stamp), text)
        zf.writestr(zipfile.ZipInfo("../../evil_1_2_assignment.ipynb", stamp), text)
        zf.writestr(zipfile.ZipInfo("notes_113_900003_readme.txt", stamp), "hello")
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
            zf.writestr(zipfile.ZipInfo("doejane_111_900001_assignment.ipynb", stamp), text)
    return path


def test_the_instructor_path_through_the_cli(course, tmp_path):
    runner = CliRunner()
    download = _zip_with_traps(course, tmp_path / "canvas.zip")
    entries = len(zipfile.ZipFile(download).infolist())

    collected = runner.invoke(cli, ["collect", WEEK, "--zip", str(download), "--root", str(course)])
    assert collected.exit_code == 0, collected.output
    with (course / "cohort" / f"collect-{WEEK}.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    # every entry of the zip is one row, the repeated name once
    assert len(rows) == entries - 1
    outcomes = {r["file"]: r for r in rows}
    assert outcomes["../../evil_1_2_assignment.ipynb"]["outcome"] == "unsafe"
    assert {outcomes[f"doejane_11{i}_90000{i}_assignment.ipynb"]["student"] for i in (1, 2)} == {
        "doejane_111", "doejane_112"}  # two Canvas users stay two learners
    assert "share the name id 'doejane'" in collected.output
    assert not (course.parent / "evil_1_2_assignment.ipynb").exists()
    students = sorted(p.name for p in (course / "submitted").iterdir())
    assert "doejane_111" in students and "doejane_112" in students

    graded = runner.invoke(cli, ["grade", WEEK, "--root", str(course), "--workers", "2"])
    assert graded.exit_code == 0, graded.output
    assert f"[{len(students)}/{len(students)}]" in graded.output and "bubblewrap" in graded.output
    again = runner.invoke(cli, ["grade", WEEK, "--root", str(course), "--student", "doejane_112"])
    assert again.exit_code == 0 and "graded 1 of 1" in again.output, again.output
    with (course / "cohort" / f"grading-{WEEK}.csv").open() as fh:
        assert sorted(r["student"] for r in csv.DictReader(fh)) == students  # nobody's row lost

    fed = runner.invoke(cli, ["feedback", WEEK, "--root", str(course)])
    assert fed.exit_code == 0, fed.output
    assert "no hidden test, mark scheme, solution or stray file" in fed.output

    exported = runner.invoke(cli, ["export", "--root", str(course), "--output", str(tmp_path / "grades.csv")])
    assert exported.exit_code == 0, exported.output
    with (tmp_path / "grades.csv").open() as fh:
        table = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert sorted(table) == students

    reported = runner.invoke(cli, ["report", "--root", str(course), "--output", str(tmp_path / "report.html")])
    assert reported.exit_code == 0, reported.output
    page = (tmp_path / "report.html").read_text()
    assert "Most often failed" in page and "doejane_112" in page


def test_feedback_exits_non_zero_when_hidden_test_code_would_reach_a_learner(course, tmp_path):
    """Planted fault: a config that forgets to hide the tests. The command must refuse, naming the leak."""
    synthetic.write_submissions(course, WEEK, synthetic.make_cohort(course, WEEK, 1))
    runner = CliRunner()
    assert runner.invoke(cli, ["grade", WEEK, "--root", str(course)]).exit_code == 0
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace('"curriculum.grading.feedback.HideSecrets",', ""))
    fed = runner.invoke(cli, ["feedback", WEEK, "--root", str(course)])
    assert fed.exit_code != 0
    assert "SECRET TEXT FOUND" in fed.output and HIDDEN_LINE in fed.output


def test_grade_refuses_without_the_sandbox_unless_told(course, monkeypatch):
    """No bubblewrap on PATH: grade names what is missing and how to install it; --no-sandbox warns and goes on."""
    synthetic.write_submissions(course, WEEK, synthetic.make_cohort(course, WEEK, 1))
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "bwrap" else _which(name, *a, **k))
    runner = CliRunner()
    refused = runner.invoke(cli, ["grade", WEEK, "--root", str(course)])
    assert refused.exit_code != 0
    assert "bubblewrap" in refused.output and "apt-get install bubblewrap" in refused.output
    assert "--no-sandbox" in refused.output


_which = shutil.which


def test_make_demo_cohort_runs_the_whole_path(tmp_path):
    """`make demo-cohort` as the README says (a small cohort to keep the suite quick)."""
    done = subprocess.run(["make", "-s", "demo-cohort", "DEMO_ARGS=--students 3"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "report" in done.stdout.lower() and "grades" in done.stdout.lower()
