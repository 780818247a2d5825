"""Read a learner's number safely and describe how far it is from the answer.

Only plain real numbers count: ``int``, ``float`` and numpy integer or
floating scalars (recognised only when numpy is already imported; this
module never imports it). Types are compared by identity, so subclasses of
``int`` or ``float`` (which could override ``__eq__``) are refused, and no
method of the learner's object is called before its type is known.

>>> read_number(3.5)
(3.5, None)
>>> read_number("3.5")
(None, "is not a number: you gave text '3.5' — write the number without quotes")
>>> describe_miss(3336.0, 55.6, rtol=0.05)
'is too high: off by a factor of about 60 — check minutes vs seconds (or hours vs minutes)'

Reference: Python data model, "Special method lookup"
(https://docs.python.org/3/reference/datamodel.html#special-method-lookup).
"""

import math
import sys

from curriculum.feedback import _readonly

__all__ = [
    "author_number",
    "a_type",
    "describe_miss",
    "exact_type_in",
    "band",
    "format_factor",
    "format_number",
    "numpy_kind",
    "read_number",
    "type_name",
    "unit_family",
    "unit_slip",
]

# The C-level name getter of classes: unlike ``cls.__name__`` it ignores any
# ``__name__`` property a learner's metaclass might define.
_class_name = type.__dict__["__name__"].__get__

# Container types named in a friendlier message ("give one number").
_CONTAINERS = (list, tuple, dict, set, frozenset)

# Array-like classes, named by the message so learners know to pick one element,
# each with the words a learner would use for it ("a ndarray" reads as a typo).
_ARRAY_WORDS = {
    "ndarray": "a NumPy array",
    "Series": "a pandas Series",
    "DataFrame": "a pandas DataFrame",
    "Index": "a pandas Index",
}
_ARRAYS = tuple(_ARRAY_WORDS)

# Unit slips: (factor, what to check). A miss whose factor is close to one of
# these most likely comes from mixing the two units named.
_SLIPS = (
    (60.0, "minutes vs seconds (or hours vs minutes)"),
    (3600.0, "hours vs seconds"),
    (86400.0, "days vs seconds"),
    (1440.0, "days vs minutes"),
    (24.0, "days vs hours"),
    (30.0, "months vs days"),
    (365.0, "years vs days"),
    (60000.0, "minutes vs milliseconds"),
    (3600000.0, "hours vs milliseconds"),
    (1e3, "ms vs s, or kilo vs mega (kbit/s vs Mbit/s)"),
    (1e6, "µs vs s, or bytes vs MB"),
    (1e9, "ns vs s, or bytes vs GB"),
    (8.0, "bits vs bytes"),
    (125.0, "bits vs bytes together with a factor of 1,000 (bytes/s vs kbit/s)"),
    (8000.0, "bits vs bytes together with a factor of 1,000 (kbit/s vs MB/s)"),
    (1024.0, "bytes vs KiB (1 KiB = 1,024 bytes)"),
    (1048576.0, "bytes vs MiB (1 MiB = 1,048,576 bytes)"),
    (100.0, "percent vs fraction (99.9% is 0.999)"),
)
# 1,024 vs 1,000 is only a 2.4% difference, so it gets its own narrow window.
_NARROW_SLIPS = (
    (1.024, "1,024 vs 1,000 (KiB vs kB)"),
    (1.048576, "1,048,576 vs 1,000,000 (MiB vs MB)"),
)
_NARROW_WINDOW = 0.002


def type_name(obj) -> str:
    """Return the name of ``obj``'s class without running any of its code.

    >>> type_name(2.5), type_name([1])
    ('float', 'list')

    Reference: ``type.__dict__['__name__']``, the getter behind ``cls.__name__``.
    """
    return _class_name(type(obj))


def a_type(obj) -> str:
    """Return "a list" / "an int": the article and the name of ``obj``'s class.

    Arrays are named as a learner says them ("a NumPy array", "a pandas Series").

    >>> a_type([]), a_type(3), a_type(None)
    ('a list', 'an int', 'a NoneType')

    Reference: :func:`type_name`.
    """
    name = type_name(obj)
    if name in _ARRAY_WORDS:
        return _ARRAY_WORDS[name]
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def exact_type_in(x, types) -> bool:
    """Return True if ``type(x)`` is one of ``types``, compared by identity.

    ``type(x) in types`` would call ``==`` on the classes, which a learner's
    metaclass can override; ``is`` cannot be overridden.

    >>> exact_type_in([1], (list, tuple)), exact_type_in(True, (int,))
    (True, False)

    Reference: Python Language Reference, "Identity comparisons".
    """
    cls = type(x)
    for candidate in types:
        if cls is candidate:
            return True
    return False


def numpy_kind(cls) -> str | None:
    """Return ``'int'`` or ``'float'`` if ``cls`` is exactly a numpy scalar type, else None.

    Looks numpy up in ``sys.modules`` and never imports it: if numpy is not
    loaded, no value can be a numpy scalar.

    >>> numpy_kind(float) is None
    True

    Reference: ``numpy.typecodes`` and ``numpy.dtype(code).type``.
    """
    np = sys.modules.get("numpy")
    if np is None:
        return None
    try:
        codes = (("int", np.typecodes["AllInteger"]), ("float", np.typecodes["Float"]))
        for kind, letters in codes:
            for letter in letters:
                if np.dtype(letter).type is cls:
                    return kind
    except Exception:  # a broken or fake numpy: treat as "not a numpy scalar"
        return None
    return None


def _kind(x) -> str | None:
    """'int', 'float', or None for anything that is not a plain real number."""
    cls = type(x)
    if cls is int:
        return "int"
    if cls is float:
        return "float"
    if cls is bool:
        return None
    return numpy_kind(cls)


def read_number(answer, *, integer: bool = False) -> tuple[float | None, str | None]:
    """Return ``(value, None)`` for a plain finite real number, else ``(None, problem)``.

    ``problem`` is a phrase to follow the answer's name, written for the
    learner. With ``integer=True`` a float is refused too.

    >>> read_number(None)
    (None, 'has no value yet (it is None) — did you run the cell above?')
    >>> read_number(True)
    (None, 'is True, a yes/no value — give a number instead')
    >>> read_number(float("nan"))
    (None, 'is NaN (not a number) — look for 0/0 or a missing value in your working')
    >>> read_number(4.0, integer=True)[1]
    'should be a whole number (an int), not a float — round it the way the question asks (up: math.ceil, down: math.floor)'

    Reference: Python data model, "numeric types" (only exact int and float are trusted).
    """
    if answer is None:
        return None, "has no value yet (it is None) — did you run the cell above?"
    if answer is Ellipsis:
        return None, "is still the placeholder `...` — put your answer in its place"
    cls = type(answer)
    if cls is str:
        shown = answer if len(answer) <= 30 else answer[:27] + "..."
        return None, f"is not a number: you gave text {shown!r} — write the number without quotes"
    if cls is bool:
        word = "True" if answer is True else "False"
        return None, f"is {word}, a yes/no value — give a number instead"
    kind = _kind(answer)
    if kind is None:
        name = _class_name(cls)
        if name in ("bool", "bool_"):
            return None, "is a yes/no (bool) value — give a number instead"
        if exact_type_in(answer, _CONTAINERS) or name in _ARRAYS:
            return None, f"is {a_type(answer)}, not a single number — give one number"
        return None, f"is {a_type(answer)}, not a plain number — give an int or a float"
    if integer and kind != "int":
        return None, ("should be a whole number (an int), not a float — round it the way "
                      "the question asks (up: math.ceil, down: math.floor)")
    try:
        number = float(answer)  # safe: the type is int, float or a numpy scalar
    except OverflowError:
        return None, "is too large to be right (beyond the range of a float) — check your working"
    if math.isnan(number):
        return None, "is NaN (not a number) — look for 0/0 or a missing value in your working"
    if math.isinf(number):
        return None, "is infinite — look for a division by zero"
    return number, None


def author_number(param: str, x, *, minimum: float | None = None) -> float:
    """Return an author-supplied number as a float, or raise ValueError naming ``param``.

    The value itself is left out of the message, since ``param`` may be the
    expected answer.

    >>> author_number("rtol", 0.1, minimum=0)
    0.1
    >>> author_number("rtol", -1, minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: rtol must be a finite int or float >= 0

    Reference: house style, "a ValueError that says which parameter and what range is valid".
    """
    valid = "a finite int or float"
    if minimum is not None:
        valid += f" >= {minimum:g}"
    if _kind(x) is None:
        raise ValueError(f"{param} must be {valid}, not {type_name(x)}")
    try:
        number = float(x)
    except OverflowError:
        raise ValueError(f"{param} must be {valid}") from None
    if not math.isfinite(number) or (minimum is not None and number < minimum):
        raise ValueError(f"{param} must be {valid}")
    return number


def format_number(x: float) -> str:
    """Format a number for a message: thousands separators, at most 4 significant digits.

    >>> format_number(36000.0), format_number(0.125), format_number(2.0)
    ('36,000', '0.125', '2')

    Reference: Python format mini-language (``,`` and ``g``).
    """
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}"


def format_factor(x: float) -> str:
    """Round a factor to two significant digits for "about Nx" wording.

    >>> format_factor(59.7), format_factor(1003.0), format_factor(2.47)
    ('60', '1,000', '2.5')

    Reference: significant-figure rounding with the ``g`` format.
    """
    rounded = float(f"{x:.2g}")
    return format_number(rounded)


# What a factor-of-1,000 (and similar) slip most likely is, in the question's own unit family.
_FAMILY_SLIPS = {
    "bytes": {1e3: "MB vs GB, or GB vs TB (1,000 apart)", 1e6: "MB vs TB, or bytes vs MB",
              1e9: "bytes vs GB", 8.0: "bits vs bytes (8 bits in a byte)"},
    "bits": {1e3: "kbit/s vs Mbit/s, or Mbit/s vs Gbit/s (1,000 apart)", 1e6: "kbit/s vs Gbit/s",
             8.0: "bits vs bytes (8 bits in a byte)"},
    "time": {1e3: "ms vs s (1,000 ms in a second)", 1e6: "µs vs s"},
    "money": {1e3: "thousands vs millions of dollars", 100.0: "cents vs dollars, or percent vs fraction"},
    "other": {1e3: "a unit 1,000 times bigger or smaller (thousands vs millions, kilo vs mega)",
              1e6: "a unit a million times bigger or smaller", 1e9: "a unit a billion times bigger or smaller"},
}


def unit_family(unit) -> str:
    """Which family a check's unit is in: ``bytes``, ``bits``, ``time``, ``money`` or ``other``.

    >>> unit_family("GB"), unit_family("Gbit/s"), unit_family("ms"), unit_family("$ per month"), unit_family("calls/s")
    ('bytes', 'bits', 'time', 'money', 'other')
    >>> unit_family("Mbps"), unit_family("MBps")   # a capital B is bytes, here too
    ('bits', 'bytes')
    """
    text = str(unit or "").strip()
    low = text.lower()
    if any(t[-3:] == "Bps" and t[:-3] in ("", "k", "K", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti")
           for t in text.split()):
        return "bytes"
    if "bit" in low or "bps" in low:
        return "bits"
    if "byte" in low or any(t.rstrip("/s") in ("B", "kB", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB")
                            for t in text.replace("/", " /").split()):
        return "bytes"
    if "$" in text or "dollar" in low or "usd" in low:
        return "money"
    if low in ("s", "ms", "µs", "us", "seconds", "milliseconds", "minutes", "min", "hours", "h", "days"):
        return "time"
    return "other"


def unit_slip(factor: float, rtol: float, unit=None) -> tuple[float, str] | None:
    """Return ``(slip factor, what to check)`` if ``factor`` looks like a unit mix-up.

    ``factor`` is how many times too high or too low the answer is (>= 1).
    It matches a known slip when within ``rtol`` of it (clamped to 2-15%);
    the closest slip wins. The wording of a 1,000x (and similar) slip speaks of
    the question's own ``unit`` (GB questions hear of MB vs GB, not of ms vs s).

    >>> unit_slip(60.2, 0.05)
    (60.0, 'minutes vs seconds (or hours vs minutes)')
    >>> unit_slip(1000.0, 0.05, unit="GB")
    (1000.0, 'MB vs GB, or GB vs TB (1,000 apart)')
    >>> unit_slip(7.0, 0.05) is None
    True

    Reference: common unit pairs in back-of-envelope estimates (s/min/h, bits/bytes, 1000/1024).
    """
    window = math.log1p(min(max(rtol, 0.02), 0.15))
    best = None
    for slip, what in _SLIPS:
        distance = abs(math.log(factor / slip))
        if distance <= window and (best is None or distance < best[0]):
            best = (distance, slip, what)
    if best is None:
        for slip, what in _NARROW_SLIPS:
            if abs(math.log(factor / slip)) <= _NARROW_WINDOW:
                return slip, what
        return None
    family = _FAMILY_SLIPS[unit_family(unit)] if unit is not None else {}
    return best[1], family.get(best[1], best[2])


def band(factor: float, direction: str) -> str:
    """How far off an answer is, as a band wide enough that the answer cannot be worked back from it.

    ``factor`` is how many times too high or too low (>= 1). Below 2x the band is a percentage range;
    from 2x to 10x a range of factors; beyond, the nearest power of ten.

    >>> band(1.07, "too high"), band(1.3, "too low"), band(1.8, "too high"), band(1.8, "too low")
    ('less than 10% too high', '10-50% too low', '50-100% too high', '10-50% too low')
    >>> band(2.5, "too high"), band(6.0, "too low"), band(67.0, "too low")
    ('2-3x too high', '3-10x too low', 'too low: off by a factor of about 100')
    """
    if factor < 1.1:
        return f"less than 10% {direction}"
    if factor < 1.5 or (direction == "too low" and factor < 2):  # half the answer is 50% too low
        return f"10-50% {direction}"
    if factor < 2:
        return f"50-100% {direction}"
    if factor < 3:
        return f"2-3x {direction}"
    if factor < 10:
        return f"3-10x {direction}"
    power = 10 ** round(math.log10(factor))
    return f"{direction}: off by a factor of about {format_number(power)}"


def describe_miss(answer: float, expected: float, rtol: float, unit=None) -> str:
    """Describe a wrong number relative to the answer without revealing the answer.

    Says too high or too low and by a band ("10-50%", "3-10x", "a factor of about 100"), or names a
    likely unit slip in the question's own ``unit``; never a ratio exact enough to divide back.

    >>> describe_miss(300.0, 100.0, rtol=0.05)
    'is 3-10x too high'
    >>> describe_miss(88.0, 100.0, rtol=0.05)
    'is 10-50% too low'
    >>> describe_miss(0.05, 50.0, rtol=0.05, unit="ms")
    'is too low: off by a factor of about 1,000 — check ms vs s (1,000 ms in a second)'

    Reference: relative error, |answer - expected| / |expected|.
    """
    if expected == 0:
        return "is too high" if answer > 0 else "is too low"
    direction = "too high" if answer > expected else "too low"
    if answer == 0:
        return f"is zero, which is {direction} — check for a rounding or an integer division"
    if (answer > 0) != (expected > 0):
        return f"has the wrong sign ({direction}) — check the order of a subtraction"
    ratio = answer / expected
    factor = ratio if ratio > 1 else 1 / ratio
    slip = unit_slip(factor, rtol, unit)
    if slip is not None:
        about = format_number(slip[0])
        return f"is {direction}: off by a factor of about {about} — check {slip[1]}"
    return f"is {band(factor, direction)}"


_readonly.lock(__name__)
