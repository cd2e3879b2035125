"""What the uploader of a staff file may change (people/upload_rules.py): an address is identity,
"mine" means employed in my units now, a mentor must be appointed, and nobody grants themselves a
role or a mentee. Each refusal names the line and the column and stores nothing; the first three
were ways for an enhetsleder to read a mentee's notes before issue 20."""
from datetime import date

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import EndReason, Employment, Mentorship, Person, RoleAssignment, Unit, User
from tests.people.test_staff_upload import HEADER, NEW_HIRE, NEW_MENTOR, UNIT_A, upload

UNIT_B = "Hjemmesykepleien Øst"


def person(app, world, key) -> Person:
    with app.app_context():
        found = db.session.get(Person, world.person_ids[key])
        db.session.expunge(found)
        return found


def row(number, first, last, email, unit=UNIT_A, start="2015-01-05", mentor="", roles="", ward="Avdeling 1"):
    return f"{number};{first};{last};{email};sykepleier;{unit};{ward};{start};;;100;nei;{mentor};{roles}\n"


def _without_account(app, world, key) -> Person:
    """The person keeps her address in the staff register but has no login yet."""
    with app.app_context():
        db.session.execute(User.__table__.delete().where(User.person_id == world.person_ids[key]))
        db.session.commit()
    return person(app, world, key)


def test_a_leader_may_not_readdress_a_mentee_to_herself(app, world, login, smtp):
    mentee = _without_account(app, world, "mentee")
    theft = row(mentee.employee_number, mentee.first_name, mentee.last_name, world.email("enhetsleder"),
                start="2026-09-07", mentor=person(app, world, "mentor").employee_number)
    _, page = upload(login(world.email("enhetsleder")), HEADER + theft)
    assert (f"Linje 2, kolonne «epost»: ansattnr {mentee.employee_number} er registrert med en annen "
            "e-postadresse; bare administratoren eller HR kan endre den.") in page
    assert person(app, world, "mentee").email == world.email("mentee")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.person_id == world.person_ids["mentee"])) == 0
    assert [m.subject for m in smtp.to(world.email("enhetsleder"))] == []


def test_a_leader_may_not_give_an_address_to_someone_registered_without_one(app, world, login):
    mentee = _without_account(app, world, "mentee2")
    with app.app_context():
        db.session.get(Person, mentee.id).email = None
        db.session.commit()
    _, page = upload(login(world.email("enhetsleder")),
                     HEADER + row(mentee.employee_number, mentee.first_name, mentee.last_name, "leder@test.no",
                                  start="2026-09-07", ward="Avdeling 2"))
    assert "er registrert uten e-postadresse; bare administratoren eller HR kan endre den." in page
    assert person(app, world, "mentee2").email is None


def test_the_admin_may_change_an_address_and_the_old_address_is_told(app, world, login, smtp):
    mentor = person(app, world, "mentor")
    _, page = upload(login(world.email("admin")),
                     HEADER + row(mentor.employee_number, mentor.first_name, mentor.last_name, "mona.ny@test.no",
                                  roles="mentor"))
    assert "Personalfilen er importert" in page
    assert person(app, world, "mentor").email == "mona.ny@test.no"
    [told] = smtp.to(world.email("mentor"))
    assert told.subject == "E-postadressen din i mentorplan er endret" and "mona.ny@test.no" in told.part("plain")


def test_someone_who_left_the_unit_years_ago_is_not_the_leaders_to_change(app, world, login):
    """Past employments no longer count as "mine": Mari worked at Lade until 2019 and is at Øst now."""
    with app.app_context():
        mari = db.session.get(Person, world.person_ids["mentor_b"])
        db.session.add(Employment(person=mari, unit=db.session.get(Unit, world.unit_ids["a"]),
                                  start_date=date(2012, 1, 2), end_date=date(2014, 12, 31), end_reason=EndReason.INTERN_OVERGANG,
                                  profession=mari.employments[0].profession))
        db.session.commit()
        number = mari.employee_number
    _, page = upload(login(world.email("enhetsleder")),
                     HEADER + row(number, "Endret", "Navn", "mentor_b@test.no", start="2012-01-02"))
    assert f"Linje 2, kolonne «ansattnr»: ansattnr {number} er ansatt ved en annen enhet" in page
    assert person(app, world, "mentor_b").first_name == "Mari"


def test_a_mentor_named_by_a_leader_must_be_mentor_at_the_unit(app, world, login):
    """Before issue 20 anyone in the kommune could be named, a mentee of another unit too."""
    elsewhere = person(app, world, "mentee_b").employee_number
    _, page = upload(login(world.email("enhetsleder")),
                     HEADER + row("7201", "Ny", "Ansatt", "ny.ansatt@test.no", start="2026-10-05", mentor=elsewhere))
    assert (f"Linje 2, kolonne «mentor_ansattnr»: ansattnr {elsewhere} er ikke mentor ved «{UNIT_A}». "
            "Oppnevn mentoren først, eller gi rollen mentor i filen.") in page
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.employee_number == "7201")) is None


def test_an_appointed_mentor_or_one_appointed_in_the_file_may_be_named(app, world, login):
    mentor = person(app, world, "mentor").employee_number
    _, page = upload(login(world.email("enhetsleder")),
                     HEADER + row("7202", "Ny", "Ansatt", "ny2@test.no", start="2026-10-05", mentor=mentor)
                     + NEW_MENTOR + NEW_HIRE)
    assert "Personalfilen er importert" in page and "Mentorforløp: 2 startet" in page


@pytest.mark.parametrize("key", ["enhetsleder", "admin"])
def test_nobody_gives_themselves_a_role_in_a_file(app, world, login, key):
    me = person(app, world, key)
    _, page = upload(login(world.email(key)),
                     HEADER + row(me.employee_number, me.first_name, me.last_name, world.email(key), roles="mentor"))
    assert ("kolonne «roller»: du kan ikke gi deg selv roller (mentor); en annen administrator eller leder "
            "må gjøre det.") in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RoleAssignment).where(
            RoleAssignment.person_id == me.id, RoleAssignment.role == "mentor")) == 0


def test_a_role_already_held_may_stay_in_the_uploaders_own_row(app, world, login):
    """A whole staff export, uploaded again, names the uploader's own roles: that is no grant."""
    me = person(app, world, "enhetsleder")
    _, page = upload(login(world.email("enhetsleder")),
                     HEADER + row(me.employee_number, me.first_name, me.last_name, world.email("enhetsleder"),
                                  roles="enhetsleder", ward=""))
    assert "Personalfilen er importert" in page


def test_a_leader_may_not_make_herself_a_hires_mentor(app, world, login):
    with app.app_context():
        db.session.add(RoleAssignment(person_id=world.person_ids["enhetsleder"], role="mentor",
                                      kommune_id=world.kommune_id, unit_id=world.unit_ids["a"]))
        db.session.commit()
    me = person(app, world, "enhetsleder")
    _, page = upload(login(world.email("enhetsleder")),
                     HEADER + row("7203", "Ny", "Ansatt", "ny3@test.no", start="2026-10-05", mentor=me.employee_number))
    assert ("Linje 2, kolonne «mentor_ansattnr»: du kan ikke gjøre deg selv til mentor; en annen leder må "
            "oppnevne mentoren.") in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Mentorship).where(
            Mentorship.mentor_id == me.id)) == 0
