"""Interview prompts: the question text plus what the rubric expects of an answer.

A :class:`Prompt` adds prompt-specific rubric items to the general ones:
metrics and components the answer must name, and :class:`NumericCheck`\\ s that
compare a learner's metric with an expected number.

The grader never computes an expected number itself. The caller (a week's
notebook) works it out with the capacity library and passes it to a prompt
factory, for example ``voice_messaging_prompt(trunks_needed=trunks_for(10_000,
0.01))``. That keeps the rubric independent of the capacity maths and keeps
platform figures in the facts registry rather than in the grader.

Keywords match whole words in names, ignoring case, with an optional plural
"s": ``"trunk"`` matches "Trunks needed" but not "trunking". A requirement may
be one keyword or a tuple of synonyms, any of which satisfies it.

>>> p = voice_messaging_prompt(trunks_needed=9_970)
>>> p.prompt_id, [c.expected for c in p.numeric_checks]
('voice_messaging', [10000, 9970])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["NumericCheck", "Prompt", "sms_reminder_prompt", "voice_messaging_prompt"]


def _keywords(value: str | tuple[str, ...] | list[str], name: str) -> tuple[str, ...]:
    words = (value,) if isinstance(value, str) else tuple(value)
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise ValueError(f"{name} must be a non-empty keyword or a tuple of non-empty keywords; got {value!r}")
    return tuple(w.strip() for w in words)


def _positive(value: float, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")


@dataclass(frozen=True)
class NumericCheck:
    """Expect a metric, found by keyword in its name, to be near a number.

    ``metric_keywords``: a keyword or tuple of synonyms matched against metric
    names (any one matches). ``expected``: the number the caller computed.
    ``rtol``: relative tolerance; a value passes when
    ``abs(value - expected) <= rtol * abs(expected)``. ``description``: what the
    number is and how to get it; the learner sees it in feedback, so it must not
    give the expected value away.

    >>> check = NumericCheck("trunk", 9_970, 0.02, "the trunks needed at the blocking target")
    >>> check.accepts(10_100), check.accepts(9_000)
    (True, False)
    """

    metric_keywords: tuple[str, ...]
    expected: float
    rtol: float = 0.05
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "metric_keywords", _keywords(self.metric_keywords, "metric_keywords"))
        e = self.expected
        if isinstance(e, bool) or not isinstance(e, (int, float)) or not math.isfinite(e):
            raise ValueError(f"expected must be a finite number; got {e!r}")
        r = self.rtol
        if isinstance(r, bool) or not isinstance(r, (int, float)) or not math.isfinite(r) or r < 0:
            raise ValueError(f"rtol must be a finite number >= 0 (0.05 means within 5%); got {r!r}")

    def accepts(self, value: float) -> bool:
        """True when ``value`` lies within ``rtol`` of ``expected``."""
        return abs(value - self.expected) <= self.rtol * abs(self.expected) + 1e-12


@dataclass(frozen=True)
class Prompt:
    """An interview prompt and the prompt-specific things its answer must contain.

    ``required_metrics`` and ``required_components`` are keywords (or tuples of
    synonyms) looked for in metric and component names; ``numeric_checks`` are
    :class:`NumericCheck`\\ s. Lists are stored as tuples.

    >>> p = Prompt("demo", "Demo", "Design a demo.", required_components=["router"])
    >>> p.required_components
    (('router',),)
    """

    prompt_id: str
    title: str
    text: str
    required_metrics: tuple[tuple[str, ...], ...] = field(default=())
    required_components: tuple[tuple[str, ...], ...] = field(default=())
    numeric_checks: tuple[NumericCheck, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.prompt_id, str) or not self.prompt_id.strip():
            raise ValueError(f"prompt_id must be a non-empty str; got {self.prompt_id!r}")
        for name in ("required_metrics", "required_components"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise ValueError(f"{name} must be a list of keywords, not one str; got {value!r}")
            object.__setattr__(self, name, tuple(_keywords(v, name) for v in value))
        checks = tuple(self.numeric_checks)
        if not all(isinstance(c, NumericCheck) for c in checks):
            raise ValueError("numeric_checks must hold NumericCheck objects")
        object.__setattr__(self, "numeric_checks", checks)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def voice_messaging_prompt(
    concurrent_calls: int = 10_000,
    *,
    trunks_needed: float,
    blocking: float = 0.01,
    trunk_rtol: float = 0.001,
) -> Prompt:
    """The Week 1-2 prompt: a voicemail system for businesses on Twilio Voice.

    ``concurrent_calls`` is the busy-hour peak, read as offered load in Erlangs;
    ``blocking`` the largest share of calls that may be blocked at set-up;
    ``trunks_needed`` the Erlang B answer for those two, computed by the caller
    (e.g. with the course's capacity library), checked within ``trunk_rtol``.
    The default is tight on purpose: one trunk per Erlang (10,000 for 9,970) is
    the classic slip, only 0.3% off, and must not pass.

    >>> p = voice_messaging_prompt(trunks_needed=9_970)
    >>> "10,000 concurrent calls" in p.text, p.numeric_checks[1].rtol
    (True, 0.001)
    >>> p.numeric_checks[1].accepts(10_000), p.numeric_checks[1].accepts(9_975)
    (False, True)

    Reference: the Erlang B formula (blocked calls cleared), as in the course's
    capacity library.
    """
    _positive(concurrent_calls, "concurrent_calls")
    _positive(trunks_needed, "trunks_needed")
    if not 0 < blocking < 1:
        raise ValueError(f"blocking must be a fraction between 0 and 1 (0.01 means 1%); got {blocking!r}")
    pct = _percent(blocking)
    text = (
        "Design a voice messaging system on Twilio: a caller rings a business's number, hears its greeting "
        "and leaves a message that the business's staff play back in their app. "
        f"In the busy hour the platform carries {concurrent_calls:,} concurrent calls; treat that as "
        f"{concurrent_calls:,} Erlangs of offered load. No more than {pct} of calls may be blocked at set-up."
    )
    return Prompt(
        prompt_id="voice_messaging",
        title="Voice messaging for businesses",
        text=text,
        required_metrics=(("concurrent", "concurrency"), ("blocking", "blocked"), ("trunk",), ("storage",)),
        required_components=(("router", "routing"), ("webhook", "twiml"), ("recording", "recordings", "audio")),
        numeric_checks=(
            NumericCheck(
                ("concurrent", "concurrency"), concurrent_calls, 0.0,
                "the busy-hour concurrent calls the prompt gives",
            ),
            NumericCheck(
                ("trunk",), trunks_needed, trunk_rtol,
                f"the trunks needed for {concurrent_calls:,} Erlangs at {pct} blocking "
                "(Erlang B, blocked calls cleared)",
            ),
        ),
    )


def sms_reminder_prompt(
    reminders_per_day: int = 500_000,
    window_hours: float = 4,
    *,
    sender_mps: float,
    peak_mps: float,
    senders_needed: int,
    rtol: float = 0.05,
) -> Prompt:
    """A messaging prompt: appointment reminders sent by SMS in a morning window.

    Each reminder is one segment and all go out within ``window_hours``.
    ``sender_mps`` is the throughput of one sender (take it from the facts
    registry for the sender type the lesson picks). ``peak_mps`` (segments per
    second needed) and ``senders_needed`` are computed by the caller and checked
    within ``rtol``.

    >>> p = sms_reminder_prompt(sender_mps=100, peak_mps=34.7, senders_needed=1)
    >>> p.prompt_id, len(p.numeric_checks)
    ('sms_reminders', 2)
    """
    _positive(reminders_per_day, "reminders_per_day")
    _positive(window_hours, "window_hours")
    _positive(sender_mps, "sender_mps")
    _positive(peak_mps, "peak_mps")
    _positive(senders_needed, "senders_needed")
    text = (
        f"Design a service that sends {reminders_per_day:,} appointment reminders a day by SMS for clinics. "
        f"Each reminder is one segment, all of them go out within a {window_hours:g}-hour morning window, "
        f"and one sender number can send {sender_mps:g} segments per second. Patients reply to confirm or cancel."
    )
    return Prompt(
        prompt_id="sms_reminders",
        title="SMS appointment reminders",
        text=text,
        required_metrics=(("per second", "mps", "throughput"), ("delivery", "delivered"), ("reminder", "message")),
        required_components=(
            ("scheduler", "schedule"), ("queue", "throttle", "rate limiter"), ("status", "callback", "webhook"),
        ),
        numeric_checks=(
            NumericCheck(
                ("per second", "mps", "throughput"), peak_mps, rtol,
                "the segments per second needed to finish inside the window",
            ),
            NumericCheck(
                ("sender", "number"), senders_needed, rtol, "the sender numbers needed to reach that throughput"
            ),
        ),
    )
