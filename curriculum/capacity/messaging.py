"""SMS segments and send-queue drain time.

An SMS carries 140 octets (1,120 bits) of user data. In the GSM-7 alphabet
a character is a 7-bit septet, so one message holds 160 of them; characters
from the extension table (``^ { } \\ [ ~ ] |``, the euro sign and form feed)
are sent as an escape septet plus a second septet and cost two. A single
character outside GSM-7 switches the whole message to UCS-2, where every
UTF-16 code unit costs 16 bits: 70 per message, and characters outside the
Basic Multilingual Plane (most emoji) take two units.

A longer message is split into segments, each starting with a 6-octet user
data header (48 bits) that lets the handset reassemble them, leaving 153
septets or 67 UTF-16 units per segment. Carriers bill, and Twilio rate
limits, per segment.

Counting here follows Twilio's open-source segment calculator
(TwilioDevEd/message-segment-calculator, npm ``sms-segments-calculator``
1.3.0) with Smart Encoding off, step for step:

* The text is split into user-perceived characters (extended grapheme
  clusters); ``"\\r\\n"`` counts as two characters, CR and LF.
* The message is GSM-7 only if every character is a single code point found
  in the GSM-7 basic or extension table; otherwise UCS-2.
* Characters are packed whole, in order, into 1,120-bit segments. When one
  does not fit, a new segment (with its 48-bit header) is opened; the first
  segment then also gets its header and hands over the characters that no
  longer fit. A character is never split across segments, so an escape pair
  (GSM-7) or a whole emoji (UCS-2) moves to the next segment, and
  ``ceil(units / 153)`` can undercount.

The calculator splits characters with the ``grapheme-splitter`` package
(UAX #29 with Unicode 10 data). Python's standard library has no grapheme
splitter, so this module carries a compact version of those rules
(combining marks, zero-width-joiner emoji sequences, skin-tone modifiers,
flag pairs, Hangul syllables) driven by :mod:`unicodedata`. It agrees with
the calculator on the text that matters for SMS; a few rare marks can
cluster differently, which only changes a count when such a cluster
straddles a segment boundary.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from . import _validate as check

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "SegmentInfo",
    "sms_segments",
    "drain_time_s",
]

#: The 127 characters of the GSM 03.38 / 3GPP TS 23.038 default alphabet that
#: cost one septet (position 0x1B, the escape, is not a character). Position
#: 0x09 is the capital C-cedilla, as in the calculator; some implementations
#: read it as the small one, but here (as there) a small "ç" means UCS-2.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

#: The 10 extension-table characters, each sent as escape + septet (2 septets).
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

_SEGMENT_BITS = 1120  # 140 octets of user data
_HEADER_BITS = 48  # 6-octet concatenation header in every segment of a long message


@dataclass(frozen=True)
class SegmentInfo:
    """How an SMS body is encoded and split into segments.

    Attributes
    ----------
    encoding : str
        ``"GSM-7"`` or ``"UCS-2"``.
    segments : int
        Number of segments billed and rate-limited (1 for an empty body).
    units : int
        Length in the encoding's own unit: septets (GSM-7) or UTF-16 code
        units (UCS-2).
    septets : int or None
        GSM-7 length in septets (extension characters count 2); ``None``
        for a UCS-2 message.
    code_units : int or None
        UCS-2 length in UTF-16 code units (emoji outside the BMP count 2);
        ``None`` for a GSM-7 message.
    characters : int
        User-perceived characters (grapheme clusters, CR and LF counted
        apart).
    units_per_segment : int
        Capacity that applied: 160 or 153 septets, 70 or 67 code units.
    segment_units : tuple of int
        Units placed in each segment, in order (shows the padding left when
        an escape pair or an emoji moves to the next segment).
    non_gsm_characters : tuple of str
        Characters that forced UCS-2, each once, in order of appearance.
    """

    encoding: str
    segments: int
    units: int
    septets: int | None
    code_units: int | None
    characters: int
    units_per_segment: int
    segment_units: tuple[int, ...]
    non_gsm_characters: tuple[str, ...]


def sms_segments(text: str) -> SegmentInfo:
    """Encoding and segment count of an SMS body, as Twilio's calculator counts.

    Parameters
    ----------
    text : str
        The message body (Smart Encoding off: curly quotes and the like stay
        as typed and force UCS-2).

    Returns
    -------
    SegmentInfo
        Encoding, segment count and lengths (septets or UTF-16 code units).
        An empty body is one GSM-7 segment of 0 septets, as in the
        calculator (Twilio's API itself refuses a message with no body and
        no media).

    Examples
    --------
    >>> info = sms_segments("Your code is 123456")
    >>> info.encoding, info.segments, info.septets
    ('GSM-7', 1, 19)
    >>> sms_segments("x" * 161).segments          # 161 > 160: two of 153 + 8
    2
    >>> sms_segments("[" + "x" * 150).septets     # "[" is escape + septet
    152
    >>> info = sms_segments("On my way 😀")
    >>> info.encoding, info.code_units, info.segments
    ('UCS-2', 12, 1)
    >>> sms_segments("x" * 152 + "€" + "x" * 10).segment_units  # "€" not split
    (152, 12)

    References
    ----------
    TwilioDevEd/message-segment-calculator (npm sms-segments-calculator 1.3.0),
    src/libs/SegmentedMessage.ts and Segment.ts; Twilio docs,
    twilio.com/docs/glossary/what-is-gsm-7-character-encoding and
    .../what-is-ucs-2-character-encoding; 3GPP TS 23.038 (GSM 7-bit
    alphabet) and TS 23.040 (concatenation header); Unicode UAX #29.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str (the SMS body), got {type(text).__name__}")
    clusters = _graphemes(text)
    non_gsm = [c for c in clusters if not (len(c) == 1 and (c in GSM7_BASIC or c in GSM7_EXTENSION))]
    if non_gsm:
        encoding, bits_per_unit = "UCS-2", 16
        sizes = [_utf16_units(c) for c in clusters]
    else:
        encoding, bits_per_unit = "GSM-7", 7
        sizes = [2 if c in GSM7_EXTENSION else 1 for c in clusters]
    segment_units = _pack(sizes, bits_per_unit)
    units = sum(sizes)
    multi = len(segment_units) > 1
    capacity = (_SEGMENT_BITS - (_HEADER_BITS if multi else 0)) // bits_per_unit
    return SegmentInfo(
        encoding=encoding,
        segments=len(segment_units),
        units=units,
        septets=units if encoding == "GSM-7" else None,
        code_units=units if encoding == "UCS-2" else None,
        characters=len(clusters),
        units_per_segment=capacity,
        segment_units=tuple(segment_units),
        non_gsm_characters=tuple(dict.fromkeys(non_gsm)),
    )


def _pack(sizes: list[int], bits_per_unit: int) -> list[int]:
    """Pack characters (sizes in units) into segments, as the calculator does.

    Returns the units placed in each segment. Mirrors Segment.ts: a segment
    holds 1,120 bits; the first segment only pays for its 48-bit header once
    a second segment is needed, and then hands over characters from its end
    until it fits again.
    """
    segments: list[list[int]] = [[]]
    used = [0]  # bits used per segment, header included
    has_header = [False]
    for size in sizes:
        bits = size * bits_per_unit
        if _SEGMENT_BITS - used[-1] < bits:
            segments.append([])
            used.append(_HEADER_BITS)
            has_header.append(True)
            prev = len(segments) - 2
            if not has_header[prev]:
                has_header[prev] = True
                used[prev] += _HEADER_BITS
                moved: list[int] = []
                while _SEGMENT_BITS - used[prev] < 0:
                    last = segments[prev].pop()
                    used[prev] -= last * bits_per_unit
                    moved.insert(0, last)
                segments[-1].extend(moved)
                used[-1] += sum(moved) * bits_per_unit
        segments[-1].append(size)
        used[-1] += bits
    return [sum(seg) for seg in segments]


def _utf16_units(cluster: str) -> int:
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in cluster)


# --- grapheme clusters (compact UAX #29, Unicode 10 emoji rules) ----------
#
# grapheme-splitter 1.0.4 implements UAX #29 with Unicode 10.0 data, whose
# emoji rules differ from today's: a skin-tone modifier only joins an
# "emoji base" (GB10), and after a zero-width joiner only a short list of
# code points ("glue after ZWJ") joins (GB11). Those lists, from the Unicode
# 10.0 GraphemeBreakProperty data, are written out below; the rest of the
# classes come from unicodedata's general categories.

(
    _OTHER,
    _CONTROL,
    _EXTEND,
    _ZWJ,
    _SPACING,
    _PREPEND,
    _RI,
    _L,
    _V,
    _T,
    _LV,
    _LVT,
    _E_BASE,
    _E_MODIFIER,
    _GAZ,
    _EBG,
) = range(16)

_E_BASE_RANGES = (
    (0x261D, 0x261D),
    (0x26F9, 0x26F9),
    (0x270A, 0x270D),
    (0x1F385, 0x1F385),
    (0x1F3C2, 0x1F3C4),
    (0x1F3C7, 0x1F3C7),
    (0x1F3CA, 0x1F3CC),
    (0x1F442, 0x1F443),
    (0x1F446, 0x1F450),
    (0x1F46E, 0x1F46E),
    (0x1F470, 0x1F478),
    (0x1F47C, 0x1F47C),
    (0x1F481, 0x1F483),
    (0x1F485, 0x1F487),
    (0x1F4AA, 0x1F4AA),
    (0x1F574, 0x1F575),
    (0x1F57A, 0x1F57A),
    (0x1F590, 0x1F590),
    (0x1F595, 0x1F596),
    (0x1F645, 0x1F647),
    (0x1F64B, 0x1F64F),
    (0x1F6A3, 0x1F6A3),
    (0x1F6B4, 0x1F6B6),
    (0x1F6C0, 0x1F6C0),
    (0x1F6CC, 0x1F6CC),
    (0x1F918, 0x1F91C),
    (0x1F91E, 0x1F91F),
    (0x1F926, 0x1F926),
    (0x1F930, 0x1F939),
    (0x1F93D, 0x1F93E),
    (0x1F9D1, 0x1F9DD),
)
_GLUE_AFTER_ZWJ = frozenset(
    (
        0x2640,
        0x2642,
        0x2695,
        0x2696,
        0x2708,
        0x2764,
        0x1F308,
        0x1F33E,
        0x1F373,
        0x1F393,
        0x1F3A4,
        0x1F3A8,
        0x1F3EB,
        0x1F3ED,
        0x1F48B,
        0x1F4BB,
        0x1F4BC,
        0x1F527,
        0x1F52C,
        0x1F5E8,
        0x1F680,
        0x1F692,
    )
)
_PREPEND_RANGES = (
    (0x0600, 0x0605),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E),
    (0x110BD, 0x110BD),
    (0x111C2, 0x111C3),
    (0x11A3A, 0x11A3A),
    (0x11A86, 0x11A89),
    (0x11D46, 0x11D46),
)
# Spacing marks that UAX #29 does not treat as SpacingMark (they break).
_NOT_SPACING = frozenset(
    (
        0x102B,
        0x102C,
        0x1038,
        0x1062,
        0x1063,
        0x1064,
        0x1067,
        0x1068,
        0x1069,
        0x106A,
        0x106B,
        0x106C,
        0x106D,
        0x1083,
        0x1087,
        0x1088,
        0x1089,
        0x108A,
        0x108B,
        0x108C,
        0x108F,
        0x109A,
        0x109B,
        0x109C,
        0x1A61,
        0x1A63,
        0x1A64,
        0xAA7B,
        0xAA7D,
        0x11720,
        0x11721,
    )
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _break_class(ch: str) -> int:
    cp = ord(ch)
    if cp < 0x300:  # fast path: Latin text, CR, LF and C0/C1 controls
        if cp < 0x20 or 0x7F <= cp < 0xA0 or cp == 0xAD:
            return _CONTROL
        return _OTHER
    if cp == 0x200D:
        return _ZWJ
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return _RI
    if 0x1F3FB <= cp <= 0x1F3FF:
        return _E_MODIFIER
    if 0x1F466 <= cp <= 0x1F469:
        return _EBG
    if cp in _GLUE_AFTER_ZWJ:
        return _GAZ
    if _in_ranges(cp, _E_BASE_RANGES):
        return _E_BASE
    if _in_ranges(cp, _PREPEND_RANGES):
        return _PREPEND
    if 0xE0020 <= cp <= 0xE007F or cp in (0x200C, 0xFF9E, 0xFF9F):
        return _EXTEND
    if cp in (0x0E33, 0x0EB3):
        return _SPACING
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return _L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return _V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return _T
    if 0xAC00 <= cp <= 0xD7A3:
        return _LV if (cp - 0xAC00) % 28 == 0 else _LVT
    category = unicodedata.category(ch)
    if category in ("Mn", "Me"):
        return _EXTEND
    if category == "Mc":
        return _OTHER if cp in _NOT_SPACING else _SPACING
    if category in ("Cc", "Cf", "Zl", "Zp"):
        return _CONTROL
    return _OTHER


def _graphemes(text: str) -> list[str]:
    """Split text into grapheme clusters as grapheme-splitter 1.0.4 does.

    CR and LF always stand alone (the calculator splits a CR LF pair after
    grapheme splitting, so the result is the same).
    """
    clusters: list[str] = []
    start = -1
    mid: list[int] = []
    for ch in text:
        cls = _break_class(ch)
        if start < 0 or _breaks(start, mid, cls):
            clusters.append(ch)
            start, mid = cls, []
        else:
            clusters[-1] += ch
            mid.append(cls)
    return clusters


def _last_index(classes: list[int], wanted: int) -> int:
    for i in range(len(classes) - 1, -1, -1):
        if classes[i] == wanted:
            return i
    return -1


def _breaks(start: int, mid: list[int], end: int) -> bool:
    """Whether a cluster [start, *mid] ends before a code point of class end.

    A re-statement of grapheme-splitter's shouldBreak, including its two
    look-ahead checks, which close a cluster in a few sequences where the
    Unicode rules alone would not (e.g. a flag followed by two marks).
    """
    seq = [start, *mid, end]
    previous = seq[-2]
    m = _last_index(seq, _E_MODIFIER)
    if m > 1 and all(c == _EXTEND for c in seq[1:m]) and start not in (_EXTEND, _E_BASE, _EBG):
        return True
    r = _last_index(seq, _RI)
    if r > 0 and all(c == _RI for c in seq[1:r]) and previous not in (_PREPEND, _RI):
        return True
    if previous == _CONTROL or end == _CONTROL:
        return True  # GB4, GB5 (CR and LF are in the control class here)
    if previous == _L and end in (_L, _V, _LV, _LVT):
        return False  # GB6
    if previous in (_LV, _V) and end in (_V, _T):
        return False  # GB7
    if previous in (_LVT, _T) and end == _T:
        return False  # GB8
    if end in (_EXTEND, _ZWJ, _SPACING) or previous == _PREPEND:
        return False  # GB9, GB9a, GB9b
    if end == _E_MODIFIER:  # GB10: (E_Base | EBG) Extend* x E_Modifier
        e = _last_index(seq, _EXTEND)
        base = e - 1 if e >= 0 else len(seq) - 2
        if base >= 0 and seq[base] in (_E_BASE, _EBG) and all(c == _EXTEND for c in seq[base + 1 : -1]):
            return False
    if previous == _ZWJ and end in (_GAZ, _EBG):
        return False  # GB11 (Unicode 10 form)
    if _RI in mid:
        return True
    if previous == _RI and end == _RI:
        return False  # GB12, GB13
    return True  # GB999


def drain_time_s(segments: float, mps: float) -> float:
    """Seconds to send a backlog of SMS segments at a fixed sending rate.

    Parameters
    ----------
    segments : float
        Segments queued (>= 0). A 2-segment message counts 2.
    mps : float
        Sending rate, message segments per second (> 0), e.g. 1 for a US
        long code, 100 or more for a short code.

    Returns
    -------
    float
        Time to drain the queue, seconds.

    Examples
    --------
    >>> drain_time_s(36_000, 1) / 3600       # 36,000 segments on 1 MPS: 10 h
    10.0
    >>> drain_time_s(50_000 * 2, 100)        # 50k two-segment texts, short code
    1000.0

    References
    ----------
    Twilio docs, errors 21611 and 30001 (sender queue full),
    twilio.com/docs/api/errors/21611 and /30001; sender rates (MPS) are
    dated facts kept in the course's facts registry, not here.
    """
    count = check.non_negative("segments", segments)
    rate = check.positive("mps", mps)
    return count / rate
