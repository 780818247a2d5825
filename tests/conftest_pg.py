"""PostgreSQL fixtures: import them into a test module with ``from tests.conftest_pg import *``.

``postgres_server`` starts one throwaway cluster per test session (per xdist worker);
``postgres_url`` gives each test a fresh, empty database on it. When the server cannot be
started the tests skip with the reason, except in CI (``CI=true``), where they fail: CI
installs PostgreSQL (``.ci/run``), so a missing server there is a broken set-up.
"""

from __future__ import annotations

import os
import uuid

import pytest

from tests.pg import PostgresServer, missing_reason

__all__ = ["postgres_server", "postgres_url"]


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server():
    """A running throwaway PostgreSQL server on 127.0.0.1 (removed after the session)."""
    reason = missing_reason()
    if reason:
        _unavailable(reason)
    server = PostgresServer()
    try:
        server.start()
    except RuntimeError as exc:
        server.stop()
        _unavailable(str(exc))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of a new, empty database for this test."""
    return postgres_server.create_database("course_" + uuid.uuid4().hex[:12])
