"""Start `make lab` on a free loopback port for a test, and stop it with everything it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import PROJECT_ROOT

TOKEN = "course-test-token"


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started in its own session: SIGTERM to its group, SIGKILL after 20 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@contextmanager
def running_lab(workspace: Path, log_path: Path, env: dict | None = None,
                timeout_s: float = 120) -> Iterator[str]:
    """Run `make lab` on the workspace (as a learner would) and yield its base URL once it answers."""
    port = free_port()
    args = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=0 "
            f"--IdentityProvider.token={TOKEN} --ServerApp.allow_root=True")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["make", "-s", "lab", f"WORKSPACE={workspace}", f"LAB_PORT={port}", f"LAB_ARGS={args}"],
            cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env=env if env is not None else dict(os.environ),
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout_s
        try:
            while True:
                if proc.poll() is not None:
                    pytest.fail("make lab exited early:\n" + log_path.read_text(errors="replace"))
                try:
                    if get(f"{base}/api/status?token={TOKEN}")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {timeout_s:g} s")
                time.sleep(0.3)
            yield base
        finally:
            stop(proc)
