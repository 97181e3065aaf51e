"""The Exampleland layer: 示例省 (a FICTIONAL province, division codes 99xxxx).

Nothing here is real policy.  Exampleland, its document 示教督〔2020〕1号 and every
number below are invented to show how a province writes its implementation rules
for edu-rules: the rules are data in ``rules/*.json`` — one national threshold made
stricter (an override of ``national.L3``, with its own citation) and one requirement
of its own (``exampleland.key_teacher_rotation``, applied by the core's
``county_ratio`` evaluator) — and this module only declares the layer and hands the
data over.  The core checks it all when it loads the plugin: the rule files against
``schemas/ruleset.schema.json``, the ids against the layer name, and that the
override only tightens.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from edu_rules import Layer, Level, Override, RuleDef, Title, hookimpl, load_rule_files

if TYPE_CHECKING:
    from collections.abc import Iterable

LAYER = Layer(
    name="exampleland",
    level=Level.PROVINCIAL,
    jurisdiction="99",  # no real province has 99: Exampleland can never govern a real county
    title=Title(
        zh="示例省县域义务教育优质均衡发展督导评估实施细则（虚构示例）",
        en="Exampleland implementation rules for high-quality balanced compulsory education "
        "(FICTIONAL example)",
    ),
    citation="示教督〔2020〕1号（虚构 / fictional）",
    issued="2020-01-01",
)


@hookimpl
def edu_rules_layer() -> Layer:
    """Declare the layer: Exampleland governs the division codes starting ``99``."""
    return LAYER


@hookimpl
def edu_rules_rules() -> Iterable[RuleDef | Override]:
    """Return the override and the added rule, read from this package's ``rules/*.json``."""
    return load_rule_files(files(__package__) / "rules")
