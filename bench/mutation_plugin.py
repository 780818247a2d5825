"""A pytest plugin for ``bench/mutation.py``: each mutant's tests run fastest first, against empty caches.

- Order. mutmut runs only the tests that cover the mutated function, stops at the first failure (``-x``), and
  hands them over in no particular order, so a mutant that a 1 ms test kills may first sit through a 3 s one.
  The tests are sorted by the durations mutmut measured in its clean run (``mutants/mutmut-stats.json``, read once
  per process); tests it has no time for keep their place after the timed ones. The same tests run, so the
  verdicts are mutmut's own.
- Caches. mutmut forks each mutant's run from a process that has collected the tests, and collecting them can
  call the library (parametrised cases are built then). A ``functools.lru_cache`` in the library filled at that
  point would answer from unmutated code, and its mutants would survive whatever the tests do. At the start of
  every run the caches of the ``curriculum`` modules are emptied.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

#: The package whose caches are emptied before each run.
PACKAGE = "curriculum"


@lru_cache(maxsize=1)
def _durations(stats_file: str) -> dict[str, float]:
    try:
        return json.loads(Path(stats_file).read_text()).get("duration_by_test", {})
    except (OSError, ValueError):
        return {}


def clear_caches(package: str = PACKAGE) -> int:
    """Empty every ``lru_cache`` found at the top level of ``package``'s imported modules; return how many."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == package or name.startswith(package + ".")):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()
                cleared += 1
    return cleared


def pytest_collection_modifyitems(session, config, items) -> None:
    clear_caches()
    durations = _durations(str(Path.cwd() / "mutmut-stats.json"))
    if not durations:
        return
    untimed = float("inf")
    items.sort(key=lambda item: durations.get(item.nodeid, untimed))
