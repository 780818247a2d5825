"""Week 6 widgets: topology and staffing explorers, choice questions and checklists."""

from __future__ import annotations

import pytest

from curriculum.capacity import agents_for, conference_bandwidth, service_level
from curriculum.widgets.video import (
    ChoiceQuestion,
    Checklist,
    markdown_table,
    service_level_figure,
    staffing_explorer,
    staffing_markdown,
    staffing_rows,
    topology_explorer,
    topology_figure,
    topology_markdown,
    topology_rows,
)
from tests.displayed import shown  # noqa: F401 - a fixture


class TestTopologyRows:
    def test_numbers_are_the_library_s(self):
        """Each row is conference_bandwidth for its topology."""
        for row in topology_rows(8, 750):
            c = conference_bandwidth(row["topology"], 8, 750)
            assert (row["client_up_kbps"], row["client_down_kbps"], row["server_egress_kbps"]) == (
                c.client_up_kbps, c.client_down_kbps, c.server_egress_kbps)

    def test_six_at_500(self):
        """6 at 500 kbit/s: mesh uploads 5 x 500 = 2,500; SFU sends 6 x 5 x 500 = 15,000; MCU 6 x 500 = 3,000."""
        rows = {r["topology"]: r for r in topology_rows(6, 500)}
        assert rows["mesh"]["client_up_kbps"] == 2500
        assert rows["sfu"]["server_egress_kbps"] == 15_000
        assert rows["mcu"]["server_egress_kbps"] == 3000

    def test_markdown_in_mbit(self):
        """The table shows Mbit/s with one decimal: SFU egress 15,000 kbit/s reads 15.0."""
        text = topology_markdown(6, 500)
        assert "| SFU | 0.5 | 2.5 | 3.0 | 15.0 |" in text and "6 participants" in text


class TestTopologyFigure:
    def test_three_panels_three_lines_each(self):
        """Upload, download and egress panels, one line per topology."""
        fig = topology_figure(500, 10)
        assert len(fig.axes) == 3
        assert all(len(ax.get_lines()) == 3 for ax in fig.axes)

    def test_lines_end_at_the_library_values(self):
        """The SFU egress line ends at N (N - 1) r for the largest N, in Mbit/s."""
        fig = topology_figure(500, 10)
        sfu = fig.axes[2].get_lines()[1]
        assert sfu.get_xdata()[-1] == 10
        assert sfu.get_ydata()[-1] == pytest.approx(10 * 9 * 500 / 1000)

    def test_mark_adds_a_line(self):
        """mark draws one more (vertical) line in each panel."""
        fig = topology_figure(500, 10, mark=4)
        assert all(len(ax.get_lines()) == 4 for ax in fig.axes)

    @pytest.mark.parametrize("bad", [2, 0, 5.5, "20"])
    def test_bad_range(self, bad):
        """The x range needs at least 3 participants."""
        with pytest.raises(ValueError, match="max_participants"):
            topology_figure(500, bad)


class TestTopologyExplorer:
    def test_two_sliders_at_the_lesson_s_example(self):
        """Participants and stream bit rate, starting at 6 and 500 kbit/s."""
        box = topology_explorer()
        sliders = box.children[0].children
        assert [s.value for s in sliders] == [6, 500]
        assert "course-explorer" in box._dom_classes

    def test_it_opens_on_the_lesson_s_room(self, shown):
        """The first drawing is the 6-person room at 500 kbit/s: SFU egress 6 x 5 x 0.5 = 15.0 Mbit/s."""
        topology_explorer()
        assert len(shown.markdown) == 1 and len(shown.figures) == 1
        assert "**6 participants at 500 kbit/s each**" in shown.markdown[0]
        assert "| SFU | 0.5 | 2.5 | 3.0 | 15.0 |" in shown.markdown[0]
        sfu_egress = shown.figures[0].axes[2].get_lines()[1]
        assert sfu_egress.get_xdata()[-1] == 20          # the x axis runs to 20 participants at least
        assert sfu_egress.get_ydata()[-1] == pytest.approx(190.0)  # 20 x 19 x 0.5 Mbit/s

    def test_moving_a_slider_redraws_the_table_and_the_panels(self, shown):
        """Each slider move redraws both: the learner sees the new room's numbers and the mark moves."""
        box = topology_explorer()
        participants, stream = box.children[0].children
        participants.value = 30
        # 30 people at 0.5 Mbit/s: SFU client down 29 x 0.5 = 14.5, server in 30 x 0.5 = 15.0,
        # server out 30 x 29 x 0.5 = 435.0 Mbit/s.
        assert "**30 participants at 500 kbit/s each**" in shown.markdown[-1]
        assert "| SFU | 0.5 | 14.5 | 15.0 | 435.0 |" in shown.markdown[-1]
        stream.value = 2500
        # at 2.5 Mbit/s each: up 2.5, down 29 x 2.5 = 72.5, in 30 x 2.5 = 75.0, out 30 x 29 x 2.5 = 2,175.0.
        assert "**30 participants at 2,500 kbit/s each**" in shown.markdown[-1]
        assert "| SFU | 2.5 | 72.5 | 75.0 | 2,175.0 |" in shown.markdown[-1]
        # mesh: each client uploads to the 29 others, 29 x 2.5 = 72.5 Mbit/s, and there is no server.
        assert "| Mesh | 72.5 | 72.5 | 0.0 | 0.0 |" in shown.markdown[-1]
        assert len(shown.markdown) == len(shown.figures) == 3
        fig = shown.figures[-1]
        sfu_egress = fig.axes[2].get_lines()[1]
        assert sfu_egress.get_xdata()[-1] == 30           # the x range grows to the room size
        assert sfu_egress.get_ydata()[-1] == pytest.approx(2175.0)
        mark = fig.axes[0].get_lines()[-1]                # the dotted room-size marker
        assert list(mark.get_xdata()) == [30, 30]


class TestStaffing:
    def test_rows_centre_on_agents_for(self):
        """The bold row is agents_for's answer; it meets the goal and the row before does not."""
        rows = staffing_rows(720, 300)   # 720 x 300 / 3600 = 60 Erlangs
        needed = agents_for(60, 300, 20, 0.8)
        marked = [r for r in rows if r["needed"]]
        assert len(marked) == 1 and marked[0]["agents"] == needed
        by_n = {r["agents"]: r for r in rows}
        assert by_n[needed]["meets"] and not by_n[needed - 1]["meets"]
        assert by_n[needed - 1]["service_level"] == service_level(60, needed - 1, 300, 20)

    def test_service_level_rises_and_wait_falls(self):
        """Property: each extra agent raises the service level and shortens the average wait."""
        rows = staffing_rows(2000, 240, spread=4)
        assert [r["service_level"] for r in rows] == sorted(r["service_level"] for r in rows)
        assert [r["asa_s"] for r in rows] == sorted((r["asa_s"] for r in rows), reverse=True)

    def test_unstable_counts_are_left_out(self):
        """Counts at or below the offered load are not shown: Erlang C needs agents > traffic."""
        rows = staffing_rows(120, 180, spread=5)   # 6 Erlangs, 9 agents needed
        assert min(r["agents"] for r in rows) == 7

    def test_markdown_bolds_the_answer(self):
        """The table prints the traffic and bolds the recommended row (9 agents, 86.0% for 6 Erlangs)."""
        text = staffing_markdown(120, 180)
        assert "6.0 Erlangs" in text and "| **9** | **86.0%** |" in text

    def test_figure_has_one_bar_per_count(self):
        """Bars from floor(A) + 1 up to 8 past the answer; the goal line at 80%."""
        fig = service_level_figure(120, 180)
        ax = fig.axes[0]
        assert len(ax.patches) == (9 + 8) - 7 + 1
        assert ax.get_lines()[0].get_ydata()[0] == 80

    def test_explorer_sliders(self):
        """Calls per hour and handle time, starting at the lesson's 720 calls of 300 s."""
        box = staffing_explorer()
        sliders = box.children[0].children
        assert [s.value for s in sliders] == [720, 300]

    def test_explorer_redraws_the_table_and_the_bars(self, shown):
        """Doubling the handle time doubles the traffic the learner reads, and the bars start past it."""
        box = staffing_explorer()
        # 720 calls an hour x 300 s / 3,600 s = 60 Erlangs; the first stable count is 61 agents.
        assert "**720 calls an hour × 300 s = 60.0 Erlangs**" in shown.markdown[-1]
        assert shown.figures[-1].axes[0].patches[0].get_x() + 0.4 == pytest.approx(61)
        box.children[0].children[1].value = 600
        # 720 x 600 / 3,600 = 120 Erlangs; bars start at floor(120) + 1 = 121 agents; the goal line is at 80%.
        assert "**720 calls an hour × 600 s = 120.0 Erlangs**" in shown.markdown[-1]
        ax = shown.figures[-1].axes[0]
        assert ax.patches[0].get_x() + 0.4 == pytest.approx(121)
        assert ax.get_lines()[0].get_ydata()[0] == 80
        assert ax.get_title().startswith("120.0 Erlangs offered")
        assert len(shown.markdown) == len(shown.figures) == 2


class TestChoiceQuestion:
    def make(self):
        return ChoiceQuestion("Which mistake?", {"A": "tech first", "B": "generic", "C": "too detailed"},
                              answer="C", why="Codec settings belong in the deep dive.",
                              hint="Which one would not fit on one page?")

    def test_right_and_wrong(self):
        """The right label passes with the explanation; a wrong one gets the hint, not the answer."""
        q = self.make()
        ok, message = q.grade(" c ")
        assert ok and message.endswith("Codec settings belong in the deep dive.")
        ok, message = q.grade("A")
        assert not ok and "one page" in message and "C" not in message.replace("Which", "")

    def test_nothing_picked(self):
        """No choice yet is a nudge, not an exception."""
        assert self.make().grade(None) == (False, "Pick one of the options first.")
        assert self.make().grade("Z")[0] is False

    def test_widget_click(self):
        """Choosing and pressing Check fills the feedback line."""
        q = self.make()
        radio, button = q.widget.children[1].children
        feedback = q.widget.children[2]
        radio.value = "B"
        button.click()
        assert "✗" in feedback.value
        radio.value = "C"
        button.click()
        assert "✓" in feedback.value

    def test_answer_must_be_an_option(self):
        """An author typo in the answer label fails when the question is built."""
        with pytest.raises(ValueError, match="answer"):
            ChoiceQuestion("q", {"A": "x", "B": "y"}, answer="D", why="w", hint="h")


class TestChecklist:
    def test_summary_counts_and_lists_what_is_left(self):
        """The summary names the unticked items in order."""
        c = Checklist("Prep", ["one", "two", "three"])
        assert c.summary([False, True, False]) == "1 of 3 done. Still to practise: one; three."

    def test_ticking_updates_the_widget(self):
        """Ticking every box turns the summary into a well done."""
        c = Checklist("Prep", ["one", "two"])
        children = c.widget.children
        boxes, summary = children[1:-1], children[-1]
        assert "0 of 2" in summary.value
        for box in boxes:
            box.value = True
        assert "2 of 2 done" in summary.value

    def test_items_required(self):
        """An empty checklist is an author error."""
        with pytest.raises(ValueError, match="items"):
            Checklist("Prep", [])


def test_markdown_table_shape():
    """Header, rule, one line per row."""
    assert markdown_table(["x"], [["1"], ["2"]]).count("\n") == 3
