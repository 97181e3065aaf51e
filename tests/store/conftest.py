"""Fixtures of the record's tests: a record on SQLite always, on PostgreSQL when one is reachable.

``EDU_RULES_TEST_POSTGRES_URL`` (``.ci/run`` sets it after starting Debian's
PostgreSQL) names a database the tests may empty; without it, or when it cannot be
reached, the PostgreSQL runs are skipped, never failed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the store extra is not installed")
pytest.importorskip("alembic", reason="the store extra is not installed")

import sqlalchemy as sa

from edu_rules.store import Store, make_engine
from edu_rules.store._tables import metadata

POSTGRES = os.environ.get("EDU_RULES_TEST_POSTGRES_URL")


def _empty_postgres(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(sa.text(f'DROP TABLE IF EXISTS "{table.name}"'))
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    except sa.exc.OperationalError as error:
        pytest.skip(f"PostgreSQL at EDU_RULES_TEST_POSTGRES_URL is not reachable: {error}")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"], name="url")
def _url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty record's URL: a SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'record.db'}"
    if not POSTGRES:
        pytest.skip("EDU_RULES_TEST_POSTGRES_URL is not set")
    _empty_postgres(POSTGRES)
    return POSTGRES


class Clock:
    """A clock that moves one second each time it is read: distinct, ordered times."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(name="store")
def _store(url: str) -> Iterator[Store]:
    store = Store.open(url, clock=Clock())
    try:
        yield store
    finally:
        store.close()
