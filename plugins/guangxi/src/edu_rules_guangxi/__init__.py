"""The Guangxi layer: 桂教督委办〔2019〕1号.

Guangxi's implementation rules, 《广西壮族自治区县域义务教育优质均衡发展督导评估实施细则
（试行）》, govern the region's 111 county-level units (division
codes ``45xxxx``).  Their full text was not available, so this layer encodes only
what is known from the documents that cite it: an explicit, cited adoption of each family of
national standards (``data/adoptions.json``) — the national procedure of
国教督办函〔2019〕30号 with its municipal review among them — and the region's target
of 20% of its units recognised by 2025 (``data/targets.json`` over the units of
``data/county-units.csv``).  It defines no rule of its own and overrides no national
number: none is known to differ.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Mapping
from importlib.resources import files
from typing import Any

from edu_rules import (
    Adoption,
    Layer,
    Level,
    PluginError,
    Target,
    Title,
    hookimpl,
    load_targets,
)

LAYER = Layer(
    name="guangxi",
    level=Level.PROVINCIAL,
    jurisdiction="45",
    title=Title(
        zh="广西壮族自治区县域义务教育优质均衡发展督导评估实施细则（试行）",
        en=(
            "Guangxi implementation rules for supervising and assessing high-quality "
            "balanced compulsory education at county level (trial)"
        ),
    ),
    citation="桂教督委办〔2019〕1号",
)

_DATA = files(__package__) / "data"


def _read_json(name: str) -> Mapping[str, Any]:
    entry = _DATA / name
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PluginError(f"plugin 'guangxi': cannot read {entry}: {error}") from error
    if not isinstance(data, Mapping):
        raise PluginError(f"plugin 'guangxi': {entry} must hold a JSON object")
    return data


@functools.cache
def county_units() -> Mapping[str, str]:
    """Guangxi's county-level units, code → name (国家统计局 2023年统计用区划代码)."""
    entry = _DATA / "county-units.csv"
    rows = list(csv.DictReader(io.StringIO(entry.read_text(encoding="utf-8"))))
    units = {row["code"]: row["name"] for row in rows}
    if len(units) != len(rows) or not all(
        len(code) == 6 and code.startswith(LAYER.jurisdiction) for code in units
    ):
        raise PluginError(f"plugin 'guangxi': {entry} must list distinct 45xxxx codes")
    return units


@functools.cache
def adoptions() -> tuple[Adoption, ...]:
    """The adoption records of ``data/adoptions.json``, one per national family."""
    records = _read_json("adoptions.json").get("adoptions", [])
    try:
        return tuple(
            Adoption(
                rules=tuple(record["rules"]),
                citation=record["citation"],
                note=Title(**record["note"]),
            )
            for record in records
        )
    except (KeyError, TypeError) as error:
        raise PluginError(f"plugin 'guangxi': data/adoptions.json: bad record: {error}") from error


@functools.cache
def targets() -> tuple[Target, ...]:
    """The region's recognition targets of ``data/targets.json``, over its 111 units."""
    return load_targets(_DATA / "targets.json", layer=LAYER, units=county_units())


@hookimpl
def edu_rules_layer() -> Layer:
    """Guangxi governs the division codes starting ``45``."""
    return LAYER


@hookimpl
def edu_rules_adoptions() -> Iterable[Adoption]:
    """The national standards Guangxi adopts, each family with its citation."""
    return adoptions()


@hookimpl
def edu_rules_targets() -> Iterable[Target]:
    """20% of the region's 111 county-level units recognised by 2025."""
    return targets()
