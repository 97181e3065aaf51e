"""What-if: change figures in a county document and see what the verdict does.

:func:`apply_changes` sets values at JSON paths of the canonical county document
(``schools[3].stages.primary.key_teachers``, ``guarantee.quota_allocation_pct``) and
checks the changed document again with :func:`edu_rules.load_county`, so a change
that breaks the contract is reported like any bad input: ``reason @ path``.
:func:`diff` compares two results shortfall by shortfall, matched by rule and
subject, so an analyst sees what a change fixed, broke, or only moved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from edu_rules._messages import Text, text
from edu_rules.io.paths import format_path, parse_path
from edu_rules.io.serialization import exact_document
from edu_rules.io.validation import load_county
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem
from edu_rules.model.result import Finding, Outcome, Result, Status, Subject

if TYPE_CHECKING:
    from edu_rules.plugins import Registry

CHANGES_SOURCE = "what-if changes"
"""How errors name the changes themselves (a path that leads nowhere)."""

CHANGED_SOURCE = "county with what-if changes"
"""How errors name the changed document (a value the contract refuses)."""


# --------------------------------------------------------------------------- the document


def document(county: County) -> dict[str, Any]:
    """The canonical county document of ``county`` as plain data, numbers kept exact.

    Plugin data fields (``extra``) are plain objects too, so a change can set one.
    """
    plain: dict[str, Any] = _plain(exact_document(county))
    return plain


def _plain(value: Any) -> Any:
    """``value`` with every mapping a ``dict`` and every tuple a list (``extra`` is frozen)."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _in_extra(tokens: Sequence[str | int], depth: int) -> bool:
    """Whether ``tokens[depth]`` names a layer or a field inside an ``extra`` object.

    A layer's data fields may be absent from a document (unknown); a change may give one,
    and the changed document is checked against the installed plugins' declarations.
    """
    return "extra" in tokens[max(0, depth - 2) : depth]


def _set(  # noqa: PLR0911 - one answer per way a path can lead nowhere
    data: dict[str, Any], tokens: Sequence[str | int], value: object
) -> Text | None:
    """Set ``value`` at ``tokens`` in ``data``; the reason it cannot be set, or ``None``."""
    node: Any = data
    for depth, token in enumerate(tokens):
        here: str | Text = format_path(tokens[:depth]) if depth else text("whatif.the_document")
        last = depth == len(tokens) - 1
        if isinstance(token, str):
            if not isinstance(node, dict):
                kind = "null" if node is None else type(node).__name__
                return text("whatif.not_object", here=here, kind=kind)
            if token not in node and _in_extra(tokens, depth):
                node[token] = value if last else {}
                if last:
                    return None
            if token not in node:
                known = ", ".join(sorted(node))
                return text("whatif.no_field", here=here, field=repr(token), known=known)
        else:
            if not isinstance(node, list):
                kind = "null" if node is None else type(node).__name__
                return text("whatif.not_list", here=here, kind=kind)
            if token >= len(node):
                return text("whatif.out_of_range", here=here, count=len(node), index=token)
        if last:
            node[token] = value
            return None
        node = node[token]
    return text("whatif.empty_path")


def apply_changes(
    county: County, changes: Mapping[str, Any], *, registry: Registry | None = None
) -> County:
    """``county`` with each ``path: value`` of ``changes`` set, checked again as a whole.

    Paths point into the canonical document (:func:`document`), e.g.
    ``{"schools[3].stages.primary.key_teachers": 12, "guarantee.quota_allocation_pct": 55}``;
    a value may be a number, text, ``True``/``False``, ``None`` (unknown), or a whole
    list or object (``"schools[0].music_rooms_m2": [96, 96]``).  A plugin's data field
    is set at its place in ``extra`` (``"schools[4].extra.capital.build_year": 2012``),
    given or not before; ``registry`` holds the declarations it is checked against (by
    default the installed plugins').

    :raises CountyDataError: naming every path that leads nowhere (source
        ``"what-if changes"``), or, once all paths are sound, every problem the
        changed document has (source ``"county with what-if changes"``).
    """
    data = document(county)
    problems: list[Problem] = []
    for path, value in changes.items():
        try:
            tokens = parse_path(path)
        except ValueError:
            problems.append(Problem.about(path, text("whatif.bad_path")))
            continue
        reason = _set(data, tokens, value)
        if reason is not None:
            problems.append(Problem.about(path, reason))
    if problems:
        raise CountyDataError(problems, source=CHANGES_SOURCE)
    return load_county(data, source_name=CHANGED_SOURCE, registry=registry)


# --------------------------------------------------------------------------- comparing results


def _key(finding: Finding) -> tuple[str, str, str, str]:
    subject = finding.subject
    return (finding.rule, subject.county or "", subject.school or "", subject.stage or "")


def _numbers(finding: Finding) -> tuple[object, ...]:
    return (finding.measured, finding.required, finding.gap, finding.remedies, finding.note)


@attrs.frozen
class ShortfallChange:
    """One (rule, subject) whose shortfall appeared, disappeared or moved between two results.

    ``before`` and ``after`` are that rule's finding for that subject in each result,
    whatever its outcome, or ``None`` where the result has none (the school was not
    there, or the rule did not apply).
    """

    rule: str
    subject: Subject
    before: Finding | None
    after: Finding | None

    @property
    def outcome_before(self) -> Outcome | None:
        """The outcome before (``None`` if there was no such finding)."""
        return self.before.outcome if self.before is not None else None

    @property
    def outcome_after(self) -> Outcome | None:
        """The outcome after (``None`` if there is no such finding)."""
        return self.after.outcome if self.after is not None else None

    @property
    def measured_before(self) -> int | float | None:
        """The measured value before."""
        return self.before.measured if self.before is not None else None

    @property
    def measured_after(self) -> int | float | None:
        """The measured value after."""
        return self.after.measured if self.after is not None else None

    @property
    def finding(self) -> Finding:
        """Whichever finding exists, the later one first (for titles and units)."""
        found = self.after if self.after is not None else self.before
        if found is None:  # pragma: no cover - a change always has one side
            raise ValueError("a shortfall change with neither side")
        return found


@attrs.frozen
class ResultDiff:
    """What changed between two results of (usually) the same county."""

    status_before: Status
    status_after: Status
    added: tuple[ShortfallChange, ...]
    removed: tuple[ShortfallChange, ...]
    changed: tuple[ShortfallChange, ...]

    @property
    def status_changed(self) -> bool:
        """Whether the verdict moved."""
        return self.status_before is not self.status_after

    @property
    def empty(self) -> bool:
        """Nothing moved: same status, same shortfalls with the same figures."""
        return not (self.status_changed or self.added or self.removed or self.changed)


def diff(before: Result, after: Result) -> ResultDiff:
    """Compare two results: status, and shortfalls added, removed or changed.

    Shortfalls are matched by ``(rule, subject)``.  *Added*: a shortfall after that
    was not one before; *removed*: one before that is not one after (met, tolerated,
    or now not evaluable — see ``outcome_after``); *changed*: a shortfall in both
    whose measured value, requirement, gap, remedies or note moved.
    """
    before_all: dict[tuple[str, str, str, str], Finding] = {}
    for finding in before.findings:
        before_all.setdefault(_key(finding), finding)
    after_all: dict[tuple[str, str, str, str], Finding] = {}
    for finding in after.findings:
        after_all.setdefault(_key(finding), finding)
    before_short = {_key(f): f for f in before.shortfalls}
    after_short = {_key(f): f for f in after.shortfalls}
    added = tuple(
        ShortfallChange(f.rule, f.subject, before_all.get(key), f)
        for key, f in after_short.items()
        if key not in before_short
    )
    removed = tuple(
        ShortfallChange(f.rule, f.subject, f, after_all.get(key))
        for key, f in before_short.items()
        if key not in after_short
    )
    changed = tuple(
        ShortfallChange(f.rule, f.subject, f, after_short[key])
        for key, f in before_short.items()
        if key in after_short and _numbers(f) != _numbers(after_short[key])
    )
    return ResultDiff(
        status_before=before.status,
        status_after=after.status,
        added=added,
        removed=removed,
        changed=changed,
    )


def diff_to_data(result_diff: ResultDiff) -> dict[str, Any]:
    """Plain JSON data for a diff (what ``edu-rules whatif --format json`` prints)."""

    def side(finding: Finding | None) -> dict[str, Any] | None:
        if finding is None:
            return None
        return {
            "outcome": finding.outcome.value,
            "measured": finding.measured,
            "required": finding.required,
            "gap": finding.gap,
        }

    def entry(change: ShortfallChange) -> dict[str, Any]:
        subject = {
            key: value
            for key, value in (
                ("county", change.subject.county),
                ("school", change.subject.school),
                ("stage", change.subject.stage),
                ("name", change.subject.name),
            )
            if value is not None
        }
        return {
            "rule": change.rule,
            "subject": subject,
            "unit": change.finding.unit,
            "before": side(change.before),
            "after": side(change.after),
        }

    return {
        "status_before": result_diff.status_before.value,
        "status_after": result_diff.status_after.value,
        "added": [entry(c) for c in result_diff.added],
        "removed": [entry(c) for c in result_diff.removed],
        "changed": [entry(c) for c in result_diff.changed],
    }


__all__ = [
    "ResultDiff",
    "ShortfallChange",
    "apply_changes",
    "diff",
    "diff_to_data",
    "document",
]
