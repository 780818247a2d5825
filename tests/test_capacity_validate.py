"""The shared input checks of curriculum.capacity (_validate): the exact wording every calculator's error uses.

Each message names the parameter, states the valid range in interval notation and repeats the value it got
(README, "Adding a calculator"). Expected messages are written out by hand from that rule.
"""

from __future__ import annotations

import math

import pytest

from curriculum.capacity import _validate as check


def _message(call) -> str:
    with pytest.raises(ValueError) as raised:
        call()
    return str(raised.value)


class TestRangeWording:
    @pytest.mark.parametrize("kwargs, value, text", [
        ({}, math.nan, "x must be a finite number, got nan"),
        ({}, "a", "x must be a finite number, got 'a'"),              # no "a number a finite number"
        ({"low": 0}, "a", "x must be a number >= 0, got 'a'"),
        ({"low": 0}, -1, "x must be >= 0, got -1"),
        ({"low": 0, "low_open": True}, 0, "x must be > 0, got 0"),
        ({"high": 3}, 5, "x must be <= 3, got 5"),
        ({"high": 3, "high_open": True}, 3, "x must be < 3, got 3"),
        ({"low": 0, "high": 1}, 2, "x must be in [0, 1], got 2"),
        ({"low": 0, "high": 1, "low_open": True, "high_open": True}, 1, "x must be in (0, 1), got 1"),
        ({"low": 0, "high": 1, "low_open": True}, 0, "x must be in (0, 1], got 0"),
        ({"low": 0, "high": 1, "high_open": True}, 1, "x must be in [0, 1), got 1"),
        ({"low": 0, "high": 0.5}, 0.75, "x must be in [0, 0.5], got 0.75"),
        ({"low": 0, "range_text": "in [0, 1], a fraction"}, True, "x must be a number in [0, 1], a fraction, got True"),
    ])
    def test_real(self, kwargs, value, text):
        assert _message(lambda: check.real("x", value, **kwargs)) == text

    def test_bounds_themselves_pass_when_closed(self):
        assert check.real("x", 0, low=0, high=1) == 0.0 and check.real("x", 1, low=0, high=1) == 1.0
        assert check.real("x", math.inf, low=0, allow_inf=True) == math.inf

    @pytest.mark.parametrize("call, text", [
        (lambda: check.whole("n", 2.5), "n must be a whole number >= 0, got 2.5"),
        (lambda: check.whole("n", -1), "n must be a whole number >= 0, got -1"),
        (lambda: check.whole("n", 0, minimum=1), "n must be a whole number >= 1, got 0"),
        (lambda: check.whole("n", 11, minimum=1, maximum=10), "n must be a whole number in [1, 10], got 11"),
        (lambda: check.whole("n", True), "n must be a whole number >= 0, got True"),
        (lambda: check.whole("n", "3"), "n must be a whole number >= 0, got '3'"),
        (lambda: check.whole("n", math.inf), "n must be a whole number >= 0, got inf"),
        (lambda: check.positive("rate", 0), "rate must be > 0, got 0"),
        (lambda: check.non_negative("rate", -0.5), "rate must be >= 0, got -0.5"),
        (lambda: check.open_unit("blocking", 1.5), "blocking must be in (0, 1), got 1.5"),
        (lambda: check.closed_unit("availability", 1.5), "availability must be in [0, 1], got 1.5"),
        (lambda: check.choice("codec", "G.722", {"g711": "G.711"}, ["G.711"]), "codec must be one of 'G.711', got 'G.722'"),
        (lambda: check.choice("codec", 711, {"g711": "G.711"}, ["G.711"]), "codec must be one of 'G.711', got 711"),
    ])
    def test_messages(self, call, text):
        assert _message(call) == text

    def test_whole_accepts_integral_floats(self):
        assert check.whole("n", 10.0) == 10 and check.whole("n", 10, maximum=10) == 10

    def test_choice_ignores_case_spaces_hyphens_and_underscores(self):
        aliases = {"g711": "G.711", "opus": "Opus"}
        for spelling in ("G711", " g-711 ", "g_7 11", "OPUS"):
            assert check.choice("codec", spelling, aliases, ["G.711", "Opus"]) in ("G.711", "Opus")
        assert check.normalise_name(" A-b_C d ") == "abcd"

    def test_traffic_range_is_in_erlangs(self):
        from curriculum.capacity import erlang_b

        assert _message(lambda: erlang_b(-1, 5)) == "traffic must be in [0, 1e10] Erlangs, got -1"


class TestStirlingCorrection:
    """_stirlerr(n) = ln n! - [(n + 1/2) ln n - n + ln sqrt(2 pi)], worked by hand for small n."""

    def test_small_n(self):
        from curriculum.capacity.traffic import _stirlerr

        half_log_2pi = 0.5 * math.log(2 * math.pi)          # 0.918938533204673
        assert _stirlerr(1) == pytest.approx(1 - half_log_2pi, rel=1e-12)                        # 0.0810614668
        assert _stirlerr(2) == pytest.approx(-1.5 * math.log(2) + 2 - half_log_2pi, rel=1e-12)    # 0.0413406960

    def test_series_branch_matches_the_definition(self):
        """Past 15 the asymptotic series is used; it agrees with ln n! from lgamma to about 1e-11."""
        from curriculum.capacity.traffic import _stirlerr

        for n in (16, 20, 50, 200):
            direct = math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - 0.5 * math.log(2 * math.pi)
            assert _stirlerr(n) == pytest.approx(direct, rel=1e-9, abs=1e-13)
