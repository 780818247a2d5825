"""The cohort workflow against a real PostgreSQL gradebook (a throwaway server on loopback).

Skipped with the reason when PostgreSQL is not installed; in CI (CI=true) it fails instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import cli
from curriculum.cohort import export, synthetic
from tests.conftest_pg import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.test_cohort_grading import WEEK, cell_scores, check_workflow, hidden_toy_template, row_counts  # noqa: F401

pytestmark = [pytest.mark.xdist_group("cohort_postgres"), pytest.mark.slow]


@pytest.fixture
def course(hidden_toy_template, tmp_path) -> Path:
    return Path(shutil.copytree(hidden_toy_template, tmp_path / "course"))


class TestWorkflowOnPostgres:
    def test_collect_grade_feedback_export_report(self, course, tmp_path, postgres_url):
        """Every step against PostgreSQL: parallel grading equals nbgrader's, a rerun adds no rows."""
        check_workflow(course, tmp_path, postgres_url, against_nbgrader=False)  # SQLite's test runs nbgrader
        assert not (course / "gradebook.db").exists()  # nothing went to SQLite

    def test_parallel_writers_lose_and_duplicate_nothing(self, course, postgres_url, monkeypatch):
        """Three workers write six submissions at once through the server: one row per student and cell."""
        synthetic.write_submissions(course, WEEK, synthetic.make_cohort(course, WEEK, 6))
        monkeypatch.setenv("COURSE_GRADEBOOK_URL", postgres_url)  # how an instructor points the course at it
        result = CliRunner().invoke(cli, ["grade", WEEK, "--root", str(course), "--workers", "3"])
        assert result.exit_code == 0, result.output
        counts = row_counts(postgres_url)
        # toy week: assignment (2 grades: the test and the written task) + lesson (no grades), per student
        assert counts == {"student": 6, "submitted_assignment": 6, "submitted_notebook": 12, "grade": 12}
        scores = cell_scores(course, postgres_url)
        assert sorted(scores) == sorted((f"learner{i:02d}", "assignment", cell) for i in range(1, 7)
                                        for cell in ("rate_littles_law", "toy_design_narrative"))
        assert set(export.grades_table(course).index) == {f"learner{i:02d}" for i in range(1, 7)}
