"""What to practise next: skills you missed come back for review after 1, 3, 7 and 14 days.

Everything stays on your laptop: the history is one JSON-lines file in your workspace
(``my-work/.course/history.jsonl``), written by the self-grade (the lab's button, ``curriculum selfgrade``
results picked up by ``curriculum progress``) and by the practice drills. Nothing is sent anywhere.

A *skill* is a capacity skill the practice drills train (Little's law, Erlang B sizing, voice bandwidth,
SMS segments, availability, latency budgets) when a question is about one, else the question itself (by
its title). A miss schedules the skill for review 1 day later; each review passed on or after its day
moves it to the next gap (3, then 7, then 14 days); after the 14-day review it is done. A new miss starts
again at 1 day (the expanding gaps of spaced practice).

>>> from datetime import date
>>> h = [Event("2026-12-01", "erlang_b", "Erlang B sizing", "drill", False)]
>>> [(s.title, s.due.isoformat(), s.step) for s in schedule(h)]
[('Erlang B sizing', '2026-12-02', 0)]
>>> h.append(Event("2026-12-02", "erlang_b", "Erlang B sizing", "drill", True))
>>> [(s.due.isoformat(), s.step) for s in schedule(h)]
[('2026-12-05', 1)]
>>> [s.title for s in due(h, date(2026, 12, 5))]
['Erlang B sizing']

Reference: H. Ebbinghaus, "Memory" (1885), on forgetting; P. Pimsleur, "A Memory Schedule" (1967), on
expanding review intervals.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from curriculum.course.selfgrade_results import FEEDBACK_DIR_NAME, RESULTS_NAME, SelfGradeResult
from curriculum.feedback.history import Event, history_path, load, record

__all__ = ["INTERVALS_DAYS", "Event", "Review", "due", "drill_skill", "history_path", "load", "record",
           "schedule", "sync_selfgrades"]

#: Days from a miss (then from each passed review) to the next review.
INTERVALS_DAYS = (1, 3, 7, 14)

#: Drill skill -> its title (the same titles as curriculum.widgets.drills.SKILLS, kept here so this module
#: imports no widgets) and the words in a question's title that make it a question on that skill.
DRILL_SKILLS = {
    "littles_law": ("Little's law", ("little's law", "arrival rate", "in progress", "concurrent")),
    "erlang_b": ("Erlang B sizing", ("erlang", "trunks", "blocking")),
    "voice_bandwidth": ("Voice bandwidth", ("g.711", "opus", "bandwidth", "gbit/s", "mbit/s", "kbit/s")),
    "sms": ("SMS segments and drain time", ("segment", "sms", "otp", "drain")),
    "availability": ("Availability and downtime", ("availability", "downtime", "nines")),
    "latency_budget": ("Latency budgets", ("latency", "budget", "headroom", "p99", "tail")),
}


@dataclass(frozen=True)
class Review:
    """A skill to review: its title, the day it is due, and how many reviews were passed since the last miss."""

    skill: str
    title: str
    missed_on: _dt.date
    due: _dt.date
    step: int

    def when(self, today: _dt.date) -> str:
        """'today', 'tomorrow', 'in 3 days' or 'since 2 Dec' (overdue)."""
        days = (self.due - today).days
        if days < 0:
            return f"due since {self.due.day} {self.due:%b}"
        return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def drill_skill(title: str) -> str | None:
    """The drill skill a question is about, from the words of its title, or None.

    >>> drill_skill("Q1: trunks for 10,000 Erlangs at 1% blocking"), drill_skill("Q8: which calls the CPS limit paces")
    ('erlang_b', None)
    """
    words = title.lower()
    for skill, (_, keys) in DRILL_SKILLS.items():
        if any(k in words for k in keys):
            return skill
    return None


def _today() -> _dt.date:
    return _dt.date.today()


def selfgrade_events(result: SelfGradeResult) -> list[Event]:
    """The attempted, self-graded questions of a self-grade as events (partial credit counts as a miss)."""
    try:
        day = _dt.datetime.fromisoformat(result.graded_at).astimezone().date().isoformat()
    except ValueError:
        day = _today().isoformat()
    stamp = f"{result.week}@{result.graded_at}"
    events = []
    for q in result.auto:
        if not q.attempted:
            continue
        skill = drill_skill(q.title)
        title = DRILL_SKILLS[skill][0] if skill else q.title
        events.append(Event(day, skill or f"{result.week}:{q.grade_id}", title, "selfgrade", q.passed, stamp))
    return events


def sync_selfgrades(workspace: Path, results: dict[str, SelfGradeResult] | None = None) -> int:
    """Add to the history every saved self-grade it has not seen yet; return how many events were added.

    ``results`` (week -> result) are the saved self-grades when the caller has read them already.
    """
    seen = {e.stamp for e in load(workspace) if e.stamp}
    if results is None:
        results = {}
        for path in sorted(Path(workspace).glob(f"week*/{FEEDBACK_DIR_NAME}/{RESULTS_NAME}")):
            try:
                results[path.parent.parent.name] = SelfGradeResult.from_json(path.read_text())
            except (OSError, ValueError):
                continue
    added = []
    for result in results.values():
        if f"{result.week}@{result.graded_at}" not in seen:
            added += selfgrade_events(result)
    record(workspace, added)
    return len(added)


def schedule(events: list[Event]) -> list[Review]:
    """The skills still to review, each with its next day, in the order they fall due.

    Events are replayed in day order: a miss starts a skill at step 0 (due the next day); a pass on or
    after the due day moves it one step on (due after 3, 7, then 14 more days); a pass on the last step
    finishes it. A skill never missed is never scheduled.
    """
    state: dict[str, tuple[str, _dt.date, _dt.date, int]] = {}  # skill -> (title, missed_on, due, step)
    for event in sorted(events, key=lambda e: e.day):
        day = _dt.date.fromisoformat(event.day)
        if not event.passed:
            state[event.skill] = (event.title, day, day + _dt.timedelta(days=INTERVALS_DAYS[0]), 0)
            continue
        if event.skill in state:
            title, missed_on, due_day, step = state[event.skill]
            if day >= due_day:
                if step + 1 >= len(INTERVALS_DAYS):
                    del state[event.skill]
                else:
                    state[event.skill] = (title, missed_on, day + _dt.timedelta(days=INTERVALS_DAYS[step + 1]),
                                          step + 1)
    reviews = [Review(skill, title, missed, due_day, step) for skill, (title, missed, due_day, step) in state.items()]
    return sorted(reviews, key=lambda r: (r.due, r.title))


def due(events: list[Event], today: _dt.date | None = None) -> list[Review]:
    """The reviews due today (or overdue)."""
    today = today or _today()
    return [r for r in schedule(events) if r.due <= today]


def render(workspace: Path, today: _dt.date | None = None) -> list[str]:
    """The lines ``curriculum progress`` prints under "What to practise next"."""
    today = today or _today()
    reviews = schedule(load(workspace))
    if not reviews:
        return ["  Nothing to review: a skill you miss in a self-grade or a drill comes back here "
                "after 1, 3, 7 and 14 days."]
    lines = []
    for r in reviews:
        drill = " (a practice drill)" if r.skill in DRILL_SKILLS else ""
        lines.append(f"  - {r.title}{drill}: missed on {r.missed_on.day} {r.missed_on:%b}; review {r.when(today)}")
    return lines


def review_drills(workspace: Path | str | None = None, today: _dt.date | None = None) -> None:
    """In the practice notebook: a drill for each drill skill due for review today, or a note saying none is."""
    from IPython.display import Markdown, display

    from curriculum.course.progress import find_workspace
    from curriculum.widgets.drills import drill

    try:
        folder = Path(workspace) if workspace else find_workspace()
    except FileNotFoundError:
        display(Markdown("No workspace found, so there is no review history yet."))
        return
    sync_selfgrades(folder)
    today = today or _today()
    todays = due(load(folder), today)
    drills = [r for r in todays if r.skill in DRILL_SKILLS]
    others = [r for r in todays if r.skill not in DRILL_SKILLS]
    if not todays:
        display(Markdown("**Nothing to review today.** Skills you miss in a self-grade or a drill come back "
                         "here after 1, 3, 7 and 14 days; the drills below are all open to you."))
        return
    if drills:
        display(Markdown("**Today's review drills** (skills you missed earlier):"))
        for r in drills:
            display(drill(r.skill))
    if others:
        display(Markdown("**Also due for review** (look again at these questions in their week's notebook):\n\n"
                         + "\n".join(f"- {r.title}" for r in others)))
