"""The course QA over the real course: every week, every check (the same as `curriculum qa`)."""

from __future__ import annotations

import pytest

from curriculum.course import qa
from curriculum.course.layout import Course
from tests.conftest import PROJECT_ROOT

WEEKS = Course(PROJECT_ROOT).weeks()


def _fail_with(findings):
    if findings:
        pytest.fail("\n".join(str(f) for f in findings), pytrace=False)


def test_course_has_its_weeks():
    """The course ships week1 onwards with no gaps, each with a lesson and an assignment."""
    assert WEEKS and WEEKS == [f"week{n}" for n in range(1, len(WEEKS) + 1)]
    for week in WEEKS:
        names = {p.name for p in Course(PROJECT_ROOT).source_notebooks(week)}
        assert {"lesson.ipynb", "assignment.ipynb"} <= names, week


@pytest.mark.slow
@pytest.mark.parametrize("week", WEEKS)
def test_release_is_what_nbgrader_generates(week):
    """QA 1: release/ has no drift from source/."""
    _fail_with(qa.check_release(PROJECT_ROOT, [week]))


@pytest.mark.parametrize("week", WEEKS)
def test_static_checks(week):
    """QA 5: no outputs, valid nbgrader metadata, descriptive unique grade ids, known fact keys."""
    _fail_with(qa.check_static(PROJECT_ROOT, [week]))


@pytest.mark.slow
@pytest.mark.parametrize("week", WEEKS)
def test_grading_solutions_blank_and_wrong_answers(week):
    """QA 2-4: solutions earn every point, blanks earn none, every planted wrong answer loses points."""
    _fail_with(qa.check_grading(PROJECT_ROOT, [week]))


@pytest.mark.slow
@pytest.mark.parametrize("week", WEEKS)
def test_lessons_run_top_to_bottom(week):
    """QA 6: each lesson runs on a fresh kernel without error."""
    _fail_with(qa.check_lessons(PROJECT_ROOT, [week]))
