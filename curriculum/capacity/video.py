"""Video bandwidth: simulcast layers, SFU rooms whose receivers pick layers, webinars.

:func:`curriculum.capacity.conference_bandwidth` compares mesh, SFU and MCU
when every participant sends one stream at one rate. Real video rooms add two
things this module models:

* **Simulcast.** Each sender encodes the same camera at several resolutions
  ("layers", e.g. 720p, 360p and 180p) and uploads all of them; the SFU then
  forwards to each receiver the layer that fits how it shows that sender
  (large for the active speaker, small for a thumbnail). Upload grows by the
  small layers; download and server egress shrink.
* **Webinars.** A few presenters talk in a room; hundreds of viewers only
  watch. The viewers are served by a one-to-many path (one composed stream per
  viewer, or every presenter's stream forwarded to every viewer).

All rates are kbit/s. Functions are pure; bad input raises ``ValueError``
naming the parameter and its valid range.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import _validate as check
from .media import conference_bandwidth

__all__ = [
    "simulcast_upload_kbps",
    "max_mesh_participants",
    "SimulcastRoomBandwidth",
    "simulcast_room_bandwidth",
    "WebinarBandwidth",
    "webinar_bandwidth",
    "thumbnails_within_cap",
]


def _layers(layers_kbps: object) -> tuple[float, ...]:
    """The simulcast layers as floats, checked: a non-empty list of rates > 0."""
    if isinstance(layers_kbps, (str, bytes)) or not isinstance(layers_kbps, Sequence) or not layers_kbps:
        raise ValueError(
            f"layers_kbps must be a non-empty list of layer bit rates in kbit/s, each > 0; got {layers_kbps!r}"
        )
    return tuple(check.positive(f"layers_kbps[{i}]", rate) for i, rate in enumerate(layers_kbps))


def simulcast_upload_kbps(layers_kbps: Sequence[float]) -> float:
    """Upload of one simulcast sender, kbit/s: the sum of its layers' bit rates.

    A simulcast sender encodes the same video several times, once per layer,
    and sends every layer to the SFU; so its upload is the sum of the layers,
    not just the top one.

    Parameters
    ----------
    layers_kbps : sequence of float
        Bit rate of each layer, kbit/s (each > 0), in any order.

    Returns
    -------
    float
        Upload of one sender, kbit/s.

    Examples
    --------
    >>> simulcast_upload_kbps([2500, 500, 150])   # libwebrtc's 720p, 360p, 180p layers
    3150.0
    >>> simulcast_upload_kbps([500])              # one layer: no simulcast
    500.0

    References
    ----------
    RFC 8853, "Using Simulcast in Session Description Protocol (SDP) and RTP
    Sessions" (2021); layer rates from libwebrtc ``media/engine/simulcast.cc``.
    """
    return float(math.fsum(_layers(layers_kbps)))


def max_mesh_participants(upload_kbps: float, stream_kbps: float) -> int:
    """Largest mesh call a client can join without exceeding its upload, participants.

    In a full mesh each client sends its stream once to each of the other
    ``N - 1`` participants, so the call fits while ``(N - 1) * stream_kbps <=
    upload_kbps``: ``N = floor(upload_kbps / stream_kbps) + 1``, counting the
    client itself. A result of 1 means the client cannot send even one copy.

    Parameters
    ----------
    upload_kbps : float
        The client's upload capacity, kbit/s (>= 0).
    stream_kbps : float
        Bit rate of the one stream it sends to each peer, kbit/s (> 0).

    Returns
    -------
    int
        Participants in the largest mesh call, the client included (>= 1).

    Examples
    --------
    >>> max_mesh_participants(4000, 500)   # 8 copies of 500 kbit/s fit: 8 peers + me
    9
    >>> max_mesh_participants(4100, 500)   # 8.2 copies: still 8 peers
    9
    >>> max_mesh_participants(400, 500)    # not even one copy
    1

    References
    ----------
    RFC 7667, "RTP Topologies", section 3.4 (point to multipoint using mesh).
    """
    up = check.non_negative("upload_kbps", upload_kbps)
    rate = check.positive("stream_kbps", stream_kbps)
    copies = math.floor(up / rate + 1e-9)  # 1e-9: 0.3 / 0.1 is 2.999... in floating point
    return int(copies) + 1


@dataclass(frozen=True)
class SimulcastRoomBandwidth:
    """Bandwidth of an SFU room whose senders use simulcast (all rates kbit/s).

    ``client_*`` fields are for each participant; ``server_*`` for the SFU in
    total.
    """

    participants: int
    layers_kbps: tuple[float, ...]
    main_streams: int
    thumbnail_kbps: float
    client_up_kbps: float
    client_down_kbps: float
    server_ingress_kbps: float
    server_egress_kbps: float


def simulcast_room_bandwidth(
    participants: int,
    layers_kbps: Sequence[float],
    *,
    main_streams: int = 1,
    thumbnail_kbps: float | None = None,
) -> SimulcastRoomBandwidth:
    """Client and SFU bandwidth of a room where each receiver picks a layer per sender.

    Every participant sends all ``layers_kbps`` (see
    :func:`simulcast_upload_kbps`). Each receiver watches the ``N - 1``
    others: ``main_streams`` of them large, at the top layer (the active
    speaker, a pinned video), and the rest small, at ``thumbnail_kbps``.

    ==============  ==========================================================
    client up       sum of the layers
    client down     m * top + (N - 1 - m) * thumbnail, with m = min(main_streams, N - 1)
    server ingress  N * client up
    server egress   N * client down
    ==============  ==========================================================

    Parameters
    ----------
    participants : int
        People in the room, each sending and receiving video (>= 2).
    layers_kbps : sequence of float
        Bit rate of each simulcast layer, kbit/s (each > 0).
    main_streams : int
        Senders each receiver shows large, at the top layer (>= 0; default 1,
        the active speaker). More than ``N - 1`` counts as ``N - 1``.
    thumbnail_kbps : float or None
        Layer forwarded for the other senders, kbit/s; it must be one of
        ``layers_kbps`` (a receiver can only get a layer that was sent).
        ``None`` means the lowest layer.

    Returns
    -------
    SimulcastRoomBandwidth
        Client up/down and server ingress/egress, kbit/s.

    Examples
    --------
    Ten people, speaker view: the speaker at 720p, eight thumbnails at 180p.

    >>> r = simulcast_room_bandwidth(10, [2500, 500, 150])
    >>> r.client_up_kbps, r.client_down_kbps   # 2500 + 500 + 150; 2500 + 8 x 150
    (3150.0, 3700.0)
    >>> r.server_ingress_kbps, r.server_egress_kbps   # 10 x 3150; 10 x 3700
    (31500.0, 37000.0)

    Six people in a gallery: nobody large, everyone at 360p.

    >>> simulcast_room_bandwidth(6, [2500, 500, 150], main_streams=0, thumbnail_kbps=500).client_down_kbps
    2500.0

    References
    ----------
    RFC 8853, "Using Simulcast in SDP and RTP Sessions" (2021); RFC 7667,
    "RTP Topologies", section 3.7 (selective forwarding middlebox); layer
    rates from libwebrtc ``media/engine/simulcast.cc``.
    """
    n = check.whole("participants", participants, minimum=2)
    layers = _layers(layers_kbps)
    main = check.whole("main_streams", main_streams, minimum=0)
    if thumbnail_kbps is None:
        thumb = min(layers)
    else:
        thumb = check.positive("thumbnail_kbps", thumbnail_kbps)
        if not any(math.isclose(thumb, layer, rel_tol=1e-12) for layer in layers):
            shown = ", ".join(f"{x:g}" for x in layers)
            raise ValueError(f"thumbnail_kbps must be one of the layers ({shown} kbit/s), got {thumbnail_kbps!r}")
    m = min(main, n - 1)
    up = math.fsum(layers)
    down = m * max(layers) + (n - 1 - m) * thumb
    return SimulcastRoomBandwidth(
        participants=n,
        layers_kbps=layers,
        main_streams=m,
        thumbnail_kbps=float(thumb),
        client_up_kbps=float(up),
        client_down_kbps=float(down),
        server_ingress_kbps=float(n * up),
        server_egress_kbps=float(n * down),
    )


@dataclass(frozen=True)
class WebinarBandwidth:
    """Bandwidth of a webinar: presenters in an SFU room, viewers on a one-to-many path (kbit/s)."""

    presenters: int
    viewers: int
    stream_kbps: float
    composed: bool
    presenter_up_kbps: float
    presenter_down_kbps: float
    room_egress_kbps: float
    feed_kbps: float
    viewer_down_kbps: float
    viewer_egress_kbps: float

    @property
    def total_egress_kbps(self) -> float:
        """Everything the media servers send: room egress, the feed and the viewers' streams, kbit/s."""
        return self.room_egress_kbps + self.feed_kbps + self.viewer_egress_kbps


def webinar_bandwidth(presenters: int, viewers: int, stream_kbps: float, *, composed: bool = True) -> WebinarBandwidth:
    """Egress of a webinar where a few presenters talk and many viewers only watch.

    The presenters meet in an SFU room (each sends one stream of
    ``stream_kbps`` and receives the other presenters). One copy of each
    presenter's stream is fed to the one-to-many path (``feed``). Viewers
    send nothing; each receives either one composed stream (the presenters
    mixed into one layout, like an MCU does once for everyone) or, when
    ``composed`` is false, every presenter's stream forwarded separately.

    ==================  ===========================================
    room egress         P (P - 1) r    (the SFU formula; 0 for one presenter)
    feed                P r
    viewer down         r if composed, else P r
    viewer egress       V * viewer down
    ==================  ===========================================

    Parameters
    ----------
    presenters : int
        People who talk on camera (>= 1).
    viewers : int
        People who only watch (>= 0).
    stream_kbps : float
        Bit rate of one presenter's stream, and of the composed stream, kbit/s (>= 0).
    composed : bool
        True (default): each viewer gets one composed stream. False: each
        viewer gets every presenter's stream.

    Returns
    -------
    WebinarBandwidth
        Per-presenter and per-viewer rates, and egress of each part, kbit/s.

    Examples
    --------
    >>> w = webinar_bandwidth(3, 500, 2500)
    >>> w.room_egress_kbps, w.feed_kbps, w.viewer_egress_kbps   # 3x2x2500; 3x2500; 500x2500
    (15000.0, 7500.0, 1250000.0)
    >>> w.total_egress_kbps
    1272500.0
    >>> webinar_bandwidth(3, 500, 2500, composed=False).viewer_egress_kbps   # 500 x 3 x 2500
    3750000.0

    References
    ----------
    RFC 7667, "RTP Topologies", sections 3.6 (mixer) and 3.7 (selective
    forwarding middlebox); Twilio group rooms route media through an SFU and
    hold a limited number of participants
    (twilio.com/docs/video/programmable-video-limits).
    """
    p = check.whole("presenters", presenters, minimum=1)
    v = check.whole("viewers", viewers, minimum=0)
    r = check.non_negative("stream_kbps", stream_kbps)
    if not isinstance(composed, bool):
        raise ValueError(f"composed must be True or False, got {composed!r}")
    if p >= 2:
        room = conference_bandwidth("sfu", p, r)
        up, down, room_egress = room.client_up_kbps, room.client_down_kbps, room.server_egress_kbps
    else:
        up, down, room_egress = r, 0.0, 0.0
    viewer_down = r if composed else p * r
    return WebinarBandwidth(
        presenters=p,
        viewers=v,
        stream_kbps=r,
        composed=composed,
        presenter_up_kbps=float(up),
        presenter_down_kbps=float(down),
        room_egress_kbps=float(room_egress),
        feed_kbps=float(p * r),
        viewer_down_kbps=float(viewer_down),
        viewer_egress_kbps=float(v * viewer_down),
    )


def thumbnails_within_cap(cap_kbps: float, main_kbps: float, thumbnail_kbps: float, main_streams: int = 1) -> int:
    """Most thumbnail videos a receiver can take beside its large ones without passing a download cap.

    Twilio Video caps what one participant subscribes to
    (``video.participant.max_subscribe_kbps`` in the facts registry). In a big
    speaker view the rest of the room must fit under that cap, so the
    bandwidth profile switches off or shrinks the tracks that do not:
    ``floor((cap - main_streams * main_kbps) / thumbnail_kbps)``, never below 0.

    Parameters
    ----------
    cap_kbps : float
        Download cap of one participant, kbit/s (> 0).
    main_kbps : float
        Bit rate of each large video, kbit/s (>= 0).
    thumbnail_kbps : float
        Bit rate of each thumbnail, kbit/s (> 0).
    main_streams : int, optional
        Large videos shown (whole number >= 0), default 1 (the active speaker).

    Returns
    -------
    int
        Thumbnails that fit; 0 when the large videos alone fill the cap.

    Examples
    --------
    >>> thumbnails_within_cap(4000, 2500, 150)   # (4000 - 2500) / 150 = 10
    10
    >>> thumbnails_within_cap(4000, 2500, 500)   # 1500 / 500 = 3
    3
    >>> thumbnails_within_cap(2000, 2500, 150)   # the speaker alone is over the cap
    0

    References
    ----------
    Twilio, Programmable Video Quotas and Limits (subscription bandwidth per
    participant) and "Using the Network Bandwidth Profile API",
    twilio.com/docs/video/programmable-video-limits.
    """
    cap = check.positive("cap_kbps", cap_kbps)
    main = check.non_negative("main_kbps", main_kbps)
    thumb = check.positive("thumbnail_kbps", thumbnail_kbps)
    mains = check.whole("main_streams", main_streams)
    room = cap - mains * main
    if room <= 0:
        return 0
    return int(math.floor(room / thumb + 1e-9))
