"""The pushback drill for the practice notebook: answer an interviewer's follow-up or curveball in a few lines,
then see what a good reply covers.

The content (the follow-ups, the curveballs, what a good reply covers) lives in
:mod:`curriculum.design.followups`; this module only draws the form.

>>> drill = PushbackSession("week2")
>>> drill.card.prompt_id
'week2_voice_messaging'
>>> drill.reply("")[0].startswith("Write a reply")
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from curriculum.design.catalog import PROMPT_IDS, WEEK_PROMPTS, get_prompt
from curriculum.design.followups import PushbackCard, check_reply, pushback_cards

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

    def reply(self, text: str) -> tuple[str, ...]:
        return check_reply(self.card, text)


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
        self.line.value = f"<p><b>{label}:</b> {html.escape(card.line)}</p>"
        self.reply_box.value = ""
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
        good = "" if len(notes) == 1 else (f"<p><b>What a good reply covers:</b> "
                                          f"{html.escape(self.session.card.good_reply)}</p>")
        self.feedback.value = f"<ul>{items}</ul>{good}"

    def _ipython_display_(self):
        from IPython.display import display

        display(self.box)


def pushback_drill(prompt_id: str = "week1", answer=None) -> PushbackWidget:
    """Show the pushback drill for one week's prompt (``"week1"`` ... ``"week6"`` or a prompt id).

    Pass your own ``answer`` (the Markdown of a week's design question) to be asked about what you wrote.
    """
    return PushbackWidget(prompt_id, answer)
