"""Checking the record is whole: every file matches its hash, the audit log's links all hold.

The audit log is a chain: each entry's ``chain`` is the SHA-256 of the previous
entry's and its own columns (:func:`~edu_rules.store._core.chained`), and the
entries are numbered 1, 2, … without a gap.  An entry changed, inserted or taken
out afterwards — by hand, in the database — breaks the chain there; :func:`verify`
names the first entry that does not hold, and every submission or evidence file
whose bytes no longer match the SHA-256 recorded when it arrived.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from edu_rules._messages import Text, text
from edu_rules.store import _tables as t
from edu_rules.store._core import chained


def verify(engine: sa.Engine) -> tuple[list[Text], dict[str, int]]:
    """What does not hold (empty when the record is whole), and how much was checked."""
    problems: list[Text] = []
    counted = {"entries": 0, "versions": 0, "files": 0}
    with engine.connect() as connection:
        previous = ""
        for row in connection.execute(sa.select(t.audit).order_by(t.audit.c.id)).mappings():
            counted["entries"] += 1
            entry = {k: row[k] for k in ("id", "at", "actor", "action", "unit", "year")}
            entry.update(subject=row["subject"], detail=row["detail"])
            if row["id"] != counted["entries"] or chained(previous, entry) != row["chain"]:
                problems.append(text("store.broken_chain", id=row["id"]))
                break
            previous = row["chain"]
        for table, kind in ((t.submissions, "versions"), (t.evidence, "files")):
            query = sa.select(table.c.id, table.c.sha256, table.c.content).order_by(table.c.id)
            for number, sha, content in connection.execute(query):
                counted[kind] += 1
                if hashlib.sha256(bytes(content)).hexdigest() != sha:
                    problems.append(text(f"store.bad_content.{kind}", id=number))
    return problems, counted
