"""The national layer: 《县域义务教育优质均衡发展督导评估办法》, 教督〔2017〕6号.

Issued by the Ministry of Education and in force from May 2017, the measures set
what a county-level unit must show to be recognised as having high-quality balanced
compulsory education: eligibility, resource allocation per school stage (L1–L7 and
the school rule), inter-school balance (the coefficient of variation of each
indicator), government guarantee (G1–G15), education quality (Q1–Q9), social
recognition, and the one-vote vetoes.  The numbers and citations are data in
``rules/``; the general evaluators that apply them live in the core.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

from edu_rules import Layer, Level, Override, RuleDef, Title, hookimpl, load_rule_files

LAYER = Layer(
    name="national",
    level=Level.NATIONAL,
    jurisdiction="",
    title=Title(
        zh="县域义务教育优质均衡发展督导评估办法",
        en=(
            "Measures for supervising and assessing high-quality balanced "
            "compulsory education at county level"
        ),
    ),
    citation="教督〔2017〕6号",
    issued="2017-04-26",
    documents=("国教督办函〔2019〕30号",),  # the procedure (rules/procedure.json)
)


@hookimpl
def edu_rules_layer() -> Layer:
    """The national layer governs every county-level unit."""
    return LAYER


@hookimpl
def edu_rules_rules() -> Iterable[RuleDef | Override]:
    """The national rules, read from this package's ``rules/*.json``."""
    return load_rule_files(files(__package__) / "rules")
