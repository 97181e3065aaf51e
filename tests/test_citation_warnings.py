"""A rule that cites another document than its layer's is pointed out when the plugins load.

The case it is for: a province copies the plugin template, renames the package and the
layer, and leaves the rules citing the template's fictional 示教督〔2020〕1号 — every
shortfall would then cite a document that does not exist.  The check warns (in Chinese, or
English with ``--lang en``) on standard error; it never stops a load and never changes a
verdict.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import edu_rules
from edu_rules import Level, plugins
from edu_rules.cli import main
from edu_rules.plugins import citation_warnings
from tests._passing import passing_county
from tests._plugins import RulePlugin, registry_with, threshold_override

OWN = "冀教督〔2021〕3号"  # the copying province's document (fictional here)
TEMPLATE = "示教督〔2020〕1号"  # the template's document, left behind in a copy


def _rule(rule_id: str, citation: str) -> dict[str, Any]:
    """A layer's own rule: a county's quota allocation to ordinary high schools ≥ 60%."""
    return {
        "id": rule_id,
        "family": "guarantee",
        "title": {"zh": "优质高中招生名额分配比例不低于60%", "en": "Quota allocation ≥ 60%"},
        "citation": citation,
        "source_status": "confirmed",
        "evaluator": "county_value",
        "subject": "county",
        "unit": "pct",
        "comparator": ">=",
        "params": {"field": "guarantee.quota_allocation_pct"},
        "values": {"2020-01-01": {"threshold": 60}},
    }


def _province(*entries: dict[str, Any], **layer_fields: Any) -> edu_rules.Registry:
    """The national layer and a provincial layer ``hebei`` (prefix 13) citing ``OWN``."""
    the_layer = edu_rules.Layer(
        name="hebei",
        level=Level.PROVINCIAL,
        jurisdiction="13",
        title=edu_rules.Title(zh="测试省", en="test province"),
        citation=f"{OWN}（虚构）",
        **layer_fields,
    )
    return registry_with(("hebei", RulePlugin(the_layer, entries)))


class TestWhatIsPointedOut:
    def test_the_installed_layers_cite_their_own_documents(self):
        """National (with its procedure document declared), Guangxi, Liuzhou, the examples."""
        assert citation_warnings(edu_rules.default_registry()) == []

    def test_a_rule_still_citing_the_templates_document(self):
        """One warning: the plugin, the layer, how many rules, which, and both documents."""
        registry = _province(
            _rule("hebei.rotation", f"{TEMPLATE} · 政府保障程度 · 第八条（虚构 / fictional）"),
            _rule("hebei.fine", f"{OWN} · 第二条"),
        )

        (warning,) = citation_warnings(registry)

        assert warning.startswith("提示：插件 hebei（政策层 hebei）有 1 条规则")
        assert f"引用的是 {TEMPLATE}，而不是本层的文件 {OWN}：hebei.rotation。" in warning
        assert "此提示不影响任何评估结论" in warning

    def test_in_english(self):
        """``lang="en"``: the same warning in English."""
        registry = _province(_rule("hebei.rotation", f"{TEMPLATE} · 第八条"))

        (warning,) = citation_warnings(registry, "en")

        assert warning.startswith("warning: plugin hebei (layer hebei): 1 rule(s) cite ")
        assert f"{TEMPLATE}, not the layer's document {OWN}: hebei.rotation." in warning

    def test_an_override_citing_the_templates_document(self):
        """An override's citation is the layer's own words, and is checked too."""
        stale = threshold_override(
            "national.L3", {"threshold": {"primary": 1.0}}, citation=f"{TEMPLATE} · 第三条"
        )

        (warning,) = citation_warnings(_province(stale))

        assert f"{TEMPLATE}，而不是本层的文件 {OWN}：national.L3。" in warning

    def test_one_warning_per_foreign_document_with_at_most_five_rules_named(self):
        """Seven stale rules: one line, the count, five ids and an ellipsis."""
        stale = [_rule(f"hebei.r{i}", f"{TEMPLATE} · 第{i}条") for i in range(7)]

        (warning,) = citation_warnings(_province(*stale))

        assert "有 7 条规则" in warning
        assert "hebei.r0, hebei.r1, hebei.r2, hebei.r3, hebei.r4 …" in warning
        assert "hebei.r5" not in warning


class TestWhatIsNot:
    def test_an_override_may_cite_the_document_of_the_layer_it_tightens(self):
        """A province tightening ``national.L3`` may rest on the national measures."""
        override = threshold_override(
            "national.L3", {"threshold": {"primary": 1.0}}, citation="教督〔2017〕6号 · 资源配置"
        )

        assert citation_warnings(_province(override)) == []

    def test_a_layer_may_list_the_other_documents_its_rules_rest_on(self):
        """``Layer.documents``: a procedure or a later notice is not a stale citation."""
        notice = "冀教督〔2023〕5号"
        registry = _province(_rule("hebei.notice", f"{notice} · 第一条"), documents=(notice,))

        assert citation_warnings(registry) == []

    def test_the_same_document_written_with_its_note_is_the_same_document(self):
        """``冀教督〔2021〕3号（虚构）· 第五条`` cites the layer's ``冀教督〔2021〕3号（虚构）``."""
        registry = _province(_rule("hebei.noted", f"{OWN}（虚构）· 第五条"))

        assert citation_warnings(registry) == []


class TestWhereItShows:
    @pytest.fixture
    def stale(self, monkeypatch) -> edu_rules.Registry:
        """The registry the commands load is one whose rule still cites the template."""
        registry = _province(
            threshold_override(
                "national.L3", {"threshold": {"primary": 1.0}}, citation=f"{TEMPLATE} · 第三条"
            )
        )
        monkeypatch.setattr(plugins, "default_registry", lambda: registry)
        return registry

    def test_edu_rules_plugins_warns_on_stderr_and_lists_as_before(self, stale, capsys):
        """The JSON listing on stdout is intact; the warning is on stderr; exit 0."""
        code = main(["plugins", "--format", "json"])

        out, err = capsys.readouterr()
        assert code == 0
        assert [row["name"] for row in json.loads(out)] == ["national", "hebei"]
        assert err.count("\n") == 1
        assert TEMPLATE in err

    def test_evaluate_warns_on_stderr_and_its_report_is_the_result(self, stale, capsys, tmp_path):
        """A warning is no failure: a county that passes exits 0, its document the library's."""
        path = tmp_path / "130102.json"
        path.write_text(json.dumps(passing_county(code="130102", name="测试区")), encoding="utf-8")
        result = edu_rules.evaluate(edu_rules.load_county(path), registry=stale)

        code = main(["evaluate", str(path), "--format", "json", "--lang", "en"])

        out, err = capsys.readouterr()
        assert err.startswith("warning: plugin hebei (layer hebei)")
        assert out == edu_rules.to_json(result)
        assert (code, result.status) == (0, edu_rules.Status.PASS)
