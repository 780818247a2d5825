"""A pytest plugin for ``bench/mutation.py``: run a mutant's tests fastest first.

mutmut runs only the tests that cover the mutated function, stops at the first failure (``-x``), and hands them
over in no particular order, so a mutant that a 1 ms test kills may first sit through a 3 s one. This plugin
sorts the collected tests by the durations mutmut measured in its clean run (``mutants/mutmut-stats.json``,
read once per process); tests it has no time for keep their place after the timed ones. It changes the order
only, never which tests run, so the counts it gives are mutmut's own.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _durations(stats_file: str) -> dict[str, float]:
    try:
        return json.loads(Path(stats_file).read_text()).get("duration_by_test", {})
    except (OSError, ValueError):
        return {}


def pytest_collection_modifyitems(session, config, items) -> None:
    durations = _durations(str(Path.cwd() / "mutmut-stats.json"))
    if not durations:
        return
    untimed = float("inf")
    items.sort(key=lambda item: durations.get(item.nodeid, untimed))
