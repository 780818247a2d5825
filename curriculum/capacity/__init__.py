"""Back-of-envelope calculators for cloud communications capacity.

Pure functions (standard library and numpy only, no I/O, no state set on
import) that lessons, checks and widgets call:

* :mod:`~curriculum.capacity.traffic`: Little's law, Erlang B trunks and
  Erlang C agents.
* :mod:`~curriculum.capacity.media`: voice codec bandwidth and conference
  fan-out (mesh, SFU, MCU).
* :mod:`~curriculum.capacity.messaging`: SMS encoding and segments, queue
  drain time.
* :mod:`~curriculum.capacity.latency`: fan-out tail latency and latency
  budgets.
* :mod:`~curriculum.capacity.reliability`: downtime, serial and parallel
  availability, nines.

Bad input raises ``ValueError`` naming the parameter and its valid range.

>>> from curriculum.capacity import erlang_b, trunks_for
>>> trunks_for(10_000, 0.01), round(erlang_b(10_000, 9_970), 4)
(9970, 0.0099)
"""

from .latency import LatencyBudget, latency_budget, slow_request_probability
from .media import ConferenceBandwidth, conference_bandwidth, voice_bandwidth_kbps
from .messaging import SegmentInfo, drain_time_s, sms_segments
from .reliability import downtime_s, nines, parallel, serial
from .traffic import (
    agents_for,
    arrival_rate_per_s,
    average_speed_of_answer,
    busy_hour_call_attempts,
    erlang_b,
    erlang_c,
    max_traffic,
    offered_load,
    peak_rate_per_s,
    service_level,
    trunks_for,
)

__all__ = [
    # traffic
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
    # media
    "voice_bandwidth_kbps",
    "conference_bandwidth",
    "ConferenceBandwidth",
    # messaging
    "sms_segments",
    "SegmentInfo",
    "drain_time_s",
    # latency
    "slow_request_probability",
    "latency_budget",
    "LatencyBudget",
    # reliability
    "downtime_s",
    "serial",
    "parallel",
    "nines",
]
