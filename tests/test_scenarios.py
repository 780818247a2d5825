"""Tests for curriculum.facts.scenarios: one set of stated assumptions per interview prompt."""

from __future__ import annotations

import pytest

from curriculum.capacity import arrival_rate_per_s, busy_hour_call_attempts
from curriculum.facts import assumption, scenario, scenario_info, scenario_names
from curriculum.facts.scenarios import Assumption, _parse


class TestScenario:
    def test_voice_messaging_hold_time(self):
        """The voice messaging prompt holds its calls 60 s (one value for weeks 1-3)."""
        assert scenario("voice_messaging", "mean_hold_s") == 60

    def test_voice_messaging_story_is_consistent(self):
        """messages_per_day follows from the others.

        10,000 calls / 60 s = 166.67 calls/s; x 3,600 s = 600,000 busy-hour calls;
        / 0.15 busy-hour share = 4,000,000 calls a day, each leaving one message.
        """
        calls = scenario("voice_messaging", "concurrent_calls")
        hold = scenario("voice_messaging", "mean_hold_s")
        share = scenario("voice_messaging", "busy_hour_share")
        assert busy_hour_call_attempts(calls, hold) / share == pytest.approx(4_000_000)
        assert scenario("voice_messaging", "messages_per_day") == 4_000_000
        assert arrival_rate_per_s(calls, hold) == pytest.approx(166.6667, rel=1e-5)

    def test_message_fits_in_the_call(self):
        """Property: a message never lasts longer than the call that leaves it (40 s <= 60 s)."""
        assert scenario("voice_messaging", "message_s") <= scenario("voice_messaging", "mean_hold_s")

    def test_every_scenario_names_whose_system_it_is(self):
        """The first clarifying question is answered for every prompt."""
        for name in scenario_names():
            assert scenario_info(name).whose_system in ("twilio", "customer")
        assert scenario_info("voice_messaging").whose_system == "twilio"
        assert scenario_info("pharmacy_refill_line").whose_system == "customer"

    def test_every_assumption_has_a_reason(self):
        """Each value carries a unit and a one-line why."""
        for name in scenario_names():
            for a in scenario_info(name).assumptions.values():
                assert a.unit and a.why and "\n" not in a.why

    def test_prompts_of_all_six_weeks_are_present(self):
        """Weeks 1-6 each have at least one prompt table."""
        weeks = {w for name in scenario_names() for w in scenario_info(name).weeks}
        assert weeks == {1, 2, 3, 4, 5, 6}


class TestErrors:
    def test_unknown_key_names_it_and_suggests(self):
        """An unknown key raises ValueError naming the key and the closest one."""
        with pytest.raises(ValueError, match="key 'hold_s' is not an assumption of scenario "
                                             "'voice_messaging'; did you mean 'mean_hold_s'"):
            scenario("voice_messaging", "hold_s")

    def test_unknown_scenario_names_it(self):
        """An unknown scenario raises ValueError naming it."""
        with pytest.raises(ValueError, match="name 'voicemail' is not a scenario"):
            scenario("voicemail", "mean_hold_s")

    def test_non_string_key(self):
        """A key that is not a string is refused with the same message."""
        with pytest.raises(ValueError, match="key 60 is not an assumption"):
            scenario("voice_messaging", 60)

    def test_malformed_table_lists_every_problem(self):
        """A table without a why and one without whose_system are both reported."""
        data = {
            "a": {"prompt": "p", "weeks": [1], "whose_system": "twilio", "x": {"value": 1, "unit": "s"}},
            "b": {"prompt": "p", "weeks": [1], "y": {"value": 1, "unit": "s", "why": "w"}},
        }
        with pytest.raises(ValueError) as err:
            _parse(data)
        assert "a.x: needs a value, a unit and a one-line why" in str(err.value)
        assert "b: missing whose_system" in str(err.value)


class TestLabel:
    def test_label_marks_an_assumption(self):
        """label() prints the value, unit and reason, marked as an assumption."""
        assert Assumption("s", "k", 1500, "ms", "a guess").label() == "1,500 ms (assumption: a guess)"
        assert assumption("voice_messaging", "busy_hour_share").label().startswith("0.15 fraction")
