"""The Capital City layer: 示例省会市, a FICTIONAL city (division codes 9601xx).

Nothing here is real policy.  Its provisions are modelled on the exceptions a northern
provincial capital publishes in its data-entry forms (criteria of the kind listed in the
project's reference, §5):

- ``rules/rooms.json`` — conditional values: music and art rooms of 73 and 67 m² count
  for schools built in or before 2016, and of 54 m² (primary) or 61 m² (junior) for rural
  small schools whose largest class is under 30 (``branch`` provisions on
  ``national.G3.music`` and ``national.G3.art``);
- ``rules/indicators.json`` — comparison conventions and adjusted measures: the seven
  resource indicators are compared after rounding to two decimals, half up; small rural
  schools count visiting PE and arts teachers under L3, city-centre schools rented venues
  under L5, and an indoor sports room counted under L5 leaves L4;
- ``rules/split.json`` — a through-school's shared figures are split by weighted pupils
  (1:1.1 nine-year, 1:1.2 complete middle, 1:1.1:1.32 twelve-year);
- ``rules/balance.json`` — the seven coefficients of variation are compared after
  rounding to three decimals, half up (``rounding`` on ``national.cv.L1``–``L7``);
- ``rules/own.json`` — the city's own indicator, written as data: every school of 300
  pupils or more has at least one full-time mental-health teacher (the ``school_field``
  evaluator reading this layer's field ``extra.capital.mental_health_teachers``, whose
  unit and planning price are declared with the field).

The facts the national contract lacks (a school's build year and mental-health
teachers; a stage's visiting teachers, rented venue area and indoor sports room area)
are this layer's own data fields (``edu_rules_data_fields``), given in county documents under
``"extra": {"capital": {...}}``.  What loosens a national rule cites the authorised
exception.  The layer is rule data and one field declaration; this module declares them.
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


FIELDS = {
    "school": {
        "build_year": {
            "type": "integer", "minimum": 1900, "maximum": 2100,
            "description": "规划建设年份 — the year the school was planned and built (year)",
        },
        "mental_health_teachers": {
            "type": "integer", "minimum": 0,
            "description": "专职心理健康教师数 — full-time mental-health teachers",
            "unit": {"zh": "名", "en": "teachers"},
            "cost": 120000,
        },
    },
    "stage": {
        "visiting_pe_arts_teachers": {
            "type": "number", "minimum": 0,
            "description": "交流轮岗、兼职、走教体育艺术教师 — visiting PE and arts teachers "
            "(teachers)",
        },
        "rented_venue_m2": {
            "type": "number", "minimum": 0,
            "description": "步行10分钟内租用场馆面积 — rented sports venues within a 10-minute "
            "walk (m²)",
        },
        "indoor_sports_room_m2": {
            "type": "number", "minimum": 0,
            "description": "室内体育用房面积 — indoor sports rooms counted as sports venues (m²)",
        },
    },
}  # fmt: skip
"""The data fields this layer declares (a column each in the Excel template)."""


@hookimpl
def edu_rules_data_fields() -> dict[str, dict[str, dict[str, object]]]:
    """The facts the city's provisions test or count, which the national contract lacks."""
    return FIELDS


@hookimpl
def edu_rules_rules() -> Iterable[RuleDef | Override]:
    """The city's overrides with their provisions, from ``rules/*.json``."""
    return load_rule_files(files(__package__) / "rules")
