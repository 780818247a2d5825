"""What an author writes into source notebooks, read back for the course QA.

Graded questions follow nbgrader's cell types: an "autograded answer" cell
(solution region between ``### BEGIN SOLUTION`` and ``### END SOLUTION``) and
an "autograder tests" cell with points (visible sanity checks, then hidden value
checks between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``).

Each answer cell also carries at least one *plausible wrong answer* in its
metadata, so the QA can prove that no test passes for everyone::

    "metadata": {"curriculum": {"wrong_answers": [
        {"why": "minutes used as seconds", "code": "arrival_rate_per_s = 10_000 / 3"}
    ]}}

A wrong answer replaces the solution region of its cell. By default it must
cost points in the next autograder test cell; list other grade ids under
``"fails"`` when it should cost points elsewhere. The release never carries this
metadata (``nbgrader_plugins.StripAuthorMetadata``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import nbformat

from curriculum.course.nbgrader_plugins import AUTHOR_KEY
from curriculum.grading.feedback import (BEGIN_HIDDEN, BEGIN_MARK_SCHEME, BEGIN_SOLUTION, END_HIDDEN,
                                         END_MARK_SCHEME, END_SOLUTION)


@dataclass(frozen=True)
class GradedCell:
    """One nbgrader cell as the QA sees it."""

    index: int
    grade_id: str
    cell_type: str
    solution: bool
    grade: bool
    task: bool
    points: float

    @property
    def is_autograded_test(self) -> bool:
        return self.grade and not self.solution and self.cell_type == "code" and self.points > 0

    @property
    def is_manual(self) -> bool:
        return self.points > 0 and (self.task or (self.grade and self.solution))


@dataclass(frozen=True)
class WrongAnswer:
    """A planted, plausible wrong answer for one solution cell."""

    cell: str
    code: str
    why: str
    fails: tuple[str, ...]


def graded_cells(nb) -> list[GradedCell]:
    """All cells with nbgrader metadata, in notebook order."""
    cells = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        cells.append(
            GradedCell(
                index=index,
                grade_id=str(meta.get("grade_id", "")),
                cell_type=cell.cell_type,
                solution=bool(meta.get("solution")),
                grade=bool(meta.get("grade")),
                task=bool(meta.get("task")),
                points=float(meta.get("points", 0) or 0),
            )
        )
    return cells


def autograded_tests(nb) -> list[GradedCell]:
    return [c for c in graded_cells(nb) if c.is_autograded_test]


def wrong_answers(nb) -> list[WrongAnswer]:
    """The planted wrong answers of a source notebook, each tied to the tests it must fail."""
    cells = graded_cells(nb)
    found = []
    for gc in cells:
        if not gc.solution or gc.cell_type != "code":
            continue
        planted = nb.cells[gc.index].metadata.get(AUTHOR_KEY, {}).get("wrong_answers", [])
        following = [c.grade_id for c in cells if c.index > gc.index and c.is_autograded_test][:1]
        for item in planted:
            fails = tuple(item.get("fails") or following)
            found.append(WrongAnswer(gc.grade_id, item["code"], item.get("why", ""), fails))
    return found


def replace_solution(source: str, code: str) -> str:
    """Put ``code`` where the solution region of a cell is (the whole cell when it has no region)."""
    lines = source.split("\n")
    starts = [i for i, line in enumerate(lines) if BEGIN_SOLUTION in line]
    ends = [i for i, line in enumerate(lines) if END_SOLUTION in line]
    if not starts or not ends:
        return code
    begin, end = starts[0], ends[0]
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    body = [indent + line if line else line for line in code.split("\n")]
    return "\n".join(lines[:begin] + body + lines[end + 1 :])


def with_wrong_answer(nb, wrong: WrongAnswer):
    """A copy of the source notebook as a learner who made this mistake would submit it."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == wrong.cell:
            cell.source = replace_solution(cell.source, wrong.code)
            return out
    raise ValueError(f"wrong answer names cell {wrong.cell!r}, which is not in the notebook")


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


# -- cell factories for authors -----------------------------------------------------------------
# Build or extend a source notebook from Python, then edit it in JupyterLab: the .ipynb in source/
# stays the single source of truth (do not commit a script that regenerates a notebook).

def _nbgrader(grade_id: str, *, solution=False, grade=False, locked=False, task=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(text: str, grade_id: str | None = None):
    """A markdown cell; with a grade id it is read-only in the release."""
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if grade_id:
        cell.metadata.update(_nbgrader(grade_id, locked=True))
    return cell


def code(text: str):
    """A plain code cell (teaching code, not graded)."""
    return nbformat.v4.new_code_cell(text.strip("\n"))


def answer(grade_id: str, before: str, solution: str, after: str = "",
           wrong: list[tuple[str, str]] | tuple = ()):
    """An autograded answer cell: ``solution`` is cleared in the release; ``wrong`` = [(why, code), ...]."""
    parts = [before.strip("\n"), f"### {BEGIN_SOLUTION}", solution.strip("\n"), f"### {END_SOLUTION}"]
    if after:
        parts.append(after.strip("\n"))
    cell = nbformat.v4.new_code_cell("\n".join(p for p in parts if p != ""))
    cell.metadata.update(_nbgrader(grade_id, solution=True))
    if wrong:
        cell.metadata[AUTHOR_KEY] = {"wrong_answers": [{"why": why, "code": c.strip("\n")} for why, c in wrong]}
    return cell


def tests(grade_id: str, points: float, docstring: str, visible: str, hidden: str = ""):
    """An autograder test cell: a docstring line, visible sanity checks, then hidden value checks."""
    lines = [f'"""{docstring}"""', visible.strip("\n")]
    if hidden:
        lines += [f"### {BEGIN_HIDDEN}", hidden.strip("\n"), f"### {END_HIDDEN}"]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata.update(_nbgrader(grade_id, grade=True, locked=True, points=points))
    return cell


def written_task(grade_id: str, points: float, question: str, mark_scheme: str):
    """A hand-graded task: the question, and the instructor's rubric (kept out of the release)."""
    text = (question.strip("\n") + f"\n\n=== {BEGIN_MARK_SCHEME} ===\n\n" + mark_scheme.strip("\n")
            + f"\n\n=== {END_MARK_SCHEME} ===")
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata.update(_nbgrader(grade_id, task=True, locked=True, points=points))
    return cell


def new_notebook(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata.kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata.language_info = {"name": "python"}
    return nb
