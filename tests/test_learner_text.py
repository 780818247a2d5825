"""The QA's checks on what a learner reads: money garbled as maths, and say-only / self-check cells left open."""

from __future__ import annotations

import nbformat
import pytest

from curriculum.course import qa
from curriculum.course.learner_text import collapse_problems, dollar_problems, unescaped_dollar_pairs
from curriculum.widgets.notebook import escape_dollars

md = nbformat.v4.new_markdown_cell
code = nbformat.v4.new_code_cell


def _plant(path, cell) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(cell)
    nbformat.write(nb, path)


class TestDollars:
    def test_money_pair_is_found_and_maths_is_not(self):
        assert unescaped_dollar_pairs("It costs $10,000 a night against $615.") == ["$10,000 a night against $"]
        assert unescaped_dollar_pairs(r"It costs \$10,000 a night against \$615.") == []
        assert unescaped_dollar_pairs("Little's law: $L = \\lambda W$, with $N$ servers") == []
        assert unescaped_dollar_pairs("$$P = 1 - p^N$$ and a lone $5") == []
        assert unescaped_dollar_pairs("`cost = '$5' + '$6'` in code") == []

    def test_markdown_call_is_checked_and_say_is_not(self):
        assert dollar_problems(code('display(Markdown(f"**${a:,.0f}** against **${b:,.0f}**"))'))
        assert dollar_problems(code('say(f"**${a:,.0f}** against **${b:,.0f}**")')) == []  # say() escapes

    def test_say_escapes_what_the_check_would_flag(self):
        text = "**$10,000** a night against **$615**"
        assert unescaped_dollar_pairs(text) and not unescaped_dollar_pairs(escape_dollars(text))

    @pytest.mark.slow  # the toy course is released by nbgrader
    def test_qa_static_fails_on_a_planted_unescaped_pair(self, toy_course):
        """An unescaped pair in a lesson's Markdown is a static finding naming the notebook and cell."""
        path = toy_course / "source/week1/lesson.ipynb"
        _plant(path, md("Pumping costs $10,000 a night; the rate limit costs $615."))
        findings = [f for f in qa.check_static(toy_course, ["week1"]) if "as maths" in f.message]
        assert [f.notebook for f in findings] == ["source/week1/lesson.ipynb"]
        assert findings[0].question == f"cell {len(nbformat.read(path, as_version=4).cells) - 1}"


class TestCollapsed:
    def test_say_only_and_self_check_cells_must_be_hidden(self):
        say_cell = code('say(f"**{rate:,.1f}** calls per second")')
        check_cell = code('SelfCheck("rate", expected=capacity.arrival_rate_per_s(2_400, 240), unit="calls/s")')
        work_cell = code('rate = capacity.arrival_rate_per_s(2_400, 240)\nsay(f"{rate}")')
        assert "say(...)" in collapse_problems(say_cell)[0]
        assert "self-check" in collapse_problems(check_cell)[0]
        assert collapse_problems(work_cell) == []
        for cell in (say_cell, check_cell):
            cell.metadata["jupyter"] = {"source_hidden": True}
            assert collapse_problems(cell) == []

    @pytest.mark.slow  # the toy course is released by nbgrader
    def test_qa_static_reports_an_open_say_cell(self, toy_course):
        path = toy_course / "source/week1/lesson.ipynb"
        _plant(path, code('say("Ten thousand calls in progress.")'))
        findings = [f for f in qa.check_static(toy_course, ["week1"]) if "source_hidden" in f.message]
        assert [f.notebook for f in findings] == ["source/week1/lesson.ipynb"]
