"""Practice drills: reproducible problems, graded with the course's tolerance rules, working on request, a streak.

Also the practice assignment that offers them: released and QA-checked like a week.
"""

from __future__ import annotations

import json
import math
import random

import re

import pytest

from curriculum.course import qa
from curriculum.feedback import CheckFailed, check
from curriculum.widgets import drills
from curriculum.widgets.drills import DrillSession, explain, grade_answer, make_problem
from tests.conftest import PROJECT_ROOT

SKILLS = list(drills.SKILLS)
SEEDS = range(120)


def _erlang_b(traffic: float, trunks: int) -> float:
    """The textbook recursion, written out here so the test does not trust the library it checks."""
    b = 1.0
    for n in range(1, trunks + 1):
        b = traffic * b / (n + traffic * b)
    return b


class TestMakeProblem:
    @pytest.mark.parametrize("skill", SKILLS)
    def test_same_seed_deals_the_same_problem(self, skill):
        """A seed reproduces its problem exactly (question, numbers, expected answer)."""
        for seed in range(25):
            assert make_problem(skill, seed) == make_problem(skill, seed)

    @pytest.mark.parametrize("skill", SKILLS)
    def test_seeds_deal_varied_problems(self, skill):
        """Different seeds give many different problems, not one problem with a new label."""
        questions = {make_problem(skill, seed).question for seed in range(40)}
        assert len(questions) >= 15, len(questions)

    @pytest.mark.parametrize("skill", SKILLS)
    def test_every_problem_is_sound(self, skill):
        """Expected answers are finite, whole where asked, pass their own grade, and come with working."""
        for seed in SEEDS:
            p = make_problem(skill, seed)
            assert math.isfinite(p.expected), p
            if p.integer:
                assert p.expected == int(p.expected) and p.atol == 0.5 and p.rtol == 0, p
            assert grade_answer(p, repr(p.expected)).correct, p
            assert len(p.working) >= 2 and p.unit and p.answer_name.isidentifier()

    def test_littles_law_arrivals_exact(self):
        """6,000 calls of 2.5 min: 6,000 / 150 s = 40 calls/s (seed 1 deals this case)."""
        p = make_problem("littles_law", 1)
        assert "6,000 calls" in p.question and "2.5 minutes" in p.question
        assert p.expected == 40.0 and p.unit == "calls/s"

    def test_erlang_b_trunks_are_the_smallest_that_meet_the_target(self):
        """80 Erlangs at 5 %: B(80, 85) is above 5 % and B(80, 86) at or under, so 86 trunks (seed 2)."""
        p = make_problem("erlang_b", 2)
        assert "80 Erlangs" in p.question and "5 %" in p.question
        assert p.expected == 86
        assert _erlang_b(80, 85) > 0.05 >= _erlang_b(80, 86)

    def test_erlang_b_sizing_matches_the_recursion_for_every_seed(self):
        """For every dealt sizing problem, the answer is the smallest N meeting the target (checked by recursion)."""
        checked = 0
        for seed in SEEDS:
            p = make_problem("erlang_b", seed)
            if p.answer_name != "trunks":
                continue
            traffic = float(p.question.split("(that is ")[1].split(" Erlangs")[0].replace(",", ""))
            target = float(p.question.split("at or under ")[1].split(" %")[0]) / 100
            n = int(p.expected)
            assert _erlang_b(traffic, n) <= target + 1e-12 < _erlang_b(traffic, n - 1) + 1e-12, (seed, p.question)
            checked += 1
        assert checked >= 30

    def test_voice_bandwidth_exact(self):
        """200 G.711 calls at 20 ms on Ethernet: (160 + 40 + 18) B x 8 x 50/s = 87.2 kbit/s each, 17.44 Mbit/s."""
        p = make_problem("voice_bandwidth", 0)
        assert p.question.startswith("200 simultaneous calls use G.711 with 20 ms packets")
        assert p.expected == pytest.approx(17.44)

    def test_sms_segments_follow_the_textbook_rule(self):
        """Every segment problem: 1 if it fits (160 GSM-7 / 70 UCS-2), else ceil(units / 153 or 67)."""
        from curriculum.capacity import sms_segments

        checked = 0
        for seed in SEEDS:
            p = make_problem("sms", seed)
            if p.answer_name != "segments":
                continue
            info = sms_segments(p.quote)
            single, multi = (160, 153) if info.encoding == "GSM-7" else (70, 67)
            want = 1 if info.units <= single else math.ceil(info.units / multi)
            assert p.expected == want, (seed, p.quote)
            checked += 1
        assert checked >= 30

    def test_sms_drill_deals_all_three_encodings_cases(self):
        """Across seeds the SMS drill shows plain GSM-7, GSM-7 with extension characters, and UCS-2 bodies."""
        from curriculum.capacity import sms_segments

        kinds = set()
        for seed in SEEDS:
            p = make_problem("sms", seed)
            if p.quote:
                info = sms_segments(p.quote)
                kinds.add("ucs2" if info.encoding == "UCS-2" else ("ext" if info.units > info.characters else "plain"))
        assert kinds == {"plain", "ext", "ucs2"}

    def test_availability_parallel_exact(self):
        """Two 99 % copies: (0.01)^2 x 525,600 min = 52.56 minutes a year (seed 1)."""
        p = make_problem("availability", 1)
        assert "2 independent copies" in p.question and "99 %" in p.question and "365-day year" in p.question
        assert p.expected == pytest.approx(52.56)

    def test_tail_latency_matches_the_tail_at_scale(self):
        """100 leaves slow 1 % of the time: 1 - 0.99^100 = 63.4 % of requests slow (Dean & Barroso 2013; seed 1)."""
        p = make_problem("latency_budget", 1)
        assert "100 servers" in p.question and "p99" in p.question
        assert p.expected == pytest.approx(0.634, abs=5e-4)

    def test_latency_budget_headroom_is_budget_minus_the_sum(self):
        """Headroom problems: 50 ms minus the sum of the listed stages, for every seed."""
        checked = 0
        for seed in SEEDS:
            p = make_problem("latency_budget", seed)
            if p.answer_name != "headroom_ms":
                continue
            stages = p.question.split("one after another: ")[1].split(". What")[0].split("; ")
            total = sum(float(s.rsplit(" ", 2)[1]) for s in stages)
            assert p.expected == pytest.approx(50 - total), (seed, p.question)
            checked += 1
        assert checked >= 30

    def test_unknown_skill_names_the_valid_ones(self):
        """A skill that does not exist is a ValueError listing the skills."""
        with pytest.raises(ValueError, match="skill must be one of littles_law, erlang_b"):
            make_problem("queues", 1)

    @pytest.mark.parametrize("seed", [-1, 1_000_000, 2.0, "7", True])
    def test_bad_seed_names_the_parameter_and_range(self, seed):
        """Seeds are ints in [0, 999,999]; anything else is a ValueError naming `seed` and the range."""
        with pytest.raises(ValueError, match=r"seed must be an int in \[0, 999,999\]"):
            make_problem("sms", seed)


class TestGradeAnswer:
    @pytest.mark.parametrize("skill", SKILLS)
    def test_same_tolerance_as_the_course_check(self, skill):
        """Just inside the tolerance passes and just outside fails, exactly as curriculum.feedback.check decides."""
        for seed in range(40):
            p = make_problem(skill, seed)
            if p.integer or p.expected == 0:
                continue
            width = p.atol + p.rtol * abs(p.expected)
            for factor in (0.9, 1.1):
                value = p.expected + factor * width
                try:
                    check(p.answer_name, value, p.expected, rtol=p.rtol, atol=p.atol)
                    course_says = True
                except CheckFailed:
                    course_says = False
                assert grade_answer(p, repr(value)).correct is course_says is (factor < 1), (seed, factor)

    def test_miss_names_a_unit_slip(self):
        """Seconds typed where minutes were asked: the message names minutes vs seconds."""
        p = next(make_problem("availability", s) for s in SEEDS if make_problem("availability", s).expected > 1)
        verdict = grade_answer(p, repr(p.expected * 60))
        assert not verdict.correct and "minutes vs seconds" in verdict.message

    @pytest.mark.parametrize("skill", SKILLS)
    def test_message_never_gives_the_answer(self, skill):
        """A wrong answer's message says how it is off but never shows the expected value."""
        for seed in range(40):
            p = make_problem(skill, seed)
            shown = {f"{p.expected:g}", f"{p.expected:,.4g}", f"{p.expected:,.3g}", f"{p.expected:,.2f}"}
            if p.integer or len(f"{abs(p.expected):g}".replace(".", "").lstrip("0")) < 3:
                continue
            message = grade_answer(p, repr(p.expected * 1.37)).message
            verdict = message.split(" Expected unit:")[0]  # the fixed hint may quote a constant such as 3,600
            assert verdict.startswith(f"`{p.answer_name}` is") and not any(s in verdict for s in shown), (seed, message)

    def test_text_is_asked_again_not_graded(self):
        """Words instead of a number get a request for a number, not a wrong mark."""
        verdict = grade_answer(make_problem("sms", 0), "two segments")
        assert not verdict.correct and verdict.message.startswith("Type a number")

    def test_whole_counts_refuse_fractions(self):
        """Trunks and segments must be whole: 85.6 is refused with advice to round up, even though it is close."""
        p = next(make_problem("erlang_b", s) for s in SEEDS if make_problem("erlang_b", s).integer)
        verdict = grade_answer(p, repr(p.expected - 0.4))
        assert not verdict.correct and "whole number" in verdict.message


class TestExplain:
    @pytest.mark.parametrize("skill", SKILLS)
    def test_working_ends_with_the_answer(self, skill):
        """The working lists numbered steps and ends with the answer in its unit."""
        p = make_problem(skill, 11)
        text = explain(p)
        assert text.startswith("Working:\n  1. ")
        last = text.splitlines()[-1]
        assert last.startswith(f"Answer: {p.answer_name} = ") and p.unit in last


class TestDrillSession:
    def _session(self, skill="littles_law"):
        return DrillSession(skill, rng=random.Random(5))

    def test_streak_counts_right_first_answers(self):
        """Three right first answers make a streak of 3; a wrong one ends it and best keeps 3."""
        s = self._session()
        for _ in range(3):
            p = s.deal()
            assert s.answer(repr(p.expected)).correct
        assert (s.streak, s.best_streak, s.right, s.answered) == (3, 3, 3, 3)
        s.deal()
        assert not s.answer("-5").correct
        assert (s.streak, s.best_streak, s.right, s.answered) == (0, 3, 3, 4)
        assert s.score_line() == "Streak 0 · best 3 · 3 of 4 right first time"

    def test_only_the_first_answer_counts(self):
        """Getting a problem right on the second try grades it but does not restore the streak."""
        s = self._session()
        p = s.deal()
        s.answer("-5")
        assert s.answer(repr(p.expected)).correct
        assert (s.streak, s.right, s.answered) == (0, 0, 1)

    def test_showing_the_working_first_ends_the_streak_and_does_not_count(self):
        """Looking at the working before answering ends the streak; the answer then is graded but not counted."""
        s = self._session()
        s.answer(repr(s.deal().expected))
        p = s.deal()
        assert "Answer:" in s.working()
        assert s.answer(repr(p.expected)).correct
        assert (s.streak, s.best_streak, s.answered) == (0, 1, 1)

    def test_unreadable_answer_does_not_count(self):
        """Typing words is not an attempt: the streak and counts stay."""
        s = self._session()
        s.answer(repr(s.deal().expected))
        s.deal()
        s.answer("no idea")
        assert (s.streak, s.answered) == (1, 1)

    def test_seed_replays_a_problem(self):
        """deal(seed) deals exactly the problem make_problem gives for that seed."""
        s = self._session("availability")
        assert s.deal(321) == make_problem("availability", 321)

    def test_fresh_problems_use_no_global_random_state(self):
        """Dealing fresh problems leaves Python's global random generator untouched."""
        state = random.getstate()
        DrillSession("sms").deal()
        assert random.getstate() == state


class TestDrillWidget:
    def test_check_working_and_new_problem(self):
        """The widget shows the seed, marks a right answer, shows the working, and deals a new problem."""
        widget = drills.drill("voice_bandwidth", seed=0)
        assert "voice_bandwidth/0" in widget.question.value and "G.711" in widget.question.value
        widget.answer_box.value = "17.44"
        widget.check_button.click()
        assert "✓" in widget.feedback.value and "Streak 1" in widget.streak.value
        widget.working_button.click()
        assert "Packets per second" in widget.working_area.value
        widget.new_button.click()
        assert "voice_bandwidth/0)" not in widget.question.value and widget.feedback.value == ""

    def test_wrong_answer_is_marked_with_the_reason(self):
        """A wrong answer gets a cross and the course's banded message, with the name as code, not backticks."""
        widget = drills.drill("voice_bandwidth", seed=0)
        widget.answer_box.value = "52"  # about 3x the seed-0 answer: in the 2-3x band (float rounding) or 3-10x
        widget.check_button.click()
        value = widget.feedback.value
        assert "✗" in value and re.search(r"(2-3|3-10)x too high", value)
        assert "<code>bandwidth_mbps</code>" in value and "`" not in value

    def test_bad_skill_is_refused_before_any_widget_is_built(self):
        """drill() checks its arguments with the same ValueErrors as make_problem."""
        with pytest.raises(ValueError, match="skill must be one of"):
            drills.drill("erlang")


@pytest.mark.slow
class TestPracticeAssignment:
    def test_release_offers_a_drill_per_skill_and_the_timer(self):
        """The released practice notebook calls drill() for every skill and shows the mock-interview timer."""
        nb = json.loads((PROJECT_ROOT / "release/practice/practice.ipynb").read_text())
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        for skill in SKILLS:
            assert f'drill("{skill}")' in code, skill
        assert "mock_interview_timer()" in code and "progress import show" in code

    def test_practice_is_released_and_qa_checked_like_a_week(self):
        """QA over 'practice': release matches source, static checks pass, and the notebook runs top to bottom."""
        report = qa.run_qa(PROJECT_ROOT, ["practice"], ("release", "static", "lessons"))
        assert report.ok, report.render()
        assert "source/practice/practice.ipynb" in report.lesson_seconds
