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


# --- the lesson's two worked answers ---------------------------------------------------------

#: The lesson's OTP burst: recipients, the code text, and the time the codes must go out in, s; the stated
#: assumptions of the ``otp_burst`` prompt in ``scenarios.toml``.
LESSON_OTP_RECIPIENTS = facts.scenario("otp_burst", "codes")
LESSON_OTP_TEXT = facts.scenario("otp_burst", "code_text")
LESSON_OTP_WINDOW_S = facts.scenario("otp_burst", "window_min") * 60


def _otp_numbers() -> dict:
    from curriculum.capacity.senders import mps_needed, mps_to_provision

    segments = LESSON_OTP_RECIPIENTS * sms_segments(LESSON_OTP_TEXT).segments
    short = facts.value("messaging.mps.short_code")
    need = mps_needed(segments, LESSON_OTP_WINDOW_S)
    pool = senders_for(segments, short, LESSON_OTP_WINDOW_S)
    emoji = LESSON_OTP_RECIPIENTS * sms_segments(LESSON_OTP_TEXT + " 🔐").segments
    return {
        "segments": segments, "mps_needed": need, "short_codes": pool, "short_mps": short,
        "one_short_code_s": drain_time_s(segments, short), "pool_s": drain_time_s(segments, short * pool),
        "bought_s": drain_time_s(segments, mps_to_provision(segments, LESSON_OTP_WINDOW_S, short)),
        "emoji_segments": emoji, "expiry_min": facts.value("verify.code_expiry_default"),
        "dlc_high": facts.value("messaging.us_10dlc.campaign_mps_high"),
        "to_buy": mps_to_provision(segments, LESSON_OTP_WINDOW_S, short),
        "queue_h": facts.value("messaging.queue.max_hours"),
    }


def otp_burst_answer() -> dict:
    """The lesson's full-marks answer: an SMS one-time-code service sized for a burst of a million codes.

    Its numbers come from the library and the facts registry: the codes'
    segments, the segments per second the 10-minute window needs, the
    throughput to buy on one short code for it, and the drain times.

    >>> answer = otp_burst_answer()
    >>> len(answer["high_level_design"]["components"]), answer["problem_definition"]["metrics"][1]["value"]
    (5, 1700.0)
    """
    n = _otp_numbers()
    return {
        "problem_definition": {
            "user_story": ("As a Streamflix subscriber who was signed out after a security reset, I want my sign-in "
                           "code to arrive within seconds, so that I can get back to my show."),
            "clarifying_questions": [
                "Whose system is it: Streamflix's sign-in on Twilio (our senders, our cost), or Twilio's own platform?",
                "How many people must sign in again, and over how many minutes do they arrive?",
                "Which countries are the subscribers in, and can we use a short code there?",
                "Is SMS the only channel, or may a code also go by voice call or email when a text fails?",
                "How long should a code stay valid, and how many wrong tries do we allow?",
            ],
            "assumptions": [
                f"{LESSON_OTP_RECIPIENTS:,} US subscribers ask for a code within the first "
                f"{LESSON_OTP_WINDOW_S // 60} minutes.",
                "The code text is plain GSM-7 and fits in one segment; no emoji.",
                f"Codes expire after {n['expiry_min']} minutes, the Verify default.",
            ],
            "metrics": [
                {"name": "segments per second at peak", "value": round(n["mps_needed"], 1), "unit": "segments/s",
                 "target": f"for {LESSON_OTP_WINDOW_S // 60} minutes"},
                {"name": "short code throughput to buy", "value": n["to_buy"], "unit": "segments/s",
                 "target": f"on one short code (default {n['short_mps']} MPS)"},
                {"name": "codes delivered within 30 s", "value": 95, "unit": "%", "target": "p95 delivery"},
                {"name": "code expiry", "value": n["expiry_min"], "unit": "min", "target": "codes older are dropped"},
            ],
        },
        "high_level_design": {
            "actors": ["Subscriber", "Carrier network"],
            "components": [
                {"name": "Code API",
                 "tell": "Takes a phone number, makes a six-digit code and later checks the code the user types.",
                 "explain": f"Every sign-in calls it twice (ask, then check), with {n['mps_needed']:,.0f} code requests "
                            "per second at the peak.",
                 "decide": "One small endpoint for create and check rather than separate services, since both "
                           "read the same code record and grow together."},
                {"name": "Code store",
                 "tell": "Keeps a hash of each code with its expiry time and the number of tries.",
                 "explain": f"A code must stop working after {n['expiry_min']} minutes and after a few wrong guesses.",
                 "decide": "A key-value store with a time-to-live instead of a relational table, because nothing "
                           "is kept once a code expires."},
                {"name": "Send queue",
                 "tell": "Holds the outgoing code texts and releases them at the pool's sending rate.",
                 "explain": "Sign-ins arrive in a burst faster than any single sender can send.",
                 "decide": "Our own paced queue rather than firing every request at the API, so no message sits "
                           f"past the {n['queue_h']} h sender queue and stale codes are dropped, not sent."},
                {"name": "Short code",
                 "tell": f"One short code in a Messaging Service, with throughput bought up to {n['to_buy']:,.0f} MPS.",
                 "explain": f"The peak needs {n['mps_needed']:,.0f} segments per second; the short code sends "
                            f"{n['short_mps']} by default, and more is bought on the same number.",
                 "decide": "Bought throughput on one short code rather than a pool of numbers, which carriers do not "
                           "accept for one use case, or 10DLC, whose limit is per campaign."},
                {"name": "Status webhook",
                 "tell": "Receives each message's delivery status from Twilio.",
                 "explain": "We measure the delivered share and spot queue overflow errors during the burst.",
                 "decide": "Status callbacks instead of polling the API for a million messages."},
            ],
            "flows": [
                ["Subscriber", "Code API", "asks for a code"],
                ["Code API", "Code store", "hash + expiry"],
                ["Code API", "Send queue", "code text"],
                ["Send queue", "Short code", "paced sends"],
                ["Short code", "Carrier network", "SMS segments"],
                ["Carrier network", "Subscriber", "code arrives"],
                ["Short code", "Status webhook", "delivery status"],
            ],
        },
        "deep_dive": [
            {"area": "Throughput for the burst",
             "tradeoffs": [
                 {"option": f"Buy {n['to_buy']:,.0f} MPS on the short code", "alternative": "stay at the default rate",
                  "impact": f"{n['bought_s'] / 60:.1f} min to send every code instead of {n['one_short_code_s'] / 3600:.1f} h",
                  "decision": "Buy the throughput, weeks before launch: at the default rate most codes expire in the queue."},
                 {"option": "A short code", "alternative": "a 10DLC campaign at the top trust band",
                  "impact": f"{n['to_buy']:,.0f} MPS bought vs {n['dlc_high']} MPS for the whole campaign",
                  "decision": "Short code for sign-in codes; or hand the whole flow to Verify, which runs its own senders."},
             ],
             "risks": ["A short code and its extra throughput take weeks to approve: order them before the launch."]},
            {"area": "Message text and cost",
             "tradeoffs": [
                 {"option": "Plain GSM-7 text", "alternative": "the same text with a lock emoji",
                  "impact": f"{n['segments']:,} segments instead of {n['emoji_segments']:,}",
                  "decision": f"No emoji: it multiplies the bill and the sending time by "
                              f"{n['emoji_segments'] // n['segments']}."},
                 {"option": f"Drop codes older than {n['expiry_min']} min", "alternative": "send every queued code",
                  "impact": f"0 segments spent on dead codes vs up to {n['segments']:,} in a bad backlog",
                  "decision": "Set each message's validity period to the code expiry."},
             ],
             "risks": ["SMS pumping fraud: limit codes per number prefix and per country, or use Verify's Fraud Guard."]},
        ],
    }


def over_engineered_otp_answer() -> dict:
    """The same prompt answered with a service for every noun: the lesson's 'spot the mistake' design.

    The problem definition is the strong one; the high-level design splits a
    five-box pipeline into nine services whose explanations give no reason
    to stand alone.

    >>> answer = over_engineered_otp_answer()
    >>> len(answer["high_level_design"]["components"])
    9
    """
    answer = otp_burst_answer()
    names = ["API gateway service", "User service", "OTP generation service", "OTP validation service",
             "Template service", "Rate limiter service", "Notification service", "SMS service",
             "Analytics service"]
    tells = ["Routes every request to the right service.", "Looks up the user's profile and phone number.",
             "Generates the six-digit code.", "Compares the typed code with the stored one.",
             "Renders the message text from a template.", "Counts requests for each caller.",
             "Decides which channel sends the message.", "Calls the Twilio Messaging API.",
             "Collects events for dashboards."]
    answer["high_level_design"] = {
        "actors": ["Subscriber"],
        "components": [
            {"name": name, "tell": tell, "explain": f"The {name.lower()} owns this part of the flow.",
             "decide": f"A separate {name.lower()} rather than a module, following microservice best practice."}
            for name, tell in zip(names, tells)
        ],
        "flows": [["Subscriber", names[0], "request"]]
        + [[a, b, "call"] for a, b in zip(names, names[1:])]
        + [[names[7], "Subscriber", "SMS"]],
    }
    return answer
