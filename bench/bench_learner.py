"""Benchmark the learner's instant commands: reading progress, and starting the mock-interview timer.

Run from the repository root:

    python bench/bench_learner.py

The tests check these by counted work (progress parses six saved results and grades nothing; the timer's
start() returns while its thread ticks), because a stopwatch in a test flakes on a loaded machine. The
times are here instead: best of five runs each. A report, not a test: it always exits 0.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

try:
    import curriculum  # noqa: F401
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.course.progress import progress
from curriculum.course.selfgrade_results import NotebookReport, QuestionResult, SelfGradeResult, results_path
from curriculum.widgets.timer import mock_interview_timer


def _six_weeks(workspace: Path, questions: int = 40) -> None:
    """Saved self-grades for six weeks of ``questions`` one-point questions, half of them passed."""
    for n in range(1, 7):
        week = f"week{n}"
        rows = [QuestionResult("assignment", f"{week}_q{i}", f"{week}_q{i}: a question", float(i % 2), 1.0,
                               "auto", True, "", ()) for i in range(questions)]
        result = SelfGradeResult(week, str(workspace), "2026-11-24T10:00:00+00:00", rows,
                                 [NotebookReport("assignment", "graded")])
        path = results_path(workspace, week)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.to_json())


def best_of(func, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "my-work"
        workspace.mkdir()
        _six_weeks(workspace)
        render_s = best_of(lambda: progress(workspace).render())
    print(f"progress: read and render six weeks x 40 questions   {render_s * 1000:8.2f} ms  (test bound: 30 s)")

    def start_and_stop():
        widget = mock_interview_timer(tick_s=3600)
        started = time.perf_counter()
        widget.start()
        elapsed = time.perf_counter() - started
        widget.stop()
        return elapsed

    start_s = min(start_and_stop() for _ in range(5))
    print(f"timer: start() returns after                           {start_s * 1000:8.2f} ms  (test bound: 10 s)")


if __name__ == "__main__":
    main()
