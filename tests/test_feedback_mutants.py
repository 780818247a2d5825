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


# --- the checks' whole messages ----------------------------------------------------------------------------------

from curriculum.feedback import CheckFailed, check, check_choice, check_number, check_record, check_set  # noqa: E402
from curriculum.feedback.numbers import a_type, author_number, read_number  # noqa: E402


def _failure(call) -> str:
    with pytest.raises(CheckFailed) as raised:
        call()
    return str(raised.value)


def _author_error(call) -> str:
    with pytest.raises(ValueError) as raised:
        call()
    return str(raised.value)


class TestReadNumber:
    @pytest.mark.parametrize("answer, problem", [
        (None, "has no value yet (it is None) — did you run the cell above?"),
        (..., "is still the placeholder `...` — put your answer in its place"),
        ("x" * 30, "is not a number: you gave text '" + "x" * 30 + "' — write the number without quotes"),
        ("y" * 31, "is not a number: you gave text '" + "y" * 27 + "...' — write the number without quotes"),
        (True, "is True, a yes/no value — give a number instead"),
        (False, "is False, a yes/no value — give a number instead"),
        ([1], "is a list, not a single number — give one number"),
        ({"a": 1}, "is a dict, not a single number — give one number"),
        (1j, "is a complex, not a plain number — give an int or a float"),
        (10 ** 400, "is too large to be right (beyond the range of a float) — check your working"),
        (float("nan"), "is NaN (not a number) — look for 0/0 or a missing value in your working"),
        (float("-inf"), "is infinite — look for a division by zero"),
    ])
    def test_problems(self, answer, problem):
        assert read_number(answer) == (None, problem)

    def test_numbers_pass_through(self):
        assert read_number(3) == (3.0, None) and read_number(-2.5) == (-2.5, None)
        assert read_number(4, integer=True) == (4.0, None)

    def test_articles(self):
        assert (a_type([]), a_type(3), a_type(1.5), a_type(object())) == ("a list", "an int", "a float", "an object")


class TestAuthorNumber:
    def test_messages(self):
        assert _author_error(lambda: author_number("rtol", "0.1")) == "rtol must be a finite int or float, not str"
        assert _author_error(lambda: author_number("rtol", -0.5, minimum=0)) == "rtol must be a finite int or float >= 0"
        assert _author_error(lambda: author_number("low", 10 ** 400)) == "low must be a finite int or float"
        assert _author_error(lambda: author_number("x", float("inf"))) == "x must be a finite int or float"
        assert _author_error(lambda: author_number("x", True)) == "x must be a finite int or float, not bool"
        assert author_number("rtol", 0, minimum=0) == 0.0          # the minimum itself is allowed
        assert author_number("atol", 2.5, minimum=1.5) == 2.5


class TestCheckMessages:
    def test_tolerance_is_inclusive(self):
        """|answer - expected| <= atol + rtol x |expected|: 105 with rtol 0.05 of 100 passes, 107 does not."""
        check("x", 105.0, 100.0, rtol=0.05)
        check("x", 95.0, 100.0, rtol=0.05)
        check("x", 12.0, 10.0, rtol=0.0, atol=2.0)
        assert _failure(lambda: check("x", 107.0, 100.0, rtol=0.05)) == "`x` is less than 10% too high."
        # 105.01 is 1.0501x: within 0.2 % of 1.048576, so it reads as a MiB vs MB slip
        assert _failure(lambda: check("x", 105.01, 100.0, rtol=0.05)).endswith("(MiB vs MB).")

    def test_unit_and_hint_follow_the_problem(self):
        assert _failure(lambda: check("rate", 180.0, 100.0, unit="calls/s", hint="Use Little's law.")) == (
            "`rate` is 50-100% too high. Expected unit: calls/s. Hint: Use Little's law.")

    def test_author_mistakes(self):
        assert _author_error(lambda: check("", 1, 1)) == "name must be a non-empty string, not str"
        assert _author_error(lambda: check(3, 1, 1)) == "name must be a non-empty string, not int"
        assert _author_error(lambda: check("x", 1, 1, unit=5)) == "unit must be a non-empty string or None, not int"
        assert _author_error(lambda: check("x", 1, 1, hint=" ")) == "hint must be a non-empty string or None, not str"
        assert _author_error(lambda: check("x", 1, 1, rtol=-1)) == "rtol must be a finite int or float >= 0"
        assert _author_error(lambda: check("x", 1, 1, atol=-1)) == "atol must be a finite int or float >= 0"
        assert _author_error(lambda: check("x", 1, "1")) == "expected must be a finite int or float, not str"

    def test_confirmation(self, capsys):
        check("x", 1, 1)
        assert capsys.readouterr() == ("`x` is correct.\n", "")


class TestCheckNumberMessages:
    def test_range_is_inclusive_and_named(self, capsys):
        check_number("n", 100, low=100, high=1_000)
        check_number("n", 1_000, low=100, high=1_000)
        assert capsys.readouterr().out == (
            "`n` is a number in the plausible range; the hidden tests check its value.\n" * 2)
        assert _failure(lambda: check_number("n", 99, low=100, high=1_000)) == (
            "`n` is 99, below the plausible range of 100 to 1,000.")
        assert _failure(lambda: check_number("n", 1_001, low=100, high=1_000, unit="s")) == (
            "`n` is 1,001, above the plausible range of 100 to 1,000. Expected unit: s.")

    def test_one_sided_ranges(self, capsys):
        assert _failure(lambda: check_number("n", 5, low=10)) == "`n` is 5, below the plausible minimum of 10."
        assert _failure(lambda: check_number("n", 50, high=10, hint="Per second.")) == (
            "`n` is 50, above the plausible maximum of 10. Hint: Per second.")
        check_number("n", 10, low=10)
        check_number("n", 3, integer=True)
        check_number("n", 2.5)
        assert capsys.readouterr().out == (
            "`n` is a number in the plausible range; the hidden tests check its value.\n"
            "`n` is a whole number; the hidden tests check its value.\n"
            "`n` is a number; the hidden tests check its value.\n")

    def test_author_mistakes(self):
        assert _author_error(lambda: check_number("n", 1, low=5, high=5)) == (
            "low must be less than high (use check() for an exact value)")
        assert _author_error(lambda: check_number("n", 1, integer=1)) == "integer must be True or False, not int"
        assert _author_error(lambda: check_number("n", 1, low="1")) == "low must be a finite int or float, not str"
        assert _author_error(lambda: check_number("n", 1, high="1")) == "high must be a finite int or float, not str"


class TestCheckChoiceMessages:
    OPTIONS = ["Queue the requests", "Drop the requests", "Scale up"]

    @pytest.mark.parametrize("answer", ["B", "(b)", "b)", "b.", "Option B", " option b ", "drop THE requests"])
    def test_forms_of_the_right_answer(self, answer, capsys):
        check_choice("q", answer, "B", options=self.OPTIONS)
        assert capsys.readouterr().out == "`q` is correct.\n"

    def test_learner_problems(self):
        o = self.OPTIONS
        assert _failure(lambda: check_choice("q", 2, "B", options=o)) == (
            "`q` is an int, not text — give the letter or the option's text in quotes, e.g. 'B'.")
        assert _failure(lambda: check_choice("q", "  ", "B", options=o)) == (
            "`q` is empty — give the letter or the text of your choice.")
        assert _failure(lambda: check_choice("q", None, "B", options=o)) == (
            "`q` has no value yet (it is None) — did you run the cell above?")
        assert _failure(lambda: check_choice("q", "A", "B", options=o, hint="Think of the cost.")) == (
            "`q` is not the best choice. Hint: Think of the cost.")
        assert _failure(lambda: check_choice("q", "D", "B", options={"A": "x", "B": "y"})) == (
            "`q` is not one of the options — answer with one of 'A', 'B' (or the option's text).")

    def test_without_options_labels_are_compared(self, capsys):
        check_choice("q", "(c)", "C")
        assert capsys.readouterr().out == "`q` is correct.\n"
        assert _failure(lambda: check_choice("q", "b", "C")) == "`q` is not the best choice."

    def test_author_mistakes(self):
        assert _author_error(lambda: check_choice("q", "A", "")) == (
            "expected must be a non-empty string: a label like 'B' or an option's text")
        assert _author_error(lambda: check_choice("q", "A", "D", options=self.OPTIONS)) == (
            "expected must name one of the options (a label or an option's text)")
        assert _author_error(lambda: check_choice("q", "A", "A", options=[])) == "options must not be empty"
        assert _author_error(lambda: check_choice("q", "A", "A", options=["x"] * 27)) == (
            "options must have at most 26 entries")
        assert _author_error(lambda: check_choice("q", "A", "A", options="abc")) == (
            "options must be None, a list of option texts or a dict {label: text}, not str")
        assert _author_error(lambda: check_choice("q", "A", "A", options=["x", " "])) == (
            "options must hold non-empty strings only")
        assert _author_error(lambda: check_choice("q", "A", "A", options=["x", "X "])) == (
            "options must not repeat a label or a text")
        assert _author_error(lambda: check_choice("q", "A", "A", options={"A": "x", "(a)": "y"})) == (
            "options must not repeat a label or a text")
        # 26 options are fine: A to Z
        check_choice("q", "Z", "Z", options=[f"option {i}" for i in range(26)])


class TestCheckSetMessages:
    def test_counts_in_the_message(self):
        want = {"a", "b", "c"}
        assert _failure(lambda: check_set("s", ["a", "b"], want)) == "`s` is missing 1 item."
        assert _failure(lambda: check_set("s", ["a"], want)) == "`s` is missing 2 items."
        assert _failure(lambda: check_set("s", ["a", "b", "c", "d"], want)) == (
            "`s` has 1 item that does not belong.")
        assert _failure(lambda: check_set("s", ["a", "b", "c", "d", "e"], want, hint="Three.")) == (
            "`s` has 2 items that do not belong. Hint: Three.")

    def test_items_compare_loosely_but_only_plain_types(self, capsys):
        check_set("s", ("A ", "b", "b", (1, "X")), ["a", "B", (1.0, "x")])
        assert capsys.readouterr().out == "`s` has the right items.\n"
        assert _failure(lambda: check_set("s", [1, float("nan")], [1])) == (
            "`s` contains an item that is not text or a number — use strings or numbers only.")
        assert _failure(lambda: check_set("s", [1, (2, None)], [1])) == (
            "`s` contains an item that is not text or a number — use strings or numbers only.")

    def test_learner_problems(self):
        assert _failure(lambda: check_set("s", "ab", ["a"])) == (
            "`s` is one piece of text — give a list of items, e.g. ['a', 'b'].")
        assert _failure(lambda: check_set("s", 5, ["a"])) == (
            "`s` is an int — give a list or a set of items, e.g. ['a', 'b'].")
        assert _failure(lambda: check_set("s", ..., ["a"])) == (
            "`s` is still the placeholder `...` — put your answer in its place.")

    def test_author_mistakes(self):
        assert _author_error(lambda: check_set("s", ["a"], "a")) == (
            "expected must be a list, tuple or set of strings and numbers")
        assert _author_error(lambda: check_set("s", ["a"], [None])) == (
            "expected must hold only strings, finite numbers or tuples of those")


class TestCheckRecordMessages:
    def test_every_kind_of_problem_at_once(self):
        expected = {"servers": 4, "region": "us1", "queue": True, "cps": 50}
        answer = {"servers": 4, "region": "IE1", "queue": "yes", "extra": 1, "more": 2}
        assert _failure(lambda: check_record("plan", answer, expected)) == (
            "`plan` is missing the field 'cps'; has unexpected fields 'extra', 'more'; "
            "has 2 wrong fields: 'region' is not right; 'queue' should be True or False.")

    def test_one_of_each(self):
        assert _failure(lambda: check_record("p", {"a": 1, "c": 2}, {"a": 1, "b": 2})) == (
            "`p` is missing the field 'b'; has unexpected field 'c'.")
        assert _failure(lambda: check_record("p", {"a": 2}, {"a": 1}, hint="Per hour.")) == (
            "`p` has a wrong field: 'a' is 2-3x too high. Hint: Per hour.")
        assert _failure(lambda: check_record("p", {"a": False}, {"a": True})) == (
            "`p` has a wrong field: 'a' is not right.")
        assert _failure(lambda: check_record("p", {"a": 5}, {"a": "x"})) == "`p` has a wrong field: 'a' should be text."
        assert _failure(lambda: check_record("p", {"a": None}, {"a": "x"})) == (
            "`p` has a wrong field: 'a' has no value yet (it is None) — did you run the cell above?")
        assert _failure(lambda: check_record("p", {"a": "1"}, {"a": 1})) == (
            "`p` has a wrong field: 'a' is not a number: you gave text '1' — write the number without quotes.")

    def test_per_field_tolerance(self, capsys):
        check_record("p", {"a": 1.2, "b": 1.04}, {"a": 1, "b": 1}, rtol={"a": 0.25})  # b keeps 0.05
        assert _failure(lambda: check_record("p", {"a": 1.2, "b": 1.06}, {"a": 1, "b": 1}, rtol={"a": 0.25})) == (
            "`p` has a wrong field: 'b' is less than 10% too high.")
        check_record("p", {"a": 1}, {"a": 1})
        assert capsys.readouterr().out == "`p`: all 2 fields are correct.\n`p`: the field is correct.\n"

    def test_learner_problems(self):
        assert _failure(lambda: check_record("p", [1], {"a": 1})) == (
            "`p` is a list, not a dict — give a dict like {'field': value}.")
        assert _failure(lambda: check_record("p", {1: 1}, {"a": 1})) == (
            "`p` has a field name that is not text — use strings such as 'servers'.")

    def test_author_mistakes(self):
        assert _author_error(lambda: check_record("p", {}, {})) == "expected must be a non-empty dict {field: value}"
        assert _author_error(lambda: check_record("p", {}, {1: 1})) == "expected must have string field names"
        assert _author_error(lambda: check_record("p", {}, {"a": None})) == (
            "expected['a'] must be a number, a string or True/False")
        assert _author_error(lambda: check_record("p", {}, {"a": float("inf")})) == (
            "expected['a'] must be a finite int or float")
        assert _author_error(lambda: check_record("p", {}, {"a": 1}, rtol={"b": 0.1})) == (
            "rtol names fields that expected does not have: ['b']")
        assert _author_error(lambda: check_record("p", {}, {"a": 1}, rtol={"a": -1})) == (
            "rtol['a'] must be a finite int or float >= 0")


class TestMoreEdgesTheMutationRunFound:
    @pytest.mark.parametrize("unit", ["kB", "KB", "PB", "MiB", "TiB", "GiB/s", "B"])
    def test_byte_symbols(self, unit):
        assert unit_family(unit) == "bytes"

    # a capital B before "ps" is bytes per second with every prefix; a small b is bits
    @pytest.mark.parametrize("unit", ["Bps", "kBps", "KBps", "MBps", "GBps", "TBps", "PBps", "KiBps", "MiBps", "GiBps",
                                      "TiBps", "peak MBps"])
    def test_bytes_per_second_with_any_prefix(self, unit):
        assert unit_family(unit) == "bytes"

    @pytest.mark.parametrize("unit", ["bps", "kbps", "Kbps", "Mbps", "Gbps", "Tbps"])
    def test_bits_per_second(self, unit):
        assert unit_family(unit) == "bits"

    def test_below_the_range_carries_unit_and_hint(self):
        assert _failure(lambda: check_number("n", 5, low=10, unit="s", hint="Per call.")) == (
            "`n` is 5, below the plausible minimum of 10. Expected unit: s. Hint: Per call.")

    def test_two_missing_fields_are_plural(self):
        assert _failure(lambda: check_record("p", {}, {"a": 1, "b": 2})) == "`p` is missing the fields 'a', 'b'."

    @pytest.mark.parametrize("call", [
        lambda: check_number("n", 1, hint=3), lambda: check_choice("q", "A", "A", hint=3),
        lambda: check_set("s", ["a"], ["a"], hint=3), lambda: check_record("p", {"a": 1}, {"a": 1}, hint=3)])
    def test_a_bad_hint_is_named(self, call):
        assert _author_error(call) == "hint must be a non-empty string or None, not int"


# --- survivors of the full feedback/ mutation run ----------------------------------------------------------------

import sys  # noqa: E402
import types  # noqa: E402

import numpy as np  # noqa: E402

from curriculum.feedback import _readonly, display  # noqa: E402
from curriculum.feedback.failures import fail  # noqa: E402
from curriculum.feedback.numbers import numpy_kind  # noqa: E402


class TestFullStop:
    """fail() ends the learner's line with a full stop only when the problem has no end mark of its own."""

    @pytest.mark.parametrize("problem, text", [
        ("is wrong", "`x` is wrong."),
        ("is wrong.", "`x` is wrong."),          # not "wrong.."
        ("is it per second?", "`x` is it per second?"),
        ("is far too high!", "`x` is far too high!"),
    ])
    def test_one_end_mark(self, problem, text):
        assert _failure(lambda: fail("x", problem)) == text

    def test_unit_and_hint_come_after_the_learners_own_mark(self):
        assert _failure(lambda: fail("x", "is it per second?", unit="ms", hint="Count both ways.")) == (
            "`x` is it per second? Expected unit: ms. Hint: Count both ways.")


class TestYesNoFromNumpy:
    def test_a_numpy_bool_gets_the_whole_yes_no_message(self):
        assert _failure(lambda: check("x", np.bool_(True), 1.0)) == (
            "`x` is a yes/no (bool) value — give a number instead.")

    def test_numpy_1_bool_scalar_name(self):
        """pyproject allows numpy>=1.26, whose bool scalar class is named `bool_` (numpy 2 names it `bool`).

        A stand-in class of that name takes the same path as numpy 1's np.bool_ does."""
        numpy1_bool = type("bool_", (), {})()
        assert read_number(numpy1_bool) == (None, "is a yes/no (bool) value — give a number instead")


class TestNumpyKind:
    """numpy_kind returns the documented 'int' / 'float' / None."""

    @pytest.mark.parametrize("cls, kind", [
        (np.float64, "float"), (np.float32, "float"), (np.int64, "int"), (np.uint8, "int"),
        (np.bool_, None), (float, None), (int, None),
    ])
    def test_kinds(self, cls, kind):
        assert numpy_kind(cls) == kind


class TestPluralByteUnits:
    """Authors write "GBs" and "MBs" for plural gigabytes / megabytes: still the bytes family."""

    @pytest.mark.parametrize("unit", ["GBs", "MBs", "TBs per month", "KiBs"])
    def test_family(self, unit):
        assert unit_family(unit) == "bytes"

    def test_the_learner_hears_of_mb_vs_gb(self):
        # 2,000 / 2 = 1,000 exactly: the 1,000x slip, worded for the bytes family
        assert _failure(lambda: check("x", 2_000.0, 2.0, unit="GBs")) == (
            "`x` is too high: off by a factor of about 1,000 — check MB vs GB, or GB vs TB (1,000 apart). "
            "Expected unit: GBs.")


class TestSlipWindowEdge:
    def test_a_factor_exactly_rtol_from_a_slip_is_the_slip(self):
        # rtol 0.0625 = 1/16, so 8 x 1.0625 = 8.5 exactly and ln(8.5 / 8) = ln(1.0625) = log1p(0.0625) to the
        # last bit: the factor sits on the window's edge, which is inside (as the check's own tolerance is).
        assert unit_slip(8.5, 0.0625) == (8.0, "bits vs bytes")
        assert _failure(lambda: check("x", 8.5, 1.0, rtol=0.0625)) == (
            "`x` is too high: off by a factor of about 8 — check bits vs bytes.")
        # 8.51 / 8 = 1.06375: ln 0.0618 > 0.0606, outside; 8.51 is in the 3-10x band
        assert _failure(lambda: check("x", 8.51, 1.0, rtol=0.0625)) == "`x` is 3-10x too high."


class TestAuthorNameIsNamed:
    @pytest.mark.parametrize("call, text", [
        (lambda: check_set("", ["a"], ["a"]), "name must be a non-empty string, not str"),
        (lambda: check_set(3, ["a"], ["a"]), "name must be a non-empty string, not int"),
        (lambda: check_record(" ", {"a": 1}, {"a": 1}), "name must be a non-empty string, not str"),
        (lambda: check_record(None, {"a": 1}, {"a": 1}), "name must be a non-empty string, not NoneType"),
    ])
    def test_bad_name(self, call, text):
        assert _author_error(call) == text


class TestArrayAnswerToCheckSet:
    def test_the_message_names_the_array_type(self):
        # named as a learner says it, not by the class ("a ndarray"); the phrase ends in ")", so a full stop is added
        assert _failure(lambda: check_set("s", np.array(["a", "b"]), ["a", "b"])) == (
            "`s` is a NumPy array — turn it into a list first, e.g. list(...).")

    def test_pandas_answers_are_named_as_pandas_objects(self):
        import pandas as pd
        assert _failure(lambda: check_set("s", pd.Series(["a", "b"]), ["a", "b"])) == (
            "`s` is a pandas Series — turn it into a list first, e.g. list(...).")
        # an array given where one number is wanted: the message says to pick one
        assert read_number(pd.DataFrame({"x": [1]}))[1] == "is a pandas DataFrame, not a single number — give one number"
        assert read_number(np.array([1.0, 2.0]))[1] == "is a NumPy array, not a single number — give one number"


class TestChoiceOptionsMustBeStrings:
    """Every label and every text must be a non-empty string, whichever of the two is wrong."""

    @pytest.mark.parametrize("options", [
        ["Queue the requests", 5],                 # a text that is not a string
        {1: "Queue the requests"},                 # a label that is not a string
        {" ": "Queue the requests", "B": "Scale up"},  # a blank label
    ])
    def test_refused_with_the_options_message(self, options):
        assert _author_error(lambda: check_choice("q", "B", "B", options=options)) == (
            "options must hold non-empty strings only")


class TestNotebookDisplayPassesThrough:
    class RecordingShell:
        def __init__(self):
            self.calls = []

        def _showtraceback(self, etype, value, stb):
            self.calls.append((etype, value, stb))

    def test_the_shell_gets_the_error_itself_and_the_one_red_line(self):
        shell = self.RecordingShell()
        with pytest.raises(CheckFailed) as raised:
            check("x", 2.0, 1.0)                   # ratio 2 -> "2-3x too high"
        error = raised.value
        returned = display._show(shell, CheckFailed, error, error.__traceback__)
        line = ["\x1b[31m✗ `x` is 2-3x too high.\x1b[0m"]
        assert returned == line
        assert len(shell.calls) == 1
        etype, value, stb = shell.calls[0]
        assert etype is CheckFailed and value is error and stb == line

    def test_an_ipython_module_without_get_ipython_changes_nothing(self, monkeypatch):
        """A half-imported or stub IPython module in sys.modules: no hook, no crash at import."""
        monkeypatch.setitem(sys.modules, "IPython", types.ModuleType("IPython"))
        assert display.install(CheckFailed) is False

    def test_a_shell_without_set_custom_exc_is_left_alone(self, monkeypatch):
        shell = types.SimpleNamespace()
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
        assert display.install(CheckFailed) is False and vars(shell) == {}

    def test_a_shell_without_custom_exceptions_still_gets_the_hook(self, monkeypatch):
        class MinimalShell:
            def set_custom_exc(self, exc_tuple, handler):
                self.registered = (exc_tuple, handler)

        shell = MinimalShell()
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
        assert display.install(CheckFailed) is True
        assert shell.registered == ((CheckFailed,), display._show)


class TestLock:
    def test_lock_makes_a_fresh_module_read_only(self, monkeypatch):
        """The feedback modules lock themselves while importing; here lock() runs on a new module."""
        module = types.ModuleType("demo_checks")
        module.check = "the real check"
        monkeypatch.setitem(sys.modules, "demo_checks", module)
        _readonly.lock("demo_checks")
        assert type(module) is _readonly.ReadOnlyModule
        with pytest.raises(AttributeError) as raised:
            module.check = print
        assert str(raised.value) == (
            "demo_checks is read-only: the course's checks cannot be replaced from a notebook (tried to set 'check')")
        assert module.check == "the real check"
