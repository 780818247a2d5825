"""Tests for curriculum.capacity.messaging: SMS segments and drain time.

Expected segment counts were produced by Twilio's own calculator
(TwilioDevEd/message-segment-calculator, npm sms-segments-calculator 1.3.0,
Smart Encoding off) and are checked here against sms_segments.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from curriculum.capacity import SegmentInfo, drain_time_s, sms_segments
from curriculum.capacity.messaging import GSM7_BASIC, GSM7_EXTENSION

# (id, text, encoding, units placed in each segment, user-perceived characters)
CALCULATOR_CASES = [
    ("empty", "", "GSM-7", (0,), 0),
    ("plain_5", "Hello", "GSM-7", (5,), 5),
    ("plain_160", "x" * 160, "GSM-7", (160,), 160),
    ("plain_161", "x" * 161, "GSM-7", (153, 8), 161),
    ("plain_306", "x" * 306, "GSM-7", (153, 153), 306),
    ("plain_307", "x" * 307, "GSM-7", (153, 153, 1), 307),
    ("plain_459", "x" * 459, "GSM-7", (153, 153, 153), 459),
    ("plain_460", "x" * 460, "GSM-7", (153, 153, 153, 1), 460),
    ("escapes_fill_160", "{" * 80, "GSM-7", (160,), 80),
    ("escapes_161", "{" * 80 + "x", "GSM-7", (152, 9), 81),
    ("escape_at_153_boundary", "x" * 152 + "€" + "x" * 10, "GSM-7", (152, 12), 163),
    ("escape_just_fits", "x" * 151 + "€" + "x" * 10, "GSM-7", (153, 10), 162),
    ("escape_run_306", "{" * 153, "GSM-7", (152, 152, 2), 153),
    ("crlf", "line one\r\nline two", "GSM-7", (18,), 18),
    ("form_feed", "page\fbreak", "GSM-7", (11,), 10),
    ("emoji_short", "On my way 😀", "UCS-2", (12,), 11),
    ("ucs2_70", "ç" * 70, "UCS-2", (70,), 70),
    ("ucs2_71", "ç" * 71, "UCS-2", (67, 4), 71),
    ("ucs2_134", "ç" * 134, "UCS-2", (67, 67), 134),
    ("ucs2_135", "ç" * 135, "UCS-2", (67, 67, 1), 135),
    ("surrogate_at_67_boundary", "中" * 66 + "😀" + "中" * 5, "UCS-2", (66, 7), 72),
    ("surrogate_fits_67", "中" * 65 + "😀" + "中" * 5, "UCS-2", (67, 5), 71),
    ("emoji_35", "😀" * 35, "UCS-2", (70,), 35),
    ("emoji_36", "😀" * 36, "UCS-2", (66, 6), 36),
    ("skin_tone_at_boundary", "a" * 66 + "👍🏽" + "b" * 10, "UCS-2", (66, 14), 77),
    ("family_zwj_at_boundary", "a" * 60 + "👨‍👩‍👧‍👦" + "b" * 10, "UCS-2", (60, 21), 71),
    ("flag_at_boundary", "a" * 65 + "🇺🇸" + "b" * 10, "UCS-2", (65, 14), 76),
    ("combining_accent", "Cafe\u0301 at 8?", "UCS-2", (11,), 10),
    ("curly_apostrophe", "It\u2019s here", "UCS-2", (9,), 9),
    ("lowercase_c_cedilla", "garçon", "UCS-2", (6,), 6),
    ("uppercase_c_cedilla", "GARÇON", "GSM-7", (6,), 6),
    ("greek_capitals", "ΔΦΓΛΩΠΨΣΘΞ", "GSM-7", (10,), 10),
    ("greek_lowercase", "αβγ", "UCS-2", (3,), 3),
    ("backtick", "`code`", "UCS-2", (6,), 6),
    ("extension_in_ucs2_costs_one", "{" * 10 + "😀", "UCS-2", (12,), 11),
    ("no_break_space", "a\u00a0b", "UCS-2", (3,), 3),
    ("otp_gsm", "Your Twilio verification code is 123456. " * 8, "GSM-7", (153, 153, 22), 328),
    ("otp_ucs2", "Código: 123456 ✅ " * 10, "UCS-2", (67, 67, 36), 170),
]


class TestSmsSegments:
    @pytest.mark.parametrize(
        ("text", "encoding", "segment_units", "characters"),
        [case[1:] for case in CALCULATOR_CASES],
        ids=[case[0] for case in CALCULATOR_CASES],
    )
    def test_matches_twilio_calculator(self, text, encoding, segment_units, characters):
        """Encoding, per-segment units and character count match Twilio's calculator."""
        info = sms_segments(text)
        assert info.encoding == encoding
        assert info.segment_units == segment_units
        assert info.segments == len(segment_units)
        assert info.units == sum(segment_units)
        assert info.characters == characters

    def test_gsm_basic_set_matches_calculator(self):
        """The basic table is the calculator's 127 one-septet characters, built independently here."""
        ascii_part = {chr(c) for c in range(0x20, 0x7B)} - set("[\\]^`")
        latin = set("¡£¤¥§¿ÄÅÆÇÉÑÖØÜßàäåæèéìñòöøùü")
        greek = set("ΓΔΘΛΞΠΣΦΨΩ")
        expected = ascii_part | latin | greek | {"\n", "\r"}
        assert len(expected) == 127
        assert GSM7_BASIC == expected
        assert GSM7_EXTENSION == {"\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"}

    @pytest.mark.parametrize("char", sorted(GSM7_BASIC))
    def test_each_basic_character_is_one_septet(self, char):
        """Every GSM-7 basic character alone stays GSM-7 and costs one septet."""
        info = sms_segments(char)
        assert (info.encoding, info.septets, info.segments) == ("GSM-7", 1, 1)

    @pytest.mark.parametrize("char", sorted(GSM7_EXTENSION))
    def test_each_extension_character_is_two_septets(self, char):
        """Every extension-table character costs an escape plus a septet."""
        info = sms_segments(char)
        assert (info.encoding, info.septets) == ("GSM-7", 2)

    @pytest.mark.parametrize("char", ["ç", "`", "á", "Ä\u0308", "’", "\t", "😀", "α", "ÿ"])
    def test_characters_outside_gsm7_force_ucs2(self, char):
        """One character outside GSM-7 switches the whole message to UCS-2."""
        info = sms_segments("Hello " + char)
        assert info.encoding == "UCS-2"
        assert info.septets is None and info.code_units == info.units
        assert char in info.non_gsm_characters

    def test_ceil_undercounts_with_escapes(self):
        """153 escape pairs are 306 septets: ceil(306 / 153) = 2, but pairs are not split, so 3."""
        info = sms_segments("[" * 153)
        assert info.septets == 306
        assert math.ceil(info.septets / 153) == 2
        assert info.segments == 3

    def test_emoji_counts_two_code_units(self):
        """An astral emoji is a surrogate pair: 2 UTF-16 code units, one character."""
        info = sms_segments("😀")
        assert (info.code_units, info.characters) == (2, 1)

    def test_capacity_reported(self):
        """units_per_segment is 160/153 septets or 70/67 code units."""
        assert sms_segments("hi").units_per_segment == 160
        assert sms_segments("x" * 200).units_per_segment == 153
        assert sms_segments("é" * 10 + "ç").units_per_segment == 70
        assert sms_segments("ç" * 100).units_per_segment == 67

    def test_empty_body(self):
        """An empty body counts as one GSM-7 segment of 0 septets, as in the calculator."""
        info = sms_segments("")
        assert (info.encoding, info.segments, info.septets) == ("GSM-7", 1, 0)

    def test_non_gsm_characters_listed_once(self):
        """non_gsm_characters lists each offending character once, in order."""
        info = sms_segments("ça va? ça va! ’")
        assert info.non_gsm_characters == ("ç", "’")

    def test_result_is_frozen_dataclass(self):
        """SegmentInfo is immutable and prints its fields."""
        info = sms_segments("hello")
        assert isinstance(info, SegmentInfo)
        with pytest.raises(dataclasses.FrozenInstanceError):
            info.segments = 2  # type: ignore[misc]
        assert "encoding='GSM-7'" in repr(info)

    @pytest.mark.parametrize("bad", [None, 42, b"bytes"])
    def test_rejects_non_text(self, bad):
        """A body that is not a str names text."""
        with pytest.raises(ValueError, match="text"):
            sms_segments(bad)


class TestDrainTimeS:
    def test_long_code_queue(self):
        """36,000 segments on a 1 MPS long code take 36,000 s (10 hours)."""
        assert drain_time_s(36_000, 1) == 36_000.0

    def test_short_code(self):
        """100,000 segments at 100 MPS take 1,000 s."""
        assert drain_time_s(100_000, 100) == 1000.0

    def test_empty_queue(self):
        """An empty queue drains at once."""
        assert drain_time_s(0, 3) == 0.0

    @pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
    def test_rejects_bad_rate(self, bad):
        """The sending rate must be positive and finite, naming mps."""
        with pytest.raises(ValueError, match="mps"):
            drain_time_s(100, bad)

    def test_rejects_negative_backlog(self):
        """A negative backlog names segments."""
        with pytest.raises(ValueError, match="segments"):
            drain_time_s(-5, 1)


class TestGraphemeClusters:
    """Where a UCS-2 message may be cut between segments: never inside a user-perceived character.

    The expected clusters follow Unicode's extended grapheme cluster rules (UAX #29, the rules grapheme-splitter
    1.0.4 implements), worked per pair of characters; the rule that decides each case is named.
    """

    @pytest.mark.parametrize("text, sizes", [
        ("\u00ad\u0301", [1, 1]),        # soft hyphen is a control (Cf): GB4 breaks after it, even before a mark
        ("\x7f\u0301", [1, 1]),          # DEL is a control (Cc): GB4
        ("\U0001F200\U0001F200", [1, 1]),  # just past the regional indicators: two ordinary symbols, GB999
        ("a\U000E0020", [2]),            # TAG SPACE extends: GB9
        ("\uff76\uff9e", [2]),           # halfwidth katakana + voiced sound mark (Extend): GB9
        ("\ua960\u1160", [2]),           # Hangul L (extended block start) + V: GB6
        ("\u1100\u1160", [2]),           # L + the first V: GB6
        ("\u1100\ud7b0", [2]),           # L + the first extended V: GB6
        ("\uac00\u11a8", [2]),           # LV syllable + the first T: GB7
        ("\uac00\ud7fb", [2]),           # LV + the last extended T: GB7
        ("\ud7a4\u11a8", [1, 1]),        # U+D7A4 is past the last syllable (U+D7A3): not LV/LVT, GB999
        ("\uac00\u1161", [2]),           # U+AC00 is LV ((AC00 - AC00) % 28 == 0): LV + V joins, GB7
        ("\uac01\u1161", [1, 1]),        # U+AC01 is LVT: LVT + V breaks (GB8 only lets T follow)
        ("\u1100\u1100", [2]),           # L + L: GB6
        ("a\u11a8", [1, 1]),             # a trailing jamo after a letter breaks: GB999
        ("a\u20dd", [2]),                # enclosing circle (Me) extends: GB9
        ("\u0915\u0903", [2]),           # Devanagari KA + visarga (spacing mark, Mc): GB9a
        ("a\u200b\u0301", [1, 1, 1]),    # zero width space is a control (Cf): GB4 and GB5
        ("\u2029\u0301", [1, 1]),        # paragraph separator (Zp) is a control: GB4
        ("a\u0301\u0302", [3]),          # two combining marks stay on their letter: GB9
        ("\u0301a", [1, 1]),             # a mark with nothing before it stands alone
        ("🇺🇸🇬🇧🇫🇷", [2, 2, 2]),       # regional indicators pair up: GB12/GB13
        ("🇺🇸🇬", [2, 1]),               # an odd one out stands alone
        ("👩\u200d👩\u200d👧", [5]),      # a ZWJ family is one character: GB11
        ("👩🏽\u200d💻", [4]),            # with a skin tone (E_Modifier) before the ZWJ: GB10, GB11
    ])
    def test_clusters(self, text, sizes):
        from curriculum.capacity.messaging import _graphemes

        assert [len(c) for c in _graphemes(text)] == sizes
        assert "".join(_graphemes(text)) == text


def test_each_encoding_reports_its_own_length_field():
    """GSM-7 counts septets and has no UTF-16 code units; UCS-2 counts code units and has no septets."""
    gsm = sms_segments("hi{")        # "{" is an extension character: 2 + 2 = 4 septets
    assert (gsm.encoding, gsm.septets, gsm.code_units) == ("GSM-7", 4, None)
    ucs = sms_segments("hi😀")       # the emoji is a surrogate pair: 2 + 2 = 4 code units
    assert (ucs.encoding, ucs.septets, ucs.code_units) == ("UCS-2", None, 4)


class TestGraphemeEdgesTheFullMutationRunFound:
    """Range ends and look-ahead checks of the cluster rules that the full mutation run of capacity/ showed no test
    held. Each case sits on (or just past) the first or last code point of a class, worked by hand from the tables in
    messaging.py and UAX #29 as grapheme-splitter 1.0.4 implements it; sizes are code points per cluster.
    """

    @pytest.mark.parametrize("text, sizes", [
        ("a\u0300", [2]),                  # U+0300 is the first combining mark past the Latin fast path: GB9
        (" \u0301", [2]),                  # a space (U+0020) is not a control: the mark joins it, GB9
        ("\u00a0\u0301", [2]),             # nor is no-break space (U+00A0), just past the C1 controls
        ("\u2028\u0301", [1, 1]),          # line separator (Zl) is a control: GB4
        ("\U0001F1E6\U0001F1E6", [2]),     # the first regional indicator (A) pairs: GB12
        ("\U0001F1FF\U0001F1FF", [2]),     # and the last one (Z)
        ("\U0001F1FAa", [1, 1]),           # a lone indicator before a letter breaks: GB999
        ("\U0001F44D\U0001F3FB", [2]),     # thumbs up + the first skin tone (U+1F3FB): GB10
        ("\U0001F44D\U0001F3FF", [2]),     # + the last skin tone (U+1F3FF)
        ("\U0001F44D\U0001F400", [1, 1]),  # U+1F400 (rat) is past the skin tones: GB999
        ("\u261d\U0001F3FB", [2]),         # U+261D is a one-code-point E_Base range: GB10
        ("\U0001F46A\U0001F3FB", [1, 1]),  # U+1F46A (family) is past the E_Base_GAZ block U+1F466..U+1F469
        ("a\U0001F3FB", [1, 1]),           # a skin tone after a letter breaks: GB999
        ("a\u0301\U0001F3FB", [2, 1]),     # and after a letter and a mark (grapheme-splitter's look-ahead)
        ("\U0001F44D\u0301\U0001F3FB", [3]),       # E_Base Extend* x E_Modifier: GB10
        ("\U0001F44D\u0301\u200d\U0001F3FB", [3, 1]),  # a ZWJ between is not Extend: GB10 does not apply
        ("\u0301\u200d\U0001F466\U0001F3FB", [3, 1]),   # boy glued by GB11 after a lone mark + ZWJ; the mark,
                                                         # not the boy, is the last Extend, so GB10 looks before it
        ("\u0301\u200d\U0001F466\u0301\U0001F3FB", [5]),  # the last Extend follows the boy: GB10 joins the tone
        ("\u0600\U0001F3FB", [2]),         # U+0600 is Prepend: GB9b joins whatever follows
        ("\u0600\u0600\U0001F3FB", [3]),   # two Prepends, then the tone: still GB9b
        ("\u0600\u0600\U0001F1FA\u0301\u0301", [5]),  # Prepend, Prepend, an indicator, two marks: GB9b, GB9b, GB9
        ("\U0001F1FA\u0301\u0301", [3]),   # a lone indicator keeps its marks: GB9
        ("\U0001F1FA\U0001F1F8\u0301\u0301", [3, 1]),  # a flag keeps one mark; the look-ahead cuts before the 2nd
        ("a\U000E007F", [2]),              # CANCEL TAG (U+E007F), the last tag, extends: GB9
        ("a\U000E0080", [1, 1]),           # U+E0080 is past the tags: GB999
        ("a\u200c", [2]),                  # zero width non-joiner extends: GB9
        ("\uff76\uff9f", [2]),             # halfwidth semi-voiced sound mark (U+FF9F) extends: GB9
        ("a\u0e33", [2]),                  # Thai SARA AM is a spacing mark: GB9a
        ("a\u0eb3", [2]),                  # and so is Lao AM
        ("\u1000\u102b", [1, 1]),          # Myanmar TALL AA is Mc but not SpacingMark in UAX #29: GB999
        ("\u115f\u1160", [2]),             # the last L of the first jamo block + V: GB6
        ("\ua97c\u1160", [2]),             # the last extended L + V: GB6
        ("\ua97d\u1160", [1, 1]),          # U+A97D is past the extended L block: GB999
        ("\uac00\u1160", [2]),             # LV + U+1160, the first V (not an L): GB7
        ("\u1100\u11a7", [2]),             # L + the last V of the first block: GB6
        ("\u1100\ud7c6", [2]),             # L + the last extended V: GB6
        ("\u1100\ud7c7", [1, 1]),          # U+D7C7 is past the extended V block: GB999
        ("\uac01\u11a8", [2]),             # LVT + U+11A8, the first T (not a V): GB8
        ("\uac01\u11ff", [2]),             # LVT + the last T of the first block: GB8
        ("\uac01\u1200", [1, 1]),          # U+1200 (Ethiopic) is past the T block: GB999
        ("\uac01\ud7cb", [2]),             # LVT + the first extended T: GB8
        ("\uac01\ud7fc", [1, 1]),          # U+D7FC is past the extended T block: GB999
        ("\ud7a3\u11a8", [2]),             # U+D7A3, the last syllable, is LVT ((D7A3 - AC00) % 28 = 27): GB8
        ("\uac1c\u1161", [2]),             # U+AC1C is LV ((AC1C - AC00) = 28, % 28 = 0): LV + V, GB7
    ])
    def test_clusters(self, text, sizes):
        from curriculum.capacity.messaging import _graphemes

        assert [len(c) for c in _graphemes(text)] == sizes

    def test_code_units_either_side_of_the_basic_plane(self):
        """U+FFFF is one UTF-16 code unit; U+10000, the first astral code point, is a surrogate pair (two)."""
        assert sms_segments("\uffff").code_units == 1
        assert sms_segments("\U00010000").code_units == 2

    def test_non_string_text_names_its_type(self):
        """sms_segments(42) says it got an int."""
        with pytest.raises(ValueError, match=r"^text must be a str \(the SMS body\), got int$"):
            sms_segments(42)
