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
import re

from curriculum.feedback import CheckFailed, check, check_choice


def _graded(run) -> tuple[bool, str]:
    """Run a course check, capturing its confirmation line: (passed, message). Never raises CheckFailed."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            run()
    except CheckFailed as failure:
        return False, str(failure)
    return True, out.getvalue().strip()


def _form(prompt: str, answer_widget, grade):
    """The shared ipywidgets form: a bold prompt, the answer widget, a Check button and a feedback line."""
    import ipywidgets as w

    button = w.Button(description="Check", button_style="primary")
    feedback = w.HTML(value="")

    def on_check(_=None):
        ok, message = grade(answer_widget.value)
        mark, colour = ("✓", "#1b7f3b") if ok else ("✗", "#b3261e")
        feedback.value = (f'<span style="color:{colour};white-space:normal;overflow-wrap:anywhere">{mark} '
                          f'{code_spans(html.escape(message))}</span>')

    button.on_click(on_check)
    form = w.VBox([w.HTML(value=f"<b>{html.escape(prompt)}</b>"), w.HBox([answer_widget, button]), feedback])
    form.add_class("course-selfcheck")
    return form, on_check


class _Displayable:
    _widget = None

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def code_spans(escaped: str) -> str:
    """`name` -> <code>name</code> in already-escaped text, so a message shows no raw backticks.

    >>> code_spans("`rate` is 10-50% too high.")
    '<code>rate</code> is 10-50% too high.'
    """
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


_MONEY_UNITS = ("usd", "$", "dollars", "dollar", "us$")


def _is_money(unit: str | None) -> bool:
    return unit is not None and unit.strip().lower() in _MONEY_UNITS or (unit or "").strip().startswith("$")


def parse_answer(text: str, unit: str | None = None) -> tuple[float | None, str | None]:
    """Read a typed answer that may carry its unit ("20 GB") or a currency sign ("$900"): (value, problem).

    The unit must be the one the question asks for; a different one is named back to the learner.

    >>> parse_answer("$900", "USD"), parse_answer("20 GB", "GB"), parse_answer("1,200", "calls/s")
    ((900.0, None), (20.0, None), (1200.0, None))
    >>> parse_answer("20 MB", "GB")[1]
    'Give the answer in GB: you wrote MB.'
    >>> parse_answer("$5", "calls/s")[1]
    'This answer is in calls/s, not dollars: type the number alone.'
    """
    typed = str(text).strip()
    if typed.startswith(("$", "US$")):
        if unit is not None and not _is_money(unit):
            return None, f"This answer is in {unit}, not dollars: type the number alone."
        typed = typed.split("$", 1)[1].strip()
    match = re.fullmatch(r"([-+]?[\d.,_]+(?:[eE][-+]?\d+)?)\s*(.*)", typed)
    if match is None:
        return None, None
    number, written = match.group(1), match.group(2).strip()
    if written:
        wanted = (unit or "").strip()
        same = written.lower() == wanted.lower() or (_is_money(unit) and written.lower() in _MONEY_UNITS)
        if not wanted:
            return None, "Type the number alone (this answer has no unit)."
        if not same:
            return None, f"Give the answer in {wanted}: you wrote {written}."
    return parse_number(number), None


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


class SelfCheck(_Displayable):
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
        value, problem = parse_answer(typed, self.unit)
        if problem is not None:
            return False, problem
        if value is None:
            example = f"42 or 42 {self.unit}" if self.unit and not _is_money(self.unit) else (
                "900 or $900" if self.unit else "42 or 3.5")
            return False, f"Type a number for `{self.name}`, such as {example}."
        ok, message = _graded(lambda: check(self.name, value, self.expected, rtol=self.rtol, unit=self.unit,
                                            hint=self.hint))
        return ok, message or f"`{self.name}` looks right."

    @property
    def widget(self):
        """The ipywidgets form: a text box, a Check button and a feedback line."""
        if self._widget is None:
            import ipywidgets as w

            box = w.Text(placeholder="type a number", continuous_update=False, layout=w.Layout(width="12em"))
            self._widget, on_check = _form(self.prompt, box, self.grade)
            box.observe(on_check, names="value")  # Enter (or leaving the box) checks too
        return self._widget


class ChoiceCheck(_Displayable):
    """A multiple-choice self-check: pick an option, press Check, read the feedback. Never raises.

    Grades with :func:`curriculum.feedback.check_choice`, the check the
    assignments use; a miss never says which option is right, and ``explain``
    is shown once the right option is picked.

    >>> q = ChoiceCheck("mistake", {"A": "Asks who the users are", "B": "Twelve microservices"}, "B",
    ...                 hint="Which one starts from a template?", explain="B names a stack before the problem.")
    >>> q.grade("A")
    (False, '`mistake` is not the best choice. Hint: Which one starts from a template?')
    >>> q.grade("B")
    (True, '`mistake` is correct. B names a stack before the problem.')
    >>> q.grade(None)
    (False, 'Pick one of the options first.')
    """

    def __init__(self, name: str, options: dict[str, str], expected: str, *, hint: str | None = None,
                 explain: str | None = None, prompt: str | None = None):
        if not isinstance(name, str) or not name:
            raise ValueError("name must be a non-empty string naming the question, e.g. 'generic_template'")
        if type(options) is not dict or len(options) < 2:
            raise ValueError("options must be a dict {label: text} with at least two options")
        if expected not in options:
            raise ValueError(f"expected must be one of the option labels {list(options)}, got {expected!r}")
        self.name, self.options, self.expected = name, dict(options), expected
        self.hint, self.explain = hint, explain
        self.prompt = prompt or "Pick one option and press Check"

    def grade(self, choice: str | None) -> tuple[bool, str]:
        """Grade a chosen label (or None when nothing is picked): (passed, message)."""
        if choice is None or not str(choice).strip():
            return False, "Pick one of the options first."
        ok, message = _graded(lambda: check_choice(self.name, str(choice), self.expected, options=self.options,
                                                   hint=self.hint))
        return ok, f"{message} {self.explain}" if ok and self.explain else message

    @property
    def widget(self):
        """The ipywidgets form: radio buttons, a Check button and a feedback line."""
        if self._widget is None:
            import ipywidgets as w

            radio = w.RadioButtons(options=[(f"{k}. {v}", k) for k, v in self.options.items()], value=None,
                                   layout=w.Layout(width="auto"))
            self._widget, _ = _form(self.prompt, radio, self.grade)
        return self._widget
