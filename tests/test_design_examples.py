"""The worked example answers shown in the lessons quote numbers the capacity library agrees with."""

from __future__ import annotations

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
