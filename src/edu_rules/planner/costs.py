"""What additions cost: yuan per unit by document field, and the ``--cost`` prices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from edu_rules._messages import text as catalogued
from edu_rules._numbers import Exact, exact
from edu_rules.model.county import Stage
from edu_rules.model.datafields import NO_FIELDS, DataFields
from edu_rules.model.errors import UsageError

DEFAULT_UNIT_COSTS: Mapping[str, Exact] = {
    # Yuan per unit added, by document field.  Only the ratios matter: they decide
    # which indicator a stage may leave below standard when the school rule allows
    # one.  Planning defaults, not estimates; pass a CostModel with local prices.
    "teachers_above_required_qualification": 100_000,  # one teacher-year (pay + on-costs)
    "key_teachers": 100_000,  # one teacher-year: a key teacher hired or trained up
    "pe_arts_teachers": 100_000,  # one teacher-year
    "teaching_room_area_m2": 3_000,  # one m² of teaching and auxiliary rooms built
    "sports_area_m2": 500,  # one m² of sports ground laid
    "equipment_value_yuan": 1,  # equipment is bought at its book value
    "multimedia_classrooms": 60_000,  # equipping one networked multimedia classroom
    "music_rooms_m2": 300_000,  # one music room of the minimum area, built and fitted
    "art_rooms_m2": 300_000,  # one art room of the minimum area, built and fitted
    "public_funds_yuan": 1,
    "training_funds_yuan": 1,
}

RESOURCE_KINDS: Mapping[str, str] = {
    "teachers_above_required_qualification": "teachers",
    "key_teachers": "teachers",
    "pe_arts_teachers": "teachers",
    "teaching_room_area_m2": "m2",
    "sports_area_m2": "m2",
    "equipment_value_yuan": "equipment_yuan",
    "multimedia_classrooms": "classrooms",
    "music_rooms_m2": "rooms",
    "art_rooms_m2": "rooms",
    "public_funds_yuan": "funds_yuan",
    "training_funds_yuan": "funds_yuan",
}
"""The kind of resource an addition to a field is, for totals.

One teacher may count towards L1, L2 and L3 at once (a qualified key PE teacher);
the planner cannot know, so the ``teachers`` total is an upper bound.
"""


@attrs.frozen
class CostModel:
    """Yuan per unit added, by county-document field; used to compare ways to pass.

    ``CostModel()`` uses :data:`DEFAULT_UNIT_COSTS`; ``CostModel.with_costs(sports_area_m2=800)``
    changes some.  A field with no price costs ``default`` per unit.
    """

    unit_costs: Mapping[str, Exact] = attrs.field(factory=lambda: dict(DEFAULT_UNIT_COSTS))
    default: Exact = 1

    @classmethod
    def with_costs(cls, **unit_costs: Exact) -> CostModel:
        """The default prices with ``unit_costs`` laid over them."""
        for field, price in unit_costs.items():
            if price < 0:
                raise ValueError(f"a unit cost cannot be negative: {field}={price}")
        return cls(unit_costs={**DEFAULT_UNIT_COSTS, **unit_costs})

    def cost(self, field: str, quantity: Exact) -> Exact:
        """What adding ``quantity`` units to ``field`` costs."""
        return self.unit_costs.get(field, self.default) * quantity

    def with_declared(self, fields: DataFields) -> CostModel:
        """These prices, and the price each layer declares with its data field where none is set.

        A declared field is priced by the name provisions give it (``extra.<layer>.<f>``
        on a school, ``stage.extra.<layer>.<f>`` on a stage); a price already in this
        model (``--cost``) wins.
        """
        declared = {
            field.provision_name: field.cost
            for field in fields.fields
            if field.cost is not None and field.provision_name not in self.unit_costs
        }
        if not declared:
            return self
        return attrs.evolve(self, unit_costs={**self.unit_costs, **declared})


def parse_costs(specs: list[str], fields: DataFields = NO_FIELDS) -> dict[str, Any]:
    """Unit prices from ``--cost FIELD=YUAN`` pairs; :raises ValueError: naming the bad one.

    ``fields``: the plugins' data fields, priced by the name provisions give them
    (``stage.extra.<layer>.<field>``).
    """
    known = (
        set(DEFAULT_UNIT_COSTS)
        | {field.name for field in Stage.__attrs_attrs__}
        | {field.provision_name for field in fields.fields if field.numeric}
    )
    prices: dict[str, Any] = {}
    for spec in specs:
        field, sep, text = spec.partition("=")
        field = field.strip()
        if not sep or field not in known:
            names = ", ".join(sorted(DEFAULT_UNIT_COSTS))
            raise UsageError.about(catalogued("plan.cost.write", spec=repr(spec), fields=names))
        try:
            price = exact(text.strip())
        except (ValueError, ZeroDivisionError) as error:
            value = repr(text.strip())
            raise UsageError.about(
                catalogued("plan.cost.not_number", spec=repr(spec), value=value)
            ) from error
        if price < 0:
            raise UsageError.about(catalogued("plan.cost.negative", spec=repr(spec)))
        prices[field] = price
    return prices
