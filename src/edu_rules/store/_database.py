"""Opening a record's database and bringing its tables up to date with Alembic.

``sqlite:///edu-rules.db`` (the embedded default: a file, nothing to install) and
``postgresql://user:password@host/db`` (a province's server, through psycopg 3)
are the two databases the record is tested on.  The migrations ship inside the
package (``edu_rules/store/migrations``); :func:`upgrade` runs them on an open
connection, so no configuration file is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0001"
"""The newest migration: the tables :mod:`edu_rules.store._tables` describes."""

DEFAULT_URL = "sqlite:///edu-rules.db"


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url``; ``postgresql://`` means psycopg 3, SQLite waits for its lock."""
    parsed = sa.engine.make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.close()

    return engine


def _config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine) -> None:
    """Create or bring the record's tables up to :data:`HEAD` (nothing if they are)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")


def revision(engine: sa.Engine) -> str | None:
    """The migration the database is at, ``None`` before the first."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
