"""Tests for curriculum.capacity.video: simulcast upload, simulcast SFU rooms, mesh size, webinars."""

from __future__ import annotations

import pytest

from curriculum.capacity import conference_bandwidth
from curriculum.capacity.video import (
    max_mesh_participants,
    simulcast_room_bandwidth,
    simulcast_upload_kbps,
    thumbnails_within_cap,
    webinar_bandwidth,
)

LAYERS = [2500, 500, 150]  # libwebrtc's 720p, 360p and 180p layers, kbit/s
BAD_REALS = [-1.0, float("nan"), float("inf"), "10", None, True]


class TestSimulcastUploadKbps:
    def test_libwebrtc_layers(self):
        """Three layers: 2,500 + 500 + 150 = 3,150 kbit/s."""
        assert simulcast_upload_kbps(LAYERS) == 3150.0

    def test_order_does_not_matter(self):
        """The sum is the same whichever order the layers are listed in."""
        assert simulcast_upload_kbps((150, 2500, 500)) == simulcast_upload_kbps(LAYERS)

    def test_one_layer_is_no_simulcast(self):
        """A single layer uploads just that layer."""
        assert simulcast_upload_kbps([1200.5]) == 1200.5

    def test_more_than_the_top_layer(self):
        """Property: simulcast always uploads more than its top layer alone."""
        for layers in ([2500, 500, 150], [1000, 300], [800, 800]):
            assert simulcast_upload_kbps(layers) > max(layers)

    @pytest.mark.parametrize("bad", [[], "2500", None, 2500, [2500, 0], [2500, -150], [float("nan")]])
    def test_bad_layers_name_the_parameter(self, bad):
        """Empty lists, text, zero or negative rates are refused, naming layers_kbps."""
        with pytest.raises(ValueError, match="layers_kbps"):
            simulcast_upload_kbps(bad)


class TestMaxMeshParticipants:
    @pytest.mark.parametrize(
        ("upload", "stream", "expected"),
        [
            (4000, 500, 9),   # 4000 / 500 = 8 copies -> 8 peers + me = 9
            (4100, 500, 9),   # 8.2 copies -> still 8 peers
            (3999, 500, 8),   # 7.998 copies -> 7 peers + me
            (500, 500, 2),    # exactly one copy: a two-person call
            (400, 500, 1),    # not even one copy
            (0, 500, 1),      # no upload at all
            (0.3, 0.1, 4),    # 3 copies, despite 0.3 / 0.1 = 2.999... in floating point
        ],
    )
    def test_exact_cases(self, upload, stream, expected):
        """floor(upload / stream) + 1, counting the client itself."""
        assert max_mesh_participants(upload, stream) == expected

    def test_agrees_with_conference_bandwidth(self):
        """Property: the answer fits the mesh upload formula, and one more participant does not."""
        for upload, stream in [(4000, 500), (10_000, 1200), (2500, 150)]:
            n = max_mesh_participants(upload, stream)
            assert conference_bandwidth("mesh", n, stream).client_up_kbps <= upload
            assert conference_bandwidth("mesh", n + 1, stream).client_up_kbps > upload

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_bad_upload(self, bad):
        """A negative, non-finite or non-numeric upload names upload_kbps."""
        with pytest.raises(ValueError, match="upload_kbps"):
            max_mesh_participants(bad, 500)

    @pytest.mark.parametrize("bad", [0, *BAD_REALS])
    def test_bad_stream(self, bad):
        """The stream rate must be > 0."""
        with pytest.raises(ValueError, match="stream_kbps"):
            max_mesh_participants(4000, bad)


class TestSimulcastRoomBandwidth:
    def test_speaker_view_of_ten(self):
        """10 people, speaker view: down = 2,500 + 8 x 150 = 3,700; egress = 10 x 3,700 = 37,000."""
        r = simulcast_room_bandwidth(10, LAYERS)
        assert r.client_up_kbps == 3150.0
        assert r.client_down_kbps == 3700.0
        assert r.server_ingress_kbps == 31_500.0
        assert r.server_egress_kbps == 37_000.0
        assert r.main_streams == 1 and r.thumbnail_kbps == 150.0

    def test_gallery_at_360p(self):
        """6 people in a gallery at 360p: down = 5 x 500 = 2,500; egress = 6 x 2,500 = 15,000."""
        r = simulcast_room_bandwidth(6, LAYERS, main_streams=0, thumbnail_kbps=500)
        assert (r.client_down_kbps, r.server_egress_kbps) == (2500.0, 15_000.0)

    def test_two_party_call(self):
        """Two people: each watches the other at the top layer, 2,500; egress 2 x 2,500 = 5,000."""
        r = simulcast_room_bandwidth(2, LAYERS)
        assert (r.client_down_kbps, r.server_egress_kbps) == (2500.0, 5000.0)

    def test_main_streams_capped_at_the_others(self):
        """Asking for more large videos than there are other people counts as N - 1 of them."""
        r = simulcast_room_bandwidth(3, LAYERS, main_streams=5)
        assert r.main_streams == 2 and r.client_down_kbps == 5000.0

    def test_one_layer_all_large_matches_the_plain_sfu(self):
        """Property: one layer, everyone large, is conference_bandwidth('sfu', ...)."""
        for n in (2, 5, 17):
            r = simulcast_room_bandwidth(n, [800], main_streams=n)
            plain = conference_bandwidth("sfu", n, 800)
            assert (r.client_up_kbps, r.client_down_kbps, r.server_ingress_kbps, r.server_egress_kbps) == (
                plain.client_up_kbps, plain.client_down_kbps, plain.server_ingress_kbps, plain.server_egress_kbps)

    def test_simulcast_cuts_egress_below_forwarding_everything_at_720p(self):
        """Property: for N >= 3, thumbnails cut SFU egress below N (N - 1) x top layer."""
        for n in range(3, 51):
            assert simulcast_room_bandwidth(n, LAYERS).server_egress_kbps < conference_bandwidth(
                "sfu", n, 2500).server_egress_kbps

    def test_egress_grows_with_participants(self):
        """Property: more people never means less egress."""
        egress = [simulcast_room_bandwidth(n, LAYERS).server_egress_kbps for n in range(2, 60)]
        assert egress == sorted(egress)

    def test_thumbnail_must_be_a_sent_layer(self):
        """A receiver can only get a layer the sender sends."""
        with pytest.raises(ValueError, match=r"thumbnail_kbps must be one of the layers \(2500, 500, 150"):
            simulcast_room_bandwidth(4, LAYERS, thumbnail_kbps=300)

    @pytest.mark.parametrize("bad", [1, 0, 2.5, "4", None])
    def test_bad_participants(self, bad):
        """A room needs at least two whole participants."""
        with pytest.raises(ValueError, match="participants must be a whole number >= 2"):
            simulcast_room_bandwidth(bad, LAYERS)

    @pytest.mark.parametrize("bad", [-1, 1.5, None])
    def test_bad_main_streams(self, bad):
        """main_streams is a whole number >= 0."""
        with pytest.raises(ValueError, match="main_streams"):
            simulcast_room_bandwidth(4, LAYERS, main_streams=bad)


class TestWebinarBandwidth:
    def test_three_presenters_five_hundred_viewers_composed(self):
        """Room 3 x 2 x 2,500 = 15,000; feed 3 x 2,500 = 7,500; viewers 500 x 2,500 = 1,250,000."""
        w = webinar_bandwidth(3, 500, 2500)
        assert (w.room_egress_kbps, w.feed_kbps, w.viewer_egress_kbps) == (15_000.0, 7_500.0, 1_250_000.0)
        assert w.total_egress_kbps == 1_272_500.0
        assert (w.presenter_up_kbps, w.presenter_down_kbps, w.viewer_down_kbps) == (2500.0, 5000.0, 2500.0)

    def test_forwarded_streams_multiply_by_presenters(self):
        """Without composing, each viewer gets 3 streams: 500 x 3 x 2,500 = 3,750,000."""
        w = webinar_bandwidth(3, 500, 2500, composed=False)
        assert (w.viewer_down_kbps, w.viewer_egress_kbps) == (7500.0, 3_750_000.0)

    def test_single_presenter_has_no_room_egress(self):
        """One presenter: nobody in the room to forward to; the feed is that one stream."""
        w = webinar_bandwidth(1, 100, 1000)
        assert (w.room_egress_kbps, w.presenter_down_kbps, w.feed_kbps) == (0.0, 0.0, 1000.0)
        assert w.viewer_egress_kbps == 100_000.0

    def test_no_viewers(self):
        """Zero viewers leaves the room and its feed."""
        assert webinar_bandwidth(2, 0, 500).total_egress_kbps == 2 * 1 * 500 + 2 * 500

    def test_viewer_egress_is_linear_in_viewers(self):
        """Property: doubling the viewers doubles their egress."""
        assert webinar_bandwidth(4, 1000, 800).viewer_egress_kbps == 2 * webinar_bandwidth(4, 500, 800).viewer_egress_kbps

    def test_composing_never_costs_more(self):
        """Property: a composed stream per viewer is never more egress than forwarding every presenter."""
        for p in range(1, 8):
            assert webinar_bandwidth(p, 300, 700).total_egress_kbps <= webinar_bandwidth(
                p, 300, 700, composed=False).total_egress_kbps

    @pytest.mark.parametrize(("kwargs", "name"), [
        ({"presenters": 0}, "presenters"), ({"presenters": 2.5}, "presenters"),
        ({"viewers": -1}, "viewers"), ({"stream_kbps": -5}, "stream_kbps"),
        ({"stream_kbps": float("nan")}, "stream_kbps"), ({"composed": "yes"}, "composed"),
    ])
    def test_bad_input_names_the_parameter(self, kwargs, name):
        """Each bad argument is refused with its own name in the message."""
        args = {"presenters": 3, "viewers": 500, "stream_kbps": 2500} | kwargs
        with pytest.raises(ValueError, match=name):
            webinar_bandwidth(**args)


class TestThumbnailsWithinCap:
    @pytest.mark.parametrize("cap, main, thumb, mains, expected", [
        (4000, 2500, 150, 1, 10),   # (4000 - 2500) / 150 = 10 exactly
        (4000, 2500, 500, 1, 3),    # 1500 / 500 = 3
        (4000, 500, 150, 2, 20),    # (4000 - 1000) / 150 = 20
        (4000, 0, 150, 0, 26),      # 4000 / 150 = 26.7 -> 26
        (2000, 2500, 150, 1, 0),    # the speaker alone is over the cap
    ])
    def test_fits_under_the_cap(self, cap, main, thumb, mains, expected):
        """floor((cap - mains x main) / thumbnail), worked by hand."""
        assert thumbnails_within_cap(cap, main, thumb, mains) == expected

    def test_result_fits(self):
        """Property: the thumbnails returned fit, one more would not."""
        n = thumbnails_within_cap(4000, 2500, 180)
        assert 2500 + n * 180 <= 4000 < 2500 + (n + 1) * 180

    @pytest.mark.parametrize("name, args", [
        ("cap_kbps", (0, 100, 10)), ("main_kbps", (100, -1, 10)), ("thumbnail_kbps", (100, 10, 0)),
        ("main_streams", (100, 10, 10, 1.5)),
    ])
    def test_bad_input_names_the_parameter(self, name, args):
        """Bad input is refused by name."""
        with pytest.raises(ValueError, match=name):
            thumbnails_within_cap(*args)



class TestResultsKeepTheirInputs:
    def test_simulcast_room(self):
        r = simulcast_room_bandwidth(5, [150, 500, 1500])
        assert (r.participants, r.layers_kbps, r.main_streams) == (5, (150, 500, 1500), 1)

    def test_webinar(self):
        w = webinar_bandwidth(2, 500, 1000, composed=False)
        assert (w.presenters, w.viewers, w.stream_kbps, w.composed) == (2, 500, 1000, False)

    def test_thumbnail_must_be_one_of_the_layers(self):
        """A thumbnail rate must match a simulcast layer exactly (to 1 part in 10**12)."""
        with pytest.raises(ValueError, match="thumbnail_kbps"):
            simulcast_room_bandwidth(5, [150, 500, 1500], thumbnail_kbps=150.000001)
        assert simulcast_room_bandwidth(5, [150, 500, 1500], thumbnail_kbps=150).thumbnail_kbps == 150


class TestEdgesTheFullMutationRunFound:
    """Boundaries and messages the full mutation run of capacity/ showed no test held."""

    def test_one_kbps_of_room_fits_one_1_kbps_thumbnail(self):
        """Cap 2,501, speaker 2,500: 1 kbit/s of room, so exactly one 1 kbit/s thumbnail fits (not 0)."""
        assert thumbnails_within_cap(2501, 2500, 1) == 1

    def test_bad_thumbnail_rate_names_thumbnail_kbps(self):
        """A zero thumbnail rate is refused with a message that starts with 'thumbnail_kbps'."""
        with pytest.raises(ValueError, match=r"^thumbnail_kbps must be"):
            simulcast_room_bandwidth(6, [2500, 500, 150], thumbnail_kbps=0)
