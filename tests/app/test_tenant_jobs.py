"""Many kommuner in one installation: the scheduler process's jobs never mix them.

The jobs run outside any request, over every kommune at once (flask scheduler, flask schedule):
the reminders and overviews (`notifications.reminders.generate_due`), the outbox and the
placement run (`scheduling.service.schedule_all`). Kommune A (`Testkommune`) and kommune B
(`Annen kommune`) get the same turnus and leaders of every kind; every message queued must name
only people, units and wards of its recipient's kommune, and every activity must be placed with
people of the mentee's kommune.
"""
from datetime import date, datetime, time, timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.jobs import run_once
from mentorplan.models import (
    ActivityKind,
    ActivityStatus,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    PlanActivity,
    Role,
    Shift,
    Unit,
    Ward,
)
from mentorplan.scheduling.service import schedule_all

from tests import factories

FIRST_DAY, LAST_DAY = date(2026, 8, 31), date(2026, 12, 31)


class Recorder:
    """A transport that keeps what it is given, as the outbox hands it over."""

    def __init__(self):
        self.sent = []

    def send(self, message) -> None:
        self.sent.append(message)

    def close(self) -> None:
        pass


@pytest.fixture
def two_kommuner(app, world):
    """Kommune B gets an avdelingsleder and an enhetsleder like A's; everyone in both kommuner works
    the same weekday day shifts from late August to the end of the year."""
    with app.app_context():
        other = db.session.get(Unit, world.unit_ids["other"])
        ward = db.session.get(Ward, world.ward_ids["other"])
        kommune = other.kommune
        for key, role, first in (("avdelingsleder_other", Role.AVDELINGSLEDER, "Atle"),
                                 ("enhetsleder_other", Role.ENHETSLEDER, "Erik")):
            p = factories.person(kommune, first, "Annen", email=f"{key}@test.no")
            factories.user(p, f"{key}@test.no")
            factories.employment(p, other, date(2015, 1, 5), ward)
            factories.assign(p, role, kommune, other if role is Role.ENHETSLEDER else None,
                             ward if role is Role.AVDELINGSLEDER else None)
            db.session.flush()
            world.person_ids[key] = p.id
        for person in db.session.scalars(select(Person)):
            day = FIRST_DAY
            while day <= LAST_DAY:
                if day.weekday() < 5:
                    db.session.add(Shift(person=person, day=day, code="D1", starts=datetime.combine(day, time(7, 30)),
                                         ends=datetime.combine(day, time(15, 30))))
                day += timedelta(days=1)
        db.session.commit()
    return world


def _names_by_kommune() -> dict[int, set[str]]:
    """Every person's full name and every unit's and ward's name, per kommune."""
    names: dict[int, set[str]] = {}
    for person in db.session.scalars(select(Person)):
        names.setdefault(person.kommune_id, set()).add(person.full_name)
    for unit in db.session.scalars(select(Unit)):
        names.setdefault(unit.kommune_id, set()).update([unit.name, *(w.name for w in unit.wards)])
    return names


def _foreign(names: dict[int, set[str]], kommune_id: int, text: str) -> list[str]:
    return sorted(n for k, found in names.items() if k != kommune_id for n in found if n in text)


def test_the_placement_run_places_everyone_with_people_of_their_own_kommune(app, two_kommuner):
    app.config["FIXED_TODAY"] = FIRST_DAY
    with app.app_context():
        schedule_all()
        db.session.commit()
        placed = list(db.session.scalars(select(PlanActivity).where(PlanActivity.partner_id.is_not(None))))
        kommuner = {}
        for activity in placed:
            mentee = activity.plan.mentorship.mentee
            partner = db.session.get(Person, activity.partner_id)
            assert partner.kommune_id == mentee.kommune_id, (activity.title, mentee.full_name, partner.full_name)
            kommuner.setdefault(mentee.kommune_id, set()).add(partner.full_name)
            for suggestion in activity.conflict_suggestions or []:
                assert db.session.get(Person, suggestion["person"]).kommune_id == mentee.kommune_id
        # Both kommuner got placements, B's with its own mentor and leaders.
        assert {"Mia Annen", "Atle Annen"} <= kommuner[two_kommuner.other_kommune_id]
        assert "Mona Mentor" in kommuner[two_kommuner.kommune_id]


def _probation_moment(key: str, world) -> datetime:
    """The morning the prøvetid reminder for `key`'s plan falls due."""
    activity = db.session.scalars(
        select(PlanActivity).where(PlanActivity.plan_id == _plan_id(world, key),
                                   PlanActivity.kind == ActivityKind.LEDERSAMTALE,
                                   PlanActivity.title.ilike("%røvetid%"))).first()
    notice = timedelta(days=current_app.config["PROBATION_NOTICE_DAYS"])
    return datetime.combine(activity.due_to - notice, time(9), tzinfo=OSLO)


def _eve_of_next_placed(key: str, world) -> datetime:
    """The afternoon before `key`'s first activity placed after 5 October: tomorrow's reminder is due."""
    start = db.session.scalars(select(PlanActivity.scheduled_start).where(
        PlanActivity.plan_id == _plan_id(world, key), PlanActivity.status == ActivityStatus.SCHEDULED,
        PlanActivity.scheduled_start > datetime(2026, 10, 5)).order_by(PlanActivity.scheduled_start)).first()
    return datetime.combine(start.date() - timedelta(days=1), time(15), tzinfo=OSLO)


def _plan_id(world, key: str) -> int:
    return db.session.get(Mentorship, world.mentorship_ids[key]).plan.id


def test_reminders_and_overviews_name_only_their_recipients_kommune(app, two_kommuner):
    """Tomorrow's reminders, the weekly digest, the prøvetid reminder and the monthly note, queued
    and sent by the scheduler's run: each names only its recipient's kommune's people and places."""
    app.config["FIXED_TODAY"] = FIRST_DAY
    with app.app_context():
        schedule_all()
        # Something overdue in both kommuner, for the digests and the monthly notes.
        for key in ("mentee", "mentee_other"):
            activity = db.session.scalars(select(PlanActivity).where(
                PlanActivity.plan_id == _plan_id(two_kommuner, key), PlanActivity.status == ActivityStatus.SCHEDULED)
                .order_by(PlanActivity.scheduled_start)).first()
            activity.status, activity.due_to = ActivityStatus.CONFLICT, date(2026, 9, 30)
        db.session.commit()
        moments = [datetime(2026, 10, 1, 15, 0, tzinfo=OSLO),   # Thursday the 1st: monthly note, tomorrow's
                   datetime(2026, 10, 2, 15, 0, tzinfo=OSLO),   # Friday: the weekly digests
                   *(_probation_moment(key, two_kommuner) for key in ("mentee", "mentee_other")),
                   *(_eve_of_next_placed(key, two_kommuner) for key in ("mentee", "mentee_other"))]
        transport = Recorder()
        for moment in sorted(moments):
            app.config["FIXED_TODAY"] = moment.date()
            run_once(moment, transport)
        names = _names_by_kommune()
        kinds = {}
        for message in db.session.scalars(select(Notification)):
            recipient = message.person
            text = " ".join([message.subject, message.summary, message.body_text, message.body_html])
            assert not _foreign(names, recipient.kommune_id, text), (
                f"{message.kind} to {recipient.full_name} names {_foreign(names, recipient.kommune_id, text)}")
            kinds.setdefault(recipient.kommune_id, set()).add(message.kind)
        wanted = {NotificationKind.TOMORROW, NotificationKind.DIGEST, NotificationKind.PROBATION,
                  NotificationKind.BEHIND}
        assert wanted <= kinds[two_kommuner.other_kommune_id]
        assert wanted <= kinds[two_kommuner.kommune_id]
        # B's leaders hear of B's mentee, and A's leaders of A's.
        digest_b = _one(NotificationKind.DIGEST, two_kommuner.person_ids["avdelingsleder_other"])
        assert "Noah Nytilsatt" in digest_b.body_text
        behind_b = _one(NotificationKind.BEHIND, two_kommuner.person_ids["enhetsleder_other"])
        assert "Noah Nytilsatt" in behind_b.body_text
        behind_a = _one(NotificationKind.BEHIND, two_kommuner.person_ids["enhetsleder"])
        assert "Nina Nytilsatt" in behind_a.body_text
        # What the outbox sent went to the recipient's own address, with no other kommune in it.
        assert transport.sent
        by_address = {p.email: p for p in db.session.scalars(select(Person)) if p.email}
        for email in transport.sent:
            person = by_address[email["To"]]
            body = email.get_body(("plain",)).get_content()
            assert not _foreign(names, person.kommune_id, email["Subject"] + body), (email["To"], email["Subject"])


def _one(kind: NotificationKind, person_id: int) -> Notification:
    found = list(db.session.scalars(select(Notification).where(Notification.kind == kind,
                                                               Notification.person_id == person_id)))
    assert found, f"no {kind} for person {person_id}"
    return found[0]
