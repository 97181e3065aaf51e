"""Test-only plugins: FICTIONAL provincial layers, registered in tests, never installed.

Each governs the made-up jurisdiction ``"98"`` (no Chinese province has that code; ``99`` is the template plugin's Exampleland),
so none of them can be mistaken for, or collide with, the Guangxi layer.  Their
rule files (``tighten/``, ``loosen/``, ``authorised_exception/``) cite the made-up
document 虚构〔2099〕1号 and show that a provincial change to a national number is a
data edit: an override of ``national.L3`` that tightens is applied with both
citations, one that loosens is refused at load, and one that loosens under an
authorised exception is accepted.  ``midland/`` declares plugin data fields (a school's
build year, a stage's visiting teachers) and provisions that use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import edu_rules
from edu_rules import County, Layer, Level, Override, Prepared, RuleDef, Title, hookimpl
from edu_rules.plugins import installed_plugins

HERE = Path(__file__).resolve().parent

FICTIONAL_CITATION = "虚构〔2099〕1号"
"""The made-up document every test-only layer implements."""


def fictional_layer(name: str) -> Layer:
    """A provincial layer for the fictional jurisdiction ``98``."""
    return Layer(
        name=name,
        level=Level.PROVINCIAL,
        jurisdiction="98",
        title=Title(
            zh=f"虚构省份实施细则（测试用：{name}）", en=f"fictional province ({name}, tests only)"
        ),
        citation=FICTIONAL_CITATION,
    )


class FileLayer:
    """A fictional provincial layer whose rules are the JSON files of one folder here."""

    def __init__(self, folder: str) -> None:
        self.folder = HERE / folder
        self.layer = fictional_layer(folder)

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Iterable[RuleDef | Override]:
        return edu_rules.load_rule_files(self.folder)


MIDLAND_FIELDS = {
    "county": {
        "plan_status": {
            "enum": ["adopted", "draft"],
            "description": "均衡发展规划状态 — the unit's balance plan: adopted 已印发, draft 草案",
        },
    },
    "school": {
        "build_year": {
            "type": "integer",
            "minimum": 1900,
            "maximum": 2100,
            "description": "建校年份 — year the school was planned and built (year)",
        },
    },
    "stage": {
        "visiting_pe_arts_teachers": {
            "type": "number",
            "minimum": 0,
            "description": "走教体育艺术教师 — visiting and part-time PE and arts teachers (teachers)",
        },
    },
}
"""The data fields of the fictional midland layer (``midland/``)."""


class MidlandLayer(FileLayer):
    """A fictional provincial layer (``midland/``) that declares data fields and uses them."""

    def __init__(self, fields: object = MIDLAND_FIELDS) -> None:
        super().__init__("midland")
        self.fields = fields

    @hookimpl
    def edu_rules_data_fields(self) -> object:
        return self.fields


class RaisingBatchLayer:
    """A fictional provincial layer whose ``edu_rules_prepare_batch`` raises."""

    layer = fictional_layer("raising")

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Iterable[RuleDef | Override]:
        return ()

    @hookimpl
    def edu_rules_prepare_batch(self, counties: Sequence[County]) -> Prepared | None:
        del counties
        raise RuntimeError("fictional failure while preparing the batch")


def registry_with(*plugins: tuple[str, object]) -> edu_rules.Registry:
    """The installed layers (no example layer) plus ``plugins``, each ``(name, plugin)``."""
    blocked = {"exampleland", "northland", "capital"} & set(installed_plugins())
    manager = edu_rules.make_plugin_manager(blocked=blocked, plugins=plugins)
    return edu_rules.load_registry(manager)
