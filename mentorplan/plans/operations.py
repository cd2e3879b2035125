"""Operations on the mentor programme: templates, mentorships and plans.

Each operation adds and flushes; the caller (a request, a command) commits once.
"""
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorplan.checklists.operations import ensure_checklist
from mentorplan.extensions import db
from mentorplan.go_live.marking import apply_go_live
from mentorplan.models import (
    AccessKind,
    ActivityKind,
    ActivityStatus,
    Employment,
    Kommune,
    MentorChange,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    PlanTemplate,
    Responsible,
    Role,
    RoleAssignment,
    TalkingPoint,
    TemplateActivity,
    TemplateStatus,
    Unit,
)
from mentorplan.models.types import utcnow
from mentorplan.notifications.mentors import queue_mentor_notice
from mentorplan.planning.default_template import ActivitySpec, default_activities
from mentorplan.planning.plan import dated_activities
from mentorplan.plans import versions
from mentorplan.plans.errors import AlreadyDone, ProgrammeError  # the errors of every operation here
from mentorplan.plans.locking import read_for_update
from mentorplan.privacy.access_log import log_grant

DEFAULT_TEMPLATE_NAME = "Mentoreringsplan for nytilsatte sykepleiere"
MAX_MENTORSHIP = timedelta(days=730)


def spec_of(activity: TemplateActivity) -> ActivitySpec:
    return ActivitySpec(
        kind=activity.kind.value,
        title=activity.title,
        responsible=activity.responsible.value,
        participants=tuple(p for p in activity.participants.split(",") if p),
        due_from_day=activity.due_from_day,
        due_to_day=activity.due_to_day,
        duration_minutes=activity.duration_minutes,
        needs_shared_shift=activity.needs_shared_shift,
        guidance=activity.guidance,
    )


def _template_activity(spec: ActivitySpec, position: int) -> TemplateActivity:
    return TemplateActivity(
        position=position,
        kind=ActivityKind(spec.kind),
        title=spec.title,
        responsible=Responsible(spec.responsible),
        participants=",".join(spec.participants),
        due_from_day=spec.due_from_day,
        due_to_day=spec.due_to_day,
        duration_minutes=spec.duration_minutes,
        needs_shared_shift=spec.needs_shared_shift,
        guidance=spec.guidance,
    )


def kommune_default_template(kommune: Kommune) -> PlanTemplate:
    """The kommune's newest published default template, created from the shipped one if none."""
    template = versions.kommune_version(PlanTemplate, kommune.id)
    if template is None:
        template = PlanTemplate(
            kommune=kommune, unit=None, name=DEFAULT_TEMPLATE_NAME, version=1,
            status=TemplateStatus.PUBLISHED, published_at=utcnow(),
            activities=[_template_activity(s, i) for i, s in enumerate(default_activities(), 1)],
        )
        db.session.add(template)
        db.session.flush()
    return template


def unit_templates(unit: Unit) -> list[PlanTemplate]:
    return versions.unit_versions(PlanTemplate, unit)


def current_template(unit: Unit) -> PlanTemplate:
    """The template new plans at this unit are made from: its own newest published version, or
    the kommune's (the kommune is loaded only when the shipped one must be saved)."""
    template = versions.current_version(PlanTemplate, unit)
    return template if template is not None else kommune_default_template(unit.kommune)


def draft_template(unit: Unit) -> PlanTemplate | None:
    return versions.draft_version(PlanTemplate, unit)


def new_draft(unit: Unit, author: Person) -> PlanTemplate:
    """A draft copy of the unit's current template; running plans stay as they are."""
    return versions.new_draft_version(PlanTemplate, unit, author, current_template, _copied_contents)


def _copied_contents(source: PlanTemplate) -> dict:
    return {
        "based_on": source,
        "activities": [_template_activity(spec_of(a), i) for i, a in enumerate(in_order(source), 1)],
        "talking_points": [TalkingPoint(phase=p.phase, position=p.position, text=p.text)
                           for p in source.talking_points],
    }


def publish(template: PlanTemplate) -> None:
    if template.is_draft and not template.activities:
        raise ProgrammeError("En mal uten aktiviteter kan ikke publiseres.")
    versions.publish_version(template, "Malen er allerede publisert.")


def in_order(template: PlanTemplate) -> list[TemplateActivity]:
    """Template activities by due day; a fresh template's list is in insertion order, a loaded one is not."""
    return sorted(template.activities, key=lambda a: (a.due_from_day, a.position))


def _plan_activities(template: PlanTemplate, start: date, skip_titles=frozenset()) -> list[PlanActivity]:
    ordered = in_order(template)
    by_position = dict(enumerate(ordered, 1))
    specs = [spec_of(a) for a in ordered]
    return [
        PlanActivity(
            template_activity_id=by_position[dated.position].id,
            position=dated.position,
            kind=ActivityKind(dated.spec.kind),
            title=dated.spec.title,
            responsible=Responsible(dated.spec.responsible),
            participants=",".join(dated.spec.participants),
            due_from=dated.due_from,
            due_to=dated.due_to,
            duration_minutes=dated.spec.duration_minutes,
            needs_shared_shift=dated.spec.needs_shared_shift,
            guidance=dated.spec.guidance,
            status=ActivityStatus.PLANNED,
        )
        for dated in dated_activities(specs, start)
        if (dated.spec.kind, dated.spec.title) not in skip_titles
    ]


def unit_mentors(unit: Unit, on: date) -> list[Person]:
    assignments = db.session.scalars(
        select(RoleAssignment).where(RoleAssignment.role == Role.MENTOR, RoleAssignment.unit_id == unit.id)
        .options(joinedload(RoleAssignment.person))
    )
    mentors = {a.person_id: a.person for a in assignments if a.is_valid(on)}
    return sorted(mentors.values(), key=lambda p: (p.last_name, p.first_name))


def start_mentorship(employment: Employment, mentor: Person, start: date | None = None,
                     by: Person | None = None, announce: bool = True) -> Mentorship:
    """Pair a new hire with a mentor and make their one-year plan from the unit's current template.
    `by` appointed the mentor (None: the operator's staff file); the appointment is logged and
    the mentee told (a mentor reads her notes), unless the history is being built (the demo)."""
    if mentor.id == employment.person_id:
        raise ProgrammeError("En nytilsatt kan ikke være sin egen mentor.")
    _not_self(mentor, by)
    start = start or employment.start_date
    backup = next((m for m in unit_mentors(employment.unit, start) if m.id != mentor.id), None)
    mentorship = Mentorship(
        mentee_id=employment.person_id, mentor_id=mentor.id, backup_mentor=backup,
        employment=employment, start_date=start,
    )
    template = current_template(employment.unit)
    mentorship.plan = Plan(template=template, start_date=start, activities=_plan_activities(template, start))
    # A hire already under way when the kommune took mentorplan into use: what was due before
    # that is «før mentorplan», not overdue.
    apply_go_live(mentorship.plan, employment.unit.kommune.go_live_on)
    db.session.add(mentorship)
    db.session.flush()
    # The checklist is pinned to the unit's current version now, like the plan: made later, on a
    # page that only shows it, the shipped version would be built and rolled back with the request,
    # and the page would offer items that do not exist.
    ensure_checklist(mentorship)
    if announce:
        _announce(mentorship, mentor, by)
    return mentorship


def _not_self(mentor: Person, by: Person | None) -> None:
    """Nobody makes themselves a mentor, and so a reader of someone's notes: another leader must."""
    if by is not None and mentor.id == by.id:
        raise ProgrammeError("Du kan ikke gjøre deg selv til mentor. En annen leder må oppnevne deg.")


def _announce(mentorship: Mentorship, mentor: Person, by: Person | None) -> None:
    log_grant(by.id if by is not None else None, AccessKind.MENTORSHIP, mentorship.id, mentorship.mentee_id)
    queue_mentor_notice(mentorship, mentor, by)


def change_mentor(mentorship: Mentorship, mentor: Person, by: Person | None = None) -> None:
    """Another mentor takes over; the plan and what has been done stay with the mentorship. Logged,
    and the mentee told."""
    _not_self(mentor, by)
    mentorship.mentor = mentor
    if mentorship.backup_mentor_id == mentor.id:
        others = unit_mentors(mentorship.employment.unit, mentorship.start_date)
        mentorship.backup_mentor = next((m for m in others if m.id != mentor.id), None)
    db.session.flush()
    _announce(mentorship, mentor, by)


def hand_over(mentorship: Mentorship, mentor: Person, by: Person, on: date, reason: str) -> MentorChange:
    """The enhetsleder hands the mentee over to another of the unit's mentors.

    The mentorship, its plan, conversations and checklist stay as they are: the new mentor
    takes over all of it, the former mentor loses access, and the change is kept as history.
    The caller re-places the plan.
    """
    if not mentorship.is_active(on):
        raise ProgrammeError("Mentorforløpet er avsluttet.")
    if mentor.id == mentorship.mentee_id:
        raise ProgrammeError("En nytilsatt kan ikke være sin egen mentor.")
    if mentor.id == mentorship.mentor_id:
        raise ProgrammeError("Velg en annen mentor enn den nåværende.")
    _not_self(mentor, by)
    if mentor.id not in {m.id for m in unit_mentors(mentorship.employment.unit, on)}:
        raise ProgrammeError("Den nye mentoren må være mentor ved enheten.")
    leaving = mentorship.mentor_id
    change = MentorChange(mentorship_id=mentorship.id, from_mentor_id=leaving, to_mentor=mentor,
                          changed_on=on, changed_by=by, reason=reason)
    db.session.add(change)
    change_mentor(mentorship, mentor, by)
    # The mentor handed over has quit or is away: they do not stay on as the back-up.
    if mentorship.backup_mentor_id in (leaving, None):
        others = [m for m in unit_mentors(mentorship.employment.unit, on) if m.id not in (leaving, mentor.id)]
        mentorship.backup_mentor = others[0] if others else None
    db.session.flush()
    return change


def mentor_changes(mentorship: Mentorship) -> list[MentorChange]:
    return list(db.session.scalars(
        select(MentorChange).where(MentorChange.mentorship_id == mentorship.id)
        .order_by(MentorChange.changed_on, MentorChange.id)))


def end_mentorship(mentorship: Mentorship, end: date) -> None:
    if end - mentorship.start_date > MAX_MENTORSHIP:
        raise ProgrammeError("Et mentorforløp varer høyst to år.")
    mentorship.end_date = end
    db.session.flush()


def apply_template(plan: Plan, template: PlanTemplate) -> int:
    """Move a running plan to another template version, explicitly.

    Done, cancelled and «før mentorplan» activities stay as history; open ones are replaced by the
    new version's, except those the mentee has already done. Returns the number of new activities.
    """
    if template.is_draft:
        raise ProgrammeError("Bare publiserte maler kan tas i bruk.")
    if plan.template_id == template.id:
        raise ProgrammeError("Planen følger allerede denne versjonen.")
    read_for_update([plan])  # an activity marked done meanwhile is kept, not replaced
    kept = [a for a in plan.activities if not a.status.is_open]
    done = frozenset((a.kind.value, a.title) for a in kept)
    for activity in [a for a in plan.activities if a.status.is_open]:
        plan.activities.remove(activity)
    fresh = _plan_activities(template, plan.start_date, skip_titles=done)
    plan.activities.extend(fresh)
    plan.template = template
    apply_go_live(plan, plan.mentorship.employment.unit.kommune.go_live_on)
    db.session.flush()
    return len(fresh)


def mark_done(activity: PlanActivity, by: Person, on: date) -> None:
    if not activity.status.is_open:
        raise AlreadyDone("Aktiviteten er allerede avsluttet.")
    activity.status = ActivityStatus.DONE
    activity.completed_on = on
    activity.completed_by = by
    activity.completed_at = utcnow()
    db.session.flush()


class Leaders:
    """The leader role assignments of some units, read once: a schedule run asks for hundreds of plans."""

    def __init__(self, unit_ids: Iterable[int]):
        self.assignments: dict[tuple[int, Role], list[RoleAssignment]] = defaultdict(list)
        query = (select(RoleAssignment).options(joinedload(RoleAssignment.person))
                 .where(RoleAssignment.role.in_((Role.AVDELINGSLEDER, Role.ENHETSLEDER)),
                        RoleAssignment.unit_id.in_(set(unit_ids)))
                 .order_by(RoleAssignment.id))
        for assignment in db.session.scalars(query):
            self.assignments[(assignment.unit_id, assignment.role)].append(assignment)

    def leader_of(self, employment: Employment, role: Role, on: date) -> Person | None:
        """The avdelingsleder of the employment's ward (else of its unit), or the unit's enhetsleder."""
        assignments = [a for a in self.assignments[(employment.unit_id, role)] if a.is_valid(on)]
        same_ward = [a for a in assignments if a.ward_id is not None and a.ward_id == employment.ward_id]
        unit_wide = [a for a in assignments if a.ward_id is None]
        chosen = (same_ward or unit_wide or assignments or [None])[0]
        return chosen.person if chosen else None


def plan_people(mentorship: Mentorship, on: date, leaders: Leaders | None = None) -> dict[Responsible, Person | None]:
    """Who fills each role of a plan: mentee, mentor and the mentee's leaders."""
    employment = mentorship.employment
    leaders = leaders or Leaders([employment.unit_id])
    return {
        Responsible.MENTEE: mentorship.mentee,
        Responsible.MENTOR: mentorship.mentor,
        Responsible.AVDELINGSLEDER: leaders.leader_of(employment, Role.AVDELINGSLEDER, on),
        Responsible.ENHETSLEDER: leaders.leader_of(employment, Role.ENHETSLEDER, on),
    }


def activity_people(activity: PlanActivity, people: dict[Responsible, Person | None]) -> list[Person]:
    """The mentee first, then whoever is responsible, then the other participants."""
    roles = [Responsible.MENTEE, activity.responsible]
    roles += [Responsible(p) for p in activity.participants.split(",") if p]
    persons = []
    for role in roles:
        person = people.get(role)
        if person is not None and person not in persons:
            persons.append(person)
    return persons
