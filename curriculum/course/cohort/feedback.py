"""nbgrader feedback for every graded student of a week, checked for hidden test code.

nbgrader's ``generate_feedback`` writes ``feedback/<student>/<week>/<notebook>.html``
through the course's feedback preprocessors (``nbgrader_config.py``:
``HideHiddenTestSource`` replaces hidden tests with a placeholder and trims
tracebacks). After writing, every HTML file is searched for each line of the
week's hidden tests; a hit is reported (and the CLI exits non-zero), so a
configuration change can never leak them silently.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course import authoring
from curriculum.course.layout import Course
from curriculum.course.nbgrader_driver import NbgraderError, make_api

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
#: Lines too generic to prove a leak on their own (they also appear in visible code).
_TRIVIAL = re.compile(r"^(pass|else:|try:|finally:|\)|\]|\}|#.*|import \w+|from \w+ import \w+)$")


@dataclass(frozen=True)
class Leak:
    """A line of a hidden test found in a feedback file."""

    path: Path
    line: str


@dataclass
class FeedbackRun:
    """The feedback files written for a week, and any hidden test line found in them."""

    week: str
    files: dict[str, list[Path]] = field(default_factory=dict)
    leaks: list[Leak] = field(default_factory=list)

    def render(self) -> str:
        count = sum(len(v) for v in self.files.values())
        lines = [f"{self.week}: feedback for {len(self.files)} student(s), {count} file(s) in feedback/."]
        if self.leaks:
            lines.append(f"HIDDEN TEST CODE FOUND in {len(self.leaks)} place(s) - do not release this feedback:")
            lines.extend(f"  - {leak.path}: {leak.line}" for leak in self.leaks[:20])
        else:
            lines.append("Checked: no hidden test code in any feedback file.")
        return "\n".join(lines)


def hidden_test_lines(root: Path, week: str) -> list[str]:
    """The lines only the hidden tests have: inside ``### BEGIN/END HIDDEN TESTS`` in the week's source
    notebooks, and nowhere in the released (learner-visible) notebooks."""
    course = Course(Path(root))
    visible = {line.strip() for path in course.release_notebooks(week)
               for cell in authoring.read(path).cells for line in cell.source.splitlines()}
    found: list[str] = []
    for path in course.source_notebooks(week):
        for cell in authoring.read(path).cells:
            inside = False
            for line in cell.source.splitlines():
                text = line.strip()
                if BEGIN_HIDDEN in line:
                    inside = True
                elif END_HIDDEN in line:
                    inside = False
                elif inside and text and not _TRIVIAL.match(text) and text not in visible and text not in found:
                    found.append(text)
    return found


def find_leaks(files: list[Path], hidden: list[str]) -> list[Leak]:
    """Every hidden line that appears as a whole line of a feedback page's text."""
    leaks = []
    for path in files:
        text = html.unescape(re.sub(r"<[^>]+>", "", Path(path).read_text(errors="replace")))
        lines = {line.strip() for line in text.splitlines()}
        leaks.extend(Leak(Path(path), line) for line in hidden if line in lines)
    return leaks


def feedback_week(root: Path, week: str, db_url: str | None = None) -> FeedbackRun:
    """Run nbgrader's generate_feedback for every autograded student of ``week`` and check the HTML."""
    root = Path(root)
    Course(root).require_week(week)
    api = make_api(root, db_url)
    result = api.generate_feedback(week, force=True)
    if not result.get("success"):
        raise NbgraderError(f"nbgrader generate_feedback {week} failed:\n{(result.get('error') or '')}"
                            f"\n{(result.get('log') or '')[-3000:]}".strip())
    run = FeedbackRun(week)
    feedback = root / "feedback"
    if feedback.is_dir():
        for student_dir in sorted(p for p in feedback.iterdir() if (p / week).is_dir()):
            run.files[student_dir.name] = sorted((student_dir / week).glob("*.html"))
    run.leaks = find_leaks([f for files in run.files.values() for f in files], hidden_test_lines(root, week))
    return run
