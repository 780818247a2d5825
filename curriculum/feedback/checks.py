"""The checks that graded notebook cells call: numbers, choices, sets and records.

Each check either prints one confirmation line to stdout or raises
:class:`~curriculum.feedback.CheckFailed` with a message for the learner. A
message says which answer is wrong and how (too high, by about what factor,
a likely unit slip, which field, how many items are missing) but never the
expected value. Bad arguments from a notebook author raise ``ValueError``
naming the parameter.

Test cells import the check inside the cell, so a learner's own ``check``
in the notebook is replaced before it is used::

    from curriculum.feedback import check
    check("arrival_rate_per_s", arrival_rate_per_s, 55.6, rtol=0.01, unit="calls/s")

>>> check("arrival_rate_per_s", 55.5, 55.6, rtol=0.01)
`arrival_rate_per_s` is correct.

Reference: nbgrader, "Autograder tests"
(https://nbgrader.readthedocs.io/en/stable/user_guide/creating_and_grading_assignments.html).
"""

import math

from curriculum.feedback import _readonly
from curriculum.feedback.failures import confirm, fail
from curriculum.feedback.numbers import (
    _ARRAYS,
    _kind,
    a_type,
    author_number,
    describe_miss,
    exact_type_in,
    format_number,
    read_number,
    type_name,
)

__all__ = ["check", "check_choice", "check_number", "check_record", "check_set"]

# Collections check_set accepts, by exact type.
_COLLECTIONS = (list, tuple, set, frozenset, type({}.keys()), type({}.values()))
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# --- author arguments --------------------------------------------------------

def _author_text(param: str, x, *, optional: bool = False):
    """Return ``x`` if it is a non-empty string (or None when optional), else ValueError."""
    if x is None and optional:
        return None
    if type(x) is not str or not x.strip():
        valid = "a non-empty string or None" if optional else "a non-empty string"
        raise ValueError(f"{param} must be {valid}, not {type_name(x)}")
    return x


def _author_bool(param: str, x) -> bool:
    if type(x) is not bool:
        raise ValueError(f"{param} must be True or False, not {type_name(x)}")
    return x


def _is_close(got: float, target: float, rtol: float, atol: float) -> bool:
    return abs(got - target) <= atol + rtol * abs(target)


def _fixed_learner_problem(answer) -> str | None:
    """The problem phrase for None or the ``...`` placeholder, else None."""
    if answer is None:
        return "has no value yet (it is None) — did you run the cell above?"
    if answer is Ellipsis:
        return "is still the placeholder `...` — put your answer in its place"
    return None


def _normal_text(s: str) -> str:
    """Case- and whitespace-insensitive form of a string."""
    return " ".join(s.split()).casefold()


# --- check ---------------------------------------------------------------------

def check(name, answer, expected, *, rtol=0.05, atol=0.0, unit=None, hint=None):
    """Check a numeric answer against the expected value, within a tolerance.

    Passes when ``|answer - expected| <= atol + rtol * |expected|``. Give
    back-of-envelope answers a wide ``rtol`` (0.3 or more) and exact ones a
    narrow one. A miss says too high or too low, by roughly what factor, and
    names a likely unit slip (x60, x1000, x8, ...); it never shows ``expected``.

    >>> check("calls_per_s", 0.52, 0.5, rtol=0.1, unit="calls/s")
    `calls_per_s` is correct.
    >>> check("calls_per_s", 30.0, 0.5, rtol=0.1, unit="calls/s")
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `calls_per_s` is too high: off by a factor of about 60 — check minutes vs seconds (or hours vs minutes). Expected unit: calls/s.
    >>> check("servers", "12", 12)
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `servers` is not a number: you gave text '12' — write the number without quotes.

    Reference: the tolerance test of :func:`numpy.isclose` (relative to ``expected``).
    """
    name = _author_text("name", name)
    target = author_number("expected", expected)
    rtol = author_number("rtol", rtol, minimum=0)
    atol = author_number("atol", atol, minimum=0)
    unit = _author_text("unit", unit, optional=True)
    hint = _author_text("hint", hint, optional=True)
    got, problem = read_number(answer)
    if problem is not None:
        fail(name, problem)
    if not _is_close(got, target, rtol, atol):
        fail(name, describe_miss(got, target, rtol, unit), unit=unit, hint=hint)
    confirm(f"`{name}` is correct.")


# --- check_number --------------------------------------------------------------

def check_number(name, answer, *, unit=None, low=None, high=None, integer=False, hint=None):
    """Check that an answer is a real number (an int if asked) in a plausible range.

    This is the visible sanity check learners run before submitting: it
    confirms the form of the answer, not its value. ``low`` and ``high`` are
    inclusive and either may be omitted.

    >>> check_number("peak_qps", 7000, unit="requests/s", low=100, high=1e6)
    `peak_qps` is a number in the plausible range; the hidden tests check its value.
    >>> check_number("servers", 3.2, integer=True)
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `servers` should be a whole number (an int), not a float — round it the way the question asks (up: math.ceil, down: math.floor).
    >>> check_number("peak_qps", 5, low=100, high=1e6)
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `peak_qps` is 5, below the plausible range of 100 to 1,000,000.

    Reference: nbgrader's advice to give learners visible tests for the answer's form.
    """
    name = _author_text("name", name)
    unit = _author_text("unit", unit, optional=True)
    hint = _author_text("hint", hint, optional=True)
    integer = _author_bool("integer", integer)
    lo = None if low is None else author_number("low", low)
    hi = None if high is None else author_number("high", high)
    if lo is not None and hi is not None and not lo < hi:
        raise ValueError("low must be less than high (use check() for an exact value)")
    got, problem = read_number(answer, integer=integer)
    if problem is not None:
        fail(name, problem)
    if lo is not None and hi is not None:
        span = f"the plausible range of {format_number(lo)} to {format_number(hi)}"
    else:
        span = None
    if lo is not None and got < lo:
        where = span or f"the plausible minimum of {format_number(lo)}"
        fail(name, f"is {format_number(got)}, below {where}", unit=unit, hint=hint)
    if hi is not None and got > hi:
        where = span or f"the plausible maximum of {format_number(hi)}"
        fail(name, f"is {format_number(got)}, above {where}", unit=unit, hint=hint)
    what = "a whole number" if integer else "a number"
    where = " in the plausible range" if (lo is not None or hi is not None) else ""
    confirm(f"`{name}` is {what}{where}; the hidden tests check its value.")


# --- check_choice --------------------------------------------------------------

def _label_form(s: str) -> str:
    """'(b)', 'B)', 'b.', 'Option B' -> 'b'; other text is only normalised."""
    text = _normal_text(s).strip("()[]{}.:").strip()
    if text.startswith("option "):
        text = text[len("option "):].strip()
    return text


def _choice_table(options):
    """[(label shown, label form, text form, text shown)] for the options, or None."""
    if options is None:
        return None
    if type(options) is dict:
        pairs = list(options.items())
    elif exact_type_in(options, (list, tuple)):
        if len(options) > len(_LETTERS):
            raise ValueError("options must have at most 26 entries")
        pairs = list(zip(_LETTERS, options))
    else:
        raise ValueError("options must be None, a list of option texts or a dict "
                         f"{{label: text}}, not {type_name(options)}")
    if not pairs:
        raise ValueError("options must not be empty")
    table = []
    for label, text in pairs:
        if type(label) is not str or type(text) is not str or not label.strip() or not text.strip():
            raise ValueError("options must hold non-empty strings only")
        table.append((label, _label_form(label), _normal_text(text), text))
    if len({row[1] for row in table}) < len(table) or len({row[2] for row in table}) < len(table):
        raise ValueError("options must not repeat a label or a text")
    return table


def _resolve(answer: str, table) -> int | None:
    """Index of the option the answer names (by label first, then by text)."""
    label, text = _label_form(answer), _normal_text(answer)
    for i, row in enumerate(table):
        if label == row[1]:
            return i
    for i, row in enumerate(table):
        if text == row[2]:
            return i
    return None


def check_choice(name, answer, expected, *, options=None, hint=None):
    """Check a multiple-choice answer given as a letter ("B") or as the option's text.

    Case and surrounding whitespace are ignored, and "(b)", "b)" or
    "Option B" count as "B". ``options`` is a list of option texts (lettered
    A, B, C ... in order) or a dict ``{label: text}``; with it, an answer that
    names no option fails with the list of valid answers.

    >>> opts = ["Queue the requests", "Drop the requests", "Scale up"]
    >>> check_choice("q3", " a ", "Queue the requests", options=opts)
    `q3` is correct.
    >>> check_choice("q3", "E", "A", options=opts)
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `q3` is not one of the options — answer with one of 'A', 'B', 'C' (or the option's text).

    Reference: nbgrader "autograder tests" for multiple-choice cells.
    """
    name = _author_text("name", name)
    hint = _author_text("hint", hint, optional=True)
    table = _choice_table(options)
    if type(expected) is not str or not expected.strip():
        raise ValueError("expected must be a non-empty string: a label like 'B' "
                         "or an option's text")
    if table is not None:
        target = _resolve(expected, table)
        if target is None:
            raise ValueError("expected must name one of the options (a label or an option's text)")
    problem = _fixed_learner_problem(answer)
    if problem is None and type(answer) is not str:
        problem = (f"is {a_type(answer)}, not text — give the letter or the option's "
                   "text in quotes, e.g. 'B'")
    if problem is None and not answer.strip():
        problem = "is empty — give the letter or the text of your choice"
    if problem is not None:
        fail(name, problem)
    if table is None:
        right = _label_form(answer) == _label_form(expected)
    else:
        chosen = _resolve(answer, table)
        if chosen is None:
            labels = ", ".join(repr(row[0]) for row in table)
            fail(name, f"is not one of the options — answer with one of {labels} "
                       "(or the option's text)")
        right = chosen == target
    if not right:
        fail(name, "is not the best choice", hint=hint)
    confirm(f"`{name}` is correct.")


# --- check_set -----------------------------------------------------------------

def _set_item(x):
    """Normalised, hashable form of one item, or None if its type is not allowed."""
    cls = type(x)
    if cls is str:
        return _normal_text(x)
    if cls is tuple:
        parts = tuple(_set_item(part) for part in x)
        return None if any(part is None for part in parts) else parts
    if _kind(x) is not None:
        number = float(x)  # safe: exact int, float or numpy scalar
        return number if math.isfinite(number) else None
    return None


def _as_item_set(collection):
    """The collection as a set of normalised items, or None if any item is not allowed."""
    items = set()
    for x in collection:
        item = _set_item(x)
        if item is None:
            return None
        items.add(item)
    return items


def check_set(name, answer, expected, *, hint=None):
    """Check a collection of items as a set: order and repeats do not matter.

    Items are strings (compared case- and whitespace-insensitively), numbers
    or tuples of those. A miss says how many items are missing and how many
    do not belong, never which.

    >>> check_set("channels", ["SMS", "voice", "email"], {"email", "sms", "Voice"})
    `channels` has the right items.
    >>> check_set("channels", ["SMS", "fax"], {"email", "sms", "voice"})
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `channels` is missing 2 items and has 1 item that does not belong.

    Reference: Python set difference (``expected - answer``, ``answer - expected``).
    """
    name = _author_text("name", name)
    hint = _author_text("hint", hint, optional=True)
    if not exact_type_in(expected, _COLLECTIONS):
        raise ValueError("expected must be a list, tuple or set of strings and numbers")
    wanted = _as_item_set(expected)
    if wanted is None:
        raise ValueError("expected must hold only strings, finite numbers or tuples of those")
    problem = _fixed_learner_problem(answer)
    if problem is None and type(answer) is str:
        problem = "is one piece of text — give a list of items, e.g. ['a', 'b']"
    elif problem is None and type_name(answer) in _ARRAYS:
        problem = f"is {a_type(answer)} — turn it into a list first, e.g. list(...)"
    elif problem is None and not exact_type_in(answer, _COLLECTIONS):
        problem = f"is {a_type(answer)} — give a list or a set of items, e.g. ['a', 'b']"
    if problem is not None:
        fail(name, problem)
    given = _as_item_set(answer)
    if given is None:
        fail(name, "contains an item that is not text or a number — use strings or numbers only")
    missing, extra = len(wanted - given), len(given - wanted)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"is missing {missing} item{'s' if missing > 1 else ''}")
        if extra:
            verb = "do" if extra > 1 else "does"
            parts.append(f"has {extra} item{'s' if extra > 1 else ''} that {verb} not belong")
        fail(name, " and ".join(parts), hint=hint)
    confirm(f"`{name}` has the right items.")


# --- check_record --------------------------------------------------------------

def _field_tolerances(rtol, fields) -> dict:
    """Per-field rtol from a number or a dict {field: rtol} (others default to 0.05)."""
    if type(rtol) is dict:
        unknown = [k for k in rtol if k not in fields]
        if unknown:
            raise ValueError(f"rtol names fields that expected does not have: {unknown}")
        return {k: author_number(f"rtol[{k!r}]", rtol.get(k, 0.05), minimum=0) for k in fields}
    shared = author_number("rtol", rtol, minimum=0)
    return {k: shared for k in fields}


def _field_problem(got, want, rtol: float) -> str | None:
    """What is wrong with one field of a record, or None if it is right."""
    if type(want) is bool:
        if type(got) is not bool:
            return _fixed_learner_problem(got) or "should be True or False"
        return None if got is want else "is not right"
    if type(want) is str:
        if type(got) is not str:
            return _fixed_learner_problem(got) or "should be text"
        return None if _normal_text(got) == _normal_text(want) else "is not right"
    value, problem = read_number(got)
    if problem is not None:
        return problem
    target = float(want)
    return None if _is_close(value, target, rtol, 0.0) else describe_miss(value, target, rtol)


def check_record(name, answer, expected, *, rtol=0.05, hint=None):
    """Check a dict of named values: numbers within ``rtol``, text case-insensitively.

    ``rtol`` is one tolerance for every numeric field or a dict
    ``{field: rtol}`` (fields left out get 0.05). True/False fields must
    match exactly. A miss names the wrong, missing or unexpected fields and
    how a number is off, never the expected values.

    >>> plan = {"servers": 4, "region": "US1 ", "needs_queue": True}
    >>> check_record("plan", plan, {"servers": 4, "region": "us1", "needs_queue": True})
    `plan`: all 3 fields are correct.
    >>> check_record("plan", {"servers": 8, "region": "ie1"}, {"servers": 4, "region": "us1"})
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `plan` has 2 wrong fields: 'servers' is 2-3x too high; 'region' is not right.

    Reference: :func:`check` for how numbers are compared.
    """
    name = _author_text("name", name)
    hint = _author_text("hint", hint, optional=True)
    if type(expected) is not dict or not expected:
        raise ValueError("expected must be a non-empty dict {field: value}")
    for key, want in expected.items():
        if type(key) is not str:
            raise ValueError("expected must have string field names")
        if not exact_type_in(want, (bool, str)) and _kind(want) is None:
            raise ValueError(f"expected[{key!r}] must be a number, a string or True/False")
        if type(want) is not bool and type(want) is not str:
            author_number(f"expected[{key!r}]", want)
    tolerances = _field_tolerances(rtol, expected)
    problem = _fixed_learner_problem(answer)
    if problem is None and type(answer) is not dict:
        problem = f"is {a_type(answer)}, not a dict — give a dict like {{'field': value}}"
    if problem is None and any(type(k) is not str for k in answer):
        problem = "has a field name that is not text — use strings such as 'servers'"
    if problem is not None:
        fail(name, problem)
    missing = [k for k in expected if k not in answer]
    extra = [k for k in answer if k not in expected]
    wrong = []
    for key, want in expected.items():
        if key in answer:
            issue = _field_problem(answer[key], want, tolerances[key])
            if issue is not None:
                wrong.append(f"{key!r} {issue}")
    parts = []
    if missing:
        parts.append(f"is missing the field{'s' if len(missing) > 1 else ''} "
                     + ", ".join(repr(k) for k in missing))
    if extra:
        parts.append(f"has unexpected field{'s' if len(extra) > 1 else ''} "
                     + ", ".join(repr(k) for k in extra))
    if wrong:
        count = "a wrong field" if len(wrong) == 1 else f"{len(wrong)} wrong fields"
        parts.append(f"has {count}: " + "; ".join(wrong))
    if parts:
        fail(name, "; ".join(parts), hint=hint)
    count = "the field is" if len(expected) == 1 else f"all {len(expected)} fields are"
    confirm(f"`{name}`: {count} correct.")


_readonly.lock(__name__)
