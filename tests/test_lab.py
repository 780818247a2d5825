"""`make lab` serves the learner workspace in a real JupyterLab server, with nbgrader's extensions on."""

from __future__ import annotations

import json

import pytest

from tests.lab_server import TOKEN, get, running_lab

pytestmark = pytest.mark.slow  # runs `make lab` and a JupyterLab server


@pytest.fixture
def lab_server(tmp_path):
    workspace = tmp_path / "my-work"
    with running_lab(workspace, tmp_path / "lab.log", timeout_s=90) as base:
        yield base, workspace


class TestMakeLab:
    def test_serves_the_workspace_with_every_release_notebook(self, lab_server, project_root):
        """After `make lab`, JupyterLab lists the released notebooks of each week in the workspace."""
        base, workspace = lab_server
        for week_dir in sorted((project_root / "release").iterdir()):
            if not week_dir.is_dir():
                continue
            status, body = get(f"{base}/api/contents/{week_dir.name}?token={TOKEN}")
            names = {item["name"] for item in json.loads(body)["content"]}
            assert {p.name for p in week_dir.glob("*.ipynb")} <= names
        assert get(f"{base}/lab?token={TOKEN}")[0] == 200

    def test_nbgrader_extensions_are_enabled(self, lab_server):
        """nbgrader's JupyterLab extension is installed and enabled in the lab the learner gets."""
        base, _ = lab_server
        status, body = get(f"{base}/lab/api/extensions?token={TOKEN}")
        nbgrader = [e for e in json.loads(body) if e["name"] in ("@jupyter/nbgrader", "jupyter-nbgrader")]
        assert nbgrader and nbgrader[0]["enabled"] is True and nbgrader[0]["status"] == "ok"
