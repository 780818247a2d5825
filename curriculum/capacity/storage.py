"""Recording storage: bytes of audio from durations, codec bit rates and retention.

A recording's size is its length times its bit rate: ``seconds * kbit/s *
1000 / 8`` bytes (plus a small container header, not modelled). A day's
storage is that summed over the day's recordings, and the steady-state size
of a store that deletes recordings after ``retention_days`` is one day's
storage times the retention.

Sizes are in bytes with decimal prefixes, as storage is sold: 1 kB = 1,000
bytes, 1 GB = 10^9 bytes, 1 TB = 10^12 bytes (:data:`BYTES_PER_GB`,
:data:`BYTES_PER_TB`). Bit rates are the codec's audio rate (G.711 is 64
kbit/s), not the network rate with packet headers: headers are not stored.

>>> recording_storage_per_day_bytes(1_000_000, 60, 64) / BYTES_PER_TB   # G.711
0.48
"""

from __future__ import annotations

from . import _validate as check

__all__ = [
    "BYTES_PER_GB",
    "BYTES_PER_TB",
    "audio_bytes",
    "recording_storage_per_day_bytes",
    "retained_storage_bytes",
]

#: Decimal gigabyte and terabyte, bytes (storage is sold in decimal units).
BYTES_PER_GB = 1e9
BYTES_PER_TB = 1e12

_BITS_PER_BYTE = 8.0


def audio_bytes(duration_s: float, bitrate_kbps: float, channels: int = 1) -> float:
    """Size of one recording, bytes, from its length and the codec's bit rate.

    ``duration_s * bitrate_kbps * 1000 / 8 * channels``. A recording that
    keeps each party of a call on its own channel (dual channel) is twice
    the size of a mono mix.

    Parameters
    ----------
    duration_s : float
        Length of the recording, seconds (>= 0).
    bitrate_kbps : float
        Audio bit rate of one channel, kbit/s (> 0): 64 for G.711, 8 for
        G.729, 6 to 510 for Opus.
    channels : int
        Number of audio channels stored, 1 (mono) or more (default 1).

    Returns
    -------
    float
        Size in bytes (container headers not included).

    Examples
    --------
    >>> audio_bytes(60, 64)            # one minute of G.711: 60 * 64,000 / 8
    480000.0
    >>> audio_bytes(60, 64, channels=2)
    960000.0

    References
    ----------
    ITU-T Recommendation G.711 (8,000 samples/s x 8 bits = 64 kbit/s);
    Cisco, "Voice Over IP - Per Call Bandwidth Consumption", document 7934
    (codec bit rates).
    """
    seconds = check.non_negative("duration_s", duration_s)
    rate = check.positive("bitrate_kbps", bitrate_kbps)
    n = check.whole("channels", channels, minimum=1)
    return seconds * rate * 1000.0 / _BITS_PER_BYTE * n


def recording_storage_per_day_bytes(
    recordings_per_day: float, mean_duration_s: float, bitrate_kbps: float, channels: int = 1
) -> float:
    """Bytes of new recordings a day: recordings x mean length x bit rate / 8.

    Parameters
    ----------
    recordings_per_day : float
        Recordings made per day (>= 0), e.g. voice messages left.
    mean_duration_s : float
        Mean length of one recording, seconds (>= 0).
    bitrate_kbps : float
        Audio bit rate of one channel, kbit/s (> 0).
    channels : int
        Audio channels stored per recording (>= 1, default 1).

    Returns
    -------
    float
        Bytes written per day (decimal: divide by :data:`BYTES_PER_TB` for TB).

    Examples
    --------
    >>> recording_storage_per_day_bytes(3_000_000, 40, 64) / BYTES_PER_TB
    0.96
    >>> recording_storage_per_day_bytes(3_000_000, 40, 32) / BYTES_PER_GB   # Opus at 32 kbit/s
    480.0

    References
    ----------
    ITU-T Recommendation G.711 (64 kbit/s); RFC 6716, "Definition of the Opus
    Audio Codec" (6-510 kbit/s).
    """
    count = check.non_negative("recordings_per_day", recordings_per_day)
    seconds = check.non_negative("mean_duration_s", mean_duration_s)
    return count * audio_bytes(seconds, bitrate_kbps, channels)


def retained_storage_bytes(bytes_per_day: float, retention_days: float) -> float:
    """Steady-state size of a store that deletes each recording after ``retention_days``.

    Once the store has run for ``retention_days``, each day adds one day of
    recordings and deletes the oldest day, so it holds ``bytes_per_day *
    retention_days`` (Little's law, with bytes instead of calls: the amount in
    the system is the arrival rate times the time each byte stays).

    Parameters
    ----------
    bytes_per_day : float
        Bytes of new recordings per day (>= 0).
    retention_days : float
        Days each recording is kept before deletion (>= 0).

    Returns
    -------
    float
        Bytes held once the store is full.

    Examples
    --------
    >>> retained_storage_bytes(0.96e12, 30) / BYTES_PER_TB
    28.8

    References
    ----------
    J. D. C. Little, "A proof for the queuing formula L = lambda W",
    Operations Research 9(3), 1961.
    """
    per_day = check.non_negative("bytes_per_day", bytes_per_day)
    days = check.non_negative("retention_days", retention_days)
    return per_day * days
