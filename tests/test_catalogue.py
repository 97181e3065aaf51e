"""One catalogue: every key used exists, every key exists for a use.

The source is read, not run: a call such as ``message("label.gap", lang)`` names a
key that must be in :data:`~edu_rules._messages.MESSAGES`; every key of the
catalogue must be written out somewhere in the source or belong to a family looked
up by value (:data:`~edu_rules._messages.LOOKED_UP_BY_VALUE`); a key built at run
time (``f"status.{...}"``) must be of such a family; and the closed families name
every value of their enumeration, no more.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from edu_rules._messages import LOOKED_UP_BY_VALUE, MESSAGES

SOURCE = Path(__file__).resolve().parent.parent / "src" / "edu_rules"
CALLS = frozenset({"message", "_m", "say", "catalogued", "text", "bilingual", "_label", "_cols"})
"""The functions that take catalogue keys (``text`` is the catalogue's, or an alias of it)."""
_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_PREFIX = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.$")


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text("utf-8"))) for path in sorted(SOURCE.rglob("*.py"))]


TREES = _trees()


def _called_keys() -> list[tuple[str, str]]:
    """``(file, key)`` for each literal key a catalogue function is called with."""
    found = []
    for path, tree in TREES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in CALLS:
                continue
            arguments = node.args if name == "_cols" else node.args[:1]
            found.extend(
                (path.name, argument.value)
                for argument in arguments
                if isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and _KEY.match(argument.value)
            )
    return found


def _built_prefixes() -> dict[str, str]:
    """Each key prefix an f-string builds (``status.``), with a file that builds it."""
    found: dict[str, str] = {}
    for path, tree in TREES:
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and _PREFIX.match(str(head.value)):
                    prefix = str(head.value)
                    if any(key.startswith(prefix) for key in MESSAGES):
                        found.setdefault(prefix, path.name)
    return found


def _literals() -> set[str]:
    """Every string constant of the source but the catalogue's own keys."""
    return {
        node.value
        for path, tree in TREES
        if path.name != "_messages.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_key_a_call_names_is_in_the_catalogue():
    """A key written out in a call exists (a typo would print the key to the reader)."""
    missing = [(where, key) for where, key in _called_keys() if key not in MESSAGES]

    assert missing == []


def test_every_key_built_at_run_time_is_of_a_declared_family():
    """``f"status.{...}"``: only the families declared as looked up by value."""
    undeclared = {
        prefix: where
        for prefix, where in _built_prefixes().items()
        if not any(prefix.startswith(family) for family in LOOKED_UP_BY_VALUE)
    }

    assert undeclared == {}


def test_no_key_is_unused():
    """Each key is written out somewhere, or is of a family looked up by value."""
    literals = _literals()
    unused = [
        key
        for key in MESSAGES
        if key not in literals and not key.startswith(tuple(LOOKED_UP_BY_VALUE))
    ]

    assert unused == []


def test_every_entry_has_both_languages():
    """Chinese and English side by side, neither empty (but a unit that has no word)."""
    lacking = [
        key
        for key, entry in MESSAGES.items()
        if set(entry) != {"zh", "en"}
        or (not entry["zh"].strip() and key not in {"unit.ratio", "unit.year"})
    ]

    assert lacking == []


def _family(prefix: str) -> set[str]:
    return {key.removeprefix(prefix) for key in MESSAGES if key.startswith(prefix)}


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("status.", "edu_rules.model.result:Status"),
        ("level.", "edu_rules.model.layers:Level"),
        ("summary.schedule.", "edu_rules.model.targets:ScheduleState"),
        ("monitor.state.", "edu_rules.monitoring.monitor:ReadinessState"),
    ],
)
def test_a_closed_family_names_each_value_once(prefix, values):
    """Each value of the enumeration has its key, and no key is left over."""
    import importlib

    module, name = values.split(":")
    enumeration = getattr(importlib.import_module(module), name)

    assert _family(prefix) == {member.value for member in enumeration}


def test_outcomes_families_and_stages_have_their_keys():
    """Every outcome, rule family and school stage can be said, and every verdict as a sentence."""
    from edu_rules.engine import FAMILY_ORDER
    from edu_rules.model.county import STAGE_NAMES
    from edu_rules.model.result import Outcome, Status

    assert {s.value for s in Status} <= _family("verdict.")
    assert {o.value for o in Outcome} <= _family("outcome.")
    assert set(FAMILY_ORDER) <= _family("family.")
    assert set(STAGE_NAMES) == _family("stage.")
