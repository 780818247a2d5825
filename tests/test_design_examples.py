"""The worked example answers shown in the lessons quote numbers the capacity library agrees with."""

from __future__ import annotations

from curriculum.capacity import trunks_for
from curriculum.design.examples import strong_voice_answer


def _metric(answer, word):
    return next(m for m in answer["problem_definition"]["metrics"] if word in m["name"])


class TestStrongVoiceAnswer:
    def test_trunk_count_is_erlang_b_at_one_percent(self):
        """'trunks needed' is the smallest trunk group that blocks at most 1% of 10,000 Erlangs."""
        answer = strong_voice_answer()
        assert _metric(answer, "trunks")["value"] == trunks_for(_metric(answer, "concurrent")["value"], 0.01)

    def test_storage_matches_messages_and_bitrate(self):
        """30 days of 60 s messages at 32 kbit/s from 4,000,000 messages a day is about 29 TB."""
        answer = strong_voice_answer()
        per_day = _metric(answer, "recorded per day")["value"]
        bytes_30_days = per_day * 60 * 32_000 / 8 * 30  # messages × s × bit/s ÷ 8 × days
        assert abs(bytes_30_days / 1e12 - _metric(answer, "storage")["value"]) < 0.5
