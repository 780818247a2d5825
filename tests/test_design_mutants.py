"""The pushback drill's wording and notes, pinned down where `make mutation` found them loose.

Expected lines are written out by hand from the drill's rules (a prompt's clarifying follow-up, two figure
follow-ups, then its three curveballs, each ending with the same question).
"""

from __future__ import annotations

from curriculum.design.followups import PushbackCard, check_reply, pushback_cards


class TestPushbackCards:
    def test_without_an_answer_the_drill_is_three_follow_ups_then_the_curveballs(self):
        cards = pushback_cards("week1")
        assert [c.kind for c in cards] == ["follow-up", "follow-up", "follow-up", "burst", "outage", "compliance"]
        assert cards[0].line.startswith("Before you design anything: ")
        assert cards[0].line.endswith(" Why does the answer change your design?")
        assert cards[0].good_reply == ("A good reply gives the two likely answers and what each changes: the size "
                                       "of the busiest part, who owns it, or what must be kept.")
        for card in cards[1:3]:
            assert card.line.startswith("How big is ") and card.line.endswith(
                "? Work it out aloud from the prompt, and tell me whether you size for the mean or the peak.")
            assert card.good_reply == ("A good reply names the prompt's figures it starts from, the formula, the "
                                       "result with its unit, and which part of the design that number sizes.")
            assert len(card.expects) == 1 and len(card.expects[0]) == 1
        for card in cards[3:]:
            assert card.line.endswith(". What changes in your design?") and card.good_reply
        assert {c.prompt_id for c in cards} == {"week1_reminder_calls"}


class TestCheckReply:
    CARD = PushbackCard("week1_reminder_calls", "burst", "Ten times the rate. What changes in your design?",
                        "A good reply redoes the rate.", (("rate", "per second"), ("queue",)))

    def test_a_short_reply_is_asked_for_more(self):
        assert check_reply(self.CARD, "more servers") == (
            "Write a reply of a few lines first, then compare it with what a good reply covers.",)

    def test_a_reply_without_a_number_or_an_alternative(self):
        assert check_reply(self.CARD, "We would make the rate higher for the busy part") == (
            "Add a number: interviewers push back to see you redo the arithmetic.",
            "Say what you would do instead of what, so the trade-off is explicit.",
            "You cover 1 of the 2 points this change demands. Look again at what it does to capacity, cost or "
            "compliance.")

    def test_a_full_reply(self):
        notes = check_reply(self.CARD, "The rate goes to 83 calls per second, so we queue the jobs instead of "
                                       "calling at once.")
        assert notes[0] == "You put a number on it."
        assert notes[1] == "You name the option you turn down."     # "instead of" names the alternative
        assert notes[-1] == "You cover 2 of the 2 points this change demands."
