"""``make demo-cohort``: the whole instructor workflow on a synthetic cohort, in a throwaway course folder.

    python -m curriculum.cohort.demo [--students 30] [--style canvas|moodle] [--folder DIR]

1. builds a course folder with one week (the first week of this course with planted wrong
   answers, else the built-in sample week) and releases it;
2. makes a deterministic synthetic cohort and packs it as an LMS download (with an earlier
   attempt and a stray file, to show what collection reports) and a roster CSV;
3. runs the real commands, printing each: ``curriculum collect``, ``grade``, ``feedback``,
   ``export``, ``report``;
4. prints where the report is.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from curriculum.cohort import synthetic


def _project_root() -> Path:
    """The course folder this package sits in (found by its files, not by counting parent folders)."""
    from curriculum.course.layout import find_root

    return find_root(Path(__file__).resolve().parent)


def run_demo(folder: Path, students: int = 30, style: str = "canvas", echo=print) -> Path:
    """Run collect -> grade -> feedback -> export -> report on a synthetic cohort; return the report path."""
    root, week = synthetic.build_course(Path(folder) / "course", _project_root())
    cohort = synthetic.make_cohort(root, week, students)
    download = synthetic.write_lms_zip(cohort, Path(folder) / f"{style}-download.zip", style)
    roster = synthetic.write_roster(students, Path(folder) / "roster.csv")
    echo(f"Course folder: {root}  (week {week}, {students} synthetic learners, {style} download {download.name})")
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    curriculum = str(bin_dir / "curriculum")
    steps = [
        ["collect", week, "--zip", str(download), "--roster", str(roster)],
        ["grade", week],
        ["feedback", week],
        ["export"],
        ["report"],
    ]
    for step in steps:
        command = [curriculum, *step, "--root", str(root)]
        echo("\n$ " + " ".join(shlex.quote(part) for part in ["curriculum", *step]))
        done = subprocess.run(command, cwd=root, env=env, text=True, capture_output=True)
        echo(done.stdout.rstrip())
        if done.returncode:
            echo(done.stderr[-3000:])
            raise RuntimeError(f"`curriculum {step[0]}` failed (exit {done.returncode})")
    report = root / "cohort" / "report.html"
    echo(f"\nGrades: {root / 'cohort' / 'grades.csv'}")
    echo(f"Report: {report}")
    echo(f"Formgrader (hand grading): cd {root} && jupyter lab  -> Nbgrader > Formgrader")
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The cohort instructor's workflow on a synthetic cohort.")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--style", choices=("canvas", "moodle"), default="canvas")
    parser.add_argument("--folder", type=Path, default=None, help="Where to build it (default: a new temp folder).")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="cohort-demo-"))
    try:
        run_demo(folder, args.students, args.style)
    except (RuntimeError, ValueError) as exc:
        sys.exit(f"demo failed: {exc}")


if __name__ == "__main__":
    main()
