"""The one place that decides who may see and do what. Deny by default.

Views never filter by role themselves: they ask a `Viewer` (the logged-in person's
roles and scopes on a given day) for a query clause or a yes/no. Pages that a role
does not have answer 403; objects outside a person's scope answer 404, so that
guessing ids reveals nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from flask import abort
from sqlalchemy import exists, false, or_, select
from sqlalchemy.orm.attributes import set_committed_value

from mentorplan.extensions import db
from mentorplan.models import (
    AccessLogEntry,
    AgreedAction,
    ChecklistTemplate,
    Conversation,
    ConversationKind,
    Employment,
    Mentorship,
    NetworkInvitation,
    NetworkMeeting,
    Notification,
    Person,
    PlanActivity,
    PlanTemplate,
    Responsible,
    Role,
    RoleAssignment,
    Unit,
    User,
    Ward,
)

T = TypeVar("T")

LEADER_RESPONSIBILITIES = (Responsible.AVDELINGSLEDER, Responsible.ENHETSLEDER)


@dataclass(frozen=True)
class Viewer:
    person_id: int
    kommune_id: int
    roles: frozenset[Role]
    unit_ids: frozenset[int]       # units led as enhetsleder
    ward_ids: frozenset[int]       # wards led as avdelingsleder
    ward_unit_ids: frozenset[int]  # units led as avdelingsleder without a named ward
    mentor_unit_ids: frozenset[int]

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_leader(self) -> bool:
        return bool(self.unit_ids or self.ward_ids or self.ward_unit_ids)

    @property
    def leads_ward(self) -> bool:
        return bool(self.ward_ids or self.ward_unit_ids)


def viewer_for(user: User, today: date) -> Viewer:
    # By the person's id: the person comes with the viewer's own query and is set on the user
    # as loaded, so `user.person` (every page shows the name) needs no query of its own.
    viewer, person = _viewer(user.person_id, today)
    set_committed_value(user, "person", person)
    return viewer


def viewer_for_person(person: Person, today: date) -> Viewer:
    """A person's roles and scopes, also for jobs that act for people who are not logged in."""
    return _viewer(person.id, today)[0]


def _viewer(person_id: int, today: date) -> tuple[Viewer, Person]:
    # One query: the person, their role assignments (none: one row with None) and whether they are a mentee.
    rows = db.session.execute(
        select(Person, RoleAssignment, exists().where(Mentorship.mentee_id == person_id))
        .outerjoin(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(Person.id == person_id)).all()
    person = rows[0][0]
    assignments = [a for _, a, _ in rows if a is not None and a.is_valid(today)]
    roles = {a.role for a in assignments}
    if any(is_mentee for _, _, is_mentee in rows):
        roles.add(Role.MENTEE)

    def ids(role, attribute, *, without_ward=False):
        return frozenset(
            getattr(a, attribute) for a in assignments
            if a.role == role and getattr(a, attribute) is not None and (not without_ward or a.ward_id is None)
        )

    return Viewer(
        person_id=person.id,
        kommune_id=person.kommune_id,
        roles=frozenset(roles),
        unit_ids=ids(Role.ENHETSLEDER, "unit_id"),
        ward_ids=ids(Role.AVDELINGSLEDER, "ward_id"),
        ward_unit_ids=ids(Role.AVDELINGSLEDER, "unit_id", without_ward=True),
        mentor_unit_ids=ids(Role.MENTOR, "unit_id"),
    ), person


def require_role(viewer: Viewer, *roles: Role) -> None:
    """A page for some roles only: others get 403."""
    if not any(viewer.has(role) for role in roles):
        abort(403)


def allowed(has_page: bool) -> None:
    """A page the viewer's roles do not have answers 403, before any object is looked at."""
    if not has_page:
        abort(403)


def found(allowed: bool) -> None:
    """An object outside the viewer's scope is as good as missing."""
    if not allowed:
        abort(404)


def in_kommune(viewer: Viewer, record) -> bool:
    """A record of the viewer's own kommune: one kommune's data is never another's."""
    return record.kommune_id == viewer.kommune_id


def load_or_404(model: type[T], record_id: int, *, has_page: bool, in_scope: Callable[[T], bool]) -> T:
    """This id of `model`, in the viewer's scope: 403 when the viewer's roles have no such page
    (decided before anything is read), 404 when the record is missing or outside the scope, so
    that an id tells nothing about records one may not see."""
    allowed(has_page)
    record = db.get_or_404(model, record_id)
    found(in_scope(record))
    return record


# --- Plans and mentorships -------------------------------------------------

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


def mentorship_clause(viewer: Viewer):
    """Mentorships the viewer may follow; the query must join Mentorship.employment."""
    return or_(Mentorship.mentee_id == viewer.person_id, mentor_clause(viewer), leader_clause(viewer))


def follows_plans(viewer: Viewer) -> bool:
    """Roles that have plan pages at all; HR and admin do not."""
    return viewer.has(Role.MENTEE) or viewer.has(Role.MENTOR) or viewer.is_leader


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


def leads_ward_of(viewer: Viewer, employment: Employment) -> bool:
    """The viewer is avdelingsleder for the employment's ward (or for its whole unit)."""
    return employment.unit_id in viewer.ward_unit_ids or (
        employment.ward_id is not None and employment.ward_id in viewer.ward_ids)


def can_hand_over(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Handing a mentee over to another mentor is the enhetsleder's."""
    return mentorship.employment.unit_id in viewer.unit_ids


# --- Conversations: confidential between mentor and mentee -----------------
#
# Everyone who may follow the plan sees that a conversation was held, its date and its
# topics from the fixed list (the free-text «Andre stikkord» are notes; conversations.view_of).
# Notes, preparation, reflection and agreed actions are the participants': the
# mentee, and the mentor for mentor conversations; the holder (the leader of a
# ledersamtale, or a back-up mentor who stood in) while the mentorship is still theirs to
# follow; and the avdelingsleder when the mentee has shared that conversation. The mentor
# was not in a ledersamtale (e.g. the prøvetid evaluation) and does not read it. HR and the
# enhetsleder never read them unless they held the conversation themselves.

def _takes_part(viewer: Viewer, conversation: Conversation) -> bool:
    mentorship = conversation.mentorship
    if viewer.person_id == mentorship.mentee_id:
        return True
    if viewer.person_id == mentorship.mentor_id and conversation.kind is not ConversationKind.LEDERSAMTALE:
        return True
    return conversation.held_by_id == viewer.person_id and can_view_mentorship(viewer, mentorship)


def can_read_notes(viewer: Viewer, conversation: Conversation) -> bool:
    if _takes_part(viewer, conversation):
        return True
    return conversation.shared_with_leader and leads_ward_of(viewer, conversation.mentorship.employment)


def can_log_conversation(viewer: Viewer, mentorship: Mentorship, kind: ConversationKind) -> bool:
    """Mentors (and the back-up mentor) log mentor conversations; leaders in scope log their own."""
    if kind is ConversationKind.LEDERSAMTALE:
        return leads_employment(viewer, mentorship.employment)
    return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)


def can_correct_conversation(viewer: Viewer, conversation: Conversation) -> bool:
    """Whoever logged a conversation corrects it, and whoever may log its kind for the mentorship
    and read its notes (the other mentor, when the first has left); the mentee adds her own notes
    instead."""
    if not conversation.is_logged:
        return False
    mentorship = conversation.mentorship
    return can_view_mentorship(viewer, mentorship) and can_read_notes(viewer, conversation) and (
        conversation.held_by_id == viewer.person_id or can_log_conversation(viewer, mentorship, conversation.kind))


def is_mentee(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Preparation, reflection and sharing are the mentee's own."""
    return viewer.person_id == mentorship.mentee_id


def is_assignee(viewer: Viewer, action: AgreedAction) -> bool:
    """Whether the action was given to the viewer: to the mentee, the mentor (or back-up), or the
    mentee's avdelingsleder or enhetsleder. The assignee reads the action (not the notes)."""
    mentorship = action.conversation.mentorship
    match action.who:
        case Responsible.MENTEE:
            return viewer.person_id == mentorship.mentee_id
        case Responsible.MENTOR:
            return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)
        case Responsible.AVDELINGSLEDER:
            return leads_ward_of(viewer, mentorship.employment)
        case Responsible.ENHETSLEDER:
            return mentorship.employment.unit_id in viewer.unit_ids
    return False


def assigned_actions_clause(viewer: Viewer):
    """Agreed actions given to the viewer (is_assignee as a clause; the query joins Conversation,
    Mentorship and Employment)."""
    return or_(
        (AgreedAction.who == Responsible.MENTEE) & (Mentorship.mentee_id == viewer.person_id),
        (AgreedAction.who == Responsible.MENTOR) & mentor_clause(viewer),
        (AgreedAction.who == Responsible.AVDELINGSLEDER) & ward_leader_clause(viewer),
        (AgreedAction.who == Responsible.ENHETSLEDER) & unit_leader_clause(viewer),
    )


def can_complete_action(viewer: Viewer, action: AgreedAction) -> bool:
    """The conversation's participants tick an agreed action off, and so does the one it was given
    to; a leader it was shared with only reads."""
    return _takes_part(viewer, action.conversation) or is_assignee(viewer, action)


# --- Checklists --------------------------------------------------------------

def can_self_assess(viewer: Viewer, mentorship: Mentorship) -> bool:
    return viewer.person_id == mentorship.mentee_id


def can_sign_off(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Only the mentee's mentor or back-up mentor signs an item off."""
    return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)


# --- Units, wards and templates --------------------------------------------

def can_lead_unit(viewer: Viewer, unit: Unit) -> bool:
    return unit.id in viewer.unit_ids


def can_edit_template(viewer: Viewer, template: PlanTemplate | ChecklistTemplate) -> bool:
    """A unit's own version of a plan template or a checklist: the unit's enhetsleder."""
    return template.unit_id is not None and template.unit_id in viewer.unit_ids


def can_read_template(viewer: Viewer, template: PlanTemplate | ChecklistTemplate) -> bool:
    """A unit's own version: its enhetsleder. The kommune's (no unit): every enhetsleder in the
    kommune, since their units' versions start from it."""
    return can_edit_template(viewer, template) or (
        template.unit_id is None and template.kommune_id == viewer.kommune_id and bool(viewer.unit_ids))


def hiring_wards(viewer: Viewer) -> list[Ward]:
    """Wards where the viewer may register new hires (avdelingsleder, or enhetsleder for all wards)."""
    unit_ids = viewer.unit_ids | viewer.ward_unit_ids
    query = select(Ward).join(Ward.unit).where(
        or_(Ward.id.in_(viewer.ward_ids), Ward.unit_id.in_(unit_ids))
    ).order_by(Unit.name, Ward.name)
    return list(db.session.scalars(query))


# --- People and employment records -----------------------------------------

def can_view_people(viewer: Viewer) -> bool:
    return viewer.has(Role.HR) or viewer.has(Role.ADMIN)


def people_clause(viewer: Viewer):
    """HR and admin see the people of their own kommune, nobody else's."""
    return Person.kommune_id == viewer.kommune_id if can_view_people(viewer) else false()


def can_view_person(viewer: Viewer, person: Person) -> bool:
    return can_view_people(viewer) and person.kommune_id == viewer.kommune_id


def can_edit_employments(viewer: Viewer) -> bool:
    """HR, and the leaders for the employments they lead, register how employments end and
    change size; admin manages the system, not personnel records."""
    return viewer.has(Role.HR) or viewer.is_leader


def can_edit_employment(viewer: Viewer, employment: Employment) -> bool:
    if viewer.has(Role.HR) and employment.person.kommune_id == viewer.kommune_id:
        return True
    return leads_employment(viewer, employment)


def can_upload_staff(viewer: Viewer) -> bool:
    """The staff CSV on the web: the admin for the whole kommune, an enhetsleder for their units."""
    return viewer.has(Role.ADMIN) or bool(viewer.unit_ids)


def staff_upload_scope(viewer: Viewer) -> tuple[frozenset[int] | None, bool]:
    """(the units whose rows the viewer may import, None for every unit and new ones; whether the
    rows may give roles that hold in the whole kommune, such as hr)."""
    if viewer.has(Role.ADMIN):
        return None, True
    return frozenset(viewer.unit_ids), False


def can_add_employments(viewer: Viewer) -> bool:
    """Another employment for someone already known (e.g. after a transfer) is HR's to register."""
    return viewer.has(Role.HR)


def people_led(viewer: Viewer, on: date):
    """A select of the people a leader is responsible for: active employments in their scope."""
    return (
        select(Person)
        .join(Employment, Employment.person_id == Person.id)
        .where(leader_clause(viewer), Employment.start_date <= on,
               or_(Employment.end_date.is_(None), Employment.end_date >= on))
        .distinct()
        .order_by(Person.last_name, Person.first_name)
    )


# --- Calendar feeds --------------------------------------------------------------------------

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


def feed_wards(viewer: Viewer) -> list[Ward]:
    """The avdelinger whose calendar the viewer may take."""
    return hiring_wards(viewer) if viewer.is_leader else []


def can_download_plan(viewer: Viewer, mentorship: Mentorship) -> bool:
    """A plan's calendar file goes to whoever may see the plan."""
    return follows_plans(viewer) and can_view_mentorship(viewer, mentorship)
# --- One's own account ---------------------------------------------------------------------

def can_use_totp(viewer: Viewer) -> bool:
    """A second factor (TOTP) at login is offered to admin and HR, who see the most; every account
    may change its own password and e-mail address."""
    return viewer.has(Role.ADMIN) or viewer.has(Role.HR)


def can_manage_totp(viewer: Viewer, totp_enabled: bool) -> bool:
    """Enrol if offered; switch off what is on, also after the role has ended."""
    return can_use_totp(viewer) or totp_enabled


# --- Accounts ----------------------------------------------------------------

def can_manage_accounts(viewer: Viewer) -> bool:
    """The kommune's accounts: who may log in, inviting, deactivating. The admin's alone."""
    return viewer.has(Role.ADMIN)


# --- Notifications and the outbox --------------------------------------------

def can_view_notification(viewer: Viewer, notification: Notification) -> bool:
    """A message is its recipient's alone: nobody else reads it, whatever their role."""
    return notification.person_id == viewer.person_id


def can_view_outbox(viewer: Viewer) -> bool:
    """The admin follows delivery (to whom, what kind, whether it went), never what a message says."""
    return viewer.has(Role.ADMIN)


def outbox_clause(viewer: Viewer):
    """Messages to people of the admin's own kommune (the query joins Person)."""
    return Person.kommune_id == viewer.kommune_id if can_view_outbox(viewer) else false()
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


# --- The access log (tilgangslogg) ------------------------------------------------------------

def can_search_access_log(viewer: Viewer) -> bool:
    """The admin reviews who read what; nobody can change or delete an entry."""
    return viewer.has(Role.ADMIN)


def access_log_clause(viewer: Viewer):
    """Entries about people of the admin's own kommune (the query joins the subject Person)."""
    return Person.kommune_id == viewer.kommune_id if can_search_access_log(viewer) else false()


def can_export_data_of(viewer: Viewer, person_id: int) -> bool:
    """A person's data export (GDPR art. 15/20) is theirs alone: no role exports anyone else's."""
    return viewer.person_id == person_id


def own_access_log_clause(viewer: Viewer):
    """Every employee sees who read or changed their records (Normen)."""
    return AccessLogEntry.subject_id == viewer.person_id
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
