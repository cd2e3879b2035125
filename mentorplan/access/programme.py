"""The mentor programme: retention statistics, rosters and funksjonstillegg, the pulse and
network meetings."""
from sqlalchemy import false, select

from mentorplan.access.viewer import Viewer
from mentorplan.models import Mentorship, NetworkInvitation, NetworkMeeting, Role, Unit


# --- Retention statistics ----------------------------------------------------------------

def can_view_retention(viewer: Viewer) -> bool:
    """HR for the whole kommune, the enhetsleder for their own units; nobody else."""
    return viewer.has(Role.HR) or bool(viewer.unit_ids)


def retention_unit_ids(viewer: Viewer) -> frozenset[int] | None:
    """The units whose hires the viewer may count: None means the whole kommune (HR)."""
    return None if viewer.has(Role.HR) else viewer.unit_ids


def retention_suppressed(viewer: Viewer, *, export: bool = False) -> bool:
    """Groups of fewer than five are hidden in every view above unit level and in every export.

    An enhetsleder sees their own unit's figures in full: they know these people already.
    """
    return export or retention_unit_ids(viewer) is None


def can_edit_benchmarks(viewer: Viewer) -> bool:
    return viewer.has(Role.HR)


# --- The mentor programme: roster, funksjonstillegg, training, pulse ----------------------

def can_view_rosters(viewer: Viewer) -> bool:
    """The enhetsleder runs the unit's roster; HR reads every unit's roster and payroll in the kommune."""
    return viewer.has(Role.HR) or bool(viewer.unit_ids)


def can_view_roster(viewer: Viewer, unit: Unit) -> bool:
    return unit.id in viewer.unit_ids or (viewer.has(Role.HR) and unit.kommune_id == viewer.kommune_id)


def can_manage_roster(viewer: Viewer, unit: Unit) -> bool:
    """Appointing mentors and setting the unit's terms is the enhetsleder's; HR only reads."""
    return unit.id in viewer.unit_ids


def roster_units_clause(viewer: Viewer):
    """Units whose roster and payroll lines the viewer may read."""
    if viewer.has(Role.HR):
        return Unit.kommune_id == viewer.kommune_id
    return Unit.id.in_(viewer.unit_ids) if viewer.unit_ids else false()


def can_answer_pulse(viewer: Viewer, mentorship: Mentorship) -> bool:
    """The pulse is the mentee's own; nobody answers it for them."""
    return viewer.person_id == mentorship.mentee_id


def can_view_pulse(viewer: Viewer, unit: Unit) -> bool:
    """Pulse aggregates (never single answers) are for the unit's enhetsleder."""
    return unit.id in viewer.unit_ids


# --- Mentor network meetings -------------------------------------------------------------

def can_plan_networks(viewer: Viewer) -> bool:
    """HR plans networks across the kommune, the enhetsleder for their own units."""
    return viewer.has(Role.HR) or bool(viewer.unit_ids)


def network_units_clause(viewer: Viewer):
    """The units whose mentors the viewer may invite."""
    return roster_units_clause(viewer)


def can_view_meeting(viewer: Viewer, meeting: NetworkMeeting) -> bool:
    """HR sees the kommune's meetings; an enhetsleder those that invite their units' mentors."""
    if viewer.has(Role.HR) and meeting.kommune_id == viewer.kommune_id:
        return True
    return any(i.unit_id in viewer.unit_ids for i in meeting.invitations)


def network_meetings_clause(viewer: Viewer):
    if viewer.has(Role.HR):
        return NetworkMeeting.kommune_id == viewer.kommune_id
    if not viewer.unit_ids:
        return false()
    return NetworkMeeting.id.in_(select(NetworkInvitation.meeting_id)
                                 .where(NetworkInvitation.unit_id.in_(viewer.unit_ids)))
