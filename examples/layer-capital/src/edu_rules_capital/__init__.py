"""The Capital City layer: 示例省会市, a FICTIONAL city (division codes 9601xx).

Nothing here is real policy.  Its provisions are modelled on the exceptions a northern
provincial capital publishes in its data-entry forms (criteria of the kind listed in the
project's reference, §5):

- ``rules/rooms.json`` — music and art rooms of 54 m² (primary) and 61 m² (junior) count
  for rural small schools whose largest class is under 30 (``branch`` provisions on
  ``national.G3.music`` and ``national.G3.art``);
- ``rules/rounding.json`` — the seven resource indicators are compared after rounding to
  two decimals, half up (a ``rounding`` provision on each of ``national.L1``–``L7``).

Both loosen a national rule, so each override cites the authorised exception.  The layer
is rule data only; this module declares it.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from edu_rules import Layer, Level, Override, RuleDef, Title, hookimpl, load_rule_files

if TYPE_CHECKING:
    from collections.abc import Iterable

LAYER = Layer(
    name="capital",
    level=Level.MUNICIPAL,
    jurisdiction="9601",
    title=Title(
        zh="示例省会市义务教育优质均衡发展督导评估实施方案（虚构示例）",
        en="Capital City plan for assessing high-quality balanced compulsory education (FICTIONAL)",
    ),
    citation="省会教督〔2021〕2号（虚构 / fictional）",
    issued="2021-03-01",
)


@hookimpl
def edu_rules_layer() -> Layer:
    """Declare the layer: Capital City governs the division codes starting ``9601``."""
    return LAYER


@hookimpl
def edu_rules_rules(layer: Layer) -> Iterable[RuleDef | Override]:
    """The city's overrides with their provisions, from ``rules/*.json``."""
    del layer
    return load_rule_files(files(__package__) / "rules")
