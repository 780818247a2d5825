"""Answers written as Markdown: parsed into the answer model, with errors that quote the line."""

from __future__ import annotations

import pytest

from curriculum.design import TEMPLATE, AnswerError, grade, grade_prompt, parse_answer, parse_markdown, to_markdown
from curriculum.design.catalog import PROMPT_IDS
from curriculum.design.examples import strong_voice_answer
from curriculum.design.model import Component, FocusArea
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


# ---------------------------------------------------------------------------
# to_markdown writes the template's own headings and labels; the expected text below is written by hand from the
# template (one item per list, the metric's number with thousands commas, the dollar sign back in front).

FULL = {
    "problem_definition": {
        "user_story": "As a clinic scheduler I want reminders sent so that fewer visits are missed.",
        "business_goal": "Fewer missed visits, counted weekly.",
        "clarifying_questions": ["How many patients a day?"],
        "assumptions": ["Peak is 3x the mean."],
        "metrics": [{"name": "patients called per day", "value": 150_000, "unit": "patients", "target": "weekdays"},
                    {"name": "cost a month", "value": 3104, "unit": "USD"},
                    {"name": "answer rate", "value": 62.5, "unit": "%"}],
    },
    "high_level_design": {
        "actors": ["Patient"],
        "components": [{"name": "Call placer", "tell": "Places calls.", "explain": "The peak needs pacing.",
                        "decide": "A queue rather than a burst."},
                       {"name": "Results store", "tell": "Keeps answers."}],
        "flows": [["Call placer", "Patient", "reminder call"], ["Call placer", "Results store"]],
    },
    "deep_dive": [{"area": "Pacing", "tradeoffs": [
        {"option": "Raise the limit", "alternative": "Stretch the window", "impact": "3 h instead of 42 h",
         "decision": "Raise it."}, {"option": "Stagger clinics"}],
        "risks": ["Spam labels; mitigation: register the number."]}],
    "wrap_up": {"summary": "Pace the calls.", "mvp": ["Calls with a confirm key"], "later": ["Text fallback"],
                "next_steps": ["Load-test the placer"]},
}

FULL_MARKDOWN = """# Problem definition

User story: As a clinic scheduler I want reminders sent so that fewer visits are missed.
Business goal: Fewer missed visits, counted weekly.

## Clarifying questions
- How many patients a day?

## Assumptions
- Peak is 3x the mean.

## Metrics
- patients called per day: 150,000 patients (weekdays)
- cost a month: $3,104
- answer rate: 62.5 %

# High-level design

## Actors
- Patient

## Components

### Call placer
Tell: Places calls.
Explain: The peak needs pacing.
Decide: A queue rather than a burst.

### Results store
Tell: Keeps answers.

## Flows
- Call placer -> Patient: reminder call
- Call placer -> Results store

# Deep dive

## Pacing
- Option: Raise the limit
  - Instead of: Stretch the window
  - Impact: 3 h instead of 42 h
  - Decision: Raise it.
- Option: Stagger clinics
- Risk: Spam labels; mitigation: register the number.

# Wrap-up

Summary: Pace the calls.

## MVP
- Calls with a confirm key

## Later
- Text fallback

## Next steps
- Load-test the placer
"""


def test_to_markdown_writes_the_template_s_headings_and_labels():
    assert to_markdown(FULL) == FULL_MARKDOWN
    assert parse_markdown(FULL_MARKDOWN) == parse_answer(FULL)


def test_to_markdown_leaves_out_an_empty_wrap_up_and_empty_lines():
    data = {"problem_definition": {}, "high_level_design": {"components": [{"name": "Call placer"}]},
            "deep_dive": [{"area": "Pacing"}]}
    # No story or goal: one blank line after the heading, not two.
    assert to_markdown(data) == ("# Problem definition\n\n## Clarifying questions\n\n## Assumptions\n\n## Metrics\n\n"
                                 "# High-level design\n\n## Actors\n\n## Components\n\n### Call placer\n\n## Flows\n\n"
                                 "# Deep dive\n\n## Pacing\n")
    # A story alone: the story line, then one blank line before the first section.
    data["problem_definition"] = {"user_story": "As a clinic, I want reminders"}
    assert to_markdown(data).startswith("# Problem definition\n\nUser story: As a clinic, I want reminders\n\n"
                                        "## Clarifying questions\n")
    assert parse_markdown(to_markdown(data)) == parse_answer(data)


@pytest.mark.parametrize("value,unit,line", [
    (1_500_000, "calls", "- m: 1,500,000 calls"),      # an int: thousands commas
    (2500.0, "s", "- m: 2,500 s"),                    # a whole float of 1,000 or more: written as an int
    (1000.0, "s", "- m: 1,000 s"),                    # 1,000 itself is "or more"
    (13.9, "calls/s", "- m: 13.9 calls/s"),
    (0.5, "%", "- m: 0.5 %"),
    (2_500_000.7, "B", "- m: 2,500,001 B"),           # a million or more: no decimals
    (5, "", "- m: 5"),
])
def test_metric_numbers_are_written_the_way_a_person_writes_them(value, unit, line):
    data = {"problem_definition": {"metrics": [{"name": "m", "value": value, "unit": unit}]},
            "high_level_design": {}, "deep_dive": []}
    assert line in to_markdown(data).splitlines()


# ---------------------------------------------------------------------------
# Reading: what each line form becomes.

def test_fields_continue_and_trade_off_synonyms():
    text = SKELETON.format(
        pd="User story: As a clinic scheduler\nUser story: I want reminders sent.\n## Metrics\n"
           "- saving: -5 % (at most)\n- fee: €2 a call\n- fee in pounds: £1\n- answer time: p95:4 s",
        hld="## Components\n### Call placer\nTell: Places calls\nTell: one at a time.\nDecide: Pace them.",
        dd="## Pacing\n- Option: Raise the limit\n  - Alternative: Stretch the window\n- Option: Queue\n"
           "  - Rather than: Burst\n  - Impact: 3 h\n  - Impact: instead of 42 h")
    a = parse_markdown(text)
    pd = a.problem_definition
    assert pd.user_story == "As a clinic scheduler I want reminders sent."
    assert [(m.name, m.value, m.unit, m.target) for m in pd.metrics] == [
        ("saving", -5, "%", "at most"), ("fee", 2, "EUR a call", ""), ("fee in pounds", 1, "GBP", ""),
        ("answer time: p95", 4, "s", "")]     # the first colon followed by a number ends the name
    assert a.high_level_design.components[0].tell == "Places calls one at a time."
    assert [(t.option, t.alternative, t.impact) for t in a.deep_dive[0].tradeoffs] == [
        ("Raise the limit", "Stretch the window", ""), ("Queue", "Burst", "3 h instead of 42 h")]


def test_placeholders_and_comments_are_dropped():
    text = SKELETON.format(
        pd="## Clarifying questions\n- <another question?>\n<!-- a comment\nover two lines -->\n- Who calls?",
        hld="## Components\n### <Component name>\nTell: <what it is>\n### Call placer\nTell: Places calls.",
        dd="## <Focus area>\n- Option: <what you chose>\n  - Impact: <numbers>\n## Pacing\n- Option: <x>\n"
           "  - Impact: <y>\n- Risk: <what could go wrong>")
    a = parse_markdown(text)
    assert a.problem_definition.clarifying_questions == ("Who calls?",)
    assert a.high_level_design.components == (Component("Call placer", "Places calls."),)
    assert a.deep_dive == (FocusArea("Pacing"),)


def test_layer_headings_may_be_numbered_and_in_any_case():
    a = parse_markdown("# Layer 1: Problem\n## Questions\n- Who calls?\n# LAYER 2 - High level\n"
                       "# Layer 3: Deep-dive\n# Wrap up\nSummary: Pace the calls.")
    assert a.problem_definition.clarifying_questions == ("Who calls?",)
    assert a.wrap_up.summary == "Pace the calls."


# ---------------------------------------------------------------------------
# Every error: 'line N: <the line, quoted>: <what is wrong and how to fix it>'.

MARKDOWN_ERRORS = [
    ("Some notes\n# Problem definition", "line 1: 'Some notes': comes before any layer; start with "
                                          "'# Problem definition'"),
    ("## Metrics\n# Problem definition", "line 1: '## Metrics': comes before any layer; start with "
                                          "'# Problem definition'"),
    (SKELETON.format(pd="", hld="", dd="") + "# Deep dive\n",
     "line 7: '# Deep dive': this layer appears twice; keep one heading per layer"),
    (SKELETON.format(pd="## Risks", hld="", dd=""),
     "line 2: '## Risks': is not a heading this answer uses; under this layer use '## Clarifying questions', "
     "'## Questions', '## Assumptions', '## Metrics'"),
    (SKELETON.format(pd="", hld="### Call placer", dd=""),
     "line 4: '### Call placer': is not a heading this answer uses; a component is a '### Name' heading under "
     "'## Components'"),
    (SKELETON.format(pd="", hld="", dd="### Pacing"),
     "line 6: '### Pacing': is not a heading this answer uses; a component is a '### Name' heading under "
     "'## Components'"),
    (SKELETON.format(pd="", hld="## Components\n### Call placer\nIt places calls.", dd=""),
     "line 6: 'It places calls.': under a component, write 'Tell: ...', 'Explain: ...' and 'Decide: ...' lines, "
     "each on its own line"),
    (SKELETON.format(pd="", hld="", dd="## Pacing\nRaise the limit."),
     "line 7: 'Raise the limit.': in a focus area, write bullets '- Option: ...' (with indented '- Instead of:', "
     "'- Impact:', '- Decision:') or '- Risk: ...'"),
    (SKELETON.format(pd="", hld="", dd="## Pacing\n- Impact: 3 h"),
     "line 7: '- Impact: 3 h': belongs under an '- Option: ...' bullet; add the option first"),
    (SKELETON.format(pd="", hld="", dd="## Pacing\n- Option: Raise\n  - Cost: $5"),
     "line 8: '- Cost: $5': 'cost' is not a trade-off field; use Option, Instead of, Impact, Decision or Risk"),
    (SKELETON.format(pd="", hld="", dd="- Risk: outage"),
     "line 6: '- Risk: outage': comes before any focus area; add a '## Area' heading first, such as "
     "'## Pacing against the calls-per-second limit'"),
    (SKELETON.format(pd="- Who calls?", hld="", dd=""),
     "line 2: '- Who calls?': is not inside a section; put it under 'User story:', 'Business goal:' or a "
     "'## Clarifying questions', '## Assumptions' or '## Metrics' list"),
    (SKELETON.format(pd="", hld="- Patient", dd=""),
     "line 4: '- Patient': is not inside a section; put it under a '## Actors', '## Components' or '## Flows' "
     "section"),
    (SKELETON.format(pd="", hld="", dd="") + "# Wrap-up\n- Ship it",
     "line 8: '- Ship it': is not inside a section; put it under 'Summary:' or a '## MVP', '## Later' or "
     "'## Next steps' list"),
    (SKELETON.format(pd="", hld="## Components\n- Call placer", dd=""),
     "line 5: '- Call placer': under '## Components', start each component with a '### Name' heading, then its "
     "Tell, Explain and Decide lines"),
    (SKELETON.format(pd="## Assumptions\nPeak is 3x.", hld="", dd=""),
     "line 3: 'Peak is 3x.': write each item as a bullet starting with '- '"),
    (SKELETON.format(pd="## Metrics\n- : 5 calls", hld="", dd=""),
     "line 3: '- : 5 calls': the metric has no name before the colon; write it as '- patients called per day: "
     "150,000 patients (weekdays)'"),
    (SKELETON.format(pd="", hld="## Flows\n- -> Patient: call", dd=""),
     "line 5: '- -> Patient: call': a flow needs a name on both sides of '->', as declared under Actors or "
     "Components, for example '- Reminder scheduler -> Call placer: paced call jobs'"),
    (SKELETON.format(pd="", hld="## Flows\n- Patient ->", dd=""),
     "line 5: '- Patient ->': a flow needs a name on both sides of '->', as declared under Actors or "
     "Components, for example '- Reminder scheduler -> Call placer: paced call jobs'"),
    (SKELETON.format(pd="", hld="## Components\n### Notifier\n### notifier", dd=""),
     "line 6: '### notifier': 'notifier' is declared twice (also at high_level_design.components[0].name); use "
     "each name once"),
    (SKELETON.format(pd="", hld="## Actors\n- Patient\n- patient", dd=""),
     "line 6: '- patient': 'patient' is declared twice (also at high_level_design.actors[0]); use each name once"),
    ("# Problem definition\n# Architecture\n",
     "line 2: '# Architecture': is not a layer heading; use '# Problem definition', '# High-level design', "
     "'# Deep dive' or '# Wrap-up'"),
    ("# High-level design\n# Deep dive\n",
     "problem_definition: the heading '# Problem definition' is missing; an answer has three layers, each under its "
     "own '# ' heading (copy them from the template)"),
    (SKELETON.format(pd="", hld="", dd="## <Focus area>\n- Risk: carriers filter us"),
     "line 7: '- Risk: carriers filter us': sits under a focus area that has no name yet ('## <Focus area>'): "
     "replace that heading's placeholder with the area's name, such as '## Pacing against the calls-per-second "
     "limit', or your trade-offs there are not counted"),
    (SKELETON.format(pd="", hld="## Actors\n- Patient\n## Flows\n- Patient => patient", dd=""),
     "line 7: '- Patient => patient': the flow starts and ends at 'Patient'; a flow joins two different nodes"),
]


@pytest.mark.parametrize("text,message", MARKDOWN_ERRORS)
def test_each_markdown_error_in_full(text, message):
    with pytest.raises(AnswerError) as info:
        parse_markdown(text)
    assert str(info.value) == message


def test_a_long_line_is_quoted_cut_at_70_characters():
    """A line over 70 characters is quoted as its first 67 characters and '...' (here an unknown trade-off field)."""
    line = "  - Cost: " + "x" * 80
    with pytest.raises(AnswerError) as info:
        parse_markdown(SKELETON.format(pd="", hld="", dd="## Pacing\n- Option: Raise\n" + line))
    assert str(info.value) == ("line 8: '" + line.strip()[:67] + "...': 'cost' is not a trade-off field; use Option, "
                               "Instead of, Impact, Decision or Risk")


def test_the_missing_heading_is_named():
    with pytest.raises(AnswerError) as info:
        parse_markdown("# Problem definition\n# Deep dive\n")
    assert str(info.value) == ("high_level_design: the heading '# High-level design' is missing; an answer has three "
                               "layers, each under its own '# ' heading (copy them from the template)")
    with pytest.raises(AnswerError, match=r"^answer: expected Markdown text \(a str\); got bytes$"):
        parse_markdown(b"# Problem definition")


def test_a_trade_off_under_the_unnamed_focus_area_is_an_error_not_lost():
    """A learner fills in an option but leaves the '## <Focus area>' heading as it came: the answer is refused with
    the line quoted and how to fix it, instead of the trade-off vanishing from the grade."""
    filled = TEMPLATE.replace("- Option: <what you chose>", "- Option: Buy 300 segments/s on the short code", 1)
    with pytest.raises(AnswerError) as err:
        parse_markdown(filled)
    assert "'- Option: Buy 300 segments/s on the short code'" in str(err.value)
    assert "replace that heading's placeholder with the area's name" in str(err.value)


def test_the_templates_untouched_risk_line_is_not_kept_as_a_risk():
    """Under a named area, the template's '- Risk: <...>; mitigation: <...>' left as it came is no risk."""
    named = TEMPLATE.replace("## <Focus area>", "## Pacing the burst", 1)
    area = parse_markdown(named).deep_dive
    assert all(not a.risks for a in area)
    written = named.replace("- Risk: <what could go wrong>; mitigation: <what you do about it>",
                            "- Risk: a carrier throttles us; mitigation: pace at 80% of the bought rate", 1)
    assert [r for a in parse_markdown(written).deep_dive for r in a.risks] == [
        "a carrier throttles us; mitigation: pace at 80% of the bought rate"]


def test_a_wrap_up_with_only_an_mvp_is_written():
    data = {"problem_definition": {}, "high_level_design": {}, "deep_dive": [],
            "wrap_up": {"mvp": ["the core flow first"]}}
    md = to_markdown(data)
    assert md.endswith("# Deep dive\n\n# Wrap-up\n\n## MVP\n- the core flow first\n")
    assert parse_markdown(md) == parse_answer(data)


def test_a_bare_arrow_is_the_template_s_placeholder_and_is_skipped():
    md = SKELETON.format(pd="", hld="## Components\n### Call placer\n## Flows\n- ->", dd="")
    assert parse_markdown(md).high_level_design.flows == ()
