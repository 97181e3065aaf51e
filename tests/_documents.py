"""County documents for tests: a minimal valid one and one with every field set.

Each call returns a fresh, independent dict, so a test can break it at will.
"""

from __future__ import annotations

import copy
from typing import Any


def minimal_school(**overrides: Any) -> dict[str, Any]:
    """A public urban primary school with only the required fields and one stage."""
    school: dict[str, Any] = {
        "id": "S001",
        "name": "城中区第一小学",
        "kind": "primary",
        "ownership": "public",
        "area": "urban",
        "stages": {"primary": {"students": 900, "classes": 20}},
    }
    school.update(overrides)
    return school


def minimal_county(**overrides: Any) -> dict[str, Any]:
    """The smallest valid county document; ``overrides`` replace top-level fields."""
    county: dict[str, Any] = {
        "schema_version": 1,
        "code": "450202",
        "name": "城中区",
        "assessment_year": 2024,
        "schools": [minimal_school()],
    }
    county.update(overrides)
    return county


_FULL: dict[str, Any] = {
    "schema_version": 1,
    "code": "450202",
    "name": "城中区",
    "assessment_year": 2024,
    "basic_balance_year": 2015,
    "schools": [
        {
            "id": "S001",
            "name": "城中区九年一贯制学校",
            "kind": "nine_year",
            "ownership": "public",
            "area": "urban",
            "boarding": False,
            "administered_by": "柳东新区",
            "public_funds_yuan": 1250000.5,
            "training_funds_yuan": 62500,
            "music_rooms_m2": [96, 100.5],
            "art_rooms_m2": [90],
            "special_students": 0,
            "stages": {
                "primary": {
                    "students": 1000,
                    "classes": 24,
                    "largest_class": 45,
                    "teachers_above_required_qualification": 43,
                    "key_teachers": 10,
                    "pe_arts_teachers": 9,
                    "teaching_room_area_m2": 4500.25,
                    "sports_area_m2": 7500,
                    "equipment_value_yuan": 2000000,
                    "multimedia_classrooms": 23,
                },
                "junior": {
                    "students": 600,
                    "classes": 12,
                    "largest_class": 50,
                    "teachers_above_required_qualification": 31.8,
                    "key_teachers": 6,
                    "pe_arts_teachers": 5.4,
                    "teaching_room_area_m2": 3480,
                    "sports_area_m2": 6120,
                    "equipment_value_yuan": 1500000,
                    "multimedia_classrooms": 14.4,
                },
            },
        },
        {
            "id": "S002",
            "name": "城中区特殊教育学校",
            "kind": "special_education",
            "ownership": "public",
            "area": "town",
            "boarding": True,
            "administered_by": None,
            "public_funds_yuan": 600000,
            "training_funds_yuan": 30000,
            "music_rooms_m2": None,
            "art_rooms_m2": None,
            "special_students": 86,
            "stages": {"primary": None, "junior": None},
        },
    ],
    "guarantee": {
        "teacher_avg_pay_yuan": 98000,
        "civil_servant_avg_pay_yuan": 96500.5,
        "performance_pay_fully_set": True,
        "training_360h_completion_pct": 100,
        "rotation_eligible_teachers": 200,
        "rotated_teachers": 25,
        "rotated_key_teachers": 6,
        "certified_teachers_pct": 100,
        "nearby_enrolment_primary_pct": 100,
        "nearby_enrolment_junior_pct": 96.5,
        "quota_allocation_pct": 55,
        "migrant_children_public_pct": 88.2,
        "funding_baseline_primary_yuan": 650,
        "funding_baseline_junior_yuan": 850,
    },
    "quality": {
        "junior_retention_pct": 97.3,
        "disabled_enrolment_pct": 95.1,
        "monitoring": [
            {"subject": "数学", "level": 3, "difference_rate": 0.12},
            {"subject": "语文", "level": None, "difference_rate": None},
        ],
    },
    "declared": {
        "G1": True,
        "G2": True,
        "G10": True,
        "G15": True,
        "Q3": True,
        "Q5": False,
        "Q6": True,
        "Q7": True,
        "Q8": None,
        "monitoring_good": True,
    },
    "social_recognition_pct": 86.5,
    "vetoes": {
        "exam_admission": False,
        "school_choice_violation": False,
        "key_schools_or_classes": False,
        "staffing_vacancies": False,
        "major_safety_incident": False,
        "falsified_data": False,
    },
    "procedure": {
        "municipal_review_passed": True,
        "provincial_assessment_passed": True,
        "national_recognition_year": 2023,
    },
}


def full_county() -> dict[str, Any]:
    """A valid document with every field of the contract present.

    Two schools: a nine-year through-school with both stages and a special-education
    school; decimals that only an exact loader keeps exact (``31.8`` teachers).
    """
    return copy.deepcopy(_FULL)
