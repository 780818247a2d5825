"""Tests for curriculum.capacity.senders: sizing a sender pool for an SMS burst."""

from __future__ import annotations

import math

import pytest

from curriculum.capacity.messaging import drain_time_s, sms_segments
from curriculum.capacity.senders import (
    campaign_segments,
    mps_to_provision,
    mps_needed,
    queue_capacity_segments,
    queue_overflow_segments,
    senders_for,
)


class TestCampaignSegments:
    def test_one_segment_message(self):
        """A 160-character GSM-7 text is one segment, so 1,000 recipients cost 1,000 segments."""
        assert campaign_segments("x" * 160, 1_000) == 1_000

    def test_one_emoji_triples_the_cost(self):
        """159 GSM-7 characters + one emoji: UCS-2, 159 + 2 = 161 units, ceil(161 / 67) = 3 segments each."""
        assert campaign_segments("x" * 159 + "😀", 1_000) == 3_000

    def test_escape_character_spills_into_a_second_segment(self):
        """159 characters + '€' = 161 septets > 160, so 2 segments each (153 + 8)."""
        assert campaign_segments("x" * 159 + "€", 10) == 20

    def test_matches_the_segment_counter(self):
        """Property: always recipients × sms_segments(text).segments."""
        for text in ("Hi", "Código 123456", "{" * 90, "😀" * 40):
            assert campaign_segments(text, 7) == 7 * sms_segments(text).segments

    def test_zero_recipients(self):
        """No recipients, no segments."""
        assert campaign_segments("hello", 0) == 0

    @pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
    def test_recipients_must_be_a_whole_number(self, bad):
        """A negative, fractional or non-numeric recipient count names the parameter."""
        with pytest.raises(ValueError, match="recipients"):
            campaign_segments("hello", bad)


class TestMpsNeeded:
    def test_exact_cases(self):
        """1,000,000 / 600 s = 1,666.67 segments/s; 36,000 / 3,600 s = 10."""
        assert mps_needed(1_000_000, 600) == pytest.approx(1_666.6667, rel=1e-6)
        assert mps_needed(36_000, 3_600) == 10

    def test_inverse_of_drain_time(self):
        """Property: draining at exactly the needed rate takes exactly the deadline."""
        for segments, deadline in ((1_000_000, 600), (12_345, 17.5), (3, 0.1)):
            assert drain_time_s(segments, mps_needed(segments, deadline)) == pytest.approx(deadline)

    @pytest.mark.parametrize("kwargs, name", [({"segments": -1, "deadline_s": 1}, "segments"),
                                              ({"segments": 1, "deadline_s": 0}, "deadline_s")])
    def test_bad_input(self, kwargs, name):
        """Negative segments or a zero deadline raise ValueError naming the parameter."""
        with pytest.raises(ValueError, match=name):
            mps_needed(**kwargs)


class TestSendersFor:
    def test_rounds_up(self):
        """1,000,000 / (100 × 600) = 16.67, so 17 short codes (16 would take 625 s)."""
        assert senders_for(1_000_000, 100, 600) == 17
        assert drain_time_s(1_000_000, 16 * 100) > 600 >= drain_time_s(1_000_000, 17 * 100)

    def test_exact_fit_adds_no_sender(self):
        """36,000 segments at 1 MPS in 36,000 s is exactly one sender; 0.1 + 0.2 float noise adds none."""
        assert senders_for(36_000, 1, 36_000) == 1
        assert senders_for(0.1 + 0.2, 0.3, 1) == 1  # 0.30000000000000004 / 0.3
        assert senders_for(60_000, 100, 600) == 1

    def test_empty_burst(self):
        """No segments need no senders."""
        assert senders_for(0, 1, 60) == 0

    def test_enough_and_no_more(self):
        """Property: n senders meet the deadline and n - 1 do not."""
        for segments, mps, deadline in ((1_000_000, 1, 3_600), (250_000, 3, 900), (7_777, 75, 60), (10, 100, 1)):
            n = senders_for(segments, mps, deadline)
            assert n * mps * deadline >= segments * (1 - 1e-12)
            assert (n - 1) * mps * deadline < segments

    def test_more_time_never_needs_more_senders(self):
        """Property: the count falls (or stays) as the deadline grows."""
        counts = [senders_for(1_000_000, 3, d) for d in (60, 600, 3_600, 36_000, 86_400)]
        assert counts == sorted(counts, reverse=True)

    @pytest.mark.parametrize("args, name", [((-5, 1, 1), "segments"), ((5, 0, 1), "mps_per_sender"),
                                            ((5, 1, -1), "deadline_s"), ((5, float("nan"), 1), "mps_per_sender")])
    def test_bad_input(self, args, name):
        """Each bad argument is named with its valid range."""
        with pytest.raises(ValueError, match=name):
            senders_for(*args)


class TestQueue:
    def test_long_code_queue(self):
        """Twilio's own example: 10 h on a 1 MPS long code is 36,000 segments (1 × 10 × 3,600)."""
        assert queue_capacity_segments(1, 10) == 36_000

    def test_older_four_hour_copy(self):
        """The older 4 h figure would give 1 × 4 × 3,600 = 14,400 segments."""
        assert queue_capacity_segments(1, 4) == 14_400

    def test_overflow_on_one_long_code(self):
        """A million segments at once on one long code: 1,000,000 - 36,000 = 964,000 refused."""
        assert queue_overflow_segments(1_000_000, 1, 10) == 964_000

    def test_no_overflow_when_it_fits(self):
        """A short code queues 100 × 10 × 3,600 = 3.6 million segments, so a million fit."""
        assert queue_overflow_segments(1_000_000, 100, 10) == 0

    def test_overflow_plus_queued_is_the_burst(self):
        """Property: refused + accepted = submitted, and refusals fall as the rate grows."""
        refused = []
        for mps in (1, 3, 25, 100):
            over = queue_overflow_segments(500_000, mps, 10)
            accepted = min(500_000, queue_capacity_segments(mps, 10))
            assert over + accepted == 500_000
            refused.append(over)
        assert refused == sorted(refused, reverse=True)

    def test_queue_drains_in_its_time_limit(self):
        """Property: a full queue drains in exactly max_queue_hours."""
        for mps, hours in ((1, 10), (3, 4), (100, 10)):
            assert drain_time_s(queue_capacity_segments(mps, hours), mps) == pytest.approx(hours * 3600)

    @pytest.mark.parametrize("args, name", [((0, 10), "mps"), ((1, 0), "max_queue_hours"), ((1, math.inf), "max_queue_hours")])
    def test_bad_input(self, args, name):
        """Zero or infinite arguments name the parameter."""
        with pytest.raises(ValueError, match=name):
            queue_capacity_segments(*args)

    def test_overflow_bad_segments(self):
        """Negative segments are refused by name."""
        with pytest.raises(ValueError, match="segments"):
            queue_overflow_segments(-1, 1, 10)


class TestMpsToProvision:
    @pytest.mark.parametrize("segments, deadline_s, step, expected", [
        (1_000_000, 600, 100, 1_700.0),   # 1,666.7 segments/s -> next 100 is 1,700
        (370_000, 900, 100, 500.0),       # 411.1 -> 500
        (60_000, 600, 100, 100.0),        # exactly 100: no extra step from float noise
        (90_000, 600, 25, 150.0),         # 150 exactly in steps of 25
        (0, 60, 100, 0.0),                # nothing to send
    ])
    def test_rounds_up_to_the_next_step(self, segments, deadline_s, step, expected):
        """Throughput to buy = ceil(segments / deadline / step) x step, worked by hand."""
        assert mps_to_provision(segments, deadline_s, step) == expected

    def test_meets_the_deadline(self):
        """Property: at the provisioned rate the burst drains within the deadline."""
        for segments in (1, 999, 123_457, 2_000_000):
            assert drain_time_s(segments, mps_to_provision(segments, 900)) <= 900

    @pytest.mark.parametrize("name, args", [
        ("segments", (-1, 60)), ("deadline_s", (10, 0)), ("increment_mps", (10, 60, 0)),
    ])
    def test_bad_input_names_the_parameter(self, name, args):
        """Bad input is refused by name."""
        with pytest.raises(ValueError, match=name):
            mps_to_provision(*args)



class TestRoundingTolerance:
    """senders_for rounds a ratio within one part in 10**9 of a whole number to it, and rounds the rest up."""

    def test_within_a_billionth_counts_as_whole(self):
        # 3,000,000,001 segments / (1 per s x 1e9 s) = 3.000000001: 1e-9 over 3, inside 3e-9, so 3 senders
        assert senders_for(3_000_000_001, 1, 1e9) == 3

    def test_just_over_one_rounds_up(self):
        # 1,000,000,001.5 / 1e9 = 1.0000000015: 1.5e-9 over 1 is outside 1e-9 x max(1, ratio), so 2 senders
        assert senders_for(1_000_000_001.5, 1, 1e9) == 2


class TestMpsToProvisionFloatNoise:
    """The full mutation run of capacity/ showed no test held the snap to a whole number of increments."""

    def test_a_whole_answer_is_not_rounded_up_by_float_noise(self):
        """21,000 segments in 0.7 s is 30,000 segments/s exactly (21 / 0.7 = 30): 300 steps of 100, or 30,000
        steps of 1, though floats give 300.00000000000006 and 30000.000000000004 steps; ceil would add one."""
        assert mps_to_provision(21_000, 0.7, increment_mps=100) == 30_000.0
        assert mps_to_provision(21_000, 0.7, increment_mps=1) == 30_000.0
