"""Grades out of the gradebook: one row per student, one column per week, and the total.

Scores are nbgrader's: autograded plus hand-graded points (a hand grade replaces
the automatic one, as in formgrader), after any late penalty. A week a student
did not submit counts 0, as in nbgrader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from curriculum.cohort.grading import COHORT_DIR, gradebook_url
from curriculum.course.nbgrader_driver import load_config


def _week_key(name: str) -> tuple:
    m = re.fullmatch(r"week(\d+)", name)
    return (0, int(m.group(1)), name) if m else (1, 0, name)


def grades_table(root: Path, db_url: str | None = None) -> pd.DataFrame:
    """A DataFrame indexed by student id with a column per week (in week order) and ``total``."""
    from nbgrader.api import Gradebook

    root = Path(root)
    url = gradebook_url(root, db_url)
    with Gradebook(url, load_config(root).CourseDirectory.course_id) as gb:
        weeks = sorted((a.name for a in gb.assignments), key=_week_key)
        students = sorted(s.id for s in gb.students)
        rows = {s: {w: 0.0 for w in weeks} for s in students}
        for week in weeks:
            for sub in gb.assignment_submissions(week):
                rows[sub.student_id][week] = float(sub.score or 0.0)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=weeks)
    table.index.name = "student_id"
    table["total"] = table.sum(axis=1) if weeks else 0.0
    return table


def export_grades(root: Path, path: Path | None = None, db_url: str | None = None) -> Path:
    """Write :func:`grades_table` as CSV (default ``cohort/grades.csv``); return the path."""
    root = Path(root)
    path = Path(path) if path else root / COHORT_DIR / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    grades_table(root, db_url).round(2).to_csv(path)
    return path
