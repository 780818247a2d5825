"""Self-grading for a learner working alone: the full hidden tests, run privately on a copy of your work.

``curriculum selfgrade week3`` (or :func:`selfgrade`) grades the notebooks in
``my-work/week3/`` the way an instructor's nbgrader would: it builds a private
nbgrader course in ``.selfgrade/`` under the course folder (git ignores it),
generates the week from ``source/`` there, submits a *copy* of your notebooks,
autogrades them with the hidden tests and makes nbgrader's HTML feedback. You
get a score per question and for the week in the terminal, the feedback in
``my-work/week3/feedback/<notebook>.html``, and the results as JSON beside it
for ``curriculum progress``.

Guarantees:

* your notebook is only read, never written (the grader works on a copy);
* your code runs in the same grader as an instructor's (``curriculum.grading``): in the bubblewrap
  sandbox where the machine has it (Linux), else in a plain process (the result says which), and the
  checks always run outside your code, on your answers as plain data;
* hidden test code and the mark scheme are never shown: the terminal shows each check's own message,
  the feedback HTML goes through ``curriculum.grading.feedback.HideSecrets``, and a page that still
  holds any instructor's text is not handed back;
* a broken notebook still gets a clear message and a score for what can be
  scored: invalid JSON scores 0 for that notebook only; deleted graded cells are
  put back in the private copy from the release; a cell that runs too long is
  stopped after the course's per-cell timeout and the rest is graded.

Questions graded by an instructor (written answers) are listed but not scored here.

Reference: nbgrader, "Autograding" and "Generate feedback"
(https://nbgrader.readthedocs.io/en/stable/user_guide/creating_and_grading_assignments.html).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path

import nbformat

from curriculum.course import authoring
from curriculum.course.layout import Course
from curriculum.course.nbgrader_driver import CONFIG_NAME, NbgraderError, ScratchCourse
from curriculum.course.selfgrade_results import (
    FEEDBACK_DIR_NAME,
    RESULTS_NAME,
    NotebookReport,
    QuestionResult,
    SelfGradeResult,
    results_path,
)
from curriculum.course.workspace import default_workspace
from curriculum.grading.autograde import cell_label
from curriculum.grading.feedback import check_feedback, question_title, secrets_of

__all__ = ["PRIVATE_DIR_NAME", "NotebookReport", "QuestionResult", "SelfGradeResult", "results_path", "selfgrade"]

PRIVATE_DIR_NAME = ".selfgrade"
STUDENT = "me"
#: Error names nbgrader records for a cell stopped at the timeout.
TIMEOUT_ERRORS = ("CellTimeoutError", "KeyboardInterrupt")
_MESSAGE_CHARS = 300


# -- reading the learner's notebook (read-only) -------------------------------------------------------

def _read_learner_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, str | None]:
    """Parse the learner's notebook from its bytes; (None, problem) when it cannot be read."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError as exc:
        return None, f"is not a text file ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        return None, f"is not valid notebook JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat's NotJSONError, ValidationError, missing keys ...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, f"is not a valid Jupyter notebook ({first[:200]})"
    return nb, None


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _questions_of(release_nb, source_nb) -> list[dict]:
    """The graded questions of a notebook in order: grade id, title, answer cells, tags, who grades it."""
    source_cells = {_grade_id(c): c for c in source_nb.cells if _grade_id(c)}
    questions, answers = [], []
    for cell in release_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if not gid:
            continue
        points = float(meta.get("points", 0) or 0)
        if meta.get("solution") and not meta.get("grade"):
            answers.append(gid)
            continue
        if points <= 0 or not (meta.get("grade") or meta.get("task")):
            continue
        auto = bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"
        hidden = source_cells.get(gid, cell).source
        tags = tuple(tag for tag, pattern in _TAGS if re.search(pattern, hidden))
        questions.append({"grade_id": gid, "title": question_title(cell, gid), "answers": tuple(answers) if auto else (gid,),
                          "auto": auto, "tags": tags})
        if auto:
            answers = []
    return questions


#: Tags recorded per question from its (private) test code, for the progress checklist.
_TAGS = (("facts", r"curriculum\.facts|from curriculum import[^\n]*\bfacts\b"),
         ("design", r"curriculum\.design|from curriculum import[^\n]*\bdesign\b"))



def _attempted(learner_nb, release_nb, answer_ids: tuple[str, ...]) -> bool:
    release = {_grade_id(c): c.source.strip() for c in release_nb.cells if _grade_id(c)}
    learner = {_grade_id(c): c.source.strip() for c in learner_nb.cells if _grade_id(c)}
    return any(gid in learner and learner[gid] != release.get(gid) for gid in answer_ids)


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


def _errors(cell) -> list[tuple[str, str]]:
    return [(o.get("ename", "Error"), o.get("evalue", "")) for o in cell.get("outputs", [])
            if o.get("output_type") == "error"]


def _message(graded_nb, question: dict, attempted: bool, passed: bool, timeout_s: float,
             deleted_answers: set[str] = frozenset(), score: float = 0.0, max_score: float = 0.0) -> str:
    """What to tell the learner about a question: the check's own message, never test code."""
    if passed or graded_nb is None:
        return "" if passed else "not scored: the notebook could not be graded"
    gone = [gid for gid in question["answers"] if gid in deleted_answers]
    if gone and not attempted:
        cells = "answer cells were" if len(gone) > 1 else "answer cell (the one just above its check) was"
        return (f"its {cells} deleted from your notebook: copy it back from the week's notebook in release/ "
                "(or from a fresh copy of it) and write your answer there")
    cells = {_grade_id(c): c for c in graded_nb.cells if _grade_id(c)}
    for gid in question["answers"]:
        for ename, evalue in _errors(cells.get(gid, {})):
            if ename in TIMEOUT_ERRORS:
                return f"your answer cell was stopped after {timeout_s:g} s without finishing (an endless loop?)"
            if ename != "NotImplementedError":
                return _one_line(f"your answer cell raised {ename}: {evalue}")
    if not attempted:
        return "not answered yet"
    for ename, evalue in _errors(cells.get(question["grade_id"], {})):
        if ename in TIMEOUT_ERRORS:
            return f"the check was stopped after {timeout_s:g} s without finishing"
        if ename in ("CheckFailed", "AssertionError") and evalue:
            return _one_line(evalue)
        return _one_line(f"{ename}: {evalue}" if evalue else ename)
    return f"earned {score:g} of {max_score:g} points: the feedback shows what the check printed"


# -- the private nbgrader course ------------------------------------------------------------------------

def _course_timeout_s(root: Path) -> float:
    from curriculum.course.nbgrader_driver import load_config

    config = load_config(root)
    return float(config.Execute.timeout) if "Execute" in config and "timeout" in config.Execute else 30.0


def _fingerprint(root: Path, week: str, config: str) -> str:
    """A digest of what generate_assignment reads: the config, the header and the week's source files."""
    digest = hashlib.sha256(config.encode())
    files = [root / "source" / "header.ipynb"] + sorted((root / "source" / week).rglob("*"))
    for path in files:
        if path.is_file() and ".ipynb_checkpoints" not in path.parts and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _prepare_private(root: Path, private: Path, week: str, timeout_s: float | None) -> ScratchCourse:
    """``.selfgrade/``: the course config (plus overrides) and this week's source, generated by nbgrader.

    Each week has its own gradebook; the week is generated again only when its source, the header
    or the config changed since the last self-grade (a stamp file holds their digest).
    """
    private.mkdir(parents=True, exist_ok=True)
    (private / ".gitignore").write_text("# made by `curriculum selfgrade`; never commit (hidden tests, grades)\n*\n")
    config = (root / CONFIG_NAME).read_text()
    if timeout_s is not None:
        config += f"\n# -- self-grade override --\nc.Execute.timeout = {int(timeout_s)}\n"
    (private / CONFIG_NAME).write_text(config)
    db = private / f"gradebook-{week}.db"
    scratch = ScratchCourse(private, "sqlite:///" + str(db))
    stamp = private / f".generated-{week}"
    fingerprint = _fingerprint(root, week, config)
    if db.is_file() and (private / "release" / week).is_dir() and stamp.is_file() \
            and stamp.read_text() == fingerprint:
        scratch.generated.add(week)
        return scratch
    stamp.unlink(missing_ok=True)
    db.unlink(missing_ok=True)
    for folder in (private / "source" / week, private / "release" / week):
        shutil.rmtree(folder, ignore_errors=True)
    (private / "source").mkdir(exist_ok=True)
    header = root / "source" / "header.ipynb"
    if header.exists():
        shutil.copyfile(header, private / "source" / "header.ipynb")
    shutil.copytree(root / "source" / week, private / "source" / week,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scratch.generate(week)
    stamp.write_text(fingerprint)
    return scratch


@contextlib.contextmanager
def _quiet_stderr():
    """Send what nbgrader and its kernels write to stderr into a buffer (returned in a list)."""
    captured = [""]
    try:
        fd = os.dup(2)
    except OSError:  # no real stderr (some embedded runners): nothing to quieten
        yield captured
        return
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(fd, 2)
            os.close(fd)
            sink.seek(0)
            captured[0] = sink.read().decode(errors="replace")


def selfgrade(root: Path, week: str, workspace: Path | None = None, *, private_dir: Path | None = None,
              timeout_s: float | None = None) -> SelfGradeResult:
    """Grade the learner's notebooks of ``week`` with the hidden tests; save feedback and results beside them.

    ``workspace`` defaults to ``my-work/`` in the course folder; ``private_dir`` (default ``.selfgrade/``)
    holds the private nbgrader course; ``timeout_s`` overrides the course's per-cell timeout.
    Raises ValueError for a week that is not in the course or has no graded notebook.
    """
    root = Path(root).resolve()
    course = Course(root)
    course.require_week(week)
    if timeout_s is not None and not timeout_s > 0:
        raise ValueError(f"timeout_s must be > 0 seconds; got {timeout_s!r}")
    workspace = Path(workspace).resolve() if workspace else default_workspace(root).resolve()
    graded = [p for p in course.source_notebooks(week)
              if any(c.points > 0 for c in authoring.graded_cells(authoring.read(p)))]
    if not graded:
        raise ValueError(f"week must have a graded notebook; {week} has none to self-grade")
    effective_timeout = timeout_s if timeout_s is not None else _course_timeout_s(root)

    reports: list[NotebookReport] = []
    learner_nbs: dict[str, nbformat.NotebookNode] = {}
    to_submit: dict[str, nbformat.NotebookNode] = {}
    release_nbs = {p.stem: authoring.read(course.release_dir / week / p.name) for p in graded}
    for path in graded:
        name = path.stem
        mine = workspace / week / path.name
        if not mine.is_file():
            reports.append(NotebookReport(name, "missing", [
                f"{mine} is not there: run `make lab` (or `.venv/bin/curriculum workspace` in the course folder) to get this week's notebooks."]))
            continue
        nb, problem = _read_learner_notebook(mine)
        if nb is None:
            why = (f"{week}/{path.name} {problem}. JupyterLab cannot open it either, so none of its questions can "
                   f"be scored. To recover, look for your last checkpoint in {week}/.ipynb_checkpoints/, or copy "
                   f"release/{week}/{path.name} to a new name and move your answers over.")
            reports.append(NotebookReport(name, "unreadable", [why]))
            continue
        learner_nbs[name] = nb
        # Deleted check cells are put back by the grader itself (in its own copy), with a note per cell.
        to_submit[path.name] = nb
        reports.append(NotebookReport(name, "graded"))

    private = Path(private_dir).resolve() if private_dir else root / PRIVATE_DIR_NAME
    graded_nbs: dict[str, nbformat.NotebookNode] = {}
    scores: dict[tuple[str, str], float] = {}
    mode = ""
    if to_submit:
        try:
            with warnings.catch_warnings(), _quiet_stderr():
                warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy autoflush warnings
                scratch = _prepare_private(root, private, week, timeout_s)
                scratch.submit(week, STUDENT, to_submit)
                try:
                    cell_scores = scratch.autograde(week, STUDENT)
                    mode = scratch.last_outcome.sandbox if scratch.last_outcome else ""
                    for note in scratch.last_outcome.notes if scratch.last_outcome else []:
                        for report in reports:
                            if note.startswith(f"{report.name}:") and report.status == "graded":
                                report.problems.append(_one_line(note.split(":", 1)[1].strip()))
                    feedback_dir = scratch.feedback(week, STUDENT)
                    leaks = check_feedback(feedback_dir, secrets_of(
                        [authoring.read(p) for p in graded], list(release_nbs.values())),
                        {p.stem for p in graded}, {line.strip() for nb in to_submit.values()
                                                   for cell in nb.cells for line in cell.source.splitlines()},
                        {p.name for p in (course.release_dir / week).iterdir() if p.suffix != ".ipynb"})
                    if leaks:  # never hand back a page with the instructor's text on it
                        shutil.rmtree(feedback_dir, ignore_errors=True)
                        feedback_dir = None
                finally:
                    scratch.close()
        except NbgraderError as exc:
            for report in reports:
                if report.status == "graded":
                    report.status = "failed"
                    report.problems.append("nbgrader could not grade this week: "
                                           + _one_line(str(exc).strip().splitlines()[-1]))
            cell_scores, feedback_dir = [], None
        scores = {(s.notebook, s.grade_id): s.score for s in cell_scores}
        for report in reports:
            if report.status != "graded":
                continue
            autograded = private / "autograded" / STUDENT / week / f"{report.name}.ipynb"
            if autograded.is_file():
                graded_nbs[report.name] = authoring.read(autograded)
                for cell in graded_nbs[report.name].cells:
                    if any(ename in TIMEOUT_ERRORS for ename, _ in _errors(cell)):
                        where = cell_label(cell, graded_nbs[report.name].cells.index(cell))
                        report.problems.append(
                            f"{where} was stopped after {effective_timeout:g} s without finishing (an endless "
                            "loop?); the cells after it were still run and graded.")
            html_file = feedback_dir / f"{report.name}.html" if feedback_dir else None
            if html_file and html_file.is_file():
                target = workspace / week / FEEDBACK_DIR_NAME / html_file.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(html_file, target)
                report.feedback_html = str(target)

    questions: list[QuestionResult] = []
    for path in graded:
        name = path.stem
        source_nb = authoring.read(path)
        for q in _questions_of(release_nbs[name], source_nb):
            max_score = next(float(c.points) for c in authoring.graded_cells(source_nb) if c.grade_id == q["grade_id"])
            if not q["auto"]:
                questions.append(QuestionResult(name, q["grade_id"], q["title"], 0.0, max_score, "instructor",
                                                False, "", q["tags"]))
                continue
            score = scores.get((name, q["grade_id"]), 0.0)
            attempted = name in learner_nbs and (_attempted(learner_nbs[name], release_nbs[name], q["answers"])
                                                 or score > 0)
            passed = score >= max_score - 1e-9
            deleted = set()
            if name in learner_nbs:
                deleted = {gid for gid in q["answers"]
                           if gid not in {_grade_id(c) for c in learner_nbs[name].cells}}
            message = _message(graded_nbs.get(name), q, attempted, passed, effective_timeout, deleted,
                               score, max_score)
            questions.append(QuestionResult(name, q["grade_id"], q["title"], score, max_score, "auto",
                                            attempted, message, q["tags"]))
    for report in reports:  # feedback left from an earlier run would now be stale
        stale = workspace / week / FEEDBACK_DIR_NAME / f"{report.name}.html"
        if report.feedback_html is None and stale.exists():
            stale.unlink()
    result = SelfGradeResult(week, str(workspace), _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                             questions, reports, mode=mode)
    results_file = workspace / week / FEEDBACK_DIR_NAME / RESULTS_NAME
    results_file.parent.mkdir(parents=True, exist_ok=True)
    results_file.write_text(result.to_json())
    return result

