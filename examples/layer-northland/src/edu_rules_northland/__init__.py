"""The Northland layer: 示例北方省, a FICTIONAL province (division codes 96xxxx).

Nothing here is real policy.  Its one provision is modelled on Hebei's
(河北省县域义务教育优质均衡发展督导评估具体办法): the seven resource indicators and
their coefficients of variation leave out teaching points of fewer than 50 pupils.  It
is written as rule data — ``rules/scope.json`` overrides ``national.school_rule`` with
an ``exclude`` provision — and, being an exemption from a national rule, it cites the
authorised exception that allows it.  This module only declares the layer.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from edu_rules import Layer, Level, Override, RuleDef, Title, hookimpl, load_rule_files

if TYPE_CHECKING:
    from collections.abc import Iterable

LAYER = Layer(
    name="northland",
    level=Level.PROVINCIAL,
    jurisdiction="96",  # no real province has 96
    title=Title(
        zh="示例北方省县域义务教育优质均衡发展督导评估具体办法（虚构示例，仿河北省具体办法）",
        en="Northland rules for assessing high-quality balanced compulsory education "
        "(FICTIONAL, modelled on the Hebei rules)",
    ),
    citation="北教督〔2020〕1号（虚构 / fictional）",
    issued="2020-01-01",
)


@hookimpl
def edu_rules_layer() -> Layer:
    """Declare the layer: Northland governs the division codes starting ``96``."""
    return LAYER


@hookimpl
def edu_rules_rules() -> Iterable[RuleDef | Override]:
    """The override of the school rule that narrows its scope, from ``rules/*.json``."""
    return load_rule_files(files(__package__) / "rules")
