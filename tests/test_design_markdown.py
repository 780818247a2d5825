"""Answers written as Markdown: parsed into the answer model, with errors that quote the line."""

from __future__ import annotations

import pytest

from curriculum.design import TEMPLATE, AnswerError, grade, grade_prompt, parse_answer, parse_markdown, to_markdown
from curriculum.design.catalog import PROMPT_IDS
from curriculum.design.examples import strong_voice_answer
from curriculum.design.references import reference_markdown

SKELETON = "# Problem definition\n{pd}\n# High-level design\n{hld}\n# Deep dive\n{dd}\n"


def test_template_is_an_empty_answer_that_scores_zero():
    """The untouched template parses (placeholders are ignored) and earns nothing on any prompt."""
    answer = parse_markdown(TEMPLATE)
    assert answer.problem_definition.metrics == () and answer.high_level_design.components == ()
    for pid in PROMPT_IDS:
        assert grade_prompt(pid, TEMPLATE).score == 0


def test_round_trip_of_the_dict_form():
    """to_markdown writes what parse_markdown reads back to the same answer."""
    assert parse_markdown(to_markdown(strong_voice_answer())) == parse_answer(strong_voice_answer())


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_references_round_trip(pid):
    md = reference_markdown(pid)
    assert to_markdown(parse_markdown(md)) == md


def test_metric_forms():
    """Numbers with commas, decimals and a currency sign; the target in brackets, nested ones too."""
    a = parse_markdown(SKELETON.format(pd="## Metrics\n- keys held: 150,000 keys (one per sign-in)\n"
                                          "- pumped cost: $3,104 (at most (capped))\n- wait: 15.0 s", hld="", dd=""))
    m = a.problem_definition.metrics
    assert (m[0].value, m[0].unit, m[0].target) == (150_000, "keys", "one per sign-in")
    assert (m[1].value, m[1].unit, m[1].target) == (3_104, "USD", "at most (capped)")
    assert (m[2].value, m[2].unit) == (15.0, "s")


def test_components_flows_and_tradeoffs():
    hld = ("## Actors\n- Patient\n## Components\n### Scheduler\nTell: Queues jobs.\nExplain: Paces them.\n"
           "Decide: A queue rather than a burst.\n## Flows\n- Scheduler -> Patient: call")
    dd = ("## Pacing\n- Option: Raise the limit\n  - Instead of: Stretch the window\n  - Impact: 3 h instead of 42 h\n"
          "  - Decision: Raise it.\n- Risk: Spam labels; mitigation: register the number.")
    a = parse_markdown(SKELETON.format(pd="", hld=hld, dd=dd))
    c = a.high_level_design.components[0]
    assert (c.name, c.decide) == ("Scheduler", "A queue rather than a burst.")
    assert a.high_level_design.flows[0].label == "call"
    t = a.deep_dive[0].tradeoffs[0]
    assert (t.option, t.alternative, t.impact, t.decision) == ("Raise the limit", "Stretch the window",
                                                               "3 h instead of 42 h", "Raise it.")
    assert a.deep_dive[0].risks == ("Spam labels; mitigation: register the number.",)


@pytest.mark.parametrize("text,line,words", [
    (SKELETON.format(pd="## Metrics\n- calls per second: TBD", hld="", dd=""), 3, "digits"),
    (SKELETON.format(pd="## Metrics\n- calls per second", hld="", dd=""), 3, "'- name: number unit (target)'"),
    (SKELETON.format(pd="", hld="## Flows\n- Scheduler to Patient", dd=""), 5, "'- Source -> Target"),
    (SKELETON.format(pd="", hld="## Actors\n- Patient\n## Flows\n- Patient -> Queue: job", dd=""), 7, "not a declared"),
    (SKELETON.format(pd="", hld="", dd="- Option: faster"), 6, "focus area"),
    (SKELETON.format(pd="", hld="## Components\n### Queue\nIt queues.", dd=""), 6, "Tell:"),
    ("# Problem\n# Design stuff\n", 2, "layer heading"),
])
def test_malformed_markdown_quotes_the_line(text, line, words):
    """Each error names the line, quotes it and says how to fix it; grade() turns it into the well_formed item."""
    with pytest.raises(AnswerError) as info:
        parse_markdown(text)
    assert info.value.path == f"line {line}"
    quoted = text.splitlines()[line - 1].strip()
    assert repr(quoted[:67]).strip("'")[:20] in str(info.value)
    assert words in str(info.value)
    result = grade(text)
    assert not result.well_formed and result.items[0].feedback.startswith(f"line {line}:")


def test_missing_layer():
    with pytest.raises(AnswerError, match="Deep dive"):
        parse_markdown("# Problem definition\n# High-level design\n")
