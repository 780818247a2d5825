"""Tests for curriculum.capacity.resilience: backoff, retry load, idempotency storage, token buckets, shedding."""

from __future__ import annotations

import math

import pytest

from curriculum.capacity.resilience import (
    JITTER_MODES,
    backoff_ceiling_s,
    backoff_schedule,
    expected_backoff_s,
    expected_wait_s,
    idempotency_store_bytes,
    retry_amplification,
    shed_fraction,
    sms_pumping_cost_usd,
    success_probability,
    token_bucket_admitted,
    token_bucket_refill_s,
    token_bucket_time_to_empty_s,
    token_bucket_trace,
    worst_case_amplification,
    worst_case_wait_s,
)


class TestBackoffCeiling:
    def test_doubles_then_caps(self):
        """min(cap, base * 2**(k-1)): 0.5, 1, 2, 4, 8, then the 8 s cap."""
        assert [backoff_ceiling_s(k, 0.5, 8) for k in range(1, 8)] == [0.5, 1, 2, 4, 8, 8, 8]

    def test_cap_between_powers(self):
        """base 1 s, cap 5 s: 1, 2, 4, then 5 (8 would exceed the cap)."""
        assert [backoff_ceiling_s(k, 1, 5) for k in range(1, 6)] == [1, 2, 4, 5, 5]

    def test_huge_retry_does_not_overflow(self):
        """2**5000 overflows a float; the cap is returned instead."""
        assert backoff_ceiling_s(5_000, 0.1, 60) == 60

    @pytest.mark.parametrize(("kwargs", "name"), [
        ({"retry": 0, "base_s": 1, "cap_s": 8}, "retry"),
        ({"retry": 1.5, "base_s": 1, "cap_s": 8}, "retry"),
        ({"retry": 1, "base_s": 0, "cap_s": 8}, "base_s"),
        ({"retry": 1, "base_s": 1, "cap_s": -1}, "cap_s"),
        ({"retry": 1, "base_s": 4, "cap_s": 2}, "cap_s must be >= base_s"),
    ])
    def test_rejects_bad_input(self, kwargs, name):
        """Bad input names the parameter."""
        with pytest.raises(ValueError, match=name):
            backoff_ceiling_s(**kwargs)


class TestExpectedBackoff:
    def test_jitter_modes(self):
        """Ceiling 4 s (retry 3, base 1): full 2 s, equal 3 s, none 4 s."""
        assert expected_backoff_s(3, 1, 30, "full") == 2.0
        assert expected_backoff_s(3, 1, 30, "equal") == 3.0
        assert expected_backoff_s(3, 1, 30, "none") == 4.0

    def test_jitter_names_are_forgiving(self):
        """'Full Jitter' and 'full_jitter' mean full."""
        assert expected_backoff_s(2, 1, 30, "Full Jitter") == expected_backoff_s(2, 1, 30, "full")

    def test_rejects_unknown_jitter(self):
        """An unknown mode lists the valid ones."""
        with pytest.raises(ValueError, match="jitter must be one of 'none', 'full', 'equal'"):
            expected_backoff_s(1, 1, 30, "decorrelated")

    def test_factors(self):
        """Mean waits are the uniform distributions' midpoints."""
        assert JITTER_MODES == {"none": 1.0, "full": 0.5, "equal": 0.75}


class TestSchedule:
    def test_totals(self):
        """6 retries, base 0.5 s, cap 8 s: ceilings sum to 0.5+1+2+4+8+8 = 23.5 s; full jitter mean 11.75 s."""
        s = backoff_schedule(6, 0.5, 8)
        assert s.ceilings_s == (0.5, 1, 2, 4, 8, 8)
        assert s.worst_case_total_s == 23.5 == worst_case_wait_s(6, 0.5, 8)
        assert s.expected_total_s == 11.75 == expected_wait_s(6, 0.5, 8)

    def test_equal_jitter_total(self):
        """Equal jitter waits three quarters of 23.5 s on average: 17.625 s."""
        assert expected_wait_s(6, 0.5, 8, "equal") == pytest.approx(17.625)

    def test_no_retries_no_wait(self):
        """Zero retries wait zero seconds."""
        assert worst_case_wait_s(0, 1, 8) == 0.0
        assert backoff_schedule(0, 1, 8).ceilings_s == ()

    def test_worst_case_ignores_jitter(self):
        """Jitter lowers the mean wait, never the worst case."""
        for mode in JITTER_MODES:
            s = backoff_schedule(5, 1, 10, mode)
            assert s.worst_case_total_s == worst_case_wait_s(5, 1, 10)
            assert s.expected_total_s <= s.worst_case_total_s

    def test_rejects_negative_retries(self):
        """retries must be >= 0."""
        with pytest.raises(ValueError, match="retries must be a whole number >= 0"):
            backoff_schedule(-1, 1, 8)


class TestRetryAmplification:
    def test_geometric_series(self):
        """p = 0.3, 3 retries: 1 + 0.3 + 0.09 + 0.027 = 1.417 attempts per request."""
        assert retry_amplification(0.3, 3) == pytest.approx(1.417, rel=1e-12)

    def test_half_failing(self):
        """p = 0.5, 3 retries: 1 + 0.5 + 0.25 + 0.125 = 1.875."""
        assert retry_amplification(0.5, 3) == 1.875

    def test_outage_multiplies_by_attempts(self):
        """Everything fails: each request becomes retries + 1 attempts."""
        assert retry_amplification(1.0, 3) == 4.0

    def test_no_failures_no_extra_load(self):
        """Nothing fails: one attempt per request, however many retries are allowed."""
        assert retry_amplification(0.0, 10) == 1.0

    def test_large_retry_count_matches_limit(self):
        """Many retries at p = 0.5 approach 1 / (1 - p) = 2."""
        assert retry_amplification(0.5, 50_000) == pytest.approx(2.0)

    def test_rises_with_failure_rate_and_retries(self):
        """More failures or more retries never lower the load."""
        rates = [0.0, 0.1, 0.3, 0.6, 0.9, 1.0]
        for r in range(0, 6):
            values = [retry_amplification(p, r) for p in rates]
            assert values == sorted(values)
            assert 1.0 <= values[0] and values[-1] == r + 1
        assert retry_amplification(0.3, 4) > retry_amplification(0.3, 3)

    @pytest.mark.parametrize("bad", [30, -0.1, float("nan")])
    def test_rejects_percent(self, bad):
        """failure_rate is a fraction: 30 (per cent) is refused."""
        with pytest.raises(ValueError, match=r"failure_rate must be in \[0, 1\]"):
            retry_amplification(bad, 3)


class TestSuccessProbability:
    def test_value(self):
        """p = 0.3, 3 retries: 1 - 0.3**4 = 0.9919."""
        assert success_probability(0.3, 3) == pytest.approx(0.9919)

    def test_no_retry(self):
        """Without retries success is 1 - p."""
        assert success_probability(0.3, 0) == pytest.approx(0.7)

    def test_outage(self):
        """In an outage retries do not help."""
        assert success_probability(1.0, 5) == 0.0


class TestWorstCaseAmplification:
    def test_sre_example(self):
        """Three layers retrying 3 times each: 4 * 4 * 4 = 64 attempts (SRE book, chapter 22)."""
        assert worst_case_amplification([3, 3, 3]) == 64

    def test_mixed_layers(self):
        """Retries 2, 0, 1: 3 * 1 * 2 = 6."""
        assert worst_case_amplification((2, 0, 1)) == 6

    @pytest.mark.parametrize(("bad", "match"), [
        ([], "at least one layer"),
        ("333", "list of whole numbers"),
        ([3, -1], r"retries_per_layer\[1\]"),
        (3, "list of whole numbers"),
    ])
    def test_rejects_bad_input(self, bad, match):
        """An empty list, a string, a number or a negative layer is refused by name."""
        with pytest.raises(ValueError, match=match):
            worst_case_amplification(bad)


class TestIdempotencyStore:
    def test_day_of_keys(self):
        """1,200 keys/s kept 24 h at 200 B: 1,200 * 86,400 * 200 = 20,736,000,000 B (20.7 GB)."""
        assert idempotency_store_bytes(1_200, 86_400, 200) == 20_736_000_000

    def test_linear_in_each_input(self):
        """Doubling any input doubles the store."""
        base = idempotency_store_bytes(10, 600, 100)
        assert idempotency_store_bytes(20, 600, 100) == 2 * base
        assert idempotency_store_bytes(10, 1_200, 100) == 2 * base
        assert idempotency_store_bytes(10, 600, 200) == 2 * base

    @pytest.mark.parametrize("name", ["keys_per_s", "retention_s", "bytes_per_key"])
    def test_rejects_negative(self, name):
        """Each input is named when negative."""
        args = {"keys_per_s": 1, "retention_s": 1, "bytes_per_key": 1, name: -1}
        with pytest.raises(ValueError, match=name):
            idempotency_store_bytes(**args)


class TestTokenBucket:
    def test_burst_plus_rate(self):
        """rate 100/s, burst 1,000, 2,000 req/s for 60 s: 1,000 + 100 * 60 = 7,000 admitted."""
        assert token_bucket_admitted(100, 1_000, 2_000, 60) == 7_000

    def test_short_window_admits_everything(self):
        """0.5 s at 2,000 req/s is 1,000 requests: the full bucket (1,000 + 50 tokens) admits them all."""
        assert token_bucket_admitted(100, 1_000, 2_000, 0.5) == 1_000

    def test_empty_start(self):
        """An empty bucket admits only the rate: 100 * 60 = 6,000."""
        assert token_bucket_admitted(100, 1_000, 2_000, 60, initial_tokens=0) == 6_000

    def test_never_more_than_offered(self):
        """Admitted <= offered, and <= burst + rate * window."""
        for arrivals in (0, 10, 100, 150, 1_000, 10_000):
            got = token_bucket_admitted(100, 500, arrivals, 30)
            assert got <= arrivals * 30 and got <= 500 + 100 * 30

    def test_refill(self):
        """Empty to full at 100 tokens/s: 1,000 / 100 = 10 s; from 750 tokens: 2.5 s."""
        assert token_bucket_refill_s(100, 1_000) == 10
        assert token_bucket_refill_s(100, 1_000, tokens=750) == 2.5

    def test_time_to_empty(self):
        """600 req/s against 100 tokens/s drains 1,000 tokens in 1,000 / 500 = 2 s; at or below the rate, never."""
        assert token_bucket_time_to_empty_s(100, 1_000, 600) == 2
        assert token_bucket_time_to_empty_s(100, 1_000, 100) == math.inf

    def test_trace_matches_steady_formula(self):
        """A steady 2,000 req/s for 60 one-second steps admits the fluid total of 7,000."""
        t = token_bucket_trace([2_000] * 60, rate_per_s=100, burst=1_000)
        assert t.total_admitted == pytest.approx(token_bucket_admitted(100, 1_000, 2_000, 60))
        assert t.total_admitted + t.total_shed == pytest.approx(120_000)

    def test_trace_steps(self):
        """Quiet step keeps the bucket full; the spike spends 1,000 + 100; then 100 per step; tokens come back."""
        t = token_bucket_trace([50, 2_000, 2_000, 50, 0], rate_per_s=100, burst=1_000)
        assert t.admitted == (50, 1_100, 100, 50, 0)
        assert t.shed == (0, 900, 1_900, 0, 0)
        assert t.tokens == (1_000, 0, 0, 50, 150)

    def test_trace_half_second_steps(self):
        """0.5 s steps gain 50 tokens each: 1,000 of 1,050 leaves 50; then 50 + 50 = 100; then 50."""
        t = token_bucket_trace([1_000, 1_000, 1_000], rate_per_s=100, burst=1_000, step_s=0.5)
        assert t.admitted == (1_000, 100, 50)

    @pytest.mark.parametrize(("call", "match"), [
        (lambda: token_bucket_admitted(0, 10, 1, 1), "rate_per_s"),
        (lambda: token_bucket_admitted(1, 0, 1, 1), "burst"),
        (lambda: token_bucket_admitted(1, 10, -1, 1), "arrivals_per_s"),
        (lambda: token_bucket_admitted(1, 10, 1, -1), "window_s"),
        (lambda: token_bucket_admitted(1, 10, 1, 1, initial_tokens=11), "initial_tokens"),
        (lambda: token_bucket_refill_s(1, 10, tokens=-1), "tokens"),
        (lambda: token_bucket_trace([1, -2], 1, 10), r"arrivals\[1\]"),
        (lambda: token_bucket_trace(5, 1, 10), "arrivals must be a list"),
        (lambda: token_bucket_trace([1], 1, 10, step_s=0), "step_s"),
    ])
    def test_rejects_bad_input(self, call, match):
        """Each bad input names its parameter."""
        with pytest.raises(ValueError, match=match):
            call()


class TestShedFraction:
    def test_overload(self):
        """150,000 req/s against 20,000 of capacity: shed 1 - 20/150 = 86.7 %."""
        assert shed_fraction(150_000, 20_000) == pytest.approx(1 - 20 / 150)

    def test_no_overload(self):
        """At or under capacity nothing is shed; no traffic sheds nothing."""
        assert shed_fraction(20_000, 20_000) == 0.0
        assert shed_fraction(0, 20_000) == 0.0

    def test_admitted_equals_capacity(self):
        """What is kept, offered * (1 - shed), equals capacity under overload."""
        for offered in (25_000, 60_000, 1e6):
            assert offered * (1 - shed_fraction(offered, 20_000)) == pytest.approx(20_000)

    def test_rejects_negative(self):
        """Negative rates are refused by name."""
        with pytest.raises(ValueError, match="capacity_per_s"):
            shed_fraction(10, -1)


class TestPumpingCost:
    def test_value(self):
        """96,000 messages of 2 segments at $0.08: 96,000 * 2 * 0.08 = $15,360."""
        assert sms_pumping_cost_usd(96_000, 2, 0.08) == pytest.approx(15_360)

    def test_rejects_zero_segments(self):
        """A message is at least one segment."""
        with pytest.raises(ValueError, match="segments_per_message must be a whole number >= 1"):
            sms_pumping_cost_usd(10, 0, 0.08)


class TestEdgesTheMutationRunFound:
    """Boundaries and fields that no test pinned down before `make mutation` planted bugs in them."""

    def test_cap_equal_to_base_is_allowed(self):
        """cap_s >= base_s: a cap equal to the base gives a flat 5 s wait every time."""
        assert [backoff_ceiling_s(k, 5, 5) for k in (1, 2, 3)] == [5, 5, 5]
        with pytest.raises(ValueError, match="cap_s"):
            backoff_ceiling_s(1, 5, 4.9)

    def test_a_huge_retry_number_caps_without_overflow(self):
        """Retry 1,025 doubles 1,024 times: 2.0**1024 overflows a float, so the cap is returned directly."""
        assert backoff_ceiling_s(1_025, 1, 30) == 30
        # one doubling fewer still computes: 1e-300 x 2**1023 (about 8.99e307) = 8.99e7 s, under a 1e300 s cap
        assert backoff_ceiling_s(1_024, 1e-300, 1e300) == pytest.approx(8.98846567e7)

    def test_schedule_keeps_its_mode_and_means(self):
        """The schedule says which jitter it used; equal jitter means are 3/4 of the ceilings 1, 2, 4 s."""
        s = backoff_schedule(3, 1, 30, "equal")
        assert s.jitter == "equal"
        assert s.expected_s == (0.75, 1.5, 3.0)
        assert s.expected_total_s == 5.25     # 0.75 + 1.5 + 3

    def test_failure_rate_above_one_is_refused_with_its_range(self):
        """failure_rate is a fraction: 1.5 is refused, and the message gives the range."""
        with pytest.raises(ValueError, match=r"failure_rate must be in \[0, 1\]") as raised:
            retry_amplification(1.5, 2)
        assert "0.3 for 30 %" in str(raised.value)
        with pytest.raises(ValueError, match="failure_rate"):
            success_probability(1.01, 2)

    def test_amplification_worked_by_hand(self):
        """p = 0.5, 2 retries: 1 + 0.5 + 0.25 = 1.75 attempts per request; an outage makes all 3."""
        assert retry_amplification(0.5, 2) == 1.75
        assert retry_amplification(1.0, 2) == 3.0
        assert retry_amplification(0.5, 0) == 1.0

    def test_amplification_closed_form_for_many_retries(self):
        """Past 10,000 retries the geometric series is summed in closed form: 1 / (1 - 0.5) = 2."""
        assert retry_amplification(0.5, 20_000) == pytest.approx(2.0)
        assert retry_amplification(0.9, 10_001) == pytest.approx(10.0)   # 1 / (1 - 0.9)

    def test_initial_tokens_must_fit_the_bucket(self):
        """initial_tokens is in [0, burst]: below zero or above the bucket size is refused by name."""
        for bad in (-1, 1_001):
            with pytest.raises(ValueError, match="initial_tokens"):
                token_bucket_admitted(100, 1_000, 2_000, 60, initial_tokens=bad)
            with pytest.raises(ValueError, match="initial_tokens"):
                token_bucket_trace([10], 100, 1_000, initial_tokens=bad)
        with pytest.raises(ValueError, match="tokens"):
            token_bucket_refill_s(100, 1_000, tokens=1_001)
        with pytest.raises(ValueError, match="tokens"):
            token_bucket_refill_s(100, 1_000, tokens=-1)

    def test_a_trace_can_start_from_an_empty_bucket(self):
        """Empty at the start, 100 tokens/s: the first second admits 100 of 2,000, not 1,100."""
        t = token_bucket_trace([2_000, 50], rate_per_s=100, burst=1_000, initial_tokens=0, step_s=1)
        assert t.admitted == (100.0, 50.0)
        assert t.shed == (1_900.0, 0.0)
        assert t.tokens == (0.0, 50.0)        # 0 + 100 - 100; then 0 + 100 - 50
        assert t.step_s == 1

    def test_half_second_steps(self):
        """step_s = 0.5 gains 50 tokens a step at 100 tokens/s."""
        t = token_bucket_trace([200, 200], rate_per_s=100, burst=100, initial_tokens=0, step_s=0.5)
        assert t.step_s == 0.5 and t.admitted == (50.0, 50.0)


class TestEdgesTheFullMutationRunFound:
    """Boundaries and messages the full mutation run of capacity/ showed no test held."""

    def test_outage_with_many_retries_is_exactly_retries_plus_one(self):
        """p = 1 gives r + 1 attempts even past 10,000 retries, where the closed form would divide 0 by 0."""
        assert retry_amplification(1.0, 20_000) == 20_001.0

    def test_closed_form_when_the_tail_still_matters(self):
        """p = 0.99999, 20,000 retries: (1 - p**20,001) / (1 - p).

        ln 0.99999 = -1.000005e-5, times 20,001 = -0.200011; exp(-0.200011) = 0.8187308 * (1 - 0.000011)
        = 0.8187217; (1 - 0.8187217) / 1e-5 = 18,127.83 attempts per request (p**19,999 would give
        18,126.19, p**20,002 18,128.64, and 1 + p**20,001 would give 181,872).
        """
        assert retry_amplification(0.99999, 20_000) == pytest.approx(18_127.83, abs=0.05)

    def test_no_traffic_on_no_capacity_sheds_nothing(self):
        """0 offered to a service with 0 capacity: nothing is over capacity, so nothing is shed (not 0 / 0)."""
        assert shed_fraction(0, 0) == 0.0

    def test_initial_tokens_message_opens_with_the_name(self):
        """The message starts with the parameter's own name, as the learner typed it."""
        with pytest.raises(ValueError, match=r"^initial_tokens must be"):
            token_bucket_admitted(100, 1_000, 2_000, 60, initial_tokens=1_001)
        with pytest.raises(ValueError, match=r"^initial_tokens must be"):
            token_bucket_trace([10], 100, 1_000, initial_tokens=-1)

    def test_retries_per_layer_message_opens_with_the_name(self):
        """A bare number instead of a list is refused with a message that starts 'retries_per_layer must'."""
        with pytest.raises(ValueError, match=r"^retries_per_layer must be a list of whole numbers >= 0, one per layer, got 3$"):
            worst_case_amplification(3)
