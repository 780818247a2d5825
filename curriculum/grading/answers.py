"""Answers cross from the student's kernel to the grader as plain data, and only as plain data.

A graded test cell is never run in the student's kernel. The grader reads which names the test cell
uses (:func:`names_read`), asks the kernel for their values with :func:`export_code` and checks what
comes back with :func:`decode` before the trusted check code sees it. Only these kinds cross:
``None``, ``bool``, ``int``, ``float``, ``str``, and lists and dicts (with text keys) of them, within
size limits. Anything else (a function, a module, an object with a lying ``__eq__`` or ``__float__``)
arrives as :class:`NotPlainData` and the question is missed with a message saying what kind of value
is expected. Whatever the kernel sends, the grader only ever holds data, so no trick inside the kernel
can change what a check computes.

>>> names_read("'Q1'\\ncheck('rate', rate, 5)\\nimport math\\n_x = math.pi")
['check', 'rate']
>>> decode('{"rate": {"value": 2.5}}', ["rate"])
{'rate': 2.5}
>>> decode('{"rate": {"unsupported": "function"}}', ["rate"])["rate"].describe("rate")
'`rate` must be a number, text, or a list or dict of those; it is a function.'

Reference: Python ``ast`` module (https://docs.python.org/3/library/ast.html); RFC 8259 (JSON).
"""

from __future__ import annotations

import ast
import builtins
import json
import math
import secrets
from dataclasses import dataclass

#: Largest answer payload accepted from a kernel, in characters of JSON.
MAX_PAYLOAD_CHARS = 2_000_000
#: Largest single text answer, in characters.
MAX_TEXT_CHARS = 200_000
#: Deepest nesting of lists and dicts.
MAX_DEPTH = 32
#: Most values (numbers, texts, list items, dict entries) in one answer.
MAX_ITEMS = 100_000


@dataclass(frozen=True)
class NotPlainData:
    """An answer that could not cross as plain data; ``kind`` says what it was."""

    kind: str

    def describe(self, name: str) -> str:
        if self.kind == "missing":
            return (f"`{name}` is not set. Run the answer cell above this check (after replacing the "
                    "`raise NotImplementedError(...)` line with your answer), then run the check again.")
        if self.kind == "unreadable":
            return f"`{name}` could not be read from your notebook's kernel; run the notebook again from the top."
        if self.kind == "too large":
            return f"`{name}` is too large to grade; an answer is a number, a short text, or a small list or dict."
        return f"`{name}` must be a number, text, or a list or dict of those; it is a {self.kind}."


def names_read(source: str) -> list[str]:
    """Names a cell reads without defining them itself (in order of first use), builtins excluded.

    Only these can come from the notebook, so only these are asked of the student's kernel.
    """
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    defined: set[str] = set()
    loaded: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loaded.append(node.id)
            else:
                defined.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                defined.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            defined.add(node.name)
    out: list[str] = []
    for name in loaded:
        if name not in defined and not hasattr(builtins, name) and name not in out:
            out.append(name)
    return out


# The code sent to the student's kernel. It runs there, so nothing it returns is trusted: the grader
# decodes and checks the result itself. It only makes honest values (numpy numbers, tuples) plain.
_EXPORT = r'''
def __curriculum_export(names, marker):
    import json as _json
    def plain(value, depth=0):
        # exact built-in types cross as they are; subclasses cross as their built-in value (never
        # through methods they override); numpy and pandas scalars and arrays through their own item()
        if depth > {max_depth}:
            raise ValueError("nested too deeply")
        kind = type(value)
        if value is None or kind in (bool, str, int, float):
            return value
        if kind.__module__.split(".")[0] in ("numpy", "pandas") and hasattr(value, "tolist"):
            return plain(value.tolist(), depth + 1)
        if kind.__name__ in ("Fraction", "Decimal") and kind.__module__ in ("fractions", "decimal"):
            return float(value)
        if isinstance(value, bool):
            return bool(int.__int__(value))
        if isinstance(value, int):
            return int.__int__(value)
        if isinstance(value, float):
            return float.__float__(value)
        if isinstance(value, str):
            return str.__str__(value)
        if isinstance(value, (list, tuple)):
            items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
            return [plain(item, depth + 1) for item in items]
        if isinstance(value, dict) and all(type(key) is str for key in dict.keys(value)):
            return {{key: plain(dict.__getitem__(value, key), depth + 1) for key in dict.keys(value)}}
        raise TypeError(kind.__name__)
    found = {{}}
    space = globals()
    for name in names:
        if name not in space:
            found[name] = {{"missing": True}}
            continue
        try:
            found[name] = {{"value": plain(space[name])}}
        except Exception as exc:
            kind = str(exc) if isinstance(exc, TypeError) else "value nested too deeply"
            found[name] = {{"unsupported": kind[:80]}}
    print(marker + _json.dumps(found))
__curriculum_export({names!r}, {marker!r})
del __curriculum_export
'''


def new_marker() -> str:
    """A fresh marker that starts the answer line in the kernel's output."""
    return "@@curriculum-answers-" + secrets.token_hex(8) + "@@"


def export_code(names: list[str], marker: str) -> str:
    """Python for the student's kernel that prints ``marker`` and the named values as JSON."""
    return _EXPORT.format(names=list(names), marker=marker, max_depth=MAX_DEPTH)


def find_payload(text: str, marker: str) -> str | None:
    """The JSON after the last ``marker`` in the kernel's printed output, or None."""
    at = text.rfind(marker)
    if at < 0:
        return None
    return text[at + len(marker):].split("\n", 1)[0]


class _Budget:
    def __init__(self):
        self.items = 0


def _check_plain(value, depth: int, budget: _Budget):
    """Return ``value`` if it is plain data within limits, else raise ValueError."""
    budget.items += 1
    if budget.items > MAX_ITEMS or depth > MAX_DEPTH:
        raise ValueError("too large")
    kind = type(value)
    if value is None or kind in (bool, int):
        return value
    if kind is float:
        return value
    if kind is str:
        if len(value) > MAX_TEXT_CHARS:
            raise ValueError("too large")
        return value
    if kind is list:
        return [_check_plain(item, depth + 1, budget) for item in value]
    if kind is dict:
        return {str(k): _check_plain(v, depth + 1, budget) for k, v in value.items()}
    raise ValueError("unreadable")


def decode(payload: str | None, names: list[str]) -> dict[str, object]:
    """The values the kernel sent for ``names``: plain data, or a :class:`NotPlainData` per name.

    >>> decode(None, ["x"])["x"].kind
    'unreadable'
    >>> decode('{"x": {"missing": true}}', ["x"])["x"].kind
    'missing'
    >>> decode('{"x": {"value": [1, 2.5, "ms", {"a": null}]}}', ["x"])
    {'x': [1, 2.5, 'ms', {'a': None}]}
    """
    out: dict[str, object] = {name: NotPlainData("unreadable") for name in names}
    if payload is None:
        return out
    if len(payload) > MAX_PAYLOAD_CHARS:
        return {name: NotPlainData("too large") for name in names}
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return out
    if type(data) is not dict:
        return out
    for name in names:
        entry = data.get(name)
        if type(entry) is not dict:
            continue
        if entry.get("missing") is True:
            out[name] = NotPlainData("missing")
        elif "unsupported" in entry:
            kind = entry["unsupported"]
            out[name] = NotPlainData(kind if type(kind) is str and kind.isidentifier() else "value of another kind")
        elif "value" in entry:
            try:
                value = _check_plain(entry["value"], 0, _Budget())
            except (ValueError, RecursionError) as exc:
                out[name] = NotPlainData(str(exc) if str(exc) == "too large" else "unreadable")
            else:
                if type(value) is float and math.isnan(value):
                    value = float("nan")
                out[name] = value
    return out
