"""Import an LMS bulk download into ``submitted/`` through nbgrader's ZipCollectApp.

An LMS names each learner's file its own way. Two styles are understood:

``canvas``  ``doejane_12345_678901_assignment.ipynb`` (``lastfirst_<user id>_<submission id>_<file>``;
            ``LATE`` may follow the name, and a re-uploaded file gets ``-1``, ``-2``... before ``.ipynb``)
``moodle``  ``Jane Doe_12345_assignsubmission_file_/assignment.ipynb`` (a folder per participant; older
            Moodle puts the same text in front of the file name instead)

The student id is the Canvas name (``doejane``) or the Moodle name in snake case (``jane_doe``),
unless a roster CSV (columns ``lms_id,student_id``) maps the LMS's user id to the course's id.

**Which file wins.** For each student and notebook, the file with the latest timestamp (the
time the LMS stamped on the file in the zip) is kept; on a tie, the higher re-upload number
(``-2`` over ``-1`` over none). Every other file is listed as *superseded* by the winner. Files
that match no style, belong to no known notebook of the week, or to a learner missing from the
roster are listed as *unmatched*. Nothing is dropped without a line in the report and in
``cohort/collect-<week>.csv``.

The winners go through nbgrader's own ``ZipCollectApp`` (its extractor, its
``FileNameCollectorPlugin`` interface and its transfer into
``submitted/<student>/<week>/`` with ``timestamp.txt``).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from curriculum.course.layout import Course

STYLES = {
    "canvas": re.compile(
        r"^(?:.*/)?(?P<name>[a-z][a-z0-9]*)_(?:(?P<late>late)_)?(?P<lms_id>\d+)_(?P<submission_id>\d+)_"
        r"(?P<file_id>[^/]+?)(?:-(?P<resubmission>\d+))?\.(?P<ext>[A-Za-z0-9]+)$", re.IGNORECASE),
    "moodle": re.compile(
        r"^(?:.*/)?(?P<name>[^/_]+)_(?P<lms_id>\d+)_assignsubmission_(?:file|onlinetext)_/?"
        r"(?P<file_id>[^/]+?)(?:-(?P<resubmission>\d+))?\.(?P<ext>[A-Za-z0-9]+)$"),
}
ARCHIVE_NAME = "lms-download.zip"


@dataclass(frozen=True)
class Entry:
    """One file of the download and what became of it."""

    path: str
    outcome: str  # "collected", "superseded", "unmatched"
    student: str = ""
    notebook: str = ""
    timestamp: str = ""
    reason: str = ""


@dataclass
class CollectReport:
    """Every file of an LMS download, with its outcome."""

    week: str
    style: str
    entries: list[Entry] = field(default_factory=list)

    def of(self, outcome: str) -> list[Entry]:
        return [e for e in self.entries if e.outcome == outcome]

    @property
    def students(self) -> list[str]:
        return sorted({e.student for e in self.of("collected")})

    def render(self) -> str:
        collected = self.of("collected")
        lines = [f"{self.week}: collected {len(collected)} notebook(s) from {len(self.students)} student(s) "
                 f"({self.style} file names)."]
        for title, outcome in (("Superseded (a later file from the same student wins)", "superseded"),
                               ("Unmatched (not collected)", "unmatched")):
            rows = self.of(outcome)
            if rows:
                lines.append(f"{title}: {len(rows)}")
                lines.extend(f"  - {e.path}: {e.reason}" for e in rows)
        return "\n".join(lines)


def read_roster(path: Path) -> dict[str, str]:
    """``{lms_id: student_id}`` from a CSV with the columns ``lms_id`` and ``student_id``."""
    with Path(path).open(newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"lms_id", "student_id"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"roster must have the columns lms_id and student_id; {path} lacks {', '.join(sorted(missing))}")
        return {row["lms_id"].strip(): row["student_id"].strip() for row in reader if row["lms_id"].strip()}


def _student_id(style: str, name: str) -> str:
    if style == "canvas":
        return name.lower()
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def detect_style(names: list[str]) -> str:
    """The LMS style that matches most file names (ValueError when none matches any)."""
    scores = {style: sum(bool(rx.match(n)) for n in names) for style, rx in STYLES.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        raise ValueError("style: no file in the zip is named like a Canvas or a Moodle download; "
                         "pass --style canvas or --style moodle, or check the zip")
    return best


def plan(names_and_times: list[tuple[str, datetime]], week_notebooks: list[str], style: str,
         roster: dict[str, str] | None = None) -> list[Entry]:
    """Decide the outcome of every file: collected, superseded (with the winner) or unmatched (with why)."""
    rx = STYLES[style]
    valid = {n.lower(): n for n in week_notebooks}
    candidates: dict[tuple[str, str], list[tuple[tuple, str, str, datetime]]] = {}
    entries: dict[str, Entry] = {}
    for name, stamp in names_and_times:
        m = rx.match(name)
        if not m:
            entries[name] = Entry(name, "unmatched", reason=f"not named like a {style} submission file")
            continue
        if m["ext"].lower() != "ipynb":
            entries[name] = Entry(name, "unmatched", reason="not a notebook (.ipynb)")
            continue
        file_id = re.sub(r"\s*\(\d+\)$", "", m["file_id"]).lower() + ".ipynb"
        if file_id not in valid:
            entries[name] = Entry(name, "unmatched", reason=f"not a notebook of this week "
                                                            f"(expected {', '.join(sorted(week_notebooks))})")
            continue
        if roster is not None:
            student = roster.get(m["lms_id"])
            if student is None:
                entries[name] = Entry(name, "unmatched", reason=f"LMS id {m['lms_id']} is not in the roster")
                continue
        else:
            student = _student_id(style, m["name"])
        notebook = valid[file_id]
        rank = (stamp, int(m["resubmission"] or 0), name)
        candidates.setdefault((student, notebook), []).append((rank, name, student, stamp))
    for (student, notebook), files in candidates.items():
        files.sort()
        winner = files[-1]
        entries[winner[1]] = Entry(winner[1], "collected", student, notebook, winner[3].isoformat(" "))
        for rank, name, _, stamp in files[:-1]:
            entries[name] = Entry(name, "superseded", student, notebook, stamp.isoformat(" "),
                                  reason=f"superseded by {winner[1]} (later: {winner[3].isoformat(' ')})")
    return [entries[name] for name, _ in names_and_times]


def collect_zip(root: Path, week: str, zip_path: Path, style: str = "auto", roster: Path | None = None,
                db_url: str | None = None) -> CollectReport:
    """Collect an LMS download for ``week`` into ``submitted/`` with nbgrader's ZipCollectApp."""
    root = Path(root)
    course = Course(root)
    course.require_week(week)
    zip_path = Path(zip_path)
    if not zip_path.is_file() or not zipfile.is_zipfile(zip_path):
        raise ValueError(f"zip must be a zip file; {zip_path} is not")
    if style not in ("auto", *STYLES):
        raise ValueError(f"style must be one of auto, {', '.join(STYLES)}; got {style!r}")
    week_notebooks = [p.name for p in course.release_notebooks(week)] or [p.name for p in course.source_notebooks(week)]
    with zipfile.ZipFile(zip_path) as zf:
        files = [(info.filename, datetime(*info.date_time)) for info in zf.infolist() if not info.is_dir()]
    names = [n for n, _ in files]
    chosen = detect_style(names) if style == "auto" else style
    entries = plan(files, week_notebooks, chosen, read_roster(roster) if roster else None)
    report = CollectReport(week, chosen, entries)
    winners = {e.path: e for e in report.of("collected")}
    if winners:
        _run_zip_collect(root, week, zip_path, winners, db_url)
    _write_log(root, report)
    return report


def _run_zip_collect(root: Path, week: str, zip_path: Path, winners: dict[str, Entry], db_url: str | None) -> None:
    from nbgrader.apps.zipcollectapp import ZipCollectApp
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.plugins import FileNameCollectorPlugin

    from curriculum.course.nbgrader_driver import NbgraderError, load_config

    config = load_config(root, db_url)
    app = ZipCollectApp(config=config)
    app.coursedir = CourseDirectory(parent=app, config=config)
    app.coursedir.assignment_id = week
    archive = Path(app._format_collect_path(app.archive_directory))
    extracted = Path(app._format_collect_path(app.extracted_directory)) / Path(ARCHIVE_NAME).stem
    shutil.rmtree(archive, ignore_errors=True)
    archive.mkdir(parents=True)
    shutil.copyfile(zip_path, archive / ARCHIVE_NAME)

    class PlannedCollector(FileNameCollectorPlugin):
        """nbgrader's collector interface, answering from the plan: winners only, with their timestamps."""

        def collect(self, submitted_file: str):
            rel = Path(submitted_file).relative_to(extracted).as_posix()
            entry = winners.get(rel)
            if entry is None:
                return None
            return {"student_id": entry.student, "file_id": entry.notebook, "timestamp": entry.timestamp}

    app.collector_plugin = PlannedCollector
    app.force = True
    app.strict = True
    app.config.ExtractorPlugin.force = True
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    app.log.addHandler(handler)
    try:
        app.init_plugins()
        app.extract_archive_files()
        app.process_extracted_files()
    except SystemExit:  # ZipCollectApp.fail() exits
        raise NbgraderError(f"nbgrader zip_collect failed:\n{buffer.getvalue()[-2000:]}") from None
    finally:
        app.log.removeHandler(handler)
    missing = [e for e in winners.values()
               if not (root / "submitted" / e.student / week / e.notebook).is_file()]
    if missing:
        raise NbgraderError("nbgrader zip_collect did not place: " + ", ".join(e.path for e in missing)
                            + f"\n{buffer.getvalue()[-2000:]}")


def _write_log(root: Path, report: CollectReport) -> Path:
    from curriculum.course.cohort.grading import COHORT_DIR

    out = Path(root) / COHORT_DIR
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"collect-{report.week}.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "outcome", "student", "notebook", "timestamp", "reason"])
        for e in report.entries:
            writer.writerow([e.path, e.outcome, e.student, e.notebook, e.timestamp, e.reason])
    return path
