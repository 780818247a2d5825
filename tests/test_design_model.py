"""Tests for curriculum.design.model: parsing the three-layer answer dict."""

from __future__ import annotations

import dataclasses
import math

import pytest

from curriculum.design.examples import strong_voice_answer, weak_voice_answer
from curriculum.design.model import (
    Answer,
    AnswerError,
    Component,
    Flow,
    FocusArea,
    HighLevelDesign,
    Metric,
    ProblemDefinition,
    Tradeoff,
    WrapUp,
    parse_answer,
)


def minimal() -> dict:
    """The smallest well-formed answer: three empty layers."""
    return {"problem_definition": {}, "high_level_design": {}, "deep_dive": []}


class TestParseStrongAnswer:
    def test_returns_frozen_dataclasses(self):
        """The strong example parses into the documented dataclasses."""
        answer = parse_answer(strong_voice_answer())
        assert isinstance(answer, Answer)
        assert isinstance(answer.problem_definition, ProblemDefinition)
        assert isinstance(answer.high_level_design, HighLevelDesign)
        assert all(isinstance(m, Metric) for m in answer.problem_definition.metrics)
        assert all(isinstance(c, Component) for c in answer.high_level_design.components)
        assert all(isinstance(f, Flow) for f in answer.high_level_design.flows)
        assert all(isinstance(a, FocusArea) for a in answer.deep_dive)
        assert all(isinstance(t, Tradeoff) for a in answer.deep_dive for t in a.tradeoffs)
        with pytest.raises(dataclasses.FrozenInstanceError):
            answer.deep_dive = ()  # type: ignore[misc]

    def test_counts_and_values(self):
        """Counts and a few values survive parsing unchanged."""
        answer = parse_answer(strong_voice_answer())
        pd, hld = answer.problem_definition, answer.high_level_design
        assert len(pd.clarifying_questions) == 4
        assert pd.metrics[0] == Metric("concurrent calls at peak", 10000, "calls", "busy hour")
        assert hld.actors == ("Caller", "Carrier", "Business app")
        assert len(hld.components) == 6 and len(hld.flows) == 11
        assert hld.flows[1] == Flow("Carrier", "Call router", "SIP INVITE")
        assert [a.area for a in answer.deep_dive] == ["Trunk sizing at call set-up", "Recording storage"]

    def test_lists_become_tuples(self):
        """Parsed collections are tuples, so the Answer is immutable all the way down."""
        answer = parse_answer(strong_voice_answer())
        assert isinstance(answer.problem_definition.clarifying_questions, tuple)
        assert isinstance(answer.high_level_design.flows, tuple)
        assert isinstance(answer.deep_dive[0].tradeoffs, tuple)

    def test_weak_answer_is_well_formed(self):
        """The weak example is bad design but valid shape: the rubric, not the parser, judges it."""
        answer = parse_answer(weak_voice_answer())
        assert len(answer.high_level_design.components) == 12

    def test_answer_passes_through(self):
        """An already-parsed Answer is returned as is."""
        answer = parse_answer(strong_voice_answer())
        assert parse_answer(answer) is answer

    def test_hand_built_answer_flows_checked(self):
        """A hand-built Answer whose flow names an undeclared node is rejected with the path."""
        answer = Answer(ProblemDefinition(), HighLevelDesign(components=(Component("Router"),),
                                                             flows=(Flow("Caller", "Router"),)), ())
        with pytest.raises(AnswerError, match=r"^high_level_design\.flows\[0\]\[0\]: 'Caller' is not a declared component"):
            parse_answer(answer)

    def test_input_dict_not_mutated(self):
        """Parsing leaves the learner's dict untouched."""
        data = strong_voice_answer()
        parse_answer(data)
        assert data == strong_voice_answer()


class TestRules:
    def test_optional_keys_default_to_empty(self):
        """Layers may be empty; missing optional keys become empty values."""
        answer = parse_answer(minimal())
        assert answer.problem_definition == ProblemDefinition()
        assert answer.high_level_design == HighLevelDesign()
        assert answer.deep_dive == ()

    def test_flow_ends_match_ignoring_case_and_spaces(self):
        """A flow end matches a declared name ignoring case and extra spaces, and carries its spelling."""
        data = minimal()
        data["high_level_design"] = {
            "actors": ["Caller"],
            "components": [{"name": "Call router"}],
            "flows": [["  caller ", "CALL   ROUTER"]],
        }
        flow = parse_answer(data).high_level_design.flows[0]
        assert flow == Flow("Caller", "Call router", "")

    def test_actors_are_not_components(self):
        """Actors are nodes for flows but not components."""
        data = minimal()
        data["high_level_design"] = {"actors": ["Caller"], "components": [{"name": "Router"}],
                                     "flows": [["Caller", "Router", "call"]]}
        hld = parse_answer(data).high_level_design
        assert hld.component_names == ("Router",)
        assert hld.node_names == ("Caller", "Router")

    def test_whitespace_in_text_is_normalised(self):
        """Runs of whitespace in text collapse to one space."""
        data = minimal()
        data["problem_definition"]["user_story"] = "  As a caller\n I want   to leave a message. "
        assert parse_answer(data).problem_definition.user_story == "As a caller I want to leave a message."

    def test_metric_value_may_be_int_or_float(self):
        """Both ints and floats are real numbers."""
        data = minimal()
        data["problem_definition"]["metrics"] = [{"name": "a", "value": 3}, {"name": "b", "value": 2.5}]
        values = [m.value for m in parse_answer(data).problem_definition.metrics]
        assert values == [3, 2.5]


def _drop(d: dict, key: str) -> None:
    del d[key]


# Each case: a change to the strong answer, the path the message must start with,
# and a phrase it must contain.
MALFORMED = {
    "missing_layer": (lambda a: _drop(a, "deep_dive"), "deep_dive", "this layer is missing"),
    "unknown_layer": (lambda a: a.update(deepdive=[]), "deepdive", "did you mean 'deep_dive'"),
    "layer_not_dict": (lambda a: a.update(problem_definition=["story"]), "problem_definition", "expected a dict"),
    "components_not_list": (
        lambda a: a["high_level_design"].update(components={"name": "Call router"}),
        "high_level_design.components", "expected a list",
    ),
    "flow_undeclared_component": (
        lambda a: a["high_level_design"]["flows"][2].__setitem__(1, "Queue"),
        "high_level_design.flows[2][1]",
        "'Queue' is not a declared component or actor; declared: Caller, Carrier, Business app, Call router",
    ),
    "flow_near_miss_suggests": (
        lambda a: a["high_level_design"]["flows"][3].__setitem__(0, "TwiML webhooks"),
        "high_level_design.flows[3][0]", "Did you mean 'TwiML webhook'?",
    ),
    "flow_wrong_shape": (
        lambda a: a["high_level_design"]["flows"].__setitem__(0, "Caller -> Carrier"),
        "high_level_design.flows[0]", "a flow is [source, target]",
    ),
    "flow_too_long": (
        lambda a: a["high_level_design"]["flows"][0].append("extra"),
        "high_level_design.flows[0]", "a flow is [source, target]",
    ),
    "flow_self_loop": (
        lambda a: a["high_level_design"]["flows"].append(["Notifier", "notifier", "again"]),
        "high_level_design.flows[11]", "starts and ends at 'Notifier'",
    ),
    "metric_value_string": (
        lambda a: a["problem_definition"]["metrics"][0].update(value="10k"),
        "problem_definition.metrics[0].value", "give the number itself",
    ),
    "metric_without_value": (
        lambda a: _drop(a["problem_definition"]["metrics"][1], "value"),
        "problem_definition.metrics[1].value", "missing",
    ),
    "metric_value_none": (
        lambda a: a["problem_definition"]["metrics"][1].update(value=None),
        "problem_definition.metrics[1].value", "has no value",
    ),
    "metric_value_bool": (
        lambda a: a["problem_definition"]["metrics"][2].update(value=True),
        "problem_definition.metrics[2].value", "bool, not a number",
    ),
    "metric_value_nan": (
        lambda a: a["problem_definition"]["metrics"][2].update(value=math.nan),
        "problem_definition.metrics[2].value", "not a finite number",
    ),
    "metric_value_inf": (
        lambda a: a["problem_definition"]["metrics"][2].update(value=math.inf),
        "problem_definition.metrics[2].value", "not a finite number",
    ),
    "metric_value_list": (
        lambda a: a["problem_definition"]["metrics"][2].update(value=[1]),
        "problem_definition.metrics[2].value", "expected a number",
    ),
    "metric_without_name": (
        lambda a: _drop(a["problem_definition"]["metrics"][0], "name"),
        "problem_definition.metrics[0].name", "missing",
    ),
    "misspelt_key": (
        lambda a: a["problem_definition"].update(clarifying_question=["Who calls?"]),
        "problem_definition.clarifying_question", "did you mean 'clarifying_questions'",
    ),
    "question_not_text": (
        lambda a: a["problem_definition"]["clarifying_questions"].__setitem__(1, 42),
        "problem_definition.clarifying_questions[1]", "expected text",
    ),
    "questions_one_string": (
        lambda a: a["problem_definition"].update(clarifying_questions="Who calls?"),
        "problem_definition.clarifying_questions", "expected a list",
    ),
    "duplicate_component": (
        lambda a: a["high_level_design"]["components"].append({"name": "notifier"}),
        "high_level_design.components[6].name", "declared twice (also at high_level_design.components[4].name)",
    ),
    "actor_named_like_component": (
        lambda a: a["high_level_design"]["actors"].append("Call Router"),
        "high_level_design.components[0].name", "declared twice (also at high_level_design.actors[3])",
    ),
    "component_empty_name": (
        lambda a: a["high_level_design"]["components"][0].update(name="  "),
        "high_level_design.components[0].name", "is empty",
    ),
    "component_not_dict": (
        lambda a: a["high_level_design"]["components"].__setitem__(2, "Recording store"),
        "high_level_design.components[2]", "expected a dict",
    ),
    "deep_dive_not_list": (
        lambda a: a.update(deep_dive={"area": "Trunks"}),
        "deep_dive", "expected a list",
    ),
    "tradeoff_without_option": (
        lambda a: _drop(a["deep_dive"][0]["tradeoffs"][1], "option"),
        "deep_dive[0].tradeoffs[1].option", "missing",
    ),
    "focus_area_unknown_key": (
        lambda a: a["deep_dive"][1].update(tradeoff=[]),
        "deep_dive[1].tradeoff", "did you mean 'tradeoffs'",
    ),
}


class TestMalformed:
    @pytest.mark.parametrize("case", sorted(MALFORMED))
    def test_error_names_the_field_path(self, case):
        """Each malformed answer raises AnswerError whose message starts with the bad field's path."""
        change, path, phrase = MALFORMED[case]
        data = strong_voice_answer()
        change(data)
        with pytest.raises(AnswerError) as info:
            parse_answer(data)
        message = str(info.value)
        assert info.value.path == path, message
        assert message.startswith(f"{path}: "), message
        assert phrase in message, message

    def test_answer_error_is_a_value_error(self):
        """Callers catching ValueError also catch AnswerError."""
        assert issubclass(AnswerError, ValueError)

    @pytest.mark.parametrize(
        "data",
        [None, 42, "answer", [], {}, {1: 2}, {"problem_definition": None, "high_level_design": {}, "deep_dive": []},
         {"problem_definition": {}, "high_level_design": {"flows": [[1, 2]]}, "deep_dive": []},
         {"problem_definition": {}, "high_level_design": {"flows": [None]}, "deep_dive": []},
         {"problem_definition": {}, "high_level_design": {"actors": [None]}, "deep_dive": []},
         {"problem_definition": {"metrics": [None]}, "high_level_design": {}, "deep_dive": [None]}],
    )
    def test_garbage_raises_answer_error_only(self, data):
        """Whatever the input, the parser fails with AnswerError, never a bare traceback from inside."""
        with pytest.raises(AnswerError):
            parse_answer(data)


class TestMessagesQuoteTheValue:
    def test_a_long_value_is_quoted_cut_at_40_characters(self):
        """repr(list(range(30))) is 116 characters: the message keeps its first 37 and adds '...'.

        Working: '[' + '0, ' ... '9, ' is 31 characters, '10, ' makes 35, '11' makes 37.
        """
        data = minimal()
        data["problem_definition"]["metrics"] = [{"name": "calls", "value": list(range(30))}]
        with pytest.raises(AnswerError) as info:
            parse_answer(data)
        assert str(info.value) == ("problem_definition.metrics[0].value: expected a number (int or float); got list "
                                   "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11...")

    def test_a_short_value_is_quoted_whole(self):
        data = minimal()
        data["high_level_design"] = {"components": [{"name": 42}]}
        with pytest.raises(AnswerError) as info:
            parse_answer(data)
        assert str(info.value) == "high_level_design.components[0].name: expected text (a str); got int 42"

    def test_none_is_named_none(self):
        with pytest.raises(AnswerError) as info:
            parse_answer({"problem_definition": None, "high_level_design": {}, "deep_dive": []})
        assert str(info.value).startswith("problem_definition: expected a dict such as {'user_story': ...")
        assert str(info.value).endswith("; got None None")


# Each case: where the bad value goes, and the whole message a learner reads. Every message is the field's path,
# then what was expected with an example of the right shape, then what was found: "got <type> <value>".
WHOLE_MESSAGES = {
    "questions_not_a_list": (
        lambda a: a["problem_definition"].update(clarifying_questions=5),
        "problem_definition.clarifying_questions: expected a list such as ['Who calls?', ...]; got int 5"),
    "assumptions_not_a_list": (
        lambda a: a["problem_definition"].update(assumptions="Peak is 3x"),
        "problem_definition.assumptions: expected a list such as ['Peak is ...', ...]; got str 'Peak is 3x'"),
    "metrics_not_a_list": (
        lambda a: a["problem_definition"].update(metrics=None),
        "problem_definition.metrics: expected a list such as [{'name': ..., 'value': ..., 'unit': ...}]; got None "
        "None"),
    "story_not_text": (
        lambda a: a["problem_definition"].update(user_story=["As a caller"]),
        "problem_definition.user_story: expected text (a str); got list ['As a caller']"),
    "goal_not_text": (
        lambda a: a["problem_definition"].update(business_goal=3),
        "problem_definition.business_goal: expected text (a str); got int 3"),
    "metric_not_a_dict": (
        lambda a: a["problem_definition"]["metrics"].__setitem__(0, "10,000 calls"),
        "problem_definition.metrics[0]: expected a dict such as {'name': 'concurrent calls', 'value': 10000, "
        "'unit': 'calls'}; got str '10,000 calls'"),
    "metric_unit_not_text": (
        lambda a: a["problem_definition"]["metrics"][0].update(unit=7),
        "problem_definition.metrics[0].unit: expected text (a str); got int 7"),
    "metric_name_empty": (
        lambda a: a["problem_definition"]["metrics"][0].update(name="  "),
        "problem_definition.metrics[0].name: is empty; give it a short name"),
    "metric_unknown_key": (
        lambda a: a["problem_definition"]["metrics"][0].update(units="calls"),
        "problem_definition.metrics[0].units: unknown key in a metric; did you mean 'unit'? allowed keys: name, "
        "value, unit, target"),
    "metric_without_name_or_value": (
        lambda a: a["problem_definition"]["metrics"].__setitem__(0, {}),
        "problem_definition.metrics[0].name: missing; a metric needs 'name' and 'value'"),
    "design_unknown_key": (
        lambda a: a["high_level_design"].update(component=[]),
        "high_level_design.component: unknown key in high_level_design; did you mean 'components'? allowed keys: "
        "components, flows, actors"),
    "components_not_a_list": (
        lambda a: a["high_level_design"].update(components="Call router"),
        "high_level_design.components: expected a list such as [{'name': 'Call router', ...}]; got str 'Call "
        "router'"),
    "flows_not_a_list": (
        lambda a: a["high_level_design"].update(flows={"Caller": "Carrier"}),
        "high_level_design.flows: expected a list such as [['Caller', 'Call router', 'SIP INVITE'], ...]; got dict "
        "{'Caller': 'Carrier'}"),
    "actors_not_a_list": (
        lambda a: a["high_level_design"].update(actors="Caller"),
        "high_level_design.actors: expected a list such as ['Caller', 'Carrier']; got str 'Caller'"),
    "empty_actor": (
        lambda a: a["high_level_design"]["actors"].__setitem__(1, " "),
        "high_level_design.actors[1]: is empty; give it a short name"),
    "component_unknown_key": (
        lambda a: a["high_level_design"]["components"][0].update(decides="Pool"),
        "high_level_design.components[0].decides: unknown key in a component; did you mean 'decide'? allowed "
        "keys: name, tell, explain, decide"),
    "component_name_not_text": (
        lambda a: a["high_level_design"]["components"][0].update(name=None),
        "high_level_design.components[0].name: expected text (a str); got None None"),
    "tell_explain_decide_not_text": (
        lambda a: a["high_level_design"]["components"][1].update(decide=1),
        "high_level_design.components[1].decide: expected text (a str); got int 1"),
    "explain_not_text": (
        lambda a: a["high_level_design"]["components"][1].update(explain=1),
        "high_level_design.components[1].explain: expected text (a str); got int 1"),
    "tell_not_text": (
        lambda a: a["high_level_design"]["components"][1].update(tell=1),
        "high_level_design.components[1].tell: expected text (a str); got int 1"),
    "flow_label_not_text": (
        lambda a: a["high_level_design"]["flows"][0].__setitem__(2, 5),
        "high_level_design.flows[0][2]: expected text (a str); got int 5"),
    "flow_self_loop": (
        lambda a: a["high_level_design"]["flows"].__setitem__(0, ["Caller", "caller"]),
        "high_level_design.flows[0]: the flow starts and ends at 'Caller'; a flow joins two different nodes"),
    "deep_dive_not_a_list": (
        lambda a: a.update(deep_dive="Trunks"),
        "deep_dive: expected a list such as [{'area': 'Trunk sizing', 'tradeoffs': [...]}]; got str 'Trunks'"),
    "focus_not_a_dict": (
        lambda a: a["deep_dive"].__setitem__(0, ["Trunks"]),
        "deep_dive[0]: expected a dict such as {'area': 'Trunk sizing', 'tradeoffs': [...], 'risks': [...]}; got "
        "list ['Trunks']"),
    "focus_area_not_text": (
        lambda a: a["deep_dive"][0].update(area=5),
        "deep_dive[0].area: expected text (a str); got int 5"),
    "focus_unknown_key": (
        lambda a: a["deep_dive"][0].update(risk=[]),
        "deep_dive[0].risk: unknown key in a focus area; did you mean 'risks'? allowed keys: area, tradeoffs, risks"),
    "tradeoffs_not_a_list": (
        lambda a: a["deep_dive"][0].update(tradeoffs={"option": "Pool"}),
        "deep_dive[0].tradeoffs: expected a list such as [{'option': ..., 'impact': ...}]; got dict {'option': "
        "'Pool'}"),
    "risks_not_a_list": (
        lambda a: a["deep_dive"][0].update(risks="outage"),
        "deep_dive[0].risks: expected a list such as ['A carrier outage ...']; got str 'outage'"),
    "tradeoff_not_a_dict": (
        lambda a: a["deep_dive"][0]["tradeoffs"].__setitem__(0, "Pool"),
        "deep_dive[0].tradeoffs[0]: expected a dict such as {'option': ..., 'alternative': ..., 'impact': '... "
        "(+3%)', 'decision': ...}; got str 'Pool'"),
    "tradeoff_option_empty": (
        lambda a: a["deep_dive"][0]["tradeoffs"][0].update(option=" "),
        "deep_dive[0].tradeoffs[0].option: is empty; give it a short name"),
    "tradeoff_fields_not_text": (
        lambda a: a["deep_dive"][0]["tradeoffs"][0].update(alternative=2),
        "deep_dive[0].tradeoffs[0].alternative: expected text (a str); got int 2"),
    "tradeoff_impact_not_text": (
        lambda a: a["deep_dive"][0]["tradeoffs"][0].update(impact=2),
        "deep_dive[0].tradeoffs[0].impact: expected text (a str); got int 2"),
    "tradeoff_decision_not_text": (
        lambda a: a["deep_dive"][0]["tradeoffs"][0].update(decision=2),
        "deep_dive[0].tradeoffs[0].decision: expected text (a str); got int 2"),
    "wrap_up_not_a_dict": (
        lambda a: a.update(wrap_up="Done"),
        "wrap_up: expected a dict such as {'summary': ..., 'mvp': [...], 'later': [...], 'next_steps': [...]}; got "
        "str 'Done'"),
    "wrap_up_unknown_key": (
        lambda a: a.update(wrap_up={"sumary": "Pool."}),
        "wrap_up.sumary: unknown key in wrap_up; did you mean 'summary'? allowed keys: summary, mvp, later, "
        "next_steps"),
    "wrap_up_summary_not_text": (
        lambda a: a.update(wrap_up={"summary": 1}),
        "wrap_up.summary: expected text (a str); got int 1"),
    "wrap_up_mvp_not_a_list": (
        lambda a: a.update(wrap_up={"mvp": "calls"}),
        "wrap_up.mvp: expected a list such as ['Reminder calls with a confirm key']; got str 'calls'"),
    "wrap_up_later_not_a_list": (
        lambda a: a.update(wrap_up={"later": "texts"}),
        "wrap_up.later: expected a list such as ['Text fallback']; got str 'texts'"),
    "wrap_up_next_steps_not_a_list": (
        lambda a: a.update(wrap_up={"next_steps": "test"}),
        "wrap_up.next_steps: expected a list such as ['Load-test the pacer']; got str 'test'"),
    "unknown_layer": (
        lambda a: a.update(problem_defintion={}),
        "problem_defintion: unknown layer; did you mean 'problem_definition'? an answer has three layers: "
        "problem_definition, high_level_design, deep_dive, and may end with an optional 'wrap_up'"),
    "unknown_layer_with_no_near_name": (
        lambda a: a.clear() or a.update(x=1),
        "x: unknown layer; an answer has three layers: problem_definition, high_level_design, deep_dive, and may "
        "end with an optional 'wrap_up'"),
    # found loose by the second design/ mutation run of 2026-12-04
    "component_a_bare_name": (
        lambda a: a["high_level_design"]["components"].__setitem__(0, "Call router"),
        "high_level_design.components[0]: expected a dict such as {'name': 'Call router', 'tell': ..., 'explain': "
        "..., 'decide': ...}; got str 'Call router'"),
    "misspelt_key_placed_in_its_layer": (
        lambda a: a["problem_definition"].update(metricz=[]),
        "problem_definition.metricz: unknown key in problem_definition; did you mean 'metrics'? allowed keys: "
        "user_story, business_goal, clarifying_questions, assumptions, metrics"),
    "one_required_key_named_alone": (
        lambda a: a.update(deep_dive=[{}]),
        "deep_dive[0].area: missing; a focus area needs 'area'"),
    "flow_end_empty": (
        lambda a: a["high_level_design"]["flows"][0].__setitem__(0, ""),
        "high_level_design.flows[0][0]: is empty; give it a short name"),
    "misspelt_wrap_up": (
        lambda a: a.update(wrapup={"summary": "A paced placer."}),
        "wrapup: unknown layer; did you mean 'wrap_up'? an answer has three layers: problem_definition, "
        "high_level_design, deep_dive, and may end with an optional 'wrap_up'"),
}


@pytest.mark.parametrize("case", sorted(WHOLE_MESSAGES))
def test_the_whole_message_names_the_path_the_shape_and_what_was_found(case):
    change, message = WHOLE_MESSAGES[case]
    data = strong_voice_answer()
    change(data)
    with pytest.raises(AnswerError) as info:
        parse_answer(data)
    assert str(info.value) == message


def test_the_wrap_up_is_read():
    data = strong_voice_answer()
    data["wrap_up"] = {"summary": "Pool  the trunks.", "mvp": ["Record and play back"], "later": ["Transcripts"],
                       "next_steps": ["Load-test the router"]}
    wrap = parse_answer(data).wrap_up
    assert (wrap.summary, wrap.mvp, wrap.later, wrap.next_steps) == (
        "Pool the trunks.", ("Record and play back",), ("Transcripts",), ("Load-test the router",))
    assert parse_answer(strong_voice_answer()).wrap_up == WrapUp()


def test_every_field_is_kept():
    """Each optional text reaches the parsed answer (none is dropped or read from a wrong key)."""
    answer = parse_answer(strong_voice_answer())
    pd, hld = answer.problem_definition, answer.high_level_design
    assert pd.user_story.startswith("As the owner of a small business")
    assert pd.assumptions[3] == "Recordings are kept for 30 days and then deleted."
    assert pd.metrics[5] == Metric("recording storage, 30 days", 19.2, "TB", "MP3 at 32 kbit/s")
    c = hld.components[2]
    assert (c.tell, c.explain[:22], c.decide) == ("Keeps each message's audio file for 30 days.",
                                                 "About a terabyte of au",
                                                 "Object storage with signed links over audio blobs in the message "
                                                 "database.")
    t = answer.deep_dive[0].tradeoffs[0]
    assert (t.option, t.alternative, t.impact[:12], t.decision[:8]) == (
        "Size for 1% blocking with Erlang B", "Size for 0.1% blocking", "9,970 trunks", "Keep 1%:")
    assert answer.deep_dive[0].risks[0].startswith("A regional carrier outage")
    assert hld.flows[0] == Flow("Caller", "Carrier", "dials the number")



def test_a_metric_without_unit_or_target_has_empty_ones():
    data = minimal()
    data["problem_definition"] = {"metrics": [{"name": "calls", "value": 3}]}
    assert parse_answer(data).problem_definition.metrics[0] == Metric("calls", 3, "", "")
