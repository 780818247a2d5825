"""Self-grading: the learner's own notebooks, graded privately with the hidden tests, never changed, never leaking tests."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import nbformat
import pytest
from click.testing import CliRunner

from curriculum.course import authoring as a
from curriculum.cli import cli
from curriculum.course.selfgrade import SelfGradeResult, _questions_of, results_path, selfgrade
from curriculum.course.workspace import prepare_workspace
from tests.conftest import PROJECT_ROOT

pytestmark = [pytest.mark.xdist_group("selfgrade"), pytest.mark.slow]  # one worker: the module shares its gradings

TOY_HIDDEN_LINE = "abs(rate_per_s - 10_000 / 180)"


@pytest.fixture
def learner(toy_course, tmp_path):
    """The toy course with a learner workspace made by `curriculum workspace`, and a private grading folder."""
    workspace = tmp_path / "my-work"
    prepare_workspace(toy_course, workspace)
    return toy_course, workspace, tmp_path / "private"


def _notebook(workspace):
    return workspace / "week1" / "assignment.ipynb"


def _edit(path, change):
    nb = nbformat.read(str(path), as_version=4)
    change(nb)
    nbformat.write(nb, str(path))


def _answer(source):
    def change(nb):
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer")
        cell.source = source
    return change


def _grade(learner_, **kwargs):
    return _grade_week(learner_, "week1", **kwargs)


def _grade_week(learner_, week, **kwargs):
    root, workspace, private = learner_
    return selfgrade(root, week, workspace, private_dir=private, **kwargs)


@pytest.fixture(scope="module")
def graded(toy_course_template, tmp_path_factory):
    """Three learners of the toy course, each graded once for the whole module: untouched, right, wrong."""
    out = {}
    for kind, source in (("blank", None), ("right", "rate_per_s = 10_000 / 180"), ("wrong", "rate_per_s = 10_000 / 3")):
        base = tmp_path_factory.mktemp(kind)
        shutil.copytree(toy_course_template, base / "course")
        prepare_workspace(base / "course", base / "my-work")
        if source:
            _edit(_notebook(base / "my-work"), _answer(source))
        triple = (base / "course", base / "my-work", base / "private")
        out[kind] = (_grade(triple), *triple)
    return out


def _html_text(path) -> str:
    """What a reader sees in an HTML file: tags removed, entities decoded (so highlighted code reads as text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def _question(result, grade_id):
    return next(q for q in result.questions if q.grade_id == grade_id)


class TestScores:
    def test_untouched_notebook_scores_zero_and_says_not_answered(self, graded):
        """A fresh workspace notebook: 0 of 2 points, the question is 'todo' and 'not answered yet'."""
        result = graded["blank"][0]
        q = _question(result, "rate_littles_law")
        assert (q.score, q.max_score, q.attempted, q.passed) == (0, 2, False, False)
        assert q.message == "not answered yet"
        assert "todo    0/2   Arrival rate from Little's law, calls per second\n" in result.render()

    def test_right_answer_scores_per_question_and_per_week(self, graded):
        """A right answer earns the question's 2 points; the terminal shows the question and the week's score."""
        result = graded["right"][0]
        assert _question(result, "rate_littles_law").passed
        text = result.render()
        assert "pass    2/2   Arrival rate from Little's law, calls per second" in text
        assert "week1: 2 of 2 autograded points (100%); 1 of 1 questions attempted, 1 passed." in text

    def test_wrong_answer_shows_the_checks_message(self, graded):
        """A wrong answer loses the points and shows the check's own message for the learner."""
        q = _question(graded["wrong"][0], "rate_littles_law")
        assert (q.score, q.attempted, q.message) == (0, True, "rate_per_s is off")
        assert "miss    0/2" in graded["wrong"][0].render()

    def test_written_answers_are_listed_for_the_instructor_not_scored(self, graded):
        """The hand-graded task appears with its points, marked as not self-graded, outside the autograded total."""
        result = graded["blank"][0]
        task = _question(result, "toy_design_narrative")
        assert task.graded_by == "instructor" and task.max_score == 3
        assert result.possible == 2 and result.instructor_points == 3
        assert "(not self-graded)" in result.render()

    def test_feedback_html_and_results_json_are_written_beside_the_work(self, graded):
        """nbgrader's feedback lands in my-work/week1/feedback/, with the results JSON progress reads."""
        result, _, workspace, _ = graded["right"]
        feedback = workspace / "week1" / "feedback" / "assignment.html"
        assert result.notebooks[0].feedback_html == str(feedback)
        assert "Arrival rate from Little" in _html_text(feedback)
        saved = SelfGradeResult.from_json(results_path(workspace, "week1").read_text())
        assert saved.earned == 2 and saved.possible == 2 and saved.week == "week1"
        assert json.loads(results_path(workspace, "week1").read_text())["totals"]["passed"] == 1

    def test_learner_notebook_is_never_modified(self, graded, tmp_path):
        """Grading again leaves the notebook's bytes and modification time exactly as they were."""
        _, root, workspace, private = graded["right"]
        path = _notebook(workspace)
        before = path.read_bytes(), path.stat().st_mtime_ns
        again = selfgrade(root, "week1", workspace, private_dir=private)  # reuses the generated week
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        assert again.earned == 2

    def test_private_course_follows_changes_to_the_source(self, learner):
        """The generated week is reused between runs, but a changed test in source/ is picked up at once."""
        root, workspace, _ = learner
        _edit(_notebook(workspace), _answer("rate_per_s = 10_000 / 180"))
        assert _grade(learner).earned == 2

        def stricter(nb):
            cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_littles_law")
            cell.source = cell.source.replace("< 0.5, 'rate_per_s is off'", "< 0, 'now stricter'")
        _edit(root / "source" / "week1" / "assignment.ipynb", stricter)
        q = _question(_grade(learner), "rate_littles_law")
        assert (q.score, q.message) == (0, "now stricter")

    def test_unknown_week_is_a_clear_error(self, learner):
        """A week that is not in the course is a ValueError naming the weeks there are."""
        with pytest.raises(ValueError, match="week must be one of week1; got 'week3'"):
            _grade_week(learner, "week3")


def _page(path) -> str:
    """The feedback page's text as a reader sees it (no style sheets), runs of white space made single spaces."""
    raw = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", path.read_text(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", raw)).split())


class TestFeedbackPageReads:
    """The feedback page a learner opens: question titles, the same score as the terminal, no tracebacks."""

    def test_page_names_questions_and_agrees_with_the_terminal(self, graded):
        """The summary line reads 'Autograded so far: 2 of 2 points' as `selfgrade` does, and the written
        task waits 'for your instructor' instead of showing 0 of 3."""
        result, _, workspace, _ = graded["right"]
        page = _page(workspace / "week1" / "feedback" / "assignment.html")
        assert "Week 1 · assignment: your feedback" in page
        assert f"Autograded so far: {result.earned:g} of {result.possible:g} points (100%)." in page
        assert "3 more points are graded by your instructor." in page
        assert "Arrival rate from Little's law, calls per second — passed: 2 of 2 points" in page
        assert "for your instructor (3 points)" in page
        assert "Your answer to Arrival rate from Little's law, calls per second" in page  # the answer cell's title
        assert "Test cell" not in page and "Score: 2.0 / 5.0" not in page and "0.0 / 3.0" not in page

    def test_a_miss_is_one_line_in_the_learners_words(self, graded):
        """A wrong answer's check shows its own message, no Python traceback, and the question reads 'not passed yet'."""
        page = _page(graded["wrong"][2] / "week1" / "feedback" / "assignment.html")
        assert "rate_per_s is off" in page
        assert "not passed yet: 0 of 2 points" in page
        assert "Traceback" not in page and "most recent call last" not in page

    def test_an_untouched_answer_says_not_answered_without_a_traceback(self, graded):
        """The blank notebook's answer cell raised NotImplementedError: the page says what to do, in one line."""
        page = _page(graded["blank"][2] / "week1" / "feedback" / "assignment.html")
        assert "Not answered yet: this cell still raises NotImplementedError." in page
        assert "Traceback" not in page and "Cell In[" not in page
        assert "Autograded so far: 0 of 2 points (0%)." in page

    def test_long_outputs_wrap_inside_their_box(self, graded):
        """The page's styles wrap long hint lines (the learner saw them run off the box)."""
        raw = (graded["wrong"][2] / "week1" / "feedback" / "assignment.html").read_text()
        assert "white-space: pre-wrap" in raw


class TestHiddenTestsStayHidden:
    def test_neither_terminal_nor_html_shows_hidden_test_code(self, graded):
        """With a wrong answer, the hidden assert's code is in neither the report nor the feedback HTML."""
        result, _, workspace, private = graded["wrong"]
        autograded = (private / "autograded" / "me" / "week1" / "assignment.ipynb").read_text()
        assert TOY_HIDDEN_LINE in autograded, "the grader must have run the hidden test (else this proves nothing)"
        seen = _html_text(workspace / "week1" / "feedback" / "assignment.html")
        for shown in (result.render(), seen, result.to_json()):
            assert TOY_HIDDEN_LINE not in shown
            assert "BEGIN HIDDEN TESTS" not in shown
        assert "hidden tests ran here" in seen

    @pytest.mark.slow
    def test_real_week1_feedback_and_report_leak_no_hidden_line(self, tmp_path):
        """Week 1 of the real course, half answered: no line unique to a hidden test appears in what is shown."""
        workspace = tmp_path / "my-work"
        prepare_workspace(PROJECT_ROOT, workspace)
        path = workspace / "week1" / "assignment.ipynb"
        answers = {"arrival_rate_answer": "arrival_rate_per_s = 10_000 / 180",  # an old hold time, not the stated 60 s
                   "traffic_erlangs_answer": "traffic_erlangs = 480",
                   "best_opening_answer": "best_opening = 'A'"}

        def answer(nb):
            for cell in nb.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if gid in answers:
                    cell.source = answers[gid]
        _edit(path, answer)
        result = selfgrade(PROJECT_ROOT, "week1", workspace, private_dir=tmp_path / "private")
        assert _question(result, "traffic_erlangs_from_busy_hour").passed
        assert "2-3x too low" in _question(result, "arrival_rate_littles_law").message

        release_text = (PROJECT_ROOT / "release/week1/assignment.ipynb").read_text()
        release_sources = "\n".join("".join(c["source"]) for c in json.loads(release_text)["cells"])
        hidden = []
        for cell in a.read(PROJECT_ROOT / "source/week1/assignment.ipynb").cells:
            inside = False
            for line in cell.source.split("\n"):
                if "BEGIN HIDDEN TESTS" in line:
                    inside = True
                elif "END HIDDEN TESTS" in line:
                    inside = False
                elif inside and len(line.strip()) >= 20 and line.strip() not in release_sources:
                    hidden.append(line.strip())
        assert len(hidden) >= 10
        seen = _html_text(workspace / "week1" / "feedback" / "assignment.html")
        assert "check_number(\"arrival_rate_per_s\", arrival_rate_per_s" in seen  # visible code does show
        for shown in (result.render(), seen):
            leaked = [line for line in hidden if line in shown]
            assert not leaked, leaked


class TestBrokenNotebooks:
    def _fingerprint(self, path):
        return path.read_bytes(), path.stat().st_mtime_ns

    def test_invalid_json_gets_a_clear_message_and_zero(self, learner):
        """A notebook that is not JSON: no crash, status 'unreadable', a recovery hint, 0 of its points."""
        path = _notebook(learner[1])
        path.write_text('{"cells": [}')
        before = self._fingerprint(path)
        result = _grade(learner)
        report = result.notebooks[0]
        assert report.status == "unreadable"
        assert "is not valid notebook JSON (line 1, column 12" in report.problems[0]
        assert ".ipynb_checkpoints" in report.problems[0] and "release/week1/assignment.ipynb" in report.problems[0]
        assert (result.earned, result.possible) == (0, 2)
        assert "[unreadable]" in result.render()
        assert self._fingerprint(path) == before

    def test_deleted_test_cell_is_put_back_to_score_the_answer(self, learner):
        """The learner deleted the check cell: the private copy gets it back, the answer still earns its points."""
        path = _notebook(learner[1])
        _edit(path, _answer("rate_per_s = 10_000 / 180"))
        _edit(path, lambda nb: nb.cells.__setitem__(slice(None), [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "rate_littles_law"]))
        before = self._fingerprint(path)
        result = _grade(learner)
        assert _question(result, "rate_littles_law").score == 2
        assert any("the graded cell 'Arrival rate from Little's law, calls per second' was deleted; the grader put "
                   "it back in its own copy" in problem for problem in result.notebooks[0].problems), \
            result.notebooks[0].problems
        assert self._fingerprint(path) == before

    def test_deleted_answer_cell_is_named(self, learner):
        """Without its answer cell, the question scores 0 and the message says the answer cell was deleted."""
        path = _notebook(learner[1])
        _edit(path, lambda nb: nb.cells.__setitem__(slice(None), [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "rate_answer"]))
        q = _question(_grade(learner), "rate_littles_law")
        assert q.score == 0 and "answer cell (the one just above its check) was deleted" in q.message
        assert "rate_answer" not in q.message  # the learner sees no internal grade ids

    def test_endless_loop_is_stopped_and_the_rest_is_scored(self, learner):
        """A cell that never ends is stopped at the timeout; the answer after it is still graded."""
        path = _notebook(learner[1])

        def loop_then_answer(nb):
            _answer("rate_per_s = 10_000 / 180")(nb)
            index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer")
            nb.cells.insert(index, a.code("while True:\n    pass"))
        _edit(path, loop_then_answer)
        before = self._fingerprint(path)
        result = _grade(learner, timeout_s=2)
        assert _question(result, "rate_littles_law").score == 2
        assert any("stopped after 2 s without finishing" in p for p in result.notebooks[0].problems)
        assert self._fingerprint(path) == before

    def test_endless_loop_in_the_answer_cell_is_named(self, learner):
        """An answer cell that never ends scores 0 with a message saying it was stopped."""
        _edit(_notebook(learner[1]), _answer("while True:\n    pass"))
        q = _question(_grade(learner, timeout_s=2), "rate_littles_law")
        assert q.score == 0 and q.message.startswith("your answer cell was stopped after 2 s")

    def test_missing_notebook_is_reported_not_raised(self, learner):
        """No notebook in the workspace: status 'missing' and the command that brings it, 0 points."""
        _notebook(learner[1]).unlink()
        result = _grade(learner)
        assert result.notebooks[0].status == "missing" and "curriculum workspace" in result.notebooks[0].problems[0]
        assert result.earned == 0 and result.possible == 2

    def test_timeout_must_be_positive(self, learner):
        """timeout_s names itself when it is not a positive number of seconds."""
        with pytest.raises(ValueError, match="timeout_s must be > 0 seconds"):
            _grade(learner, timeout_s=0)


class TestQuestionsOfRealWeek1:
    def test_tags_say_which_questions_use_facts_and_the_design_rubric(self):
        """From the private test code: Q1-Q3, Q5, Q6 and Q10 read facts or a prompt's assumptions; Part E is the design rubric."""
        release = a.read(PROJECT_ROOT / "release/week1/assignment.ipynb")
        source = a.read(PROJECT_ROOT / "source/week1/assignment.ipynb")
        tags = {q["grade_id"]: q["tags"] for q in _questions_of(release, source)}
        assert {g for g, t in tags.items() if "facts" in t} == {
            "arrival_rate_littles_law", "start_time_at_default_cps", "cps_limit_rounded_up",
            "peak_callbacks_per_second", "callbacks_in_flight_littles_law", "extra_answered_reminders_from_attestation"}
        assert {g for g, t in tags.items() if "design" in t} == {"reminder_design_rubric"}


class TestCli:
    def test_selfgrade_command_prints_the_report(self, learner):
        """`curriculum selfgrade week1` prints each question's score and the week's total."""
        root, workspace, _ = learner
        _edit(_notebook(workspace), _answer("rate_per_s = 10_000 / 180"))
        out = CliRunner().invoke(cli, ["selfgrade", "week1", "--root", str(root), "--workspace", str(workspace)])
        assert out.exit_code == 0, out.output
        assert "pass    2/2" in out.output and "week1: 2 of 2 autograded points" in out.output
        assert (root / ".selfgrade" / ".gitignore").read_text().strip().endswith("*")

    def test_unknown_week_is_a_usage_error(self, learner):
        """A week not in the course exits 2 and names the valid weeks."""
        root, workspace, _ = learner
        out = CliRunner().invoke(cli, ["selfgrade", "week9", "--root", str(root), "--workspace", str(workspace)])
        assert out.exit_code == 2 and "week must be one of week1" in out.output

    def test_private_folder_is_ignored_by_git(self):
        """The course repository's .gitignore keeps .selfgrade/ (hidden tests, grades) out of git."""
        out = subprocess.run(["git", "check-ignore", "-q", ".selfgrade/gradebook.db"], cwd=PROJECT_ROOT, check=False)
        assert out.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("state", ["blank", "solved"])
def test_a_self_graded_week_writes_no_mark_scheme_or_hidden_test_anywhere(tmp_path, state):
    """Self-grade a blank and a solved week 1: no file written for the learner holds instructor-only text."""
    from curriculum.cohort.feedback import week_secrets

    workspace = tmp_path / "my-work"
    prepare_workspace(PROJECT_ROOT, workspace)
    if state == "solved":
        shutil.copyfile(PROJECT_ROOT / "source/week1/assignment.ipynb", workspace / "week1/assignment.ipynb")
    result = selfgrade(PROJECT_ROOT, "week1", workspace, private_dir=tmp_path / "private")
    assert (result.earned == result.possible) if state == "solved" else result.earned == 0
    secrets = week_secrets(PROJECT_ROOT, "week1")
    assert secrets.hidden and secrets.mark_scheme
    written = [p for p in (workspace / "week1" / "feedback").rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in written)
    for path in written:
        text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(errors="replace")))
        lines = {line.strip() for line in text.splitlines()}
        assert "BEGIN MARK SCHEME" not in text and "BEGIN HIDDEN TESTS" not in text, path
        assert not [line for line in secrets.hidden + secrets.mark_scheme if line in lines], path
