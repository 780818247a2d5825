"""Tests for curriculum.capacity.storage: recording sizes, storage per day and retention."""

from __future__ import annotations

import pytest

from curriculum.capacity.media import CODEC_KBPS, OPUS_DEFAULT_KBPS
from curriculum.capacity.storage import (
    BYTES_PER_GB,
    BYTES_PER_TB,
    audio_bytes,
    recording_storage_per_day_bytes,
    retained_storage_bytes,
)

BAD_REALS = [-1.0, float("nan"), float("inf"), "10", None, True]


class TestAudioBytes:
    def test_one_minute_of_g711(self):
        """60 s x 64,000 bit/s = 3,840,000 bits; / 8 = 480,000 bytes."""
        assert audio_bytes(60, 64) == 480_000

    def test_one_minute_of_g729(self):
        """60 s x 8,000 bit/s = 480,000 bits; / 8 = 60,000 bytes."""
        assert audio_bytes(60, CODEC_KBPS["G.729"]) == 60_000

    def test_opus_default_is_half_of_g711(self):
        """Opus at libwebrtc's 32 kbit/s default stores half as many bytes as G.711 at 64."""
        assert audio_bytes(45, OPUS_DEFAULT_KBPS) == pytest.approx(audio_bytes(45, CODEC_KBPS["G.711"]) / 2)

    def test_dual_channel_doubles(self):
        """Each party on its own channel: 2 x 480,000 = 960,000 bytes for a G.711 minute."""
        assert audio_bytes(60, 64, channels=2) == 960_000

    def test_zero_length_is_zero(self):
        """An empty recording takes no audio bytes."""
        assert audio_bytes(0, 64) == 0

    def test_linear_in_duration_and_rate(self):
        """Twice as long or twice the bit rate is twice the bytes."""
        base = audio_bytes(37, 24)
        assert audio_bytes(74, 24) == pytest.approx(2 * base)
        assert audio_bytes(37, 48) == pytest.approx(2 * base)

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_bad_duration_names_the_parameter(self, bad):
        """A negative, infinite or non-numeric duration is refused by name."""
        with pytest.raises(ValueError, match="duration_s must be"):
            audio_bytes(bad, 64)

    @pytest.mark.parametrize("bad", [0, *BAD_REALS])
    def test_bad_bitrate_names_the_parameter(self, bad):
        """The bit rate must be a positive number."""
        with pytest.raises(ValueError, match="bitrate_kbps must be (a number )?> 0"):
            audio_bytes(60, bad)

    @pytest.mark.parametrize("bad", [0, 1.5, -1, "2", None])
    def test_bad_channels_names_the_parameter(self, bad):
        """Channels are a whole number, at least 1."""
        with pytest.raises(ValueError, match="channels must be a whole number >= 1"):
            audio_bytes(60, 64, channels=bad)


class TestRecordingStoragePerDay:
    def test_three_million_g711_messages_of_40_s(self):
        """3,000,000 x 40 s x 64,000 / 8 = 9.6e11 bytes = 0.96 TB a day."""
        assert recording_storage_per_day_bytes(3_000_000, 40, 64) == pytest.approx(0.96 * BYTES_PER_TB)

    def test_opus_at_32_kbps(self):
        """The same messages at 32 kbit/s: 4.8e11 bytes = 480 GB a day."""
        assert recording_storage_per_day_bytes(3_000_000, 40, 32) == pytest.approx(480 * BYTES_PER_GB)

    def test_is_count_times_one_recording(self):
        """A day's storage is the number of recordings times one recording's size."""
        assert recording_storage_per_day_bytes(1234, 51, 24, 2) == pytest.approx(1234 * audio_bytes(51, 24, 2))

    def test_no_recordings_no_storage(self):
        """Zero recordings a day write nothing."""
        assert recording_storage_per_day_bytes(0, 40, 64) == 0

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_bad_count_names_the_parameter(self, bad):
        """A negative or non-numeric recording count is refused by name."""
        with pytest.raises(ValueError, match="recordings_per_day must be"):
            recording_storage_per_day_bytes(bad, 40, 64)

    def test_checks_the_recording_arguments_too(self):
        """The duration and bit rate are checked as in audio_bytes."""
        with pytest.raises(ValueError, match="mean_duration_s must be"):
            recording_storage_per_day_bytes(10, -1, 64)
        with pytest.raises(ValueError, match="bitrate_kbps"):
            recording_storage_per_day_bytes(10, 40, 0)


class TestRetainedStorage:
    def test_thirty_days(self):
        """0.96 TB a day kept 30 days: 30 x 0.96 = 28.8 TB once the store is full."""
        assert retained_storage_bytes(0.96 * BYTES_PER_TB, 30) == pytest.approx(28.8 * BYTES_PER_TB)

    def test_grows_with_retention(self):
        """Longer retention holds proportionally more."""
        assert retained_storage_bytes(5e9, 90) == pytest.approx(3 * retained_storage_bytes(5e9, 30))

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_bad_retention_names_the_parameter(self, bad):
        """Retention must be a finite number of days >= 0."""
        with pytest.raises(ValueError, match="retention_days must be"):
            retained_storage_bytes(1e9, bad)

    @pytest.mark.parametrize("bad", BAD_REALS)
    def test_bad_daily_bytes_names_the_parameter(self, bad):
        """Daily bytes must be a finite number >= 0."""
        with pytest.raises(ValueError, match="bytes_per_day must be"):
            retained_storage_bytes(bad, 30)
