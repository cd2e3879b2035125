"""The data model, one module per part of the domain."""
from .accounts import ASSIGNABLE_ROLES, ROLE_LABELS, Role, RoleAssignment, User
from .calendar import CalendarToken, CancelledEvent, FeedKind
from .organisation import UNIT_TYPE_LABELS, Kommune, Unit, UnitType, Ward, unit_type_from_name
from .people import END_REASON_LABELS, PROFESSION_LABELS, EndReason, Employment, Person, Profession
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
from .turnus import (
    ABSENCE_LABELS,
    Absence,
    AbsenceKind,
    RotationException,
    RotationPattern,
    Shift,
    ShiftCode,
    ShiftSource,
)

__all__ = [
    "CalendarToken", "CancelledEvent", "FeedKind",
    "ASSIGNABLE_ROLES", "ROLE_LABELS", "Role", "RoleAssignment", "User",
    "UNIT_TYPE_LABELS", "Kommune", "Unit", "UnitType", "Ward", "unit_type_from_name",
    "END_REASON_LABELS", "PROFESSION_LABELS", "EndReason", "Employment", "Person", "Profession",
    "ActivityKind", "ActivityStatus", "Mentorship", "Plan", "PlanActivity", "PlanTemplate",
    "Responsible", "TemplateActivity", "TemplateStatus",
    "ABSENCE_LABELS", "Absence", "AbsenceKind", "RotationException", "RotationPattern", "Shift",
    "ShiftCode", "ShiftSource",
]
