"""What an explorer shows the learner: the Markdown it says, the text it prints and the figures it draws.

Import the fixture into a test module (``from tests.displayed import shown``) and ask ``shown`` after moving a
slider: ``shown.markdown[-1]`` is the last Markdown shown, ``shown.figures[-1]`` the last matplotlib figure
(still a Figure, so its lines' data can be read), ``shown.printed()`` the text printed since the last call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class Shown:
    markdown: list[str] = field(default_factory=list)
    figures: list = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)
    capsys: object = None

    def printed(self) -> str:
        return self.capsys.readouterr().out

    def clear(self) -> None:
        self.markdown.clear()
        self.figures.clear()
        self.images.clear()
        self.printed()


@pytest.fixture
def shown(monkeypatch, capsys) -> Shown:
    """Record everything passed to IPython's display, and every figure handed to ``plots.show``."""
    import IPython.display as ipd

    import curriculum.widgets.plots as plots

    record = Shown(capsys=capsys)
    real_show = plots.show

    def display(*objects, **_):
        for obj in objects:
            if isinstance(obj, ipd.Markdown):
                record.markdown.append(obj.data)
            elif isinstance(obj, ipd.Image):
                record.images.append(obj.data)
            else:
                print(obj)

    def show(fig):
        record.figures.append(fig)
        real_show(fig)

    monkeypatch.setattr(ipd, "display", display)
    monkeypatch.setattr(plots, "show", show)
    return record
