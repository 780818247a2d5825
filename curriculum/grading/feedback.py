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


def question_title(cell, fallback: str = "", limit: int = 90) -> str:
    """A graded cell's title as the learner reads it: a test cell's docstring, or a task's first line.

    Long titles are cut at a word, with an ellipsis, so they fit one line.

    >>> from nbformat.v4 import new_code_cell
    >>> question_title(new_code_cell("'''Q1: total latency, in ms'''\\ncheck()"), "q1")
    'Q1: total latency, in ms'
    >>> question_title(new_code_cell("check()"), "q1")
    'q1'
    """
    source = cell.get("source", "").strip()
    first = source.split("\n", 1)[0].strip() if source else ""
    if cell.get("cell_type") == "code":
        first = first.strip("\"' ") if first.startswith(('"""', "'''")) else ""
    else:
        first = first.lstrip("# ").strip()
    title = first or fallback
    if len(title) > limit:
        title = title[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
    return title


class HideSecrets(NbGraderPreprocessor):
    """Remove hidden tests and mark schemes from the course's cells; trim test cells' errors to one line.

    This is the leak guard and stands alone: a test cell's traceback can quote hidden test code, so it is cut to
    ``ename: evalue`` here, even though :class:`LearnerLabels` (presentation, later in the chain) rewrites every
    error in words again. Dropping ``LearnerLabels`` from the configuration must not open a leak.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if _is_test_cell(cell):
            cell.source, _ = _drop_regions(cell.source, BEGIN_HIDDEN, END_HIDDEN, HIDDEN_PLACEHOLDER)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        if _is_course_text(cell):
            cell.source, _ = _drop_regions(cell.source, BEGIN_MARK_SCHEME, END_MARK_SCHEME, MARK_SCHEME_PLACEHOLDER)
        return cell, resources


# -- the page a learner reads ----------------------------------------------------------------------

#: The feedback page's template file, in ``templates/feedback/``: nbgrader's ``feedback`` template (which its API
#: always names) with question titles, "for your instructor" for hand-graded parts, and wrapped outputs. The
#: folder comes first on the template path, so this file is found there and extends nbgrader's ``index.html.j2``.
TEMPLATE_FILE = "learner_feedback.html.j2"
#: Errors the course's checks raise with a message written for the learner: shown as that message alone.
FRIENDLY_ERRORS = frozenset({"CheckFailed", "AnswerNotReadable", "AssertionError", "CheckTimedOut"})
#: Extra styles: long hints and outputs wrap inside their box instead of running off the page.
_PAGE_CSS = """
div.output_area pre, div.output_subarea pre, div.output_text pre { white-space: pre-wrap; word-break: break-word; }
.curriculum-summary { font-size: 15px; margin: 0.4em 0; }
.curriculum-note { color: #555; }
.curriculum-status { color: #333; }
li.curriculum-passed .curriculum-status, span.curriculum-passed { color: #1a7f37; }
li.curriculum-missed .curriculum-status, span.curriculum-missed { color: #b42318; }
li.curriculum-instructor .curriculum-status, span.curriculum-instructor { color: #555; font-style: italic; }
div.nbgrader_cell .panel-heading { height: auto; min-height: 37px; }
div.nbgrader_cell .panel-heading .curriculum-status { color: #fff; font-weight: bold; font-style: normal; }
div.nbgrader_cell .panel-heading .curriculum-status a { color: #dde; }
"""


def template_dirs() -> list[str]:
    """nbconvert template base folders for the feedback page: the course's, then nbgrader's (which it extends).

    >>> [Path(d).parts[-2:] for d in template_dirs()]
    [('grading', 'templates'), ('formgrader', 'templates')]
    """
    import nbgrader

    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    return [str(Path(__file__).with_name("templates")), str(nbgrader_templates)]


def _points(x: float) -> str:
    """``1 point``, ``0.7 of 1 point`` style numbers: at most two decimals, no trailing zeros."""
    return f"{round(float(x), 2):g}"


def _plural(x: float) -> str:
    return "point" if abs(float(x) - 1) < 1e-9 else "points"


def status_of(score: float | None, max_score: float, hand_graded: bool, waiting: bool) -> tuple[str, str]:
    """``(status, text)`` of one graded question, as the feedback page and the lab show it.

    >>> status_of(1, 1, False, False)
    ('passed', 'passed: 1 of 1 point')
    >>> status_of(2.8, 4, False, False)
    ('part', 'part: 2.8 of 4 points')
    >>> status_of(0, 1, False, False)
    ('missed', 'not passed yet: 0 of 1 point')
    >>> status_of(0, 4, True, True)
    ('instructor', 'for your instructor (4 points)')
    """
    if waiting:
        return "instructor", f"for your instructor ({_points(max_score)} {_plural(max_score)})"
    score = float(score or 0)
    of = f"{_points(score)} of {_points(max_score)} {_plural(max_score)}"
    by = ", graded by your instructor" if hand_graded else ""
    if score >= max_score - 1e-9:
        return "passed", f"passed: {of}{by}"
    if score > 1e-9:
        return "part", f"part: {of}{by}"
    return "missed", f"not passed yet: {of}{by}"


def _week_name(week: str) -> str:
    """``week3`` as a reader writes it: ``Week 3`` (other names unchanged)."""
    return re.sub(r"^week(\d+)$", r"Week \1", week)


def _line_of(traceback: list[str]) -> str:
    """``line N`` of the last ``----> N`` marker in an IPython traceback, or ``""``."""
    found = ""
    for entry in traceback or []:
        for match in re.finditer(r"-+>\s*(\d+)", re.sub(r"\x1b\[[0-9;]*m", "", str(entry))):
            found = f" (line {match.group(1)})"
    return found


def friendly_error(output, test_cell: bool) -> str:
    """One line for a learner in place of an error's traceback.

    >>> friendly_error({"ename": "CheckFailed", "evalue": "`x` is about 2x too high."}, True)
    '`x` is about 2x too high.'
    >>> friendly_error({"ename": "NotImplementedError", "evalue": "Write your answer in this cell"}, False)
    'Not answered yet: this cell still raises NotImplementedError. Write your answer, delete that line and run it.'
    >>> friendly_error({"ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": ["----> 3 x/0"]}, False)
    'Your code stopped with ZeroDivisionError: division by zero (line 3).'
    """
    ename, evalue = str(output.get("ename", "Error")), str(output.get("evalue", "")).strip()
    if test_cell:
        if ename in FRIENDLY_ERRORS:
            return evalue or "This check did not pass yet: look at your answer above and run it again."
        return f"The check could not use your answer ({ename}: {evalue}). Look at the value and type you set."
    if ename == "NotImplementedError":
        return ("Not answered yet: this cell still raises NotImplementedError. Write your answer, delete that "
                "line and run it.")
    return f"Your code stopped with {ename}: {evalue}{_line_of(output.get('traceback'))}."


class LearnerLabels(NbGraderPreprocessor):
    """Label a feedback notebook for its reader: question titles, statuses and one-line errors.

    Runs after nbgrader's ``GetGrades`` (named in ``nbgrader_config.py``). Each graded cell gets
    ``metadata.curriculum`` with its title and status; an answer cell is titled after the question it answers;
    ``resources["curriculum"]`` holds the page's heading, summary line and question list, read by the
    ``curriculum_feedback`` template. A hand-graded part nobody has graded yet reads "for your instructor",
    and is left out of the score, so the page agrees with ``curriculum selfgrade``. Grades are read from
    nbgrader's gradebook; nothing is written to it.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        grades = {}
        with Gradebook(info["db_url"]) as gradebook:
            for cell in nb.cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if meta.get("grade") or meta.get("task"):
                    grade = gradebook.find_grade(meta["grade_id"], info["notebook"], info["assignment"],
                                                 info["student"])
                    grades[meta["grade_id"]] = (grade.score, grade.max_score, grade.needs_manual_grade,
                                                grade.manual_score is not None)
        questions, waiting_answers = [], []
        earned = possible = pending = 0.0
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            test_cell = _is_test_cell(cell)
            for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
                if output.get("output_type") == "error":
                    output["traceback"] = [friendly_error(output, test_cell)]
            gid = meta.get("grade_id")
            if not gid:
                continue
            if gid not in grades:  # an answer cell: titled once the question it answers is known
                if meta.get("solution"):
                    waiting_answers.append(cell)
                continue
            score, max_score, needs_manual, hand_graded = grades[gid]
            autograded = test_cell and not needs_manual
            waiting = needs_manual and not hand_graded
            title = question_title(cell, gid)
            status, text = status_of(score, max_score, hand_graded and not autograded, waiting)
            cell.metadata["curriculum"] = {"title": title, "status": status, "status_text": text}
            for answer in waiting_answers:
                answer.metadata["curriculum"] = {"title": f"Your answer to {title.split(':', 1)[0]}",
                                                 "status": "", "status_text": ""}
            waiting_answers = []
            questions.append({"anchor": gid, "title": title, "status": status, "status_text": text})
            if waiting:
                pending += float(max_score or 0)
            else:
                earned += float(score or 0)
                possible += float(max_score or 0)
        for answer in waiting_answers:
            answer.metadata["curriculum"] = {"title": "Your answer", "status": "", "status_text": ""}
        penalty = float(info.get("late_penalty") or 0)
        earned = max(0.0, earned - penalty)
        kind = "Autograded so far" if pending else "Score"
        summary = f"{kind}: {_points(earned)} of {_points(possible)} {_plural(possible)}"
        if possible:
            summary += f" ({earned / possible:.0%})"
        summary += "."
        if pending:
            summary += f" {_points(pending)} more {_plural(pending)} are graded by your instructor."
        resources["curriculum"] = {
            "heading": f"{_week_name(info['assignment'])} · {info['notebook']}: your feedback",
            "summary": summary,
            "note": ("Each question below shows what passed and, where a check did not, one line on what to look "
                     "at again. Hidden checks ran, but their code is not shown."),
            "questions": questions,
        }
        inlining = resources.setdefault("inlining", {})
        inlining["css"] = list(inlining.get("css", [])) + [_PAGE_CSS]
        return nb, resources


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
