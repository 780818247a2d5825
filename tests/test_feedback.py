"""Tests for curriculum.feedback: the checks graded notebook cells call.

Besides the messages, these tests prove the checks cannot be fooled from a
notebook: learner code and test-cell code run with ``exec`` in one shared
namespace dict, as IPython runs the cells of a notebook.
"""

import builtins
import decimal
import fractions
import subprocess
import sys

import numpy as np
import pytest

import curriculum.feedback
from curriculum.feedback import (
    CheckFailed,
    check,
    check_choice,
    check_number,
    check_record,
    check_set,
)
from curriculum.feedback import checks, failures, numbers
from curriculum.feedback._readonly import ReadOnlyModule


def failure(fn, *args, **kwargs) -> str:
    """Run a check that must fail and return its message."""
    with pytest.raises(CheckFailed) as caught:
        fn(*args, **kwargs)
    return str(caught.value)


class Liar(float):
    """A float that claims to equal everything."""

    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class IntLiar(int):
    """An int that claims to equal everything."""

    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


CALLS = []


class SpyMeta(type):
    """A metaclass whose comparisons and name would run learner code."""

    def __eq__(cls, other):
        CALLS.append("meta.__eq__")
        return True

    __hash__ = type.__hash__

    @property
    def __name__(cls):
        CALLS.append("meta.__name__")
        return "float"


class Spy(metaclass=SpyMeta):
    """An object that records every method the checker calls on it."""

    def __getattribute__(self, name):
        CALLS.append(name)
        return object.__getattribute__(self, name)

    def _record(name):
        def method(self, *args):
            CALLS.append(name)
            return 55.6 if name == "__float__" else True
        return method

    for _name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__float__",
                  "__abs__", "__sub__", "__rsub__", "__truediv__", "__bool__", "__len__"):
        locals()[_name] = _record(_name)
    __hash__ = object.__hash__

    def __repr__(self):
        CALLS.append("__repr__")
        return "55.6"

    def __iter__(self):
        CALLS.append("__iter__")
        return iter(["a"])


class TestCheck:
    def test_pass_prints_one_line_to_stdout_only(self, capsys):
        """A right answer prints one confirmation line to stdout and nothing to stderr."""
        check("x", 55.6, 55.6)
        out, err = capsys.readouterr()
        assert out == "`x` is correct.\n"
        assert err == ""

    def test_tolerance_is_relative_to_expected(self):
        """rtol=0.05 around 100 accepts 95..105 and refuses 105.5."""
        check("x", 95, 100)
        check("x", 105, 100)
        assert "too high" in failure(check, "x", 105.5, 100)

    def test_atol_adds_an_absolute_band(self):
        """With expected 0 only atol can accept a near-zero answer."""
        check("x", 0.004, 0, rtol=0.05, atol=0.01)
        assert failure(check, "x", 0.02, 0, atol=0.01) == "`x` is too high."

    def test_factor_wording(self):
        """A 7x miss says '3-10x too high' (a band, never the ratio itself); a 1/7 miss '3-10x too low'."""
        assert failure(check, "x", 7 * 13.3, 13.3) == "`x` is 3-10x too high."
        assert failure(check, "x", 13.3 / 7, 13.3) == "`x` is 3-10x too low."
        # 2.5x is in the 2-3x band; 40x rounds to the nearest power of ten (10^1.6 -> 10^2 = 100).
        assert failure(check, "x", 2.5 * 13.3, 13.3) == "`x` is 2-3x too high."
        assert failure(check, "x", 40 * 13.3, 13.3) == "`x` is too high: off by a factor of about 100."

    def test_no_band_lets_the_answer_be_worked_back(self):
        """The old wording 'about 19% too high' let a learner divide back; a band spans a wide range."""
        message = failure(check, "x", 1.19 * 713, 713)
        assert message == "`x` is 10-50% too high."
        assert "19" not in message

    def test_percent_wording(self):
        """Small misses are given as a percentage band: 2% low is under 10%, 40% high is in 10-50%."""
        assert failure(check, "x", 0.98 * 713, 713, rtol=0.01) == "`x` is less than 10% too low."
        assert failure(check, "x", 1.4 * 713, 713) == "`x` is 10-50% too high."
        assert failure(check, "x", 1.7 * 713, 713) == "`x` is 50-100% too high."

    def test_unit_slip_minutes_vs_seconds(self):
        """An answer 60x too high is flagged as a minutes vs seconds slip."""
        message = failure(check, "arrival_rate_per_s", 55.6 * 60, 55.6, rtol=0.01)
        assert "too high" in message
        assert "off by a factor of about 60" in message
        assert "minutes vs seconds" in message

    def test_unit_slip_thousand(self):
        """An answer 1000x too low is flagged as a factor-of-1,000 slip (ms vs s)."""
        message = failure(check, "latency_ms", 0.0874, 87.4, unit="ms")
        assert "too low: off by a factor of about 1,000" in message
        assert "ms vs s" in message

    def test_unit_slip_speaks_the_questions_unit(self):
        """A GB answer 1,000x too high hears of MB vs GB, not of ms vs s or kbit/s."""
        message = failure(check, "store_gb", 20_736.0, 20.736, unit="GB")
        assert "factor of about 1,000" in message and "MB vs GB" in message
        assert "ms vs s" not in message and "kbit" not in message
        rate = failure(check, "media_mbps", 64_000.0, 64.0, unit="Mbit/s")
        assert "kbit/s vs Mbit/s" in rate

    @pytest.mark.parametrize("factor, words", [
        (3600, "hours vs seconds"), (8, "bits vs bytes"), (1024, "KiB"),
        (100, "percent vs fraction"), (86400, "days vs seconds"),
    ])
    def test_other_unit_slips(self, factor, words):
        """x3600, x8, x1024, x100 and x86400 name the likely mix-up."""
        assert words in failure(check, "x", 2.7 * factor, 2.7)

    def test_no_slip_when_the_factor_is_not_a_unit(self):
        """A 7x miss is not blamed on units."""
        assert "check" not in failure(check, "x", 7 * 13.3, 13.3)

    @pytest.mark.parametrize("answer, expected, rtol", [
        (3336, 55.6, 0.01), (9000, 7321, 0.05), (0.0874, 87.4, 0.05), (12, 0.0389, 0.1),
        (-4.2, 3.75, 0.05), (0, 1234.5, 0.05), (1.9, 1.83, 0.01),
    ])
    def test_message_never_contains_expected(self, answer, expected, rtol):
        """The expected value's digits never appear in a failure message."""
        message = failure(check, "x", answer, expected, rtol=rtol, unit="calls/s", hint="Divide.")
        digits = repr(expected).replace(".", "")
        assert repr(expected) not in message
        assert digits not in message.replace(".", "").replace(",", "")

    def test_unit_and_hint_are_included(self):
        """A miss names the expected unit and ends with the author's hint."""
        message = failure(check, "rate", 10.0, 2.5, unit="calls/s", hint="Use the busy hour.")
        assert message == ("`rate` is 3-10x too high. Expected unit: calls/s. "
                           "Hint: Use the busy hour.")

    @pytest.mark.parametrize("answer, words", [
        ("55.6", "you gave text '55.6' — write the number without quotes"),
        (None, "no value yet"),
        (float("nan"), "NaN"),
        (float("inf"), "infinite"),
        (-float("inf"), "infinite"),
        (True, "yes/no"),
        (..., "placeholder"),
        ([55.6], "not a single number"),
        (np.array([55.6]), "not a single number"),
        (decimal.Decimal("55.6"), "is a Decimal, not a plain number"),
        (fractions.Fraction(278, 5), "is a Fraction, not a plain number"),
        (complex(55.6, 0), "not a plain number"),
        (Liar(55.6), "is a Liar, not a plain number"),
        (IntLiar(56), "is an IntLiar, not a plain number"),
        (np.bool_(True), "yes/no"),
        (10 ** 400, "too large"),
    ])
    def test_rejects_what_is_not_a_plain_number(self, answer, words):
        """Text, None, NaN, inf, bools, containers and int/float subclasses all fail clearly."""
        assert words in failure(check, "x", answer, 55.6, rtol=0.5)

    @pytest.mark.parametrize("answer", [
        np.float64(55.6), np.float32(55.6), np.int64(56), np.int32(56), np.uint16(56),
    ])
    def test_numpy_scalars_count_as_numbers(self, answer, capsys):
        """numpy integer and floating scalars pass when right."""
        check("x", answer, 55.6, rtol=0.01)
        assert capsys.readouterr().out == "`x` is correct.\n"

    def test_numpy_scalar_wrong_fails(self):
        """A wrong numpy float64 fails like a wrong float."""
        assert "2-3x too high" in failure(check, "x", np.float64(111.2), 55.6)

    def test_numpy_subclass_is_refused(self):
        """A subclass of numpy.float64 is not trusted either."""
        class NpLiar(np.float64):
            def __eq__(self, other):
                return True
        assert "not a plain number" in failure(check, "x", NpLiar(1.0), 55.6)

    @pytest.mark.parametrize("kwargs, param", [
        ({"name": 3}, "name"), ({"name": ""}, "name"), ({"expected": "55.6"}, "expected"),
        ({"expected": float("nan")}, "expected"), ({"expected": True}, "expected"),
        ({"rtol": -0.1}, "rtol"), ({"rtol": float("inf")}, "rtol"), ({"atol": -1}, "atol"),
        ({"unit": 5}, "unit"), ({"hint": ""}, "hint"),
    ])
    def test_author_errors_name_the_parameter(self, kwargs, param):
        """Bad arguments from an author raise ValueError naming the parameter."""
        args = {"name": "x", "answer": 1.0, "expected": 1.0} | kwargs
        with pytest.raises(ValueError, match=f"^{param} must be"):
            check(**args)

    def test_author_error_hides_expected(self):
        """Even an author error does not print the expected value."""
        with pytest.raises(ValueError) as caught:
            check("x", 1, float("nan"))
        assert "nan" not in str(caught.value)


class TestCheckNumber:
    def test_pass_says_the_value_is_checked_later(self, capsys):
        """A plausible number passes with one stdout line."""
        check_number("peak_qps", 7000, low=100, high=1e6)
        out, err = capsys.readouterr()
        assert out == ("`peak_qps` is a number in the plausible range; "
                       "the hidden tests check its value.\n")
        assert err == ""

    def test_without_range(self, capsys):
        """With no range any finite number passes."""
        check_number("x", -3.5)
        assert capsys.readouterr().out.startswith("`x` is a number;")

    def test_integer_required(self, capsys):
        """integer=True refuses floats (even 4.0) and accepts ints and numpy ints."""
        assert "whole number (an int)" in failure(check_number, "servers", 4.0, integer=True)
        check_number("servers", np.int64(4), integer=True)
        assert "whole number" in capsys.readouterr().out

    def test_out_of_range(self):
        """Answers outside [low, high] say which side and the author's visible range."""
        assert failure(check_number, "x", 5, low=100, high=1e6) == (
            "`x` is 5, below the plausible range of 100 to 1,000,000.")
        assert "above the plausible maximum of 100" in failure(check_number, "x", 101, high=100)
        assert "below the plausible minimum of 1" in failure(check_number, "x", 0.5, low=1)

    def test_bounds_are_inclusive(self):
        """low and high themselves pass."""
        check_number("x", 1, low=1, high=2)
        check_number("x", 2, low=1, high=2)

    @pytest.mark.parametrize("answer", ["12", None, float("nan"), True, Liar(3.0), [1]])
    def test_rejects_non_numbers(self, answer):
        """The same type rules as check() apply."""
        failure(check_number, "x", answer)

    @pytest.mark.parametrize("kwargs, param", [
        ({"low": 5, "high": 5}, "low"), ({"low": "1"}, "low"), ({"high": float("nan")}, "high"),
        ({"integer": 1}, "integer"), ({"name": None}, "name"), ({"unit": 3}, "unit"),
    ])
    def test_author_errors_name_the_parameter(self, kwargs, param):
        """Bad bounds or flags raise ValueError naming the parameter."""
        with pytest.raises(ValueError, match=f"^{param} must"):
            check_number(**({"name": "x", "answer": 3} | kwargs))


class TestCheckChoice:
    OPTIONS = ["Queue the requests", "Drop the requests", "Scale up the database"]

    def test_letter_case_and_spacing_are_ignored(self, capsys):
        """' b ', 'B', '(b)' and 'Option B' all mean B."""
        for answer in (" b ", "B", "(b)", "b)", "Option B"):
            check_choice("q", answer, "B")
        assert capsys.readouterr().out.count("`q` is correct.") == 5

    def test_text_or_letter_with_options(self, capsys):
        """With options, the letter and the option's text are interchangeable."""
        check_choice("q", "a", "Queue the requests", options=self.OPTIONS)
        check_choice("q", "  queue THE requests ", "A", options=self.OPTIONS)
        check_choice("q", "y", "B", options={"A": "x", "B": "y"})
        assert capsys.readouterr().err == ""

    def test_wrong_choice_does_not_reveal_the_answer(self):
        """A wrong choice says so, with the hint, without naming the right option."""
        message = failure(check_choice, "q", "B", "A", options=self.OPTIONS, hint="Think retries.")
        assert message == "`q` is not the best choice. Hint: Think retries."

    def test_answer_outside_options_lists_them(self):
        """An answer that names no option fails with the valid answers."""
        message = failure(check_choice, "q", "D", "A", options=self.OPTIONS)
        assert "'A', 'B', 'C'" in message

    @pytest.mark.parametrize("answer, words", [
        (None, "no value yet"), (2, "is an int, not text"), ("  ", "is empty"), (Spy(), "not text"),
    ])
    def test_rejects_non_text(self, answer, words):
        """Only a string counts as a choice."""
        assert words in failure(check_choice, "q", answer, "B")

    @pytest.mark.parametrize("kwargs, param", [
        ({"expected": "Z", "options": ["a", "b"]}, "expected"), ({"expected": 1}, "expected"),
        ({"options": "ABC"}, "options"), ({"options": ["x", "X"]}, "options"),
        ({"options": []}, "options"), ({"name": 1}, "name"),
    ])
    def test_author_errors_name_the_parameter(self, kwargs, param):
        """Bad options or an expected answer outside them raise ValueError."""
        with pytest.raises(ValueError, match=f"^{param} must"):
            check_choice(**({"name": "q", "answer": "A", "expected": "A"} | kwargs))


class TestCheckSet:
    def test_order_case_and_repeats_do_not_matter(self, capsys):
        """A list with another order, case and a repeat matches the set."""
        check_set("channels", ["Voice", "sms ", "SMS", "email"], {"email", "sms", "voice"})
        out, err = capsys.readouterr()
        assert (out, err) == ("`channels` has the right items.\n", "")

    def test_counts_missing_and_extra_without_naming_them(self):
        """The message says how many are missing or extra, not which."""
        message = failure(check_set, "c", ["sms", "fax", "pager"], ["sms", "voice", "email"])
        assert message == "`c` is missing 2 items and has 2 items that do not belong."
        assert "voice" not in message and "email" not in message
        assert failure(check_set, "c", ["sms"], ["sms", "voice"]) == "`c` is missing 1 item."

    def test_numbers_and_numpy_items(self):
        """Numbers compare by value, numpy scalars included."""
        check_set("ports", list(np.array([443, 80])), (80, 443.0))

    @pytest.mark.parametrize("answer, words", [
        ("sms, voice", "one piece of text"), (None, "no value yet"),
        (np.array([1, 2]), "turn it into a list"), ({"sms": 1}, "is a dict"),
        ([Spy()], "not text or a number"), ([float("nan")], "not text or a number"),
    ])
    def test_rejects_wrong_shapes(self, answer, words):
        """Text, None, arrays, dicts and odd items fail with a clear message."""
        assert words in failure(check_set, "c", answer, [1, 2])

    def test_author_errors(self):
        """An expected value that is not a collection of plain items is a ValueError."""
        with pytest.raises(ValueError, match="^expected must"):
            check_set("c", ["a"], "a")
        with pytest.raises(ValueError, match="^expected must"):
            check_set("c", ["a"], [object()])


class TestCheckRecord:
    EXPECTED = {"servers": 12, "region": "us1", "needs_queue": True, "utilisation": 0.8}

    def test_all_fields_right(self, capsys):
        """Numbers within rtol, text case-insensitive, booleans exact."""
        answer = {"servers": np.int64(12), "region": " US1", "needs_queue": True,
                  "utilisation": 0.79}
        check_record("plan", answer, self.EXPECTED)
        assert capsys.readouterr() == ("`plan`: all 4 fields are correct.\n", "")

    def test_names_wrong_fields_not_values(self):
        """The message names each wrong field and how a number is off, never the values."""
        answer = {"servers": 720, "region": "ie1", "needs_queue": False, "utilisation": 0.8}
        message = failure(check_record, "plan", answer, self.EXPECTED)
        assert message == (
            "`plan` has 3 wrong fields: 'servers' is too high: off by a factor of about 60 — "
            "check minutes vs seconds (or hours vs minutes); 'region' is not right; "
            "'needs_queue' is not right."
        )
        assert "us1" not in message and "12" not in message.replace("720", "")

    def test_missing_and_unexpected_fields(self):
        """Missing and extra field names are listed (a typo shows as both)."""
        answer = {"server": 12, "region": "us1", "needs_queue": True, "utilisation": 0.8}
        message = failure(check_record, "plan", answer, self.EXPECTED)
        assert message == "`plan` is missing the field 'servers'; has unexpected field 'server'."

    def test_per_field_tolerance(self):
        """rtol may be a dict: a wide band for one field, the default for the others."""
        answer = {"servers": 15, "region": "us1", "needs_queue": True, "utilisation": 0.8}
        check_record("plan", answer, self.EXPECTED, rtol={"servers": 0.3})
        assert "'servers' is 10-50% too high" in failure(
            check_record, "plan", answer, self.EXPECTED)

    @pytest.mark.parametrize("answer, words", [
        (None, "no value yet"), ([("servers", 12)], "not a dict"),
        ({1: 12}, "field name that is not text"), ({Spy(): 1}, "field name that is not text"),
        ({"servers": "12", "region": "us1", "needs_queue": True, "utilisation": 0.8},
         "'servers' is not a number: you gave text '12'"),
        ({"servers": 12, "region": 1, "needs_queue": 1, "utilisation": Liar(0.8)},
         "'region' should be text; 'needs_queue' should be True or False; "
         "'utilisation' is a Liar, not a plain number"),
    ])
    def test_rejects_wrong_shapes_and_types(self, answer, words):
        """A record must be a dict with text keys; each field must have the right type."""
        assert words in failure(check_record, "plan", answer, self.EXPECTED)

    @pytest.mark.parametrize("kwargs, param", [
        ({"expected": {}}, "expected"), ({"expected": [1]}, "expected"),
        ({"expected": {"a": None}}, r"expected\['a'\]"),
        ({"expected": {"a": float("inf")}}, r"expected\['a'\]"),
        ({"rtol": -1}, "rtol"), ({"rtol": {"b": 0.1}}, "rtol"),
    ])
    def test_author_errors_name_the_parameter(self, kwargs, param):
        """Bad expected records or tolerances raise ValueError naming the parameter."""
        with pytest.raises(ValueError, match=f"^{param} must|^{param} names"):
            check_record(**({"name": "r", "answer": {"a": 1}, "expected": {"a": 1}} | kwargs))


class TestCheckFailed:
    def test_is_an_assertion_error(self):
        """nbgrader and assert-based tools see a failed test, not a crash."""
        assert issubclass(CheckFailed, AssertionError)

    def test_shown_under_the_public_package(self):
        """Tracebacks show curriculum.feedback.CheckFailed, the name learners import."""
        shown = f"{CheckFailed.__module__}.{CheckFailed.__name__}"
        assert shown == "curriculum.feedback.CheckFailed"


class TestReadOnlyModules:
    MODULES = [curriculum.feedback, checks, numbers, failures,
               sys.modules["curriculum.feedback._readonly"]]

    @pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
    def test_attributes_cannot_be_set_or_deleted(self, module):
        """Assignment, setattr and del all raise AttributeError on every feedback module."""
        with pytest.raises(AttributeError, match="is read-only"):
            module.check = lambda *a, **k: None
        with pytest.raises(AttributeError, match="is read-only"):
            setattr(module, "fail", print)
        with pytest.raises(AttributeError, match="is read-only"):
            del module.__doc__
        assert type(module) is ReadOnlyModule

    def test_check_is_unchanged_after_attempts(self):
        """After the failed attempts the real check is still in place."""
        assert curriculum.feedback.check is check
        assert "too high" in failure(curriculum.feedback.check, "x", 2.0, 1.0)

    def test_import_does_not_load_numpy(self):
        """Importing the checks never imports numpy (stdlib only)."""
        code = "import sys, curriculum.feedback; assert 'numpy' not in sys.modules"
        subprocess.run([sys.executable, "-c", code], check=True)


class TestNoLearnerCodeRuns:
    @pytest.mark.parametrize("call", [
        lambda x: check("x", x, 55.6),
        lambda x: check_number("x", x),
        lambda x: check_choice("x", x, "A"),
        lambda x: check_set("x", x, [1]),
        lambda x: check_set("x", [x], [1]),
        lambda x: check_record("x", x, {"a": 1}),
        lambda x: check_record("x", {"a": x}, {"a": 1}),
        lambda x: check_record("x", {x: 1}, {"a": 1}),
    ])
    def test_no_method_of_the_answer_is_called(self, call):
        """The checks fail an unknown object without calling any of its methods."""
        CALLS.clear()
        with pytest.raises(CheckFailed):
            call(Spy())
        assert CALLS == []


TEST_CELL = 'from curriculum.feedback import check\ncheck("x", x, 55.6, rtol=0.01)\n'

SABOTAGE = '''
def check(*args, **kwargs):
    pass
abs = lambda v: 0.0
float = lambda v: 0.0
round = lambda *a: 0
isinstance = lambda *a: True
type = lambda *a: float
math = None
print = lambda *a, **k: None
AssertionError = Exception
'''


def run_cells(*cells):
    """Run notebook cells with exec in one shared namespace, as IPython does."""
    ns = {}
    for cell in cells:
        exec(cell, ns)
    return ns


class TestNotebookNamespace:
    @pytest.mark.parametrize("answer", [
        "x = 3336", "x = 1.0", "x = None", "x = float('nan')", "x = True", "x = '55.6'",
        "import builtins\nclass Liar(builtins.float):\n    __eq__ = lambda s, o: True\n"
        "    __ne__ = lambda s, o: False\n    __sub__ = lambda s, o: 0.0\n    __abs__ = lambda s: 0.0\nx = Liar(1.0)",
        "import numpy\nx = numpy.float64(3336.0)",
    ])
    def test_sabotaged_namespace_still_fails_wrong_answers(self, answer):
        """Rebinding check, abs, float, isinstance, print or AssertionError does not pass a test."""
        with pytest.raises(CheckFailed):
            run_cells(SABOTAGE, answer, TEST_CELL)

    def test_sabotaged_namespace_still_passes_right_answers(self, capsys):
        """A right numpy answer passes and the confirmation reaches stdout despite `print = ...`."""
        run_cells(SABOTAGE, "import numpy\nx = numpy.float64(55.6)", TEST_CELL)
        assert capsys.readouterr() == ("`x` is correct.\n", "")

    def test_learner_cannot_patch_the_module(self):
        """`f.check = lambda ...` raises in the learner's cell and the test cell still fails."""
        with pytest.raises(AttributeError, match="read-only"):
            run_cells("import curriculum.feedback as f\nf.check = lambda *a, **k: None")
        with pytest.raises(AttributeError, match="read-only"):
            run_cells("import curriculum.feedback.checks as c\nc.check = lambda *a, **k: None")
        ns = run_cells("x = 3336")
        with pytest.raises(CheckFailed, match="60"):
            exec(TEST_CELL, ns)

    def test_learner_cannot_patch_helpers(self):
        """Replacing an internal helper such as `fail` or `read_number` is refused too."""
        for target in ("curriculum.feedback.failures.fail",
                       "curriculum.feedback.numbers.read_number",
                       "curriculum.feedback.checks._is_close"):
            module, _, attr = target.rpartition(".")
            with pytest.raises(AttributeError, match="read-only"):
                run_cells(f"import {module} as m\nm.{attr} = lambda *a, **k: None")

    def test_rebinding_import_in_the_namespace_has_no_effect(self):
        """A learner's `__import__` global is not used by the test cell's import statement."""
        learner = "x = 3336\n__import__ = lambda *a, **k: None\ncurriculum = None\n"
        with pytest.raises(CheckFailed):
            run_cells(learner, TEST_CELL)

    def test_assertion_error_rebinding_does_not_hide_the_failure(self):
        """Even with `AssertionError = Exception` the raised error is a real AssertionError."""
        ns = run_cells(SABOTAGE, "x = 1.0")
        with pytest.raises(Exception) as caught:
            exec(TEST_CELL, ns)
        assert ns["AssertionError"] is Exception
        assert isinstance(caught.value, builtins.AssertionError)


class TestReadNumber:
    def test_plain_numbers_pass_through(self):
        """int, float and numpy scalars become floats."""
        assert numbers.read_number(3) == (3.0, None)
        assert numbers.read_number(np.float32(0.5)) == (0.5, None)

    def test_problem_phrases(self):
        """Problems are phrases that follow the answer's name."""
        assert numbers.read_number(float("inf"))[1] == "is infinite — look for a division by zero"


class TestDescribeMiss:
    def test_zero_and_sign(self):
        """Zero answers and answers of the wrong sign are named as such."""
        assert numbers.describe_miss(0.0, 5.0, 0.05).startswith("is zero, which is too low")
        assert numbers.describe_miss(-5.0, 5.0, 0.05).startswith("has the wrong sign (too low)")

    def test_threshold_between_percent_and_factor(self):
        """Below 2x the miss is a percentage band, from 2x a band of factors."""
        assert numbers.describe_miss(1.9, 1.0, 0.05) == "is 50-100% too high"
        assert numbers.describe_miss(2.0, 1.0, 0.05) == "is 2-3x too high"
        assert numbers.describe_miss(0.55, 1.0, 0.05) == "is 10-50% too low"


class TestUnitSlip:
    def test_window_follows_rtol(self):
        """With a wide rtol, 68x still reads as x60; with a narrow one it does not."""
        assert numbers.unit_slip(68.0, 0.3)[0] == 60.0
        assert numbers.unit_slip(68.0, 0.01) is None

    def test_window_is_capped(self):
        """Even a very wide rtol does not stretch x60 to cover 70x."""
        assert numbers.unit_slip(70.0, 2.0) is None

    def test_closest_slip_wins(self):
        """1,024 is told apart from 1,000."""
        assert numbers.unit_slip(1024.0, 0.05)[0] == 1024.0
        assert numbers.unit_slip(1000.0, 0.05)[0] == 1000.0


class TestFormatFactor:
    def test_two_significant_digits(self):
        """Factors are rounded to two significant digits with separators."""
        assert [numbers.format_factor(x) for x in (59.7, 3.04, 86123.0)] == ["60", "3", "86,000"]


class TestNotebookDisplay:
    """In a Jupyter kernel a failed check shows one line; elsewhere importing the checks changes nothing."""

    class FakeShell:
        def __init__(self):
            self.custom_exceptions = ()
            self.shown = []

        def set_custom_exc(self, exc_tuple, handler):
            self.custom_exceptions, self.handler = exc_tuple, handler

        def _showtraceback(self, etype, value, stb):
            self.shown.append((etype.__name__, str(value), stb))

    def test_plain_import_registers_nothing(self):
        from curriculum.feedback import display

        assert display.install() is False  # no IPython shell in the test process

    def test_in_a_shell_a_check_failure_is_one_line(self, monkeypatch):
        import types

        from curriculum.feedback import CheckFailed, display

        shell = self.FakeShell()
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
        assert display.install() is True and shell.custom_exceptions == (CheckFailed,)
        try:
            check("servers", 3.5, 12)
        except CheckFailed as failure:
            stb = shell.handler(shell, CheckFailed, failure, failure.__traceback__)
        assert len(stb) == 1 and "✗ `servers`" in stb[0] and "Traceback" not in stb[0]
        assert shell.shown[0][0] == "CheckFailed"  # still an error output, so the cell still scores zero

    def test_another_tools_handler_is_left_alone(self, monkeypatch):
        import types

        from curriculum.feedback import display

        shell = self.FakeShell()
        shell.custom_exceptions = (KeyError,)
        monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
        assert display.install() is False and shell.custom_exceptions == (KeyError,)
