"""Week 6 widgets: conference topologies, contact-centre staffing, choice questions and self-review checklists.

Every number comes from :mod:`curriculum.capacity`; every figure is built with
:func:`curriculum.widgets.plots.new_figure` (no pyplot, no global state). The
drawing and grading logic are plain functions and methods, so the tests call
them without a browser; the ipywidgets forms are thin shells around them, and
none of them ever raises on a learner's input.
"""

from __future__ import annotations

import html
import math

from curriculum.capacity import (
    agents_for,
    average_speed_of_answer,
    conference_bandwidth,
    offered_load,
    service_level,
)
from curriculum.widgets.selfcheck import ChoiceCheck
from curriculum.widgets.plots import new_figure

__all__ = [
    "TOPOLOGIES",
    "topology_rows",
    "topology_figure",
    "topology_explorer",
    "staffing_rows",
    "service_level_figure",
    "staffing_explorer",
    "markdown_table",
    "ChoiceQuestion",
    "Checklist",
]

#: The three ways to wire a multi-party call, in teaching order, with their plot colours.
TOPOLOGIES = {"mesh": "#f22f46", "sfu": "#0263e0", "mcu": "#14b053"}
_LABELS = {"mesh": "Mesh", "sfu": "SFU", "mcu": "MCU"}
# Panels where two topologies share one formula, so one line hides the other.
_OVERLAPS = {"client_up_kbps": "SFU and MCU: the same line", "client_down_kbps": "mesh and SFU: the same line"}


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table from a header and rows of already formatted cells.

    >>> print(markdown_table(["a", "b"], [["1", "2"]]))
    | a | b |
    |---|---|
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Conference topologies


def topology_rows(participants: int, stream_kbps: float) -> list[dict]:
    """Per-client and server bandwidth of each topology, kbit/s, from :func:`conference_bandwidth`.

    >>> [(r["topology"], r["client_up_kbps"], r["server_egress_kbps"]) for r in topology_rows(6, 500)]
    [('mesh', 2500.0, 0.0), ('sfu', 500.0, 15000.0), ('mcu', 500.0, 3000.0)]
    """
    rows = []
    for name in TOPOLOGIES:
        c = conference_bandwidth(name, participants, stream_kbps)
        rows.append({
            "topology": name,
            "client_up_kbps": c.client_up_kbps,
            "client_down_kbps": c.client_down_kbps,
            "server_ingress_kbps": c.server_ingress_kbps,
            "server_egress_kbps": c.server_egress_kbps,
        })
    return rows


def topology_markdown(participants: int, stream_kbps: float) -> str:
    """The topology comparison as a Markdown table, in Mbit/s.

    >>> "| SFU | 0.5 | 2.5 | 3.0 | 15.0 |" in topology_markdown(6, 500)
    True
    """
    rows = [[_LABELS[r["topology"]]] + [f"{r[k] / 1000:,.1f}" for k in
            ("client_up_kbps", "client_down_kbps", "server_ingress_kbps", "server_egress_kbps")]
            for r in topology_rows(participants, stream_kbps)]
    header = ["topology", "each client up", "each client down", "server in", "server out"]
    return (f"**{participants} participants at {stream_kbps:,.0f} kbit/s each** (Mbit/s)\n\n"
            + markdown_table(header, rows))


def topology_figure(stream_kbps: float, max_participants: int = 20, mark: int | None = None):
    """Client upload, client download and server egress against the number of participants, per topology.

    Three panels in Mbit/s, one line per topology; ``mark`` draws a vertical
    line at that room size. Mesh and SFU downloads are the same formula, so
    the mesh line is drawn dashed on top of the SFU line.

    >>> fig = topology_figure(500, 12, mark=6)
    >>> [ax.get_title() for ax in fig.axes]
    ['Each client uploads', 'Each client downloads', 'Media server sends (egress)']
    """
    if not isinstance(max_participants, int) or max_participants < 3:
        raise ValueError(f"max_participants must be a whole number >= 3, got {max_participants!r}")
    fig, ax = new_figure(10.5, 3.4)
    ax.remove()
    axes = fig.subplots(1, 3)
    sizes = list(range(2, max_participants + 1))
    panels = (("client_up_kbps", "Each client uploads"), ("client_down_kbps", "Each client downloads"),
              ("server_egress_kbps", "Media server sends (egress)"))
    for axis, (field, title) in zip(axes, panels):
        for name, colour in TOPOLOGIES.items():
            values = [getattr(conference_bandwidth(name, n, stream_kbps), field) / 1000 for n in sizes]
            dashed = name == "mesh"
            axis.plot(sizes, values, color=colour, label=_LABELS[name], linestyle="--" if dashed else "-",
                      linewidth=2.2 if dashed else 1.8, zorder=3 if dashed else 2)
        if mark is not None:
            axis.axvline(mark, color="#888888", linewidth=1, linestyle=":")
        if field in _OVERLAPS:
            axis.text(0.03, 0.97, _OVERLAPS[field], transform=axis.transAxes, fontsize=8, va="top",
                      color="#555555")
        axis.set_title(title, fontsize=10)
        axis.set_xlabel("participants")
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("Mbit/s")
    axes[2].legend(fontsize=8, loc="upper left")
    fig.suptitle(f"Every participant sends one {stream_kbps:,.0f} kbit/s stream", fontsize=11)
    return fig


def topology_explorer(participants: int = 6, stream_kbps: int = 500):
    """Sliders for room size and stream bit rate; redraws the table and the three panels."""
    import ipywidgets as w

    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.notebook import say
    from curriculum.widgets.plots import show

    def draw(participants, stream_kbps):
        say(topology_markdown(participants, stream_kbps))
        show(topology_figure(stream_kbps, max(20, participants), mark=participants))

    style = {"description_width": "initial"}
    return explorer(
        draw,
        participants=w.IntSlider(value=participants, min=2, max=50, step=1, description="participants",
                                 style=style, continuous_update=False),
        stream_kbps=w.IntSlider(value=stream_kbps, min=100, max=2500, step=50, description="stream (kbit/s)",
                                style=style, continuous_update=False),
    )


# ---------------------------------------------------------------------------------------------
# Contact-centre staffing (Erlang C)


def staffing_rows(calls_per_hour: float, aht_s: float, target_s: float = 20, goal: float = 0.8,
                  spread: int = 2) -> list[dict]:
    """Service level and average speed of answer around the staffing that meets ``goal``.

    Rows run from ``spread`` agents below :func:`agents_for`'s answer to
    ``spread`` above it, leaving out counts at or below the offered load (the
    queue would grow without end). ``meets`` marks rows at or above the goal.

    >>> rows = staffing_rows(120, 180, 20, 0.8)   # 6 Erlangs
    >>> [(r["agents"], round(r["service_level"], 3), r["meets"]) for r in rows]
    [(7, 0.451, False), (8, 0.714, False), (9, 0.86, True), (10, 0.935, True), (11, 0.972, True)]
    """
    traffic = offered_load(calls_per_hour / 3600, aht_s)
    needed = agents_for(traffic, aht_s, target_s, goal)
    rows = []
    for n in range(needed - spread, needed + spread + 1):
        if n <= traffic:
            continue
        sl = service_level(traffic, n, aht_s, target_s)
        rows.append({"agents": n, "traffic_erlangs": traffic, "service_level": sl,
                     "asa_s": average_speed_of_answer(traffic, n, aht_s), "meets": sl >= goal,
                     "needed": n == needed})
    return rows


def staffing_markdown(calls_per_hour: float, aht_s: float, target_s: float = 20, goal: float = 0.8) -> str:
    """The staffing rows as a Markdown table, the recommended row in bold.

    >>> "| **9** | **86.0%** |" in staffing_markdown(120, 180)
    True
    """
    rows = staffing_rows(calls_per_hour, aht_s, target_s, goal)
    traffic = rows[0]["traffic_erlangs"]
    body = []
    for r in rows:
        cells = [f"{r['agents']}", f"{r['service_level']:.1%}", f"{r['asa_s']:,.1f} s",
                 "yes" if r["meets"] else "no"]
        if r["needed"]:
            cells = [f"**{c}**" for c in cells]
        body.append(cells)
    header = ["agents", f"answered within {target_s:g} s", "average speed of answer", f"meets {goal:.0%}?"]
    return (f"**{calls_per_hour:,.0f} calls an hour × {aht_s:,.0f} s = {traffic:,.1f} Erlangs**\n\n"
            + markdown_table(header, body))


def service_level_figure(calls_per_hour: float, aht_s: float, target_s: float = 20, goal: float = 0.8,
                         extra_agents: int = 8):
    """Share of calls answered within ``target_s`` as agents are added (Erlang C), with the goal line.

    >>> fig = service_level_figure(120, 180)
    >>> fig.axes[0].get_ylabel()
    'answered within 20 s (%)'
    """
    traffic = offered_load(calls_per_hour / 3600, aht_s)
    needed = agents_for(traffic, aht_s, target_s, goal)
    first = int(math.floor(traffic)) + 1
    agents = list(range(first, needed + extra_agents + 1))
    levels = [100 * service_level(traffic, n, aht_s, target_s) for n in agents]
    fig, ax = new_figure()
    colours = ["#0263e0" if n >= needed else "#b0c4de" for n in agents]
    ax.bar(agents, levels, color=colours)
    ax.axhline(100 * goal, color="#f22f46", linestyle="--", linewidth=1.2)
    ax.annotate(f"goal {goal:.0%}", (agents[0], 100 * goal), textcoords="offset points", xytext=(0, 5),
                color="#f22f46")
    ax.set_xlabel("agents on shift")
    ax.set_ylabel(f"answered within {target_s:g} s (%)")
    ax.set_ylim(0, 105)
    ax.set_title(f"{traffic:,.1f} Erlangs offered: {needed} agents is the first bar over the line")
    ax.grid(alpha=0.3, axis="y")
    return fig


def staffing_explorer(calls_per_hour: int = 720, aht_s: int = 300, target_s: int = 20, goal: float = 0.8):
    """Sliders for busy-hour calls and handle time; redraws the staffing table and the service-level bars."""
    import ipywidgets as w

    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.notebook import say
    from curriculum.widgets.plots import show

    def draw(calls_per_hour, aht_s):
        say(staffing_markdown(calls_per_hour, aht_s, target_s, goal))
        show(service_level_figure(calls_per_hour, aht_s, target_s, goal))

    style = {"description_width": "initial"}
    return explorer(
        draw,
        calls_per_hour=w.IntSlider(value=calls_per_hour, min=60, max=3000, step=30,
                                   description="calls in the busy hour", style=style, continuous_update=False),
        aht_s=w.IntSlider(value=aht_s, min=60, max=900, step=30, description="handle time (s)",
                          style=style, continuous_update=False),
    )


# ---------------------------------------------------------------------------------------------
# Choice questions and checklists


class ChoiceQuestion(ChoiceCheck):
    """A multiple-choice self-check phrased as a question: the shared :class:`ChoiceCheck`, with ``why``
    shown once the right option is found and ``hint`` after a miss (never the answer).

    >>> q = ChoiceQuestion("Which opening clarifies first?", {"A": "Use Kafka.", "B": "Who joins a call?"},
    ...                    answer="B", why="It asks about users before technology.", hint="Look for a question.")
    >>> q.grade("A")[0], q.grade("b")
    (False, (True, '`your choice` is correct. It asks about users before technology.'))
    >>> q.grade(None)
    (False, 'Pick one of the options first.')
    """

    def __init__(self, question: str, options: dict[str, str], *, answer: str, why: str, hint: str):
        if isinstance(options, dict) and answer not in options:
            raise ValueError(f"answer must be one of the option labels {list(options)}, got {answer!r}")
        super().__init__("your choice", options, answer, hint=hint, explain=why, prompt=question)
        self.question, self.answer, self.why = question, answer, why


class Checklist:
    """A self-review checklist: tick what you did; the summary line counts ticks and names what is left.

    >>> c = Checklist("Mock 1", ["Asked three questions", "Drew one page"])
    >>> c.summary([True, False])
    '1 of 2 done. Still to practise: Drew one page.'
    >>> c.summary([True, True])
    '2 of 2 done. Every item ticked: well done.'
    """

    def __init__(self, title: str, items: list[str]):
        if not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise ValueError("items must be a non-empty list of non-empty strings")
        self.title, self.items = title, list(items)
        self._widget = None

    def summary(self, ticked: list[bool]) -> str:
        """One line: how many items are ticked, and which are left."""
        done = sum(bool(t) for t in ticked)
        left = [item for item, t in zip(self.items, ticked) if not t]
        if not left:
            return f"{done} of {len(self.items)} done. Every item ticked: well done."
        return f"{done} of {len(self.items)} done. Still to practise: " + "; ".join(left) + "."

    @property
    def widget(self):
        """One checkbox per item and a live summary line."""
        if self._widget is None:
            import ipywidgets as w

            boxes = [w.Checkbox(value=False, description=item, indent=False, layout=w.Layout(width="auto"))
                     for item in self.items]
            summary = w.HTML(value=html.escape(self.summary([False] * len(boxes))))

            def on_change(_=None):
                summary.value = html.escape(self.summary([b.value for b in boxes]))

            for box in boxes:
                box.observe(on_change, names="value")
            title = w.HTML(value=f"<b>{html.escape(self.title)}</b>")
            self._widget = w.VBox([title, *boxes, summary])
            self._widget.add_class("course-checklist")
        return self._widget

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
