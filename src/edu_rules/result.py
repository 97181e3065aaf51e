"""The result of evaluating a county: its verdict, findings and shortfalls.

This is the public, versioned output contract (``schemas/result.schema.json``);
platforms code against its JSON form.  Numbers here are JSON numbers: every
comparison was made exactly before the result was built, and the values shown
(``measured``, ``required``, ``gap``) are the nearest doubles of the exact ones —
a decimal input such as ``0.9`` comes back as ``0.9``.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from edu_rules.layers import Title

RESULT_SCHEMA_VERSION = 2


class Status(enum.Enum):
    """The county's verdict."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"  # some binding rule is not met
    INELIGIBLE = "ineligible"  # an eligibility condition fails or a veto fires
    INCOMPLETE = "incomplete"  # nothing failed, but something could not be evaluated


class Outcome(enum.Enum):
    """What one rule found for one subject."""

    MET = "met"
    SHORTFALL = "shortfall"
    TOLERATED = "tolerated"  # below standard, but allowed by the school rule (one miss, ≥ 85%)
    NOT_EVALUABLE = "not_evaluable"  # unknown data, or the measure is undefined
    NOT_APPLICABLE = "not_applicable"  # nothing in the rule's scope here; the note says why
    MANUAL = "manual"  # the city or province checks this by hand; never a pass
    ERROR = "error"  # the plugin failed; never a pass


@attrs.frozen
class Subject:
    """Whom a finding is about: the county, a school, or one stage of a school."""

    county: str | None = None
    school: str | None = None
    stage: str | None = None
    name: str | None = None

    @classmethod
    def of_county(cls, code: str, name: str | None = None) -> Subject:
        """The county as a whole."""
        return cls(county=code, name=name)

    @classmethod
    def of_school(cls, school_id: str, name: str | None = None) -> Subject:
        """A school as a whole."""
        return cls(school=school_id, name=name)

    @classmethod
    def of_stage(cls, school_id: str, stage: str, name: str | None = None) -> Subject:
        """One stage (primary or junior) of a school."""
        return cls(school=school_id, stage=stage, name=name)

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """County first, then schools by id, primary before junior."""
        return (self.county or "", self.school or "", self.stage or "")


@attrs.frozen
class Remedy:
    """What closes a gap, in real-world units: 3 teachers, 120 m², 40 000 yuan."""

    quantity: int | float
    unit: str


@attrs.frozen
class ProvenanceRecord:
    """One document's part in the rule as applied."""

    layer: str
    role: str
    citation: str


@attrs.frozen
class Finding:
    """One rule's finding for one subject, traceable to its layer and legal citation."""

    rule: str
    family: str
    effect: str
    title: Title
    layer: str
    citation: str
    source_status: str
    effective_from: str
    effective_to: str | None
    provenance: tuple[ProvenanceRecord, ...]
    subject: Subject
    outcome: Outcome
    measured: int | float | None = None
    required: int | float | None = None
    comparator: str | None = None
    unit: str | None = None
    gap: int | float | None = None
    remedies: tuple[Remedy, ...] = ()
    missing: tuple[str, ...] = ()
    note: str | None = None
    details: dict[str, Any] | None = None

    @property
    def binding(self) -> bool:
        """Whether this finding can change the verdict (advisory ones cannot)."""
        return self.effect != "advisory"


@attrs.frozen
class Fault:
    """A plugin that raised while evaluating: named, so nobody mistakes silence for a pass."""

    plugin: str
    rule: str | None
    stage_of_work: str
    error: str


@attrs.frozen
class Note:
    """Something a layer did to the data before evaluation, and why."""

    layer: str
    zh: str
    en: str


@attrs.frozen
class LayerInfo:
    """A layer applied to this county, with the package that provided it."""

    name: str
    level: str
    jurisdiction: str
    title: Title
    citation: str
    distribution: str | None
    version: str | None


@attrs.frozen
class LeftOutLayer:
    """An installed plugin whose layer was not applied: blocked, or not on the allow-list."""

    plugin: str
    distribution: str | None
    reason: str  # "blocked" | "not_allowed"


@attrs.frozen
class CountyRef:
    """The assessed unit."""

    code: str
    name: str


@attrs.frozen
class Summary:
    """Counts for a first glance: shortfalls by family and by layer."""

    rules_applied: int
    findings: int
    shortfalls: int
    binding_shortfalls: int
    not_evaluated: int
    manual_checks: int
    errors: int
    shortfalls_by_family: dict[str, int]
    shortfalls_by_layer: dict[str, int]


@attrs.frozen
class Result:
    """The verdict on one county in one assessment year, and everything behind it."""

    schema_version: int
    status: Status
    county: CountyRef
    assessment_year: int
    as_of: str
    engine_version: str
    layers: tuple[LayerInfo, ...]
    official: bool
    """``False`` when an installed layer was left out: then this is not an official assessment."""
    left_out: tuple[LeftOutLayer, ...]
    summary: Summary
    shortfalls: tuple[Finding, ...]
    not_evaluated: tuple[Finding, ...]
    manual_checks: tuple[Finding, ...]
    faults: tuple[Fault, ...]
    notes: tuple[Note, ...]
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        """``True`` only for a ``pass`` verdict."""
        return self.status is Status.PASS
