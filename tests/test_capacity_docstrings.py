"""The calculator docstring rule (README, "Adding a calculator"), checked over every public name of curriculum.capacity.

Each public function has a one-line summary, a Parameters section that covers its signature and gives each
parameter a unit, a Returns section with a unit, an Examples section whose doctest runs and passes here, and a
References section that names a source. Each public result class has a summary line and says the unit of each
number it carries. The checker is shown to fail on docstrings that break each part of the rule.
"""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import inspect
import pkgutil
import re

import pytest

import curriculum.capacity as capacity

#: A parameter or field name that ends in one of these carries its unit (mean_hold_s, stream_kbps, cost_usd).
UNIT_SUFFIX = re.compile(r"_(s|ms|min|h|hours|days|kbps|mbps|bps|bytes|gb|tb|per_s|per_day|per_hour|erlangs|"
                         r"pct|usd|mps|cps|segments)$")
#: Words that give a description its unit: time, rate, size, money, a probability or share, or what is counted.
UNIT_WORDS = re.compile(
    r"(\b(seconds?|ms|milliseconds?|minutes?|hours?|days?|kbit/s|Mbit/s|bits?/s|bytes?|GB|TB|Erlangs?|USD|"
    r"dollars?|per (second|minute|hour|day|month)|fraction|probability|share|ratio|percent|availability|"
    r"number of|how many|segments?|messages?|requests?|attempts?|retries|tokens?|calls?|agents?|trunks?|"
    r"participants?|people|viewers?|presenters?|thumbnails?|channels?|verifications?|nines)\b|%|\$|\[0, 1\]|\(0, 1\))",
    re.I)
#: Types that need no unit: a choice of words, a flag, or a whole-number count.
UNITLESS_TYPES = re.compile(r"^(str|bool|int)\b")


def public_names() -> list[tuple[str, str, object]]:
    """(module, name, object) for every name in the ``__all__`` of curriculum.capacity and of its public modules."""
    seen, out = set(), []
    modules = [capacity] + [importlib.import_module(f"curriculum.capacity.{m.name}")
                            for m in pkgutil.iter_modules(capacity.__path__) if not m.name.startswith("_")]
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if id(obj) not in seen:
                seen.add(id(obj))
                out.append((module.__name__, name, obj))
    return out


def _section(doc: str, title: str) -> str | None:
    match = re.search(rf"^{title}\n-{{3,}}\n(.*?)(?=^\w[\w ]*\n-{{3,}}\n|\Z)", doc, re.M | re.S)
    return match.group(1) if match else None


def _entries(section: str) -> list[tuple[list[str], str, str]]:
    """numpydoc entries: (names, type, description) for ``a, b : float`` followed by indented lines."""
    out = []
    for names, typ, body in re.findall(r"^(\*{0,2}\w+(?:, \*{0,2}\w+)*)(?: : ([^\n]*))?\n((?:[ \t]+[^\n]*\n?)*)",
                                       section, re.M):
        out.append(([n.lstrip("*") for n in names.split(", ")], typ.strip(), " ".join(body.split())))
    return out


def function_problems(func, name: str, globs: dict) -> list[str]:
    """What a function's docstring lacks under the rule; empty when it follows it."""
    doc = inspect.getdoc(func) or ""
    problems = []
    summary = doc.split("\n\n")[0]
    if not doc or "\n" in summary or not summary.endswith("."):
        problems.append("no one-line summary ending with a full stop")
    params = _section(doc, "Parameters")
    signature = [p for p in inspect.signature(func).parameters]
    if params is None:
        if signature:
            problems.append("no Parameters section")
    else:
        documented = {}
        for names, typ, desc in _entries(params):
            for n in names:
                documented[n] = (typ, desc)
        missing = [p for p in signature if p not in documented]
        if missing:
            problems.append(f"parameters not documented: {', '.join(missing)}")
        for p, (typ, desc) in documented.items():
            if not (UNIT_SUFFIX.search(p) or UNITLESS_TYPES.match(typ) or UNIT_WORDS.search(desc)):
                problems.append(f"parameter {p} has no unit")
    returns = _section(doc, "Returns")
    if returns is None:
        problems.append("no Returns section")
    else:
        text = " ".join(returns.split())
        typ = text.split(" ")[0] if text else ""
        result_class = getattr(capacity, typ, None) or globs.get(typ)
        if not (UNIT_SUFFIX.search(name) or UNITLESS_TYPES.match(typ) or UNIT_WORDS.search(text)
                or UNIT_WORDS.fullmatch(name)
                or inspect.isclass(result_class)):
            problems.append("the Returns section gives no unit")
    examples = _section(doc, "Examples")
    if examples is None or ">>>" not in examples:
        problems.append("no Examples section with a doctest")
    else:
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        for test in doctest.DocTestFinder(recurse=False).find(func, name, globs=dict(globs)):
            runner.run(test, out=lambda _: None)
        if runner.failures:
            problems.append(f"{runner.failures} doctest example(s) fail")
    references = _section(doc, "References")
    if references is None or len(references.split()) < 3:
        problems.append("no References section naming a source")
    return problems


def class_problems(cls) -> list[str]:
    """A result class needs a summary line and a unit for each number it carries."""
    doc = inspect.getdoc(cls) or ""
    problems = []
    summary = doc.split("\n\n")[0]
    if not doc or summary.startswith(cls.__name__ + "(") or "\n" in summary:
        problems.append("no one-line summary")
    if dataclasses.is_dataclass(cls):
        for f in dataclasses.fields(cls):
            numeric = "float" in str(f.type)
            if numeric and not (UNIT_SUFFIX.search(f.name) or UNIT_WORDS.search(summary)):
                problems.append(f"field {f.name} has no unit")
    return problems


NAMES = public_names()
FUNCTIONS = [(m, n, o) for m, n, o in NAMES if inspect.isfunction(o)]
CLASSES = [(m, n, o) for m, n, o in NAMES if inspect.isclass(o)]


def test_every_module_lists_its_public_names():
    """Each public module has an __all__, so the rule below sees every calculator."""
    for info in pkgutil.iter_modules(capacity.__path__):
        if not info.name.startswith("_"):
            assert hasattr(importlib.import_module(f"curriculum.capacity.{info.name}"), "__all__"), info.name
    assert len(FUNCTIONS) >= 50


@pytest.mark.parametrize("module, name, func", FUNCTIONS, ids=[f"{m.rsplit('.', 1)[-1]}.{n}" for m, n, _ in FUNCTIONS])
def test_calculator_docstring_follows_the_rule(module, name, func):
    """Summary, parameters with units, returns with a unit, a passing doctest, and a reference."""
    problems = function_problems(func, name, vars(importlib.import_module(func.__module__)))
    assert not problems, f"{module}.{name}: " + "; ".join(problems)


@pytest.mark.parametrize("module, name, cls", CLASSES, ids=[n for _, n, _ in CLASSES])
def test_result_class_docstring_follows_the_rule(module, name, cls):
    problems = class_problems(cls)
    assert not problems, f"{module}.{name}: " + "; ".join(problems)


class TestTheCheckItself:
    """Each part of the rule, broken on purpose, is reported."""

    GOOD = '''Seconds to drain a queue.

    Parameters
    ----------
    segments : float
        Segments queued (>= 0).
    mps : float
        Sending rate, segments per second (> 0).

    Returns
    -------
    float
        Time to drain, seconds.

    Examples
    --------
    >>> drain(100, 10)
    10.0

    References
    ----------
    Twilio, "Understanding queuing", https://help.twilio.com/articles/115002943027
    '''

    def _func(self, doc: str):
        def drain(segments, mps):
            return segments / mps
        drain.__doc__ = doc
        return drain

    def problems(self, doc: str) -> list[str]:
        func = self._func(doc)
        return function_problems(func, "drain", {"drain": func})

    def test_a_good_docstring_passes(self):
        assert self.problems(self.GOOD) == []

    @pytest.mark.parametrize("old, new, expected", [
        ("Seconds to drain a queue.", "Seconds to drain\n    a queue", "summary"),
        ("    mps : float\n        Sending rate, segments per second (> 0).\n", "", "parameters not documented: mps"),
        ("Sending rate, segments per second (> 0).", "How fast it goes (> 0).", "parameter mps has no unit"),
        ("Time to drain, seconds.", "How long it takes.", "Returns section gives no unit"),
        ("    10.0\n", "    11.0\n", "doctest example(s) fail"),
        ("    >>> drain(100, 10)\n    10.0\n", "    Call it with two numbers.\n", "no Examples section with a doctest"),
        ("References\n    ----------\n    Twilio, \"Understanding queuing\", https://help.twilio.com/articles/115002943027\n",
         "", "no References section"),
    ])
    def test_each_broken_part_is_reported(self, old, new, expected):
        assert old in self.GOOD
        found = self.problems(self.GOOD.replace(old, new))
        assert any(expected in p for p in found), found

    def test_a_class_without_units_is_reported(self):
        @dataclasses.dataclass
        class Result:
            """A result."""
            rate: float
            rate_kbps: float

        assert class_problems(Result) == ["field rate has no unit"]
