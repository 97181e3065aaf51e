"""A batch's progress: each unit against its plan, each target against its units."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from edu_rules.io.serialization import unstructure
from edu_rules.model.county import County
from edu_rules.model.errors import PluginError, describe_error
from edu_rules.model.result import Fault, Note, Result, Status
from edu_rules.model.targets import ScheduleState, Target, schedule_state, year_passed
from edu_rules.plugins import LoadedLayer, Registry

# --------------------------------------------------------------------------- the result


class Basis(enum.Enum):
    """Why a unit counts as recognised for a target."""

    RECOGNITION_YEAR = "recognition_year"  # procedure.national_recognition_year on record
    PASS_VERDICT = "pass_verdict"  # noqa: S105 - not a password; a pass verdict in an assessment year ≤ the target year


@attrs.frozen
class UnitProgress:
    """One unit of the batch: its verdict and where it stands against its plan.

    ``years`` is the number of years behind plan (``behind``) or the years that
    remain (``on``); ``None`` otherwise.
    """

    code: str
    name: str
    assessment_year: int
    status: Status
    recognition_year: int | None
    planned_year: int | None
    schedule: ScheduleState
    years: int | None


@attrs.frozen
class CountedUnit:
    """A unit counted as recognised for a target, and the evidence it rests on."""

    code: str
    name: str
    basis: Basis
    year: int


@attrs.frozen
class TargetProgress:
    """How far a target is reached.

    ``share_reached`` is exact; ``met`` compares it with the target's share exactly.
    ``due`` says whether the target year is no later than the batch's report year.
    ``missing`` lists the target's units absent from the batch, counted as not
    recognised.
    """

    target: Target
    reached: int
    required: int
    share_reached: Fraction
    met: bool
    due: bool
    counted: tuple[CountedUnit, ...]
    not_recognised: tuple[str, ...]
    missing: tuple[str, ...]


@attrs.frozen
class BatchResult:
    """A batch evaluated: every unit's result, its progress, and every target's progress.

    ``notes`` and ``faults`` are what the layers did (or failed to do) to the batch
    as a whole; a unit whose documents a layer changed also carries the note in its
    own result, and a unit governed by a layer that failed carries the fault and is
    never ``pass``.
    """

    year: int
    units: tuple[UnitProgress, ...]
    targets: tuple[TargetProgress, ...]
    notes: tuple[Note, ...]
    faults: tuple[Fault, ...]
    results: tuple[Result, ...]
    faulted_units: tuple[str, ...] = ()
    """The units a plugin failed for (their results carry the fault), in batch order."""
    left_out: tuple[str, ...] = ()
    """The plugins left out that govern a unit of the batch: its results are not official."""

    @property
    def targets_due_met(self) -> bool:
        """Whether every target due by :attr:`year` is met (vacuously true if none is due)."""
        return all(progress.met for progress in self.targets if progress.due)


def planned_year(result: Result) -> int | None:
    """The planned year the lowest layer's schedule finding exposes, if any."""
    planned = None
    for finding in result.table.of_family("schedule"):  # builds no other finding
        if finding.details and "planned_year" in finding.details:
            planned = int(finding.details["planned_year"])
    return planned


def unit_progress(county: County, result: Result) -> UnitProgress:
    """Where ``county`` stands against its plan, given its ``result``."""
    recognition = county.procedure.national_recognition_year
    planned = planned_year(result)
    passed_in = year_passed(recognition, result.status, county.assessment_year)
    state = schedule_state(planned, county.assessment_year, passed_in)
    years = None
    if planned is not None and state is ScheduleState.BEHIND:
        years = county.assessment_year - planned
    elif planned is not None and state is ScheduleState.ON:
        years = planned - county.assessment_year
    return UnitProgress(
        code=county.code,
        name=county.name,
        assessment_year=county.assessment_year,
        status=result.status,
        recognition_year=recognition,
        planned_year=planned,
        schedule=state,
        years=years,
    )


def batch_targets(registry: Registry, codes: set[str]) -> list[Target]:
    """The targets of every layer that governs a unit of the batch, top layer first."""
    found: list[Target] = []
    for loaded in registry.layers:
        if not any(loaded.layer.governs(code) for code in codes):
            continue
        found.extend(_layer_targets(registry, loaded))
    return found


def _layer_targets(registry: Registry, loaded: LoadedLayer) -> list[Target]:
    try:
        targets = list(registry.call(loaded, "edu_rules_targets") or [])
    except Exception as error:
        raise PluginError(
            f"plugin {loaded.plugin_name!r}: edu_rules_targets failed: {describe_error(error)}"
        ) from error
    for target in targets:
        if not isinstance(target, Target) or target.layer != loaded.layer.name:
            raise PluginError(
                f"plugin {loaded.plugin_name!r}: edu_rules_targets must return Target objects "
                f"of layer {loaded.layer.name!r}, got {target!r}"
            )
        outside = [code for code in target.units if not loaded.layer.governs(code)]
        if outside:  # a layer counts only the units it governs, never another's
            raise PluginError(
                f"plugin {loaded.plugin_name!r}: target {target.id!r} names units outside "
                f"its jurisdiction {loaded.layer.jurisdiction!r}: {', '.join(outside[:5])}"
            )
    return sorted(targets, key=lambda target: (target.by_year, target.id))


def _basis(unit: UnitProgress, by_year: int) -> CountedUnit | None:
    if unit.recognition_year is not None and unit.recognition_year <= by_year:
        return CountedUnit(unit.code, unit.name, Basis.RECOGNITION_YEAR, unit.recognition_year)
    if unit.status is Status.PASS and unit.assessment_year <= by_year:
        return CountedUnit(unit.code, unit.name, Basis.PASS_VERDICT, unit.assessment_year)
    return None


def target_progress(target: Target, units: Mapping[str, UnitProgress], year: int) -> TargetProgress:
    """How far ``target`` is reached by the batch's ``units`` in ``year``."""
    counted: list[CountedUnit] = []
    not_recognised: list[str] = []
    missing: list[str] = []
    for code in target.units:
        unit = units.get(code)
        if unit is None:
            missing.append(code)
            continue
        basis = _basis(unit, target.by_year)
        if basis is None:
            not_recognised.append(code)
        else:
            counted.append(basis)
    share_reached = Fraction(len(counted), len(target.units))
    return TargetProgress(
        target=target,
        reached=len(counted),
        required=target.required,
        share_reached=share_reached,
        met=share_reached >= target.share,
        due=target.by_year <= year,
        counted=tuple(counted),
        not_recognised=tuple(not_recognised),
        missing=tuple(missing),
    )


def progress_data(batch: BatchResult) -> dict[str, Any]:
    """The batch's progress as plain JSON data: everything but the per-unit findings."""
    data: dict[str, Any] = unstructure(attrs.evolve(batch, results=()))
    del data["results"], data["faulted_units"]  # the units' faults show in the exit code
    return data
