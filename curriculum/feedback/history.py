"""The learner's own history of graded attempts, for the review schedule: one JSON line per attempt.

Kept in the workspace (``my-work/.course/history.jsonl``), written by the self-grade and the practice
drills and read by :mod:`curriculum.course.review`. Standard library only; nothing is sent anywhere.

>>> import tempfile
>>> ws = Path(tempfile.mkdtemp())
>>> record(ws, [Event("2026-12-01", "erlang_b", "Erlang B sizing", "drill", False)])
>>> [(e.skill, e.passed) for e in load(ws)]
[('erlang_b', False)]
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from curriculum.feedback import _readonly

__all__ = ["Event", "history_path", "load", "record", "record_drill"]

HISTORY_DIR = ".course"
HISTORY_NAME = "history.jsonl"


@dataclass(frozen=True)
class Event:
    """One graded attempt at a skill: the day, the skill's key and title, where it came from, right or not."""

    day: str  # ISO date, the learner's local day
    skill: str
    title: str
    source: str  # "selfgrade" or "drill"
    passed: bool
    stamp: str = ""  # what the event came from (a self-grade's week and time), to record it once


def history_path(workspace: Path) -> Path:
    """``my-work/.course/history.jsonl``: the learner's own history, never sent anywhere."""
    return Path(workspace) / HISTORY_DIR / HISTORY_NAME


def load(workspace: Path) -> list[Event]:
    """Every event in the workspace's history, oldest first (lines that cannot be read are skipped)."""
    path = history_path(workspace)
    events = []
    if not path.is_file():
        return events
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            events.append(Event(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return events


def record(workspace: Path, events: list[Event]) -> None:
    """Append events to the history (made on first use)."""
    if not events:
        return
    path = history_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(asdict(event), ensure_ascii=False) + "\n")


def record_drill(workspace: Path, skill: str, title: str, passed: bool, day: _dt.date | None = None) -> None:
    """Record a drill's first answer to a problem."""
    record(workspace, [Event((day or _dt.date.today()).isoformat(), skill, title, "drill", bool(passed))])


_readonly.lock(__name__)
