"""The data model, one module per part of the domain."""
from mentorplan.models.access_log import (
    ACCESS_ACTION_LABELS,
    ACCESS_KIND_LABELS,
    AccessAction,
    AccessKind,
    AccessLogEntry,
)
from mentorplan.models.accounts import (
    ASSIGNABLE_ROLES,
    ROLE_LABELS,
    FailedLogin,
    Role,
    RoleAssignment,
    User,
)
from mentorplan.models.calendar import CalendarToken, CancelledEvent, FeedKind
from mentorplan.models.checklists import (
    Checklist,
    ChecklistEntry,
    ChecklistItem,
    ChecklistKind,
    ChecklistTemplate,
)
from mentorplan.models.conversations import (
    AgreedAction,
    Conversation,
    ConversationKind,
    ConversationRevision,
    MentorChange,
)
from mentorplan.models.network import NetworkInvitation, NetworkMeeting
from mentorplan.models.notifications import (
    EMAIL_STATUS_LABELS,
    NOTIFICATION_KIND_LABELS,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from mentorplan.models.organisation import (
    UNIT_TYPE_LABELS,
    Kommune,
    Unit,
    UnitType,
    Ward,
    unit_type_from_name,
)
from mentorplan.models.people import (
    END_REASON_LABELS,
    PROFESSION_LABELS,
    Employment,
    EndReason,
    Person,
    PositionChange,
    Profession,
    person_matches,
)
from mentorplan.models.plans import (
    ActivityKind,
    ActivityStatus,
    Mentorship,
    Plan,
    PlanActivity,
    PlanTemplate,
    Responsible,
    TalkingPoint,
    TemplateActivity,
    TemplateStatus,
)
from mentorplan.models.pulse import PulseResponse
from mentorplan.models.rate_limits import RequestCount
from mentorplan.models.retention import RetentionBenchmark
from mentorplan.models.roster import TRAINING_STATUS_LABELS, MentorTraining, TrainingStatus, UnitMentorTerms
from mentorplan.models.submissions import FormSubmission
from mentorplan.models.turnus import (
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
from mentorplan.models.uploads import PendingUpload

__all__ = [
    "ACCESS_ACTION_LABELS", "ACCESS_KIND_LABELS", "AccessAction", "AccessKind", "AccessLogEntry",
    "CalendarToken", "CancelledEvent", "FeedKind",
    "ASSIGNABLE_ROLES", "ROLE_LABELS", "FailedLogin", "Role", "RoleAssignment", "User",
    "UNIT_TYPE_LABELS", "Kommune", "Unit", "UnitType", "Ward", "unit_type_from_name",
    "END_REASON_LABELS", "PROFESSION_LABELS", "EndReason", "Employment", "Person", "PositionChange", "Profession",
    "person_matches",
    "ActivityKind", "ActivityStatus", "Mentorship", "Plan", "PlanActivity", "PlanTemplate",
    "Responsible", "TalkingPoint", "TemplateActivity", "TemplateStatus",
    "AgreedAction", "Conversation", "ConversationKind", "ConversationRevision", "MentorChange",
    "Checklist", "ChecklistEntry", "ChecklistItem", "ChecklistKind", "ChecklistTemplate",
    "ABSENCE_LABELS", "PRIVATE_ABSENCES", "Absence", "AbsenceKind", "RotationException", "RotationPattern",
    "Shift", "ShiftCode", "ShiftSource", "absence_shown_to_others",
    "EMAIL_STATUS_LABELS", "NOTIFICATION_KIND_LABELS", "EmailStatus", "Notification", "NotificationKind",
    "NotificationSettings",
    "RetentionBenchmark", "FormSubmission",
    "PendingUpload", "RequestCount",
    "TRAINING_STATUS_LABELS", "MentorTraining", "NetworkInvitation", "NetworkMeeting", "PulseResponse",
    "TrainingStatus", "UnitMentorTerms",
]
