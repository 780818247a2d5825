"""Unit economics a PM states aloud: what a design choice costs per month, per success, per seat.

Prices are never stored here: a price is either a dated fact from the course's
facts registry or an assumption the caller states (and the lesson labels as
one). These functions only multiply and divide, with the units in the names:

* :func:`messaging_cost_usd` - segments times (price + carrier fee), for a
  month's messages or for one design choice (an extra segment, a retry, a
  fallback text);
* :func:`cost_per_verification_usd` - what one *successful* sign-in costs
  when some verifications never convert and some users ask for a resend;
* :func:`scheduled_agents` - the headcount to schedule so that Erlang C's
  agents are actually on the phones after shrinkage.

>>> round(messaging_cost_usd(100_000, 2, 0.0083, 0.003), 2)   # 100k two-segment texts
2260.0
>>> scheduled_agents(14, 0.30)                                # 14 on the phones, 30% shrinkage
20
"""

from __future__ import annotations

import math

from . import _validate as check

__all__ = ["messaging_cost_usd", "cost_per_verification_usd", "scheduled_agents"]


def messaging_cost_usd(messages: float, segments_per_message: float, price_per_segment_usd: float,
                       carrier_fee_per_segment_usd: float = 0.0) -> float:
    """Dollars for sending ``messages`` texts of ``segments_per_message`` segments each.

    Carriers bill and Twilio charges per segment; in the US a carrier fee per
    segment comes on top of Twilio's price. Use it for a month's traffic, or
    for the *difference* a design choice makes (one extra segment per text,
    one retry, one SMS fallback after a failed WhatsApp message).

    Parameters
    ----------
    messages : float
        Messages sent (>= 0), e.g. per month.
    segments_per_message : float
        Segments in each message (>= 0); an average is allowed.
    price_per_segment_usd : float
        Price of one segment, US dollars (>= 0): a dated fact or a labelled assumption.
    carrier_fee_per_segment_usd : float, optional
        Carrier fee per segment, US dollars (>= 0), default 0.

    Returns
    -------
    float
        ``messages * segments_per_message * (price + carrier fee)``, US dollars.

    Examples
    --------
    >>> round(messaging_cost_usd(1_000_000, 1, 0.0083, 0.003), 2)   # 1e6 x 0.0113
    11300.0
    >>> messaging_cost_usd(0, 3, 0.01)
    0.0

    References
    ----------
    Twilio, "What the heck is a segment?" (billing per segment),
    twilio.com/docs/glossary/what-sms-character-limit.
    """
    n = check.non_negative("messages", messages)
    seg = check.non_negative("segments_per_message", segments_per_message)
    price = check.non_negative("price_per_segment_usd", price_per_segment_usd)
    fee = check.non_negative("carrier_fee_per_segment_usd", carrier_fee_per_segment_usd)
    return n * seg * (price + fee)


def cost_per_verification_usd(verifications: float, success_rate: float, fee_per_success_usd: float,
                              sends_per_verification: float, price_per_send_usd: float) -> float:
    """Dollars spent per *successful* verification (a user who typed the right code).

    Verify-style pricing charges a fee for each successful verification plus
    the channel's price for every message sent, including resends and sends
    to people who never convert. Dividing the whole spend by the successes
    gives the number a PM compares across channels or designs.

    Parameters
    ----------
    verifications : float
        Verifications started (> 0).
    success_rate : float
        Share of them that end with a correct code, in (0, 1].
    fee_per_success_usd : float
        Fee per successful verification, US dollars (>= 0).
    sends_per_verification : float
        Messages sent per verification started, including resends (>= 0).
    price_per_send_usd : float
        Channel price of one message, US dollars (>= 0), carrier fees included.

    Returns
    -------
    float
        ``(successes * fee + verifications * sends * price) / successes``,
        where ``successes = verifications * success_rate``.

    Examples
    --------
    >>> # 100 started, 80 succeed, 1.25 sends each at $0.01: (80 x 0.05 + 125 x 0.01) / 80
    >>> round(cost_per_verification_usd(100, 0.8, 0.05, 1.25, 0.01), 6)
    0.065625

    References
    ----------
    Twilio Verify pricing model (a fee per successful verification plus a
    channel fee per send), twilio.com/en-us/verify/pricing.
    """
    started = check.positive("verifications", verifications)
    rate = check.real("success_rate", success_rate, low=0.0, high=1.0, low_open=True)
    fee = check.non_negative("fee_per_success_usd", fee_per_success_usd)
    sends = check.non_negative("sends_per_verification", sends_per_verification)
    price = check.non_negative("price_per_send_usd", price_per_send_usd)
    successes = started * rate
    return (successes * fee + started * sends * price) / successes


def scheduled_agents(agents_on_phones: int, shrinkage: float) -> int:
    """Headcount to schedule so that ``agents_on_phones`` are actually available.

    Erlang C (:func:`~curriculum.capacity.traffic.agents_for`) gives the agents
    who must be logged in and taking calls. *Shrinkage* is the share of paid
    time when a scheduled agent is not: breaks, training, meetings, absence
    (contact centres often plan for 25-35%). The schedule must cover it:
    ``ceil(agents_on_phones / (1 - shrinkage))``.

    Parameters
    ----------
    agents_on_phones : int
        Agents needed on the phones, from Erlang C (a whole number >= 0).
    shrinkage : float
        Share of scheduled time lost, in [0, 1).

    Returns
    -------
    int
        Agents to schedule (rounded up: a fraction of a person cannot be hired).
        A ratio within one part in 10⁹ of a whole number counts as that number.

    Examples
    --------
    >>> scheduled_agents(14, 0.30)   # 14 / 0.7 = 20 exactly
    20
    >>> scheduled_agents(22, 0.30)   # 22 / 0.7 = 31.4 -> 32
    32
    >>> scheduled_agents(10, 0.0)
    10

    References
    ----------
    G. Koole, "Call Center Optimization" (2013), chapter 1 (shrinkage and
    scheduling); Twilio Flex uses TaskRouter to route tasks to those agents.
    """
    n = check.whole("agents_on_phones", agents_on_phones)
    s = check.real("shrinkage", shrinkage, low=0.0, high=1.0, high_open=True)
    ratio = n / (1.0 - s)
    nearest = round(ratio)
    if abs(ratio - nearest) <= 1e-9 * max(1.0, ratio):
        return int(nearest)
    return math.ceil(ratio)
