"""The record: submissions by version, their results, reviews, evidence, publications, the log.

Every method that changes the record takes the :class:`Principal` acting, checks
it may, and writes the change and its audit entry in one transaction; nothing
is updated in place but a token's revocation and a publication's withdrawal.
Another unit's versions and evidence are *not found* for a principal who does not
cover the unit (404), so that their existence is not told either; an action on a
unit one may read but not act on is *refused* (403).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from edu_rules.store import _tables as t
from edu_rules.store._access import Action, Principal, Scope
from edu_rules.store._core import (
    ACCEPTED,
    DECISIONS,
    EVIDENCE_KINDS,
    MISSING,
    RETURNED,
    SUBMITTED,
    Limits,
    file_name,
    refuse,
)
from edu_rules.store._judge import Judgment, judge
from edu_rules.store._tokens import Tokens

if TYPE_CHECKING:
    from edu_rules.plugins import Registry


class Store(Tokens):
    """A city's (or a province's) record, on the database an engine reaches.

    :param engine: an engine from :func:`edu_rules.store.make_engine`; its tables must
        be at the newest migration (:meth:`open` sees to it).
    :param clock: the time now (UTC), for tests; the system clock by default.
    :param limits: the sizes and counts accepted (:class:`Limits`).
    """

    # ----------------------------------------------------------------- submissions

    def submit(
        self,
        by: Principal,
        raw: bytes,
        name: str,
        *,
        judgment: Judgment | None = None,
        registry: Registry | None = None,
    ) -> dict[str, Any]:
        """Keep ``raw`` as a new version of its unit's year, judged; the version's summary.

        :param judgment: the document already judged (by a worker process); judged here
            with ``registry`` otherwise.
        :raises CountyDataError: the document cannot be read (nothing is kept).
        :raises RecordError: too large (413), or not the principal's to submit (403).
        """
        if len(raw) > self.limits.document_bytes:
            raise refuse(413, "store.too_large", limit=self.limits.document_bytes)
        judged = judgment if judgment is not None else judge(raw, name, registry)
        if not by.may(Action.SUBMIT, judged.code):
            raise refuse(403, "store.not_your_unit", unit=judged.code)
        kept_name = file_name(name)
        sha = hashlib.sha256(raw).hexdigest()

        def work(connection: sa.Connection) -> dict[str, Any]:
            self._ensure_unit(connection, by, judged.code, judged.name)
            latest = connection.execute(
                sa.select(sa.func.max(t.submissions.c.version)).where(
                    t.submissions.c.unit == judged.code, t.submissions.c.year == judged.year
                )
            ).scalar()
            version = int(latest or 0) + 1
            submission = self._next_id(connection, t.submissions)
            now = self._now()
            connection.execute(
                t.submissions.insert().values(
                    id=submission,
                    unit=judged.code,
                    year=judged.year,
                    version=version,
                    name=judged.name,
                    format=judged.format,
                    file_name=kept_name,
                    size=len(raw),
                    sha256=sha,
                    content=raw,
                    submitted_at=now,
                    submitted_by=by.actor,
                )
            )
            self._add_result(connection, by, submission, judged, "submitted")
            self._log(
                connection,
                by,
                "submitted",
                unit=judged.code,
                year=judged.year,
                subject=submission,
                version=version,
                sha256=sha,
                size=len(raw),
                file_name=kept_name,
                status=judged.status,
            )
            return {
                "id": submission,
                "unit": judged.code,
                "year": judged.year,
                "version": version,
                "sha256": sha,
                "status": judged.status,
            }

        return self._write(work)

    def _add_result(
        self,
        connection: sa.Connection,
        by: Principal,
        submission: int,
        judged: Judgment,
        reason: str,
    ) -> None:
        connection.execute(
            t.results.insert().values(
                id=self._next_id(connection, t.results),
                submission=submission,
                judged_at=self._now(),
                judged_by=by.actor,
                reason=reason,
                status=judged.status,
                engine_version=judged.engine_version,
                layers=judged.layers_json(),
                summary=json.dumps(judged.summary, sort_keys=True),
                document=judged.document,
            )
        )

    def version(self, by: Principal, submission: int) -> dict[str, Any]:
        """One version: what was submitted, every judgment, its review and its evidence."""

        def work(connection: sa.Connection) -> dict[str, Any]:
            row = self._submission(connection, by, submission)
            judged = connection.execute(
                sa.select(t.results)
                .where(t.results.c.submission == submission)
                .order_by(t.results.c.id)
            ).all()
            review = self._review_of(connection, submission)
            files = connection.execute(
                sa.select(*[c for c in t.evidence.c if c.name != "content"])
                .where(t.evidence.c.submission == submission)
                .order_by(t.evidence.c.id)
            ).mappings()
            return {
                **dict(row._mapping),  # noqa: SLF001 - SQLAlchemy's public row mapping
                "state": review.decision if review is not None else SUBMITTED,
                "results": [
                    {
                        "id": r.id,
                        "judged_at": r.judged_at,
                        "judged_by": r.judged_by,
                        "reason": r.reason,
                        "status": r.status,
                        "engine_version": r.engine_version,
                        "layers": json.loads(r.layers),
                        "summary": json.loads(r.summary),
                    }
                    for r in judged
                ],
                "review": (
                    None
                    if review is None
                    else {
                        k: getattr(review, k)
                        for k in ("decision", "comment", "reviewed_at", "reviewed_by")
                    }
                ),
                "evidence": [dict(f) for f in files],
            }

        return self._read(work)

    def document(self, by: Principal, submission: int) -> tuple[str, bytes]:
        """The file as submitted: its name and bytes."""

        def work(connection: sa.Connection) -> tuple[str, bytes]:
            row = self._submission(connection, by, submission)
            content = connection.execute(
                sa.select(t.submissions.c.content).where(t.submissions.c.id == submission)
            ).scalar_one()
            return row.file_name, bytes(content)

        return self._read(work)

    def result_document(self, by: Principal, submission: int) -> bytes:
        """The latest judgment's result document (JSON, as ``edu-rules evaluate`` writes it)."""

        def work(connection: sa.Connection) -> bytes:
            self._submission(connection, by, submission)
            packed = connection.execute(
                sa.select(t.results.c.document)
                .where(t.results.c.submission == submission)
                .order_by(t.results.c.id.desc())
                .limit(1)
            ).scalar_one()
            return zlib.decompress(packed)

        return self._read(work)

    def rejudge(
        self,
        by: Principal,
        submission: int,
        *,
        judgment: Judgment | None = None,
        registry: Registry | None = None,
    ) -> dict[str, Any]:
        """Judge a version again under the rules installed now; recorded beside the earlier."""
        name, raw = self.document(by, submission)
        row = self._read(lambda c: self._submission(c, by, submission))
        if not by.may(Action.REVIEW, row.unit):
            raise refuse(403, "store.denied")
        judged = judgment if judgment is not None else judge(raw, name, registry)

        def work(connection: sa.Connection) -> dict[str, Any]:
            self._add_result(connection, by, submission, judged, "rejudged")
            self._log(
                connection,
                by,
                "rejudged",
                unit=row.unit,
                year=row.year,
                subject=submission,
                status=judged.status,
                engine_version=judged.engine_version,
                layers=[f"{n} {v}" for n, v in judged.layers],
            )
            return {"id": submission, "status": judged.status}

        return self._write(work)

    # ----------------------------------------------------------------- review and evidence

    def review(self, by: Principal, submission: int, decision: str, comment: str) -> None:
        """Accept or return a version, once; a returned version needs a comment."""
        if decision not in DECISIONS:
            raise refuse(400, "store.bad_decision", decision=decision[:40])
        comment = comment.strip()
        if decision == RETURNED and not comment:
            raise refuse(400, "store.comment_needed")
        if len(comment) > self.limits.comment_chars:
            raise refuse(400, "store.comment_too_long", limit=self.limits.comment_chars)

        def work(connection: sa.Connection) -> None:
            row = self._submission(connection, by, submission)
            if not by.may(Action.REVIEW, row.unit):
                raise refuse(403, "store.denied")
            if self._review_of(connection, submission) is not None:
                raise refuse(409, "store.already_reviewed", id=submission)
            connection.execute(
                t.reviews.insert().values(
                    id=self._next_id(connection, t.reviews),
                    submission=submission,
                    decision=decision,
                    comment=comment,
                    reviewed_at=self._now(),
                    reviewed_by=by.actor,
                )
            )
            self._log(
                connection,
                by,
                decision,
                unit=row.unit,
                year=row.year,
                subject=submission,
                version=row.version,
                comment=comment,
            )

        self._write(work)

    def add_evidence(self, by: Principal, submission: int, item: str, name: str, raw: bytes) -> int:
        """Attach an evidence file to a version not yet reviewed; its id."""
        kept_name = file_name(name)
        kind = PurePath(kept_name).suffix.lower().lstrip(".")
        if kind not in EVIDENCE_KINDS or not raw.startswith(EVIDENCE_KINDS[kind]):
            allowed = ", ".join(sorted(EVIDENCE_KINDS))
            raise refuse(400, "store.evidence_kind", name=kept_name, kinds=allowed)
        if len(raw) > self.limits.evidence_bytes:
            raise refuse(413, "store.too_large", limit=self.limits.evidence_bytes)
        item = item.strip().upper()
        if not item or len(item) > 8 or not item.isalnum() or not item.isascii():
            raise refuse(400, "store.bad_item", item=item[:40])

        def work(connection: sa.Connection) -> int:
            row = self._submission(connection, by, submission)
            if not by.may(Action.SUBMIT, row.unit):
                raise refuse(403, "store.denied")
            if self._review_of(connection, submission) is not None:
                raise refuse(409, "store.version_closed", id=submission)
            count = connection.execute(
                sa.select(sa.func.count()).where(t.evidence.c.submission == submission)
            ).scalar_one()
            if count >= self.limits.evidence_files:
                raise refuse(409, "store.too_many_files", limit=self.limits.evidence_files)
            evidence_id = self._next_id(connection, t.evidence)
            sha = hashlib.sha256(raw).hexdigest()
            connection.execute(
                t.evidence.insert().values(
                    id=evidence_id,
                    submission=submission,
                    item=item,
                    file_name=kept_name,
                    kind=kind,
                    size=len(raw),
                    sha256=sha,
                    content=raw,
                    uploaded_at=self._now(),
                    uploaded_by=by.actor,
                )
            )
            self._log(
                connection,
                by,
                "evidence.added",
                unit=row.unit,
                year=row.year,
                subject=submission,
                evidence=evidence_id,
                item=item,
                file_name=kept_name,
                sha256=sha,
            )
            return evidence_id

        return self._write(work)

    def evidence_file(self, by: Principal, evidence_id: int) -> tuple[str, bytes]:
        """An evidence file's name and bytes, if ``by`` may read its unit."""

        def work(connection: sa.Connection) -> tuple[str, bytes]:
            row = connection.execute(
                sa.select(t.evidence.c.file_name, t.evidence.c.content, t.submissions.c.unit)
                .join(t.submissions, t.submissions.c.id == t.evidence.c.submission)
                .where(t.evidence.c.id == evidence_id)
            ).one_or_none()
            if row is None or not by.may(Action.READ, row.unit):
                raise refuse(404, "store.no_evidence", id=evidence_id)
            return row.file_name, bytes(row.content)

        return self._read(work)

    # ----------------------------------------------------------------- the state

    def state(self, by: Principal) -> list[dict[str, Any]]:
        """Every unit ``by`` covers and every year on record: the latest version, the accepted."""

        def work(connection: sa.Connection) -> list[dict[str, Any]]:
            names = {
                row.code: row.name
                for row in connection.execute(sa.select(t.units)).all()
                if by.may(Action.READ, row.code)
            }
            rows = connection.execute(
                sa.select(
                    t.submissions.c.id,
                    t.submissions.c.unit,
                    t.submissions.c.year,
                    t.submissions.c.version,
                    t.submissions.c.submitted_at,
                    t.reviews.c.decision,
                )
                .outerjoin(t.reviews, t.reviews.c.submission == t.submissions.c.id)
                .order_by(t.submissions.c.id)
            ).all()
            statuses = _latest_statuses(connection)
            published = {
                (row.unit, row.year): row.submission
                for row in connection.execute(
                    sa.select(t.publications).where(t.publications.c.withdrawn_at.is_(None))
                ).all()
            }
            years = sorted({row.year for row in rows if row.unit in names})
            table: dict[tuple[str, int], dict[str, Any]] = {
                (code, year): {
                    "unit": code,
                    "name": names[code],
                    "year": year,
                    "state": MISSING,
                    "versions": 0,
                    "latest": None,
                    "latest_version": 0,
                    "submitted_at": None,
                    "latest_status": None,
                    "accepted": None,
                    "accepted_status": None,
                    "published": (code, year) in published,
                }
                for code in sorted(names)
                for year in years
            }
            for row in rows:
                entry = table.get((row.unit, row.year))
                if entry is None:
                    continue
                entry["versions"] = max(entry["versions"], row.version)
                if row.version >= entry["latest_version"]:
                    entry.update(
                        latest=row.id,
                        latest_version=row.version,
                        latest_status=statuses.get(row.id),
                        state=row.decision or SUBMITTED,
                        submitted_at=row.submitted_at,
                    )
                if row.decision == ACCEPTED:
                    entry.update(accepted=row.id, accepted_status=statuses.get(row.id))
            return list(table.values())

        return self._read(work)

    def accepted(self, by: Principal) -> list[tuple[str, bytes]]:
        """The latest accepted version of every unit-year ``by`` covers: name and bytes."""
        chosen = [entry["accepted"] for entry in self.state(by) if entry["accepted"] is not None]
        return [self.document(by, submission) for submission in chosen]

    def audit(self, by: Principal, *, unit: str | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first: every entry about a unit ``by`` covers (a province: all)."""
        query = sa.select(t.audit).order_by(t.audit.c.id)
        if unit is not None:
            query = query.where(t.audit.c.unit == unit)
        rows = self._read(lambda c: c.execute(query).mappings().all())
        return [
            {**row, "detail": json.loads(row["detail"])}
            for row in rows
            if (by.scope is Scope.PROVINCE)
            or (row["unit"] is not None and by.may(Action.READ, row["unit"]))
        ]

    # ----------------------------------------------------------------- publication

    def publish(self, by: Principal, unit: str, year: int) -> dict[str, Any]:
        """Publish the unit-year's accepted version: what the public page will show."""
        if not by.may(Action.REVIEW, unit):
            raise refuse(403, "store.denied")
        entry = next((e for e in self.state(by) if e["unit"] == unit and e["year"] == year), None)
        if entry is None or entry["accepted"] is None:
            raise refuse(409, "store.nothing_accepted", unit=unit, year=year)
        version = self.version(by, entry["accepted"])
        judged = version["results"][-1]
        shown = {
            "unit": unit,
            "name": version["name"],
            "year": year,
            "version": version["version"],
            "status": judged["status"],
            **judged["summary"],
            "engine_version": judged["engine_version"],
            "layers": judged["layers"],
        }

        def work(connection: sa.Connection) -> dict[str, Any]:
            now = self._now()
            connection.execute(
                t.publications.update()
                .where(
                    t.publications.c.unit == unit,
                    t.publications.c.year == year,
                    t.publications.c.withdrawn_at.is_(None),
                )
                .values(withdrawn_at=now)
            )
            publication = self._next_id(connection, t.publications)
            connection.execute(
                t.publications.insert().values(
                    id=publication,
                    unit=unit,
                    year=year,
                    submission=entry["accepted"],
                    shown=json.dumps(shown, ensure_ascii=False, sort_keys=True),
                    published_at=now,
                    published_by=by.actor,
                )
            )
            self._log(connection, by, "published", unit=unit, year=year, subject=entry["accepted"])
            return shown

        return self._write(work)

    def withdraw(self, by: Principal, unit: str, year: int) -> None:
        """Take a unit-year off the public page."""
        if not by.may(Action.REVIEW, unit):
            raise refuse(403, "store.denied")

        def work(connection: sa.Connection) -> None:
            done = connection.execute(
                t.publications.update()
                .where(
                    t.publications.c.unit == unit,
                    t.publications.c.year == year,
                    t.publications.c.withdrawn_at.is_(None),
                )
                .values(withdrawn_at=self._now())
            )
            if done.rowcount == 0:
                raise refuse(404, "store.not_published", unit=unit, year=year)
            self._log(connection, by, "withdrawn", unit=unit, year=year)

        self._write(work)

    def published(self) -> list[dict[str, Any]]:
        """What the public page shows: each published unit-year as it was published."""
        rows = self._read(
            lambda c: c.execute(
                sa.select(t.publications.c.shown)
                .where(t.publications.c.withdrawn_at.is_(None))
                .order_by(t.publications.c.year, t.publications.c.unit)
            ).all()
        )
        return [json.loads(row.shown) for row in rows]


def _latest_statuses(connection: sa.Connection) -> dict[int, str]:
    """Each submission's verdict by its latest judgment."""
    statuses: dict[int, str] = {}
    for row in connection.execute(
        sa.select(t.results.c.submission, t.results.c.status).order_by(t.results.c.id)
    ).all():
        statuses[row.submission] = row.status
    return statuses


def digest_of(raw: bytes) -> str:
    """The SHA-256 of bytes, hex (what a version's ``sha256`` is)."""
    return hashlib.sha256(raw).hexdigest()


__all__ = [
    "ACCEPTED",
    "DECISIONS",
    "EVIDENCE_KINDS",
    "MISSING",
    "RETURNED",
    "SUBMITTED",
    "Limits",
    "Store",
    "digest_of",
    "file_name",
]
