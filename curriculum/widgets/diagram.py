"""Draw an answer's high-level design as a one-page diagram with matplotlib.

The answer may be the learner's Markdown (the course template), a dict or a
parsed answer: the diagram is drawn from its ``## Actors``, ``### Component``
headings and ``A -> B: what flows`` lines.

Components are rounded boxes, actors (people and systems outside the design)
are dashed grey pills, and each flow is an arrow with its label at the middle.

Layout, deterministic and dependency-free. Columns run left to right along
the flows: the flows that close a cycle are set aside, each node goes one
column right of its furthest upstream node (longest path), and a source (a node
no flow points into) sits just left of its first successor, so every other
arrow points right. Nodes in no flow go in a last column under a note, so
orphans stand out. Within a column, barycentre sweeps (the mean height of a
node's neighbours) order the nodes, keeping the order with fewest crossings.
An arrow that would pass through another box, or that has a partner in the
opposite direction, is bent. The figure grows with the longest chain of flows:
a design that needs more than about seven columns no longer reads as one page,
which is itself a hint to simplify it.

Only the object-oriented API is used: no ``pyplot``, no ``matplotlib.use()``,
no change to ``rcParams``.

Reference: the course's interview guide, "aim for a one-page diagram level of
detail, focusing on component interactions".

>>> from curriculum.design.examples import strong_voice_answer
>>> fig = draw_diagram(strong_voice_answer())
>>> len(fig.axes)
1
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from os import PathLike

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from curriculum.design.model import Answer, HighLevelDesign, parse_answer

__all__ = ["diagram_layout", "draw_diagram"]

# Geometry, in data units (the axes use an equal aspect ratio).
_BOX_W, _BOX_H = 2.5, 1.0
_X_GAP, _Y_GAP = 4.2, 1.9
_MARGIN = 0.5
_INCHES_PER_UNIT = 0.55

_COMPONENT_STYLE = {"facecolor": "#dbe9f6", "edgecolor": "#1f4e79", "linewidth": 1.4, "linestyle": "-"}
_ACTOR_STYLE = {"facecolor": "#f2f2f2", "edgecolor": "#595959", "linewidth": 1.2, "linestyle": "--"}
_ARROW_COLOR = "#404040"


def _design(answer: Answer | Mapping | str) -> HighLevelDesign:
    return parse_answer(answer).high_level_design


def diagram_layout(answer: Answer | Mapping) -> dict[str, tuple[int, int]]:
    """The ``(column, row)`` of every node, as :func:`draw_diagram` places it.

    Columns count from 0 at the left; rows from 0 at the top of each column.
    ``answer`` is Markdown, a dict or a parsed :class:`~curriculum.design.model.Answer`.

    >>> answer = {"problem_definition": {}, "deep_dive": [], "high_level_design": {
    ...     "actors": ["Caller"],
    ...     "components": [{"name": "Router"}, {"name": "Store"}, {"name": "Index"}],
    ...     "flows": [["Caller", "Router"], ["Router", "Store"], ["Router", "Index"]]}}
    >>> diagram_layout(answer)
    {'Caller': (0, 0), 'Router': (1, 0), 'Store': (2, 0), 'Index': (2, 1)}
    """
    design = _design(answer)
    nodes = list(design.node_names)
    edges: list[tuple[str, str]] = []
    for f in design.flows:
        if (f.source, f.target) not in edges:
            edges.append((f.source, f.target))
    isolated = _isolated(design)
    column = _columns([n for n in nodes if n not in isolated], edges)
    last = max(column.values(), default=-1) + 1
    for n in isolated:
        column[n] = last
    columns = [[n for n in nodes if column[n] == c] for c in range(last + bool(isolated))]
    order = _best_order(columns, edges)
    return {n: (column[n], order[column[n]].index(n)) for n in nodes}


def _columns(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path columns after dropping the edges that close a cycle."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        succ[a].append(b)
    has_pred = {b for _, b in edges}
    # Depth-first search, sources first, marks the edges that close a cycle.
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in [n for n in nodes if n not in has_pred] + nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(succ[child])))
    forward = [(a, b) for a, b in edges if (a, b) not in back]
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in forward:
        preds[b].append(a)
    column: dict[str, int] = {}
    pending = list(nodes)
    while pending:  # Kahn's order; declared order breaks ties
        node = next(n for n in pending if all(p in column for p in preds[n]))
        column[node] = max((column[p] + 1 for p in preds[node]), default=0)
        pending.remove(node)
    for n in nodes:  # a source sits just left of its nearest successor
        nexts = [column[b] for a, b in forward if a == n]
        if not preds[n] and nexts:
            column[n] = min(nexts) - 1
    return column


def _crossings(columns: list[list[str]], edges: list[tuple[str, str]]) -> int:
    """Edge crossings plus edges through boxes, on straight lines: lower is better."""
    layout = {n: (c, r) for c, members in enumerate(columns) for r, n in enumerate(members)}
    centres = _centres(layout)

    def side(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    segments = [(centres[a], centres[b], {a, b}) for a, b in edges]
    count = 0
    for i, (p1, p2, ends1) in enumerate(segments):
        for p3, p4, ends2 in segments[i + 1:]:
            if ends1 & ends2:
                continue
            if side(p1, p2, p3) * side(p1, p2, p4) < 0 and side(p3, p4, p1) * side(p3, p4, p2) < 0:
                count += 1
        others = [c for n, c in centres.items() if n not in ends1]
        count += 2 * _crosses(p1, p2, 0.0, others)
    return count


def _best_order(columns: list[list[str]], edges: list[tuple[str, str]]) -> list[list[str]]:
    """Barycentre sweeps, left-right then right-left; keep the order with fewest crossings."""
    neighbours: dict[str, list[str]] = {n: [] for members in columns for n in members}
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    col_of = {n: c for c, members in enumerate(columns) for n in members}
    current = [list(m) for m in columns]
    best, best_score = current, _crossings(current, edges)
    for sweep in range(4):
        left_to_right = sweep % 2 == 0
        height = {n: r - (len(m) - 1) / 2 for m in current for r, n in enumerate(m)}
        sequence = range(len(current)) if left_to_right else range(len(current) - 1, -1, -1)
        for c in sequence:
            def key(n: str, c: int = c) -> float:
                near = [height[x] for x in neighbours[n] if (col_of[x] < c if left_to_right else col_of[x] > c)]
                return sum(near) / len(near) if near else height[n]
            current[c] = sorted(current[c], key=key)
            height.update({n: r - (len(current[c]) - 1) / 2 for r, n in enumerate(current[c])})
        score = _crossings(current, edges)
        if score < best_score:
            best, best_score = [list(m) for m in current], score
    return best


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _isolated(design: HighLevelDesign) -> list[str]:
    used = {f.source for f in design.flows} | {f.target for f in design.flows}
    return [n for n in design.node_names if n not in used]


def _centres(layout: dict[str, tuple[int, int]]) -> dict[str, tuple[float, float]]:
    sizes: dict[int, int] = {}
    for col, _ in layout.values():
        sizes[col] = sizes.get(col, 0) + 1
    return {
        n: (col * _X_GAP, -(row - (sizes[col] - 1) / 2) * _Y_GAP)
        for n, (col, row) in layout.items()
    }


def _bezier(p0: tuple[float, float], p2: tuple[float, float], rad: float, t: float) -> tuple[float, float]:
    (x0, y0), (x2, y2) = p0, p2
    cx, cy = (x0 + x2) / 2 + rad * (y2 - y0), (y0 + y2) / 2 - rad * (x2 - x0)
    u = 1 - t
    return (u * u * x0 + 2 * u * t * cx + t * t * x2, u * u * y0 + 2 * u * t * cy + t * t * y2)


def _crosses(p0, p2, rad, others) -> int:
    """How many of the boxes centred at ``others`` the curve passes through."""
    hit = set()
    for k in range(1, 24):
        x, y = _bezier(p0, p2, rad, k / 24)
        for i, (ox, oy) in enumerate(others):
            if abs(x - ox) < _BOX_W / 2 + 0.15 and abs(y - oy) < _BOX_H / 2 + 0.15:
                hit.add(i)
    return len(hit)


# Candidate bulges (distance from the straight line at the middle, data units).
_PAIR_BULGES = (0.55, 0.9, 1.3)
_BULGES = (0.0, 0.8, -0.8, 1.4, -1.4, 2.1, -2.1, 2.9, -2.9, 3.8, -3.8)


def _bend(source: str, target: str, centres, pairs: set[tuple[str, str]]) -> float:
    """The ``arc3`` rad for a flow: straight if it can be, bent around boxes if not."""
    others = [c for n, c in centres.items() if n not in (source, target)]
    p0, p2 = centres[source], centres[target]
    length = max(((p2[0] - p0[0]) ** 2 + (p2[1] - p0[1]) ** 2) ** 0.5, 1e-9)
    bulges = _PAIR_BULGES if (target, source) in pairs else _BULGES
    rads = [round(2 * b / length, 3) for b in bulges]  # the curve's middle is rad * length / 2 off the line
    hits = [_crosses(p0, p2, r, others) for r in rads]
    return rads[hits.index(min(hits))]


def draw_diagram(
    answer: Answer | Mapping,
    ax: Axes | None = None,
    path: str | PathLike | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Render the high-level design on one page and return the figure.

    ``answer`` is the learner's Markdown, dict or a parsed
    :class:`~curriculum.design.model.Answer`; a malformed one raises
    :class:`~curriculum.design.model.AnswerError` (for Markdown, naming the line). Draws into ``ax`` when given,
    otherwise into a new :class:`~matplotlib.figure.Figure` sized to the layout.
    With ``path``, also saves a PNG there. Each node's box has the gid
    ``"node:<name>"`` and each flow's arrow ``"flow:<index>"``.

    >>> from curriculum.design.examples import strong_voice_answer
    >>> fig = draw_diagram(strong_voice_answer())
    >>> sum(1 for p in fig.axes[0].patches if (p.get_gid() or "").startswith("node:"))
    9
    """
    parsed = parse_answer(answer)
    design = parsed.high_level_design
    centres = _centres(diagram_layout(parsed))
    pairs = {(f.source, f.target) for f in design.flows}
    bends = [_bend(f.source, f.target, centres, pairs) for f in design.flows]
    xs = [x for x, _ in centres.values()] or [0.0]
    ys = [y for _, y in centres.values()] or [0.0]
    x0, x1 = min(xs) - _BOX_W / 2, max(xs) + _BOX_W / 2
    y0, y1 = min(ys) - _BOX_H / 2, max(ys) + _BOX_H / 2 + 0.4
    for f, rad in zip(design.flows, bends):  # keep bent arrows and their labels inside the axes
        for k in range(1, 20):
            x, y = _bezier(centres[f.source], centres[f.target], rad, k / 20)
            x0, x1, y0, y1 = min(x0, x - 0.5), max(x1, x + 0.5), min(y0, y - 0.3), max(y1, y + 0.3)
    x0, x1, y0, y1 = x0 - _MARGIN, x1 + _MARGIN, y0 - _MARGIN, y1 + _MARGIN

    if ax is None:
        width = max(6.0, (x1 - x0) * _INCHES_PER_UNIT)
        height = max(3.0, (y1 - y0) * _INCHES_PER_UNIT + 1.0)
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure

    actors = set(design.actors)
    boxes: dict[str, FancyBboxPatch] = {}
    for name, (x, y) in centres.items():
        is_actor = name in actors
        style = _ACTOR_STYLE if is_actor else _COMPONENT_STYLE
        rounding = _BOX_H / 2 if is_actor else 0.15
        box = FancyBboxPatch(
            (x - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H,
            boxstyle=f"round,pad=0,rounding_size={rounding}", zorder=2, **style,
        )
        box.set_gid(f"node:{name}")
        ax.add_patch(box)
        boxes[name] = box
        label = ax.text(
            x, y, textwrap.fill(name, 16), ha="center", va="center", fontsize=9, zorder=3,
            style="italic" if is_actor else "normal", color="#1a1a1a",
        )
        label.set_gid(f"node-label:{name}")

    for i, (f, rad) in enumerate(zip(design.flows, bends)):
        arrow = FancyArrowPatch(
            centres[f.source], centres[f.target], patchA=boxes[f.source], patchB=boxes[f.target],
            arrowstyle="-|>", mutation_scale=12, connectionstyle=f"arc3,rad={rad}",
            color=_ARROW_COLOR, linewidth=1.1, shrinkA=2, shrinkB=3, zorder=1,
        )
        arrow.set_gid(f"flow:{i}")
        ax.add_patch(arrow)
        if f.label:
            lx, ly = _bezier(centres[f.source], centres[f.target], rad, 0.5)
            text = ax.text(
                lx, ly, textwrap.fill(f.label, 13), ha="center", va="center", fontsize=7, zorder=4,
                color="#262626",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
            )
            text.set_gid(f"flow-label:{i}")

    if not centres:
        ax.text(0, 0, "No components or actors yet", ha="center", va="center", fontsize=10)
    orphans = _isolated(design)
    if orphans:
        top = max(centres[n][1] for n in orphans)
        ax.text(
            centres[orphans[0]][0], top + _BOX_H / 2 + 0.2, "in no flow", ha="center", va="bottom",
            fontsize=8, style="italic", color="#8c2d19",
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    counts = ", ".join((
        _plural(len(design.components), "component"),
        _plural(len(design.actors), "actor"),
        _plural(len(design.flows), "flow"),
    ))
    ax.set_title(
        title or f"One-page design: {counts}",
        fontsize=11, loc="left",
    )
    ax.legend(
        handles=[
            Patch(label="Component", **_COMPONENT_STYLE),
            Patch(label="Actor (outside the system)", **_ACTOR_STYLE),
        ],
        loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, fontsize=8, frameon=False,
        handlelength=1.6, borderaxespad=0.0,
    )
    if path is not None:
        fig.savefig(path, dpi=150, bbox_inches="tight", facecolor="white")
    return fig
