"""Reading a submission and judging it: the document's unit and year, its result, the rules used.

A submission is read by the first reader whose ``accepts`` recognises its bytes
(:data:`READERS`): a county workbook (a zip, by its first bytes) or a JSON county
document.  Another input form — the per-school forms, say — joins the record by
adding a :class:`Reader` to the front of the tuple; the store keeps the bytes as
they came and the reader's name with them, and judges what the reader returns.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from edu_rules.model.county import County
    from edu_rules.plugins import Registry

WORKBOOK_MAGIC = b"PK\x03\x04"
"""How an .xlsx file starts (it is a zip); a JSON document never does."""


@attrs.frozen
class Reader:
    """One input form: its name (kept with the submission), how to recognise it and read it."""

    name: str
    accepts: Callable[[bytes], bool]
    read: Callable[[bytes, str], County]


def _read_workbook(raw: bytes, name: str) -> County:
    from edu_rules.io import excel

    return excel.load_county(raw, source_name=name)


def _read_json(raw: bytes, name: str) -> County:
    from edu_rules.io.validation import load_county

    return load_county(raw, source_name=name)


READERS: tuple[Reader, ...] = (
    Reader("xlsx", lambda raw: raw.startswith(WORKBOOK_MAGIC), _read_workbook),
    Reader("json", lambda _raw: True, _read_json),
)
"""The input forms the record accepts, the first that recognises the bytes reads them."""


def reader_for(raw: bytes) -> Reader:
    """The reader of ``raw`` (the last one accepts anything and names its problems)."""
    return next(reader for reader in READERS if reader.accepts(raw))


def read_document(raw: bytes, name: str) -> County:
    """The county in a submission's bytes; :class:`CountyDataError` naming every problem."""
    return reader_for(raw).read(raw, name)


@attrs.frozen
class Judgment:
    """A submission read and judged: what the store keeps beside the bytes.

    :param layers: each applied layer's name and version, top down.
    :param summary: the key figures the pages show (verdict counts by kind).
    :param document: the result document (``edu-rules evaluate --format json``), zlib.
    """

    code: str
    name: str
    year: int
    format: str
    status: str
    engine_version: str
    layers: tuple[tuple[str, str | None], ...]
    summary: dict[str, int]
    document: bytes

    def layers_json(self) -> str:
        """The layers as the store keeps them."""
        return json.dumps(
            [{"name": name, "version": version} for name, version in self.layers],
            ensure_ascii=False,
        )


def judge(raw: bytes, file_name: str, registry: Registry | None = None) -> Judgment:
    """Read ``raw`` and evaluate it with ``registry`` (the installed layers by default).

    :raises CountyDataError: the document cannot be read; nothing is judged.
    """
    from edu_rules.engine import evaluate
    from edu_rules.io.serialization import to_json_bytes
    from edu_rules.plugins import default_registry

    reader = reader_for(raw)
    county = reader.read(raw, file_name)
    result = evaluate(county, registry=registry if registry is not None else default_registry())
    summary = result.summary
    return Judgment(
        code=county.code,
        name=county.name,
        year=county.assessment_year,
        format=reader.name,
        status=result.status.value,
        engine_version=result.engine_version,
        layers=tuple((layer.name, layer.version) for layer in result.layers),
        summary={
            "shortfalls": summary.shortfalls,
            "binding_shortfalls": summary.binding_shortfalls,
            "not_evaluated": summary.not_evaluated,
            "manual_checks": summary.manual_checks,
        },
        document=zlib.compress(to_json_bytes(result), 6),
    )
