"""Turnus uploads and calendar feeds."""
from datetime import date

from sqlalchemy import or_, select

from mentorplan.access.plans import can_view_mentorship, follows_plans, leader_clause
from mentorplan.access.units import hiring_wards
from mentorplan.access.viewer import Viewer
from mentorplan.extensions import db
from mentorplan.models import Employment, Mentorship, Role, RoleAssignment, Ward


def can_schedule(viewer: Viewer) -> bool:
    """The schedule pages (conflicts, coming activities, accepting a suggestion) are the leaders'."""
    return viewer.is_leader


def can_register_absence(viewer: Viewer) -> bool:
    """Absence of the people a leader leads (people_led)."""
    return viewer.is_leader


def can_upload_turnus(viewer: Viewer) -> bool:
    """The avdelingsleder's job; the enhetsleder may stand in. Whose turnus: turnus_upload_people."""
    return viewer.is_leader


def turnus_upload_people(viewer: Viewer, day: date) -> set[int]:
    """The people whose turnus a leader may upload: employed in the leader's wards or units
    (now, or starting later — a new hire's turnus is made before the start), and those units' mentors."""
    employed = select(Employment.person_id).where(
        leader_clause(viewer), or_(Employment.end_date.is_(None), Employment.end_date >= day))
    ward_units = select(Ward.unit_id).where(Ward.id.in_(viewer.ward_ids))
    mentors = select(RoleAssignment.person_id).where(
        RoleAssignment.role == Role.MENTOR, RoleAssignment.kommune_id == viewer.kommune_id,
        or_(RoleAssignment.unit_id.in_(viewer.unit_ids | viewer.ward_unit_ids), RoleAssignment.unit_id.in_(ward_units)),
        or_(RoleAssignment.valid_from.is_(None), RoleAssignment.valid_from <= day),
        or_(RoleAssignment.valid_to.is_(None), RoleAssignment.valid_to >= day))
    return set(db.session.scalars(employed)) | set(db.session.scalars(mentors))


def can_take_ward_feed(viewer: Viewer, ward: Ward) -> bool:
    """The avdeling's calendar is for its avdelingsleder and the enhetsleder of its unit."""
    return (ward.id in viewer.ward_ids or ward.unit_id in viewer.ward_unit_ids
            or ward.unit_id in viewer.unit_ids)


def can_take_ward_feeds(viewer: Viewer) -> bool:
    """Avdeling calendars are the leaders'; which: can_take_ward_feed."""
    return viewer.is_leader


def feed_wards(viewer: Viewer) -> list[Ward]:
    """The avdelinger whose calendar the viewer may take."""
    return hiring_wards(viewer) if can_take_ward_feeds(viewer) else []


def can_download_plan(viewer: Viewer, mentorship: Mentorship) -> bool:
    """A plan's calendar file goes to whoever may see the plan."""
    return follows_plans(viewer) and can_view_mentorship(viewer, mentorship)
