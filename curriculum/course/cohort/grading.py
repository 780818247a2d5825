"""Autograde every submission of a week in parallel, safely, with nbgrader's own converter.

``grade_week(root, "week1", workers=2)`` grades ``submitted/*/week1`` into
``autograded/`` and the gradebook, as ``nbgrader autograde week1 --force`` would,
with the same scores. Where the time went in plain nbgrader (measured with
pyinstrument on this course; see ``bench/bench_grading.py``) and what is done
about it:

* starting a fresh kernel per notebook (a new Python importing ipykernel and the
  notebook's imports) - kernels are forked from a warm process
  (:mod:`.forkserver`) that has already imported them;
* jupyter_client's idle waits (a 0.2 s IOPub drain at start, a graceful
  shutdown, 0.1 s exit polls) - :mod:`.kernels` and
  ``Execute.shutdown_kernel = "immediate"`` after the last cell;
* importing nbgrader in each ``nbgrader`` process - long-lived workers;
* one notebook at a time - ``workers`` processes grade side by side; much of a
  kernel's life is waiting on messages, so more workers than cores still pays.

Safety: each worker is a separate process with an address-space limit, each
kernel has its own memory limit (``memory_mb``), and every submission has a
wall-clock limit (``submission_timeout_s``); a worker that overruns or dies is
killed with its kernels and replaced, and the submission is reported. A second
run re-grades with ``--force`` semantics: the gradebook's rows are updated in
place (nbgrader keys them by assignment, student, notebook and cell), so nothing
is duplicated.

Every submission gets a line in ``cohort/grading-<week>.csv`` (and ``.json``):
status, seconds and notes.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import queue
import selectors
import shutil
import socket
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
from curriculum.course.nbgrader_driver import NbgraderError, load_config, make_api

#: Where the cohort tools write their logs, exports and reports, inside the course folder.
COHORT_DIR = "cohort"
#: Imported by the kernel fork server when the week plots (the probe still rejects any that bind to the shell).
MATPLOTLIB_WARMUP = ("matplotlib.figure", "matplotlib.font_manager", "matplotlib.backends.backend_agg",
                     "PIL.PngImagePlugin")
DEFAULT_MEMORY_MB = 2048
DEFAULT_SUBMISSION_TIMEOUT_S = 600.0
WORKER_MEMORY_MB = 6144


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
    """The modules the week's source notebooks import (top-level names and dotted ones), in order.

    The fork server imports those that are safe to share before the first kernel starts.
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
                    if name not in found:
                        found.append(name)
    if any(n.split(".")[0] == "matplotlib" or n.startswith("curriculum.widgets") for n in found):
        # what the first plot would import (font list, Agg renderer, inline backend's helpers), minus pyplot
        found += [n for n in MATPLOTLIB_WARMUP if n not in found]
    return found


# -- the fork server and the workers ---------------------------------------------------------------

class _ForkServerProcess:
    """A fork server for one grading run: ``role="kernel"`` (with its kernel spec) or ``role="worker"``."""

    def __init__(self, folder: Path, env: dict, role: str, preload: list[str] = (), memory_mb: int | None = None):
        from curriculum.course.cohort.forkserver import write_kernelspec

        self.role = role
        self.socket_path = folder / f"{role}s.sock"
        self.spec_root = folder / "jupyter"
        if role == "kernel":
            write_kernelspec(self.spec_root, self.socket_path)
        args = [sys.executable, "-m", "curriculum.course.cohort.forkserver", str(self.socket_path),
                "--role", role, "--preload", ",".join(preload)]
        if memory_mb:
            args += ["--memory-mb", str(memory_mb)]
        self.log_path = folder / f"{role}-server.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, env=env, cwd="/",
                                     text=True, start_new_session=True)
        self.preloaded: list[str] = []

    def wait_ready(self) -> None:
        line = self.proc.stdout.readline().strip()
        if not line.startswith("ready"):
            self.proc.kill()
            raise RuntimeError(f"the {self.role} fork server did not start: {self.log_path.read_text()[-800:]}")
        self.preloaded = json.loads(line[len("ready "):] or "[]")

    def kill_kernels_of(self, pid: int) -> None:
        self._send({"kill_owner": pid})

    def stop(self) -> None:
        if self.proc.poll() is None:
            self._send({"shutdown": True})
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def _send(self, message: dict) -> None:
        from curriculum.course.cohort.forkserver import send_message

        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.connect(str(self.socket_path))
                send_message(s, message, [0, 1, 2])
        except OSError:
            pass


class _WorkerDied(RuntimeError):
    pass


class _Worker:
    """One grading worker, forked by the worker fork server, and its request/answer pipes."""

    def __init__(self, index: int, server: _ForkServerProcess, args: list[str], env: dict, root: Path,
                 log_path: Path, memory_mb: int):
        self.index, self.server, self.args, self.env = index, server, args, env
        self.root, self.log_path, self.memory_mb = root, log_path, memory_mb
        self.pid: int | None = None

    def start(self) -> None:
        from curriculum.course.cohort.forkserver import recv_message, send_message

        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        log_fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.sock.connect(str(self.server.socket_path))
            send_message(self.sock, {"run": "worker", "args": self.args, "cwd": str(self.root), "env": self.env,
                                     "memory_mb": self.memory_mb, "owner": os.getpid()}, [req_r, resp_w, log_fd])
            self.pid = recv_message(self.sock)[0]["pid"]
        finally:
            for fd in (req_r, resp_w, log_fd):
                os.close(fd)
        self.stdin = os.fdopen(req_w, "w", buffering=1)
        self.stdout = os.fdopen(resp_r, "r")
        self._read(timeout=120)  # {"ready": pid}

    def ask(self, request: dict, timeout: float) -> dict:
        try:
            self.stdin.write(json.dumps(request) + "\n")
            self.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise _WorkerDied(f"the grading worker had stopped ({exc})") from None
        return self._read(timeout)

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if sel.select(timeout=min(left, 1.0)):
                    line = self.stdout.readline()
                    if not line:
                        raise _WorkerDied(f"the grading worker stopped; its log is {self.log_path}")
                    return json.loads(line)

    def kill(self) -> None:
        """Stop the worker now. Closing its socket makes the fork server, its parent, kill it (so no
        signal ever goes to a process id that may have been reused)."""
        if self.pid is not None:
            for stream in (self.stdin, self.stdout, self.sock):
                try:
                    stream.close()
                except Exception:
                    pass
            self.pid = None

    def stop(self) -> None:
        """Let the worker finish: close its input and wait (10 s at most) for the server to report its exit."""
        if self.pid is not None:
            try:
                self.stdin.close()
            except OSError:
                pass
            try:
                from curriculum.course.cohort.forkserver import recv_message

                self.sock.settimeout(10)
                recv_message(self.sock)
            except (OSError, ConnectionError, ValueError):
                pass
            self.kill()


# -- the run ---------------------------------------------------------------------------------------

ProgressCallback = Callable[[StudentResult, int, int, float], None]


def default_workers() -> int:
    """Workers to start by default: one more than the cores (a kernel spends much of its life waiting)."""
    return (os.cpu_count() or 1) + 1


def grade_week(root: Path, week: str, *, workers: int | None = None, db_url: str | None = None,
               students: list[str] | None = None, cell_timeout_s: float | None = None,
               submission_timeout_s: float = DEFAULT_SUBMISSION_TIMEOUT_S,
               memory_mb: int | None = DEFAULT_MEMORY_MB, fork_kernels: bool = True,
               on_result: ProgressCallback | None = None) -> GradeRun:
    """Autograde every submission of ``week`` (or only ``students``) in ``workers`` parallel processes.

    ``on_result(result, done, total, eta_s)`` is called after each submission (from a worker thread).
    Raises ValueError naming the parameter for an unknown week, a bad count or an unknown student.
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
    if memory_mb is not None and memory_mb < 256:
        raise ValueError(f"memory_mb must be at least 256 (MB per kernel) or None for no limit; got {memory_mb!r}")
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
    if not submitted:
        register_week(root, week, db_url)
        run = GradeRun(week, workers, time.perf_counter() - started, 0, [])
        run.log_path = _write_log(out_dir, run)
        return run

    workers = min(workers, len(submitted))
    tmp = Path(tempfile.mkdtemp(prefix="cohort-grade-"))
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    servers: list[_ForkServerProcess] = []
    preloaded: list[str] = []
    pool: list[_Worker] = []
    results: list[StudentResult] = []
    lock = threading.Lock()
    cancelled = threading.Event()
    finished = False
    try:
        # Both warm processes import while this one registers the week: two cores, two jobs.
        worker_server = _ForkServerProcess(tmp, env, "worker")
        servers.append(worker_server)
        kernel_server = None
        if fork_kernels:
            kernel_server = _ForkServerProcess(tmp, env, "kernel", week_imports(root, week), memory_mb)
            servers.append(kernel_server)
            env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(kernel_server.spec_root), env.get("JUPYTER_PATH")) if p)
        register_week(root, week, db_url)
        worker_server.wait_ready()
        if kernel_server is not None:
            try:
                kernel_server.wait_ready()
            except RuntimeError:  # e.g. a preloaded module crashed it: grade with plain kernels instead
                servers.remove(kernel_server)
                kernel_server.stop()
                kernel_server = None
                env.pop("JUPYTER_PATH", None)
                if "JUPYTER_PATH" in os.environ:
                    env["JUPYTER_PATH"] = os.environ["JUPYTER_PATH"]
        preloaded = kernel_server.preloaded if kernel_server else []
        args = ["--root", str(root), "--db-url", db_url]
        if cell_timeout_s is not None:
            args += ["--cell-timeout", str(cell_timeout_s)]
        # Without the kernel fork server, kernels inherit the worker's limit.
        worker_memory = WORKER_MEMORY_MB if fork_kernels or not memory_mb else max(memory_mb, 1024)
        logs = out_dir / "logs"
        for i in range(workers):
            (logs / f"{week}-worker{i}.log").write_text("")
        pool = [_Worker(i, worker_server, args, env, root, logs / f"{week}-worker{i}.log", worker_memory)
                for i in range(workers)]
        for w in pool:
            w.start()
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
                record(_grade_with(worker, kernel_server, week, student, submission_timeout_s, cancelled))

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
        for server in servers:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    _attach_scores(results, week, db_url, load_config(root).CourseDirectory.course_id)
    notebooks = len(submitted) * max(1, len(Course(root).source_notebooks(week)))
    run = GradeRun(week, workers, time.perf_counter() - started, notebooks,
                   sorted(results, key=lambda r: r.student), preloaded=preloaded)
    run.log_path = _write_log(out_dir, run)
    return run


def _grade_with(worker: _Worker, server, week: str, student: str, timeout: float,
                cancelled: threading.Event) -> StudentResult:
    """Send one submission to a worker; on a time-out or a dead worker, replace the worker and report."""
    request = {"week": week, "student": student}
    for attempt in (1, 2):
        started = time.perf_counter()
        try:
            if worker.pid is None:
                worker.start()
            answer = worker.ask(request, timeout)
        except TimeoutError:
            _replace(worker, server)
            return StudentResult(student, "timed out", time.perf_counter() - started,
                                 [f"not graded: still running after {timeout:.0f} s (the submission wall-clock "
                                  "limit); it was stopped. Look at its code, or grade it by hand"])
        except _WorkerDied as exc:
            _replace(worker, server)
            if attempt == 1 and not cancelled.is_set():
                continue  # a worker can die for reasons of its own: try the submission once more
            return StudentResult(student, "failed", time.perf_counter() - started,
                                 [f"not graded: {exc}"])
        transient = not answer["ok"] and any(word in answer.get("error", "") for word in
                                             ("database is locked", "could not serialize", "deadlock"))
        if transient and attempt == 1:
            continue
        notes = answer.get("notes", [])
        status = "failed" if not answer["ok"] else ("graded with notes" if notes else "graded")
        return StudentResult(student, status, answer.get("seconds", 0.0), notes,
                             timings=answer.get("timings", {}))
    raise AssertionError("unreachable")


def _replace(worker: _Worker, server) -> None:
    pid = worker.pid
    worker.kill()
    if server is not None and pid is not None:
        server.kill_kernels_of(pid)


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


def _write_log(out_dir: Path, run: GradeRun) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"grading-{run.week}.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "status", "score", "max_score", "seconds", "notes"])
        for r in run.results:
            writer.writerow([r.student, r.status, f"{r.score:g}", f"{r.max_score:g}", f"{r.seconds:.2f}",
                             " | ".join(r.notes)])
    (out_dir / f"grading-{run.week}.json").write_text(json.dumps(
        {"week": run.week, "workers": run.workers, "seconds": run.seconds, "notebooks": run.notebooks,
         "preloaded": run.preloaded, "results": [asdict(r) for r in run.results]}, indent=1))
    return path
