"""The data model, one module per part of the domain."""
from .accounts import ASSIGNABLE_ROLES, ROLE_LABELS, Role, RoleAssignment, User
from .organisation import UNIT_TYPE_LABELS, Kommune, Unit, UnitType, Ward, unit_type_from_name
from .people import (
    END_REASON_LABELS,
    PROFESSION_LABELS,
    EndReason,
    Employment,
    Person,
    PositionChange,
    Profession,
)
from .plans import (
    ActivityKind,
    ActivityStatus,
    Mentorship,
    Plan,
    PlanActivity,
    PlanTemplate,
    Responsible,
    TemplateActivity,
    TemplateStatus,
)
from .retention import RetentionBenchmark
from .turnus import (
    ABSENCE_LABELS,
    PRIVATE_ABSENCES,
    Absence,
    AbsenceKind,
    RotationException,
    RotationPattern,
    Shift,
    ShiftCode,
    ShiftSource,
    absence_shown_to_others,
)

__all__ = [
    "ASSIGNABLE_ROLES", "ROLE_LABELS", "Role", "RoleAssignment", "User",
    "UNIT_TYPE_LABELS", "Kommune", "Unit", "UnitType", "Ward", "unit_type_from_name",
    "END_REASON_LABELS", "PROFESSION_LABELS", "EndReason", "Employment", "Person", "PositionChange", "Profession",
    "ActivityKind", "ActivityStatus", "Mentorship", "Plan", "PlanActivity", "PlanTemplate",
    "Responsible", "TemplateActivity", "TemplateStatus",
    "ABSENCE_LABELS", "PRIVATE_ABSENCES", "Absence", "AbsenceKind", "RotationException", "RotationPattern",
    "Shift", "ShiftCode", "ShiftSource", "absence_shown_to_others",
    "RetentionBenchmark",
]
