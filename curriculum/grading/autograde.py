"""nbgrader's ``Autograde``, made safe against hostile submissions and able to grade what it can of a broken one.

This is nbgrader's own machinery (its ``Autograde`` converter, its preprocessors, its gradebook, cell
ids and scores) with the course's subclasses swapped in by :func:`autograde_preprocessors`:

* :class:`SafeExecute` (in place of nbgrader's ``Execute``) runs the student's cells in a kernel
  started by :mod:`.provisioner` (in the sandbox of :mod:`.sandbox`), but never runs a graded test
  cell there: for each test cell it reads the answers the cell uses out of the kernel as plain data
  (:mod:`.answers`) and runs the cell's code in the grader with those values bound (:mod:`.trusted`).
  It caps output as it arrives, and a dead or unresponsive kernel costs only what it had not run.
* nbconvert's ``SanitizeHTML`` runs after it, so no output and no Markdown a student wrote can carry
  script into the autograded notebook, formgrader or the feedback page.
* :class:`CohortOverwriteCells` restores deleted and edited graded cells, with a note for each.
* :class:`CohortAutograde` grades the readable notebooks of a submission and scores an unreadable one
  zero, where nbgrader would give up on the whole submission.

Each repair adds a note (``CohortAutograde.notes``). Scores of sound submissions are nbgrader's.
"""

from __future__ import annotations

import time

import nbformat
from nbclient.exceptions import CellControlSignal
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbutils
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute, OverwriteCells
from traitlets import Any, Integer

from curriculum.grading.feedback import question_title

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

def cell_label(cell, index) -> str:
    """A cell as a note names it for learners and instructors: ``cell 7 ('Q2: ms over budget')``.

    A graded cell is named by its question's title, never by its internal grade id; other cells by position.

    >>> from nbformat.v4 import new_code_cell
    >>> check = new_code_cell(chr(34) * 3 + "Q2: ms over budget" + chr(34) * 3,
    ...                       metadata={"nbgrader": {"grade_id": "q2", "grade": True}})
    >>> cell_label(check, 7)
    "cell 7 ('Q2: ms over budget')"
    >>> cell_label(new_code_cell("x = 1"), 3)
    'cell 3'
    """
    meta = cell.get("metadata", {}).get("nbgrader", {}) if cell is not None else {}
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    if not gid:
        return f"cell {index}"
    title = question_title(cell, "")
    return f"cell {index} ('{title}')" if title else f"cell {index} (an answer cell)"


def _timing(obj, key: str, seconds: float) -> None:
    owner = _owner(obj)
    if owner is not None:
        owner.timings[key] = owner.timings.get(key, 0.0) + seconds


class CohortOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells`` with missing cells restored, and a note for every repair."""

    def preprocess(self, nb, resources):
        self._notebook_name = resources["nbgrader"]["notebook"]
        for cell in nb.cells:  # a submission can carry any metadata; nbgrader needs a grade id on each
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta is not None and not (isinstance(meta, dict) and isinstance(meta.get("grade_id"), str)):
                del cell.metadata["nbgrader"]
                _note(self, f"{self._notebook_name}: a cell had broken grading metadata; it was graded as a plain cell")
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
                _note(self, f"{self._notebook_name}: the locked {cell_label(cell, cell_index)} was edited; "
                            "nbgrader graded the original")
        return cell, resources

    def add_missing_grade_cells(self, nb, resources):
        """Put deleted grade cells back after the nearest earlier cell that is still there."""
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source_nb.source_cells]
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for missing in [name for name in order if name in solution_ids and name not in grade_cells]:
            if missing not in _present(nb):
                sources = {c.name: c for c in source_nb.source_cells}
                following = next((sources[n] for n in order[order.index(missing):] if n in grade_cells), None)
                which = f" of '{_source_title(following)}'" if following is not None else ""
                _note(self, f"{self.notebook_id}: the answer cell{which} was deleted; its tests score zero")
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
            _note(self, f"{self.notebook_id}: the graded cell '{_source_title(source_cell)}' was deleted; the "
                        "grader put it back in its own copy (the submitted notebook is unchanged) and graded it")
        return nb, resources

    def add_missing_task_cells(self, nb, resources):
        before = set(_present(nb))
        nb, resources = super().add_missing_task_cells(nb, resources)
        for name in sorted(set(_present(nb)) - before):
            title = question_title(nb.cells[_present(nb)[name]], name)
            _note(self, f"{self.notebook_id}: the written task '{title}' was deleted; the grader put it back at the "
                        "end for hand grading")
        return nb, resources


def _source_title(source_cell) -> str:
    """The title of a gradebook source cell (its question's docstring or first line), else its name."""
    if source_cell is None:
        return ""
    return question_title({"cell_type": source_cell.cell_type, "source": source_cell.source or ""}, source_cell.name)


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


class SafeExecute(Execute):
    """nbgrader's ``Execute`` with test cells run by trusted code, output caps, and a sandboxed kernel.

    ``kernel_source`` (set by :class:`curriculum.grading.grader.Grader`) hands out kernels that are
    already starting; without one, nbclient starts a plain kernel as nbgrader would.
    """

    kernel_source = Any(None, allow_none=True, help="Hands out started kernels (see curriculum.grading.kernels).").tag(config=True)
    max_cell_output_chars = Integer(200_000, help="Output kept from one cell, in characters.").tag(config=True)
    max_notebook_output_chars = Integer(2_000_000, help="Output kept from one notebook.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._notebook_chars = 0
        self._cell_chars = 0
        self._cut_cells: set[int] = set()
        self._probing = False
        self._lease = None
        if km is None and self.kernel_source is not None:
            self._lease = self.kernel_source.take()
            km = self._lease.km
        try:
            return self._preprocess(nb, resources, km)
        finally:
            if getattr(self, "kc", None) is not None and not self.owns_km:
                try:
                    self.kc.stop_channels()
                except Exception:  # a dead kernel's channels may already be gone
                    pass
            if self._lease is not None:
                for note in self._lease.finish():
                    _note(self, f"{(resources or {}).get('nbgrader', {}).get('notebook', 'notebook')}: {note}")
                self._lease = None

    # -- output caps --------------------------------------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None or self._probing:
            return out
        size = _output_chars(out)
        self._cell_chars += size
        self._notebook_chars += size
        if self._cell_chars > self.max_cell_output_chars or self._notebook_chars > self.max_notebook_output_chars:
            if outs and outs[-1] is out:
                outs.pop()
            if cell_index not in self._cut_cells:
                self._cut_cells.add(cell_index)
                outs.append(NotebookNode(output_type="stream", name="stdout", text=(
                    "\n[output cut here: this cell printed more than the grader keeps "
                    f"({self.max_cell_output_chars:,} characters a cell, {self.max_notebook_output_chars:,} "
                    "a notebook)]\n")))
                _note(self, f"{self._name}: cell {cell_index} printed too much; its output was cut")
            return None
        return out

    # -- test cells run by trusted code ---------------------------------------------------------------

    def _run_test_cell(self, cell, index):
        from curriculum.grading.answers import decode, export_code, find_payload, names_read, new_marker
        from curriculum.grading.trusted import run_test_cell

        names = names_read(cell.source)
        answers: dict = {}
        if names:
            marker = new_marker()
            probe = NotebookNode(cell_type="code", source=export_code(names, marker), metadata=NotebookNode(),
                                 outputs=[], execution_count=None, id=f"probe-{index}")
            kept = self.nb.cells[index]
            self._probing = True
            try:
                super().preprocess_cell(probe, self.resources, index)
            finally:
                self._probing = False
                self.nb.cells[index] = kept
            printed = "".join(o.get("text", "") for o in probe.outputs
                              if o.get("output_type") == "stream" and o.get("name") == "stdout")
            answers = decode(find_payload(printed, marker), names)
        cell.outputs = run_test_cell(cell.source, answers)
        cell.execution_count = None
        return cell

    def _preprocess(self, nb, resources=None, km=None):
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
        self._cell_chars = 0
        started = time.perf_counter()
        try:
            if cell.cell_type == "code" and nbutils.is_grade(cell) and not nbutils.is_solution(cell):
                return self._run_test_cell(cell, index), self.resources
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
            where = cell_label(kwargs["cell"], kwargs.get("cell_index"))
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
               else "the kernel died (a crash, os._exit, the memory limit, or one message over 32 MB)")
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
        where = cell_label(first, at)
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


def _output_chars(output) -> int:
    """Characters an output holds (text, and the encoded size of images and other data)."""
    if output.get("output_type") == "stream":
        return len(output.get("text", ""))
    if output.get("output_type") == "error":
        return len(output.get("evalue", "")) + sum(len(line) for line in output.get("traceback", []))
    return sum(len(v) if isinstance(v, str) else len(str(v)) for v in output.get("data", {}).values())


def autograde_preprocessors() -> tuple[list, list]:
    """nbgrader's default sanitize and autograde preprocessor lists with the course's subclasses swapped in.

    nbconvert's ``SanitizeHTML`` follows the execution, so scripts and active HTML never reach what
    the grader writes.
    """
    from nbconvert.preprocessors.sanitize import SanitizeHTML

    sanitize = [CohortOverwriteCells if p is OverwriteCells else p for p in Autograde.sanitize_preprocessors.default()]
    grade = []
    for p in Autograde.autograde_preprocessors.default():
        grade.append(SafeExecute if p is Execute else p)
        if p is Execute:
            grade.append(SanitizeHTML)
    return sanitize, grade
