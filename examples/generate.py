"""Generate the ten SYNTHETIC Liuzhou example county documents.

Every figure these documents hold is made up.  They are not statistics of 柳州市 or of any
school: only the unit codes and names, the township names and the policy thresholds are
real.  The school names are invented from those township names and common name patterns.
The data is shaped to be plausible (urban districts with few large schools; mountain
counties with many small village schools and teaching points) and is tuned so that each
unit gets a chosen verdict under the national criteria (教督〔2017〕6号) with the Guangxi and
Liuzhou layers; ``UNITS`` below says which verdict and why, and ``README.md`` next to this
file has the same table.

The generator uses the standard library only and is deterministic: the same ``--seed``
(default :data:`DEFAULT_SEED`) always gives the same bytes, so::

    python examples/generate.py            # rewrites examples/<code>-<pinyin>.json
    python examples/generate.py --check    # recomputes the rules, writes nothing

``--check`` is a generator aid, not the engine: it recomputes the rules in plain Python
with :class:`fractions.Fraction`, prints for each unit its schools, its school stages and
the rule families that fail or cannot be evaluated, and exits non-zero when a unit's
verdict is not the intended one or a file on disk differs from what the seed produces.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

import edu_rules

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

DEFAULT_SEED = 4502
ASSESSMENT_YEAR = 2025
HERE = Path(__file__).resolve().parent

PRIMARY = "primary"
JUNIOR = "junior"
STAGE_NAMES = (PRIMARY, JUNIOR)

# The seven resource indicators (教督〔2017〕6号 · 资源配置): the stage field holding the
# numerator, whether the value is per 100 students, the standard per stage, and the limit
# of their coefficient of variation, read from the national layer's rules (never copied).
INDICATORS = ("L1", "L2", "L3", "L4", "L5", "L6", "L7")
_NATIONAL = edu_rules.default_registry().ruleset(("national",), dt.date(2025, 12, 31)).rules
FIELD = {ind: _NATIONAL[f"national.{ind}"].params["numerator"] for ind in INDICATORS}
PER_100 = frozenset(ind for ind in INDICATORS if _NATIONAL[f"national.{ind}"].params["per"] == 100)
STANDARD = {
    stage: {ind: Fraction(_NATIONAL[f"national.{ind}"].threshold(stage)) for ind in INDICATORS}
    for stage in (PRIMARY, JUNIOR)
}
CV_LIMIT = {
    stage: Fraction(_NATIONAL["national.cv.L1"].threshold(stage)) for stage in (PRIMARY, JUNIOR)
}
CLASS_LIMIT = {PRIMARY: 45, JUNIOR: 50}
# Per-student public-funds baseline (公用经费基准定额) used for G6, yuan per year.
BASELINE = {PRIMARY: 720, JUNIOR: 940}

Doc = dict[str, Any]
Range = tuple[float, float]
Profile = dict[str, Range]

# How far above its standard a school stage's indicators lie: a factor range per
# indicator (1.0 = exactly the standard).  Urban schools are dense (tight room and sports
# areas, good equipment); village schools have room to spare and older equipment.
URBAN: Profile = {
    "L1": (1.12, 1.42),
    "L2": (1.4, 2.6),
    "L3": (1.12, 1.6),
    "L4": (1.06, 1.4),
    "L5": (1.04, 1.35),
    "L6": (1.25, 1.9),
    "L7": (1.1, 1.45),
}
TOWN: Profile = {
    "L1": (1.08, 1.4),
    "L2": (1.15, 2.0),
    "L3": (1.1, 1.5),
    "L4": (1.1, 1.6),
    "L5": (1.15, 1.8),
    "L6": (1.08, 1.6),
    "L7": (1.06, 1.4),
}
RURAL: Profile = {
    "L1": (1.1, 1.6),
    "L2": (1.1, 1.9),
    "L3": (1.08, 1.6),
    "L4": (1.3, 2.3),
    "L5": (1.4, 2.6),
    "L6": (1.06, 1.5),
    "L7": (1.1, 1.6),
}
MUSIC_ROOMS = (98.5, 100, 102, 105.6, 108, 112.5, 120, 126, 134.4)
ART_ROOMS = (91.8, 94.5, 96, 100.8, 105, 110.4, 118)

# Invented village-name syllables for village schools and teaching points.
VILLAGE_FIRST = "大小高上下新平龙石良白古东西南北长江塘岭"
VILLAGE_SECOND = "坪寨岭洞冲田江塘头坡溪湾垌峒岩山桥口滩"
# Invented name stems for urban schools.
URBAN_STEMS = """
    育才 光明 文昌 晨光 新城 和平 民主 东环 南环 桂中 龙城 滨江
    映山 红光 文笔 新华 阳光 博文 启航 景秀 春晖 翠屏 华林 长青
    凤凰 朝阳 德润 明德 雅苑 云岭 广雅 桂柳 静宁 景华 柳塘 文峰
    秀水 金桥 青云 立新 东风 培英 知行 弘文 致远 嘉禾 崇德 蓝天
    荷塘 紫荆
"""
CN_DIGITS = "零一二三四五六七八九"

VETOES = tuple(field.name for field in attrs.fields(edu_rules.Vetoes))
"""The one-vote veto events of the county contract, in its order."""


def cn_number(n: int) -> str:
    """Write 1-99 as a Chinese numeral (三, 十二, 二十一)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def json_number(value: float) -> int | float:
    """Turn a whole float into an int (so ``100`` stays ``100``); keep anything else."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def up_1dp(value: float) -> int | float:
    """Round up to one decimal (an area in m²)."""
    return json_number(math.ceil(value * 10 - 1e-9) / 10)


def up_100(value: float) -> int:
    """Round up to whole hundreds of yuan."""
    return math.ceil(value / 100 - 1e-9) * 100


# --------------------------------------------------------------------------------------
# Building one unit
# --------------------------------------------------------------------------------------


class Builder:
    """Makes one unit's schools; the unit recipes below call it and then adjust a few."""

    def __init__(self, code: str, prefix: str, rng: random.Random) -> None:
        """Start an empty unit whose school names begin with ``prefix``."""
        self.code = code
        self.prefix = prefix
        self.rng = rng
        self.schools: list[Doc] = []
        self.names: set[str] = set()
        self.stems = URBAN_STEMS.split()
        rng.shuffle(self.stems)
        self.town_count: dict[tuple[str, str], int] = {}
        self.numbered = 0
        self.groups: dict[str, list[str]] = {}

    def mark(self, group: str, schools: list[Doc]) -> list[Doc]:
        """Remember the ids of ``schools`` as ``group``, for the earlier years (history)."""
        self.groups[group] = [school["id"] for school in schools]
        return schools

    # ---- names -----------------------------------------------------------------------

    def unique(self, name: str) -> str:
        """Record ``name``; refuse a duplicate (the recipes draw again)."""
        if name in self.names:
            raise ValueError(name)
        self.names.add(name)
        return name

    def urban_name(self, suffix: str, prefix: str | None = None) -> str:
        """``柳州市城中区育才小学`` — an invented stem plus the kind's suffix."""
        if not self.stems:  # a big district: number the rest (第三实验小学)
            self.numbered += 1
            return self.unique(f"{prefix or self.prefix}第{cn_number(self.numbered)}实验{suffix}")
        return self.unique((prefix or self.prefix) + self.stems.pop() + suffix)

    def town_name(self, town: str, suffix: str, prefix: str | None = None) -> str:
        """``鹿寨县中渡镇中心小学``, then ``…第二小学`` for the town's next one."""
        key = (town, suffix)
        n = self.town_count.get(key, 0) + 1
        self.town_count[key] = n
        if suffix == "小学":
            body = "中心小学" if n == 1 else f"第{cn_number(n)}小学"
        elif n == 1:
            body = suffix
        else:
            body = f"第{cn_number(n)}{suffix}"
        return self.unique((prefix or self.prefix) + town + body)

    def village_name(self, town: str, suffix: str) -> str:
        """``融水苗族自治县安陲乡大坪村教学点`` with an invented village name."""
        for _ in range(1000):
            first, second = self.rng.choice(VILLAGE_FIRST), self.rng.choice(VILLAGE_SECOND)
            if first == second:
                continue
            name = f"{self.prefix}{town}{first}{second}{suffix}"
            if name not in self.names:
                return self.unique(name)
        raise RuntimeError("ran out of village names")

    # ---- figures ---------------------------------------------------------------------

    def factor(self, profile: Profile, indicator: str) -> float:
        """Draw from the profile's factor range for ``indicator``."""
        low, high = profile[indicator]
        return self.rng.uniform(low, high)

    def stage(
        self,
        stage: str,
        students: int,
        profile: Profile,
        *,
        classes: int | None = None,
    ) -> Doc:
        """Draw one stage's figures: the seven numerators, classes and the largest class."""
        rng = self.rng
        limit = CLASS_LIMIT[stage]
        if classes is None:
            size = rng.uniform(37, 43) if stage == PRIMARY else rng.uniform(41, 47)
            classes = max(math.ceil(students / (limit - 1)), round(students / size), 1)
        # Classes stay under the limit; only the recipes put one exactly at it.
        average = math.ceil(students / classes)
        largest = min(limit - 1, students, average + rng.randint(0, 3))
        small = students < 100
        values: dict[str, int | float] = {}
        for indicator in INDICATORS:
            need = float(STANDARD[stage][indicator]) * students
            if indicator in PER_100:
                need /= 100
            amount = need * self.factor(profile, indicator)
            if indicator in PER_100:
                count = max(1, math.ceil(amount))
                if indicator in {"L1", "L7"} and small:
                    count = max(count, classes)
                if indicator == "L7":
                    count = max(count, classes)
                values[indicator] = count
            elif indicator == "L6":
                values[indicator] = up_100(amount)
            else:
                values[indicator] = up_1dp(amount)
        return {
            "students": students,
            "classes": classes,
            "largest_class": largest,
            **{FIELD[ind]: values[ind] for ind in INDICATORS},
        }

    def rooms(self, classes: int, choices: tuple[float, ...]) -> list[int | float]:
        """Draw enough standard rooms for ``classes`` (one per 12), sometimes one more."""
        need = max(1, math.ceil(classes / 12))
        extra = 1 if self.rng.random() < 0.2 else 0
        return [json_number(float(self.rng.choice(choices))) for _ in range(need + extra)]

    def funds(self, stages: dict[str, int]) -> tuple[int, int]:
        """Draw public funds (baseline × students; small schools as 100) and training (5-8.5%)."""
        students = sum(stages.values())
        weighted = sum(BASELINE[s] * n for s, n in stages.items())
        public = up_100(weighted * self.rng.uniform(1.05, 1.35))
        if students < 100:
            floor = 100 * weighted / students
            public = max(public, up_100(floor * self.rng.uniform(1.0, 1.2)))
        training = math.ceil(public * self.rng.uniform(0.052, 0.085))
        return public, training

    def school(  # noqa: PLR0913 - a school has this many facets
        self,
        kind: str,
        area: str,
        name: str,
        *,
        profile: Profile,
        primary: int | None = None,
        junior: int | None = None,
        ownership: str = "public",
        administered_by: str | None = None,
        boarding: bool = False,
        classes: int | None = None,
    ) -> Doc:
        """Add a school teaching ``primary`` and/or ``junior`` students; return it for tweaks."""
        stages: dict[str, Doc | None] = {PRIMARY: None, JUNIOR: None}
        counts: dict[str, int] = {}
        for stage, students in ((PRIMARY, primary), (JUNIOR, junior)):
            if students is not None:
                stages[stage] = self.stage(stage, students, profile, classes=classes)
                counts[stage] = students
        total_classes = sum(s["classes"] for s in stages.values() if s is not None)
        public, training = self.funds(counts)
        school: Doc = {
            "id": f"{self.code}-S{len(self.schools) + 1:03d}",
            "name": name,
            "kind": kind,
            "ownership": ownership,
            "area": area,
            "boarding": boarding,
            "administered_by": administered_by,
            "public_funds_yuan": public,
            "training_funds_yuan": training,
            "music_rooms_m2": self.rooms(total_classes, MUSIC_ROOMS),
            "art_rooms_m2": self.rooms(total_classes, ART_ROOMS),
            "special_students": None,
            "stages": stages,
        }
        self.schools.append(school)
        return school

    def special(
        self,
        name: str,
        area: str,
        students: Range,
        *,
        funds: Range = (1.05, 1.4),
        administered_by: str | None = None,
    ) -> Doc:
        """Add a special-education school: no compulsory stages, funded per special student."""
        special = self.rng.randint(int(students[0]), int(students[1]))
        public = up_100(special * 6000 * self.rng.uniform(*funds))
        school: Doc = {
            "id": f"{self.code}-S{len(self.schools) + 1:03d}",
            "name": name,
            "kind": "special_education",
            "ownership": "public",
            "area": area,
            "boarding": area != "urban",
            "administered_by": administered_by,
            "public_funds_yuan": public,
            "training_funds_yuan": math.ceil(public * self.rng.uniform(0.052, 0.08)),
            "music_rooms_m2": [json_number(float(self.rng.choice(MUSIC_ROOMS)))],
            "art_rooms_m2": [json_number(float(self.rng.choice(ART_ROOMS)))],
            "special_students": special,
            "stages": {PRIMARY: None, JUNIOR: None},
        }
        self.schools.append(school)
        return school

    # ---- groups of ordinary schools --------------------------------------------------

    def urban(  # noqa: PLR0913 - one call per group keeps the recipes short
        self,
        n: int,
        kind: str,
        students: Range,
        *,
        profile: Profile = URBAN,
        prefix: str | None = None,
        ownership: str = "public",
        administered_by: str | None = None,
        area: str = "urban",
    ) -> list[Doc]:
        """``n`` urban schools of ``kind`` (primary, junior or nine_year)."""
        return [
            self._one(
                kind,
                area,
                students,
                profile=profile,
                ownership=ownership,
                administered_by=administered_by,
                prefix=prefix,
            )
            for _ in range(n)
        ]

    def _one(  # noqa: PLR0913 - internal helper with the group's settings
        self,
        kind: str,
        area: str,
        students: Range,
        *,
        profile: Profile,
        ownership: str,
        administered_by: str | None,
        prefix: str | None,
    ) -> Doc:
        rng = self.rng
        low, high = int(students[0]), int(students[1])
        if kind == "primary":
            if ownership == "private":
                name = self.urban_name("实验小学", prefix)
            else:
                name = self.urban_name(rng.choice(("小学", "路小学", "小学")), prefix)
            return self.school(
                kind,
                area,
                name,
                profile=profile,
                primary=rng.randint(low, high),
                ownership=ownership,
                administered_by=administered_by,
            )
        if kind == "junior":
            name = self.urban_name("中学", prefix)
            return self.school(
                kind,
                area,
                name,
                profile=profile,
                junior=rng.randint(low, high),
                ownership=ownership,
                administered_by=administered_by,
            )
        suffix = "外国语学校" if ownership == "private" else "学校"
        name = self.urban_name(suffix, prefix)
        total = rng.randint(low, high)
        primary = round(total * rng.uniform(0.58, 0.66))
        return self.school(
            kind,
            area,
            name,
            profile=profile,
            primary=primary,
            junior=total - primary,
            ownership=ownership,
            administered_by=administered_by,
            boarding=ownership == "private",
        )

    def town(  # noqa: PLR0913 - one call per group keeps the recipes short
        self,
        towns: Iterable[str],
        kind: str,
        students: Range,
        *,
        profile: Profile = TOWN,
        area: str = "town",
        prefix: str | None = None,
        administered_by: str | None = None,
        boarding: float = 0.3,
    ) -> list[Doc]:
        """One school of ``kind`` per listed town (a town listed twice gets two)."""
        rng = self.rng
        made = []
        low, high = int(students[0]), int(students[1])
        for town in towns:
            total = rng.randint(low, high)
            board = kind != "primary" or rng.random() < boarding
            if kind == "primary":
                name = self.town_name(town, "小学", prefix)
                school = self.school(
                    kind,
                    area,
                    name,
                    profile=profile,
                    primary=total,
                    boarding=board,
                    administered_by=administered_by,
                )
            elif kind == "junior":
                name = self.town_name(town, "中学", prefix)
                school = self.school(
                    kind,
                    area,
                    name,
                    profile=profile,
                    junior=total,
                    boarding=True,
                    administered_by=administered_by,
                )
            else:
                name = self.town_name(town, "九年一贯制学校", prefix)
                primary = round(total * rng.uniform(0.55, 0.65))
                school = self.school(
                    kind,
                    area,
                    name,
                    profile=profile,
                    primary=primary,
                    junior=total - primary,
                    boarding=True,
                    administered_by=administered_by,
                )
            made.append(school)
        return made

    def village(
        self,
        towns: list[str],
        n: int,
        students: Range,
        *,
        profile: Profile = RURAL,
        administered_by: str | None = None,
    ) -> list[Doc]:
        """``n`` village primary schools (村完小) spread over ``towns``."""
        made = []
        for i in range(n):
            town = towns[i % len(towns)]
            name = self.village_name(town, "小学")
            made.append(
                self.school(
                    "primary",
                    "rural",
                    name,
                    profile=profile,
                    primary=self.rng.randint(int(students[0]), int(students[1])),
                    boarding=self.rng.random() < 0.15,
                    administered_by=administered_by,
                )
            )
        return made

    def points(self, towns: list[str], n: int, *, profile: Profile = RURAL) -> list[Doc]:
        """``n`` teaching points (教学点): 10-80 pupils in 1-4 mixed-grade classes."""
        made = []
        for i in range(n):
            town = towns[i % len(towns)]
            students = self.rng.randint(10, 80)
            classes = min(4, max(1, math.ceil(students / self.rng.uniform(16, 24))))
            name = self.village_name(town, "村教学点")
            made.append(
                self.school(
                    "teaching_point",
                    "rural",
                    name,
                    profile=profile,
                    primary=students,
                    classes=classes,
                )
            )
        return made


# ---- exact adjustments used by the recipes -------------------------------------------


def need(stage: str, indicator: str, students: int) -> Fraction:
    """Return the numerator that puts a stage of ``students`` exactly at the standard."""
    amount = STANDARD[stage][indicator] * students
    return amount / 100 if indicator in PER_100 else amount


def set_share(school: Doc, stage: str, indicator: str, share: float) -> None:
    """Set one numerator to about ``share`` × the standard, rounded down (a shortfall)."""
    stage_doc = school["stages"][stage]
    amount = float(need(stage, indicator, stage_doc["students"])) * share
    if indicator in PER_100:
        value: int | float = math.floor(amount)
    elif indicator == "L6":
        value = math.floor(amount / 100) * 100
    else:
        value = json_number(math.floor(amount * 10) / 10)
    stage_doc[FIELD[indicator]] = value


def set_exact(school: Doc, stage: str, indicator: str, value: Fraction) -> None:
    """Set one numerator to an exact value with a short decimal form."""
    if value.denominator == 1:
        number: int | float = int(value)
    else:
        if 100 % value.denominator != 0:
            raise ValueError(f"{value} has no short decimal form")
        number = float(value)
    school["stages"][stage][FIELD[indicator]] = number


def refund(builder: Builder, school: Doc) -> None:
    """Recompute public and training funds after the students of ``school`` changed."""
    counts = {s: d["students"] for s, d in school["stages"].items() if d is not None}
    school["public_funds_yuan"], school["training_funds_yuan"] = builder.funds(counts)


def restage(builder: Builder, school: Doc, profile: Profile, **students: int) -> None:
    """Give ``school`` new enrolments (fresh figures) and matching rooms and funds."""
    for stage, count in students.items():
        school["stages"][stage] = builder.stage(stage, count, profile)
    classes = sum(d["classes"] for d in school["stages"].values() if d is not None)
    school["music_rooms_m2"] = builder.rooms(classes, MUSIC_ROOMS)
    school["art_rooms_m2"] = builder.rooms(classes, ART_ROOMS)
    refund(builder, school)


# --------------------------------------------------------------------------------------
# County-level figures
# --------------------------------------------------------------------------------------


def pct(rng: random.Random, low: float, high: float) -> int | float:
    """Draw a percentage with one decimal."""
    return json_number(round(rng.uniform(low, high), 1))


def teachers(schools: list[Doc]) -> int:
    """Estimate how many full-time teachers the unit's schools have."""
    qualified = sum(
        stage["teachers_above_required_qualification"] or 0
        for school in schools
        for stage in school["stages"].values()
        if stage is not None
    )
    return round(qualified * 1.08)


def guarantee(rng: random.Random, schools: list[Doc]) -> Doc:
    """Draw passing government-guarantee figures; recipes overwrite the ones they design."""
    civil = rng.randrange(108000, 124000, 100)
    eligible = round(teachers(schools) * rng.uniform(0.26, 0.34))
    rotated = math.ceil(eligible * rng.uniform(0.11, 0.16))
    return {
        "teacher_avg_pay_yuan": civil + rng.randrange(800, 6000, 100),
        "civil_servant_avg_pay_yuan": civil,
        "performance_pay_fully_set": True,
        "training_360h_completion_pct": 100,
        "rotation_eligible_teachers": eligible,
        "rotated_teachers": rotated,
        "rotated_key_teachers": math.ceil(rotated * rng.uniform(0.22, 0.34)),
        "certified_teachers_pct": 100,
        "nearby_enrolment_primary_pct": 100,
        "nearby_enrolment_junior_pct": pct(rng, 96.2, 99.6),
        "quota_allocation_pct": pct(rng, 51.5, 60.0),
        "migrant_children_public_pct": pct(rng, 87.5, 97.5),
        "funding_baseline_primary_yuan": BASELINE[PRIMARY],
        "funding_baseline_junior_yuan": BASELINE[JUNIOR],
    }


SUBJECTS = ("数学", "语文", "科学", "体育与健康", "艺术", "德育")


def quality(rng: random.Random) -> Doc:
    """Draw passing quality figures and monitoring results (level III-IV, difference < 0.15)."""
    return {
        "junior_retention_pct": pct(rng, 96.0, 99.4),
        "disabled_enrolment_pct": pct(rng, 95.6, 98.8),
        "monitoring": [
            {
                "subject": subject,
                "level": rng.choice((3, 3, 4)),
                "difference_rate": json_number(round(rng.uniform(0.05, 0.14), 2)),
            }
            for subject in SUBJECTS
        ],
    }


def county(  # noqa: PLR0913 - the document's top-level facets
    unit: Unit,
    builder: Builder,
    *,
    basic_balance_year: int,
    social_recognition_pct: float,
    procedure: tuple[bool | None, bool | None, int | None],
    guarantee_changes: Doc | None = None,
    quality_changes: Doc | None = None,
) -> Doc:
    """Assemble the document in the models' declared field order."""
    rng = builder.rng
    guarantee_doc = guarantee(rng, builder.schools) | (guarantee_changes or {})
    quality_doc = quality(rng) | (quality_changes or {})
    review, provincial, national = procedure
    return {
        "schema_version": 1,
        "code": unit.code,
        "name": unit.name,
        "assessment_year": ASSESSMENT_YEAR,
        "schools": builder.schools,
        "basic_balance_year": basic_balance_year,
        "guarantee": guarantee_doc,
        "quality": quality_doc,
        "declared": dict.fromkeys(("G1", "G2", "G10", "G15", "Q3", "Q5", "Q6", "Q7", "Q8"), True)
        | {"monitoring_good": True},
        "social_recognition_pct": json_number(social_recognition_pct),
        "vetoes": dict.fromkeys(VETOES, False),
        "procedure": {
            "municipal_review_passed": review,
            "provincial_assessment_passed": provincial,
            "national_recognition_year": national,
        },
    }


# --------------------------------------------------------------------------------------
# The ten units
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A Liuzhou county-level unit, its file name and the verdict its data is built for."""

    code: str
    pinyin: str
    name: str
    prefix: str
    intended: str
    why: str
    recipe: Callable[[Unit, Builder], Doc]

    @property
    def filename(self) -> str:
        """``450202-chengzhong.json``."""
        return f"{self.code}-{self.pinyin}.json"


def chengzhong(unit: Unit, b: Builder) -> Doc:
    """城中区: the old city centre; few, large urban schools; passes; recognised in 2023."""
    b.urban(1, "nine_year", (1500, 2100))
    b.urban(1, "nine_year", (1400, 1800), ownership="private")
    b.urban(5, "junior", (1100, 1900))
    primaries = b.urban(14, "primary", (1150, 1950))
    b.urban(2, "primary", (700, 1100), ownership="private")
    b.special(f"{b.prefix}特殊教育学校", "urban", (60, 110))
    # Boundaries: 9 PE/music/art teachers for exactly 1000 pupils (L3 = 0.9 per 100);
    # a school of exactly 2000 (G4); sports area exactly 85% of standard as the one
    # allowed miss; training funds exactly 5% (Q4); rooms exactly 96 m² and 90 m² (G3).
    restage(b, primaries[0], URBAN, primary=1000)
    set_exact(primaries[0], PRIMARY, "L3", Fraction(9))
    restage(b, primaries[1], URBAN, primary=2000)
    restage(b, primaries[2], URBAN, primary=1200)
    set_exact(primaries[2], PRIMARY, "L5", need(PRIMARY, "L5", 1200) * Fraction("0.85"))
    primaries[3]["training_funds_yuan"] = primaries[3]["public_funds_yuan"] // 20
    classes = primaries[4]["stages"][PRIMARY]["classes"]
    primaries[4]["music_rooms_m2"] = [96] * max(1, math.ceil(classes / 12))
    primaries[4]["art_rooms_m2"] = [90] * max(1, math.ceil(classes / 12))
    return county(
        unit,
        b,
        basic_balance_year=2015,
        social_recognition_pct=93.6,
        procedure=(True, True, 2023),
    )


def liubei(unit: Unit, b: Builder) -> Doc:
    """柳北区: urban north plus three towns; passes (municipal and provincial steps done)."""
    towns = ["石碑坪镇", "沙塘镇", "长塘镇"]
    through = b.urban(3, "nine_year", (1500, 2300))
    b.urban(7, "junior", (1000, 1850))
    primaries = b.mark("primaries", b.urban(18, "primary", (1000, 1900)))
    b.urban(2, "primary", (600, 1000), ownership="private")
    b.town(towns * 2, "primary", (450, 1200))
    b.town(towns, "junior", (600, 1100))
    b.village(towns, 5, (150, 420))
    b.points(towns, 1)
    b.special(f"{b.prefix}特殊教育学校", "urban", (70, 130))
    # Boundaries: a nine-year school of exactly 2500 (its own G4 limit); a largest primary
    # class of exactly 45 and a largest junior class of exactly 50 (G5).
    restage(b, through[0], URBAN, primary=1500, junior=1000)
    _at_class_limit(b, primaries[0], PRIMARY)
    _at_class_limit(b, through[1], JUNIOR)
    # Rotation exactly 10% of the eligible and key teachers exactly 20% of those (G11);
    # junior retention exactly 95% (Q1).
    eligible = 50 * round(teachers(b.schools) * 0.3 / 50)
    return county(
        unit,
        b,
        basic_balance_year=2015,
        social_recognition_pct=91.2,
        procedure=(True, True, None),
        guarantee_changes={
            "rotation_eligible_teachers": eligible,
            "rotated_teachers": eligible // 10,
            "rotated_key_teachers": eligible // 50,
        },
        quality_changes={"junior_retention_pct": 95},
    )


def _at_class_limit(b: Builder, school: Doc, stage: str) -> None:
    """Make the stage's largest class exactly the G5 limit (its average stays below)."""
    stage_doc = school["stages"][stage]
    limit = CLASS_LIMIT[stage]
    classes = max(stage_doc["classes"], math.ceil(stage_doc["students"] / (limit - 3)))
    if classes != stage_doc["classes"]:
        stage_doc["classes"] = classes
        stage_doc["multimedia_classrooms"] = max(stage_doc["multimedia_classrooms"], classes)
        total = sum(d["classes"] for d in school["stages"].values() if d is not None)
        school["music_rooms_m2"] = b.rooms(total, MUSIC_ROOMS)
        school["art_rooms_m2"] = b.rooms(total, ART_ROOMS)
    stage_doc["largest_class"] = limit


def liunan(unit: Unit, b: Builder) -> Doc:
    """柳南区: urban south-west plus three towns; passes with several exact boundaries."""
    towns = ["太阳村镇", "洛满镇", "流山镇"]
    b.urban(2, "nine_year", (1400, 2200))
    b.urban(7, "junior", (1000, 1800))
    b.urban(20, "primary", (950, 1900))
    b.urban(2, "primary", (600, 1100), ownership="private")
    b.town(towns * 2, "primary", (400, 1100))
    b.town(towns, "junior", (600, 1200))
    b.mark("villages", b.village(towns, 6, (120, 380)))
    points = b.points(towns, 2)
    b.special(f"{b.prefix}特殊教育学校", "urban", (80, 140))
    special = b.special(f"{b.prefix}启智学校", "town", (40, 70))
    # Boundaries: a teaching point under 100 pupils funded at exactly 100 × 720 yuan (G6);
    # a special school at exactly 6000 yuan per student (G7).
    points[0]["public_funds_yuan"] = 100 * BASELINE[PRIMARY]
    points[0]["training_funds_yuan"] = math.ceil(100 * BASELINE[PRIMARY] * 0.06)
    special["public_funds_yuan"] = special["special_students"] * 6000
    special["training_funds_yuan"] = math.ceil(special["public_funds_yuan"] * 0.055)
    # Quota allocation exactly 50% (G14), junior nearby enrolment exactly 95% (G13) and
    # social recognition exactly 85% (not below it, so no veto).
    return county(
        unit,
        b,
        basic_balance_year=2016,
        social_recognition_pct=85,
        procedure=(True, None, None),
        guarantee_changes={"quota_allocation_pct": 50, "nearby_enrolment_junior_pct": 95},
    )


def yufeng(unit: Unit, b: Builder) -> Doc:
    """鱼峰区 with 柳东新区 and 阳和工业新区: fails on a few school stages and the junior L6 CV."""
    towns = ["里雍镇", "白沙镇"]
    liudong, yanghe = "柳东新区", "阳和工业新区"
    ld, yh = "柳州市柳东新区", "柳州市阳和工业新区"
    old_equipment = dict(URBAN, L6=(1.04, 1.2))
    new_equipment = dict(URBAN, L6=(3.6, 4.6))
    # 鱼峰区 proper: older urban schools, equipment close to the standard.
    b.urban(2, "nine_year", (1400, 2000), profile=old_equipment)
    old_juniors = b.mark("old_juniors", b.urban(6, "junior", (1100, 1800), profile=old_equipment))
    b.urban(19, "primary", (1000, 1900))
    b.urban(2, "primary", (600, 1000), ownership="private")
    b.town(towns, "primary", (500, 1100))
    b.town(towns, "junior", (600, 1000), profile=dict(TOWN, L6=(1.04, 1.2)))
    b.village(towns, 3, (150, 380))
    # 柳东新区: new city schools with lavish equipment, and the 雒容/洛埠 town schools.
    new = b.urban(
        1, "nine_year", (1800, 2300), prefix=ld, administered_by=liudong, profile=new_equipment
    )
    new += b.urban(
        2, "junior", (1200, 1800), prefix=ld, administered_by=liudong, profile=new_equipment
    )
    b.urban(4, "primary", (1200, 1900), prefix=ld, administered_by=liudong)
    zone_towns = b.town(
        ["雒容镇", "洛埠镇", "雒容镇"], "primary", (600, 1300), prefix=ld, administered_by=liudong
    )
    b.town(
        ["雒容镇", "洛埠镇"],
        "junior",
        (700, 1200),
        prefix=ld,
        administered_by=liudong,
        profile=dict(TOWN, L6=(1.04, 1.2)),
    )
    b.village(["雒容镇", "洛埠镇"], 3, (150, 400), administered_by=liudong)
    # 阳和工业新区 (阳和街道).
    b.urban(2, "primary", (900, 1500), prefix=yh + "阳和街道", administered_by=yanghe)
    new += b.urban(
        1, "junior", (1100, 1500), prefix=yh, administered_by=yanghe, profile=new_equipment
    )
    b.mark("new_equipment", new)
    b.mark("zone_towns", zone_towns)
    b.special(f"{b.prefix}特殊教育学校", "urban", (90, 150))
    # Two 柳东新区 town schools miss two indicators each (room and sports areas, both above
    # 85%), which the school rule does not allow; an old urban junior school's sports
    # ground is at 75% of standard.
    for school, shares in ((zone_towns[0], (0.9, 0.89)), (zone_towns[1], (0.93, 0.88))):
        set_share(school, PRIMARY, "L4", shares[0])
        set_share(school, PRIMARY, "L5", shares[1])
    set_share(old_juniors[0], JUNIOR, "L5", 0.75)
    return county(
        unit,
        b,
        basic_balance_year=2016,
        social_recognition_pct=90.4,
        procedure=(None, None, None),
    )


def luzhai(unit: Unit, b: Builder) -> Doc:
    """鹿寨县: fails G3 (village music/art rooms) and G5 (oversized classes in town schools)."""
    towns = ["中渡镇", "寨沙镇", "平山镇", "黄冕镇", "四排镇"]
    xiang = ["江口乡", "导江乡", "拉沟乡"]
    seat = "鹿寨镇"
    b.urban(1, "nine_year", (1600, 2200), prefix=b.prefix + seat)
    b.urban(1, "nine_year", (900, 1500), prefix=b.prefix + seat, ownership="private")
    b.urban(3, "junior", (1200, 1900), prefix=b.prefix + seat)
    seat_primaries = b.urban(8, "primary", (1100, 1900), prefix=b.prefix + seat)
    town_primaries = b.town(towns + towns[:3], "primary", (500, 1300))
    town_juniors = b.town(towns + xiang, "junior", (450, 1100))
    villages = b.mark("villages", b.village(towns + xiang, 43, (100, 420)))
    b.points(xiang + towns, 12)
    b.special(f"{b.prefix}特殊教育学校", "town", (60, 120))
    # G3: eleven village schools have a music room that is too small and no art room,
    # or neither room at all.
    for i, school in enumerate(villages[:22:2]):
        school["music_rooms_m2"] = [] if i % 3 == 0 else [b.rng.choice((54, 62.5, 70, 78))]
        school["art_rooms_m2"] = []
    # G5: oversized classes in the county seat and two town schools (大班额).
    for school, largest in zip(
        (seat_primaries[0], seat_primaries[1], town_primaries[0], town_primaries[2]),
        (52, 49, 56, 48),
        strict=True,
    ):
        school["stages"][PRIMARY]["largest_class"] = largest
    for school, largest in zip(town_juniors[:2], (56, 53), strict=True):
        school["stages"][JUNIOR]["largest_class"] = largest
    b.mark(
        "oversized", [seat_primaries[0], seat_primaries[1], town_primaries[0], town_primaries[2]]
    )
    b.mark("oversized_junior", town_juniors[:2])
    return county(
        unit,
        b,
        basic_balance_year=2017,
        social_recognition_pct=89.3,
        procedure=(None, None, None),
    )


def liujiang(unit: Unit, b: Builder) -> Doc:
    """柳江区: everything it reports is met, but three figures are unknown → incomplete."""
    towns = ["里高镇", "进德镇", "穿山镇", "土博镇", "百朋镇", "成团镇", "三都镇"]
    seat = b.prefix + "拉堡镇"
    b.urban(1, "nine_year", (1600, 2200), prefix=seat)
    b.urban(2, "nine_year", (900, 1500), prefix=seat, ownership="private")
    b.urban(4, "junior", (1200, 1900), prefix=seat)
    b.urban(10, "primary", (1000, 1900), prefix=seat)
    town_primaries = b.town(towns + towns[:3], "primary", (450, 1200))
    b.town([*towns, "拉堡镇"], "junior", (500, 1300))
    b.mark("villages", b.village(towns, 46, (100, 450)))
    points = b.points(towns, 12)
    b.special(f"{b.prefix}特殊教育学校", "urban", (70, 130))
    # Unknowns: one school's key-teacher count, one teaching point's largest class, and the
    # national quality-monitoring results.
    town_primaries[1]["stages"][PRIMARY]["key_teachers"] = None
    points[0]["stages"][PRIMARY]["largest_class"] = None
    return county(
        unit,
        b,
        basic_balance_year=2017,
        social_recognition_pct=88.7,
        procedure=(True, None, None),
        quality_changes={"monitoring": None},
    )


def rongan(unit: Unit, b: Builder) -> Doc:
    """融安县: fails G11 (too little teacher rotation) and Q4 (training funds under 5%)."""
    towns = ["浮石镇", "泗顶镇", "板榄镇", "大将镇", "大良镇"]
    xiang = ["雅瑶乡", "大坡乡", "东起乡", "沙子乡", "桥板乡", "潭头乡"]
    seat = b.prefix + "长安镇"
    b.urban(1, "nine_year", (1400, 2000), prefix=seat)
    b.urban(3, "junior", (1100, 1800), prefix=seat)
    b.urban(6, "primary", (1000, 1800), prefix=seat)
    town_primaries = b.town(towns + towns[:2], "primary", (400, 1100))
    b.town(towns + xiang[:1], "junior", (400, 1000))
    villages = b.village(towns + xiang, 32, (100, 400))
    b.points(xiang + towns, 14)
    b.special(f"{b.prefix}特殊教育学校", "town", (50, 100))
    # Q4: nine schools spend 2-4% of their public funds on teacher training.
    for school in town_primaries[:3] + villages[:12:2]:
        school["training_funds_yuan"] = math.floor(
            school["public_funds_yuan"] * b.rng.uniform(0.02, 0.04)
        )
    # G11: 6.5% of eligible teachers rotated (key teachers' share itself is fine).
    eligible = round(teachers(b.schools) * 0.31)
    rotated = round(eligible * 0.065)
    return county(
        unit,
        b,
        basic_balance_year=2019,
        social_recognition_pct=87.9,
        procedure=(None, None, None),
        guarantee_changes={
            "rotation_eligible_teachers": eligible,
            "rotated_teachers": rotated,
            "rotated_key_teachers": math.ceil(rotated * 0.3),
        },
    )


def liucheng(unit: Unit, b: Builder) -> Doc:
    """柳城县: fails L5 in many village schools and the primary CV of L4."""
    towns = [
        "龙头镇",
        "太平镇",
        "沙埔镇",
        "东泉镇",
        "凤山镇",
        "六塘镇",
        "冲脉镇",
        "寨隆镇",
        "马山镇",
    ]
    xiang = ["古砦仫佬族乡", "社冲乡"]
    seat = b.prefix + "大埔镇"
    compact = dict(URBAN, L4=(1.03, 1.15))
    b.urban(1, "nine_year", (1300, 1900), prefix=seat, profile=compact)
    b.urban(3, "junior", (1100, 1800), prefix=seat)
    b.urban(8, "primary", (1300, 1950), prefix=seat, profile=compact)
    b.town(towns + towns[:1], "primary", (800, 1500), profile=dict(TOWN, L4=(1.03, 1.15)))
    b.town(towns, "junior", (500, 1200))
    # Village schools built for larger cohorts: three to four times the room area they
    # need, but many never got a proper sports ground.
    roomy = dict(RURAL, L4=(2.8, 4.4))
    villages = b.mark("villages", b.village(towns + xiang, 52, (150, 480), profile=roomy))
    b.mark("roomy", villages + b.points(xiang + towns, 16, profile=roomy))
    b.special(f"{b.prefix}特殊教育学校", "town", (50, 100))
    for school in villages[::3]:
        set_share(school, PRIMARY, "L5", b.rng.uniform(0.55, 0.8))
    return county(
        unit,
        b,
        basic_balance_year=2018,
        social_recognition_pct=88.1,
        procedure=(None, None, None),
    )


def rongshui(unit: Unit, b: Builder) -> Doc:
    """融水: social recognition 83.5% (a veto) → ineligible; also short on village teachers."""
    towns = ["和睦镇", "三防镇", "怀宝镇", "洞头镇", "大浪镇", "永乐镇"]
    xiang = [
        "四荣乡",
        "香粉乡",
        "安太乡",
        "汪洞乡",
        "同练瑶族乡",
        "滚贝侗族乡",
        "杆洞乡",
        "安陲乡",
        "白云乡",
        "红水乡",
        "拱洞乡",
        "大年乡",
        "良寨乡",
    ]
    seat = b.prefix + "融水镇"
    b.urban(1, "nine_year", (1500, 2200), prefix=seat)
    b.urban(1, "nine_year", (800, 1400), prefix=seat, ownership="private")
    b.urban(3, "junior", (1200, 1900), prefix=seat)
    b.urban(8, "primary", (1100, 1900), prefix=seat)
    b.town(towns + towns[:4], "primary", (450, 1200))
    b.town(towns + xiang[:1], "junior", (600, 1400))
    b.town(xiang[1:7], "nine_year", (500, 1100), area="rural")
    villages = b.mark("villages", b.village(xiang + towns, 58, (100, 380)))
    b.points(xiang + towns, 50)
    b.special(f"{b.prefix}特殊教育学校", "town", (60, 120))
    # Ten village schools lack qualified teachers and PE/music/art teachers (both well
    # under 85% of standard).
    for school in villages[:20:2]:
        set_share(school, PRIMARY, "L1", b.rng.uniform(0.72, 0.8))
        set_share(school, PRIMARY, "L3", b.rng.uniform(0.7, 0.8))
    return county(
        unit,
        b,
        basic_balance_year=2020,
        social_recognition_pct=83.5,
        procedure=(None, None, None),
    )


def sanjiang(unit: Unit, b: Builder) -> Doc:
    """三江: basic balance only in 2023 → ineligible in 2025; special school underfunded (G7)."""
    towns = ["斗江镇", "丹洲镇", "独峒镇", "林溪镇", "八江镇"]
    xiang = [
        "和平乡",
        "老堡乡",
        "良口乡",
        "洋溪乡",
        "富禄苗族乡",
        "梅林乡",
        "程村乡",
        "高基瑶族乡",
        "同乐苗族乡",
    ]
    seat = b.prefix + "古宜镇"
    b.urban(1, "nine_year", (1400, 2100), prefix=seat)
    b.urban(3, "junior", (1100, 1800), prefix=seat)
    b.urban(6, "primary", (1000, 1800), prefix=seat)
    b.town(towns + towns[:2], "primary", (400, 1100))
    b.town(towns, "junior", (500, 1200))
    b.town(xiang[:5], "nine_year", (450, 1000), area="rural")
    b.village(xiang + towns, 57, (100, 360))
    b.points(xiang + towns, 45)
    special = b.mark("special", [b.special(f"{b.prefix}特殊教育学校", "town", (70, 110))])[0]
    # G7: about 4,600 yuan per special student instead of 6,000.
    special["public_funds_yuan"] = up_100(special["special_students"] * 4600)
    special["training_funds_yuan"] = math.ceil(special["public_funds_yuan"] * 0.06)
    return county(
        unit,
        b,
        basic_balance_year=2023,
        social_recognition_pct=90.8,
        procedure=(None, None, None),
    )


UNITS: tuple[Unit, ...] = (
    Unit(
        "450202",
        "chengzhong",
        "城中区",
        "柳州市城中区",
        "pass",
        "meets every rule; recognised nationally in 2023",
        chengzhong,
    ),
    Unit(
        "450203",
        "yufeng",
        "鱼峰区",
        "柳州市鱼峰区",
        "fail",
        "three school stages fail the school rule; junior L6 CV above 0.45",
        yufeng,
    ),
    Unit(
        "450204",
        "liunan",
        "柳南区",
        "柳州市柳南区",
        "pass",
        "meets every rule, several exactly at the threshold",
        liunan,
    ),
    Unit(
        "450205",
        "liubei",
        "柳北区",
        "柳州市柳北区",
        "pass",
        "meets every rule, several exactly at the threshold",
        liubei,
    ),
    Unit(
        "450206",
        "liujiang",
        "柳江区",
        "柳州市柳江区",
        "incomplete",
        "every known figure meets its rule; three figures unknown",
        liujiang,
    ),
    Unit(
        "450222",
        "liucheng",
        "柳城县",
        "柳城县",
        "fail",
        "village sports grounds (L5) below 85%; primary L4 CV above 0.50",
        liucheng,
    ),
    Unit(
        "450223",
        "luzhai",
        "鹿寨县",
        "鹿寨县",
        "fail",
        "village music/art rooms missing or small (G3); oversized classes (G5)",
        luzhai,
    ),
    Unit(
        "450224",
        "rongan",
        "融安县",
        "融安县",
        "fail",
        "teacher rotation under 7% (G11); training funds under 5% in nine schools (Q4)",
        rongan,
    ),
    Unit(
        "450225",
        "rongshui",
        "融水苗族自治县",
        "融水苗族自治县",
        "ineligible",
        "social recognition 83.5% (veto); village teacher shortfalls",
        rongshui,
    ),
    Unit(
        "450226",
        "sanjiang",
        "三江侗族自治县",
        "三江侗族自治县",
        "ineligible",
        "basic balance only in 2023; special school under 6,000 yuan/student (G7)",
        sanjiang,
    ),
)


def build(unit: Unit, seed: int) -> tuple[Doc, Builder]:
    """Build the document for ``unit`` and keep its builder (the school groups, for history)."""
    rng = random.Random(f"{seed}:{unit.code}")
    builder = Builder(unit.code, unit.prefix, rng)
    return unit.recipe(unit, builder), builder


def generate(unit: Unit, seed: int) -> Doc:
    """Build the document for ``unit``; each unit has its own random stream, seeded by code."""
    return build(unit, seed)[0]


# --------------------------------------------------------------------------------------
# Earlier years (examples/history/): the same schools, each unit on its own trajectory
# --------------------------------------------------------------------------------------

HISTORY_YEARS = (2022, 2023, 2024)
"""The earlier assessment years written to ``history/``; 2025 is the main examples'."""


class Past:
    """One earlier year of one unit: the 2025 document copied, then moved back ``k`` years."""

    def __init__(self, document: Doc, builder: Builder, year: int, rng: random.Random) -> None:
        """Copy ``document`` (the 2025 one) for ``year``."""
        self.doc: Doc = json.loads(json.dumps(document))
        self.k = ASSESSMENT_YEAR - year
        self.rng = rng
        self.groups = builder.groups
        self.by_id = {school["id"]: school for school in self.doc["schools"]}
        self.doc["assessment_year"] = year
        for path in (("basic_balance_year",), ("procedure", "national_recognition_year")):
            *parents, leaf = path
            holder = self.doc
            for key in parents:
                holder = holder[key]
            if holder[leaf] is not None and holder[leaf] > year:
                holder[leaf] = None  # not yet happened that year
        social = self.doc["social_recognition_pct"]
        if social >= 87:  # a little lower in earlier years, never near the 85 veto
            drift = sum(rng.uniform(0.2, 0.7) for _ in range(self.k))
            self.doc["social_recognition_pct"] = json_number(round(max(86.0, social - drift), 1))

    def group(self, name: str) -> list[Doc]:
        """The schools the recipe marked as ``name``, in this year's copy."""
        return [self.by_id[school_id] for school_id in self.groups[name]]

    def scale(self, school: Doc, stage: str, indicator: str, factor: float) -> None:
        """Multiply one numerator by ``factor`` (rounded as the generator rounds it)."""
        stage_doc = school["stages"][stage]
        amount = float(q(stage_doc[FIELD[indicator]]) or 0) * factor
        if indicator in PER_100:
            value: int | float = max(0, round(amount))
        elif indicator == "L6":
            value = up_100(amount)
        else:
            value = up_1dp(amount)
        stage_doc[FIELD[indicator]] = value


def past_liubei(past: Past) -> None:
    """柳北区: in 2022 one primary's sports ground was at 80% of standard; fixed in 2023."""
    if past.k == 3:
        set_share(past.group("primaries")[5], PRIMARY, "L5", 0.8)


def past_liunan(past: Past) -> None:
    """柳南区: village schools short of PE/arts teachers in 2022 (3) and 2023 (1)."""
    for school in past.group("villages")[: {3: 3, 2: 1}.get(past.k, 0)]:
        set_share(school, PRIMARY, "L3", 0.7)


def past_yufeng(past: Past) -> None:
    """鱼峰区 slides back: the new zone schools' equipment pulls the junior L6 CV over the limit.

    In 2022 nothing failed; from 2023 the 柳东新区 and 阳和工业新区 schools are equipped far
    above the rest, an old junior school loses part of its sports ground, and in 2024 two
    zone town schools fall below standard on rooms and sports area.
    """
    for school in past.group("new_equipment"):
        for stage in STAGE_NAMES:
            if school["stages"][stage] is not None:
                past.scale(school, stage, "L6", {1: 0.78, 2: 0.6, 3: 0.4}[past.k])
    if past.k >= 2:
        for school in past.group("zone_towns")[:2]:
            set_share(school, PRIMARY, "L4", 1.04)
            set_share(school, PRIMARY, "L5", 1.05)
    if past.k == 3:
        set_share(past.group("old_juniors")[0], JUNIOR, "L5", 1.05)


def past_luzhai(past: Past) -> None:
    """鹿寨县 improves fast: fewer village schools without music and art rooms each year."""
    villages = past.group("villages")
    for school in villages[1 : 1 + 2 * {1: 5, 2: 11, 3: 16}[past.k] : 2]:
        school["music_rooms_m2"] = []
        school["art_rooms_m2"] = []
    for school in past.group("oversized"):
        school["stages"][PRIMARY]["largest_class"] += 2 * past.k
    for school in past.group("oversized_junior"):
        school["stages"][JUNIOR]["largest_class"] += 2 * past.k


def past_liujiang(past: Past) -> None:
    """柳江区: village schools short of multimedia classrooms, all equipped by 2025."""
    for school in past.group("villages")[1 : 1 + {1: 2, 2: 4, 3: 6}[past.k]]:
        set_share(school, PRIMARY, "L7", 0.7)


def past_liucheng(past: Past) -> None:
    """柳城县 improves steadily: sports grounds laid, unused village rooms retired."""
    villages = past.group("villages")
    for school in villages[::3]:
        past.scale(school, PRIMARY, "L5", 1 - 0.07 * past.k)
    for school in villages[1::3][: 6 * past.k]:
        set_share(school, PRIMARY, "L5", past.rng.uniform(0.55, 0.8))
    for school in past.group("roomy"):
        past.scale(school, PRIMARY, "L4", 1 + 0.2 * past.k)


def past_rongshui(past: Past) -> None:
    """融水: social recognition rising slowly (0.4 a year); village teachers hired steadily."""
    past.doc["social_recognition_pct"] = json_number(round(83.5 - 0.4 * past.k, 1))
    for school in past.group("villages")[1::2][: 4 * past.k]:
        set_share(school, PRIMARY, "L1", past.rng.uniform(0.72, 0.8))
        set_share(school, PRIMARY, "L3", past.rng.uniform(0.7, 0.8))


def past_sanjiang(past: Past) -> None:
    """三江: the special school's funding rises 600 yuan per student a year towards 6000."""
    special = past.group("special")[0]
    special["public_funds_yuan"] = up_100(special["special_students"] * (4600 - 600 * past.k))
    special["training_funds_yuan"] = math.ceil(special["public_funds_yuan"] * 0.06)


PAST: dict[str, Callable[[Past], None]] = {
    "450205": past_liubei,
    "450204": past_liunan,
    "450203": past_yufeng,
    "450223": past_luzhai,
    "450206": past_liujiang,
    "450222": past_liucheng,
    "450225": past_rongshui,
    "450226": past_sanjiang,
}
"""Each unit's earlier years; 城中区 (passes throughout) and 融安县 (stalled) keep 2025's."""


def history(unit: Unit, seed: int) -> dict[int, Doc]:
    """The unit's documents for :data:`HISTORY_YEARS`, from its own random stream."""
    document, builder = build(unit, seed)
    documents = {}
    for year in HISTORY_YEARS:
        past = Past(document, builder, year, random.Random(f"{seed}:{unit.code}:{year}"))
        step = PAST.get(unit.code)
        if step is not None:
            step(past)
        documents[year] = past.doc
    return documents


def history_filename(unit: Unit, year: int) -> str:
    """``history/450202-chengzhong-2022.json``."""
    return f"history/{unit.code}-{unit.pinyin}-{year}.json"


def render(document: Doc) -> str:
    """Return the file's exact text."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------
# --check: the rules recomputed exactly (a generator aid, not the engine)
# --------------------------------------------------------------------------------------


def q(value: float | None) -> Fraction | None:
    """Read a JSON number exactly, read from its decimal text."""
    if value is None:
        return None
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


class Findings:
    """Rule families that fail or cannot be evaluated, each with short details."""

    def __init__(self) -> None:
        """Nothing found yet."""
        self.fails: dict[str, list[str]] = {}
        self.unknown: dict[str, list[str]] = {}
        self.edges: list[str] = []
        self.cv: dict[str, tuple[float, str]] = {}

    def edge(self, exactly: bool, detail: str) -> None:  # noqa: FBT001 - reads as a sentence
        """Note a value exactly at its threshold (it meets the rule)."""
        if exactly:
            self.edges.append(detail)

    def fail(self, family: str, detail: str = "") -> None:
        """Record a failure of ``family``."""
        self.fails.setdefault(family, [])
        if detail:
            self.fails[family].append(detail)

    def unknown_(self, family: str, detail: str = "") -> None:
        """Record that ``family`` needs a value that is unknown."""
        self.unknown.setdefault(family, [])
        if detail:
            self.unknown[family].append(detail)

    def test(self, family: str, ok: bool | None, detail: str = "") -> None:  # noqa: FBT001
        """``ok`` is ``True`` (met), ``False`` (failed) or ``None`` (unknown)."""
        if ok is None:
            self.unknown_(family, detail)
        elif not ok:
            self.fail(family, detail)


def at_least(value: Fraction | None, limit: Fraction | int) -> bool | None:
    """``value ≥ limit``, unknown when ``value`` is."""
    return None if value is None else value >= limit


def ratio(stage_doc: Doc, indicator: str) -> Fraction | None:
    """Return the school stage's indicator value (per student, or per 100 students)."""
    numerator = q(stage_doc[FIELD[indicator]])
    if numerator is None:
        return None
    value = numerator / Fraction(stage_doc["students"])
    return value * 100 if indicator in PER_100 else value


def ordinary(document: Doc) -> list[Doc]:
    """List the schools in scope of the resource and size rules (special schools excluded)."""
    return [s for s in document["schools"] if s["kind"] != "special_education"]


def stage_rows(document: Doc) -> list[tuple[Doc, str, Doc]]:
    """List (school, stage name, stage) for every stage of every ordinary school."""
    return [
        (school, stage, school["stages"][stage])
        for school in ordinary(document)
        for stage in STAGE_NAMES
        if school["stages"].get(stage) is not None
    ]


def check_resources(document: Doc, found: Findings) -> None:
    """L1-L7 per school stage (the school rule) and the student-weighted CV per indicator."""
    for school, stage, stage_doc in stage_rows(document):
        misses, worst, unknown = [], None, []
        for indicator in INDICATORS:
            value = ratio(stage_doc, indicator)
            if value is None:
                unknown.append(indicator)
                continue
            share = value / STANDARD[stage][indicator]
            found.edge(share == 1, f"{school['id']} {stage} {indicator} = standard")
            found.edge(share == Fraction(85, 100), f"{school['id']} {stage} {indicator} = 85%")
            if share < 1:
                misses.append(f"{indicator} {float(share):.2f}")
                worst = share if worst is None else min(worst, share)
        label = f"{school['id']} {stage} [{', '.join(misses + [u + ' ?' for u in unknown])}]"
        too_low = worst is not None and worst < Fraction(85, 100)
        if len(misses) > 1 or too_low:
            found.fail("L-school", label)
        elif unknown:
            found.unknown_("L-school", label)
    for stage in STAGE_NAMES:
        rows = [(s, d) for s, name, d in stage_rows(document) if name == stage]
        for indicator in INDICATORS:
            check_cv(stage, indicator, rows, found)


def check_cv(stage: str, indicator: str, rows: list[tuple[Doc, Doc]], found: Findings) -> None:
    """CV = sqrt(Σ (P_i/P)(x_i - X̄)²) / X̄ ≤ limit, compared squared so it stays exact."""
    family, label = "L-cv", f"{stage} {indicator}"
    numerators = [q(d[FIELD[indicator]]) for _, d in rows]
    if len(rows) < 2:
        found.unknown_(family, f"{label}: fewer than 2 schools")
        return
    if any(n is None for n in numerators):
        found.unknown_(family, f"{label}: a numerator is unknown")
        return
    scale = 100 if indicator in PER_100 else 1
    total = sum(d["students"] for _, d in rows)
    mean = sum(n for n in numerators if n is not None) * scale / total
    if mean == 0:
        found.unknown_(family, f"{label}: mean is 0")
        return
    variance = Fraction(0)
    for (_, d), n in zip(rows, numerators, strict=True):
        assert n is not None  # noqa: S101 - checked above
        x = n * scale / d["students"]
        variance += Fraction(d["students"], total) * (x - mean) ** 2
    cv_squared = variance / mean**2
    found.edge(cv_squared == CV_LIMIT[stage] ** 2, f"CV {label} = limit")
    cv = math.sqrt(cv_squared)
    if cv > found.cv.get(stage, (0.0, ""))[0]:
        found.cv[stage] = (cv, indicator)
    if cv_squared > CV_LIMIT[stage] ** 2:
        found.fail(family, f"{label} = {math.sqrt(cv_squared):.3f} > {float(CV_LIMIT[stage])}")


def check_schools(document: Doc, found: Findings) -> None:
    """G3-G7 and Q4, school by school."""
    baseline = {
        PRIMARY: q(document["guarantee"]["funding_baseline_primary_yuan"]),
        JUNIOR: q(document["guarantee"]["funding_baseline_junior_yuan"]),
    }
    for school in document["schools"]:
        sid = school["id"]
        public = q(school["public_funds_yuan"])
        training = q(school["training_funds_yuan"])
        found.test(
            "Q4", None if public is None or training is None else 20 * training >= public, sid
        )
        found.edge(public is not None and 20 * training == public, f"{sid} Q4 training = 5%")  # type: ignore[operator]
        if school["kind"] == "special_education":
            special = school["special_students"]
            ok = None if public is None or not special else public >= 6000 * special
            found.test("G7", ok, f"{sid} {float(public or 0) / (special or 1):.0f}/student")
            found.edge(public == 6000 * special, f"{sid} G7 6000/student")
            continue
        stages = {n: d for n, d in school["stages"].items() if d is not None}
        students = sum(d["students"] for d in stages.values())
        classes = sum(d["classes"] for d in stages.values())
        rooms_needed = max(1, math.ceil(Fraction(classes, 12)))
        rooms_ok: list[bool | None] = []
        for kind, minimum in (("music_rooms_m2", 96), ("art_rooms_m2", 90)):
            areas = [q(a) for a in school[kind]] if school[kind] is not None else None
            good = (
                None if areas is None else sum(1 for a in areas if a is not None and a >= minimum)
            )
            rooms_ok.append(None if good is None else good >= rooms_needed)
            found.edge(bool(areas) and min(areas) == minimum, f"{sid} G3 {kind} {minimum} m²")  # type: ignore[arg-type, type-var]
        ok = False if False in rooms_ok else (None if None in rooms_ok else True)
        found.test("G3", ok, f"{sid} music {school['music_rooms_m2']} art {school['art_rooms_m2']}")
        size_limit = 2500 if school["kind"] in {"nine_year", "twelve_year"} else 2000
        found.test("G4", students <= size_limit, f"{sid} {students}")
        found.edge(students == size_limit, f"{sid} G4 {students} students")
        for name, d in stages.items():
            largest = d["largest_class"]
            found.test(
                "G5",
                None if largest is None else largest <= CLASS_LIMIT[name],
                f"{sid} {name} largest class {largest}",
            )
            found.edge(largest == CLASS_LIMIT[name], f"{sid} G5 {name} class of {largest}")
        small = school["area"] == "rural" or school["kind"] == "teaching_point"
        if small and students < 100:
            if public is None or any(baseline[n] is None for n in stages):
                found.unknown_("G6", sid)
            else:
                weighted = sum(baseline[n] * d["students"] for n, d in stages.items())
                floor = 100 * weighted / students
                found.test("G6", public >= floor, f"{sid} {public} < {floor}")
                found.edge(public == floor, f"{sid} G6 funded as 100 pupils")


def check_county(document: Doc, found: Findings) -> None:
    """Eligibility, vetoes, the county-level G and Q items, and procedure."""
    year = document["basic_balance_year"]
    found.test(
        "eligibility",
        None if year is None else year <= document["assessment_year"] - 3,
        f"basic balance {year}",
    )
    declared = document["declared"]
    found.test("eligibility", declared["monitoring_good"], "monitoring_good")
    for veto, happened in document["vetoes"].items():
        found.test("veto", None if happened is None else not happened, veto)
    social = q(document["social_recognition_pct"])
    found.test("social_recognition", at_least(social, 85), f"{float(social or 0)}%")
    for item in ("G1", "G2", "G10", "G15", "Q3", "Q5", "Q6", "Q7", "Q8"):
        found.test(item, declared[item], "declared")
    figures = document["guarantee"]
    fully_set = figures["performance_pay_fully_set"]
    g = {k: q(v) for k, v in figures.items() if k != "performance_pay_fully_set"}
    pay, civil = g["teacher_avg_pay_yuan"], g["civil_servant_avg_pay_yuan"]
    if pay is None or civil is None or fully_set is None:
        found.unknown_("G8")
    else:
        found.test("G8", pay >= civil and fully_set is True)
    found.test("G9", at_least(g["training_360h_completion_pct"], 100))
    eligible, rotated, key = (
        g["rotation_eligible_teachers"],
        g["rotated_teachers"],
        g["rotated_key_teachers"],
    )
    if eligible is None or rotated is None or key is None:
        found.unknown_("G11")
    else:
        rotation_ok = 10 * rotated >= eligible and 5 * key >= rotated and eligible > 0
        found.test(
            "G11", rotation_ok, f"rotated {float(rotated / eligible):.1%}, key {key}/{rotated}"
        )
        found.edge(10 * rotated == eligible, f"G11 rotated {rotated}/{eligible} = 10%")
        found.edge(5 * key == rotated, f"G11 key {key}/{rotated} = 20%")
    found.test("G12", at_least(g["certified_teachers_pct"], 100))
    primary, junior = g["nearby_enrolment_primary_pct"], g["nearby_enrolment_junior_pct"]
    found.test(
        "G13", None if primary is None or junior is None else primary >= 100 and junior >= 95
    )
    found.test("G14", at_least(g["quota_allocation_pct"], 50))
    found.test("G15", at_least(g["migrant_children_public_pct"], 85))
    quality_doc = document["quality"]
    found.test("Q1", at_least(q(quality_doc["junior_retention_pct"]), 95))
    found.test("Q2", at_least(q(quality_doc["disabled_enrolment_pct"]), 95))
    for label, value, limit in (
        ("social recognition", social, 85),
        ("G13 junior nearby", junior, 95),
        ("G14 quota", g["quota_allocation_pct"], 50),
        ("G15 migrant", g["migrant_children_public_pct"], 85),
        ("Q1 retention", q(quality_doc["junior_retention_pct"]), 95),
        ("Q2 disabled", q(quality_doc["disabled_enrolment_pct"]), 95),
    ):
        found.edge(value == limit, f"{label} = {limit}%")
    monitoring = quality_doc["monitoring"]
    if not monitoring:
        found.unknown_("Q9", "no monitoring results")
    else:
        for result in monitoring:
            level, rate = result["level"], q(result["difference_rate"])
            good = (
                None if level is None or rate is None else level >= 3 and rate < Fraction(15, 100)
            )
            found.test("Q9", good, result["subject"])
    found.test("procedure", document["procedure"]["municipal_review_passed"], "municipal review")


def verdict(found: Findings) -> str:
    """Combine the findings: ineligible beats fail beats incomplete beats pass."""
    if {"eligibility", "veto", "social_recognition"} & found.fails.keys():
        return "ineligible"
    if found.fails:
        return "fail"
    return "incomplete" if found.unknown else "pass"


def describe(families: dict[str, list[str]]) -> list[str]:
    """Write one line per family, details shortened."""
    lines = []
    for family, details in families.items():
        shown = "; ".join(details[:4]) + (
            f"; … {len(details) - 4} more" if len(details) > 4 else ""
        )
        count = f" ({len(details)})" if len(details) > 1 else ""
        lines.append(f"{family}{count}: {shown}" if details else family)
    return lines


def check(seed: int, out: Path) -> int:
    """Print per-unit findings; return 1 if a verdict or a file is not as intended."""
    status = 0
    for unit in UNITS:
        document = generate(unit, seed)
        found = Findings()
        check_resources(document, found)
        check_schools(document, found)
        check_county(document, found)
        got = verdict(found)
        path = out / unit.filename
        text = render(document)
        on_disk = path.read_text(encoding="utf-8") if path.exists() else None
        same = "file up to date" if on_disk == text else "FILE DIFFERS"
        mark = "ok" if got == unit.intended else "UNEXPECTED"
        if got != unit.intended or on_disk != text:
            status = 1
        print(
            f"{unit.code} {unit.name}: {len(document['schools'])} schools, "
            f"{len(stage_rows(document))} stages, {len(text.encode()) // 1024} KB; "
            f"verdict {got} (intended {unit.intended}: {mark}); {same}"
        )
        print("  fails:   " + ("—" if not found.fails else ""))
        for line in describe(found.fails):
            print("    " + line)
        print("  unknown: " + ("—" if not found.unknown else ""))
        for line in describe(found.unknown):
            print("    " + line)
        cvs = ", ".join(
            f"{stage} {cv:.3f} ({indicator}, limit {float(CV_LIMIT[stage])})"
            for stage, (cv, indicator) in found.cv.items()
        )
        print(f"  largest CV: {cvs}")
        print("  at threshold: " + ("; ".join(found.edges) or "—"))
        for year, past in history(unit, seed).items():
            found = Findings()
            check_resources(past, found)
            check_schools(past, found)
            check_county(past, found)
            path = out / history_filename(unit, year)
            on_disk = path.read_text(encoding="utf-8") if path.exists() else None
            if on_disk != render(past):
                status = 1
            same = "file up to date" if on_disk == render(past) else "FILE DIFFERS"
            fails = ", ".join(found.fails) or "—"
            print(f"  {year}: verdict {verdict(found)}; {same}; fails: {fails}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Write the ten example documents, or ``--check`` them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the JSON files")
    parser.add_argument("--check", action="store_true", help="recompute the rules; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.seed, args.out)
    (args.out / "history").mkdir(parents=True, exist_ok=True)
    for unit in UNITS:
        path = args.out / unit.filename
        path.write_text(render(generate(unit, args.seed)), encoding="utf-8", newline="\n")
        print(path)
        for year, document in history(unit, args.seed).items():
            path = args.out / history_filename(unit, year)
            path.write_text(render(document), encoding="utf-8", newline="\n")
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
