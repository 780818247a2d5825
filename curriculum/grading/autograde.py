"""nbgrader's ``Autograde``, made to grade what it can of a broken submission and say what it did.

Plain ``nbgrader autograde`` handles most mistakes itself, and this module keeps
that behaviour: an edited test cell is put back by ``OverwriteCells``; a cell
that runs past ``Execute.timeout`` is interrupted and scores zero. Where nbgrader
gives up on the whole submission, these subclasses grade the rest:

* a notebook that is not valid JSON (or not a notebook): nbgrader would stop the
  submission; here it scores zero, as a missing notebook does in nbgrader, and
  the other notebooks of the week are graded.
* a deleted test or task cell: nbgrader's own ``OverwriteCells.add_missing_cells``
  puts it back from the gradebook (with a robust placement, since nbgrader's
  raises ``KeyError`` when the cell before it was deleted too), so the test runs.
* a kernel that dies (``os._exit``, a crash, a memory hog killed by the limit):
  nbgrader would drop the submission; here the cells before keep their results,
  the cell that killed it and every later test cell get an error output, so
  they score zero and the feedback says why.
* a kernel that ignores the interrupt after a time-out: after two time-outs in a
  row the kernel is treated as dead (as above) instead of waiting
  ``Execute.timeout`` seconds for every remaining cell.

Each of these adds a note (``CohortAutograde.notes``) that the grading log and
the CLI show. Scores of sound submissions are exactly nbgrader's.
"""

from __future__ import annotations

import time

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbutils
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, OverwriteCells

KERNEL_DIED = "KernelDied"
NOT_RUN = "NotRun"


class KernelUnresponsive(DeadKernelError):
    """The kernel did not come back from an interrupt after a cell time-out."""


def _owner(obj):
    """The ``CohortAutograde`` that a preprocessor runs under (exporter -> converter), or None."""
    while obj is not None:
        if isinstance(obj, CohortAutograde):
            return obj
        obj = getattr(obj, "parent", None)
    return None


def _note(obj, text: str) -> None:
    owner = _owner(obj)
    if owner is not None and text not in owner.notes:
        owner.notes.append(text)


def _timing(obj, key: str, seconds: float) -> None:
    owner = _owner(obj)
    if owner is not None:
        owner.timings[key] = owner.timings.get(key, 0.0) + seconds


class CohortOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells`` with missing cells restored, and a note for every repair."""

    def preprocess(self, nb, resources):
        self._notebook_name = resources["nbgrader"]["notebook"]
        return super().preprocess(nb, resources)

    def report_change(self, name, attr, old, new):
        super().report_change(name, attr, old, new)
        if attr in ("cell_type", "locked", "points"):
            _note(self, f"{self._notebook_name}: cell {name} had its {attr} changed; nbgrader restored it")

    def preprocess_cell(self, cell, resources, cell_index):
        """nbgrader's check; a note only when a locked cell differs from what the learner was given.

        nbgrader compares with the gradebook's copy, which still holds the hidden tests and the mark
        scheme, so it reports a changed checksum for every such cell; the note compares with the
        released form (those regions removed by nbgrader's own preprocessors).
        """
        submitted = cell.source
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if grade_id and cell.metadata.get("nbgrader", {}).get("locked") and submitted != cell.source:
            if _released_form(cell) != submitted.strip():
                _note(self, f"{self._notebook_name}: the locked cell {grade_id} was edited; nbgrader graded "
                            "the original")
        return cell, resources

    def add_missing_grade_cells(self, nb, resources):
        """Put deleted grade cells back after the nearest earlier cell that is still there."""
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source_nb.source_cells]
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for missing in [name for name in order if name in solution_ids and name not in grade_cells]:
            if missing not in _present(nb):
                _note(self, f"{self.notebook_id}: the answer cell {missing} was deleted; its tests score zero")
        for name in order:
            if name not in grade_cells or name in _present(nb):
                continue
            source_cell = next(c for c in source_nb.source_cells if c.name == name)
            cell = self.missing_cell_transform(source_cell, grade_cells[name].max_score,
                                               is_solution=name in solution_ids)
            present = _present(nb)
            earlier = [n for n in order[: order.index(name)] if n in present]
            at = present[earlier[-1]] + 1 if earlier else 0
            nb.cells.insert(at, cell)
            _note(self, f"{self.notebook_id}: the graded cell {name} was deleted; it was restored from the "
                        "gradebook and graded")
        return nb, resources

    def add_missing_task_cells(self, nb, resources):
        before = set(_present(nb))
        nb, resources = super().add_missing_task_cells(nb, resources)
        for name in sorted(set(_present(nb)) - before):
            _note(self, f"{self.notebook_id}: the task {name} was deleted; it was restored at the end for hand grading")
        return nb, resources


def _released_form(cell) -> str:
    """A locked cell's source as the release shows it: hidden tests and mark scheme removed by nbgrader."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme

    copy_ = NotebookNode(cell_type=cell.cell_type, source=cell.source, metadata=dict(cell.metadata))
    ClearHiddenTests()._remove_hidden_test_region(copy_)
    ClearMarkScheme()._remove_mark_scheme_region(copy_)
    return copy_.source.strip()


def _present(nb) -> dict[str, int]:
    """grade id -> index of the cells with nbgrader metadata in the notebook."""
    return {cell.metadata["nbgrader"]["grade_id"]: i for i, cell in enumerate(nb.cells)
            if "nbgrader" in cell.metadata and "grade_id" in cell.metadata["nbgrader"]}


class CohortExecute(Execute):
    """nbgrader's ``Execute`` that keeps the results it has when the kernel dies, and times its steps."""

    def preprocess(self, nb, resources=None, km=None):
        self._current = None
        self._timeouts_in_a_row = 0
        self._started = time.perf_counter()
        self._cells_s = 0.0
        name = self._name = (resources or {}).get("nbgrader", {}).get("notebook", "notebook")
        try:
            nb, resources = super().preprocess(nb, resources, km)
        except (DeadKernelError, CellTimeoutError) as exc:
            # CellTimeoutError reaches here when a kernel ignores the interrupt and its output never ends
            self._mark_not_run(nb, exc, name)
        finally:
            total = time.perf_counter() - self._started
            _timing(self, "kernel start/stop", total - self._cells_s)
            _timing(self, "cells", self._cells_s)
        return nb, resources

    #: A cell slower than this (seconds) gets a note, so slow work is visible in the grading log.
    slow_cell_s = 20.0

    def preprocess_cell(self, cell, resources, index):
        self._current = index
        started = time.perf_counter()
        try:
            return super().preprocess_cell(cell, resources, index)
        finally:
            took = time.perf_counter() - started
            self._cells_s += took
            if took > self.slow_cell_s and cell.cell_type == "code":
                _note(self, f"{self._name}: cell {index} took {took:.0f} s")

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        reply = kwargs["execute_reply"]["content"]
        if reply.get("status") == "error" and reply.get("ename") == self.error_on_timeout.get("ename"):
            self._timeouts_in_a_row += 1
            grade_id = kwargs["cell"].metadata.get("nbgrader", {}).get("grade_id")
            where = f"cell {kwargs.get('cell_index')}" + (f" ({grade_id})" if grade_id else "")
            effect = "it scores zero" if nbutils.is_grade(kwargs["cell"]) else "later tests may fail"
            _note(self, f"{self._name}: {where} ran longer than {self.timeout} s; nbgrader interrupted it "
                        f"({effect})")
            if self._timeouts_in_a_row >= 2:
                raise KernelUnresponsive("the kernel did not respond to an interrupt after a time-out")
        else:
            self._timeouts_in_a_row = 0
        if reply.get("status") == "error" and reply.get("ename") == "MemoryError":
            _note(self, f"{self._name}: cell {kwargs.get('cell_index')} ran out of memory (MemoryError: the "
                        "per-kernel memory limit); the rest of the notebook was graded")

    def _mark_not_run(self, nb, exc, name: str) -> None:
        at = self._current if self._current is not None else 0
        unresponsive = isinstance(exc, (KernelUnresponsive, CellTimeoutError))
        why = ("the kernel stopped responding after a time-out (it ignored the interrupt)" if unresponsive
               else "the kernel died (a crash, os._exit, or the memory limit)")
        first = nb.cells[at] if at < len(nb.cells) else None
        if first is not None and first.cell_type == "code" and not any(
                o.get("output_type") == "error" for o in first.get("outputs", [])):
            ename = self.error_on_timeout.get("ename", "CellTimeoutError") if unresponsive else KERNEL_DIED
            first.outputs = list(first.get("outputs", [])) + [NotebookNode(
                output_type="error", ename=ename, evalue=f"{why} while this cell ran",
                traceback=[f"{ename}: {why} while this cell ran"])]
        later = 0
        for cell in nb.cells[at + 1:]:
            if cell.cell_type == "code" and nbutils.is_grade(cell):
                cell.outputs = [NotebookNode(output_type="error", ename=NOT_RUN,
                                             evalue=f"not run: {why} in an earlier cell",
                                             traceback=[f"{NOT_RUN}: not run, {why} in an earlier cell"])]
                later += 1
        grade_id = (first.metadata.get("nbgrader", {}).get("grade_id") if first is not None else None)
        where = f"cell {at}" + (f" ({grade_id})" if grade_id else "")
        _note(self, f"{name}: {why} in {where}; cells before it were graded, {later} later test cell(s) "
                    "score zero")


class CohortAutograde(Autograde):
    """nbgrader's ``Autograde`` converter that grades the readable notebooks of a submission and notes the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []
        self.timings: dict[str, float] = {}

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        started = time.perf_counter()
        super().init_assignment(assignment_id, student_id)
        readable = []
        for path in self.notebooks:
            name = path.rsplit("/", 1)[-1][: -len(".ipynb")]
            try:
                nbformat.validate(nbformat.read(path, as_version=4))
            except Exception as exc:  # invalid JSON, not a notebook, or a schema nbformat cannot read
                reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
                self.notes.append(f"{name}: cannot be read as a notebook ({reason}); it scores zero, "
                                  "the rest of the week is graded")
                self._zero_notebook(assignment_id, student_id, name)
                continue
            readable.append(path)
        self.notebooks = readable
        self.timings["nbgrader bookkeeping"] = self.timings.get("nbgrader bookkeeping", 0.0) + (
            time.perf_counter() - started)

    def _zero_notebook(self, assignment_id: str, student_id: str, notebook: str) -> None:
        """What nbgrader does for a missing notebook: every grade 0, nothing left to grade by hand."""
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            submission = gb.find_submission_notebook(notebook, assignment_id, student_id)
            for grade in submission.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()


def autograde_preprocessors() -> tuple[list, list]:
    """nbgrader's default sanitize and autograde preprocessor lists with the cohort subclasses swapped in."""
    sanitize = [CohortOverwriteCells if p is OverwriteCells else p for p in Autograde.sanitize_preprocessors.default()]
    grade = [CohortExecute if p is Execute else p for p in Autograde.autograde_preprocessors.default()]
    return sanitize, grade
