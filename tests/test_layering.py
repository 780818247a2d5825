"""The package's parts import only what sits below them, and importing them sets no global state."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "curriculum"

#: Outside packages the library must never import: it stands alone, without a grader, a kernel or a widget.
STANDALONE = ("nbgrader", "jupyter_client", "ipywidgets", "curriculum.widgets")

#: THE RULE TABLE (shared/reference/house.md), the one place to change when a part is added or moved.
#: part -> (level, never). A part may import itself and any part on a *lower* level, never one on its own
#: level or above; ``never`` names modules (outside packages or parts) it must not import even if allowed.
#: Arrows run down only: e.g. add ``"grading": (3, ("curriculum.widgets",))`` and the rooms above it at 4.
RULES: dict[str, tuple[int, tuple[str, ...]]] = {
    "capacity": (0, STANDALONE),
    "facts": (0, STANDALONE),
    "feedback": (1, STANDALONE),
    "design": (2, STANDALONE),
    "widgets": (3, ()),
    "grading": (3, ("curriculum.widgets",)),  # THE grader: sandbox, kernels, trusted checks, feedback guard
    "course": (4, ()),  # the course folder, nbgrader's API, authoring, self-grade and progress
    "learner": (5, ()),  # the lab's server extension: calls course (self-grade), nothing imports it
    "cohort": (5, ()),  # the instructor's room: collect, grade many (grading/), feedback, export, report
}
#: Above every part: ``curriculum/cli.py``, the thin click CLI over all of them (a module, not a part).


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """``curriculum/capacity/traffic.py`` -> ``curriculum.capacity.traffic`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, absolute, with relative imports resolved against ``module``.

    >>> sorted(imported_modules("from ..course import cli\\nfrom . import _validate", "curriculum.capacity.traffic"))
    ['curriculum.capacity', 'curriculum.capacity._validate', 'curriculum.course', 'curriculum.course.cli']
    """
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                if node.level - 1 >= len(base_parts):
                    raise ValueError(f"{module}: relative import beyond the top package")
                base = ".".join(base_parts[: len(base_parts) - (node.level - 1)])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            names.add(target)
            # `from curriculum import course` and `from .. import course` import the submodule too
            names.update(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def _matches(name: str, banned: str) -> bool:
    return name == banned or name.startswith(banned + ".")


def violations(package: Path = PACKAGE, rules: dict = RULES) -> list[str]:
    """Every import in ``package``'s parts that breaks ``rules``, as readable lines."""
    bad = []
    for part, (level, never) in sorted(rules.items()):
        for path in sorted((package / part).rglob("*.py")):
            module = module_name(path, package)
            for name in sorted(imported_modules(path.read_text(), module, path.name == "__init__.py")):
                where = f"{path.relative_to(package.parent)} imports {name}"
                if any(_matches(name, b) for b in never):
                    bad.append(f"{where}, which {part} must never import")
                if not name.startswith(package.name + "."):
                    continue
                other = name.split(".")[1]
                if other == part or other not in rules and (package / f"{other}.py").exists():
                    continue      # itself, or a top-level module such as curriculum/__main__.py
                if other not in rules:
                    bad.append(f"{where}: {other} is not in the rule table")
                elif rules[other][0] >= level:
                    bad.append(f"{where}: {other} is not below {part}")
    return bad


def test_no_part_imports_a_part_at_its_level_or_above():
    """No module imports a part at its own level (other than itself) or above, or a module its part must never use."""
    bad = violations()
    assert not bad, "\n".join(bad)


def test_every_part_is_in_the_rule_table():
    """A new folder under curriculum/ gets a row in RULES, so the layering covers it."""
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(RULES), f"add {sorted(folders - set(RULES))} to RULES in tests/test_layering.py"


class TestTheCheckItself:
    """The checker catches what it is there to catch: planted imports in a copy of the package fail it."""

    @pytest.fixture
    def copy(self, tmp_path):
        target = tmp_path / "curriculum"
        shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
        assert violations(target) == []
        return target

    @pytest.mark.parametrize("planted, expected", [
        ("from ..course import cli", "curriculum/capacity/planted.py imports curriculum.course: course is not below"),
        ("from .. import course", "curriculum/capacity/planted.py imports curriculum.course: course is not below"),
        ("from ..widgets.plots import show", "imports curriculum.widgets.plots, which capacity must never import"),
        ("import nbgrader.apps", "imports nbgrader.apps, which capacity must never import"),
        ("def later():\n    from jupyter_client import KernelManager",
         "imports jupyter_client, which capacity must never import"),
        ("from curriculum.feedback import check", "imports curriculum.feedback: feedback is not below capacity"),
    ])
    def test_a_planted_import_in_capacity_fails(self, copy, planted, expected):
        (copy / "capacity" / "planted.py").write_text(planted + "\n")
        found = violations(copy)
        assert any(expected in line for line in found), found

    def test_same_level_is_refused_and_lower_is_allowed(self, copy):
        """design may use feedback (lower), feedback may not use design (above)."""
        (copy / "design" / "planted.py").write_text("from ..feedback import check\n")
        assert violations(copy) == []
        (copy / "feedback" / "planted.py").write_text("from ..design import grade\n")
        assert violations(copy) == [
            "curriculum/feedback/planted.py imports curriculum.design: design is not below feedback",
            "curriculum/feedback/planted.py imports curriculum.design.grade: design is not below feedback"]

    def test_an_unlisted_part_is_reported(self, copy):
        (copy / "course" / "planted.py").write_text("from ..rooms import grade\n")
        assert any("rooms is not in the rule table" in line for line in violations(copy))

    def test_resolver(self):
        """Relative imports resolve against the module's package; an __init__ is its own package."""
        assert imported_modules("from . import traffic", "curriculum.capacity", is_package=True) == {
            "curriculum.capacity", "curriculum.capacity.traffic"}
        assert "curriculum.facts" in imported_modules("from ...facts import value", "curriculum.course.cohort.x")
        with pytest.raises(ValueError, match="beyond the top package"):
            imported_modules("from .... import x", "curriculum.capacity.traffic")


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
