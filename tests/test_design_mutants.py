"""The pushback drill's wording and notes, pinned down where `make mutation` found them loose.

Expected lines are written out by hand from the drill's rules (a prompt's clarifying follow-up, two figure
follow-ups, then its three curveballs, each ending with the same question).
"""

from __future__ import annotations
import re

import pytest

from curriculum.design import PlausibleRange, Prompt, grade
from curriculum.design.rubric import BASE_ITEMS
from curriculum.design.catalog import PROMPT_IDS, get_prompt
from curriculum.design.examples import strong_voice_answer
from curriculum.design.followups import (
    PushbackCard,
    _hard_questions,
    _weak_questions,
    check_reply,
    curveball_regrade,
    follow_ups,
    pushback_cards,
)
from curriculum.design.model import parse_answer
from curriculum.design.references import reference_markdown, review


class TestPushbackCards:
    def test_without_an_answer_the_drill_is_three_follow_ups_then_the_curveballs(self):
        cards = pushback_cards("week1")
        assert [c.kind for c in cards] == ["follow-up", "follow-up", "follow-up", "burst", "outage", "compliance"]
        assert cards[0].line.startswith("Before you design anything: ")
        assert cards[0].line.endswith(" Why does the answer change your design?")
        assert cards[0].good_reply == ("A good reply gives the two likely answers and what each changes: the size "
                                       "of the busiest part, who owns it, or what must be kept.")
        for card in cards[1:3]:
            assert card.line.startswith("How big is ") and card.line.endswith(
                "? Work it out aloud from the prompt, and tell me whether you size for the mean or the peak.")
            assert card.good_reply == ("A good reply names the prompt's figures it starts from, the formula, the "
                                       "result with its unit, and which part of the design that number sizes.")
            assert len(card.expects) == 1 and len(card.expects[0]) == 1
        for card in cards[3:]:
            assert card.line.endswith(". What changes in your design?") and card.good_reply
        assert {c.prompt_id for c in cards} == {"week1_reminder_calls"}


class TestCheckReply:
    CARD = PushbackCard("week1_reminder_calls", "burst", "Ten times the rate. What changes in your design?",
                        "A good reply redoes the rate.", (("rate", "per second"), ("queue",)))

    def test_a_short_reply_is_asked_for_more(self):
        assert check_reply(self.CARD, "more servers") == (
            "Write a reply of a few lines first, then compare it with what a good reply covers.",)

    def test_a_reply_without_a_number_or_an_alternative(self):
        assert check_reply(self.CARD, "We would make the rate higher for the busy part") == (
            "Add a number: interviewers push back to see you redo the arithmetic.",
            "Say what you would do instead of what, so the trade-off is explicit.",
            "You cover 1 of the 2 points this change demands. Look again at what it does to capacity, cost or "
            "compliance.")

    def test_a_full_reply(self):
        notes = check_reply(self.CARD, "The rate goes to 83 calls per second, so we queue the jobs instead of "
                                       "calling at once.")
        assert notes[0] == "You put a number on it."
        assert notes[1] == "You name the option you turn down."     # "instead of" names the alternative
        assert notes[-1] == "You cover 2 of the 2 points this change demands."


# A thin answer to week 1 of my own: one metric, one component, nothing else. Its weakest item is clarify_first
# (no question, no assumption: 0 points), so the interviewer's first two follow-ups ask about the first two
# clarifying dimensions it never touched, in the rubric's order: scale and peak, then whose system it is; each
# names its only component, 'Call placer'.
THIN_WEEK1 = """# Problem definition
## Metrics
- calls per second: 14 calls/s
# High-level design
## Components
### Call placer
Tell: Places the reminder calls.
# Deep dive
"""


class TestPushbackOnAnAnswer:
    def test_three_follow_ups_on_the_answer_then_the_three_curveballs(self):
        cards = pushback_cards("week1", THIN_WEEK1)
        assert [c.kind for c in cards] == ["follow-up"] * 3 + ["burst", "outage", "compliance"]
        assert cards[0].line == ("Before we go further: you have not pinned down scale and peak. What would you ask "
                                 "me, and what changes in 'Call placer' depending on my answer?")
        assert cards[1].line.startswith("Before we go further: you have not pinned down whose system it is ")
        assert "'Call placer'" in cards[2].line
        assert cards[0].good_reply.startswith("A good reply asks one precise question")
        assert cards[3].line.endswith("ten times the rate. What changes in your design?")


class TestCurveballRegrade:
    def test_a_partial_revision_scores_in_thirds(self):
        """Week 1's burst hits 'Reminder scheduler' and 'Call placer'; only the placer is revised.

        Placer: a sentence (1/3), names the option turned down after 'rather than' (1/3), and covers one of the
        burst's two groups ('spread' yes; 'calls per second', 'cps', 'rate', 'limit' no): 1/2 of 1/3.
        (1 + 1 + 0.5) / 3 = 0.8333 -> 0.83. The scheduler, left out, scores 0 and is asked for.
        """
        result = curveball_regrade("week1", reference_markdown("week1"), "burst", {
            "Call placer": "Spread the calls over the window rather than place them all at once."})
        assert result.scores == {"Reminder scheduler": 0.0, "Call placer": 0.83}
        assert result.feedback == ("Revise the Decide of 'Reminder scheduler': the change hits it.",
                                   "In 'Call placer', say what the change does to it, with a number where one "
                                   "changes.")
        assert result.ignored == ()
        assert str(result).splitlines()[1:3] == ["- Reminder scheduler: 0%", "- Call placer: 83%"]

    def test_no_alternative_is_asked_for(self):
        """'Raise the limit to 139 calls per second.' covers both groups (limit; raise) and reads as a sentence, but
        turns nothing down: (1 + 0 + 1) / 3 = 0.67."""
        result = curveball_regrade("week1", reference_markdown("week1"), "burst", {
            "call placer": "Raise the limit to 139 calls per second.",
            "reminder scheduler": "Raise the limit to 139 calls per second."})
        assert result.scores == {"Reminder scheduler": 0.67, "Call placer": 0.67}
        assert "In 'Call placer', name the option you now turn down ('rather than ...')." in result.feedback

    def test_a_curveball_no_component_meets_is_refused(self):
        with pytest.raises(ValueError, match=r"^answer: none of its components is hit by the 'burst' curveball"):
            curveball_regrade("week1", "# Problem definition\n# High-level design\n# Deep dive\n", "burst", {})
        with pytest.raises(ValueError, match=r"^kind: no curveball 'flood' for week1_reminder_calls; kinds: burst, "
                                             r"outage, compliance"):
            curveball_regrade("week1", reference_markdown("week1"), "flood", {})


class TestReviewAfterTheRubricCell:
    def test_the_reference_beside_the_attempt_with_the_interviewer_s_questions(self):
        view = review("week1", THIN_WEEK1)
        assert (view.prompt_id, view.yours) == ("week1_reminder_calls", THIN_WEEK1)
        assert view.reference == reference_markdown("week1")
        assert 0 < view.your_score < 0.5        # a thin answer: a few points, far from the reference
        questions = [q.question for q in follow_ups("week1", THIN_WEEK1)]
        text = str(view)
        assert text.startswith(f"Your answer ({view.your_score:.0%})\n\n{THIN_WEEK1}")
        tail = text.split("\nThe interviewer pushes back:\n", 1)[1]
        assert tail.splitlines() == [f"- {q}" for q in questions]
        assert "<b>The interviewer pushes back:</b>" in view._repr_html_()

    def test_before_a_graded_attempt_it_says_what_to_do_first(self):
        assert str(review("week1", "# Problem definition\n# High-level design\n# Deep dive\n")) == (
            "attempt: your answer earns no points yet; write a first attempt of your own, grade it, then compare it "
            "with the reference")


class TestFollowUpWording:
    def test_the_thin_answer_s_five_follow_ups_start_from_its_weakest_items(self):
        """Items at 0 points, in report order: clarify_first (two questions, one per missing dimension), then depth
        (no deep dive, so the interviewer picks its only box), ...; interview_extras names the box too."""
        qs = follow_ups("week1", THIN_WEEK1, count=5)
        assert [q.item_id for q in qs[:3]] == ["clarify_first", "clarify_first", "depth"]
        assert qs[2].question == ("Pick the one box of your diagram that worries you most, say 'Call placer', and take "
                                  "me deeper: what are the two options and what does each cost?")
        assert qs[2].good_reply == "A good reply picks one area, gives two options with numbers and units, and decides."
        extras = next(q for q in qs if q.item_id == "interview_extras")
        assert extras.question == ("Say we have six weeks. Which of 'Call placer' ships first, what waits for a later "
                                   "phase, and roughly what does it cost to run?")
        assert len({q.question for q in qs}) == 5
        assert [q.about for q in qs] == ["Call placer"] * 4 + ["'Call placer'"]

    def test_count_is_clamped_to_three_to_five(self):
        assert len(follow_ups("week1", THIN_WEEK1, count=1)) == 3
        assert len(follow_ups("week1", THIN_WEEK1, count=9)) == 5

    def test_metric_and_decide_questions_quote_the_answer(self):
        a = parse_answer(THIN_WEEK1)
        p = get_prompt("week1")
        (metric_q,) = _weak_questions("metrics_quantified", a, p)
        assert metric_q.question == ("You give 'calls per second' as 14 calls/s. Walk me through how you got that from "
                                     "the prompt: is it the mean or a peak you must always carry, and what changes if "
                                     "it is the peak?")
        assert metric_q.good_reply.startswith("A good reply redoes the arithmetic aloud from the prompt's figures")
        assert [q.question for q in _weak_questions("prompt_numbers", a, p)] == [metric_q.question]
        (decide_q,) = _weak_questions("ted_complete", a, p)
        assert decide_q.question == ("For 'Call placer', you did not say what you decided. What was the real "
                                     "alternative, and what would make you switch to it?")

    def test_without_metrics_or_components_the_questions_still_make_sense(self):
        empty = parse_answer("# Problem definition\n# High-level design\n# Deep dive\n")
        p = get_prompt("week1")
        (no_numbers,) = _weak_questions("metrics_quantified", empty, p)
        assert no_numbers.question.startswith("You have not given me a single number yet. How big is this at its "
                                              "busiest, and how would we know it works? Think of ")
        assert no_numbers.about == "no metrics"
        assert no_numbers.good_reply == "A good reply gives one scale figure and one quality figure, each with a unit."
        clarify = _weak_questions("clarify_first", empty, p)
        assert "what changes in 'your first box' depending on my answer?" in clarify[0].question
        assert _weak_questions("depth", empty, p) == [] and _weak_questions("one_page", empty, p) == []
        assert "Which of your design ships first" in _weak_questions("interview_extras", empty, p)[0].question


class TestHardQuestionsOnAStrongAnswer:
    """The strong voice answer's own deep dive, pushed to ten times the load (week 2's prompt)."""

    def test_each_trade_off_and_risk_then_the_largest_figure(self):
        qs = _hard_questions(parse_answer(strong_voice_answer()), get_prompt("week2"))
        # Trade-off 1: the first number with a unit in its impact is '9,970 trunks'.
        assert qs[0].question == ("You chose 'Size for 1% blocking with Erlang B' over 'Size for 0.1% blocking' "
                                  "(9,970 trunks). At ten times the load, does that still hold, and at what point "
                                  "would you switch?")
        # Trade-off 2: the alternative (62 characters) is cut to 47 and '...'; in its impact '9,970 pooled', '100 x'
        # and '11,700 dedicated' carry no unit, so the figure is '17%'.
        assert qs[1].question.startswith("You chose 'One pooled trunk group for all businesses' over 'A dedicated "
                                         "group per business (100 businesses...' (17%).")
        # The area's risk (93 characters without its full stop) is cut to 77 and '...'.
        assert qs[2].question == ("You flag this risk in 'Trunk sizing at call set-up': 'A regional carrier outage "
                                  "moves its calls onto the remaining trunks; keep hea...'. How would you notice it "
                                  "within minutes, and what does the mitigation cost?")
        assert qs[2].good_reply == ("A good reply names the signal to alert on, the threshold, who acts, and the "
                                    "price of the fix.")
        assert {q.about for q in qs[:3]} == {"Trunk sizing at call set-up"}
        # The largest metric by size: 4,000,000 messages a day (not the first metric, 10,000 calls).
        largest = next(q for q in qs if q.item_id == "metrics_quantified")
        assert largest.question.startswith("Your largest figure is 'messages recorded per day' at 4,000,000 "
                                           "messages. Which assumption moves it most")
        # Then the prompt's first curveball, naming the first component it hits.
        assert qs[-1].item_id == "curveball"
        assert qs[-1].about in [c["name"] for c in strong_voice_answer()["high_level_design"]["components"]]
        assert f"What do '{qs[-1].about}' and the rest of your design do now?" in qs[-1].question


class TestDeepDiveQuestionsAndFeedback:
    ANSWER = ("# Problem definition\n# High-level design\n## Components\n### Call placer\nTell: Places calls.\n"
              "# Deep dive\n## Pacing\n- Option: Raise the limit\n  - Instead of: Stretch the window\n"
              "- Option: Queue the calls\n")

    def test_the_depth_question_sets_the_first_trade_off_against_its_alternative(self):
        (q,) = _weak_questions("depth", parse_answer(self.ANSWER), get_prompt("week1"))
        assert q.question == ("In 'Pacing', what does 'Raise the limit' cost or save compared with 'Stretch the "
                              "window', in numbers?")
        assert q.about == "Pacing"
        assert q.good_reply == ("A good reply puts both options side by side in the same unit, using the answer's "
                                "own figures, and says which risk remains.")
        no_alternative = self.ANSWER.replace("  - Instead of: Stretch the window\n", "")
        (q,) = _weak_questions("depth", parse_answer(no_alternative), get_prompt("week1"))
        assert q.question.endswith("compared with the alternative, in numbers?")

    def test_without_a_prompt_an_empty_impact_is_named_as_such(self):
        """No prompt: one area (the count quarter), no quantified trade-off: 2 * 0.25 = 0.5 points."""
        answer = {"problem_definition": {}, "high_level_design": {},
                  "deep_dive": [{"area": "Pacing", "tradeoffs": [{"option": "Queue", "impact": ""}]}]}
        item = grade(answer).item("depth")
        assert item.points == 0.5
        assert item.feedback == ("Give 'Pacing' at least two trade-offs whose impact carries a number and unit (an "
                                 "empty impact has no number with a unit), such as '+2% trunks' or '-40 ms at p95'.")


class TestDomainPromptWithoutExamples:
    """A prompt that declares its domain but no suggestions of its own: the feedback falls back on the rubric's
    generic examples (each written out here from the module's rules)."""

    PROMPT = Prompt("demo", "Demo", "Design a call queue for a clinic.",
                    domain=(("call", "calls"), ("queue",), ("clinic",)))

    def test_an_empty_answer_gets_every_generic_example(self):
        result = grade("# Problem definition\n# High-level design\n# Deep dive\n", self.PROMPT)
        fb = {i.item_id: i.feedback for i in result.items}
        assert [i.item_id for i in result.items] == list(BASE_ITEMS) + ["interview_extras"]
        assert fb["clarify_first"].endswith(
            "Ask 3 more clarifying questions that would change the design. Not asked about yet: scale and peak; "
            "whose system it is (Twilio's platform or a customer's app on Twilio). For example: 'Who are the users, "
            "and how many use it at the busiest hour?' State 2 more assumptions about this prompt, as a sentence "
            "with its number, such as 'Assume the peak is three times the daily mean.'")
        assert fb["metrics_quantified"] == (
            "Add metrics to the problem definition, each a number with a unit: one for scale, such as 'concurrent "
            "sessions at peak: <number> sessions', and one for quality, such as 'p95 response time: <number> ms'.")
        assert fb["one_page"] == ("Add 3 to 8 components to the high-level design, one per box on your diagram, such "
                                  "as the parts that take in, handle and keep the work.")
        assert fb["ted_complete"] == ("Add components, each with a Tell, an Explain and a Decide, so every box is "
                                      "argued with TED.")
        assert fb["context_fit"] == (
            "Open with a user story about this prompt's users, such as 'As a <user> I want <goal> so that <reason>', "
            "before naming any technology. Add the components of your design, so its fit to the problem can be "
            "judged.")
        assert fb["depth"] == ("Pick one to three areas from your diagram for the deep dive, and give each at least "
                               "two trade-offs whose impact has a number and a unit, such as '+2% capacity for ten "
                               "times fewer failures'.")
        assert fb["interview_extras"] == (
            "State the business goal: what the customer's business gains from this, and how you will know (a "
            "'Business goal:' line). Cut an MVP and name later phases, for example: the core flow first. Put a price "
            "on the design: one figure in money, such as a cost a month or per use, in a metric or a trade-off. Name "
            "a risk with its mitigation in the deep dive, such as a risk: a fix. Wrap up: a 'Summary:' of the design "
            "in a sentence or two, and the next steps you would take.")
        assert result.score == 0

    def test_a_decide_without_an_alternative_and_a_bare_impact(self):
        answer = {
            "problem_definition": {
                "clarifying_questions": ["How many calls reach the clinic queue at the busiest hour?",
                                         "Who owns the clinic queue, the clinic or our platform?",
                                         "How do we measure success for a call in the queue?"],
                "assumptions": ["Assume the clinic gets 300 calls in the busiest hour."]},
            "high_level_design": {"components": [{"name": "Call queue", "tell": "It holds the calls in order.",
                                                  "explain": "The clinic gets 300 calls at the busiest hour.",
                                                  "decide": "We keep the queue simple."}]},
            "deep_dive": [{"area": "Call queue", "tradeoffs": [{"option": "One queue", "alternative": "Two queues",
                                                                 "impact": "it is simpler for the clinic"}]}],
        }
        result = grade(answer, self.PROMPT)
        # Three questions on scale, ownership and success; one assumption counted (it adds no new dimension).
        assert result.item("clarify_first").feedback == (
            "State 1 more assumption about this prompt, as a sentence with its number, such as 'Assume the peak is "
            "three times the daily mean.' Cover one more dimension with a question or an assumption: compliance and "
            "retention.")
        ted = result.item("ted_complete").feedback
        assert ("Name the option turned down in the Decide of 'Call queue': a real alternative after 'instead of', "
                "'rather than' or 'over' (a negation such as 'not yet' is not one), e.g. 'object storage instead of "
                "database blobs'.") in ted
        assert result.item("depth").feedback.startswith(
            "Give 'Call queue' at least two trade-offs, each with the option turned down and an impact in real units "
            "('it is simpler for the clinic' does not say what changes, by how much, in a real unit), such as '+2% "
            "capacity for ten times fewer failures'.")


class TestMetricsAgainstThePromptsRanges:
    """A domain prompt of my own with one plausible range: 5 to 50 calls per second."""

    PROMPT = Prompt("demo", "Demo", "Design a call queue for a clinic.",
                    domain=(("call", "calls"), ("queue",), ("clinic",)),
                    ranges=(PlausibleRange(("calls per second",), 5, 50),))

    def feedback(self, value, unit="calls/s"):
        answer = {"problem_definition": {"metrics": [{"name": "calls per second at peak", "value": value,
                                                      "unit": unit}]},
                  "high_level_design": {}, "deep_dive": []}
        return grade(answer, self.PROMPT).item("metrics_quantified").feedback

    @pytest.mark.parametrize("value,side,far", [
        (2, "low", "well outside what a sound estimate gives"),       # 2 / 5 = 0.4 of the low end
        (0.4, "low", "off by a factor of about 10 or more"),          # 0.4 / 5 = 0.08, under a tenth
        (60, "high", "well outside what a sound estimate gives"),     # 60 / 50 = 1.2
        (600, "high", "off by a factor of about 10 or more"),         # 600 / 50 = 12
        (500, "high", "off by a factor of about 10 or more"),         # 500 / 50 = 10 exactly
    ])
    def test_an_implausible_figure_is_sent_back_with_its_direction(self, value, side, far):
        assert (f"Recheck 'calls per second at peak' is too {side} ({far}): redo the estimate from the prompt's "
                "figures.") in self.feedback(value)

    def test_a_figure_inside_the_range_is_not_questioned(self):
        assert "Recheck" not in self.feedback(14)

    @pytest.mark.parametrize("unit", ["calls/s", "calls per second", "calls, at peak", "calls."])
    def test_a_unit_with_its_qualifier_or_a_full_stop_is_a_real_unit(self, unit):
        assert "a real unit" not in self.feedback(14, unit)

    @pytest.mark.parametrize("unit", ["things", "x", "per second"])
    def test_not_a_unit(self, unit):
        assert f"Give 'calls per second at peak' a real unit ('{unit}' is not one)" in self.feedback(14, unit)


# -- survivors of the 2026-12-04 design/ mutation run (a 20% sample) ---------------------------------------------

class TestWordsTheLearnerReadsAroundAGrade:
    def test_a_revision_of_a_component_the_curveball_misses_is_named_as_not_regraded(self):
        result = curveball_regrade("week1", reference_markdown("week1"), "burst", {
            "Call placer": "Spread the calls over the window rather than place them all at once.",
            "Results store": "Keep a plain table rather than an event stream."})
        assert result.ignored == ("Results store",)
        assert "Not regraded (the curveball does not hit them): Results store" in str(result).splitlines()

    def test_the_reference_view_heads_each_half(self):
        lines = str(review("week1", THIN_WEEK1)).splitlines()
        assert lines[0].startswith("Your answer (") and "Reference answer" in lines

    def test_a_rubric_without_a_prompt_is_headed_design_rubric(self):
        html = grade(strong_voice_answer())._repr_html_()
        assert "Design rubric" in html and "Design rubric (" not in html
        assert "Design rubric (week1_reminder_calls)" in grade(strong_voice_answer(), get_prompt("week1"))._repr_html_()

    def test_pushback_on_an_answer_is_filed_under_the_prompt(self):
        cards = pushback_cards("week1", reference_markdown("week1"))
        assert {c.prompt_id for c in cards} == {"week1_reminder_calls"}

    def test_a_flow_before_any_component_says_nothing_is_declared_yet(self):
        from curriculum.design.model import AnswerError

        answer = {"problem_definition": {}, "high_level_design": {"components": [], "flows": [["A", "B"]]},
                  "deep_dive": []}
        with pytest.raises(AnswerError, match=r"declared: \(nothing yet\)"):
            parse_answer(answer)


def test_the_calibration_page_command_writes_where_it_is_told(tmp_path, capsys):
    from curriculum.design.calibration import main

    out = tmp_path / "page.md"
    assert main([str(out)]) == 0
    assert out.read_text().startswith("#")
    assert capsys.readouterr().out.strip() == f"wrote {out}"


def _every_prompt():
    """(id, build) for each prompt: built inside the test, so ``make mutation`` sees the builders run."""
    from curriculum.design.catalog import PROMPT_IDS
    from curriculum.design.prompts import sms_reminder_prompt, voice_messaging_prompt

    # the two built from their figures (any figures: only the words are checked here)
    return [(pid, lambda pid=pid: get_prompt(pid)) for pid in PROMPT_IDS] + [
        ("voice_messaging", lambda: voice_messaging_prompt(trunks_needed=9_970)),
        ("sms_reminders", lambda: sms_reminder_prompt(sender_mps=100, peak_mps=35, senders_needed=1))]


@pytest.mark.parametrize("pid, build", _every_prompt(), ids=[pid for pid, _ in _every_prompt()])
def test_a_prompt_reads_as_a_finished_brief(pid, build):
    """The title opens with a capital; the prompt's text opens with a capital and ends with its full stop; the
    keywords its feedback quotes mid-sentence ("named so they mention 'webhook'") are in lower case, and each
    numeric check says what its number is."""
    prompt = build()
    assert prompt.prompt_id == pid
    assert prompt.title[:1].isupper(), prompt.title
    assert prompt.text[:1].isupper() and prompt.text.rstrip().endswith((".", "?")), prompt.text[-60:]
    keywords = [k for group in prompt.required_metrics + prompt.required_components for k in group] + [
        k for check in prompt.numeric_checks for k in check.metric_keywords]
    assert keywords and all(k == k.casefold() for k in keywords), keywords
    for check in prompt.numeric_checks:
        assert check.description[:1].islower() and len(check.description.split()) >= 3, check.description


class TestClarifyFeedbackOnAGradedPrompt:
    """The Problem Definition feedback on a prompt with a domain: it counts what is missing in the right number,
    quotes the first question it did not count with the reason, and gives the prompt's own example."""

    PID = "week1_reminder_calls"

    def _feedback(self, questions, assumptions=None):
        import dataclasses

        from curriculum.design import get_prompt, grade
        from curriculum.design.references import reference_answer

        ref = reference_answer(self.PID)
        pd = ref.problem_definition
        change = {"clarifying_questions": type(pd.clarifying_questions)(questions)}
        if assumptions is not None:
            change["assumptions"] = type(pd.assumptions)(assumptions)
        answer = dataclasses.replace(ref, problem_definition=dataclasses.replace(pd, **change))
        return grade(answer, get_prompt(self.PID)).item("clarify_first").feedback

    def _good(self):
        from curriculum.design.references import reference_answer

        return list(reference_answer(self.PID).problem_definition.clarifying_questions[:2])

    @pytest.mark.parametrize("question, reason", [
        ("A clinic network wants Twilio to phone 150,000 patients with a 30-second appointment reminder?",
         "copies the prompt"),
        ("Do cats prefer tuna or salmon for their dinner tonight?", "is not about this prompt"),
        ("Should reminder calls be friendly and polite to every patient?", "would not change the design"),
    ])
    def test_a_question_that_does_not_count_is_quoted_with_its_reason(self, question, reason):
        feedback = self._feedback([question] + self._good())
        assert feedback.startswith(f"Ask 1 more clarifying question that would change the design ('{question[:37]}"
                                   f"...' {reason}, so it does not count). Not asked about yet: "), feedback

    def test_a_question_of_forty_characters_is_quoted_whole(self):
        question = "Do cats prefer tuna or salmon for lunch?"  # 40 characters: the longest quoted uncut
        assert f"('{question}' is not about this prompt, so it does not count)" in self._feedback(
            [question] + self._good())
        longer = "Do cats prefer tuna or salmon for lunches?"
        assert f"('{longer[:37]}...' is not about this prompt" in self._feedback([longer] + self._good())

    def test_the_examples_are_the_prompt_s_own(self):
        feedback = self._feedback(self._good(), assumptions=[])
        assert ("For example: 'How many patients are called each weekday, and must every call fall between 9:00 "
                "and 12:00?'") in feedback
        assert ("State 2 more assumptions about this prompt, as a sentence with its number, such as 'Assume the "
                "150,000 calls spread evenly over the three-hour window.'") in feedback

    def test_one_missing_assumption_is_asked_for_in_the_singular(self):
        from curriculum.design.references import reference_answer

        one = list(reference_answer(self.PID).problem_definition.assumptions[:1])
        assert "State 1 more assumption about this prompt, as a sentence" in self._feedback(self._good(), one)


EMPTY_ANSWER = "# Problem definition\n# High-level design\n# Deep dive\n"


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_an_empty_answer_is_shown_this_prompt_s_own_examples(pid):
    """Each piece of advice on an empty answer comes with an example from this prompt, never a generic one."""
    from curriculum.design import get_prompt, grade_prompt

    prompt = get_prompt(pid)
    feedback = " ".join(i.feedback for i in grade_prompt(pid, EMPTY_ANSWER).items)
    missing = [kind for kind in ("question", "assumption", "scale_metric", "quality_metric", "component", "tradeoff",
                                 "story", "risk", "mvp") if prompt.example(kind, "") not in feedback]
    assert not missing, f"{pid}: the feedback does not quote the prompt's {missing} example"


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_every_rubric_message_reads_as_finished_sentences(pid):
    """Over the calibration answers and an empty one, each item's feedback opens with a capital, ends with its end
    mark (or the closing quote of an example), and writes no word in capitals but the course's acronyms."""
    from curriculum.design import grade_prompt
    from curriculum.design.calibration import calibration_answers

    answers = {**calibration_answers(pid), "empty": EMPTY_ANSWER}
    problems = []
    for kind, answer in answers.items():
        for item in grade_prompt(pid, answer).items:
            text = item.feedback
            if not (text[:1].isupper() and text.rstrip().endswith((".", "?", "'", '"', ")"))):
                problems.append(f"{kind}/{item.item_id}: {text!r}")
            shouted = [w for w in re.findall(r"\b[A-Z]{5,}\b", text) if w not in ("HTTPS", "HIPAA")]
            if shouted:
                problems.append(f"{kind}/{item.item_id} shouts {shouted}: {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pid", PROMPT_IDS)
def test_a_pasted_prompt_is_not_quoted_back_whole(pid):
    """An answer that pastes the prompt as its metric names and areas is told which ones, each quoted in at most
    60 characters ("..." where it is cut), not the whole prompt again and again."""
    from curriculum.design import get_prompt, grade_prompt
    from curriculum.design.calibration import calibration_answers

    text = get_prompt(pid).text
    feedback = " ".join(i.feedback for i in grade_prompt(pid, calibration_answers(pid)["gamed_pasted"]).items)
    assert text[:57] + "...'" in feedback or text[:57] + '..."' in feedback, feedback[:300]
    assert text[:61] not in feedback


def _week1(**change):
    """Week 1's reference answer with parts of it replaced: problem_definition / high_level_design fields by name."""
    import dataclasses

    from curriculum.design.references import reference_answer

    ref = reference_answer("week1_reminder_calls")
    pd, hld = ref.problem_definition, ref.high_level_design
    pd_change = {k: (type(getattr(pd, k))(v) if isinstance(v, list) else v) for k, v in change.items()
                 if hasattr(pd, k)}
    hld_change = {k: type(getattr(hld, k))(v) for k, v in change.items() if hasattr(hld, k)}
    return dataclasses.replace(ref, problem_definition=dataclasses.replace(pd, **pd_change),
                               high_level_design=dataclasses.replace(hld, **hld_change))


def _week1_item(item_id, **change):
    return grade(_week1(**change), get_prompt("week1_reminder_calls")).item(item_id)


class TestOnePageFeedback:
    """The diagram item's advice on week 1's reference answer (4 components, every one on a flow) once changed."""

    def _one_page(self, components=None, flows=None):
        change = {k: v for k, v in (("components", components), ("flows", flows)) if v is not None}
        return _week1_item("one_page", **change)

    def _ref(self):
        return _week1().high_level_design

    def test_one_box_off_every_flow_is_it_and_two_are_them(self):
        flows = [f for f in self._ref().flows if "Results store" not in (f.source, f.target)]
        assert "Connect 'Results store' with a flow or remove it: every box" in self._one_page(flows=flows).feedback
        flows = [f for f in flows if "TwiML endpoint" not in (f.source, f.target)]
        assert ("Connect 'TwiML endpoint' and 'Results store' with a flow or remove them: every box"
                in self._one_page(flows=flows).feedback)

    def test_eight_boxes_fit_on_a_page_and_nine_do_not(self):
        import dataclasses

        ref = self._ref()
        extra = [dataclasses.replace(ref.components[0], name=f"Reminder scheduler {k}") for k in range(2, 7)]
        eight = self._one_page(components=list(ref.components) + extra[:4])
        assert "Cut the diagram" not in eight.feedback
        nine = self._one_page(components=list(ref.components) + extra)
        assert nine.feedback.startswith("Cut the diagram to at most 8 components (you have 9): merge parts that "
                                        "scale and fail together, and keep the detail for the deep dive.")
        assert nine.points < eight.points


def test_a_fourth_focus_area_costs_depth_and_is_named():
    """Week 1's reference goes deep in one area; the same area three times still fits the one-to-three advice, a
    fourth copy is told to go deeper in fewer and scores lower (the share of sound areas is averaged, not summed)."""
    import dataclasses

    from curriculum.design.references import reference_answer

    ref = reference_answer("week1_reminder_calls")
    area = ref.deep_dive[0]

    def depth(n):
        areas = [area] + [dataclasses.replace(area, area=f"{area.area} ({k})") for k in range(2, n + 1)]
        return grade(dataclasses.replace(ref, deep_dive=type(ref.deep_dive)(areas)),
                     get_prompt("week1_reminder_calls")).item("depth")

    three, four = depth(3), depth(4)
    assert "Go deeper" not in three.feedback and three.points == three.max_points, three.feedback
    assert four.feedback.startswith("Go deeper in fewer areas: keep the one to three that matter most (you have 4).")
    assert 0 < four.points < three.points


# -- survivors of the second 2026-12-04 design/ run (20% sample at 2dc3cd6) ---------------------------------------

class TestMetricCountAdvice:
    """Week 1's reference has five metrics; keep one or two of them."""

    def test_one_metric_is_asked_for_two_more(self):
        metrics = _week1().problem_definition.metrics
        assert "Add 2 more metrics: an answer usually designs against three or more." in _week1_item(
            "metrics_quantified", metrics=list(metrics[:1])).feedback

    def test_two_metrics_are_asked_for_one_more_in_the_singular(self):
        metrics = _week1().problem_definition.metrics
        assert "Add 1 more metric: an answer usually designs against three or more." in _week1_item(
            "metrics_quantified", metrics=list(metrics[:2])).feedback

    def test_a_two_word_metric_name_of_this_problem_counts(self):
        # 'voicemail share' holds none of the prompt's countables or quality terms, but it is on topic and two
        # words long: it is a named metric, not a bare word
        from curriculum.design.model import Metric

        metrics = list(_week1().problem_definition.metrics) + [Metric("voicemail share", 60, "%", "")]
        item = _week1_item("metrics_quantified", metrics=metrics)
        assert item.full_marks, item.feedback


class TestNumbersCheckedAgainstThePrompt:
    """Week 1 checks outbound calls per second within 5% (the worked figure is 13.9)."""

    def _feedback(self, cps):
        import dataclasses

        metrics = _week1().problem_definition.metrics
        return _week1_item("prompt_numbers", metrics=[dataclasses.replace(metrics[0], value=cps), *metrics[1:]])

    def test_too_high_and_too_low_are_told_apart_with_the_tolerance(self):
        high = self._feedback(20)
        assert high.feedback == ("Recheck 'outbound calls per second': 20 is too high for outbound calls per second "
                                 "over the 3-hour window; recompute it so it matches within 5%.")
        assert self._feedback(10).feedback.startswith("Recheck 'outbound calls per second': 10 is too low for ")
        assert high.points == high.max_points / 2     # one of the two checks passes

    def test_two_misses_are_two_sentences(self):
        import dataclasses

        metrics = _week1().problem_definition.metrics
        item = _week1_item("prompt_numbers", metrics=[dataclasses.replace(metrics[0], value=20),
                                                      dataclasses.replace(metrics[1], value=100), *metrics[2:]])
        assert "within 5%. Recheck 'concurrent calls': 100 is too low for concurrent calls at 30 s each;" in (
            item.feedback)
        assert item.points == 0

    def test_a_check_without_tolerance_asks_for_an_exact_match(self):
        from curriculum.design import NumericCheck

        prompt = Prompt("demo", "Demo", "Size the trunks.",
                        numeric_checks=(NumericCheck(("trunks",), 12, 0, "the trunks at the blocking target"),))
        answer = {"problem_definition": {"metrics": [{"name": "trunks", "value": 13, "unit": "trunks"}]},
                  "high_level_design": {}, "deep_dive": []}
        assert grade(answer, prompt).item("prompt_numbers").feedback == (
            "Recheck 'trunks': 13 is too high for the trunks at the blocking target; recompute it so it matches "
            "exactly.")


class TestTedOnWeek1:
    def test_two_neighbouring_components_that_share_an_explain_are_both_named(self):
        import dataclasses

        comps = list(_week1().high_level_design.components)
        comps[1] = dataclasses.replace(comps[1], explain=comps[0].explain)
        item = _week1_item("ted_complete", components=comps)
        assert ("Rewrite the copied text in 'Reminder scheduler' and 'Call placer': Tell, Explain and Decide should "
                "each say something new") in item.feedback
        assert item.points < item.max_points

    def test_a_decide_may_open_with_the_option_turned_down(self):
        import dataclasses

        comps = list(_week1().high_level_design.components)
        opening = ("Rather than one burst of API requests, a paced job queue, since requests above the limit wait "
                   "in Twilio's queue.")
        comps[0] = dataclasses.replace(comps[0], decide=opening)
        assert _week1_item("ted_complete", components=comps).full_marks
        # the marker alone, or an empty alternative, still names nothing turned down
        for bare in ("Rather than that, a paced job queue since requests above the limit wait.",
                     "Rather than one burst of API requests."):
            comps[0] = dataclasses.replace(comps[0], decide=bare)
            assert "Name the option turned down in the Decide of 'Reminder scheduler'" in _week1_item(
                "ted_complete", components=comps).feedback, bare

    def test_a_tell_of_three_words_is_enough(self):
        import dataclasses

        comps = list(_week1().high_level_design.components)
        comps[1] = dataclasses.replace(comps[1], tell="Dials the patients.")
        assert _week1_item("one_page", components=comps).full_marks
        # three words that are only keywords do not say what the part is
        comps[1] = dataclasses.replace(comps[1], tell="Places reminder calls.")
        assert "Rename or replace 'Call placer'" in _week1_item("one_page", components=comps).feedback


class TestStoryLength:
    def test_an_eight_word_story_about_this_problem_counts(self):
        story = "As a clinic, I want patients reminded by call."      # 8 words, with 'as a' and 'want'
        assert _week1_item("context_fit", user_story=story).full_marks
        shorter = "As a clinic, I want reminder calls."                  # 6 words
        assert not _week1_item("context_fit", user_story=shorter).full_marks


class TestAReportAndABrokenAnswer:
    def test_each_item_s_feedback_wraps_under_a_four_space_indent(self):
        report = grade(_week1(), get_prompt("week1_reminder_calls")).report(width=40)
        feedback = [line for line in report.splitlines()[1:] if not line.startswith("- ")]
        assert len(feedback) > 20       # ten items, each wrapped over two lines or more at 40 characters
        assert all(line.startswith("    ") and not line.startswith("     ") for line in feedback), report

    def test_an_answer_that_cannot_be_read_scores_zero_on_its_only_item(self):
        result = grade({"problem_definition": "not a dict"}, get_prompt("week1_reminder_calls"))
        assert not result.well_formed
        (item,) = result.items
        assert (item.points, result.score) == (0, 0)
        assert item.max_points == result.max_score == 16


class TestTheFirstRubricWithoutAPrompt:
    """grade(answer) with no prompt keeps the first rubric's shape checks: 3 to 8 boxes, 1 to 3 focus areas."""

    @staticmethod
    def _answer(n_components=4, n_areas=1):
        names = [f"Part {k}" for k in range(n_components)]
        return {
            "problem_definition": {},
            "high_level_design": {
                "components": [{"name": n} for n in names],
                "flows": [[a, b] for a, b in zip(names, names[1:])],
            },
            "deep_dive": [{"area": f"Area {k}", "tradeoffs": [
                {"option": "a queue", "impact": "+2% trunks"}, {"option": "a cache", "impact": "-40 ms at p95"}]}
                for k in range(n_areas)],
        }

    @pytest.mark.parametrize("n, points", [(2, 0.25 + 0.5), (3, 1.0), (8, 1.0), (9, 0.25 + 0.5)])
    def test_the_size_of_the_diagram(self, n, points):
        # half for the size (all of it from 3 to 8 boxes, half of it at 2, 9 or 10), half for every box on a flow
        item = grade(self._answer(n)).item("one_page")
        assert item.points == pytest.approx(points * item.max_points), item.feedback
        assert ("Add components" in item.feedback) is (n < 3)
        assert ("Cut the diagram" in item.feedback) is (n > 8)

    def test_three_focus_areas_earn_full_depth_and_four_do_not(self):
        three = grade(self._answer(n_areas=3)).item("depth")
        four = grade(self._answer(n_areas=4)).item("depth")
        assert three.full_marks, three.feedback
        assert four.points == pytest.approx(0.75 * four.max_points)
        assert four.feedback.startswith("Go deeper in fewer areas: keep the one to three that matter most (you "
                                        "have 4) and drop the rest.")


class TestMoreOfWhatTheLearnerReads:
    def test_a_missing_required_component_is_named_with_its_synonyms(self):
        prompt = Prompt("demo", "Demo", "Design a reminder line.",
                        required_components=(("scheduler", "queue"), ("webhook",)))
        answer = {"problem_definition": {}, "high_level_design": {
            "components": [{"name": "Call placer"}, {"name": "Webhook handler"}]}, "deep_dive": []}
        item = grade(answer, prompt).item("prompt_components")
        assert item.feedback == ("Add the components this prompt needs, with TED and flows, named so they mention: "
                                 "'scheduler' (or 'queue').")
        assert item.points == item.max_points / 2        # one of the two requirements met

    def test_three_metrics_are_not_asked_for_more(self):
        metrics = _week1().problem_definition.metrics
        item = _week1_item("metrics_quantified", metrics=list(metrics[:3]))
        assert "more metric" not in item.feedback

    def test_a_story_may_say_need_instead_of_want(self):
        story = ("As a clinic scheduler, I need every patient with an appointment tomorrow to get a short reminder "
                 "call, so that fewer appointments are missed.")
        assert _week1_item("context_fit", user_story=story).full_marks

    def test_a_prompt_given_by_its_id_is_refused_with_the_type(self):
        with pytest.raises(TypeError, match=r"^prompt must be a Prompt or None; got str$"):
            grade(_week1(), "week1_reminder_calls")

    def test_three_unreasoned_services_in_four_boxes_are_a_reflex_split(self):
        import dataclasses

        comps = list(_week1().high_level_design.components)
        renamed = {c.name: f"{c.name} service" for c in comps[:3]}
        comps = [dataclasses.replace(c, name=renamed.get(c.name, c.name), explain="It is a separate part of it all.")
                 for c in comps]
        flows = [dataclasses.replace(f, source=renamed.get(f.source, f.source), target=renamed.get(f.target, f.target))
                 for f in _week1().high_level_design.flows]
        item = _week1_item("context_fit", components=comps, flows=flows)
        assert "Most components are separate services with no stated reason" in item.feedback
        # two services of four are not "most"
        assert "separate services" not in _week1_item(
            "context_fit", components=[dataclasses.replace(c, name=c.name.replace("Call placer service", "Call placer"))
                                       for c in comps],
            flows=[dataclasses.replace(f, source=f.source.replace("Call placer service", "Call placer"),
                                       target=f.target.replace("Call placer service", "Call placer"))
                   for f in flows]).feedback
