"""The interviewer's follow-ups after grading, and curveballs that change a constraint mid-answer.

:func:`follow_ups` gives three to five questions an interviewer would push back
with, in the interviewer's voice, each naming something the answer itself says
(a component, a figure, a decision). They are drawn from the answer's weakest
rubric items first; an answer with no weak item gets harder questions on its
own deep dive (its trade-offs, its figures at ten times the load, its risks).
No question is asked twice.

:func:`curveball_regrade` takes one of the prompt's curveballs (a 10x burst, a
carrier or region outage, a new compliance rule), the learner's revised Decide
lines for the components it hits, and grades only those lines.

>>> from curriculum.design.references import reference_markdown
>>> qs = follow_ups("week1", reference_markdown("week1"))
>>> 3 <= len(qs) <= 5, len({q.question for q in qs}) == len(qs)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from curriculum.design.catalog import get_prompt
from curriculum.design.model import Answer, parse_answer
from curriculum.design.prompts import Curveball
from curriculum.design.rubric import (
    DIMENSION_TITLES,
    NUMBER_WITH_UNIT,
    _dimensions,
    _found,
    _is_prose,
    _names_alternative,
    _norm,
    grade,
)

__all__ = ["CurveballResult", "FollowUp", "PushbackCard", "affected_components", "check_reply", "curveball_regrade",
           "follow_ups", "pushback_cards"]

_WEAK = 0.8  # an item below this share of its points is a weak item


@dataclass(frozen=True)
class FollowUp:
    """One interviewer question: what is asked, which rubric item it probes, what of the answer it names.

    ``good_reply`` says what a good reply covers (shown after the learner answers).
    """

    question: str
    item_id: str
    about: str
    good_reply: str


def _clip(text: str, limit: int = 70) -> str:
    text = text.strip().rstrip(".")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def _weak_items(answer: Answer, prompt) -> list[str]:
    result = grade(answer, prompt)
    ranked = sorted(result.items, key=lambda i: (i.points / i.max_points if i.max_points else 1))
    return [i.item_id for i in ranked if i.max_points and i.points / i.max_points < _WEAK]


def _weak_questions(item: str, a: Answer, prompt) -> list[FollowUp]:
    pd, hld = a.problem_definition, a.high_level_design
    comps = hld.components
    out: list[FollowUp] = []
    if item == "clarify_first":
        asked = {d for q in pd.clarifying_questions + pd.assumptions for d in _dimensions(q, prompt)}
        missing = [d for d in DIMENSION_TITLES if d not in asked] or ["ownership"]
        name = comps[0].name if comps else "your first box"
        for dim in missing[:2]:
            out.append(FollowUp(
                f"Before we go further: you have not pinned down {DIMENSION_TITLES[dim]}. What would you ask me, "
                f"and what changes in '{name}' depending on my answer?", item, name,
                "A good reply asks one precise question, gives the two likely answers, and says what each does "
                f"to '{name}' (its size, its owner or what it must keep)."))
    if item in ("metrics_quantified", "prompt_numbers", "prompt_metrics"):
        metric = next((m for m in pd.metrics), None)
        if metric is not None:
            out.append(FollowUp(
                f"You give '{metric.name}' as {_fmt(metric.value)} {metric.unit}. Walk me through how you got that "
                f"from the prompt: is it the mean or a peak you must always carry, and what changes if it is the "
                f"peak?", item, metric.name,
                "A good reply redoes the arithmetic aloud from the prompt's figures, names the peak it sizes for, "
                "and says which component grows if the number is a peak."))
        else:
            out.append(FollowUp(
                f"You have not given me a single number yet. How big is this at its busiest, and how would we "
                f"know it works? Think of {prompt.example('scale_metric')}.", item, "no metrics",
                "A good reply gives one scale figure and one quality figure, each with a unit."))
    if item == "ted_complete":
        c = next((c for c in comps if not _names_alternative(c.decide)), comps[0] if comps else None)
        if c is not None:
            said = f"you decided '{_clip(c.decide)}'" if c.decide else "you did not say what you decided"
            out.append(FollowUp(
                f"For '{c.name}', {said}. What was the real alternative, and what would make you switch to it?",
                item, c.name,
                "A good reply names a concrete option turned down, the figure that favours the choice, and the "
                "point at which the alternative would win."))
    if item == "depth":
        fa = a.deep_dive[0] if a.deep_dive else None
        if fa is not None and fa.tradeoffs:
            t = fa.tradeoffs[0]
            alt = f"'{_clip(t.alternative, 50)}'" if t.alternative else "the alternative"
            out.append(FollowUp(
                f"In '{fa.area}', what does '{_clip(t.option, 50)}' cost or save compared with {alt}, in numbers?",
                item, fa.area, "A good reply puts both options side by side in the same unit, using the answer's "
                               "own figures, and says which risk remains."))
        elif comps:
            out.append(FollowUp(
                f"Pick the one box of your diagram that worries you most, say '{comps[0].name}', and take me "
                f"deeper: what are the two options and what does each cost?", item, comps[0].name,
                "A good reply picks one area, gives two options with numbers and units, and decides."))
    if item == "interview_extras":
        names = ", ".join(f"'{c.name}'" for c in comps[:3]) or "your design"
        out.append(FollowUp(
            f"Say we have six weeks. Which of {names} ships first, what waits for a later phase, and roughly what "
            f"does it cost to run?", item, names,
            "A good reply cuts an MVP, names what comes later and why, and gives one cost figure with its "
            "assumption."))
    if item in ("one_page", "context_fit", "prompt_components") and comps:
        start = hld.actors[0] if hld.actors else comps[0].name
        out.append(FollowUp(
            f"Walk me through one request from '{start}' to the end. Which of your boxes does it touch, and "
            f"could two of them be one?", item, start,
            "A good reply follows one flow box by box, names what crosses each arrow and merges parts that "
            "scale and fail together."))
    return out


def _hard_questions(a: Answer, prompt) -> list[FollowUp]:
    out: list[FollowUp] = []
    metrics = a.problem_definition.metrics
    for fa in a.deep_dive:
        for t in fa.tradeoffs:
            figure = NUMBER_WITH_UNIT.search(t.impact)
            shown = f" ({figure.group().strip()})" if figure else ""
            out.append(FollowUp(
                f"You chose '{_clip(t.option, 50)}' over '{_clip(t.alternative, 50)}'{shown}. At ten times the load, "
                f"does that still hold, and at what point would you switch?", "depth", fa.area,
                "A good reply scales the figure by ten, says which limit it meets first, and names the threshold "
                "where the alternative wins."))
        for r in fa.risks[:1]:
            out.append(FollowUp(
                f"You flag this risk in '{fa.area}': '{_clip(r, 80)}'. How would you notice it within minutes, and "
                f"what does the mitigation cost?", "depth", fa.area,
                "A good reply names the signal to alert on, the threshold, who acts, and the price of the fix."))
    if metrics:
        m = max(metrics, key=lambda m: abs(m.value))
        out.append(FollowUp(
            f"Your largest figure is '{m.name}' at {_fmt(m.value)} {m.unit}. Which assumption moves it most, and "
            f"if that assumption is off by half, which of your Decides changes?", "metrics_quantified", m.name,
            "A good reply names the assumption, reruns the figure, and points at the one decision that flips."))
    for cb in prompt.curveballs[:1]:
        names = affected_components(prompt.prompt_id, a, cb.kind)
        if names:
            out.append(FollowUp(
                f"{cb.text} What do '{names[0]}' and the rest of your design do now?", "curveball", names[0],
                cb.good_reply))
    # Interleave so the first questions cover different areas.
    return out


def follow_ups(prompt_id: str, answer: Any, count: int = 4) -> tuple[FollowUp, ...]:
    """Three to five interviewer follow-ups for ``answer`` to ``prompt_id`` (``count`` is clamped to 3-5).

    Weak items come first; an answer with none gets harder questions on its own
    deep dive. Every question names something the answer says; none repeats.
    """
    prompt = get_prompt(prompt_id)
    a = parse_answer(answer)
    count = min(max(count, 3), 5)
    weak = _weak_items(a, prompt)
    pool: list[FollowUp] = []
    for item in weak:
        pool += _weak_questions(item, a, prompt)
    if len(weak) <= 1:
        pool = _hard_questions(a, prompt) + pool
    else:
        pool += _hard_questions(a, prompt)
    seen: set[str] = set()
    chosen: list[FollowUp] = []
    for q in pool:
        key = _norm(q.question)
        if key in seen:
            continue
        seen.add(key)
        chosen.append(q)
        if len(chosen) == count:
            break
    if len(chosen) < 3:
        for cb in prompt.curveballs:
            q = FollowUp(f"{cb.text} Which of your Decide lines change, and to what?", "curveball", cb.kind,
                         cb.good_reply)
            if _norm(q.question) not in seen:
                seen.add(_norm(q.question))
                chosen.append(q)
            if len(chosen) >= 3:
                break
    return tuple(chosen)


def _curveball(prompt, kind: str) -> Curveball:
    for cb in prompt.curveballs:
        if cb.kind == kind:
            return cb
    kinds = ", ".join(cb.kind for cb in prompt.curveballs)
    raise ValueError(f"kind: no curveball {kind!r} for {prompt.prompt_id}; kinds: {kinds}")


def affected_components(prompt_id: str, answer: Any, kind: str) -> tuple[str, ...]:
    """The components of ``answer`` whose Decide the curveball ``kind`` hits (by name or Tell)."""
    prompt = get_prompt(prompt_id)
    cb = _curveball(prompt, kind)
    a = parse_answer(answer)
    return tuple(c.name for c in a.high_level_design.components if _found(f"{c.name} | {c.tell}", cb.affects))


@dataclass(frozen=True)
class CurveballResult:
    """The regrade of the revised Decide lines: a share per affected component, feedback, what a good reply covers."""

    kind: str
    scores: dict
    feedback: tuple[str, ...]
    good_reply: str
    ignored: tuple[str, ...] = ()

    @property
    def fraction(self) -> float:
        return sum(self.scores.values()) / len(self.scores) if self.scores else 0.0

    def __str__(self) -> str:
        lines = [f"Curveball '{self.kind}': {self.fraction:.0%} of the revised Decide lines' points"]
        lines += [f"- {name}: {share:.0%}" for name, share in self.scores.items()]
        lines += list(self.feedback)
        if self.ignored:
            lines.append("Not regraded (the curveball does not hit them): " + ", ".join(self.ignored))
        lines.append("What a good reply covers: " + self.good_reply)
        return "\n".join(lines)


def curveball_regrade(prompt_id: str, answer: Any, kind: str, revised: dict[str, str]) -> CurveballResult:
    """Grade only the revised Decide lines of the components the curveball ``kind`` hits.

    ``revised`` maps component names to their new Decide. Each affected Decide
    earns a third for reading as a sentence, a third for naming the option it
    now turns down, and a third for covering what the change demands (the
    curveball's ``expects`` groups). Revisions of other components are ignored
    and listed; an affected component left out scores 0.
    """
    prompt = get_prompt(prompt_id)
    cb = _curveball(prompt, kind)
    affected = affected_components(prompt_id, answer, kind)
    if not affected:
        raise ValueError(f"answer: none of its components is hit by the {kind!r} curveball; nothing to regrade")
    lookup = {_norm(k): v for k, v in (revised or {}).items()}
    scores: dict[str, float] = {}
    notes: list[str] = []
    for name in affected:
        text = lookup.get(_norm(name), "")
        prose = _is_prose(text, 4)
        alternative = _names_alternative(text)
        covered = sum(bool(_found(text, g)) for g in cb.expects) / len(cb.expects) if cb.expects else 1.0
        scores[name] = round((prose + alternative + covered) / 3, 2)
        if not text:
            notes.append(f"Revise the Decide of '{name}': the change hits it.")
            continue
        if not alternative:
            notes.append(f"In '{name}', name the option you now turn down ('rather than ...').")
        if covered < 1:
            notes.append(f"In '{name}', say what the change does to it, with a number where one changes.")
    ignored = tuple(k for k in (revised or {}) if _norm(k) not in {_norm(n) for n in affected})
    return CurveballResult(kind, scores, tuple(notes), cb.good_reply, ignored)


@dataclass(frozen=True)
class PushbackCard:
    """One pushback drill: the interviewer's line, the kind (follow-up or curveball), what a good reply covers.

    ``expects`` are groups of synonyms a good reply mentions (one word of each group).
    """

    prompt_id: str
    kind: str
    line: str
    good_reply: str
    expects: tuple[tuple[str, ...], ...] = ()


def pushback_cards(prompt_id: str, answer: Any = None) -> tuple[PushbackCard, ...]:
    """The pushback drill for ``prompt_id``: follow-ups, then the prompt's three curveballs.

    With ``answer`` (the learner's own, graded or not), the follow-ups are the
    interviewer's questions on that answer, naming its components and figures.
    Without one, they are the questions that check the prompt's clarifying
    dimensions and its figures, so the drill gives nothing of the reference away.

    >>> cards = pushback_cards("week4")
    >>> [c.kind for c in cards][-3:]
    ['burst', 'outage', 'compliance']
    """
    prompt = get_prompt(prompt_id)
    if answer is not None:
        cards = [PushbackCard(prompt.prompt_id, "follow-up", q.question, q.good_reply)
                 for q in follow_ups(prompt.prompt_id, answer, count=3) if q.item_id != "curveball"]
    else:
        cards = [PushbackCard(prompt.prompt_id, "follow-up",
                              f"Before you design anything: {prompt.example('question')} Why does the answer "
                              "change your design?",
                              "A good reply gives the two likely answers and what each changes: the size of the "
                              "busiest part, who owns it, or what must be kept.")]
        for check in prompt.numeric_checks[:2]:
            cards.append(PushbackCard(
                prompt.prompt_id, "follow-up",
                f"How big is {check.description}? Work it out aloud from the prompt, and tell me whether you "
                f"size for the mean or the peak.",
                "A good reply names the prompt's figures it starts from, the formula, the result with its unit, "
                "and which part of the design that number sizes.", ((check.metric_keywords[0],),)))
    cards += [PushbackCard(prompt.prompt_id, cb.kind, cb.text + " What changes in your design?", cb.good_reply,
                           cb.expects) for cb in prompt.curveballs]
    return tuple(cards)


def check_reply(card: PushbackCard, reply: str) -> tuple[str, ...]:
    """Notes on a pushback reply: length, a number, and the points a good reply covers (no grade, no answer).

    >>> card = pushback_cards("week1")[-3]
    >>> check_reply(card, "")[0]
    'Write a reply of a few lines first, then compare it with what a good reply covers.'
    """
    words = len(reply.split())
    if words < 5:
        return ("Write a reply of a few lines first, then compare it with what a good reply covers.",)
    notes = []
    notes.append("You put a number on it." if any(ch.isdigit() for ch in reply) else
                 "Add a number: interviewers push back to see you redo the arithmetic.")
    if _names_alternative(reply):
        notes.append("You name the option you turn down.")
    else:
        notes.append("Say what you would do instead of what, so the trade-off is explicit.")
    missed = [g for g in card.expects if not _found(reply, g)]
    if card.expects:
        notes.append(f"You cover {len(card.expects) - len(missed)} of the {len(card.expects)} points this change "
                     "demands." + (" Look again at what it does to capacity, cost or compliance." if missed else ""))
    return tuple(notes)
