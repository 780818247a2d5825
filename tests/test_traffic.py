"""Tests for curriculum.capacity.traffic: Little's law, Erlang B and Erlang C."""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import pytest

from curriculum.capacity import (
    agents_for,
    arrival_rate_per_s,
    average_speed_of_answer,
    busy_hour_call_attempts,
    erlang_b,
    erlang_c,
    max_traffic,
    offered_load,
    peak_rate_per_s,
    service_level,
    trunks_for,
)
from curriculum.capacity.traffic import _erlang_b_recursive

BAD_REALS = [-1.0, float("nan"), float("inf"), "10", None, True]


def exact_erlang_b(traffic: int | Fraction, trunks: int) -> Fraction:
    """Erlang B as an exact fraction: (A^N/N!) / sum_k A^k/k! (small inputs only)."""
    a = Fraction(traffic)
    terms = [Fraction(1)]
    for k in range(1, trunks + 1):
        terms.append(terms[-1] * a / k)
    return terms[-1] / sum(terms)


def recursion_table(traffic: float, max_trunks: int) -> list[float]:
    """B(A, n) for n = 0..max_trunks by the textbook recursion, in one pass."""
    values = [1.0]
    b = 1.0
    for n in range(1, max_trunks + 1):
        ab = traffic * b
        b = ab / (n + ab)
        values.append(b)
    return values



def _lines_executed(func, *args) -> int:
    """How many Python lines a call runs: a deterministic stand-in for its cost."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        func(*args)
    finally:
        sys.settrace(None)
    return count


class TestOfferedLoad:
    def test_littles_law(self):
        """Offered load is arrival rate times mean holding time."""
        # 1,000 calls in the busy hour, 3 minutes each: 1000 * 180 / 3600 = 50 E.
        assert offered_load(1000 / 3600, 180) == pytest.approx(50.0)
        assert offered_load(2.0, 90.0) == 180.0

    def test_zero(self):
        """No arrivals or zero-length calls give no load."""
        assert offered_load(0, 180) == 0.0
        assert offered_load(5, 0) == 0.0

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_rejects_bad_rate(self, bad):
        """A negative, NaN, infinite or non-numeric rate names arrival_rate_per_s."""
        with pytest.raises(ValueError, match="arrival_rate_per_s"):
            offered_load(bad, 180)

    def test_rejects_bad_hold(self):
        """A negative holding time names mean_hold_s."""
        with pytest.raises(ValueError, match="mean_hold_s"):
            offered_load(1, -3)


class TestArrivalRatePerS:
    def test_course_example(self):
        """10,000 concurrent calls of 180 s need 55.56 new calls a second."""
        # lambda = L / W = 10000 / 180 = 55.555...
        assert arrival_rate_per_s(10_000, 180) == pytest.approx(55.5556, abs=1e-4)

    def test_inverts_offered_load(self):
        """offered_load(arrival_rate_per_s(L, W), W) gives back L."""
        assert offered_load(arrival_rate_per_s(742.5, 95), 95) == pytest.approx(742.5)

    def test_rejects_zero_hold(self):
        """A zero holding time cannot sustain any concurrency: mean_hold_s must be > 0."""
        with pytest.raises(ValueError, match="mean_hold_s"):
            arrival_rate_per_s(10, 0)


class TestBusyHourCallAttempts:
    def test_course_example(self):
        """10,000 concurrent calls of 180 s are 200,000 busy-hour call attempts."""
        # 10000 * 3600 / 180 = 200000
        assert busy_hour_call_attempts(10_000, 180) == 200_000.0

    def test_round_trip(self):
        """BHCA * hold / 3600 gives the concurrency back."""
        bhca = busy_hour_call_attempts(1234, 47)
        assert bhca * 47 / 3600 == pytest.approx(1234)

    def test_rejects_negative_concurrency(self):
        """A negative concurrency names concurrent_calls."""
        with pytest.raises(ValueError, match="concurrent_calls"):
            busy_hour_call_attempts(-1, 180)


class TestPeakRatePerS:
    def test_average_rate(self):
        """86,400 events a day at peak factor 1 are one a second."""
        assert peak_rate_per_s(86_400, 1) == 1.0

    def test_peak_factor(self):
        """The peak is the average times the factor (Xu: 300M a day -> ~3,500 QPS, peak ~7,000)."""
        # 300e6 / 86400 = 3472.2; times 2 = 6944.4
        assert peak_rate_per_s(300e6, 2) == pytest.approx(6944.44, abs=0.01)

    def test_rejects_factor_below_one(self):
        """A peak below the average is refused, naming peak_factor."""
        with pytest.raises(ValueError, match="peak_factor"):
            peak_rate_per_s(1000, 0.5)

    def test_rejects_negative_volume(self):
        """A negative daily volume names events_per_day."""
        with pytest.raises(ValueError, match="events_per_day"):
            peak_rate_per_s(-5, 2)


class TestErlangB:
    @pytest.mark.parametrize(
        ("traffic", "trunks", "expected"),
        [
            (1, 1, Fraction(1, 2)),  # A/(1+A) = 1/2
            (2, 2, Fraction(2, 5)),  # (4/2) / (1 + 2 + 4/2) = 2/5
            (1, 2, Fraction(1, 5)),  # (1/2) / (1 + 1 + 1/2) = 1/5
            (3, 3, Fraction(9, 26)),  # (27/6) / (1 + 3 + 9/2 + 27/6) = 4.5/13
            (5, 1, Fraction(5, 6)),  # A/(1+A)
        ],
    )
    def test_exact_small_cases(self, traffic, trunks, expected):
        """Small cases match the blocking worked out by hand."""
        assert erlang_b(traffic, trunks) == pytest.approx(float(expected), rel=1e-14)

    def test_matches_exact_fractions(self):
        """Integer and fractional loads up to 40 E match exact rational arithmetic."""
        for traffic in (Fraction(1, 10), Fraction(7, 3), 1, 5, 12, 40):
            for trunks in range(0, 3 * int(traffic) + 12):
                exact = float(exact_erlang_b(traffic, trunks))
                assert erlang_b(float(traffic), trunks) == pytest.approx(exact, rel=1e-12), (
                    traffic,
                    trunks,
                )

    def test_edges(self):
        """No trunks block everything; no traffic is never blocked."""
        assert erlang_b(7.5, 0) == 1.0
        assert erlang_b(0, 0) == 1.0
        assert erlang_b(0, 5) == 0.0

    def test_published_table_point(self):
        """Standard Erlang B tables: 10 trunks at 4.46 E block 1 %."""
        assert erlang_b(4.46, 10) == pytest.approx(0.01, abs=5e-5)

    def test_matches_recursion_over_grid(self):
        """The fast method agrees with the exact recursion to 1e-9 for A in 0.1..20,000, N in 0..3A."""
        checked = 0
        for traffic in (0.1, 0.7, 1.0, 2.5, 9.99, 10.0, 33.3, 100.0, 487.5, 1000.0, 4321.0, 20_000.0):
            top = int(3 * traffic) + 3
            table = recursion_table(traffic, top)
            step = max(1, top // 60)
            near = range(max(0, int(traffic) - 20), min(top, int(traffic) + 20) + 1)
            for trunks in sorted(set(range(0, top + 1, step)) | set(near) | {top}):
                expected = table[trunks]
                got = erlang_b(traffic, trunks)
                assert got == pytest.approx(expected, rel=1e-9, abs=1e-290), (traffic, trunks)
                checked += 1
        assert checked > 500

    def test_reference_recursion(self):
        """The private reference recursion matches exact fractions (it is the benchmark baseline)."""
        for traffic, trunks in ((1, 1), (2, 2), (7, 12), (30, 25)):
            exact = float(exact_erlang_b(traffic, trunks))
            assert _erlang_b_recursive(traffic, trunks) == pytest.approx(exact, rel=1e-13)

    def test_falls_as_trunks_are_added(self):
        """Blocking never rises when a trunk is added, and stays in [0, 1]."""
        for traffic in (0.5, 20.0, 900.0, 10_000.0):
            values = [erlang_b(traffic, n) for n in range(0, int(2 * traffic) + 10)]
            assert all(0.0 <= v <= 1.0 for v in values)
            assert all(later <= earlier for earlier, later in zip(values, values[1:], strict=False))

    def test_rises_with_traffic(self):
        """More traffic on the same trunks blocks more."""
        values = [erlang_b(a, 50) for a in (10, 30, 45, 50, 55, 80, 200)]
        assert values == sorted(values)

    @pytest.mark.parametrize("traffic", [1e6, 1e7])
    def test_huge_traffic_is_finite(self, traffic):
        """A million and ten million Erlangs give finite answers across trunk counts."""
        for trunks in (
            0,
            1,
            10,
            int(traffic / 2),
            int(traffic) - 1,
            int(traffic),
            int(traffic) + 1,
            int(traffic * 1.001),
            int(traffic * 2),
            int(traffic * 100),
        ):
            b = erlang_b(traffic, trunks)
            assert math.isfinite(b) and 0.0 <= b <= 1.0, (traffic, trunks, b)

    def test_large_traffic_matches_normal_shape(self):
        """At N = A, B ~ sqrt(2 / (pi A)) for large A (normal approximation to the Poisson)."""
        for traffic in (1e5, 1e6, 1e7):
            expected = math.sqrt(2.0 / (math.pi * traffic))
            assert erlang_b(traffic, int(traffic)) == pytest.approx(expected, rel=2e-3)

    def test_overload_limit(self):
        """Far below the traffic, blocking tends to 1 - N/A (the excess is lost)."""
        assert erlang_b(1e7, 5_000_000) == pytest.approx(0.5, rel=1e-6)

    def test_matches_recursion_at_a_million(self):
        """At 1e5 Erlangs the fast value matches the recursion near the busy point."""
        traffic = 1e5
        table = recursion_table(traffic, int(traffic) + 2000)
        for trunks in (99_000, 99_700, 100_000, 100_300, 100_900, 101_500):
            assert erlang_b(traffic, trunks) == pytest.approx(table[trunks], rel=1e-9)

    def test_cost_does_not_grow_with_trunks(self):
        """Ten million trunks take a few thousand Python steps, not the recursion's ten million (counted, not timed)."""
        assert _lines_executed(erlang_b, 1e7, 10_000_000) < 200_000
        assert _lines_executed(erlang_b, 1e7, 10_000_000) < 20 * _lines_executed(erlang_b, 1e5, 100_000)

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_rejects_bad_traffic(self, bad):
        """Negative, NaN, infinite or non-numeric traffic names traffic."""
        with pytest.raises(ValueError, match="traffic"):
            erlang_b(bad, 10)

    def test_rejects_traffic_beyond_limit(self):
        """Traffic above 1e10 Erlangs is refused with the range in the message."""
        with pytest.raises(ValueError, match=r"traffic must be in \[0, 1e10\]"):
            erlang_b(2e10, 10)

    @pytest.mark.parametrize("bad", [-1, 2.5, float("nan"), "3", True])
    def test_rejects_bad_trunks(self, bad):
        """Trunks must be a whole number >= 0."""
        with pytest.raises(ValueError, match="trunks must be a whole number"):
            erlang_b(10, bad)

    def test_accepts_integral_float_trunks(self):
        """An integral float such as 10.0 counts as 10 trunks."""
        assert erlang_b(5, 10.0) == erlang_b(5, 10)


class TestTrunksFor:
    def test_course_numbers(self):
        """10,000 E needs 9,970 trunks at 1 % and 10,170 at 0.1 % (checked with the recursion)."""
        assert trunks_for(10_000, 0.01) == 9970
        assert trunks_for(10_000, 0.001) == 10170
        table = recursion_table(10_000.0, 10_170)
        assert table[9970] <= 0.01 < table[9969]
        assert table[10170] <= 0.001 < table[10169]

    def test_published_examples(self):
        """erlang.com: 15 lines carry 8.108 E at 1 %; 33.33 E (1,200 CCS) need 45 lines."""
        assert trunks_for(8.108, 0.01) == 15
        assert trunks_for(1200 / 36, 0.01) == 45

    def test_boundary_agrees_with_erlang_b(self):
        """B(trunks_for) <= target < B(trunks_for - 1) over a grid of loads and targets."""
        for traffic in (0.05, 0.9, 3.0, 17.5, 63.9, 64.0, 250.0, 5_000.0, 99_999.0, 1e6, 1e7):
            for target in (0.5, 0.1, 0.02, 0.01, 0.001, 1e-6, 1e-12):
                n = trunks_for(traffic, target)
                assert erlang_b(traffic, n) <= target, (traffic, target, n)
                assert n == 0 or erlang_b(traffic, n - 1) > target, (traffic, target, n)

    def test_no_traffic_needs_no_trunks(self):
        """Zero traffic needs zero trunks."""
        assert trunks_for(0, 0.01) == 0

    def test_million_erlangs_is_cheap(self):
        """trunks_for(1e6, 0.01) takes far fewer steps than one O(N) recursion (speed itself: make bench)."""
        assert _lines_executed(trunks_for, 1_000_000, 0.01) < 100_000
        n = trunks_for(1_000_000, 0.01)
        assert erlang_b(1e6, n) <= 0.01 < erlang_b(1e6, n - 1)

    @pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, float("nan"), "0.01"])
    def test_rejects_bad_blocking(self, bad):
        """Blocking must be strictly between 0 and 1."""
        with pytest.raises(ValueError, match=r"blocking must be .*\(0, 1\)"):
            trunks_for(10, bad)

    def test_rejects_bad_traffic(self):
        """Negative traffic names traffic."""
        with pytest.raises(ValueError, match="traffic"):
            trunks_for(-1, 0.01)


class TestMaxTraffic:
    def test_standard_table(self):
        """Standard Erlang B table: 10 trunks carry 4.46 E and 100 trunks 84.06 E at 1 %."""
        assert max_traffic(10, 0.01) == pytest.approx(4.4612, abs=1e-4)
        assert max_traffic(100, 0.01) == pytest.approx(84.0642, abs=1e-4)

    def test_erlang_com_example(self):
        """erlang.com calculator manual: 15 lines at 1 % carry 8.108 E."""
        assert max_traffic(15, 0.01) == pytest.approx(8.108, abs=5e-4)

    # D. Collins, "Carrier Grade Voice over IP", 2nd ed., appendix A, "Table of
    # Erlang B": offered Erlangs (1 decimal) by channels and blocking.
    COLLINS_BLOCKING = (
        0.0001,
        0.0005,
        0.001,
        0.002,
        0.003,
        0.004,
        0.005,
        0.006,
        0.007,
        0.008,
        0.009,
        0.01,
        0.02,
        0.03,
        0.04,
        0.05,
    )
    COLLINS_ROWS = {
        5: (0.5, 0.6, 0.8, 0.9, 1.0, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3, 1.4, 1.7, 1.9, 2.1, 2.2),
        6: (0.7, 1.0, 1.1, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.8, 1.9, 1.9, 2.3, 2.5, 2.8, 3.0),
        7: (1.1, 1.4, 1.6, 1.8, 1.9, 2.1, 2.2, 2.2, 2.3, 2.4, 2.4, 2.5, 2.9, 3.2, 3.5, 3.7),
        8: (1.4, 1.8, 2.1, 2.3, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.1, 3.6, 4.0, 4.3, 4.5),
        9: (1.8, 2.3, 2.6, 2.9, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 4.3, 4.7, 5.1, 5.4),
    }

    @pytest.mark.parametrize("trunks", sorted(COLLINS_ROWS))
    def test_published_table_rows(self, trunks):
        """Each cell of a published Erlang B table row matches after rounding to 0.1 E."""
        got = tuple(round(max_traffic(trunks, b), 1) for b in self.COLLINS_BLOCKING)
        assert got == self.COLLINS_ROWS[trunks]

    def test_inverts_erlang_b(self):
        """erlang_b(max_traffic(N, b), N) gives b back to 1e-9."""
        for trunks in (1, 2, 7, 64, 65, 300, 10_000, 1_000_000):
            for target in (0.9, 0.2, 0.01, 1e-4, 1e-9):
                a = max_traffic(trunks, target)
                assert erlang_b(a, trunks) == pytest.approx(target, rel=1e-9), (trunks, target)

    def test_one_trunk_closed_form(self):
        """One trunk: B = A / (1 + A), so A = b / (1 - b)."""
        for target in (0.5, 0.01, 1e-100):
            assert max_traffic(1, target) == pytest.approx(target / (1 - target), rel=1e-9)

    def test_zero_trunks_carry_nothing(self):
        """Zero trunks block every call, so they carry 0 Erlangs."""
        assert max_traffic(0, 0.01) == 0.0

    def test_rejects_bad_blocking(self):
        """Blocking outside (0, 1) is refused, naming blocking."""
        with pytest.raises(ValueError, match="blocking"):
            max_traffic(10, 1.0)

    def test_rejects_bad_trunks(self):
        """Negative or fractional trunks are refused, naming trunks."""
        with pytest.raises(ValueError, match="trunks"):
            max_traffic(-1, 0.01)
        with pytest.raises(ValueError, match="trunks"):
            max_traffic(2.5, 0.01)


class TestErlangC:
    def test_exact_small_cases(self):
        """Small cases match the working: C = N B / (N - A (1 - B))."""
        # A=1, N=2: B = 1/5, C = (2/5) / (2 - 4/5) = 1/3
        assert erlang_c(1, 2) == pytest.approx(1 / 3, rel=1e-14)
        # A=2, N=3: B = 4/19, C = (12/19) / (3 - 30/19) = 4/9
        assert erlang_c(2, 3) == pytest.approx(4 / 9, rel=1e-14)

    def test_single_server(self):
        """M/M/1: the probability of waiting equals the utilisation."""
        for rho in (0.1, 0.5, 0.95):
            assert erlang_c(rho, 1) == pytest.approx(rho, rel=1e-12)

    def test_matches_exact_formula(self):
        """Matches the exact rational Erlang C for integer loads."""
        for a, n in ((5, 6), (10, 14), (20, 25), (40, 41)):
            b = exact_erlang_b(a, n)
            exact = n * b / (n - a * (1 - b))
            assert erlang_c(a, n) == pytest.approx(float(exact), rel=1e-12)

    def test_waiting_at_least_blocking(self):
        """Queued calls wait at least as often as lost calls would be blocked: C >= B."""
        for a, n in ((3.3, 4), (50, 55), (1000, 1040)):
            assert erlang_c(a, n) >= erlang_b(a, n)

    def test_large_pool(self):
        """A million Erlangs on a few thousand spare agents gives a finite probability."""
        c = erlang_c(1e6, 1_002_000)
        assert 0.0 < c < 1.0

    @pytest.mark.parametrize(("traffic", "agents"), [(10, 10), (10, 9), (0.5, 0)])
    def test_rejects_agents_not_above_traffic(self, traffic, agents):
        """Erlang C needs more agents than Erlangs; the error names agents."""
        with pytest.raises(ValueError, match="agents"):
            erlang_c(traffic, agents)


class TestAverageSpeedOfAnswer:
    def test_single_server(self):
        """M/M/1: mean wait is rho / (1 - rho) service times."""
        # rho = 0.5, AHT 100 s: C = 0.5, ASA = 0.5 * 100 / 0.5 = 100 s
        assert average_speed_of_answer(0.5, 1, 100) == pytest.approx(100.0)

    def test_formula(self):
        """ASA = C * AHT / (N - A)."""
        assert average_speed_of_answer(10, 14, 180) == pytest.approx(erlang_c(10, 14) * 180 / 4)

    def test_falls_with_agents(self):
        """More agents, shorter waits."""
        waits = [average_speed_of_answer(48, n, 240) for n in range(49, 60)]
        assert waits == sorted(waits, reverse=True)

    def test_rejects_bad_aht(self):
        """A zero or negative handle time names aht_s."""
        with pytest.raises(ValueError, match="aht_s"):
            average_speed_of_answer(10, 14, 0)


class TestServiceLevel:
    def test_single_server(self):
        """M/M/1: P(wait <= t) = 1 - rho * exp(-(1 - rho) t / S)."""
        expected = 1 - 0.8 * math.exp(-0.2 * 30 / 60)
        assert service_level(0.8, 1, 60, 30) == pytest.approx(expected, rel=1e-12)

    def test_zero_target_is_answered_at_once(self):
        """With a 0 s target the service level is the share answered without waiting, 1 - C."""
        assert service_level(10, 12, 180, 0) == pytest.approx(1 - erlang_c(10, 12))

    def test_rises_with_agents(self):
        """Each added agent raises the service level."""
        levels = [service_level(10, n, 180, 20) for n in range(11, 20)]
        assert levels == sorted(levels)

    def test_rejects_negative_target(self):
        """A negative answer-time target names target_s."""
        with pytest.raises(ValueError, match="target_s"):
            service_level(10, 14, 180, -1)


class TestAgentsFor:
    def test_small_centre(self):
        """10 E (100 calls per 30 min, 180 s AHT) needs 14 agents for 80/20."""
        # service_level(10, 13, ...) = 0.796 < 0.8 <= service_level(10, 14, ...) = 0.888
        assert agents_for(10, 180, 20, 0.8) == 14

    def test_boundary_agrees_with_service_level(self):
        """The answer meets the goal and one agent fewer does not."""
        for traffic in (0.3, 4.0, 48.0, 730.0, 25_000.0):
            for goal, target_s in ((0.8, 20), (0.9, 15), (0.5, 0), (0.99, 60)):
                n = agents_for(traffic, 240, target_s, goal)
                assert service_level(traffic, n, 240, target_s) >= goal
                if n - 1 > traffic:
                    assert service_level(traffic, n - 1, 240, target_s) < goal

    def test_no_traffic(self):
        """With no calls one agent is enough (Erlang C needs agents > traffic)."""
        assert agents_for(0, 180, 20, 0.8) == 1

    def test_million_erlangs(self):
        """Square-root staffing: a million Erlangs need only a few hundred spare agents."""
        n = agents_for(1e6, 180, 20, 0.8)
        assert 1_000_000 < n < 1_001_000

    def test_rejects_bad_goal(self):
        """The service-level goal must be in (0, 1)."""
        with pytest.raises(ValueError, match="service_level"):
            agents_for(10, 180, 20, 80)


class TestCostBudget:
    """The inverse functions find their answer in a handful of Erlang B evaluations, whatever the size.

    Counted, not timed: each evaluation costs about 10 sqrt(A) operations, so the count is the cost. The budgets
    are today's counts (measured once, written here): a worse first guess, a broken bracket or a wrong walk
    makes the search evaluate more often and fails these, even when it still reaches the right answer.
    """

    @pytest.fixture
    def counted(self, monkeypatch):
        import curriculum.capacity.traffic as traffic

        calls = []
        real_b, real_fast = traffic.erlang_b, traffic._erlang_b_fast
        monkeypatch.setattr(traffic, "erlang_b", lambda a, n: calls.append(("erlang_b", a, n)) or real_b(a, n))
        monkeypatch.setattr(traffic, "_erlang_b_fast",
                            lambda a, n: calls.append(("fast", a, n)) or real_fast(a, n))
        return calls

    @pytest.mark.parametrize("traffic", [0.5, 10, 50, 63.9])
    @pytest.mark.parametrize("blocking", [0.0001, 0.01, 0.2, 0.5])
    def test_small_groups_walk_up_from_zero(self, counted, traffic, blocking):
        """Below 64 Erlangs: one evaluation to start the walk, two to confirm the boundary."""
        n = trunks_for(traffic, blocking)
        assert len([c for c in counted if c[0] == "erlang_b"]) == 3
        assert erlang_b(traffic, n) <= blocking and (n == 0 or erlang_b(traffic, n - 1) > blocking)

    @pytest.mark.parametrize("traffic", [64.0, 100, 1_000, 10_000, 100_000, 1_000_000])
    @pytest.mark.parametrize("blocking", [0.0001, 0.001, 0.01, 0.05, 0.2, 0.5])
    def test_large_groups_bracket_a_guess(self, counted, traffic, blocking):
        """From 64 Erlangs: the guess brackets the answer in two evaluations, then three more finish it."""
        trunks_for(traffic, blocking)
        assert len([c for c in counted if c[0] == "erlang_b"]) == 5

    # (trunks, blocking) -> evaluations max_traffic needs today
    MAX_TRAFFIC_BUDGET = {
        (64, 0.001): 5, (64, 0.01): 7, (64, 0.05): 4, (64, 0.2): 32,
        (100, 0.001): 47, (100, 0.01): 4, (100, 0.05): 30, (100, 0.2): 5,
        (1_000, 0.001): 4, (1_000, 0.01): 42, (1_000, 0.05): 4, (1_000, 0.2): 5,
        (10_000, 0.001): 7, (10_000, 0.01): 7, (10_000, 0.05): 4, (10_000, 0.2): 3,
        (1_000_000, 0.001): 3, (1_000_000, 0.01): 10, (1_000_000, 0.05): 30, (1_000_000, 0.2): 3,
    }

    @pytest.mark.parametrize("trunks, blocking", sorted(MAX_TRAFFIC_BUDGET))
    def test_max_traffic_newton_steps(self, counted, trunks, blocking):
        a = max_traffic(trunks, blocking)
        assert len(counted) <= self.MAX_TRAFFIC_BUDGET[(trunks, blocking)]
        assert erlang_b(a, trunks) == pytest.approx(blocking, rel=1e-9)

    @pytest.mark.parametrize("traffic", [10, 60, 500, 5_000])
    def test_agents_for_starts_next_to_the_answer(self, counted, traffic):
        """Erlang C staffing: three Erlang B evaluations from a guess that lands next to the answer."""
        agents_for(traffic, 180, 20, 0.8)
        assert len(counted) == 3


class TestInversesAgainstBruteForce:
    """trunks_for and agents_for agree with the definition, searched one step at a time, over a grid.

    Brute force is independent of the fast search: trunks by the textbook recursion B(n) = A B(n-1) / (n + A B(n-1))
    walked from B(0) = 1, agents by service_level() tried from floor(A) + 1 upwards.
    """

    @pytest.mark.parametrize("traffic", [64.0, 70.5, 99.9, 150, 333.3, 800, 1_500, 2_500])
    @pytest.mark.parametrize("blocking", [0.0005, 0.003, 0.02, 0.1, 0.3, 0.6, 0.9])
    def test_trunks_for(self, traffic, blocking):
        n, b = 0, 1.0
        while b > blocking:
            n += 1
            b = traffic * b / (n + traffic * b)
        assert trunks_for(traffic, blocking) == n

    @pytest.mark.parametrize("traffic", [0.3, 2.5, 7, 19.5, 48, 120, 333])
    @pytest.mark.parametrize("aht_s, target_s, goal", [(180, 20, 0.8), (300, 60, 0.95), (60, 5, 0.5),
                                                       (600, 0, 0.3), (240, 30, 0.99)])
    def test_agents_for(self, traffic, aht_s, target_s, goal):
        n = math.floor(traffic) + 1
        while service_level(traffic, n, aht_s, target_s) < goal:
            n += 1
        assert agents_for(traffic, aht_s, target_s, goal) == n


class TestMessagesTheMutationRunFound:
    def test_worst_case_amplification_needs_a_layer(self):
        from curriculum.capacity.resilience import worst_case_amplification

        with pytest.raises(ValueError) as raised:
            worst_case_amplification([])
        assert str(raised.value) == "retries_per_layer must hold at least one layer, got none"

    def test_retry_load_multiplier_takes_both_times_or_neither(self):
        from curriculum.capacity.webhooks import retry_load_multiplier

        with pytest.raises(ValueError) as raised:
            retry_load_multiplier(0.5, 2, attempt_ms=1_000)
        assert str(raised.value).endswith("so pass both or neither")


class TestEdgesTheFullMutationRunFound:
    """Boundaries, limits and search cost the full mutation run of capacity/ showed no test held."""

    def test_blocking_exactly_at_the_target_is_enough(self):
        """B(1 E, 1 trunk) = 1 / (1 + 1) = 0.5 exactly, so one trunk meets a 0.5 target (<= wins); none gives 1."""
        assert trunks_for(1, 0.5) == 1

    def test_more_trunks_than_the_limit_names_trunks(self):
        """2e10 trunks is over the 1e10 (10,000,000,000) limit: refused as a bad trunks value, before any search."""
        with pytest.raises(ValueError, match=r"^trunks must be a whole number in \[0, 10000000000\], got 20000000000$"):
            max_traffic(2 * 10**10, 0.01)

    def test_a_load_past_the_limit_is_refused(self):
        """1e10 trunks at 50 % blocking would carry about 2e10 E (N / (1 - 0.5)), over the 1e10 E limit."""
        with pytest.raises(ValueError, match=r"^trunks=10000000000 at blocking=0\.5 would carry more than "
                                             r"1e\+10 Erlangs, the largest traffic this module accepts$"):
            max_traffic(10**10, 0.5)

    @pytest.mark.parametrize("traffic", [1e4, 1e6, 1e9])
    @pytest.mark.parametrize("blocking", [0.2, 0.01, 0.001])
    def test_trunk_search_stays_fast(self, monkeypatch, traffic, blocking):
        """trunks_for brackets the answer around a close guess, so it needs only a handful of Erlang B evaluations.

        One for the low end of the bracket, one for the high end, one to start the walk and two to settle the
        boundary: 5, plus a widening or a few bisections when the guess is off by more than its step. 12 is
        that budget with room to spare; a search that stepped away from the guess or stopped growing its step
        would need hundreds of evaluations (or, for a walk, hundreds of thousands of recursion steps).
        """
        import curriculum.capacity.traffic as traffic_module

        calls = []
        real = traffic_module.erlang_b

        def counting(a, n):
            calls.append(n)
            return real(a, n)

        monkeypatch.setattr(traffic_module, "erlang_b", counting)
        n = traffic_module.trunks_for(traffic, blocking)
        assert len(calls) <= 12
        assert real(traffic, n) <= blocking < real(traffic, n - 1)

    def test_zero_agents_is_refused_as_a_bad_agent_count(self):
        """No traffic and no agents: the message is about agents needing to be >= 1, not about traffic."""
        with pytest.raises(ValueError, match=r"^agents must be a whole number >= 1"):
            erlang_c(0, 0)
