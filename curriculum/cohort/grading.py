"""Grade every submission of a week in parallel with the course's one grader, safely.

``grade_week(root, "week1", workers=2)`` grades ``submitted/*/week1`` into ``autograded/`` and the
gradebook with nbgrader's own ``Autograde`` converter, as ``nbgrader autograde week1 --force`` would,
with the same scores for sound submissions. Each worker process (:mod:`.worker`) holds one
:class:`curriculum.grading.grader.Grader`, which runs every student's kernel in the bubblewrap
sandbox and every graded test cell outside it (``sandbox=False`` gives up the sandbox, and the run's
log says so).

Where plain nbgrader spends its time and what is done about it:

* importing nbgrader in each ``nbgrader`` process - long-lived workers;
* starting a fresh kernel per notebook - each worker starts the next (sandboxed) kernel, with the
  week's library imports, while it grades the current notebook;
* jupyter_client's idle waits - a 10 ms IOPub drain at start and an immediate kill at the end;
* running test cells in the kernel - they run in the grader, on plain data;
* one notebook at a time - ``workers`` processes grade side by side.

Safety: every submission has a wall-clock limit (``submission_timeout_s``); a worker that overruns
or dies is killed with its kernels (bubblewrap's ``--die-with-parent``) and replaced, and the
submission is reported. A second run re-grades with ``--force`` semantics: the gradebook's rows are
updated in place (nbgrader keys them by assignment, student, notebook and cell), so nothing is
duplicated.

Every submission gets a line in ``cohort/grading-<week>.csv`` (and ``.json``): status, score,
seconds, notes, and the sandbox mode of the run.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import queue
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import nbformat

from curriculum.course.layout import Course
from curriculum.course.nbgrader_driver import NbgraderError, make_api
from curriculum.grading.grader import NO_SANDBOX, load_config
from curriculum.grading.sandbox import SandboxUnavailable, check_sandbox

#: Where the cohort tools write their logs, exports and reports, inside the course folder.
COHORT_DIR = "cohort"
#: Packages whose modules a waiting kernel may import ahead of its notebook.
WARM_PACKAGES = ("curriculum", "numpy", "pandas", "math")
DEFAULT_MEMORY_MB = 2048
DEFAULT_SUBMISSION_TIMEOUT_S = 600.0


@dataclass
class StudentResult:
    """How one submission was graded."""

    student: str
    status: str  # "graded", "graded with notes", "failed", "timed out"
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    score: float = 0.0
    max_score: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("graded", "graded with notes")


@dataclass
class GradeRun:
    """The outcome of ``grade_week``: one result per submission, and the run's figures."""

    week: str
    workers: int
    seconds: float
    notebooks: int
    results: list[StudentResult]
    log_path: Path | None = None
    preloaded: list[str] = field(default_factory=list)
    sandbox: str = ""

    @property
    def seconds_per_notebook(self) -> float:
        return self.seconds / self.notebooks if self.notebooks else 0.0

    def by_student(self) -> dict[str, StudentResult]:
        return {r.student: r for r in self.results}

    def timings(self) -> dict[str, float]:
        """Seconds spent in each step, summed over all submissions (worker time, not wall time)."""
        out: dict[str, float] = {}
        for r in self.results:
            for key, value in r.timings.items():
                out[key] = out.get(key, 0.0) + value
        return out

    def render(self) -> str:
        lines = [f"{self.week}: graded {sum(r.ok for r in self.results)} of {len(self.results)} submissions "
                 f"({self.notebooks} notebooks) in {self.seconds:.1f} s with {self.workers} workers "
                 f"({self.seconds_per_notebook:.2f} s per notebook)."]
        if self.sandbox:
            lines.append(f"Student code ran in: {self.sandbox}.")
        for r in sorted(self.results, key=lambda r: r.student):
            if r.notes or not r.ok:
                lines.append(f"  {r.student}: {r.status}")
                lines.extend(f"    - {note}" for note in r.notes)
        if self.log_path:
            lines.append(f"Log: {self.log_path}")
        return "\n".join(lines)


# -- what to grade ---------------------------------------------------------------------------------

def find_submissions(root: Path, week: str) -> list[str]:
    """The student ids with a ``submitted/<student>/<week>/`` folder, sorted."""
    submitted = Path(root) / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / week).is_dir())


def gradebook_url(root: Path, db_url: str | None = None) -> str:
    """The gradebook URL nbgrader would use for this course (``db_url`` wins when given)."""
    return db_url or load_config(Path(root)).CourseDirectory.db_url


def register_week(root: Path, week: str, db_url: str | None = None) -> None:
    """Make sure the gradebook knows the week's notebooks and cells (nbgrader's generate_assignment).

    The release is generated into a temporary folder, so ``release/`` is never touched. Run again
    safely: nbgrader updates the rows in place.
    """
    with tempfile.TemporaryDirectory(prefix="cohort-register-") as tmp:
        api = make_api(Path(root), db_url)
        api.coursedir.release_directory = tmp
        with fast_alembic_heads():
            result = api.generate_assignment(week, force=True, create=True)
        if not result.get("success"):
            raise NbgraderError(f"nbgrader generate_assignment {week} failed:\n"
                                f"{(result.get('error') or '')}\n{result.get('log') or ''}".strip())


@contextmanager
def fast_alembic_heads() -> Iterator[None]:
    """Answer nbgrader's ``alembic heads`` question in-process instead of in a subprocess.

    nbgrader's ``Gradebook()`` runs ``alembic heads`` as a subprocess (about half a second) whenever it
    opens a database without tables. The answer comes from nbgrader's own migration scripts, which
    alembic's ``ScriptDirectory`` reads directly.
    """
    import nbgrader.api as nbapi

    original = nbapi.get_alembic_version

    def heads() -> str:
        from alembic.script import ScriptDirectory

        from nbgrader.dbutil import ALEMBIC_DIR

        return ScriptDirectory(ALEMBIC_DIR).get_current_head()

    nbapi.get_alembic_version = heads
    try:
        yield
    finally:
        nbapi.get_alembic_version = original


def week_imports(root: Path, week: str) -> list[str]:
    """The course-library and numeric modules the week's source notebooks import, in order.

    Each sandboxed kernel imports them while it waits for its notebook (plotting modules are left to
    the notebook: they hook into the kernel's display when imported).
    """
    found: list[str] = []
    for path in Course(Path(root)).source_notebooks(week):
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                           if not line.lstrip().startswith(("%", "!"))))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name.split(".")[0] in WARM_PACKAGES and not name.startswith("curriculum.widgets") \
                            and name not in found:
                        found.append(name)
    return found


# -- the workers -----------------------------------------------------------------------------------

class _WorkerDied(RuntimeError):
    pass


class _Worker:
    """One grading worker process (:mod:`.worker`) and its request/answer pipes."""

    def __init__(self, index: int, args: list[str], env: dict, root: Path, log_path: Path):
        self.index, self.args, self.env, self.root, self.log_path = index, args, env, root, log_path
        self.proc: subprocess.Popen | None = None
        self.sandbox = ""

    def start(self) -> None:
        log = open(self.log_path, "a")
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "curriculum.cohort.worker", *self.args],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                                         env=self.env, cwd=str(self.root), start_new_session=True, bufsize=1)
        finally:
            log.close()
        hello = self._read(timeout=180)
        if "unavailable" in hello:
            self.kill()
            raise SandboxUnavailable(hello["unavailable"])
        self.sandbox = hello.get("sandbox", "")

    def ask(self, request: dict, timeout: float) -> dict:
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, AttributeError) as exc:
            raise _WorkerDied(f"the grading worker had stopped ({exc})") from None
        return self._read(timeout)

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if sel.select(timeout=min(left, 1.0)):
                    line = self.proc.stdout.readline()
                    if not line:
                        raise _WorkerDied(f"the grading worker stopped; its log is {self.log_path}")
                    return json.loads(line)

    def kill(self) -> None:
        """Stop the worker now; its kernels die with it (bubblewrap's --die-with-parent)."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except Exception:
                    pass
            self.proc = None

    def stop(self) -> None:
        """Let the worker finish: close its input and wait (20 s at most) for it to exit."""
        if self.proc is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                pass
            self.kill()


# -- the run ---------------------------------------------------------------------------------------

ProgressCallback = Callable[[StudentResult, int, int, float], None]


def default_workers() -> int:
    """Workers to start by default: one per core (each also starts its next kernel while it grades)."""
    return max(1, os.cpu_count() or 1)


def grade_week(root: Path, week: str, *, workers: int | None = None, db_url: str | None = None,
               students: list[str] | None = None, cell_timeout_s: float | None = None,
               submission_timeout_s: float = DEFAULT_SUBMISSION_TIMEOUT_S,
               memory_mb: int = DEFAULT_MEMORY_MB, sandbox: bool = True,
               on_result: ProgressCallback | None = None) -> GradeRun:
    """Autograde every submission of ``week`` (or only ``students``) in ``workers`` parallel processes.

    ``on_result(result, done, total, eta_s)`` is called after each submission (from a worker thread).
    ``sandbox=False`` runs student kernels without the sandbox (recorded in the log).
    Raises ValueError naming the parameter for an unknown week, a bad count or an unknown student, and
    :class:`~curriculum.grading.sandbox.SandboxUnavailable` when the sandbox is asked for and missing.
    """
    root = Path(root)
    Course(root).require_week(week)
    workers = default_workers() if workers is None else workers
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1; got {workers!r}")
    if submission_timeout_s <= 0:
        raise ValueError(f"submission_timeout_s must be positive; got {submission_timeout_s!r}")
    if cell_timeout_s is not None and cell_timeout_s < 1:
        raise ValueError(f"cell_timeout_s must be at least 1 second; got {cell_timeout_s!r}")
    if memory_mb is None or memory_mb < 256:
        raise ValueError(f"memory_mb must be at least 256 (MB per kernel and its children); got {memory_mb!r}")
    if sandbox:
        check_sandbox()
    submitted = find_submissions(root, week)
    if students:
        unknown = sorted(set(students) - set(submitted))
        if unknown:
            raise ValueError(f"students {', '.join(unknown)} have no submission for {week}; "
                             f"submitted: {', '.join(submitted) or '(none)'}")
        submitted = [s for s in submitted if s in set(students)]
    db_url = gradebook_url(root, db_url)
    started = time.perf_counter()
    out_dir = root / COHORT_DIR
    (out_dir / "logs").mkdir(parents=True, exist_ok=True)
    mode = "" if sandbox else NO_SANDBOX
    if not submitted:
        register_week(root, week, db_url)
        run = GradeRun(week, workers, time.perf_counter() - started, 0, [], sandbox=mode)
        run.log_path = _write_log(out_dir, run)
        return run

    workers = min(workers, len(submitted))
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    pool: list[_Worker] = []
    results: list[StudentResult] = []
    lock = threading.Lock()
    cancelled = threading.Event()
    finished = False
    warm = week_imports(root, week)
    try:
        args = ["--root", str(root), "--db-url", db_url, "--kernel-memory-mb", str(memory_mb),
                "--warm", ",".join(warm)]
        if cell_timeout_s is not None:
            args += ["--cell-timeout", str(cell_timeout_s)]
        if not sandbox:
            args.append("--no-sandbox")
        logs = out_dir / "logs"
        for i in range(workers):
            (logs / f"{week}-worker{i}.log").write_text("")
        pool = [_Worker(i, args, env, root, logs / f"{week}-worker{i}.log") for i in range(workers)]
        starters = [threading.Thread(target=w.start, daemon=True) for w in pool]
        for t in starters:
            t.start()
        register_week(root, week, db_url)  # while the workers import nbgrader and start their kernels
        for t in starters:
            t.join()
        for w in pool:
            if w.proc is None:  # its start failed: say why, from its own check
                if sandbox:
                    check_sandbox()
                raise RuntimeError(f"a grading worker did not start; see {w.log_path}")
        mode = pool[0].sandbox
        todo: queue.Queue[str] = queue.Queue()
        for student in submitted:
            todo.put(student)
        grading_started = time.perf_counter()

        def record(result: StudentResult) -> None:
            with lock:
                results.append(result)
                done = len(results)
                elapsed = time.perf_counter() - grading_started
                eta = elapsed / done * (len(submitted) - done)
            if on_result is not None:
                on_result(result, done, len(submitted), eta)

        def run_worker(worker: _Worker) -> None:
            while not cancelled.is_set():
                try:
                    student = todo.get_nowait()
                except queue.Empty:
                    return
                record(_grade_with(worker, week, student, submission_timeout_s, cancelled))

        threads = [threading.Thread(target=run_worker, args=(w,), daemon=True) for w in pool]
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.5)
        finished = True
    finally:
        cancelled.set()
        for w in pool:
            if finished:
                w.stop()
            else:  # interrupted (Ctrl-C) or failed: stop everything now
                w.kill()

    _attach_scores(results, week, db_url, load_config(root).CourseDirectory.course_id)
    notebooks = len(submitted) * max(1, len(Course(root).source_notebooks(week)))
    run = GradeRun(week, workers, time.perf_counter() - started, notebooks,
                   sorted(results, key=lambda r: r.student), preloaded=warm, sandbox=mode)
    run.log_path = _write_log(out_dir, run)
    return run


def _transient(answer: dict) -> bool:
    """A failure worth one more try: a busy gradebook, or a kernel that died before any submission code ran."""
    from curriculum.grading.kernels import KERNEL_DIED_AT_START

    return not answer["ok"] and any(word in answer.get("error", "") for word in
                                    ("database is locked", "could not serialize", "deadlock", KERNEL_DIED_AT_START))


def _grade_with(worker: _Worker, week: str, student: str, timeout: float,
                cancelled: threading.Event) -> StudentResult:
    """Send one submission to a worker; on a time-out or a dead worker, replace the worker and report."""
    request = {"week": week, "student": student}
    for attempt in (1, 2):
        started = time.perf_counter()
        try:
            if worker.proc is None:
                worker.start()
            answer = worker.ask(request, timeout)
        except TimeoutError:
            worker.kill()
            return StudentResult(student, "timed out", time.perf_counter() - started,
                                 [f"not graded: still running after {timeout:.0f} s (the submission wall-clock "
                                  "limit); it was stopped. Look at its code, or grade it by hand"])
        except _WorkerDied as exc:
            worker.kill()
            if attempt == 1 and not cancelled.is_set():
                continue  # a worker can die for reasons of its own: try the submission once more
            return StudentResult(student, "failed", time.perf_counter() - started,
                                 [f"not graded: {exc}"])
        if _transient(answer) and attempt == 1:
            continue
        notes = answer.get("notes", [])
        status = "failed" if not answer["ok"] else ("graded with notes" if notes else "graded")
        return StudentResult(student, status, answer.get("seconds", 0.0), notes,
                             timings=answer.get("timings", {}))
    raise AssertionError("unreachable")


def _attach_scores(results: list[StudentResult], week: str, db_url: str, course_id: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gb:
        for r in results:
            try:
                submission = gb.find_submission(week, r.student)
            except MissingEntry:
                continue
            r.score = float(submission.score or 0.0)
            r.max_score = float(submission.max_score or 0.0)


#: Columns of ``cohort/grading-<week>.csv``.
LOG_COLUMNS = ["student", "status", "score", "max_score", "seconds", "sandbox", "notes"]


def _write_log(out_dir: Path, run: GradeRun) -> Path:
    """Write this run's rows; rows of students graded earlier and not in this run are kept (``--student``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"grading-{run.week}.csv"
    rows = {}
    if path.is_file():
        with path.open(newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("student"):
                    rows[row["student"]] = [row.get(c, "") for c in LOG_COLUMNS]
    for r in run.results:
        rows[r.student] = [r.student, r.status, f"{r.score:g}", f"{r.max_score:g}", f"{r.seconds:.2f}",
                           run.sandbox, " | ".join(r.notes)]
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(LOG_COLUMNS)
        for student in sorted(rows):
            writer.writerow(rows[student])
    (out_dir / f"grading-{run.week}.json").write_text(json.dumps(
        {"week": run.week, "workers": run.workers, "seconds": run.seconds, "notebooks": run.notebooks,
         "sandbox": run.sandbox, "preloaded": run.preloaded, "results": [asdict(r) for r in run.results]},
        indent=1))
    return path
