"""The results of a self-grade, as saved beside the learner's work and read back by ``curriculum progress``.

Kept apart from :mod:`curriculum.course.selfgrade` (which loads nbgrader and nbformat) so that reading
progress stays quick: this module imports only the standard library.

>>> q = QuestionResult("assignment", "rate_littles_law", "Q1: rate", 1.0, 1.0, "auto", True)
>>> r = SelfGradeResult("week1", "my-work", "2026-11-24T10:00:00+00:00", [q], [NotebookReport("assignment", "graded")])
>>> SelfGradeResult.from_json(r.to_json()) == r, r.earned, r.passed
(True, 1.0, 1)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FEEDBACK_DIR_NAME = "feedback"
RESULTS_NAME = "selfgrade.json"
RESULTS_VERSION = 1


@dataclass(frozen=True)
class QuestionResult:
    """One graded question of one notebook, as the learner sees it."""

    notebook: str
    grade_id: str
    title: str
    score: float
    max_score: float
    graded_by: str  # "auto" or "instructor"
    attempted: bool
    message: str = ""
    tags: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.graded_by == "auto" and self.max_score > 0 and self.score >= self.max_score - 1e-9


@dataclass
class NotebookReport:
    """What happened to one notebook: graded, missing, unreadable or not gradable, with messages."""

    name: str
    status: str  # "graded", "missing", "unreadable", "failed"
    problems: list[str] = field(default_factory=list)
    feedback_html: str | None = None


@dataclass
class SelfGradeResult:
    """The self-grade of one week: every question, each notebook's status, and the totals."""

    week: str
    workspace: str
    graded_at: str
    questions: list[QuestionResult]
    notebooks: list[NotebookReport]
    version: int = RESULTS_VERSION
    #: Where your code ran: the sandbox, or a plain process where the machine has no bubblewrap.
    mode: str = ""

    @property
    def auto(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.graded_by == "auto"]

    @property
    def earned(self) -> float:
        return sum(q.score for q in self.auto)

    @property
    def possible(self) -> float:
        return sum(q.max_score for q in self.auto)

    @property
    def instructor_points(self) -> float:
        return sum(q.max_score for q in self.questions if q.graded_by == "instructor")

    @property
    def attempted(self) -> int:
        return sum(q.attempted for q in self.auto)

    @property
    def passed(self) -> int:
        return sum(q.passed for q in self.auto)

    def to_json(self) -> str:
        data = asdict(self)
        data["totals"] = {"earned": self.earned, "possible": self.possible, "attempted": self.attempted,
                          "passed": self.passed, "questions": len(self.auto),
                          "instructor_points": self.instructor_points}
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SelfGradeResult:
        """Read results saved by :meth:`to_json` (ValueError when the file is not such results)."""
        try:
            data = json.loads(text)
            questions = [QuestionResult(**{**q, "tags": tuple(q.get("tags", ()))}) for q in data["questions"]]
            notebooks = [NotebookReport(**n) for n in data["notebooks"]]
            return cls(data["week"], data["workspace"], data["graded_at"], questions, notebooks,
                       data.get("version", RESULTS_VERSION), str(data.get("mode", "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"not self-grade results ({type(exc).__name__}: {exc})") from None

    def render(self) -> str:
        """The terminal report: a line per question, then the week's score and where the feedback is."""
        lines = [f"Self-grade of {self.week}, with the full hidden tests (your notebooks were not changed)."]
        for nb in self.notebooks:
            lines.append(f"\n{nb.name}.ipynb" + ("" if nb.status == "graded" else f"  [{nb.status}]"))
            lines.extend(f"  ! {p}" for p in nb.problems)
            for q in (q for q in self.questions if q.notebook == nb.name):
                if q.graded_by == "instructor":
                    lines.append(f"  {'----':>4}  {'–':>3}/{q.max_score:<3g} {q.title}  (not self-graded)")
                    continue
                mark = "pass" if q.passed else ("part" if q.score > 0 else ("miss" if q.attempted else "todo"))
                line = f"  {mark:>4}  {q.score:>3g}/{q.max_score:<3g} {q.title}"
                if mark == "part":
                    line += f"  ({q.score:.2g} of {q.max_score:g}: partial credit)"
                if q.message and not q.passed and q.message != "not answered yet":  # 'todo' says that already
                    line += f"\n              {q.message}"
                lines.append(line)
            if nb.feedback_html:
                lines.append(f"  Feedback: {nb.feedback_html}")
        share = f" ({self.earned / self.possible:.0%})" if self.possible else ""
        lines.append(f"\n{self.week}: {self.earned:g} of {self.possible:g} autograded points{share}; "
                     f"{self.attempted} of {len(self.auto)} questions attempted, {self.passed} passed.")
        if self.instructor_points:
            lines.append(f"{self.instructor_points:g} more points are graded by an instructor (not self-graded).")
        if self.mode:
            lines.append(f"Your code ran in: {self.mode}.")
        lines.append("Run `.venv/bin/curriculum progress` (in the course folder) to see all six weeks.")
        return "\n".join(lines)


def results_path(workspace: Path, week: str) -> Path:
    """Where :func:`curriculum.course.selfgrade.selfgrade` saves a week's results.

    >>> results_path(Path("my-work"), "week1").as_posix()
    'my-work/week1/feedback/selfgrade.json'
    """
    return Path(workspace) / week / FEEDBACK_DIR_NAME / RESULTS_NAME
