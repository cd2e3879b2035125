"""Done when: the scheduler, run hour by hour through a simulated week against the demo kommune,
sends exactly the expected messages to a real SMTP server, once each.

The expected messages are worked out here from the plans as loaded, by the rules as the issue
states them, not by the code under test.
"""
from collections import Counter
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select

from mentorplan.clock import OSLO
from mentorplan.demo.kommune import build_demo
from mentorplan.extensions import db
from mentorplan.jobs import run_once
from mentorplan.models import (
    ActivityStatus,
    Mentorship,
    NetworkInvitation,
    Notification,
    NotificationKind,
    Person,
    Plan,
    PlanActivity,
    Role,
    RoleAssignment,
    User,
)

DAY = date(2026, 1, 29)  # a Thursday: the week holds a Friday digest and the turn of a month
START = datetime.combine(DAY, time(0), tzinfo=OSLO)
HOURS = 7 * 24


def address(person: Person) -> str:
    login = db.session.scalar(select(User.email).where(User.person_id == person.id))
    return login or person.email


def running(day: date):
    return or_(Mentorship.end_date.is_(None), Mentorship.end_date >= day)


def holders(role: Role, day: date) -> list[Person]:
    found = {a.person_id: a.person for a in db.session.scalars(select(RoleAssignment).where(RoleAssignment.role == role))
             if a.is_valid(day)}
    return list(found.values())


def expected_tomorrow() -> Counter:
    """Every placed activity from now to the end of the week's last tomorrow, to mentee and partner."""
    last = datetime.combine(DAY + timedelta(days=8), time())
    activities = db.session.scalars(
        select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship)
        .where(PlanActivity.status == ActivityStatus.SCHEDULED, PlanActivity.scheduled_start > START.replace(tzinfo=None),
               PlanActivity.scheduled_start < last, running(DAY)))
    expected = Counter()
    for activity in activities:
        when = "i dag" if activity.scheduled_start.date() == DAY else "i morgen"
        for person in (activity.plan.mentorship.mentee, activity.partner):
            expected[(address(person), f"Påminnelse: {activity.title} {when}")] += 1
    return expected


def expected_overviews() -> Counter:
    expected = Counter()
    for leader in holders(Role.AVDELINGSLEDER, DAY + timedelta(days=1)):
        expected[(address(leader), "Ukeoversikt for avdelingen, uke 5")] += 1
    for leader in holders(Role.ENHETSLEDER, DAY):
        for month in ("januar", "februar"):
            expected[(address(leader), f"Planer som henger etter, {month} 2026")] += 1
    return expected


def expected_probation() -> Counter:
    """Open prøvetid evaluations whose deadline is within 14 days of some hour of the week."""
    activities = db.session.scalars(
        select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship)
        .where(PlanActivity.title == "Prøvetidsvurdering", PlanActivity.status != ActivityStatus.DONE,
               PlanActivity.status != ActivityStatus.CANCELLED, PlanActivity.due_to >= DAY,
               PlanActivity.due_to <= DAY + timedelta(days=6 + 14), running(DAY)))
    expected = Counter()
    for activity in activities:
        employment = activity.plan.mentorship.employment
        [leader] = [a.person for a in db.session.scalars(select(RoleAssignment).where(
            RoleAssignment.role == Role.AVDELINGSLEDER, RoleAssignment.ward_id == employment.ward_id))]
        expected[(address(leader), f"Frist for prøvetidsvurdering {activity.due_to:%d.%m.%Y}")] += 1
    return expected


def expected_network() -> Counter:
    """Each mentor invited to a network meeting, once, when 07:00 a week before the meeting day has
    come while the meeting is still ahead at some hourly run of the week."""
    runs = [START + timedelta(hours=hour) for hour in range(HOURS)]
    expected = Counter()
    for invitation in db.session.scalars(select(NetworkInvitation)):
        meeting = invitation.meeting
        due = datetime.combine(meeting.starts.date() - timedelta(days=7), time(7), tzinfo=OSLO)
        if any(due <= run < meeting.starts.replace(tzinfo=OSLO) for run in runs):
            expected[(address(invitation.person), f"Nettverksmøte {meeting.starts:%d.%m.%Y}")] += 1
    return expected


def bring_probation_forward(email: str, deadline: date) -> None:
    """The leader has agreed an earlier prøvetid evaluation for the demo mentee (so the week holds one)."""
    person_id = db.session.scalar(select(User.person_id).where(User.email == email))
    mentorship = db.session.scalar(select(Mentorship).where(Mentorship.mentee_id == person_id))
    evaluation = next(a for a in mentorship.plan.activities if a.title == "Prøvetidsvurdering")
    assert evaluation.status is not ActivityStatus.DONE
    evaluation.due_from, evaluation.due_to = DAY, deadline


def test_a_simulated_week_sends_exactly_the_expected_messages_once_each(app, smtp, ctx):
    app.config.update(FIXED_TODAY=DAY, FIXED_NOW=START)
    build_demo(DAY)
    bring_probation_forward("mentee@demo.no", DAY + timedelta(days=10))
    db.session.commit()
    # Loading the demo placed activities in the next 48 hours: those people are told of them.
    loaded = Counter((address(n.person), n.subject) for n in db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.CHANGE)))
    tomorrow, overviews, probation = expected_tomorrow(), expected_overviews(), expected_probation()
    network = expected_network()
    expected = tomorrow + overviews + probation + loaded + network
    assert sum(tomorrow.values()) > 20 and sum(overviews.values()) == 15 + 12
    assert sum(probation.values()) == 1 and sum(loaded.values()) > 5
    assert sum(network.values()) > 5  # the demo's networks meet on the first Tuesday of February

    for hour in range(HOURS):
        moment = START + timedelta(hours=hour)
        app.config.update(FIXED_TODAY=moment.date(), FIXED_NOW=moment)
        run_once(moment)

    received = Counter((r.to[0], r.subject) for r in smtp.received)
    assert received == expected
    assert len({r.message_id for r in smtp.received}) == len(smtp.received)
    # Another day's runs add nothing that was already sent.
    run_once(START + timedelta(hours=HOURS - 1, minutes=30))
    assert Counter((r.to[0], r.subject) for r in smtp.received) == expected
