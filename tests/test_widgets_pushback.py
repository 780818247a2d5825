"""The pushback drill: follow-ups and curveballs, a reply box, and what a good reply covers."""

from __future__ import annotations

import html

import pytest

from curriculum.design.catalog import PROMPT_IDS
from curriculum.design.followups import check_reply, pushback_cards
from curriculum.design.references import reference_markdown
from curriculum.widgets.pushback import PushbackSession, pushback_drill


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_cards_end_with_the_three_curveballs_and_hide_the_reference(pid):
    """Without an answer, no card quotes the reference's components: the drill gives nothing away."""
    cards = pushback_cards(pid)
    assert [c.kind for c in cards[-3:]] == ["burst", "outage", "compliance"]
    reference = reference_markdown(pid)
    names = [line[4:] for line in reference.splitlines() if line.startswith("### ")]
    assert not any(name in c.line for c in cards for name in names)


def test_with_an_answer_the_follow_ups_name_it():
    cards = pushback_cards("week2", reference_markdown("week2"))
    assert any("'" in c.line and c.kind == "follow-up" for c in cards)


def test_reply_notes():
    card = pushback_cards("week1")[-3]  # the 10x burst
    assert check_reply(card, "ok")[0].startswith("Write a reply")
    notes = check_reply(card, "Ask to raise the calls per second limit rather than stretch the window to 3 hours.")
    assert "You put a number on it." in notes and "You name the option you turn down." in notes
    assert any("2 of the 2 points" in n for n in notes)


def test_widget_check_shows_the_good_reply():
    box = pushback_drill("week4")
    box.reply_box.value = ("Buy ten times the throughput on the short code rather than stretch the window, since "
                           "260,000 segments become 2,600,000.")
    box.on_check()
    assert "What a good reply covers" in box.feedback.value
    first = box.line.value
    box.on_next()
    assert box.line.value != first and box.reply_box.value == ""
    box.picker.value = "week6_telehealth_video_visits"
    assert PushbackSession("week6").card.line.split("?")[0][:30] in box.line.value.replace("&#x27;", "'")


def test_curveball_on_your_answer_regrades_only_the_affected_decides():
    """With an answer, a curveball pre-fills the Decide lines it hits, and Check regrades only those."""
    box = pushback_drill("week1", answer=reference_markdown("week1"))
    while box.session.card.kind != "burst":
        box.on_next()
    assert box.reply_box.value.splitlines()[0].startswith("Reminder scheduler: ")
    box.reply_box.value = ("Reminder scheduler: Spread the jobs over 30 minutes rather than 3 hours, at 139 calls "
                           "per second.\nCall placer: Ask Twilio to raise the calls-per-second limit rather than "
                           "stretch the window.\nResults store: unchanged.")
    box.on_check()
    shown = html.unescape(box.feedback.value)
    assert "Curveball 'burst'" in shown and "Results store" in shown
    assert "Reminder scheduler: 100%" in shown
