"""Import an LMS bulk download into ``submitted/`` through nbgrader's ZipCollectApp.

An LMS names each learner's file its own way. Two styles are understood:

``canvas``  ``doejane_12345_678901_assignment.ipynb`` (``lastfirst_<user id>_<submission id>_<file>``;
            ``LATE`` may follow the name, and a re-uploaded file gets ``-1``, ``-2``... before ``.ipynb``)
``moodle``  ``Jane Doe_12345_assignsubmission_file_/assignment.ipynb`` (a folder per participant; older
            Moodle puts the same text in front of the file name instead)

The student id is the Canvas name (``doejane``) or the Moodle name in snake case with accents
folded (``Zoë Ünal`` -> ``zoe_unal``), unless a roster CSV (columns ``lms_id,student_id``) maps the
LMS's user id to the course's id. The LMS user id is part of a learner's identity: two learners whose
names give the same id (``doejane_111`` and ``doejane_112``) get ids with their LMS id appended
(``doejane_111``, ``doejane_112``) and a warning, never one merged submission.

**Unsafe or oversized entries.** An entry whose path climbs out of the folder (``../``), is absolute,
or is a link is reported as *unsafe* and never extracted; an entry larger than
:data:`MAX_ENTRY_BYTES` once read is reported as *too large* and is not collected. An entry that
appears twice under the same name is one file. Every file of the zip ends in exactly one row.

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
import stat
import unicodedata
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
#: Largest entry collected, in bytes once decompressed (a notebook is rarely over a few MB).
MAX_ENTRY_BYTES = 50 * 2**20


@dataclass(frozen=True)
class Entry:
    """One file of the download and what became of it."""

    path: str
    outcome: str  # "collected", "superseded", "unmatched", "unsafe", "too large"
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
    warnings: list[str] = field(default_factory=list)

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
                               ("Unmatched (not collected)", "unmatched"),
                               ("Unsafe (never extracted)", "unsafe"),
                               ("Too large (not collected)", "too large")):
            rows = self.of(outcome)
            if rows:
                lines.append(f"{title}: {len(rows)}")
                lines.extend(f"  - {e.path}: {e.reason}" for e in rows)
        lines.extend(f"Warning: {w}" for w in self.warnings)
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
    """The course id for an LMS name: accents folded to ASCII, lower case, other characters as ``_``.

    >>> _student_id("moodle", "Zoë Ünal"), _student_id("moodle", "Zo Nal"), _student_id("canvas", "doejane")
    ('zoe_unal', 'zo_nal', 'doejane')
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    if style == "canvas":
        return re.sub(r"[^a-z0-9]+", "", folded) or "learner"
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_") or "learner"


def unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry must not be extracted (a path that climbs out, an absolute path, a link), or None."""
    name = info.filename.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "an absolute path: never extracted"
    if ".." in parts:
        return "a path that climbs out of the download folder (..): never extracted"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link: never extracted"
    return None


def detect_style(names: list[str]) -> str:
    """The LMS style that matches most file names (ValueError when none matches any)."""
    scores = {style: sum(bool(rx.match(n)) for n in names) for style, rx in STYLES.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        raise ValueError("style: no file in the zip is named like a Canvas or a Moodle download; "
                         "pass --style canvas or --style moodle, or check the zip")
    return best


def identities(matches, style: str, warnings: list[str] | None = None) -> dict[tuple[str, str], str]:
    """``{(name id, LMS id): student id}``: the name id alone, or with the LMS id where two learners share it."""
    by_name: dict[str, set[str]] = {}
    for m in matches:
        by_name.setdefault(_student_id(style, m["name"]), set()).add(m["lms_id"])
    out = {}
    for name, lms_ids in by_name.items():
        for lms_id in lms_ids:
            out[(name, lms_id)] = name if len(lms_ids) == 1 else f"{name}_{lms_id}"
        if len(lms_ids) > 1 and warnings is not None:
            warnings.append(f"{len(lms_ids)} learners share the name id {name!r} (LMS ids {', '.join(sorted(lms_ids))}); "
                            f"they were kept apart as {', '.join(sorted(out[(name, i)] for i in lms_ids))}. Use a "
                            "roster (--roster) to choose their ids.")
    return out


def plan(names_and_times: list[tuple[str, datetime]], week_notebooks: list[str], style: str,
         roster: dict[str, str] | None = None, warnings: list[str] | None = None) -> list[Entry]:
    """Decide the outcome of every file: collected, superseded (with the winner) or unmatched (with why)."""
    rx = STYLES[style]
    valid = {n.lower(): n for n in week_notebooks}
    ids = identities([m for m in (rx.match(n) for n, _ in names_and_times) if m], style, warnings)
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
            student = ids.get((_student_id(style, m["name"]), m["lms_id"]))
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
    held: list[Entry] = []
    latest: dict[str, zipfile.ZipInfo] = {}
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            why = unsafe_reason(info)
            if why:
                if all(e.path != info.filename for e in held):
                    held.append(Entry(info.filename, "unsafe", reason=why))
                continue
            if info.filename not in latest or datetime(*info.date_time) >= datetime(*latest[info.filename].date_time):
                latest[info.filename] = info  # a name that appears twice is one file: its latest copy
    files = [(name, datetime(*info.date_time)) for name, info in latest.items()]
    names = [n for n, _ in files]
    warnings: list[str] = []
    chosen = style if style != "auto" else (detect_style(names) if names else "canvas")
    entries = plan(files, week_notebooks, chosen, read_roster(roster) if roster else None, warnings)
    report = CollectReport(week, chosen, entries + held, warnings=warnings)
    winners = {e.path: e for e in report.of("collected")}
    if winners:
        too_big = _safe_copy(zip_path, latest, winners, _staging(root))
        for name in too_big:
            report.entries = [Entry(e.path, "too large", e.student, e.notebook, e.timestamp,
                                    f"larger than {MAX_ENTRY_BYTES // 2**20} MB once unpacked: not collected")
                              if e.path == name else e for e in report.entries]
            winners.pop(name)
    if winners:
        _run_zip_collect(root, week, _staging(root) / ARCHIVE_NAME, winners, db_url)
    _write_log(root, report)
    return report


def _staging(root: Path) -> Path:
    return Path(root) / "downloaded" / ".staging"


def _safe_copy(zip_path: Path, infos: dict[str, zipfile.ZipInfo], winners: dict[str, Entry], folder: Path) -> list[str]:
    """Write a new zip holding only the winners, reading each at most :data:`MAX_ENTRY_BYTES`; return the
    names that were larger (left out)."""
    folder.mkdir(parents=True, exist_ok=True)
    too_big = []
    with zipfile.ZipFile(zip_path) as src, zipfile.ZipFile(folder / ARCHIVE_NAME, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in winners:
            info = infos[name]
            with src.open(info) as fh:
                data = fh.read(MAX_ENTRY_BYTES + 1)
            if len(data) > MAX_ENTRY_BYTES:
                too_big.append(name)
                continue
            out = zipfile.ZipInfo(name, date_time=info.date_time)
            dst.writestr(out, data)
    return too_big


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
    from curriculum.cohort.grading import COHORT_DIR

    out = Path(root) / COHORT_DIR
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"collect-{report.week}.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "outcome", "student", "notebook", "timestamp", "reason"])
        for e in report.entries:
            writer.writerow([e.path, e.outcome, e.student, e.notebook, e.timestamp, e.reason])
    return path
