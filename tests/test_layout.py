"""Tests for curriculum.course.layout: which folders are released, and which notebooks count as lessons."""

from pathlib import Path

import pytest

from curriculum.course.layout import Course, is_lesson


def make_course(tmp_path, folders):
    """A minimal course folder with the given source/ sub-folders."""
    (tmp_path / "nbgrader_config.py").write_text("")
    for name in folders:
        (tmp_path / "source" / name).mkdir(parents=True)
    return Course(tmp_path)


class TestAssignments:
    def test_weeks_then_practice_then_glossary(self, tmp_path):
        """Weeks in week order, then the ungraded practice and glossary folders."""
        course = make_course(tmp_path, ["glossary", "week10", "practice", "week2", "notes"])
        assert course.assignments() == ["week2", "week10", "practice", "glossary"]

    def test_glossary_only_when_its_folder_exists(self, tmp_path):
        """No source/glossary/, no glossary assignment."""
        assert make_course(tmp_path, ["week1"]).assignments() == ["week1"]

    def test_glossary_is_a_valid_assignment_name(self, tmp_path):
        """`curriculum release glossary` and `curriculum qa --week glossary` accept it."""
        course = make_course(tmp_path, ["week1", "glossary"])
        assert course.require_assignment("glossary") == "glossary"
        with pytest.raises(ValueError, match="week1, glossary"):
            course.require_assignment("glosary")

    def test_glossary_is_not_a_graded_week(self, tmp_path):
        """weeks() (what is graded) never lists the glossary."""
        assert make_course(tmp_path, ["week1", "glossary"]).weeks() == ["week1"]


class TestIsLesson:
    @pytest.mark.parametrize("path,expected", [
        ("source/glossary/glossary.ipynb", True),
        ("source/practice/practice.ipynb", True),
        ("source/week1/lesson.ipynb", True),
        ("source/week1/assignment.ipynb", False),
    ])
    def test_ungraded_notebooks_count_as_lessons(self, path, expected):
        """Glossary and practice notebooks carry no points, like lessons."""
        assert is_lesson(Path(path)) is expected
