"""Week 5 widgets: the redundancy and backoff figures, and the token bucket explorer, agree with the library."""

from __future__ import annotations

import pytest

from curriculum.capacity import downtime_s, parallel
from curriculum.capacity.resilience import backoff_schedule, token_bucket_admitted, token_bucket_refill_s
from curriculum.widgets.plots import png_bytes
from curriculum.widgets.reliability import (
    attack_arrivals,
    backoff_figure,
    redundancy_figure,
    redundancy_table,
    token_bucket_explorer,
    token_bucket_figure,
    token_bucket_summary,
)
from tests.displayed import shown  # noqa: F401 - a fixture


class TestRedundancy:
    def test_table_matches_the_library(self):
        """Each row is parallel() and downtime_s() per 30-day month: 99 % twice is 99.99 %, 4.32 min."""
        rows = redundancy_table((0.99, 0.999), max_copies=3)
        assert len(rows) == 6
        for r in rows:
            assert r["availability"] == parallel(r["single"], r["copies"])
            assert r["downtime_min"] == pytest.approx(downtime_s(r["availability"], "month") / 60)
        assert rows[1]["downtime_min"] == pytest.approx(4.32)  # 0.0001 * 30 * 86,400 / 60

    def test_more_copies_less_downtime(self):
        """Downtime falls with every copy added."""
        rows = redundancy_table((0.995,), max_copies=4)
        downs = [r["downtime_min"] for r in rows]
        assert downs == sorted(downs, reverse=True)

    def test_rejects_zero_copies(self):
        """max_copies must be at least one."""
        with pytest.raises(ValueError, match="max_copies"):
            redundancy_table(max_copies=0)

    def test_figure_draws_target_line(self):
        """One line per single-copy availability, plus the target line, on a log axis."""
        fig = redundancy_figure((0.99, 0.999), max_copies=3, target=0.9995)
        ax = fig.axes[0]
        assert ax.get_yscale() == "log"
        assert len(ax.get_lines()) == 3
        assert ax.get_lines()[-1].get_ydata()[0] == pytest.approx(downtime_s(0.9995, "month") / 60)
        assert png_bytes(fig)[:4] == b"\x89PNG"


class TestBackoffFigure:
    def test_bars_are_the_schedule(self):
        """Three bar groups: ceilings, equal-jitter and full-jitter means from backoff_schedule()."""
        fig = backoff_figure(4, 1, 30)
        heights = [p.get_height() for p in fig.axes[0].patches]
        assert heights[:4] == list(backoff_schedule(4, 1, 30, "none").expected_s)
        assert heights[4:8] == list(backoff_schedule(4, 1, 30, "equal").expected_s)
        assert heights[8:] == list(backoff_schedule(4, 1, 30, "full").expected_s)
        # ceilings 1 x 2**k s: 1, 2, 4, 8; equal jitter waits half the ceiling plus half at random, mean 3/4 of it;
        # full jitter waits uniformly up to the ceiling, mean half of it.
        assert heights == [1, 2, 4, 8, 0.75, 1.5, 3, 6, 0.5, 1, 2, 4]
        assert "worst case 15 s" in fig.axes[0].get_title()


class TestTokenBucket:
    def test_arrivals(self):
        """The attack replaces normal traffic for attack_s seconds."""
        assert attack_arrivals(50, 2_000, 30, 60, 150).count(2_000) == 60
        with pytest.raises(ValueError, match="attack_start_s"):
            attack_arrivals(50, 2_000, 200, 60, 150)

    def test_summary_matches_the_library(self):
        """Admitted during the attack is burst + rate * 60 s; the trace agrees; refill is burst / rate."""
        s = token_bucket_summary(100, 1_000, 2_000)
        assert s["admitted_during_attack"] == token_bucket_admitted(100, 1_000, 2_000, 60) == 7_000
        assert s["refill_s"] == token_bucket_refill_s(100, 1_000) == 10
        assert s["time_to_empty_s"] == pytest.approx(1_000 / 1_900)
        # the trace: 30 s and 60 s of normal traffic (50/s, all admitted) around the attack
        assert s["admitted"] == pytest.approx(7_000 + 90 * 50)
        assert s["admitted"] + s["shed"] == pytest.approx(s["offered"])

    def test_attack_under_the_rate_sheds_nothing(self):
        """An 'attack' below the sustained rate passes untouched."""
        s = token_bucket_summary(500, 1_000, 400)
        assert s["shed"] == 0 and s["time_to_empty_s"] == float("inf")

    def test_figure(self):
        """The figure plots offered and admitted per second."""
        fig = token_bucket_figure(100, 1_000, 2_000)
        assert fig.axes[0].get_ylabel() == "requests per second"
        assert png_bytes(fig)[:4] == b"\x89PNG"

    def test_explorer_has_three_sliders(self):
        """Rate, burst and attack sliders start at the lesson's example."""
        box = token_bucket_explorer()
        sliders = box.children[0].children
        assert [s.value for s in sliders] == [100, 1_000, 2_000]
        assert "course-explorer" in box._dom_classes

    def test_explorer_opens_on_the_lesson_s_attack(self, shown):
        """The first drawing reads the lesson's numbers out to the learner."""
        token_bucket_explorer()
        text = shown.printed()
        assert "Bucket: 100 tokens/s sustained, 1,000 burst. Attack: 2,000 req/s for 60 s." in text
        # admitted = burst + rate x 60 s = 1,000 + 6,000 = 7,000 of 2,000 x 60 = 120,000 offered;
        # shed 113,000 / 120,000 = 94.17 %.
        assert "during the attack: 7,000 of 120,000 admitted, 94.2% shed with HTTP 429" in text
        assert "the full bucket lasts 0.5 s of the attack" in text   # 1,000 / (2,000 - 100) = 0.53 s
        assert "after the attack it refills in 10.0 s" in text       # 1,000 / 100
        assert len(shown.figures) == 1

    def test_moving_the_burst_slider_redraws(self, shown):
        """A bigger burst lets more of the attack through, refills more slowly, and the chart follows."""
        box = token_bucket_explorer()
        shown.clear()
        box.children[0].children[1].value = 5_000
        text = shown.printed()
        # admitted = 5,000 + 100 x 60 = 11,000 of 120,000; shed 109,000 / 120,000 = 90.83 %.
        assert "5,000 burst" in text
        assert "during the attack: 11,000 of 120,000 admitted, 90.8% shed with HTTP 429" in text
        assert "the full bucket lasts 2.6 s of the attack" in text   # 5,000 / 1,900 = 2.63 s
        assert "after the attack it refills in 50.0 s" in text       # 5,000 / 100
        (fig,) = shown.figures
        lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
        # admitted over 150 s: the attack's 11,000 plus 90 s of normal traffic at 50/s = 4,500, all under the rate.
        assert sum(lines["admitted"].get_ydata()) == pytest.approx(15_500)
        assert max(lines["offered"].get_ydata()) == 2_000
        assert "burst 5,000" in fig.axes[0].get_title()
