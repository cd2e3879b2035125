"""The data model, one module per part of the domain."""
from .accounts import ASSIGNABLE_ROLES, ROLE_LABELS, Role, RoleAssignment, User
from .notifications import (
    EMAIL_STATUS_LABELS,
    NOTIFICATION_KIND_LABELS,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationSettings,
)
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
    "END_REASON_LABELS", "PROFESSION_LABELS", "EndReason", "Employment", "Person", "Profession",
    "ActivityKind", "ActivityStatus", "Mentorship", "Plan", "PlanActivity", "PlanTemplate",
    "Responsible", "TemplateActivity", "TemplateStatus",
    "ABSENCE_LABELS", "PRIVATE_ABSENCES", "Absence", "AbsenceKind", "RotationException", "RotationPattern",
    "Shift", "ShiftCode", "ShiftSource", "absence_shown_to_others",
    "EMAIL_STATUS_LABELS", "NOTIFICATION_KIND_LABELS", "EmailStatus", "Notification", "NotificationKind",
    "NotificationSettings",
]
