"""The record's first tables: units, tokens, submissions, results, reviews, evidence, the log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = 32


def upgrade() -> None:
    """Create the tables, and the one row writers lock in turn."""
    writer = op.create_table(
        "writer",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.bulk_insert(writer, [{"id": 1}])
    op.create_table(
        "units",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("added_at", sa.String(TIME), nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("scope", sa.String(12), nullable=False),
        sa.Column("unit", sa.String(12), nullable=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.String(TIME), nullable=False),
        sa.Column("revoked_at", sa.String(TIME), nullable=True),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("unit", sa.String(12), nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("format", sa.String(12), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("submitted_at", sa.String(TIME), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("unit", "year", "version", name="uq_submission_version"),
    )
    op.create_table(
        "results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("judged_at", sa.String(TIME), nullable=False),
        sa.Column("judged_by", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(12), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("engine_version", sa.String(40), nullable=False),
        sa.Column("layers", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column(
            "submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, unique=True
        ),
        sa.Column("decision", sa.String(12), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("reviewed_at", sa.String(TIME), nullable=False),
        sa.Column("reviewed_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("item", sa.String(40), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_at", sa.String(TIME), nullable=False),
        sa.Column("uploaded_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("unit", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("submission", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("shown", sa.Text, nullable=False),
        sa.Column("published_at", sa.String(TIME), nullable=False),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("withdrawn_at", sa.String(TIME), nullable=True),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(TIME), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(12), nullable=True, index=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("subject", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("chain", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    """Drop the tables, children first."""
    for table in (
        "audit",
        "publications",
        "evidence",
        "reviews",
        "results",
        "submissions",
        "tokens",
        "units",
        "writer",
    ):
        op.drop_table(table)
