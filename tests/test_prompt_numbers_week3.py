"""Week 3's graded prompt tells one story: the numbers its Markdown shows are the ``pharmacy_refill_line`` scenario's.

Markdown cells cannot compute, so the prompt keeps its numbers typed; this test holds the Part E text, the catalog
prompt the rubric grades against and ``scenarios.toml`` to the same values (the working is in each assertion).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from curriculum.design.catalog import get_prompt
from curriculum.facts import scenario

ROOT = Path(__file__).resolve().parents[1]


def _part_e() -> str:
    nb = nbformat.read(ROOT / "source" / "week3" / "assignment.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "w3_design_prompt")
    return " ".join(cell.source.replace("**", "").replace("*", "").split())


def test_the_scenario_holds_the_prompts_stated_figures():
    """By hand from the prompt: 3,000 calls at once, 120 s each, 3 requests a call, 20 shards, slow 1 time in 100."""
    s = lambda key: scenario("pharmacy_refill_line", key)  # noqa: E731
    assert (s("concurrent_calls"), s("mean_hold_s"), s("requests_per_call"), s("stock_shards")) == (3000, 120, 3, 20)
    assert round(1 / (1 - s("shard_fast_share"))) == 100


def test_part_e_and_the_catalog_prompt_state_the_scenario():
    """The learner's Markdown and the rubric's prompt text both read the scenario's numbers, the same words."""
    s = lambda key: scenario("pharmacy_refill_line", key)  # noqa: E731
    one_in = round(1 / (1 - s("shard_fast_share")))
    phrases = (f"up to {s('concurrent_calls'):,} calls at once", f"calls last {s('mean_hold_s')} seconds",
               f"each call makes {s('requests_per_call')} webhook requests",
               f"asks all {s('stock_shards')} stock shards at once", f"slow (beyond its p99) 1 time in {one_in}.")
    for text in (_part_e(), get_prompt("week3_refill_webhook").text):
        for phrase in phrases:
            assert phrase in text, (phrase, text[:300])
