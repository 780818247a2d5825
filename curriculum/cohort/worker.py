"""One grading worker: a long-lived process that grades the submissions it is sent, one at a time.

Started by :func:`curriculum.cohort.grading.grade_week` as
``python -m curriculum.cohort.worker --root ROOT --db-url URL [--no-sandbox]``. It reads one
JSON request per line on stdin (``{"week": ..., "student": ...}``) and answers one JSON line per
request on the stdout it was started with; anything else printed goes to stderr (the worker log).

Each request goes through the course's one grader (:class:`curriculum.grading.grader.Grader`): the
same code the learner's self-grade uses, in a process that has already paid for importing nbgrader
and that starts the next sandboxed kernel while it grades the current submission.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from dataclasses import asdict
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A grading worker (started by `curriculum grade`).")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--db-url", default=None)
    parser.add_argument("--cell-timeout", type=float, default=None)
    parser.add_argument("--kernel-memory-mb", type=int, default=None)
    parser.add_argument("--no-sandbox", action="store_true")
    parser.add_argument("--warm", default="", help="Comma-separated modules each kernel imports while it waits.")
    args = parser.parse_args(argv)

    # Answers go to the stdout we were given; anything printed later (nbgrader) goes to stderr.
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    from curriculum.grading.grader import Grader
    from curriculum.grading.sandbox import Limits, SandboxUnavailable

    limits = Limits(memory_mb=args.kernel_memory_mb) if args.kernel_memory_mb else Limits()
    try:
        grader = Grader(args.root, db_url=args.db_url, sandbox=not args.no_sandbox, limits=limits,
                        cell_timeout_s=args.cell_timeout, warm_imports=[m for m in args.warm.split(",") if m])
    except SandboxUnavailable as exc:
        replies.write(json.dumps({"unavailable": str(exc)}) + "\n")
        return
    replies.write(json.dumps({"ready": os.getpid(), "sandbox": grader.mode}) + "\n")
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                answer = asdict(grader.grade(request["week"], request["student"]))
            except BaseException as exc:  # report, never die silently: the parent decides what to do
                answer = {"week": request.get("week"), "student": request.get("student"), "ok": False,
                          "notes": [f"grading failed: {type(exc).__name__}: {exc}"],
                          "error": traceback.format_exc()[-2000:], "seconds": 0.0, "timings": {},
                          "sandbox": grader.mode}
            replies.write(json.dumps(answer) + "\n")
    finally:
        grader.close()


if __name__ == "__main__":
    main()
