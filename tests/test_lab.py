"""`make lab` serves the learner workspace in a real JupyterLab server, with nbgrader's extensions on."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

TOKEN = "course-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@pytest.fixture
def lab_server(project_root, tmp_path):
    port = _free_port()
    workspace = tmp_path / "my-work"
    args = f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=0 --IdentityProvider.token={TOKEN} --ServerApp.allow_root=True"
    proc = subprocess.Popen(
        ["make", "-s", "lab", f"WORKSPACE={workspace}", f"LAB_PORT={port}", f"LAB_ARGS={args}"],
        cwd=project_root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail("make lab exited early:\n" + proc.stdout.read().decode(errors="replace"))
            try:
                if _get(f"{base}/api/status?token={TOKEN}")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 90 s")
        yield base, workspace
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


class TestMakeLab:
    def test_serves_the_workspace_with_every_release_notebook(self, lab_server, project_root):
        """After `make lab`, JupyterLab lists the released notebooks of each week in the workspace."""
        base, workspace = lab_server
        for week_dir in sorted((project_root / "release").iterdir()):
            if not week_dir.is_dir():
                continue
            status, body = _get(f"{base}/api/contents/{week_dir.name}?token={TOKEN}")
            names = {item["name"] for item in json.loads(body)["content"]}
            assert {p.name for p in week_dir.glob("*.ipynb")} <= names
        assert _get(f"{base}/lab?token={TOKEN}")[0] == 200

    def test_nbgrader_extensions_are_enabled(self, lab_server):
        """nbgrader's JupyterLab extension is installed and enabled in the lab the learner gets."""
        base, _ = lab_server
        status, body = _get(f"{base}/lab/api/extensions?token={TOKEN}")
        nbgrader = [e for e in json.loads(body) if e["name"] in ("@jupyter/nbgrader", "jupyter-nbgrader")]
        assert nbgrader and nbgrader[0]["enabled"] is True and nbgrader[0]["status"] == "ok"
