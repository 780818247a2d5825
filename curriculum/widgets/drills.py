"""Practice drills for the capacity skills: a fresh problem, an instant grade, the working on request.

Each skill has a generator that deals a problem with realistic, randomised
parameters from a seed, so any problem can be dealt again
(``make_problem("erlang_b", seed=7)`` is always the same problem). Answers are
graded by :func:`curriculum.feedback.check`, the check the graded assignments
use, with the same tolerance rules (a relative tolerance for estimates, an
exact whole number for counts such as trunks or segments). Every expected value
comes from :mod:`curriculum.capacity` or the facts registry.

The logic is plain functions and a small :class:`DrillSession` (streak and
score); :func:`drill` wraps them in an ipywidgets form for the notebook.

>>> p = make_problem("littles_law", seed=3)
>>> p.skill, p.seed
('littles_law', 3)
>>> grade_answer(p, "not a number").correct
False
>>> grade_answer(p, repr(p.expected)).correct
True

Reference: J. D. C. Little, "A Proof for the Queuing Formula L = lambda W",
Operations Research 9(3), 1961; the other formulas are cited in
:mod:`curriculum.capacity`.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import random
import re
from dataclasses import dataclass, field

from curriculum import capacity, facts
from curriculum.feedback import CheckFailed, check

__all__ = [
    "SKILLS",
    "DrillSession",
    "Problem",
    "Verdict",
    "drill",
    "explain",
    "grade_answer",
    "make_problem",
    "new_seed",
]

#: Largest seed :func:`new_seed` deals; any int in [0, SEED_MAX] is a valid seed.
SEED_MAX = 999_999


@dataclass(frozen=True)
class Problem:
    """One drill problem: the question, the quantity asked for, and how it is graded and worked out."""

    skill: str
    seed: int
    question: str
    answer_name: str
    unit: str
    expected: float
    rtol: float
    atol: float = 0.0
    integer: bool = False
    hint: str = ""
    working: tuple[str, ...] = ()
    quote: str = ""  # text shown verbatim under the question (an SMS body)


@dataclass(frozen=True)
class Verdict:
    """The grade of one answer: right or not, and the message for the learner (never the answer)."""

    correct: bool
    message: str


def _n(x: float, digits: int = 4) -> str:
    """A number for prose: thousands separators and at most ``digits`` significant figures, never 1e-06."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1:
        return f"{x:,.{digits}g}"
    text = f"{x:.{digits}g}"
    if "e" in text:  # 1e-06 -> 0.000001
        text = f"{float(text):.{digits + 12}f}".rstrip("0")
    return text


def _plural(count: float, word: str) -> str:
    return f"{_n(count)} {word}" + ("" if count == 1 else "s")


def _pct(fraction: float) -> str:
    """0.9995 -> '99.95 %'."""
    return f"{fraction * 100:.10g} %"


# --- generators ------------------------------------------------------------------------------------
# Each takes a seeded random.Random and the seed, and returns a Problem. Parameters are drawn from
# realistic ranges for cloud communications; values come from curriculum.capacity.

def _littles_law(rng: random.Random, seed: int) -> Problem:
    variant = rng.choice(("arrivals", "concurrency", "in_flight"))
    if variant == "arrivals":
        calls = rng.choice((600, 1_200, 2_400, 3_000, 4_800, 6_000, 10_000, 15_000, 25_000, 40_000))
        hold_min = rng.choice((1.5, 2, 2.5, 3, 4, 5, 6, 8))
        hold_s = hold_min * 60
        rate = capacity.arrival_rate_per_s(calls, hold_s)
        return Problem(
            "littles_law", seed,
            f"A contact centre keeps {calls:,} calls in progress at its peak, and a call lasts "
            f"{_n(hold_min)} minutes on average. How many new calls arrive per second?",
            "arrival_rate_per_s", "calls/s", rate, rtol=0.02,
            hint="Little's law: arrival rate = calls in progress ÷ hold time, with the hold time in seconds.",
            working=(
                "Little's law: L = λ × W, so λ = L ÷ W.",
                f"W = {_n(hold_min)} min × 60 = {_n(hold_s)} s.",
                f"λ = {calls:,} ÷ {_n(hold_s)} s = {_n(rate)} calls/s.",
            ),
        )
    if variant == "concurrency":
        per_hour = rng.choice((1_800, 3_600, 7_200, 9_000, 12_000, 18_000, 36_000, 54_000))
        hold_s = rng.choice((90, 120, 150, 180, 240, 300, 360))
        traffic = capacity.offered_load(per_hour / 3600, hold_s)
        return Problem(
            "littles_law", seed,
            f"A voice app takes {per_hour:,} calls in its busy hour, each lasting {hold_s} s on average. "
            "What is the offered load in Erlangs (calls in progress on average)?",
            "traffic_erlangs", "Erlangs", traffic, rtol=0.02,
            hint="Erlangs = calls per second × hold time in seconds; an hour has 3,600 seconds.",
            working=(
                "Offered load A = λ × W (Little's law with L counted in Erlangs).",
                f"λ = {per_hour:,} calls ÷ 3,600 s = {_n(per_hour / 3600)} calls/s.",
                f"A = {_n(per_hour / 3600)} calls/s × {hold_s} s = {_n(traffic)} Erlangs.",
            ),
        )
    rate = rng.choice((200, 500, 800, 1_200, 2_500, 4_000, 7_000))
    latency_ms = rng.choice((40, 80, 120, 150, 250, 400, 800))
    in_flight = capacity.offered_load(rate, latency_ms / 1000)
    return Problem(
        "littles_law", seed,
        f"Your webhook receives {rate:,} requests per second at the peak and takes {latency_ms} ms to answer "
        "each one. How many requests are in flight at once?",
        "requests_in_flight", "requests", in_flight, rtol=0.02,
        hint="In flight = arrival rate × time in the system, with the time in seconds (1 ms = 0.001 s).",
        working=(
            "Little's law: L = λ × W.",
            f"W = {latency_ms} ms = {_n(latency_ms / 1000)} s.",
            f"L = {rate:,} requests/s × {_n(latency_ms / 1000)} s = {_n(in_flight)} requests in flight.",
        ),
    )


_BLOCKING_TARGETS = (0.001, 0.005, 0.01, 0.02, 0.05)


def _erlang_b(rng: random.Random, seed: int) -> Problem:
    per_hour = rng.choice((300, 600, 900, 1_200, 2_400, 3_600, 6_000, 9_000, 12_000))
    hold_s = rng.choice((120, 180, 240, 300))
    traffic = capacity.offered_load(per_hour / 3600, hold_s)
    load = (f"A SIP trunk group carries {per_hour:,} calls in the busy hour, {hold_s} s each on average "
            f"(that is {_n(traffic)} Erlangs).")
    if rng.random() < 0.6:
        blocking = rng.choice(_BLOCKING_TARGETS)
        trunks = capacity.trunks_for(traffic, blocking)
        b_at = capacity.erlang_b(traffic, trunks)
        b_below = capacity.erlang_b(traffic, trunks - 1) if trunks > 1 else 1.0
        return Problem(
            "erlang_b", seed,
            f"{load} How many trunks (channels) keep blocking at or under {_pct(blocking)}? "
            "Use `capacity.erlang_b` or `capacity.trunks_for` in a scratch cell if you like.",
            "trunks", "trunks", trunks, rtol=0.0, atol=0.5, integer=True,
            hint="Find the smallest N whose Erlang B blocking B(A, N) is at or under the target; "
                 "fewer trunks block more.",
            working=(
                f"Offered load A = {per_hour:,} ÷ 3,600 × {hold_s} s = {_n(traffic)} Erlangs.",
                "Erlang B, blocked calls cleared: B(A, 0) = 1 and B(A, n) = A·B(n−1) ÷ (n + A·B(n−1)).",
                f"With N = {trunks - 1} trunks B = {_pct(round(b_below, 6))}: above the target of {_pct(blocking)}.",
                f"With N = {trunks} trunks B = {_pct(round(b_at, 6))}: at or under the target, so {trunks} trunks.",
                (f"Each trunk is busy {traffic * (1 - b_at) / trunks:.0%} of the time on average: "
                 "the larger the group, the busier its trunks can run at the same blocking (pooling gain)."),
            ),
        )
    extra = rng.choice((0, 2, 5, 10))
    trunks = max(1, math.ceil(traffic) + extra)
    blocking = capacity.erlang_b(traffic, trunks)
    return Problem(
        "erlang_b", seed,
        f"{load} The group has {trunks} trunks. What share of call attempts is blocked? "
        "Give a fraction (0.01 for 1 %).",
        "blocking_probability", "fraction of calls", blocking, rtol=0.05,
        hint="Erlang B: B(A, N) with A the offered load in Erlangs and N the trunks; give a fraction, not a percent.",
        working=(
            f"Offered load A = {per_hour:,} ÷ 3,600 × {hold_s} s = {_n(traffic)} Erlangs.",
            "Erlang B recursion: B(A, 0) = 1 and B(A, n) = A·B(n−1) ÷ (n + A·B(n−1)).",
            f"B({_n(traffic)}, {trunks}) = {blocking:.4g} — {_pct(round(blocking, 6))} of attempts get a busy signal.",
        ),
    )


def _voice_bandwidth(rng: random.Random, seed: int) -> Problem:
    from curriculum.capacity.media import CODEC_KBPS, IP_UDP_RTP_BYTES, LAYER2_BYTES

    codec = rng.choice(("G.711", "G.711", "G.729", "Opus"))
    ptime_ms = rng.choice((20, 20, 30)) if codec != "Opus" else rng.choice((20, 20, 40))
    overhead = rng.choice(("ethernet", "ethernet", "ip"))
    bitrate = rng.choice((16, 24, 32)) if codec == "Opus" else None
    calls = rng.choice((50, 100, 200, 250, 500, 1_000, 2_000))
    per_call = capacity.voice_bandwidth_kbps(codec, ptime_ms=ptime_ms, overhead=overhead, bitrate_kbps=bitrate)
    total_mbps = calls * per_call / 1000
    codec_rate = bitrate if codec == "Opus" else CODEC_KBPS[codec]
    codec_text = f"Opus at {bitrate} kbit/s" if codec == "Opus" else codec
    layer2 = LAYER2_BYTES[overhead]
    payload = codec_rate * ptime_ms / 8
    packet = payload + IP_UDP_RTP_BYTES + layer2
    pps = 1000 / ptime_ms
    where = "on the Ethernet LAN (18 bytes of framing per packet)" if overhead == "ethernet" else \
        "at the IP layer (no layer-2 framing)"
    return Problem(
        "voice_bandwidth", seed,
        f"{calls:,} simultaneous calls use {codec_text} with {ptime_ms} ms packets. How much bandwidth do they "
        f"need in one direction, {where}, in Mbit/s?",
        "bandwidth_mbps", "Mbit/s", total_mbps, rtol=0.02,
        hint="Per packet: payload + 40 bytes of IP/UDP/RTP headers (+ 18 on Ethernet); "
             "packets per second = 1,000 ÷ ptime; bits = bytes × 8.",
        working=(
            f"Payload per packet = {_n(codec_rate)} kbit/s × {ptime_ms} ms ÷ 8 = {_n(payload)} bytes.",
            f"Packet = {_n(payload)} + {IP_UDP_RTP_BYTES} (IP/UDP/RTP)"
            + (f" + {layer2} (Ethernet)" if layer2 else "") + f" = {_n(packet)} bytes.",
            f"Packets per second = 1,000 ÷ {ptime_ms} = {_n(pps)}.",
            f"One call = {_n(packet)} bytes × 8 × {_n(pps)} /s = {_n(per_call)} kbit/s in each direction.",
            f"{calls:,} calls × {_n(per_call)} kbit/s = {_n(calls * per_call)} kbit/s = {_n(total_mbps)} Mbit/s.",
        ),
    )


_SMS_OPENINGS = (
    "Hi {name}, your appointment at {place} is on {day} at {time}. Reply C to confirm or R to reschedule.",
    "{brand}: your order {order} has shipped and arrives {day}. Track it in the app.",
    "Your {brand} verification code is {code}. It expires in 10 minutes. Never share it with anyone.",
    "{brand} alert: your payment of {amount} is due on {day}. Pay in the app to avoid a late fee.",
)
_SMS_FILLERS = (
    " Our opening hours are 8am to 6pm, Monday to Saturday.",
    " Questions? Call us or reply HELP for help.",
    " Please arrive 10 minutes early and bring your insurance card.",
    " Parking is free for the first two hours in the garage next door.",
    " Thank you for choosing us, we look forward to seeing you soon.",
    " You can manage your preferences at any time in your account settings.",
)
_SMS_GSM_EXTRAS = (" Fee: €{fee}.", " [Reply STOP to opt out]", " Use code {{SAVE10}} at checkout.")
_SMS_UCS2_EXTRAS = (" We’re open late on Thursdays.", " See you soon 😀", " “Best clinic in town” – our patients")


def _sms_text(rng: random.Random) -> str:
    fields = {
        "name": rng.choice(("Ana", "Sam", "Priya", "Kenji", "Lucía", "Tom")),
        "place": rng.choice(("Northside Clinic", "Bay Dental", "City Physio")),
        "day": rng.choice(("Monday", "Tuesday", "Friday", "June 12")),
        "time": rng.choice(("9:30am", "2:15pm", "4pm")),
        "brand": rng.choice(("Owl Shop", "Acme Bank", "Kite Air")),
        "order": f"#{rng.randint(10_000, 99_999)}",
        "code": f"{rng.randint(0, 999_999):06d}",
        "amount": f"${rng.randint(20, 900)}.{rng.randint(0, 99):02d}",
        "fee": f"{rng.randint(2, 40)}",
    }
    text = rng.choice(_SMS_OPENINGS).format(**fields)
    for filler in rng.sample(_SMS_FILLERS, rng.randint(0, 4)):
        text += filler
    kind = rng.choice(("plain", "gsm_extension", "ucs2"))
    if kind == "gsm_extension":
        text += rng.choice(_SMS_GSM_EXTRAS).format(**fields).replace("{{", "{").replace("}}", "}")
    elif kind == "ucs2":
        text += rng.choice(_SMS_UCS2_EXTRAS)
    return text


def _simple_segments(info) -> int:
    single = 160 if info.encoding == "GSM-7" else 70
    multi = 153 if info.encoding == "GSM-7" else 67
    return 1 if info.units <= single else math.ceil(info.units / multi)


def _sms(rng: random.Random, seed: int) -> Problem:
    if rng.random() < 0.5:
        for _ in range(50):  # keep cases where the textbook rule and Twilio's packing agree
            text = _sms_text(rng)
            info = capacity.sms_segments(text)
            if info.segments == _simple_segments(info):
                break
        gsm = info.encoding == "GSM-7"
        single, multi = (160, 153) if gsm else (70, 67)
        unit_name = "septets" if gsm else "UTF-16 code units"
        why = ("every character is in the GSM-7 alphabet" if gsm else
               "it contains " + ", ".join(repr(c) for c in info.non_gsm_characters)
               + ", outside GSM-7, so the whole message is sent as UCS-2")
        steps = [f"Encoding: {info.encoding}, because {why}."]
        if gsm and info.units != info.characters:
            steps.append(f"Length: {info.characters} characters, but extension characters (€ [ ] {{ }} ~ ^ | \\) "
                         f"take 2 septets each: {info.units} septets.")
        elif not gsm and info.units != info.characters:
            steps.append(f"Length: {info.characters} characters, but an emoji takes 2 UTF-16 code units: "
                         f"{info.units} code units.")
        else:
            steps.append(f"Length: {info.units} {unit_name}.")
        if info.segments == 1:
            steps.append(f"{info.units} ≤ {single}, so it fits in 1 segment.")
        else:
            steps.append(f"{info.units} > {single}, so it is split; each part carries a 6-byte header and holds "
                         f"{multi} {unit_name}: ⌈{info.units} ÷ {multi}⌉ = {info.segments} segments.")
        return Problem(
            "sms", seed,
            f"How many segments does this SMS body take? It is {info.characters} characters long "
            "(as a person counts them).",
            "segments", "segments", info.segments, rtol=0.0, atol=0.5, integer=True,
            hint="GSM-7: 160 in one segment, 153 per segment when split (extension characters count 2). "
                 "Any character outside GSM-7 makes the whole message UCS-2: 70, or 67 per segment.",
            working=tuple(steps), quote=text,
        )
    senders = (("a US long code", "messaging.mps.us_long_code", (500, 1_000, 2_000, 5_000)),
               ("a toll-free number", "messaging.mps.toll_free_default", (2_000, 5_000, 10_000, 20_000)),
               ("a short code", "messaging.mps.short_code", (50_000, 100_000, 250_000, 500_000)))
    sender, key, sizes = rng.choice(senders)
    mps = facts.value(key)
    recipients = rng.choice(sizes)
    segments_each = rng.choice((1, 1, 2, 3))
    total = recipients * segments_each
    minutes = capacity.drain_time_s(total, mps) / 60
    steps = [
        f"Segments to send = {recipients:,} messages × {segments_each} = {total:,} segments.",
        f"Sending rate of {sender}: {facts.cite(key)}.",
        f"Time = {total:,} ÷ {_n(mps)} /s = {_n(total / mps)} s = {_n(minutes)} minutes.",
    ]
    queue_h = facts.value("messaging.queue.max_hours")
    if minutes / 60 > queue_h:
        steps.append(f"That is more than the {queue_h} hours of traffic a sender's queue holds: Twilio would "
                     "refuse the excess (error 30001). Buy more throughput on the sender, pace the sends, or "
                     "move to a faster sender type (several numbers for one use case break carrier rules).")
    return Problem(
        "sms", seed,
        f"A campaign texts {recipients:,} people a message of {segments_each} segment"
        f"{'s' if segments_each > 1 else ''} each, all from {sender} sending at {_plural(mps, 'message segment')} "
        "per second (MPS). How many minutes does it take to send them all?",
        "drain_time_min", "minutes", minutes, rtol=0.02,
        hint="Throughput limits count segments, not messages: time = segments ÷ MPS, then seconds to minutes.",
        working=tuple(steps),
    )


_AVAILABILITIES = (0.99, 0.995, 0.999, 0.9995, 0.9999)


def _availability(rng: random.Random, seed: int) -> Problem:
    variant = rng.choice(("downtime", "serial", "parallel"))
    period = rng.choice(("month", "year"))
    period_text = "30-day month" if period == "month" else "365-day year"
    period_min = {"month": 30 * 24 * 60, "year": 365 * 24 * 60}[period]
    if variant == "downtime":
        a = rng.choice(_AVAILABILITIES)
        minutes = capacity.downtime_s(a, period) / 60
        return Problem(
            "availability", seed,
            f"An SLA promises {_pct(a)} availability. How many minutes of downtime does it allow in a {period_text}?",
            "downtime_min", "minutes", minutes, rtol=0.02,
            hint="Downtime = (1 − availability) × the period; 99.9 % is 0.999.",
            working=(
                f"Unavailability = 1 − {a} = {_n(1 - a, 3)}.",
                f"A {period_text} has {period_min:,} minutes.",
                f"Downtime = {_n(1 - a, 3)} × {period_min:,} = {_n(minutes)} minutes.",
            ),
        )
    if variant == "serial":
        names = rng.sample(("API gateway", "call router", "TwiML webhook", "database", "message queue",
                            "carrier interconnect"), rng.randint(2, 4))
        parts = [rng.choice(_AVAILABILITIES[1:]) for _ in names]
        combined = capacity.serial(parts)
        minutes = capacity.downtime_s(combined, period) / 60
        listing = ", ".join(f"{name} {_pct(a)}" for name, a in zip(names, parts))
        return Problem(
            "availability", seed,
            f"A request needs every one of these to work: {listing}. Assuming independent failures, how many "
            f"minutes a {period_text} is the whole path down?",
            "downtime_min", "minutes", minutes, rtol=0.05,
            hint="In series, availabilities multiply; then downtime = (1 − product) × the period.",
            working=(
                "Serial: A = " + " × ".join(str(a) for a in parts) + f" = {combined:.6f} ({_pct(round(combined, 6))}).",
                f"Downtime = (1 − {combined:.6f}) × {period_min:,} min = {_n(minutes)} minutes.",
                "The chain is less available than its weakest part: every extra dependency adds downtime.",
            ),
        )
    a = rng.choice((0.99, 0.995, 0.999))
    copies = rng.choice((2, 3))
    combined = capacity.parallel(a, copies)
    minutes = capacity.downtime_s(combined, period) / 60
    return Problem(
        "availability", seed,
        f"You run {copies} independent copies of a service that is each {_pct(a)} available, and any one copy can "
        f"serve. How many minutes a {period_text} are all copies down at once?",
        "downtime_min", "minutes", minutes, rtol=0.05,
        hint="Redundant copies fail together: unavailability = (1 − a) to the power of the number of copies.",
        working=(
            f"All {copies} down at once: (1 − {a})^{copies} = {_n(1 - combined, 3)}.",
            f"Downtime = {_n(1 - combined, 3)} × {period_min:,} min = {_n(minutes)} minutes.",
            "Independence is the big assumption: shared deploys, power or bugs make copies fail together.",
        ),
    )


_STAGES = (("TLS handshake at your edge", (3, 5, 8, 12)), ("auth and signature check", (1, 2, 3)),
           ("customer lookup in the database", (4, 6, 10, 15)), ("feature-flag service", (2, 3, 5)),
           ("CRM API call", (15, 20, 30, 45)), ("render the TwiML", (1, 2, 4)),
           ("cross-region cache read", (20, 40, 80)))


def _latency(rng: random.Random, seed: int) -> Problem:
    if rng.random() < 0.65:
        target = facts.value("webhooks.twiml_response_budget")
        chosen = sorted(rng.sample(range(len(_STAGES)), rng.randint(3, 5)))  # stages keep their path order
        components = [(_STAGES[i][0], float(rng.choice(_STAGES[i][1]))) for i in chosen]
        budget = capacity.latency_budget(components, target_ms=target)
        listing = "; ".join(f"{name} {ms:g} ms" for name, ms in components)
        verdict = ("fits, with headroom to spare" if budget.headroom_ms >= 0
                   else "is over budget: cut or parallelise a stage, or cache the slow lookup")
        return Problem(
            "latency_budget", seed,
            f"Your TwiML webhook has an assumed budget of {target:g} ms. Its stages run one after another: "
            f"{listing}. What is the headroom in ms (negative if over budget)?",
            "headroom_ms", "ms", budget.headroom_ms, rtol=0.0, atol=0.5,
            hint="Stages in series add up; headroom = budget − total.",
            working=(
                "Serial stages add: total = " + " + ".join(f"{ms:g}" for _, ms in components)
                + f" = {budget.total_ms:g} ms.",
                f"Headroom = {target:g} − {budget.total_ms:g} = {budget.headroom_ms:g} ms: the path {verdict}.",
                f"The budget is {facts.cite('webhooks.twiml_response_budget')} — an assumption, not a Twilio number.",
            ),
        )
    percentile = rng.choice((0.99, 0.999))
    fanout = rng.choice((10, 20, 50, 100, 200))
    slow = capacity.slow_request_probability(percentile, fanout)
    tail = f"p{percentile * 100:g}"
    return Problem(
        "latency_budget", seed,
        f"A search request fans out to {fanout} servers and waits for all of them. Each server is slower than "
        f"its {tail} latency {_pct(round(1 - percentile, 6))} of the time. What fraction of requests is slow? "
        "Give a fraction (0.1 for 10 %).",
        "slow_fraction", "fraction of requests", slow, rtol=0.05,
        hint="A request is fast only if every server is fast: P(slow) = 1 − p^N.",
        working=(
            f"P(one server fast) = {percentile}.",
            f"P(all {fanout} fast) = {percentile}^{fanout} = {1 - slow:.4f}.",
            f"P(request slow) = 1 − {1 - slow:.4f} = {slow:.4f} ({_pct(round(slow, 4))}): the tail at scale.",
        ),
    )


#: skill key -> (title, generator). The titles are the capacity skills of the course.
SKILLS = {
    "littles_law": ("Little's law", _littles_law),
    "erlang_b": ("Erlang B sizing", _erlang_b),
    "voice_bandwidth": ("Voice bandwidth", _voice_bandwidth),
    "sms": ("SMS segments and drain time", _sms),
    "availability": ("Availability and downtime", _availability),
    "latency_budget": ("Latency budgets", _latency),
}


def _require_skill(skill: str) -> str:
    if skill not in SKILLS:
        raise ValueError(f"skill must be one of {', '.join(SKILLS)}; got {skill!r}")
    return skill


def _require_seed(seed) -> int:
    if type(seed) is not int or not 0 <= seed <= SEED_MAX:
        raise ValueError(f"seed must be an int in [0, {SEED_MAX:,}]; got {seed!r}")
    return seed


def new_seed(rng: random.Random | None = None) -> int:
    """A fresh seed in [0, SEED_MAX], from ``rng`` or from the operating system (never a global seed).

    >>> new_seed(random.Random(1)) == new_seed(random.Random(1))
    True
    """
    return (rng or random.SystemRandom()).randint(0, SEED_MAX)


def make_problem(skill: str, seed: int) -> Problem:
    """Deal the problem for ``skill`` and ``seed``; the same pair always gives the same problem.

    ``skill`` is a key of :data:`SKILLS`; ``seed`` an int in [0, 999,999].

    >>> a, b = make_problem("erlang_b", 42), make_problem("erlang_b", 42)
    >>> a == b, a.unit in ("trunks", "fraction of calls")
    (True, True)
    >>> make_problem("queues", 1)
    Traceback (most recent call last):
    ...
    ValueError: skill must be one of littles_law, erlang_b, voice_bandwidth, sms, availability, latency_budget; got 'queues'
    """
    _require_skill(skill)
    _require_seed(seed)
    rng = random.Random(f"{skill}/{seed}")  # str seeds hash with SHA-512: stable across runs and machines
    return SKILLS[skill][1](rng, seed)


def _parse(typed: str) -> float | None:
    from curriculum.widgets.selfcheck import parse_number

    return parse_number(typed)


def grade_answer(problem: Problem, typed) -> Verdict:
    """Grade what the learner typed with the course's check and tolerance; the message never gives the answer.

    >>> p = make_problem("availability", 5)
    >>> v = grade_answer(p, str(p.expected * 60))   # seconds typed where minutes were asked
    >>> v.correct, "minutes vs seconds" in v.message
    (False, True)
    """
    value = _parse(typed) if not isinstance(typed, (int, float)) or isinstance(typed, bool) else float(typed)
    if value is None:
        return Verdict(False, f"Type a number for `{problem.answer_name}`, such as 42 or 3.5 (no units or words).")
    if problem.integer and value != int(value):
        return Verdict(False, f"`{problem.answer_name}` should be a whole number: round it the way the question asks "
                              "(up, for trunks and segments).")
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            check(problem.answer_name, value, problem.expected, rtol=problem.rtol, atol=problem.atol,
                  unit=problem.unit, hint=problem.hint or None)
    except CheckFailed as failure:
        return Verdict(False, str(failure))
    return Verdict(True, out.getvalue().strip() or f"`{problem.answer_name}` is correct.")


def explain(problem: Problem) -> str:
    """The working, step by step, with the answer at the end (shown only when the learner asks).

    >>> print(explain(make_problem("littles_law", 0)).splitlines()[0])
    Working:
    """
    lines = ["Working:"] + [f"  {i}. {step}" for i, step in enumerate(problem.working, 1)]
    shown = _n(problem.expected, 4)
    lines.append(f"Answer: {problem.answer_name} = {shown} {problem.unit}"
                 + ("" if problem.integer else f" (answers within {_tolerance_text(problem)} count as right)"))
    return "\n".join(lines)


def _tolerance_text(problem: Problem) -> str:
    if problem.rtol:
        return f"{problem.rtol * 100:g} %"
    return f"{problem.atol:g} {problem.unit}"


@dataclass
class DrillSession:
    """A run of problems for one skill: deals problems, grades answers and keeps the streak.

    A problem counts once, at its first answer: right extends the streak, wrong ends it. Asking for the
    working before answering ends the streak too. Answers after the first, or after the working was shown,
    are graded but do not move the streak.

    >>> s = DrillSession("sms", rng=random.Random(0))
    >>> p = s.deal()
    >>> s.answer(str(p.expected)).correct, s.streak
    (True, 1)
    >>> _ = s.deal(); s.answer("-1").correct, s.streak, s.best_streak
    (False, 0, 1)
    """

    skill: str
    rng: random.Random | None = None
    problem: Problem | None = None
    streak: int = 0
    best_streak: int = 0
    answered: int = 0
    right: int = 0
    _counted: bool = field(default=False, repr=False)
    _revealed: bool = field(default=False, repr=False)

    def __post_init__(self):
        _require_skill(self.skill)

    def deal(self, seed: int | None = None) -> Problem:
        """A new problem: from ``seed`` when given (to replay one), else a fresh random one."""
        self.problem = make_problem(self.skill, new_seed(self.rng) if seed is None else seed)
        self._counted = self._revealed = False
        return self.problem

    def answer(self, typed) -> Verdict:
        """Grade an answer to the current problem and update the streak if it is the problem's first answer."""
        if self.problem is None:
            self.deal()
        verdict = grade_answer(self.problem, typed)
        if not self._counted and not self._revealed and not self._is_unreadable(verdict):
            self._counted = True
            self.answered += 1
            if verdict.correct:
                self.right += 1
                self.streak += 1
                self.best_streak = max(self.best_streak, self.streak)
            else:
                self.streak = 0
        return verdict

    @staticmethod
    def _is_unreadable(verdict: Verdict) -> bool:
        return not verdict.correct and verdict.message.startswith("Type a number")

    def working(self) -> str:
        """The working for the current problem; the problem then no longer counts towards the streak."""
        if self.problem is None:
            self.deal()
        if not self._counted:
            self._revealed = True
            if self.streak:
                self.streak = 0
        return explain(self.problem)

    def score_line(self) -> str:
        """'Streak 3 · best 5 · 7 of 9 right first time'."""
        return f"Streak {self.streak} · best {self.best_streak} · {self.right} of {self.answered} right first time"


# --- the widget (a thin layer over DrillSession) ----------------------------------------------------

def _code_spans(escaped: str) -> str:
    """`name` -> <code>name</code> in already-escaped text."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def _question_html(problem: Problem) -> str:
    title = SKILLS[problem.skill][0]
    quote = ""
    if problem.quote:
        quote = ('<blockquote class="course-drill-quote" style="white-space:pre-wrap;border-left:3px solid #ccc;'
                 f'margin:6px 0;padding:4px 10px">{html.escape(problem.quote)}</blockquote>')
    return (f'<div><b>{html.escape(title)}</b> <span class="course-drill-seed" style="color:#666">'
            f'(problem {problem.skill}/{problem.seed})</span></div>'
            f'<div>{_code_spans(html.escape(problem.question))}</div>{quote}'
            f'<div style="color:#666">Answer in {html.escape(problem.unit)}.</div>')


def _record_locally(skill: str, correct: bool) -> None:
    """Add a drill's first answer to the learner's own history (``my-work/.course/``), for the review schedule.

    Only when the notebook runs in a workspace's ``practice/`` folder (as after ``make lab``); nothing leaves
    the laptop, and a history that cannot be written never stops the drill.
    """
    from pathlib import Path

    here = Path.cwd()
    if here.name != "practice" or not any(p.name.startswith("week") for p in here.parent.iterdir() if p.is_dir()):
        return
    try:
        from curriculum.feedback.history import record_drill

        record_drill(here.parent, skill, SKILLS[skill][0], correct)
    except OSError:
        pass


class DrillWidget:
    """The ipywidgets form: question, answer box, Check, Show working, New problem and the streak."""

    def __init__(self, skill: str, seed: int | None = None):
        import ipywidgets as w

        self.session = DrillSession(skill)
        self.question = w.HTML()
        self.answer_box = w.Text(placeholder="your answer (a number)", continuous_update=False,
                                 layout=w.Layout(width="14em"))
        self.check_button = w.Button(description="Check", button_style="primary")
        self.working_button = w.Button(description="Show working")
        self.new_button = w.Button(description="New problem")
        self.feedback = w.HTML()
        self.working_area = w.HTML()
        self.streak = w.HTML()
        for widget, name in ((self.question, "question"), (self.answer_box, "answer"),
                             (self.check_button, "check"), (self.working_button, "working-button"),
                             (self.new_button, "new"), (self.feedback, "feedback"),
                             (self.working_area, "working"), (self.streak, "streak")):
            widget.add_class(f"course-drill-{name}")
        self.check_button.on_click(lambda _: self.on_check())
        self.working_button.on_click(lambda _: self.on_working())
        self.new_button.on_click(lambda _: self.on_new())
        self.box = w.VBox([self.question, w.HBox([self.answer_box, self.check_button, self.working_button,
                                                  self.new_button]),
                           self.feedback, self.working_area, self.streak])
        self.box.add_class("course-drill")
        self.on_new(seed)

    def on_new(self, seed: int | None = None) -> None:
        problem = self.session.deal(seed)
        self.question.value = _question_html(problem)
        self.answer_box.value = ""
        self.feedback.value = self.working_area.value = ""
        self._show_streak()

    def on_check(self) -> None:
        counted = self.session.answered
        verdict = self.session.answer(self.answer_box.value)
        if self.session.answered > counted:  # a problem's first answer: into the learner's review history
            _record_locally(self.session.skill, verdict.correct)
        mark, colour = ("✓", "#1b7f3b") if verdict.correct else ("✗", "#b3261e")
        self.feedback.value = (f'<span style="color:{colour};white-space:normal;overflow-wrap:anywhere">{mark} '
                               f'{_code_spans(html.escape(verdict.message))}</span>')
        self._show_streak()

    def on_working(self) -> None:
        text = self.session.working()
        self.working_area.value = f'<pre style="white-space:pre-wrap">{html.escape(text)}</pre>'
        self._show_streak()

    def _show_streak(self) -> None:
        self.streak.value = f"<i>{html.escape(self.session.score_line())}</i>"

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)


def drill(skill: str, seed: int | None = None) -> DrillWidget:
    """Show a drill for one skill in the notebook (``seed`` replays a problem; see :data:`SKILLS`)."""
    _require_skill(skill)
    if seed is not None:
        _require_seed(seed)
    return DrillWidget(skill, seed)
