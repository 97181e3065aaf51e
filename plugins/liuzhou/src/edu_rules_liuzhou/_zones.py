"""Functional zones assessed with a county-level unit: 鱼峰区 with 柳东新区 and 阳和工业新区.

柳教督导〔2021〕16号 · 四、分步规划 schedules "鱼峰区(含柳东新区、阳和工业新区)": the
schools those zones administer count in 鱼峰区's data.  Two shapes of input occur:

- one 鱼峰区 document that lists the zones' schools (``administered_by`` names the
  zone): nothing moves, and :func:`school_note` says so in the result;
- a batch with a separate document for a zone (its ``code`` is the host's,
  ``450203``, as the data contract asks of a zone without a code of its own):
  :func:`fold_batch` moves its schools into the host's document before evaluation.

A document is a zone's when its name contains the zone's name or an alias
(``柳东新区``, ``柳州市柳东新区教育局``…) and not the host's name (a document named
``鱼峰区（含柳东新区、阳和工业新区）`` is the host's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from edu_rules import County, CountyDataError, Prepared, Problem, Title


@attrs.frozen
class Zone:
    """A functional zone and the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """Whether ``text`` (a document or administrator name) names this zone."""
        return any(name in text for name in (self.name, *self.aliases))


@attrs.frozen
class Host:
    """A county-level unit assessed together with functional zones."""

    code: str
    name: str
    zones: tuple[Zone, ...]

    def zone_named(self, text: str) -> Zone | None:
        """The zone ``text`` names, if any."""
        return next((zone for zone in self.zones if zone.matches(text)), None)


@attrs.frozen
class Zones:
    """The functional-zone arrangements of a layer, with their citation."""

    citation: str
    jurisdiction: str
    hosts: tuple[Host, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], jurisdiction: str) -> Zones:
        """Build from ``data/functional_zones.json``."""
        return cls(
            citation=data["citation"],
            jurisdiction=jurisdiction,
            hosts=tuple(
                Host(
                    code=host["code"],
                    name=host["name"],
                    zones=tuple(
                        Zone(zone["name"], tuple(zone.get("aliases", ()))) for zone in host["zones"]
                    ),
                )
                for host in data["hosts"]
            ),
        )

    def zone_document(self, county: County) -> tuple[Host, Zone] | None:
        """The host and zone a document belongs to if it is a zone's own document."""
        if not county.code.startswith(self.jurisdiction):
            return None
        for host in self.hosts:
            zone = None if host.name in county.name else host.zone_named(county.name)
            if zone is not None:
                return host, zone
        return None


def _describe(county: County) -> str:
    return f"{county.name} ({county.code}, {county.assessment_year})"


def _fold_problems(
    host: Host, host_docs: Sequence[County], zone_docs: Sequence[County]
) -> Iterator[Problem]:
    names = "、".join(_describe(doc) for doc in zone_docs)
    if not host_docs:
        yield Problem(
            f"code {host.code}",
            f"{names}: a functional zone's document is folded into {host.name}'s, "
            f"but the batch holds no {host.name} document",
        )
        return
    if len(host_docs) > 1:
        yield Problem(
            f"code {host.code}",
            f"{names}: cannot choose which of {len(host_docs)} {host.name} documents to fold into",
        )
        return
    target = host_docs[0]
    seen = {school.id: target.name for school in target.schools}
    for doc in zone_docs:
        where = _describe(doc)
        if doc.code != host.code:
            yield Problem(
                f"{where}: code",
                f"a document of a zone assessed with {host.name} must carry its code {host.code}",
            )
        if doc.assessment_year != target.assessment_year:
            yield Problem(
                f"{where}: assessment_year",
                f"must equal {host.name}'s assessment year {target.assessment_year} to be folded",
            )
        for index, school in enumerate(doc.schools):
            if school.id in seen:
                yield Problem(
                    f"{where}: schools[{index}].id",
                    f"school id {school.id!r} is also used in {seen[school.id]}'s document; "
                    f"ids must stay unique once the zone is folded into {host.name}",
                )
            else:
                seen[school.id] = doc.name


def fold_batch(counties: Sequence[County], zones: Zones) -> Prepared | None:
    """Fold every zone document of the batch into its host's document, or ``None`` if none.

    The zone's schools are appended to the host's (``administered_by`` set to the
    zone where the document left it empty); the zone document's county-level
    figures are not used.

    :raises CountyDataError: when the host's document is missing or ambiguous, a zone
        document carries another code or year, or a school id repeats.
    """
    found = [(index, county, zones.zone_document(county)) for index, county in enumerate(counties)]
    by_host: dict[str, tuple[Host, list[tuple[int, County, Zone]]]] = {}
    for index, county, match in found:
        if match is not None:
            host, zone = match
            by_host.setdefault(host.code, (host, []))[1].append((index, county, zone))
    if not by_host:
        return None
    problems: list[Problem] = []
    replaced: dict[int, County] = {}
    removed: set[int] = set()
    zh: list[str] = []
    en: list[str] = []
    for host, members in by_host.values():
        host_docs = [
            (index, county)
            for index, county, match in found
            if match is None and county.code == host.code
        ]
        zone_docs = [county for _, county, _ in members]
        problems += _fold_problems(host, [county for _, county in host_docs], zone_docs)
        if problems:
            continue
        host_index, host_doc = host_docs[0]
        folded = [
            attrs.evolve(school, administered_by=school.administered_by or zone.name)
            for _, county, zone in members
            for school in county.schools
        ]
        replaced[host_index] = attrs.evolve(host_doc, schools=(*host_doc.schools, *folded))
        removed.update(index for index, _, _ in members)
        zh.append(
            "、".join(f"{county.name}文件（{len(county.schools)}所学校）" for county in zone_docs)
            + f"并入{host.name}（{host.code}）评估，依据{zones.citation}"
            f"“{host.name}(含{'、'.join(zone.name for zone in host.zones)})”；"
            f"功能区文件的县级数据未使用，县级数据取自{host.name}文件。"
        )
        en.append(
            ", ".join(f"{doc.name}'s document ({len(doc.schools)} schools)" for doc in zone_docs)
            + f" folded into {host.name} ({host.code}), assessed together under {zones.citation}; "
            f"the zone documents' county-level figures are not used ({host.name}'s are)."
        )
    if problems:
        raise CountyDataError(problems, source="batch: functional zones")
    result = [
        replaced.get(index, county) for index, county in enumerate(counties) if index not in removed
    ]
    return Prepared(note=Title(zh=" ".join(zh), en=" ".join(en)), counties=result)


def school_note(county: County, zones: Zones) -> Prepared | None:
    """A note when a document lists schools a functional zone administers, or ``None``.

    A zone's own document gets none: the rule ``liuzhou.procedure.whole_unit`` says what
    it lacks.
    """
    if zones.zone_document(county) is not None:
        return None
    zh: list[str] = []
    en: list[str] = []
    for host in zones.hosts:
        counts = Counter(
            zone.name
            for school in county.schools
            if school.administered_by
            for zone in host.zones
            if zone.matches(school.administered_by)
        )
        if not counts:
            continue
        named = [zone.name for zone in host.zones if counts[zone.name]]
        listed_zh = "、".join(f"{name}{counts[name]}所" for name in named)
        listed_en = ", ".join(f"{counts[name]} by {name}" for name in named)
        if county.code == host.code:
            zh.append(
                f"功能区管理的学校（{listed_zh}）按{zones.citation}计入{host.name}数据，"
                "已在本文件中，无需移动。"
            )
            en.append(
                f"Schools administered by functional zones ({listed_en}) count in {host.name}'s "
                f"data under {zones.citation}; they are in this document already, nothing moves."
            )
        else:
            zh.append(
                f"本文件含功能区管理的学校（{listed_zh}）；依{zones.citation}应计入{host.name}"
                f"（{host.code}），此处按原文件评估。"
            )
            en.append(
                f"This document lists schools administered by functional zones ({listed_en}); "
                f"under {zones.citation} they count in {host.name} ({host.code}); "
                "they are evaluated here as given."
            )
    if not zh:
        return None
    return Prepared(note=Title(zh=" ".join(zh), en=" ".join(en)))
