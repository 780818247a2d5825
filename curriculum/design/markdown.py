"""Answers written as Markdown, the way you would write them in an interview doc.

A learner fills in :data:`TEMPLATE`: a heading per layer, bullets for
questions, assumptions and metrics, ``Tell:/Explain:/Decide:`` under each
component, ``A -> B: what flows`` lines, and trade-off bullets.
:func:`parse_markdown` turns it into the same frozen
:class:`~curriculum.design.model.Answer` the dict form gives (the dict form
stays, for authors and tests), and :func:`to_markdown` writes an answer back
as Markdown.

Rules:

* ``# Problem definition``, ``# High-level design`` and ``# Deep dive`` are
  required (``# Wrap-up`` is optional); headings match ignoring case.
* Under the problem definition: ``User story:`` and ``Business goal:`` lines,
  and ``## Clarifying questions``, ``## Assumptions`` and ``## Metrics`` with one
  ``-`` bullet each. A metric is ``- name: number unit (target)``, such as
  ``- patients called per day: 150,000 patients (weekdays)``; the number is
  written in digits (``150,000``, ``13.9``, ``$3,104``).
* Under the high-level design: ``## Actors`` (bullets), ``## Components`` with a
  ``### Name`` heading per component followed by ``Tell:``, ``Explain:`` and
  ``Decide:`` lines, and ``## Flows`` with ``- Source -> Target: what flows``.
* Under the deep dive: a ``## Area`` heading per focus area, then
  ``- Option: ...`` bullets, each with indented ``- Instead of:``,
  ``- Impact:`` and ``- Decision:`` bullets, and ``- Risk: ...`` bullets.
* Under the wrap-up: ``Summary:`` and ``## MVP``, ``## Later``,
  ``## Next steps`` bullets.
* Text in angle brackets, such as ``<your question?>``, is a placeholder and is
  ignored, so the untouched template is an empty answer. Blank lines and
  ``<!-- comments -->`` are ignored too.

A malformed line raises :class:`~curriculum.design.model.AnswerError` whose
path is ``line N`` and whose message quotes the line and says how to fix it.

>>> answer = parse_markdown('''
... # Problem definition
... User story: As a clinic scheduler I want reminders sent so that fewer visits are missed.
... ## Metrics
... - outbound calls per second: 13.9 calls/s (over 3 h)
... # High-level design
... ## Actors
... - Patient
... ## Components
... ### Reminder scheduler
... Tell: Queues one call job per patient.
... ## Flows
... - Reminder scheduler -> Patient: outbound call
... # Deep dive
... ''')
>>> answer.problem_definition.metrics[0]
Metric(name='outbound calls per second', value=13.9, unit='calls/s', target='over 3 h')
>>> answer.high_level_design.flows[0].label
'outbound call'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from curriculum.design.model import Answer, AnswerError, parse_answer

__all__ = ["TEMPLATE", "parse_markdown", "to_markdown"]

#: The blank answer a learner starts from; parsed as is, it is an empty answer that scores 0.
TEMPLATE = """\
# Problem definition

User story: <As a ..., I want ..., so that ...>
Business goal: <what the customer's business gains, and how you will know>

## Clarifying questions
- <a question whose answer changes the design?>
- <another question?>
- <another question?>

## Assumptions
- <an assumption, with its number>

## Metrics
<!-- one bullet each: "- name: number unit (target)", e.g. "- patients called per day: 150,000 patients (weekdays)" -->
- <metric name>: <number> <unit> (<target>)

# High-level design

## Actors
- <a person or system outside your design>

## Components

### <Component name>
Tell: <what it is>
Explain: <why this problem needs it>
Decide: <what you chose, rather than which alternative, and why>

## Flows
- <Source> -> <Target>: <what flows>

# Deep dive

## <Focus area>
- Option: <what you chose>
  - Instead of: <the alternative>
  - Impact: <the difference, with numbers and units>
  - Decision: <what you decide and why>
- Risk: <what could go wrong>; mitigation: <what you do about it>

# Wrap-up

Summary: <the design in two sentences>

## MVP
- <what ships first>

## Later
- <what comes in later phases>

## Next steps
- <what you would do next>
"""

_LAYER_HEADINGS = (
    ("problem_definition", re.compile(r"^(layer\s*1\W*)?problem(\s+definition)?$")),
    ("high_level_design", re.compile(r"^(layer\s*2\W*)?high[\s-]*level(\s+design)?$")),
    ("deep_dive", re.compile(r"^(layer\s*3\W*)?deep[\s-]*dive$")),
    ("wrap_up", re.compile(r"^wrap[\s-]*up$")),
)
_SECTIONS = {
    "problem_definition": {"clarifying questions": "clarifying_questions", "questions": "clarifying_questions",
                           "assumptions": "assumptions", "metrics": "metrics"},
    "high_level_design": {"actors": "actors", "components": "components", "flows": "flows"},
    "wrap_up": {"mvp": "mvp", "later": "later", "later phases": "later", "next steps": "next_steps"},
}
_FIELD_LINES = {
    "problem_definition": {"user story": "user_story", "business goal": "business_goal"},
    "wrap_up": {"summary": "summary"},
}
_PLACEHOLDER = re.compile(r"<(?!!--)[^<>]*>")
_COMMENT = re.compile(r"<!--.*?-->")
_NUMBER = re.compile(r"^(?P<sign>[-+])?(?P<cur>[$€£])?(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)")
_METRIC_EXAMPLE = "'- patients called per day: 150,000 patients (weekdays)'"
_FLOW_EXAMPLE = "'- Reminder scheduler -> Call placer: paced call jobs'"
_ARROW = re.compile(r"\s*(?:->|→|=>)\s*")
_TRADEOFF_KEYS = {"option": "option", "instead of": "alternative", "alternative": "alternative",
                  "rather than": "alternative", "impact": "impact", "decision": "decision"}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}


def _clean(text: str) -> str:
    """Drop comments and placeholders; collapse spaces."""
    return " ".join(_PLACEHOLDER.sub("", _COMMENT.sub("", text)).split())


def _fail(number: int, line: str, problem: str) -> AnswerError:
    quoted = line.strip()
    if len(quoted) > 70:
        quoted = quoted[:67] + "..."
    return AnswerError(f"line {number}", f"{quoted!r}: {problem}")


def _key_value(text: str) -> tuple[str, str] | None:
    m = re.match(r"^\*{0,2}([A-Za-z][A-Za-z -]{1,20}?)\*{0,2}\s*:\s*(.*)$", text)
    return (m.group(1).strip().casefold(), m.group(2).strip()) if m else None


def _parse_metric(text: str, number: int, raw: str) -> dict | None:
    if ":" not in text:
        raise _fail(number, raw, f"a metric is '- name: number unit (target)', for example {_METRIC_EXAMPLE}")
    cuts = [i for i, ch in enumerate(text) if ch == ":"]
    cut = next((i for i in cuts if _NUMBER.match(text[i + 1:].strip())), cuts[0])
    name, rest = text[:cut].strip(), text[cut + 1:].strip()
    if not name and not rest:
        return None
    target = ""
    if rest.endswith(")"):
        depth = 0
        for i in range(len(rest) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(rest[i], 0)
            if depth == 0:
                target, rest = rest[i + 1:-1].strip(), rest[:i].strip()
                break
    num = _NUMBER.match(rest)
    if not name:
        raise _fail(number, raw, f"the metric has no name before the colon; write it as {_METRIC_EXAMPLE}")
    if not num:
        raise _fail(number, raw, "has no number after the colon: write the number in digits (such as 150,000 "
                                 f"or 13.9), not in words or 'TBD', then the unit, as in {_METRIC_EXAMPLE}")
    digits = num.group("num").replace(",", "")
    value: float = float(digits) if "." in digits else int(digits)
    if num.group("sign") == "-":
        value = -value
    unit = rest[num.end():].strip()
    if num.group("cur"):
        unit = (_CURRENCY[num.group("cur")] + " " + unit).strip()
    return {"name": name, "value": value, "unit": unit, "target": target}


def _parse_flow(text: str, number: int, raw: str) -> list | None:
    parts = _ARROW.split(text, maxsplit=1)
    if len(parts) != 2:
        raise _fail(number, raw, f"a flow is '- Source -> Target: what flows', for example {_FLOW_EXAMPLE}")
    source, rest = parts[0].strip(), parts[1]
    target, _, label = rest.partition(":")
    target, label = target.strip(), label.strip()
    if not source and not target:
        return None
    if not source or not target:
        raise _fail(number, raw, "a flow needs a name on both sides of '->', as declared under Actors or "
                                 f"Components, for example {_FLOW_EXAMPLE}")
    return [source, target, label]


class _Builder:
    """Collects the dict form of the answer, and the line each entry came from."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {
            "problem_definition": {"user_story": "", "business_goal": "", "clarifying_questions": [],
                                   "assumptions": [], "metrics": []},
            "high_level_design": {"actors": [], "components": [], "flows": []},
            "deep_dive": [],
            "wrap_up": {"summary": "", "mvp": [], "later": [], "next_steps": []},
        }
        self.lines: dict[str, tuple[int, str]] = {}
        self.seen: set[str] = set()

    def note(self, path: str, number: int, raw: str) -> None:
        self.lines[path] = (number, raw)


def _line_for(path: str, lines: Mapping[str, tuple[int, str]]) -> tuple[int, str] | None:
    """The line an error path points at: the longest recorded prefix of it."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def parse_markdown(text: str) -> Answer:
    """Parse a Markdown answer (see the module docstring) into an :class:`Answer`.

    Raises :class:`AnswerError` with path ``line N`` and a message that quotes
    the line and says how to fix it.

    >>> parse_markdown(TEMPLATE).high_level_design.components
    ()
    >>> try:
    ...     parse_markdown("# Problem definition\\n## Metrics\\n- calls per second: TBD\\n# High-level design\\n# Deep dive")
    ... except AnswerError as err:
    ...     print(err.path)
    line 3
    """
    if not isinstance(text, str):
        raise AnswerError("answer", f"expected Markdown text (a str); got {type(text).__name__}")
    b = _Builder()
    layer = section = None
    component: dict | None = None
    area: dict | None = None
    tradeoff: dict | None = None
    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if "<!--" in line and "-->" not in line:
            in_comment = True
            line = line.split("<!--")[0]
        stripped = line.strip()
        if not _clean(stripped) and not stripped.startswith("#"):
            continue
        heading = re.match(r"^(#{1,4})\s*(.*?)\s*#*$", stripped)
        if heading:
            level, title = len(heading.group(1)), _clean(heading.group(2))
            title_key = title.casefold().rstrip(":")
            if level == 1:
                found = next((key for key, rx in _LAYER_HEADINGS if rx.match(title_key)), None)
                if found is None:
                    raise _fail(number, raw, "is not a layer heading; use '# Problem definition', "
                                             "'# High-level design', '# Deep dive' or '# Wrap-up'")
                if found in b.seen:
                    raise _fail(number, raw, "this layer appears twice; keep one heading per layer")
                b.seen.add(found)
                layer, section, component, area, tradeoff = found, None, None, None, None
                b.note(found, number, raw)
                continue
            if layer is None:
                raise _fail(number, raw, "comes before any layer; start with '# Problem definition'")
            if layer == "deep_dive" and level == 2:
                tradeoff = None
                if not title:
                    area = {"area": "", "tradeoffs": [], "risks": [], "placeholder": True}  # not kept unless filled
                    continue
                area = {"area": title, "tradeoffs": [], "risks": []}
                b.data["deep_dive"].append(area)
                b.note(f"deep_dive[{len(b.data['deep_dive']) - 1}]", number, raw)
                continue
            if layer == "high_level_design" and level == 3 and section == "components":
                if not title:
                    component = {"name": "", "tell": "", "explain": "", "decide": ""}  # a placeholder: not kept
                    continue
                comps = b.data["high_level_design"]["components"]
                component = {"name": title, "tell": "", "explain": "", "decide": ""}
                comps.append(component)
                b.note(f"high_level_design.components[{len(comps) - 1}]", number, raw)
                continue
            if level == 2 and layer in _SECTIONS and title_key in _SECTIONS[layer]:
                section, component = _SECTIONS[layer][title_key], None
                continue
            allowed = ", ".join(f"'## {s.capitalize()}'" for s in _SECTIONS.get(layer, {}))
            hint = (f"under this layer use {allowed}" if allowed and level == 2 else
                    "a component is a '### Name' heading under '## Components'" if level == 3 else
                    "a focus area is a '## Area' heading under '# Deep dive'")
            raise _fail(number, raw, f"is not a heading this answer uses; {hint}")
        if layer is None:
            raise _fail(number, raw, "comes before any layer; start with '# Problem definition'")
        bullet = re.match(r"^(\s*)[-*+]\s+(.*)$", line)
        body = _clean(bullet.group(2) if bullet else stripped)
        kv = _key_value(body)
        if not bullet and kv and kv[0] in _FIELD_LINES.get(layer, {}):
            key = _FIELD_LINES[layer][kv[0]]
            b.data[layer][key] = (b.data[layer][key] + " " + kv[1]).strip()
            b.note(f"{layer}.{key}", number, raw)
            continue
        if layer == "high_level_design" and component is not None and not bullet:
            if kv and kv[0] in ("tell", "explain", "decide"):
                component[kv[0]] = (component[kv[0]] + " " + kv[1]).strip()
                continue
            raise _fail(number, raw, "under a component, write 'Tell: ...', 'Explain: ...' and 'Decide: ...' "
                                     "lines, each on its own line")
        if layer == "deep_dive":
            if area is None:
                raise _fail(number, raw, "comes before any focus area; add a '## Area' heading first, such as "
                                         "'## Pacing against the calls-per-second limit'")
            if not bullet or not kv:
                raise _fail(number, raw, "in a focus area, write bullets '- Option: ...' (with indented "
                                         "'- Instead of:', '- Impact:', '- Decision:') or '- Risk: ...'")
            key, value = kv
            if area.get("placeholder") and re.search(r"[A-Za-z0-9]", re.sub(r"(?i)\bmitigation\s*:", "", value)):
                raise _fail(number, raw, "sits under a focus area that has no name yet ('## <Focus area>'): "
                                         "replace that heading's placeholder with the area's name, such as "
                                         "'## Pacing against the calls-per-second limit', or your trade-offs "
                                         "there are not counted")
            if key == "risk":
                if re.sub(r"(?i)\bmitigation\s*:", "", value).strip(" ;:.-"):  # not the template's bare label
                    area["risks"].append(value)
                tradeoff = None
                continue
            if key == "option":
                tradeoff = {"option": value, "alternative": "", "impact": "", "decision": ""}
                if not value:
                    continue  # a placeholder option: its sub-bullets are read and dropped
                area["tradeoffs"].append(tradeoff)
                b.note(f"deep_dive[{len(b.data['deep_dive']) - 1}].tradeoffs[{len(area['tradeoffs']) - 1}]",
                       number, raw)
                continue
            if key in _TRADEOFF_KEYS:
                if tradeoff is None:
                    raise _fail(number, raw, "belongs under an '- Option: ...' bullet; add the option first")
                field = _TRADEOFF_KEYS[key]
                tradeoff[field] = (tradeoff[field] + " " + value).strip()
                continue
            raise _fail(number, raw, f"{key!r} is not a trade-off field; use Option, Instead of, Impact, "
                                     "Decision or Risk")
        if section is None:
            where = {"problem_definition": "'User story:', 'Business goal:' or a '## Clarifying questions', "
                                           "'## Assumptions' or '## Metrics' list",
                     "high_level_design": "a '## Actors', '## Components' or '## Flows' section",
                     "wrap_up": "'Summary:' or a '## MVP', '## Later' or '## Next steps' list"}[layer]
            raise _fail(number, raw, f"is not inside a section; put it under {where}")
        if section == "components":
            raise _fail(number, raw, "under '## Components', start each component with a '### Name' heading, "
                                     "then its Tell, Explain and Decide lines")
        if not bullet:
            raise _fail(number, raw, "write each item as a bullet starting with '- '")
        if not re.search(r"[A-Za-z0-9]", body):
            continue  # an untouched placeholder
        if section == "metrics":
            metric = _parse_metric(body, number, raw)
            if metric:
                b.data["problem_definition"]["metrics"].append(metric)
                b.note(f"problem_definition.metrics[{len(b.data['problem_definition']['metrics']) - 1}]",
                       number, raw)
            continue
        if section == "flows":
            flow = _parse_flow(body, number, raw)
            if flow:
                flows = b.data["high_level_design"]["flows"]
                flows.append(flow)
                b.note(f"high_level_design.flows[{len(flows) - 1}]", number, raw)
            continue
        target = b.data["high_level_design"] if section == "actors" else b.data[layer]
        target[section].append(body)
        b.note(f"{'high_level_design' if section == 'actors' else layer}.{section}[{len(target[section]) - 1}]",
               number, raw)
    for key in ("problem_definition", "high_level_design", "deep_dive"):
        if key not in b.seen:
            heading = {"problem_definition": "# Problem definition", "high_level_design": "# High-level design",
                       "deep_dive": "# Deep dive"}[key]
            raise AnswerError(key, f"the heading '{heading}' is missing; an answer has three layers, each under "
                                   "its own '# ' heading (copy them from the template)")
    try:
        return parse_answer(b.data)
    except AnswerError as err:
        where = _line_for(err.path, b.lines)
        if where is None:
            raise
        raise _fail(where[0], where[1], err.problem) from None


def _bullets(items) -> list[str]:
    return [f"- {item}" for item in items]


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 1000:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _metric_line(m) -> str:
    unit = m.unit
    value = _number(m.value)
    if unit.upper().startswith("USD"):
        value, unit = "$" + value, unit[3:].strip()
    text = f"- {m.name}: {value}" + (f" {unit}" if unit else "")
    return text + (f" ({m.target})" if m.target else "")


def to_markdown(answer: Any) -> str:
    """Write an answer (dict, Markdown or :class:`Answer`) as Markdown that :func:`parse_markdown` reads back.

    >>> from curriculum.design.examples import strong_voice_answer
    >>> md = to_markdown(strong_voice_answer())
    >>> parse_markdown(md) == parse_answer(strong_voice_answer())
    True
    """
    a = parse_answer(answer)
    pd, hld, wrap = a.problem_definition, a.high_level_design, a.wrap_up
    out = ["# Problem definition", ""]
    if pd.user_story:
        out.append(f"User story: {pd.user_story}")
    if pd.business_goal:
        out.append(f"Business goal: {pd.business_goal}")
    if pd.user_story or pd.business_goal:
        out.append("")
    out += ["## Clarifying questions", *_bullets(pd.clarifying_questions), "",
            "## Assumptions", *_bullets(pd.assumptions), "", "## Metrics", *[_metric_line(m) for m in pd.metrics],
            "", "# High-level design", "", "## Actors", *_bullets(hld.actors), "", "## Components", ""]
    for c in hld.components:
        out.append(f"### {c.name}")
        out += [f"{label}: {text}" for label, text in (("Tell", c.tell), ("Explain", c.explain),
                                                       ("Decide", c.decide)) if text]
        out.append("")
    out += ["## Flows", *[f"- {f.source} -> {f.target}" + (f": {f.label}" if f.label else "") for f in hld.flows],
            "", "# Deep dive", ""]
    for fa in a.deep_dive:
        out.append(f"## {fa.area}")
        for t in fa.tradeoffs:
            out.append(f"- Option: {t.option}")
            out += [f"  - {label}: {text}" for label, text in (("Instead of", t.alternative), ("Impact", t.impact),
                                                               ("Decision", t.decision)) if text]
        out += [f"- Risk: {r}" for r in fa.risks]
        out.append("")
    if wrap.summary or wrap.mvp or wrap.later or wrap.next_steps:
        out += ["# Wrap-up", ""]
        if wrap.summary:
            out += [f"Summary: {wrap.summary}", ""]
        for title, items in (("MVP", wrap.mvp), ("Later", wrap.later), ("Next steps", wrap.next_steps)):
            if items:
                out += [f"## {title}", *_bullets(items), ""]
    return "\n".join(out).rstrip() + "\n"
