"""The cohort workflow on SQLite: parallel grading equal to nbgrader's, broken submissions, feedback, export.

Tiny cohorts of the toy course (one 2-point autograded question with a planted unit slip, one
3-point written task); the 30-student cohort runs only in the benchmark and the demo.
"""

from __future__ import annotations

import csv
import html as html_lib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from curriculum.course import authoring as a
from curriculum.cli import cli
from curriculum.cohort import collect, export, feedback, grading, report, synthetic
from tests.conftest import build_toy_course

pytestmark = [pytest.mark.xdist_group("cohort"), pytest.mark.slow]

WEEK = "week1"
HIDDEN_LINE = "assert abs(rate_per_s - 10_000 / 180) < 0.5, 'rate_per_s is off'"


# -- helpers shared with test_cohort_postgres.py ---------------------------------------------------------

def toy_with_hidden_test(root: Path) -> Path:
    """The toy course with its value check moved into hidden tests (as course weeks have them)."""
    build_toy_course(root)
    path = root / "source" / WEEK / "assignment.ipynb"
    nb = a.read(path)
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "rate_littles_law":
            nb.cells[i] = a.tests("rate_littles_law", 2, "Arrival rate from Little's law, calls per second",
                                  "assert type(rate_per_s) is float, 'rate_per_s should be a number'", HIDDEN_LINE)
    nbformat.write(nb, str(path))
    from curriculum.course.release import write_release

    write_release(root, [WEEK])
    return root


def plain_nbgrader_scores(root: Path, scratch: Path) -> dict:
    """``{(student, notebook, cell): score}`` from plain ``nbgrader autograde`` on a copy of the course."""
    copy = scratch / "plain"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("gradebook.db", "autograded", "feedback", "cohort"))
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("COURSE_GRADEBOOK_URL", None)
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run([*nbgrader, "generate_assignment", WEEK, "--force",
                    f"--CourseDirectory.release_directory={scratch / 'plain-release'}"],
                   cwd=copy, env=env, check=True, capture_output=True)
    subprocess.run([*nbgrader, "autograde", WEEK], cwd=copy, env=env, check=True, capture_output=True)
    return cell_scores(copy, "sqlite:///" + str(copy / "gradebook.db"))


def cell_scores(root: Path, db_url: str) -> dict:
    frame = report.cell_scores(root, db_url)
    return {(r.student, r.notebook, r.question): r.score for r in frame.itertuples()}


def row_counts(db_url: str) -> dict[str, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
                    for t in ("student", "submitted_assignment", "submitted_notebook", "grade")}
    finally:
        engine.dispose()


def expected_scores(cohort: dict) -> dict:
    """What nbgrader gives the toy cohort: 2 points for the right rate, 0 for the planted unit slip."""
    out = {}
    for student, notebooks in cohort.items():
        answer = next(c.source for c in notebooks["assignment.ipynb"].cells
                      if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer")
        out[(student, "assignment", "rate_littles_law")] = 2.0 if answer == "rate_per_s = 10_000 / 180" else 0.0
        out[(student, "assignment", "toy_design_narrative")] = 0.0  # waits for hand grading
    return out


def collect_cohort(root: Path, folder: Path, n: int) -> dict:
    """Make a synthetic cohort of ``n`` learners and collect it from a Canvas zip; return the cohort."""
    cohort = synthetic.make_cohort(root, WEEK, n)
    download = synthetic.write_lms_zip(cohort, folder / "canvas.zip", "canvas")
    collect.collect_zip(root, WEEK, download, roster=synthetic.write_roster(n, folder / "roster.csv"))
    return cohort


def check_workflow(root: Path, scratch: Path, db_url: str, n: int = 4, against_nbgrader: bool = True) -> None:
    """collect -> grade (parallel) -> grade again -> feedback -> export -> report, checked at each step.

    Scores are compared with plain ``nbgrader autograde`` on the same submissions, or (to save a run)
    with the scores that plain run gives this deterministic cohort.
    """
    cohort = collect_cohort(root, scratch, n)
    run = grading.grade_week(root, WEEK, workers=2, db_url=db_url)
    assert [r.status for r in run.results] == ["graded"] * n, run.render()
    ours = cell_scores(root, db_url)
    assert ours == expected_scores(cohort)
    if against_nbgrader:
        assert ours == plain_nbgrader_scores(root, scratch)
    assert len({ours[(s, "assignment", "rate_littles_law")] for s, _, _ in ours}) == 2  # scores vary

    before = row_counts(db_url)
    again = grading.grade_week(root, WEEK, workers=2, db_url=db_url)
    assert row_counts(db_url) == before and before["submitted_assignment"] == n
    assert cell_scores(root, db_url) == ours and [r.score for r in again.results] == [r.score for r in run.results]

    fb = feedback.feedback_week(root, WEEK, db_url)
    assert fb.leaks == [] and sorted(fb.files) == [f"learner{i:02d}" for i in range(1, n + 1)]
    for files in fb.files.values():
        page = next(f for f in files if f.name == "assignment.html").read_text()
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", page))
        assert "rate_per_s - 10_000 / 180" not in text  # the hidden check's code is not shown...
        assert "hidden tests ran here" in text and "Arrival rate from Little" in text  # ...its place is

    path = export.export_grades(root, scratch / "grades.csv", db_url)
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    assert [list(r) for r in rows[:1]] == [["student_id", WEEK, "total"]]
    assert {r["student_id"]: float(r["total"]) for r in rows} == {r.student: r.score for r in run.results}

    page = report.build_report(root, scratch / "report.html", db_url).read_text()
    for section in ("Question difficulty", "Score distribution per week", "Student totals", "Most often failed"):
        assert section in page
    assert page.count("data:image/png;base64,") == 3
    # the learners who made the planted unit slip failed the hidden check: the report names that line
    failed = sorted({s for (s, _, cell), score in ours.items() if cell == "rate_littles_law" and score == 0})
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    row = rf"rate_littles_law\s+{len(failed)}\s+{n}\s+{re.escape(HIDDEN_LINE)}\s+hidden"
    assert failed and re.search(row, text), "the most-failed table should name the hidden check"


@pytest.fixture(scope="session")
def hidden_toy_template(tmp_path_factory) -> Path:
    return toy_with_hidden_test(tmp_path_factory.mktemp("hidden-toy") / "course")


@pytest.fixture
def course(hidden_toy_template, tmp_path) -> Path:
    """A fresh copy of the released toy course (value check hidden) that a test may change."""
    return Path(shutil.copytree(hidden_toy_template, tmp_path / "course"))


# -- the workflow ---------------------------------------------------------------------------------------

class TestWorkflowOnSqlite:
    def test_collect_grade_feedback_export_report(self, course, tmp_path):
        """Every step on the default SQLite gradebook; grading matches nbgrader and a second run adds no rows."""
        check_workflow(course, tmp_path, "sqlite:///" + str(course / "gradebook.db"))

    def test_hand_grade_in_the_gradebook_counts_in_the_export(self, course, tmp_path):
        """The written task waits for formgrader; a hand grade saved there is added to the student's total."""
        from nbgrader.api import Gradebook

        from curriculum.course.nbgrader_driver import make_api

        synthetic.write_submissions(course, WEEK, synthetic.make_cohort(course, WEEK, 1))
        grading.grade_week(course, WEEK, workers=1)
        api = make_api(course)
        assert api.get_submission(WEEK, "learner01")["needs_manual_grade"] is True
        # formgrader's "Manual grading" list for the notebook (the same API call its page makes)
        listed = api.get_notebook_submissions(WEEK, "assignment")
        assert [(n["student"], n["needs_manual_grade"]) for n in listed] == [("learner01", True)]
        before = export.grades_table(course).loc["learner01", "total"]
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:  # what formgrader's save does
            grade = gb.find_grade("toy_design_narrative", "assignment", WEEK, "learner01")
            grade.manual_score, grade.needs_manual_grade = 3, False
            gb.db.commit()
        assert export.grades_table(course).loc["learner01", "total"] == before + 3
        assert api.get_submission(WEEK, "learner01")["needs_manual_grade"] is False


# -- broken submissions ---------------------------------------------------------------------------------

def _submission(course: Path, answer: str | None = None, edit=None):
    src, rel = a.read(course / "source/week1/assignment.ipynb"), a.read(course / "release/week1/assignment.ipynb")
    nb = synthetic.learner_notebook(src, rel, [])
    for cell in nb.cells:
        if answer is not None and cell.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer":
            cell.source = answer
    if edit:
        edit(nb)
    return nb


def _drop_test(nb):
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "rate_littles_law"]


def _weaken_test(nb):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "rate_littles_law":
            cell.source = "pass"


class TestBrokenSubmissions:
    def test_each_is_graded_for_what_it_can_with_a_note(self, course):
        """Invalid JSON, deleted/edited tests, a loop, a dying kernel, a memory hog: none stops the others."""
        right = "rate_per_s = 10_000 / 180"
        cases = {
            "good": _submission(course),
            "deleted_test": _submission(course, edit=_drop_test),
            "edited_test": _submission(course, "rate_per_s = 10_000 / 3", edit=_weaken_test),
            "endless_loop": _submission(course, right + "\nwhile True:\n    pass"),
            "ignores_interrupt": _submission(course, right + "\nimport signal\nsignal.signal(signal.SIGINT, "
                                             "signal.SIG_IGN)\nwhile True:\n    pass"),
            "kernel_dies": _submission(course, "import os\nos._exit(3)"),
            "memory_hog": _submission(course, right + "\nhog = bytearray(8 * 1024 ** 3)"),
        }
        for student, nb in cases.items():
            synthetic.write_submissions(course, WEEK, {student: {"assignment.ipynb": nb}})
        bad = course / "submitted/invalid_json/week1"
        bad.mkdir(parents=True)
        (bad / "assignment.ipynb").write_text('{"cells": [')

        run = grading.grade_week(course, WEEK, workers=3, cell_timeout_s=2, memory_mb=1024)
        got = {r.student: (r.status, r.score, " ".join(r.notes)) for r in run.results}
        assert got["good"] == ("graded", 2.0, "")
        expected = {  # student: (score, words of the note)
            "invalid_json": (0.0, "cannot be read as a notebook"),
            "deleted_test": (2.0, "'Arrival rate from Little's law, calls per second' was deleted; the grader put it back"),
            "edited_test": (0.0, "('Arrival rate from Little's law, calls per second') was edited; nbgrader graded the original"),
            "endless_loop": (2.0, "ran longer than 2 s; nbgrader interrupted it"),
            "ignores_interrupt": (0.0, "stopped responding after a time-out"),
            "kernel_dies": (0.0, "the kernel died"),
            "memory_hog": (2.0, "ran out of memory"),
        }
        for student, (score, words) in expected.items():
            status, got_score, notes = got[student]
            assert (status, got_score) == ("graded with notes", score), (student, got[student])
            assert words in notes, (student, notes)
        lines = (course / "cohort" / "grading-week1.csv").read_text()
        assert "cannot be read as a notebook" in lines and "the kernel died" in lines

    def test_a_submission_past_the_wall_clock_limit_is_stopped_and_reported(self, course, tmp_path, monkeypatch):
        """A submission still running at the limit is killed and reported; the others are graded; exit code 1."""
        scratch = Path(tempfile.mkdtemp(prefix="wc-", dir="/tmp"))  # short: it holds Unix sockets
        monkeypatch.setenv("CURRICULUM_SOCKET_DIR", str(scratch))  # every kernel's command then names this path
        synthetic.write_submissions(course, WEEK, {
            "sleeper": {"assignment.ipynb": _submission(course, "import time\ntime.sleep(120)")},
            "good": {"assignment.ipynb": _submission(course)},
        })
        result = CliRunner().invoke(cli, ["grade", WEEK, "--root", str(course), "--workers", "2",
                                          "--submission-timeout", "20"])
        assert result.exit_code == 1, result.output
        assert "sleeper: timed out" in result.output and "still running after 20 s" in result.output
        assert "2/2" in result.output and "left" in result.output  # the progress bar and time left
        log = (course / "cohort" / "grading-week1.csv").read_text()
        assert "good,graded,2" in log and "sleeper,timed out" in log
        # any process at all (re-parented ones too) that still names this course or the run's temporary folder
        left = [p for p in os.listdir("/proc") if p.isdigit() and (str(course) in _cmdline(p) or str(scratch) in _cmdline(p))]
        assert left == [], "grading left processes behind"


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


class TestGradeArguments:
    def test_bad_arguments_name_the_parameter(self, course):
        """Workers, time limits, memory, the week and unknown students are checked before anything runs."""
        with pytest.raises(ValueError, match="workers must be a whole number of at least 1"):
            grading.grade_week(course, WEEK, workers=0)
        with pytest.raises(ValueError, match="memory_mb must be at least 256"):
            grading.grade_week(course, WEEK, memory_mb=10)
        with pytest.raises(ValueError, match="week must be one of week1"):
            grading.grade_week(course, "week7")
        with pytest.raises(ValueError, match="students nobody have no submission"):
            grading.grade_week(course, WEEK, students=["nobody"])

    def test_week_imports_are_found_for_the_warm_kernels(self, course):
        """Each waiting kernel imports what the week's notebooks import from the library (read from the source)."""
        assert grading.week_imports(course, WEEK) == []
        synthetic_root = course.parent / "sample"
        root, week = synthetic.build_course(synthetic_root, course)  # the toy week: no imports
        assert grading.week_imports(root, week) == []
        nb = a.read(root / "source" / week / "lesson.ipynb")
        nb.cells.append(a.code("import numpy as np\nfrom curriculum.capacity import traffic\n%matplotlib inline"))
        nbformat.write(nb, str(root / "source" / week / "lesson.ipynb"))
        assert grading.week_imports(root, week) == ["numpy", "curriculum.capacity"]


class TestSandboxOrNot:
    def test_sandboxed_and_plain_kernels_give_the_same_scores(self, course):
        """--no-sandbox (a plain kernel process) and the sandboxed kernel agree: only the box differs."""
        cohort = synthetic.make_cohort(course, WEEK, 2)
        synthetic.write_submissions(course, WEEK, cohort)
        boxed = grading.grade_week(course, WEEK, workers=2)
        plain = grading.grade_week(course, WEEK, workers=2, sandbox=False)
        assert [(r.student, r.score) for r in plain.results] == [(r.student, r.score) for r in boxed.results]
        assert cell_scores(course, "sqlite:///" + str(course / "gradebook.db")) == expected_scores(cohort)
        assert "bubblewrap" in boxed.sandbox and "no sandbox" in plain.sandbox
        log = (course / "cohort" / "grading-week1.csv").read_text()
        assert "no sandbox (--no-sandbox)" in log  # the run without it is on record


class TestFeedbackLeakCheck:
    def test_a_hidden_line_in_a_page_is_found(self, course, tmp_path):
        """The leak check can fail: a page quoting a hidden test line is reported, a clean page is not."""
        from curriculum.grading.feedback import check_feedback

        secrets = feedback.week_secrets(course, WEEK)
        assert secrets.hidden == [HIDDEN_LINE]
        assert "- 2 points: names a trade-off with a number" in secrets.mark_scheme
        leaky, clean = tmp_path / "leaky" / "assignment.html", tmp_path / "clean" / "assignment.html"
        for page, text in ((leaky, HIDDEN_LINE), (clean, "assert type(rate_per_s) is float")):
            page.parent.mkdir()
            page.write_text("<pre>" + html_lib.escape(text) + "\n</pre>")
        found = check_feedback(leaky.parent, secrets, {"assignment"})
        assert [(l.path, l.line, l.kind) for l in found] == [(leaky, HIDDEN_LINE, "hidden test")]
        assert check_feedback(clean.parent, secrets, {"assignment"}) == []

    def test_a_mark_scheme_line_or_a_stray_file_is_found(self, course, tmp_path):
        """The mark scheme and a file that is not a notebook's page are leaks too; a student's own line is not."""
        from curriculum.grading.feedback import check_feedback

        secrets = feedback.week_secrets(course, WEEK)
        folder = tmp_path / "fb"
        folder.mkdir()
        (folder / "assignment.html").write_text("<p>- 2 points: names a trade-off with a number</p>\n"
                                                "<pre><span>rate_per_s</span> = <span>10_000</span> / 180</pre>")
        (folder / "gradebook.db").write_text("copied by a student")
        kinds = sorted(l.kind for l in check_feedback(folder, secrets, {"assignment"}))
        assert kinds == ["mark scheme", "not a feedback page", "solution"]
        own = {"rate_per_s = 10_000 / 180"}  # the student wrote the solution line themselves
        assert sorted(l.kind for l in check_feedback(folder, secrets, {"assignment"}, own)) == [
            "mark scheme", "not a feedback page"]
