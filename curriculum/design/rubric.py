"""Grade a three-layer answer against the course rubric, with partial credit.

:func:`grade` parses the learner's dict (see :mod:`curriculum.design.model`)
and scores these items. Each gives a share of its points and one piece of
feedback per problem that says what is missing and how to fix it.

``clarify_first`` (2 points)
    Three distinct clarifying questions (three quarters of the points, one
    third of that per question) and at least one stated assumption of three
    words or more (one quarter). A question counts when it ends with "?", has at least three words
    and is not a near-copy of a question already counted.
``metrics_quantified`` (2)
    Half: the share of metrics with a real number and a unit. A quarter: some
    metric speaks to scale. A quarter: a *different* metric speaks to quality.
    Scale and quality are found by the keywords in :data:`SCALE_KEYWORDS` and
    :data:`QUALITY_KEYWORDS` in the metric's name, unit or target (a unit such as
    ``msg/s`` also counts as scale).
``one_page`` (1)
    Half: 3 to 8 components (2, 9 or 10 earn half of that). Half: the share of
    components that appear in at least one flow. The parser already ensures
    every flow joins declared components or actors.
``ted_complete`` (2)
    For each component, five checks averaged over components: ``tell``,
    ``explain`` and ``decide`` each have three words or more; the three say
    different things and none is copied from another component's same field;
    ``decide`` names the alternative, by one of :data:`ALTERNATIVE_PATTERNS`.
``context_fit`` (1)
    The guide's BAD/GOOD table. Half: a user story of three words or more is
    present, and neither it nor the first two clarifying questions name
    technology (:data:`TECH_TERMS`).
    Half: the design is not a reflex split into services: it is flagged when at
    least three components, and more than half of them, are named "service" (or
    "microservice", "svc") and more than half of those give no reason in
    ``explain`` tied to the problem (:data:`REASON_STEMS` or a number). To fix
    it, start from the user's problem, then merge parts that need not scale or
    fail on their own, or say why each must stand alone.
``depth`` (2)
    A quarter: one to three focus areas. Three quarters: each area's share of
    two trade-offs whose impact carries a number with a unit
    (:data:`NUMBER_WITH_UNIT`), averaged over areas.

With a :class:`~curriculum.design.prompts.Prompt`, up to three more items:
``prompt_metrics`` (1) and ``prompt_components`` (1), the share of required
keywords found in metric and component names, and ``prompt_numbers`` (2), the
share of numeric checks within tolerance. Points are configurable with
``grade(..., points={...})``; an item set to 0 is left out.

A malformed answer does not raise: it scores 0 with a single ``well_formed``
item whose feedback is the :class:`~curriculum.design.model.AnswerError`
message, so the notebook shows the learner which field to fix.

Reference: the course's interview guide (three layers, TED, "one-page diagram",
"contextual fit over one-size-fits-all", "depth in one area > shallow breadth").

>>> from curriculum.design.examples import strong_voice_answer
>>> result = grade(strong_voice_answer())
>>> result.score, result.max_score
(10.0, 10.0)
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from types import MappingProxyType
from typing import Any

from curriculum.design.model import Answer, AnswerError, Metric, parse_answer
from curriculum.design.prompts import Prompt

__all__ = [
    "ALTERNATIVE_PATTERNS",
    "BASE_ITEMS",
    "DEFAULT_POINTS",
    "GradeResult",
    "ITEM_TITLES",
    "ItemResult",
    "NUMBER_WITH_UNIT",
    "QUALITY_KEYWORDS",
    "REASON_STEMS",
    "SCALE_KEYWORDS",
    "TECH_TERMS",
    "grade",
]

# ---------------------------------------------------------------------------
# Documented word lists. Keywords match whole words, ignoring case, with an
# optional plural "s"/"es"; a space in a keyword matches spaces, "-", "_" or "/".

#: Words that make a metric speak to scale (how much, how many, how fast).
SCALE_KEYWORDS = (
    "concurrent", "concurrency", "throughput", "volume", "user", "subscriber", "call", "message",
    "sms", "request", "session", "participant", "connection", "erlang", "trunk", "segment",
    "event", "recording", "qps", "rps", "cps", "mps", "tps", "per second", "per minute",
    "per hour", "per day", "per month", "daily", "monthly", "peak", "busy hour", "load",
    "traffic", "storage", "bandwidth",
)

#: Words that make a metric speak to quality (how well, how reliably).
QUALITY_KEYWORDS = (
    "latency", "delay", "response time", "p50", "p90", "p95", "p99", "p999", "ms", "blocking",
    "blocked", "availability", "uptime", "downtime", "error", "error rate", "failure", "failed",
    "drop", "dropped", "dropout", "loss", "jitter", "mos", "delivery", "delivered",
    "delivery rate", "success rate", "timeout", "abandon", "abandoned", "abandonment", "slo",
    "sla", "answer rate", "nines",
)

#: Technology names that, in the user story or first questions, signal tech-first.
TECH_TERMS = (
    "kafka", "kubernetes", "k8s", "redis", "dynamodb", "cassandra", "postgres", "postgresql",
    "mysql", "mongodb", "microservice", "micro-service", "docker", "rabbitmq", "sqs", "sns",
    "kinesis", "elasticsearch", "grpc", "graphql", "aws", "gcp", "azure", "spark", "hadoop",
    "memcached", "nginx", "istio", "serverless", "s3", "ec2",
)

#: Word stems that tie a separate service's ``explain`` to the problem; a digit counts too.
REASON_STEMS = (
    "scal", "isolat", "team", "fail", "blast radius", "independen", "complian", "regulat",
    "secur", "privacy", "latency", "peak", "burst", "throughput", "availab", "outage", "owner",
    "deploy", "load", "tenant", "pci", "hipaa", "gdpr",
)

#: Regular expressions (matched ignoring case) by which ``decide`` names an alternative.
ALTERNATIVE_PATTERNS = (
    r"\binstead of\b", r"\brather than\b", r"\bover\b", r"\bvs\b", r"\bversus\b", r"\bnot\b",
    r"n't\b", r"\bin place of\b", r"\bcompared (?:with|to)\b", r"\bno need for\b",
)

_NUM = r"\d(?:[\d,]*\d)?(?:\.\d+)?"
_UNITS = (
    r"%|x|×|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?"
    r"|kbps|mbps|gbps|kbit/s|mbit/s|b|kb|mb|gb|tb|pb|bytes?|calls?|trunks?|erlangs?|cps|mps|qps"
    r"|rps|tps|req/s|requests?|messages?|msgs?|segments?|users?|servers?|nodes?|instances?"
    r"|replicas?|regions?|usd|dollars?|cents?|eur|percent|points?|per"
)
#: A number followed by a unit or % (or a currency sign before it): "9,970 trunks", "+3%", "$0.01".
NUMBER_WITH_UNIT = re.compile(
    rf"[$€£]\s?{_NUM}|{_NUM}\s?(?:k|m|bn|thousand|million|billion)?\s?(?:{_UNITS})(?![a-z])",
    re.IGNORECASE,
)

_PER_TIME_UNIT = re.compile(r"/\s*(?:s|sec|second|min|minute|h|hr|hour|day|month)\b", re.IGNORECASE)
_SERVICE_NAME = re.compile(r"(?<![a-z0-9])(?:micro-?)?services?(?![a-z0-9])|\bsvc\b|microservice", re.IGNORECASE)

#: The rubric's items, in report order, with the points each is worth by default.
DEFAULT_POINTS = MappingProxyType({
    "clarify_first": 2.0,
    "metrics_quantified": 2.0,
    "one_page": 1.0,
    "ted_complete": 2.0,
    "context_fit": 1.0,
    "depth": 2.0,
    "prompt_metrics": 1.0,
    "prompt_components": 1.0,
    "prompt_numbers": 2.0,
})

#: Items graded with or without a prompt.
BASE_ITEMS = ("clarify_first", "metrics_quantified", "one_page", "ted_complete", "context_fit", "depth")

#: Learner-facing title of each item.
ITEM_TITLES = MappingProxyType({
    "well_formed": "Well-formed answer",
    "clarify_first": "Clarify first",
    "metrics_quantified": "Quantified metrics",
    "one_page": "One-page diagram",
    "ted_complete": "TED for every component",
    "context_fit": "Context fit",
    "depth": "Depth over breadth",
    "prompt_metrics": "Metrics the prompt asks for",
    "prompt_components": "Components the prompt asks for",
    "prompt_numbers": "Numbers checked against the prompt",
})

MIN_WORDS = 3  # a question, assumption or TED field needs at least this many words


# ---------------------------------------------------------------------------
# Results


def _fmt(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class ItemResult:
    """The score and feedback for one rubric item.

    >>> ItemResult("depth", 1.5, 2.0, "Give 'Trunk sizing' a second trade-off.").full_marks
    False
    """

    item_id: str
    points: float
    max_points: float
    feedback: str

    @property
    def title(self) -> str:
        """Learner-facing name of the item."""
        return ITEM_TITLES.get(self.item_id, self.item_id)

    @property
    def full_marks(self) -> bool:
        """True when the item earned all its points."""
        return self.points >= self.max_points


@dataclass(frozen=True)
class GradeResult:
    """The outcome of :func:`grade`: total, maximum, and one result per item.

    ``str(result)`` (the same as :meth:`report`) is a plain-text report for a
    notebook cell; Jupyter shows :meth:`_repr_html_` as a table.

    >>> r = GradeResult(1.5, 2.0, (ItemResult("depth", 1.5, 2.0, "Add a number."),))
    >>> print(r)
    Design rubric: 1.5 / 2 points
    - Depth over breadth [depth]: 1.5 / 2
        Add a number.
    """

    score: float
    max_score: float
    items: tuple[ItemResult, ...]
    prompt_id: str | None = None

    @property
    def well_formed(self) -> bool:
        """False when the answer could not be parsed (the only item is ``well_formed``)."""
        return not (len(self.items) == 1 and self.items[0].item_id == "well_formed")

    def item(self, item_id: str) -> ItemResult:
        """The result for ``item_id``; ``KeyError`` lists the ids present."""
        for it in self.items:
            if it.item_id == item_id:
                return it
        raise KeyError(f"no rubric item {item_id!r}; items: {', '.join(i.item_id for i in self.items)}")

    def report(self, width: int = 80) -> str:
        """A readable report: the total, then each item's points and feedback."""
        head = f"Design rubric ({self.prompt_id})" if self.prompt_id else "Design rubric"
        lines = [f"{head}: {_fmt(self.score)} / {_fmt(self.max_score)} points"]
        for it in self.items:
            lines.append(f"- {it.title} [{it.item_id}]: {_fmt(it.points)} / {_fmt(it.max_points)}")
            lines += textwrap.wrap(it.feedback, width, initial_indent="    ", subsequent_indent="    ")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def _repr_html_(self) -> str:
        head = f"Design rubric ({self.prompt_id})" if self.prompt_id else "Design rubric"
        rows = "".join(
            f"<tr><td>{html.escape(it.title)}<br><code>{html.escape(it.item_id)}</code></td>"
            f"<td style='text-align:right'>{_fmt(it.points)} / {_fmt(it.max_points)}</td>"
            f"<td style='text-align:left'>{html.escape(it.feedback)}</td></tr>"
            for it in self.items
        )
        return (
            f"<p><b>{html.escape(head)}: {_fmt(self.score)} / {_fmt(self.max_score)} points</b></p>"
            f"<table><tr><th>Item</th><th>Points</th><th>Feedback</th></tr>{rows}</table>"
        )


# ---------------------------------------------------------------------------
# Text helpers


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _words(text: str) -> int:
    return len(_norm(text).split())


def _near_duplicate(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    return na == nb or SequenceMatcher(None, na, nb).ratio() >= 0.85


def _keyword_regex(keyword: str) -> str:
    body = r"[\s_/-]+".join(re.escape(part) for part in keyword.casefold().split())
    return rf"(?<![a-z0-9]){body}(?:s|es)?(?![a-z0-9])"


def _found(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords' matches in ``text``, as written there, in order, without repeats."""
    low = text.casefold()
    hits: list[tuple[int, str]] = []
    for kw in keywords:
        m = re.search(_keyword_regex(kw), low)
        if m:
            word = text[m.start():m.end()] if len(low) == len(text) else m.group()
            hits.append((m.start(), word))
    seen, out = set(), []
    for _, word in sorted(hits):
        if word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return out


def _has_stem(text: str, stems: Iterable[str]) -> bool:
    low = text.casefold()
    return any(re.search(rf"(?<![a-z0-9]){re.escape(s)}", low) for s in stems) or bool(re.search(r"\d", low))


def _names(names: list[str], limit: int = 3) -> str:
    shown = [repr(n) for n in names[:limit]]
    if len(names) > limit:
        return ", ".join(shown) + f" and {len(names) - limit} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _clip(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _real(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def _requirement(words: tuple[str, ...]) -> str:
    first = repr(words[0])
    return first if len(words) == 1 else f"{first} (or {', '.join(repr(w) for w in words[1:])})"


Check = tuple[float, str]


# ---------------------------------------------------------------------------
# The general items


def _clarify_first(answer: Answer, prompt: Prompt | None) -> Check:
    pd = answer.problem_definition
    counted: list[str] = []
    rejected: list[tuple[str, str]] = []
    for q in pd.clarifying_questions:
        if not q.endswith("?"):
            rejected.append((q, "does not end with '?'"))
        elif _words(q) < MIN_WORDS:
            rejected.append((q, f"has fewer than {MIN_WORDS} words"))
        elif any(_near_duplicate(q, c) for c in counted):
            rejected.append((q, "repeats an earlier question"))
        else:
            counted.append(q)
    n = min(len(counted), 3)
    has_assumption = any(_words(a) >= MIN_WORDS for a in pd.assumptions)
    issues = []
    if n < 3:
        need = 3 - n
        why = f" ({_clip(rejected[0][0])} {rejected[0][1]}, so it does not count)" if rejected else ""
        issues.append(
            f"Ask {need} more clarifying question{'s' if need > 1 else ''} before designing{why}, each a full "
            "question ending in '?', such as 'Who are the users, and how many use it at the busiest hour?'"
        )
    if not has_assumption:
        issues.append(
            "State at least one assumption of three words or more, such as 'Assume a mean call of 60 seconds.'"
        )
    fraction = 0.75 * n / 3 + (0.25 if has_assumption else 0.0)
    return fraction, " ".join(issues) or "Full marks: you asked three distinct questions and stated your assumptions."


def _metric_text(m: Metric) -> str:
    return f"{m.name} | {m.unit} | {m.target}"


def _is_scale(m: Metric) -> bool:
    return bool(_found(_metric_text(m), SCALE_KEYWORDS) or _PER_TIME_UNIT.search(m.unit))


def _is_quality(m: Metric) -> bool:
    return bool(_found(_metric_text(m), QUALITY_KEYWORDS))


def _metrics_quantified(answer: Answer, prompt: Prompt | None) -> Check:
    metrics = answer.problem_definition.metrics
    if not metrics:
        return 0.0, (
            "Add metrics to problem_definition, each with a number and a unit: at least one for scale, "
            "such as concurrent calls, and one for quality, such as p95 latency in ms."
        )
    no_number = [m.name for m in metrics if not _real(m.value)]
    no_unit = [m.name for m in metrics if _real(m.value) and not m.unit.strip()]
    good = len(metrics) - len(no_number) - len(no_unit)
    scale = {i for i, m in enumerate(metrics) if _is_scale(m)}
    quality = {i for i, m in enumerate(metrics) if _is_quality(m)}
    pair = any(i != j for i in scale for j in quality)
    scale_ok = bool(scale)
    quality_ok = pair or (bool(quality) and not scale)
    issues = []
    if no_number:
        issues.append(f"Give {_names(no_number)} a real number as 'value', such as 10000.")
    if no_unit:
        issues.append(f"Give {_names(no_unit)} a 'unit', such as 'calls', 'msg/s', 'ms' or '%'.")
    if not scale_ok:
        issues.append(
            "Add at least one metric about scale, such as concurrent calls, messages per second or daily users."
        )
    if not quality_ok:
        if quality:
            only = metrics[next(iter(quality))].name
            issues.append(
                f"Add a separate metric about quality, such as p95 latency in ms or blocking in %; "
                f"{only!r} already counts for scale."
            )
        else:
            issues.append("Add at least one metric about quality, such as p95 latency in ms or blocking in %.")
    fraction = 0.5 * good / len(metrics) + 0.25 * scale_ok + 0.25 * quality_ok
    return fraction, " ".join(issues) or "Full marks: every metric has a number and a unit, covering scale and quality."


def _one_page(answer: Answer, prompt: Prompt | None) -> Check:
    design = answer.high_level_design
    n = len(design.components)
    if n == 0:
        return 0.0, "Add 3 to 8 components to high_level_design, one per box on your one-page diagram."
    used = {f.source for f in design.flows} | {f.target for f in design.flows}
    orphans = [c.name for c in design.components if c.name not in used]
    size = 1.0 if 3 <= n <= 8 else 0.5 if n in (2, 9, 10) else 0.0
    issues = []
    if n < 3:
        issues.append(
            f"Add components until the diagram has at least 3 (you have {n}): "
            "the parts that take in, handle and keep the work."
        )
    elif n > 8:
        issues.append(
            f"Cut the diagram to at most 8 components (you have {n}): merge parts that scale and fail together, "
            "and keep the detail for the deep dive."
        )
    if not design.flows:
        issues.append(
            "Add flows as [source, target, label] so the diagram shows how a request moves between components."
        )
    elif orphans:
        issues.append(
            f"Connect {_names(orphans)} with a flow or remove {'it' if len(orphans) == 1 else 'them'}: "
            "every box on the diagram should carry part of a flow."
        )
    fraction = 0.5 * size + 0.5 * (n - len(orphans)) / n
    return fraction, " ".join(issues) or "Full marks: 3 to 8 components, every one joined by a flow."


_TED_FIELDS = ("tell", "explain", "decide")


def _names_alternative(decide: str) -> bool:
    return any(re.search(p, decide, re.IGNORECASE) for p in ALTERNATIVE_PATTERNS)


def _ted_complete(answer: Answer, prompt: Prompt | None) -> Check:
    comps = answer.high_level_design.components
    if not comps:
        return 0.0, "Add components, each with a 'tell', an 'explain' and a 'decide', so every box is argued with TED."
    copied: set[int] = set()
    for i, c in enumerate(comps):
        texts = [getattr(c, f) for f in _TED_FIELDS]
        if any(_near_duplicate(a, b) for k, a in enumerate(texts) for b in texts[k + 1:]):
            copied.add(i)
        for j in range(i + 1, len(comps)):
            if any(_near_duplicate(getattr(c, f), getattr(comps[j], f)) for f in _TED_FIELDS):
                copied.update((i, j))
    missing: dict[str, list[str]] = {f: [] for f in _TED_FIELDS}
    no_alternative: list[str] = []
    total = 0.0
    for i, c in enumerate(comps):
        present = {f: _words(getattr(c, f)) >= MIN_WORDS for f in _TED_FIELDS}
        for f in _TED_FIELDS:
            if not present[f]:
                missing[f].append(c.name)
        alternative = present["decide"] and _names_alternative(c.decide)
        if present["decide"] and not alternative:
            no_alternative.append(c.name)
        total += (sum(present.values()) + (i not in copied) + alternative) / 5
    issues = []
    if missing["tell"]:
        issues.append(f"Give {_names(missing['tell'])} a 'tell': what the component is, in three words or more.")
    if missing["explain"]:
        issues.append(
            f"Give {_names(missing['explain'])} an 'explain': why this problem needs it, in three words or more."
        )
    if missing["decide"]:
        issues.append(
            f"Give {_names(missing['decide'])} a 'decide': the choice you made and the alternative you turned down."
        )
    if copied:
        names = [comps[i].name for i in sorted(copied)]
        issues.append(
            f"Rewrite the copied text in {_names(names)}: tell, explain and decide should each say something new, "
            "and no two components should share a sentence."
        )
    if no_alternative:
        issues.append(
            f"Name the alternative in the 'decide' of {_names(no_alternative)}, with 'instead of', 'rather than' or "
            "'over', e.g. 'object storage instead of database blobs'."
        )
    return total / len(comps), " ".join(issues) or "Full marks: every component has its own tell, explain and decide."


def _context_fit(answer: Answer, prompt: Prompt | None) -> Check:
    pd = answer.problem_definition
    comps = answer.high_level_design.components
    story = pd.user_story
    tech = _found(story + " \n " + " \n ".join(pd.clarifying_questions[:2]), TECH_TERMS)
    story_missing = _words(story) < MIN_WORDS
    services = [c for c in comps if _SERVICE_NAME.search(c.name)]
    unreasoned = [c.name for c in services if not _has_stem(c.explain, REASON_STEMS)]
    reflex = len(services) >= 3 and 2 * len(services) > len(comps) and 2 * len(unreasoned) > len(services)
    issues = []
    if story_missing:
        issues.append(
            "Open with a user story, 'As a <user> I want <goal> so that <reason>', before naming any technology."
        )
    if tech:
        issues.append(
            f"Take {_names(tech)} out of the user story and first questions: state the user's problem first, "
            "and bring technology in only in the design, with a reason."
        )
    if reflex:
        issues.append(
            f"Most components are separate services with no stated reason ({_names(unreasoned)}): merge the ones "
            "that need not scale or fail on their own, or say in 'explain' why each must stand alone "
            "(scale, isolation, team ownership, failure domain)."
        )
    if not comps:
        issues.append("Add the components of your design, so its fit to the problem can be judged.")
    # The "no reflex split" half is earned by a design that exists: an empty answer earns nothing here.
    fraction = 0.5 * (not story_missing and not tech) + 0.5 * (bool(comps) and not reflex)
    return fraction, " ".join(issues) or (
        "Full marks: the answer starts from the user's problem, and no part is split off without a reason."
    )


def _depth(answer: Answer, prompt: Prompt | None) -> Check:
    areas = answer.deep_dive
    if not areas:
        return 0.0, (
            "Pick one to three areas from your diagram for the deep dive, and give each at least two trade-offs "
            "whose impact has a number, such as '+2% trunks' or '-40 ms at p95'."
        )
    thin: list[str] = []
    example = ""
    share = 0.0
    for fa in areas:
        quantified = [t for t in fa.tradeoffs if NUMBER_WITH_UNIT.search(t.impact)]
        share += min(len(quantified), 2) / 2
        if len(quantified) < 2:
            thin.append(fa.area)
            if not example:
                bare = next((t.impact for t in fa.tradeoffs if t not in quantified), None)
                if bare is not None:
                    example = f" ({_clip(bare) if bare else 'an empty impact'} has no number with a unit)"
    issues = []
    if len(areas) > 3:
        issues.append(
            f"Go deeper in fewer areas: keep the one to three that matter most (you have {len(areas)}) "
            "and drop the rest."
        )
    if thin:
        issues.append(
            f"Give {_names(thin)} at least two trade-offs whose impact carries a number and unit{example}, "
            "such as '+2% trunks' or '-40 ms at p95'."
        )
    fraction = 0.25 * (len(areas) <= 3) + 0.75 * share / len(areas)
    return fraction, " ".join(issues) or "Full marks: one to three focus areas, each with quantified trade-offs."


# ---------------------------------------------------------------------------
# Prompt items


def _prompt_metrics(answer: Answer, prompt: Prompt) -> Check:
    names = [m.name for m in answer.problem_definition.metrics]
    missing = [req for req in prompt.required_metrics if not any(_found(n, req) for n in names)]
    if not missing:
        return 1.0, "Full marks: your metrics cover what the prompt asks for."
    needed = "; ".join(_requirement(r) for r in missing)
    return 1 - len(missing) / len(prompt.required_metrics), (
        f"Add the metrics this prompt asks for, each with a number and unit, named so they mention: {needed}."
    )


def _prompt_components(answer: Answer, prompt: Prompt) -> Check:
    names = answer.high_level_design.component_names
    missing = [req for req in prompt.required_components if not any(_found(n, req) for n in names)]
    if not missing:
        return 1.0, "Full marks: your diagram has the components the prompt needs."
    needed = "; ".join(_requirement(r) for r in missing)
    return 1 - len(missing) / len(prompt.required_components), (
        f"Add the components this prompt needs, with TED and flows, named so they mention: {needed}."
    )


def _prompt_numbers(answer: Answer, prompt: Prompt) -> Check:
    metrics = answer.problem_definition.metrics
    issues = []
    passed = 0
    for check in prompt.numeric_checks:
        found = [m for m in metrics if _found(m.name, check.metric_keywords) and _real(m.value)]
        if any(check.accepts(m.value) for m in found):
            passed += 1
        elif not found:
            issues.append(
                f"Add a metric whose name mentions {_requirement(check.metric_keywords)} and whose value is "
                f"{check.description}, as a number."
            )
        else:
            m = found[0]
            side = "high" if m.value > check.expected else "low"
            tol = f"within {check.rtol * 100:g}%" if check.rtol > 0 else "exactly"
            issues.append(
                f"Recheck {m.name!r}: {_number(m.value)} is too {side} for {check.description}; "
                f"recompute it so it matches {tol}."
            )
    fraction = passed / len(prompt.numeric_checks)
    return fraction, " ".join(issues) or "Full marks: every number checked against the prompt is within tolerance."


_CHECKS: Mapping[str, Callable[[Answer, Any], Check]] = MappingProxyType({
    "clarify_first": _clarify_first,
    "metrics_quantified": _metrics_quantified,
    "one_page": _one_page,
    "ted_complete": _ted_complete,
    "context_fit": _context_fit,
    "depth": _depth,
    "prompt_metrics": _prompt_metrics,
    "prompt_components": _prompt_components,
    "prompt_numbers": _prompt_numbers,
})


def _item_ids(prompt: Prompt | None, points: Mapping[str, float]) -> list[str]:
    ids = list(BASE_ITEMS)
    if prompt is not None:
        ids += [
            item_id
            for item_id, present in (
                ("prompt_metrics", prompt.required_metrics),
                ("prompt_components", prompt.required_components),
                ("prompt_numbers", prompt.numeric_checks),
            )
            if present
        ]
    return [i for i in ids if points[i] > 0]


def _points(points: Mapping[str, float] | None) -> dict[str, float]:
    table = dict(DEFAULT_POINTS)
    for item_id, value in (points or {}).items():
        if item_id not in table:
            raise ValueError(f"points: unknown rubric item {item_id!r}; items: {', '.join(table)}")
        if not _real(value) or value < 0:
            raise ValueError(f"points[{item_id!r}] must be a finite number >= 0; got {value!r}")
        table[item_id] = float(value)
    return table


def grade(answer: Any, prompt: Prompt | None = None, *, points: Mapping[str, float] | None = None) -> GradeResult:
    """Score an answer (dict or :class:`~curriculum.design.model.Answer`) on the rubric.

    ``prompt`` adds the prompt-specific items; ``points`` overrides the points
    of any item in :data:`DEFAULT_POINTS` (0 leaves it out). A malformed answer
    scores 0 with one ``well_formed`` item carrying the parser's message.

    >>> from curriculum.design.examples import weak_voice_answer
    >>> result = grade(weak_voice_answer())
    >>> result.score < 3, result.item("one_page").full_marks
    (True, False)
    >>> bad = grade({"problem_definition": {}, "high_level_design": {}})
    >>> bad.score, bad.items[0].item_id, bad.items[0].feedback.split(":")[0]
    (0.0, 'well_formed', 'deep_dive')
    """
    if prompt is not None and not isinstance(prompt, Prompt):
        raise TypeError(f"prompt must be a Prompt or None; got {type(prompt).__name__}")
    table = _points(points)
    ids = _item_ids(prompt, table)
    max_score = round(sum(table[i] for i in ids), 2)
    prompt_id = prompt.prompt_id if prompt is not None else None
    try:
        parsed = parse_answer(answer)
    except AnswerError as err:
        return GradeResult(0.0, max_score, (ItemResult("well_formed", 0.0, max_score, str(err)),), prompt_id)
    items = []
    for item_id in ids:
        fraction, feedback = _CHECKS[item_id](parsed, prompt)
        fraction = min(max(fraction, 0.0), 1.0)
        items.append(ItemResult(item_id, round(table[item_id] * fraction, 2), table[item_id], feedback))
    score = round(sum(it.points for it in items), 2)
    return GradeResult(score, max_score, tuple(items), prompt_id)
