"""Every calculator in curriculum.capacity refuses a bad number with a ValueError that names the parameter.

The README's rule for calculators: "raises ValueError naming the parameter and its valid range". Each public
function is called as its own docstring example calls it, then with one numeric argument replaced by NaN (never a
valid count, rate or time): the error must name that parameter as a whole word, so a message that names the
wrong parameter, or a mangled one, fails here.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import pkgutil
import re

import pytest

import curriculum.capacity as capacity

#: Valid calls for functions whose docstring example does not call them with literal arguments.
EXAMPLE_CALLS = {
    "backoff_ceiling_s": dict(retry=3, base_s=1, cap_s=30),
    "time_to_fallback_ms": dict(connect_timeout_ms=5000, read_timeout_ms=15000, total_timeout_ms=15000,
                                retry_count=1),
}


def _doctest_call(func) -> inspect.BoundArguments | None:
    """The first call to ``func`` in its own Examples whose arguments are literals or module names."""
    module = vars(importlib.import_module(func.__module__))
    for line in (inspect.getdoc(func) or "").splitlines():
        line = line.strip()
        if not line.startswith(">>> "):
            continue
        try:
            tree = ast.parse(line[4:])
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == func.__name__:
                try:
                    value = lambda expr: eval(compile(ast.Expression(expr), "<example>", "eval"), dict(module))  # noqa: E731
                    return inspect.signature(func).bind(*[value(a) for a in node.args],
                                                        **{k.arg: value(k.value) for k in node.keywords})
                except Exception:  # noqa: BLE001 - an example that uses a loop variable: try the next one
                    continue
    return None


def _cases():
    cases = []
    for info in pkgutil.iter_modules(capacity.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"curriculum.capacity.{info.name}")
        for name in module.__all__:
            func = getattr(module, name)
            if not inspect.isfunction(func):
                continue
            bound = (inspect.signature(func).bind(**EXAMPLE_CALLS[name]) if name in EXAMPLE_CALLS
                     else _doctest_call(func))
            assert bound is not None, f"{info.name}.{name}: no example call to start from; add it to EXAMPLE_CALLS"
            bound.apply_defaults()
            for param, value in bound.arguments.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cases.append(pytest.param(func, dict(bound.arguments), param, id=f"{info.name}.{name}.{param}"))
    return cases


CASES = _cases()


def test_the_cases_cover_the_calculators():
    """Over a hundred numeric parameters, from every public module."""
    assert len(CASES) >= 100
    assert {c.values[0].__module__ for c in CASES} >= {
        f"curriculum.capacity.{m}" for m in ("traffic", "media", "messaging", "latency", "reliability",
                                             "resilience", "senders", "storage", "video", "webhooks")}


@pytest.mark.parametrize("func, arguments, param", CASES)
def test_nan_is_refused_naming_the_parameter(func, arguments, param):
    func(**arguments)  # the example call itself is valid
    bad = {**arguments, param: math.nan}
    with pytest.raises(ValueError) as raised:
        func(**bad)
    message = str(raised.value)
    assert re.search(rf"(?<![\w.]){re.escape(param)}(?!\w)", message), message
    assert "nan" in message, f"the message should quote the bad value: {message}"
