"""Input checks shared by the capacity calculators (private).

Every public calculator checks its arguments here, so that bad input fails
early with a ``ValueError`` whose message names the parameter, states the
valid range and repeats the value it got, e.g.
``ValueError("blocking must be in (0, 1), got 1.5")``.

Only the standard library is used; numpy scalars pass because they register
with :mod:`numbers`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

__all__ = [
    "real",
    "non_negative",
    "positive",
    "open_unit",
    "closed_unit",
    "whole",
    "choice",
]


def _describe(value: object) -> str:
    return repr(value)


def real(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
    range_text: str | None = None,
) -> float:
    """Return ``value`` as a float after checking it is a real number in range.

    ``low``/``high`` bound the range (``None`` for unbounded); ``*_open``
    make a bound exclusive. NaN is always refused; infinity only passes
    when ``allow_inf`` is true and the bounds admit it.
    """
    if range_text is None:
        range_text = _range_text(low, high, low_open, high_open)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = "" if range_text.startswith("a ") else "a number "
        raise ValueError(f"{name} must be {kind}{range_text}, got {_describe(value)}")
    x = float(value)
    bad = (
        math.isnan(x)
        or (math.isinf(x) and not allow_inf)
        or (low is not None and (x < low or (low_open and x == low)))
        or (high is not None and (x > high or (high_open and x == high)))
    )
    if bad:
        raise ValueError(f"{name} must be {range_text}, got {_describe(value)}")
    return x


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is None and high is None:
        return "a finite number"
    if high is None:
        return f"{'>' if low_open else '>='} {_num(low)}"
    if low is None:
        return f"{'<' if high_open else '<='} {_num(high)}"
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f"in {left}{_num(low)}, {_num(high)}{right}"


def _num(x: float | None) -> str:
    assert x is not None
    return str(int(x)) if float(x).is_integer() else repr(x)


def non_negative(name: str, value: object) -> float:
    """A finite real number >= 0."""
    return real(name, value, low=0.0)


def positive(name: str, value: object) -> float:
    """A finite real number > 0."""
    return real(name, value, low=0.0, low_open=True)


def open_unit(name: str, value: object) -> float:
    """A probability strictly between 0 and 1 (a blocking or service target)."""
    return real(name, value, low=0.0, high=1.0, low_open=True, high_open=True)


def closed_unit(name: str, value: object) -> float:
    """A fraction in [0, 1] (an availability or a percentile as a fraction)."""
    return real(name, value, low=0.0, high=1.0)


def whole(name: str, value: object, *, minimum: int = 0, maximum: float | None = None) -> int:
    """Return ``value`` as an int after checking it is a whole number in range.

    Integral floats such as ``10.0`` are accepted (they often come out of
    arithmetic); ``2.5``, NaN, infinity, strings and booleans are refused.
    """
    text = (
        f"a whole number >= {minimum}"
        if maximum is None
        else f"a whole number in [{minimum}, {_num(maximum)}]"
    )
    if isinstance(value, bool):
        raise ValueError(f"{name} must be {text}, got {_describe(value)}")
    if isinstance(value, numbers.Integral):
        n = int(value)
    elif isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x) or not x.is_integer():
            raise ValueError(f"{name} must be {text}, got {_describe(value)}")
        n = int(x)
    else:
        raise ValueError(f"{name} must be {text}, got {_describe(value)}")
    if n < minimum or (maximum is not None and n > maximum):
        raise ValueError(f"{name} must be {text}, got {_describe(value)}")
    return n


def choice(name: str, value: object, aliases: dict[str, str], shown: Iterable[str]) -> str:
    """Map a case-insensitive name onto its canonical spelling.

    ``aliases`` maps normalised spellings (lower case, without spaces,
    hyphens or underscores) to the canonical name; ``shown`` lists the
    names quoted in the error message.
    """
    valid = ", ".join(repr(s) for s in shown)
    if not isinstance(value, str):
        raise ValueError(f"{name} must be one of {valid}, got {_describe(value)}")
    key = normalise_name(value)
    try:
        return aliases[key]
    except KeyError:
        raise ValueError(f"{name} must be one of {valid}, got {_describe(value)}") from None


def normalise_name(text: str) -> str:
    """Lower-case ``text`` and drop spaces, hyphens and underscores."""
    return "".join(ch for ch in text.strip().lower() if ch not in " -_")
