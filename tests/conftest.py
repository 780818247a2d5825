"""Shared fixtures: the project root, and a small toy course built with the authoring factories."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from curriculum.course import authoring as a
from curriculum.course.nbgrader_driver import ensure_tools_on_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _tools_on_path():
    ensure_tools_on_path()


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT


def toy_assignment():
    """One graded question (2 points, with a planted unit slip) and one hand-graded task."""
    return a.new_notebook([
        a.markdown("# Toy week\nHow many new calls per second keep 10,000 calls of 180 s going?", grade_id="toy_intro"),
        a.answer("rate_answer", "", "rate_per_s = 10_000 / 180",
                 wrong=[("hold time taken in minutes", "rate_per_s = 10_000 / 3")]),
        a.tests("rate_littles_law", 2, "Arrival rate from Little's law, calls per second",
                "assert type(rate_per_s) is float, 'rate_per_s should be a number'",
                "assert abs(rate_per_s - 10_000 / 180) < 0.5, 'rate_per_s is off'"),
        a.written_task("toy_design_narrative", 3, "Explain your design in three sentences.",
                       "- 1 point: states the user\n- 2 points: names a trade-off with a number"),
        a.markdown("Your answer here."),
    ])


def toy_lesson():
    return a.new_notebook([a.markdown("# Toy lesson"), a.code("x = 1 + 1\nprint(x)")])


def build_toy_course(root: Path) -> Path:
    """A course folder with the real nbgrader config and header, and one toy week, released."""
    (root / "source" / "week1").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "nbgrader_config.py", root)
    shutil.copy(PROJECT_ROOT / "source" / "header.ipynb", root / "source")
    nbformat.write(toy_assignment(), str(root / "source" / "week1" / "assignment.ipynb"))
    nbformat.write(toy_lesson(), str(root / "source" / "week1" / "lesson.ipynb"))
    from curriculum.course.release import write_release

    write_release(root)
    return root


@pytest.fixture(scope="session")
def toy_course_template(tmp_path_factory) -> Path:
    return build_toy_course(tmp_path_factory.mktemp("toy") / "course")


@pytest.fixture
def toy_course(toy_course_template, tmp_path) -> Path:
    """A fresh copy of the released toy course that a test may break."""
    target = tmp_path / "course"
    shutil.copytree(toy_course_template, target)
    return target
