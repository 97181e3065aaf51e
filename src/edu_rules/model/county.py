"""The county document as typed, frozen objects.

These classes mirror ``schemas/county.schema.json`` field for field (a test proves
the two agree; ``extra`` holds the fields plugins declare, see :mod:`edu_rules.model.datafields`).
``None`` always means *unknown*: missing is not zero, and the
rules treat an unknown value as one that could be anything.  Numbers are exact
(:data:`edu_rules._numbers.Exact`) so that thresholds compare without float error.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final

import attrs

from edu_rules._frozen import FrozenMap
from edu_rules._numbers import Exact


class StageName(enum.StrEnum):
    """A school's stage of compulsory education: 小学 or 初中."""

    PRIMARY = "primary"
    JUNIOR = "junior"


class SchoolKind(enum.StrEnum):
    """What kind of school this is; decides which size limits and scopes apply."""

    PRIMARY = "primary"  # 小学
    JUNIOR = "junior"  # 初中
    NINE_YEAR = "nine_year"  # 九年一贯制
    TWELVE_YEAR = "twelve_year"  # 十二年一贯制
    COMPLETE_MIDDLE = "complete_middle"  # 完全中学
    TEACHING_POINT = "teaching_point"  # 教学点
    SPECIAL_EDUCATION = "special_education"  # 特殊教育学校


STAGE_NAMES: Final = tuple(stage.value for stage in StageName)
"""The stages of compulsory education, in report order: ``("primary", "junior")``."""

_NO_EXTRA: Final = FrozenMap()
"""The ``extra`` of a county, school or stage that gives none: one immutable map for all
(a national batch would otherwise build 200,000 empty ones)."""

KIND_STAGES: Final[Mapping[str, tuple[str, ...]]] = {
    SchoolKind.PRIMARY: ("primary",),
    SchoolKind.JUNIOR: ("junior",),
    SchoolKind.NINE_YEAR: ("primary", "junior"),
    SchoolKind.TWELVE_YEAR: ("primary", "junior"),
    SchoolKind.COMPLETE_MIDDLE: ("junior",),
    SchoolKind.TEACHING_POINT: ("primary",),
    SchoolKind.SPECIAL_EDUCATION: (),
}
"""The compulsory-education stages each kind of school teaches (a special-education school
reports none)."""


# --------------------------------------------------------------------------- realistic bounds

MAX_PUPILS: Final = 100_000
"""Most pupils of one school or stage (the largest Chinese schools have about 20,000)."""

MAX_CLASSES: Final = 2_000
"""Most classes of one school or stage (100,000 pupils in classes of 50)."""

MAX_CLASS_SIZE: Final = 1_000
"""Most pupils in one class (the standard is 45; the worst recorded classes, about 100)."""

MAX_TEACHERS: Final = 10_000
"""Most teachers of one school counted in one figure (a school of 100,000 pupils needs 6,000)."""

MAX_ROOMS: Final = 10_000
"""Most rooms of one school counted in one figure."""

MAX_AREA_M2: Final = 10_000_000
"""Largest area of one school's figure, or of one room, in m².

10 km²; a large campus is 0.5 km².
"""

MAX_YUAN: Final = 10**12
"""Largest sum of money in one figure, in yuan (a trillion: a whole province's yearly
education spending is a few hundred billion)."""

MAX_COUNTY_TEACHERS: Final = 1_000_000
"""Most teachers of a county-level unit counted in one figure (rotation counts)."""

MAX_COUNTY_PUPILS: Final = 10_000_000
"""Most pupils (or places, people surveyed) of a county-level unit counted in one figure."""

MAX_RATIO: Final = 1
"""A ratio (校际差异率) is a share of one: at most 1 (15 is a percentage typed by mistake)."""

MAXIMA: Final[Mapping[str, Mapping[str, int]]] = {
    "Stage": {
        "students": MAX_PUPILS,
        "classes": MAX_CLASSES,
        "largest_class": MAX_CLASS_SIZE,
        "classes_up_to_45": MAX_CLASSES,
        "classes_46_to_50": MAX_CLASSES,
        "classes_51_to_55": MAX_CLASSES,
        "classes_56_to_65": MAX_CLASSES,
        "classes_66_and_over": MAX_CLASSES,
        "teachers_above_required_qualification": MAX_TEACHERS,
        "key_teachers": MAX_TEACHERS,
        "pe_arts_teachers": MAX_TEACHERS,
        "visiting_pe_arts_teachers": MAX_TEACHERS,
        "teaching_room_area_m2": MAX_AREA_M2,
        "sports_area_m2": MAX_AREA_M2,
        "own_sports_ground_m2": MAX_AREA_M2,
        "gymnasium_m2": MAX_AREA_M2,
        "converted_sports_space_m2": MAX_AREA_M2,
        "leased_sports_venue_m2": MAX_AREA_M2,
        "equipment_value_yuan": MAX_YUAN,
        "multimedia_classrooms": MAX_ROOMS,
    },
    "Shared": {
        "teachers_above_required_qualification": MAX_TEACHERS,
        "key_teachers": MAX_TEACHERS,
        "pe_arts_teachers": MAX_TEACHERS,
        "teaching_room_area_m2": MAX_AREA_M2,
        "sports_area_m2": MAX_AREA_M2,
        "equipment_value_yuan": MAX_YUAN,
        "multimedia_classrooms": MAX_ROOMS,
        "senior_students": MAX_PUPILS,
    },
    "School": {
        "public_funds_yuan": MAX_YUAN,
        "training_funds_yuan": MAX_YUAN,
        "music_rooms_m2": MAX_AREA_M2,
        "art_rooms_m2": MAX_AREA_M2,
        "special_students": MAX_PUPILS,
        "migrant_students": MAX_PUPILS,
    },
    "Guarantee": {
        "teacher_avg_pay_yuan": MAX_YUAN,
        "civil_servant_avg_pay_yuan": MAX_YUAN,
        "rotation_eligible_teachers": MAX_COUNTY_TEACHERS,
        "rotated_teachers": MAX_COUNTY_TEACHERS,
        "rotated_key_teachers": MAX_COUNTY_TEACHERS,
        "funding_baseline_primary_yuan": MAX_YUAN,
        "funding_baseline_junior_yuan": MAX_YUAN,
        "training_360h_completed_teachers": MAX_COUNTY_TEACHERS,
        "training_360h_teachers": MAX_COUNTY_TEACHERS,
        "certified_teachers": MAX_COUNTY_TEACHERS,
        "full_time_teachers": MAX_COUNTY_TEACHERS,
        "quota_allocated_places": MAX_COUNTY_TEACHERS,
        "quality_senior_places": MAX_COUNTY_TEACHERS,
        "quota_allocated_rural_places": MAX_COUNTY_TEACHERS,
        "migrant_children_public_places": MAX_COUNTY_PUPILS,
        "migrant_children_eligible": MAX_COUNTY_PUPILS,
    },
    "Quality": {
        "junior_retention_retained": MAX_COUNTY_PUPILS,
        "junior_retention_cohort": MAX_COUNTY_PUPILS,
        "disabled_children_enrolled": MAX_COUNTY_PUPILS,
        "disabled_children": MAX_COUNTY_PUPILS,
    },
    "SocialSurvey": {
        "valid_questionnaires": MAX_COUNTY_PUPILS,
        "satisfied_questionnaires": MAX_COUNTY_PUPILS,
        "parent_questionnaires": MAX_COUNTY_PUPILS,
        "parent_satisfied_questionnaires": MAX_COUNTY_PUPILS,
        "field_visits": MAX_COUNTY_PUPILS,
        "satisfied_field_visits": MAX_COUNTY_PUPILS,
    },
    "MonitoringResult": {"difference_rate": MAX_RATIO},
}
"""The largest value each number of the contract may take (``maximum`` in the schema, for
a list of rooms each room's): generous, far above any real school, yet finite, so that
exact arithmetic on the figures stays bounded (45-digit pupil counts once took 54 s and
2.6 GB in one coefficient of variation).  Percentages are bounded by 100 and years by
2100 in the schema itself."""


class Ownership(enum.StrEnum):
    """公办 or 民办."""

    PUBLIC = "public"
    PRIVATE = "private"


class Area(enum.StrEnum):
    """Where the school stands: 城区, 镇区 or 乡村."""

    URBAN = "urban"
    TOWN = "town"
    RURAL = "rural"


@attrs.frozen
class Stage:
    """One school's primary part or junior part, with the seven indicator numerators."""

    students: int
    classes: int
    largest_class: int | None = None
    classes_up_to_45: int | None = None
    """The statistics' class-size bands (:data:`CLASS_SIZE_BANDS`): classes in each."""
    classes_46_to_50: int | None = None
    classes_51_to_55: int | None = None
    classes_56_to_65: int | None = None
    classes_66_and_over: int | None = None
    teachers_above_required_qualification: Exact | None = None
    key_teachers: Exact | None = None
    pe_arts_teachers: Exact | None = None
    visiting_pe_arts_teachers: Exact | None = None
    """走教 PE and arts teachers employed elsewhere: not in ``pe_arts_teachers``."""
    teaching_room_area_m2: Exact | None = None
    sports_area_m2: Exact | None = None
    own_sports_ground_m2: Exact | None = None
    """L5's components as the forms report them (``sports_area_m2`` stays L5's figure)."""
    gymnasium_m2: Exact | None = None
    converted_sports_space_m2: Exact | None = None
    leased_sports_venue_m2: Exact | None = None
    equipment_value_yuan: Exact | None = None
    multimedia_classrooms: Exact | None = None
    extra: FrozenMap = _NO_EXTRA
    """Plugin data fields, layer → field → value (:mod:`edu_rules.model.datafields`)."""


@attrs.frozen
class Stages:
    """The stages a school teaches; a through-school has both."""

    primary: Stage | None = None
    junior: Stage | None = None

    def items(self) -> tuple[tuple[StageName, Stage], ...]:
        """The stages present, primary first."""
        present: list[tuple[StageName, Stage]] = []
        if self.primary is not None:
            present.append((StageName.PRIMARY, self.primary))
        if self.junior is not None:
            present.append((StageName.JUNIOR, self.junior))
        return tuple(present)

    def get(self, name: StageName) -> Stage | None:
        """The stage called ``name``, or ``None`` when the school does not teach it."""
        return self.primary if name is StageName.PRIMARY else self.junior


INDICATOR_FIELDS: tuple[str, ...] = (
    "teachers_above_required_qualification",
    "key_teachers",
    "pe_arts_teachers",
    "teaching_room_area_m2",
    "sports_area_m2",
    "equipment_value_yuan",
    "multimedia_classrooms",
)
"""The numerators of the seven resource indicators L1–L7, as a stage (or ``Shared``) names them."""


@attrs.frozen
class Shared:
    """A through-school's figures given once for the whole school, split by a layer's weights."""

    teachers_above_required_qualification: Exact | None = None
    key_teachers: Exact | None = None
    pe_arts_teachers: Exact | None = None
    teaching_room_area_m2: Exact | None = None
    sports_area_m2: Exact | None = None
    equipment_value_yuan: Exact | None = None
    multimedia_classrooms: Exact | None = None
    senior_students: int | None = None


@attrs.frozen
class School:
    """A compulsory-education school of the unit, special-education schools included."""

    id: str
    name: str
    kind: SchoolKind
    ownership: Ownership
    area: Area
    boarding: bool | None = None
    administered_by: str | None = None
    public_funds_yuan: Exact | None = None
    training_funds_yuan: Exact | None = None
    music_rooms_m2: tuple[Exact, ...] | None = None
    art_rooms_m2: tuple[Exact, ...] | None = None
    special_students: int | None = None
    build_year: int | None = None
    """The year the school was planned and built (the concessions and some standards need it)."""
    migrant_students: int | None = None
    """Pupils who are children of migrant workers."""
    sponsor_type: int | None = None
    """举办者类型 as the education statistics code it, 1–10 (10: 民办)."""
    stages: Stages = attrs.Factory(Stages)
    shared: Shared | None = None
    """Figures given once for a through-school, split between its stages by a layer."""
    extra: FrozenMap = _NO_EXTRA
    """Plugin data fields, layer → field → value (:mod:`edu_rules.model.datafields`)."""

    @property
    def students(self) -> int:
        """Compulsory-education students over all stages (special students not included)."""
        return sum(stage.students for _, stage in self.stages.items())

    @property
    def classes(self) -> int:
        """Classes over all stages."""
        return sum(stage.classes for _, stage in self.stages.items())

    @property
    def largest_class(self) -> int | None:
        """The largest class over all stages; ``None`` if a stage's is unknown (or none is)."""
        sizes = [stage.largest_class for _, stage in self.stages.items()]
        if not sizes or any(size is None for size in sizes):
            return None
        return max(size for size in sizes if size is not None)


@attrs.frozen
class Guarantee:
    """County-level government-guarantee figures (政府保障程度)."""

    teacher_avg_pay_yuan: Exact | None = None
    civil_servant_avg_pay_yuan: Exact | None = None
    performance_pay_fully_set: bool | None = None
    training_360h_completion_pct: Exact | None = None
    training_360h_completed_teachers: int | None = None
    training_360h_teachers: int | None = None
    rotation_eligible_teachers: Exact | None = None
    rotated_teachers: Exact | None = None
    rotated_key_teachers: Exact | None = None
    certified_teachers_pct: Exact | None = None
    certified_teachers: int | None = None
    full_time_teachers: int | None = None
    nearby_enrolment_primary_pct: Exact | None = None
    nearby_enrolment_junior_pct: Exact | None = None
    quota_allocation_pct: Exact | None = None
    quota_allocated_places: int | None = None
    quality_senior_places: int | None = None
    quota_allocated_rural_places: int | None = None
    migrant_children_public_pct: Exact | None = None
    migrant_children_public_places: int | None = None
    migrant_children_eligible: int | None = None
    funding_baseline_primary_yuan: Exact | None = None
    funding_baseline_junior_yuan: Exact | None = None


@attrs.frozen
class MonitoringResult:
    """One subject's result in national compulsory-education quality monitoring."""

    subject: str
    level: int | None = None
    difference_rate: Exact | None = None


@attrs.frozen
class Quality:
    """County-level education-quality figures (教育质量)."""

    junior_retention_pct: Exact | None = None
    junior_retention_retained: int | None = None
    junior_retention_cohort: int | None = None
    disabled_enrolment_pct: Exact | None = None
    disabled_children_enrolled: int | None = None
    disabled_children: int | None = None
    monitoring: tuple[MonitoringResult, ...] | None = None


@attrs.frozen
class Declared:
    """Qualitative items the county declares: ``True``, ``False`` or unknown."""

    G1: bool | None = None
    G2: bool | None = None
    G10: bool | None = None
    G15: bool | None = None
    Q3: bool | None = None
    Q5: bool | None = None
    Q6: bool | None = None
    Q7: bool | None = None
    Q8: bool | None = None
    monitoring_good: bool | None = None


@attrs.frozen
class SocialSurvey:
    """The social-recognition survey as its groups count it (社会认可度调查)."""

    valid_questionnaires: int | None = None
    satisfied_questionnaires: int | None = None
    parent_questionnaires: int | None = None
    parent_satisfied_questionnaires: int | None = None
    field_visits: int | None = None
    satisfied_field_visits: int | None = None


@attrs.frozen
class Vetoes:
    """One-vote veto events: ``True`` means it happened."""

    exam_admission: bool | None = None
    school_choice_violation: bool | None = None
    key_schools_or_classes: bool | None = None
    staffing_vacancies: bool | None = None
    major_safety_incident: bool | None = None
    falsified_data: bool | None = None


@attrs.frozen
class Procedure:
    """Where the unit stands in the recognition procedure."""

    municipal_review_passed: bool | None = None
    provincial_assessment_passed: bool | None = None
    national_recognition_year: int | None = None


@attrs.frozen
class County:
    """One county-level unit in one assessment year: the engine's whole input."""

    schema_version: int
    code: str
    name: str
    assessment_year: int
    schools: tuple[School, ...]
    basic_balance_year: int | None = None
    guarantee: Guarantee = attrs.Factory(Guarantee)
    quality: Quality = attrs.Factory(Quality)
    declared: Declared = attrs.Factory(Declared)
    social_recognition_pct: Exact | None = None
    social_survey: SocialSurvey = attrs.Factory(SocialSurvey)
    vetoes: Vetoes = attrs.Factory(Vetoes)
    procedure: Procedure = attrs.Factory(Procedure)
    extra: FrozenMap = _NO_EXTRA
    """Plugin data fields, layer → field → value (:mod:`edu_rules.model.datafields`)."""


# --------------------------------------------------------------------------- rates from counts


@attrs.frozen
class CountedRate:
    """A percentage of the contract that the official forms count: its parts, and its rule.

    The rate is ``100 × sum(numerators) / sum(denominators)``, exactly, where every part is
    known and the denominators are not all zero (:func:`with_counted_rates`).
    """

    rate: str
    numerators: tuple[str, ...]
    denominators: tuple[str, ...]
    rule: str


COUNTED_RATES: Final = (
    CountedRate(
        "guarantee.training_360h_completion_pct",
        ("guarantee.training_360h_completed_teachers",),
        ("guarantee.training_360h_teachers",),
        "G9",
    ),
    CountedRate(
        "guarantee.certified_teachers_pct",
        ("guarantee.certified_teachers",),
        ("guarantee.full_time_teachers",),
        "G12",
    ),
    CountedRate(
        "guarantee.quota_allocation_pct",
        ("guarantee.quota_allocated_places",),
        ("guarantee.quality_senior_places",),
        "G14",
    ),
    CountedRate(
        "guarantee.migrant_children_public_pct",
        ("guarantee.migrant_children_public_places",),
        ("guarantee.migrant_children_eligible",),
        "G15",
    ),
    CountedRate(
        "quality.junior_retention_pct",
        ("quality.junior_retention_retained",),
        ("quality.junior_retention_cohort",),
        "Q1",
    ),
    CountedRate(
        "quality.disabled_enrolment_pct",
        ("quality.disabled_children_enrolled",),
        ("quality.disabled_children",),
        "Q2",
    ),
    CountedRate(
        "social_recognition_pct",
        ("social_survey.satisfied_questionnaires", "social_survey.satisfied_field_visits"),
        ("social_survey.valid_questionnaires", "social_survey.field_visits"),
        "S1",
    ),
)
"""The percentages the forms count, each with its numerator and denominator parts."""

SUBTOTALS: Final = (
    ("guarantee.quota_allocated_rural_places", "guarantee.quota_allocated_places"),
    ("social_survey.parent_questionnaires", "social_survey.valid_questionnaires"),
    ("social_survey.parent_satisfied_questionnaires", "social_survey.parent_questionnaires"),
    ("social_survey.parent_satisfied_questionnaires", "social_survey.satisfied_questionnaires"),
)
"""Counts that are part of another count: ``(part, whole)``, the part never above the whole."""


def _value(node: object, path: str) -> object:
    for part in path.split("."):
        if node is None:
            return None
        node = node.get(part) if isinstance(node, Mapping) else getattr(node, part, None)
    return node


def counted_rate(source: object, rate: CountedRate) -> Exact | None:
    """The exact rate the counts of ``source`` (a county or its plain data) give, or ``None``.

    ``None`` where a part is unknown (or not a whole number) or every denominator is 0.
    """
    parts = [_value(source, path) for path in (*rate.numerators, *rate.denominators)]
    if any(type(part) is not int for part in parts):
        return None
    numerator = sum(parts[: len(rate.numerators)])  # type: ignore[arg-type]
    denominator = sum(parts[len(rate.numerators) :])  # type: ignore[arg-type]
    if denominator <= 0:
        return None
    from fractions import Fraction

    value = Fraction(100 * numerator, denominator)
    return value.numerator if value.denominator == 1 else value


def with_counted_rates(county: County) -> County:
    """``county`` with each percentage its counts give computed exactly from them.

    A percentage given beside its counts has been checked to agree with them (the
    contract's consistency checks); the exact rate from the counts is the one judged.
    A county without counts is returned as it is.
    """
    changed: dict[str, dict[str, Exact]] = {}
    for rate in COUNTED_RATES:
        value = counted_rate(county, rate)
        if value is None:
            continue
        group, _, field = rate.rate.rpartition(".")
        if _value(county, rate.rate) == value:
            continue
        changed.setdefault(group, {})[field] = value
    if not changed:
        return county
    top: dict[str, Any] = changed.pop("", {})
    groups = {
        group: attrs.evolve(getattr(county, group), **fields) for group, fields in changed.items()
    }
    return attrs.evolve(county, **groups, **top)


# --------------------------------------------------------------------------- class-size bands

CLASS_SIZE_BANDS: Final = (
    ("classes_up_to_45", 1, 45),
    ("classes_46_to_50", 46, 50),
    ("classes_51_to_55", 51, 55),
    ("classes_56_to_65", 56, 65),
    ("classes_66_and_over", 66, MAX_CLASS_SIZE),
)
"""The statistics' class-size bands of a stage: its field, and the least and most pupils of
a class in it."""


def largest_class_range(stage: object) -> tuple[int, int] | None:
    """The least and the most the largest class of ``stage`` can have, from its bands.

    ``stage`` is a :class:`Stage` or its plain data.  ``None`` unless every band is
    given and one has a class: the largest class then lies in the highest band that has
    one.
    """
    counts = [_value(stage, field) for field, _, _ in CLASS_SIZE_BANDS]
    if any(type(count) is not int for count in counts):
        return None
    for (_, low, high), count in zip(reversed(CLASS_SIZE_BANDS), reversed(counts), strict=True):
        if count:
            return low, high
    return None


def gives_bands(stage: object) -> bool:
    """Whether ``stage`` (a :class:`Stage` or its data) gives any class-size band."""
    return any(_value(stage, field) is not None for field, _, _ in CLASS_SIZE_BANDS)
