"""The whole record as files and back: ``edu-rules store export DIR`` and ``import DIR``.

The folder holds ``record.json`` — every table's rows in order, the bytes left
out — and the bytes beside it: ``documents/<id>.<format>`` (each submission as it
was submitted), ``evidence/<id>.<kind>`` and ``results/<id>.json`` (each judgment's
result document).  Importing that folder into an empty record and exporting again
gives the same files, byte for byte; each file's SHA-256 is checked against its row
on the way in.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from edu_rules._messages import text
from edu_rules.store import _tables as t
from edu_rules.store._database import HEAD, revision
from edu_rules.store._errors import RecordError

FORMAT = "edu-rules-record"
MANIFEST = "record.json"

_BLOBS: dict[str, tuple[str, str, str]] = {
    "submissions": ("content", "documents", "format"),
    "evidence": ("content", "evidence", "kind"),
    "results": ("document", "results", ""),
}
"""For each table with bytes: the column, the folder, and the column naming the extension."""


def _order(table: sa.Table) -> Any:
    return table.c.code if table is t.units else table.c.id


def _blob_path(folder: Path, table: str, row: dict[str, Any]) -> Path:
    _column, sub, ext_column = _BLOBS[table]
    extension = row[ext_column] if ext_column else "json"
    if not isinstance(row.get("id"), int) or not str(extension).isalnum():
        raise _refuse("store.bad_export", path=str(folder / MANIFEST), reason=row.get("id"))
    return folder / sub / f"{row['id']}.{extension}"


def export_record(engine: sa.Engine, folder: Path) -> int:
    """Write the record into ``folder`` (created; it must be empty); the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise RecordError.refuse(400, text("store.folder_not_empty", path=str(folder)))
    tables: dict[str, list[dict[str, Any]]] = {}
    written = 1
    with engine.connect() as connection:
        for table in t.TABLES:
            rows = []
            for mapping in connection.execute(sa.select(table).order_by(_order(table))).mappings():
                row = dict(mapping)
                if table.name in _BLOBS:
                    column = _BLOBS[table.name][0]
                    content = bytes(row.pop(column))
                    if table.name == "results":
                        content = zlib.decompress(content)
                    path = _blob_path(folder, table.name, row)
                    path.parent.mkdir(exist_ok=True)
                    path.write_bytes(content)
                    written += 1
                rows.append(row)
            tables[table.name] = rows
    manifest = {"format": FORMAT, "revision": revision(engine), "tables": tables}
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    return written


def _refuse(key: str, **values: object) -> RecordError:
    return RecordError.refuse(400, text(key, **values))


def import_record(engine: sa.Engine, folder: Path) -> int:
    """Read an exported ``folder`` into an empty record; the number of rows read."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refuse("store.bad_export", path=str(folder / MANIFEST), reason=error) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("store.bad_export", path=str(folder / MANIFEST), reason=FORMAT)
    if manifest.get("revision") != HEAD:
        raise _refuse("store.other_revision", found=manifest.get("revision"), expected=HEAD)
    count = 0
    with engine.begin() as connection:
        for table in t.TABLES:
            if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                raise _refuse("store.not_empty")
        for table in t.TABLES:
            rows = []
            for given in manifest["tables"].get(table.name, []):
                row = dict(given)
                if table.name in _BLOBS:
                    row[_BLOBS[table.name][0]] = _read_blob(folder, table.name, row)
                rows.append(row)
            if rows:
                connection.execute(table.insert(), rows)
            count += len(rows)
    return count


def _read_blob(folder: Path, table: str, row: dict[str, Any]) -> bytes:
    path = _blob_path(folder, table, row)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _refuse("store.bad_export", path=str(path), reason=error.strerror) from error
    if table == "results":
        return zlib.compress(content, 6)
    if hashlib.sha256(content).hexdigest() != row["sha256"]:
        raise _refuse("store.hash_mismatch", path=str(path))
    return content
