"""Tests for curriculum.capacity.reliability: downtime, composition and nines."""

from __future__ import annotations

import math

import pytest

from curriculum.capacity import downtime_s, nines, parallel, serial


class TestDowntimeS:
    @pytest.mark.parametrize(
        ("availability", "period", "expected_s"),
        [
            (0.999, "year", 31_536.0),  # 0.001 * 365 * 86400 (8.76 h)
            (0.9999, "year", 3_153.6),  # 52.56 min
            (0.9995, "month", 1_296.0),  # 0.0005 * 30 * 86400 = 21.6 min
            (0.99, "week", 6_048.0),  # 0.01 * 7 * 86400
            (0.999, "day", 86.4),  # 0.001 * 86400
        ],
    )
    def test_table(self, availability, period, expected_s):
        """Downtime is (1 - availability) times the period (year 365 d, month 30 d)."""
        assert downtime_s(availability, period) == pytest.approx(expected_s, rel=1e-12)

    def test_default_period_is_year(self):
        """Without a period the answer is per 365-day year."""
        assert downtime_s(0.99) == pytest.approx(0.01 * 365 * 86_400)

    def test_edges(self):
        """Always up allows no downtime; always down is down all period."""
        assert downtime_s(1.0, "month") == 0.0
        assert downtime_s(0.0, "day") == 86_400.0

    def test_period_ignores_case(self):
        """Period names are case-insensitive."""
        assert downtime_s(0.999, "Year") == downtime_s(0.999, "year")

    def test_rejects_unknown_period(self):
        """An unknown period names period and lists the valid ones."""
        with pytest.raises(ValueError, match="period must be one of 'year', 'month', 'week', 'day'"):
            downtime_s(0.999, "quarter")

    @pytest.mark.parametrize("bad", [99.9, 1.0001, -0.1, float("nan")])
    def test_rejects_bad_availability(self, bad):
        """Availability must be a fraction in [0, 1] (99.9 is a percentage)."""
        with pytest.raises(ValueError, match=r"availability must be in \[0, 1\], a fraction"):
            downtime_s(bad)


class TestSerial:
    def test_product(self):
        """A chain's availability is the product: 0.999^3 = 0.997002999."""
        assert serial(0.999, 0.999, 0.999) == pytest.approx(0.997002999, rel=1e-12)

    def test_iterable_argument(self):
        """One list argument works like separate arguments."""
        assert serial([0.99, 0.95]) == serial(0.99, 0.95)

    def test_never_above_weakest_link(self):
        """serial(...) <= min(...) for any chain."""
        chains = [(0.9, 0.99), (0.5, 1.0, 0.999), (0.99999,), (0.0, 0.9)]
        for chain in chains:
            assert serial(*chain) <= min(chain)

    def test_rejects_empty(self):
        """An empty chain is refused, naming availabilities."""
        with pytest.raises(ValueError, match="availabilities"):
            serial()

    def test_rejects_bad_member(self):
        """A bad member is named by its position."""
        with pytest.raises(ValueError, match=r"availabilities\[1\]"):
            serial(0.99, 1.5)


class TestParallel:
    def test_two_copies(self):
        """Two independent 99 % copies: 1 - 0.01^2 = 0.9999."""
        assert parallel(0.99, 2) == pytest.approx(0.9999, rel=1e-14)

    def test_one_copy(self):
        """One copy is just itself."""
        assert parallel(0.95, 1) == pytest.approx(0.95, rel=1e-15)

    def test_never_below_one_copy(self):
        """parallel(a, n) >= a, and rises with n."""
        for a in (0.0, 0.3, 0.9, 0.999, 1.0):
            values = [parallel(a, n) for n in (1, 2, 3, 5)]
            assert all(v >= a for v in values)
            assert values == sorted(values)

    @pytest.mark.parametrize("bad", [0, -1, 1.5])
    def test_rejects_bad_copies(self, bad):
        """Copies must be a whole number >= 1."""
        with pytest.raises(ValueError, match="copies"):
            parallel(0.99, bad)

    def test_rejects_bad_availability(self):
        """Availability above 1 names availability."""
        with pytest.raises(ValueError, match="availability"):
            parallel(1.2, 2)


class TestNines:
    @pytest.mark.parametrize(
        ("availability", "expected"),
        [(0.9, 1.0), (0.99, 2.0), (0.999, 3.0), (0.99999, 5.0), (0.0, 0.0)],
    )
    def test_whole_nines(self, availability, expected):
        """Whole nines come out exact: -log10(1 - a)."""
        assert nines(availability) == expected

    def test_fractional(self):
        """99.95 % is about 3.3 nines."""
        assert nines(0.9995) == pytest.approx(3.30103, abs=1e-5)

    def test_perfect(self):
        """100 % has infinitely many nines."""
        assert math.isinf(nines(1.0))

    def test_rejects_percentage(self):
        """Availability given as a percentage is refused."""
        with pytest.raises(ValueError, match="availability"):
            nines(99.9)


class TestEdgesTheMutationRunFound:
    def test_serial_needs_one_value(self):
        with pytest.raises(ValueError, match=r"^availabilities must hold at least one value in \[0, 1\], got none$"):
            serial()

    def test_parallel_needs_one_copy(self):
        """copies >= 1; one copy is the copy itself."""
        assert parallel(0.99, 1) == 0.99
        with pytest.raises(ValueError, match="copies"):
            parallel(0.99, 0)
