"""What to practise next: missed skills come back after 1, 3, 7 and 14 days, from the learner's local history."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from curriculum.course import review
from curriculum.course.progress import progress
from curriculum.course.review import Event, due, schedule
from curriculum.course.selfgrade_results import NotebookReport, QuestionResult, SelfGradeResult, results_path


def day(n: int) -> str:
    """Day n of December 2026 as an ISO date."""
    return dt.date(2026, 12, n).isoformat()


def ev(n: int, passed: bool, skill: str = "erlang_b") -> Event:
    return Event(day(n), skill, "Erlang B sizing", "drill", passed)


class TestSchedule:
    def test_reviews_come_back_after_1_3_7_and_14_days(self):
        """Missed on 1 Dec: due 2 Dec; passed then -> due 5 Dec (+3); passed -> 12 Dec (+7); passed -> 26 Dec (+14)."""
        history = [ev(1, False)]
        assert [(r.due.day, r.step) for r in schedule(history)] == [(2, 0)]
        history.append(ev(2, True))
        assert [(r.due.day, r.step) for r in schedule(history)] == [(5, 1)]
        history.append(ev(5, True))
        assert [(r.due.day, r.step) for r in schedule(history)] == [(12, 2)]
        history.append(ev(12, True))
        assert [(r.due.day, r.step) for r in schedule(history)] == [(26, 3)]
        history.append(ev(26, True))
        assert schedule(history) == []  # the 14-day review passed: done

    def test_a_pass_before_the_due_day_does_not_move_it_and_a_miss_starts_again(self):
        history = [ev(1, False), ev(1, True)]  # right again the same day: still due on 2 Dec
        assert [r.due.day for r in schedule(history)] == [2]
        history += [ev(2, True), ev(5, False)]  # missed at the 3-day review: back to 1 day
        assert [(r.due.day, r.step, r.missed_on.day) for r in schedule(history)] == [(6, 0, 5)]

    def test_due_lists_today_and_overdue_only(self):
        history = [ev(1, False), ev(3, False, skill="sms")]
        assert [r.skill for r in due(history, dt.date(2026, 12, 2))] == ["erlang_b"]
        assert [r.skill for r in due(history, dt.date(2026, 12, 9))] == ["erlang_b", "sms"]
        assert due([ev(1, True)], dt.date(2026, 12, 9)) == []  # never missed: never scheduled


def _save(workspace, questions, week="week2"):
    result = SelfGradeResult(week, str(workspace), "2026-12-01T10:00:00+00:00", questions,
                             [NotebookReport("assignment", "graded")])
    path = results_path(workspace, week)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.to_json())


class TestFromSelfGrades:
    def test_misses_and_partial_credit_are_scheduled_under_plain_names(self, tmp_path):
        """A missed Erlang question is the drill skill 'Erlang B sizing'; a partly right design answer is its title."""
        workspace = tmp_path / "my-work"
        (workspace / "week2").mkdir(parents=True)
        _save(workspace, [
            QuestionResult("assignment", "trunks_for_one_percent_blocking", "Q1: trunks for 10,000 Erlangs", 0, 1,
                           "auto", True),
            QuestionResult("assignment", "design_rubric", "Part F: the three-layer answer", 3.72, 4, "auto", True),
            QuestionResult("assignment", "ok", "Q3: a question answered right", 1, 1, "auto", True),
            QuestionResult("assignment", "todo", "Q4: not answered", 0, 1, "auto", False),
        ])
        assert review.sync_selfgrades(workspace) == 3  # the unanswered one is not a miss
        assert review.sync_selfgrades(workspace) == 0  # a self-grade is recorded once
        titles = [r.title for r in schedule(review.load(workspace))]
        assert titles == ["Erlang B sizing", "Part F: the three-layer answer"]
        assert review.history_path(workspace).is_relative_to(workspace)  # kept in the learner's own folder

    def test_progress_prints_what_to_practise_next_in_plain_words(self, tmp_path):
        workspace = tmp_path / "my-work"
        (workspace / "week2").mkdir(parents=True)
        _save(workspace, [QuestionResult("assignment", "trunks_for_one_percent_blocking",
                                         "Q1: trunks for 10,000 Erlangs", 0, 1, "auto", True)])
        text = progress(workspace).render()
        assert "What to practise next" in text
        assert "Erlang B sizing (a practice drill): missed on 1 Dec" in text
        assert "trunks_for_one_percent_blocking" not in text and "week(s)" not in text
        assert "opening_is_a_real_clarifying_question" not in text


class TestDrills:
    def test_a_drill_answer_is_recorded_only_in_a_workspace_practice_folder(self, tmp_path, monkeypatch):
        from curriculum.widgets import drills

        workspace = tmp_path / "my-work"
        (workspace / "week1").mkdir(parents=True)
        (workspace / "practice").mkdir()
        monkeypatch.chdir(workspace / "practice")
        widget = drills.drill("littles_law", seed=3)
        widget.answer_box.value = "-1"
        widget.check_button.click()
        widget.check_button.click()  # a second answer to the same problem does not count again
        events = review.load(workspace)
        assert [(e.skill, e.passed, e.source) for e in events] == [("littles_law", False, "drill")]
        monkeypatch.chdir(tmp_path)  # anywhere else (the tests, a script): nothing is written
        drills.drill("littles_law", seed=3).check_button.click()
        assert len(review.load(workspace)) == 1
        assert not (tmp_path / ".course").exists()


@pytest.mark.parametrize("name", ["review.py"])
def test_review_imports_no_network_module(name):
    """Nothing leaves the laptop: the review module imports no HTTP or socket library."""
    source = open(os.path.join(os.path.dirname(review.__file__), name), encoding="utf-8").read()
    for module in ("urllib", "requests", "http.client", "socket", "httpx"):
        assert f"import {module}" not in source and f"from {module}" not in source


class TestPracticeCell:
    def test_review_drills_shows_todays_drills_or_says_none_is_due(self, tmp_path, monkeypatch):
        """The practice notebook's first cell: a drill per skill due today, else one line saying nothing is due."""
        import IPython.display

        from curriculum.widgets import drills

        shown = []
        monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
        workspace = tmp_path / "my-work"
        (workspace / "week1").mkdir(parents=True)
        review.review_drills(workspace, today=dt.date(2026, 12, 2))
        assert "Nothing to review today" in shown[0].data
        shown.clear()
        review.record(workspace, [ev(1, False), Event(day(1), "week2:q8", "Q8: which calls the CPS limit paces",
                                                      "selfgrade", False)])
        review.review_drills(workspace, today=dt.date(2026, 12, 2))
        assert "Today's review drills" in shown[0].data
        assert isinstance(shown[1], drills.DrillWidget) and shown[1].session.skill == "erlang_b"
        assert "Q8: which calls the CPS limit paces" in shown[2].data
