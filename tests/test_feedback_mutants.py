"""The wording and the boundaries of the learner's miss messages, pinned down literal by literal.

`make mutation` plants small bugs in curriculum/feedback/ (a changed bound, a changed word); these tests are the
ones that notice them. Every expected string and number below is worked out by hand from the rule it checks
(the working is in the comments), never recomputed with the code under test.
"""

from __future__ import annotations

import pytest

from curriculum.feedback.numbers import band, describe_miss, format_factor, format_number, unit_family, unit_slip


class TestUnitSlipTable:
    """Each known slip is recognised at its exact factor, with its own advice (no unit given)."""

    @pytest.mark.parametrize("factor, advice", [
        (60, "minutes vs seconds (or hours vs minutes)"),
        (3_600, "hours vs seconds"),
        (86_400, "days vs seconds"),
        (1_440, "days vs minutes"),
        (24, "days vs hours"),
        (30, "months vs days"),
        (365, "years vs days"),
        (60_000, "minutes vs milliseconds"),
        (3_600_000, "hours vs milliseconds"),
        (1_000, "ms vs s, or kilo vs mega (kbit/s vs Mbit/s)"),
        (1_000_000, "µs vs s, or bytes vs MB"),
        (1_000_000_000, "ns vs s, or bytes vs GB"),
        (8, "bits vs bytes"),
        (125, "bits vs bytes together with a factor of 1,000 (bytes/s vs kbit/s)"),
        (8_000, "bits vs bytes together with a factor of 1,000 (kbit/s vs MB/s)"),
        (1_024, "bytes vs KiB (1 KiB = 1,024 bytes)"),
        (1_048_576, "bytes vs MiB (1 MiB = 1,048,576 bytes)"),
        (100, "percent vs fraction (99.9% is 0.999)"),
    ])
    def test_each_slip(self, factor, advice):
        assert unit_slip(float(factor), 0.05) == (float(factor), advice)

    @pytest.mark.parametrize("factor, advice", [
        (1.024, "1,024 vs 1,000 (KiB vs kB)"),
        (1.025, "1,024 vs 1,000 (KiB vs kB)"),          # ln(1.025 / 1.024) = 0.00098, inside the 0.002 window
        (1.048576, "1,048,576 vs 1,000,000 (MiB vs MB)"),
    ])
    def test_the_narrow_1024_slips(self, factor, advice):
        slip, text = unit_slip(factor, 0.05)
        assert text == advice and slip in (1.024, 1.048576)

    def test_just_outside_the_narrow_window(self):
        """ln(1.027 / 1.024) = 0.0029 is outside the 0.002 window: no slip."""
        assert unit_slip(1.027, 0.05) is None


class TestUnitSlipWindow:
    """A factor matches a slip within rtol of it, with rtol clamped to 2-15 %."""

    def test_a_small_rtol_is_widened_to_two_percent(self):
        # rtol 0.01 -> 0.02: window ln(1.02) = 0.0198. 61.1 / 60 = 1.0183 (ln 0.0182) matches; 61.3 / 60 = 1.0217
        # (ln 0.0214) does not, and no other slip is near.
        assert unit_slip(61.1, 0.01) == (60.0, "minutes vs seconds (or hours vs minutes)")
        assert unit_slip(61.3, 0.01) is None

    def test_a_large_rtol_is_narrowed_to_fifteen_percent(self):
        # rtol 0.5 -> 0.15: window ln(1.15) = 0.1398. 68.4 / 60 = 1.14 (ln 0.131) matches; 69.6 / 60 = 1.16
        # (ln 0.148) does not.
        assert unit_slip(68.4, 0.5) == (60.0, "minutes vs seconds (or hours vs minutes)")
        assert unit_slip(69.6, 0.5) is None

    def test_rtol_between_the_clamps_is_used_as_given(self):
        # rtol 0.1: window ln(1.1) = 0.0953. 65.5 / 60 = 1.0917 (ln 0.0877) matches; 66.5 / 60 = 1.1083
        # (ln 0.1029) does not.
        assert unit_slip(65.5, 0.1) is not None
        assert unit_slip(66.5, 0.1) is None

    def test_the_closest_slip_wins(self):
        # 1,010: 1,000 is ln(1.01) = 0.0100 away, 1,024 is ln(1024 / 1010) = 0.0138 away -> 1,000.
        # 1,020: 1,000 is 0.0198 away, 1,024 is 0.0039 away -> 1,024.
        assert unit_slip(1_010.0, 0.05)[0] == 1_000.0
        assert unit_slip(1_020.0, 0.05)[0] == 1_024.0
        # 3,500: 3,600 is ln(3600 / 3500) = 0.028 away; nothing else within 5 %.
        assert unit_slip(3_500.0, 0.05) == (3_600.0, "hours vs seconds")


class TestUnitSlipInTheQuestionsUnit:
    @pytest.mark.parametrize("factor, unit, advice", [
        (1_000, "GB", "MB vs GB, or GB vs TB (1,000 apart)"),
        (1_000_000, "TB", "MB vs TB, or bytes vs MB"),
        (1_000_000_000, "bytes", "bytes vs GB"),
        (8, "MB", "bits vs bytes (8 bits in a byte)"),
        (1_000, "Mbit/s", "kbit/s vs Mbit/s, or Mbit/s vs Gbit/s (1,000 apart)"),
        (1_000_000, "kbps", "kbit/s vs Gbit/s"),
        (8, "Mbps", "bits vs bytes (8 bits in a byte)"),
        (1_000, "ms", "ms vs s (1,000 ms in a second)"),
        (1_000_000, "s", "µs vs s"),
        (1_000, "$", "thousands vs millions of dollars"),
        (100, "USD per month", "cents vs dollars, or percent vs fraction"),
        (1_000, "calls/s", "a unit 1,000 times bigger or smaller (thousands vs millions, kilo vs mega)"),
        (1_000_000, "messages", "a unit a million times bigger or smaller"),
        (1_000_000_000, "requests", "a unit a billion times bigger or smaller"),
    ])
    def test_family_wording(self, factor, unit, advice):
        assert unit_slip(float(factor), 0.05, unit) == (float(factor), advice)

    def test_a_slip_the_family_does_not_reword_keeps_the_general_advice(self):
        """60x in a GB question is still minutes vs seconds; 8x with no unit is plain bits vs bytes."""
        assert unit_slip(60.0, 0.05, "GB") == (60.0, "minutes vs seconds (or hours vs minutes)")
        assert unit_slip(8.0, 0.05) == (8.0, "bits vs bytes")


class TestUnitFamily:
    @pytest.mark.parametrize("unit, family", [
        ("kbit/s", "bits"), ("Mbps", "bits"), ("bits", "bits"),
        ("bytes", "bytes"), ("MB/s", "bytes"), ("TB/day", "bytes"), ("KiB", "bytes"), ("GiB per month", "bytes"),
        ("$", "money"), ("dollars", "money"), ("USD/month", "money"),
        ("s", "time"), ("ms", "time"), ("µs", "time"), ("us", "time"), ("seconds", "time"),
        ("milliseconds", "time"), ("minutes", "time"), ("min", "time"), ("hours", "time"), ("h", "time"),
        ("days", "time"), (" ms ", "time"),
        ("calls/s", "other"), ("Erlangs", "other"), ("", "other"), (None, "other"), ("Seconds per call", "other"),
    ])
    def test_families(self, unit, family):
        assert unit_family(unit) == family


class TestBand:
    @pytest.mark.parametrize("factor, direction, text", [
        (1.0, "too high", "less than 10% too high"),
        (1.0999, "too low", "less than 10% too low"),
        (1.1, "too high", "10-50% too high"),          # the bands are half-open: [1.1, 1.5)
        (1.4999, "too high", "10-50% too high"),
        (1.5, "too high", "50-100% too high"),
        (1.99, "too high", "50-100% too high"),
        (1.5, "too low", "10-50% too low"),            # half the answer is "50% too low", so too low runs to 2x
        (1.99, "too low", "10-50% too low"),
        (2.0, "too low", "2-3x too low"),
        (2.0, "too high", "2-3x too high"),
        (2.999, "too high", "2-3x too high"),
        (3.0, "too high", "3-10x too high"),
        (9.99, "too low", "3-10x too low"),
        (10.0, "too high", "too high: off by a factor of about 10"),
        (31.0, "too high", "too high: off by a factor of about 10"),       # log10 31 = 1.49 -> 10**1
        (32.0, "too low", "too low: off by a factor of about 100"),        # log10 32 = 1.51 -> 10**2
        (3_000.0, "too high", "too high: off by a factor of about 1,000"),
        (4_000_000.0, "too low", "too low: off by a factor of about 10,000,000"),  # log10 4e6 = 6.60 -> 10**7
    ])
    def test_bands(self, factor, direction, text):
        assert band(factor, direction) == text


class TestDescribeMiss:
    @pytest.mark.parametrize("answer, expected, text", [
        (5.0, 0.0, "is too high"),
        (-5.0, 0.0, "is too low"),
        (0.0, 0.0, "is too low"),
        (0.0, 10.0, "is zero, which is too low — check for a rounding or an integer division"),
        (0.0, -10.0, "is zero, which is too high — check for a rounding or an integer division"),
        (-10.0, 10.0, "has the wrong sign (too low) — check the order of a subtraction"),
        (10.0, -10.0, "has the wrong sign (too high) — check the order of a subtraction"),
        (-120.0, -60.0, "is 2-3x too low"),            # ratio 2, and -120 < -60
        (0.5, 30.0, "is too low: off by a factor of about 60 — check minutes vs seconds (or hours vs minutes)"),
        (104.0, 100.0, "is less than 10% too high"),
        (250.0, 100.0, "is 2-3x too high"),
    ])
    def test_messages(self, answer, expected, text):
        assert describe_miss(answer, expected, 0.05) == text

    def test_a_slip_names_the_rounded_slip_not_the_exact_ratio(self):
        # 61.5 / 1 = 61.5: within 5 % of 60, so the message says "about 60", never "61.5"
        message = describe_miss(61.5, 1.0, 0.05)
        assert "about 60 —" in message and "61.5" not in message

    def test_the_unit_changes_the_advice(self):
        assert describe_miss(0.05, 50.0, 0.05, unit="ms").endswith("check ms vs s (1,000 ms in a second)")
        assert describe_miss(8_000.0, 8.0, 0.05, unit="GB").endswith("check MB vs GB, or GB vs TB (1,000 apart)")


class TestFormatting:
    @pytest.mark.parametrize("x, text", [
        (0.0, "0"), (2.0, "2"), (-2.0, "-2"), (36_000.0, "36,000"), (1_234_567.0, "1,234,567"),
        (999_999_999_999_999.0, "999,999,999,999,999"), (1e15, "1e+15"), (0.125, "0.125"),
        (0.000123456, "0.0001235"), (12_345.678, "1.235e+04"), (-0.5, "-0.5"),
    ])
    def test_format_number(self, x, text):
        assert format_number(x) == text

    @pytest.mark.parametrize("x, text", [(59.7, "60"), (1_003.0, "1,000"), (2.47, "2.5"), (12_345.0, "12,000"),
                                         (1.0, "1"), (9.96, "10"), (0.0456, "0.046")])
    def test_format_factor(self, x, text):
        assert format_factor(x) == text
