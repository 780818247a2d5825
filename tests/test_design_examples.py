"""The worked example answers shown in the lessons quote numbers the capacity library agrees with."""

from __future__ import annotations

import re

import pytest

from curriculum.capacity import trunks_for
from curriculum.design import grade_prompt, to_markdown
from curriculum.design.calibration import BANDS
from curriculum.design.catalog import PROMPT_IDS
from curriculum.design.examples import LESSON_EXAMPLES, strong_after_hours_answer, strong_voice_answer


def _metric(answer, word):
    return next(m for m in answer["problem_definition"]["metrics"] if word in m["name"])


class TestStrongVoiceAnswer:
    def test_trunk_count_is_erlang_b_at_one_percent(self):
        """'trunks needed' is the smallest trunk group that blocks at most 1% of 10,000 Erlangs."""
        answer = strong_voice_answer()
        assert _metric(answer, "trunks")["value"] == trunks_for(_metric(answer, "concurrent")["value"], 0.01)

    def test_storage_matches_messages_and_bitrate(self):
        """30 days of 40 s messages (scenarios.toml [voice_messaging]) at 32 kbit/s from 4,000,000 messages a day:
        40 s x 32,000 bit/s / 8 = 160,000 B a message; x 4,000,000 = 640 GB a day; x 30 days = 19.2 TB."""
        answer = strong_voice_answer()
        per_day = _metric(answer, "recorded per day")["value"]
        bytes_30_days = per_day * 40 * 32_000 / 8 * 30  # messages × s × bit/s ÷ 8 × days
        assert _metric(answer, "storage")["value"] == pytest.approx(bytes_30_days / 1e12, abs=0.05) == 19.2

    def test_storage_trade_off_weighs_the_codec_as_received(self):
        """G.711 as received is 64 kbit/s, twice 32: 320 kB vs 160 kB a 40 s message, 38.4 TB vs 19.2 TB (-50%)."""
        impact = strong_voice_answer()["deep_dive"][1]["tradeoffs"][0]["impact"]
        assert "160 kB vs 320 kB" in impact and "19.2 TB vs 38.4 TB" in impact and "(-50%)" in impact


class TestStrongAfterHoursAnswer:
    """Week 3's lesson example: a clinic's after-hours line, not the graded pharmacy refill line."""

    def test_budget_rate_and_fallback_figures(self):
        """Worked by hand from scenarios.toml [after_hours_clinic_line] and the registry:
        total = 0.5 (same-DC RTT) + 2 (TLS, LB) + (0.5 + 6) (one query) + 3 (TwiML) + 5 (parse) = 17.0 ms,
        headroom = 50 - 17.0 = 33.0 ms; rate = 300 calls / 90 s x 2 requests = 6.67 requests/s;
        fallback with a 1,000 ms connect timeout and 1 retry = 2 attempts x 1 s = 2 s."""
        answer = strong_after_hours_answer()
        assert _metric(answer, "requests per second")["value"] == pytest.approx(6.67)
        assert _metric(answer, "total latency")["value"] == pytest.approx(17.0)
        assert _metric(answer, "headroom")["value"] == pytest.approx(33.0)
        assert _metric(answer, "fallback")["value"] == pytest.approx(2.0)

    def test_far_region_trade_off_quotes_the_far_total(self):
        """In us-west-2: 87 (RTT from us-east-1) + 2 + 6.5 + 3 + 5 = 103.5 ms, 53.5 ms over the 50 ms budget."""
        impact = strong_after_hours_answer()["deep_dive"][0]["tradeoffs"][0]["impact"]
        assert "17.0 ms vs 103.5 ms" in impact and "53.5 ms over" in impact

    def test_full_marks_on_the_rubric_and_not_the_graded_prompt(self):
        """It earns every point of the general rubric, and its prompt is not week 3's graded one."""
        from curriculum.design import grade

        result = grade(strong_after_hours_answer())
        assert result.score == result.max_score, result.report()
        assert "pharmacy" not in to_markdown(strong_after_hours_answer()).casefold()


#: (lesson week, graded prompt) pairs where a lesson's full-marks example still scores above the other-prompt band.
#: None today: the graded questions ask for figures the lessons' examples do not give (week 2's transcripts, EU
#: recordings and monthly cost; week 3's stock fan-out), so the fit gate holds a pasted example to about 50%.
#: An entry here marks a known failure as a strict xfail, with the reason.
_NEAR_ANSWERS: dict[tuple[str, str], str] = {}


def _cases():
    for week, (name, build) in LESSON_EXAMPLES.items():
        for pid in PROMPT_IDS:
            reason = _NEAR_ANSWERS.get((week, pid))
            marks = [pytest.mark.xfail(strict=True, reason=f"{reason}: same kind of answer, see _NEAR_ANSWERS")] \
                if reason else []
            yield pytest.param(week, name, build, pid, marks=marks, id=f"{week}-{name}-{pid}")


@pytest.mark.parametrize("week,name,build,pid", list(_cases()))
def test_lesson_example_is_no_near_answer_to_a_graded_prompt(week, name, build, pid):
    """A hostile student pastes a lesson's full-marks example into a graded design question: at most 60%."""
    fraction = grade_prompt(pid, to_markdown(build())).fraction
    assert fraction <= BANDS["other_prompt"][1], f"{week}'s {name} scores {fraction:.0%} on {pid}"


class TestStrongMeetingsAnswer:
    """Week 6's full-marks example: the worked mock (video meetings), not the graded telehealth capstone."""

    def test_peak_figures_worked_by_hand(self):
        """20,000 meetings x 8 people = 160,000 participants; 20,000 / (30 x 60 s) = 11.1 rooms a second;
        160,000 x 60 min x $0.004 = $38,400 for the peak hour."""
        from curriculum.design.examples import strong_meetings_answer

        answer = strong_meetings_answer()
        assert _metric(answer, "participants at the peak")["value"] == 160_000
        assert _metric(answer, "started per second")["value"] == 11.1
        assert _metric(answer, "peak hour")["value"] == 38_400

    def test_subscribe_cap_leaves_the_speaker_and_ten_thumbnails(self):
        """A 25-person speaker view: 2,500 + 23 x 150 = 5,950 kbit/s, over the 4,000 cap;
        (4,000 - 2,500) / 150 = 10 thumbnails fit beside the speaker."""
        from curriculum.design.examples import strong_meetings_answer

        profile = next(c for c in strong_meetings_answer()["high_level_design"]["components"]
                       if c["name"] == "Client bandwidth profile")
        assert "5,950 kbit/s" in profile["explain"] and "4,000 kbit/s" in profile["explain"]
        assert "the speaker and 10 thumbnails" in profile["decide"]

    def test_full_marks_on_the_rubric(self):
        """The lesson says it is a full-marks answer: the rubric (no prompt) gives every point."""
        from curriculum.design import grade
        from curriculum.design.examples import strong_meetings_answer

        result = grade(strong_meetings_answer())
        assert result.score == result.max_score, result.report()


# -- what the learner reads in a worked answer: figures worked by hand, and well-formed sentences ---------------

#: Every figure the lesson examples state as a metric, worked by hand from the prompt's assumptions:
#: week 3: 300 calls x 2 requests / 90 s = 6.67 req/s; 50 - 17 = 33 ms of headroom.
#: week 4: 1,000,000 codes / 600 s = 1,666.7 segments/s, bought in hundreds: 1,700.
#: week 5: 200,000 offered - 40,000 served = 160,000 shed = 80%; 0.05% of 30 days x 1,440 min = 21.6 min.
#: week 6: 160,000 / 8 = 20,000 rooms; 20,000 / 1,800 s = 11.1 meetings/s; 160,000 x 60 min x $0.004 = $38,400.
LESSON_FIGURES = {
    "week1": {"concurrent calls at peak": 10000, "trunks needed": 9970, "call set-up blocking": 1.0,
              "TwiML webhook p95 latency": 50, "messages recorded per day": 4000000,
              "recording storage, 30 days": 19.2},
    "week3": {"webhook requests per second at peak": 6.67, "total latency of one TwiML request": 17.0,
              "latency headroom": 33.0, "silence before the fallback when the server is unreachable": 2.0},
    "week4": {"segments per second at peak": 1666.7, "short code throughput to buy": 1700.0,
              "codes delivered within 30 s": 95, "code expiry": 10},
    "week5": {"API requests per second at peak": 20000, "flood requests per second": 200000,
              "share shed during a flood": 80.0, "downtime budget per month": 21.6,
              "p99 latency of admitted requests": 300},
    "week6": {"participants at the peak": 160000, "meetings in progress at the peak": 20000,
              "meetings started per second": 11.1, "join time": 3,
              "download per receiver in a full meeting": 4000, "media cost of the peak hour": 38400},
}


@pytest.mark.parametrize("week", sorted(LESSON_FIGURES))
def test_every_metric_a_lesson_shows_is_the_figure_worked_by_hand(week):
    _, build = LESSON_EXAMPLES[week]
    shown = {m["name"]: m["value"] for m in build()["problem_definition"]["metrics"]}
    assert shown == LESSON_FIGURES[week]


#: Words a worked answer may write in capitals: acronyms the glossary defines.
ACRONYMS = {"TLS", "HTTP", "HTTPS", "REST", "TwiML", "SIP", "INVITE", "PSTN", "SMS", "MMS", "OTP", "API", "APIs",
            "MPS", "CPS", "SFU", "HIPAA", "GDPR", "TCPA", "SLA", "SLO", "DTMF", "IVR", "PII", "AWS", "TTL", "WebRTC",
            "MP3", "JSON", "URL", "EU", "US", "USD", "TB", "GB", "MB", "KB", "GSM", "UCS", "ACK", "STOP", "HELP",
            "TCR", "A2P", "DLC", "UK", "CDN", "DNS", "EHR", "BAA", "PHI", "LATAM", "APAC", "EMEA", "MCU", "ITU",
            "IE1"}


def _worked_answers():
    """(label, build) for every worked answer a learner reads. Each is built inside its test, not while pytest
    collects: a mutation tester (``make mutation``) maps a function to the tests that call it while they run."""
    from curriculum.design.model import parse_answer
    from curriculum.design.references import reference_answer

    for week, (name, build) in sorted(LESSON_EXAMPLES.items()):
        yield f"{week}:{name}", lambda build=build: parse_answer(build())
    for pid in PROMPT_IDS:
        yield f"reference:{pid}", lambda pid=pid: reference_answer(pid)


def _texts(answer):
    """(kind, text) for every text a learner reads in an answer: 'sentence', 'title' or 'phrase'."""
    pd, hld, wrap = answer.problem_definition, answer.high_level_design, answer.wrap_up
    sentences = [pd.user_story, *pd.clarifying_questions, *pd.assumptions, pd.business_goal]
    titles = [*hld.actors]
    phrases = [t for m in pd.metrics for t in (m.name, m.target)] + [f.label for f in hld.flows]
    for c in hld.components:
        titles.append(c.name)
        sentences += [c.tell, c.explain, c.decide]
    for area in answer.deep_dive:
        titles.append(area.area)
        sentences += list(area.risks)
        for t in area.tradeoffs:
            phrases += [t.option, t.alternative, t.impact]  # table cells: "Stay at ..." or "stay at ..." both read
            sentences.append(t.decision)
    if wrap is not None:
        sentences += [wrap.summary, *wrap.mvp, *wrap.later, *wrap.next_steps]
    return ([("sentence", s) for s in sentences if s] + [("title", s) for s in titles if s]
            + [("phrase", s) for s in phrases if s])


@pytest.mark.parametrize("label, build", list(_worked_answers()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_worked_answer_reads_as_finished_sentences(label, build):
    """Every sentence opens with a capital (or a figure) and ends with its full stop or question mark; component,
    actor and focus-area names open with a capital; nothing is in capitals but the acronyms the course uses."""
    problems = []
    for kind, text in _texts(build()):
        if kind in ("sentence", "title") and not (text[0].isupper() or text[0].isdigit() or text[0] in "$'\""):
            problems.append(f"{kind} opens in lower case: {text!r}")
        if kind == "sentence" and not text.rstrip(")\"'").endswith((".", "?", "!")):
            problems.append(f"sentence without its end mark: {text!r}")
        shouted = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
                   if len(w) >= 3 and w.upper() == w and not w.isdigit() and w not in ACRONYMS]
        if shouted:
            problems.append(f"{kind} in capitals ({', '.join(shouted)}): {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("label, build", list(_worked_answers()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_metric_carries_a_unit_the_rubric_credits(label, build):
    """A learner copies a worked answer's units ("meetings/s", "kbit/s"): each is one the rubric reads as a real
    unit (its list, or the graded prompt's own countable things for a reference answer)."""
    from curriculum.design.catalog import get_prompt
    from curriculum.design.rubric import _unit_ok

    prompt = get_prompt(label.split(":", 1)[1]) if label.startswith("reference:") else None
    odd = [(m.name, m.unit) for m in build().problem_definition.metrics if not _unit_ok(m.unit, prompt)]
    assert not odd, f"units the rubric does not credit: {odd}"


@pytest.mark.parametrize("label, build", list(_worked_answers()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_flow_joins_names_the_diagram_spells_the_same_way(label, build):
    """A flow's ends are the components and actors exactly as the diagram names them (the rubric matches names
    ignoring case, so only this test sees 'edge load balancer' beside 'Edge load balancer')."""
    hld = build().high_level_design
    names = {c.name for c in hld.components} | set(hld.actors)
    loose = [end for f in hld.flows for end in (f.source, f.target) if end not in names]
    assert not loose, f"flow ends spelt unlike any component or actor: {loose}"


def test_the_figures_inside_the_lessons_trade_offs_are_worked_by_hand():
    """The sentences quote figures too, and a learner copies them. Worked by hand:

    week 3: stages 0.5 + 2 + 6.5 + 3 + 5 = 17.0 ms near, 103.5 ms with the 87 ms us-east-1 to us-west-2 round trip
    in place of the 0.5 ms one; the lookup is 0.5 ms round trip + 6 ms query = 6.5 ms;
    Gather waits 5 s by default = 5,000 ms; Twilio's default webhook tries twice on a 5 s connect timeout, so an
    unreachable server means 10 s of silence before the fallback (2 s with the answer's own timeouts).
    week 4: 1,000,000 segments / 100 MPS = 10,000 s = 2.8 h on one default short code; / 1,700 MPS = 588 s = 9.8 min.
    """
    def said(answer):
        return " ".join(t for fa in answer["deep_dive"] for tr in fa["tradeoffs"] for t in tr.values()) + " " + " ".join(
            c[k] for c in answer["high_level_design"]["components"] for k in ("tell", "explain", "decide"))

    from curriculum.design.examples import otp_burst_answer

    week3 = said(strong_after_hours_answer())
    for phrase in ("a 17.0 ms request", "The caller lookup costs 6.5 ms", "up to 5,000 ms less silence",
                   "fallback after 2 s instead of 10 s of silence", "17.0 ms vs 103.5 ms per request"):
        assert phrase in week3, phrase
    assert "9.8 min to send every code instead of 2.8 h" in said(otp_burst_answer())
