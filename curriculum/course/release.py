"""Make ``release/`` from ``source/`` with nbgrader, and tell when the two have drifted apart."""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import dataclass
from pathlib import Path

from curriculum.course.layout import Course
from curriculum.course.nbgrader_driver import scratch_course


@dataclass(frozen=True)
class Drift:
    """One way the committed release differs from what nbgrader generates."""

    week: str
    path: str
    problem: str


def _generate_into(root: Path, weeks: list[str], target: Path) -> None:
    with scratch_course(root, weeks) as scratch:
        for week in weeks:
            generated = scratch.generate(week)
            shutil.copytree(generated, target / week,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def write_release(root: Path, weeks: list[str] | None = None) -> list[str]:
    """Regenerate ``release/<week>/`` for each week from ``source/``; return the weeks written."""
    course = Course(root)
    weeks = weeks or course.assignments()
    staging = root / ".release-staging"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _generate_into(root, weeks, staging)
        for week in weeks:
            shutil.rmtree(course.release_dir / week, ignore_errors=True)
            course.release_dir.mkdir(exist_ok=True)
            shutil.move(str(staging / week), str(course.release_dir / week))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return weeks


def release_drift(root: Path, weeks: list[str] | None = None) -> list[Drift]:
    """Compare the committed ``release/`` with a fresh nbgrader release of ``source/``."""
    import tempfile

    course = Course(root)
    weeks = weeks or course.assignments()
    with tempfile.TemporaryDirectory(prefix="release-check-") as tmp:
        fresh = Path(tmp)
        _generate_into(root, weeks, fresh)
        drift: list[Drift] = []
        for week in weeks:
            drift.extend(_compare(week, fresh / week, course.release_dir / week))
        # A release folder is extra when no source assignment makes it (checking one week must not flag the others).
        known = set(course.assignments()) | set(weeks)
        extra = sorted(
            p.name for p in course.release_dir.iterdir() if p.is_dir() and p.name not in known
        ) if course.release_dir.is_dir() else []
        for name in extra:
            drift.append(Drift(name, f"release/{name}", "in release/ but not in source/: delete it or add its source"))
        return drift


def _compare(week: str, fresh: Path, committed: Path) -> list[Drift]:
    if not committed.is_dir():
        return [Drift(week, f"release/{week}", "missing: run `curriculum release`")]
    out = []
    fresh_files = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    committed_files = {
        p.relative_to(committed).as_posix()
        for p in committed.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
    }
    for rel in sorted(fresh_files - committed_files):
        out.append(Drift(week, f"release/{week}/{rel}", "missing from the committed release: run `curriculum release`"))
    for rel in sorted(committed_files - fresh_files):
        out.append(Drift(week, f"release/{week}/{rel}", "not generated from source/: a hand-made file, or its source was removed"))
    for rel in sorted(fresh_files & committed_files):
        if not filecmp.cmp(fresh / rel, committed / rel, shallow=False):
            out.append(Drift(week, f"release/{week}/{rel}",
                             "differs from what nbgrader generates from source/ (stale or edited by hand): run `curriculum release`"))
    return out
