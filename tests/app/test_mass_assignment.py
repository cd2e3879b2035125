"""Forms bind only the fields they declare: extra fields posted alongside (role, unit, kommune,
mentor, person, who held a conversation, sharing) change nothing beyond what the form is for."""
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Conversation, Employment, Mentorship, Person, RoleAssignment, User

from tests import factories
from tests.conftest import csrf_token, post_form
from tests.conversations.test_conversations import talks  # noqa: F401  (the fixture)

EXTRA = {"role": "admin", "roles": "admin", "is_enabled": "y", "kommune_id": "2", "unit_id_extra": "2",
         "mentor_id": "0", "person_id": "1", "mentee_id": "1", "held_by_id": "1", "shared_with_leader": "y",
         "session_version": "0", "password_hash": "x", "email": "angriper@test.no"}


def snapshot(app, world) -> tuple:
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        return (
            sorted((a.person_id, a.role, a.kommune_id, a.unit_id, a.ward_id)
                   for a in db.session.scalars(select(RoleAssignment))),
            sorted((u.id, u.email, u.is_enabled, u.person_id) for u in db.session.scalars(select(User))),
            sorted((p.id, p.kommune_id, p.email) for p in db.session.scalars(select(Person))),
            (mentorship.mentee_id, mentorship.mentor_id, mentorship.backup_mentor_id, mentorship.employment_id),
        )


def test_ending_an_employment_binds_only_date_and_reason(app, world, login):
    app.config["FIXED_TODAY"] = date(2026, 9, 20)
    before = snapshot(app, world)
    with app.app_context():
        employment_id = db.session.get(Mentorship, world.mentorship_ids["mentee"]).employment_id
    client = login(world.email("hr"))
    response = post_form(client, f"/personer/arbeidsforhold/{employment_id}/avslutt",
                         {"end_date": "30.11.2026", "end_reason": "frivillig", "unit_id": str(world.unit_ids["b"]),
                          "position_percent": "10", "start_date": "01.01.2000", **EXTRA})
    assert response.status_code == 302
    with app.app_context():
        e = db.session.get(Employment, employment_id)
        assert (e.unit_id, e.start_date, e.position_percent, e.person_id) == (
            world.unit_ids["a"], date(2026, 9, 7), 100, world.person_ids["mentee"])
    assert snapshot(app, world) == before


def test_a_new_employment_binds_only_its_fields(app, world, login):
    before = snapshot(app, world)
    person_id = world.person_ids["mentor_b"]
    response = post_form(login(world.email("hr")), f"/personer/{person_id}/arbeidsforhold/ny", {
        "unit_id": str(world.unit_ids["a"]), "start_date": "01.01.2030", "profession": "sykepleier",
        "position_percent": "50", "end_date": "01.02.2030", "end_reason": "frivillig", **EXTRA})
    assert response.status_code == 302
    with app.app_context():
        new = db.session.scalar(select(Employment).where(Employment.person_id == person_id)
                                .order_by(Employment.start_date.desc()))
        assert (new.unit_id, new.end_date, new.end_reason, new.person_id) == (world.unit_ids["a"], None, None, person_id)
    assert snapshot(app, world) == before


def test_the_mentees_own_notes_do_not_share_or_reassign(app, world, login, talks):  # noqa: F811
    before = snapshot(app, world)
    url = f"/samtale/{talks['conversation']}"
    response = post_form(login(world.email("mentee")), f"{url}/egne-notater",
                         {"preparation": "", "reflection": "Egen tanke.", "notes": "Overskrevet",
                          "held_on": "2026-09-01", "mentorship_id": "2", **EXTRA}, form_url=url)
    assert response.status_code == 302
    with app.app_context():
        c = db.session.get(Conversation, talks["conversation"])
        assert (c.reflection, c.shared_with_leader, c.held_by_id, c.mentorship_id, c.held_on) == (
            "Egen tanke.", False, world.person_ids["mentor"], world.mentorship_ids["mentee"], date(2026, 9, 10))
        assert "nattevaktene" in c.notes
    assert snapshot(app, world) == before


def test_logging_in_with_extra_fields_changes_nothing(app, world):
    before = snapshot(app, world)
    client = app.test_client()
    response = client.post("/logg-inn", data={**EXTRA, "email": world.email("mentee"), "password": factories.PASSWORD,
                                              "csrf_token": csrf_token(client, "/logg-inn")})
    assert response.status_code == 302
    assert client.get("/personer/").status_code == 403  # still no admin
    assert snapshot(app, world) == before


def test_notification_settings_bind_only_their_fields(app, world, login):
    before = snapshot(app, world)
    response = post_form(login(world.email("mentor")), "/varsler/innstillinger",
                         {"email_kinds": "tomorrow", "digest_weekday": "2", "person_id": "1", "user_id": "1",
                          **EXTRA})
    assert response.status_code == 302
    assert snapshot(app, world) == before
