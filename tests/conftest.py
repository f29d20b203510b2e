"""Fixtures for every test: the throwaway PostgreSQL server, started once when first asked for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import PostgresServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server on 127.0.0.1 for this test session; `create_database` per test."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
