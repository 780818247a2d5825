"""Tests for curriculum.widgets.diagram: the one-page diagram renderer."""

from __future__ import annotations

import matplotlib
import matplotlib.image as mpimg
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from curriculum.design import AnswerError, parse_answer
from curriculum.design.examples import strong_voice_answer, weak_voice_answer
from curriculum.widgets.diagram import diagram_layout, draw_diagram


def gids(fig: Figure, prefix: str, kind: str = "patches") -> list:
    ax = fig.axes[0]
    return [a for a in getattr(ax, kind) if (a.get_gid() or "").startswith(prefix)]


def ten_node_answer() -> dict:
    """A denser design: 7 components, 3 actors, 12 flows, one long edge and a cycle."""
    comps = ["Edge API", "Auth", "Message queue", "Sender pool", "Status webhook", "Scheduler", "Reminder store"]
    flows = [
        ["Clinic app", "Edge API", "create reminder"], ["Edge API", "Auth", "check key"],
        ["Edge API", "Reminder store", "save"], ["Scheduler", "Reminder store", "due reminders"],
        ["Scheduler", "Message queue", "enqueue"], ["Message queue", "Sender pool", "dequeue"],
        ["Sender pool", "Carrier", "SMS"], ["Carrier", "Status webhook", "delivery status"],
        ["Status webhook", "Reminder store", "mark delivered"], ["Patient", "Carrier", "reply"],
        ["Reminder store", "Scheduler", "next due time"], ["Auth", "Edge API", "ok"],
    ]
    return {
        "problem_definition": {},
        "deep_dive": [],
        "high_level_design": {
            "actors": ["Clinic app", "Patient", "Carrier"],
            "components": [{"name": n} for n in comps],
            "flows": flows,
        },
    }


class TestDrawDiagram:
    def test_png_is_written_and_not_blank(self, tmp_path):
        """The strong answer renders to a non-empty PNG with real content."""
        path = tmp_path / "strong.png"
        fig = draw_diagram(strong_voice_answer(), path=path)
        assert isinstance(fig, Figure)
        image = mpimg.imread(path)
        assert image.shape[0] > 200 and image.shape[1] > 600
        rgb = image[..., :3]
        assert rgb.std() > 0.05, "image looks blank"
        assert (rgb.min(axis=2) < 0.5).mean() > 0.005, "too few dark (text and line) pixels"

    def test_one_box_per_node(self):
        """Nine nodes (6 components, 3 actors) give nine boxes, each labelled with its name."""
        answer = parse_answer(strong_voice_answer())
        fig = draw_diagram(answer)
        boxes = gids(fig, "node:")
        assert len(boxes) == len(answer.high_level_design.node_names) == 9
        assert all(isinstance(b, FancyBboxPatch) for b in boxes)
        labels = {t.get_text().replace("\n", " ") for t in gids(fig, "node-label:", "texts")}
        assert labels == set(answer.high_level_design.node_names)

    def test_one_arrow_and_label_per_flow(self):
        """Each flow is an arrow; each labelled flow shows its label."""
        fig = draw_diagram(strong_voice_answer())
        arrows = gids(fig, "flow:")
        assert len(arrows) == 11 and all(isinstance(a, FancyArrowPatch) for a in arrows)
        labels = [t.get_text().replace("\n", " ") for t in gids(fig, "flow-label:", "texts")]
        assert "SIP INVITE" in labels and len(labels) == 11

    def test_actors_drawn_differently(self):
        """Actors use a dashed outline; components a solid one."""
        fig = draw_diagram(strong_voice_answer())
        styles = {b.get_gid()[5:]: b.get_linestyle() for b in gids(fig, "node:")}
        assert styles["Caller"] != styles["Call router"]

    def test_draws_into_given_axes(self):
        """With ax, it draws there and returns that axes' figure."""
        fig = Figure()
        ax = fig.add_subplot()
        assert draw_diagram(strong_voice_answer(), ax=ax) is fig
        assert len(gids(fig, "node:")) == 9

    def test_weak_answer_marks_orphans(self):
        """All 13 nodes are drawn; the seven in no flow share the last column under a note."""
        fig = draw_diagram(weak_voice_answer())
        assert len(gids(fig, "node:")) == 13
        assert any(t.get_text() == "in no flow" for t in fig.axes[0].texts)
        columns = diagram_layout(weak_voice_answer())
        last = max(c for c, _ in columns.values())
        assert sum(1 for c, _ in columns.values() if c == last) == 7

    def test_malformed_answer_raises(self):
        """A malformed dict raises the parser's AnswerError."""
        answer = strong_voice_answer()
        answer["high_level_design"]["flows"][0][1] = "Queue"
        with pytest.raises(AnswerError, match=r"flows\[0\]\[1\]"):
            draw_diagram(answer)

    def test_no_global_state(self, tmp_path):
        """Drawing and saving leave rcParams and the backend alone."""
        before = dict(matplotlib.rcParams)
        backend = matplotlib.get_backend()
        draw_diagram(strong_voice_answer(), path=tmp_path / "x.png")
        assert dict(matplotlib.rcParams) == before
        assert matplotlib.get_backend() == backend

    def test_empty_design(self):
        """An answer with no components still renders, with a note."""
        fig = draw_diagram({"problem_definition": {}, "high_level_design": {}, "deep_dive": []})
        assert any("No components" in t.get_text() for t in fig.axes[0].texts)


class TestLayout:
    def test_strong_layout(self):
        """Columns follow the flows from the caller to the business app."""
        layout = diagram_layout(strong_voice_answer())
        col = {n: c for n, (c, _) in layout.items()}
        assert col["Caller"] == 0 and col["Carrier"] == 1 and col["Call router"] == 2
        assert col["TwiML webhook"] == col["Recording store"] == col["Message index"] == 3
        assert col["Business app"] == max(col.values())

    def test_forward_flows_point_right(self):
        """In a design without cycles every flow goes to a later column."""
        answer = ten_node_answer()
        hld = answer["high_level_design"]
        hld["flows"] = [f for f in hld["flows"] if f[2] not in {"ok", "next due time", "mark delivered"}]
        layout = diagram_layout(answer)
        for source, target, _ in hld["flows"]:
            assert layout[source][0] < layout[target][0], (source, target)

    def test_only_cycle_closing_flows_point_left(self):
        """A flow that does not go right closes a cycle: its target reaches its source."""
        answer = ten_node_answer()
        flows = answer["high_level_design"]["flows"]
        layout = diagram_layout(answer)

        def reaches(a: str, b: str) -> bool:
            seen, todo = set(), [a]
            while todo:
                n = todo.pop()
                if n == b:
                    return True
                if n not in seen:
                    seen.add(n)
                    todo += [t for s, t, _ in flows if s == n]
            return False

        left = [(s, t) for s, t, _ in flows if layout[s][0] >= layout[t][0]]
        assert left and all(reaches(t, s) for s, t in left)

    def test_positions_unique_and_deterministic(self):
        """No two nodes share a slot, and the layout is the same every time."""
        first = diagram_layout(ten_node_answer())
        assert len(set(first.values())) == len(first) == 10
        assert diagram_layout(ten_node_answer()) == first

    def test_ten_nodes_boxes_do_not_overlap(self):
        """Ten nodes fit without overlapping boxes."""
        fig = draw_diagram(ten_node_answer())
        boxes = [b.get_bbox() for b in gids(fig, "node:")]
        assert len(boxes) == 10
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


class TestMarkdownAnswers:
    def test_draws_from_markdown(self):
        """The diagram of a Markdown answer is the diagram of the same answer as a dict."""
        from curriculum.design.markdown import to_markdown
        from curriculum.widgets.diagram import diagram_layout

        md = to_markdown(strong_voice_answer())
        assert diagram_layout(md) == diagram_layout(strong_voice_answer())

    def test_reference_answers_draw(self):
        """Every prompt's reference answer draws one box per component and actor."""
        from curriculum.design.catalog import PROMPT_IDS
        from curriculum.design.references import reference_answer, reference_markdown
        from curriculum.widgets.diagram import draw_diagram

        for pid in PROMPT_IDS:
            fig = draw_diagram(reference_markdown(pid))
            nodes = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("node:")]
            assert len(nodes) == len(reference_answer(pid).high_level_design.node_names)
