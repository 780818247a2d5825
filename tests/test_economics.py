"""Tests for curriculum.capacity.economics: cost of a design choice, cost per verification, headcount."""

from __future__ import annotations

import pytest

from curriculum.capacity.economics import cost_per_verification_usd, messaging_cost_usd, scheduled_agents


class TestMessagingCost:
    def test_price_and_fee_per_segment(self):
        """200,000 texts x 2 segments x ($0.0083 + $0.003) = 400,000 x 0.0113 = $4,520."""
        assert messaging_cost_usd(200_000, 2, 0.0083, 0.003) == pytest.approx(4_520.0)

    def test_fee_defaults_to_zero(self):
        """Without a carrier fee: 1,000 x 1 x $0.05 = $50."""
        assert messaging_cost_usd(1_000, 1, 0.05) == pytest.approx(50.0)

    def test_extra_segment_is_the_difference(self):
        """Property: the cost of one extra segment per text is the cost of one segment per text."""
        two = messaging_cost_usd(10_000, 2, 0.01, 0.002)
        one = messaging_cost_usd(10_000, 1, 0.01, 0.002)
        assert two - one == pytest.approx(10_000 * 0.012)   # 10,000 x $0.012 = $120

    @pytest.mark.parametrize("name, args", [
        ("messages", (-1, 1, 0.01)), ("segments_per_message", (1, -1, 0.01)),
        ("price_per_segment_usd", (1, 1, -0.01)), ("carrier_fee_per_segment_usd", (1, 1, 0.01, float("nan"))),
    ])
    def test_bad_input_names_the_parameter(self, name, args):
        """Negative or non-finite inputs are refused by name."""
        with pytest.raises(ValueError, match=name):
            messaging_cost_usd(*args)


class TestCostPerVerification:
    def test_worked_example(self):
        """1,000 started, 80% succeed (800), 1.5 sends each (1,500 sends) at $0.0113, $0.05 per success:
        (800 x 0.05 + 1,500 x 0.0113) / 800 = (40 + 16.95) / 800 = $0.0711875."""
        assert cost_per_verification_usd(1_000, 0.8, 0.05, 1.5, 0.0113) == pytest.approx(0.0711875)

    def test_every_attempt_succeeds_once(self):
        """All succeed with one send: fee + one send price = 0.05 + 0.01 = $0.06."""
        assert cost_per_verification_usd(10, 1.0, 0.05, 1, 0.01) == pytest.approx(0.06)

    def test_lower_conversion_costs_more(self):
        """Property: the same sends spread over fewer successes cost more per success."""
        assert cost_per_verification_usd(100, 0.5, 0.05, 1, 0.01) > cost_per_verification_usd(100, 0.9, 0.05, 1, 0.01)

    @pytest.mark.parametrize("name, args", [
        ("verifications", (0, 0.5, 0.05, 1, 0.01)), ("success_rate", (10, 0, 0.05, 1, 0.01)),
        ("success_rate", (10, 1.2, 0.05, 1, 0.01)), ("fee_per_success_usd", (10, 0.5, -1, 1, 0.01)),
        ("sends_per_verification", (10, 0.5, 0.05, -1, 0.01)), ("price_per_send_usd", (10, 0.5, 0.05, 1, -0.01)),
    ])
    def test_bad_input_names_the_parameter(self, name, args):
        """Out-of-range inputs are refused by name."""
        with pytest.raises(ValueError, match=name):
            cost_per_verification_usd(*args)


class TestScheduledAgents:
    @pytest.mark.parametrize("on_phones, shrinkage, expected", [
        (14, 0.30, 20),   # 14 / 0.70 = 20.0 exactly: no extra person from float noise
        (22, 0.30, 32),   # 22 / 0.70 = 31.43 -> 32
        (31, 0.25, 42),   # 31 / 0.75 = 41.33 -> 42
        (10, 0.0, 10),    # no shrinkage
        (0, 0.35, 0),     # nobody needed
    ])
    def test_rounds_up_after_shrinkage(self, on_phones, shrinkage, expected):
        """Headcount = ceil(agents on the phones / (1 - shrinkage)), worked by hand."""
        assert scheduled_agents(on_phones, shrinkage) == expected

    def test_never_fewer_than_on_phones(self):
        """Property: shrinkage can only add people."""
        assert all(scheduled_agents(n, 0.3) >= n for n in range(0, 60))

    @pytest.mark.parametrize("name, args", [
        ("agents_on_phones", (2.5, 0.3)), ("agents_on_phones", (-1, 0.3)),
        ("shrinkage", (10, 1.0)), ("shrinkage", (10, -0.1)),
    ])
    def test_bad_input_names_the_parameter(self, name, args):
        """A fractional agent count or a shrinkage outside [0, 1) is refused by name."""
        with pytest.raises(ValueError, match=name):
            scheduled_agents(*args)


class TestScheduledAgentsFloatNoise:
    """The full mutation run of capacity/ showed no test held the snap to a whole head count."""

    def test_a_whole_answer_is_not_rounded_up_by_float_noise(self):
        """700 / 0.7 = 1,000 and 700,000 / 0.7 = 1,000,000 agents exactly (7 / 0.7 = 10), though floats give
        1000.0000000000001 and 1000000.0000000001; ceil of those would schedule one agent too many."""
        assert scheduled_agents(700, 0.30) == 1_000
        assert scheduled_agents(700_000, 0.30) == 1_000_000
