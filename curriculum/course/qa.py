"""The course QA: six checks that every week must pass before it reaches learners.

1. ``release``   - ``release/`` is exactly what nbgrader generates from ``source/``.
2. ``solutions`` - each source notebook, autograded as a submission, earns every automatic point.
3. ``blank``     - each release notebook submitted untouched earns zero automatic points.
4. ``wrong``     - every autograded question has a planted plausible wrong answer, and a
                   submission carrying it loses that question's points.
5. ``static``    - no outputs in source/ or release/; nbgrader metadata valid; grade ids unique
                   and descriptive; test cells say what they check; fact keys exist.
6. ``lessons``   - every lesson notebook runs top to bottom on a fresh kernel.

Each check returns a list of :class:`Finding`; an empty list means it passed.
Scores come from nbgrader's gradebook after a real ``autograde``, never from
``nbgrader validate``'s exit code.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from curriculum.course import authoring, learner_text
from curriculum.course.layout import Course, is_lesson
from curriculum.course.nbgrader_driver import scratch_course
from curriculum.course.release import release_drift

CHECKS = ("release", "static", "solutions", "blank", "wrong", "lessons")
GRADING_CHECKS = ("solutions", "blank", "wrong")

#: grade ids are snake_case words that name the behaviour checked (nbgrader docs' habit).
GRADE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
GENERIC_GRADE_ID = re.compile(r"^(cell|q|question|test|answer|task|ex|exercise)([-_]?\d+)*([-_][a-z0-9]+)?$")

SOLVER_STUDENT = "qa_solution"
BLANK_STUDENT = "qa_blank"


@dataclass(frozen=True)
class Finding:
    """One failed expectation: which check, where, and what to do."""

    check: str
    notebook: str
    question: str
    message: str

    def __str__(self) -> str:
        where = self.notebook + (f" [{self.question}]" if self.question else "")
        return f"[{self.check}] {where}: {self.message}"


@dataclass
class QAReport:
    """The findings of a QA run, and how long each check took."""

    checks: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    lesson_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings

    def render(self) -> str:
        lines = []
        for check in self.checks:
            failed = [f for f in self.findings if f.check == check]
            mark = "PASS" if not failed else f"FAIL ({len(failed)})"
            lines.append(f"{mark:>10}  {check}")
            lines.extend("            - " + str(f).split("] ", 1)[1] for f in failed)
        for step, took in self.seconds.items():
            lines.append(f"      time  {step}: {took:.1f} s")
        for name, took in self.lesson_seconds.items():
            lines.append(f"      time  {name} ran in {took:.1f} s")
        lines.append("QA passed." if self.ok else f"QA failed: {len(self.findings)} finding(s).")
        return "\n".join(lines)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _graded(paths: list[Path]) -> list[Path]:
    return [p for p in paths if any(c.points > 0 for c in authoring.graded_cells(authoring.read(p)))]


# -- 1. release -------------------------------------------------------------------------------

def check_release(root: Path, weeks: list[str]) -> list[Finding]:
    return [Finding("release", d.path, "", d.problem) for d in release_drift(root, weeks)]


# -- 5. static --------------------------------------------------------------------------------

def check_static(root: Path, weeks: list[str]) -> list[Finding]:
    from nbgrader.preprocessors import CheckCellMetadata

    from curriculum import facts

    course = Course(root)
    findings: list[Finding] = []
    known_facts = set(facts.all_facts())
    readable = {}
    paths = [course.header] if course.header.exists() else []
    for week in weeks:
        paths += course.source_notebooks(week) + course.release_notebooks(week)
    for path in paths:
        name = _rel(root, path)
        try:
            nb = authoring.read(path)
        except Exception as exc:  # invalid JSON or schema: report, keep checking the rest
            findings.append(Finding("static", name, "", f"cannot be read as a notebook: {exc}"))
            continue
        readable[path] = nb
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
                findings.append(Finding("static", name, f"cell {index}",
                                        "has outputs or an execution count: clear outputs before committing"))
        try:
            CheckCellMetadata().preprocess(nb, {})
        except Exception as exc:
            findings.append(Finding("static", name, "", f"nbgrader metadata is invalid: {exc}"))
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for key in sorted(facts.keys_used_in(cell.source) - known_facts):
                findings.append(Finding("static", name, f"cell {index}",
                                        f"uses fact key {key!r}, which is not in curriculum/facts/facts.toml"))
        for index, cell in enumerate(nb.cells):  # what a learner reads: money as text, prose cells collapsed
            findings.extend(Finding("static", name, f"cell {index}", problem)
                            for problem in learner_text.dollar_problems(cell) + learner_text.collapse_problems(cell))
        if path.is_relative_to(course.source_dir):
            findings.extend(_check_grade_cells(name, nb))
    for week in weeks:
        seen: dict[str, str] = {}
        for path in course.source_notebooks(week):
            if path not in readable:
                continue
            for gc in authoring.graded_cells(readable[path]):
                if gc.grade_id in seen:
                    findings.append(Finding("static", _rel(root, path), gc.grade_id,
                                            f"grade id also used in {seen[gc.grade_id]}: grade ids must be unique in a week"))
                seen[gc.grade_id] = _rel(root, path)
    return findings


def _check_grade_cells(name: str, nb) -> list[Finding]:
    findings = []
    for gc in authoring.graded_cells(nb):
        if not GRADE_ID_PATTERN.match(gc.grade_id) or GENERIC_GRADE_ID.match(gc.grade_id):
            findings.append(Finding("static", name, gc.grade_id,
                                    "grade id should name what the cell checks in snake_case words "
                                    "(e.g. 'arrival_rate_littles_law'), not a number or nbgrader's default"))
        if gc.is_autograded_test:
            first = nb.cells[gc.index].source.lstrip().split("\n", 1)[0]
            if not (first.startswith('"""') or first.startswith("'''")):
                findings.append(Finding("static", name, gc.grade_id,
                                        "test cell should open with a one-line docstring saying what it checks"))
    return findings


# -- 2, 3, 4. grading with nbgrader ------------------------------------------------------------

def check_grading(root: Path, weeks: list[str], which: tuple[str, ...] = ("solutions", "blank", "wrong")) -> list[Finding]:
    """Autograde the solutions, blank releases and planted wrong answers of each week with nbgrader."""
    course = Course(root)
    findings: list[Finding] = []
    for week in weeks:
        graded = _graded(course.source_notebooks(week))
        with scratch_course(root, [week]) as scratch:
            release = scratch.generate(week)
            if "solutions" in which:
                findings += _solutions(root, scratch, week, graded)
            if "blank" in which:
                findings += _blank(scratch, week, [release / p.name for p in graded])
            if "wrong" in which:
                findings += _wrong(root, scratch, week, graded)
    return findings


def _solutions(root, scratch, week, graded) -> list[Finding]:
    if not graded:
        return []
    scratch.submit(week, SOLVER_STUDENT, {p.name: p for p in graded})
    out = []
    for s in scratch.autograde(week, SOLVER_STUDENT):
        if s.autograded and s.score < s.max_score:
            out.append(Finding("solutions", f"source/{week}/{s.notebook}.ipynb", s.grade_id,
                               f"the solution earns {s.score:g} of {s.max_score:g} points: fix the solution or the test"))
    return out


def _blank(scratch, week, released) -> list[Finding]:
    if not released:
        return []
    scratch.submit(week, BLANK_STUDENT, {p.name: p for p in released})
    return [
        Finding("blank", f"release/{week}/{s.notebook}.ipynb", s.grade_id,
                f"an untouched notebook earns {s.score:g} points: the test must fail until the learner answers")
        for s in scratch.autograde(week, BLANK_STUDENT)
        if s.autograded and s.score > 0
    ]


def _wrong(root, scratch, week, graded) -> list[Finding]:
    out: list[Finding] = []
    for path in graded:
        nb = authoring.read(path)
        name = _rel(root, path)
        planted = authoring.wrong_answers(nb)
        covered = {g for w in planted for g in w.fails}
        for test in authoring.autograded_tests(nb):
            if test.grade_id not in covered:
                out.append(Finding("wrong", name, test.grade_id,
                                   "no planted wrong answer targets this question: add one under "
                                   "metadata.curriculum.wrong_answers of its answer cell"))
        for number, wrong in enumerate(planted):
            student = f"qa_wrong_{path.stem}_{number}"
            scratch.submit(week, student, {path.name: authoring.with_wrong_answer(nb, wrong)})
            scores = {s.grade_id: s for s in scratch.autograde(week, student) if s.notebook == path.stem}
            for grade_id in wrong.fails:
                s = scores.get(grade_id)
                if s is None:
                    out.append(Finding("wrong", name, grade_id, f"wrong answer '{wrong.why}' names a test cell that is not graded"))
                elif s.score >= s.max_score:
                    out.append(Finding("wrong", name, grade_id,
                                       f"still earns full points with the wrong answer '{wrong.why}': the test cannot tell"))
    return out


# -- 6. lessons -------------------------------------------------------------------------------

def check_lessons(root: Path, weeks: list[str], timings: dict[str, float] | None = None,
                  timeout_s: int = 120) -> list[Finding]:
    """Run each source lesson top to bottom on a fresh kernel with nbclient."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    course = Course(root)
    findings = []
    for week in weeks:
        for path in course.source_notebooks(week):
            if not is_lesson(path):
                continue
            name = _rel(root, path)
            nb = nbformat.read(str(path), as_version=4)
            with tempfile.TemporaryDirectory(prefix="lesson-run-") as tmp:
                for item in path.parent.iterdir():  # data files the lesson reads sit beside it
                    if item.is_file() and item.suffix != ".ipynb":
                        shutil.copy(item, tmp)
                client = NotebookClient(nb, timeout=timeout_s, kernel_name="python3",
                                        resources={"metadata": {"path": tmp}})
                started = time.perf_counter()
                try:
                    client.execute()
                except CellExecutionError as exc:
                    findings.append(Finding("lessons", name, "", f"stops with an error: {str(exc).strip().splitlines()[-1]}"))
                except Exception as exc:  # timeouts, dead kernels
                    findings.append(Finding("lessons", name, "", f"could not run: {type(exc).__name__}: {exc}"))
                if timings is not None:
                    timings[name] = time.perf_counter() - started
    return findings


# -- all --------------------------------------------------------------------------------------

def run_qa(root: Path, weeks: list[str] | None = None, checks: tuple[str, ...] = CHECKS) -> QAReport:
    """Run the chosen checks over the chosen weeks (all by default)."""
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        raise ValueError(f"checks must be among {', '.join(CHECKS)}; got {', '.join(unknown)}")
    course = Course(root)
    weeks = [course.require_assignment(w) for w in weeks] if weeks else course.assignments()
    report = QAReport(checks=tuple(c for c in CHECKS if c in checks))
    grading = tuple(c for c in CHECKS if c in checks and c in GRADING_CHECKS)
    for check in report.checks:
        started = time.perf_counter()
        if check == "release":
            report.findings += check_release(root, weeks)
        elif check == "static":
            report.findings += check_static(root, weeks)
        elif check == "lessons":
            report.findings += check_lessons(root, weeks, report.lesson_seconds)
        elif check == grading[0]:  # one scratch course per week serves all grading checks
            report.findings += check_grading(root, weeks, grading)
            check = "grading (" + ", ".join(grading) + ")"
        else:
            continue
        report.seconds[check] = time.perf_counter() - started
    return report
