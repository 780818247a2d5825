"""Progress over the six weeks: read from saved self-grade results, charted, and ticking the preparation checklist."""

from __future__ import annotations

import time

import nbformat
import pytest
from click.testing import CliRunner

from curriculum.course import authoring
from curriculum.cli import cli
from curriculum.course.progress import CHECKLIST, Passed, find_workspace, progress, show
from curriculum.course.selfgrade import selfgrade
from curriculum.course.selfgrade_results import NotebookReport, QuestionResult, SelfGradeResult, results_path
from curriculum.course.workspace import prepare_workspace
from tests.conftest import PROJECT_ROOT


def _q(grade_id, score, max_score=1.0, attempted=True, tags=(), title=None):
    return QuestionResult("assignment", grade_id, title or f"{grade_id}: a question", score, max_score, "auto",
                          attempted, "", tuple(tags))


def _save(workspace, week, questions, instructor=0.0):
    """Write results as selfgrade does, in my-work/<week>/feedback/selfgrade.json."""
    if instructor:
        questions = questions + [QuestionResult("assignment", "written", "Written", 0, instructor, "instructor", False)]
    result = SelfGradeResult(week, str(workspace), "2026-11-24T10:00:00+00:00", questions,
                             [NotebookReport("assignment", "graded")])
    path = results_path(workspace, week)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.to_json())


def _week_at(workspace, week, share, questions=10):
    """A week whose autograded questions earn ``share`` of the points (1 point each)."""
    passed = round(share * questions)
    _save(workspace, week, [_q(f"{week}_q{i}", 1.0 if i < passed else 0.0) for i in range(questions)])


def _ticked(report):
    return {item.key for item, ticked, _ in report.checklist if ticked}


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "my-work"
    for week in ("week1", "week2", "practice"):
        (folder / week).mkdir(parents=True)
    return folder


class TestWeeks:
    def test_each_of_six_weeks_has_a_line(self, workspace):
        """Graded, released-but-not-graded and not-yet-released weeks are told apart, weeks 1 to 6."""
        _save(workspace, "week1", [_q("a", 1), _q("b", 0), _q("c", 0, attempted=False), _q("d", 2, 4)], instructor=4)
        report = progress(workspace)
        assert [w.week for w in report.weeks] == [f"week{n}" for n in range(1, 7)]
        w1 = report.weeks[0]
        assert (w1.status, w1.questions, w1.attempted, w1.passed, w1.earned, w1.possible) == ("graded", 4, 3, 1, 3, 7)
        assert [w.status for w in report.weeks[1:]] == ["not graded yet"] + ["not released yet"] * 4

    def test_render_shows_counts_points_and_the_checklist(self, workspace):
        """The terminal view: attempted and passed of the questions, points with a percentage, six checklist items."""
        _save(workspace, "week1", [_q("a", 1), _q("b", 0), _q("c", 0, attempted=False), _q("d", 2, 4)])
        text = progress(workspace).render()
        assert "week1   graded 2026-11-24" in text and "3/4" in text and "1/4" in text and "3/7 (43%)" in text
        assert "week3   not released yet" in text
        assert text.count("  [ ] ") + text.count("  [x] ") == 6

    def test_more_weeks_than_six_are_shown(self, workspace):
        """A seventh week in the workspace gets its own line (the course may grow)."""
        (workspace / "week7").mkdir()
        assert progress(workspace).weeks[-1].week == "week7"

    def test_unreadable_results_are_reported_not_raised(self, workspace):
        """A damaged results file is shown as such; the other weeks still load."""
        _week_at(workspace, "week1", 1.0)
        results_path(workspace, "week2").parent.mkdir(parents=True)
        results_path(workspace, "week2").write_text("{broken")
        statuses = [w.status for w in progress(workspace).weeks]
        assert statuses[:2] == ["graded", "results unreadable"]

    def test_bad_week_count_names_the_parameter(self, workspace):
        """weeks must be a positive int."""
        with pytest.raises(ValueError, match="weeks must be an int >= 1"):
            progress(workspace, weeks=0)

    def test_reading_progress_is_quick(self, workspace, monkeypatch):
        """Six weeks of saved results are read once each and rendered; no grading is re-run.

        Counted work, not a stopwatch: exactly six results files are parsed and nothing that grades is
        called. The bound of 30 s only catches a hang; the time itself (a few milliseconds) is a figure in
        bench/bench_learner.py, which a loaded 2-core machine cannot make flaky.
        """
        import curriculum.course.progress as progress_module
        import curriculum.course.selfgrade as selfgrade_module
        from curriculum.course import nbgrader_driver

        for n in range(1, 7):
            _week_at(workspace, f"week{n}", 0.5, questions=40)
        parsed = []
        real_from_json = SelfGradeResult.from_json.__func__
        monkeypatch.setattr(progress_module.SelfGradeResult, "from_json",
                            classmethod(lambda cls, text: parsed.append(1) or real_from_json(cls, text)))

        def no_grading(*args, **kwargs):
            raise AssertionError("progress must read saved results, not grade")

        monkeypatch.setattr(selfgrade_module, "selfgrade", no_grading)
        monkeypatch.setattr(nbgrader_driver, "make_api", no_grading)
        monkeypatch.setattr(nbgrader_driver, "ScratchCourse", no_grading)
        started = time.perf_counter()
        text = progress(workspace).render()
        assert time.perf_counter() - started < 30
        assert len(parsed) == 6
        assert "20/40" in text or "20 of 40" in text


class TestChecklist:
    def test_items_are_the_interview_guides(self):
        """The six items of the guide's preparation checklist, in its order."""
        assert [item.text for item in CHECKLIST] == [
            "Clarify requirements before designing", "Map your 3-layer approach",
            "Practice Twilio-specific scenarios", "Rehearse TED for each component",
            "Review Twilio's stack", "Depth in 2-3 deep-dive areas"]

    def test_named_questions_exist_in_the_course(self):
        """Every question a checklist item names is a graded question of that week's source notebooks."""
        for item in CHECKLIST:
            for rule in item.rules:
                for week, grade_id in getattr(rule, "questions", ()):
                    ids = {c.grade_id for p in sorted((PROJECT_ROOT / "source" / week).glob("*.ipynb"))
                           for c in authoring.graded_cells(authoring.read(p)) if c.points > 0}
                    assert grade_id in ids, (item.key, week, grade_id)

    def test_clarify_is_ticked_by_the_clarifying_question(self, workspace):
        """Week 1's clarifying-question answer ticks 'Clarify requirements'; missing it leaves the box empty."""
        _save(workspace, "week1", [_q("opening_is_a_real_clarifying_question", 0, title="Q9: the opening")])
        report = progress(workspace)
        assert "clarify" not in _ticked(report)
        assert "week 1, Q9: the opening: not passed yet" in report.render()
        _save(workspace, "week1", [_q("opening_is_a_real_clarifying_question", 1, title="Q9: the opening")])
        assert "clarify" in _ticked(progress(workspace))

    def test_three_layers_needs_a_design_answer_at_full_marks(self, workspace):
        """A rubric-graded design answer at 4/4 ticks 'Map your 3-layer approach'; 3/4 does not."""
        _save(workspace, "week1", [_q("reminder_design_rubric", 3, 4, tags=("design",))])
        assert "three_layers" not in _ticked(progress(workspace))
        _save(workspace, "week1", [_q("reminder_design_rubric", 4, 4, tags=("design",))])
        assert "three_layers" in _ticked(progress(workspace))

    def test_ted_needs_the_ted_question_and_design_answers_in_two_weeks(self, workspace):
        """'Rehearse TED' wants week 1's TED question and full-marks design answers in two different weeks."""
        _save(workspace, "week1", [_q("ted_decide_names_the_alternative", 1), _q("d1", 4, 4, tags=("design",))])
        assert "ted" not in _ticked(progress(workspace))
        _save(workspace, "week2", [_q("d2", 4, 4, tags=("design",))])
        assert "ted" in _ticked(progress(workspace))

    def test_stack_needs_three_facts_questions(self, workspace):
        """Three passed questions on Twilio platform facts tick 'Review Twilio's stack'; two do not."""
        _save(workspace, "week1", [_q(f"f{i}", 1, tags=("facts",)) for i in range(2)] + [_q("f2", 0, tags=("facts",))])
        assert "stack" not in _ticked(progress(workspace))
        _save(workspace, "week1", [_q(f"f{i}", 1, tags=("facts",)) for i in range(3)])
        assert "stack" in _ticked(progress(workspace))

    def test_scenarios_need_three_weeks_at_80_percent(self, workspace):
        """Three weeks at 80 % or more tick 'Practice Twilio-specific scenarios'; 70 % in the third does not."""
        _week_at(workspace, "week1", 0.8)
        _week_at(workspace, "week2", 1.0)
        _week_at(workspace, "week3", 0.7)
        assert "scenarios" not in _ticked(progress(workspace))
        _week_at(workspace, "week3", 0.9)
        assert "scenarios" in _ticked(progress(workspace))

    def test_deep_dive_counts_weeks_two_to_six_only(self, workspace):
        """Depth needs two weeks from week 2 on at 90 %: week 1 at 100 % does not count."""
        _week_at(workspace, "week1", 1.0)
        _week_at(workspace, "week2", 0.9)
        assert "deep_dive" not in _ticked(progress(workspace))
        _week_at(workspace, "week4", 1.0)
        assert "deep_dive" in _ticked(progress(workspace))

    def test_nothing_is_ticked_before_any_self_grade(self, workspace):
        """An empty workspace ticks nothing and says how to start."""
        report = progress(workspace)
        assert _ticked(report) == set()
        assert "curriculum selfgrade week1" in report.render()

    def test_passed_rule_reports_questions_not_yet_graded(self):
        """A named question with no results yet says so rather than failing silently."""
        met, note = Passed((("week2", "x"),)).evaluate({})
        assert not met and note == "self-grade week 2 to check this"  # plain words, no grade id


class TestViews:
    def test_chart_has_a_bar_per_week_at_the_earned_share(self, workspace):
        """The chart's points bars stand at each week's earned share (50 % for week 1), zero for other weeks."""
        _week_at(workspace, "week1", 0.5)
        fig = progress(workspace).figure()
        ax = fig.axes[0]
        points = [b for b in ax.patches if b.get_width() == pytest.approx(0.5)]
        assert [round(b.get_height()) for b in points] == [50, 0, 0, 0, 0, 0]
        assert [t.get_text() for t in ax.get_xticklabels()] == [f"week{n}" for n in range(1, 7)]

    def test_cli_prints_progress_and_saves_the_chart(self, workspace, tmp_path):
        """`curriculum progress` prints the table and checklist and writes the chart as a PNG."""
        _week_at(workspace, "week1", 0.5)
        chart = tmp_path / "chart.png"
        out = CliRunner().invoke(cli, ["progress", "--root", str(PROJECT_ROOT), "--workspace", str(workspace),
                                       "--chart", str(chart)])
        assert out.exit_code == 0, out.output
        assert "5/10 (50%)" in out.output and "Preparation checklist" in out.output
        assert f"Chart: {chart}" in out.output and chart.read_bytes()[:4] == b"\x89PNG"

    def test_show_in_a_notebook_displays_table_checklist_and_chart(self, workspace, monkeypatch):
        """show() displays the HTML table with the checklist, then the chart as an image."""
        import IPython.display

        shown = []
        monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
        _week_at(workspace, "week1", 0.5)
        show(workspace)
        assert "course-progress" in shown[0].data and "☐ <b>Review Twilio&#x27;s stack" in shown[0].data
        assert shown[1].data[:4] == b"\x89PNG"

    def test_workspace_is_found_from_a_week_folder(self, workspace, monkeypatch):
        """A notebook runs in my-work/week1/ or my-work/practice/; show() finds my-work from there."""
        assert find_workspace(workspace / "week1") == workspace.resolve()
        monkeypatch.chdir(workspace / "practice")
        assert find_workspace() == workspace.resolve()


@pytest.mark.xdist_group("selfgrade")
@pytest.mark.slow   # self-grades with nbgrader
class TestEndToEnd:
    def test_selfgrade_then_progress_shows_the_change(self, toy_course, tmp_path):
        """Answering a question and self-grading again moves week 1 from 0/2 to 2/2 points in progress."""
        workspace = tmp_path / "my-work"
        prepare_workspace(toy_course, workspace)
        selfgrade(toy_course, "week1", workspace, private_dir=tmp_path / "private")
        assert "0/2 (0%)" in progress(workspace).render()
        path = workspace / "week1" / "assignment.ipynb"
        nb = nbformat.read(str(path), as_version=4)
        next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer").source = \
            "rate_per_s = 10_000 / 180"
        nbformat.write(nb, str(path))
        selfgrade(toy_course, "week1", workspace, private_dir=tmp_path / "private")
        week1 = progress(workspace).weeks[0]
        assert (week1.attempted, week1.passed, week1.earned, week1.possible) == (1, 1, 2, 2)
