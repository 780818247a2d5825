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

__all__ = [
    "Curveball",
    "NumericCheck",
    "PlausibleRange",
    "Prompt",
    "sms_reminder_prompt",
    "voice_messaging_prompt",
]

#: The clarifying dimensions that change a design, in the order an interview usually covers them.
DIMENSIONS = ("scale", "ownership", "success", "compliance", "scope")


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
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError("description must say what the number is and how to get it, such as 'the trunks "
                             f"needed at the blocking target' (the learner reads it); got {self.description!r}")

    def accepts(self, value: float) -> bool:
        """True when ``value`` lies within ``rtol`` of ``expected``."""
        return abs(value - self.expected) <= self.rtol * abs(self.expected) + 1e-12


@dataclass(frozen=True)
class PlausibleRange:
    """The range a sound estimate of a metric falls in, for a metric found by keyword in its name.

    Wider than a :class:`NumericCheck`: it catches values no honest estimate
    gives (a "2" for calls per second that must be near 14), not small slips.

    >>> PlausibleRange(("per second",), 5, 50).accepts(13.9)
    True
    """

    metric_keywords: tuple[str, ...]
    low: float
    high: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "metric_keywords", _keywords(self.metric_keywords, "metric_keywords"))
        if not (isinstance(self.low, (int, float)) and isinstance(self.high, (int, float)) and self.low <= self.high):
            raise ValueError(f"low and high must be numbers with low <= high; got {self.low!r}, {self.high!r}")

    def accepts(self, value: float) -> bool:
        """True when ``low <= value <= high``."""
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Curveball:
    """A constraint the interviewer changes mid-answer, and what a revised Decide must now address.

    ``affects``: keywords naming the components whose Decide the change hits
    (matched in component names and Tell). ``expects``: groups of synonyms; a
    revised Decide covers a group when it mentions one of its words.
    ``good_reply``: what a good reply covers, shown after the learner answers.

    >>> c = Curveball("burst", "Traffic is 10x.", ("queue",), (("queue", "buffer"),), "Buffer it.")
    >>> c.kind
    'burst'
    """

    kind: str
    text: str
    affects: tuple[str, ...]
    expects: tuple[tuple[str, ...], ...]
    good_reply: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "affects", _keywords(self.affects, "affects"))
        object.__setattr__(self, "expects", tuple(_keywords(g, "expects") for g in self.expects))
        if not self.good_reply:
            covers = "; ".join(" or ".join(repr(w) for w in g[:3]) for g in self.expects)
            object.__setattr__(self, "good_reply", (
                "A good reply names the components the change hits, says what each now decides instead and why, "
                f"with a number where one changes, and covers: {covers}."))


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
    #: Concepts a good answer reasons about, each a tuple of synonyms (the prompt's domain).
    domain: tuple[tuple[str, ...], ...] = field(default=())
    #: For each dimension in :data:`DIMENSIONS`, extra keywords that show a question addresses it here.
    dimensions: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    #: The prompt's own countable things, accepted as metric units ("codes", "keys", "patients").
    countables: tuple[str, ...] = field(default=())
    #: The prompt's own quality and product metrics ("conversion", "answer rate").
    quality_terms: tuple[str, ...] = field(default=())
    #: Components that belong to this problem, each a tuple of synonyms.
    component_terms: tuple[tuple[str, ...], ...] = field(default=())
    #: Plausible ranges for the metrics an answer should estimate.
    ranges: tuple[PlausibleRange, ...] = field(default=())
    #: Suggestions in the prompt's own words, by kind: question, assumption, scale_metric, quality_metric,
    #: component, decide, tradeoff, story, risk, mvp.
    examples: tuple[tuple[str, str], ...] = field(default=())
    #: Constraints the interviewer may change mid-answer.
    curveballs: tuple[Curveball, ...] = field(default=())
    #: The answer's grade ids in the course's notebooks, where the prompt is used (informative only).
    week: str = ""

    def example(self, kind: str, default: str = "") -> str:
        """The prompt's own suggestion of ``kind`` (see ``examples``), or ``default``."""
        return dict(self.examples).get(kind, default)

    def dimension_keywords(self, dimension: str) -> tuple[str, ...]:
        """The prompt-specific keywords of one clarifying dimension."""
        return dict(self.dimensions).get(dimension, ())

    @property
    def domain_words(self) -> tuple[str, ...]:
        """Every keyword of the domain, components and quality terms, flattened (for checks and tests)."""
        words = [w for group in self.domain + self.component_terms for w in group]
        words += list(self.quality_terms) + list(self.countables)
        return tuple(dict.fromkeys(words))

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
        for name in ("domain", "component_terms"):
            object.__setattr__(self, name, tuple(_keywords(v, name) for v in getattr(self, name)))
        dims = tuple((str(d), tuple(k)) for d, k in (self.dimensions.items() if isinstance(self.dimensions, dict)
                                                      else self.dimensions))
        unknown = [d for d, _ in dims if d not in DIMENSIONS]
        if unknown:
            raise ValueError(f"dimensions must be among {', '.join(DIMENSIONS)}; got {', '.join(unknown)}")
        object.__setattr__(self, "dimensions", dims)
        object.__setattr__(self, "countables", tuple(self.countables))
        object.__setattr__(self, "quality_terms", tuple(self.quality_terms))
        object.__setattr__(self, "ranges", tuple(self.ranges))
        examples = self.examples.items() if isinstance(self.examples, dict) else self.examples
        object.__setattr__(self, "examples", tuple((str(k), str(v)) for k, v in examples))
        object.__setattr__(self, "curveballs", tuple(self.curveballs))


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
