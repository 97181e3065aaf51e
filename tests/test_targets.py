"""A layer's targets file: one schema, one loader in the core, every problem named at once."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

import edu_rules
from edu_rules import Layer, Level, RuleDataError, SourceStatus, Target, Title, load_targets

LAYER = Layer(
    name="midland",
    level=Level.MUNICIPAL,
    jurisdiction="9801",
    title=Title(zh="中部市规划", en="Midland plan"),
    citation="中教〔2030〕1号",
)
UNITS = ("980101", "980102", "980103")


def _target(**changes):
    target = {
        "id": "midland.target.2027",
        "title": {"zh": "到2027年全市三分之二的县区通过", "en": "Two thirds by 2027"},
        "citation": "中教〔2030〕1号 · 三",
        "share": "2/3",
        "by_year": 2027,
    }
    target.update(changes)
    return target


def _file(tmp_path, *targets, **top):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps({"targets": list(targets), **top}), encoding="utf-8")
    return path


class TestAGoodFile:
    def test_each_target_is_read_exactly_over_the_layers_units(self, tmp_path):
        (target,) = load_targets(_file(tmp_path, _target()), layer=LAYER, units=UNITS)

        assert target == Target(
            id="midland.target.2027",
            layer="midland",
            title=Title(zh="到2027年全市三分之二的县区通过", en="Two thirds by 2027"),
            citation="中教〔2030〕1号 · 三",
            units=UNITS,
            share=Fraction(2, 3),
            by_year=2027,
            source_status=SourceStatus.CONFIRMED,
        )
        assert target.required == 2  # ⌈2/3 × 3⌉

    def test_a_target_may_list_its_own_units_and_they_come_in_year_order(self, tmp_path):
        path = _file(
            tmp_path,
            _target(id="midland.target.2029", by_year=2029, share="1"),
            _target(units=["980101", "980102"], source_status="secondary"),
        )
        first, second = load_targets(path, layer=LAYER, units=UNITS)

        assert (first.id, first.units, first.source_status) == (
            "midland.target.2027",
            ("980101", "980102"),
            SourceStatus.SECONDARY,
        )
        assert (second.by_year, second.share, second.units) == (2029, 1, UNITS)

    def test_the_bundled_layers_read_theirs_with_it(self):
        registry = edu_rules.default_registry()
        targets = {
            target.id: target
            for loaded in registry.layers
            for target in registry.call(loaded, "edu_rules_targets") or ()
        }
        assert targets["guangxi.target.2025"].share == Fraction(1, 5)
        assert len(targets["guangxi.target.2025"].units) == 111
        assert targets["liuzhou.target.2025"].required == 5
        assert targets["liuzhou.target.2029"].share == 1


class TestABadFile:
    def test_every_problem_is_named_at_once_with_its_place(self, tmp_path):
        path = _file(
            tmp_path,
            _target(share=0.5),
            _target(citation="", by_year="2025"),
            {"id": "midland.target.x"},
        )
        with pytest.raises(RuleDataError) as raised:
            load_targets(path, layer=LAYER, units=UNITS)

        message = str(raised.value)
        assert str(path) in message
        for place in (
            "@ targets/0/share",
            "@ targets/1/citation",
            "@ targets/1/by_year",
            "@ targets/2",
        ):
            assert place in message, place

    @pytest.mark.parametrize(
        ("change", "says"),
        [
            ({"id": "capital.target.2027"}, "must start with 'midland.' @ targets/0/id"),
            ({"share": "3/2"}, "(0, 1]"),
            ({"share": "0"}, "@ targets/0/share"),
            ({"units": ["980101", "980101"]}, "@ targets/0/units"),
            ({"units": ["98010"]}, "@ targets/0/units/0"),
            ({"deadline": 2027}, "Additional properties"),
        ],
    )
    def test_a_target_that_would_count_wrongly_is_refused(self, tmp_path, change, says):
        with pytest.raises(RuleDataError, match="targets file is not valid") as raised:
            load_targets(_file(tmp_path, _target(**change)), layer=LAYER, units=UNITS)
        assert says in str(raised.value)

    def test_a_target_without_units_is_refused(self, tmp_path):
        with pytest.raises(RuleDataError, match="at least one unit"):
            load_targets(_file(tmp_path, _target()), layer=LAYER)

    def test_a_file_that_is_no_json_names_the_file(self, tmp_path):
        path = tmp_path / "targets.json"
        path.write_text("{", encoding="utf-8")
        with pytest.raises(RuleDataError, match="cannot read the targets file"):
            load_targets(path, layer=LAYER, units=UNITS)
