"""`flask --app wsgi demo [--if-empty]`: the demo kommune that mirrors the pilot."""
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from mentorplan.clock import today
from mentorplan.demo.kommune import DEMO_KOMMUNE, build_demo
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    EndReason,
    Employment,
    Kommune,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Profession,
    Role,
    RoleAssignment,
    Unit,
    UnitType,
    User,
)
from mentorplan.plans.operations import unit_mentors

from tests import factories

LOGINS = ("admin", "hr", "enhetsleder", "avdelingsleder", "mentor", "mentee")
LEADER_PROFESSIONS = {Profession.SYKEPLEIER, Profession.SPESIALSYKEPLEIER}


def run_demo(runner, *args):
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def day(app):
    """The demo day, pinned so a test running over midnight sees one day."""
    with app.app_context():
        app.config["FIXED_TODAY"] = today()
    return app.config["FIXED_TODAY"]


@pytest.fixture
def demo(runner, day):
    return run_demo(runner)


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).join(Unit.kommune).where(Kommune.name == DEMO_KOMMUNE)))


def holders(role: Role, unit: Unit, on: date) -> list[RoleAssignment]:
    assignments = db.session.scalars(select(RoleAssignment).where(RoleAssignment.role == role,
                                                                   RoleAssignment.unit_id == unit.id))
    return [a for a in assignments if a.is_valid(on)]


def user_person(key: str) -> Person:
    return db.session.scalar(select(User).where(User.email == f"{key}@demo.no")).person


def mentorships() -> list[Mentorship]:
    return list(db.session.scalars(select(Mentorship)))


def overdue(activities, on: date) -> list[PlanActivity]:
    return [a for a in activities if a.status.is_open and a.due_to < on]


def test_demo_loads_and_says_what(demo):
    assert f"{DEMO_KOMMUNE} er lastet" in demo.output
    for key in LOGINS:
        assert f"{key}@demo.no" in demo.output


def test_six_units_with_leaders_and_mentors(demo, day, ctx):
    assert [k.name for k in db.session.scalars(select(Kommune))] == [DEMO_KOMMUNE]
    found = units()
    assert Counter(u.unit_type for u in found) == {UnitType.HELSE_OG_VELFERDSSENTER: 3, UnitType.HJEMMESYKEPLEIE: 3}
    for unit in found:
        assert 2 <= len(unit.wards) <= 3
        assert day - timedelta(days=610) <= unit.programme_started_on <= day - timedelta(days=540)
        assert len(holders(Role.ENHETSLEDER, unit, day)) == 1
        leaders = holders(Role.AVDELINGSLEDER, unit, day)
        assert leaders and all(a.ward is not None and a.ward.unit == unit for a in leaders)
        assert all(a.ward_id is None for a in holders(Role.MENTOR, unit, day))
    assert sorted(len(unit_mentors(u, day)) for u in found) == [1, 2, 2, 2, 2, 2]
    lone = next(u for u in found if len(unit_mentors(u, day)) == 1)
    ended = db.session.scalars(select(RoleAssignment).where(RoleAssignment.unit_id == lone.id,
                                                            RoleAssignment.role == Role.MENTOR,
                                                            RoleAssignment.valid_to < day)).all()
    assert len(ended) == 1


def test_kommune_roles_and_experienced_staff(demo, day, ctx):
    for role in (Role.HR, Role.ADMIN):
        (assignment,) = db.session.scalars(select(RoleAssignment).where(RoleAssignment.role == role)).all()
        assert assignment.unit_id is None and assignment.kommune.name == DEMO_KOMMUNE
    staff = db.session.scalars(select(RoleAssignment)).all()
    for assignment in staff:
        (employment,) = assignment.person.employments
        assert employment.start_date <= day - timedelta(days=3 * 365) and employment.end_date is None
        if assignment.role in (Role.ENHETSLEDER, Role.AVDELINGSLEDER):
            assert employment.profession in LEADER_PROFESSIONS
            assert employment.unit_id == assignment.unit_id


def test_about_24_new_nurses_with_plans(demo, day, ctx):
    found = mentorships()
    assert 22 <= len(found) <= 26
    starts = sorted(m.employment.start_date for m in found)
    assert day - timedelta(days=550) <= starts[0] and starts[-1] <= day + timedelta(days=31)
    assert sum(1 for s in starts if s > day) >= 2, "some start in the coming month (Før start)"
    assert max(b - a for a, b in zip(starts, starts[1:], strict=False)) <= timedelta(days=45)
    assert len({m.employment.unit_id for m in found}) == 6
    assert {m.employment.profession for m in found} == {Profession.SYKEPLEIER, Profession.VERNEPLEIER}
    assert {m.employment.newly_graduated for m in found} == {True, False}
    for mentorship in found:
        assert len(mentorship.plan.activities) == 34
        assert mentorship.start_date == mentorship.employment.start_date
        unit_mentor_ids = {a.person_id for a in holders(Role.MENTOR, mentorship.employment.unit,
                                                        mentorship.start_date)}
        assert mentorship.mentor_id in unit_mentor_ids


def mentee_employments():
    """The new nurses of the programme (the history before it had no mentors)."""
    return select(Employment).join(Mentorship, Mentorship.employment_id == Employment.id)


def e_plan(employment):
    return db.session.scalar(select(Mentorship).where(Mentorship.employment_id == employment.id)).plan


def test_some_left(demo, day, ctx):
    ended = db.session.scalars(mentee_employments().where(Employment.end_date.is_not(None))).all()
    assert 3 <= len(ended) <= 5
    reasons = Counter(e.end_reason for e in ended)
    assert {EndReason.FRIVILLIG, EndReason.INTERN_OVERGANG, EndReason.MIDLERTIDIG_UTLOPT} <= set(reasons)
    assert any(e.end_reason is EndReason.FRIVILLIG and e.end_date - e.start_date < timedelta(days=183)
               for e in ended), "one left during prøvetid"
    assert sum(1 for e in ended if any(a.due_from > e.end_date for a in e_plan(e).activities)) >= 2
    for employment in ended:
        assert employment.end_date < day
        mentorship = db.session.scalar(select(Mentorship).where(Mentorship.employment_id == employment.id))
        assert mentorship.end_date == employment.end_date
        # One left after the first year, when the plan was through; for the others the rest was cancelled.
        after = [a for a in mentorship.plan.activities if a.due_from > employment.end_date]
        assert all(a.status is ActivityStatus.CANCELLED for a in after)
        assert not [a for a in mentorship.plan.activities if a.status.is_open]


def test_internal_transfer_continues_at_another_unit(demo, ctx):
    (moved,) = db.session.scalars(mentee_employments().where(Employment.end_reason == EndReason.INTERN_OVERGANG))
    (follow_on,) = [e for e in moved.person.employments if e.start_date > moved.end_date]
    assert follow_on.unit_id != moved.unit_id and follow_on.end_date is None
    assert timedelta(days=1) <= follow_on.start_date - moved.end_date <= timedelta(days=7)


def test_plans_are_partly_done_with_some_overdue(demo, day, ctx):
    active = [m for m in mentorships() if m.end_date is None]
    activities = [a for m in active for a in m.plan.activities]
    done = [a for a in activities if a.status is ActivityStatus.DONE]
    assert len(done) > len(activities) / 2
    for activity in done:
        assert activity.due_from <= activity.completed_on <= activity.due_to
        assert activity.completed_on < day and activity.completed_by is not None
    assert 3 <= len(overdue(activities, day)) <= 15
    assert sum(1 for m in active if overdue(m.plan.activities, day)) >= 3
    assert all(a.status.is_open for a in activities if a.due_from > day)


def test_plans_are_placed_on_the_turnus_with_a_few_honest_conflicts(demo, day, ctx):
    active = [m for m in mentorships() if m.end_date is None]
    activities = [a for m in active for a in m.plan.activities]
    scheduled = [a for a in activities if a.status is ActivityStatus.SCHEDULED]
    conflicts = [a for a in activities if a.status is ActivityStatus.CONFLICT]
    assert len(scheduled) >= 100
    assert all(a.due_from <= a.scheduled_start.date() <= a.due_to and a.placement_note for a in scheduled)
    assert 1 <= len(conflicts) <= 20
    assert all(a.conflict_reason for a in conflicts)
    assert any("har ferie" in a.conflict_reason for a in conflicts)
    assert any(a.conflict_suggestions for a in conflicts)


def test_mentor_and_mentee_logins_have_the_story(demo, day, ctx):
    lade = next(u for u in units() if u.name == "Lade helse- og velferdssenter")
    enhetsleder, avdelingsleder = user_person("enhetsleder"), user_person("avdelingsleder")
    mentor, mentee = user_person("mentor"), user_person("mentee")
    assert [a.person for a in holders(Role.ENHETSLEDER, lade, day)] == [enhetsleder]
    (ward_role,) = [a for a in holders(Role.AVDELINGSLEDER, lade, day) if a.person == avdelingsleder]
    assert mentor in unit_mentors(lade, day)

    (mentee_employment,) = mentee.employments
    assert mentee_employment.unit == lade and mentee_employment.ward == ward_role.ward
    assert timedelta(weeks=9) <= day - mentee_employment.start_date <= timedelta(weeks=11)
    (own,) = [m for m in mentorships() if m.mentee == mentee]
    assert own.mentor == mentor
    statuses = Counter(a.status for a in own.plan.activities)
    assert statuses[ActivityStatus.DONE] >= 10 and statuses[ActivityStatus.SCHEDULED] >= 10

    mentored = [m for m in mentorships() if m.mentor == mentor]
    assert len(mentored) >= 3
    assert any(overdue(m.plan.activities, day) for m in mentored)


def test_people_look_real(demo, ctx):
    people = db.session.scalars(select(Person)).all()
    users = db.session.scalars(select(User)).all()
    assert sorted(u.email for u in users) == sorted(f"{key}@demo.no" for key in LOGINS)
    assert all(u.person.email == u.email for u in users)
    with_login = {u.person_id for u in users}
    numbers = [p.employee_number for p in people]
    assert len(set(numbers)) == len(numbers) and all(re.fullmatch(r"\d{4,5}", n) for n in numbers)
    for person in people:
        assert "test" not in person.full_name.lower()
        if person.id not in with_login:
            assert re.fullmatch(r"[a-z-]+\.[a-z-]+@demo\.no", person.email), person.email
    assert len({p.email for p in people}) == len(people)


def test_the_six_demo_logins_work(demo, login):
    for key in LOGINS:
        client = login(f"{key}@demo.no", "demo")
        assert client.get("/").status_code == 200, key


def test_a_wrong_password_is_refused(demo, login):
    with pytest.raises(AssertionError, match="login failed"):
        login("admin@demo.no", "feil-passord")
    with pytest.raises(AssertionError, match="login failed"):
        login("hanne.hansen@demo.no", "demo")


def test_demo_twice_changes_nothing(app, runner, demo):
    with app.app_context():
        before = row_counts()
    again = run_demo(runner)
    assert "finnes allerede" in again.output
    with app.app_context():
        assert row_counts() == before


def test_if_empty_skips_a_database_with_a_kommune(app, runner):
    with app.app_context():
        factories.kommune("Trondheim kommune")
        db.session.commit()
    result = run_demo(runner, "--if-empty")
    assert "lastes ikke" in result.output
    with app.app_context():
        assert [k.name for k in db.session.scalars(select(Kommune))] == ["Trondheim kommune"]
        assert row_counts()["person"] == 0


def test_if_empty_loads_an_empty_database(app, runner, day):
    result = run_demo(runner, "--if-empty")
    assert f"{DEMO_KOMMUNE} er lastet" in result.output
    assert "lastes ikke" in run_demo(runner, "--if-empty").output
    with app.app_context():
        assert len(units()) == 6


def fingerprint() -> list[tuple]:
    """Everything that is drawn at random: who, when, and how far each plan has come."""
    employments = select(Person.employee_number, Person.first_name, Person.last_name, Person.email,
                         Employment.start_date, Employment.end_date, Employment.end_reason,
                         Employment.position_percent
                         ).join(Employment.person).order_by(Person.employee_number, Employment.start_date)
    progress = (select(Person.employee_number, PlanActivity.position, PlanActivity.status,
                       PlanActivity.completed_on)
                .select_from(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.mentee)
                .order_by(Person.employee_number, PlanActivity.position))
    return [tuple(r) for query in (employments, progress) for r in db.session.execute(query)]


def test_the_same_day_gives_the_same_demo(ctx):
    day = date(2026, 3, 2)
    build_demo(day)
    first = fingerprint()
    db.session.rollback()
    build_demo(day)
    assert fingerprint() == first


@pytest.mark.parametrize("on", [date(2024, 2, 29), date(2031, 1, 1)])
def test_any_day_gives_a_whole_demo(app, runner, on):
    app.config["FIXED_TODAY"] = on
    run_demo(runner)
    with app.app_context():
        assert sorted(len(unit_mentors(u, on)) for u in units()) == [1, 2, 2, 2, 2, 2]
        found = mentorships()
        assert 22 <= len(found) <= 26
        assert all(m.employment.start_date >= m.employment.unit.programme_started_on for m in found)
        assert all(m.end_date < on for m in found if m.end_date)
        activities = [a for m in found if m.end_date is None for a in m.plan.activities]
        assert overdue(activities, on)


def test_held_conversations_are_logged_with_topics_and_notes(demo, day, ctx):
    from mentorplan.models import AgreedAction, Conversation
    talks = list(db.session.scalars(select(Conversation)))
    done = [a for m in mentorships() for a in m.plan.activities
            if a.kind.value in ("mentorsamtale", "ledersamtale") and a.status is ActivityStatus.DONE]
    assert len(talks) == len(done) >= 100
    assert {t.activity_id for t in talks} == {a.id for a in done}
    for talk in talks:
        assert talk.held_on == talk.activity.completed_on and talk.held_by_id == talk.activity.completed_by_id
        assert 2 <= len(talk.topics) <= 3 and talk.notes and talk.duration_minutes
    actions = list(db.session.scalars(select(AgreedAction)))
    assert actions and any(a.done_on is None for a in actions) and any(a.done_on for a in actions)
    mentee = user_person("mentee")
    assert any(t.mentorship.mentee == mentee for t in talks)


def mentors_of(mentorship) -> set[int]:
    """The mentee's mentor now and before any hand-over."""
    from mentorplan.plans.operations import mentor_changes
    return {mentorship.mentor_id} | {c.from_mentor_id for c in mentor_changes(mentorship)}


def test_both_checklists_are_partly_signed_off(demo, day, ctx):
    from mentorplan.models import Checklist, ChecklistKind
    checklists = list(db.session.scalars(select(Checklist)))
    kinds = {c.template.kind for c in checklists}
    assert kinds == {ChecklistKind.INSTITUSJON, ChecklistKind.HJEMMESYKEPLEIE}
    for kind in kinds:
        entries = [e for c in checklists if c.template.kind is kind for e in c.entries]
        signed = [e for e in entries if e.signed_off_on]
        assert signed and len(signed) < len(entries)
        assert all(e.signed_off_by_id in mentors_of(e.checklist.mentorship) for e in signed)
        assert all(e.trained_on and e.trained_by_id == e.checklist.mentorship.mentee_id for e in entries)
    own = next(c for c in checklists if c.mentorship.mentee == user_person("mentee"))
    items = len(own.template.items)
    assert 0 < sum(1 for e in own.entries if e.signed_off_on) < items


def test_one_mentee_was_handed_over_to_the_demo_mentor(demo, day, ctx):
    from mentorplan.models import Conversation, MentorChange
    (change,) = db.session.scalars(select(MentorChange)).all()
    mentorship = db.session.get(Mentorship, change.mentorship_id)
    assert mentorship.mentor == change.to_mentor == user_person("mentor")
    assert change.from_mentor != change.to_mentor and change.changed_on < day
    assert change.changed_by.employments[0].unit == mentorship.employment.unit
    assert db.session.scalars(select(Conversation).where(
        Conversation.mentorship_id == mentorship.id, Conversation.held_by_id == change.from_mentor_id)).first()
def test_the_history_before_the_programme_has_hires_who_left(demo, day, ctx):
    starts = {u.programme_started_on for u in units()}
    (programme_start,) = starts
    history = db.session.scalars(select(Employment).where(
        Employment.start_date < programme_start, Employment.start_date >= date(2018, 1, 1),
        ~Employment.id.in_(select(Mentorship.employment_id)))).all()
    years = (programme_start - date(2018, 1, 1)).days / 365.25
    assert 20 * years <= len(history) <= 32 * years
    reasons = Counter(e.end_reason for e in history if e.end_reason)
    assert {EndReason.FRIVILLIG, EndReason.ARBEIDSGIVER, EndReason.MIDLERTIDIG_UTLOPT,
            EndReason.INTERN_OVERGANG} <= set(reasons)
    assert all(e.end_date < day for e in history if e.end_date)
    assert len({e.unit_id for e in history}) == 6


def test_hr_sees_the_programme_make_a_difference(demo, day, login):
    client = login("hr@demo.no", "demo")
    page = client.get("/stabilitet/").get_data(as_text=True)
    assert "ble i kommunen de første 12 månedene" in page and '<svg class="retention-chart"' in page
    row = page.split('<th scope="row">Alle enhetene</th>')[1].split("</tr>")[0]
    before, after = [float(v.replace(",", ".")) for v in re.findall(r"([\d,]+) %", row)]
    assert after > before
    response = client.get("/stabilitet/eksport.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
