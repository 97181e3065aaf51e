"""The result of evaluating a county: its verdict, findings and shortfalls.

This is the public, versioned output contract (``schemas/result.schema.json``);
platforms code against its JSON form.  Numbers here are JSON numbers: every
comparison was made exactly before the result was built, and the values shown
(``measured``, ``required``, ``gap``) are the nearest doubles of the exact ones —
a decimal input such as ``0.9`` comes back as ``0.9``.
"""

from __future__ import annotations

import enum
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias, TypeVar

import attrs

from edu_rules._frozen import pickled_by_fields
from edu_rules.model.layers import Title

RESULT_SCHEMA_VERSION = 3


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


@pickled_by_fields
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


@pickled_by_fields
@attrs.frozen
class Remedy:
    """What closes a gap, in real-world units: 3 teachers, 120 m², 40 000 yuan."""

    quantity: int | float
    unit: str


@pickled_by_fields
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

    def __repr__(self) -> str:
        """``<Finding national.L4 450203-S044 primary: shortfall, measured 4.05 >= 4.5 not met>``.

        Short, and true to the verdict: the school rule, whose figures count the
        indicators below the standard, says which indicators missed and which fell
        below the floor (``1 <= 1`` alone would read as met).
        """
        who = " ".join(str(part) for part in (self.subject.school, self.subject.stage) if part)
        head = f"<Finding {self.rule}{' ' + who if who else ''}: {self.outcome.value}"
        details = self.details or {}
        if self.unit == "indicators" and "below_standard" in details:
            parts = [f"below standard: {', '.join(details['below_standard']) or 'none'}"]
            if details.get("below_floor"):
                parts.append(f"below the floor: {', '.join(details['below_floor'])}")
            if details.get("unknown"):
                parts.append(f"unknown: {', '.join(details['unknown'])}")
            return f"{head}, {'; '.join(parts)}>"
        if self.measured is None:
            missing = f", missing {', '.join(self.missing)}" if self.missing else ""
            return f"{head}{missing}>"
        figures = f"measured {self.measured!r}"
        if self.required is not None:
            figures += f", required {self.comparator or ''} {self.required!r}".replace("  ", " ")
        if self.gap:
            figures += f", gap {self.gap!r}"
        return f"{head}, {figures}>"


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
    exceptions: int = 0
    """How many authorised exceptions of lower layers the findings rely on (each finding so
    changed names its exception in ``details["exception"]``)."""


Row: TypeAlias = tuple[
    Subject,
    Outcome,
    int | float | None,  # measured
    int | float | None,  # required
    int | float | None,  # gap
    tuple[Remedy, ...],
    tuple[str, ...],  # missing
    str | None,  # note
    dict[str, Any] | None,  # details
]
"""A finding less its rule's shared fields:
``(subject, outcome, measured, required, gap, remedies, missing, note, details)``."""


Block: TypeAlias = tuple[Mapping[str, Any], list[Row]]
"""One rule's findings: its shared fields (see ``edu_rules.engine``) and its rows, in order."""


_OUTCOME_OF_ROW = operator.itemgetter(1)
_OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)  # iterating the enum class itself is slow


class FindingTable:
    """A result's findings as per-rule columns; :class:`Finding` objects only when read.

    Equal when the findings are equal; pickles as its rows (the findings are rebuilt on
    the other side when read).  ``FindingTable.of(findings)`` wraps finished findings.
    """

    __slots__ = ("_blocks", "_findings", "_selected")

    def __init__(
        self, blocks: Sequence[Block] = (), findings: tuple[Finding, ...] | None = None
    ) -> None:
        """A table of ``blocks`` (per-rule columns), or of finished ``findings``."""
        self._blocks: tuple[Block, ...] = tuple(blocks)
        self._findings = findings
        self._selected: dict[tuple[Outcome, ...], tuple[Finding, ...]] = {}

    def where(self, *outcomes: Outcome) -> tuple[Finding, ...]:
        """The findings with one of ``outcomes``, in order (kept once built)."""
        chosen = self._selected.get(outcomes)
        if chosen is None:
            chosen = self._selected[outcomes] = tuple(
                f for f in self.findings if f.outcome in outcomes
            )
        return chosen

    @classmethod
    def of(cls, findings: FindingTable | Iterable[Finding]) -> FindingTable:
        """``findings`` as a table (a table is returned as it is)."""
        if isinstance(findings, FindingTable):
            return findings
        return cls((), tuple(findings))

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, built once, on first reading."""
        if self._findings is None:
            self._findings = tuple(
                _finding(fields, row) for fields, rows in self._blocks for row in rows
            )
        return self._findings

    def of_family(self, family: str) -> tuple[Finding, ...]:
        """The findings of the rules of ``family``, in order; no other finding is built."""
        if self._findings is not None:
            return tuple(f for f in self._findings if f.family == family)
        return tuple(
            _finding(fields, row)
            for fields, rows in self._blocks
            if fields["family"] == family
            for row in rows
        )

    def counts(self) -> Iterator[tuple[str, str, str, Counter[Outcome]]]:
        """``(effect, family, layer, outcomes)`` per rule's run of findings, in order.

        ``outcomes`` counts the findings of each outcome; no finding is built.
        """
        if self._findings is not None:
            for finding in self._findings:
                yield finding.effect, finding.family, finding.layer, Counter((finding.outcome,))
            return
        for fields, rows in self._blocks:
            column = list(map(_OUTCOME_OF_ROW, rows))  # counted by identity, not by hash
            outcomes = Counter({member: n for member in _OUTCOMES if (n := column.count(member))})
            yield fields["effect"], fields["family"], fields["layer"], outcomes

    def blocks(self) -> tuple[Block, ...] | None:
        """The columns, or ``None`` for a table made of finished findings."""
        return None if self._findings is not None and not self._blocks else self._blocks

    def __len__(self) -> int:
        """How many findings."""
        if self._findings is not None:
            return len(self._findings)
        return sum(len(rows) for _, rows in self._blocks)

    def __eq__(self, other: object) -> bool:
        """Equal tables hold equal findings."""
        if not isinstance(other, FindingTable):
            return NotImplemented
        return self.findings == other.findings

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside, like the dicts of a result

    def __repr__(self) -> str:
        """``<FindingTable of 2212 findings>``."""
        return f"<FindingTable of {len(self)} findings>"

    def __getstate__(self) -> tuple[tuple[Block, ...], tuple[Finding, ...] | None]:
        """The columns (findings are rebuilt when read), or the findings it was made of."""
        if self._blocks:
            return self._blocks, None
        return (), self._findings

    def __setstate__(self, state: tuple[tuple[Block, ...], tuple[Finding, ...] | None]) -> None:
        """Back from :meth:`__getstate__`."""
        self._blocks, self._findings = state
        self._selected = {}


_T = TypeVar("_T")


def worst_cv(
    cells: Iterable[tuple[float | int | None, float | int | None, Outcome, _T]],
) -> tuple[_T | None, bool]:
    """The worst of a stage's coefficients of variation, and whether it is in doubt.

    ``cells``: each CV finding's measured value, limit, outcome and what the caller
    keeps of it, in the findings' order.  The worst is the known one furthest over (or
    nearest to) its limit, ``measured / limit``, the first of equals; ``None`` when no
    CV of the stage is known.  In doubt: some CV is unknown and the worst known one
    is not over its limit (so an unknown one might be worse).  The summary's rule,
    whether read off findings (``reports.summary``) or off column counts
    (``batch.columnar``).
    """
    present = list(cells)
    known = [cell for cell in present if cell[0] is not None and cell[1]]
    unknown = any(cell[0] is None for cell in present)
    if not known:
        return None, unknown
    _, _, outcome, kept = max(known, key=lambda cell: float(cell[0] or 0) / float(cell[1] or 1))
    return kept, unknown and outcome is not Outcome.SHORTFALL


def _finding(fields: Mapping[str, Any], row: Row) -> Finding:
    """The finding of one row of a rule whose shared fields are ``fields``."""
    subject, outcome, measured, required, gap, remedies, missing, note, details = row
    return Finding(  # type: ignore[call-arg]  # the head holds the first ten fields
        *fields["head"], subject, outcome, measured, required, fields["comparator"],
        fields["unit"], gap, remedies, missing, note, details,
    )  # fmt: skip


def _table(findings: FindingTable | Iterable[Finding]) -> FindingTable:
    return FindingTable.of(findings)


@attrs.frozen
class Result:
    """The verdict on one county in one assessment year, and everything behind it.

    The findings are kept as per-rule columns (a :class:`FindingTable`); ``findings``,
    ``shortfalls``, ``not_evaluated`` and ``manual_checks`` build their
    :class:`Finding` objects when first read.  ``Result(…, findings=…)`` takes a
    table or any iterable of findings; the three lists are derived from it.
    """

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
    faults: tuple[Fault, ...]
    notes: tuple[Note, ...]
    table: FindingTable = attrs.field(alias="findings", converter=_table, repr=False)
    """The findings as columns (``findings=`` when constructing)."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding: by family, then rule, then subject."""
        return self.table.findings

    @property
    def shortfalls(self) -> tuple[Finding, ...]:
        """The findings whose outcome is ``shortfall``, in order."""
        return self.table.where(Outcome.SHORTFALL)

    @property
    def not_evaluated(self) -> tuple[Finding, ...]:
        """The findings that could not be evaluated (unknown data, an error), in order."""
        return self.table.where(Outcome.NOT_EVALUABLE, Outcome.ERROR)

    @property
    def manual_checks(self) -> tuple[Finding, ...]:
        """What only a person can judge (``manual``), in order."""
        return self.table.where(Outcome.MANUAL)

    @property
    def passed(self) -> bool:
        """``True`` only for a ``pass`` verdict."""
        return self.status is Status.PASS
