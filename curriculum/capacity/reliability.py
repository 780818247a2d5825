"""Availability: downtime budgets, serial and parallel composition, nines.

Availability is the fraction of time a service works, in [0, 1]. Periods use
fixed lengths so that results are reproducible: a year is 365 days and a
month 30 days (SLAs differ: Twilio's SLA measures per calendar month).

Components in series (a request needs all of them) multiply their
availabilities; independent redundant copies (any one will do) fail only
together. Independence is the big assumption: shared power, shared deploys
and shared bugs make real copies fail together more often.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from . import _validate as check

__all__ = ["PERIOD_S", "downtime_s", "serial", "parallel", "nines"]

#: Period lengths in seconds: year 365 d, month 30 d, week 7 d, day 24 h.
PERIOD_S = {
    "year": 365 * 86_400.0,
    "month": 30 * 86_400.0,
    "week": 7 * 86_400.0,
    "day": 86_400.0,
}
_PERIOD_ALIASES = {name: name for name in PERIOD_S}


def _check_availability(name: str, value: object) -> float:
    return check.real(name, value, low=0.0, high=1.0, range_text="in [0, 1], a fraction (0.999 for 99.9 %)")


def _unavailability(a: float) -> float:
    """1 - a computed on the decimal value as written (0.999 -> exactly 0.001)."""
    return float(Decimal(1) - Decimal(repr(a)))


def downtime_s(availability: float, period: str = "year") -> float:
    """Allowed downtime in seconds for an availability over a period.

    Parameters
    ----------
    availability : float
        Fraction of time up, in [0, 1] (0.9995 for 99.95 %).
    period : str
        ``"year"`` (365 days), ``"month"`` (30 days), ``"week"`` (7 days) or
        ``"day"`` (24 hours).

    Returns
    -------
    float
        Seconds of downtime the availability allows in one period.

    Examples
    --------
    >>> downtime_s(0.999)                  # "three nines": 8.76 hours a year
    31536.0
    >>> downtime_s(0.9995, "month") / 60   # Twilio SLA level: 21.6 min / 30 days
    21.6
    >>> round(downtime_s(0.9999, "week"), 2)
    60.48

    References
    ----------
    Google, "Site Reliability Engineering" (2016), chapter 3, "Embracing
    Risk", and appendix A, "Availability Table"; Twilio Service Level
    Agreement, February 2021 version (99.95 % monthly API uptime).
    """
    a = _check_availability("availability", availability)
    key = check.choice("period", period, _PERIOD_ALIASES, tuple(PERIOD_S))
    return _unavailability(a) * PERIOD_S[key]


def serial(*availabilities: float | Iterable[float]) -> float:
    """Availability of components that must all work (product).

    Pass availabilities as arguments, ``serial(0.999, 0.9995)``, or as one
    iterable, ``serial([0.999, 0.9995])``.

    Parameters
    ----------
    *availabilities : float
        Each component's availability, in [0, 1]; at least one.

    Returns
    -------
    float
        Availability of the chain, never above its weakest link.

    Examples
    --------
    >>> round(serial(0.999, 0.999, 0.999), 6)
    0.997003
    >>> serial([0.9995])
    0.9995

    References
    ----------
    NIST/SEMATECH e-Handbook of Statistical Methods, chapter 8, "Assessing
    Product Reliability" (series model of independent components).
    """
    if len(availabilities) == 1 and isinstance(availabilities[0], Iterable):
        values = list(availabilities[0])
    else:
        values = list(availabilities)
    if not values:
        raise ValueError("availabilities must hold at least one value in [0, 1], got none")
    result = 1.0
    for i, value in enumerate(values):
        result *= _check_availability(f"availabilities[{i}]", value)
    return result


def parallel(availability: float, copies: int) -> float:
    """Availability of ``copies`` independent redundant copies (any one works).

    ``1 - (1 - availability) ** copies``.

    Parameters
    ----------
    availability : float
        Availability of one copy, in [0, 1].
    copies : int
        Number of copies, >= 1.

    Returns
    -------
    float
        Availability of the redundant group, never below one copy's.

    Examples
    --------
    >>> parallel(0.99, 2)      # two 99 % copies: 99.99 %
    0.9999
    >>> parallel(0.999, 1)
    0.999

    References
    ----------
    NIST/SEMATECH e-Handbook of Statistical Methods, chapter 8, "Assessing
    Product Reliability" (parallel or redundant model).
    """
    a = _check_availability("availability", availability)
    n = check.whole("copies", copies, minimum=1)
    return 1.0 - _unavailability(a) ** n


def nines(availability: float) -> float:
    """Number of nines in an availability: ``-log10(1 - availability)``.

    Parameters
    ----------
    availability : float
        Fraction of time up, in [0, 1].

    Returns
    -------
    float
        3.0 for 0.999, about 3.3 for 0.9995; ``inf`` for 1.0.

    Examples
    --------
    >>> nines(0.999)
    3.0
    >>> round(nines(0.9995), 2)
    3.3
    >>> nines(0.0)
    0.0

    References
    ----------
    Google, "Site Reliability Engineering" (2016), chapter 3 (availability
    expressed as a number of nines).
    """
    a = _check_availability("availability", availability)
    down = Decimal(1) - Decimal(repr(a))
    if down == 0:
        return math.inf
    return float(-down.log10())
