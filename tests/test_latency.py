"""Tests for curriculum.capacity.latency: tail amplification and latency budgets."""

from __future__ import annotations

import dataclasses

import pytest

from curriculum.capacity import LatencyBudget, latency_budget, slow_request_probability


class TestSlowRequestProbability:
    def test_tail_at_scale_example(self):
        """Dean & Barroso: 1 % slow leaves and fan-out 100 make 63 % of requests slow."""
        # 1 - 0.99**100 = 1 - 0.36603 = 0.63397
        assert slow_request_probability(0.99, 100) == pytest.approx(0.633968, abs=1e-6)

    def test_no_fanout(self):
        """With one call the request is slow exactly when that call is."""
        assert slow_request_probability(0.99, 1) == pytest.approx(0.01, rel=1e-12)
        assert slow_request_probability(0.5, 1) == 0.5

    def test_edges(self):
        """Never-slow leaves never slow the request; always-slow leaves always do."""
        assert slow_request_probability(1.0, 1000) == 0.0
        assert slow_request_probability(0.0, 3) == 1.0

    def test_grows_with_fanout(self):
        """More leaves, more chance of a slow one."""
        values = [slow_request_probability(0.999, n) for n in (1, 10, 100, 1000, 10_000)]
        assert values == sorted(values)
        assert values[-1] < 1.0

    def test_precise_near_one(self):
        """For p close to 1 the result keeps its precision: 1 - (1 - 1e-9)^10 ~ 1e-8."""
        assert slow_request_probability(1 - 1e-9, 10) == pytest.approx(1e-8, rel=1e-6)

    @pytest.mark.parametrize("bad", [99, 1.01, -0.1, float("nan")])
    def test_rejects_percent_instead_of_fraction(self, bad):
        """A percentile given as 99 (not 0.99) is refused, naming percentile."""
        with pytest.raises(ValueError, match=r"percentile must be in \[0, 1\], a fraction"):
            slow_request_probability(bad, 100)

    @pytest.mark.parametrize("bad", [0, -3, 2.5])
    def test_rejects_bad_fanout(self, bad):
        """Fan-out must be a whole number >= 1."""
        with pytest.raises(ValueError, match="fanout"):
            slow_request_probability(0.99, bad)


class TestLatencyBudget:
    def test_mapping(self):
        """Stages in a mapping add up in order, with their share of the target."""
        b = latency_budget({"edge": 5, "auth": 3, "db": 12, "render": 10}, target_ms=50)
        assert b.total_ms == 30.0
        assert b.headroom_ms == 20.0
        assert b.within_budget is True
        assert b.rows == (
            ("edge", 5.0, 0.1),
            ("auth", 3.0, 0.06),
            ("db", 12.0, 0.24),
            ("render", 10.0, 0.2),
        )
        assert b.share_of_target == pytest.approx(0.6)

    def test_pairs_with_repeats(self):
        """A list of pairs may repeat a stage (two database calls)."""
        b = latency_budget([("db", 12), ("app", 4), ("db", 12)], target_ms=25)
        assert [row[0] for row in b.rows] == ["db", "app", "db"]
        assert b.total_ms == 28.0
        assert b.headroom_ms == -3.0
        assert b.within_budget is False

    def test_exactly_on_budget(self):
        """A path that uses the whole budget is within it."""
        assert latency_budget({"a": 25, "b": 25}).within_budget is True

    def test_default_target(self):
        """The default target is the course's assumed 50 ms."""
        assert latency_budget({}).target_ms == 50.0
        assert latency_budget({}).total_ms == 0.0

    def test_result_is_frozen(self):
        """LatencyBudget is an immutable dataclass."""
        b = latency_budget({"a": 1})
        assert isinstance(b, LatencyBudget)
        with pytest.raises(dataclasses.FrozenInstanceError):
            b.total_ms = 0.0  # type: ignore[misc]

    def test_rejects_negative_stage(self):
        """A negative stage time names components and the stage."""
        with pytest.raises(ValueError, match=r"components\['db'\] ms must be >= 0"):
            latency_budget({"db": -1})

    def test_rejects_nan_stage(self):
        """A NaN stage time is refused."""
        with pytest.raises(ValueError, match="components"):
            latency_budget([("db", float("nan"))])

    @pytest.mark.parametrize("bad", ["edge=5", 5, [("only-a-name",)], [("a", 1, 2)], [(3, 4)]])
    def test_rejects_malformed_components(self, bad):
        """Components that are not name/ms pairs name components."""
        with pytest.raises(ValueError, match="components"):
            latency_budget(bad)

    @pytest.mark.parametrize("bad", [0, -50, float("inf")])
    def test_rejects_bad_target(self, bad):
        """The target must be a positive finite number of milliseconds."""
        with pytest.raises(ValueError, match="target_ms"):
            latency_budget({"a": 1}, target_ms=bad)


class TestBudgetInputErrors:
    """What the mutation run found unpinned: the messages for a malformed list of stages."""

    def test_a_stage_that_is_not_a_pair_is_named_by_position(self):
        with pytest.raises(ValueError, match=r"components\[1\] must be a \(name, ms\) pair, got 5"):
            latency_budget([("parse", 1.0), 5], 50)
        with pytest.raises(ValueError, match=r"components\[0\] must be a \(name, ms\) pair, got 'ab'"):
            latency_budget(["ab"], 50)

    def test_neither_mapping_nor_list_names_the_type(self):
        with pytest.raises(ValueError, match=r"^components must be a mapping of name to ms or a list of "
                                             r"\(name, ms\) pairs, got int"):
            latency_budget(5, 50)
