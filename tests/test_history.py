"""The learner's attempt history (curriculum/feedback/history.py): what the review schedule reads back."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from curriculum.feedback import history
from curriculum.feedback.history import Event, history_path, load, record, record_drill


def test_the_history_lives_in_the_workspace_course_folder(tmp_path):
    assert history_path(tmp_path) == tmp_path / ".course" / "history.jsonl"


def test_no_history_yet_reads_as_empty_and_writes_nothing(tmp_path):
    assert load(tmp_path) == []
    record(tmp_path, [])
    assert not (tmp_path / ".course").exists()


def test_events_are_appended_one_json_line_each_and_read_back_in_order(tmp_path):
    first = Event("2026-12-01", "erlang_b", "Erlang B sizing", "drill", False)
    second = Event("2026-12-02", "segments", "SMS segments — UCS-2", "selfgrade", True, stamp="week4 10:00")
    record(tmp_path, [first])
    record(tmp_path, [second])
    lines = history_path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1]) == {"day": "2026-12-02", "skill": "segments", "title": "SMS segments — UCS-2",
                                    "source": "selfgrade", "passed": True, "stamp": "week4 10:00"}
    assert "—" in lines[1]  # written as the learner typed it, not as \u escapes
    assert load(tmp_path) == [first, second]


def test_a_history_in_a_workspace_not_made_yet_is_made_with_it(tmp_path):
    workspace = tmp_path / "cohort" / "my-work"
    record(workspace, [Event("2026-12-04", "sms", "Segments", "drill", True)])
    assert load(workspace) == [Event("2026-12-04", "sms", "Segments", "drill", True)]


def test_lines_that_cannot_be_read_are_skipped_not_fatal(tmp_path):
    record(tmp_path, [Event("2026-12-01", "a", "A", "drill", True)])
    with history_path(tmp_path).open("a", encoding="utf-8") as out:
        out.write("not json\n")
        out.write('{"day": "2026-12-02", "unknown_field": 1}\n')
        out.write('["a list"]\n')
    record(tmp_path, [Event("2026-12-03", "b", "B", "drill", False)])
    assert [e.skill for e in load(tmp_path)] == ["a", "b"]


def test_a_drill_records_its_day_skill_title_and_a_true_boolean(tmp_path):
    record_drill(tmp_path, "erlang_b", "Erlang B sizing", 1, day=dt.date(2026, 12, 4))
    record_drill(tmp_path, "erlang_b", "Erlang B sizing", 0, day=dt.date(2026, 12, 5))
    events = load(tmp_path)
    assert events == [Event("2026-12-04", "erlang_b", "Erlang B sizing", "drill", True),
                      Event("2026-12-05", "erlang_b", "Erlang B sizing", "drill", False)]
    assert all(type(e.passed) is bool for e in events)


def test_a_drill_without_a_day_is_dated_today(tmp_path):
    record_drill(tmp_path, "latency", "Latency budget", True)
    assert load(tmp_path)[0].day == dt.date.today().isoformat()


def test_the_module_cannot_be_rebound_by_a_notebook():
    with pytest.raises(AttributeError):
        history.record = lambda *a: None
