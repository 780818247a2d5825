"""Tests for curriculum.capacity.media: codec bandwidth and conference fan-out."""

from __future__ import annotations

import dataclasses

import pytest

from curriculum.capacity import ConferenceBandwidth, conference_bandwidth, voice_bandwidth_kbps


class TestVoiceBandwidthKbps:
    @pytest.mark.parametrize(
        ("codec", "overhead", "expected"),
        [
            # G.711, 20 ms: 160 B payload + 40 B headers = 200 B x 8 x 50 pps = 80.0 kbps
            ("G.711", "ip", 80.0),
            # ... + 18 B Ethernet = 218 B x 8 x 50 = 87.2 kbps
            ("G.711", "ethernet", 87.2),
            # G.729, 20 ms: 20 B payload + 40 B = 60 B x 8 x 50 = 24.0 kbps
            ("G.729", "ip", 24.0),
            # ... + 18 B = 78 B x 8 x 50 = 31.2 kbps
            ("G.729", "ethernet", 31.2),
        ],
    )
    def test_cisco_figures(self, codec, overhead, expected):
        """Cisco doc 7934's per-call figures at 20 ms packetisation."""
        assert voice_bandwidth_kbps(codec, 20, overhead) == pytest.approx(expected, abs=1e-12)

    def test_default_is_ethernet_20ms(self):
        """Defaults are 20 ms packets on Ethernet."""
        assert voice_bandwidth_kbps("G.711") == pytest.approx(87.2)

    @pytest.mark.parametrize("name", ["G.711", "g711", "g.711", "PCMU", "pcma", "G711u", "ulaw", " G-711 "])
    def test_g711_spellings(self, name):
        """Common spellings of G.711 are accepted, case-insensitively."""
        assert voice_bandwidth_kbps(name, overhead="ip") == pytest.approx(80.0)

    @pytest.mark.parametrize("name", ["G.729", "g729", "G.729a", "g729ab"])
    def test_g729_spellings(self, name):
        """Common spellings of G.729 are accepted."""
        assert voice_bandwidth_kbps(name, overhead="ip") == pytest.approx(24.0)

    def test_longer_packets_save_header_bytes(self):
        """At 30 ms, G.711 on Ethernet needs (240 + 40 + 18) x 8 / 30 = 79.47 kbps."""
        assert voice_bandwidth_kbps("G.711", 30) == pytest.approx(298 * 8 / 30)
        assert voice_bandwidth_kbps("G.711", 30) < voice_bandwidth_kbps("G.711", 20)

    def test_g729_10ms(self):
        """G.729 at 10 ms: (10 + 40) B x 8 x 100 pps = 40 kbps at the IP layer."""
        assert voice_bandwidth_kbps("G.729", 10, "ip") == pytest.approx(40.0)

    def test_opus_default_rate(self):
        """Opus defaults to 32 kbps: (80 + 40) B x 8 x 50 = 48 kbps IP, 55.2 on Ethernet."""
        assert voice_bandwidth_kbps("opus", overhead="ip") == pytest.approx(48.0)
        assert voice_bandwidth_kbps("Opus") == pytest.approx(55.2)

    def test_opus_rate_range(self):
        """Opus accepts 6 to 510 kbps (RFC 6716) and scales with the rate."""
        # 6 kbps, 20 ms: 15 B + 40 B = 55 B x 8 x 50 = 22 kbps
        assert voice_bandwidth_kbps("Opus", 20, "ip", bitrate_kbps=6) == pytest.approx(22.0)
        # 510 kbps, 20 ms: 1275 B + 40 B = 1315 B x 8 x 50 = 526 kbps
        assert voice_bandwidth_kbps("Opus", 20, "ip", bitrate_kbps=510) == pytest.approx(526.0)

    @pytest.mark.parametrize("rate", [5.9, 511, 0, -32, float("nan")])
    def test_opus_rejects_rate_outside_range(self, rate):
        """An Opus rate outside 6-510 kbps names bitrate_kbps and the range."""
        with pytest.raises(ValueError, match=r"bitrate_kbps must be in \[6, 510\]"):
            voice_bandwidth_kbps("Opus", bitrate_kbps=rate)

    def test_fixed_codec_rejects_other_rate(self):
        """G.711 runs at 64 kbps only: another bitrate_kbps is refused, the nominal one accepted."""
        assert voice_bandwidth_kbps("G.711", bitrate_kbps=64) == pytest.approx(87.2)
        with pytest.raises(ValueError, match="bitrate_kbps"):
            voice_bandwidth_kbps("G.711", bitrate_kbps=32)

    def test_unknown_codec_lists_valid_ones(self):
        """An unknown codec names codec and lists the valid names."""
        with pytest.raises(ValueError, match=r"codec must be one of 'G.711', 'G.729', 'Opus'"):
            voice_bandwidth_kbps("G.722")

    def test_unknown_overhead(self):
        """An unknown overhead names overhead and its choices."""
        with pytest.raises(ValueError, match="overhead must be one of 'ip', 'ethernet'"):
            voice_bandwidth_kbps("G.711", overhead="wifi")

    @pytest.mark.parametrize("ptime", [0, -20, float("inf"), float("nan")])
    def test_rejects_bad_ptime(self, ptime):
        """Packetisation time must be a positive finite number of milliseconds."""
        with pytest.raises(ValueError, match="ptime_ms"):
            voice_bandwidth_kbps("G.711", ptime)

    def test_codec_frame_rules(self):
        """G.729 needs multiples of 10 ms; Opus multiples of 2.5 ms up to 120 ms."""
        with pytest.raises(ValueError, match="ptime_ms must be a multiple of 10"):
            voice_bandwidth_kbps("G.729", 15)
        with pytest.raises(ValueError, match="ptime_ms must be a multiple of 2.5"):
            voice_bandwidth_kbps("Opus", 7)
        with pytest.raises(ValueError, match="up to 120"):
            voice_bandwidth_kbps("Opus", 122.5)
        assert voice_bandwidth_kbps("Opus", 2.5, "ip") == pytest.approx((10 + 40) * 8 / 2.5)


class TestConferenceBandwidth:
    @pytest.mark.parametrize(
        ("topology", "expected"),
        [
            # N = 5, r = 100: mesh up/down (N-1) r = 400, no server
            ("mesh", (400.0, 400.0, 0.0, 0.0)),
            # SFU: up r = 100, down (N-1) r = 400, in N r = 500, out N (N-1) r = 2000
            ("sfu", (100.0, 400.0, 500.0, 2000.0)),
            # MCU: up r, down r (one mixed stream), in N r = 500, out N r = 500
            ("mcu", (100.0, 100.0, 500.0, 500.0)),
        ],
    )
    def test_formulas(self, topology, expected):
        """Each topology's per-client and server rates follow the fan-out formulas."""
        c = conference_bandwidth(topology, 5, 100)
        got = (c.client_up_kbps, c.client_down_kbps, c.server_ingress_kbps, c.server_egress_kbps)
        assert got == expected

    def test_two_party_call(self):
        """With two people every topology sends one stream each way per client."""
        for topology in ("mesh", "sfu", "mcu"):
            c = conference_bandwidth(topology, 2, 64)
            assert (c.client_up_kbps, c.client_down_kbps) == (64.0, 64.0)

    def test_sfu_egress_grows_quadratically(self):
        """Doubling participants roughly quadruples SFU egress: N (N-1) r."""
        small = conference_bandwidth("sfu", 10, 500).server_egress_kbps
        large = conference_bandwidth("sfu", 20, 500).server_egress_kbps
        assert (small, large) == (45_000.0, 190_000.0)

    def test_case_insensitive_and_total(self):
        """Topology names ignore case; server_total_kbps adds ingress and egress."""
        c = conference_bandwidth("SFU", 4, 500)
        assert c.topology == "sfu"
        assert c.server_total_kbps == 2000.0 + 6000.0

    def test_result_is_frozen(self):
        """The result is an immutable dataclass with unit-named fields."""
        c = conference_bandwidth("mesh", 3, 50)
        assert isinstance(c, ConferenceBandwidth)
        with pytest.raises(dataclasses.FrozenInstanceError):
            c.client_up_kbps = 0.0  # type: ignore[misc]
        assert "client_up_kbps=100.0" in repr(c)

    def test_rejects_one_participant(self):
        """A conference needs at least two participants."""
        with pytest.raises(ValueError, match="participants must be a whole number >= 2"):
            conference_bandwidth("sfu", 1, 500)

    def test_rejects_unknown_topology(self):
        """An unknown topology names topology and lists mesh, sfu, mcu."""
        with pytest.raises(ValueError, match="topology must be one of 'mesh', 'sfu', 'mcu'"):
            conference_bandwidth("star", 4, 500)

    def test_rejects_negative_rate(self):
        """A negative stream rate names stream_kbps."""
        with pytest.raises(ValueError, match="stream_kbps"):
            conference_bandwidth("mesh", 4, -1)


class TestEdgesTheMutationRunFound:
    def test_opus_bitrate_range_is_stated(self):
        """An Opus bit rate outside 6-510 kbit/s is refused with the range and its source."""
        with pytest.raises(ValueError, match=r"bitrate_kbps must be in \[6, 510\] kbit/s for Opus \(RFC 6716\)"):
            voice_bandwidth_kbps("Opus", bitrate_kbps=600)

    def test_opus_packets_up_to_120_ms(self):
        """Opus ptime runs in 2.5 ms steps up to 120 ms (RFC 6716): 120 is allowed, 122.5 is not.

        At 120 ms and the default 32 kbit/s: payload 32 kbit/s plus one packet's headers, (40 IP/UDP/RTP + 18
        Ethernet bytes) x 8 bits every 0.120 s = 3.8667 kbit/s, total 35.8667 kbit/s.
        """
        assert voice_bandwidth_kbps("Opus", ptime_ms=120) == pytest.approx(32 + 58 * 8 / 120, rel=1e-9)
        with pytest.raises(ValueError, match="ptime_ms"):
            voice_bandwidth_kbps("Opus", ptime_ms=122.5)
        with pytest.raises(ValueError, match="ptime_ms"):
            voice_bandwidth_kbps("Opus", ptime_ms=20.01)   # not a multiple of 2.5 ms

    def test_result_keeps_its_inputs(self):
        """The result says which room it describes."""
        c = conference_bandwidth("sfu", 4, 300)
        assert (c.topology, c.participants, c.stream_kbps) == ("sfu", 4, 300)
