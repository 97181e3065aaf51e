"""A copy of the plugin template that is not its own fails the template's tests, loudly.

The template (``examples/plugin-template``) is what a province copies.  Its tests take the
layer's name from the package they find under ``src/``, so a copy whose package was
renamed but whose layer still calls itself ``exampleland``, governs the fictional 99xxxx
or cites the fictional 示教督〔2020〕1号 fails them, each failure saying what to set; a copy
renamed throughout passes; one that cannot be imported is skipped.  The copies are made in
a temporary folder and never installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree

TEMPLATE = Path(__file__).resolve().parents[1] / "examples" / "plugin-template"
NAMING = "test_the_layer_is_named_after_the_package"
PACKAGING = "test_the_distribution_and_the_entry_point_carry_the_layer_name"
FICTION = "test_a_copy_keeps_nothing_of_the_templates_fiction"
ENTRY_POINT = "test_the_installed_entry_point_is_this_package"
CITATIONS = "test_every_rule_cites_the_layers_document"


def _replace(path: Path, *pairs: tuple[str, str]) -> None:
    """Edit ``path`` as a copier would; each old text must be there (the template may change)."""
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, (path.name, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _copy(
    tmp_path: Path, province: str, *, layer: bool, codes_and_citations: bool, rules: bool = True
) -> Path:
    """The template copied as its README says: folder, distribution, package, entry point.

    ``layer`` renames the layer too (``LAYER.name`` and the rule ids); ``codes_and_citations``
    also gives it a real prefix (13), its own document and no fiction marks — in the rule
    files too unless ``rules`` is false.
    """
    target = tmp_path / f"edu-rules-{province}"
    shutil.copytree(TEMPLATE, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    package = f"edu_rules_{province}"
    (target / "src" / "edu_rules_exampleland").rename(target / "src" / package)
    _replace(
        target / "pyproject.toml",
        ('name = "edu-rules-exampleland"', f'name = "edu-rules-{province}"'),
        ('exampleland = "edu_rules_exampleland"', f'{province} = "{package}"'),
        ('packages = ["src/edu_rules_exampleland"]', f'packages = ["src/{package}"]'),
    )
    source = target / "src" / package / "__init__.py"
    (rule_file,) = target.glob("src/*/rules/*.json")
    if layer:
        _replace(source, ('name="exampleland"', f'name="{province}"'))
        _replace(rule_file, ('"exampleland.', f'"{province}.'))
    if codes_and_citations:
        unmarked = [("（虚构 / fictional）", ""), ("示教督〔2020〕1号", "冀教督〔2021〕3号")]
        _replace(source, ('jurisdiction="99"', 'jurisdiction="13"'), *unmarked)
        _replace(source, ("（虚构示例）", ""), ("(FICTIONAL example)", ""))
        if rules:
            _replace(rule_file, *unmarked)
        (sample,) = target.glob("examples/990101-*.json")
        _replace(sample, ("990101", "130101"))
        sample.rename(sample.with_name(sample.name.replace("990101", "130101")))
    return target


@pytest.fixture(name="outcomes", scope="module")
def _outcomes(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Per copy, each test's outcome (``passed``, ``failed``, ``skipped``) and message."""
    tmp_path = tmp_path_factory.mktemp("copies")
    copies = {
        "hebei": _copy(tmp_path, "hebei", layer=False, codes_and_citations=False),
        "shanxi": _copy(tmp_path, "shanxi", layer=True, codes_and_citations=False),
        "liaoning": _copy(tmp_path, "liaoning", layer=True, codes_and_citations=True),
        "gansu": _copy(tmp_path, "gansu", layer=True, codes_and_citations=True, rules=False),
        "jilin": _copy(tmp_path, "jilin", layer=True, codes_and_citations=True),
    }
    on_path = [copies[name] / "src" for name in copies if name != "jilin"]
    report = tmp_path / "report.xml"
    subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "-c", str(copies["hebei"] / "pyproject.toml"), "--rootdir", str(tmp_path),
            "--import-mode=importlib", f"--junitxml={report}",
            "-k", "not TestTheLawsEveryLayerObeys",
            *(str(target / "tests") for target in copies.values()),
        ],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, on_path))},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found: dict[str, dict[str, str]] = {name: {} for name in copies}
    for case in ElementTree.parse(report).iter("testcase"):
        where = f"{case.get('classname')}.{case.get('name')}"
        province = next(name for name in copies if f"edu-rules-{name}." in where)
        verdicts = [child for child in case if child.tag in {"failure", "error", "skipped"}]
        outcome = "passed"
        if verdicts:
            outcome = f"{verdicts[0].tag}: {verdicts[0].get('message')} {verdicts[0].text}"
        found[province][str(case.get("name"))] = outcome
    return found


class TestACopy:
    """The template's own tests, run in copies of it: a copy that is not its own fails them.

    The copies are not installed: their ``src`` folders are put on the path, as a copier's
    editable install would, and the one run collects them all (the property tests, which
    do not depend on the names, are left to the template's own run).
    """

    @staticmethod
    def _failed(outcomes: dict[str, str]) -> set[str]:
        return {name for name, outcome in outcomes.items() if outcome.startswith("failure")}

    def test_renaming_only_the_package_fails_on_the_layer_name_and_the_fiction(self, outcomes):
        """The layer is still ``exampleland`` of 99xxxx: three tests fail, and say what to set."""
        hebei = outcomes["hebei"]

        assert self._failed(hebei) == {NAMING, PACKAGING, FICTION}
        assert "LAYER.name = 'hebei'" in hebei[NAMING]
        assert "LAYER.jurisdiction" in hebei[FICTION]

    def test_renaming_the_layer_but_not_its_codes_and_citations_fails_on_the_fiction(
        self, outcomes
    ):
        """``shanxi`` still governs 99xxxx and cites 示教督〔2020〕1号: that test fails."""
        assert self._failed(outcomes["shanxi"]) == {FICTION}

    def test_a_new_document_on_the_layer_but_not_in_the_rules_fails_on_the_citations(
        self, outcomes
    ):
        """``gansu`` declares 冀教督〔2021〕3号 while its rules cite the template's document."""
        gansu = outcomes["gansu"]

        assert self._failed(gansu) == {FICTION, CITATIONS}
        assert "示教督〔2020〕1号" in gansu[CITATIONS]

    def test_a_copy_renamed_throughout_passes_and_waits_for_its_install(self, outcomes):
        """Its own name, codes 13xxxx and document: every test passes, the entry point waits."""
        liaoning = outcomes["liaoning"]
        skipped = {name for name, outcome in liaoning.items() if outcome.startswith("skipped")}

        assert len(liaoning) > 10
        assert self._failed(liaoning) == set()
        assert not any(outcome.startswith("error") for outcome in liaoning.values())
        assert skipped == {ENTRY_POINT}

    def test_a_copy_that_cannot_be_imported_is_skipped_not_failed(self, outcomes):
        """``edu_rules_jilin`` is neither installed nor on the path: its tests are skipped."""
        (outcome,) = outcomes["jilin"].values()

        assert outcome.startswith("skipped")
        assert "edu_rules_jilin is not installed" in outcome
