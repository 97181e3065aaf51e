"""Generate a SYNTHETIC national-scale batch of county documents for the benchmark.

Every figure is made up; only the shape is realistic.  The ministry's batch has about
2,850 county-level units and 200,000 school stages (about 55 MB of JSON): this writes
that many documents (``--units``, default 2,850), each with 30-150 school stages
(most units small, a few large), one file per unit, ``<code>.json``.  With every field
spelled out the batch is about 100 MB (the long field names cost more than the 55 MB
estimate assumed).

* Codes look like real division codes: 31 real province prefixes, cities ``01``-``NN``,
  county suffixes as the national table uses them (``02``-``..`` districts,
  ``2x`` counties, ``8x`` county-level cities).  Guangxi (``45``) has 111 units and its
  Liuzhou city (``4502``) the ten real codes, so the national, provincial and municipal
  layers are all exercised.
* Indicator values lie around the thresholds of ``criteria.md`` (most above, some
  just below, a few far below), so every code path of the school rule and the CV runs.
* A small share of figures is ``null`` (unknown), as in real returns.
* Every document is valid: it passes ``edu_rules.validate_county_data``.

Deterministic: the same ``--seed`` writes the same bytes.  The output folder
(default ``benchmarks/data/national``) is git-ignored::

    python benchmarks/generate_national.py                 # 2,850 units
    python benchmarks/generate_national.py --units 300     # a quick subset
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import attrs

import edu_rules

DEFAULT_SEED = 2850
DEFAULT_UNITS = 2850
ASSESSMENT_YEAR = 2025
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data" / "national"

Doc = dict[str, Any]

# Real province-level prefixes (GB/T 2260); the number of county-level units each gets
# is proportional to a rough real count, scaled to the requested total.
PROVINCES: dict[str, int] = {
    "11": 16, "12": 16, "13": 167, "14": 117, "15": 103, "21": 100, "22": 60, "23": 121,
    "31": 16, "32": 95, "33": 90, "34": 104, "35": 84, "36": 100, "37": 136, "41": 157,
    "42": 103, "43": 122, "44": 122, "45": 111, "46": 25, "50": 38, "51": 183, "52": 88,
    "53": 129, "54": 74, "61": 107, "62": 86, "63": 44, "64": 22, "65": 107,
}  # fmt: skip
LIUZHOU = (
    ("450202", "城中区"),
    ("450203", "鱼峰区"),
    ("450204", "柳南区"),
    ("450205", "柳北区"),
    ("450206", "柳江区"),
    ("450222", "柳城县"),
    ("450223", "鹿寨县"),
    ("450224", "融安县"),
    ("450225", "融水苗族自治县"),
    ("450226", "三江侗族自治县"),
)

STAGES = ("primary", "junior")
_NATIONAL = edu_rules.default_registry().ruleset(("national",), dt.date(2025, 12, 31)).rules
INDICATORS: dict[str, tuple[str, int, dict[str, float]]] = {
    # id: (numerator field, per, standard by stage) — 教督〔2017〕6号 · 资源配置, from its rules
    ind: (
        _NATIONAL[f"national.{ind}"].params["numerator"],
        _NATIONAL[f"national.{ind}"].params["per"],
        {stage: float(_NATIONAL[f"national.{ind}"].threshold(stage)) for stage in STAGES},
    )
    for ind in ("L1", "L2", "L3", "L4", "L5", "L6", "L7")
}
CLASS_LIMIT = {"primary": 45, "junior": 50}
BASELINE = {"primary": 720, "junior": 940}
NULL_SHARE = 0.006  # share of indicator figures left unknown
SYLLABLES = "东南西北中新安平宁和兴华德福康乐龙凤山水江河湖海林石城乡村镇阳明光文"
SUBJECTS = ("数学", "语文", "科学", "体育与健康", "艺术", "德育")

# (kind, stages, weight) — the mix of a typical unit's schools.
KINDS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("primary", ("primary",), 0.55),
    ("junior", ("junior",), 0.18),
    ("nine_year", ("primary", "junior"), 0.12),
    ("teaching_point", ("primary",), 0.10),
    ("twelve_year", ("primary", "junior"), 0.02),
    ("complete_middle", ("junior",), 0.03),
)

VETOES = tuple(field.name for field in attrs.fields(edu_rules.Vetoes))
"""The one-vote veto events of the county contract, in its order."""


def unit_codes(units: int, rng: random.Random) -> list[tuple[str, str]]:
    """``units`` distinct ``(code, name)`` pairs, sorted; Liuzhou's ten real units included.

    Provinces get units in proportion to their real counts (Guangxi 111 of 2,850).
    """
    total = sum(PROVINCES.values())
    liuzhou = list(LIUZHOU[: min(units, len(LIUZHOU))])
    seen = {code for code, _ in liuzhou}
    others: list[tuple[str, str]] = []
    suffixes = [f"{n:02d}" for n in (*range(2, 12), *range(21, 33), *range(81, 86))]
    for province, weight in PROVINCES.items():
        share = math.ceil(units * weight / total)
        made = sum(1 for code in seen if code.startswith(province))
        city = 0
        while made < share:
            city += 1
            for suffix in rng.sample(suffixes, rng.randint(6, 14)):
                code = f"{province}{city:02d}{suffix}"
                if code in seen or made >= share:
                    continue
                seen.add(code)
                kind = "区" if suffix < "20" else ("市" if suffix >= "81" else "县")
                others.append((code, rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + kind))
                made += 1
    rng.shuffle(others)
    return sorted(liuzhou + others[: units - len(liuzhou)])


def _maybe(rng: random.Random, value: Any, share: float = NULL_SHARE) -> Any:
    return None if rng.random() < share else value


def _factor(rng: random.Random) -> float:
    """How far a stage's figure lies from its standard: mostly above, some just below."""
    draw = rng.random()
    if draw < 0.06:
        return rng.uniform(0.55, 0.85)  # well below: fails the school rule
    if draw < 0.20:
        return rng.uniform(0.85, 1.0)  # just below: tolerated once
    if draw < 0.23:
        return 1.0  # exactly at the standard (exact arithmetic must meet it)
    return rng.lognormvariate(math.log(1.3), 0.18)


def make_stage(rng: random.Random, stage: str, students: int) -> Doc:
    """One stage: enrolment, classes and the seven numerators around the standards."""
    limit = CLASS_LIMIT[stage]
    size = rng.uniform(30, limit - 2)
    classes = max(1, math.ceil(students / size))
    average = math.ceil(students / classes)
    largest = min(students, average + rng.randint(0, 8))
    doc: Doc = {"students": students, "classes": classes, "largest_class": _maybe(rng, largest)}
    for field, per, standard in INDICATORS.values():
        amount = students * standard[stage] / per * _factor(rng)
        if per == 100:  # teachers and classrooms: whole numbers (a few part-time halves)
            value: float = max(0, round(amount)) if rng.random() > 0.05 else round(amount * 2) / 2
        elif field == "equipment_value_yuan":
            value = round(amount, rng.choice((0, 0, 2)))
        else:
            value = round(amount, rng.choice((0, 1, 2)))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        doc[field] = _maybe(rng, value)
    return doc


def _students(rng: random.Random, kind: str, stage: str) -> int:
    if kind == "teaching_point":
        return rng.randint(8, 95)
    median = 620 if stage == "primary" else 900
    return max(40, min(3200, round(rng.lognormvariate(math.log(median), 0.6))))


def make_school(
    rng: random.Random, code: str, index: int, kind: str, stages: tuple[str, ...]
) -> Doc:
    """One school with its stages, funds and rooms."""
    area = "rural" if kind == "teaching_point" else rng.choice(("urban", "town", "town", "rural"))
    built = {stage: make_stage(rng, stage, _students(rng, kind, stage)) for stage in stages}
    students = sum(stage["students"] for stage in built.values())
    classes = sum(stage["classes"] for stage in built.values())
    weighted = sum(BASELINE[name] * stage["students"] for name, stage in built.items())
    if students < 100:
        weighted = weighted * 100 / students
    public = round(weighted * rng.uniform(0.95, 1.4), rng.choice((0, 2)))
    training = round(public * rng.uniform(0.04, 0.08), rng.choice((0, 2)))
    rooms = max(1, math.ceil(classes / 12)) + (rng.random() < 0.1) - (rng.random() < 0.08)
    return {
        "id": f"{code}-{index:04d}",
        "name": f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{index}号学校",
        "kind": kind,
        "ownership": "private" if rng.random() < 0.07 else "public",
        "area": area,
        "boarding": rng.random() < 0.2,
        "administered_by": None,
        "public_funds_yuan": _maybe(rng, public, 0.02),
        "training_funds_yuan": _maybe(rng, training, 0.02),
        "music_rooms_m2": [round(rng.uniform(85, 130), 1) for _ in range(rooms)],
        "art_rooms_m2": [round(rng.uniform(80, 125), 1) for _ in range(rooms)],
        "special_students": None,
        "stages": {name: built.get(name) for name in STAGES},
    }


def _special_school(rng: random.Random, code: str, index: int) -> Doc:
    students = rng.randint(20, 180)
    return {
        "id": f"{code}-{index:04d}",
        "name": f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}特殊教育学校",
        "kind": "special_education",
        "ownership": "public",
        "area": "town",
        "boarding": True,
        "administered_by": None,
        "public_funds_yuan": round(students * rng.uniform(5500, 8000), 2),
        "training_funds_yuan": round(students * rng.uniform(300, 500)),
        "music_rooms_m2": None,
        "art_rooms_m2": None,
        "special_students": students,
        "stages": {"primary": None, "junior": None},
    }


def _pct(rng: random.Random, low: float, high: float) -> float | int | None:
    value = round(rng.uniform(low, high), 1)
    return _maybe(rng, int(value) if value.is_integer() else value, 0.03)


def make_county(
    rng: random.Random, code: str, name: str, *, stages: int, schools: int | None = None
) -> Doc:
    """One unit with ``stages`` school stages (or ``schools`` schools), plus a special school."""
    made: list[Doc] = []
    count = 0
    weights = [weight for _, _, weight in KINDS]
    while (count < stages) if schools is None else (len(made) < schools):
        kind, kind_stages, _ = rng.choices(KINDS, weights)[0]
        if schools is None and count + len(kind_stages) > stages:
            kind, kind_stages = "primary", ("primary",)
        made.append(make_school(rng, code, len(made) + 1, kind, kind_stages))
        count += len(kind_stages)
    return _county(rng, code, name, made)


def _county(rng: random.Random, code: str, name: str, schools: list[Doc]) -> Doc:
    if rng.random() < 0.8:
        schools.append(_special_school(rng, code, len(schools) + 1))
    eligible = rng.randint(80, 900)
    rotated = round(eligible * rng.uniform(0.06, 0.2))
    pay = round(rng.uniform(70000, 130000), rng.choice((0, 2)))
    return {
        "schema_version": 1,
        "code": code,
        "name": name,
        "assessment_year": ASSESSMENT_YEAR,
        "basic_balance_year": _maybe(rng, rng.randint(2013, 2024), 0.03),
        "schools": schools,
        "guarantee": {
            "teacher_avg_pay_yuan": pay,
            "civil_servant_avg_pay_yuan": round(pay * rng.uniform(0.9, 1.08), 2),
            "performance_pay_fully_set": _maybe(rng, rng.random() < 0.9, 0.03),
            "training_360h_completion_pct": _pct(rng, 96, 100) if rng.random() < 0.3 else 100,
            "rotation_eligible_teachers": eligible,
            "rotated_teachers": rotated,
            "rotated_key_teachers": round(rotated * rng.uniform(0.12, 0.35)),
            "certified_teachers_pct": 100 if rng.random() < 0.85 else _pct(rng, 97, 100),
            "nearby_enrolment_primary_pct": 100 if rng.random() < 0.8 else _pct(rng, 97, 100),
            "nearby_enrolment_junior_pct": _pct(rng, 92, 100),
            "quota_allocation_pct": _pct(rng, 45, 70),
            "migrant_children_public_pct": _pct(rng, 80, 98),
            "funding_baseline_primary_yuan": BASELINE["primary"],
            "funding_baseline_junior_yuan": BASELINE["junior"],
        },
        "quality": {
            "junior_retention_pct": _pct(rng, 93, 100),
            "disabled_enrolment_pct": _pct(rng, 92, 100),
            "monitoring": [
                {
                    "subject": subject,
                    "level": _maybe(rng, rng.choice((2, 3, 3, 4)), 0.02),
                    "difference_rate": _maybe(rng, round(rng.uniform(0.05, 0.17), 3), 0.02),
                }
                for subject in rng.sample(SUBJECTS, rng.randint(2, 4))
            ],
        },
        "declared": {
            key: _maybe(rng, rng.random() < 0.97, 0.02)
            for key in ("G1", "G2", "G10", "G15", "Q3", "Q5", "Q6", "Q7", "Q8", "monitoring_good")
        },
        "social_recognition_pct": _pct(rng, 80, 97),
        "vetoes": {key: _maybe(rng, rng.random() < 0.01, 0.02) for key in VETOES},
        "procedure": {
            "municipal_review_passed": None,
            "provincial_assessment_passed": None,
            "national_recognition_year": None,
        },
    }


def stage_count(rng: random.Random) -> int:
    """30-150 school stages, most units small (mean about 70)."""
    return round(rng.triangular(30, 150, 35))


def large_county(seed: int = DEFAULT_SEED, *, schools: int = 150, code: str = "450225") -> Doc:
    """One Liuzhou unit with ``schools`` schools (all three layers govern it), for timing."""
    rng = random.Random(f"{seed}-large-{code}")
    return make_county(rng, code, "融水苗族自治县", stages=0, schools=schools)


def dumps(doc: Doc) -> bytes:
    """The document as a tool exports it: UTF-8 text, compact, every field spelled out."""
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def generate(out: Path, *, units: int = DEFAULT_UNITS, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``units`` documents into ``out`` (emptied of older ``*.json`` first)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    written: list[Path] = []
    for code, name in unit_codes(units, rng):
        unit_rng = random.Random(f"{seed}-{code}")
        doc = make_county(unit_rng, code, name, stages=stage_count(unit_rng))
        path = out / f"{code}.json"
        path.write_bytes(dumps(doc))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: write the batch and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help="how many units")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    paths = generate(args.out, units=args.units, seed=args.seed)
    size = sum(path.stat().st_size for path in paths)
    stages = 0
    for path in paths:
        doc = json.loads(path.read_bytes())
        stages += sum(1 for s in doc["schools"] for v in s["stages"].values() if v is not None)
    print(f"{len(paths)} units, {stages} school stages, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
