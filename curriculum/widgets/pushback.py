"""The pushback drill for the practice notebook: answer an interviewer's follow-up or curveball in a few lines,
then see what a good reply covers.

The content (the follow-ups, the curveballs, what a good reply covers) lives in
:mod:`curriculum.design.followups`; this module only draws the form.

>>> drill = PushbackSession("week2")
>>> drill.card.prompt_id
'week2_voice_messaging'
>>> drill.reply("")[0].startswith("Write a reply")
True

With your own answer, a curveball card starts the reply box with the Decide lines it hits, and Check regrades only
those lines:

>>> from curriculum.design.references import reference_markdown
>>> mine = PushbackSession("week1", reference_markdown("week1"))
>>> while mine.card.kind != "burst":
...     _ = mine.next()
>>> mine.draft().splitlines()[0].split(":")[0]
'Reminder scheduler'
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from curriculum.design.catalog import PROMPT_IDS, WEEK_PROMPTS, get_prompt
from curriculum.design.followups import PushbackCard, affected_components, check_reply, curveball_regrade, pushback_cards
from curriculum.design.model import parse_answer

__all__ = ["PushbackSession", "PushbackWidget", "pushback_drill"]


@dataclass
class PushbackSession:
    """The drill's state without widgets: the prompt's cards and which one is showing."""

    prompt_id: str
    answer: object = None
    index: int = 0
    cards: tuple[PushbackCard, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        self.prompt_id = get_prompt(WEEK_PROMPTS.get(self.prompt_id, self.prompt_id)).prompt_id
        self.cards = pushback_cards(self.prompt_id, self.answer)

    @property
    def card(self) -> PushbackCard:
        return self.cards[self.index % len(self.cards)]

    def next(self) -> PushbackCard:
        self.index += 1
        return self.card

    def affected(self) -> tuple[str, ...]:
        """With the learner's answer and a curveball card: the components whose Decide the change hits."""
        if self.answer is None or self.card.kind == "follow-up":
            return ()
        return affected_components(self.prompt_id, self.answer, self.card.kind)

    def draft(self) -> str:
        """The reply box's starting text: for a curveball on your answer, the Decide lines it hits, to revise."""
        names = self.affected()
        if not names:
            return ""
        decides = {c.name: c.decide for c in parse_answer(self.answer).high_level_design.components}
        return "\n".join(f"{name}: {decides[name]}" for name in names)

    def reply(self, text: str) -> tuple[str, ...]:
        """Notes on a reply; for a curveball on your answer, the regrade of the revised Decide lines only."""
        names = self.affected()
        if not names:
            return check_reply(self.card, text)
        revised = {}
        for line in text.splitlines():
            name, sep, decide = line.partition(":")
            if sep:
                revised[name.strip()] = decide.strip()
        return tuple(str(curveball_regrade(self.prompt_id, self.answer, self.card.kind, revised)).splitlines())


class PushbackWidget:
    """Prompt picker, the interviewer's line, a reply box, Check and Next."""

    def __init__(self, prompt_id: str = "week1", answer=None):
        import ipywidgets as w

        self.answer = answer
        self.session = PushbackSession(prompt_id, answer)
        self.picker = w.Dropdown(options=[(get_prompt(p).title, p) for p in PROMPT_IDS], value=self.session.prompt_id,
                                 description="Prompt")
        self.line = w.HTML()
        self.reply_box = w.Textarea(placeholder="Your reply, in a few lines, as you would say it",
                                    layout=w.Layout(width="100%", height="7em"))
        self.check_button = w.Button(description="Check", button_style="primary")
        self.next_button = w.Button(description="Next question")
        self.feedback = w.HTML()
        self.picker.observe(lambda change: self.on_pick(change["new"]), names="value")
        self.check_button.on_click(lambda _: self.on_check())
        self.next_button.on_click(lambda _: self.on_next())
        self.box = w.VBox([self.picker, self.line, self.reply_box, w.HBox([self.check_button, self.next_button]),
                           self.feedback])
        self.box.add_class("course-pushback")
        self._show()

    def _show(self) -> None:
        card = self.session.card
        label = "The interviewer asks" if card.kind == "follow-up" else f"Curveball ({card.kind})"
        hint = ("<p>Revise the Decide lines below (one 'Component: Decide' per line); only they are graded "
                "again.</p>" if self.session.affected() else "")
        self.line.value = f"<p><b>{label}:</b> {html.escape(card.line)}</p>{hint}"
        self.reply_box.value = self.session.draft()
        self.feedback.value = ""

    def on_pick(self, prompt_id: str) -> None:
        self.session = PushbackSession(prompt_id, self.answer if prompt_id == self.session.prompt_id else None)
        self._show()

    def on_next(self) -> None:
        self.session.next()
        self._show()

    def on_check(self) -> None:
        notes = self.session.reply(self.reply_box.value)
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        good = "" if len(notes) == 1 or self.session.affected() else (
            f"<p><b>What a good reply covers:</b> {html.escape(self.session.card.good_reply)}</p>")
        self.feedback.value = f"<ul>{items}</ul>{good}"

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)


def pushback_drill(prompt_id: str = "week1", answer=None) -> PushbackWidget:
    """Show the pushback drill for one week's prompt (``"week1"`` ... ``"week6"`` or a prompt id).

    Pass your own ``answer`` (the Markdown of a week's design question) to be asked about what you wrote.
    """
    return PushbackWidget(prompt_id, answer)
