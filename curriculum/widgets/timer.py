"""A mock-interview timer: four phases, the time left in each, and what each phase should produce.

The phases follow the course's three-layer answer in a 45-minute interview:
clarify (about 5 min), high-level design (about 15), deep dive (about 20) and
wrap-up (about 5). :class:`InterviewClock` is the logic: it reads an injected
clock, so tests drive it without waiting. :func:`mock_interview_timer` wraps it
in an ipywidgets panel that a background thread refreshes, so the kernel stays
free while the timer runs; nothing needs a network.

>>> t = [0.0]
>>> clock = InterviewClock(clock=lambda: t[0])
>>> clock.start(); t[0] = 7 * 60
>>> s = clock.status()
>>> s.phase.title, format_mm_ss(s.phase_left_s)
('High-level design', '13:00')

Reference: the interview guide's three layers (Problem Definition, High-Level
Design, Deep Dive) with TED for each component; see week 1's lesson.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["PHASES", "InterviewClock", "Phase", "TimerStatus", "format_mm_ss", "mock_interview_timer"]


@dataclass(frozen=True)
class Phase:
    """One phase of the mock interview: its length in minutes and what it should produce."""

    key: str
    title: str
    minutes: float
    produce: str

    @property
    def seconds(self) -> float:
        return self.minutes * 60


PHASES = (
    Phase("clarify", "Clarify", 5,
          "Three or more clarifying questions whose answers change the design; the prompt restated as a user "
          "story; assumptions said out loud; metrics with numbers and units (one for scale, one for quality)."),
    Phase("high_level", "High-level design", 15,
          "A one-page diagram: 3 to 8 components and the flows between them, with TED (Tell, Explain, Decide) "
          "for each component, fitted to Twilio's APIs (webhooks, TwiML, rate limits)."),
    Phase("deep_dive", "Deep dive", 20,
          "One to three areas in depth: the back-of-envelope numbers (Little's law, Erlang B, MPS, a latency "
          "budget), trade-offs with their quantified impact, the decision, and the risks."),
    Phase("wrap_up", "Wrap-up", 5,
          "Recap the design against your metrics, name the biggest risk and what you would build next, "
          "and ask the interviewer a question."),
)


def format_mm_ss(seconds: float) -> str:
    """Seconds as m:ss for the display, rounded up so a running phase never shows 0:00 early.

    >>> format_mm_ss(300), format_mm_ss(59.2), format_mm_ss(0), format_mm_ss(3725)
    ('5:00', '1:00', '0:00', '62:05')
    """
    if seconds < 0:
        raise ValueError(f"seconds must be >= 0; got {seconds!r}")
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class TimerStatus:
    """Where the interview is: the phase, time left in it and overall, and whether it is over."""

    index: int
    phase: Phase
    phase_elapsed_s: float
    phase_left_s: float
    total_elapsed_s: float
    total_left_s: float
    overtime_s: float
    running: bool
    finished: bool


class InterviewClock:
    """The phase logic of a timed mock interview, over an injected ``clock`` (seconds, monotonic).

    ``start`` begins (or resumes), ``pause`` stops the clock, ``next_phase`` jumps to the start of
    the next phase (finish early and move on), and ``reset`` goes back to the start.
    """

    def __init__(self, phases: tuple[Phase, ...] = PHASES, clock: Callable[[], float] = time.monotonic):
        if not phases:
            raise ValueError("phases must hold at least one Phase")
        for phase in phases:
            if not phase.minutes > 0:
                raise ValueError(f"phases must each last more than 0 minutes; {phase.key!r} has {phase.minutes!r}")
        self.phases = tuple(phases)
        self._clock = clock
        self._started_at: float | None = None
        self._banked_s = 0.0  # time run before the last pause, plus phase skips

    @property
    def total_s(self) -> float:
        return sum(p.seconds for p in self.phases)

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def start(self) -> None:
        """Start, or resume after a pause. Starting a running clock changes nothing."""
        if self._started_at is None:
            self._started_at = self._clock()

    def pause(self) -> None:
        if self._started_at is not None:
            self._banked_s += self._clock() - self._started_at
            self._started_at = None

    def reset(self) -> None:
        self._started_at, self._banked_s = None, 0.0

    def elapsed_s(self) -> float:
        """Seconds of interview time so far (paused time excluded, skipped time included)."""
        running = self._clock() - self._started_at if self._started_at is not None else 0.0
        return self._banked_s + running

    def next_phase(self) -> None:
        """Jump to the start of the next phase (from the last phase: to the end)."""
        status = self.status()
        self._banked_s += status.phase_left_s

    def status(self) -> TimerStatus:
        """The current phase and times, read from the clock now."""
        elapsed = self.elapsed_s()
        boundary = 0.0
        for index, phase in enumerate(self.phases):
            if elapsed < boundary + phase.seconds:
                into = elapsed - boundary
                return TimerStatus(index, phase, into, phase.seconds - into, elapsed,
                                   self.total_s - elapsed, 0.0, self.running, False)
            boundary += phase.seconds
        last = self.phases[-1]
        return TimerStatus(len(self.phases) - 1, last, last.seconds, 0.0, elapsed, 0.0,
                           elapsed - self.total_s, self.running, True)


def status_html(status: TimerStatus, phases: tuple[Phase, ...] = PHASES) -> str:
    """The panel's text: every phase with the current one marked, time left, and what to produce now."""
    rows = []
    for index, phase in enumerate(phases):
        if status.finished or index < status.index:
            mark, style = "✓", "color:#666"
        elif index == status.index:
            mark, style = "▶", "font-weight:bold"
        else:
            mark, style = "·", "color:#666"
        rows.append(f'<span style="{style}">{mark} {html.escape(phase.title)} ({phase.minutes:g} min)</span>')
    if status.finished:
        head = f"<b>Time is up</b> — {format_mm_ss(status.overtime_s)} over. Wrap up in one sentence."
        produce = ""
    else:
        state = "" if status.running else " (paused)"
        head = (f'<b class="course-timer-phase">{html.escape(status.phase.title)}</b>{state}: '
                f'<span class="course-timer-left">{format_mm_ss(status.phase_left_s)}</span> left in this phase, '
                f"{format_mm_ss(status.total_left_s)} in the interview")
        produce = f"<div><i>Produce:</i> {html.escape(status.phase.produce)}</div>"
    return f"<div>{' &nbsp; '.join(rows)}</div><div>{head}</div>{produce}"


class TimerWidget:
    """The ipywidgets panel; a daemon thread refreshes it every ``tick_s`` seconds while the clock runs."""

    def __init__(self, clock: InterviewClock, tick_s: float = 1.0):
        import ipywidgets as w

        if not tick_s > 0:
            raise ValueError(f"tick_s must be > 0 seconds; got {tick_s!r}")
        self.clock, self.tick_s = clock, tick_s
        self.display = w.HTML()
        self.progress = w.FloatProgress(min=0.0, max=1.0, value=0.0, layout=w.Layout(width="30em"))
        self.start_button = w.Button(description="Start", button_style="success")
        self.pause_button = w.Button(description="Pause")
        self.next_button = w.Button(description="Next phase")
        self.reset_button = w.Button(description="Reset")
        self.start_button.on_click(lambda _: self.start())
        self.pause_button.on_click(lambda _: self.pause())
        self.next_button.on_click(lambda _: self._act(self.clock.next_phase))
        self.reset_button.on_click(lambda _: self._act(self.reset))
        self.box = w.VBox([w.HBox([self.start_button, self.pause_button, self.next_button, self.reset_button]),
                           self.progress, self.display])
        self.box.add_class("course-timer")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.refresh()

    def refresh(self) -> TimerStatus:
        """Redraw from the clock now; returns the status shown."""
        status = self.clock.status()
        self.display.value = status_html(status, self.clock.phases)
        self.progress.value = 1.0 if status.finished else status.phase_elapsed_s / status.phase.seconds
        self.progress.bar_style = "danger" if status.finished else ("warning" if status.phase_left_s <= 60 else "")
        return status

    def start(self) -> None:
        """Start the clock and the refresh thread; returns at once (the kernel stays free)."""
        self.clock.start()
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="mock-interview-timer", daemon=True)
            self._thread.start()
        self.refresh()

    def pause(self) -> None:
        self.clock.pause()
        self._stop.set()
        self.refresh()

    def reset(self) -> None:
        self.pause()
        self.clock.reset()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the refresh thread and wait for it (the clock keeps its time)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _act(self, action) -> None:
        action()
        self.refresh()

    def _run(self) -> None:
        while not self._stop.wait(self.tick_s):
            status = self.refresh()
            if status.finished and status.overtime_s > 15 * 60:  # nobody is watching any more
                break

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)


def mock_interview_timer(phases: tuple[Phase, ...] = PHASES, tick_s: float = 1.0) -> TimerWidget:
    """Show the mock-interview timer in a notebook: Start, Pause, Next phase and Reset."""
    return TimerWidget(InterviewClock(phases), tick_s=tick_s)
