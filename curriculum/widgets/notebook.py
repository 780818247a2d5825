"""Small display helpers for lessons: prose whose numbers come from the code that computes them."""

from __future__ import annotations

import re

# A Markdown code span (`...`, ``...``): JupyterLab never reads maths inside one, so `$` stays as it is there.
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


def escape_dollars(markdown_text: str) -> str:
    r"""Escape every ``$`` outside code spans as ``\$``, so JupyterLab shows money instead of maths.

    JupyterLab reads the text between two ``$`` as LaTeX, which garbles "$10,000 a night against $615".
    A ``$`` already escaped (``\$``) is left as it is.

    >>> escape_dollars("**$10,000** a night against **$615**")
    '**\\$10,000** a night against **\\$615**'
    >>> escape_dollars(r"already \$5; code `cost = '$5'` untouched")
    "already \\$5; code `cost = '$5'` untouched"

    Reference: JupyterLab renders Markdown with inline maths between ``$`` signs
    (https://jupyterlab.readthedocs.io/en/stable/user/file_formats.html#markdown).
    """
    out, last = [], 0
    for span in _CODE_SPAN.finditer(markdown_text):
        out.append(re.sub(r"(?<!\\)\$", r"\\$", markdown_text[last:span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(re.sub(r"(?<!\\)\$", r"\\$", markdown_text[last:]))
    return "".join(out)


def say(markdown_text: str, *, maths: bool = False) -> None:
    """Show Markdown in the notebook output; use an f-string so every figure is computed, not typed.

    Every ``$`` is money: it is escaped so JupyterLab does not read a pair of them as maths
    (:func:`escape_dollars`). Pass ``maths=True`` for text that really holds ``$...$`` maths.
    Outside a notebook it prints the text, which keeps lessons testable:

    >>> say(f"**{10_000 / 180:,.1f}** new calls per second")
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(markdown_text if maths else escape_dollars(markdown_text)))
