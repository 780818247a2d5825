"""Resilience: retries with backoff, retry load, idempotency storage, token buckets, shedding.

The arithmetic behind the reliability and abuse deep dives:

* **Exponential backoff with jitter.** Before retry ``k`` (``k = 1`` is the
  first retry, after the first failure) a client waits up to
  ``min(cap_s, base_s * 2**(k - 1))`` seconds. *Full jitter* draws the wait
  uniformly from ``[0, ceiling]`` (mean half the ceiling); *equal jitter*
  waits half the ceiling plus a uniform draw from ``[0, ceiling / 2]`` (mean
  three quarters); no jitter waits the whole ceiling. With any of the three
  the longest possible wait is the ceiling.
* **Retry amplification.** If every attempt fails independently with
  probability ``p`` and a client retries up to ``r`` times, each original
  request sends ``1 + p + p**2 + ... + p**r`` attempts on average. In an
  outage ``p`` is 1 and every request becomes ``r + 1`` attempts; layers
  that each retry multiply.
* **Idempotency keys.** Keys kept for ``retention_s`` at ``keys_per_s``
  fill ``keys_per_s * retention_s`` slots (Little's law), each
  ``bytes_per_key`` long.
* **Token bucket.** A bucket holds at most ``burst`` tokens and gains
  ``rate_per_s`` tokens a second; each admitted request takes one token.
  Over a window of ``window_s`` a bucket that starts with ``b`` tokens admits
  at most ``b + rate_per_s * window_s`` requests.
* **Load shedding.** A service that can handle ``capacity_per_s`` and is
  offered more must turn away the excess share.

Every function takes units in its parameter names and raises ``ValueError``
naming the parameter and its valid range.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from . import _validate as check

__all__ = [
    "JITTER_MODES",
    "BackoffSchedule",
    "backoff_ceiling_s",
    "expected_backoff_s",
    "backoff_schedule",
    "worst_case_wait_s",
    "expected_wait_s",
    "retry_amplification",
    "success_probability",
    "worst_case_amplification",
    "idempotency_store_bytes",
    "token_bucket_admitted",
    "token_bucket_refill_s",
    "token_bucket_time_to_empty_s",
    "TokenBucketTrace",
    "token_bucket_trace",
    "shed_fraction",
    "sms_pumping_cost_usd",
]

#: Mean wait as a share of the backoff ceiling, by jitter mode.
JITTER_MODES = {"none": 1.0, "full": 0.5, "equal": 0.75}
_JITTER_ALIASES = {"none": "none", "nojitter": "none", "full": "full", "fulljitter": "full",
                   "equal": "equal", "equaljitter": "equal"}


def _base_and_cap(base_s: object, cap_s: object) -> tuple[float, float]:
    base = check.positive("base_s", base_s)
    cap = check.positive("cap_s", cap_s)
    if cap < base:
        raise ValueError(f"cap_s must be >= base_s ({base!r} s), got {cap_s!r}")
    return base, cap


def _jitter(jitter: object) -> str:
    return check.choice("jitter", jitter, _JITTER_ALIASES, tuple(JITTER_MODES))


def _ceiling(k: int, base: float, cap: float) -> float:
    exponent = k - 1
    if exponent >= 1024 or base * 2.0**exponent >= cap:
        return cap
    return base * 2.0**exponent


def backoff_ceiling_s(retry: int, base_s: float, cap_s: float) -> float:
    """Longest wait before retry ``retry`` under capped exponential backoff, seconds.

    ``min(cap_s, base_s * 2**(retry - 1))``: the first retry waits up to
    ``base_s``, each later one up to twice the one before, never more than
    ``cap_s``. With full or equal jitter this is also the longest wait.

    Parameters
    ----------
    retry : int
        Which retry, >= 1 (1 is the first retry, after the first failure).
    base_s : float
        Ceiling of the first wait, seconds, > 0.
    cap_s : float
        Largest wait ever allowed, seconds, >= ``base_s``.

    Returns
    -------
    float
        The wait ceiling in seconds.

    Examples
    --------
    >>> [backoff_ceiling_s(k, base_s=0.5, cap_s=8) for k in range(1, 8)]
    [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]

    References
    ----------
    M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog,
    2015 (``sleep = min(cap, base * 2 ** attempt)``, attempt counted from 0).
    """
    k = check.whole("retry", retry, minimum=1)
    base, cap = _base_and_cap(base_s, cap_s)
    return _ceiling(k, base, cap)


def expected_backoff_s(retry: int, base_s: float, cap_s: float, jitter: str = "full") -> float:
    """Mean wait before retry ``retry``, seconds, for a jitter mode.

    ``"full"``: uniform in ``[0, ceiling]``, mean ``ceiling / 2``.
    ``"equal"``: ``ceiling / 2`` plus uniform in ``[0, ceiling / 2]``, mean
    ``0.75 * ceiling``. ``"none"``: the ceiling itself, the same for every
    client, which is why clients that failed together retry together.

    Parameters
    ----------
    retry : int
        Which retry, >= 1.
    base_s, cap_s : float
        Backoff base and cap in seconds (see :func:`backoff_ceiling_s`).
    jitter : str
        ``"full"``, ``"equal"`` or ``"none"``.

    Returns
    -------
    float
        Expected wait in seconds.

    Examples
    --------
    >>> expected_backoff_s(3, base_s=1, cap_s=30)              # ceiling 4 s, full jitter
    2.0
    >>> expected_backoff_s(3, base_s=1, cap_s=30, jitter="equal")
    3.0

    References
    ----------
    M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog,
    2015 (full jitter and equal jitter).
    """
    mode = _jitter(jitter)
    return JITTER_MODES[mode] * backoff_ceiling_s(retry, base_s, cap_s)


@dataclass(frozen=True)
class BackoffSchedule:
    """Per-retry wait ceilings and means, and their totals (all seconds).

    ``ceilings_s[i]`` and ``expected_s[i]`` belong to retry ``i + 1``.
    ``worst_case_total_s`` is the longest a client can spend waiting across
    all its retries; ``expected_total_s`` the mean.
    """

    jitter: str
    ceilings_s: tuple[float, ...]
    expected_s: tuple[float, ...]
    worst_case_total_s: float
    expected_total_s: float


def backoff_schedule(retries: int, base_s: float, cap_s: float, jitter: str = "full") -> BackoffSchedule:
    """The whole backoff schedule for ``retries`` retries.

    Parameters
    ----------
    retries : int
        Retries after the first attempt, >= 0.
    base_s, cap_s : float
        Backoff base and cap in seconds (see :func:`backoff_ceiling_s`).
    jitter : str
        ``"full"``, ``"equal"`` or ``"none"``.

    Returns
    -------
    BackoffSchedule

    Examples
    --------
    >>> s = backoff_schedule(4, base_s=1, cap_s=30)
    >>> s.ceilings_s, s.worst_case_total_s, s.expected_total_s
    ((1.0, 2.0, 4.0, 8.0), 15.0, 7.5)

    References
    ----------
    M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.
    """
    n = check.whole("retries", retries, minimum=0)
    base, cap = _base_and_cap(base_s, cap_s)
    mode = _jitter(jitter)
    ceilings = tuple(_ceiling(k, base, cap) for k in range(1, n + 1))
    expected = tuple(JITTER_MODES[mode] * c for c in ceilings)
    return BackoffSchedule(mode, ceilings, expected, math.fsum(ceilings), math.fsum(expected))


def worst_case_wait_s(retries: int, base_s: float, cap_s: float) -> float:
    """Longest total wait across ``retries`` retries, seconds (any jitter mode).

    The sum of the ceilings: full and equal jitter can each draw the ceiling
    itself, so jitter never lengthens the worst case.

    Parameters
    ----------
    retries : int
        Retries after the first attempt, >= 0.
    base_s, cap_s : float
        Backoff base and cap in seconds.

    Returns
    -------
    float
        Seconds spent waiting in the worst case (not counting the attempts themselves).

    Examples
    --------
    >>> worst_case_wait_s(6, base_s=0.5, cap_s=8)    # 0.5 + 1 + 2 + 4 + 8 + 8
    23.5
    >>> worst_case_wait_s(0, base_s=0.5, cap_s=8)
    0.0

    References
    ----------
    M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.
    """
    return backoff_schedule(retries, base_s, cap_s, "none").worst_case_total_s


def expected_wait_s(retries: int, base_s: float, cap_s: float, jitter: str = "full") -> float:
    """Mean total wait across ``retries`` retries, seconds, if every attempt fails.

    Parameters
    ----------
    retries : int
        Retries after the first attempt, >= 0.
    base_s, cap_s : float
        Backoff base and cap in seconds.
    jitter : str
        ``"full"``, ``"equal"`` or ``"none"``.

    Returns
    -------
    float
        Expected seconds spent waiting.

    Examples
    --------
    >>> expected_wait_s(6, base_s=0.5, cap_s=8)             # half of 23.5 s
    11.75
    >>> expected_wait_s(6, base_s=0.5, cap_s=8, jitter="equal")
    17.625

    References
    ----------
    M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.
    """
    return backoff_schedule(retries, base_s, cap_s, jitter).expected_total_s


def _failure_rate(value: object) -> float:
    return check.real("failure_rate", value, low=0.0, high=1.0,
                      range_text="in [0, 1], a fraction (0.3 for 30 %)")


def retry_amplification(failure_rate: float, retries: int) -> float:
    """Attempts sent per original request when failed attempts are retried.

    ``1 + p + p**2 + ... + p**retries`` for an independent per-attempt
    failure probability ``p``: the first attempt always goes, the second
    only if the first failed, and so on. ``p = 1`` (an outage) gives
    ``retries + 1``: the load multiplies exactly when the service is least
    able to take it.

    Parameters
    ----------
    failure_rate : float
        Probability that one attempt fails, in [0, 1].
    retries : int
        Most retries a client makes after the first attempt, >= 0.

    Returns
    -------
    float
        Mean attempts per original request, between 1 and ``retries + 1``.

    Examples
    --------
    >>> round(retry_amplification(0.3, 3), 4)      # 1 + 0.3 + 0.09 + 0.027
    1.417
    >>> retry_amplification(1.0, 3)                # outage: every attempt is made
    4.0
    >>> retry_amplification(0.0, 5)
    1.0

    References
    ----------
    Google, "Site Reliability Engineering" (2016), chapter 22, "Addressing
    Cascading Failures" (retries amplify load on an overloaded service).
    """
    p = _failure_rate(failure_rate)
    r = check.whole("retries", retries, minimum=0)
    if p == 0.0:
        return 1.0
    if p == 1.0:
        return float(r + 1)
    if r <= 10_000:
        return math.fsum(p**i for i in range(r + 1))
    return (1.0 - p ** (r + 1)) / (1.0 - p)  # the geometric series in closed form


def success_probability(failure_rate: float, retries: int) -> float:
    """Probability that a request succeeds within ``retries`` retries.

    ``1 - p**(retries + 1)``, with independent attempts that each fail with
    probability ``p``.

    Parameters
    ----------
    failure_rate : float
        Probability that one attempt fails, in [0, 1].
    retries : int
        Most retries after the first attempt, >= 0.

    Returns
    -------
    float
        Probability in [0, 1].

    Examples
    --------
    >>> round(success_probability(0.3, 3), 4)      # 1 - 0.3**4
    0.9919
    >>> success_probability(0.3, 0)
    0.7

    References
    ----------
    Google, "Site Reliability Engineering" (2016), chapter 22.
    """
    p = _failure_rate(failure_rate)
    r = check.whole("retries", retries, minimum=0)
    return 1.0 - p ** (r + 1)


def worst_case_amplification(retries_per_layer: Iterable[int]) -> int:
    """Attempts at the bottom layer per top-level request when every attempt fails.

    Each layer that retries ``r`` times turns one call into ``r + 1``, and
    stacked layers multiply: three layers that each retry 3 times turn one
    request into ``4 * 4 * 4 = 64`` attempts on the failing backend.

    Parameters
    ----------
    retries_per_layer : iterable of int
        Retries each layer makes, top to bottom, each >= 0; at least one layer.

    Returns
    -------
    int
        Product of ``(r + 1)`` over the layers.

    Examples
    --------
    >>> worst_case_amplification([3, 3, 3])
    64
    >>> worst_case_amplification([2])
    3

    References
    ----------
    Google, "Site Reliability Engineering" (2016), chapter 22, "Addressing
    Cascading Failures" (retries at several layers multiply).
    """
    if isinstance(retries_per_layer, (str, bytes)) or not isinstance(retries_per_layer, Iterable):
        raise ValueError("retries_per_layer must be a list of whole numbers >= 0, one per layer, "
                         f"got {retries_per_layer!r}")
    layers = list(retries_per_layer)
    if not layers:
        raise ValueError("retries_per_layer must hold at least one layer, got none")
    total = 1
    for i, r in enumerate(layers):
        total *= check.whole(f"retries_per_layer[{i}]", r, minimum=0) + 1
    return total


def idempotency_store_bytes(keys_per_s: float, retention_s: float, bytes_per_key: float) -> float:
    """Storage for idempotency keys kept ``retention_s`` seconds, bytes.

    By Little's law the store holds ``keys_per_s * retention_s`` keys at any
    time; each takes ``bytes_per_key`` (the key, a fingerprint of the request
    and the saved response, plus index overhead). Keep keys at least as long
    as a client may still retry, or a late retry is not recognised.

    Parameters
    ----------
    keys_per_s : float
        New keys per second (requests that carry one), >= 0.
    retention_s : float
        How long each key is kept, seconds, >= 0.
    bytes_per_key : float
        Bytes stored per key, >= 0.

    Returns
    -------
    float
        Bytes held by the store.

    Examples
    --------
    >>> idempotency_store_bytes(1_200, 24 * 3600, 200) / 1e9    # GB
    20.736

    References
    ----------
    B. Leach, "Designing robust and predictable APIs with idempotency",
    Stripe blog, 2017; J. D. C. Little, "A Proof for the Queuing Formula
    L = lambda W", Operations Research 9(3), 1961.
    """
    rate = check.non_negative("keys_per_s", keys_per_s)
    kept = check.non_negative("retention_s", retention_s)
    size = check.non_negative("bytes_per_key", bytes_per_key)
    return rate * kept * size


def _bucket(rate_per_s: object, burst: object) -> tuple[float, float]:
    return check.positive("rate_per_s", rate_per_s), check.positive("burst", burst)


def token_bucket_admitted(rate_per_s: float, burst: float, arrivals_per_s: float, window_s: float,
                          initial_tokens: float | None = None) -> float:
    """Requests a token bucket admits from a steady stream over a window.

    ``min(arrivals_per_s * window_s, initial_tokens + rate_per_s * window_s)``
    (fluid model): a bucket can never admit more than the tokens it starts
    with plus the tokens it gains. Below the sustained rate everything is
    admitted; above it the burst is spent first, then requests pass at the
    sustained rate and the rest are refused (HTTP 429).

    Parameters
    ----------
    rate_per_s : float
        Tokens added per second, the sustained rate, > 0.
    burst : float
        Bucket size in tokens, the largest burst admitted at once, > 0.
    arrivals_per_s : float
        Steady request rate offered to the bucket, >= 0.
    window_s : float
        Length of the window, seconds, >= 0.
    initial_tokens : float, optional
        Tokens at the start, in [0, burst]; a full bucket by default.

    Returns
    -------
    float
        Requests admitted in the window.

    Examples
    --------
    >>> token_bucket_admitted(100, 1_000, arrivals_per_s=2_000, window_s=60)   # 1,000 + 100 * 60
    7000.0
    >>> token_bucket_admitted(100, 1_000, arrivals_per_s=50, window_s=60)      # under the rate: all of them
    3000.0

    References
    ----------
    RFC 2697, "A Single Rate Three Color Marker" (committed information rate
    and committed burst size); A. S. Tanenbaum and D. J. Wetherall, "Computer
    Networks", 5th ed., section 5.4.2 (the token bucket).
    """
    rate, size = _bucket(rate_per_s, burst)
    offered = check.non_negative("arrivals_per_s", arrivals_per_s)
    window = check.non_negative("window_s", window_s)
    tokens = size if initial_tokens is None else check.real(
        "initial_tokens", initial_tokens, low=0.0, high=size)
    return min(offered * window, tokens + rate * window)


def token_bucket_refill_s(rate_per_s: float, burst: float, tokens: float = 0.0) -> float:
    """Seconds for a bucket holding ``tokens`` to fill up again with no traffic.

    ``(burst - tokens) / rate_per_s``.

    Parameters
    ----------
    rate_per_s : float
        Tokens added per second, > 0.
    burst : float
        Bucket size in tokens, > 0.
    tokens : float
        Tokens in the bucket now, in [0, burst]; empty by default.

    Returns
    -------
    float
        Seconds until the bucket is full.

    Examples
    --------
    >>> token_bucket_refill_s(100, 1_000)
    10.0
    >>> token_bucket_refill_s(100, 1_000, tokens=750)
    2.5

    References
    ----------
    A. S. Tanenbaum and D. J. Wetherall, "Computer Networks", 5th ed., section 5.4.2.
    """
    rate, size = _bucket(rate_per_s, burst)
    now = check.real("tokens", tokens, low=0.0, high=size)
    return (size - now) / rate


def token_bucket_time_to_empty_s(rate_per_s: float, burst: float, arrivals_per_s: float) -> float:
    """Seconds a full bucket lasts under a steady overload; ``inf`` at or below the rate.

    ``burst / (arrivals_per_s - rate_per_s)``: the bucket drains at the
    difference between what arrives and what it gains.

    Parameters
    ----------
    rate_per_s : float
        Tokens added per second, > 0.
    burst : float
        Bucket size in tokens, > 0.
    arrivals_per_s : float
        Steady request rate, >= 0.

    Returns
    -------
    float
        Seconds until the first request is refused.

    Examples
    --------
    >>> token_bucket_time_to_empty_s(100, 1_000, arrivals_per_s=600)
    2.0
    >>> token_bucket_time_to_empty_s(100, 1_000, arrivals_per_s=80)
    inf

    References
    ----------
    A. S. Tanenbaum and D. J. Wetherall, "Computer Networks", 5th ed., section 5.4.2
    (the longest burst a token bucket lets through at a given arrival rate).
    """
    rate, size = _bucket(rate_per_s, burst)
    offered = check.non_negative("arrivals_per_s", arrivals_per_s)
    if offered <= rate:
        return math.inf
    return size / (offered - rate)


@dataclass(frozen=True)
class TokenBucketTrace:
    """A token bucket stepped through a sequence of arrivals.

    Per step: ``admitted``, ``shed`` (refused) and ``tokens`` left at the end
    of the step; ``total_admitted`` and ``total_shed`` over all steps.
    """

    step_s: float
    admitted: tuple[float, ...]
    shed: tuple[float, ...]
    tokens: tuple[float, ...]

    @property
    def total_admitted(self) -> float:
        return math.fsum(self.admitted)

    @property
    def total_shed(self) -> float:
        return math.fsum(self.shed)


def token_bucket_trace(arrivals: Iterable[float], rate_per_s: float, burst: float, step_s: float = 1.0,
                       initial_tokens: float | None = None) -> TokenBucketTrace:
    """Step a token bucket through per-step arrival counts (fluid within a step).

    In each step the requests that arrive may use the tokens in the bucket
    plus those gained during the step; whatever is left over stays in the
    bucket, up to ``burst``. For a steady stream the totals equal
    :func:`token_bucket_admitted`.

    Parameters
    ----------
    arrivals : iterable of float
        Requests arriving in each step, each >= 0.
    rate_per_s : float
        Tokens added per second, > 0.
    burst : float
        Bucket size in tokens, > 0.
    step_s : float
        Length of one step, seconds, > 0.
    initial_tokens : float, optional
        Tokens at the start, in [0, burst]; a full bucket by default.

    Returns
    -------
    TokenBucketTrace

    Examples
    --------
    >>> t = token_bucket_trace([50, 2_000, 2_000, 2_000, 50], rate_per_s=100, burst=1_000)
    >>> t.admitted
    (50.0, 1100.0, 100.0, 100.0, 50.0)
    >>> t.total_shed
    4700.0

    References
    ----------
    RFC 2697, "A Single Rate Three Color Marker"; A. S. Tanenbaum and
    D. J. Wetherall, "Computer Networks", 5th ed., section 5.4.2.
    """
    rate, size = _bucket(rate_per_s, burst)
    step = check.positive("step_s", step_s)
    tokens = size if initial_tokens is None else check.real(
        "initial_tokens", initial_tokens, low=0.0, high=size)
    if isinstance(arrivals, (str, bytes)) or not isinstance(arrivals, Iterable):
        raise ValueError(f"arrivals must be a list of request counts >= 0, one per step, got {arrivals!r}")
    admitted, shed, left = [], [], []
    gain = rate * step
    for i, value in enumerate(arrivals):
        count = check.non_negative(f"arrivals[{i}]", value)
        available = tokens + gain
        take = min(count, available)
        tokens = min(size, available - take)
        admitted.append(take)
        shed.append(count - take)
        left.append(tokens)
    return TokenBucketTrace(step, tuple(admitted), tuple(shed), tuple(left))


def shed_fraction(offered_per_s: float, capacity_per_s: float) -> float:
    """Share of offered requests a service must turn away to stay within capacity.

    ``max(0, 1 - capacity_per_s / offered_per_s)``. Shedding the excess early
    and cheaply (a fast 429) keeps the admitted share fast; accepting
    everything makes queues grow until every request times out.

    Parameters
    ----------
    offered_per_s : float
        Requests per second arriving, >= 0.
    capacity_per_s : float
        Requests per second the service can handle well, >= 0.

    Returns
    -------
    float
        Fraction in [0, 1] to shed; 0 when there is no overload.

    Examples
    --------
    >>> round(shed_fraction(150_000, 20_000), 4)
    0.8667
    >>> shed_fraction(10_000, 20_000)
    0.0

    References
    ----------
    Google, "Site Reliability Engineering" (2016), chapter 21, "Handling
    Overload" (load shedding and client-side throttling).
    """
    offered = check.non_negative("offered_per_s", offered_per_s)
    capacity = check.non_negative("capacity_per_s", capacity_per_s)
    if offered <= capacity:
        return 0.0
    return 1.0 - capacity / offered


def sms_pumping_cost_usd(messages: float, segments_per_message: int, price_per_segment_usd: float) -> float:
    """What a batch of pumped verification messages costs, US dollars.

    ``messages * segments_per_message * price_per_segment_usd``: carriers
    bill, and SMS pumping earns, per segment, so a longer code message or
    one outside GSM-7 costs more per request.

    Parameters
    ----------
    messages : float
        Messages sent, >= 0.
    segments_per_message : int
        Segments per message, >= 1 (see :func:`curriculum.capacity.sms_segments`).
    price_per_segment_usd : float
        Price of one segment to the destination, dollars, >= 0.

    Returns
    -------
    float
        Dollars spent.

    Examples
    --------
    >>> round(sms_pumping_cost_usd(96_000, 2, 0.08), 2)
    15360.0

    References
    ----------
    Twilio, "What is SMS pumping fraud?" (twilio.com/docs/glossary/what-is-sms-pumping-fraud);
    per-segment billing as in the GSM-7 and UCS-2 glossary pages.
    """
    count = check.non_negative("messages", messages)
    segments = check.whole("segments_per_message", segments_per_message, minimum=1)
    price = check.non_negative("price_per_segment_usd", price_per_segment_usd)
    return count * segments * price
