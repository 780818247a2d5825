"""Each week's design question in its notebook: a Markdown answer, a self-contained rubric cell, a planted wrong answer.

The rubric cell runs here as the trusted evaluator runs it: in a fresh namespace with only the answer variable bound,
as plain data (a str).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import pytest

from curriculum.design import TEMPLATE, reference_markdown
from curriculum.design.catalog import WEEK_PROMPTS

ROOT = Path(__file__).resolve().parents[1]
CELLS = {"week1": ("reminder_design_answer", "reminder_design_rubric", "reminder_answer"),
         "week2": ("voice_design_answer", "voice_design_rubric", "voice_answer"),
         "week3": ("refill_design_answer", "refill_design_rubric", "refill_answer"),
         "week4": ("closure_design_answer", "closure_design_rubric", "closure_answer"),
         "week5": ("verify_hardening_design_answer", "verify_hardening_design_rubric", "verify_answer"),
         "week6": ("telehealth_design_answer", "telehealth_capstone_rubric", "telehealth_answer")}


def _cells(week):
    nb = nbformat.read(ROOT / "source" / week / "assignment.ipynb", as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    answer_id, test_id, var = CELLS[week]
    return by_id[answer_id], by_id[test_id], var


def _run_test_cell(source: str, var: str, value) -> float:
    *body, last = source.strip().splitlines()
    namespace = {var: value}
    with contextlib.redirect_stdout(io.StringIO()):
        exec("\n".join(body), namespace)
        return eval(last, namespace)


@pytest.mark.parametrize("week", sorted(CELLS))
def test_answer_cell_is_markdown_and_solution_is_the_reference(week):
    answer, _, var = _cells(week)
    src = answer.source
    assert f'{var} = """\\\n{TEMPLATE}"""' in src
    solution = src.split("### BEGIN SOLUTION\n")[1].split("### END SOLUTION")[0]
    assert solution == f'{var} = """\\\n{reference_markdown(WEEK_PROMPTS[week])}"""\n'
    assert answer.metadata["curriculum"]["wrong_answers"]


@pytest.mark.parametrize("week", sorted(CELLS))
def test_rubric_cell_is_self_contained(week):
    """Only the answer variable bound: the reference earns 4 points, the template 0, the planted wrong answer less."""
    answer, test, var = _cells(week)
    assert "grade_prompt" in test.source and WEEK_PROMPTS[week] in test.source
    assert _run_test_cell(test.source, var, reference_markdown(WEEK_PROMPTS[week])) == 4.0
    assert _run_test_cell(test.source, var, TEMPLATE) == 0.0
    for wrong in answer.metadata["curriculum"]["wrong_answers"]:
        namespace: dict = {}
        exec(wrong["code"], namespace)
        assert _run_test_cell(test.source, var, namespace[var]) < 4.0 * 0.76, wrong["why"]
