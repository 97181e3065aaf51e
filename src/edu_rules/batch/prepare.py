"""Each layer adjusts the batch as a whole (``edu_rules_prepare_batch``), on its own units only."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

import attrs

from edu_rules._budget import reraise_interrupt, time_budget
from edu_rules.batch.load import Pending, as_county
from edu_rules.engine import DEFAULT_RULE_SECONDS, only_adds
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem, describe_error
from edu_rules.model.layers import Layer, Title
from edu_rules.model.prepare import Prepared
from edu_rules.model.result import Fault, Note
from edu_rules.plugins import Registry

# --------------------------------------------------------------------------- preparing


Unit = TypeVar("Unit", County, County | Pending)
"""A batch's unit: a county, or, in a batch from :func:`~edu_rules.batch.scan_batch`, also
a :class:`Pending` one."""


@attrs.frozen
class _Prepared(Generic[Unit]):
    counties: tuple[Unit, ...]
    notes: tuple[Note, ...]
    unit_notes: Mapping[str, tuple[Note, ...]]
    faults: tuple[tuple[Fault, Layer], ...]


def prepare_batch(
    counties: Sequence[Unit],
    registry: Registry,
    seconds: float | None = DEFAULT_RULE_SECONDS,
) -> _Prepared[Unit]:
    """Run every layer's ``edu_rules_prepare_batch``, top layer first, on its own units only.

    Each layer is given the documents it governs (frozen, not copied: tests check that a
    layer's hooks change nothing they are given), never another unit's.  What it returns
    must be units it governs, with the same set of codes it was given: it may fold
    documents of one unit together (Liuzhou's functional zones) but may not drop a unit,
    add one, or move one.  A layer
    whose hook raises, runs past ``seconds`` or breaks that contract is a fault of the
    units it governs; the batch goes on without its changes.  A :class:`Pending` unit
    that such a layer governs is read here; the others stay pending.
    """
    current = tuple(counties)
    notes: list[Note] = []
    unit_notes: dict[str, list[Note]] = {}
    faults: list[tuple[Fault, Layer]] = []
    for loaded in registry.layers:
        if not registry.implements(loaded, "edu_rules_prepare_batch"):
            continue
        mine = [index for index, county in enumerate(current) if loaded.layer.governs(county.code)]
        if not mine:
            continue
        given = tuple(as_county(current[index]) for index in mine)
        try:
            with time_budget(seconds):
                prepared = registry.call(loaded, "edu_rules_prepare_batch", counties=given)
            if prepared is None:
                continue
            returned = _check_prepared(prepared, given, loaded.layer)
        except CountyDataError:
            raise  # the plugin found a problem in the input: the user's to fix
        except BaseException as error:  # noqa: BLE001 - plugin code may raise anything; a fault
            reraise_interrupt(error)
            fault = Fault(loaded.plugin_name, None, "prepare_batch", describe_error(error))
            faults.append((fault, loaded.layer))
            continue
        note = Note(layer=loaded.layer.name, zh=prepared.note.zh, en=prepared.note.en)
        notes.append(note)
        untouched = {id(county) for county in given}
        for county in returned:
            if id(county) not in untouched:
                unit_notes.setdefault(county.code, []).append(note)
        first = mine[0]
        taken = set(mine)
        current = tuple(
            county
            for index, original in enumerate(current)
            for county in (returned if index == first else () if index in taken else (original,))
        )
    return _Prepared(
        counties=current,
        notes=tuple(notes),
        unit_notes={code: tuple(found) for code, found in unit_notes.items()},
        faults=tuple(faults),
    )


def held_back(registry: Registry) -> Callable[[County], bool]:
    """Whether a layer prepares ``county``'s unit with the batch (``edu_rules_prepare_batch``).

    Such units are read before the batch is evaluated (:func:`~edu_rules.batch.scan_batch`
    keeps them); the others may wait in their files.
    """
    layers = [
        loaded.layer
        for loaded in registry.layers
        if registry.implements(loaded, "edu_rules_prepare_batch")
    ]
    return lambda county: any(layer.governs(county.code) for layer in layers)


def _check_prepared(prepared: object, given: Sequence[County], layer: Layer) -> tuple[County, ...]:
    """The counties a batch hook returned, if it kept to its units; else a TypeError."""
    if not isinstance(prepared, Prepared) or prepared.counties is None:
        raise TypeError("edu_rules_prepare_batch must return None or Prepared(note, counties=…)")
    if not isinstance(prepared.note, Title):
        raise TypeError("edu_rules_prepare_batch: Prepared.note must be a Title(zh, en)")
    returned = tuple(prepared.counties)
    if not all(isinstance(county, County) for county in returned):
        raise TypeError("edu_rules_prepare_batch returned something that is not a County")
    outside = sorted({c.code for c in returned if not layer.governs(c.code)})
    if outside:
        raise TypeError(
            f"edu_rules_prepare_batch returned units outside layer {layer.name!r}'s "
            f"jurisdiction: {', '.join(outside)}"
        )
    before, after = {c.code for c in given}, {c.code for c in returned}
    if before != after:
        dropped, added = sorted(before - after), sorted(after - before)
        raise TypeError(
            "edu_rules_prepare_batch must return every unit it was given and no other "
            f"(dropped: {', '.join(dropped) or 'none'}; added: {', '.join(added) or 'none'})"
        )
    for county in returned:
        _keeps_a_document(county, [c for c in given if c.code == county.code], prepared.note)
    return returned


def _keeps_a_document(county: County, documents: Sequence[County], note: Title) -> None:
    """``county`` is one of ``documents`` with schools added (those of the others folded in)."""
    problems = []
    for document in documents:
        try:
            only_adds(document, county, note)
        except ValueError as error:
            problems.append(
                str(error).replace("edu_rules_prepare_county", "edu_rules_prepare_batch")
            )
        else:
            return
    raise TypeError(problems[0])


def check_unique(counties: Sequence[County | Pending]) -> None:
    """After the layers prepared the batch, each unit appears once."""
    by_code: dict[str, list[County | Pending]] = {}
    for county in counties:
        by_code.setdefault(county.code, []).append(county)
    problems = [
        Problem(
            f"code {code}",
            f"the same unit appears in {len(found)} documents ("
            + ", ".join(f"{county.name} {county.assessment_year}" for county in found)
            + "); a unit may appear once, and no installed layer folds these documents together",
        )
        for code, found in by_code.items()
        if len(found) > 1
    ]
    if problems:
        raise CountyDataError(problems, source="batch")
