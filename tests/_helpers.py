"""Small helpers shared by the specification tests: evaluate a dict, pick findings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import edu_rules
from edu_rules import Finding, Outcome, Registry, Result
from edu_rules.io import _fastvalidate


def national_registry() -> Registry:
    """The installed plugins with only the national layer active."""
    return edu_rules.load_registry(
        edu_rules.make_plugin_manager(blocked={"guangxi", "liuzhou", "exampleland"})
    )


_NATIONAL: list[Registry] = []


def evaluate_national(document: dict[str, Any]) -> Result:
    """Evaluate a county document under the national layer alone."""
    if not _NATIONAL:
        _NATIONAL.append(national_registry())
    return edu_rules.evaluate(edu_rules.load_county(document), registry=_NATIONAL[0])


def findings(
    result: Result, rule: str, *, school: str | None = None, stage: str | None = None
) -> list[Finding]:
    """The findings of ``rule`` (optionally for one school / stage)."""
    return [
        f
        for f in result.findings
        if f.rule == rule
        and (school is None or f.subject.school == school)
        and (stage is None or f.subject.stage == stage)
    ]


def only(
    result: Result, rule: str, *, school: str | None = None, stage: str | None = None
) -> Finding:
    """The single finding of ``rule`` for the subject; fails the test if not exactly one."""
    found = findings(result, rule, school=school, stage=stage)
    assert len(found) == 1, f"expected one {rule} finding for {school}/{stage}, got {found}"
    return found[0]


def outcome(
    result: Result, rule: str, *, school: str | None = None, stage: str | None = None
) -> Outcome:
    """The outcome of the single finding of ``rule`` for the subject."""
    return only(result, rule, school=school, stage=stage).outcome


@contextmanager
def reference_only() -> Iterator[None]:
    """Switch the fast path off: every county document goes the reference way."""
    with (
        mock.patch.object(_fastvalidate, "schema_accepts", return_value=False),
        mock.patch.object(_fastvalidate, "parse_json", return_value=None),
    ):
        yield
