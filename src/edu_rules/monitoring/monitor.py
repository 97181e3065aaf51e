"""Annual monitoring: a panel of several years' documents, each unit's course, and its readiness.

The Liuzhou plan (柳教督导〔2021〕16号) asks the city to analyse each year's
education statistics and publish the results (六、(三)), and schedules each unit's
national acceptance from 2022 to 2029 (四).  A *panel* is one county document per
unit per assessment year (:func:`load_panel`).  :func:`monitor` judges each year's
documents with the rules in force that year — the year's documents go together
through :func:`edu_rules.evaluate_batch`, so the layers fold functional zones per
year — and returns a :class:`MonitorResult`:

- per unit and year (:class:`UnitYear`): the verdict, binding shortfalls by family,
  school stages meeting the school rule, each indicator's county mean and CV against
  its standard and limit, the shortfalls opened, closed and changed since the unit's
  previous year (:func:`edu_rules.planner.whatif.diff`), and the remedies still needed with
  their cost (:func:`edu_rules.plan`);
- per unit (:class:`Readiness`): a projection of the first year it would meet every
  binding rule at its recent pace, against the year its plan schedules;
- per year, each target's progress (:class:`TargetYear`).

**The projection is not a verdict.**  For every binding rule the unit falls short of
in its latest year, the *gap* is the sum of its shortfalls' gaps (in the rule's unit)
in each year of the panel, zero in a year the rule was met.  Its pace is minus the
least-squares slope of those gaps over the years, computed exactly (``Fraction``);
the rule is projected to be met in ``latest year + ⌈latest gap ÷ pace⌉``.  A gap is
*not projectable* with fewer than two known years, a zero or worsening pace, a yes/no
requirement (a decision has no pace), or unknown data in the latest year.  The unit's
projected year is its latest rule's; see :class:`ReadinessState` for how it is
compared with the planned year.  Procedure steps (municipal review, provincial
assessment) follow the standard and are not projected.
"""

from __future__ import annotations

import enum
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._messages import text
from edu_rules._numbers import Exact, exact
from edu_rules.batch import BatchResult, evaluate_batch
from edu_rules.batch.load import prefixed
from edu_rules.batch.prepare import prepare_batch
from edu_rules.io.inputs import documents, input_files
from edu_rules.io.serialization import unstructure
from edu_rules.model.county import STAGE_NAMES, County
from edu_rules.model.errors import CountyDataError, Problem
from edu_rules.model.layers import Title
from edu_rules.model.result import Fault, Finding, Note, Outcome, Result, Status, Subject
from edu_rules.planner.costs import CostModel
from edu_rules.planner.plan import plan
from edu_rules.planner.whatif import ResultDiff, ShortfallChange, diff
from edu_rules.plugins import Registry, default_registry

MONITOR_SCHEMA_VERSION = 1
"""The version of ``schemas/monitor.schema.json`` that :func:`monitor_data` writes."""

METHOD = "least_squares_pace"
"""The projection method's identifier in the output (the module docstring states it)."""

NOT_PROJECTED_FAMILIES = frozenset({"procedure"})
"""Binding families left out of the projection: steps that follow meeting the standard."""


# --------------------------------------------------------------------------- the result


class ReadinessState(enum.Enum):
    """Where a unit stands against the year its plan schedules, from its projection.

    With ``P`` the planned year, ``L`` the unit's latest year in the panel and ``Y`` its
    projected year:
    """

    MET = "met"  # passes in L, or a national recognition is on record
    ON_TRACK = "on_track"  # Y < P, or Y = L ≤ P (meets every projected rule now, in time)
    AT_RISK = "at_risk"  # L < Y = P: the projection reaches the standard only in P itself
    OFF_TRACK = "off_track"  # Y > P, or P ≤ L and the unit does not meet the standard
    NOT_PROJECTABLE = "not_projectable"  # P > L and some gap cannot be projected
    NO_PLAN = "no_plan"  # no layer schedules the unit


class Unprojectable(enum.Enum):
    """Why a gap cannot be projected."""

    TOO_FEW_YEARS = "too_few_years"  # fewer than two years with a known gap
    NO_PROGRESS = "no_progress"  # the pace is zero
    WORSENING = "worsening"  # the gap grows
    YES_NO = "yes_no"  # a yes/no requirement: met by a decision, not at a pace
    UNKNOWN = "unknown_data"  # the latest year's data cannot decide the rule


@attrs.frozen
class StageSchools:
    """School stages meeting the school rule in one stage: ``met`` of ``evaluated``.

    ``schools`` counts every school stage with a school-rule finding; the ones not
    evaluated (unknown data) are ``schools − evaluated`` and never count as meeting it.
    """

    stage: str
    met: int
    evaluated: int
    schools: int

    @property
    def share(self) -> Fraction | None:
        """``met / schools``, exactly; ``None`` without schools."""
        return Fraction(self.met, self.schools) if self.schools else None


@attrs.frozen
class IndicatorYear:
    """One indicator (L1–L7) in one stage and year: the county mean against the standard, the CV.

    ``standard`` is the value most school stages were held to; ``cv``/``cv_limit``
    and ``cv_outcome`` come from the balance rule's finding (``None`` if it made none).
    """

    rule: str
    cv_rule: str | None
    item: str
    stage: str
    unit: str | None
    standard: Fraction
    mean: Fraction | None
    cv: Fraction | None
    cv_limit: Fraction | None
    cv_comparator: str | None
    cv_outcome: Outcome | None


@attrs.frozen
class Change:
    """A shortfall opened, closed or changed since the unit's previous year in the panel."""

    rule: str
    subject: Subject
    unit: str | None
    before: Fraction | None
    after: Fraction | None
    outcome_after: Outcome | None


@attrs.frozen
class Changes:
    """What moved since the unit's previous year: the verdict and the shortfalls."""

    since: int
    status_before: Status
    opened: tuple[Change, ...]
    closed: tuple[Change, ...]
    changed: tuple[Change, ...]


@attrs.frozen
class Remedies:
    """What the planner says is still to add, by kind of resource, and its cost in yuan.

    ``status_after`` is the verdict with the plan carried out: what additions cannot
    fix (a veto, a declaration, unknown data) still stands.
    """

    by_kind: Mapping[str, Exact]
    cost: Exact
    status_after: Status


@attrs.frozen
class UnitYear:
    """One unit in one assessment year: the figures a monitoring report prints."""

    year: int
    as_of: str
    status: Status
    binding_shortfalls: int
    by_family: Mapping[str, int]
    not_evaluated: int
    schools: tuple[StageSchools, ...]
    indicators: tuple[IndicatorYear, ...]
    changes: Changes | None
    remedies: Remedies | None
    recognition_year: int | None
    notes: tuple[Note, ...]


@attrs.frozen
class GapPoint:
    """A rule's gap in one year: the sum of its shortfalls' gaps; ``None`` when unknown."""

    year: int
    gap: Fraction | None
    subjects: int


@attrs.frozen
class GapTrend:
    """One binding rule (per stage) the unit falls short of in its latest year, and its pace.

    ``pace`` is the gap closed per year (minus the least-squares slope), ``None`` when
    fewer than two years are known; ``projected_year`` is the first year the gap
    would be closed at that pace, ``None`` with the ``unprojectable`` reason.
    """

    rule: str
    stage: str | None
    family: str
    unit: str | None
    points: tuple[GapPoint, ...]
    pace: Fraction | None
    projected_year: int | None
    unprojectable: Unprojectable | None

    @property
    def latest(self) -> GapPoint:
        """The gap in the unit's latest year."""
        return self.points[-1]


@attrs.frozen
class Readiness:
    """A unit's projected year against its planned year; never a verdict.

    ``deciding`` are the gaps that decide it: the not projectable ones, else those
    projected last.
    """

    planned_year: int | None
    latest_year: int
    status: Status
    state: ReadinessState
    projected_year: int | None
    gaps: tuple[GapTrend, ...]
    deciding: tuple[GapTrend, ...]


@attrs.frozen
class UnitMonitor:
    """A unit's years in the panel, oldest first, and its readiness."""

    code: str
    name: str
    years: tuple[UnitYear, ...]
    readiness: Readiness


@attrs.frozen
class TargetYear:
    """A layer's target as it stood in one year of the panel (see :class:`edu_rules.Target`)."""

    year: int
    id: str
    layer: str
    title: Title
    citation: str
    by_year: int
    units: int
    required: int
    reached: int
    share_reached: Fraction
    met: bool
    due: bool
    recognised: int
    passing: int
    missing: int


@attrs.frozen
class YearNote:
    """What a layer did to one year's documents as a whole (a zone folded)."""

    year: int
    note: Note


@attrs.frozen
class MonitorResult:
    """The panel monitored: every unit's course and readiness, every target's, year by year.

    ``titles`` names every rule the units, changes and gaps mention.  ``results``
    holds every unit-year's full :class:`~edu_rules.Result`, in the order of ``units``
    and their ``years``; :func:`monitor_data` leaves them out.
    """

    schema_version: int
    years: tuple[int, ...]
    method: str
    cost_model: CostModel | None
    titles: Mapping[str, Title]
    units: tuple[UnitMonitor, ...]
    targets: tuple[TargetYear, ...]
    notes: tuple[YearNote, ...]
    faults: tuple[Fault, ...]
    results: tuple[Result, ...] = attrs.field(repr=False, eq=False)

    def unit(self, code: str) -> UnitMonitor:
        """The unit with this division code.  :raises KeyError: when it is not in the panel."""
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)


# --------------------------------------------------------------------------- loading


def load_panel(paths: Iterable[str | os.PathLike[str]]) -> list[County]:
    """Read a panel: folders, JSON documents or arrays, and workbooks, one document per unit-year.

    A folder contributes its ``*.json`` and ``*.xlsx`` files.  The same unit twice in
    one year (same code, name and assessment year) is an error; a functional zone's
    document (same code, another name) is folded into its unit's per year by
    :func:`monitor`.  Every problem in every file is reported at once.

    :raises CountyDataError: listing every problem found.
    """
    files, problems = input_files(paths)
    counties: list[County] = []
    sources: dict[tuple[str, str, int], str] = {}
    for path in files:
        try:
            for source, county in documents(path):
                key = (county.code, county.name, county.assessment_year)
                if key in sources:
                    problems.append(
                        Problem.about(
                            f"{source}: assessment_year",
                            text(
                                "input.twice_in_panel",
                                name=county.name,
                                code=county.code,
                                year=county.assessment_year,
                                first=sources[key],
                            ),
                        )
                    )
                    continue
                sources[key] = source
                counties.append(county)
        except CountyDataError as error:
            problems.extend(prefixed(error, os.fspath(path)))
    if not counties and not problems:
        problems.append(Problem.about("", text("input.empty_panel")))
    if problems:
        raise CountyDataError(problems, source="panel")
    return counties


# --------------------------------------------------------------------------- one unit-year


def _binding_by_family(result: Result) -> dict[str, int]:
    counted = Counter(finding.family for finding in result.shortfalls if finding.binding)
    return dict(sorted(counted.items()))


def _schools(result: Result) -> tuple[StageSchools, ...]:
    counts: dict[str, Counter[str]] = {stage: Counter() for stage in STAGE_NAMES}
    for finding in result.findings:
        if finding.rule.endswith("school_rule") and finding.subject.stage in counts:
            counts[finding.subject.stage][finding.outcome.value] += 1
    return tuple(
        StageSchools(
            stage=stage,
            met=counted[Outcome.MET.value],
            evaluated=counted[Outcome.MET.value] + counted[Outcome.SHORTFALL.value],
            schools=sum(counted.values()),
        )
        for stage, counted in counts.items()
        if counted
    )


def _exact(value: float | None) -> Fraction | None:
    return None if value is None else Fraction(exact(value))


def _indicators(result: Result) -> tuple[IndicatorYear, ...]:
    from edu_rules.reports._format import floor_share
    from edu_rules.reports._model import indicator_charts

    found = []
    for chart in indicator_charts(result, floor_share(result)):
        cv = chart.cv
        mean = (cv.details or {}).get("mean") if cv is not None else None
        found.append(
            IndicatorYear(
                rule=chart.rule,
                cv_rule=cv.rule if cv is not None else None,
                item=chart.item,
                stage=chart.stage,
                unit=chart.unit,
                standard=Fraction(exact(chart.threshold)),
                mean=_exact(mean) if isinstance(mean, int | float) else None,
                cv=_exact(cv.measured) if cv is not None else None,
                cv_limit=_exact(cv.required) if cv is not None else None,
                cv_comparator=cv.comparator if cv is not None else None,
                cv_outcome=cv.outcome if cv is not None else None,
            )
        )
    return tuple(found)


def _change(change: ShortfallChange) -> Change:
    finding = change.finding
    return Change(
        rule=change.rule,
        subject=change.subject,
        unit=finding.unit,
        before=_exact(change.measured_before),
        after=_exact(change.measured_after),
        outcome_after=change.outcome_after,
    )


def _changes(since: int, result_diff: ResultDiff) -> Changes:
    return Changes(
        since=since,
        status_before=result_diff.status_before,
        opened=tuple(_change(c) for c in result_diff.added),
        closed=tuple(_change(c) for c in result_diff.removed),
        changed=tuple(_change(c) for c in result_diff.changed),
    )


# --------------------------------------------------------------------------- the projection


def least_squares_slope(points: Sequence[tuple[int, Fraction]]) -> Fraction:
    """The exact least-squares slope of ``(year, value)`` points (at least two distinct years)."""
    count = len(points)
    mean_x = Fraction(sum(x for x, _ in points), count)
    mean_y = sum((y for _, y in points), Fraction(0)) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        raise ValueError("a slope needs at least two distinct years")
    return sum(((x - mean_x) * (y - mean_y) for x, y in points), Fraction(0)) / spread


def project(points: Sequence[GapPoint]) -> tuple[Fraction | None, int | None, Unprojectable | None]:
    """``(pace, projected year, reason)`` for a gap's points, the latest last.

    The latest gap must be known and positive.  With two or more known years the pace
    is minus their least-squares slope; a positive pace projects the first whole year
    at which the latest gap is closed: ``latest year + ⌈gap ÷ pace⌉``.
    """
    latest = points[-1]
    if latest.gap is None:
        return None, None, Unprojectable.UNKNOWN
    known = [(point.year, point.gap) for point in points if point.gap is not None]
    if len(known) < 2:
        return None, None, Unprojectable.TOO_FEW_YEARS
    pace = -least_squares_slope(known)
    if pace == 0:
        return pace, None, Unprojectable.NO_PROGRESS
    if pace < 0:
        return pace, None, Unprojectable.WORSENING
    return pace, latest.year + math.ceil(latest.gap / pace), None


def _gap_key(finding: Finding) -> tuple[str, str | None]:
    return (finding.rule, finding.subject.stage)


def _year_gaps(result: Result) -> dict[tuple[str, str | None], tuple[Finding, GapPoint]]:
    """Each binding rule (per stage) of the year: a finding to name it and its gap point."""
    grouped: dict[tuple[str, str | None], list[Finding]] = {}
    for finding in result.findings:
        if finding.binding and finding.family not in NOT_PROJECTED_FAMILIES:
            grouped.setdefault(_gap_key(finding), []).append(finding)
    gaps = {}
    for key, findings in grouped.items():
        short = [f for f in findings if f.outcome is Outcome.SHORTFALL]
        unknown = any(f.outcome in (Outcome.NOT_EVALUABLE, Outcome.ERROR) for f in findings)
        gap: Fraction | None = None
        if not unknown and all(f.gap is not None for f in short):
            gap = sum((Fraction(exact(f.gap)) for f in short if f.gap is not None), Fraction(0))
        name = short[0] if short else findings[0]
        gaps[key] = (name, GapPoint(result.assessment_year, gap, len(short)))
    return gaps


def _trends(results: Sequence[Result]) -> tuple[GapTrend, ...]:
    """The gap trends of the rules open in the latest of ``results`` (oldest first)."""
    years = [_year_gaps(result) for result in results]
    latest = years[-1]
    trends = []
    for key, (finding, point) in sorted(latest.items(), key=lambda item: _order(item[0])):
        if point.gap == 0:
            continue
        points = tuple(year[key][1] for year in years if key in year)
        reason: Unprojectable | None
        if finding.unit == "flag" and point.gap is not None:
            pace, projected, reason = None, None, Unprojectable.YES_NO
        else:
            pace, projected, reason = project(points)
        trends.append(
            GapTrend(
                rule=finding.rule,
                stage=key[1],
                family=finding.family,
                unit=finding.unit,
                points=points,
                pace=pace,
                projected_year=projected,
                unprojectable=reason,
            )
        )
    return tuple(trends)


def _order(key: tuple[str, str | None]) -> tuple[str, int]:
    rule, stage = key
    return (rule, STAGE_NAMES.index(stage) if stage in STAGE_NAMES else -1)


def readiness(  # noqa: PLR0913 - the unit's facts, all keyword-only
    trends: Sequence[GapTrend],
    *,
    planned_year: int | None,
    latest_year: int,
    status: Status,
    recognition_year: int | None,
    passing_since: int | None = None,
) -> Readiness:
    """Compare the projection of ``trends`` with ``planned_year`` (see :class:`ReadinessState`).

    A unit that meets the standard (a ``pass`` in ``latest_year``, or a recognition on
    record) is ``met`` in the year it did: its recognition year, else ``passing_since``
    (the first year of its latest run of passes), else ``latest_year``.
    """
    blocked = tuple(trend for trend in trends if trend.projected_year is None)
    projected: int | None = None
    deciding: tuple[GapTrend, ...] = blocked
    if not blocked:
        projected = max((t.projected_year for t in trends if t.projected_year), default=latest_year)
        deciding = tuple(t for t in trends if t.projected_year == projected)
    met = status is Status.PASS or recognition_year is not None
    if met:
        state = ReadinessState.MET
        projected = recognition_year or passing_since or latest_year
        deciding = ()
    elif planned_year is None:
        state = ReadinessState.NO_PLAN
    elif projected is None:
        late = planned_year <= latest_year
        state = ReadinessState.OFF_TRACK if late else ReadinessState.NOT_PROJECTABLE
    elif projected > planned_year:
        state = ReadinessState.OFF_TRACK
    elif projected < planned_year or projected == latest_year:
        state = ReadinessState.ON_TRACK
    else:
        state = ReadinessState.AT_RISK
    return Readiness(
        planned_year=planned_year,
        latest_year=latest_year,
        status=status,
        state=state,
        projected_year=projected,
        gaps=tuple(trends),
        deciding=deciding,
    )


# --------------------------------------------------------------------------- the panel


def _key(county: County) -> tuple[str, str, int]:
    return (county.code, county.name, county.assessment_year)


def _years(
    documents: Sequence[County], from_year: int | None, to_year: int | None
) -> dict[int, list[County]]:
    by_year: dict[int, list[County]] = {}
    for county in sorted(documents, key=_key):
        year = county.assessment_year
        if (from_year is None or year >= from_year) and (to_year is None or year <= to_year):
            by_year.setdefault(year, []).append(county)
    if not by_year:
        span = f"{from_year or '…'}–{to_year or '…'}"
        raise CountyDataError(
            [Problem.about("assessment_year", text("input.no_year_in_span", span=span))],
            source="panel",
        )
    return dict(sorted(by_year.items()))


def _target_years(year: int, batch: BatchResult) -> list[TargetYear]:
    from edu_rules.batch import Basis

    return [
        TargetYear(
            year=year,
            id=progress.target.id,
            layer=progress.target.layer,
            title=progress.target.title,
            citation=progress.target.citation,
            by_year=progress.target.by_year,
            units=len(progress.target.units),
            required=progress.required,
            reached=progress.reached,
            share_reached=progress.share_reached,
            met=progress.met,
            due=progress.due,
            recognised=sum(1 for c in progress.counted if c.basis is Basis.RECOGNITION_YEAR),
            passing=sum(1 for c in progress.counted if c.basis is Basis.PASS_VERDICT),
            missing=len(progress.missing),
        )
        for progress in batch.targets
    ]


@attrs.frozen
class _Seen:
    county: County
    result: Result
    planned_year: int | None


def monitor(  # noqa: PLR0913 - the panel's options, all keyword-only
    documents: Sequence[County],
    *,
    registry: Registry | None = None,
    costs: CostModel | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    remedies: bool = True,
    jobs: int = 1,
    on_done: Callable[[int], None] | None = None,
) -> MonitorResult:
    """Monitor a panel: each year judged by its rules, each unit's course and readiness.

    :param documents: the panel, as :func:`load_panel` returns it (any order: the
        result is the same).
    :param registry: the plugins to use; by default the installed ones.
    :param costs: the planner's cost model for the remedies (its defaults if ``None``).
    :param from_year: leave out documents of earlier assessment years.
    :param to_year: leave out documents of later assessment years.
    :param remedies: run the planner for every unit-year (``False`` skips it, faster).
    :param jobs: worker processes per year; any number gives the same result.
    :param on_done: called with a count as the work goes on (a progress bar): each
        unit-year evaluated, then each unit-year followed (planned, compared).
    :raises CountyDataError: when no document falls in the years, a unit appears twice
        in a year, or a layer finds a year's documents inconsistent.
    """
    registry = registry if registry is not None else default_registry()
    costs = costs if costs is not None else CostModel()
    seen: dict[str, list[_Seen]] = {}
    names: dict[str, str] = {}
    targets: list[TargetYear] = []
    notes: list[YearNote] = []
    faults: list[Fault] = []
    for year, group in _years(documents, from_year, to_year).items():
        batch = evaluate_batch(group, registry=registry, year=year, jobs=jobs, on_done=on_done)
        prepared = {c.code: c for c in prepare_batch(group, registry).counties}
        for unit, result in zip(batch.units, batch.results, strict=True):
            seen.setdefault(unit.code, []).append(
                _Seen(prepared[unit.code], result, unit.planned_year)
            )
            names[unit.code] = unit.name
        targets += _target_years(year, batch)
        notes += [YearNote(year, note) for note in batch.notes]
        faults += batch.faults
    units = []
    results: list[Result] = []
    for code in sorted(seen):
        history = seen[code]
        years = []
        for index, entry in enumerate(history):
            previous = history[index - 1].result if index else None
            years.append(_unit_year(entry, previous, registry, costs if remedies else None))
            results.append(entry.result)
            if on_done is not None:
                on_done(1)
        latest = history[-1]
        units.append(
            UnitMonitor(
                code=code,
                name=names[code],
                years=tuple(years),
                readiness=readiness(
                    _trends([entry.result for entry in history]),
                    planned_year=latest.planned_year,
                    latest_year=latest.county.assessment_year,
                    status=latest.result.status,
                    recognition_year=latest.county.procedure.national_recognition_year,
                    passing_since=_passing_since(history),
                ),
            )
        )
    all_years = sorted({entry.county.assessment_year for h in seen.values() for entry in h})
    return MonitorResult(
        schema_version=MONITOR_SCHEMA_VERSION,
        years=tuple(all_years),
        method=METHOD,
        cost_model=costs if remedies else None,
        titles={
            finding.rule: finding.title
            for result in sorted(results, key=lambda r: r.assessment_year)
            for finding in result.findings
        },
        units=tuple(units),
        targets=tuple(targets),
        notes=tuple(notes),
        faults=tuple(faults),
        results=tuple(results),
    )


def _passing_since(history: Sequence[_Seen]) -> int | None:
    """The first year of the unit's latest unbroken run of ``pass`` verdicts, if it passes now."""
    since = None
    for entry in reversed(history):
        if entry.result.status is not Status.PASS:
            break
        since = entry.result.assessment_year
    return since


def _unit_year(
    entry: _Seen, previous: Result | None, registry: Registry, costs: CostModel | None
) -> UnitYear:
    result = entry.result
    remedies = None
    if costs is not None:
        the_plan = plan(entry.county, result, registry=registry, costs=costs)
        remedies = Remedies(
            by_kind=the_plan.totals_by_kind(),
            cost=the_plan.total_cost,
            status_after=the_plan.status_after,
        )
    return UnitYear(
        year=result.assessment_year,
        as_of=result.as_of,
        status=result.status,
        binding_shortfalls=result.summary.binding_shortfalls,
        by_family=_binding_by_family(result),
        not_evaluated=sum(1 for f in result.not_evaluated if f.binding),
        schools=_schools(result),
        indicators=_indicators(result),
        changes=(
            _changes(previous.assessment_year, diff(previous, result))
            if previous is not None
            else None
        ),
        remedies=remedies,
        recognition_year=entry.county.procedure.national_recognition_year,
        notes=result.notes,
    )


def monitor_data(result: MonitorResult) -> dict[str, Any]:
    """The monitoring as plain JSON data (``schemas/monitor.schema.json``), without the results."""
    data: dict[str, Any] = unstructure(attrs.evolve(result, results=()))
    del data["results"]
    return data


__all__ = [
    "METHOD",
    "MONITOR_SCHEMA_VERSION",
    "Change",
    "Changes",
    "GapPoint",
    "GapTrend",
    "IndicatorYear",
    "MonitorResult",
    "Readiness",
    "ReadinessState",
    "Remedies",
    "StageSchools",
    "TargetYear",
    "UnitMonitor",
    "UnitYear",
    "Unprojectable",
    "YearNote",
    "least_squares_slope",
    "load_panel",
    "monitor",
    "monitor_data",
    "project",
    "readiness",
]
