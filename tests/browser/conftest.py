"""Fixtures for the end-to-end browser tests: `make lab` on a free loopback port, and Debian's Chromium via Playwright.

The browser is never downloaded: Playwright launches /usr/bin/chromium (``COURSE_CHROMIUM`` overrides the path)
with a fresh profile. Without it the tests skip with the reason; in CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.lab_server import TOKEN, running_lab

CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
#: On this closed network Chromium's own background connections must be off, or page loads stall.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "artifacts" / "browser"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} not found: install Debian's Chromium (`apt-get install chromium`; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: `.venv/bin/pip install -e '.[test]'`"
    return None


# Session scope: under `pytest -n 2 --dist loadgroup` a worker may run other modules' tests between these ones,
# which would tear module-scoped fixtures down and start JupyterLab again. Tests must not rely on each other.
@pytest.fixture(scope="session")
def chromium_path() -> Path:
    reason = browser_missing()
    if reason:
        if _in_ci():
            pytest.fail(f"the browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def lab(chromium_path, tmp_path_factory):
    """`make lab` serving a fresh learner workspace (the real release) on 127.0.0.1; yields (base URL, workspace)."""
    tmp = tmp_path_factory.mktemp("lab")
    workspace = tmp / "my-work"
    settings = tmp / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # No news pop-up over the page (the network is closed anyway); no layout restored from another run.
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "lab-workspaces"))
    with running_lab(workspace, tmp / "lab.log", env=env) as base:
        yield base, workspace


@pytest.fixture(scope="session")
def page(lab, chromium_path, tmp_path_factory):
    """A headless Chromium page (fresh profile) with JupyterLab open; screenshots go to artifacts/browser/."""
    from playwright.sync_api import sync_playwright

    base, _ = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(chromium_path),
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{base}/lab?token={TOKEN}")
            page.wait_for_selector(".lm-MenuBar-itemLabel:has-text('File')")
            yield page
        finally:
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, save the page as artifacts/browser/failed-<test>.png for the CI artifacts."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        try:
            page.screenshot(path=str(ARTIFACTS / f"failed-{item.name}.png"))
        except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
            pass
