"""Week 4 widgets: sender rates, burst drain-time charts, a burst explorer and a choice self-check.

Every number comes from the course library (:mod:`curriculum.capacity`,
:mod:`curriculum.capacity.senders`) and every sender rate from the dated facts
registry, so a changed platform limit changes the charts with it. The drawing
and summary logic are plain functions that tests call; the ipywidgets parts are
thin wrappers around them.

>>> rows = sender_rates()
>>> rows[0]["label"], rows[0]["mps"]
('US long code (one number)', 1)
"""

from __future__ import annotations

import math

from curriculum.widgets.selfcheck import ChoiceCheck  # noqa: F401 - re-exported for the lessons
# The week 4 lesson's worked answers live with the other lesson examples (curriculum.design.examples).
from curriculum.design.examples import (  # noqa: F401 - re-exported for the week 4 lesson
    LESSON_OTP_RECIPIENTS, LESSON_OTP_TEXT, LESSON_OTP_WINDOW_S, otp_burst_answer, over_engineered_otp_answer)
from curriculum import facts
from curriculum.capacity.messaging import drain_time_s, sms_segments
from curriculum.capacity.senders import queue_capacity_segments, queue_overflow_segments, senders_for

__all__ = [
    "SENDER_TYPES",
    "ChoiceCheck",
    "burst_explorer",
    "burst_summary",
    "drain_time_chart",
    "format_duration",
    "otp_burst_answer",
    "over_engineered_otp_answer",
    "sender_rates",
]

#: Sender types the lesson compares, slowest first: (label, fact key of its segments per second).
SENDER_TYPES = (
    ("US long code (one number)", "messaging.mps.us_long_code"),
    ("Toll-free (default)", "messaging.mps.toll_free_default"),
    ("10DLC campaign, trust 1-49", "messaging.us_10dlc.campaign_mps_low"),
    ("High-throughput toll-free, low end", "messaging.mps.toll_free_high_throughput_min"),
    ("Short code", "messaging.mps.short_code"),
    ("10DLC campaign, trust 50-74", "messaging.us_10dlc.campaign_mps_mid"),
    ("High-throughput toll-free, high end", "messaging.mps.toll_free_high_throughput_max"),
    ("10DLC campaign, trust 75-100", "messaging.us_10dlc.campaign_mps_high"),
)

_LABELS = tuple(label for label, _ in SENDER_TYPES)
_BLUE, _RED, _GREY, _GREEN = "#0263e0", "#f22f46", "#8c8c8c", "#1b7f3b"


def _key(sender: str) -> str:
    for label, key in SENDER_TYPES:
        if sender == label:
            return key
    raise ValueError(f"sender must be one of {', '.join(repr(s) for s in _LABELS)}; got {sender!r}")


def _per_campaign(key: str) -> bool:
    """US A2P 10DLC rates are carrier limits per campaign: more numbers on one campaign add no MPS."""
    return key.startswith("messaging.us_10dlc.")


def sender_rates() -> list[dict]:
    """One row per sender type: label, fact key, MPS, unit, source, date checked, note, disagreeing value.

    ``per_campaign`` is True for the 10DLC rows, whose rate is a carrier limit
    on the whole campaign rather than on each number.

    >>> row = next(r for r in sender_rates() if r["label"] == "Short code")
    >>> row["label"], row["mps"], row["per_campaign"]
    ('Short code', 100, False)
    """
    rows = []
    for label, key in SENDER_TYPES:
        f = facts.fact(key)
        rows.append({
            "label": label, "key": key, "mps": f.value, "unit": f.unit, "source": f.source,
            "checked": f.checked.isoformat(), "note": f.note or "", "disagrees": f.disagrees,
            "per_campaign": _per_campaign(key),
        })
    return rows


def format_duration(seconds: float) -> str:
    """A duration a PM can read at a glance: '45 s', '16.7 min', '2.8 h', '11.6 days'.

    >>> format_duration(45), format_duration(1_000), format_duration(10_000), format_duration(1e6)
    ('45 s', '16.7 min', '2.8 h', '11.6 days')
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")
    if seconds < 90:
        return f"{seconds:,.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:,.1f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:,.1f} h"
    return f"{seconds / 86_400:,.1f} days"


def burst_summary(text: str, recipients: int, sender: str = "Short code", senders: int = 1,
                  deadline_min: float | None = None) -> dict:
    """The numbers the burst explorer shows, all from the library and the facts registry.

    ``text`` is the message body, ``recipients`` the messages in the burst,
    ``sender`` a label from :data:`SENDER_TYPES`, ``senders`` how many of them
    share the load, ``deadline_min`` the time allowed (default: the Verify
    code expiry from the registry). For a 10DLC sender the rate is the
    campaign's, so ``senders`` adds nothing and ``senders_for_deadline`` is
    None (ask for a better trust score or another sender type instead).

    >>> s = burst_summary("Your code is 123456", 1_000_000, "Short code", senders=1)
    >>> s["segments_per_message"], s["drain_s"], s["senders_for_deadline"], s["overflow_segments"]
    (1, 10000.0, 17, 0.0)
    """
    if isinstance(senders, bool) or not isinstance(senders, int) or senders < 1:
        raise ValueError(f"senders must be a whole number >= 1, got {senders!r}")
    info = sms_segments(text)
    key = _key(sender)
    mps = facts.value(key)
    per_campaign = _per_campaign(key)
    if deadline_min is None:
        deadline_min = facts.value("verify.code_expiry_default")
    if not deadline_min > 0:
        raise ValueError(f"deadline_min must be > 0 minutes, got {deadline_min!r}")
    hours = facts.value("messaging.queue.max_hours")
    segments = recipients * info.segments
    pool_mps = mps if per_campaign else mps * senders
    return {
        "encoding": info.encoding,
        "segments_per_message": info.segments,
        "units": info.units,
        "non_gsm_characters": info.non_gsm_characters,
        "segments": segments,
        "mps_per_sender": mps,
        "pool_mps": pool_mps,
        "drain_s": drain_time_s(segments, pool_mps),
        "deadline_s": deadline_min * 60,
        "senders_for_deadline": None if per_campaign else senders_for(segments, mps, deadline_min * 60),
        "per_campaign": per_campaign,
        "queue_capacity_segments": queue_capacity_segments(pool_mps, hours),
        "overflow_segments": queue_overflow_segments(segments, pool_mps, hours),
        "queue_hours": hours,
    }


def drain_time_chart(segments: float, *, deadline_s: float | None = None, deadline_label: str = "deadline",
                     queue_hours: float | None = None, highlight: str | None = None, senders: int = 1):
    """Horizontal bars, log scale: time for each sender type to send ``segments``.

    One bar per row of :data:`SENDER_TYPES` (``senders`` of that type sharing
    the load), each labelled with its duration. Optional dashed lines mark a
    deadline and the queue's time limit; ``highlight`` colours one sender.

    >>> fig = drain_time_chart(1_000_000, deadline_s=600, queue_hours=10, highlight="Short code")
    >>> fig.axes[0].get_xscale(), len(fig.axes[0].patches)
    ('log', 8)
    """
    from curriculum.widgets.plots import new_figure

    if highlight is not None:
        _key(highlight)
    rows = sender_rates()
    times = [drain_time_s(segments, r["mps"] * (1 if r["per_campaign"] else senders)) for r in rows]
    fig, ax = new_figure(8.0, 4.4)
    colours = [_RED if r["label"] == highlight else _BLUE for r in rows]
    y = list(range(len(rows)))
    ax.barh(y, [max(t, 1e-3) for t in times], color=colours)
    ax.set_yticks(y, [f"{r['label']} ({r['mps']:g} MPS)" for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    for yi, t in zip(y, times):
        ax.text(t * 1.08, yi, format_duration(t), va="center", fontsize=8)
    if deadline_s is not None:
        ax.axvline(deadline_s, color=_GREEN, linestyle="--", linewidth=1.4,
                   label=f"{deadline_label}: {format_duration(deadline_s)}")
    if queue_hours is not None:
        ax.axvline(queue_hours * 3600, color=_GREY, linestyle=":", linewidth=1.6,
                   label=f"queue limit: {format_duration(queue_hours * 3600)} of traffic")
    if deadline_s is not None or queue_hours is not None:
        ax.legend(loc="lower right", fontsize=8, framealpha=0.95)
    right = max(times + [deadline_s or 0, (queue_hours or 0) * 3600]) * 6
    left = min(times + [deadline_s or math.inf]) / 3
    ax.set_xlim(left, right)
    who = "one sender" if senders == 1 else f"{senders} senders (10DLC: one campaign)"
    ax.set_xlabel(f"time to send {segments:,.0f} segments with {who} of each type (log scale)")
    ax.set_title("Drain time by sender type", loc="left", fontsize=11)
    ax.grid(axis="x", alpha=0.3, which="both")
    return fig


def _print_summary(s: dict, sender: str, senders: int, recipients: int) -> None:
    extra = ""
    if s["non_gsm_characters"]:
        extra = " because of " + " ".join(s["non_gsm_characters"][:5])
    print(f"Message: {s['encoding']}{extra}, {s['units']} units -> {s['segments_per_message']} segment(s) each")
    print(f"Burst:   {recipients:,} messages = {s['segments']:,} segments")
    if s["per_campaign"]:
        print(f"Senders: {sender} is a carrier limit of {s['mps_per_sender']:g} segments/s for the whole campaign "
              "(more numbers add nothing)")
    else:
        what_if = ("" if senders == 1 else " (a what-if: read it as throughput bought on one sender, since carriers "
                   "do not accept a pool of numbers for one use case)")
        print(f"Senders: {senders} x {sender} at {s['mps_per_sender']:g} MPS = {s['pool_mps']:g} segments/s{what_if}")
    within = "within" if s["drain_s"] <= s["deadline_s"] else "LATE for"
    print(f"  -> drains in {format_duration(s['drain_s'])}, {within} the {format_duration(s['deadline_s'])} deadline")
    if s["senders_for_deadline"] is not None and s["drain_s"] > s["deadline_s"]:
        print(f"  -> the deadline needs {s['segments'] / s['deadline_s']:,.0f} segments/s: buy that throughput on "
              "one sender (several numbers for one use case break carrier rules), or pace and spread the burst")
    if s["overflow_segments"] > 0:
        print(f"  -> submitted at once, {s['overflow_segments']:,.0f} segments overflow the "
              f"{s['queue_hours']:g} h queue (error 21611 / 30001)")
    else:
        print(f"  -> the {s['queue_hours']:g} h queue holds the whole burst")


def burst_explorer(text: str = "Your Acme code is 123456. It expires in 10 minutes.", recipients: int = 1_000_000,
                   sender: str = "Short code", senders: int = 1):
    """Controls for the message, burst size, sender type and pool size; redraws the numbers and the chart."""
    import ipywidgets as w

    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.plots import show

    expiry_min = facts.value("verify.code_expiry_default")

    def draw(text, recipients, sender, senders):
        s = burst_summary(text, recipients, sender, senders)
        _print_summary(s, sender, senders, recipients)
        show(drain_time_chart(s["segments"], deadline_s=expiry_min * 60, deadline_label="code expiry",
                              queue_hours=s["queue_hours"], highlight=sender, senders=senders))

    style = {"description_width": "initial"}
    sizes = [10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000]
    if recipients not in sizes:
        sizes = sorted(sizes + [recipients])
    return explorer(
        draw,
        text=w.Textarea(value=text, description="message", style=style, continuous_update=False,
                        layout=w.Layout(width="28em", height="5em")),
        recipients=w.SelectionSlider(options=[(f"{n:,}", n) for n in sizes], value=recipients,
                                     description="messages", style=style, continuous_update=False),
        sender=w.Dropdown(options=list(_LABELS), value=sender, description="sender type", style=style),
        senders=w.IntSlider(value=senders, min=1, max=40, description="senders", style=style,
                            continuous_update=False),
    )
