"""One grading worker: a long-lived process that autogrades the submissions it is sent, one at a time.

Started by :func:`curriculum.course.cohort.grading.grade_week` as
``python -m curriculum.course.cohort.worker --root ROOT --db-url URL``. It reads one JSON request per
line on stdin (``{"week": ..., "student": ...}``) and answers one JSON line per request on the
stdout it was started with; everything else it or its kernels print goes to stderr (the worker log).

Each request runs nbgrader's own ``Autograde`` converter (the :mod:`.autograder` subclass) with the
course's ``nbgrader_config.py``, exactly as ``nbgrader autograde WEEK --student STUDENT --force``
would, in a process that has already paid for importing nbgrader.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path


def _configure(root: Path, db_url: str | None, cell_timeout_s: float | None):
    from curriculum.course.cohort.autograder import autograde_preprocessors
    from curriculum.course.nbgrader_driver import load_config

    config = load_config(root, db_url)
    sanitize, grade = autograde_preprocessors()
    config.Autograde.sanitize_preprocessors = sanitize
    config.Autograde.autograde_preprocessors = grade
    config.OverwriteCells.add_missing_cells = True
    # The notebook is fully executed and its outputs collected before the kernel stops, so a kill
    # instead of a polite shutdown request changes no result and saves a wait per notebook.
    config.Execute.shutdown_kernel = "immediate"
    config.Execute.kernel_manager_class = "curriculum.course.cohort.kernels.GradingKernelManager"
    if cell_timeout_s is not None:
        config.Execute.timeout = int(cell_timeout_s)
    return config


def grade_one(api, week: str, student: str) -> dict:
    """Autograde one submission through nbgrader; return what the parent needs to know."""
    from nbgrader.apps.api import capture_log, temp_attrs

    from curriculum.course.cohort.autograder import CohortAutograde

    started = time.perf_counter()
    with temp_attrs(api.coursedir, assignment_id=week, student_id=student):
        app = CohortAutograde(coursedir=api.coursedir, parent=api)
        app.force = True
        app.create_student = True
        result = capture_log(app)
    notes = list(app.notes)
    error = ""
    if not result.get("success"):
        error = _last_error(result)
        notes.append(f"nbgrader could not grade this submission: {error}")
    timings = dict(app.timings)
    seconds = time.perf_counter() - started
    timings["nbgrader steps"] = max(0.0, seconds - sum(timings.values()))
    return {"week": week, "student": student, "ok": bool(result.get("success")), "notes": notes,
            "error": error, "seconds": seconds, "timings": timings}


def _last_error(result: dict) -> str:
    text = (result.get("error") or "").strip() or (result.get("log") or "").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "Exception" in line:
            return line.strip()[:300]
    return (lines[-1].strip() if lines else "unknown error")[:300]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A grading worker (started by `curriculum grade`).")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--db-url", default=None)
    parser.add_argument("--cell-timeout", type=float, default=None)
    parser.add_argument("--memory-mb", type=int, default=None, help="Address-space limit of this worker.")
    args = parser.parse_args(argv)

    # Answers go to the stdout we were given; anything printed later (nbgrader, kernels) goes to stderr.
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    if args.memory_mb:
        import resource

        limit = args.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    from nbgrader.apps import NbGraderAPI

    from curriculum.course.nbgrader_driver import ensure_tools_on_path

    ensure_tools_on_path()
    api = NbGraderAPI(config=_configure(args.root, args.db_url, args.cell_timeout))
    replies.write(json.dumps({"ready": os.getpid()}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            answer = grade_one(api, request["week"], request["student"])
        except BaseException as exc:  # report, never die silently: the parent decides what to do
            answer = {"week": request.get("week"), "student": request.get("student"), "ok": False,
                      "notes": [f"grading failed: {type(exc).__name__}: {exc}"],
                      "error": traceback.format_exc()[-2000:], "seconds": 0.0, "timings": {}}
        replies.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
