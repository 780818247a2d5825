"""Sizing a pool of SMS senders for a burst: rate, senders, queue room, overflow.

A burst of messages (one-time codes after an outage, an alert to every
subscriber) is measured in *segments*, because carriers bill and Twilio
paces per segment (see :func:`curriculum.capacity.messaging.sms_segments`).
Each sender (a long code, a toll-free number, a short code) sends a fixed
number of segments per second (MPS), and queues what it cannot send yet for
a limited time; past that, Twilio refuses new messages with error 21611
(or 30001). The four questions a PM asks of a burst are answered here:

* how fast must we send to meet the deadline? (:func:`mps_needed`)
* how many senders of a given type does that take? (:func:`senders_for`)
* how many segments can one sender's queue take? (:func:`queue_capacity_segments`)
* how many are refused if we submit the whole burst at once? (:func:`queue_overflow_segments`)

and :func:`campaign_segments` turns a message text and a recipient count into
the segments of the burst.

All rates are segments per second, all times seconds unless the name says
hours. The sender rates and the queue limit are dated facts kept in the
course's facts registry (``messaging.mps.*``, ``messaging.queue.max_hours``);
pass them in, never type them here.

>>> segments = campaign_segments("Your code is 123456", 1_000_000)
>>> senders_for(segments, mps_per_sender=100, deadline_s=600)   # short codes, 10 min
17
"""

from __future__ import annotations

import math

from . import _validate as check
from .messaging import sms_segments

__all__ = [
    "campaign_segments",
    "mps_needed",
    "senders_for",
    "mps_to_provision",
    "queue_capacity_segments",
    "queue_overflow_segments",
]

SECONDS_PER_HOUR = 3600.0


def campaign_segments(text: str, recipients: int) -> int:
    """Segments of a burst that sends the same text to every recipient.

    Parameters
    ----------
    text : str
        The message body, counted as Twilio's segment calculator does
        (:func:`~curriculum.capacity.messaging.sms_segments`).
    recipients : int
        Number of messages sent (a whole number >= 0).

    Returns
    -------
    int
        Segments to send: recipients × segments per message.

    Examples
    --------
    >>> campaign_segments("x" * 160, 1_000)     # GSM-7, one segment each
    1000
    >>> campaign_segments("x" * 159 + "😀", 1_000)   # one emoji: UCS-2, 161 units -> 3 segments
    3000

    References
    ----------
    Twilio docs, twilio.com/docs/glossary/what-is-gsm-7-character-encoding
    and .../what-is-ucs-2-character-encoding (carriers bill per segment).
    """
    count = check.whole("recipients", recipients)
    return count * sms_segments(text).segments


def mps_needed(segments: float, deadline_s: float) -> float:
    """Sending rate that delivers a burst within a deadline, segments per second.

    Parameters
    ----------
    segments : float
        Segments in the burst (>= 0).
    deadline_s : float
        Time allowed to send them all, seconds (> 0).

    Returns
    -------
    float
        Segments per second, summed over all senders.

    Examples
    --------
    >>> mps_needed(1_000_000, 600)     # a million one-segment codes in 10 minutes
    1666.6666666666667
    >>> mps_needed(36_000, 3600)       # 36,000 segments in an hour
    10.0

    References
    ----------
    Rate = quantity / time; the drain time is the inverse view,
    :func:`curriculum.capacity.messaging.drain_time_s`.
    """
    count = check.non_negative("segments", segments)
    window = check.positive("deadline_s", deadline_s)
    return count / window


def senders_for(segments: float, mps_per_sender: float, deadline_s: float) -> int:
    """Fewest senders of one type that send a burst within a deadline.

    Parameters
    ----------
    segments : float
        Segments in the burst (>= 0).
    mps_per_sender : float
        Throughput of one sender, segments per second (> 0): take it from the
        facts registry, e.g. ``facts.value("messaging.mps.short_code")``.
    deadline_s : float
        Time allowed, seconds (> 0).

    Returns
    -------
    int
        ``ceil(segments / (mps_per_sender * deadline_s))``, rounded up
        because a fraction of a sender cannot be bought; 0 for an empty
        burst. A ratio within one part in 10⁹ of a whole number counts as
        that number, so float noise never adds a sender.

    Examples
    --------
    >>> senders_for(1_000_000, 100, 600)   # 1e6 / 60,000 = 16.7 -> 17 short codes
    17
    >>> senders_for(36_000, 1, 36_000)     # exactly one long code's worth
    1
    >>> senders_for(0, 1, 60)
    0

    References
    ----------
    Twilio docs, error 21611 (per-sender throughput and queueing),
    twilio.com/docs/api/errors/21611. Note that on US A2P 10DLC the carrier
    limits throughput per campaign, so adding numbers does not add MPS there.
    """
    count = check.non_negative("segments", segments)
    rate = check.positive("mps_per_sender", mps_per_sender)
    window = check.positive("deadline_s", deadline_s)
    ratio = count / (rate * window)
    nearest = round(ratio)
    if abs(ratio - nearest) <= 1e-9 * max(1.0, ratio):
        return int(nearest)
    return math.ceil(ratio)


def mps_to_provision(segments: float, deadline_s: float, increment_mps: float = 100) -> float:
    """Throughput to buy on one sender so a burst goes out within a deadline, segments/s.

    The lever for one use case is more throughput on the *same* sender (a
    short code, or a high-throughput toll-free number), bought from Twilio in
    steps, not more numbers: carriers do not accept several numbers for one
    use case only to go faster. The rate needed is rounded up to the next
    whole step.

    Parameters
    ----------
    segments : float
        Segments in the burst (>= 0).
    deadline_s : float
        Time allowed, seconds (> 0).
    increment_mps : float, optional
        Step in which throughput is sold, segments per second (> 0);
        default 100, the default rate of one short code.

    Returns
    -------
    float
        ``ceil(segments / deadline_s / increment_mps) * increment_mps``; 0 for
        an empty burst. A ratio within one part in 10⁹ of a whole step counts
        as that step.

    Examples
    --------
    >>> mps_to_provision(1_000_000, 600)        # 1,666.7 segments/s -> 1,700
    1700.0
    >>> mps_to_provision(370_000, 900)          # 411.1 -> 500
    500.0
    >>> mps_to_provision(60_000, 600)           # exactly 100
    100.0

    References
    ----------
    Twilio docs, error 30001 ("a short code may send over 100 message
    segments per second"; more throughput via Twilio Sales),
    twilio.com/docs/api/errors/30001.
    """
    count = check.non_negative("segments", segments)
    window = check.positive("deadline_s", deadline_s)
    step = check.positive("increment_mps", increment_mps)
    ratio = count / window / step
    nearest = round(ratio)
    if abs(ratio - nearest) <= 1e-9 * max(1.0, ratio):
        return float(nearest) * step
    return float(math.ceil(ratio)) * step


def queue_capacity_segments(mps: float, max_queue_hours: float) -> float:
    """Segments a sender's queue holds: its rate times the queue's time limit.

    Twilio queues up to a fixed number of hours of traffic per sender; a
    message that would wait longer is refused (error 21611 or 30001).

    Parameters
    ----------
    mps : float
        The sender's throughput, segments per second (> 0).
    max_queue_hours : float
        Longest wait the queue allows, hours (> 0): take it from the facts
        registry, ``facts.value("messaging.queue.max_hours")``.

    Returns
    -------
    float
        Segments the queue accepts before refusing new ones.

    Examples
    --------
    >>> queue_capacity_segments(1, 10)      # 1 MPS x 10 h x 3,600 s/h
    36000.0
    >>> queue_capacity_segments(100, 10)    # a short code
    3600000.0

    References
    ----------
    Twilio docs, twilio.com/docs/api/errors/21611 ("up to 10 hours of
    traffic", 36,000 segments on a 1 MPS long code) and /30001.
    """
    rate = check.positive("mps", mps)
    hours = check.positive("max_queue_hours", max_queue_hours)
    return rate * hours * SECONDS_PER_HOUR


def queue_overflow_segments(segments: float, mps: float, max_queue_hours: float) -> float:
    """Segments refused when a whole burst is submitted at once to one sender (or pool).

    The queue takes :func:`queue_capacity_segments` of them; the rest would
    wait longer than the limit and are refused with error 21611 / 30001.
    For a pool of identical senders sharing the load, pass the pool's total
    rate as ``mps``.

    Parameters
    ----------
    segments : float
        Segments submitted at once (>= 0).
    mps : float
        Throughput of the sender or pool, segments per second (> 0).
    max_queue_hours : float
        Longest wait the queue allows, hours (> 0).

    Returns
    -------
    float
        Segments refused, ``max(0, segments - mps * hours * 3600)``.

    Examples
    --------
    >>> queue_overflow_segments(1_000_000, 1, 10)   # 1e6 - 36,000 on one long code
    964000.0
    >>> queue_overflow_segments(1_000_000, 100, 10) # a short code queues it all
    0.0

    References
    ----------
    Twilio docs, twilio.com/docs/api/errors/21611 and /30001.
    """
    count = check.non_negative("segments", segments)
    room = queue_capacity_segments(mps, max_queue_hours)
    return max(0.0, count - room)
