"""Report and synthetic-cohort pieces that need no grading: exact values on small inputs."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from curriculum.cohort import report, synthetic

pytestmark = [pytest.mark.xdist_group("cohort"), pytest.mark.slow]  # the toy course is released by nbgrader

TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mAssertionError\x1b[0m                            Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[4], line 4\x1b[0m\n\x1b[1;32m      2\x1b[0m assert type(rate_per_s) is float\n"
    "\x1b[1;32m      3\x1b[0m \x1b[38;5;66;03m### BEGIN HIDDEN TESTS\x1b[39;00m\n"
    "\x1b[0;32m----> 4\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m abs(rate_per_s \x1b[38;5;241m-\x1b[39m 55) < 0.5\n",
    "\x1b[0;31mAssertionError\x1b[0m: rate_per_s is off",
]


def _cell(source: str, outputs: list) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = outputs
    return cell


class TestFailingCheck:
    def test_hidden_assertion_line_is_found_from_the_traceback(self):
        """The arrow in the cell's frame points at line 4, which sits inside the hidden tests."""
        source = ('"""Rate"""\nassert type(rate_per_s) is float\n### BEGIN HIDDEN TESTS\n'
                  "assert abs(rate_per_s - 55) < 0.5, 'rate_per_s is off'\n### END HIDDEN TESTS")
        error = nbformat.v4.new_output("error", ename="AssertionError", evalue="rate_per_s is off", traceback=TRACEBACK)
        assert report.failing_check(_cell(source, [error])) == (
            "AssertionError: rate_per_s is off", "assert abs(rate_per_s - 55) < 0.5, 'rate_per_s is off'", True)

    def test_visible_line_and_partial_credit(self):
        """A failure on line 2 is visible; a cell without an error lost points by partial credit."""
        source = '"""Rate"""\nassert type(rate_per_s) is float'
        tb = ["Cell In[4], line 2", "----> 2 assert type(rate_per_s) is float", "AssertionError: "]
        error = nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=tb)
        assert report.failing_check(_cell(source, [error])) == (
            "AssertionError", "assert type(rate_per_s) is float", False)
        assert report.failing_check(_cell(source, [])) == ("partial credit", "", False)


class TestTables:
    SCORES = pd.DataFrame([
        # week, student, notebook, question, kind, score, max_score, needs_manual
        ("week1", "a", "assignment", "rate", "auto", 2.0, 2.0, False),
        ("week1", "b", "assignment", "rate", "auto", 0.0, 2.0, False),
        ("week1", "c", "assignment", "rate", "auto", 2.0, 2.0, False),
        ("week1", "a", "assignment", "essay", "manual", 3.0, 4.0, False),
        ("week1", "b", "assignment", "essay", "manual", 0.0, 4.0, True),
        ("week1", "c", "assignment", "essay", "manual", 4.0, 4.0, False),
    ], columns=["week", "student", "notebook", "question", "kind", "score", "max_score", "needs_manual"])

    def test_difficulty_hardest_first_with_exact_shares(self):
        """essay: mean 7/3 of 4 = 58%, one of three at full marks, one left to grade; rate: 4/3 of 2 = 67%."""
        table = report.difficulty(self.SCORES)
        assert list(table.question) == ["essay", "rate"]
        essay = table.iloc[0]
        assert essay.mean_score == pytest.approx(7 / 3) and essay.mean_share == pytest.approx(7 / 12)
        assert essay.full_marks_share == pytest.approx(1 / 3) and essay.to_grade_by_hand == 1
        assert table.iloc[1].full_marks_share == pytest.approx(2 / 3)

    def test_most_failed_counts_students_and_names_the_check(self):
        """One of the three failed 'rate', by the hidden check; manual questions never appear."""
        fails = pd.DataFrame([("week1", "assignment", "rate", "b", "AssertionError: off", "assert x < 1", True)],
                             columns=["week", "notebook", "question", "student", "message", "check", "hidden"])
        table = report.most_failed(self.SCORES, fails)
        assert table.to_dict("records") == [{"week": "week1", "question": "rate", "failed": 1, "of": 3,
                                             "failing check": "assert x < 1", "hidden": "hidden",
                                             "message": "AssertionError: off"}]


class TestSyntheticCohort:
    def test_same_seed_same_cohort_and_scores_vary(self, toy_course):
        """The cohort is deterministic, and some learners make the planted mistake while others do not."""
        one = synthetic.make_cohort(toy_course, "week1", 6, seed=3)
        two = synthetic.make_cohort(toy_course, "week1", 6, seed=3)
        assert {s: nbformat.writes(nb["assignment.ipynb"]) for s, nb in one.items()} == \
               {s: nbformat.writes(nb["assignment.ipynb"]) for s, nb in two.items()}
        answers = {s: next(c.source for c in nbs["assignment.ipynb"].cells
                           if c.metadata.get("nbgrader", {}).get("grade_id") == "rate_answer")
                   for s, nbs in one.items()}
        assert set(answers.values()) == {"rate_per_s = 10_000 / 180", "rate_per_s = 10_000 / 3"}

    def test_bad_counts_name_the_parameter(self, toy_course):
        """Zero learners or a mistake rate above 1 are refused with the parameter's name."""
        with pytest.raises(ValueError, match="n_students must be a whole number of at least 1"):
            synthetic.roster(0)
        with pytest.raises(ValueError, match="mistake_rate must be between 0 and 1"):
            synthetic.make_cohort(toy_course, "week1", 2, mistake_rate=1.5)
