"""Week 2 widgets: trunk sizing summaries, pool and bandwidth tables, figures, the Erlang B explorer, ChoiceCheck."""

from __future__ import annotations

import math

import ipywidgets as w
import pytest

from curriculum.capacity import erlang_b, trunks_for, voice_bandwidth_kbps
from curriculum.widgets.plots import png_bytes
from curriculum.widgets.voice import (
    EXPLORER_BLOCKING_PCT,
    EXPLORER_LOADS,
    _explorer_text,
    bandwidth_breakdown_figure,
    blocking_curve,
    erlang_b_explorer,
    media_bandwidth_table,
    pool_efficiency_table,
    trunk_summary,
    trunks_per_erlang_figure,
)


class TestTrunkSummary:
    def test_matches_the_library(self):
        """Trunks and blocking are the library's Erlang B figures for 10,000 Erlangs at 1%."""
        s = trunk_summary(10_000, 0.01)
        assert s["trunks"] == trunks_for(10_000, 0.01) == 9970
        assert s["blocking"] == erlang_b(10_000, 9970) <= 0.01
        assert s["trunks_per_erlang"] == pytest.approx(0.997)

    def test_carried_load_and_occupancy(self):
        """Carried = offered x (1 - B); occupancy = carried / trunks, always below 1."""
        s = trunk_summary(100, 0.01)
        assert s["carried_erlangs"] == pytest.approx(100 * (1 - erlang_b(100, 117)))
        assert s["occupancy"] == pytest.approx(s["carried_erlangs"] / 117)
        assert 0 < s["occupancy"] < 1

    def test_one_trunk_per_erlang_blocks_more_in_small_pools(self):
        """One trunk per Erlang blocks far more calls in a small pool than in a large one."""
        small, large = trunk_summary(10, 0.01), trunk_summary(10_000, 0.01)
        assert small["blocking_one_per_erlang"] == erlang_b(10, 10)
        assert small["blocking_one_per_erlang"] > 10 * large["blocking_one_per_erlang"]

    def test_tighter_target_needs_more_trunks(self):
        """0.1% needs 200 more trunks than 1% at 10,000 Erlangs (10,170 vs 9,970)."""
        assert trunk_summary(10_000, 0.001)["trunks"] - trunk_summary(10_000, 0.01)["trunks"] == 200

    @pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf"), "10", None, True])
    def test_bad_load_names_the_parameter(self, bad):
        """The load must be a positive number."""
        with pytest.raises(ValueError, match="traffic_erlangs must be a number > 0"):
            trunk_summary(bad, 0.01)


class TestPoolEfficiency:
    def test_trunks_per_erlang_fall_as_the_pool_grows(self):
        """Trunks per Erlang at 1%: 1.8, 1.17, 1.029, 0.997 for 10, 100, 1,000, 10,000 Erlangs."""
        t = pool_efficiency_table()
        assert list(t["trunks"]) == [18, 117, 1029, 9970]
        ratios = list(t["trunks per Erlang"])
        assert ratios == sorted(ratios, reverse=True)
        assert list(t["occupancy (%)"]) == sorted(t["occupancy (%)"])

    def test_figure_has_one_bar_per_load(self):
        """The bar chart has one bar per pool size and renders to PNG."""
        fig = trunks_per_erlang_figure((10, 100, 1000))
        assert len(fig.axes[0].patches) == 3
        assert png_bytes(fig)[:4] == b"\x89PNG"


class TestBlockingCurve:
    def test_curve_falls_and_crosses_the_target_at_the_trunk_count(self):
        """The plotted blocking falls with trunks and is at or below 1% from 9,970 trunks on."""
        fig = blocking_curve(10_000, 0.01)
        line = fig.axes[0].get_lines()[0]
        xs, ys = list(line.get_xdata()), list(line.get_ydata())
        assert ys == sorted(ys, reverse=True)
        assert all(y <= 1.0 for x, y in zip(xs, ys) if x >= 9970)
        assert all(y > 1.0 for x, y in zip(xs, ys) if x < 9970)

    def test_small_load_starts_at_one_trunk(self):
        """For 10 Erlangs the x axis starts at 1 trunk (never 0 or negative)."""
        xs = list(blocking_curve(10, 0.01).axes[0].get_lines()[0].get_xdata())
        assert xs[0] == 1 and xs[-1] > 18

    def test_compare_target_is_marked(self):
        """With a second target the annotations name both trunk counts."""
        texts = [t.get_text() for t in blocking_curve(10_000, 0.01, 0.001).axes[0].texts]
        assert "9,970 trunks for 1%" in texts and "10,170 trunks for 0.1%" in texts


class TestMediaBandwidth:
    def test_totals_count_both_directions(self):
        """10,000 G.711 calls: 2 x 10,000 x 87.2 kbit/s = 1.744 Gbit/s on Ethernet, 1.6 at the IP layer."""
        row = media_bandwidth_table(10_000).iloc[0]
        assert row["codec"] == "G.711"
        assert row["all calls, both directions, Ethernet (Gbit/s)"] == pytest.approx(1.744)
        assert row["all calls, both directions, IP (Gbit/s)"] == pytest.approx(1.6)

    def test_per_call_rates_are_the_library_rates(self):
        """Per-call columns are voice_bandwidth_kbps at 20 ms for each codec."""
        t = media_bandwidth_table(1)
        assert list(t["per call, one direction, IP (kbit/s)"]) == [
            voice_bandwidth_kbps("G.711", 20, "ip"), voice_bandwidth_kbps("Opus", 20, "ip", 32),
            voice_bandwidth_kbps("G.729", 20, "ip")]

    def test_breakdown_stacks_to_the_ethernet_rate(self):
        """Audio + headers + framing for G.711 stack to 64 + 16 + 7.2 = 87.2 kbit/s."""
        ax = bandwidth_breakdown_figure().axes[0]
        g711 = [p.get_height() for p in ax.patches[0::3]]
        assert sum(g711) == pytest.approx(87.2)
        assert g711[0] == pytest.approx(64)

    def test_bad_call_count(self):
        """A negative call count is refused by name."""
        with pytest.raises(ValueError, match="concurrent_calls"):
            media_bandwidth_table(-1)


class TestErlangBExplorer:
    def test_has_two_sliders_at_the_lesson_example(self):
        """Traffic and blocking sliders start at 10,000 Erlangs and 1%."""
        box = erlang_b_explorer()
        sliders = box.children[0].children
        assert [s.value for s in sliders] == [10_000, 1.0]
        assert "course-explorer" in box._dom_classes

    def test_moving_a_slider_redraws(self, monkeypatch):
        """Moving the blocking slider re-runs the drawing with the new value."""
        import curriculum.widgets.voice as voice

        seen = []
        monkeypatch.setattr(voice, "_explorer_text", lambda load, pct: seen.append((load, pct)) or ["x"])
        box = erlang_b_explorer()
        box.children[0].children[1].value = 0.1
        assert seen == [(10_000, 1.0), (10_000, 0.1)]

    def test_every_slider_position_works(self):
        """Every load and blocking position yields a summary without error."""
        for load in EXPLORER_LOADS:
            for pct in (EXPLORER_BLOCKING_PCT[0], EXPLORER_BLOCKING_PCT[-1]):
                text = _explorer_text(load, pct)
                assert f"{trunks_for(load, pct / 100):,} trunks" in text[1]

    def test_text_quotes_the_one_per_erlang_blocking(self):
        """The summary says what one trunk per Erlang would block."""
        text = _explorer_text(10, 1.0)
        assert f"{100 * erlang_b(10, 10):.2f}%" in text[3]


def test_module_sets_no_plot_state():
    """Importing the module and drawing changes no matplotlib rcParams."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    blocking_curve(50, 0.02)
    assert dict(matplotlib.rcParams) == before
    assert isinstance(erlang_b_explorer(), w.VBox)
    assert math.isfinite(trunk_summary(50, 0.02)["occupancy"])
