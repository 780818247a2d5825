"""Webhooks: time before the fallback URL, retry load, backoff and calls that fit a budget.

When Twilio asks your webhook for TwiML and gets no answer, it waits for a
timeout, may retry, and only then requests the fallback URL. While it waits,
the caller hears nothing. Retries also multiply the load on a server that is
already struggling. These calculators put numbers on both, and on how many
sequential calls a handler can make before a latency target is spent.

All times are milliseconds. Platform values (timeouts, retry counts) are not
built in: pass them from the facts registry (``webhooks.*``) so a changed
limit is fixed in one place.
"""

from __future__ import annotations

import math

from . import _validate as check

__all__ = [
    "FAILURE_MODES",
    "time_to_fallback_ms",
    "attempts_within_total",
    "retry_load_multiplier",
    "backoff_delays_ms",
    "serial_calls_within",
]

#: How one failed attempt spends its time, by failure mode.
FAILURE_MODES = {
    "unreachable": "the connection never opens: each attempt waits the connect timeout",
    "silent": "the connection opens at once but no response comes: each attempt waits the read timeout",
    "worst": "a connection opens just before its timeout, then no response: connect plus read timeout",
}
_FAILURE_ALIASES = {name: name for name in FAILURE_MODES}


def time_to_fallback_ms(
    *,
    connect_timeout_ms: float,
    read_timeout_ms: float,
    total_timeout_ms: float,
    retry_count: int,
    failure: str = "unreachable",
) -> float:
    """Longest wait, in ms, before Twilio gives up on a webhook and tries the fallback URL.

    Each attempt that fails takes as long as its timeout: the connect timeout
    when the server cannot be reached (``failure="unreachable"``), the read
    timeout when it accepts the connection but never answers (``"silent"``),
    or both added (``"worst"``). There are ``retry_count + 1`` attempts in
    all, and the total timeout caps the whole exchange, retries included::

        wait = min(total_timeout_ms, (retry_count + 1) * one_attempt_ms)

    The model assumes every failed attempt is retried and that retries start
    at once. A connection that is *refused* fails in about one round trip,
    far faster than a timeout; this function gives the worst case, when
    packets go unanswered.

    Parameters
    ----------
    connect_timeout_ms : float
        Time allowed to open the connection, ms (> 0).
    read_timeout_ms : float
        Time allowed for the response once connected, ms (> 0).
    total_timeout_ms : float
        Ceiling on the whole exchange including retries, ms (> 0).
    retry_count : int
        Retries after the first attempt (a whole number >= 0).
    failure : str
        One of ``"unreachable"``, ``"silent"`` or ``"worst"`` (see
        :data:`FAILURE_MODES`).

    Returns
    -------
    float
        Milliseconds from the first request to the fallback request.

    Examples
    --------
    Twilio's defaults (connect 5,000 ms, read 15,000 ms, total 15,000 ms, one
    retry) with a server that cannot be reached: two attempts of 5 s each.

    >>> time_to_fallback_ms(connect_timeout_ms=5000, read_timeout_ms=15000,
    ...                     total_timeout_ms=15000, retry_count=1)
    10000.0

    A server that accepts but never answers uses the whole total timeout in
    its first attempt, so the retry never happens:

    >>> time_to_fallback_ms(connect_timeout_ms=5000, read_timeout_ms=15000,
    ...                     total_timeout_ms=15000, retry_count=1, failure="silent")
    15000.0

    Shorter timeouts fail over sooner: a 1 s connect timeout, two retries.

    >>> time_to_fallback_ms(connect_timeout_ms=1000, read_timeout_ms=15000,
    ...                     total_timeout_ms=15000, retry_count=2)
    3000.0

    References
    ----------
    Twilio, "Webhooks (HTTP callbacks): Connection Overrides"
    (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides):
    the connect, read and total timeouts and the retry count, after which the
    fallback URL is requested.
    """
    connect = check.positive("connect_timeout_ms", connect_timeout_ms)
    read = check.positive("read_timeout_ms", read_timeout_ms)
    total = check.positive("total_timeout_ms", total_timeout_ms)
    retries = check.whole("retry_count", retry_count, minimum=0)
    mode = check.choice("failure", failure, _FAILURE_ALIASES, FAILURE_MODES)
    one_attempt = {"unreachable": connect, "silent": read, "worst": connect + read}[mode]
    return min(total, (retries + 1) * one_attempt)


def attempts_within_total(retry_count: int, one_attempt_ms: float, total_timeout_ms: float) -> int:
    """How many attempts Twilio actually makes when every attempt fails: the retry count, capped by the total timeout.

    The total timeout covers all attempts, retries included. Attempt ``k``
    (counting from 1) starts after ``k - 1`` failed attempts of
    ``one_attempt_ms`` each, and only if the total timeout has not run out by
    then, so at most ``ceil(total_timeout_ms / one_attempt_ms)`` attempts start::

        attempts = min(retry_count + 1, ceil(total_timeout_ms / one_attempt_ms))

    This is the cap :func:`time_to_fallback_ms` applies to the wait.

    Parameters
    ----------
    retry_count : int
        Retries after the first attempt (a whole number >= 0).
    one_attempt_ms : float
        Time one failed attempt takes, ms (> 0): the connect timeout for an
        unreachable server, the read timeout for a silent one.
    total_timeout_ms : float
        Ceiling on the whole exchange, retries included, ms (> 0).

    Returns
    -------
    int
        Attempts made, the first one included (>= 1).

    Examples
    --------
    Twilio's 15 s total with a 5 s connect timeout leaves room for 3 attempts,
    even with the maximum of 5 retries:

    >>> attempts_within_total(5, 5000, 15000)
    3
    >>> attempts_within_total(1, 5000, 15000)    # the default retry count is the limit here
    2
    >>> attempts_within_total(5, 4000, 15000)    # the 4th attempt starts at 12 s, before 15 s
    4

    References
    ----------
    Twilio, "Webhooks (HTTP callbacks): Connection Overrides"
    (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides):
    the total time (tt) is "the total time allowed for all timeouts including retries".
    """
    retries = check.whole("retry_count", retry_count, minimum=0)
    one = check.positive("one_attempt_ms", one_attempt_ms)
    total = check.positive("total_timeout_ms", total_timeout_ms)
    # A small allowance so that 15000 / 5000 is 3 even if float division gives 3.0000000001.
    fit = max(1, math.ceil(total / one - 1e-9))
    return min(retries + 1, fit)


def retry_load_multiplier(
    failure_fraction: float,
    retry_count: int,
    *,
    attempt_ms: float | None = None,
    total_timeout_ms: float | None = None,
) -> float:
    """Requests your server receives per original request when failed attempts are retried.

    If each attempt fails independently with probability ``f`` and a failed
    attempt is retried, up to ``n - 1`` times, the expected number of attempts
    per original request is the geometric sum::

        1 + f + f**2 + ... + f**(n - 1)

    Without timing, ``n = retry_count + 1``. Give ``attempt_ms`` (how long a
    failed attempt takes) and ``total_timeout_ms`` and the total timeout caps
    the attempts as in :func:`attempts_within_total`, the same cap
    :func:`time_to_fallback_ms` applies: with Twilio's 15 s total and a 5 s
    connect timeout, at most 3 attempts run whatever the retry count.

    Count in ``f`` only the failures Twilio's retry policy retries (by
    default only connection timeouts; see the ``rp`` connection override).

    Parameters
    ----------
    failure_fraction : float
        Share of attempts that fail in a way that is retried, a fraction in [0, 1] (0.4 for 40 %).
    retry_count : int
        Most retries after the first attempt (a whole number >= 0).
    attempt_ms : float or None
        Time one failed attempt takes, ms (> 0); give it together with ``total_timeout_ms``.
    total_timeout_ms : float or None
        Ceiling on all attempts together, ms (> 0); give it together with ``attempt_ms``.

    Returns
    -------
    float
        Expected attempts per original request (>= 1).

    Examples
    --------
    >>> retry_load_multiplier(0.4, 3)     # 1 + 0.4 + 0.16 + 0.064
    1.624
    >>> retry_load_multiplier(0.0, 5)     # nothing fails, nothing is retried
    1.0

    A full outage with five retries would be 6 attempts, but a 5 s connect
    timeout and Twilio's 15 s total leave room for only 3:

    >>> retry_load_multiplier(1.0, 5)
    6.0
    >>> retry_load_multiplier(1.0, 5, attempt_ms=5000, total_timeout_ms=15000)
    3.0
    >>> retry_load_multiplier(0.4, 5, attempt_ms=5000, total_timeout_ms=15000)   # 1 + 0.4 + 0.16
    1.56

    References
    ----------
    B. Beyer et al. (eds.), *Site Reliability Engineering*, O'Reilly 2016,
    ch. 22 "Addressing Cascading Failures" (retries multiply the load on an
    overloaded server; limit retries per request). Twilio's connection
    overrides page for the total timeout and retry policy.
    """
    f = check.real(
        "failure_fraction",
        failure_fraction,
        low=0.0,
        high=1.0,
        range_text="in [0, 1], a fraction such as 0.4 (not 40)",
    )
    retries = check.whole("retry_count", retry_count, minimum=0)
    if (attempt_ms is None) != (total_timeout_ms is None):
        missing = "total_timeout_ms" if total_timeout_ms is None else "attempt_ms"
        raise ValueError(f"{missing} must be given too: the total timeout caps attempts of attempt_ms each, "
                         "so pass both or neither")
    attempts = retries + 1
    if attempt_ms is not None:
        attempts = attempts_within_total(retries, attempt_ms, total_timeout_ms)
    if f == 1.0:
        return float(attempts)
    # (1 - f**n) / (1 - f), rounded to hide float noise in the last digits.
    return round((1.0 - f ** attempts) / (1.0 - f), 12)


def backoff_delays_ms(
    base_ms: float, retries: int, *, factor: float = 2.0, cap_ms: float | None = None
) -> list[float]:
    """Waits before each retry under exponential backoff, in ms (no jitter).

    The wait before retry ``k`` (counting from 0) is ``base_ms * factor**k``,
    never more than ``cap_ms`` when a cap is given. With "full jitter" each
    wait is drawn at random between 0 and this value, so these are the upper
    bounds. ``sum(...)`` is the time spent waiting if every retry is needed.

    Parameters
    ----------
    base_ms : float
        Wait before the first retry, ms (> 0).
    retries : int
        Number of retries (a whole number >= 0).
    factor : float
        Growth ratio of the wait per retry (>= 1; 2 doubles the wait each time).
    cap_ms : float or None
        Longest single wait, ms (>= base_ms), or None for no cap.

    Returns
    -------
    list of float
        One wait per retry, in order.

    Examples
    --------
    >>> backoff_delays_ms(100, 3)                 # 100, 200, 400 ms
    [100.0, 200.0, 400.0]
    >>> sum(backoff_delays_ms(100, 3))            # waiting alone: 700 ms
    700.0
    >>> backoff_delays_ms(100, 5, cap_ms=1000)
    [100.0, 200.0, 400.0, 800.0, 1000.0]

    References
    ----------
    M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015
    (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
    """
    base = check.positive("base_ms", base_ms)
    n = check.whole("retries", retries, minimum=0)
    grow = check.real("factor", factor, low=1.0)
    cap = None if cap_ms is None else check.real("cap_ms", cap_ms, low=base)
    delays = []
    for k in range(n):
        wait = base * grow**k
        delays.append(float(wait if cap is None else min(wait, cap)))
    return delays


def serial_calls_within(target_ms: float, fixed_ms: float, per_call_ms: float) -> int:
    """How many sequential calls of ``per_call_ms`` fit in a budget after fixed costs.

    The handler of a request spends ``fixed_ms`` on stages that always run
    (network, parsing, rendering); each extra call it makes one after another
    (a database query, a CRM lookup) costs ``per_call_ms``. The answer is
    rounded *down*: a call that only partly fits breaks the budget::

        floor((target_ms - fixed_ms) / per_call_ms), or 0 if nothing fits

    Parameters
    ----------
    target_ms : float
        The latency budget, ms (> 0).
    fixed_ms : float
        Time spent by the stages that always run, ms (>= 0).
    per_call_ms : float
        Time of one sequential call, round trip included, ms (> 0).

    Returns
    -------
    int
        The number of calls that fit (0 when the fixed costs already use the budget).

    Examples
    --------
    >>> serial_calls_within(50, 9, 7.4)     # 41 ms of headroom / 7.4 ms = 5.5
    5
    >>> serial_calls_within(50, 10, 10)     # exactly four fit
    4
    >>> serial_calls_within(50, 60, 5)      # already over budget
    0

    References
    ----------
    Serial composition: latencies on one path add (see
    :func:`curriculum.capacity.latency.latency_budget`).
    """
    target = check.positive("target_ms", target_ms)
    fixed = check.non_negative("fixed_ms", fixed_ms)
    per_call = check.positive("per_call_ms", per_call_ms)
    headroom = target - fixed
    if headroom <= 0:
        return 0
    # A small allowance so that 40 / 10 is 4 even when float division gives 3.9999999.
    return int(math.floor(headroom / per_call + 1e-9))
