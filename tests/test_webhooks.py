"""Tests for curriculum.capacity.webhooks: fallback timing, retry load, backoff, calls within a budget."""

from __future__ import annotations

import pytest

from curriculum import facts
from curriculum.capacity.webhooks import (
    FAILURE_MODES,
    attempts_within_total,
    backoff_delays_ms,
    retry_load_multiplier,
    serial_calls_within,
    time_to_fallback_ms,
)

DEFAULTS = dict(connect_timeout_ms=5000, read_timeout_ms=15000, total_timeout_ms=15000, retry_count=1)


class TestTimeToFallback:
    def test_unreachable_server_with_defaults(self):
        """Two attempts (one retry) of a 5 s connect timeout: fallback after 10 s."""
        # (1 + 1) * 5000 = 10000 < 15000
        assert time_to_fallback_ms(**DEFAULTS) == 10_000

    def test_silent_server_hits_the_total_timeout(self):
        """A 15 s read wait uses the whole 15 s total: the retry never runs."""
        # min(15000, 2 * 15000) = 15000
        assert time_to_fallback_ms(**DEFAULTS, failure="silent") == 15_000

    def test_worst_case_adds_connect_and_read(self):
        """Connect and read timeouts add in one attempt, still capped by the total."""
        # min(20000, 2 * (1000 + 2000)) = 6000
        assert time_to_fallback_ms(connect_timeout_ms=1000, read_timeout_ms=2000, total_timeout_ms=20000,
                                   retry_count=1, failure="worst") == 6000

    def test_more_retries_are_capped_by_the_total(self):
        """Five retries of 5 s would take 30 s, but the total timeout stops at 15 s."""
        # min(15000, 6 * 5000) = 15000
        assert time_to_fallback_ms(**{**DEFAULTS, "retry_count": 5}) == 15_000

    def test_no_retry(self):
        """With no retries one attempt decides."""
        assert time_to_fallback_ms(**{**DEFAULTS, "retry_count": 0}) == 5000

    def test_registry_defaults(self):
        """With the registry's defaults the unreachable case is 10 s (the lesson's figure)."""
        got = time_to_fallback_ms(
            connect_timeout_ms=facts.value("webhooks.connect_timeout_default"),
            read_timeout_ms=facts.value("webhooks.read_timeout_default"),
            total_timeout_ms=facts.value("webhooks.total_timeout_default"),
            retry_count=facts.value("webhooks.retry_count_default"),
        )
        assert got == 10_000

    def test_never_longer_than_the_total(self):
        """Property: the wait never exceeds the total timeout, and grows with the retry count."""
        for mode in FAILURE_MODES:
            waits = [time_to_fallback_ms(**{**DEFAULTS, "retry_count": r}, failure=mode) for r in range(6)]
            assert all(w <= 15_000 for w in waits)
            assert waits == sorted(waits)

    def test_failure_mode_is_case_insensitive(self):
        """'Silent' and 'silent' name the same mode."""
        assert time_to_fallback_ms(**DEFAULTS, failure="Silent") == 15_000

    @pytest.mark.parametrize("field,bad", [("connect_timeout_ms", 0), ("read_timeout_ms", -1),
                                           ("total_timeout_ms", float("nan")), ("retry_count", 1.5),
                                           ("retry_count", -1)])
    def test_rejects_bad_input_naming_the_parameter(self, field, bad):
        """Bad input raises ValueError naming the parameter."""
        with pytest.raises(ValueError, match=field):
            time_to_fallback_ms(**{**DEFAULTS, field: bad})

    def test_rejects_unknown_failure_mode(self):
        """An unknown failure mode lists the valid ones."""
        with pytest.raises(ValueError, match="failure must be one of 'unreachable'"):
            time_to_fallback_ms(**DEFAULTS, failure="slow")


class TestRetryLoadMultiplier:
    def test_geometric_sum(self):
        """40 % failures, up to 3 retries: 1 + 0.4 + 0.16 + 0.064 = 1.624."""
        assert retry_load_multiplier(0.4, 3) == pytest.approx(1.624, abs=1e-12)

    def test_full_outage(self):
        """Everything fails: each request becomes retry_count + 1 attempts."""
        assert retry_load_multiplier(1.0, 5) == 6.0
        assert retry_load_multiplier(1.0, 0) == 1.0

    def test_no_failures(self):
        """Nothing fails: exactly one attempt per request."""
        assert retry_load_multiplier(0.0, 5) == 1.0

    def test_one_retry(self):
        """One retry adds the failure share: 1 + 0.5 = 1.5."""
        assert retry_load_multiplier(0.5, 1) == 1.5

    def test_grows_with_failures_and_retries(self):
        """Property: more failures or more retries never lower the load."""
        by_f = [retry_load_multiplier(f, 3) for f in (0, 0.1, 0.5, 0.9, 1.0)]
        by_r = [retry_load_multiplier(0.5, r) for r in range(6)]
        assert by_f == sorted(by_f) and by_r == sorted(by_r)
        assert by_f[-1] == 4.0

    @pytest.mark.parametrize("bad", [40, -0.1, 1.01, float("nan")])
    def test_rejects_a_percent(self, bad):
        """A share given as 40 (not 0.4) is refused, naming failure_fraction."""
        with pytest.raises(ValueError, match="failure_fraction"):
            retry_load_multiplier(bad, 1)

    def test_rejects_fractional_retries(self):
        with pytest.raises(ValueError, match="retry_count"):
            retry_load_multiplier(0.5, 0.5)

    def test_total_timeout_caps_a_full_outage(self):
        """Five retries of a 5 s connect timeout: only 3 attempts fit Twilio's 15 s total."""
        # ceil(15000 / 5000) = 3 attempts, not 5 + 1 = 6
        assert retry_load_multiplier(1.0, 5, attempt_ms=5000, total_timeout_ms=15000) == 3.0

    def test_total_timeout_caps_a_partial_outage(self):
        """40 % failures, 5 retries, 5 s attempts in 15 s: 1 + 0.4 + 0.16 = 1.56 (not 1.6496)."""
        # uncapped: 1 + 0.4 + 0.16 + 0.064 + 0.0256 + 0.01024 = 1.65984; capped at 3 attempts: 1.56
        assert retry_load_multiplier(0.4, 5, attempt_ms=5000, total_timeout_ms=15000) == pytest.approx(1.56, abs=1e-12)

    def test_cap_that_does_not_bind(self):
        """One retry of 5 s fits 15 s easily: the default stays 1 + f."""
        # min(1 + 1, ceil(15000 / 5000)) = 2 attempts: 1 + 0.5 = 1.5
        assert retry_load_multiplier(0.5, 1, attempt_ms=5000, total_timeout_ms=15000) == 1.5

    def test_same_cap_as_time_to_fallback(self):
        """Property: attempts x attempt time is the fallback wait whenever the cap binds exactly."""
        for connect, retries in [(5000, 5), (3000, 5), (5000, 1), (1000, 2)]:
            attempts = retry_load_multiplier(1.0, retries, attempt_ms=connect, total_timeout_ms=15000)
            wait = time_to_fallback_ms(**{**DEFAULTS, "connect_timeout_ms": connect, "retry_count": retries})
            assert wait == min(15000, attempts * connect)

    def test_capped_never_exceeds_uncapped(self):
        """Property: the cap can only lower the load."""
        for f in (0.1, 0.5, 0.9, 1.0):
            for r in range(6):
                assert (retry_load_multiplier(f, r, attempt_ms=5000, total_timeout_ms=15000)
                        <= retry_load_multiplier(f, r))

    @pytest.mark.parametrize("kwargs,name", [(dict(attempt_ms=5000), "total_timeout_ms"),
                                             (dict(total_timeout_ms=15000), "attempt_ms"),
                                             (dict(attempt_ms=0, total_timeout_ms=15000), "one_attempt_ms")])
    def test_timing_needs_both_values(self, kwargs, name):
        """attempt_ms without total_timeout_ms (or the reverse) is refused, naming the missing one."""
        with pytest.raises(ValueError, match=name):
            retry_load_multiplier(0.5, 3, **kwargs)


class TestAttemptsWithinTotal:
    def test_defaults_with_the_maximum_retries(self):
        """15 s total / 5 s connect timeout = 3 attempts, though 5 retries are allowed."""
        assert attempts_within_total(5, 5000, 15000) == 3

    def test_retry_count_binds_first(self):
        """One retry: 2 attempts, well inside the 3 that would fit."""
        assert attempts_within_total(1, 5000, 15000) == 2

    def test_a_cut_short_attempt_still_starts(self):
        """4 s attempts start at 0, 4, 8 and 12 s: 4 start before 15 s (ceil(3.75) = 4)."""
        assert attempts_within_total(5, 4000, 15000) == 4

    def test_one_attempt_longer_than_the_total(self):
        """A 20 s read wait in a 15 s total: the first attempt still runs, no retry."""
        assert attempts_within_total(5, 20000, 15000) == 1

    def test_registry_defaults(self):
        """With the registry's timeouts and maximum retry count, 3 attempts fit (the lesson's figure)."""
        got = attempts_within_total(facts.value("webhooks.retry_count_max"),
                                    facts.value("webhooks.connect_timeout_default"),
                                    facts.value("webhooks.total_timeout_default"))
        assert got == 3

    @pytest.mark.parametrize("args,name", [((-1, 5000, 15000), "retry_count"), ((1, 0, 15000), "one_attempt_ms"),
                                           ((1, 5000, -5), "total_timeout_ms")])
    def test_rejects_bad_input(self, args, name):
        with pytest.raises(ValueError, match=name):
            attempts_within_total(*args)


class TestBackoffDelays:
    def test_doubling(self):
        """100 ms doubled: 100, 200, 400 ms, 700 ms in all."""
        assert backoff_delays_ms(100, 3) == [100.0, 200.0, 400.0]
        assert sum(backoff_delays_ms(100, 3)) == 700.0

    def test_cap(self):
        """The cap limits each wait: 800 then 1000, not 1600."""
        assert backoff_delays_ms(100, 5, cap_ms=1000) == [100.0, 200.0, 400.0, 800.0, 1000.0]

    def test_factor_one_is_constant(self):
        assert backoff_delays_ms(250, 3, factor=1) == [250.0, 250.0, 250.0]

    def test_no_retries(self):
        assert backoff_delays_ms(100, 0) == []

    @pytest.mark.parametrize("kwargs,name", [(dict(base_ms=0, retries=1), "base_ms"),
                                             (dict(base_ms=100, retries=-1), "retries"),
                                             (dict(base_ms=100, retries=2, factor=0.5), "factor"),
                                             (dict(base_ms=100, retries=2, cap_ms=50), "cap_ms")])
    def test_rejects_bad_input(self, kwargs, name):
        with pytest.raises(ValueError, match=name):
            backoff_delays_ms(**kwargs)


class TestSerialCallsWithin:
    def test_rounds_down(self):
        """(50 - 9) / 7.4 = 5.54: five calls fit, a sixth would break the budget."""
        assert serial_calls_within(50, 9, 7.4) == 5

    def test_exact_fit(self):
        """(50 - 10) / 10 = 4 exactly: four fit (no float slip to 3)."""
        assert serial_calls_within(50, 10, 10) == 4
        assert serial_calls_within(0.3, 0.0, 0.1) == 3  # 0.3 / 0.1 = 2.9999999999999996 in floats

    def test_over_budget(self):
        """Fixed costs at or over the target leave room for none."""
        assert serial_calls_within(50, 50, 1) == 0
        assert serial_calls_within(50, 80, 1) == 0

    def test_calls_that_fit_stay_within_budget(self):
        """Property: n calls fit and n + 1 do not."""
        for fixed, per in [(9, 7.4), (0.5, 3.3), (12, 0.7)]:
            n = serial_calls_within(50, fixed, per)
            assert fixed + n * per <= 50 < fixed + (n + 1) * per

    @pytest.mark.parametrize("args,name", [((0, 1, 1), "target_ms"), ((50, -1, 1), "fixed_ms"),
                                           ((50, 1, 0), "per_call_ms")])
    def test_rejects_bad_input(self, args, name):
        with pytest.raises(ValueError, match=name):
            serial_calls_within(*args)


class TestEdgesTheMutationRunFound:
    def test_failure_fraction_range_is_stated(self):
        with pytest.raises(ValueError, match=r"failure_fraction must be in \[0, 1\], a fraction such as 0.4 \(not 40\)"):
            retry_load_multiplier(40, 1)

    def test_backoff_factor_and_cap_bounds(self):
        """factor >= 1 (a wait never shrinks); cap_ms >= base_ms; equal values are allowed."""
        assert backoff_delays_ms(100, 3, factor=1.0) == [100, 100, 100]
        assert backoff_delays_ms(100, 2, cap_ms=100) == [100, 100]
        with pytest.raises(ValueError, match="factor"):
            backoff_delays_ms(100, 3, factor=0.5)
        with pytest.raises(ValueError, match="cap_ms"):
            backoff_delays_ms(100, 3, cap_ms=99)


class TestEdgesTheFullMutationRunFound:
    """Messages the full mutation run of capacity/ showed no test held to the parameter's own name."""

    def test_half_a_timeout_pair_names_the_missing_half(self):
        """attempt_ms without total_timeout_ms asks for total_timeout_ms, and the other way round."""
        with pytest.raises(ValueError, match=r"^total_timeout_ms must be given too"):
            retry_load_multiplier(0.4, 3, attempt_ms=5000)
        with pytest.raises(ValueError, match=r"^attempt_ms must be given too"):
            retry_load_multiplier(0.4, 3, total_timeout_ms=15000)

    def test_cap_below_base_names_cap_ms(self):
        """A 50 ms cap under a 100 ms base is refused with a message that starts with 'cap_ms'."""
        with pytest.raises(ValueError, match=r"^cap_ms must be"):
            backoff_delays_ms(100, 2, cap_ms=50)
