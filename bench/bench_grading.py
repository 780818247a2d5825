"""Benchmark: plain ``nbgrader autograde`` against ``curriculum grade`` on one synthetic cohort.

    python bench/bench_grading.py [--students 30] [--week WEEK] [--workers N] [--keep]

Builds a throwaway course with one week (the first course week with planted wrong answers, or
the built-in sample week), a deterministic cohort of ``--students`` learners (solutions with a
seeded random subset of the planted mistakes, so scores vary), and two identical copies of it.
In the same run it grades one copy with ``nbgrader autograde WEEK`` and the other with
``curriculum grade WEEK`` (student kernels in the bubblewrap sandbox, test cells outside them), and a
third copy with ``curriculum grade --no-sandbox``; then prints seconds per notebook for each, the
ratio, the sandbox's own cost per notebook, where the cohort grader's time went, and whether every
cell's score is identical (exit 1 if not).

Figures, not pass/fail: the floor the course aims for is a ratio of 2 or more on 2 cores (sandbox on).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from curriculum.cohort import synthetic  # noqa: E402


def cell_scores(root: Path, week: str) -> dict[tuple[str, str, str], float]:
    """``{(student, notebook, cell): score}`` from a course folder's gradebook."""
    from nbgrader.api import Gradebook

    from curriculum.course.nbgrader_driver import load_config

    config = load_config(root)
    out = {}
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        for sub in gb.assignment_submissions(week):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student_id, nb.name, grade.name)] = round(float(grade.score or 0.0), 6)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--week", default=None, help="A course week with planted wrong answers (default: the first).")
    parser.add_argument("--workers", type=int, default=None, help="curriculum grade --workers (default: cores + 1).")
    parser.add_argument("--keep", action="store_true", help="Keep the throwaway folders and print where they are.")
    args = parser.parse_args()
    if args.students < 1:
        parser.error("--students must be at least 1")

    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        base, week = synthetic.build_course(tmp / "course", PROJECT_ROOT, args.week)
        cohort = synthetic.make_cohort(base, week, args.students)
        synthetic.write_submissions(base, week, cohort)
        notebooks = sum(len(nbs) for nbs in cohort.values())
        plain, ours, unboxed = tmp / "plain", tmp / "cohort", tmp / "unboxed"
        for copy in (plain, ours, unboxed):
            shutil.copytree(base, copy)
        print(f"Synthetic cohort: {args.students} students x {notebooks // args.students} notebooks of {week} "
              f"({'course week' if synthetic.weeks_with_wrong_answers(PROJECT_ROOT) else 'built-in sample week'}), "
              f"{os.cpu_count()} cores.")

        # nbgrader needs the week in its gradebook first; done untimed for plain nbgrader
        # (curriculum grade does it itself, inside its timing).
        subprocess.run([str(bin_dir / "nbgrader"), "generate_assignment", week, "--force",
                        f"--CourseDirectory.release_directory={tmp / 'plain-release'}"],
                       cwd=plain, env=env, check=True, capture_output=True)
        started = time.perf_counter()
        done = subprocess.run([str(bin_dir / "nbgrader"), "autograde", week], cwd=plain, env=env,
                              capture_output=True, text=True)
        plain_s = time.perf_counter() - started
        if done.returncode:
            print(done.stderr[-3000:])
            print("plain nbgrader autograde failed")
            return 1

        command = [str(bin_dir / "curriculum"), "grade", week, "--root", str(ours)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ours, env=env, capture_output=True, text=True)
        ours_s = time.perf_counter() - started
        if done.returncode:
            print(done.stdout[-3000:], done.stderr[-3000:])
            print("curriculum grade failed")
            return 1

        started = time.perf_counter()
        done = subprocess.run([str(unboxed) if part == str(ours) else part for part in command] + ["--no-sandbox"],
                              cwd=unboxed, env=env, capture_output=True, text=True)
        unboxed_s = time.perf_counter() - started
        if done.returncode:
            print(done.stdout[-3000:], done.stderr[-3000:])
            print("curriculum grade --no-sandbox failed")
            return 1

        a, b = cell_scores(plain, week), cell_scores(ours, week)
        same = a == b and len(a) > 0 and cell_scores(unboxed, week) == b
        log = json.loads((ours / "cohort" / f"grading-{week}.json").read_text())
        spread = sorted({round(sum(v for (s, _, _), v in b.items() if s == st), 2) for st in cohort})

        print(f"plain nbgrader autograde : {plain_s:7.1f} s  {plain_s / notebooks:.3f} s per notebook")
        print(f"curriculum grade         : {ours_s:7.1f} s  {ours_s / notebooks:.3f} s per notebook "
              f"({log['workers']} workers, process start included)")
        print(f"ratio                    : {plain_s / ours_s:.2f}x faster (sandbox on)")
        print(f"curriculum --no-sandbox  : {unboxed_s:7.1f} s  {unboxed_s / notebooks:.3f} s per notebook")
        print(f"the sandbox's own cost   : {(ours_s - unboxed_s) / notebooks * 1000:+.0f} ms per notebook "
              f"(wall time, {log['workers']} workers)")
        print(f"sandbox                  : {log.get('sandbox', '')}")
        print(f"scores                   : {'identical' if same else 'DIFFERENT'} over {len(a)} graded cells; "
              f"student totals range {spread[0]:g} to {spread[-1]:g} ({len(spread)} distinct)")
        timings: dict[str, float] = {}
        for r in log["results"]:
            for key, value in r["timings"].items():
                timings[key] = timings.get(key, 0.0) + value
        worker_total = sum(timings.values()) or 1.0
        print("where curriculum grade's worker time went (summed over workers, per notebook):")
        for key, value in sorted(timings.items(), key=lambda kv: -kv[1]):
            print(f"  {key:24s} {value / notebooks:.3f} s  ({100 * value / worker_total:4.1f}%)")
        print(f"  start-up, registering the week, waiting on workers: {ours_s - worker_total / log['workers']:.1f} s "
              "of wall time")
        print(f"modules each waiting kernel imported: {', '.join(log.get('preloaded') or []) or '(none)'}")
        if not same:
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    print(f"  differs: {key}: nbgrader {a.get(key)} vs curriculum {b.get(key)}")
            return 1
        return 0
    finally:
        if args.keep:
            print(f"Kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
