"""The scheduler against the database: placing, re-planning after a turnus change, suggestions."""
import json
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AbsenceKind,
    ActivityStatus,
    Mentorship,
    Person,
    RotationException,
    RotationPattern,
    Shift,
    ShiftCode,
    ShiftSource,
    Unit,
)
from mentorplan.scheduling.rules import shift_interval
from mentorplan.scheduling.service import accept_suggestion, replan_people, schedule_all
from mentorplan.turnus.rotation import generate_shifts

from tests.factories import MENTEE_START

D1 = (time(7, 45), time(15, 15))
K1 = (time(15), time(23))
BEFORE_START = date(2026, 9, 1)


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = BEFORE_START
    return BEFORE_START


def add_shifts(person_id, days, times=D1, code="D1"):
    for day in days:
        interval = shift_interval(day, *times, code)
        db.session.add(Shift(person_id=person_id, day=day, code=code, starts=interval.start, ends=interval.end))


def weekdays(first, weeks):
    return [first + timedelta(days=n) for n in range(weeks * 7) if (first + timedelta(days=n)).weekday() < 5]


def activities(world, key="mentee"):
    plan = db.session.get(Mentorship, world.mentorship_ids[key]).plan
    return {a.title: a for a in plan.activities}


@pytest.fixture
def both_work_days(world, today, ctx):
    """Mentee and mentor both on D1 every weekday of the first six weeks."""
    for key in ("mentee", "mentor"):
        add_shifts(world.person_ids[key], weekdays(MENTEE_START, 6))
    db.session.commit()


def test_the_first_weeks_are_placed_on_shared_shifts(world, both_work_days, ctx):
    summary = schedule_all()
    db.session.commit()
    placed = activities(world)
    training = [placed[f"Opplæringsvakt {n}"] for n in range(1, 11)]
    assert all(a.status is ActivityStatus.SCHEDULED for a in training)
    assert len({a.scheduled_start for a in training}) == 10  # ten different shifts
    assert all(a.scheduled_start.time() == time(7, 45) and a.partner_id == world.person_ids["mentor"] for a in training)
    welcome = placed["Velkomst og oppstartssamtale"]
    assert (welcome.scheduled_start, welcome.scheduled_end) == (datetime(2026, 9, 7, 8, 45), datetime(2026, 9, 7, 9, 45))
    assert welcome.partner_id == world.person_ids["avdelingsleder"]
    first_talk = placed["Første mentorsamtale: bli kjent"]
    assert first_talk.scheduled_start == datetime(2026, 9, 7, 9, 45)  # right after the welcome
    assert "er begge på jobb, utenom vaktskiftet" in first_talk.placement_note
    # Beyond the six known weeks nothing is placed or declared impossible.
    assert placed["Mentorsamtale måned 4"].status is ActivityStatus.PLANNED
    assert not [a for a in placed.values() if a.status is ActivityStatus.CONFLICT]
    assert summary.scheduled == sum(1 for a in placed.values() if a.status is ActivityStatus.SCHEDULED) == 18
    # Nils has no turnus, but his back-up mentor (Mona) has: he is proposed her shifts.
    nils = activities(world, "mentee2")["Opplæringsvakt 1"]
    assert nils.status is ActivityStatus.CONFLICT
    assert nils.conflict_reason == "Nils Nytilsatt har ingen vakter i turnus 07.09–04.10."
    assert nils.conflict_suggestions[0]["text"] == (
        "Flytt Nils Nytilsatt fra fri til D1 mandag 07.09 (uke 37), så går Nils Nytilsatt samme vakt som Mona Mentor.")


def test_one_conversation_per_mentor_shift_across_mentees(world, both_work_days, ctx):
    """A second mentee of the same mentor gets the next shift for their first conversation."""
    mentee2 = db.session.get(Mentorship, world.mentorship_ids["mentee2"])
    mentee2.mentor_id = world.person_ids["mentor"]
    add_shifts(world.person_ids["mentee2"], weekdays(MENTEE_START, 6))
    db.session.commit()
    schedule_all()
    first = activities(world)["Første mentorsamtale: bli kjent"].scheduled_start
    second = activities(world, "mentee2")["Første mentorsamtale: bli kjent"].scheduled_start
    assert first.date() != second.date()


def test_plan_json_shows_the_placement(app, world, both_work_days, runner):
    with app.app_context():
        schedule_all()
        db.session.commit()
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
    plan = json.loads(runner.invoke(args=["plan", number, "--kommune", "Testkommune"]).output)
    welcome = next(a for a in plan["activities"] if a["title"] == "Velkomst og oppstartssamtale")
    assert (welcome["status"], welcome["start"], welcome["end"]) == ("scheduled", "2026-09-07T08:45", "2026-09-07T09:45")


def test_a_turnus_change_moves_only_what_it_breaks(world, both_work_days, ctx):
    schedule_all()
    db.session.commit()
    placed = activities(world)
    welcome_id = placed["Velkomst og oppstartssamtale"].id
    talk = placed["Første mentorsamtale: bli kjent"]
    talk.status, talk.completed_on = ActivityStatus.DONE, MENTEE_START  # held and logged
    untouched = {a.id: a.scheduled_start for a in placed.values() if a.status is ActivityStatus.SCHEDULED}
    # The mentee goes on evenings on Tuesday 08.09: what was placed that day must move.
    tuesday = MENTEE_START + timedelta(days=1)
    db.session.execute(Shift.__table__.delete().where(Shift.person_id == world.person_ids["mentee"], Shift.day == tuesday))
    add_shifts(world.person_ids["mentee"], [tuesday], K1, "K1")
    db.session.commit()

    replan_people([world.person_ids["mentee"]])
    db.session.commit()
    after = activities(world)
    assert after["Første mentorsamtale: bli kjent"].status is ActivityStatus.DONE
    assert after["Første mentorsamtale: bli kjent"].scheduled_start == datetime(2026, 9, 7, 9, 45)
    moved = [a for a in after.values() if a.id in untouched and a.scheduled_start != untouched[a.id]]
    assert moved and all(untouched[a.id].date() == tuesday for a in moved)
    assert all(a.scheduled_start.date() != tuesday for a in moved if a.status is ActivityStatus.SCHEDULED)
    assert after["Velkomst og oppstartssamtale"].id == welcome_id


def test_a_mentor_on_ferie_becomes_a_conflict_that_a_suggestion_resolves(world, today, ctx):
    """The mentor has ferie the first week; the mentee works evenings; the back-up works days."""
    mentee, mentor, backup = (world.person_ids[k] for k in ("mentee", "mentor", "mentor2"))
    week1 = [MENTEE_START + timedelta(days=n) for n in range(7)]
    for day in week1:
        db.session.add(Absence(person_id=mentor, day=day, kind=AbsenceKind.FERIE))
    add_shifts(mentor, weekdays(MENTEE_START + timedelta(days=7), 5))
    add_shifts(mentee, [d for d in week1 if d.weekday() < 5], K1, "K1")
    add_shifts(mentee, weekdays(MENTEE_START + timedelta(days=7), 5))
    add_shifts(backup, weekdays(MENTEE_START, 6))
    db.session.commit()
    schedule_all()
    db.session.commit()

    talk = activities(world)["Første mentorsamtale: bli kjent"]
    assert talk.status is ActivityStatus.CONFLICT
    assert talk.conflict_reason.startswith("Mentor Mona Mentor har ferie 07.09–13.09")
    assert talk.conflict_suggestions == []  # the mentor is away all week: no shift to move onto

    # No shared shift in the ferie week (evenings against the back-up's days); weeks 2–4 with the mentor.
    training = [a for a in activities(world).values() if a.title.startswith("Opplæringsvakt")]
    assert all(a.status is ActivityStatus.SCHEDULED for a in training)
    assert all(a.scheduled_start.date() >= MENTEE_START + timedelta(days=7) for a in training)
    assert {a.partner_id for a in training} == {mentor}


@pytest.mark.parametrize("kind", [AbsenceKind.SYKEFRAVAER, AbsenceKind.PERMISJON])
def test_a_conflict_reason_calls_sick_leave_and_leave_only_absence(world, today, ctx, kind):
    """Mentee, mentor and leaders all read conflict reasons: no health or personal detail there."""
    mentee, mentor = world.person_ids["mentee"], world.person_ids["mentor"]
    week1 = [MENTEE_START + timedelta(days=n) for n in range(7)]
    for day in week1:
        db.session.add(Absence(person_id=mentor, day=day, kind=kind))
    add_shifts(mentee, [d for d in week1 if d.weekday() < 5])
    add_shifts(mentor, weekdays(MENTEE_START + timedelta(days=7), 5))
    db.session.commit()
    schedule_all()
    db.session.commit()

    talk = activities(world)["Første mentorsamtale: bli kjent"]
    assert talk.conflict_reason.startswith("Mentor Mona Mentor har fravær 07.09–13.09")
    assert "sykefravær" not in talk.conflict_reason and "permisjon" not in talk.conflict_reason


def test_accepting_a_suggestion_changes_the_shift_and_places_the_activity(world, today, ctx):
    mentee, mentor = world.person_ids["mentee"], world.person_ids["mentor"]
    add_shifts(mentor, weekdays(MENTEE_START, 2))
    add_shifts(mentee, [MENTEE_START + timedelta(days=n) for n in (0, 2, 4)], K1, "K1")
    add_shifts(mentee, [MENTEE_START + timedelta(days=n) for n in (7, 8)])
    db.session.commit()
    schedule_all()
    db.session.commit()
    talk = activities(world)["Første mentorsamtale: bli kjent"]
    assert talk.status is ActivityStatus.CONFLICT
    first = talk.conflict_suggestions[0]
    # Tuesday 08.09 is free for the mentee and lawful after Monday's evening? No: 23:00 → 07:45.
    assert first["day"] != "2026-09-08"
    assert first["text"].startswith("Flytt Nina Nytilsatt fra K1 til D1") or first["text"].startswith(
        "Flytt Nina Nytilsatt fra fri til D1")

    suggestion = accept_suggestion(talk, 0)
    db.session.commit()

    shift = db.session.scalar(select(Shift).where(Shift.person_id == mentee, Shift.day == suggestion.day))
    assert (shift.code, shift.source, shift.to_carry_back) == ("D1", ShiftSource.SUGGESTION, True)
    talk = activities(world)["Første mentorsamtale: bli kjent"]
    assert talk.status is ActivityStatus.SCHEDULED and talk.scheduled_start.date() == suggestion.day
    assert talk.conflict_suggestions is None


def test_a_stale_suggestion_is_refused(world, both_work_days, ctx):
    from mentorplan.plans.operations import ProgrammeError
    schedule_all()
    talk = activities(world)["Første mentorsamtale: bli kjent"]
    with pytest.raises(ProgrammeError, match="Forslaget finnes ikke lenger"):
        accept_suggestion(talk, 0)


def test_rotation_patterns_make_shifts_with_nights_and_exceptions(world, ctx):
    unit = db.session.get(Unit, world.unit_ids["a"])
    db.session.add_all([ShiftCode(unit=unit, code="D1", starts=D1[0], ends=D1[1]),
                        ShiftCode(unit=unit, code="N1", starts=time(22, 45), ends=time(7, 45))])
    person = world.person_ids["mentor"]
    monday = date(2026, 10, 19)
    pattern = RotationPattern(person_id=person, unit_id=unit.id, starts_on=monday, weeks=1,
                              codes="D1,D1,N1,,,F1,F2",
                              exceptions=[RotationException(day=monday + timedelta(days=7), code="FE")])
    db.session.add(pattern)
    db.session.flush()
    assert generate_shifts(pattern, monday, monday + timedelta(days=13)) == 5  # 3 + 2 (ferie Monday)
    assert generate_shifts(pattern, monday, monday + timedelta(days=13)) == 5  # again: replaced, not doubled
    shifts = list(db.session.scalars(select(Shift).where(Shift.person_id == person).order_by(Shift.starts)))
    assert len(shifts) == 5
    night = shifts[2]  # Wednesday 21.10, across the October change weekend? No: ends Thursday 07:45
    assert (night.code, night.starts, night.ends) == ("N1", datetime(2026, 10, 21, 22, 45), datetime(2026, 10, 22, 7, 45))
    assert db.session.scalar(select(Absence.kind).where(Absence.person_id == person)) is AbsenceKind.FERIE


def test_the_schedule_command_prints_a_summary(app, world, both_work_days, runner):
    result = runner.invoke(args=["schedule", "--unit", "Lade helse- og velferdssenter"])
    assert result.exit_code == 0, result.output
    assert "planer:" in result.output and "aktiviteter plassert" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Shift)) > 0
        assert activities(world)["Opplæringsvakt 1"].status is ActivityStatus.SCHEDULED
        # Unit B's plan was not touched.
        assert all(a.status is ActivityStatus.PLANNED for a in activities(world, "mentee_b").values())
    unknown = runner.invoke(args=["schedule", "--unit", "Finnes ikke"])
    assert unknown.exit_code != 0 and "Fant ingen enhet" in unknown.output
