"""What every part of the record stands on: its limits, its transactions and its audit entries.

A writing transaction holds the writers' turn (:data:`~edu_rules.store._tables.writer`)
and writes its change and the change's audit entry together, or neither.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any, Self, TypeVar

import attrs
import sqlalchemy as sa

from edu_rules._messages import text
from edu_rules.store import _tables as t
from edu_rules.store._access import Action, Principal
from edu_rules.store._database import make_engine, upgrade
from edu_rules.store._errors import RecordError

T = TypeVar("T")

ACCEPTED = "accepted"
RETURNED = "returned"
SUBMITTED = "submitted"
MISSING = "missing"
DECISIONS = (ACCEPTED, RETURNED)

EVIDENCE_KINDS: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "xlsx": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
}
"""The evidence file types accepted, by extension, and how each must start."""

_NAME_CHARS = 120
_ATTEMPTS = 8


@attrs.frozen
class Limits:
    """How large a document or an evidence file may be, and how many files one version holds."""

    document_bytes: int = 32 << 20
    evidence_bytes: int = 10 << 20
    evidence_files: int = 40
    comment_chars: int = 2000


def _now_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def file_name(name: str) -> str:
    """A file's name as kept: its last path part, shortened; never used as a path."""
    base = PurePath(name.replace("\\", "/")).name
    return base[-_NAME_CHARS:] or "upload"


def chained(previous: str, entry: dict[str, Any]) -> str:
    """An audit entry's link: the SHA-256 of the previous link and the entry's columns.

    Each entry seals the one before it, so that an entry changed or taken out afterwards
    breaks every link after it (:meth:`~edu_rules.store.Store.verify` finds where).
    """
    sealed = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{sealed}".encode()).hexdigest()


def refuse(status: int, key: str, **values: object) -> RecordError:
    return RecordError.refuse(status, text(key, **values))


class Core:
    """The record's database, its clock and limits: what the store's parts share.

    :param engine: an engine from :func:`edu_rules.store.open_store` or ``make_engine``;
        its tables must be at the newest migration (``Store.open`` sees to it).
    :param clock: the time now (UTC), for tests; the system clock by default.
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        clock: Callable[[], datetime] | None = None,
        limits: Limits | None = None,
    ) -> None:
        """Use ``engine``; nothing is read yet."""
        self.engine = engine
        self.limits = limits if limits is not None else Limits()
        self._clock = clock if clock is not None else (lambda: datetime.now(UTC))
        # SQLite has one writer at a time: this process's writers queue here rather
        # than meet "database is locked"; other processes wait on SQLite's own lock.
        # On PostgreSQL writers queue on the locked row of the writer table.
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None

    @classmethod
    def open(cls, url: str, **options: Any) -> Self:
        """The record at ``url``, its tables created or migrated to the newest first."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine, **options)

    def close(self) -> None:
        """Close the database connections."""
        self.engine.dispose()

    # ----------------------------------------------------------------- transactions

    def _now(self) -> str:
        return _now_text(self._clock())

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock if self._lock is not None else nullcontext():
            yield

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work`` in one transaction, the writers' turn held; again if the database balks."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._locked(), self.engine.begin() as connection:
                    connection.execute(
                        sa.select(t.writer.c.id).where(t.writer.c.id == 1).with_for_update()
                    ).one()
                    return work(connection)
            except (sa.exc.IntegrityError, sa.exc.OperationalError):
                if attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))  # noqa: S311 - jitter
        raise AssertionError  # pragma: no cover - the loop returns or raises

    def _read(self, work: Callable[[sa.Connection], T]) -> T:
        with self.engine.connect() as connection:
            return work(connection)

    @staticmethod
    def _next_id(connection: sa.Connection, table: sa.Table) -> int:
        largest = connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
        return int(largest or 0) + 1

    def _log(  # noqa: PLR0913 - one audit entry's columns
        self,
        connection: sa.Connection,
        actor: Principal,
        action: str,
        *,
        unit: str | None = None,
        year: int | None = None,
        subject: int | None = None,
        **detail: object,
    ) -> None:
        previous = connection.execute(
            sa.select(t.audit.c.id, t.audit.c.chain).order_by(t.audit.c.id.desc()).limit(1)
        ).one_or_none()
        entry = {
            "id": previous.id + 1 if previous is not None else 1,
            "at": self._now(),
            "actor": actor.actor,
            "action": action,
            "unit": unit,
            "year": year,
            "subject": subject,
            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
        }
        chain = chained(previous.chain if previous is not None else "", entry)
        connection.execute(t.audit.insert().values(**entry, chain=chain))

    def _ensure_unit(self, connection: sa.Connection, by: Principal, code: str, name: str) -> None:
        found = connection.execute(
            sa.select(t.units.c.code).where(t.units.c.code == code)
        ).one_or_none()
        if found is None:
            connection.execute(t.units.insert().values(code=code, name=name, added_at=self._now()))
            self._log(connection, by, "unit.added", unit=code, name=name)

    def _submission(self, connection: sa.Connection, by: Principal, submission: int) -> Any:
        """The submission's row (without its bytes), if ``by`` may read it; else not found."""
        columns = [c for c in t.submissions.c if c.name != "content"]
        row = connection.execute(
            sa.select(*columns).where(t.submissions.c.id == submission)
        ).one_or_none()
        if row is None or not by.may(Action.READ, row.unit):
            raise refuse(404, "store.no_version", id=submission)
        return row

    def _review_of(self, connection: sa.Connection, submission: int) -> Any:
        return connection.execute(
            sa.select(t.reviews).where(t.reviews.c.submission == submission)
        ).one_or_none()
