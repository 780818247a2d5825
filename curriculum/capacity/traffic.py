"""Telephone traffic: Little's law, Erlang B (trunks) and Erlang C (agents).

Traffic is measured in Erlangs: one Erlang is one circuit (or agent) kept
busy for the whole hour, so the offered load is the mean number of calls in
progress. All functions here are pure and accept loads from a fraction of an
Erlang up to tens of millions of Erlangs.

How Erlang B is computed
------------------------
The textbook recursion ``B(0) = 1; B(n) = A*B(n-1) / (n + A*B(n-1))`` is exact
and stable but costs one step per trunk. Here the blocking probability is
written as a ratio of Poisson probabilities with mean ``A``::

    B(A, N) = P(N) / (P(0) + P(1) + ... + P(N))

The sum is taken relative to its largest term (at ``k = min(N, floor(A))``),
so no term exceeds 1 and nothing overflows; only terms larger than about
1e-20 of the total are added, and near the peak they fall off like a
Gaussian of width ``sqrt(A)``. The cost is therefore about ``10*sqrt(A)``
multiply-adds whatever ``N`` is, done in numpy blocks. The ratio between the
peak term and ``P(N)`` uses Loader's saddle-point form of the Poisson
probability (the same one R's ``dpois`` uses), which keeps full relative
precision where ``lgamma`` differences would lose digits.

The recursion stays available as :func:`_erlang_b_recursive`, for the tests
and the benchmark.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as check

__all__ = [
    "offered_load",
    "arrival_rate_per_s",
    "busy_hour_call_attempts",
    "peak_rate_per_s",
    "erlang_b",
    "trunks_for",
    "max_traffic",
    "erlang_c",
    "average_speed_of_answer",
    "service_level",
    "agents_for",
]

SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86_400.0
#: Largest offered load the Erlang functions accept, Erlangs. Ten billion
#: simultaneous calls is more than one per person on Earth; the exact Erlang B
#: sum costs about 10*sqrt(A) operations, so far larger loads would be slow.
MAX_TRAFFIC_ERLANGS = 1e10


# ---------------------------------------------------------------------------
# Little's law and rates
# ---------------------------------------------------------------------------


def offered_load(arrival_rate_per_s: float, mean_hold_s: float) -> float:
    """Offered load in Erlangs from an arrival rate and a mean holding time.

    Little's law, ``L = lambda * W``: calls arriving at ``arrival_rate_per_s``
    calls per second that each last ``mean_hold_s`` seconds keep, on average,
    ``L`` calls in progress. That mean concurrency is the offered load in
    Erlangs (1 Erlang = 36 CCS, hundred-call-seconds per hour).

    Parameters
    ----------
    arrival_rate_per_s : float
        Mean arrival rate, calls per second (>= 0).
    mean_hold_s : float
        Mean holding time of one call, seconds (>= 0).

    Returns
    -------
    float
        Offered load, Erlangs.

    Examples
    --------
    >>> offered_load(55.5, 180)   # about 55 new calls a second, 3-minute calls
    9990.0
    >>> offered_load(1000 / 3600, 180)   # 1,000 calls in the busy hour
    50.0

    References
    ----------
    J. D. C. Little, "A proof for the queuing formula L = lambda W",
    Operations Research 9(3), 1961; ITU-T E.600 (definition of the Erlang).
    """
    rate = check.non_negative("arrival_rate_per_s", arrival_rate_per_s)
    hold = check.non_negative("mean_hold_s", mean_hold_s)
    return rate * hold


def arrival_rate_per_s(concurrent_calls: float, mean_hold_s: float) -> float:
    """New calls per second needed to keep ``concurrent_calls`` in progress.

    Little's law solved for the arrival rate: ``lambda = L / W``.

    Parameters
    ----------
    concurrent_calls : float
        Mean number of calls in progress (offered load, Erlangs, >= 0).
    mean_hold_s : float
        Mean holding time of one call, seconds (> 0).

    Returns
    -------
    float
        Arrival rate, calls per second.

    Examples
    --------
    >>> round(arrival_rate_per_s(10_000, 180), 2)
    55.56

    References
    ----------
    J. D. C. Little, "A proof for the queuing formula L = lambda W",
    Operations Research 9(3), 1961.
    """
    calls = check.non_negative("concurrent_calls", concurrent_calls)
    hold = check.positive("mean_hold_s", mean_hold_s)
    return calls / hold


def busy_hour_call_attempts(concurrent_calls: float, mean_hold_s: float) -> float:
    """Calls started per hour (BHCA) to sustain a given mean concurrency.

    ``BHCA = concurrent_calls * 3600 / mean_hold_s``; the busy-hour traffic
    in Erlangs is ``BHCA * mean_hold_s / 3600``, which gives back
    ``concurrent_calls``.

    Parameters
    ----------
    concurrent_calls : float
        Mean number of calls in progress in the busy hour (Erlangs, >= 0).
    mean_hold_s : float
        Mean holding time of one call, seconds (> 0).

    Returns
    -------
    float
        Call attempts per hour.

    Examples
    --------
    >>> busy_hour_call_attempts(10_000, 180)
    200000.0

    References
    ----------
    ITU-T E.600, "Terms and definitions of traffic engineering" (busy hour,
    traffic intensity); J. D. C. Little, Operations Research 9(3), 1961.
    """
    calls = check.non_negative("concurrent_calls", concurrent_calls)
    hold = check.positive("mean_hold_s", mean_hold_s)
    return calls * SECONDS_PER_HOUR / hold


def peak_rate_per_s(events_per_day: float, peak_factor: float) -> float:
    """Peak events per second from a daily volume and a peak-to-average factor.

    The average rate is ``events_per_day / 86,400``; the peak is that times
    ``peak_factor`` (2 is a common interview assumption, a real figure comes
    from the traffic's own daily profile).

    Parameters
    ----------
    events_per_day : float
        Events (requests, messages, calls) per day (>= 0).
    peak_factor : float
        Ratio of peak to average rate (>= 1).

    Returns
    -------
    float
        Peak rate, events per second.

    Examples
    --------
    >>> round(peak_rate_per_s(300_000_000, 1.0))   # average QPS of 300M a day
    3472
    >>> round(peak_rate_per_s(300_000_000, 2.0))
    6944

    References
    ----------
    A. Xu, "System Design Interview - An Insider's Guide", chapter 2,
    "Back-of-the-envelope estimation" (QPS and peak QPS, peak = 2 x average).
    """
    volume = check.non_negative("events_per_day", events_per_day)
    factor = check.real("peak_factor", peak_factor, low=1.0)
    return volume / SECONDS_PER_DAY * factor


# ---------------------------------------------------------------------------
# Erlang B
# ---------------------------------------------------------------------------

# A term below _TINY times the running total no longer changes the sum.
_TINY = 2.0**-66
# How far (in natural-log units) terms must have decayed to stop adding them.
_DECAY = 46.0
# Below this many terms a plain Python loop beats setting up numpy arrays.
_LOOP_TERMS = 48
# Up to this many trunks the plain recursion is the fastest exact method.
_RECURSION_TRUNKS = 96
# numpy works on blocks of at most this many terms (bounds memory).
_MAX_BLOCK = 1 << 16
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def _check_traffic(traffic: object) -> float:
    return check.real(
        "traffic", traffic, low=0.0, high=MAX_TRAFFIC_ERLANGS, range_text="in [0, 1e10] Erlangs"
    )


def _erlang_b_recursive(traffic: float, trunks: int) -> float:
    """Erlang B by the textbook recursion, one step per trunk (reference).

    ``B(0) = 1``; ``B(n) = A*B(n-1) / (n + A*B(n-1))``. Exact and stable but
    O(trunks); kept for tests and the benchmark.

    >>> _erlang_b_recursive(2.0, 2)   # (A^2/2) / (1 + A + A^2/2) = 2/5
    0.4
    """
    a = float(traffic)
    b = 1.0
    for n in range(1, int(trunks) + 1):
        ab = a * b
        b = ab / (n + ab)
    return b


def _stirlerr(n: int) -> float:
    """log(n!) - [(n + 1/2) log n - n + log sqrt(2 pi)], for integer n >= 1."""
    if n <= 15:
        return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - _HALF_LOG_2PI
    nn = float(n) * n
    return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - (1.0 / 1188) / nn) / nn) / nn) / nn) / n


def _bd0(x: float, mean: float) -> float:
    """x log(x/mean) + mean - x, without cancellation when x is near mean."""
    if abs(x - mean) < 0.1 * (x + mean):
        v = (x - mean) / (x + mean)
        s = (x - mean) * v
        ej = 2.0 * x * v
        v2 = v * v
        j = 1
        while True:
            ej *= v2
            s_next = s + ej / (2 * j + 1)
            if s_next == s:
                return s
            s = s_next
            j += 1
    return x * math.log(x / mean) + mean - x


def _log_poisson_pmf(k: int, mean: float) -> float:
    """log P(K = k) for K ~ Poisson(mean), mean > 0, accurate near the mode."""
    if k == 0:
        return -mean
    return -_stirlerr(k) - _bd0(float(k), mean) - _HALF_LOG_2PI - 0.5 * math.log(k)


def _terms_needed(start_log_ratio: float, width: float) -> int:
    """How many terms exp(-j*L - j^2/(2*width)) stay above exp(-_DECAY)."""
    lr = max(start_log_ratio, 0.0)
    w = max(width, 1.0)
    return int(w * (math.sqrt(lr * lr + 2.0 * _DECAY / w) - lr)) + 8


def _sum_down(top: int, traffic: float) -> float:
    """Sum over i = 0..top of prod_{m < i} (top - m) / traffic, with top <= traffic.

    This is P(top) + P(top-1) + ... + P(0), each divided by P(top), for a
    Poisson(traffic) variable. Terms only fall, so the loop stops once they
    are negligible.
    """
    a = traffic
    total = 1.0
    term = 1.0
    i = 0
    stop = min(top, _LOOP_TERMS)
    while i < stop:
        term *= (top - i) / a
        total += term
        i += 1
        if term < _TINY * total:
            return total
    if i >= top:
        return total
    block = min(_MAX_BLOCK, max(64, _terms_needed(math.log(a / top), top) - i))
    while i < top and term >= _TINY * total:
        hi = min(top, i + block)
        ratios = (top - np.arange(i, hi, dtype=np.float64)) / a
        terms = np.cumprod(ratios)
        terms *= term
        total += float(terms.sum())
        term = float(terms[-1])
        i = hi
    return total


def _sum_up(base: int, traffic: float, count: int) -> float:
    """Sum over i = 1..count of prod_{m=1..i} traffic / (base + m), base + 1 > traffic.

    This is P(base+1) + ... + P(base+count), each divided by P(base), for a
    Poisson(traffic) variable above its mode.
    """
    a = traffic
    total = 0.0
    term = 1.0
    i = 0
    stop = min(count, _LOOP_TERMS)
    while i < stop:
        i += 1
        term *= a / (base + i)
        total += term
        if term < _TINY * (1.0 + total):
            return total
    if i >= count:
        return total
    block = min(_MAX_BLOCK, max(64, _terms_needed(math.log((base + 1) / a), base + 1) - i))
    while i < count and term >= _TINY * (1.0 + total):
        hi = min(count, i + block)
        ratios = a / (base + np.arange(i + 1, hi + 1, dtype=np.float64))
        terms = np.cumprod(ratios)
        terms *= term
        total += float(terms.sum())
        term = float(terms[-1])
        i = hi
    return total


def _erlang_b_fast(a: float, n: int) -> float:
    """Erlang B for checked inputs a > 0, n >= 1 (cost independent of n)."""
    if n <= _RECURSION_TRUNKS:
        # A few trunks: the recursion itself is the cheapest exact method.
        b = 1.0
        for k in range(1, n + 1):
            ab = a * b
            b = ab / (k + ab)
        return b
    if n <= a:
        # Terms P(n-j)/P(n) = prod (n-m)/a fall from 1: 1/B is their sum.
        return 1.0 / _sum_down(n, a)
    log_pn = _log_poisson_pmf(n, a)
    # B = P(n) / (1 - P(K > n)), and P(K > n) <= P(n) * a / (n + 1 - a):
    # far above the mode that tail is negligible and B is just P(n).
    if log_pn + math.log(a / (n + 1.0 - a)) < -_DECAY:
        return math.exp(log_pn)
    mode = int(math.floor(a))  # largest Poisson term at or below n
    total = _sum_down(mode, a) + _sum_up(mode, a, n - mode)
    return math.exp(log_pn - _log_poisson_pmf(mode, a)) / total


def erlang_b(traffic: float, trunks: int) -> float:
    """Blocking probability of an Erlang loss system (blocked calls cleared).

    The probability that a call offered to ``trunks`` circuits finds them all
    busy, when ``traffic`` Erlangs of Poisson traffic are offered and blocked
    calls are lost (not queued and not retried).

    Parameters
    ----------
    traffic : float
        Offered load, Erlangs (>= 0, finite).
    trunks : int
        Number of circuits (trunks, channels, concurrent-call slots), >= 0.

    Returns
    -------
    float
        Blocking probability in [0, 1]. ``erlang_b(A, 0)`` is 1 and
        ``erlang_b(0, N)`` is 0 for ``N >= 1``.

    Examples
    --------
    >>> erlang_b(1, 1)            # A / (1 + A) = 1/2
    0.5
    >>> round(erlang_b(2, 2), 12)  # (A^2/2!) / (1 + A + A^2/2!) = 2/5
    0.4
    >>> round(erlang_b(4.46, 10), 4)   # Erlang B table: 10 trunks, 1 %
    0.01
    >>> round(erlang_b(10_000, 10_000), 5)
    0.00794

    References
    ----------
    A. K. Erlang (1917); ITU-T E.501 and the Erlang B circuit tables of
    ITU-T E.520; C. Loader, "Fast and accurate computation of binomial
    probabilities" (2000) for the Poisson saddle-point form.
    """
    a = _check_traffic(traffic)
    n = check.whole("trunks", trunks)
    if n == 0:
        return 1.0
    if a == 0.0:
        return 0.0
    return _erlang_b_fast(a, n)


def _normal_offset(blocking: float, traffic: float) -> float:
    """x with phi(x) / Phi(x) = blocking * sqrt(traffic) (large-traffic shape of B).

    For large A, B(A, A + x sqrt(A)) ~ phi(x) / (sqrt(A) Phi(x)); this gives
    the x that meets a blocking target, as a starting guess only.
    """
    c = blocking * math.sqrt(traffic)
    lo, hi = -40.0, 40.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        phi = math.exp(-0.5 * mid * mid)
        cdf = 0.5 * math.erfc(-mid / math.sqrt(2.0)) * math.sqrt(2.0 * math.pi)
        if cdf == 0.0 or phi / cdf > c:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _trunks_guess(a: float, target: float) -> float:
    """Approximate trunk count for a blocking target (a starting point only)."""
    if target * math.sqrt(a) > 8.0:
        # Heavy overload, N < A: B ~ (1 - N/A) + 1 / (N (1 - N/A)).
        return a * (1.0 - target) + 1.0 / (target * (1.0 - target))
    return a + _normal_offset(target, a) * math.sqrt(a)


def trunks_for(traffic: float, blocking: float) -> int:
    """Smallest number of trunks whose Erlang B blocking is at or under a target.

    Parameters
    ----------
    traffic : float
        Offered load, Erlangs (>= 0, finite).
    blocking : float
        Target blocking probability, in (0, 1), e.g. 0.01 for "P.01" grade of
        service.

    Returns
    -------
    int
        The smallest ``N`` with ``erlang_b(traffic, N) <= blocking``; so
        ``erlang_b(traffic, N - 1) > blocking`` whenever ``N >= 1``.

    Examples
    --------
    >>> trunks_for(8.108, 0.01)    # erlang.com: 15 lines carry 8.108 E at 1 %
    15
    >>> trunks_for(10_000, 0.01)   # big groups run close to full: N < A
    9970
    >>> trunks_for(10_000, 0.001)
    10170

    References
    ----------
    ITU-T E.501 and the Erlang B circuit tables of ITU-T E.520;
    R. B. Cooper, "Introduction to Queueing Theory", 2nd ed., chapter 3.
    """
    a = _check_traffic(traffic)
    target = check.open_unit("blocking", blocking)
    if a == 0.0:
        return 0
    if a < 64.0:
        lo = 0
    else:
        # Bracket the answer around a guess: B(lo) > target >= B(hi).
        guess = _trunks_guess(a, target)
        step = 4 + int(0.02 * math.sqrt(a))
        lo = max(0, int(guess) - step)
        while lo > 0 and erlang_b(a, lo) <= target:
            lo = max(0, lo - step)
            step *= 4
        step = 4 + int(0.02 * math.sqrt(a))
        hi = max(lo + 1, int(guess) + step)
        while erlang_b(a, hi) > target:
            lo = hi
            hi += step
            step *= 4
        while hi - lo > 64:  # bisect a wide bracket down to a short walk
            mid = (lo + hi) // 2
            if erlang_b(a, mid) > target:
                lo = mid
            else:
                hi = mid
    # Walk up from a count known to be too small, with the stable recursion.
    n = lo
    b = erlang_b(a, n)
    while b > target:
        n += 1
        ab = a * b
        b = ab / (n + ab)
    # Make the answer agree exactly with erlang_b at the boundary.
    while erlang_b(a, n) > target:
        n += 1
    while n > 0 and erlang_b(a, n - 1) <= target:
        n -= 1
    return n


def max_traffic(trunks: int, blocking: float) -> float:
    """Largest offered load that ``trunks`` circuits carry at a blocking target.

    Solves ``erlang_b(A, trunks) = blocking`` for ``A`` (Newton's method on
    ``log A`` inside a bracket), to about 1e-12 relative.

    Parameters
    ----------
    trunks : int
        Number of circuits, >= 0.
    blocking : float
        Target blocking probability, in (0, 1).

    Returns
    -------
    float
        Offered load, Erlangs. Zero trunks carry nothing (0.0) because they
        block every call.

    Examples
    --------
    >>> round(max_traffic(10, 0.01), 2)    # Erlang B table: 4.46 E
    4.46
    >>> round(max_traffic(100, 0.01), 2)   # Erlang B table: 84.06 E
    84.06
    >>> round(max_traffic(1, 0.5), 12)     # A / (1 + A) = 1/2 at A = 1
    1.0

    References
    ----------
    ITU-T E.501 and the Erlang B circuit tables of ITU-T E.520;
    derivative dB/dA = B (N/A - 1 + B), see D. L. Jagerman, "Some properties
    of the Erlang loss function", Bell System Technical Journal 53(3), 1974.
    """
    n = check.whole("trunks", trunks, maximum=MAX_TRAFFIC_ERLANGS)
    target = check.open_unit("blocking", blocking)
    if n == 0:
        return 0.0
    log_target = math.log(target)
    # B(A, N) >= 1 - N/A, so at A = N / (1 - target) the blocking is >= target.
    lo, hi = 0.0, n / (1.0 - target)
    if hi > MAX_TRAFFIC_ERLANGS:
        if _erlang_b_fast(MAX_TRAFFIC_ERLANGS, n) <= target:
            raise ValueError(
                f"trunks={n} at blocking={target!r} would carry more than "
                f"{MAX_TRAFFIC_ERLANGS:g} Erlangs, the largest traffic this module accepts"
            )
        hi = MAX_TRAFFIC_ERLANGS
    # Starting guess: the fluid limit when heavily overloaded, else the
    # normal shape of B around A = N.
    if target * math.sqrt(n) > 8.0:
        a = (n - 1.0 / (target * (1.0 - target))) / (1.0 - target)
    elif n >= 64:
        a = n - _normal_offset(target, n) * math.sqrt(n)
    else:
        a = 0.5 * hi
    if not 0.0 < a < hi:
        a = 0.5 * hi
    for _ in range(200):
        b = _erlang_b_fast(a, n)
        if b > target:
            hi = a
        else:
            lo = a
        # Newton's method on log A: d log B / d log A = N - A + A B.
        slope = n - a + a * b
        a_next = None
        if b > 0.0 and slope > 0.0:
            step = (math.log(b) - log_target) / slope
            a_next = a * math.exp(-max(-600.0, min(600.0, step)))
        if a_next is None or not lo < a_next < hi:
            # Fall back to bisection: geometric when the bracket spans decades.
            if lo == 0.0:
                a_next = hi / 16.0
            elif hi > 4.0 * lo:
                a_next = lo * math.sqrt(hi / lo)
            else:
                a_next = 0.5 * (lo + hi)
        if abs(a_next - a) <= 1e-13 * a or hi - lo <= 1e-14 * hi:
            return a_next
        a = a_next
    return a


# ---------------------------------------------------------------------------
# Erlang C
# ---------------------------------------------------------------------------


def _check_queue(traffic: object, agents: object) -> tuple[float, int]:
    a = _check_traffic(traffic)
    n = check.whole("agents", agents, minimum=1)
    if not n > a:
        raise ValueError(
            f"agents must be greater than traffic ({a:g} Erlangs) for Erlang C, "
            f"otherwise the queue grows without bound; got {agents!r}"
        )
    return a, n


def _erlang_c_from_b(a: float, n: int, b: float) -> float:
    return n * b / (n - a * (1.0 - b))


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a call has to wait (Erlang C, M/M/N queue).

    Calls that find every agent busy queue and wait as long as needed.

    Parameters
    ----------
    traffic : float
        Offered load, Erlangs (calls per second times average handle time).
    agents : int
        Number of agents (servers), must be greater than ``traffic``.

    Returns
    -------
    float
        Probability of waiting, in [0, 1].

    Examples
    --------
    >>> round(erlang_c(1, 2), 12)   # B(1,2) = 1/5, C = 2(1/5)/(2 - 4/5) = 1/3
    0.333333333333
    >>> round(erlang_c(10, 14), 4)
    0.1741

    References
    ----------
    A. K. Erlang (1917); C = N B / (N - A (1 - B)), see R. B. Cooper,
    "Introduction to Queueing Theory", 2nd ed., chapter 3; ITU-T E.501.
    """
    a, n = _check_queue(traffic, agents)
    if a == 0.0:
        return 0.0
    return _erlang_c_from_b(a, n, _erlang_b_fast(a, n))


def average_speed_of_answer(traffic: float, agents: int, aht_s: float) -> float:
    """Average speed of answer (mean wait over all calls), seconds.

    ``ASA = C * aht_s / (agents - traffic)`` where ``C`` is the Erlang C
    probability of waiting.

    Parameters
    ----------
    traffic : float
        Offered load, Erlangs (> agents is refused).
    agents : int
        Number of agents, greater than ``traffic``.
    aht_s : float
        Average handle time, seconds (> 0).

    Returns
    -------
    float
        Mean waiting time, seconds, averaged over all calls (answered at
        once or not).

    Examples
    --------
    >>> round(average_speed_of_answer(10, 14, 180), 2)
    7.84

    References
    ----------
    R. B. Cooper, "Introduction to Queueing Theory", 2nd ed., chapter 3
    (mean waiting time in M/M/N); ITU-T E.501.
    """
    a, n = _check_queue(traffic, agents)
    aht = check.positive("aht_s", aht_s)
    return erlang_c(a, n) * aht / (n - a)


def _service_level(a: float, n: int, aht: float, target: float, c: float) -> float:
    return 1.0 - c * math.exp(-(n - a) * target / aht)


def service_level(traffic: float, agents: int, aht_s: float, target_s: float) -> float:
    """Fraction of calls answered within ``target_s`` seconds (Erlang C).

    ``SL = 1 - C * exp(-(agents - traffic) * target_s / aht_s)``.

    Parameters
    ----------
    traffic : float
        Offered load, Erlangs.
    agents : int
        Number of agents, greater than ``traffic``.
    aht_s : float
        Average handle time, seconds (> 0).
    target_s : float
        Answer-time target, seconds (>= 0), e.g. 20 for "80/20".

    Returns
    -------
    float
        Fraction of calls answered within the target, in [0, 1].

    Examples
    --------
    >>> round(service_level(10, 14, 180, 20), 3)
    0.888

    References
    ----------
    R. B. Cooper, "Introduction to Queueing Theory", 2nd ed., chapter 3
    (waiting-time distribution of M/M/N); ITU-T E.501.
    """
    a, n = _check_queue(traffic, agents)
    aht = check.positive("aht_s", aht_s)
    target = check.non_negative("target_s", target_s)
    return _service_level(a, n, aht, target, erlang_c(a, n))


def agents_for(traffic: float, aht_s: float, target_s: float, service_level: float) -> int:
    """Smallest number of agents that answers a share of calls within a target.

    For example ``service_level=0.8, target_s=20`` is the common "80/20"
    goal: 80 % of calls answered within 20 seconds.

    Parameters
    ----------
    traffic : float
        Offered load, Erlangs (>= 0).
    aht_s : float
        Average handle time, seconds (> 0).
    target_s : float
        Answer-time target, seconds (>= 0).
    service_level : float
        Required fraction answered within ``target_s``, in (0, 1).

    Returns
    -------
    int
        The smallest agent count above ``traffic`` whose Erlang C service
        level is at least ``service_level`` (so at least 1).

    Examples
    --------
    >>> agents_for(10, 180, 20, 0.8)
    14
    >>> agents_for(48, 240, 15, 0.8)   # 360 calls per half hour, 4-minute calls
    55

    References
    ----------
    R. B. Cooper, "Introduction to Queueing Theory", 2nd ed., chapter 3;
    ITU-T E.501.
    """
    a = _check_traffic(traffic)
    aht = check.positive("aht_s", aht_s)
    target = check.non_negative("target_s", target_s)
    goal = check.open_unit("service_level", service_level)
    n = int(math.floor(a)) + 1
    b = _erlang_b_fast(a, n) if a > 0.0 else 0.0
    # Service level rises with every agent; step up with the B recursion.
    while _service_level(a, n, aht, target, _erlang_c_from_b(a, n, b)) < goal:
        n += 1
        ab = a * b
        b = ab / (n + ab)

    def meets(m: int) -> bool:
        b_m = _erlang_b_fast(a, m) if a > 0.0 else 0.0
        return _service_level(a, m, aht, target, _erlang_c_from_b(a, m, b_m)) >= goal

    # Agree exactly with service_level() at the boundary.
    while not meets(n):
        n += 1
    while n - 1 > a and meets(n - 1):
        n -= 1
    return n
