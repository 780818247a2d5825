"""Media bandwidth: voice codecs on the wire and conference fan-out.

Voice bandwidth follows Cisco's per-call method: every packet carries the
codec payload for one packetisation interval plus 40 bytes of IP/UDP/RTP
headers (20 + 8 + 12) and, on a LAN, 18 bytes of Ethernet framing. The
result is for one direction of one call; a two-way call uses it in each
direction. Header compression (cRTP) and silence suppression are not
modelled.

Conference fan-out compares the three ways of wiring a multi-party call:
full mesh (everyone sends to everyone), a selective forwarding unit (SFU:
each client sends once, the server forwards) and a multipoint control unit
(MCU: the server decodes, mixes and re-encodes one stream per client).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import _validate as check

__all__ = [
    "CODEC_KBPS",
    "IP_UDP_RTP_BYTES",
    "LAYER2_BYTES",
    "voice_bandwidth_kbps",
    "ConferenceBandwidth",
    "conference_bandwidth",
]

#: Nominal codec bit rates, kbit/s. Opus is variable: see ``voice_bandwidth_kbps``.
CODEC_KBPS = {"G.711": 64.0, "G.729": 8.0}

#: IPv4 (20 B) + UDP (8 B) + RTP (12 B) headers per voice packet, bytes.
IP_UDP_RTP_BYTES = 40

#: Layer-2 framing added per packet, bytes, by ``overhead`` name.
LAYER2_BYTES = {"ip": 0, "ethernet": 18}

#: Opus bit-rate range allowed by RFC 6716, kbit/s, and the default used here
#: (libwebrtc's default for full-band voice).
OPUS_KBPS_RANGE = (6.0, 510.0)
OPUS_DEFAULT_KBPS = 32.0

_CODEC_SPELLINGS = {
    # G.711 in either companding law (mu-law PCMU, A-law PCMA): same bit rate.
    "G.711": "g.711 g711 g.711u g711u g.711a g711a pcmu pcma ulaw mulaw alaw g711ulaw g711alaw".split(),
    # G.729 and its reduced-complexity / silence-suppression annexes.
    "G.729": "g.729 g729 g.729a g729a g.729b g729b g.729ab g729ab".split(),
    "Opus": ["opus"],
}
_CODEC_ALIASES = {alias: name for name, aliases in _CODEC_SPELLINGS.items() for alias in aliases}
_CODECS_SHOWN = ("G.711", "G.729", "Opus")
_OVERHEAD_ALIASES = {"ip": "ip", "ethernet": "ethernet", "eth": "ethernet"}


def voice_bandwidth_kbps(
    codec: str,
    ptime_ms: float = 20,
    overhead: str = "ethernet",
    bitrate_kbps: float | None = None,
) -> float:
    """Network bandwidth of one direction of one voice call, kbit/s.

    ``(payload + 40 B IP/UDP/RTP + layer-2 bytes) * 8 bits * packets/s``,
    where the payload is ``bitrate_kbps * ptime_ms / 8`` bytes and a packet
    leaves every ``ptime_ms`` milliseconds.

    Parameters
    ----------
    codec : str
        ``"G.711"`` (64 kbit/s; also ``"g711"``, ``"PCMU"``, ``"PCMA"``),
        ``"G.729"`` (8 kbit/s; also ``"g729"``, ``"G.729a"``) or ``"Opus"``.
        Case does not matter.
    ptime_ms : float
        Packetisation interval: audio per packet, milliseconds (default 20).
        G.729 frames are 10 ms, so its ptime must be a multiple of 10; Opus
        frames are 2.5 to 60 ms and a packet holds at most 120 ms, so its
        ptime must be a multiple of 2.5 up to 120.
    overhead : str
        ``"ethernet"`` (18 bytes of Ethernet header and FCS per packet) or
        ``"ip"`` (no layer-2 bytes: the rate as seen at the IP layer).
    bitrate_kbps : float or None
        Opus encoder bit rate, kbit/s, from 6 to 510 (RFC 6716). ``None``
        means 32 kbit/s, libwebrtc's default for voice. The fixed-rate
        codecs take ``None`` (or their own rate).

    Returns
    -------
    float
        Bandwidth in kbit/s for one direction.

    Examples
    --------
    >>> voice_bandwidth_kbps("G.711", overhead="ip")
    80.0
    >>> voice_bandwidth_kbps("G.711")            # Ethernet, 20 ms
    87.2
    >>> voice_bandwidth_kbps("g729", overhead="ip"), voice_bandwidth_kbps("G.729")
    (24.0, 31.2)
    >>> round(voice_bandwidth_kbps("G.711", ptime_ms=30), 2)   # fewer packets
    79.47
    >>> voice_bandwidth_kbps("opus")                 # 32 kbit/s default
    55.2

    References
    ----------
    Cisco, "Voice Over IP - Per Call Bandwidth Consumption", document 7934;
    RFC 6716, "Definition of the Opus Audio Codec" (6-510 kbit/s).
    """
    name = check.choice("codec", codec, _CODEC_ALIASES, _CODECS_SHOWN)
    ptime = check.positive("ptime_ms", ptime_ms)
    layer2 = LAYER2_BYTES[check.choice("overhead", overhead, _OVERHEAD_ALIASES, ("ip", "ethernet"))]
    if name == "Opus":
        if bitrate_kbps is None:
            rate = OPUS_DEFAULT_KBPS
        else:
            rate = check.real(
                "bitrate_kbps",
                bitrate_kbps,
                low=OPUS_KBPS_RANGE[0],
                high=OPUS_KBPS_RANGE[1],
                range_text="in [6, 510] kbit/s for Opus (RFC 6716)",
            )
        if ptime > 120.0 or not _is_multiple(ptime, 2.5):
            raise ValueError(f"ptime_ms must be a multiple of 2.5 ms up to 120 ms for Opus, got {ptime_ms!r}")
    else:
        rate = CODEC_KBPS[name]
        if bitrate_kbps is not None and bitrate_kbps != rate:
            raise ValueError(
                f"bitrate_kbps must be None (or {rate:g}) for {name}, a fixed-rate codec; "
                f"got {bitrate_kbps!r}"
            )
        if name == "G.729" and not _is_multiple(ptime, 10.0):
            raise ValueError(
                f"ptime_ms must be a multiple of 10 ms for G.729 (10 ms frames), got {ptime_ms!r}"
            )
    payload_bytes = rate * ptime / 8.0  # kbit/s * ms = bits; / 8 = bytes
    packet_bytes = payload_bytes + IP_UDP_RTP_BYTES + layer2
    return packet_bytes * 8.0 / ptime  # bits per packet / ms per packet = kbit/s


def _is_multiple(value: float, unit: float) -> bool:
    ratio = value / unit
    return math.isclose(ratio, round(ratio), rel_tol=0.0, abs_tol=1e-9) and round(ratio) >= 1


@dataclass(frozen=True)
class ConferenceBandwidth:
    """Bandwidth of one multi-party call, by topology (all rates kbit/s).

    ``client_*`` fields are for each participant; ``server_*`` fields are
    for the media server in total (0 for a mesh, which has none).
    """

    topology: str
    participants: int
    stream_kbps: float
    client_up_kbps: float
    client_down_kbps: float
    server_ingress_kbps: float
    server_egress_kbps: float

    @property
    def server_total_kbps(self) -> float:
        """Server ingress plus egress, kbit/s."""
        return self.server_ingress_kbps + self.server_egress_kbps


_TOPOLOGIES = {"mesh": "mesh", "p2p": "mesh", "sfu": "sfu", "mcu": "mcu"}


def conference_bandwidth(topology: str, participants: int, stream_kbps: float) -> ConferenceBandwidth:
    """Per-client and server bandwidth of a conference, by topology.

    With ``N`` participants each sending one stream of ``r`` kbit/s:

    ========  =============  ===============  ===============  ===============
    topology  client up      client down      server ingress   server egress
    ========  =============  ===============  ===============  ===============
    mesh      (N-1) r        (N-1) r          0                0
    sfu       r              (N-1) r          N r              N (N-1) r
    mcu       r              r                N r              N r
    ========  =============  ===============  ===============  ===============

    The MCU saves bandwidth by decoding, mixing and re-encoding one stream
    per participant, which costs server CPU and adds delay; the SFU only
    forwards packets (simulcast layers are not modelled here).

    Parameters
    ----------
    topology : str
        ``"mesh"``, ``"sfu"`` or ``"mcu"`` (case does not matter).
    participants : int
        Number of participants, >= 2.
    stream_kbps : float
        Bit rate of one participant's stream, kbit/s (>= 0).

    Returns
    -------
    ConferenceBandwidth
        Client up/down and server ingress/egress, kbit/s.

    Examples
    --------
    >>> c = conference_bandwidth("sfu", 4, 500)
    >>> c.client_up_kbps, c.client_down_kbps, c.server_ingress_kbps, c.server_egress_kbps
    (500.0, 1500.0, 2000.0, 6000.0)
    >>> conference_bandwidth("mesh", 4, 500).client_up_kbps
    1500.0

    References
    ----------
    RFC 7667, "RTP Topologies" (the mesh, mixer and selective forwarding
    middlebox topologies); Twilio Programmable Video group rooms route media
    through an SFU (twilio.com/docs/video/programmable-video-limits).
    """
    name = check.choice("topology", topology, _TOPOLOGIES, ("mesh", "sfu", "mcu"))
    n = check.whole("participants", participants, minimum=2)
    r = check.non_negative("stream_kbps", stream_kbps)
    if name == "mesh":
        up, down, ingress, egress = (n - 1) * r, (n - 1) * r, 0.0, 0.0
    elif name == "sfu":
        up, down, ingress, egress = r, (n - 1) * r, n * r, n * (n - 1) * r
    else:
        up, down, ingress, egress = r, r, n * r, n * r
    return ConferenceBandwidth(
        topology=name,
        participants=n,
        stream_kbps=r,
        client_up_kbps=float(up),
        client_down_kbps=float(down),
        server_ingress_kbps=float(ingress),
        server_egress_kbps=float(egress),
    )
