"""Lesson widgets: explorers redraw when a slider moves; self-checks grade without ever raising."""

from __future__ import annotations

import ipywidgets as w
import pytest

from curriculum.capacity import arrival_rate_per_s
from curriculum.widgets.explorers import explorer, littles_law_explorer, littles_law_summary
from curriculum.widgets.selfcheck import ChoiceCheck, SelfCheck, parse_number
from tests.displayed import shown  # noqa: F401 - a fixture


class TestExplorer:
    def test_draw_runs_again_when_a_control_moves(self):
        """Moving a slider calls draw with the new value."""
        seen = []
        box = explorer(lambda n: seen.append(n), n=w.IntSlider(value=2, min=0, max=10))
        box.children[0].children[0].value = 7
        assert seen == [2, 7]

    def test_sliders_get_a_usable_width(self):
        """A slider with a long label keeps a 30em track (it was squeezed to ~30 px for a 1-1,000 range)."""
        slider = w.IntSlider(value=10, min=1, max=1000, description="fan-out (calls per request)",
                             style={"description_width": "initial"})
        explorer(lambda n: None, n=slider)
        assert slider.layout.width == "30em"
        narrow = w.IntSlider(value=1, min=0, max=5, layout=w.Layout(width="10em"))
        explorer(lambda n: None, n=narrow)
        assert narrow.layout.width == "10em"  # an author's own width is kept

    def test_littles_law_explorer_has_two_sliders(self):
        """The Week 1 explorer offers concurrency and hold time, starting at the lesson's example."""
        box = littles_law_explorer()
        sliders = box.children[0].children
        assert [s.value for s in sliders] == [10_000, 180]
        assert "course-explorer" in box._dom_classes

    def test_littles_law_explorer_shows_the_numbers_and_moves_the_mark(self, shown):
        """What the learner reads, worked by hand, before and after moving the hold-time slider."""
        box = littles_law_explorer()
        text = shown.printed()
        # 10,000 calls / 180 s = 55.6 calls/s; x 3,600 s = 200,000 attempts an hour; ask for 56 CPS
        assert "10,000 calls in progress, 180 s each on average" in text
        assert "-> 55.6 new calls per second" in text
        assert "-> 200,000 call attempts in the busy hour" in text
        assert "-> request a limit of at least 56 calls per second" in text
        box.children[0].children[1].value = 360
        text = shown.printed()
        # 10,000 / 360 = 27.8 calls/s; x 3,600 = 100,000 attempts; 27.8 rounds up to 28 CPS
        assert "-> 27.8 new calls per second" in text and "-> 100,000 call attempts" in text
        assert "at least 28 calls per second" in text
        mark = shown.figures[-1].axes[0].get_lines()[-1]
        assert list(mark.get_xdata()) == [360] and mark.get_ydata()[0] == pytest.approx(10_000 / 360)
        assert len(shown.figures) == 2

    def test_summary_matches_the_library(self):
        """The explorer's numbers are the library's: 10,000 calls of 180 s need 55.6 calls/s, a 56 CPS limit."""
        s = littles_law_summary(10_000, 180)
        assert s["arrival_rate_per_s"] == arrival_rate_per_s(10_000, 180)
        assert s["cps_to_request"] == 56
        assert littles_law_summary(9_000, 180)["cps_to_request"] == 50  # exactly 50.0 calls/s: no rounding up


class TestSelfCheck:
    def test_right_answer_passes(self):
        """A value within tolerance passes with a confirmation."""
        ok, message = SelfCheck("rate", 55.56, rtol=0.02).grade("55.6")
        assert ok and message

    def test_wrong_answer_explains_without_the_answer(self):
        """A unit slip gets a direction and a likely cause, never the expected value."""
        ok, message = SelfCheck("rate", 55.56, rtol=0.02, unit="calls/s").grade("3333.3")
        assert not ok and "too high" in message and "55" not in message

    def test_text_is_asked_again_not_raised(self):
        """Words or an empty box get a friendly nudge instead of an exception."""
        for typed in ("", "about fifty", "nan"):
            ok, message = SelfCheck("rate", 55.56).grade(typed)
            assert not ok and "Type a number" in message

    def test_button_shows_feedback(self):
        """Typing an answer and pressing Check fills the feedback line."""
        q = SelfCheck("rate", 55.56, rtol=0.02)
        form = q.widget
        box, button = form.children[1].children
        box.value = "3333"
        button.click()
        assert "✗" in form.children[2].value
        box.value = "55.5"
        button.click()
        assert "✓" in form.children[2].value

    def test_answers_may_carry_the_expected_unit_or_a_dollar_sign(self):
        """'$900' for a USD question and '20 GB' for a GB one are read as 900 and 20; another unit is named back."""
        assert SelfCheck("cost", 900.0, unit="USD").grade("$900")[0]
        assert SelfCheck("cost", 900.0, unit="USD").grade("900 USD")[0]
        assert SelfCheck("store", 20.0, unit="GB").grade("20 GB")[0]
        ok, message = SelfCheck("store", 20.0, unit="GB").grade("20 MB")
        assert not ok and message == "Give the answer in GB: you wrote MB."
        ok, message = SelfCheck("rate", 55.56, unit="calls/s").grade("$55")
        assert not ok and "not dollars" in message

    def test_feedback_shows_names_as_code_and_wraps(self):
        """The widget line has <code>rate</code>, no raw backticks, and wraps long hints."""
        form = SelfCheck("rate", 55.56, rtol=0.02, hint="A long hint " * 20).widget
        box, button = form.children[1].children
        box.value = "3333"
        button.click()
        shown = form.children[2].value
        assert "<code>rate</code>" in shown and "`" not in shown and "overflow-wrap:anywhere" in shown

    def test_parse_number_accepts_common_forms(self):
        """Thousands separators and exponents are fine; infinities are not numbers."""
        assert parse_number("1,200") == 1200 and parse_number("2e4") == 20_000
        assert parse_number("inf") is None


class TestChoiceCheck:
    OPTIONS = {"A": "Ask who the users are", "B": "Start with twelve microservices", "C": "Draw one page"}

    def test_right_and_wrong(self):
        """The right label passes with the explanation; a wrong one fails with the hint, never the answer."""
        q = ChoiceCheck("generic", self.OPTIONS, "B", hint="Look for a ready-made stack.", explain="Why: B.")
        ok, message = q.grade("A")
        assert not ok and "Look for a ready-made stack." in message and "Why" not in message
        ok, message = q.grade("b")
        assert ok and message.endswith("Why: B.")

    def test_nothing_picked_is_not_an_error(self):
        """No choice gives a nudge instead of raising."""
        assert ChoiceCheck("generic", self.OPTIONS, "B").grade(None) == (False, "Pick one of the options first.")

    def test_button_shows_feedback(self):
        """Picking an option and pressing Check fills the feedback line."""
        form = ChoiceCheck("generic", self.OPTIONS, "B").widget
        radio, button = form.children[1].children
        feedback = form.children[2]
        button.click()
        assert "Pick one" in feedback.value
        radio.value = "C"
        button.click()
        assert "✗" in feedback.value
        radio.value = "B"
        button.click()
        assert "✓" in feedback.value

    @pytest.mark.parametrize(("options", "expected", "match"), [
        ({"A": "x"}, "A", "options"), (["x", "y"], "A", "options"), ({"A": "x", "B": "y"}, "C", "expected")])
    def test_author_mistakes_raise(self, options, expected, match):
        """Too few options, a list instead of a dict, or an unknown expected label is an author error naming the parameter."""
        with pytest.raises(ValueError, match=match):
            ChoiceCheck("q", options, expected)
