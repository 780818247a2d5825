"""Week 4 widgets: sender rates from the registry, burst numbers from the library, charts, explorer, choice check."""

from __future__ import annotations

import pytest

from curriculum import facts
from curriculum.capacity import drain_time_s, sms_segments
from curriculum.capacity.senders import mps_to_provision
from curriculum.design import grade
from curriculum.widgets.messaging import (
    LESSON_OTP_RECIPIENTS,
    LESSON_OTP_TEXT,
    LESSON_OTP_WINDOW_S,
    SENDER_TYPES,
    burst_explorer,
    burst_summary,
    drain_time_chart,
    format_duration,
    otp_burst_answer,
    over_engineered_otp_answer,
    sender_rates,
)


class TestSenderRates:
    def test_every_rate_comes_from_the_registry(self):
        """Each row's MPS, source and date are the registry's, for every sender type."""
        rows = sender_rates()
        assert [r["key"] for r in rows] == [key for _, key in SENDER_TYPES]
        for r in rows:
            f = facts.fact(r["key"])
            assert (r["mps"], r["source"], r["checked"]) == (f.value, f.source, f.checked.isoformat())

    def test_slowest_first(self):
        """Rows are ordered by throughput, so the bar chart reads from slow to fast."""
        mps = [r["mps"] for r in sender_rates()]
        assert mps == sorted(mps)

    def test_only_10dlc_is_per_campaign(self):
        """The 10DLC rows, and only they, are carrier limits on the whole campaign."""
        for r in sender_rates():
            assert r["per_campaign"] == r["key"].startswith("messaging.us_10dlc.")

    def test_10dlc_rows_are_campaign_totals(self):
        """The 10DLC rows carry the registry's per-campaign total and its note, for the lesson to show."""
        row = next(r for r in sender_rates() if r["key"] == "messaging.us_10dlc.campaign_mps_high")
        assert row["mps"] == facts.value(row["key"]) and "campaign" in row["note"]


class TestFormatDuration:
    @pytest.mark.parametrize("seconds, text", [(0, "0 s"), (89, "89 s"), (90, "1.5 min"), (600, "10.0 min"),
                                               (5_400, "1.5 h"), (36_000, "10.0 h"), (172_800, "2.0 days")])
    def test_units_switch_at_readable_points(self, seconds, text):
        """Seconds up to 90 s, minutes up to 90 min, hours up to 48 h, then days."""
        assert format_duration(seconds) == text

    @pytest.mark.parametrize("bad", [-1, float("inf"), float("nan")])
    def test_bad_input(self, bad):
        """Negative or non-finite durations are refused by name."""
        with pytest.raises(ValueError, match="seconds"):
            format_duration(bad)


class TestBurstSummary:
    def test_lesson_burst_on_one_short_code(self):
        """1,000,000 one-segment codes at 100 MPS: 10,000 s, 17 short codes for 10 minutes, no overflow."""
        # The inputs this working uses: a short code sends 100 segments/s; a Verify code lives 10 minutes;
        # the queue holds 10 hours of sending.
        assert facts.value("messaging.mps.short_code") == 100
        assert facts.value("verify.code_expiry_default") == 10
        assert facts.value("messaging.queue.max_hours") == 10
        # "Your code is 123456": 19 GSM-7 characters, under 160, so one segment a message.
        s = burst_summary("Your code is 123456", 1_000_000, "Short code")
        assert (s["encoding"], s["segments_per_message"], s["segments"]) == ("GSM-7", 1, 1_000_000)
        assert s["drain_s"] == 10_000              # 1,000,000 segments / 100 per s
        assert s["deadline_s"] == 600              # 10 min x 60
        assert s["senders_for_deadline"] == 17     # 1,000,000 / (100 x 600) = 16.7, rounded up
        assert s["queue_capacity_segments"] == 3_600_000   # 100 per s x 10 h x 3,600 s
        assert s["overflow_segments"] == 0         # 1,000,000 fit under 3,600,000
        five = burst_summary("Your code is 123456", 1_000_000, "Short code", senders=5)
        assert (five["pool_mps"], five["drain_s"]) == (500, 2_000)   # 5 x 100 per s; 1,000,000 / 500

    def test_one_emoji_counts_in_the_burst(self):
        """An emoji switches to UCS-2 and multiplies the segments, the drain time and the senders needed."""
        plain = burst_summary("x" * 160, 10_000, "US long code (one number)")
        emoji = burst_summary("x" * 159 + "😀", 10_000, "US long code (one number)")
        assert (plain["segments_per_message"], emoji["segments_per_message"]) == (1, 3)
        assert emoji["drain_s"] == 3 * plain["drain_s"]
        assert emoji["non_gsm_characters"] == ("😀",)

    def test_long_code_overflows(self):
        """A million segments on one 1 MPS long code: all but 10 h × 3,600 s = 36,000 are refused."""
        s = burst_summary("Your code is 123456", 1_000_000, "US long code (one number)")
        assert s["queue_capacity_segments"] == 36_000
        assert s["overflow_segments"] == 964_000

    def test_more_senders_drain_faster_except_10dlc(self):
        """Pooling short codes divides the drain time; a 10DLC campaign's rate does not grow with numbers."""
        one = burst_summary("hi", 100_000, "Short code", senders=1)
        four = burst_summary("hi", 100_000, "Short code", senders=4)
        assert four["drain_s"] == pytest.approx(one["drain_s"] / 4)
        dlc1 = burst_summary("hi", 100_000, "10DLC campaign, trust 50-74", senders=1)
        dlc4 = burst_summary("hi", 100_000, "10DLC campaign, trust 50-74", senders=4)
        assert dlc4["drain_s"] == dlc1["drain_s"] and dlc4["senders_for_deadline"] is None

    def test_bad_input(self):
        """An unknown sender, zero senders or a non-positive deadline name the parameter."""
        with pytest.raises(ValueError, match="sender"):
            burst_summary("hi", 10, "Carrier pigeon")
        with pytest.raises(ValueError, match="senders"):
            burst_summary("hi", 10, "Short code", senders=0)
        with pytest.raises(ValueError, match="deadline_min"):
            burst_summary("hi", 10, "Short code", deadline_min=0)


class TestDrainTimeChart:
    def test_one_bar_per_sender_on_a_log_scale(self):
        """Nine bars, log x axis, the highlighted sender in another colour, lines in the legend."""
        fig = drain_time_chart(1_000_000, deadline_s=600, deadline_label="code expiry", queue_hours=10,
                               highlight="Short code")
        ax = fig.axes[0]
        bars = ax.patches
        assert ax.get_xscale() == "log" and len(bars) == len(SENDER_TYPES)
        colours = {tuple(b.get_facecolor()) for b in bars}
        assert len(colours) == 2
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[0].startswith("code expiry") and labels[1].startswith("queue limit")

    def test_bar_lengths_are_drain_times(self):
        """Each bar's width is segments ÷ that sender's MPS."""
        fig = drain_time_chart(36_000)
        widths = [b.get_width() for b in fig.axes[0].patches]
        assert widths == [drain_time_s(36_000, r["mps"]) for r in sender_rates()]
        by_label = dict(zip((r["label"] for r in sender_rates()), widths))
        assert by_label["Short code"] == 360                     # 36,000 segments / 100 per s
        assert by_label["US long code (one number)"] == 36_000   # 36,000 / 1 per s

    def test_unknown_highlight(self):
        """A highlight that is not a sender label is refused."""
        with pytest.raises(ValueError, match="sender"):
            drain_time_chart(1_000, highlight="Fax")


class TestBurstExplorer:
    def test_four_controls_start_at_the_lesson_example(self):
        """Message, burst size, sender type and senders, starting at a million codes on one short code."""
        box = burst_explorer()
        text, size, sender, senders = box.children[0].children
        assert (size.value, sender.value, senders.value) == (1_000_000, "Short code", 1)
        assert "course-explorer" in box._dom_classes

    def test_redraws_when_a_control_moves(self, capsys):
        """Changing the sender type reruns the drawing with the new sender's numbers."""
        box = burst_explorer()
        capsys.readouterr()
        box.children[0].children[2].value = "US long code (one number)"
        printed = capsys.readouterr().out
        assert f"US long code (one number) at {facts.value('messaging.mps.us_long_code'):g} MPS" in printed and "overflow" in printed


class TestWorkedAnswers:
    def test_strong_answer_earns_full_marks(self):
        """Design A earns every rubric point."""
        result = grade(otp_burst_answer())
        assert result.score == result.max_score

    def test_strong_answer_numbers_are_the_library_s(self):
        """Its segments per second and short codes are computed, not typed."""
        metrics = {m["name"]: m["value"] for m in otp_burst_answer()["problem_definition"]["metrics"]}
        segments = LESSON_OTP_RECIPIENTS * sms_segments(LESSON_OTP_TEXT).segments
        short = facts.value("messaging.mps.short_code")
        assert metrics["segments per second at peak"] == round(segments / LESSON_OTP_WINDOW_S, 1)
        assert metrics["segments per second at peak"] == 1_666.7   # 1,000,000 one-segment codes / 600 s
        # 1,000,000 one-segment codes in 600 s = 1,666.7 segments/s, bought in steps of one short code's 100
        assert metrics["short code throughput to buy"] == mps_to_provision(segments, LESSON_OTP_WINDOW_S, short) == 1_700

    def test_over_engineered_answer_loses_context_fit(self):
        """Design B is flagged for a reflex split into services and for a diagram over one page."""
        result = grade(over_engineered_otp_answer())
        assert not result.item("context_fit").full_marks
        assert not result.item("one_page").full_marks
        assert result.score < grade(otp_burst_answer()).score
