"""nbgrader feedback for every graded student of a week, checked for anything secret before it is handed back.

nbgrader's ``generate_feedback`` writes ``feedback/<student>/<week>/<notebook>.html`` through the
course's feedback preprocessors (``nbgrader_config.py``: ``curriculum.grading.feedback.HideSecrets``
removes hidden tests and mark schemes and trims tracebacks; nbconvert sanitizes HTML). Afterwards
every file under each student's feedback folder is checked by
:func:`curriculum.grading.feedback.check_feedback`: hidden test lines, mark-scheme lines, solution
lines the student did not write, files that are not a notebook's page, oversized pages. Any finding
is reported and the command exits non-zero, so a configuration change can never leak them silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course import authoring
from curriculum.course.layout import Course
from curriculum.course.nbgrader_driver import NbgraderError, make_api
from curriculum.grading.feedback import Leak, Secrets, check_feedback, secrets_of

__all__ = ["FeedbackRun", "Leak", "feedback_week", "week_secrets"]


@dataclass
class FeedbackRun:
    """The feedback files written for a week, and anything secret found in them."""

    week: str
    files: dict[str, list[Path]] = field(default_factory=dict)
    leaks: list[Leak] = field(default_factory=list)

    def render(self) -> str:
        count = sum(len(v) for v in self.files.values())
        lines = [f"{self.week}: feedback for {len(self.files)} student(s), {count} file(s) in feedback/."]
        if self.leaks:
            lines.append(f"SECRET TEXT FOUND in {len(self.leaks)} place(s) - do not release this feedback:")
            lines.extend(f"  - {leak.path}: {leak.kind}: {leak.line[:120]}" for leak in self.leaks[:20])
        else:
            lines.append("Checked: no hidden test, mark scheme, solution or stray file in any feedback folder.")
        return "\n".join(lines)


def week_secrets(root: Path, week: str) -> Secrets:
    """The lines of ``week`` that only the instructor has (hidden tests, mark schemes, solutions)."""
    course = Course(Path(root))
    return secrets_of([authoring.read(p) for p in course.source_notebooks(week)],
                      [authoring.read(p) for p in course.release_notebooks(week)])


def _own_lines(folder: Path) -> set[str]:
    """Lines of a student's own submitted notebooks (their answers are theirs to see)."""
    lines: set[str] = set()
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        if path.is_symlink():
            continue
        try:
            nb = authoring.read(path)
        except Exception:  # an unreadable submission has no lines of its own
            continue
        for cell in nb.cells:
            lines.update(line.strip() for line in str(cell.get("source", "")).splitlines())
    return lines


def feedback_week(root: Path, week: str, db_url: str | None = None) -> FeedbackRun:
    """Run nbgrader's generate_feedback for every autograded student of ``week`` and check what it wrote."""
    root = Path(root)
    course = Course(root)
    course.require_week(week)
    api = make_api(root, db_url)
    result = api.generate_feedback(week, force=True)
    if not result.get("success"):
        raise NbgraderError(f"nbgrader generate_feedback {week} failed:\n{(result.get('error') or '')}"
                            f"\n{(result.get('log') or '')[-3000:]}".strip())
    run = FeedbackRun(week)
    secrets = week_secrets(root, week)
    notebooks = {p.stem for p in course.source_notebooks(week)}
    released = {p.name for p in (course.release_dir / week).iterdir() if p.is_file() and p.suffix != ".ipynb"} \
        if (course.release_dir / week).is_dir() else set()
    feedback = root / "feedback"
    if feedback.is_dir():
        for student_dir in sorted(p for p in feedback.iterdir() if (p / week).is_dir()):
            folder = student_dir / week
            run.files[student_dir.name] = sorted(p for p in folder.rglob("*") if p.is_file())
            own = _own_lines(root / "submitted" / student_dir.name / week)
            run.leaks += check_feedback(folder, secrets, notebooks, own, released)
    return run
