"""The package's parts import only what sits below them, and importing them sets no global state."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "curriculum"

#: bottom to top; a part may import itself and any part on a lower level.
LEVELS = [{"capacity", "facts"}, {"feedback"}, {"design"}, {"widgets"}, {"course"}]


def _level(part: str) -> int:
    return next(i for i, parts in enumerate(LEVELS) if part in parts)


def _imported_parts(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n.split(".")[1] for n in names if n.startswith("curriculum.") and n.count(".") >= 1}


@pytest.mark.parametrize("part", sorted(set().union(*LEVELS)))
def test_part_imports_only_lower_parts(part):
    """No module in a part imports a part at its own level (other than itself) or above."""
    bad = []
    for path in sorted((PACKAGE / part).rglob("*.py")):
        for other in _imported_parts(path):
            if other != part and (other not in {p for ps in LEVELS for p in ps} or _level(other) >= _level(part)):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports curriculum.{other}")
    assert not bad, "\n".join(bad)


def test_importing_library_parts_sets_no_global_state():
    """Importing the learner-facing parts changes no matplotlib settings and no warnings filters."""
    code = (
        "import warnings, matplotlib; before = (matplotlib.get_backend(), dict(matplotlib.rcParams), list(warnings.filters));"
        "import curriculum, curriculum.capacity, curriculum.facts, curriculum.feedback, curriculum.design;"
        "after = (matplotlib.get_backend(), dict(matplotlib.rcParams), list(warnings.filters));"
        "print(before == after)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True", out.stderr
