"""Plans and mentorships: who follows, completes and changes a plan; checklists."""
from sqlalchemy import false, or_

from mentorplan.access.viewer import Viewer
from mentorplan.models import Employment, Mentorship, PlanActivity, Responsible, Role

LEADER_RESPONSIBILITIES = (Responsible.AVDELINGSLEDER, Responsible.ENHETSLEDER)


def ward_leader_clause(viewer: Viewer):
    """Employments in the wards the viewer leads as avdelingsleder (the query joins Employment)."""
    clauses = []
    if viewer.ward_ids:
        clauses.append(Employment.ward_id.in_(viewer.ward_ids))
    if viewer.ward_unit_ids:
        clauses.append(Employment.unit_id.in_(viewer.ward_unit_ids))
    return or_(*clauses) if clauses else false()


def unit_leader_clause(viewer: Viewer):
    """Employments in the units the viewer leads as enhetsleder."""
    return Employment.unit_id.in_(viewer.unit_ids) if viewer.unit_ids else false()


def leader_clause(viewer: Viewer):
    return or_(ward_leader_clause(viewer), unit_leader_clause(viewer))


def mentor_clause(viewer: Viewer):
    """Mentorships the viewer mentors, as mentor or back-up mentor."""
    return or_(Mentorship.mentor_id == viewer.person_id, Mentorship.backup_mentor_id == viewer.person_id)


def follows_plans(viewer: Viewer) -> bool:
    """Roles that have plan pages at all; HR and admin do not."""
    return viewer.has(Role.MENTEE) or viewer.has(Role.MENTOR) or viewer.is_leader


def has_own_plan(viewer: Viewer) -> bool:
    """The mentee's own pages: «Min plan», the pulse and preparing her conversations."""
    return viewer.has(Role.MENTEE)


def has_mentees(viewer: Viewer) -> bool:
    """«Mine menteer»: the mentor's list of mentees."""
    return viewer.has(Role.MENTOR)


def can_view_mentorship(viewer: Viewer, mentorship: Mentorship) -> bool:
    return (
        viewer.person_id in (mentorship.mentee_id, mentorship.mentor_id, mentorship.backup_mentor_id)
        or leads_employment(viewer, mentorship.employment)
    )


def leads_employment(viewer: Viewer, employment: Employment) -> bool:
    return (
        employment.unit_id in viewer.unit_ids
        or employment.unit_id in viewer.ward_unit_ids
        or (employment.ward_id is not None and employment.ward_id in viewer.ward_ids)
    )


def can_complete(viewer: Viewer, activity: PlanActivity) -> bool:
    """Mentors complete the mentor's activities; leaders in scope complete the leaders'."""
    mentorship = activity.plan.mentorship
    if activity.responsible in LEADER_RESPONSIBILITIES:
        return leads_employment(viewer, mentorship.employment)
    if activity.responsible is Responsible.MENTOR:
        return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)
    return viewer.person_id == mentorship.mentee_id


def can_change_plan(viewer: Viewer, mentorship: Mentorship) -> bool:
    return leads_employment(viewer, mentorship.employment)


def can_change_plans(viewer: Viewer) -> bool:
    """Pages that change a plan (a start turnus, another template version) are the leaders';
    which plans: can_change_plan."""
    return viewer.is_leader


def can_record_before_go_live_plans(viewer: Viewer) -> bool:
    """The page for what was done before the kommune took mentorplan into use is the leaders' and
    the mentors'; which plans: can_record_before_go_live."""
    return viewer.is_leader or viewer.has(Role.MENTOR)


def can_record_before_go_live(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Those who were there record what was done before mentorplan: the mentee's leaders and her
    mentor or back-up mentor. Not the mentee herself: what she ticks would stand as their work."""
    return (viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)
            or leads_employment(viewer, mentorship.employment))


def leads_ward_of(viewer: Viewer, employment: Employment) -> bool:
    """The viewer is avdelingsleder for the employment's ward (or for its whole unit)."""
    return employment.unit_id in viewer.ward_unit_ids or (
        employment.ward_id is not None and employment.ward_id in viewer.ward_ids)


def can_hand_over(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Handing a mentee over to another mentor is the enhetsleder's."""
    return mentorship.employment.unit_id in viewer.unit_ids


# --- Checklists --------------------------------------------------------------

def can_self_assess(viewer: Viewer, mentorship: Mentorship) -> bool:
    return viewer.person_id == mentorship.mentee_id


def can_sign_off(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Only the mentee's mentor or back-up mentor signs an item off."""
    return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)
