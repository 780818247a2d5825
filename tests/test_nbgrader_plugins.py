"""The course's nbgrader plug-ins, run inside nbgrader's own autograde and feedback steps."""

from __future__ import annotations

import json

import nbformat
import pytest

from curriculum.course import authoring as a
from curriculum.course.nbgrader_driver import scratch_course

pytestmark = [pytest.mark.xdist_group("toy_course"), pytest.mark.slow]  # nbgrader runs on the toy course


@pytest.fixture(scope="module")
def graded_wrong(toy_course_template, tmp_path_factory):
    """The toy week autograded for a learner who made the planted unit slip, with feedback generated."""
    source = toy_course_template / "source/week1/assignment.ipynb"
    nb = nbformat.read(str(source), as_version=4)
    wrong = a.with_wrong_answer(nb, a.wrong_answers(nb)[0])
    with scratch_course(toy_course_template, ["week1"]) as scratch:
        scratch.submit("week1", "ada", {"assignment.ipynb": wrong})
        scores = scratch.autograde("week1", "ada")
        feedback = scratch.feedback("week1", "ada")
        autograded = (scratch.root / "autograded/ada/week1/assignment.ipynb").read_text()
        yield scores, (feedback / "assignment.html").read_text(), autograded


class TestFeedbackHidesHiddenTests:
    def test_feedback_html_has_no_hidden_test_source(self, graded_wrong):
        """The learner's feedback shows the failure message but never the hidden check's code."""
        scores, html, _ = graded_wrong
        assert {s.grade_id: s.score for s in scores}["rate_littles_law"] == 0
        assert "rate_per_s is off" in html  # the check's own message reaches the learner
        assert "abs(rate_per_s" not in html and "BEGIN HIDDEN TESTS" not in html
        assert "hidden tests ran here" in html

    def test_instructor_copy_keeps_hidden_tests_and_mark_scheme(self, graded_wrong):
        """nbgrader restores hidden tests and the mark scheme in the autograded copy formgrader shows."""
        _, _, autograded = graded_wrong
        cells = json.loads(autograded)["cells"]
        text = "".join("".join(c["source"]) for c in cells)
        assert "abs(rate_per_s" in text
        assert "2 points: names a trade-off" in text
