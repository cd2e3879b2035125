"""What falls due when: the reminders and overviews the scheduler queues at a given moment.

Each generator looks at the plans as they stand at `now` (local Oslo time) and proposes the
messages that have fallen due and not yet expired, each under a key naming its event. After
downtime a message that fell due meanwhile is still proposed while it makes sense (the rules
below), and the unique key keeps it to one; what no longer makes sense is never proposed.

- tomorrow: each placed activity, to the mentee and whoever they are placed with; due at
  REMINDER_TIME the day before, proposed until the activity starts.
- digest: each avdelingsleder, weekly on the weekday they chose (Friday unless changed), at
  MORNING_TIME; proposed until that ISO week ends.
- probation: the leader responsible for an open prøvetidsvurdering, PROBATION_NOTICE_DAYS before
  its deadline at MORNING_TIME; proposed until the deadline has passed.
- behind: each enhetsleder on the first of the month at MORNING_TIME; proposed until the month ends.

- network: each mentor invited to a network meeting, a week ahead at MORNING_TIME, saying whether
  they are on shift then (notifications/network.py); proposed until the meeting starts.
"""
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from mentorplan.access import (
    Viewer,
    unit_leader_clause,
    viewer_for_person,
    ward_leader_clause,
)
from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityKind,
    ActivityStatus,
    Mentorship,
    NotificationKind,
    NotificationSettings,
    Person,
    Plan,
    PlanActivity,
    Responsible,
    Role,
    RoleAssignment,
    Unit,
    User,
    Ward,
)
from mentorplan.models.notifications import DEFAULT_DIGEST_WEEKDAY
from mentorplan.notifications.messages import (
    Candidate,
    Draft,
    Section,
    config_time,
    end_of,
    local_moment,
    path_for,
    queue_candidates,
    when,
)
from mentorplan.notifications.network import network_reminders
from mentorplan.planning.progress import progress
from mentorplan.plans.operations import Leaders, plan_people, unit_mentors
from mentorplan.plans.overview import load_mentorships
from mentorplan.scheduling.overview import (
    Week,
    coming_days,
    open_conflicts,
    partner_role,
)

PROBATION_TITLE = "røvetid"  # «Prøvetidsvurdering» in the default template, any case of the P
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def generate_due(now: datetime) -> int:
    """Queue every message due at `now` that is not queued yet; returns how many were new."""
    local = now.astimezone(OSLO)
    return queue_candidates(c for generate in GENERATORS for c in generate(local))


def _running(day: date):
    return or_(Mentorship.end_date.is_(None), Mentorship.end_date >= day)


# --- Tomorrow's opplæringsvakt or conversation -------------------------------------------------

def tomorrow_reminders(local: datetime):
    at = config_time("REMINDER_TIME")
    last_day = local.date() + timedelta(days=1) if local.time() >= at else local.date()
    naive = local.replace(tzinfo=None)
    query = (select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship)
             .where(PlanActivity.status == ActivityStatus.SCHEDULED, PlanActivity.scheduled_start > naive,
                    PlanActivity.scheduled_start < datetime.combine(last_day + timedelta(days=1), time()),
                    _running(local.date()))
             .options(joinedload(PlanActivity.partner),
                      joinedload(PlanActivity.plan).joinedload(Plan.mentorship).joinedload(Mentorship.mentee))
             .order_by(PlanActivity.scheduled_start, PlanActivity.id))
    for activity in db.session.scalars(query):
        people = [activity.plan.mentorship.mentee] + ([activity.partner] if activity.partner else [])
        for person in people:
            key = f"tomorrow:{activity.id}:{person.id}:{activity.scheduled_start.date().isoformat()}"
            yield Candidate(key, lambda a=activity, p=person, k=key: _tomorrow(k, a, p, local, at))


def _tomorrow(key: str, activity: PlanActivity, person: Person, local: datetime, at: time) -> Draft:
    start = activity.scheduled_start
    mentee = activity.plan.mentorship.mentee
    relative = "i dag" if start.date() == local.date() else "i morgen"
    if person.id == mentee.id:
        other = activity.partner.full_name if activity.partner else ""
        whom = f" med {partner_role(activity)} {other}" if other else ""
        link = path_for("plans.my_plan")
    else:
        whom = f" med {mentee.full_name}"
        link = path_for("plans.show", mentorship_id=activity.plan.mentorship_id)
    intro = f"Du har «{activity.title}»{whom} {relative}, {when(start, activity.scheduled_end)}."
    sections = (Section("Dette kan dere forberede", (activity.guidance,), "Ingen særlige forberedelser."),)
    return Draft(key, NotificationKind.TOMORROW, person, subject=f"Påminnelse: {activity.title} {relative}",
                 summary=f"{activity.title}{whom} {relative} kl. {start:%H:%M}.", intro=intro,
                 sections=sections, link=link, link_text="Se planen",
                 due_at=local_moment(start.date() - timedelta(days=1), at),
                 expires_at=start.replace(tzinfo=OSLO))


# --- The avdelingsleder's weekly digest --------------------------------------------------------

def _holders(role: Role, day: date) -> list[Person]:
    assignments = db.session.scalars(select(RoleAssignment).where(RoleAssignment.role == role)
                                     .options(joinedload(RoleAssignment.person)).order_by(RoleAssignment.id))
    people = {a.person_id: a.person for a in assignments if a.is_valid(day)}
    return list(people.values())


def digest_weekdays(people: list[Person]) -> dict[int, int]:
    """Each person's chosen digest weekday (0 = Monday); Friday when they have not chosen."""
    rows = db.session.execute(select(User.person_id, NotificationSettings.digest_weekday)
                              .join(NotificationSettings, NotificationSettings.user_id == User.id)
                              .where(User.person_id.in_([p.id for p in people])))
    chosen = dict(rows.all())
    return {p.id: chosen.get(p.id, DEFAULT_DIGEST_WEEKDAY) for p in people}


def weekly_digests(local: datetime):
    at, day = config_time("MORNING_TIME"), local.date()
    week = Week.of(day)
    leaders = _holders(Role.AVDELINGSLEDER, day)
    weekdays = digest_weekdays(leaders)
    for person in leaders:
        due = local_moment(week.monday + timedelta(days=weekdays[person.id]), at)
        if local >= due:
            key = f"digest:{person.id}:{week.key}"
            yield Candidate(key, lambda p=person, k=key, d=due: _digest(k, p, day, d, week))


def _digest(key: str, person: Person, day: date, due: datetime, week: Week) -> Draft:
    viewer = viewer_for_person(person, day)
    scope = ward_leader_clause(viewer)
    first, last = day + timedelta(days=1), day + timedelta(days=7)
    coming = [f"{when(a.scheduled_start, a.scheduled_end)}: {a.title} – {a.plan.mentorship.mentee.full_name}"
              for _, activities in coming_days(scope, first, last) for a in activities]
    overdue = [f"{a.title} – {m.mentee.full_name} (frist {a.due_to:%d.%m.%Y})"
               for m in load_mentorships(scope, active_on=day) for a in progress(m.plan.activities, day).overdue]
    conflicts = [f"{a.title} – {a.plan.mentorship.mentee.full_name}: {a.conflict_reason or 'ikke plassert'}"
                 for a in open_conflicts(scope, day)]
    sections = (
        Section(f"Neste sju dager ({first:%d.%m}–{last:%d.%m})", tuple(coming), "Ingen aktiviteter plassert."),
        Section("Forfalte aktiviteter", tuple(overdue), "Ingen."),
        Section("Åpne konflikter", tuple(conflicts), "Ingen."),
        Section("Enheter med færre enn to mentorer", tuple(_short_of_mentors(viewer, day)), "Ingen."),
    )
    summary = (f"Ukeoversikt uke {week.number}: {len(coming)} aktiviteter neste sju dager, "
               f"{len(overdue)} forfalte, {len(conflicts)} konflikter.")
    return Draft(key, NotificationKind.DIGEST, person, subject=f"Ukeoversikt for avdelingen, uke {week.number}",
                 summary=summary, intro="Her er oversikten over mentorprogrammet i avdelingen din.",
                 sections=sections, link=path_for("scheduling.coming"), link_text="Se de kommende ukene",
                 due_at=due, expires_at=end_of(week.sunday))


def _short_of_mentors(viewer: Viewer, day: date) -> list[str]:
    unit_ids = set(viewer.ward_unit_ids) | set(viewer.unit_ids) | set(
        db.session.scalars(select(Ward.unit_id).where(Ward.id.in_(viewer.ward_ids))))
    minimum = current_app.config["MENTORS_PER_UNIT"]
    lines = []
    for unit in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)).order_by(Unit.name)):
        count = len(unit_mentors(unit, day))
        if count < minimum:
            lines.append(f"{unit.name}: {count} aktiv{'e' if count != 1 else ''} mentor{'er' if count != 1 else ''}")
    return lines


# --- Before the prøvetid deadline --------------------------------------------------------------

def probation_reminders(local: datetime):
    at, day = config_time("MORNING_TIME"), local.date()
    notice = timedelta(days=current_app.config["PROBATION_NOTICE_DAYS"])
    query = (select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship)
             .where(PlanActivity.kind == ActivityKind.LEDERSAMTALE, PlanActivity.title.ilike(f"%{PROBATION_TITLE}%"),
                    PlanActivity.status.in_((ActivityStatus.PLANNED, ActivityStatus.SCHEDULED,
                                             ActivityStatus.CONFLICT)),
                    PlanActivity.due_to >= day, PlanActivity.due_to <= day + notice, _running(day))
             .options(joinedload(PlanActivity.plan).joinedload(Plan.mentorship).joinedload(Mentorship.employment),
                      joinedload(PlanActivity.plan).joinedload(Plan.mentorship).joinedload(Mentorship.mentee))
             .order_by(PlanActivity.due_to, PlanActivity.id))
    activities = [a for a in db.session.scalars(query) if local >= local_moment(a.due_to - notice, at)]
    leaders = Leaders({a.plan.mentorship.employment.unit_id for a in activities})
    for activity in activities:
        people = plan_people(activity.plan.mentorship, day, leaders)
        leader = people[Responsible.AVDELINGSLEDER] or people[Responsible.ENHETSLEDER]
        if leader is None:
            continue
        key = f"probation:{activity.id}:{leader.id}:{activity.due_to.isoformat()}"
        due = local_moment(activity.due_to - notice, at)
        yield Candidate(key, lambda a=activity, p=leader, k=key, d=due: _probation(k, a, p, d))


def _probation(key: str, activity: PlanActivity, leader: Person, due: datetime) -> Draft:
    mentee = activity.plan.mentorship.mentee
    placed = (f"Samtalen er plassert {when(activity.scheduled_start, activity.scheduled_end)}."
              if activity.status is ActivityStatus.SCHEDULED else "Samtalen er ikke plassert ennå.")
    intro = (f"Prøvetidsvurderingen for {mentee.full_name} må holdes innen {activity.due_to:%d.%m.%Y} "
             f"(arbeidsmiljøloven § 15-6). {placed}")
    return Draft(key, NotificationKind.PROBATION, leader,
                 subject=f"Frist for prøvetidsvurdering {activity.due_to:%d.%m.%Y}",
                 summary=f"Prøvetidsvurdering for {mentee.full_name} innen {activity.due_to:%d.%m.%Y}.",
                 intro=intro, sections=(Section("Forberedelse", (activity.guidance,), ""),),
                 link=path_for("plans.show", mentorship_id=activity.plan.mentorship_id), link_text="Se planen",
                 due_at=due, expires_at=end_of(activity.due_to))


# --- The enhetsleder's monthly note ------------------------------------------------------------

def monthly_notes(local: datetime):
    at, day = config_time("MORNING_TIME"), local.date()
    first = day.replace(day=1)
    due = local_moment(first, at)
    if local < due:
        return
    for person in _holders(Role.ENHETSLEDER, day):
        key = f"behind:{person.id}:{first:%Y-%m}"
        yield Candidate(key, lambda p=person, k=key: _behind(k, p, day, due))


def _behind(key: str, person: Person, day: date, due: datetime) -> Draft:
    viewer = viewer_for_person(person, day)
    lines = []
    for mentorship in load_mentorships(unit_leader_clause(viewer), active_on=day):
        overdue = progress(mentorship.plan.activities, day).overdue
        if overdue:
            ward = mentorship.employment.ward.name if mentorship.employment.ward else mentorship.employment.unit.name
            oldest = min(a.due_to for a in overdue)
            count = "1 forfalt aktivitet" if len(overdue) == 1 else f"{len(overdue)} forfalte aktiviteter"
            lines.append(f"{mentorship.mentee.full_name} ({ward}): {count}, eldste frist {oldest:%d.%m.%Y}")
    month = MONTHS[day.month - 1]
    plans = "1 plan henger" if len(lines) == 1 else f"{len(lines) or 'Ingen'} planer henger"
    summary = f"{plans} etter i enheten per {day:%d.%m.%Y}."
    next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Draft(key, NotificationKind.BEHIND, person, subject=f"Planer som henger etter, {month} {day.year}",
                 summary=summary, intro=f"Slik står det til med planene i enheten din per {day:%d.%m.%Y}.",
                 sections=(Section("Planer med forfalte aktiviteter", tuple(lines), "Ingen – alle er i rute."),),
                 link=path_for("unit.overview"), link_text="Se enheten", due_at=due,
                 expires_at=end_of(next_month - timedelta(days=1)))


GENERATORS = [tomorrow_reminders, weekly_digests, probation_reminders, monthly_notes, network_reminders]
