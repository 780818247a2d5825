"""Grade a three-layer answer on substance, with partial credit and feedback in the prompt's own words.

:func:`grade` parses the answer (a dict, a Markdown string or a parsed
:class:`~curriculum.design.model.Answer`) and scores the items below; with a
:class:`~curriculum.design.prompts.Prompt` (``grade_prompt("week3", answer)``
picks one of the course's six), every item also asks whether the answer speaks
the prompt's domain, and four prompt items join in. Each item gives a share of
its points and one piece of feedback per problem, saying what is missing and how
to look again; every example in that feedback comes from the prompt.

What counts, everywhere: a sentence counts as *prose* when it has at least four
words and reads as a sentence (a share of small words such as "the", "how",
"we"; a list of keywords does not). Text that copies the prompt, repeats an
earlier entry (near-duplicates included) or is off-topic (it names nothing from
the prompt's domain) is not counted.

``clarify_first`` (2 points)
    Clarifying questions that address the dimensions that change this design:
    scale and peak, whose system it is (Twilio's platform or a customer's app on
    Twilio), how success is measured, compliance and retention, scope and MVP.
    Half: three dimensions asked about, each counted once. A quarter: two
    assumptions on topic. A quarter: four dimensions covered by questions and
    assumptions together.
``metrics_quantified`` (2)
    Half: metrics with a number and a real unit (:data:`KNOWN_UNITS` or the
    prompt's own countable things, such as "codes" or "keys"), in a range a
    sound estimate gives, on topic (three of them for the whole half). A
    quarter: one speaks to scale. A quarter: a different one speaks to quality,
    counting the prompt's own quality metrics (conversion, answer rate, delivery
    rate, cost per verification).
``one_page`` (1)
    Four tenths: 3 to 8 components. Three tenths: every component carries part
    of a flow. Three tenths: the components belong to this problem.
``ted_complete`` (2)
    Per component, four checks: a Tell; an Explain that gives a reason tied to
    the prompt; a Decide that names a concrete rejected alternative (an option
    after "instead of", "rather than", "over", "vs", not a negation such as "we
    do not know"); nothing copied. With a prompt, 15% of the item is for a Decide
    that rests on one of the answer's own figures (a number it states in its
    metrics or assumptions).
``context_fit`` (1)
    Half: a user story ("As a ..., I want ..., so that ...") about this prompt's
    users, naming no technology (:data:`TECH_TERMS`) in it or the first two
    questions. Half: no reflex split into services without a reason.
``depth`` (2)
    For one to three focus areas (15%): each area is a component or concern of
    this design (25%); two trade-offs per area with an alternative and an impact
    quantified in real units, as a phrase rather than a bare figure (45%); the
    impacts reuse the answer's own figures, so they agree with its metrics (15%).

With a prompt (the substance checks and ``interview_extras`` need a prompt that
declares its domain, as the course's six do; a bare :class:`Prompt` adds only
the first three):

``prompt_metrics`` (1) and ``prompt_components`` (1)
    The share of the metrics and components the prompt asks for.
``prompt_numbers`` (2)
    The share of the prompt's figures within tolerance.
``interview_extras`` (2)
    What interviewers also score, a fifth each: the customer's business goal;
    an MVP cut with later phases; cost (a figure in money); risks with their
    mitigations; a wrap-up (a summary and next steps).

With a prompt, an answer in which fewer than half the sentences (questions,
assumptions, story, TED, impacts and decisions) read as sentences has every
item scaled down in proportion, since a list of keywords shows no reasoning.

Every item also scores the answer *as an answer to this prompt*: the general
items (all but :data:`FIT_ITEMS`) keep :data:`FIT_FLOOR` of their points plus
the rest in proportion to how much of what the prompt asks for the answer gives
(its metrics, components and figures, weighted by their points). A sound answer
to a neighbouring prompt, pasted here, keeps its structure points only in part,
and the feedback says so.

Points are configurable with ``grade(..., points={...})``; an item set to 0 is
left out. A malformed answer does not raise: it scores 0 with one
``well_formed`` item carrying the parser's message (for Markdown, the line).

**What the rubric can judge:** that the answer engages with the prompt: which
dimensions its questions cover, whether its numbers have real units and sit in a
plausible range or within tolerance of the course's figures, whether its boxes,
flows, reasons, alternatives and trade-offs speak this problem, and whether the
parts interviewers expect are there.

**What it cannot judge:** whether an argument is right. It matches words and
numbers, so a fluent answer that draws the wrong conclusion from the right
figures, a reason that is on topic but false, an alternative nobody would
seriously weigh, or a clear but badly paced delivery can still score well. It
does not hear you think aloud, handle pushback or pace 45 minutes. That is what
the reference answer, the self-review checklist, the interviewer's follow-ups
and your instructor are for.

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
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from curriculum.design.model import Answer, AnswerError, Metric, parse_answer
from curriculum.design.prompts import DIMENSIONS, Prompt

__all__ = [
    "ALTERNATIVE_PATTERNS",
    "BASE_ITEMS",
    "DEFAULT_POINTS",
    "DIMENSION_TITLES",
    "FIT_FLOOR",
    "FIT_ITEMS",
    "GENERIC_DIMENSIONS",
    "GradeResult",
    "ITEM_TITLES",
    "ItemResult",
    "KNOWN_UNITS",
    "NUMBER_WITH_UNIT",
    "PROMPT_ITEMS",
    "QUALITY_KEYWORDS",
    "REASON_STEMS",
    "SCALE_KEYWORDS",
    "TECH_TERMS",
    "VOCABULARY",
    "grade",
    "grade_prompt",
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
    "traffic", "storage", "bandwidth", "egress", "at once", "held", "creation", "burst",
)

#: Words that make a metric speak to quality (how well, how reliably).
QUALITY_KEYWORDS = (
    "latency", "delay", "response time", "p50", "p90", "p95", "p99", "p999", "ms", "blocking",
    "blocked", "availability", "uptime", "downtime", "error", "error rate", "failure", "failed",
    "drop", "dropped", "dropout", "loss", "jitter", "mos", "delivery", "delivered",
    "delivery rate", "success rate", "success", "timeout", "abandon", "abandoned", "abandonment", "slo",
    "sla", "answer rate", "nines", "conversion", "headroom",
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

#: Regular expressions (matched ignoring case) that introduce the alternative a ``decide`` turned down.
#: A bare negation ("not", "n't") is not among them: "we do not know yet" names no option.
#: The first four may also open a Decide, with the choice after a comma ("Rather than polling, we take webhooks").
ALTERNATIVE_PATTERNS = (
    r"\binstead of\b", r"\brather than\b", r"\bin place of\b", r"\bcompared (?:with|to)\b",
    r"\bover\b", r"\bvs\.?\b", r"\bversus\b", r"\bno need for\b", r"\bthan\b", r",? not (?:a|an|the|one|per|by)\b",
)
_OPENING_ALTERNATIVES = ALTERNATIVE_PATTERNS[:4]

#: Generic keywords of each clarifying dimension; a prompt adds its own (``Prompt.dimensions``).
GENERIC_DIMENSIONS = MappingProxyType({
    "scale": ("how many", "how much", "peak", "busy hour", "per second", "per day", "a day", "at once",
              "volume", "concurrent", "rush", "burst", "growth", "spread", "largest"),
    "ownership": ("whose", "who owns", "who runs", "customer's", "our own", "twilio's", "platform", "their app",
                  "their own", "build", "tenant", "account", "who decides", "who sends", "single"),
    "success": ("success", "measure", "metric", "count as", "counts as", "what share", "mean by", "goal",
                "good enough", "slow", "target", "does * mean"),
    "compliance": ("retention", "kept", "keep", "stored", "delete", "compliance", "consent", "regulation",
                   "law", "legal", "privacy", "audit", "country", "countries", "region"),
    "scope": ("first release", "launch", "mvp", "scope", "later", "phase", "enough", "instead", "fall back",
              "should happen", "need"),
})

#: Learner-facing names of the clarifying dimensions.
DIMENSION_TITLES = MappingProxyType({
    "scale": "scale and peak",
    "ownership": "whose system it is (Twilio's platform or a customer's app on Twilio)",
    "success": "how success is measured",
    "compliance": "compliance and retention",
    "scope": "scope and the first release",
})

_NUM = r"\d(?:[\d,]*\d)?(?:\.\d+)?"
#: Units a metric or an impact may carry; a prompt adds its own countable things.
KNOWN_UNITS = (
    "%", "percent", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr",
    "hrs", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "kbps", "mbps",
    "gbps", "kbit/s", "mbit/s", "gbit/s", "bit/s", "b", "kb", "mb", "gb", "tb", "pb", "byte", "bytes", "call",
    "calls", "trunk", "trunks", "erlang", "erlangs", "cps", "mps", "qps", "rps", "tps", "req/s", "request",
    "requests", "message", "messages", "msg", "msgs", "segment", "segments", "user", "users", "server", "servers",
    "node", "nodes", "instance", "instances", "replica", "replicas", "region", "regions", "usd", "$", "dollar",
    "dollars", "cent", "cents", "eur", "gbp", "room", "rooms", "participant", "participants", "stream",
    "streams", "meeting", "meetings", "code", "codes", "key", "keys", "session", "sessions", "agent", "agents", "nines",
)
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in KNOWN_UNITS if u not in ("$",)), key=len, reverse=True))
#: A number followed by a real unit or % (or a currency sign before it): "9,970 trunks", "+3%", "$0.01".
NUMBER_WITH_UNIT = re.compile(
    rf"[$€£]\s?{_NUM}|{_NUM}\s?(?:k|m|bn|thousand|million|billion)?\s?(?:{_UNIT_ALT})(?:/(?:s|sec|min|h|day))?"
    r"(?![a-z])",
    re.IGNORECASE,
)

_PER_TIME_UNIT = re.compile(r"/\s*(?:s|sec|second|min|minute|h|hr|hour|day|month)\b", re.IGNORECASE)
_SERVICE_NAME = re.compile(r"(?<![a-z0-9])(?:micro-?)?services?(?![a-z0-9])|\bsvc\b|microservice", re.IGNORECASE)
_STOPWORDS = frozenset(
    "a an the is are was were be been do does did what how who whom which when where why will would should "
    "must can could may might of for to in on at by with and or but we our us you your it its they their them "
    "each every per than so that this these those from as if not no into one all any i my me there here has "
    "have had only about after before before then up down out off over under".split()
)
_VAGUE_ALTERNATIVES = frozenset("nothing none anything something it that this yet now later them everything "
                                "sure known".split())

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
    "interview_extras": 2.0,
})

#: Items graded with or without a prompt.
BASE_ITEMS = ("clarify_first", "metrics_quantified", "one_page", "ted_complete", "context_fit", "depth")
#: Items graded only with a prompt.
PROMPT_ITEMS = ("prompt_metrics", "prompt_components", "prompt_numbers", "interview_extras")

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
    "interview_extras": "Business goal, MVP, cost, risks and wrap-up",
})

#: Plain words the rubric's own sentences use for every prompt (units aside); they belong to no prompt's domain.
VOCABULARY = frozenset("cost customer customers business text joined outage fallback price money".split())

MIN_WORDS = 3  # a TED field needs at least this many words
PROSE_WORDS = 4  # a question, assumption or story needs at least this many, and must read as a sentence
PROSE_GATE = 0.5  # with a prompt, an answer with fewer of its sentences reading as sentences is scaled down
#: The items that show an answer is for this prompt: what it asks for, and its figures.
FIT_ITEMS = ("prompt_metrics", "prompt_components", "prompt_numbers")
#: Share of a general item's score an answer keeps when it gives none of what the prompt asks for.
FIT_FLOOR = 0.5

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
    def fraction(self) -> float:
        """The score as a share of the maximum (0 when the maximum is 0)."""
        return self.score / self.max_score if self.max_score else 0.0

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
    if na == nb:
        return True
    matcher = SequenceMatcher(None, na, nb)
    # real_quick_ratio() >= quick_ratio() >= ratio(): the cheap upper bounds rule most pairs out exactly.
    return matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


@lru_cache(maxsize=None)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """:func:`_keyword_regex` compiled once per keyword (the rubric matches the same few hundred keywords again
    and again, more than ``re``'s own cache holds)."""
    return re.compile(_keyword_regex(keyword))


def _keyword_regex(keyword: str) -> str:
    if "*" in keyword:  # "does * mean": any few words in between
        parts = [r"[\s_/-]+".join(re.escape(p) for p in part.split()) for part in keyword.casefold().split("*")]
        body = r"(?:\W+\w+){0,4}?\W+".join(p.strip() for p in parts)
    else:
        body = r"[\s_/-]+".join(re.escape(part) for part in keyword.casefold().split())
    start = r"(?<![a-z0-9])" if keyword[:1].isalnum() else ""
    return rf"{start}{body}(?:s|es)?(?![a-z0-9])"


def _found(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords' matches in ``text``, as written there, in order, without repeats."""
    low = text.casefold()
    hits: list[tuple[int, str]] = []
    for kw in keywords:
        m = _keyword_pattern(kw).search(low)
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
    """Up to ``limit`` of the learner's names, quoted and each clipped to :data:`_NAME_CLIP` characters."""
    shown = [_clip(n, _NAME_CLIP) for n in names[:limit]]
    if len(names) > limit:
        return ", ".join(shown) + f" and {len(names) - limit} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


#: How much of a learner's name (a metric's, a component's) feedback quotes: a pasted prompt is not quoted back whole.
_NAME_CLIP = 60


def _clip(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _real(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def _requirement(words: tuple[str, ...]) -> str:
    first = repr(words[0])
    return first if len(words) == 1 else f"{first} (or {', '.join(repr(w) for w in words[1:])})"


def _strip_domain(text: str, prompt: Prompt | None) -> str:
    """``text`` without the prompt's domain phrases, so keyword lists lose the small words inside them."""
    low = text.casefold()
    if prompt is None:
        return low
    for word in sorted(prompt.domain_words, key=len, reverse=True):
        low = _keyword_pattern(word).sub(" ", low)
    return low


def _is_prose(text: str, min_words: int = PROSE_WORDS, prompt: Prompt | None = None) -> bool:
    """At least ``min_words`` words, and reads as a sentence: a list of keywords has almost no small words.

    With a prompt, the prompt's own domain phrases ("per second", "at once") are taken out first, so their
    small words do not make a list of keywords pass.
    """
    words = _norm(text).split()
    if len(words) < min_words:
        return False
    rest = _norm(_strip_domain(text, prompt)).split()
    small = sum(w in _STOPWORDS for w in rest)
    return small >= max(1, round(0.15 * len(words)))


def _on_topic(text: str, prompt: Prompt | None) -> bool:
    """Names something from the prompt's domain (always true without a prompt)."""
    if prompt is None or not prompt.domain:
        return True
    return any(_found(text, group) for group in prompt.domain)


def _prose_share(answer: Answer, prompt: Prompt | None) -> float:
    """The share of the answer's sentences that read as sentences (questions, TED, trade-offs, story)."""
    pd = answer.problem_definition
    texts = [pd.user_story, *pd.clarifying_questions, *pd.assumptions]
    texts += [t for c in answer.high_level_design.components for t in (c.tell, c.explain, c.decide)]
    texts += [t for fa in answer.deep_dive for tr in fa.tradeoffs for t in (tr.impact, tr.decision)]
    texts = [t for t in texts if t.strip()]
    if not texts:
        return 0.0
    return sum(_is_prose(t, 3, prompt) for t in texts) / len(texts)


def _pasted(text: str, prompt: Prompt | None) -> bool:
    """Copies a long stretch of the prompt's own text."""
    if prompt is None:
        return False
    t, p = _norm(text), _normed_prompt_text(prompt.text)
    if len(t) < 30:
        return False
    # The longest stretch both share is at least `stretch` characters long exactly when some `stretch`-character
    # piece of the text occurs in the prompt (a plain substring search, not a longest-match table).
    stretch = math.ceil(min(60, 0.6 * len(t)))
    return any(t[i:i + stretch] in p for i in range(len(t) - stretch + 1))


@lru_cache(maxsize=64)
def _normed_prompt_text(text: str) -> str:
    return _norm(text)


def _counts(text: str, prompt: Prompt | None, min_words: int = PROSE_WORDS) -> bool:
    """Prose, on topic and not pasted from the prompt."""
    return _is_prose(text, min_words, prompt) and _on_topic(text, prompt) and not _pasted(text, prompt)


def _dimensions(text: str, prompt: Prompt | None) -> list[str]:
    found = []
    for dim in DIMENSIONS:
        words = GENERIC_DIMENSIONS[dim] + (prompt.dimension_keywords(dim) if prompt else ())
        if _found(text, words):
            found.append(dim)
    return found


def _example(prompt: Prompt | None, kind: str, default: str) -> str:
    return prompt.example(kind, default) if prompt is not None else default


def _figures(answer: Answer) -> list[float]:
    """The answer's own figures: metric values and the numbers in its assumptions."""
    values = [float(m.value) for m in answer.problem_definition.metrics if _real(m.value) and m.value]
    for a in answer.problem_definition.assumptions:
        values += [float(n.replace(",", "")) for n in re.findall(_NUM, a)]
    return [v for v in values if v]


def _numbers_in(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(_NUM, text)]


def _uses_figure(text: str, figures: list[float]) -> bool:
    """Quotes one of the answer's figures (within 5%), other than a bare 1, 2 or 3."""
    for n in _numbers_in(text):
        if n in (0, 1, 2, 3) and not any(f == n for f in figures if f > 3):
            continue
        if any(abs(n - f) <= 0.05 * abs(f) for f in figures if f not in (1, 2, 3)):
            return True
    return False


Check = tuple[float, str]


# ---------------------------------------------------------------------------
# The items


def _clarify_first(answer: Answer, prompt: Prompt | None) -> Check:
    pd = answer.problem_definition
    counted: list[str] = []
    covered: list[str] = []
    rejected: list[tuple[str, str]] = []
    for q in pd.clarifying_questions:
        dims = _dimensions(q, prompt)
        new = [d for d in dims if d not in covered]
        if not q.rstrip().endswith("?"):
            rejected.append((q, "does not end with '?'"))
        elif not _is_prose(q, PROSE_WORDS, prompt):
            rejected.append((q, "does not read as a full question"))
        elif _pasted(q, prompt):
            rejected.append((q, "copies the prompt"))
        elif any(_near_duplicate(q, c) for c in counted):
            rejected.append((q, "repeats an earlier question"))
        elif not _on_topic(q, prompt):
            rejected.append((q, "is not about this prompt"))
        elif not dims:
            rejected.append((q, "would not change the design"))
        elif not new:
            rejected.append((q, "asks about a dimension already covered"))
        else:
            counted.append(q)
            covered.append(new[0])
    assumptions = []
    dims_all = list(covered)
    for a in pd.assumptions:
        if _counts(a, prompt) and not any(_near_duplicate(a, b) for b in assumptions):
            assumptions.append(a)
            dims_all += [d for d in _dimensions(a, prompt) if d not in dims_all]
    if prompt is None or not prompt.domain:
        return _clarify_legacy(pd)
    nq, na, nd = min(len(covered), 3), min(len(assumptions), 2), min(len(dims_all), 4)
    issues = []
    missing = [DIMENSION_TITLES[d] for d in DIMENSIONS if d not in dims_all]
    if nq < 3:
        why = f" ({_clip(rejected[0][0])} {rejected[0][1]}, so it does not count)" if rejected else ""
        ask = "; ".join(missing[:2]) or "the dimensions left"
        issues.append(
            f"Ask {3 - nq} more clarifying question{'s' if 3 - nq > 1 else ''} that would change the design{why}. "
            f"Not asked about yet: {ask}. For example: "
            f"{_example(prompt, 'question', 'Who are the users, and how many use it at the busiest hour?')!r}"
        )
    if na < 2:
        issues.append(
            f"State {2 - na} more assumption{'s' if 2 - na > 1 else ''} about this prompt, as a sentence with its "
            f"number, such as {_example(prompt, 'assumption', 'Assume the peak is three times the daily mean.')!r}"
        )
    if nq >= 3 and nd < 4 and missing:
        issues.append(f"Cover one more dimension with a question or an assumption: {missing[0]}.")
    fraction = 0.5 * nq / 3 + 0.25 * na / 2 + 0.25 * nd / 4
    return fraction, " ".join(issues) or (
        "Full marks: your questions and assumptions cover the dimensions that change this design."
    )


def _clarify_legacy(pd) -> Check:
    """Without a domain: three distinct full questions (three quarters) and one assumption (a quarter)."""
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
        issues.append("State at least one assumption of three words or more, such as 'Assume the peak is three "
                      "times the daily mean.'")
    fraction = 0.75 * n / 3 + (0.25 if has_assumption else 0.0)
    return fraction, " ".join(issues) or "Full marks: you asked three distinct questions and stated your assumptions."


def _metric_text(m: Metric) -> str:
    return f"{m.name} | {m.unit} | {m.target}"


def _unit_ok(unit: str, prompt: Prompt | None) -> bool:
    """A real unit: one of :data:`KNOWN_UNITS` or the prompt's countables, alone or per time ("calls/s")."""
    u = unit.casefold().strip()
    if not u:
        return False
    countables = [c.casefold() for c in (prompt.countables if prompt else ())]
    known = set(KNOWN_UNITS) | set(countables) | {c.rstrip("s") for c in countables}
    if u in known:
        return True
    head = re.split(r"\s*(?:/|\bper\b|\ba\b)\s*", u)[0].strip()
    if head in known and head not in ("s", "h", "b", "x"):
        return True
    first = u.split()[0].strip(",.;")
    return first in known and first not in ("s", "h", "b", "x") and len(u.split()) <= 4


def _is_scale(m: Metric, prompt: Prompt | None) -> bool:
    words = SCALE_KEYWORDS + (prompt.countables if prompt else ())
    return bool(_found(m.name + " | " + m.unit, words) or _PER_TIME_UNIT.search(m.unit))


def _is_quality(m: Metric, prompt: Prompt | None) -> bool:
    words = QUALITY_KEYWORDS + (prompt.quality_terms if prompt else ())
    return bool(_found(_metric_text(m), words))


def _out_of_range(m: Metric, prompt: Prompt) -> str:
    if not _real(m.value):
        return ""
    for r in prompt.ranges:
        if _found(m.name, r.metric_keywords) and not r.accepts(m.value):
            side = "high" if m.value > r.high else "low"
            ref = r.high if side == "high" else r.low
            ratio = abs(m.value) / abs(ref) if ref and m.value else 0
            far = ("off by a factor of about 10 or more" if ratio >= 10 or (ratio and ratio <= 0.1)
                   else "well outside what a sound estimate gives")
            return f"{_clip(m.name, _NAME_CLIP)} is too {side} ({far})"
    return ""


def _metrics_quantified(answer: Answer, prompt: Prompt | None) -> Check:
    if _legacy(prompt):
        return _metrics_quantified_legacy(answer, prompt)
    metrics = answer.problem_definition.metrics
    scale_example = _example(prompt, "scale_metric", "'concurrent sessions at peak: <number> sessions'")
    quality_example = _example(prompt, "quality_metric", "'p95 response time: <number> ms'")
    if not metrics:
        return 0.0, (
            f"Add metrics to the problem definition, each a number with a unit: one for scale, such as "
            f"{scale_example}, and one for quality, such as {quality_example}."
        )
    no_unit, off_topic, out_range, good = [], [], [], []
    for m in metrics:
        reason = _out_of_range(m, prompt)
        if not _unit_ok(m.unit, prompt):
            no_unit.append(m)
        elif (not _on_topic(_metric_text(m), prompt) or _pasted(m.name, prompt) or (
                _words(m.name) < 2 and not _found(m.name, prompt.quality_terms + prompt.countables))):
            off_topic.append(m)
        elif reason:
            out_range.append(reason)
        else:
            good.append(m)
    scale = [i for i, m in enumerate(good) if _is_scale(m, prompt)]
    quality = [i for i, m in enumerate(good) if _is_quality(m, prompt)]
    scale_ok = bool(scale)
    quality_ok = any(i != j for i in scale for j in quality) or (bool(quality) and not scale)
    issues = []
    if no_unit:
        units = ", ".join(repr(m.unit) for m in no_unit[:2] if m.unit)
        issues.append(
            f"Give {_names([m.name for m in no_unit])} a real unit"
            + (f" ({units} is not one)" if units else "")
            + f": a count of something in this problem or a unit such as %, ms, s, Gbit/s, TB or $, as in "
            f"{scale_example}."
        )
    if off_topic:
        issues.append(f"Name {_names([m.name for m in off_topic])} for what it measures in this problem, in a "
                      f"few words, as in {scale_example}.")
    if out_range:
        issues.append("Recheck " + "; ".join(out_range[:2]) + ": redo the estimate from the prompt's figures.")
    if len(metrics) < 3:
        issues.append(f"Add {3 - len(metrics)} more metric{'s' if 3 - len(metrics) > 1 else ''}: an answer "
                      "usually designs against three or more.")
    if not scale_ok:
        issues.append(f"Add at least one metric about scale, such as {scale_example}.")
    if not quality_ok:
        issues.append(f"Add a separate metric about quality, such as {quality_example}.")
    share = len(good) / len(metrics) * min(len(metrics), 3) / 3
    fraction = 0.5 * share + 0.25 * scale_ok + 0.25 * quality_ok
    return fraction, " ".join(issues) or "Full marks: every metric has a number and a real unit, covering scale and quality."


def _belongs(name: str, tell: str, prompt: Prompt) -> bool:
    text = f"{name} | {tell}"
    return (bool(any(_found(text, g) for g in prompt.component_terms)) or _on_topic(text, prompt)) and (
        _is_prose(tell, 3, prompt) and not _pasted(tell, prompt))


def _one_page(answer: Answer, prompt: Prompt | None) -> Check:
    if _legacy(prompt):
        return _one_page_legacy(answer, prompt)
    design = answer.high_level_design
    n = len(design.components)
    example = _example(prompt, "component", "the parts that take in, handle and keep the work")
    if n == 0:
        return 0.0, f"Add 3 to 8 components to the high-level design, one per box on your diagram, such as {example}."
    used = {f.source for f in design.flows} | {f.target for f in design.flows}
    orphans = [c.name for c in design.components if c.name not in used]
    foreign = [c.name for c in design.components if not _belongs(c.name, c.tell, prompt)]
    size = 1.0 if 3 <= n <= 8 else 0.5 if n in (2, 9, 10) else 0.0
    issues = []
    if n < 3:
        issues.append(f"Add components until the diagram has at least 3 (you have {n}), such as {example}.")
    elif n > 8:
        issues.append(
            f"Cut the diagram to at most 8 components (you have {n}): merge parts that scale and fail together, "
            "and keep the detail for the deep dive."
        )
    if not design.flows:
        issues.append("Add flows, 'Source -> Target: what flows', so the diagram shows how the work moves.")
    elif orphans:
        issues.append(
            f"Connect {_names(orphans)} with a flow or remove {'it' if len(orphans) == 1 else 'them'}: "
            "every box on the diagram should carry part of a flow."
        )
    if foreign:
        issues.append(f"Rename or replace {_names(foreign)}: say in its name and Tell which part of this problem "
                      f"it handles, such as {example}.")
    fraction = 0.4 * size + 0.3 * (n - len(orphans)) / n + 0.3 * (n - len(foreign)) / n
    return fraction, " ".join(issues) or "Full marks: 3 to 8 components of this problem, every one joined by a flow."


_TED_FIELDS = ("tell", "explain", "decide")


# Every marker in one pass, so "rather than" is one marker and not "rather" before the marker "than".
_ALTERNATIVE = re.compile("|".join(ALTERNATIVE_PATTERNS), re.IGNORECASE)
_OPENING_ALTERNATIVE = re.compile(rf"^\W*(?:{'|'.join(_OPENING_ALTERNATIVES)})\s+([^,;:]+)[,;:](.*)",
                                  re.IGNORECASE | re.DOTALL)


def _content_words(text: str) -> list[str]:
    return [w for w in _norm(text).split() if w not in _STOPWORDS]


def _names_alternative(decide: str) -> bool:
    """Names an option turned down: a marker followed by a concrete phrase (not 'nothing', not a negation), with the
    choice made before it, or after the comma when the marker opens the text."""
    lead = _OPENING_ALTERNATIVE.match(decide)
    if lead:
        alternative, choice = (_content_words(part) for part in lead.groups())
        if alternative and choice and alternative[0] not in _VAGUE_ALTERNATIVES:
            return True
    for m in _ALTERNATIVE.finditer(decide):
        after_words = _content_words(decide[m.end():])
        if after_words and _content_words(decide[: m.start()]) and after_words[0] not in _VAGUE_ALTERNATIVES:
            return True
    return False


def _ted_complete(answer: Answer, prompt: Prompt | None) -> Check:
    if _legacy(prompt):
        return _ted_complete_legacy(answer, prompt)
    comps = answer.high_level_design.components
    decide_example = _example(prompt, "decide", "'object storage instead of database blobs'")
    if not comps:
        return 0.0, "Add components, each with a Tell, an Explain and a Decide, so every box is argued with TED."
    copied: set[int] = set()
    for i, c in enumerate(comps):
        texts = [getattr(c, f) for f in _TED_FIELDS]
        if any(_near_duplicate(a, b) for k, a in enumerate(texts) for b in texts[k + 1:]):
            copied.add(i)
        if any(_pasted(t, prompt) for t in texts):
            copied.add(i)
        for j in range(i + 1, len(comps)):
            if any(_near_duplicate(getattr(c, f), getattr(comps[j], f)) for f in _TED_FIELDS):
                copied.update((i, j))
    figures = _figures(answer)
    missing: dict[str, list[str]] = {f: [] for f in _TED_FIELDS}
    untied: list[str] = []
    no_alternative: list[str] = []
    total = 0.0
    figure_driven = False
    for i, c in enumerate(comps):
        belongs = _belongs(c.name, c.tell, prompt)
        present = {f: _words(getattr(c, f)) >= MIN_WORDS for f in _TED_FIELDS}
        for f in _TED_FIELDS:
            if not present[f]:
                missing[f].append(c.name)
        tied = present["explain"] and belongs and _is_prose(c.explain, PROSE_WORDS, prompt) and (
            _on_topic(c.explain, prompt) or _has_stem(c.explain, ()))
        if present["explain"] and not tied:
            untied.append(c.name)
        alternative = present["decide"] and belongs and _names_alternative(c.decide)
        if present["decide"] and not alternative:
            no_alternative.append(c.name)
        if alternative and _uses_figure(c.decide + " " + c.explain, figures):
            figure_driven = True
        total += (present["tell"] + tied + alternative + (i not in copied)) / 4
    issues = []
    if missing["tell"]:
        issues.append(f"Give {_names(missing['tell'])} a Tell: what the component is, in three words or more.")
    if missing["explain"]:
        issues.append(f"Give {_names(missing['explain'])} an Explain: why this problem needs it.")
    if untied:
        issues.append(f"Tie the Explain of {_names(untied)} to this prompt: a reason that names what in this "
                      "problem needs the part (its users, its peak, its figures).")
    if missing["decide"]:
        issues.append(f"Give {_names(missing['decide'])} a Decide: the choice you made and the option you turned down.")
    if copied:
        names = [comps[i].name for i in sorted(copied)]
        issues.append(
            f"Rewrite the copied text in {_names(names)}: Tell, Explain and Decide should each say something new, "
            "in your own words, and no two components should share a sentence."
        )
    if no_alternative:
        issues.append(
            f"Name the option turned down in the Decide of {_names(no_alternative)}: a real alternative after "
            f"'instead of', 'rather than' or 'over' (a negation such as 'not yet' is not one), e.g. {decide_example}."
        )
    if not figure_driven:
        issues.append("Let one Decide rest on a figure of your own: quote the metric or assumption that drives "
                      "the choice.")
    fraction = 0.85 * total / len(comps) + 0.15 * figure_driven
    return fraction, " ".join(issues) or "Full marks: every component has its own Tell, Explain and Decide."


def _story_ok(story: str, prompt: Prompt) -> bool:
    if _words(story) < MIN_WORDS:
        return False
    low = story.casefold()
    return (_is_prose(story, 8) and _on_topic(story, prompt) and not _pasted(story, prompt)
            and "as a" in low and ("want" in low or "need" in low))


def _context_fit(answer: Answer, prompt: Prompt | None) -> Check:
    if _legacy(prompt):
        return _context_fit_legacy(answer, prompt)
    example = _example(prompt, "story", "'As a <user> I want <goal> so that <reason>'")
    return _fit_to_context(answer, _story_ok(answer.problem_definition.user_story, prompt),
                           f"Open with a user story about this prompt's users, such as {example}, before naming "
                           "any technology.")


def _fit_to_context(answer: Answer, story_ok: bool, story_issue: str) -> Check:
    """The shared half of the context-fit item: technology before the problem, and services split by reflex."""
    pd = answer.problem_definition
    comps = answer.high_level_design.components
    tech = _found(pd.user_story + " \n " + " \n ".join(pd.clarifying_questions[:2]), TECH_TERMS)
    services = [c for c in comps if _SERVICE_NAME.search(c.name)]
    unreasoned = [c.name for c in services if not _has_stem(c.explain, REASON_STEMS)]
    reflex = len(services) >= 3 and 2 * len(services) > len(comps) and 2 * len(unreasoned) > len(services)
    issues = []
    if not story_ok:
        issues.append(story_issue)
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
    fraction = 0.5 * (story_ok and not tech) + 0.5 * (bool(comps) and not reflex)
    return fraction, " ".join(issues) or (
        "Full marks: the answer starts from the user's problem, and no part is split off without a reason."
    )


def _quantified(impact: str, prompt: Prompt) -> bool:
    countables = "|".join(re.escape(c) for c in prompt.countables)
    extra = re.search(rf"{_NUM}\s?(?:k|thousand|million)?\s?(?:{countables})(?![a-z])", impact, re.I) \
        if countables else None
    return bool(NUMBER_WITH_UNIT.search(impact) or extra) and _words(impact) >= PROSE_WORDS


def _area_belongs(area, answer: Answer, prompt: Prompt) -> bool:
    names = [w for c in answer.high_level_design.components for w in _norm(c.name).split() if w not in _STOPWORDS
             and len(w) > 3]
    text = area.area + " | " + " | ".join(t.option for t in area.tradeoffs)
    return (_on_topic(area.area, prompt) or bool(set(_norm(area.area).split()) & set(names))) and not _pasted(
        text, prompt) and _words(area.area) >= 2


def _depth(answer: Answer, prompt: Prompt | None) -> Check:
    if _legacy(prompt):
        return _depth_legacy(answer, prompt)
    areas = answer.deep_dive
    example = _example(prompt, "tradeoff", "'+2% capacity for ten times fewer failures'")
    if not areas:
        return 0.0, (
            "Pick one to three areas from your diagram for the deep dive, and give each at least two trade-offs "
            f"whose impact has a number and a unit, such as {example}."
        )
    figures = _figures(answer)
    thin: list[str] = []
    foreign: list[str] = []
    unanchored: list[str] = []
    bare_example = ""
    share = belong = agree = 0.0
    for fa in areas:
        belongs = _area_belongs(fa, answer, prompt)
        if not belongs:
            foreign.append(fa.area)
        good = [t for t in fa.tradeoffs if _quantified(t.impact, prompt) and _words(t.alternative) >= 2
                and _words(t.option) >= 2]
        if belongs:
            belong += 1
            share += min(len(good), 2) / 2
            if any(_uses_figure(t.impact + " " + t.decision, figures) for t in good):
                agree += 1
            elif good:
                unanchored.append(fa.area)
        if len(good) < 2:
            thin.append(fa.area)
            if not bare_example:
                bare = next((t.impact for t in fa.tradeoffs if t not in good), None)
                if bare is not None:
                    bare_example = (f" ({_clip(bare) if bare else 'an empty impact'} does not say what changes, "
                                    "by how much, in a real unit)")
    n = len(areas)
    issues = []
    if n > 3:
        issues.append(f"Go deeper in fewer areas: keep the one to three that matter most (you have {n}).")
    if foreign:
        issues.append(f"Choose areas of this design instead of {_names(foreign)}: a component on your diagram or "
                      "a concern the prompt raises.")
    if thin:
        issues.append(
            f"Give {_names(thin)} at least two trade-offs, each with the option turned down and an impact "
            f"in real units{bare_example}, such as {example}."
        )
    if unanchored:
        issues.append(f"Tie the impacts in {_names(unanchored)} to your own metrics: quote the figure each "
                      "trade-off changes, so the deep dive and the problem definition agree.")
    fraction = 0.15 * (n <= 3) + 0.25 * belong / n + 0.45 * share / n + 0.15 * agree / n
    return fraction, " ".join(issues) or "Full marks: one to three focus areas of this design, each with quantified trade-offs."




# ---------------------------------------------------------------------------
# The items without a domain (a bare Prompt or none): the shape checks of the first rubric, kept for
# authors' examples; a Decide's bare negation no longer names an alternative, and 'x' is not a unit.

def _metrics_quantified_legacy(answer: Answer, prompt: Prompt | None) -> Check:
    metrics = answer.problem_definition.metrics
    if not metrics:
        return 0.0, (
            "Add metrics to problem_definition, each with a number and a unit: at least one for scale, "
            "such as concurrent calls, and one for quality, such as p95 latency in ms."
        )
    no_number = [m.name for m in metrics if not _real(m.value)]
    no_unit = [m.name for m in metrics if _real(m.value) and (not m.unit.strip() or m.unit.strip().casefold() in ("x", "×"))]
    good = len(metrics) - len(no_number) - len(no_unit)
    scale = {i for i, m in enumerate(metrics) if _is_scale_legacy(m)}
    quality = {i for i, m in enumerate(metrics) if _is_quality_legacy(m)}
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
                f"{_clip(only, _NAME_CLIP)} already counts for scale."
            )
        else:
            issues.append("Add at least one metric about quality, such as p95 latency in ms or blocking in %.")
    fraction = 0.5 * good / len(metrics) + 0.25 * scale_ok + 0.25 * quality_ok
    return fraction, " ".join(issues) or "Full marks: every metric has a number and a unit, covering scale and quality."


def _one_page_legacy(answer: Answer, prompt: Prompt | None) -> Check:
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


def _ted_complete_legacy(answer: Answer, prompt: Prompt | None) -> Check:
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


def _context_fit_legacy(answer: Answer, prompt: Prompt | None) -> Check:
    return _fit_to_context(
        answer, _words(answer.problem_definition.user_story) >= MIN_WORDS,
        "Open with a user story, 'As a <user> I want <goal> so that <reason>', before naming any technology.")


def _depth_legacy(answer: Answer, prompt: Prompt | None) -> Check:
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


def _prompt_components_legacy(answer: Answer, prompt: Prompt) -> Check:
    names = answer.high_level_design.component_names
    missing = [req for req in prompt.required_components if not any(_found(n, req) for n in names)]
    if not missing:
        return 1.0, "Full marks: your diagram has the components the prompt needs."
    needed = "; ".join(_requirement(r) for r in missing)
    return 1 - len(missing) / len(prompt.required_components), (
        f"Add the components this prompt needs, with TED and flows, named so they mention: {needed}."
    )


def _is_scale_legacy(m: Metric) -> bool:
    return bool(_found(_metric_text(m), SCALE_KEYWORDS) or _PER_TIME_UNIT.search(m.unit))


def _is_quality_legacy(m: Metric) -> bool:
    return bool(_found(_metric_text(m), QUALITY_KEYWORDS))


def _legacy(prompt: Prompt | None) -> bool:
    return prompt is None or not prompt.domain


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
    if _legacy(prompt):
        return _prompt_components_legacy(answer, prompt)
    comps = answer.high_level_design.components
    missing = [req for req in prompt.required_components
               if not any(_found(c.name, req) or (_found(c.tell, req) and _is_prose(c.tell, 3)) for c in comps)]
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
                f"Recheck {_clip(m.name, _NAME_CLIP)}: {_number(m.value)} is too {side} for {check.description}; "
                f"recompute it so it matches {tol}."
            )
    fraction = passed / len(prompt.numeric_checks)
    return fraction, " ".join(issues) or "Full marks: every number checked against the prompt is within tolerance."


_MITIGATION = re.compile(r";|:|\bmitigat|\bso\b|\bkeep\b|fall ?back|\balert|\bcap\b|\bwatch|\boffer|\brequest|\badd\b|"
                         r"\bretry|\bcheck|\buse\b|\bstep down|\blimit|\bblock|\bmove|\bplan\b", re.IGNORECASE)


def _interview_extras(answer: Answer, prompt: Prompt) -> Check:
    pd, wrap = answer.problem_definition, answer.wrap_up
    story = pd.user_story.casefold()
    goal = _counts(pd.business_goal, prompt) or (
        "so that" in story and _is_prose(story.split("so that", 1)[1], 4) and _story_ok(pd.user_story, prompt)
        and bool(pd.business_goal.strip()))
    mvp = any(_counts(x, prompt, 3) for x in wrap.mvp) and any(_counts(x, prompt, 3) for x in wrap.later)
    money = re.compile(rf"[$€£]\s?{_NUM}|{_NUM}\s?(?:usd|eur|gbp|dollars?|cents?)\b", re.IGNORECASE)
    texts = [f"{m.value} {m.unit}" for m in pd.metrics if _unit_ok(m.unit, prompt) and _on_topic(m.name, prompt)]
    texts += [t.impact + " " + t.decision for fa in answer.deep_dive for t in fa.tradeoffs]
    texts += [wrap.summary, *wrap.mvp, *wrap.later, *wrap.next_steps, pd.business_goal]
    cost = any(money.search(t) or (re.search(r"\bcost", t, re.I) and NUMBER_WITH_UNIT.search(t)) for t in texts)
    cost = cost or any(m.unit.upper().startswith(("USD", "$", "EUR")) and _on_topic(m.name, prompt)
                       for m in pd.metrics)
    risks = any(_counts(r, prompt, 6) and _MITIGATION.search(r) for fa in answer.deep_dive for r in fa.risks)
    wrapped = _counts(wrap.summary, prompt, 8) and any(_is_prose(x, 3) for x in wrap.next_steps)
    parts = (goal, mvp, cost, risks, wrapped)
    issues = []
    if not goal:
        issues.append("State the business goal: what the customer's business gains from this, and how you will know "
                      "(a 'Business goal:' line).")
    if not mvp:
        issues.append(f"Cut an MVP and name later phases, for example: {_example(prompt, 'mvp', 'the core flow first')}.")
    if not cost:
        issues.append("Put a price on the design: one figure in money, such as a cost a month or per use, in a "
                      "metric or a trade-off.")
    if not risks:
        issues.append(f"Name a risk with its mitigation in the deep dive, such as {_example(prompt, 'risk', 'a risk: a fix')}.")
    if not wrapped:
        issues.append("Wrap up: a 'Summary:' of the design in a sentence or two, and the next steps you would take.")
    return sum(parts) / len(parts), " ".join(issues) or (
        "Full marks: business goal, MVP and later phases, cost, risks with mitigations and a wrap-up."
    )


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
    "interview_extras": _interview_extras,
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
                ("interview_extras", prompt.domain),
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
    """Score an answer (dict, Markdown str or :class:`~curriculum.design.model.Answer`) on the rubric.

    ``prompt`` adds the substance checks and the prompt items; ``points``
    overrides the points of any item in :data:`DEFAULT_POINTS` (0 leaves it
    out). A malformed answer scores 0 with one ``well_formed`` item carrying the
    parser's message.

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
    gate = 1.0 if prompt is None or not prompt.domain else min(1.0, _prose_share(parsed, prompt) / PROSE_GATE)
    # Each check's fraction, clamped to 0..1 once, here: the fit gate and the items below both read it.
    checked = {item_id: _clamped(*_CHECKS[item_id](parsed, prompt)) for item_id in ids}
    fit_points = sum(table[i] for i in ids if i in FIT_ITEMS)
    fit = sum(table[i] * checked[i][0] for i in ids if i in FIT_ITEMS) / fit_points if fit_points else 1.0
    fit_gate = FIT_FLOOR + (1 - FIT_FLOOR) * fit
    for item_id in ids:
        unscaled, feedback = checked[item_id]
        scale = gate * (1.0 if item_id in FIT_ITEMS else fit_gate)
        fraction = unscaled * scale
        if gate < 1 and item_id == ids[0]:
            feedback = (f"Most of your sentences do not read as sentences (lists of words, or 'TBD'), so every item "
                        f"is scaled down to {gate:.0%} of its score: write the answer in full sentences. "
                        + feedback)
        elif gate < 1 and unscaled >= 1:
            # Not "Full marks" beside a scaled-down score: say why the points are missing.
            feedback = (f"Write the answer in full sentences: on its own this item would earn full marks, but like "
                        f"every item it is scaled down to {gate:.0%} of its score.")
        elif scale < 1 and unscaled >= 1:
            feedback = (f"Give what this prompt asks for (its metrics, components and figures: see the prompt "
                        f"items below): on its own this item would earn full marks, but an answer that gives only "
                        f"part of that earns {scale:.0%} of each item's points.")
        items.append(ItemResult(item_id, round(table[item_id] * fraction, 2), table[item_id], feedback))
    score = round(sum(it.points for it in items), 2)
    return GradeResult(score, max_score, tuple(items), prompt_id)


def _clamped(fraction: float, feedback: str) -> tuple[float, str]:
    """A check's result with its fraction held to 0..1 (a check never gives more than its item, nor less than 0)."""
    return min(max(fraction, 0.0), 1.0), feedback


def grade_prompt(prompt_id: str, answer: Any, *, points: Mapping[str, float] | None = None) -> GradeResult:
    """Grade ``answer`` against one of the course's prompts, by id (``"week3_refill_webhook"`` or ``"week3"``).

    The whole call a notebook's test cell needs: the prompt and its figures come
    from :mod:`curriculum.design.catalog`.

    >>> grade_prompt("week1", "# Problem definition\\n# High-level design\\n# Deep dive\\n").score
    0.0
    """
    from curriculum.design.catalog import get_prompt

    return grade(answer, get_prompt(prompt_id), points=points)
