"""Latency: fan-out tail amplification and serial latency budgets.

When one request fans out to many servers and must wait for all of them,
the slowest one sets the pace: a server that is slow only 1 % of the time
makes most requests slow once a hundred of them are involved. A latency
budget adds the stages of a request path one after another and compares the
sum with a target.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import _validate as check

__all__ = ["slow_request_probability", "LatencyBudget", "latency_budget"]


def slow_request_probability(percentile: float, fanout: int) -> float:
    """Probability that at least one of ``fanout`` parallel calls is slow.

    If each leaf call is fast (under its ``percentile`` latency) with
    probability ``percentile``, independently, a request that waits for all
    ``fanout`` of them is slow with probability ``1 - percentile**fanout``.

    Parameters
    ----------
    percentile : float
        Per-call probability of being fast, as a fraction in [0, 1]: 0.99
        for "slower than the p99 latency 1 % of the time" (not 99).
    fanout : int
        Number of parallel calls the request waits for, >= 1.

    Returns
    -------
    float
        Probability that the request sees at least one slow call.

    Examples
    --------
    >>> round(slow_request_probability(0.99, 100), 3)
    0.634
    >>> round(slow_request_probability(0.9999, 100), 4)   # p99.99 leaves
    0.01
    >>> round(slow_request_probability(0.99, 1), 12)    # no fan-out: 1 %
    0.01

    References
    ----------
    J. Dean and L. A. Barroso, "The Tail at Scale", Communications of the
    ACM 56(2), 2013 (1 in 100 slow leaves, 100 leaves: 63 % of requests slow).
    """
    p = check.real(
        "percentile",
        percentile,
        low=0.0,
        high=1.0,
        range_text="in [0, 1], a fraction such as 0.99 (not 99)",
    )
    n = check.whole("fanout", fanout, minimum=1)
    # 1 - p**n without cancellation when p is close to 1.
    if p == 0.0:
        return 1.0
    return -math.expm1(n * math.log(p))


@dataclass(frozen=True)
class LatencyBudget:
    """A serial latency budget (all times milliseconds).

    ``rows`` holds ``(name, ms, share_of_target)`` for each stage, in order,
    ready to tabulate; ``headroom_ms`` is negative when the path is over
    budget.
    """

    rows: tuple[tuple[str, float, float], ...]
    total_ms: float
    target_ms: float
    headroom_ms: float
    within_budget: bool

    @property
    def share_of_target(self) -> float:
        """Total as a fraction of the target (1.0 is exactly on budget)."""
        return self.total_ms / self.target_ms


def latency_budget(
    components: Mapping[str, float] | Iterable[tuple[str, float]],
    target_ms: float = 50.0,
) -> LatencyBudget:
    """Add stage latencies in series and compare the total with a target.

    Parameters
    ----------
    components : mapping or iterable of (name, ms) pairs
        The stages of the request path in order, each with its latency in
        milliseconds (>= 0). A name may repeat in the pair form (two calls
        to the same database).
    target_ms : float
        Budget for the whole path, milliseconds (> 0). The default of 50 ms
        is the course's assumed budget for Twilio's webhook round trip, an
        interview-guide figure rather than a published Twilio number.

    Returns
    -------
    LatencyBudget
        Rows with each stage's share of the target, total, headroom and
        whether the path fits.

    Examples
    --------
    >>> b = latency_budget({"edge": 5, "auth": 3, "db": 12, "render": 10}, target_ms=50)
    >>> b.total_ms, b.headroom_ms, b.within_budget
    (30.0, 20.0, True)
    >>> b.rows[2]
    ('db', 12.0, 0.24)
    >>> latency_budget([("us-east-1 to eu-west-1 RTT", 80.0)], target_ms=50).headroom_ms
    -30.0

    References
    ----------
    Serial composition of latency (the sum over stages on one path); stage
    figures to try: J. Dean's "Latency numbers every programmer should
    know" (gist jboner/2841832) and ITU-T G.114 (150 ms one-way target).
    """
    target = check.positive("target_ms", target_ms)
    if isinstance(components, Mapping):
        pairs = list(components.items())
    elif isinstance(components, (str, bytes)) or not isinstance(components, Iterable):
        raise ValueError(
            "components must be a mapping of name to ms or a list of (name, ms) pairs, "
            f"got {type(components).__name__}"
        )
    else:
        pairs = list(components)
    rows = []
    total = 0.0
    for i, pair in enumerate(pairs):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Iterable):
            raise ValueError(f"components[{i}] must be a (name, ms) pair, got {pair!r}")
        item = tuple(pair)
        if len(item) != 2:
            raise ValueError(f"components[{i}] must be a (name, ms) pair, got {pair!r}")
        name, ms = item
        if not isinstance(name, str) or not name:
            raise ValueError(f"components[{i}] name must be a non-empty str, got {name!r}")
        value = check.non_negative(f"components[{name!r}] ms", ms)
        rows.append((name, value, value / target))
        total += value
    headroom = target - total
    return LatencyBudget(
        rows=tuple(rows),
        total_ms=total,
        target_ms=target,
        headroom_ms=headroom,
        within_budget=total <= target,
    )
