"""What the record's tests share: the bundled history's documents, their variants, evidence files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import edu_rules
from edu_rules.io import excel

HISTORY = Path(__file__).resolve().parents[2] / "examples" / "history"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def history(code: str, year: int) -> Path:
    """The bundled document of unit ``code`` for ``year``."""
    (found,) = HISTORY.glob(f"{code}-*-{year}.json")
    return found


def raw(code: str, year: int) -> bytes:
    """The bundled document's bytes."""
    return history(code, year).read_bytes()


def corrected(unit: str, year: int, **changes: object) -> bytes:
    """The bundled document with top-level fields changed: a county's corrected resubmission."""
    document = json.loads(raw(unit, year))
    document.update(changes)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def elsewhere(code: str, name: str, year: int = 2023) -> bytes:
    """A Liuzhou document relabelled as another unit (another city's, for the access tests)."""
    return corrected("450202", year, code=code, name=name)


def workbook(code: str, year: int) -> bytes:
    """The bundled document as the county workbook ``edu-rules convert`` writes."""
    out = io.BytesIO()
    excel.write_county(out, edu_rules.load_county(history(code, year)))
    return out.getvalue()
