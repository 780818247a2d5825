"""Weeks 4 and 5 tell one story per prompt: the numbers a learner reads come from ``scenarios.toml``.

Markdown cells cannot compute, so they keep their numbers typed; these tests hold each prompt's Markdown text, the
catalog prompt the rubric grades against and the scenario table to the same values, and check that week 4's
closure prompt asks for the decision carriers allow (throughput bought on one short code), not a pool of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from curriculum.design import grade, grade_prompt, parse_markdown, reference_markdown, to_markdown
from curriculum.design.catalog import get_prompt
from curriculum.design.examples import overload_protection_answer
from curriculum.facts import scenario, scenario_info

ROOT = Path(__file__).resolve().parents[1]


def _cell(week: str, notebook: str, key: str) -> str:
    """The source of the cell whose nbgrader grade_id (or cell id) is ``key``."""
    nb = nbformat.read(ROOT / "source" / week / f"{notebook}.ipynb", as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == key or c.get("id") == key:
            return c.source
    raise KeyError(key)


def _plain(markdown: str) -> str:
    """Markdown as it reads: no emphasis stars, no escaped dollar signs, one line."""
    return " ".join(markdown.replace("**", "").replace("*", "").replace("\\$", "$").split())


def _prompt_paragraph(markdown: str) -> str:
    """The interviewer's prompt: from 'Prompt.' to the end of the italic sentence."""
    text = _plain(markdown)
    start = text.index("Prompt.")
    return text[start:text.index("Design the notification service." if "snow" in text else
                                 "Harden the sign-in code flow.", start)]


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))


class TestWeek4SchoolClosure:
    def _phrases(self):
        sc = lambda key: scenario("school_closure", key)  # noqa: E731
        return [f"{sc('recipients'):,} parents and staff", f"at {sc('send_time')} in the morning",
                f"within {sc('deadline_min')} minutes"]

    def test_part_e_markdown_and_catalog_state_the_scenario(self):
        """Part E's Markdown, the graded prompt and scenarios.toml all say 260,000 people, 5:30 and 20 minutes."""
        markdown = _plain(_cell("week4", "assignment", "w4_design_prompt"))
        catalog = get_prompt("week4").text
        for phrase in self._phrases():
            assert phrase in markdown, phrase
            assert phrase in catalog, phrase
        assert scenario("school_closure", "notice_text") in catalog
        header = scenario_info("school_closure").prompt
        assert f"{scenario('school_closure', 'recipients'):,}" in header and "20 minutes" in header

    def test_part_e_prompt_has_no_stale_number(self):
        """Every number in the prompt paragraph is a scenario value (a changed assumption cannot leave one behind)."""
        sc = lambda key: scenario("school_closure", key)  # noqa: E731
        allowed = {f"{sc('recipients'):,}", str(sc("deadline_min")), *sc("send_time").split(":")}
        assert _numbers(_prompt_paragraph(_cell("week4", "assignment", "w4_design_prompt"))) <= allowed

    def test_part_e_asks_for_throughput_on_one_short_code(self):
        """No 'how many short codes': the prompt and its checks are about the one short code's bought throughput."""
        markdown = _cell("week4", "assignment", "w4_design_prompt")
        prompt = get_prompt("week4")
        assert "how many, rounded up" not in markdown and "throughput to buy" in markdown
        assert "short codes" not in prompt.text and "one short code" in prompt.text
        # 260,000 one-segment notices (157 GSM-7 characters) in 20 min = 1,200 s: 216.7 segments/s;
        # bought in steps of the default 100: 300; at the default 100 the burst takes 2,600 s = 43.3 min.
        expected = [c.expected for c in prompt.numeric_checks]
        assert expected == pytest.approx([260_000, 216.667, 300, 43.333], rel=1e-4)

    def test_a_pool_of_short_codes_loses_the_throughput_points(self):
        """The old answer, '3 short codes' instead of throughput bought on one, no longer earns full marks."""
        answer = parse_markdown(reference_markdown("week4"))
        metrics = answer.problem_definition.metrics
        kept = [m for m in metrics if "throughput to buy" not in m.name]
        assert len(kept) == len(metrics) - 1
        pooled = reference_markdown("week4").replace(
            "- throughput to buy on the short code: 300 segments/s (rounded up to whole steps of 100)",
            "- short codes needed: 3 short codes (rounded up)")
        full = grade_prompt("week4", reference_markdown("week4"))
        worse = grade_prompt("week4", pooled)
        assert full.score == full.max_score
        assert worse.item("prompt_numbers").points < full.item("prompt_numbers").points
        assert worse.item("prompt_metrics").points < full.item("prompt_metrics").points


class TestWeek4LessonBurst:
    def test_section_4_states_the_scenario(self):
        """The lesson's million-code burst, its window and its code text are the otp_burst assumptions."""
        markdown = _plain(_cell("week4", "lesson", "6cda8b1a"))
        sc = lambda key: scenario("otp_burst", key)  # noqa: E731
        assert f"{sc('codes'):,} people" in markdown
        assert f"within the first {sc('window_min')} minutes" in markdown
        assert sc("code_text") in markdown

    def test_widget_constants_are_the_scenario(self):
        """Design A and the explorer size the same burst: 1,000,000 codes in 10 minutes = 600 s."""
        from curriculum.widgets.messaging import LESSON_OTP_RECIPIENTS, LESSON_OTP_TEXT, LESSON_OTP_WINDOW_S

        assert (LESSON_OTP_RECIPIENTS, LESSON_OTP_WINDOW_S) == (1_000_000, 600)
        assert LESSON_OTP_TEXT == scenario("otp_burst", "code_text")


class TestWeek5BankSignIn:
    def _phrases(self):
        sc = lambda key: scenario("bank_sign_in", key)  # noqa: E731
        return [f"{sc('sign_ins_per_s'):,} customers per second",
                f"{sc('pumped_codes_per_hour'):,} codes an hour for {sc('pumping_hours')} hours",
                f"{sc('pumped_prefixes')} number prefixes", f"up to {sc('app_retries')} times",
                f"base {sc('backoff_base_s'):g} s, cap {sc('backoff_cap_s'):g} s"]

    def test_part_g_markdown_and_catalog_state_the_scenario(self):
        """Part G's Markdown and the graded prompt give the same peak, attack, prefixes and retry policy."""
        markdown = _plain(_cell("week5", "assignment", "w5_design_prompt"))
        catalog = get_prompt("week5").text
        for phrase in self._phrases():
            assert phrase in markdown, phrase
            assert phrase in catalog, phrase

    def test_part_g_prompt_has_no_stale_number(self):
        sc = lambda key: scenario("bank_sign_in", key)  # noqa: E731
        allowed = {f"{sc(k):,}" for k in ("sign_ins_per_s", "pumped_codes_per_hour", "pumping_hours",
                                          "pumped_prefixes", "app_retries")}
        allowed |= {f"{sc('backoff_base_s'):g}", f"{sc('backoff_cap_s'):g}"}
        assert _numbers(_prompt_paragraph(_cell("week5", "assignment", "w5_design_prompt"))) <= allowed

    def test_part_e_pumping_questions_state_the_scenario(self):
        """Q10 and Q11 quote the night, the price and the per-prefix bucket that the solutions read."""
        sc = lambda key: scenario("bank_sign_in", key)  # noqa: E731
        q10 = _plain(_cell("week5", "assignment", "w5_q10_text"))
        q11 = _plain(_cell("week5", "assignment", "w5_q11_text"))
        assert f"{sc('pumped_codes_per_hour'):,} codes an hour for {sc('pumping_hours')} hours" in q10
        assert f"${sc('pumped_segment_price_usd'):g}" in q10
        assert f"{sc('pumped_prefixes')} number prefixes" in q11
        assert f"{sc('prefix_bucket_per_min')} code per minute, burst {sc('prefix_bucket_burst')}" in q11
        for key in ("pumped_cost_answer", "capped_cost_answer", "sms_pumping_cost_one_night",
                    "per_prefix_limit_caps_pumping_cost"):
            assert "12_000" not in _cell("week5", "assignment", key) and "0.08" not in _cell("week5", "assignment", key)

    def test_capped_night_cost(self):
        """The pumped-night check: 12,000/h over 40 prefixes = 300 an hour each, 2,400 in 8 h; a bucket of
        1 a minute with burst 5 admits 5 + 480 = 485 per prefix, x 40 = 19,400 codes, x 2 segments (the em dash
        makes the text UCS-2) x $0.08 = $3,104."""
        assert get_prompt("week5").numeric_checks[2].expected == pytest.approx(3_104)

    def test_reference_needs_no_text_rewrite_under_verify(self):
        """With Verify the code text comes from Verify's templates: the reference does not trade on rewording it."""
        assert "em dash" not in reference_markdown("week5") and "Rewrite the text" not in reference_markdown("week5")


class TestWeek5OverloadExample:
    def test_lesson_prompt_states_the_scenario(self):
        markdown = _plain(_cell("week5", "lesson", "5a6aa9a7"))
        for key in ("normal_peak_rps", "attack_rps"):
            assert f"{scenario('messaging_api_overload', key):,} requests per second" in markdown

    def test_section_5_floods_the_same_api(self):
        """Section 5's stolen key and botnet are the overload prompt's: one story for the lesson's API."""
        sc = lambda key: scenario("messaging_api_overload", key)  # noqa: E731
        key_md = _plain(_cell("week5", "lesson", "74d9c1c4"))
        assert (f"at {sc('stolen_key_rps'):,} requests per second" in key_md
                and f"refills at {sc('account_rate_per_s'):,} tokens" in key_md
                and f"holds {sc('account_burst'):,}" in key_md)
        botnet_md = _plain(_cell("week5", "lesson", "907dd103"))
        assert f"to {sc('attack_rps'):,} requests per second when it serves {sc('fleet_rps'):,} well" in botnet_md
        for key in ("b4c639c4", "bcb12451"):
            assert "messaging_api_overload" in _cell("week5", "lesson", key) or 'api("' in _cell("week5", "lesson", key)

    def test_full_marks_for_real(self):
        """The lesson calls it a full-marks answer: the rubric gives it every point."""
        result = grade(overload_protection_answer())
        assert result.score == result.max_score, result.report()

    def test_numbers_worked_by_hand(self):
        """40,000 of 200,000 req/s served: shed 80%. A stolen key at 2,000 req/s for 60 s through a bucket of
        100/s: burst 1,000 admits 1,000 + 6,000 = 7,000, burst 100 admits 6,100. Three retries, base 1 s, cap 20 s:
        at most 1 + 2 + 4 = 7 s. The 99.95% SLA allows 0.05% of 43,200 minutes = 21.6 minutes a month."""
        answer = overload_protection_answer()
        metrics = {m["name"]: m["value"] for m in answer["problem_definition"]["metrics"]}
        assert metrics["share shed during a flood"] == 80.0
        assert metrics["downtime budget per month"] == 21.6
        text = to_markdown(answer)
        assert "gets 7,000 requests through in 60 s instead of 6,100" in text
        assert "spread over up to 7 s" in text

    def test_lesson_uses_the_library_builder(self):
        source = _cell("week5", "lesson", "058e7d7a")
        assert "overload_protection_answer()" in source and '"deep_dive"' not in source
