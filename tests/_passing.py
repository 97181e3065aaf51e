"""A county that meets every national rule with round, hand-checkable numbers.

Tests take it and break one thing at a time, so each test shows exactly which
input moves which finding.  Stage numerators are given per 100 / per student
through :func:`stage`, so a test can say "L3 at 0.9 per 100" directly.
"""

from __future__ import annotations

import copy
from typing import Any

# Per-student (or per-100) values comfortably above both stages' thresholds,
# and equal across schools so every CV is 0.
PRIMARY_RATES = {
    "teachers_above_required_qualification": 5,  # per 100 (≥ 4.2)
    "key_teachers": 1.2,  # per 100 (≥ 1.0)
    "pe_arts_teachers": 1,  # per 100 (≥ 0.9)
    "teaching_room_area_m2": 5,  # m² per student (≥ 4.5)
    "sports_area_m2": 8,  # m² per student (≥ 7.5)
    "equipment_value_yuan": 2200,  # yuan per student (≥ 2000)
    "multimedia_classrooms": 2.5,  # per 100 (≥ 2.3)
}
JUNIOR_RATES = {
    "teachers_above_required_qualification": 6,  # ≥ 5.3
    "key_teachers": 1.2,
    "pe_arts_teachers": 1,
    "teaching_room_area_m2": 6,  # ≥ 5.8
    "sports_area_m2": 11,  # ≥ 10.2
    "equipment_value_yuan": 2600,  # ≥ 2500
    "multimedia_classrooms": 2.5,  # ≥ 2.4
}
PER_100 = {
    "teachers_above_required_qualification",
    "key_teachers",
    "pe_arts_teachers",
    "multimedia_classrooms",
}


def stage(students: int, rates: dict[str, Any], **numerators: Any) -> dict[str, Any]:
    """A stage whose numerators follow ``rates``; ``numerators`` override single fields."""
    built: dict[str, Any] = {
        "students": students,
        "classes": max(1, students // 40),
        "largest_class": 42,
    }
    for field, rate in rates.items():
        value = rate * students / 100 if field in PER_100 else rate * students
        built[field] = int(value) if float(value).is_integer() else value
    built.update(numerators)
    return built


def _school(school_id: str, kind: str, stages: dict[str, Any], classes: int) -> dict[str, Any]:
    rooms = max(1, -(-classes // 12))
    return {
        "id": school_id,
        "name": f"测试学校{school_id}",
        "kind": kind,
        "ownership": "public",
        "area": "urban",
        "boarding": False,
        "administered_by": None,
        "public_funds_yuan": 1_000_000,
        "training_funds_yuan": 50_000,
        "music_rooms_m2": [100] * rooms,
        "art_rooms_m2": [95] * rooms,
        "special_students": None,
        "stages": stages,
    }


def passing_county(code: str = "110101", name: str = "东城区", year: int = 2025) -> dict[str, Any]:
    """Four schools (primary, junior, nine-year, special) and county figures that all pass."""
    primary = stage(1000, PRIMARY_RATES)
    junior = stage(800, JUNIOR_RATES)
    nine_primary = stage(600, PRIMARY_RATES)
    nine_junior = stage(400, JUNIOR_RATES)
    schools = [
        _school("P1", "primary", {"primary": primary}, primary["classes"]),
        _school("J1", "junior", {"junior": junior}, junior["classes"]),
        _school(
            "N1",
            "nine_year",
            {"primary": nine_primary, "junior": nine_junior},
            nine_primary["classes"] + nine_junior["classes"],
        ),
        {
            "id": "T1",
            "name": "测试特殊教育学校",
            "kind": "special_education",
            "ownership": "public",
            "area": "urban",
            "boarding": True,
            "administered_by": None,
            "public_funds_yuan": 720_000,
            "training_funds_yuan": 40_000,
            "music_rooms_m2": None,
            "art_rooms_m2": None,
            "special_students": 120,
            "stages": {"primary": None, "junior": None},
        },
    ]
    county = {
        "schema_version": 1,
        "code": code,
        "name": name,
        "assessment_year": year,
        "basic_balance_year": year - 5,
        "schools": schools,
        "guarantee": {
            "teacher_avg_pay_yuan": 96_000,
            "civil_servant_avg_pay_yuan": 95_000,
            "performance_pay_fully_set": True,
            "training_360h_completion_pct": 100,
            "rotation_eligible_teachers": 400,
            "rotated_teachers": 50,
            "rotated_key_teachers": 12,
            "certified_teachers_pct": 100,
            "nearby_enrolment_primary_pct": 100,
            "nearby_enrolment_junior_pct": 97,
            "quota_allocation_pct": 55,
            "migrant_children_public_pct": 90,
            "funding_baseline_primary_yuan": 650,
            "funding_baseline_junior_yuan": 850,
        },
        "quality": {
            "junior_retention_pct": 98,
            "disabled_enrolment_pct": 97,
            "monitoring": [
                {"subject": "数学", "level": 3, "difference_rate": 0.12},
                {"subject": "语文", "level": 4, "difference_rate": 0.1},
            ],
        },
        "declared": dict.fromkeys(
            ["G1", "G2", "G10", "G15", "Q3", "Q5", "Q6", "Q7", "Q8", "monitoring_good"], True
        ),
        "social_recognition_pct": 92,
        "vetoes": dict.fromkeys(
            [
                "exam_admission",
                "school_choice_violation",
                "key_schools_or_classes",
                "staffing_vacancies",
                "major_safety_incident",
                "falsified_data",
            ],
            False,
        ),
        "procedure": {
            "municipal_review_passed": True,
            "provincial_assessment_passed": None,
            "national_recognition_year": None,
        },
    }
    return copy.deepcopy(county)
