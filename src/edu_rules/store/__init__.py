"""The record: each unit's documents kept year by year, judged, reviewed, monitored, published.

A city's supervision office keeps every submission here as it came (bytes, SHA-256,
time, who), never overwritten: a new submission is a new version.  Each version is
judged when it arrives, and the result is kept with the rule layers and engine that
gave it; judging again under newer rules is a recorded act beside the first.  A
reviewer accepts a version or returns it with a comment; evidence files travel with
a version until it is reviewed.  The monitoring report is built from the accepted
versions of every year, and the public page shows only what the city published.

The record lives in SQLite (``sqlite:///edu-rules.db``) or PostgreSQL
(``postgresql://…``) through SQLAlchemy, its tables made by the Alembic migrations
shipped with the package.  It needs the ``store`` extra
(``pip install "edu-rules[store]"``); ``import edu_rules`` never imports it.

>>> from edu_rules.store import Store, Scope                      # doctest: +SKIP
>>> store = Store.open("sqlite:///edu-rules.db")                  # doctest: +SKIP
>>> _, token = store.issue_token(Scope.COUNTY, "450202", "城中区")  # doctest: +SKIP
"""

from __future__ import annotations

from edu_rules.store._access import OPERATOR, Action, Principal, Scope
from edu_rules.store._database import DEFAULT_URL, make_engine, upgrade
from edu_rules.store._errors import RecordError
from edu_rules.store._judge import READERS, Judgment, Reader, judge, read_document
from edu_rules.store._store import (
    ACCEPTED,
    EVIDENCE_KINDS,
    MISSING,
    RETURNED,
    SUBMITTED,
    Limits,
    Store,
)
from edu_rules.store._transfer import export_record, import_record
from edu_rules.store._verify import verify

__all__ = [
    "ACCEPTED",
    "DEFAULT_URL",
    "EVIDENCE_KINDS",
    "MISSING",
    "OPERATOR",
    "READERS",
    "RETURNED",
    "SUBMITTED",
    "Action",
    "Judgment",
    "Limits",
    "Principal",
    "Reader",
    "RecordError",
    "Scope",
    "Store",
    "export_record",
    "import_record",
    "judge",
    "make_engine",
    "read_document",
    "upgrade",
    "verify",
]
