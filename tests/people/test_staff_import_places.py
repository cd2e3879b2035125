"""The staff file places plans as the web does: a mentorship it starts, and a mentor it changes,
are placed on the turnus at once (STYLE.md, practice 12), with the same scheduler and the same
day as «Registrer nyansatt» and the hand-over."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityKind, ActivityStatus, Kommune, Mentorship, Person, Responsible, Shift
from mentorplan.scheduling.rules import shift_interval
from mentorplan.scheduling.service import schedule_plans

from tests import factories

TODAY = date(2026, 9, 1)
HIRE_START = date(2026, 9, 14)
HIRE = "9201"
HEADER = "ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;" \
         "stillingsprosent;nyutdannet;mentor_ansattnr;roller"
D1 = (time(7, 45), time(15, 15))


def row(mentor_number: str) -> str:
    return (f"{HEADER}\n{HIRE};Hanna;Hire;;sykepleier;Lade helse- og velferdssenter;Avdeling 1;"
            f"{HIRE_START.isoformat()};;;100;ja;{mentor_number};\n")


def weekdays(first: date, weeks: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(weeks * 7) if (first + timedelta(days=n)).weekday() < 5]


@pytest.fixture
def hire_with_turnus(app, world):
    """A person in Testkommune not yet employed in the file's unit, with a turnus: she, and both
    of the unit's mentors, on D1 every weekday of her first six weeks."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        hire = factories.person(db.session.get(Kommune, world.kommune_id), "Hanna", "Hire", number=HIRE)
        db.session.flush()
        for person_id in (hire.id, world.person_ids["mentor"], world.person_ids["mentor2"]):
            for day in weekdays(HIRE_START, 6):
                interval = shift_interval(day, *D1, "D1")
                db.session.add(Shift(person_id=person_id, day=day, code="D1", starts=interval.start,
                                     ends=interval.end))
        db.session.commit()
        return {key: db.session.get(Person, world.person_ids[key]).employee_number for key in ("mentor", "mentor2")}


def import_text(runner, tmp_path, text: str, name: str = "staff.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["import-staff", str(path), "--kommune", "Testkommune"])


def hires_plan() -> Mentorship:
    return db.session.scalars(select(Mentorship).join(Mentorship.mentee).where(Person.employee_number == HIRE)).one()


def placements(mentorship: Mentorship) -> dict[int, tuple]:
    return {a.id: (a.status, a.scheduled_start, a.partner_id, a.conflict_reason) for a in mentorship.plan.activities}


def test_a_mentorship_started_by_the_file_is_placed(app, world, runner, tmp_path, hire_with_turnus):
    result = import_text(runner, tmp_path, row(hire_with_turnus["mentor"]))

    assert result.exit_code == 0, result.output
    assert "Mentorforløp: 1 startet, 0 fikk ny mentor." in result.stdout
    with app.app_context():
        mentorship = hires_plan()
        training = [a for a in mentorship.plan.activities if a.kind is ActivityKind.OPPLAERINGSVAKT]
        assert training and all(a.status is ActivityStatus.SCHEDULED for a in training)
        assert all(a.scheduled_start.time() == time(7, 45) and a.scheduled_start.date() >= HIRE_START
                   and a.partner_id == world.person_ids["mentor"] for a in training)
        # Within her known turnus every activity that takes time is placed, or a conflict that says why.
        window = [a for a in mentorship.plan.activities if a.due_from <= HIRE_START + timedelta(weeks=6)
                  and (a.kind is ActivityKind.OPPLAERINGSVAKT or a.duration_minutes)]
        assert all((a.status is ActivityStatus.SCHEDULED and a.scheduled_start is not None)
                   or (a.status is ActivityStatus.CONFLICT and a.conflict_reason) for a in window)
        # Exactly as the web's registration places it: the scheduler run again today moves nothing.
        before = placements(mentorship)
        summary = schedule_plans([mentorship.plan])
        assert summary.scheduled == 0 and placements(mentorship) == before


def test_a_mentor_changed_by_the_file_is_placed_again(app, world, runner, tmp_path, hire_with_turnus):
    assert import_text(runner, tmp_path, row(hire_with_turnus["mentor"])).exit_code == 0

    result = import_text(runner, tmp_path, row(hire_with_turnus["mentor2"]), "changed.csv")

    assert result.exit_code == 0, result.output
    assert "Mentorforløp: 0 startet, 1 fikk ny mentor." in result.stdout
    with app.app_context():
        mentorship = hires_plan()
        talks = [a for a in mentorship.plan.activities if a.responsible is Responsible.MENTOR
                 and a.kind is not ActivityKind.OPPLAERINGSVAKT and a.status is ActivityStatus.SCHEDULED]
        # The mentor's conversations now have the new mentor; the old one is no longer in them.
        assert talks and all(a.partner_id == world.person_ids["mentor2"] for a in talks)
        before = placements(mentorship)
        assert schedule_plans([mentorship.plan]).scheduled == 0 and placements(mentorship) == before
