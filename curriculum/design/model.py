"""The three-layer answer model: a learner's dict, checked and frozen.

A learner writes a system design answer as a plain dict with three layers,
the way the course teaches it:

1. ``problem_definition``: a user story, clarifying questions, assumptions and
   quantified metrics.
2. ``high_level_design``: the one-page diagram, as components (each argued with
   TED: Tell what it is, Explain why, Decide against an alternative), external
   actors, and flows between them.
3. ``deep_dive``: one to three focus areas, each with quantified trade-offs.

:func:`parse_answer` turns that dict into frozen dataclasses. It checks the
*shape* of the answer, not its quality: the rubric in
:mod:`curriculum.design.rubric` judges quality and gives partial credit. So
the parser rejects only what would make the answer impossible to grade, and
every rejection is an :class:`AnswerError` whose message starts with the field
path, for example ``high_level_design.flows[2][1]: ...``.

A learner may also write the answer as Markdown (see
:mod:`curriculum.design.markdown`): :func:`parse_answer` given a str parses it
with :func:`~curriculum.design.markdown.parse_markdown`, whose errors quote the
line. An optional fourth key, ``wrap_up``, holds the close of the answer (a
summary, the MVP cut, later phases and next steps), and ``problem_definition``
may carry a ``business_goal``.

Rules the parser enforces:

* The three layers are required, and each is a dict (``deep_dive`` is a list).
* Keys that hold the structure together are required: each component's and
  metric's ``name``, each metric's ``value``, each focus area's ``area`` and each
  trade-off's ``option``. Every other key is optional and defaults to empty, so
  the rubric, not the parser, tells the learner to add it.
* Unknown keys are errors (a misspelt ``clarifying_question`` would otherwise be
  ignored in silence); the message suggests the nearest allowed key.
* A metric's ``value`` is a real, finite number: an ``int`` or ``float``, not a
  ``bool``, not a string such as ``"10k"``, not NaN or infinity.
* **Actors.** ``high_level_design`` may list ``actors``: people and systems
  outside the design, such as ``"Caller"``, ``"Customer app"`` or
  ``"Carrier"``. Actors are drawn on the diagram but are not components, so they
  need no TED and do not count towards the component limit. Each flow is
  ``[source, target]`` or ``[source, target, label]`` and both ends must name a
  declared component or actor. Names match ignoring case and extra spaces; the
  parsed flow carries the declared spelling. A flow may not start and end at the
  same node, and a name may be declared only once across components and actors.

Reference: the course's interview guide ("3-layer decomposition", "TED (Tell,
Explain, Decide) for each component", "one-page diagram").

>>> answer = parse_answer({
...     "problem_definition": {"user_story": "As a caller I want to leave a message."},
...     "high_level_design": {
...         "actors": ["Caller"],
...         "components": [{"name": "Recorder"}],
...         "flows": [["caller", "Recorder", "audio"]],
...     },
...     "deep_dive": [],
... })
>>> answer.high_level_design.flows[0]
Flow(source='Caller', target='Recorder', label='audio')
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Answer",
    "AnswerError",
    "Component",
    "Flow",
    "FocusArea",
    "HighLevelDesign",
    "LAYERS",
    "Metric",
    "ProblemDefinition",
    "Tradeoff",
    "WrapUp",
    "parse_answer",
]

#: The three layers of an answer, in the order an interview covers them.
LAYERS = ("problem_definition", "high_level_design", "deep_dive")


class AnswerError(ValueError):
    """A malformed answer; the message starts with the path of the bad field.

    ``path`` is the field path (``"high_level_design.flows[2][1]"``) and
    ``problem`` the explanation that follows it.

    >>> err = AnswerError("deep_dive", "this layer is missing")
    >>> str(err)
    'deep_dive: this layer is missing'
    >>> isinstance(err, ValueError), err.path
    (True, 'deep_dive')
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Metric:
    """A quantified requirement, such as 10,000 concurrent calls.

    ``value`` is a real number; ``unit`` and ``target`` are free text.

    >>> Metric("concurrent calls", 10_000, "calls", "<1% blocked").value
    10000
    """

    name: str
    value: float
    unit: str = ""
    target: str = ""


@dataclass(frozen=True)
class ProblemDefinition:
    """Layer 1: the user story, clarifying questions, assumptions and metrics.

    >>> ProblemDefinition("As a caller I want to leave a message.").metrics
    ()
    """

    user_story: str = ""
    clarifying_questions: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()
    business_goal: str = ""


@dataclass(frozen=True)
class Component:
    """One box on the diagram, argued with TED (Tell, Explain, Decide).

    >>> Component("Recording store", decide="Object storage instead of DB blobs.").tell
    ''
    """

    name: str
    tell: str = ""
    explain: str = ""
    decide: str = ""


@dataclass(frozen=True)
class Flow:
    """A labelled arrow from one component or actor to another.

    >>> Flow("Caller", "Call router", "SIP INVITE").target
    'Call router'
    """

    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class HighLevelDesign:
    """Layer 2: components, external actors and the flows that join them.

    >>> design = HighLevelDesign(components=(Component("Router"),), actors=("Caller",))
    >>> design.node_names
    ('Caller', 'Router')
    """

    components: tuple[Component, ...] = ()
    flows: tuple[Flow, ...] = ()
    actors: tuple[str, ...] = ()

    @property
    def component_names(self) -> tuple[str, ...]:
        """Names of the components, in declared order."""
        return tuple(c.name for c in self.components)

    @property
    def node_names(self) -> tuple[str, ...]:
        """Actors first, then components: every name a flow may use."""
        return self.actors + self.component_names


@dataclass(frozen=True)
class Tradeoff:
    """One decision in a deep dive: the option, what it beat, and by how much.

    >>> Tradeoff("MP3 at 32 kbps", "WAV at 128 kbps", "-75% storage").impact
    '-75% storage'
    """

    option: str
    alternative: str = ""
    impact: str = ""
    decision: str = ""


@dataclass(frozen=True)
class FocusArea:
    """Layer 3: one area explored in depth, with trade-offs and risks.

    >>> FocusArea("Trunk sizing").tradeoffs
    ()
    """

    area: str
    tradeoffs: tuple[Tradeoff, ...] = ()
    risks: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrapUp:
    """The close of an answer (optional): a summary, the MVP cut, later phases and next steps.

    >>> WrapUp(summary="Pace calls to the limit.").mvp
    ()
    """

    summary: str = ""
    mvp: tuple[str, ...] = ()
    later: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A whole answer: the three layers, parsed and frozen, and an optional wrap-up.

    >>> Answer(ProblemDefinition(), HighLevelDesign(), ()).deep_dive
    ()
    """

    problem_definition: ProblemDefinition
    high_level_design: HighLevelDesign
    deep_dive: tuple[FocusArea, ...]
    wrap_up: WrapUp = WrapUp()


# ---------------------------------------------------------------------------
# Parsing helpers. Each takes the value and its path, and raises AnswerError.


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def _mapping(value: Any, path: str, example: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise AnswerError(path, f"expected a dict such as {example}; got {_type_name(value)} {_short(value)}")
    return value


def _check_keys(
    data: Mapping, path: str, required: Sequence[str], optional: Sequence[str], what: str
) -> None:
    allowed = list(required) + list(optional)
    for key in data:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise AnswerError(
                _key_path(path, str(key)),
                f"unknown key in {what}; {hint}allowed keys: {', '.join(allowed)}",
            )
    for key in required:
        if key not in data:
            names = [repr(k) for k in required]
            needs = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            raise AnswerError(_key_path(path, key), f"missing; {what} needs {needs}")


def _sequence(value: Any, path: str, example: str) -> Sequence:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise AnswerError(path, f"expected a list such as {example}; got {_type_name(value)} {_short(value)}")
    return value


def _text(value: Any, path: str, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise AnswerError(path, f"expected text (a str); got {_type_name(value)} {_short(value)}")
    text = " ".join(value.split())
    if required and not text:
        raise AnswerError(path, "is empty; give it a short name")
    return text


def _texts(value: Any, path: str, example: str) -> tuple[str, ...]:
    items = _sequence(value, path, example)
    return tuple(_text(item, f"{path}[{i}]") for i, item in enumerate(items))


def _number(value: Any, path: str) -> float:
    if value is None:
        raise AnswerError(path, "has no value; give the number itself, e.g. 'value': 10000")
    if isinstance(value, bool):
        raise AnswerError(path, f"{value!r} is a bool, not a number; give the number itself, e.g. 10000")
    if isinstance(value, str):
        raise AnswerError(
            path,
            f"{value!r} is text; give the number itself, e.g. 10000 rather than '10k', and put the unit in 'unit'",
        )
    if not isinstance(value, (int, float)):
        raise AnswerError(path, f"expected a number (int or float); got {_type_name(value)} {_short(value)}")
    if not math.isfinite(value):
        raise AnswerError(path, f"{value!r} is not a finite number; give a real estimate")
    return value


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# ---------------------------------------------------------------------------
# One parser per dataclass.


def _parse_metric(data: Any, path: str) -> Metric:
    data = _mapping(data, path, "{'name': 'concurrent calls', 'value': 10000, 'unit': 'calls'}")
    _check_keys(data, path, ("name", "value"), ("unit", "target"), "a metric")
    return Metric(
        name=_text(data["name"], _key_path(path, "name"), required=True),
        value=_number(data["value"], _key_path(path, "value")),
        unit=_text(data.get("unit", ""), _key_path(path, "unit")),
        target=_text(data.get("target", ""), _key_path(path, "target")),
    )


def _parse_problem(data: Any, path: str) -> ProblemDefinition:
    data = _mapping(data, path, "{'user_story': ..., 'clarifying_questions': [...], 'metrics': [...]}")
    _check_keys(data, path, (), ("user_story", "business_goal", "clarifying_questions", "assumptions", "metrics"),
                "problem_definition")
    metrics_path = _key_path(path, "metrics")
    metrics = _sequence(data.get("metrics", []), metrics_path, "[{'name': ..., 'value': ..., 'unit': ...}]")
    return ProblemDefinition(
        user_story=_text(data.get("user_story", ""), _key_path(path, "user_story")),
        clarifying_questions=_texts(
            data.get("clarifying_questions", []), _key_path(path, "clarifying_questions"), "['Who calls?', ...]"
        ),
        assumptions=_texts(data.get("assumptions", []), _key_path(path, "assumptions"), "['Peak is ...', ...]"),
        metrics=tuple(_parse_metric(m, f"{metrics_path}[{i}]") for i, m in enumerate(metrics)),
        business_goal=_text(data.get("business_goal", ""), _key_path(path, "business_goal")),
    )


def _parse_component(data: Any, path: str) -> Component:
    data = _mapping(data, path, "{'name': 'Call router', 'tell': ..., 'explain': ..., 'decide': ...}")
    _check_keys(data, path, ("name",), ("tell", "explain", "decide"), "a component")
    return Component(
        name=_text(data["name"], _key_path(path, "name"), required=True),
        tell=_text(data.get("tell", ""), _key_path(path, "tell")),
        explain=_text(data.get("explain", ""), _key_path(path, "explain")),
        decide=_text(data.get("decide", ""), _key_path(path, "decide")),
    )


def _declared_list(names: dict[str, str]) -> str:
    return ", ".join(names.values()) or "(nothing yet)"


def _parse_flow(data: Any, path: str, declared: dict[str, str]) -> Flow:
    example = "['Caller', 'Call router', 'SIP INVITE']"
    if isinstance(data, (str, bytes)) or not isinstance(data, (list, tuple)) or not 2 <= len(data) <= 3:
        raise AnswerError(
            path, f"a flow is [source, target] or [source, target, label], e.g. {example}; got {_short(data)}"
        )
    ends = []
    for i, end in enumerate(data[:2]):
        end_path = f"{path}[{i}]"
        name = _text(end, end_path, required=True)
        key = _name_key(name)
        if key not in declared:
            near = difflib.get_close_matches(key, list(declared), n=1)
            hint = f" Did you mean {declared[near[0]]!r}?" if near else ""
            raise AnswerError(
                end_path,
                f"{name!r} is not a declared component or actor; declared: {_declared_list(declared)}.{hint} "
                "Add it to 'components' (or to 'actors' if it is outside the system), or fix the spelling.",
            )
        ends.append(declared[key])
    if ends[0] == ends[1]:
        raise AnswerError(path, f"the flow starts and ends at {ends[0]!r}; a flow joins two different nodes")
    label = _text(data[2], f"{path}[2]") if len(data) == 3 else ""
    return Flow(ends[0], ends[1], label)


def _parse_design(data: Any, path: str) -> HighLevelDesign:
    data = _mapping(data, path, "{'components': [...], 'flows': [...], 'actors': [...]}")
    _check_keys(data, path, (), ("components", "flows", "actors"), "high_level_design")
    actors_path = _key_path(path, "actors")
    comps_path = _key_path(path, "components")
    flows_path = _key_path(path, "flows")
    actors = _texts(data.get("actors", []), actors_path, "['Caller', 'Carrier']")
    raw_components = _sequence(data.get("components", []), comps_path, "[{'name': 'Call router', ...}]")
    components = tuple(_parse_component(c, f"{comps_path}[{i}]") for i, c in enumerate(raw_components))

    declared: dict[str, str] = {}
    where: dict[str, str] = {}
    named = [(f"{actors_path}[{i}]", a) for i, a in enumerate(actors)]
    named += [(f"{comps_path}[{i}].name", c.name) for i, c in enumerate(components)]
    for item_path, name in named:
        key = _name_key(name)
        if not key:
            raise AnswerError(item_path, "is empty; give it a short name")
        if key in declared:
            raise AnswerError(item_path, f"{name!r} is declared twice (also at {where[key]}); use each name once")
        declared[key] = name
        where[key] = item_path

    raw_flows = _sequence(data.get("flows", []), flows_path, "[['Caller', 'Call router', 'SIP INVITE'], ...]")
    flows = tuple(_parse_flow(f, f"{flows_path}[{i}]", declared) for i, f in enumerate(raw_flows))
    return HighLevelDesign(components=components, flows=flows, actors=actors)


def _parse_tradeoff(data: Any, path: str) -> Tradeoff:
    data = _mapping(data, path, "{'option': ..., 'alternative': ..., 'impact': '... (+3%)', 'decision': ...}")
    _check_keys(data, path, ("option",), ("alternative", "impact", "decision"), "a trade-off")
    return Tradeoff(
        option=_text(data["option"], _key_path(path, "option"), required=True),
        alternative=_text(data.get("alternative", ""), _key_path(path, "alternative")),
        impact=_text(data.get("impact", ""), _key_path(path, "impact")),
        decision=_text(data.get("decision", ""), _key_path(path, "decision")),
    )


def _parse_focus(data: Any, path: str) -> FocusArea:
    data = _mapping(data, path, "{'area': 'Trunk sizing', 'tradeoffs': [...], 'risks': [...]}")
    _check_keys(data, path, ("area",), ("tradeoffs", "risks"), "a focus area")
    trade_path = _key_path(path, "tradeoffs")
    raw = _sequence(data.get("tradeoffs", []), trade_path, "[{'option': ..., 'impact': ...}]")
    return FocusArea(
        area=_text(data["area"], _key_path(path, "area"), required=True),
        tradeoffs=tuple(_parse_tradeoff(t, f"{trade_path}[{i}]") for i, t in enumerate(raw)),
        risks=_texts(data.get("risks", []), _key_path(path, "risks"), "['A carrier outage ...']"),
    )


def _parse_wrap_up(data: Any, path: str) -> WrapUp:
    data = _mapping(data, path, "{'summary': ..., 'mvp': [...], 'later': [...], 'next_steps': [...]}")
    _check_keys(data, path, (), ("summary", "mvp", "later", "next_steps"), "wrap_up")
    return WrapUp(
        summary=_text(data.get("summary", ""), _key_path(path, "summary")),
        mvp=_texts(data.get("mvp", []), _key_path(path, "mvp"), "['Reminder calls with a confirm key']"),
        later=_texts(data.get("later", []), _key_path(path, "later"), "['Text fallback']"),
        next_steps=_texts(data.get("next_steps", []), _key_path(path, "next_steps"), "['Load-test the pacer']"),
    )


def _check_flows(design: HighLevelDesign) -> None:
    """For an Answer built by hand: every flow end must be a declared node."""
    declared = {_name_key(n): n for n in design.node_names}
    for i, flow in enumerate(design.flows):
        for j, end in enumerate((flow.source, flow.target)):
            if end not in design.node_names:
                raise AnswerError(
                    f"high_level_design.flows[{i}][{j}]",
                    f"{end!r} is not a declared component or actor; declared: {_declared_list(declared)}",
                )


def parse_answer(data: Any) -> Answer:
    """Check a learner's answer dict and return it as a frozen :class:`Answer`.

    Raises :class:`AnswerError` (a ``ValueError``) naming the first bad field,
    so a notebook shows the learner which line to fix. An :class:`Answer` passed
    in is returned unchanged once its flows are checked against its declared
    nodes. The module docstring lists the rules.

    >>> try:
    ...     parse_answer({"problem_definition": {}, "high_level_design": {}})
    ... except AnswerError as err:
    ...     print(err)
    deep_dive: this layer is missing; an answer has three layers: problem_definition, high_level_design, deep_dive
    >>> bad = {"problem_definition": {"metrics": [{"name": "calls", "value": "10k"}]},
    ...        "high_level_design": {}, "deep_dive": []}
    >>> try:
    ...     parse_answer(bad)
    ... except AnswerError as err:
    ...     print(err.path)
    problem_definition.metrics[0].value
    """
    if isinstance(data, Answer):
        _check_flows(data.high_level_design)
        return data
    if isinstance(data, str):
        from curriculum.design.markdown import parse_markdown

        return parse_markdown(data)
    data = _mapping(data, "answer", "{'problem_definition': ..., 'high_level_design': ..., 'deep_dive': [...]}")
    for key in data:
        if key not in LAYERS and key != "wrap_up":
            near = difflib.get_close_matches(str(key), (*LAYERS, "wrap_up"), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise AnswerError(str(key), f"unknown layer; {hint}an answer has three layers: {', '.join(LAYERS)}, "
                                        "and may end with an optional 'wrap_up'")
    for key in LAYERS:
        if key not in data:
            raise AnswerError(key, f"this layer is missing; an answer has three layers: {', '.join(LAYERS)}")
    deep = _sequence(data["deep_dive"], "deep_dive", "[{'area': 'Trunk sizing', 'tradeoffs': [...]}]")
    return Answer(
        problem_definition=_parse_problem(data["problem_definition"], "problem_definition"),
        high_level_design=_parse_design(data["high_level_design"], "high_level_design"),
        deep_dive=tuple(_parse_focus(f, f"deep_dive[{i}]") for i, f in enumerate(deep)),
        wrap_up=_parse_wrap_up(data.get("wrap_up", {}), "wrap_up"),
    )
