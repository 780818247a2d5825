"""Where things live in the course folder (nbgrader's default layout).

``source/<week>/<notebook>.ipynb`` is the truth; ``release/<week>/`` is made from
it by nbgrader. A week folder holds ``lesson.ipynb`` (teaching, self-checks, no
points) and ``assignment.ipynb`` (graded). ``source/header.ipynb`` opens every
released notebook.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

WEEK_PATTERN = re.compile(r"^week\d+$")
HEADER_NAME = "header.ipynb"
LESSON_PREFIX = "lesson"
#: The practice assignment (drills, mock-interview timer): released and QA-checked like a week, never graded.
PRACTICE = "practice"
#: The glossary the lessons link to: released and QA-checked like practice, never graded.
GLOSSARY = "glossary"
#: Ungraded assignments released after the weeks, in this order, when their source folder exists.
UNGRADED = (PRACTICE, GLOSSARY)


#: The environment variable naming the course folder (``make lab`` sets it for the lab and its terminals).
ROOT_ENV = "CURRICULUM_ROOT"


def find_root(start: Path | str | None = None) -> Path:
    """Return the course root: the nearest folder at or above ``start`` holding ``nbgrader_config.py``.

    Failing that, ``$CURRICULUM_ROOT`` (:data:`ROOT_ENV`) when it names a course folder: ``make lab`` sets it,
    so the course's commands work in a lab terminal whose workspace lies outside the course folder.

    Raises FileNotFoundError naming the folder searched when there is none.
    """
    here = Path(start or Path.cwd()).resolve()
    configured = os.environ.get(ROOT_ENV)
    for folder in (here, *here.parents, *([Path(configured).resolve()] if configured else [])):
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return folder
    raise FileNotFoundError(
        f"No course folder found at or above {here}: expected nbgrader_config.py beside a source/ folder. "
        "Run this command inside the course repository, or pass --root."
    )


@dataclass(frozen=True)
class Course:
    """The course folder and the assignments (weeks) in it."""

    root: Path

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def release_dir(self) -> Path:
        return self.root / "release"

    @property
    def header(self) -> Path:
        return self.source_dir / HEADER_NAME

    def weeks(self) -> list[str]:
        """The assignment ids in ``source/``, in week order (week1, week2, ..., week10)."""
        found = [p.name for p in self.source_dir.iterdir() if p.is_dir() and WEEK_PATTERN.match(p.name)]
        return sorted(found, key=lambda name: int(name[4:]))

    def source_notebooks(self, week: str) -> list[Path]:
        return _notebooks(self.source_dir / week)

    def release_notebooks(self, week: str) -> list[Path]:
        return _notebooks(self.release_dir / week)

    def require_week(self, week: str) -> str:
        """Return ``week`` if it is an assignment here, else raise ValueError listing the valid ones."""
        weeks = self.weeks()
        if week not in weeks:
            raise ValueError(f"week must be one of {', '.join(weeks) or '(none yet)'}; got {week!r}")
        return week

    def assignments(self) -> list[str]:
        """Everything nbgrader releases: the weeks in order, then ``practice`` and ``glossary`` where their folders exist."""
        return self.weeks() + [name for name in UNGRADED if (self.source_dir / name).is_dir()]

    def require_assignment(self, name: str) -> str:
        """Return ``name`` if it is a week or the practice assignment, else raise ValueError listing the valid ones."""
        names = self.assignments()
        if name not in names:
            raise ValueError(f"assignment must be one of {', '.join(names) or '(none yet)'}; got {name!r}")
        return name


def is_lesson(path: Path) -> bool:
    """A lesson notebook teaches and self-checks; it carries no points. Practice and glossary notebooks count as lessons."""
    return path.name.startswith(LESSON_PREFIX) or path.parent.name in UNGRADED


def _notebooks(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
