"""Query discipline: no main page issues more database queries as the data grows (no N+1).

Each page is opened, as each role that has it, on a small world and on one about ten times
larger (more mentees, plans, activities, conversations, notifications and people in the same
wards and units); the number of SQL statements must be the same.
"""
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import event

from mentorplan import create_app
from mentorplan.conversations.operations import ActionSpec, Log, log_conversation
from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AbsenceKind,
    Responsible,
    Shift,
    ActivityStatus,
    ConversationKind,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    Unit,
    Ward,
)
from mentorplan.models.types import utcnow
from mentorplan.plans.operations import start_mentorship

from tests import factories
from tests.conftest import _config, _empty_tables
from tests.app.test_access import log_in

TODAY = date(2026, 9, 20)

# The pages each role lands on and lives in; "{plan}" is the mentee's plan.
PAGES = {
    "mentee": ["/", "/min-plan", "/plan/{plan}", "/plan/{plan}/kalender", "/plan/{plan}/sjekkliste",
               "/varsler", "/profil"],
    "mentor": ["/", "/mine-menteer", "/plan/{plan}", "/plan/{plan}/sjekkliste", "/samtale/{conversation}",
               "/varsler", "/profil"],
    "avdelingsleder": ["/", "/avdeling/", "/avdeling/konflikter", "/avdeling/kommende", "/plan/{plan}",
                       "/avdeling/turnus/", "/avdeling/fravaer/", "/samtale/{conversation}", "/varsler", "/profil"],
    "enhetsleder": ["/", "/enhet", "/avdeling/konflikter", "/avdeling/kommende", "/plan/{plan}",
                    "/stabilitet/", "/enhet/{unit}/sjekkliste", "/enhet/{unit}/program", "/varsler"],
    "hr": ["/", "/personer/", "/personer/{person}", "/stabilitet/", "/varsler"],
    "admin": ["/", "/personer/", "/utboks", "/varsler"],
}


def grow(world: factories.World, per_ward: int) -> None:
    """`per_ward` more mentees in each ward of kommune A (with plans, a logged conversation, a
    conflict and an upcoming placed activity each), more staff, and notifications for everyone."""
    mentors = {"1": "mentor", "2": "mentor2", "b": "mentor_b"}
    units = {"1": "a", "2": "a", "b": "b"}
    kommune = db.session.get(Person, world.person_ids["hr"]).kommune
    for ward_key, mentor_key in mentors.items():
        ward = db.session.get(Ward, world.ward_ids[ward_key])
        unit = db.session.get(Unit, world.unit_ids[units[ward_key]])
        mentor = db.session.get(Person, world.person_ids[mentor_key])
        for n in range(per_ward):
            mentee = factories.person(kommune, f"Ny{n}", f"Vekst {ward_key}", email=f"vekst{ward_key}{n}@test.no")
            factories.person(kommune, f"Ansatt{n}", f"Vekst {ward_key}")
            employment = factories.employment(mentee, unit, factories.MENTEE_START, ward, newly_graduated=True)
            db.session.flush()
            mentorship = start_mentorship(employment, mentor)
            _activity_states(mentorship.plan.activities, mentor)
            log_conversation(mentorship, ConversationKind.MENTORSAMTALE,
                             Log(date(2026, 9, 10), 45, ["turnus"], "Notat",
                                 [ActionSpec(f"Tiltak {n}", Responsible.MENTEE, date(2026, 9, 30))]),
                             mentor, TODAY)
            _turnus(mentee, n)
    mentee_plan = db.session.get(Mentorship, world.mentorship_ids["mentee"])
    for n in range(per_ward):
        log_conversation(mentee_plan, ConversationKind.MENTORSAMTALE,
                         Log(date(2026, 9, 8 + n % 10), 30, ["turnus"], f"Notat {n}", []),
                         db.session.get(Person, world.person_ids["mentor"]), TODAY)
    for key, person_id in world.person_ids.items():
        for n in range(per_ward):
            db.session.add(Notification(
                key=f"vekst:{key}:{n}", kind=NotificationKind.TOMORROW, person_id=person_id,
                summary=f"Påminnelse {n}", subject="Påminnelse", body_text="x", body_html="<p>x</p>",
                due_at=utcnow()))
    db.session.flush()


def _turnus(person: Person, n: int) -> None:
    """Day shifts over the coming two weeks, and a day of absence."""
    for offset in range(14):
        day = TODAY + timedelta(days=offset)
        db.session.add(Shift(person=person, day=day, code="D1", starts=datetime.combine(day, time(7, 30)),
                             ends=datetime.combine(day, time(15, 30))))
    db.session.add(Absence(person=person, day=TODAY + timedelta(days=15 + n % 5), kind=AbsenceKind.FERIE))


def _activity_states(activities, mentor: Person) -> None:
    """One activity in conflict, one placed in the coming week, one done: every list has rows."""
    conflict, placed, done = activities[1], activities[2], activities[0]
    conflict.status, conflict.conflict_reason = ActivityStatus.CONFLICT, "Ingen felles vakt"
    conflict.conflict_suggestions = [{
        "person": mentor.id, "day": "2026-09-22", "code": "D1", "start": "2026-09-22T07:30",
        "end": "2026-09-22T15:30", "replaces": "F", "text": "Mentor tar D1 22.09.2026"}]
    placed.status, placed.partner = ActivityStatus.SCHEDULED, mentor
    placed.scheduled_start = datetime.combine(date(2026, 9, 22), time(9))
    placed.scheduled_end = datetime.combine(date(2026, 9, 22), time(10))
    done.status, done.completed_on, done.completed_by = ActivityStatus.DONE, date(2026, 9, 10), mentor


@contextmanager
def counting(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def page_counts(database_url, per_ward: int) -> dict[tuple[str, str], int]:
    app = create_app(_config(database_url))
    app.config["FIXED_TODAY"] = TODAY
    try:
        with app.app_context():
            world = factories.build_world()
            db.session.flush()
            grow(world, per_ward)
            db.session.commit()
        with app.app_context():
            conversation = factories.conversations(world)["conversation"]
            db.session.commit()
        ids = {"plan": world.mentorship_ids["mentee"], "person": world.person_ids["mentee"],
               "unit": world.unit_ids["a"], "conversation": conversation}
        counts, bodies = {}, {}
        for role, pages in PAGES.items():
            client = log_in(app, role)
            for page in pages:
                url = page.format(**ids)
                client.get(url)  # warm: the first request may load lazily cached things
                with app.app_context():
                    engine = db.engine
                with counting(engine) as statements:
                    response = client.get(url)
                assert response.status_code == 200, (role, url, response.status_code)
                counts[(role, page)] = len(statements)
                bodies[(role, page)] = response.get_data(as_text=True)
        return counts, bodies
    finally:
        with app.app_context():
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="module")
def counts(_schema, database_url):
    return page_counts(database_url, 1), page_counts(database_url, 10)


@pytest.mark.parametrize("role,page", [(r, p) for r, pages in PAGES.items() for p in pages])
def test_queries_do_not_grow_with_the_data(counts, role, page):
    (small, _), (large, _) = counts
    key = (role, page)
    assert large[key] == small[key], f"{role} {page}: {small[key]} queries on the small world, {large[key]} on the large"


@pytest.mark.parametrize("role,page,text", [
    ("mentor", "/mine-menteer", "Vekst 1"),
    ("avdelingsleder", "/avdeling/", "Vekst 1"),
    ("avdelingsleder", "/avdeling/konflikter", "Vekst 1"),
    ("enhetsleder", "/enhet", "Vekst"),
    ("hr", "/personer/", "Vekst"),
    ("mentee", "/plan/{plan}", "Mentorsamtale utenom planen"),
    ("avdelingsleder", "/avdeling/kommende", "Vekst 1"),
    ("mentee", "/varsler", "Påminnelse "),
])
def test_the_large_pages_show_the_grown_data(counts, role, page, text):
    """Equal counts are not equal because a page went empty: the large world's rows are shown."""
    (_, small), (_, large) = counts
    assert large[(role, page)].count(text) > small[(role, page)].count(text) > 0


# The four heaviest pages of the load test (bench/README.md, «Load test»), at the query counts
# issue 9 brought them to (from 20, 25, 15 and 9 in this world): a change that adds a round trip
# to one of them shows here.
BUDGET = {
    ("enhetsleder", "/enhet"): 12,
    ("mentee", "/min-plan"): 18,
    ("enhetsleder", "/enhet/{unit}/program"): 10,
    ("hr", "/stabilitet/"): 6,
}


@pytest.mark.parametrize("role,page", list(BUDGET))
def test_the_heaviest_pages_stay_within_their_query_budget(counts, role, page):
    (small, _), (large, _) = counts
    assert max(small[(role, page)], large[(role, page)]) <= BUDGET[(role, page)], (
        f"{role} {page}: {small[(role, page)]} queries, budget {BUDGET[(role, page)]}")
