"""The evaluator object: everything one kind of rule means, in one place.

An :class:`Evaluator` owns how it judges a rule against a county (``judge``), what
closes the gap of one of its shortfalls in a plan (``remedy``, read by
:mod:`edu_rules.planner.plan`), which figures sit at its boundaries (``boundaries``, read
by :mod:`edu_rules.testing`) and how its findings are drawn (``chart``, read by the
reports).  Rule data names an evaluator (``"evaluator": "county_ratio"``); nothing
else in the code recognises an evaluator by its name.  The engine, not the
evaluator, turns observations into :class:`~edu_rules.Finding` objects.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from edu_rules.model.evaluation import Context, EvaluatorFunction, Observation
from edu_rules.model.layers import Title
from edu_rules.model.provisions import ProvisionKind
from edu_rules.model.rules import Rule

if TYPE_CHECKING:
    from edu_rules._numbers import Exact
    from edu_rules.evaluators.boundaries import Boundary
    from edu_rules.model._columns import Row
    from edu_rules.model.county import School

Judge = EvaluatorFunction
"""How an evaluator judges: a rule in force and the county's context in, observations out."""


class Scene(Protocol):
    """What a remedy reads: the county as the plan has changed it so far, and prices."""

    def value(self, path: str) -> Any:
        """The county field at a dotted path (``guarantee.rotated_teachers``), or ``None``."""

    def school(self, observation: Observation) -> tuple[int, School] | None:
        """The school an observation is about, with its index in the document."""

    def cost(self, field: str, quantity: Exact) -> Exact:
        """What adding ``quantity`` units to the document field ``field`` costs."""

    def kind(self, field: str) -> str | None:
        """The kind of resource an addition to ``field`` is (``teachers``, ``m2``…), if known."""

    def unit(self, field: str) -> Title | None:
        """The unit a layer declares with its data field ``field`` (``extra.<layer>.<name>``)."""


@attrs.frozen
class Fix:
    """What closes one shortfall: a quantity to add, and the document changes it means.

    ``Fix()`` says the figure to reach is all the plan can say (no quantity, no change).
    ``unit`` is the unit of ``quantity`` where a layer declares it with its data field.
    """

    quantity: Exact | None = None
    kind: str | None = None
    cost: Exact = 0
    changes: Mapping[str, Any] = attrs.field(factory=dict)
    unit: Title | None = None


RowsFunction = Callable[[Rule, Context], "list[Row] | None"]
"""A kernel: a rule and the county's context in, the findings' rows out (or ``None``)."""

RemedyFunction = Callable[[Rule, Observation, Scene], Fix]
"""A remedy: a rule, one of its shortfall observations and the plan's scene in, a fix out."""


class Planned(enum.Enum):
    """Remedies the planner works out itself, over every rule whose evaluator names one."""

    SCHOOL_RULE = "school_rule"
    """Least whole additions per school stage that meet the school rule (its indicators)."""
    BALANCE = "balance"
    """Water-filling the lowest schools until the coefficient of variation is within limit."""
    DECLARE = "declare"
    """A yes/no item to declare true (or, for a veto, an event to answer for)."""


@attrs.frozen
class Chart:
    """How the reports draw an evaluator's findings.

    ``"indicator"``: every school stage's value against the threshold and the school
    rule's floor, one chart per rule and stage.  ``"cv"``: a coefficient of variation
    per stage against its limit; ``measures`` names the rule parameter that holds the
    id of the indicator rule it measures (the CV is shown beside that indicator).
    """

    kind: Literal["indicator", "cv"]
    measures: str | None = None


@attrs.frozen(repr=False)
class Evaluator:
    """One evaluator: how it judges, and what the planner, test kit and reports make of it.

    :param judge: ``(rule, context) -> Iterable[Observation]``
        (see :mod:`edu_rules.model.evaluation`).
    :param remedy: what closes a shortfall's gap in a plan — a :data:`RemedyFunction`,
        a :class:`Planned` remedy, or ``None`` (the plan lists the shortfall as an action).
    :param boundaries: which figures the rule reads and where its threshold puts them
        (a :class:`~edu_rules.evaluators.boundaries.Boundary`), or ``None`` (the test
        kit leaves those figures to the contract's defaults).
    :param chart: how the reports draw its findings, or ``None`` (listed, not drawn).
    :param provisions: the kinds of provision (:mod:`edu_rules.model.provisions`) it applies;
        a rule judged by it that carries another kind is refused at load time.
    :param rows: a fast kernel giving the findings' rows (:data:`edu_rules.model._columns.Row`)
        directly, or ``None`` where ``judge`` must decide (a rule with provisions).  The
        engine uses it for built-in evaluators only; it must agree with ``judge`` on
        every finding (the built-in kernels are proved to by a differential test).

    Calling the object judges: ``evaluator(rule, context)`` is ``evaluator.judge(rule, context)``.
    """

    judge: Judge
    remedy: RemedyFunction | Planned | None = None
    boundaries: Boundary | None = None
    chart: Chart | None = None
    provisions: frozenset[ProvisionKind] = frozenset()
    rows: RowsFunction | None = None

    def __call__(self, rule: Rule, context: Context) -> Iterable[Observation]:
        """Judge ``rule`` against the county of ``context``."""
        return self.judge(rule, context)

    def __repr__(self) -> str:
        """``<Evaluator county_ratio remedy=… boundaries=… chart=…>``."""
        name = getattr(self.judge, "__qualname__", repr(self.judge))
        remedy = (
            self.remedy.value
            if isinstance(self.remedy, Planned)
            else getattr(self.remedy, "__qualname__", None)
        )
        parts = [f"remedy={remedy}"] if remedy else []
        if self.boundaries is not None:
            parts.append(f"boundaries={self.boundaries!r}")
        if self.chart is not None:
            parts.append(f"chart={self.chart.kind}")
        return f"<Evaluator {' '.join([name, *parts])}>"


def as_evaluator(candidate: Evaluator | Judge) -> Evaluator:
    """An evaluator object for ``candidate``: itself, or a plain function wrapped in one.

    A plain function has no remedy, no boundaries and no chart.
    """
    if isinstance(candidate, Evaluator):
        return candidate
    return Evaluator(judge=candidate)
