"""The record's tables, in SQLAlchemy Core: one description for SQLite and PostgreSQL alike.

Identifiers are whole numbers the store assigns itself (the next one after the
largest), so that an exported record imports with the same numbers on any
database; writers take turns on the :data:`writer` row, so two never pick the
same number.  Times are ISO 8601 text in UTC with microseconds
(``2026-03-01T08:00:00.000000Z``): they sort as they read and survive an export
unchanged.  Nothing is ever updated in place except a token's revocation and a
publication's withdrawal; a submission's bytes, a result, a review, evidence and
the audit log are only ever added.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TIME = 32
"""Room for an ISO 8601 time with microseconds and the ``Z``."""

units = sa.Table(
    "units",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("added_at", sa.String(TIME), nullable=False),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("scope", sa.String(12), nullable=False),  # county | city | province
    sa.Column("unit", sa.String(12), nullable=True),  # a code, a city prefix, or none
    sa.Column("secret_sha256", sa.String(64), nullable=False),
    sa.Column("issued_at", sa.String(TIME), nullable=False),
    sa.Column("revoked_at", sa.String(TIME), nullable=True),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("unit", sa.String(12), nullable=False, index=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("format", sa.String(12), nullable=False),  # json | xlsx (the reader's name)
    sa.Column("file_name", sa.String(200), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("submitted_at", sa.String(TIME), nullable=False),
    sa.Column("submitted_by", sa.String(200), nullable=False),
    sa.UniqueConstraint("unit", "year", "version", name="uq_submission_version"),
)

results = sa.Table(
    "results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("judged_at", sa.String(TIME), nullable=False),
    sa.Column("judged_by", sa.String(200), nullable=False),
    sa.Column("reason", sa.String(12), nullable=False),  # submitted | rejudged
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("engine_version", sa.String(40), nullable=False),
    sa.Column("layers", sa.Text, nullable=False),  # JSON: [{"name": …, "version": …}, …]
    sa.Column("summary", sa.Text, nullable=False),  # JSON: the result's key figures
    sa.Column("document", sa.LargeBinary, nullable=False),  # the result document, zlib
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column(
        "submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, unique=True
    ),
    sa.Column("decision", sa.String(12), nullable=False),  # accepted | returned
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("reviewed_at", sa.String(TIME), nullable=False),
    sa.Column("reviewed_by", sa.String(200), nullable=False),
)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("item", sa.String(40), nullable=False),  # the declared item, e.g. G1
    sa.Column("file_name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # pdf | jpg | png | xlsx | docx
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("uploaded_at", sa.String(TIME), nullable=False),
    sa.Column("uploaded_by", sa.String(200), nullable=False),
)

publications = sa.Table(
    "publications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("unit", sa.String(12), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("shown", sa.Text, nullable=False),  # JSON: exactly what the public page shows
    sa.Column("published_at", sa.String(TIME), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
    sa.Column("withdrawn_at", sa.String(TIME), nullable=True),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(TIME), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("unit", sa.String(12), nullable=True, index=True),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("subject", sa.Integer, nullable=True),  # the submission, token or publication
    sa.Column("detail", sa.Text, nullable=False),  # JSON
    sa.Column("chain", sa.String(64), nullable=False),  # see edu_rules.store._core.chained
)

writer = sa.Table(
    "writer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
)
"""One row, locked (``SELECT … FOR UPDATE``) by every writing transaction first: writers
take turns, so the next number and the next version are never taken twice.  SQLite has
one writer at a time anyway and ignores the clause.  Not part of an export."""

TABLES = (units, tokens, submissions, results, reviews, evidence, publications, audit)
"""Every table, in an order that inserts parents before children."""
