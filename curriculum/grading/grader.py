"""THE grader: one submission in, nbgrader's scores, notes and autograded notebook out.

Every grading in the course goes through :class:`Grader`: the learner's ``curriculum selfgrade``
(and the lab's Self-grade button), the instructor's ``curriculum grade`` (each worker process holds
one) and the course QA. So a self-grade and an instructor's grade can differ only by the sandbox,
never by logic.

Where a submission's code runs, and what it can see:

1. :mod:`.intake` copies the submission's regular notebook files into a private staging folder
   (links, devices and other files are refused with a note).
2. nbgrader's own ``Autograde`` converter grades the staged copy with the course's preprocessors
   (:mod:`.autograde`): graded cells are restored from nbgrader's gradebook, the student's cells
   run in a kernel that :mod:`.provisioner` starts in the bubblewrap sandbox of :mod:`.sandbox`
   (no course files, no network, no gradebook, its own user, limits), and each graded test cell runs
   here, in the grader, on the answers read out of that kernel as plain data (:mod:`.answers`,
   :mod:`.trusted`).
3. Scores go to nbgrader's gradebook from this process; the kernel never sees it.

``sandbox=False`` (the CLI's ``--no-sandbox``) starts the student's kernel as a plain process: the
checks still run outside it, but its code can read and write what the grader's user can.

>>> NO_SANDBOX.split(":")[0]
'no sandbox (--no-sandbox)'

Reference: nbgrader, "Autograding" (https://nbgrader.readthedocs.io/en/stable/user_guide/autograding.html).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from curriculum.grading.intake import stage_submission
from curriculum.grading.sandbox import Limits, SandboxUnavailable, check_sandbox

CONFIG_NAME = "nbgrader_config.py"
#: What ``curriculum grade`` records for a run without the sandbox.
NO_SANDBOX = "no sandbox (--no-sandbox): the student's code ran with the grader's rights"


class GradingError(RuntimeError):
    """nbgrader could not grade; the message carries what it said."""


def load_config(root: Path, db_url: str | None = None):
    """Load ``nbgrader_config.py`` from ``root`` as nbgrader would, optionally overriding the gradebook URL."""
    config = PyFileConfigLoader(CONFIG_NAME, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config


def ensure_tools_on_path() -> None:
    """Put this Python's scripts folder on PATH: nbgrader runs ``alembic`` by name."""
    scripts = os.path.dirname(sys.executable)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


@dataclass
class GradeOutcome:
    """How one submission was graded."""

    week: str
    student: str
    ok: bool
    notes: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    sandbox: str = ""


def sandbox_mode_text(limits: Limits) -> str:
    """One line saying what the sandbox enforces on this machine (which memory limit applies)."""
    from curriculum.grading.sandbox import _make_cgroup

    probe = _make_cgroup(f"curriculum-probe-{os.getpid()}", limits) if os.geteuid() == 0 else None
    if probe is not None:
        probe.remove()
        memory = f"memory {limits.memory_mb:,} MB for the kernel and its children (cgroup v{probe.version})"
    else:
        memory = f"memory {limits.memory_mb:,} MB per process (no cgroup here; address-space limit)"
    user = "its own unprivileged user" if os.geteuid() == 0 else "your user inside a user namespace"
    return f"sandbox: bubblewrap, no network, {user}, {memory}, {limits.processes} processes"


class Grader:
    """Grades submissions of one course, one at a time, with kernels started ahead."""

    def __init__(self, root: Path, *, db_url: str | None = None, sandbox: bool = True,
                 limits: Limits | None = None, cell_timeout_s: float | None = None,
                 warm_imports: list[str] = (), prestart: bool = True):
        """Prepare a grader for the course at ``root`` (raises SandboxUnavailable when asked for a missing sandbox).

        ``warm_imports`` are imported by each kernel while it waits for its notebook.
        """
        from nbgrader.apps import NbGraderAPI

        from curriculum.grading.autograde import autograde_preprocessors
        from curriculum.grading.kernels import KernelSource
        from curriculum.grading.provisioner import plain_kernel_spec, sandbox_kernel_spec

        if cell_timeout_s is not None and not cell_timeout_s >= 1:
            raise ValueError(f"cell_timeout_s must be at least 1 second; got {cell_timeout_s!r}")
        self.root = Path(root).resolve()
        self.limits = limits or Limits()
        self.sandboxed = bool(sandbox)
        if self.sandboxed:
            check_sandbox()
            self.mode = sandbox_mode_text(self.limits)
        else:
            self.mode = NO_SANDBOX
        ensure_tools_on_path()
        self._tmp = Path(tempfile.mkdtemp(prefix="curriculum-grader-"))
        # kernel sockets are Unix sockets, whose paths may not pass 107 bytes: a short folder of their own
        self._sockets = Path(tempfile.mkdtemp(prefix="curriculum-k-", dir=_socket_parent()))
        os.chmod(self._sockets, 0o711)
        exec_lines = [f"import {name}" for name in warm_imports]
        spec = (sandbox_kernel_spec(self.limits, self._sockets, exec_lines) if self.sandboxed
                else plain_kernel_spec(exec_lines))
        self.kernels = KernelSource(spec, prestart=prestart)
        self.kernels.warm()
        config = load_config(self.root, db_url)
        sanitize, grade = autograde_preprocessors()
        config.Autograde.sanitize_preprocessors = sanitize
        config.Autograde.autograde_preprocessors = grade
        config.OverwriteCells.add_missing_cells = True
        config.SafeExecute.kernel_source = self.kernels
        config.SanitizeHTML.enabled = True  # nbconvert's preprocessors run only when enabled
        if cell_timeout_s is not None:
            config.Execute.timeout = int(cell_timeout_s)
        self.cell_timeout_s = float(config.Execute.timeout) if "timeout" in config.Execute else 30.0
        self.db_url = config.CourseDirectory.db_url
        self.api = NbGraderAPI(config=config)

    def grade(self, week: str, student: str) -> GradeOutcome:
        """Autograde ``submitted/<student>/<week>/`` into ``autograded/`` and the gradebook."""
        from nbgrader.apps.api import capture_log, temp_attrs

        from curriculum.grading.autograde import CohortAutograde

        started = time.perf_counter()
        submitted = Path(self.api.coursedir.format_path(self.api.coursedir.submitted_directory, student, week))
        staging_root = self._tmp / "staged"
        staged, notes = stage_submission(submitted, staging_root / student / week)
        if not any(staged.glob("*.ipynb")):
            notes.append("no notebook could be graded: every notebook of this week scores zero")
            self._record_zero(week, student)
            return GradeOutcome(week, student, True, notes, "", time.perf_counter() - started, {}, self.mode)
        with temp_attrs(self.api.coursedir, assignment_id=week, student_id=student,
                        submitted_directory=str(staging_root)):
            app = CohortAutograde(coursedir=self.api.coursedir, parent=self.api)
            app.force = True
            app.create_student = True
            result = capture_log(app)
        shutil.rmtree(staging_root / student, ignore_errors=True)
        if os.environ.get("CURRICULUM_GRADER_DEBUG"):
            print(result.get("log"), file=sys.stderr)
        notes += list(app.notes)
        error = ""
        if not result.get("success"):
            error = _last_error(result)
            notes.append(f"nbgrader could not grade this submission: {error}")
        timings = dict(app.timings)
        seconds = time.perf_counter() - started
        timings["nbgrader steps"] = max(0.0, seconds - sum(timings.values()))
        return GradeOutcome(week, student, bool(result.get("success")), notes, error, seconds, timings, self.mode)

    def _record_zero(self, week: str, student: str) -> None:
        """What nbgrader records for missing notebooks: the submission, every grade 0, nothing to hand-grade."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.api.coursedir.course_id) as gb:
            gb.update_or_create_student(student)
            submission = gb.update_or_create_submission(week, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
            gb.db.commit()

    def close(self) -> None:
        self.kernels.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _socket_parent() -> str:
    """Where kernel socket folders go: ``$CURRICULUM_SOCKET_DIR``, else the temporary folder when its path
    is short enough for a Unix socket, else ``/tmp``."""
    chosen = os.environ.get("CURRICULUM_SOCKET_DIR")
    if chosen:
        os.makedirs(chosen, exist_ok=True)
        return chosen
    default = tempfile.gettempdir()
    return default if len(default) <= 40 or not os.path.isdir("/tmp") else "/tmp"


def _last_error(result: dict) -> str:
    """The most specific error line nbgrader logged (its own wrapper exception only as a last resort)."""
    text = "\n".join(x for x in ((result.get("log") or ""), (result.get("error") or "")) if x)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Exit)\b:?", line)
             and "NbGraderException" not in line]
    if found:
        return found[-1][:300]
    for line in reversed(lines):
        if "Error" in line or "Exception" in line:
            return line[:300]
    return (lines[-1] if lines else "unknown error")[:300]


def default_sandbox() -> bool:
    """True where the sandbox can run (Linux with bubblewrap): self-grade and QA use it when they can."""
    try:
        check_sandbox()
    except SandboxUnavailable:
        return False
    return True
