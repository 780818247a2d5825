"""Week 3 widgets: the budget and tail explorers redraw from the library's numbers; figures and tables match them."""

from __future__ import annotations

import pytest

from curriculum import facts
from curriculum.capacity import latency_budget, slow_request_probability
from curriculum.capacity.webhooks import time_to_fallback_ms
from curriculum.widgets.latency import (
    SERVER_LOCATIONS,
    budget_explorer,
    budget_figure,
    budget_markdown,
    example_stages,
    fallback_figure,
    server_round_trip_ms,
    tail_curve_figure,
    tail_explorer,
    tail_summary,
)


class TestExampleStages:
    def test_every_location_reads_a_known_fact(self):
        """Each server location names a registry key, and its round trip is that fact's value."""
        for label, key in SERVER_LOCATIONS.items():
            assert server_round_trip_ms(label) == facts.value(key)

    def test_same_data_centre_fits_the_budget(self):
        """The lesson's example: 0.5 + 2 + (0.5 + 6) + 3 + 5 = 17 ms, 33 ms of headroom."""
        budget = latency_budget(example_stages(), facts.value("webhooks.twiml_response_budget"))
        assert budget.total_ms == pytest.approx(17.0)
        assert budget.headroom_ms == pytest.approx(33.0)

    def test_a_cross_region_server_breaks_it(self):
        """Swap the 0.5 ms round trip for us-west-2's 87 ms: 17 - 0.5 + 87 = 103.5 ms, over budget."""
        budget = latency_budget(example_stages("us-west-2 (from us-east-1)"), 50)
        assert budget.total_ms == pytest.approx(103.5)
        assert not budget.within_budget

    def test_queries_add_in_series(self):
        """Three queries cost three times one query's round trip; none drops the lookup stage."""
        one = dict(example_stages(db_queries=1))["look up the caller (1 query)"]
        three = dict(example_stages(db_queries=3))["look up the caller (3 queries)"]
        assert three == pytest.approx(3 * one)
        assert len(example_stages(db_queries=0)) == 4

    def test_rejects_unknown_location_and_bad_counts(self):
        with pytest.raises(ValueError, match="location must be one of"):
            example_stages("mars")
        with pytest.raises(ValueError, match="db_queries"):
            example_stages(db_queries=-1)


class TestBudgetTableAndFigure:
    def test_table_shows_total_and_verdict(self):
        """The table's total and headroom are the budget's, and an over-budget path says so."""
        text = budget_markdown(latency_budget(example_stages("eu-west-1 (from us-east-1)"), 50))
        assert "| **Total** | **96.5** |" in text  # 17 - 0.5 + 80
        assert "over budget" in text

    def test_figure_has_one_segment_per_stage(self):
        """One bar segment per stage, and the title gives the headroom."""
        budget = latency_budget(example_stages(db_queries=2), 50)
        fig = budget_figure(budget)
        ax = fig.axes[0]
        assert len(ax.patches) == len(budget.rows)
        assert f"headroom {budget.headroom_ms:,.1f} ms" in ax.get_title()


class TestTail:
    def test_summary_matches_the_library(self):
        """Dean and Barroso's example: p99 leaves, fan-out 100 -> 63.4% of requests slow."""
        s = tail_summary(0.99, 100, requests_per_s=100)
        assert s["slow_fraction"] == slow_request_probability(0.99, 100)
        # 1 - 0.99**100 = 1 - e**(100 ln 0.99) = 1 - e**(-1.00503) = 1 - 0.36603 = 0.63397
        assert s["slow_fraction"] == pytest.approx(0.63397, abs=5e-5)
        assert f"{s['slow_fraction']:.1%}" == "63.4%"
        assert s["slow_requests_per_s"] == pytest.approx(63.397, abs=5e-3)   # 100 requests/s x 0.63397
        assert "slow_requests_per_s" not in tail_summary(0.99, 10)

    def test_curve_has_one_line_per_percentile(self):
        """Two percentiles, two curves; the marked point sits on the library's value."""
        fig = tail_curve_figure((0.99, 0.999), mark_fanout=100)
        ax = fig.axes[0]
        curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
        assert len(curves) == 2
        marks = [line for line in ax.get_lines() if len(line.get_xdata()) == 1]
        assert marks[0].get_ydata()[0] == pytest.approx(100 * slow_request_probability(0.99, 100))
        assert marks[0].get_ydata()[0] == pytest.approx(63.397, abs=5e-3)   # percent: 100 x (1 - 0.99**100)

    def test_curve_rejects_a_tiny_range(self):
        with pytest.raises(ValueError, match="max_fanout"):
            tail_curve_figure(max_fanout=1)


class TestFallbackFigure:
    def test_points_match_the_calculator(self):
        """Each plotted wait is time_to_fallback_ms in seconds."""
        fig = fallback_figure(5000, 15000, 15000, max_retries=3)
        unreachable = fig.axes[0].get_lines()[0].get_ydata()
        expected = [time_to_fallback_ms(connect_timeout_ms=5000, read_timeout_ms=15000, total_timeout_ms=15000,
                                        retry_count=r) / 1000 for r in range(4)]
        assert list(unreachable) == expected
        # unreachable: (retries + 1) x 5 s connect timeout, capped at the 15 s total: 5, 10, 15, 15 s
        assert list(unreachable) == [5, 10, 15, 15]
        # silent: each attempt waits the 15 s read timeout, so the cap is hit on the first: 15 s every time
        assert list(fig.axes[0].get_lines()[1].get_ydata()) == [15, 15, 15, 15]


class TestExplorers:
    def test_budget_explorer_redraws_when_the_location_changes(self, capsys):
        """Choosing a far region redraws the budget, now over."""
        box = budget_explorer()
        location, queries, query_ms = box.children[0].children
        assert (location.value, queries.value, query_ms.value) == ("same data centre", 1, 6.0)
        location.value = "us-west-2 (from us-east-1)"
        assert "OVER by 53.5 ms" in capsys.readouterr().out
        assert "course-explorer" in box._dom_classes

    def test_tail_explorer_starts_at_the_lesson_example(self, capsys):
        """It opens at p99 and fan-out 100, and moving the slider recomputes the share."""
        box = tail_explorer()
        percentile, fanout = box.children[0].children
        assert (percentile.value, fanout.value) == (0.99, 100)
        fanout.value = 10
        assert "9.6% of requests" in capsys.readouterr().out  # 1 - 0.99**10 = 0.0956

    def test_tail_explorer_accepts_another_percentile(self):
        """A percentile outside the menu is added to it rather than refused."""
        box = tail_explorer(percentile=0.995)
        assert box.children[0].children[0].value == 0.995
