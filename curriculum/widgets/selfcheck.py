"""Self-check questions for lessons: type a number, press Check, read the feedback.

A lesson's self-check never raises, so "Run all" always reaches the end of the
lesson. It grades with the same rules as the graded assignments
(:func:`curriculum.feedback.check`), and its message never shows the answer.

Example (the logic, without a browser):

>>> q = SelfCheck("arrival_rate_per_s", expected=55.56, rtol=0.02, unit="calls/s")
>>> q.grade("3333")
(False, '`arrival_rate_per_s` is too high: off by a factor of about 60 — check minutes vs seconds (or hours vs minutes). Expected unit: calls/s.')
>>> q.grade("55.6")[0]
True
"""

from __future__ import annotations

import contextlib
import html
import io

from curriculum.feedback import CheckFailed, check


def parse_number(text: str) -> float | None:
    """Read a number a learner typed: '55.6', '1,200', '2e4', ' 7 '. None when it is not a number.

    >>> parse_number("1,200"), parse_number("2e4"), parse_number("about 5")
    (1200.0, 20000.0, None)
    """
    cleaned = str(text).strip().replace(",", "").replace("_", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


class SelfCheck:
    """A one-number self-check with instant feedback, shown as a small ipywidgets form."""

    def __init__(self, name: str, expected: float, *, rtol: float = 0.05, unit: str | None = None,
                 hint: str | None = None, prompt: str | None = None):
        if not isinstance(name, str) or not name:
            raise ValueError("name must be a non-empty string naming the quantity, e.g. 'arrival_rate_per_s'")
        self.name, self.expected, self.rtol, self.unit, self.hint = name, expected, rtol, unit, hint
        self.prompt = prompt or f"Your answer for {name}" + (f" ({unit})" if unit else "")
        self._widget = None

    def grade(self, typed: str) -> tuple[bool, str]:
        """Grade what the learner typed: (passed, message)."""
        value = parse_number(typed)
        if value is None:
            return False, f"Type a number for `{self.name}`, such as 42 or 3.5 (no units or words)."
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                check(self.name, value, self.expected, rtol=self.rtol, unit=self.unit, hint=self.hint)
        except CheckFailed as failure:
            return False, str(failure)
        return True, out.getvalue().strip() or f"`{self.name}` looks right."

    @property
    def widget(self):
        """The ipywidgets form: a text box, a Check button and a feedback line."""
        if self._widget is None:
            import ipywidgets as w

            box = w.Text(placeholder="type a number", description="", continuous_update=False,
                         layout=w.Layout(width="12em"))
            button = w.Button(description="Check", button_style="primary")
            feedback = w.HTML(value="")

            def on_check(_=None):
                ok, message = self.grade(box.value)
                mark, colour = ("✓", "#1b7f3b") if ok else ("✗", "#b3261e")
                feedback.value = f'<span style="color:{colour}">{mark} {html.escape(message)}</span>'

            button.on_click(on_check)
            box.observe(on_check, names="value")  # Enter (or leaving the box) checks too
            label = w.HTML(value=f"<b>{html.escape(self.prompt)}</b>")
            self._widget = w.VBox([label, w.HBox([box, button]), feedback])
            self._widget.add_class("course-selfcheck")
        return self._widget

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
