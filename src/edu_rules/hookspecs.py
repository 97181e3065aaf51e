"""The plugin author's manual: every hook edu-rules calls, when, and what it expects back.

A plugin is a module (or object) with functions marked ``@edu_rules.hookimpl`` whose
names match the specifications below, registered under the entry-point group
``edu_rules.plugins``::

    [project.entry-points."edu_rules.plugins"]
    hebei = "edu_rules_hebei"

One plugin adds one *layer* of policy.  The engine asks each plugin for its layer
once, when the plugin manager is built, and checks everything it is given then:
rule files against ``schemas/ruleset.schema.json``, rule ids against the layer name,
overrides against the rules they name (an override may only tighten, unless it
cites an authorised exception), evaluator names against the evaluators installed.
A problem raises :class:`edu_rules.PluginError` naming the plugin, its distribution
and version, the rule and the file.

Each hook is called *per plugin*, for the plugins whose layer governs the county at
hand, top layer first; a plugin never sees a county outside its jurisdiction.

What a plugin can and cannot do (the engine enforces each point):

- Every hook's answer is checked against the type given below; a load-time hook that
  raises or answers something else is a :class:`edu_rules.PluginError` naming the
  plugin, its distribution and the hook.  Nothing is flattened or dropped silently.
- **Tighten-only is a law on outcomes** (:mod:`edu_rules.layering`): for every unit, the
  rules of the layers above yours that your layer changes (by an override, a provision, or
  a rule bound to one through its parameters) are judged again without your layer, on the
  same data, and no finding of theirs may be better with your layer than without it — a
  shortfall is worst, met best, a finding that disappears better than any.  An improvement
  is allowed only by an authorised exception bound to that rule (or to a rule it takes its
  scope or measure from); the finding then names it (``details["exception"]``) and the
  result's summary counts it.  Any other improvement is a fault of your layer: the finding
  becomes an ``error`` naming your layer, the rule, the subject and both outcomes, and the
  unit is never ``pass``.  So a new kind of provision can never make a unit look better.
- At load, as early clear errors: an override may only tighten, leaf by leaf, against the
  layers above it as they stand on every date (see
  :func:`edu_rules.model.rules.looser_leaves`); a provision that exempts, adds to a measure
  or rounds, a looser branch, and split weights other than the national layer's are
  loosenings.  Each needs ``"exception": {"citation", "reason", "covers": [...]}`` whose
  citation and reason have visible words and whose ``covers`` names every loosening it
  excuses (value keys such as ``"threshold.primary"``, provisions as ``"provision:<id>"``).
- Rule data is frozen once loaded; plugin code that forces a change into it anyway
  (``object.__setattr__``) is found by the rules' fingerprint before another unit is judged,
  and every unit from then on is a fault, never a changed verdict.
- Whatever plugin code raises inside the evaluation hooks and evaluators is caught —
  ``SystemExit``, ``GeneratorExit`` and ``KeyboardInterrupt`` too (a Ctrl-C the person
  presses still stops the run) — and so is
  an evaluator that yields anything but well-formed :class:`edu_rules.Observation`
  objects about its own layer's rules: the result names the plugin and the rule, and
  its status is never ``pass``.  Plugin evaluators and preparation hooks have a time
  budget per county (10 s by default); in a batch with several workers a worker that
  dies or hangs is stopped and its unit reported.  An evaluator may yield at most one
  observation per school stage and some more (``MAX_OBSERVATIONS``); one that yields
  without end is stopped there.
- The preparation hooks get copies: changing them changes nothing outside.  What a hook
  returns may *add* schools (saying why in its note) and nothing else: a county that drops,
  alters or renumbers a school of the document, or changes a county figure, is a fault of
  that layer and the county is judged as the document gives it.
- A plugin name may be claimed by one installed distribution only; a layer left out
  (``--block``, an allow-list) marks every result as not an official assessment.

See ``plugins/guangxi`` for a provincial layer and ``examples/plugin-template`` for
a complete plugin distribution to copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from edu_rules.evaluators import Evaluator
    from edu_rules.model.county import County
    from edu_rules.model.evaluation import EvaluatorFunction
    from edu_rules.model.layers import Layer
    from edu_rules.model.prepare import Adoption, Prepared
    from edu_rules.model.rules import RuleDef
    from edu_rules.model.targets import Target

PROJECT_NAME = "edu_rules"
"""The pluggy project name; also the entry-point group is ``edu_rules.plugins``."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# ---------------------------------------------------------------------------
# Declaring the layer (called once, when the plugin manager is built)
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def edu_rules_layer() -> Layer:
    """Declare the layer this plugin adds.

    Called once per plugin at load time.  Return a :class:`edu_rules.Layer` with:

    - ``name``: short, unique, lower-case (``"guangxi"``); it prefixes the ids of
      the layer's own rules (``guangxi.procedure.municipal_review``);
    - ``level``: :class:`edu_rules.Level` — national, provincial, municipal or county;
    - ``jurisdiction``: the division-code prefix the layer governs, of the length
      its level implies (``""``, ``"45"``, ``"4502"``, ``"450202"``);
    - ``title`` and ``citation``: the policy document this layer implements.
    - ``documents`` (optional): other documents its rules cite; a rule citing one not
      declared is a warning at load (``edu_rules.plugins.citation_warnings``).

    Two plugins of one level claiming the same jurisdiction is a load error.
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------
# Contributing rules (called once, when the plugin manager is built)
# ---------------------------------------------------------------------------


@hookspec
def edu_rules_rules() -> Iterable[RuleDef]:
    """Return the rules this layer defines or overrides.

    Called once per plugin at load time.
    Usually ``return edu_rules.load_rule_files(files(__package__) / "rules")``.

    A rule of the layer's own has an id starting with ``"<layer name>."``.  A rule
    that replaces a higher layer's rule sets ``"overrides": "<that rule's id>"`` and
    keeps that id; only the values it changes need be given.  An override may only
    tighten; one that loosens must carry ``"exception": {"citation", "reason"}``.

    A rule or an override may also carry ``"provisions"`` — what a document says beyond
    numbers (:mod:`edu_rules.model.provisions` has the whole grammar), each with its citation:

    - scope: ``{"id": "small_points", "kind": "exclude", "when": [{"field": "kind",
      "op": "==", "value": "teaching_point"}, {"field": "students", "op": "<", "value":
      50}], "citation": "…", "reason": {"zh": "…", "en": "…"}}`` (``"include"`` widens);
    - conditional value: ``{"id": "built_by_2016", "kind": "branch", "when":
      [{"field": "extra.capital.build_year", "op": "<=", "value": 2016}], "values":
      {"min_area": 73}, "citation": "…"}``;
    - adjusted measure: ``{"id": "visiting", "kind": "add", "when": […], "fields":
      ["stage.extra.capital.visiting_pe_arts_teachers"], "citation": "…"}``
      (``"subtract"`` takes a component out);
    - comparison convention: ``{"id": "two_decimals", "kind": "rounding", "digits": 2,
      "mode": "half_up", "citation": "…"}``;
    - through-school split: ``{"id": "weighted", "kind": "split", "weights":
      {"nine_year": {"primary": 1, "junior": 1.1}}, "citation": "…"}``.

    Exemptions, additions and rounding loosen (an override needs its exception); a
    branch is compared leaf by leaf with the values it replaces.  ``examples/layer-northland``
    and ``examples/layer-capital`` use every kind on realistic documents.
    """
    raise NotImplementedError


@hookspec
def edu_rules_adoptions() -> Iterable[Adoption]:
    """Return the higher layers' rules this layer explicitly adopts, each with its citation.

    An adoption changes no number; it records, in every finding of the adopted rule,
    which document makes that rule binding in this jurisdiction (Guangxi adopts the
    national standards under 桂教督委办〔2019〕1号).  Optional.
    """
    raise NotImplementedError


@hookspec
def edu_rules_data_fields() -> Mapping[str, Mapping[str, Any]] | None:
    """Declare the extra figures this layer's document needs, or return ``None``.

    Called once per plugin at load time.  Return ``{"county" | "school" | "stage":
    {field name: JSON Schema}}``; each schema is a fragment for one value, of type
    ``number``, ``integer``, ``boolean`` or ``string`` (with their range and length
    keywords), or an ``enum``, with a ``description`` in the contract's style
    ``"中文名 — English meaning (unit)"``, which the Excel template shows::

        @hookimpl
        def edu_rules_data_fields():
            built = "建校年份 — year the school was built (year)"
            visiting = "走教体育艺术教师 — visiting PE and arts teachers (teachers)"
            return {
                "school": {"build_year": {"type": "integer", "minimum": 1900,
                                          "maximum": 2100, "description": built}},
                "stage": {"visiting_pe_arts_teachers": {"type": "number", "minimum": 0,
                                                        "description": visiting}},
            }

    A county document gives the values under ``"extra": {"<layer name>": {...}}`` on the
    county, a school or a stage; any may be absent (unknown).  Validation, the Excel
    template and conversion include every installed plugin's fields, and a layer or a
    field no installed plugin declares is refused.  Provisions name a field as
    ``extra.<layer>.<field>`` (a school's) or ``stage.extra.<layer>.<field>`` (a stage's,
    also a component an ``add``/``subtract`` provision may count).  A wrong shape, a bad
    name, a field named twice or a fragment of another kind is a
    :class:`edu_rules.PluginError` naming the plugin, its distribution and the hook.
    Fields of different plugins combine; each lives under its own layer's name.
    """
    raise NotImplementedError


@hookspec
def edu_rules_evaluators() -> Mapping[str, Evaluator | EvaluatorFunction]:
    """Return evaluators this plugin brings, by the name its rules use in ``"evaluator"``.

    An evaluator is an :class:`edu_rules.Evaluator` object, which owns everything one
    kind of rule means — ``judge``, a function ``(rule, context) ->
    Iterable[Observation]`` (see :mod:`edu_rules.model.evaluation`), and what the rest of
    edu-rules makes of its findings:

    - ``remedy``: what closes a shortfall in ``edu-rules plan`` — a function
      ``(rule, observation, scene) -> Fix`` (see :mod:`edu_rules.evaluators.base`), or
      a :class:`~edu_rules.evaluators.Planned` remedy the planner works out itself;
    - ``boundaries``: which figures the rule reads and where its threshold puts them
      (a kind from :mod:`edu_rules.evaluators.boundaries`), so that
      :mod:`edu_rules.testing` generates documents around them;
    - ``chart``: how the HTML and Markdown reports draw its findings
      (``Chart("indicator")``: every school stage against the threshold).

    An observation's ``note`` is read by people: give it in both languages as
    ``"中文 / English"``, and each report shows the part in its own language.

    Reuse the core's kinds and your evaluator is planned, tested and drawn with no
    further code::

        from edu_rules import Evaluator
        from edu_rules.evaluators import Chart, boundaries

        EVALUATORS = {
            "hebei.visiting_teachers": Evaluator(
                visiting_teachers, boundaries=boundaries.StageIndicator(), chart=Chart("indicator")
            )
        }

    A plain function is still accepted: it is judged, and has no remedy, boundaries
    or chart.  The core already provides general evaluators (``stage_indicator``,
    ``coefficient_of_variation``, ``county_value``, ``flag``…); bring your own only
    for a rule they cannot express.  Name them ``"<layer name>.<what>"``; a name
    given twice is a load error.
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------
# Preparing the data (called for each county, top layer first)
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def edu_rules_prepare_county(county: County) -> Prepared | None:
    """Adjust a county's data before its rules are evaluated, or return ``None``.

    Called once per county for each plugin whose layer governs it, from the top
    layer down; each sees (a copy of) the county as the layers above left it.  Use it
    for scope decisions the layer's document makes (leaving some schools out of an
    indicator).  Return :class:`edu_rules.Prepared` with the new county — the same
    unit, same code — and a note for the result saying what changed and why; the note
    is shown to the reader.  The new county may only *add* schools to the document's
    (with a note that says why): every school of the document, and every county figure,
    stays as it was, or the answer is a fault of the layer and is not used.  Scope
    decisions belong in rule data (an ``exclude`` provision with its exception), where
    the law on outcomes sees them.
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def edu_rules_prepare_batch(counties: Sequence[County]) -> Prepared | None:
    """Adjust a batch of county documents before they are evaluated, or return ``None``.

    Called once per batch for every plugin that governs a unit of the batch, top layer
    first, with copies of *only the documents its layer governs*.  Use it for decisions
    across documents: Liuzhou folds the documents of 柳东新区 and 阳和工业新区 into
    鱼峰区.  Return :class:`edu_rules.Prepared` with ``counties`` set to the adjusted
    documents: the same set of unit codes it was given (documents of one unit may be
    folded into one; a unit may not be dropped, added or moved).  Each returned unit is
    one of its documents with schools added (the other documents' schools folded in);
    no school of that document, and no county figure, may change.  Anything else is a
    fault of the units the layer governs, never of another unit.
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------
# Targets (called by the batch / progress view)
# ---------------------------------------------------------------------------


@hookspec
def edu_rules_targets() -> Iterable[Target]:
    """Return the recognition targets this layer sets for the units it governs.

    For example Liuzhou: 50% of its 10 units by the end of 2025.  The progress view
    counts, per target, units with a national recognition year on record or a
    ``pass`` verdict.  Optional.  Read them from a data file with
    :func:`edu_rules.load_targets` (``schemas/targets.schema.json``)::

        @hookimpl
        def edu_rules_targets():
            return load_targets(files(__package__) / "data" / "targets.json",
                                layer=LAYER, units=county_units())
    """
    raise NotImplementedError
