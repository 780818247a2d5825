"""The two dependency lists (pip's pyproject.toml, conda's environment.yml) stay in step."""

from __future__ import annotations

import re
import tomllib


def _norm(spec: str) -> tuple[str, str]:
    name, _, rest = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec).group(1, 0, 2)
    return name.lower().replace("_", "-"), rest.replace(" ", "")


def _conda(root) -> dict[str, str]:
    deps, section = {}, None
    for line in (root / "environment.yml").read_text().splitlines():
        if re.match(r"^\S", line):
            section = line.split(":")[0]
        m = re.match(r"^\s+-\s+([^\s#]+)\s*$", line)
        if m and section == "dependencies":
            name, spec = _norm(m.group(1))
            deps[name] = spec
    return deps


def _pip(root) -> dict[str, str]:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [s for extra in project["optional-dependencies"].values() for s in extra]
    own = project["name"].lower().replace("_", "-")  # an extra that pulls in another extra of this project
    return {name: spec for name, spec in map(_norm, specs) if name != own}


class TestDependencyLists:
    def test_conda_and_pip_list_the_same_packages_and_floors(self, project_root):
        """Every pip dependency, optional extras included (test, mutation), is in environment.yml with the same range."""
        conda = _conda(project_root)
        conda.pop("python"), conda.pop("pip")
        assert conda == _pip(project_root)

    def test_design_card_packages_are_required(self, project_root):
        """The design card's packages are all runtime dependencies, nbgrader at 0.9 and JupyterLab at 4."""
        pip = _pip(project_root)
        for name in ("jupyterlab", "nbgrader", "pandas", "matplotlib", "ipywidgets"):
            assert name in pip, name
        assert pip["nbgrader"].startswith(">=0.9") and "<0.10" in pip["nbgrader"]
        assert pip["jupyterlab"].startswith(">=4") and "<5" in pip["jupyterlab"]
