"""Tests for curriculum.design.rubric and curriculum.design.prompts."""

from __future__ import annotations

import re

import pytest

from curriculum.design import (
    AnswerError,
    Curveball,
    NumericCheck,
    PlausibleRange,
    Prompt,
    grade,
    grade_prompt,
    parse_answer,
    sms_reminder_prompt,
    voice_messaging_prompt,
)
from curriculum.design.calibration import calibration_answers
from curriculum.design.catalog import PROMPT_IDS
from curriculum.design.examples import strong_voice_answer, weak_voice_answer
from curriculum.design.rubric import BASE_ITEMS, DEFAULT_POINTS, NUMBER_WITH_UNIT, GradeResult, ItemResult

# Trunks for 10,000 Erlangs at 1% blocking. Working: the Erlang B recursion
# B(0)=1, B(n) = A*B(n-1) / (n + A*B(n-1)) with A=10,000 first falls to 1% or
# below at n=9,970. The rubric never computes this: the prompt carries it.
TRUNKS_1PCT = 9_970
PROMPT_ITEMS = ("prompt_metrics", "prompt_components", "prompt_numbers")
# Every piece of feedback for a lost point opens a sentence with one of these verbs.
ACTION = re.compile(r"(^|\. )(Add|Ask|Give|State|Cut|Connect|Rewrite|Name|Take|Open|Merge|Go|Recheck|Pick)\b")


def voice_prompt() -> Prompt:
    return voice_messaging_prompt(10_000, trunks_needed=TRUNKS_1PCT)


def points(result: GradeResult, item_id: str) -> float:
    return result.item(item_id).points


class TestStrongAnswer:
    @pytest.mark.parametrize("item_id", BASE_ITEMS + PROMPT_ITEMS)
    def test_full_marks_on_every_item(self, item_id):
        """The strong example earns every point of every item, and says so briefly."""
        item = grade(strong_voice_answer(), voice_prompt()).item(item_id)
        assert item.points == item.max_points == DEFAULT_POINTS[item_id], item.feedback
        assert item.feedback.startswith("Full marks"), item.feedback

    def test_total(self):
        """10 points without a prompt, 14 with the voice prompt, all earned."""
        assert (grade(strong_voice_answer()).score, grade(strong_voice_answer()).max_score) == (10.0, 10.0)
        result = grade(strong_voice_answer(), voice_prompt())
        assert (result.score, result.max_score) == (14.0, 14.0)

    def test_items_in_report_order(self):
        """Items come back in the documented order, prompt items last."""
        result = grade(strong_voice_answer(), voice_prompt())
        assert [i.item_id for i in result.items] == list(BASE_ITEMS + PROMPT_ITEMS)

    def test_accepts_parsed_answer(self):
        """grade takes a parsed Answer as well as a dict."""
        assert grade(parse_answer(strong_voice_answer())).score == 10.0


@pytest.fixture
def result() -> GradeResult:
    """The weak answer graded against the voice prompt, afresh for each test (a module-wide copy would hide from
    `make mutation` which tests read the weak answer, so its planted bugs would seem to survive)."""
    return grade(weak_voice_answer(), voice_prompt())


class TestWeakAnswer:
    @pytest.mark.parametrize("item_id", BASE_ITEMS + PROMPT_ITEMS)
    def test_loses_points_on_every_item(self, result, item_id):
        """The weak example loses points everywhere, with feedback a learner can act on."""
        item = result.item(item_id)
        assert item.points < item.max_points, item.feedback
        assert item.feedback.strip() and not item.feedback.startswith("Full marks")
        assert ACTION.search(item.feedback), f"no action in feedback: {item.feedback!r}"

    def test_total_is_low(self, result):
        """The weak answer scores under a fifth of the points."""
        assert result.score < result.max_score / 5

    def test_feedback_is_specific(self, result):
        """Feedback names what it found: the tech terms, the component count, the bare impact."""
        assert "'Kafka'" in result.item("context_fit").feedback
        assert "'microservices'" in result.item("context_fit").feedback
        assert "Most components are separate services" in result.item("context_fit").feedback
        assert "you have 12" in result.item("one_page").feedback
        assert "'Kafka is faster and scales better' has no number" in result.item("depth").feedback
        assert "'performance' a 'unit'" in result.item("metrics_quantified").feedback
        assert "Ask 3 more clarifying questions" in result.item("clarify_first").feedback

    def test_exact_partial_scores(self, result):
        """Partial credit follows the documented weights.

        The answer gives little of what the prompt asks for: 1 of its 3 required components (1 point), none of
        its metrics (1 point) or figures (2 points), so fit = (1/3) / 4 = 1/12 and every general item keeps
        0.5 + 0.5 * 1/12 = 0.5417 of its score (FIT_FLOOR 0.5).
        metrics: 1 of 2 metrics has number and unit, no scale, no quality: 2 * 0.5 * 1/2 = 0.5; x 0.5417 = 0.27.
        one_page: 12 components (size 0), 5 of 12 in a flow: 1 * 0.5 * 5/12 = 0.208; x 0.5417 = 0.11.
        ted: tell and decide under 3 words, all copied, so 1 of 5 checks: 2 * 1/5 = 0.4; x 0.5417 = 0.22.
        depth: one area (0.25), no quantified trade-off: 2 * 0.25 = 0.5; x 0.5417 = 0.27.
        prompt_components: 1 of 3, not scaled: 0.33.
        """
        assert points(result, "clarify_first") == 0.0
        assert points(result, "metrics_quantified") == 0.27
        assert points(result, "one_page") == 0.11
        assert points(result, "ted_complete") == 0.22
        assert points(result, "context_fit") == 0.0
        assert points(result, "depth") == 0.27
        assert points(result, "prompt_components") == 0.33


class TestClarifyFirst:
    def grade_questions(self, questions, assumptions=("Assume a mean call of 60 seconds.",)):
        answer = strong_voice_answer()
        answer["problem_definition"]["clarifying_questions"] = list(questions)
        answer["problem_definition"]["assumptions"] = list(assumptions)
        return grade(answer).item("clarify_first")

    def test_two_of_three_questions_is_partial(self):
        """Two good questions and an assumption: 0.75 * 2/3 + 0.25 = 0.75 of 2 points."""
        item = self.grade_questions(["Who leaves the messages?", "How long are recordings kept?"])
        assert item.points == 1.5
        assert "Ask 1 more clarifying question " in item.feedback

    def test_duplicates_do_not_count(self):
        """A near-copy of an earlier question is not counted again."""
        item = self.grade_questions(
            ["How many calls at peak?", "How many calls at peak ?", "How many calls at the peak?"]
        )
        assert item.points == 1.0  # 0.75 * 1/3 + 0.25 = 0.5 of 2
        assert "repeats an earlier question" in item.feedback

    def test_statements_and_stubs_do_not_count(self):
        """A question must end with '?' and have three words or more."""
        item = self.grade_questions(["Tell me about the users.", "Scale?", "Who are the callers?"])
        assert item.points == 1.0
        assert "'Tell me about the users.' does not end with '?'" in item.feedback

    def test_no_assumption(self):
        """Three questions but no assumption: 0.75 of the points, and the fix says to state one."""
        item = self.grade_questions(["Who calls in?", "Who plays messages back?", "How long are they kept?"], [])
        assert item.points == 1.5
        assert item.feedback.startswith("State at least one assumption")


class TestMetricsQuantified:
    def grade_metrics(self, metrics):
        answer = strong_voice_answer()
        answer["problem_definition"]["metrics"] = metrics
        return grade(answer).item("metrics_quantified")

    def test_no_quality_metric(self):
        """Scale only: the quality quarter is lost and the fix names quality examples."""
        item = self.grade_metrics([{"name": "concurrent calls", "value": 10000, "unit": "calls"}])
        assert item.points == 1.5
        assert item.feedback == "Add at least one metric about quality, such as p95 latency in ms or blocking in %."

    def test_no_scale_metric(self):
        """Quality only: the scale quarter is lost."""
        item = self.grade_metrics([{"name": "p95 latency", "value": 50, "unit": "ms"}])
        assert item.points == 1.5
        assert "metric about scale" in item.feedback

    def test_one_metric_cannot_be_both(self):
        """A single metric that mentions scale and quality counts once; the fix asks for a separate one."""
        item = self.grade_metrics([{"name": "blocked calls", "value": 1, "unit": "%"}])
        assert item.points == 1.5
        assert "separate metric about quality" in item.feedback

    def test_unit_missing(self):
        """A metric without a unit loses its share of the first half and is named in the feedback."""
        item = self.grade_metrics([
            {"name": "concurrent calls", "value": 10000, "unit": ""},
            {"name": "p95 latency", "value": 50, "unit": "ms"},
        ])
        assert item.points == 1.5  # 2 * (0.5 * 1/2 + 0.25 + 0.25)
        assert "Give 'concurrent calls' a 'unit'" in item.feedback

    def test_rate_unit_counts_as_scale(self):
        """A unit such as 'msg/s' speaks to scale even if the name does not."""
        item = self.grade_metrics([
            {"name": "outbound rate", "value": 35, "unit": "msg/s"},
            {"name": "delivery rate", "value": 98, "unit": "%"},
        ])
        assert item.full_marks, item.feedback

    def test_times_sign_is_no_unit(self):
        """'x' or '×' (a multiplier) is not a unit: that metric loses its share, 2 * (0.5 * 1/2 + 0.25 + 0.25)."""
        for sign in ("x", "×"):
            item = self.grade_metrics([{"name": "concurrent calls", "value": 10000, "unit": "calls"},
                                       {"name": "p95 latency", "value": 3, "unit": sign}])
            assert item.points == 1.5
            assert item.feedback == "Give 'p95 latency' a 'unit', such as 'calls', 'msg/s', 'ms' or '%'."

    def test_no_metrics(self):
        """No metrics: no points, and the fix says what to add."""
        item = self.grade_metrics([])
        assert item.points == 0 and item.feedback.startswith("Add metrics")


class TestOnePage:
    def test_nine_components_is_partial(self):
        """Nine components earn half the size share; every one is in a flow."""
        answer = strong_voice_answer()
        hld = answer["high_level_design"]
        for name in ("Transcriber", "Spam filter", "Billing meter"):
            hld["components"].append({"name": name})
            hld["flows"].append(["Call router", name, "audio"])
        item = grade(answer).item("one_page")
        assert item.points == 0.75
        assert "at most 8 components (you have 9)" in item.feedback

    def test_orphan_component_named(self):
        """A component in no flow is named in the feedback."""
        answer = strong_voice_answer()
        answer["high_level_design"]["components"].append({"name": "Transcriber"})
        item = grade(answer).item("one_page")
        assert item.points == round(0.5 + 0.5 * 6 / 7, 2)
        assert "Connect 'Transcriber' with a flow or remove it" in item.feedback

    def test_no_flows(self):
        """Components but no flows: only the size share is earned."""
        answer = strong_voice_answer()
        answer["high_level_design"]["flows"] = []
        item = grade(answer).item("one_page")
        assert item.points == 0.5
        assert item.feedback.startswith("Add flows as [source, target, label]")


class TestTedComplete:
    def test_decide_without_alternative(self):
        """A decide that names no alternative costs one of five checks for that component."""
        answer = strong_voice_answer()
        answer["high_level_design"]["components"][2]["decide"] = "Object storage with signed links."
        item = grade(answer).item("ted_complete")
        assert item.points == round(2 * (5 * 5 + 4) / 30, 2)
        assert "Name the alternative in the 'decide' of 'Recording store'" in item.feedback

    def test_copied_explain_across_components(self):
        """Two components sharing an explain are both flagged as copied."""
        answer = strong_voice_answer()
        comps = answer["high_level_design"]["components"]
        comps[5]["explain"] = comps[4]["explain"]
        item = grade(answer).item("ted_complete")
        assert "Rewrite the copied text in 'Notifier' and 'Playback API'" in item.feedback

    def test_tell_copied_into_explain(self):
        """Explain repeating tell is a copy within the component."""
        answer = strong_voice_answer()
        comp = answer["high_level_design"]["components"][0]
        comp["explain"] = comp["tell"]
        assert "'Call router'" in grade(answer).item("ted_complete").feedback

    @pytest.mark.parametrize("decide", [
        "Pooled capacity instead of per-customer pools.",
        "Pooled capacity rather than per-customer pools.",
        "Pooled capacity over per-customer pools.",
        "Pooled capacity vs per-customer pools.",
        "Pooled capacity, not per-customer pools.",
    ])
    def test_alternative_patterns(self, decide):
        """Each documented phrasing counts as naming an alternative."""
        answer = strong_voice_answer()
        answer["high_level_design"]["components"][0]["decide"] = decide
        assert grade(answer).item("ted_complete").full_marks


class TestContextFit:
    def test_tech_in_first_question(self):
        """Technology in the first two questions costs the tech-first half."""
        answer = strong_voice_answer()
        answer["problem_definition"]["clarifying_questions"][0] = "Can we put the messages on Kafka topics?"
        item = grade(answer).item("context_fit")
        assert item.points == 0.5
        assert "Take 'Kafka' out of the user story" in item.feedback

    def test_tech_in_a_later_question_is_fine(self):
        """Technology after the first two questions is not tech-first."""
        answer = strong_voice_answer()
        answer["problem_definition"]["clarifying_questions"][3] = "Is there an existing Redis cache we must reuse?"
        assert grade(answer).item("context_fit").full_marks

    def test_missing_user_story(self):
        """An empty user story costs the same half, with a template to follow."""
        answer = strong_voice_answer()
        answer["problem_definition"]["user_story"] = ""
        item = grade(answer).item("context_fit")
        assert item.points == 0.5
        assert item.feedback.startswith("Open with a user story")

    def test_services_with_reasons_are_not_flagged(self):
        """Separate services are fine when each explain ties the split to the problem."""
        answer = strong_voice_answer()
        for comp, reason in zip(answer["high_level_design"]["components"][:4],
                                ["scales with the 10,000-call peak", "isolates the failure domain",
                                 "is owned by the storage team", "keeps latency low"]):
            comp["name"] = comp["name"] + " service"
            comp["explain"] = f"It stands alone because it {reason}."
        answer["high_level_design"]["flows"] = []
        assert grade(answer).item("context_fit").full_marks

    def test_reflex_services_flagged(self):
        """Most components named service without a reason: the reflex half is lost."""
        answer = strong_voice_answer()
        for comp in answer["high_level_design"]["components"][:4]:
            comp["name"] = comp["name"] + " service"
            comp["explain"] = f"Handles the {comp['name'].lower()} work."
        answer["high_level_design"]["flows"] = []
        item = grade(answer).item("context_fit")
        assert item.points == 0.5
        assert item.feedback.startswith("Most components are separate services")


class TestDepth:
    def test_four_areas_lose_the_count_share(self):
        """More than three focus areas lose the count quarter."""
        answer = strong_voice_answer()
        answer["deep_dive"] += strong_voice_answer()["deep_dive"]
        item = grade(answer).item("depth")
        assert item.points == 1.5
        assert "you have 4" in item.feedback

    def test_unquantified_tradeoff(self):
        """An impact with no number and unit does not count; the feedback quotes it."""
        answer = strong_voice_answer()
        answer["deep_dive"][1]["tradeoffs"][1]["impact"] = "storage stays flat"
        item = grade(answer).item("depth")
        assert item.points == round(2 * (0.25 + 0.75 * 0.75), 2)
        assert "Give 'Recording storage' at least two trade-offs" in item.feedback
        assert "'storage stays flat' has no number" in item.feedback

    def test_no_deep_dive(self):
        """No focus area: no points."""
        answer = strong_voice_answer()
        answer["deep_dive"] = []
        assert grade(answer).item("depth").points == 0

    @pytest.mark.parametrize("text", [
        "9,970 trunks vs 10,170", "+3%", "-40 ms at p95", "$0.004 per minute", "240 kB per minute",
        "10k messages", "2 s faster", "29 TB",
    ])
    def test_number_with_unit_found(self, text):
        """Numbers with a unit, % or currency count as quantified."""
        assert NUMBER_WITH_UNIT.search(text)

    @pytest.mark.parametrize(
        "text", ["much faster", "version 2", "scales better", "p95 is lower", "step 3 of the plan", "2 x better"]
    )
    def test_number_with_unit_not_found(self, text):
        """Words alone, or numbers with no unit, do not count."""
        assert not NUMBER_WITH_UNIT.search(text)


class TestPrompt:
    def test_numeric_check_within_tolerance(self):
        """A trunk count within the prompt's 0.1% of the expected one passes."""
        answer = strong_voice_answer()
        answer["problem_definition"]["metrics"][1]["value"] = 9_975  # 0.05% above 9,970
        assert grade(answer, voice_prompt()).item("prompt_numbers").full_marks

    def test_one_trunk_per_erlang_is_not_accepted(self):
        """The classic slip, 10,000 trunks for 10,000 Erlangs (0.3% off), loses the trunk check."""
        answer = strong_voice_answer()
        answer["problem_definition"]["metrics"][1]["value"] = 10_000
        assert not grade(answer, voice_prompt()).item("prompt_numbers").full_marks

    def test_numeric_check_outside_tolerance(self):
        """A trunk count far off loses that check, says which way, and does not give the answer away."""
        answer = strong_voice_answer()
        answer["problem_definition"]["metrics"][1]["value"] = 5_000
        item = grade(answer, voice_prompt()).item("prompt_numbers")
        assert item.points == 1.0
        assert "Recheck 'trunks needed': 5,000 is too low" in item.feedback
        assert "9,970" not in item.feedback and "9970" not in item.feedback

    def test_numeric_check_missing_metric(self):
        """No metric named for the check: the fix says which word to use."""
        answer = strong_voice_answer()
        del answer["problem_definition"]["metrics"][1]
        result = grade(answer, voice_prompt())
        assert "Add a metric whose name mentions 'trunk'" in result.item("prompt_numbers").feedback
        assert "'trunk'" in result.item("prompt_metrics").feedback
        assert result.item("prompt_metrics").points == 0.75

    def test_prompt_number_comes_from_caller(self):
        """The expected value is whatever the caller passes: the grader holds no numbers of its own."""
        result = grade(strong_voice_answer(), voice_messaging_prompt(10_000, trunks_needed=12_000))
        assert not result.item("prompt_numbers").full_marks

    def test_missing_required_component(self):
        """A prompt's required component missing from the names is listed with its synonyms."""
        answer = strong_voice_answer()
        answer["high_level_design"]["components"][1]["name"] = "Greeting server"
        for flow in answer["high_level_design"]["flows"]:
            flow[:2] = ["Greeting server" if n == "TwiML webhook" else n for n in flow[:2]]
        item = grade(answer, voice_prompt()).item("prompt_components")
        assert item.points == round(2 / 3, 2)
        assert "'webhook' (or 'twiml')" in item.feedback

    def test_numeric_check_validation(self):
        """Bad NumericCheck arguments fail early, naming the parameter."""
        with pytest.raises(ValueError, match="rtol"):
            NumericCheck("trunk", 9_970, -0.1)
        with pytest.raises(ValueError, match="expected"):
            NumericCheck("trunk", float("nan"))
        with pytest.raises(ValueError, match="metric_keywords"):
            NumericCheck((), 1)
        # the learner reads the description in the feedback ("whose value is <description>"): it must be there
        for empty in ("", "   ", None):
            with pytest.raises(ValueError, match=r"^description must say what the number is .* got "):
                NumericCheck("trunk", 9_970, 0.001, empty)

    def test_numeric_check_tolerance_is_relative_to_expected(self):
        """abs(value - expected) <= rtol * abs(expected)."""
        check = NumericCheck("x", 100, 0.05, "the x the prompt gives")
        assert check.accepts(105) and check.accepts(95) and not check.accepts(105.5)

    def test_factory_validation(self):
        """Prompt factories reject impossible inputs."""
        with pytest.raises(ValueError, match="blocking"):
            voice_messaging_prompt(trunks_needed=9_970, blocking=1)
        with pytest.raises(ValueError, match="trunks_needed"):
            voice_messaging_prompt(trunks_needed=0)
        with pytest.raises(ValueError, match="sender_mps"):
            sms_reminder_prompt(sender_mps=0, peak_mps=35, senders_needed=1)

    def test_sms_prompt(self):
        """The SMS prompt states its numbers and checks throughput and senders."""
        p = sms_reminder_prompt(500_000, 4, sender_mps=1, peak_mps=34.7, senders_needed=35)
        assert "500,000 appointment reminders" in p.text and "4-hour" in p.text
        assert [c.expected for c in p.numeric_checks] == [34.7, 35]
        answer = strong_voice_answer()
        answer["problem_definition"]["metrics"].append({"name": "peak segments per second", "value": 35, "unit": "MPS"})
        assert grade(answer, p).item("prompt_numbers").points == 1.0  # throughput passes, senders missing

    def test_prompt_must_be_a_prompt(self):
        """Passing something else as the prompt is a programming error."""
        with pytest.raises(TypeError):
            grade(strong_voice_answer(), "voice_messaging")


class TestMalformedAnswer:
    def test_scores_zero_with_well_formed_item(self):
        """A malformed answer does not raise: one well_formed item carries the parser's message."""
        answer = strong_voice_answer()
        answer["high_level_design"]["flows"][2][1] = "Queue"
        result = grade(answer, voice_prompt())
        assert result.score == 0 and result.max_score == 14.0
        assert not result.well_formed
        assert [i.item_id for i in result.items] == ["well_formed"]
        with pytest.raises(AnswerError) as info:
            parse_answer(answer)
        assert result.items[0].feedback == str(info.value)
        assert result.items[0].feedback.startswith("high_level_design.flows[2][1]: 'Queue'")

    def test_not_a_dict(self):
        """Even None grades to a zero with a message."""
        result = grade(None)
        assert result.score == 0 and result.items[0].feedback.startswith("answer: expected a dict")


class TestPointsAndReport:
    def test_points_override(self):
        """Points per item are configurable; 0 leaves the item out."""
        result = grade(strong_voice_answer(), points={"depth": 4, "context_fit": 0})
        assert result.max_score == 11.0 and result.score == 11.0  # 10 + 2 more for depth - 1 for context_fit
        assert "context_fit" not in [i.item_id for i in result.items]

    def test_points_override_scales_partial_credit(self):
        """Partial credit scales with the item's points."""
        result = grade(weak_voice_answer(), points={"depth": 4})
        assert result.item("depth").points == 1.0

    def test_points_validation(self):
        """Unknown items and negative points are rejected."""
        with pytest.raises(ValueError, match="unknown rubric item 'dept'"):
            grade(strong_voice_answer(), points={"dept": 1})
        with pytest.raises(ValueError, match="depth"):
            grade(strong_voice_answer(), points={"depth": -1})

    def test_report(self):
        """The report shows the total and every item's title, id, points and feedback."""
        result = grade(weak_voice_answer(), voice_prompt())
        text = str(result)
        assert text == result.report()
        assert text.splitlines()[0] == f"Design rubric (voice_messaging): {result.score:g} / 14 points"
        for item in result.items:
            assert f"- {item.title} [{item.item_id}]: {item.points:g} / {item.max_points:g}" in text
        assert all(len(line) <= 80 for line in text.splitlines())

    def test_html(self):
        """The HTML table escapes learner text."""
        answer = strong_voice_answer()
        answer["problem_definition"]["clarifying_questions"] = ["<b>Who</b> calls"]
        html = grade(answer)._repr_html_()
        assert "&lt;b&gt;Who&lt;/b&gt;" in html and "<b>Who</b>" not in html
        assert html.count("<tr>") == 1 + len(BASE_ITEMS)

    def test_item_lookup(self):
        """item() finds by id and lists the ids when one is missing."""
        result = grade(strong_voice_answer())
        assert isinstance(result.item("depth"), ItemResult)
        with pytest.raises(KeyError, match="clarify_first"):
            result.item("nope")


class TestNegationIsNotAnAlternative:
    @pytest.mark.parametrize("decide", ["We do not know yet.", "We don't need per-customer pools.",
                                        "Not decided, we will see."])
    def test_negation_names_no_option(self, decide):
        """A Decide that only negates ("not", "n't") names no alternative: the issue's gamed 'We do not know yet'."""
        answer = strong_voice_answer()
        answer["high_level_design"]["components"][0]["decide"] = decide
        assert not grade(answer).item("ted_complete").full_marks


class TestEmptyTemplate:
    def test_empty_template_earns_nothing(self):
        """The blank answer skeleton a learner starts from scores zero on every item, so an untouched notebook earns no points."""
        from curriculum.design import grade

        skeleton = {
            "problem_definition": {"user_story": "", "clarifying_questions": [], "assumptions": [], "metrics": []},
            "high_level_design": {"actors": [], "components": [], "flows": []},
            "deep_dive": [],
        }
        result = grade(skeleton)
        assert result.score == 0, result.report()
        assert all(item.feedback for item in result.items)


class TestPromptDefinitions:
    """An author's Prompt, Curveball and PlausibleRange: stored as tuples, and errors that name the parameter."""

    def test_lists_and_dicts_are_stored_as_tuples(self):
        check = NumericCheck("trunk", 9_970, 0.001, "the trunks needed at 1% blocking")
        p = Prompt("demo", "Demo", "Design a demo.", numeric_checks=[check], dimensions={"scale": ["rush"]},
                   examples={"question": "Who calls at the rush?"}, countables=["codes"], quality_terms=["conversion"])
        assert p.numeric_checks == (check,)
        assert p.dimensions == (("scale", ("rush",)),)
        assert p.dimension_keywords("scale") == ("rush",) and p.dimension_keywords("scope") == ()
        assert p.example("question") == "Who calls at the rush?" and p.example("risk", "none") == "none"
        assert (p.countables, p.quality_terms) == (("codes",), ("conversion",))

    @pytest.mark.parametrize("kwargs,message", [
        ({"numeric_checks": [("trunk", 9_970)]}, "numeric_checks must hold NumericCheck objects"),
        ({"dimensions": {"speed": ("fast",)}},
         "dimensions must be among scale, ownership, success, compliance, scope; got speed"),
        ({"required_metrics": "trunk"}, "required_metrics must be a list of keywords, not one str; got 'trunk'"),
        ({"required_components": [()]}, "required_components must be a non-empty keyword or a tuple of non-empty "
                                        "keywords; got ()"),
        ({"domain": [("calls", " ")]}, "domain must be a non-empty keyword"),
    ])
    def test_prompt_errors_name_the_parameter(self, kwargs, message):
        with pytest.raises(ValueError) as info:
            Prompt("demo", "Demo", "Design a demo.", **kwargs)
        assert str(info.value).startswith(message)

    def test_prompt_id_is_required(self):
        with pytest.raises(ValueError, match=r"^prompt_id must be a non-empty str; got ' '"):
            Prompt(" ", "Demo", "Design a demo.")

    def test_curveball_default_good_reply_lists_what_to_cover(self):
        """Without a good_reply, the drill says what a reply must cover: the first three words of each group."""
        c = Curveball("burst", "Traffic is 10x.", ("queue",), (("queue", "buffer", "backlog", "spool"), ("rate",)))
        assert c.good_reply == ("A good reply names the components the change hits, says what each now decides "
                                "instead and why, with a number where one changes, and covers: 'queue' or 'buffer' "
                                "or 'backlog'; 'rate'.")
        assert Curveball("burst", "Traffic is 10x.", "queue", (), "Buffer it.").good_reply == "Buffer it."
        assert Curveball("burst", "Traffic is 10x.", "queue", ()).affects == ("queue",)

    def test_curveball_and_range_errors_name_the_parameter(self):
        with pytest.raises(ValueError, match=r"^affects must be a non-empty keyword"):
            Curveball("burst", "Traffic is 10x.", (), ())
        with pytest.raises(ValueError, match=r"^expects must be a non-empty keyword"):
            Curveball("burst", "Traffic is 10x.", ("queue",), ((),))
        with pytest.raises(ValueError, match=r"^metric_keywords must be a non-empty keyword"):
            PlausibleRange((), 1, 2)
        with pytest.raises(ValueError, match=r"^low and high must be numbers with low <= high; got 5, 1"):
            PlausibleRange("calls", 5, 1)
        assert PlausibleRange("calls", 5, 50).metric_keywords == ("calls",)

    @pytest.mark.parametrize("factory,name", [
        (lambda: sms_reminder_prompt(0, sender_mps=1, peak_mps=35, senders_needed=35), "reminders_per_day"),
        (lambda: sms_reminder_prompt(window_hours=-4, sender_mps=1, peak_mps=35, senders_needed=35), "window_hours"),
        (lambda: sms_reminder_prompt(sender_mps=0, peak_mps=35, senders_needed=35), "sender_mps"),
        (lambda: sms_reminder_prompt(sender_mps=1, peak_mps=float("inf"), senders_needed=35), "peak_mps"),
        (lambda: sms_reminder_prompt(sender_mps=1, peak_mps=35, senders_needed=True), "senders_needed"),
        (lambda: voice_messaging_prompt(0, trunks_needed=9_970), "concurrent_calls"),
        (lambda: voice_messaging_prompt(trunks_needed=-1), "trunks_needed"),
        (lambda: voice_messaging_prompt(trunks_needed=9_970, blocking=0), "blocking"),
    ])
    def test_factory_errors_start_with_the_parameter(self, factory, name):
        with pytest.raises(ValueError) as info:
            factory()
        assert str(info.value).startswith(f"{name} must be ")


class TestPromptFeedbackWording:
    """What a learner reads when a checked metric is missing, and which names satisfy a prompt's requirements."""

    def test_missing_concurrent_metric_says_what_the_number_is(self):
        answer = strong_voice_answer()
        del answer["problem_definition"]["metrics"][0]      # 'concurrent calls at peak'
        item = grade(answer, voice_prompt()).item("prompt_numbers")
        assert item.points == 1.0                          # the trunk check still passes: 1 of 2 checks, 2 points
        assert item.feedback == ("Add a metric whose name mentions 'concurrent' (or 'concurrency') and whose value "
                                 "is the busy-hour concurrent calls the prompt gives, as a number.")

    def test_missing_sender_metric_says_what_the_number_is(self):
        p = sms_reminder_prompt(500_000, 4, sender_mps=1, peak_mps=34.7, senders_needed=35)
        answer = strong_voice_answer()
        answer["problem_definition"]["metrics"].append({"name": "peak segments per second", "value": 35,
                                                        "unit": "MPS"})
        assert grade(answer, p).item("prompt_numbers").feedback == (
            "Add a metric whose name mentions 'sender' (or 'number') and whose value is the sender numbers needed "
            "to reach that throughput, as a number.")

    def test_trunk_check_says_how_the_figure_is_worked_out(self):
        """The description names the load and the blocking target, never the trunk count."""
        check = voice_messaging_prompt(12_000, trunks_needed=11_960, blocking=0.005).numeric_checks[1]
        assert check.description == ("the trunks needed for 12,000 Erlangs at 0.5% blocking (Erlang B, blocked "
                                     "calls cleared)")
        assert (check.expected, check.rtol) == (11_960, 0.001)

    def test_sms_requirements_accept_their_synonyms(self):
        """'delivered' stands for delivery, a 'send queue' for the queue and a 'status webhook' for the callback."""
        p = sms_reminder_prompt(sender_mps=1, peak_mps=34.7, senders_needed=35)
        answer = {"problem_definition": {"metrics": [
                      {"name": "segments per second at peak", "value": 34.7, "unit": "MPS"},
                      {"name": "reminders delivered", "value": 98, "unit": "%"}]},
                  "high_level_design": {"components": [{"name": "Reminder scheduler"}, {"name": "Send queue"},
                                                       {"name": "Status webhook"}]},
                  "deep_dive": []}
        result = grade(answer, p)
        assert result.item("prompt_metrics").full_marks, result.item("prompt_metrics").feedback
        assert result.item("prompt_components").full_marks, result.item("prompt_components").feedback
        answer["high_level_design"]["components"][1]["name"] = "Throttle"
        answer["high_level_design"]["components"][2]["name"] = "Status callback"
        assert grade(answer, p).item("prompt_components").full_marks


def _sentences(answer: dict) -> list[str]:
    """The texts of an answer dict that a lesson shows as sentences (not names, units, figures or impacts)."""
    pd, hld = answer["problem_definition"], answer["high_level_design"]
    texts = [pd.get("user_story", ""), *pd.get("clarifying_questions", []), *pd.get("assumptions", [])]
    texts += [c.get(f, "") for c in hld.get("components", []) for f in ("tell", "explain", "decide")]
    texts += [t.get("decision", "") for fa in answer["deep_dive"] for t in fa.get("tradeoffs", [])]
    texts += [r for fa in answer["deep_dive"] for r in fa.get("risks", [])]
    return [t for t in texts if t]


def test_the_strong_answer_is_written_in_sentences():
    """What the Week 1-2 lessons show as the model answer: each sentence starts with a capital (or a figure), is
    not shouted, and ends with a full stop or, for a question, a question mark. (The weak answer's 'Kafka' is meant.)"""
    answer = strong_voice_answer()
    for text in _sentences(answer):
        assert (text[0].isupper() or text[0].isdigit()) and not text.isupper() and text[-1] in ".?", text
    for q in answer["problem_definition"]["clarifying_questions"]:
        assert q.endswith("?"), q


#: How every piece of feedback opens: full marks said as such, or an instruction (the prose gate's note first).
FEEDBACK_OPENING = re.compile(r"^(Full marks: |Most of your sentences do not read as sentences |"
                              r"(Add|Ask|Give|State|Cut|Connect|Rewrite|Name|Take|Open|Merge|Go|Recheck|Pick|Rename|"
                              r"Choose|Tie|Put|Let|Cover|Wrap up|Write)\b)")


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_feedback_on_every_calibration_answer_is_a_finished_instruction(pid):
    """On each course prompt, for the reference and every weaker or gamed answer: an item at full marks says
    'Full marks: ...', an item that lost points opens with what to do, and every message ends as a sentence."""
    for kind, answer in calibration_answers(pid).items():
        result = grade_prompt(pid, answer)
        if result.items[0].feedback.startswith("Most of your sentences"):
            continue            # the prose gate: test_the_prose_gate_never_says_full_marks_beside_lost_points
        for item in result.items:
            where = f"{kind} {item.item_id}: {item.feedback!r}"
            assert FEEDBACK_OPENING.match(item.feedback), where
            assert item.feedback.startswith("Full marks: ") == item.full_marks, where
            assert item.feedback[-1] in ".'\"", where


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_the_prose_gate_never_says_full_marks_beside_lost_points(pid):
    """The keyword-list answer is scaled down to 0% on every item. An item its keywords would have filled on their
    own (week 1: the required components) says why its points are gone instead of 'Full marks' beside a 0."""
    result = grade_prompt(pid, calibration_answers(pid)["gamed_keywords"])
    assert result.items[0].feedback.startswith("Most of your sentences do not read as sentences (lists of words, or "
                                               "'TBD'), so every item is scaled down to 0% of its score")
    for item in result.items:
        assert item.points == 0 and not item.feedback.startswith("Full marks"), (item.item_id, item.feedback)
    if pid == "week1_reminder_calls":
        assert result.item("prompt_components").feedback == (
            "Write the answer in full sentences: on its own this item would earn full marks, but like every item it "
            "is scaled down to 0% of its score.")


def test_a_sound_answer_to_another_prompt_keeps_only_part_of_its_structure_points():
    """The fit gate: week 2's reference pasted into week 4 gives a third of one required component and none of week
    4's metrics or figures: fit = (1/3) / 4 = 1/12 of the FIT points, so each general item keeps at most
    0.5 + 0.5 / 12 = 54.2% of its points, and the whole answer scores under the gamed band's 35%."""
    from curriculum.design.references import reference_markdown
    from curriculum.design.rubric import FIT_ITEMS

    assert grade_prompt("week2_voice_messaging", reference_markdown("week2_voice_messaging")).fraction >= 0.85
    pasted = grade_prompt("week4_school_closure", reference_markdown("week2_voice_messaging"))
    assert [pasted.item(i).points for i in FIT_ITEMS] == [0.0, 0.33, 0.0]
    for item in pasted.items:
        if item.item_id not in FIT_ITEMS:
            assert item.points <= 0.5417 * item.max_points + 0.005, item
    assert pasted.fraction <= 0.35


def test_the_fit_gate_says_why_a_sound_item_lost_points():
    """Week 1's middling answer gives most, not all, of what the prompt asks for: an item that is sound on its own
    does not say 'Full marks' beside lost points but tells the learner to give what the prompt asks for."""
    result = grade_prompt("week1_reminder_calls", calibration_answers("week1_reminder_calls")["middling"])
    gated = [it for it in result.items if it.feedback.startswith("Give what this prompt asks for")]
    assert gated and all(0 < it.points < it.max_points for it in gated)


def test_the_pasted_check_agrees_with_difflibs_longest_match():
    """`_pasted` looks for a shared stretch by substring search; difflib's longest common block (the way it was
    first written, and an independent reference) must give the same verdict, on texts cut from the prompt, edited
    and joined at random (fixed seed) around the 60-character and 60%-of-the-text thresholds."""
    import random
    from difflib import SequenceMatcher
    from types import SimpleNamespace

    from curriculum.design.catalog import get_prompt
    from curriculum.design.rubric import _norm, _pasted

    rng = random.Random(20261204)
    prompt = get_prompt("week3")
    source = _norm(prompt.text)
    filler = "we will measure what the customer sees and decide with numbers before we build anything new "
    verdicts = set()
    for _ in range(400):
        start = rng.randrange(len(source) - 120)
        piece = source[start:start + rng.randrange(10, 120)]
        if rng.random() < 0.5:  # break the copied stretch somewhere
            cut = rng.randrange(len(piece))
            piece = piece[:cut] + " zq " + piece[cut:]
        text = filler[:rng.randrange(0, 90)] + piece + filler[:rng.randrange(0, 60)]
        t = _norm(text)
        if len(t) < 30:
            continue
        match = SequenceMatcher(None, t, source, autojunk=False).find_longest_match(0, len(t), 0, len(source))
        expected = match.size >= min(60, 0.6 * len(t))
        assert _pasted(text, prompt) is expected, text
        verdicts.add(expected)
    assert verdicts == {True, False}, "the cases must reach both sides of the threshold"
    assert _pasted(source[:200], SimpleNamespace(text=prompt.text)) is True
    # A copied stretch of exactly the threshold (60 of 100 characters) at the very end of the text, and one short.
    k = next(i for i in range(1, len(source) - 60) if " " not in source[i - 1] + source[i] + source[i + 58:i + 60])
    assert _pasted("zqx " * 10 + source[k:k + 60], prompt) is True
    assert _pasted("zqx " * 10 + source[k:k + 59], prompt) is False
