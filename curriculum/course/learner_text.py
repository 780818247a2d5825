r"""Static checks on what a learner reads: money that renders as maths, and cells that should be collapsed.

Two checks, registered in the course QA's ``static`` check (:mod:`curriculum.course.qa`):

* :func:`dollar_problems`: JupyterLab reads the text between two ``$`` as LaTeX, so "costs $10,000 a night
  against $615" renders as garbled maths. A Markdown cell, or a string shown with ``Markdown(...)``
  directly, must escape money as ``\$10,000``. Strings given to ``say(...)`` are escaped by ``say()``
  itself (:func:`curriculum.widgets.notebook.escape_dollars`); there a ``maths=True`` call with an
  odd number of ``$`` is flagged, since it cannot be balanced maths.
* :func:`collapse_problems`: a code cell whose only job is to print prose (``say(...)`` calls) and a lesson
  self-check cell (``SelfCheck(...)`` / ``ChoiceCheck(...)``) must be shown collapsed
  (``metadata.jupyter.source_hidden = true``), so a lesson reads as text and the expected answer's
  computation stays out of plain view.

>>> unescaped_dollar_pairs(r"costs $10,000 a night against $615")
['$10,000 a night against $']
>>> unescaped_dollar_pairs(r"costs \$10,000 a night against \$615, or `x = '$1' + '$2'`")
[]

Reference: JupyterLab, "Markdown" (maths between ``$`` signs,
https://jupyterlab.readthedocs.io/en/stable/user/file_formats.html#markdown); Jupyter's cell metadata
``jupyter.source_hidden`` (https://nbformat.readthedocs.io/en/latest/format_description.html#cell-metadata).
"""

from __future__ import annotations

import ast
import re

__all__ = ["collapse_problems", "dollar_problems", "is_say_only", "is_self_check", "unescaped_dollar_pairs"]

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_DOLLAR = re.compile(r"(?<!\\)\$")
_DISPLAY_MATHS = re.compile(r"(?<!\\)\$\$.*?(?<!\\)\$\$", re.S)
_SELF_CHECKS = ("SelfCheck", "ChoiceCheck")


def _prose(markdown: str) -> str:
    """The Markdown with fenced code blocks and code spans blanked out (JupyterLab reads no maths there)."""
    text = _FENCE.sub(lambda m: " " * len(m.group(0)), markdown)
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def unescaped_dollar_pairs(markdown: str) -> list[str]:
    r"""Money garbled as maths: text between two unescaped ``$`` (outside code) where one starts an amount.

    A pair whose either ``$`` is followed by a digit, with no LaTeX (``\ ^ _ { } =``) between, is money
    (``$5 ... $6``); ``$L = \lambda W$``, ``$N$``, ``$1 - (1 - a)^n$`` and ``$$...$$`` blocks are maths.

    >>> unescaped_dollar_pairs("$5 and $6 and $7")
    ['$5 and $']
    >>> unescaped_dollar_pairs("only one $5 here"), unescaped_dollar_pairs("maths $N$ and $$p^N$$ stays")
    ([], [])
    """
    prose = _DISPLAY_MATHS.sub(lambda m: " " * len(m.group(0)), _prose(markdown))
    positions = [m.start() for m in _DOLLAR.finditer(prose)]
    pairs = []
    for start, end in zip(positions[0::2], positions[1::2]):
        inside = prose[start + 1:end]
        money = ((prose[start + 1:start + 2].isdigit() or prose[end + 1:end + 2].isdigit())
                 and not any(ch in inside for ch in "\\^_{}="))
        if money:  # "$10,000 ... $615"; maths such as "$L = \lambda W$" or "$N$" is meant as maths
            pairs.append(markdown[start:end + 1][:60])
    return pairs


def _literal_text(node: ast.AST) -> str | None:
    """The constant text of a string literal or f-string (placeholders dropped), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return None if left is None or right is None else left + right
    return None


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _calls(source: str) -> list[ast.Call]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)]


def dollar_problems(cell) -> list[str]:
    """What is wrong with the dollar signs a learner would see from one cell (empty when nothing is)."""
    problems = []
    if cell.get("cell_type") == "markdown":
        for pair in unescaped_dollar_pairs(cell.get("source", "")):
            problems.append(f"renders {pair!r} as maths: write money as \\$ in Markdown (e.g. \\$10,000)")
        return problems
    if cell.get("cell_type") != "code":
        return problems
    for call in _calls(cell.get("source", "")):
        if not call.args:
            continue
        text = _literal_text(call.args[0])
        if text is None:
            continue
        name = _name(call.func)
        maths = any(k.arg == "maths" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in call.keywords)
        if name == "Markdown":
            for pair in unescaped_dollar_pairs(text):
                problems.append(f"Markdown(...) renders {pair!r} as maths: use say(...), which escapes $, "
                                "or write \\$")
        elif name == "say" and maths and len(_DOLLAR.findall(_prose(text))) % 2:
            problems.append("say(..., maths=True) has an odd number of $: money there must be written \\$")
    return problems


def is_self_check(source: str) -> bool:
    """True for a lesson self-check cell: it builds a ``SelfCheck`` or ``ChoiceCheck``.

    >>> is_self_check('SelfCheck("rate", expected=capacity.arrival_rate_per_s(2_400, 240))')
    True
    """
    return any(_name(c.func) in _SELF_CHECKS for c in _calls(source))


def is_say_only(source: str) -> bool:
    """True for a cell whose statements are all ``say(...)`` calls (its only job is to print prose).

    >>> is_say_only('say(f"**{rate:,.0f}** calls per second")'), is_say_only('rate = 5\\nsay(f"{rate}")')
    (True, False)
    """
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
                              and _name(s.value.func) == "say" for s in body)


def collapse_problems(cell) -> list[str]:
    """Why a say-only or self-check cell should be collapsed (empty when it is, or is neither)."""
    if cell.get("cell_type") != "code":
        return []
    source = cell.get("source", "")
    hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") is True
    if hidden:
        return []
    if is_self_check(source):
        return ["is a self-check: collapse its source (metadata.jupyter.source_hidden = true) so the expected "
                "answer's computation is out of sight"]
    if is_say_only(source):
        return ["only prints prose with say(...): collapse its source (metadata.jupyter.source_hidden = true) "
                "so the lesson reads as text"]
    return []
