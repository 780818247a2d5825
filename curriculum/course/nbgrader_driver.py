"""Drive nbgrader through its own Python API (``NbGraderAPI``, ``Gradebook``).

The course never trusts ``nbgrader validate``'s exit code (it is 0 even when
validation fails); scores are read back from the gradebook instead.

A *scratch course* is a throwaway copy of the course folder (config and the
source of the weeks asked for) with its own SQLite gradebook: the release is
generated there and submissions are autograded there, so nothing in the real
course folder or gradebook changes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

import nbformat

from curriculum.grading.grader import CONFIG_NAME, Grader, GradeOutcome, default_sandbox, ensure_tools_on_path, load_config


class NbgraderError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's own log."""


def make_api(root: Path, db_url: str | None = None):
    """An ``NbGraderAPI`` for the course folder at ``root``."""
    from nbgrader.apps import NbGraderAPI  # imported here: nbgrader is slow to import

    ensure_tools_on_path()
    return NbGraderAPI(config=load_config(root, db_url))


def _check(result: Mapping, what: str) -> None:
    if not result.get("success"):
        detail = (result.get("error") or "") + "\n" + (result.get("log") or "")
        raise NbgraderError(f"nbgrader {what} failed:\n{detail.strip()}")


@dataclass(frozen=True)
class CellScore:
    """One graded cell of one submitted notebook."""

    notebook: str
    grade_id: str
    cell_type: str
    score: float
    max_score: float
    auto_score: float | None
    needs_manual_grade: bool

    @property
    def autograded(self) -> bool:
        return self.cell_type == "code"


@dataclass
class ScratchCourse:
    """A throwaway nbgrader course folder made from the real one.

    Submissions are graded by the course's one grader (:class:`curriculum.grading.grader.Grader`),
    in the sandbox wherever the machine has one (``sandbox=None``), or as ``sandbox`` says.
    """

    root: Path
    db_url: str
    generated: set = field(default_factory=set)
    sandbox: bool | None = None
    cell_timeout_s: float | None = None
    last_outcome: GradeOutcome | None = None

    @property
    def grader(self) -> Grader:
        if getattr(self, "_grader", None) is None:
            sandbox = default_sandbox() if self.sandbox is None else self.sandbox
            self._grader = Grader(self.root, db_url=self.db_url, sandbox=sandbox,
                                  cell_timeout_s=self.cell_timeout_s)
        return self._grader

    def close(self) -> None:
        if getattr(self, "_grader", None) is not None:
            self._grader.close()
            self._grader = None

    @property
    def api(self):
        if not hasattr(self, "_api"):
            self._api = make_api(self.root, self.db_url)
        return self._api

    def generate(self, week: str) -> Path:
        """Run nbgrader's generate_assignment for ``week``; return the release folder."""
        _check(self.api.generate_assignment(week, force=True, create=True), f"generate_assignment {week}")
        self.generated.add(week)
        return self.root / "release" / week

    def submit(self, week: str, student: str, notebooks: Mapping[str, nbformat.NotebookNode | Path]) -> Path:
        """Place a submission as nbgrader expects it: ``submitted/<student>/<week>/<name>.ipynb``."""
        folder = self.root / "submitted" / student / week
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name, nb in notebooks.items():
            target = folder / name
            if isinstance(nb, Path):
                shutil.copyfile(nb, target)
            else:
                nbformat.write(nb, str(target))
        return folder

    def autograde(self, week: str, student: str) -> list[CellScore]:
        """Autograde one submission with nbgrader and read its scores back from the gradebook."""
        if week not in self.generated:
            self.generate(week)
        outcome = self.last_outcome = self.grader.grade(week, student)
        if not outcome.ok:
            raise NbgraderError(f"nbgrader autograde {week} for {student} failed:\n{outcome.error}")
        return self.scores(week, student)

    def feedback(self, week: str, student: str) -> Path:
        """Run nbgrader's generate_feedback for one autograded submission; return its feedback folder."""
        _check(self.api.generate_feedback(week, student, force=True), f"generate_feedback {week} for {student}")
        return self.root / "feedback" / student / week

    def scores(self, week: str, student: str) -> list[CellScore]:
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gb:
            submission = gb.find_submission(week, student)
            out = []
            for nb in submission.notebooks:
                for grade in nb.grades:
                    d = grade.to_dict()
                    out.append(
                        CellScore(
                            notebook=nb.name,
                            grade_id=d["name"],
                            cell_type=d["cell_type"],
                            score=float(grade.score or 0.0),
                            max_score=float(d["max_score"] or 0.0),
                            auto_score=d["auto_score"],
                            needs_manual_grade=bool(d["needs_manual_grade"]),
                        )
                    )
            return out


@contextmanager
def scratch_course(root: Path, weeks: list[str] | None = None, keep: bool = False) -> Iterator[ScratchCourse]:
    """Copy the course config and sources into a temporary folder with its own SQLite gradebook."""
    tmp = Path(tempfile.mkdtemp(prefix="course-scratch-"))
    try:
        shutil.copyfile(root / CONFIG_NAME, tmp / CONFIG_NAME)
        (tmp / "source").mkdir()
        header = root / "source" / "header.ipynb"
        if header.exists():
            shutil.copyfile(header, tmp / "source" / "header.ipynb")
        for week in weeks if weeks is not None else _weeks(root):
            shutil.copytree(root / "source" / week, tmp / "source" / week,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        scratch = ScratchCourse(tmp, "sqlite:///" + str(tmp / "gradebook.db"))
        try:
            yield scratch
        finally:
            scratch.close()
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _weeks(root: Path) -> list[str]:
    from curriculum.course.layout import Course

    return Course(root).weeks()
