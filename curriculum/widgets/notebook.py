"""Small display helpers for lessons: prose whose numbers come from the code that computes them."""

from __future__ import annotations


def say(markdown_text: str) -> None:
    """Show Markdown in the notebook output; use an f-string so every figure is computed, not typed.

    Outside a notebook it prints the text, which keeps lessons testable:

    >>> say(f"**{10_000 / 180:,.1f}** new calls per second")
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(markdown_text))
