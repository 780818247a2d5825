"""A synthetic cohort: deterministic learner submissions for the benchmark, the demo and the tests.

Learner ``i`` starts from the released notebooks, fills every answer cell with the
author's solution, then makes a seeded random subset of the mistakes the author
planted (``authoring.wrong_answers``), so scores vary from learner to learner but
the same seed always gives the same cohort. Any week with planted wrong answers
works; :func:`sample_week_notebooks` is a small built-in week for courses that
have none yet.

>>> [s.student for s in roster(3)]
['learner01', 'learner02', 'learner03']
"""

from __future__ import annotations

import copy
import random
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import nbformat

from curriculum.course import authoring as a
from curriculum.course.layout import Course

FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Vint",
         "Margaret", "Tim", "Adele", "Leslie", "Shafi", "John", "Hedy", "Dennis", "Sophie", "Niklaus"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Cerf",
        "Hamilton", "Berners", "Goldberg", "Lamport", "Goldwasser", "Backus", "Lamarr", "Ritchie", "Wilson", "Wirth"]

WRITTEN_ANSWER = ("We keep one SMS queue per carrier so a slow carrier cannot hold up the others; "
                  "the trade-off is about 5% more infrastructure for a p99 delivery time under 2 s.")


@dataclass(frozen=True)
class Learner:
    """One synthetic learner: the nbgrader student id and the names an LMS shows."""

    student: str
    first: str
    last: str
    lms_id: int

    @property
    def canvas_login(self) -> str:
        """Canvas's file-name form of the name: last name then first name, lower case, no spaces."""
        return (self.last + self.first).lower()

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"


def roster(n_students: int) -> list[Learner]:
    """``n_students`` learners with distinct ids, names and LMS ids (deterministic)."""
    if not isinstance(n_students, int) or n_students < 1:
        raise ValueError(f"n_students must be a whole number of at least 1; got {n_students!r}")
    out = []
    for i in range(n_students):
        first = FIRST[i % len(FIRST)]
        last = LAST[(i * 7) % len(LAST)] + ("" if i < len(FIRST) else str(i // len(FIRST) + 1))
        out.append(Learner(f"learner{i + 1:02d}", first, last, 40000 + i * 17))
    return out


# -- a built-in sample week ------------------------------------------------------------------------

def sample_week_notebooks() -> dict[str, nbformat.NotebookNode]:
    """A small graded week in the course's style: four autograded questions and a written task."""
    assignment = a.new_notebook([
        a.markdown("# Sample week: SMS at scale\nWork through the questions; run every cell.", grade_id="sample_intro"),
        a.code("import math\nimport numpy as np\nimport pandas as pd"),
        a.answer("peak_rate_answer", "# Messages per second at a peak of 3x the daily average of 8.64 million/day",
                 "peak_sms_per_s = 3 * 8_640_000 / 86_400",
                 wrong=[("forgot the 3x peak factor", "peak_sms_per_s = 8_640_000 / 86_400"),
                        ("divided by hours, not seconds", "peak_sms_per_s = 3 * 8_640_000 / 24")]),
        a.tests("peak_rate_from_daily_volume", 2, "Peak rate from daily volume, messages per second",
                "assert isinstance(peak_sms_per_s, (int, float)), 'peak_sms_per_s should be a number'",
                "assert abs(peak_sms_per_s - 300) < 1, 'peak_sms_per_s is off: check the peak factor and units'"),
        a.answer("concurrency_answer", "# Calls in progress: 40 new calls per second, each held 180 s",
                 "calls_in_progress = 40 * 180",
                 wrong=[("hold time in minutes", "calls_in_progress = 40 * 3")]),
        a.tests("concurrency_littles_law", 2, "Concurrent calls from Little's law",
                "assert calls_in_progress > 0, 'calls_in_progress should be positive'",
                "assert calls_in_progress == 7200, 'calls_in_progress is off: L = arrival rate x time in system'"),
        a.answer("storage_answer", "# A table of daily storage: 8.64 million messages of 1 KB, kept 30 days",
                 "storage = pd.DataFrame({'days': [1, 30], 'gb': [8.64, 8.64 * 30]})",
                 wrong=[("kept one day only", "storage = pd.DataFrame({'days': [1, 30], 'gb': [8.64, 8.64]})")]),
        a.tests("storage_retention_table", 3, "Storage table for 30 days of retention, GB",
                "assert list(storage.columns) == ['days', 'gb'], 'storage needs the columns days and gb'",
                "assert math.isclose(storage.gb.iloc[-1], 259.2), 'storage for 30 days is off'"),
        a.answer("availability_answer", "# Yearly downtime allowed at 99.95% availability, in minutes",
                 "downtime_min_per_year = (1 - 0.9995) * 365 * 24 * 60",
                 wrong=[("used 99.5%", "downtime_min_per_year = (1 - 0.995) * 365 * 24 * 60"),
                        ("used hours", "downtime_min_per_year = (1 - 0.9995) * 365 * 24")]),
        a.tests("availability_downtime_budget", 3, "Downtime budget at 99.95%, minutes per year",
                "assert downtime_min_per_year > 0, 'downtime_min_per_year should be positive'",
                "assert abs(downtime_min_per_year - 262.8) < 0.5, 'downtime_min_per_year is off'"),
        a.written_task("carrier_isolation_narrative", 4,
                       "In three sentences: how do you keep one slow carrier from delaying every SMS?",
                       "- 2 points: isolates carriers (queue or pool per carrier)\n- 2 points: names a trade-off with a number"),
        a.markdown("Your answer here."),
    ])
    lesson = a.new_notebook([a.markdown("# Sample lesson"), a.code("rate = 8_640_000 / 86_400\nprint(rate)")])
    return {"assignment.ipynb": assignment, "lesson.ipynb": lesson}


def weeks_with_wrong_answers(root: Path) -> list[str]:
    """The weeks of a course whose source notebooks plant at least one wrong answer."""
    course = Course(Path(root))
    return [w for w in course.weeks()
            if any(a.wrong_answers(a.read(p)) for p in course.source_notebooks(w))]


def build_course(target: Path, project_root: Path, week: str | None = None) -> tuple[Path, str]:
    """A throwaway, released course folder with one week: ``week`` from ``project_root`` or the sample.

    Without ``week``, the first week of ``project_root`` with planted wrong answers is used, or the
    built-in sample week when there is none. Returns ``(course folder, week)``.
    """
    from curriculum.course.release import write_release

    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise ValueError(f"target must be a new or empty folder; {target} has files in it")
    (target / "source").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(project_root / "nbgrader_config.py", target / "nbgrader_config.py")
    header = project_root / "source" / "header.ipynb"
    if header.exists():
        shutil.copyfile(header, target / "source" / "header.ipynb")
    candidates = weeks_with_wrong_answers(project_root)
    if week is not None and week not in candidates:
        raise ValueError(f"week must be a week of {project_root} with planted wrong answers "
                         f"({', '.join(candidates) or 'none yet'}); got {week!r}")
    chosen = week or (candidates[0] if candidates else None)
    if chosen:
        shutil.copytree(project_root / "source" / chosen, target / "source" / chosen,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    else:
        chosen = "week1"
        (target / "source" / chosen).mkdir()
        for name, nb in sample_week_notebooks().items():
            nbformat.write(nb, str(target / "source" / chosen / name))
    write_release(target, [chosen])
    return target, chosen


# -- submissions ---------------------------------------------------------------------------------------

def _solution_body(source: str) -> str:
    lines = source.split("\n")
    begin = next((i for i, line in enumerate(lines) if a.BEGIN_SOLUTION in line), None)
    end = next((i for i, line in enumerate(lines) if a.END_SOLUTION in line), None)
    if begin is None or end is None:
        return source
    indent = len(lines[begin]) - len(lines[begin].lstrip())
    return "\n".join(line[indent:] for line in lines[begin + 1:end])


def learner_notebook(source_nb, release_nb, mistakes: list[a.WrongAnswer]):
    """The release notebook as a learner submits it: every answer filled in, with these mistakes."""
    wrong_by_cell = {}
    for w in mistakes:
        wrong_by_cell.setdefault(w.cell, w)
    source_cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source_nb.cells
                    if c.metadata.get("nbgrader", {}).get("solution")}
    out = copy.deepcopy(release_nb)
    for cell in out.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        src = source_cells.get(meta.get("grade_id"))
        if cell.cell_type == "markdown":
            cell.source = WRITTEN_ANSWER
        elif src is not None:
            code = wrong_by_cell[meta["grade_id"]].code if meta["grade_id"] in wrong_by_cell else _solution_body(src.source)
            cell.source = a.replace_solution(src.source, code)
    return out


def make_cohort(root: Path, week: str, n_students: int, seed: int = 2024,
                mistake_rate: float = 0.35) -> dict[str, dict[str, nbformat.NotebookNode]]:
    """``{student: {notebook file name: submission}}`` for ``n_students`` learners (deterministic).

    Each planted wrong answer is made by a learner with probability ``mistake_rate`` (at most one per
    answer cell); learner ``i``'s choices depend only on ``seed`` and ``i``.
    """
    if not 0 <= mistake_rate <= 1:
        raise ValueError(f"mistake_rate must be between 0 and 1; got {mistake_rate!r}")
    course = Course(Path(root))
    course.require_week(week)
    cohort: dict[str, dict[str, nbformat.NotebookNode]] = {}
    sources = {p.name: a.read(p) for p in course.source_notebooks(week)}
    releases = {p.name: a.read(p) for p in course.release_notebooks(week)}
    if not releases:
        raise ValueError(f"week {week!r} has no release notebooks: run `curriculum release {week}` first")
    for index, learner in enumerate(roster(n_students)):
        rng = random.Random(f"{seed}:{index}")
        notebooks = {}
        for name, release in releases.items():
            source = sources.get(name)
            planted = a.wrong_answers(source) if source is not None else []
            mistakes = [w for w in planted if rng.random() < mistake_rate]
            notebooks[name] = learner_notebook(source, release, mistakes) if source is not None else release
        cohort[learner.student] = notebooks
    return cohort


def write_submissions(root: Path, week: str, cohort: dict[str, dict[str, nbformat.NotebookNode]]) -> list[Path]:
    """Place each learner's notebooks in ``submitted/<student>/<week>/`` as nbgrader expects."""
    folders = []
    for student, notebooks in cohort.items():
        folder = Path(root) / "submitted" / student / week
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, str(folder / name))
        folders.append(folder)
    return folders


def write_lms_zip(cohort: dict[str, dict[str, nbformat.NotebookNode]], path: Path, style: str = "canvas",
                  extras: bool = True, when: datetime = datetime(2025, 3, 7, 17, 0)) -> Path:
    """A zip of the cohort's notebooks named as Canvas or Moodle names a bulk download.

    With ``extras``: the first learner also has an earlier attempt (which collection must supersede)
    and the zip holds a file that belongs to nobody (which collection must list as unmatched).
    """
    if style not in ("canvas", "moodle"):
        raise ValueError(f"style must be 'canvas' or 'moodle'; got {style!r}")
    learners = {learner.student: learner for learner in roster(len(cohort))}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for index, (student, notebooks) in enumerate(cohort.items()):
            learner = learners.get(student) or Learner(student, student, student, 90000 + index)
            for name, nb in notebooks.items():
                stamp = when + timedelta(minutes=index)
                text = nbformat.writes(nb)
                zf.writestr(zipfile.ZipInfo(_lms_name(style, learner, name, index), _zip_time(stamp)), text)
                if extras and index == 0:
                    older = stamp - timedelta(days=1)
                    zf.writestr(zipfile.ZipInfo(_lms_name(style, learner, name, index, attempt=0),
                                                _zip_time(older)), text)
        if extras:
            zf.writestr(zipfile.ZipInfo("instructions_from_the_lms.txt", _zip_time(when)), "not a submission")
    return path


def _zip_time(stamp: datetime) -> tuple:
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _lms_name(style: str, learner: Learner, notebook: str, index: int, attempt: int = 1) -> str:
    """The file name an LMS gives a learner's file; ``attempt=0`` is an earlier upload of the same file."""
    stem, ext = notebook.rsplit(".", 1)
    if style == "canvas":
        # lastfirst_<canvas user id>_<submission id>_<file name>; Canvas adds -N to a re-uploaded file name
        name = f"{stem}-1.{ext}" if attempt == 1 and index == 0 else notebook
        return f"{learner.canvas_login}_{learner.lms_id}_{700000 + index * 3 + attempt}_{name}"
    # Moodle: "<Full Name>_<participant id>_assignsubmission_file_" as a folder (or, in older Moodle, a prefix)
    prefix = f"{learner.full_name}_{learner.lms_id}_assignsubmission_file_"
    return f"{prefix}/{notebook}" if attempt == 1 else f"{prefix}{notebook}"


def write_roster(n_students: int, path: Path) -> Path:
    """A roster CSV (``lms_id,student_id,first_name,last_name``) mapping the LMS's ids to the learner ids."""
    import csv

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["lms_id", "student_id", "first_name", "last_name"])
        for learner in roster(n_students):
            writer.writerow([learner.lms_id, learner.student, learner.first, learner.last])
    return path
