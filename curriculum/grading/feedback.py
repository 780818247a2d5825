"""Feedback that hands back nothing secret: the preprocessor nbgrader's feedback runs, and the leak guard.

nbgrader restores the course's own version of every locked cell before grading, so an autograded
notebook holds the hidden tests and the instructor's mark scheme. :class:`HideSecrets` (named in
``nbgrader_config.py`` for ``GenerateFeedback``) removes both before the HTML is written, trims every
test cell's error to its message, and never fails on text a student wrote (a stray
``# BEGIN HIDDEN TESTS`` in an answer cell is left as the student's text).

:func:`check_feedback` then reads every file under a feedback folder and reports a :class:`Leak` for:
a line of hidden test code; a line of a mark scheme; a line of solution code the student did not
write themselves; a file that is not a notebook's HTML page; a page larger than
:data:`MAX_PAGE_BYTES`. Commands that write feedback fail when it finds any.

The markers are nbgrader's own settings (``ClearHiddenTests.begin_test_delimeter``,
``ClearMarkScheme.begin_mark_scheme_delimeter``, ``ClearSolutions.begin_solution_delimeter``), read
here once; authors' tools import them from this module.

Reference: nbgrader, "Generate feedback"
(https://nbgrader.readthedocs.io/en/stable/user_guide/creating_and_grading_assignments.html).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearSolutions, NbGraderPreprocessor

BEGIN_HIDDEN = ClearHiddenTests.begin_test_delimeter.default_value
END_HIDDEN = ClearHiddenTests.end_test_delimeter.default_value
BEGIN_MARK_SCHEME = ClearMarkScheme.begin_mark_scheme_delimeter.default_value
END_MARK_SCHEME = ClearMarkScheme.end_mark_scheme_delimeter.default_value
BEGIN_SOLUTION = ClearSolutions.begin_solution_delimeter.default_value
END_SOLUTION = ClearSolutions.end_solution_delimeter.default_value
HIDDEN_PLACEHOLDER = "# (hidden tests ran here; their code is not shown)"
MARK_SCHEME_PLACEHOLDER = "(The instructor's marking guide is not shown.)"
#: Largest feedback page accepted, in bytes (outputs are capped when grading; a bigger page is a fault).
MAX_PAGE_BYTES = 8 * 2**20
#: Lines too generic to prove a leak on their own (they also appear in visible code).
_TRIVIAL = re.compile(r"^(pass|else:|try:|finally:|\)|\]|\}|#.*|import \w+|from [\w.]+ import \w+|\"\"\"|'''|"
                      r"\*\*|-|\w+ = \{|\w+ = \[|\w+,?)$")


def _drop_regions(source: str, begin: str, end: str, placeholder: str | None) -> tuple[str, bool]:
    """``source`` without the lines from each ``begin`` to its ``end`` (to the end if unclosed)."""
    kept, inside, removed = [], False, False
    for line in source.split("\n"):
        if begin in line:
            inside, removed = True, True
            if placeholder is not None:
                kept.append(line[: len(line) - len(line.lstrip())] + placeholder)
        elif end in line and inside:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept), removed


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _is_course_text(cell) -> bool:
    """A cell whose text is the course's (locked, or a task), not the student's."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked") or meta.get("task")) and not meta.get("solution")


class HideSecrets(NbGraderPreprocessor):
    """Remove hidden tests and mark schemes from the course's cells; trim test cells' errors to one line."""

    def preprocess_cell(self, cell, resources, cell_index):
        if _is_test_cell(cell):
            cell.source, _ = _drop_regions(cell.source, BEGIN_HIDDEN, END_HIDDEN, HIDDEN_PLACEHOLDER)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        if _is_course_text(cell):
            cell.source, _ = _drop_regions(cell.source, BEGIN_MARK_SCHEME, END_MARK_SCHEME, MARK_SCHEME_PLACEHOLDER)
        return cell, resources


# -- the leak guard -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Leak:
    """Something in a feedback file that must not be there."""

    path: Path
    line: str
    kind: str = "hidden test"


@dataclass
class Secrets:
    """Lines only the instructor has: hidden tests, mark schemes and solutions of a week's source."""

    hidden: list[str] = field(default_factory=list)
    mark_scheme: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)


def _region_lines(source: str, begin: str, end: str) -> list[str]:
    out, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            text = line.strip()
            if text and not _TRIVIAL.match(text) and len(text) >= 8:
                out.append(text)
    return out


def published_lines() -> set[str]:
    """Lines the course library itself shows learners after an attempt: the design prompts' reference answers."""
    from curriculum.design.catalog import prompts
    from curriculum.design.references import reference_markdown

    lines: set[str] = set()
    for prompt in prompts():
        try:
            lines.update(line.strip() for line in reference_markdown(prompt.prompt_id).splitlines())
        except KeyError:
            continue
    return lines


def secrets_of(source_notebooks, release_notebooks) -> Secrets:
    """The secret lines of a week: in its source notebooks' hidden, mark-scheme and solution regions,
    and not in any released (learner-visible) cell nor among the reference answers the library publishes."""
    visible = {line.strip() for nb in release_notebooks for cell in nb.cells for line in cell.source.splitlines()}
    visible |= published_lines()
    found = Secrets()
    for nb in source_notebooks:
        for cell in nb.cells:
            for bucket, begin, end in ((found.hidden, BEGIN_HIDDEN, END_HIDDEN),
                                       (found.mark_scheme, BEGIN_MARK_SCHEME, END_MARK_SCHEME),
                                       (found.solutions, BEGIN_SOLUTION, END_SOLUTION)):
                for text in _region_lines(cell.source, begin, end):
                    if text not in visible and text not in bucket:
                        bucket.append(text)
    return found


def page_lines(path: Path) -> set[str]:
    """The text lines of an HTML page as a reader sees them (tags removed, entities decoded)."""
    raw = Path(path).read_bytes()[: MAX_PAGE_BYTES + 1].decode("utf-8", errors="replace")
    text = html.unescape(re.sub(r"<[^>]{0,2000}>", "", raw))
    return {line.strip() for line in text.splitlines() if line.strip()}


def check_feedback(folder: Path, secrets: Secrets, notebooks: set[str],
                   own_lines: set[str] = frozenset(), course_files: set[str] = frozenset()) -> list[Leak]:
    """Every leak under ``folder`` (a student's feedback for one week).

    ``notebooks`` are the names whose pages belong there; ``own_lines`` are the lines of the
    student's own submission (their solutions are theirs to see); ``course_files`` are other file
    names every learner already has (nbgrader's ``timestamp.txt``, files released with the week).
    """
    leaks: list[Leak] = []
    folder = Path(folder)
    if not folder.exists():
        return leaks
    for path in sorted(p for p in folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name in set(course_files) | {"timestamp.txt"}:
            continue
        if path.is_symlink() or (path.is_file() and not (path.suffix == ".html" and path.stem in notebooks)):
            leaks.append(Leak(path, path.name, "not a feedback page"))
            continue
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_PAGE_BYTES:
            leaks.append(Leak(path, f"{path.stat().st_size:,} bytes", "page too large"))
        try:
            lines = page_lines(path)
        except OSError as exc:
            leaks.append(Leak(path, str(exc), "unreadable"))
            continue
        leaks += [Leak(path, line, "hidden test") for line in secrets.hidden if line in lines]
        leaks += [Leak(path, line, "mark scheme") for line in secrets.mark_scheme if line in lines]
        leaks += [Leak(path, line, "solution") for line in secrets.solutions
                  if line in lines and line not in own_lines]
        if any(marker.strip() in lines for marker in (BEGIN_HIDDEN, BEGIN_MARK_SCHEME)) and not any(
                marker.strip() in own_lines for marker in (BEGIN_HIDDEN, BEGIN_MARK_SCHEME)):
            leaks.append(Leak(path, "a hidden-test or mark-scheme marker", "marker"))
    return leaks
