"""GDPR: each person downloads their own data from /profil (JSON, and CSV files in a zip); notes
are read through the one door and logged; nobody gets anyone else's data, nor mentees' notes."""
import csv
import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.access import viewer_for_person
from mentorplan.checklists.operations import current_checklist, mark
from mentorplan.clock import now
from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessLogEntry, Mentorship, Person, PulseResponse
from mentorplan.privacy.own_data import own_data

from tests import factories

TODAY = date(2026, 9, 18)


@pytest.fixture
def world(app):
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        world = factories.build_world()
        world.ids = factories.conversations(world)
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        mark(mentorship, current_checklist(mentorship.employment.unit).items[0], "opplaering", date(2026, 9, 15),
             db.session.get(Person, world.person_ids["mentee"]), TODAY)
        db.session.add(PulseResponse(mentorship=mentorship, milestone=3, answered_on=date(2026, 9, 17), safety=4,
                                     inclusion=5, growth=3, workload=2, recommend=5, intends_to_stay=True))
        db.session.get(Person, world.person_ids["mentee"]).last_name = "=HYPERLINK(\"http://x\")"
        db.session.commit()
    return world


def _reads(app, actor_id: int) -> list[tuple]:
    with app.app_context():
        return [(e.kind, e.object_id, e.subject_id) for e in db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.actor_id == actor_id, AccessLogEntry.action == AccessAction.READ))]


def test_the_mentee_downloads_her_data_with_the_notes_and_others_reads_of_them(app, world, login):
    client = login(world.email("mentee"))
    assert "/profil/mine-data.json" in client.get("/profil").get_data(as_text=True)
    response = client.get("/profil/mine-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mine-data-2026-09-18.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data())
    assert data["person"]["first_name"] == "Nina" and data["person"]["email"] == "mentee@test.no"
    assert data["account"]["email"] == "mentee@test.no"
    assert [e["unit"] for e in data["employments"]] == ["Lade helse- og velferdssenter"]
    (mentorship,) = data["mentorships_as_mentee"]
    assert mentorship["mentor"] == "Mona Mentor" and len(mentorship["plan"]) > 5
    talks = {c["kind"]: c for c in mentorship["conversations"]}
    assert talks["mentorsamtale"]["notes"] == factories.NOTES
    assert talks["mentorsamtale"]["agreed_actions"][0]["what"] == "Bytte to nattevakter"
    assert talks["ledersamtale"]["notes"] == factories.LEADER_NOTES
    assert mentorship["checklist"][0]["trained_on"] == "2026-09-15"
    assert mentorship["pulse"][0]["safety"] == 4 and mentorship["pulse"][0]["intends_to_stay"] is True
    assert data["mentees"] == [] and data["conversations_held"] == []
    # Reading her own notes is not logged (issue 23: the log is of who else read them) …
    assert _reads(app, world.person_ids["mentee"]) == []
    # … her mentor's reading is, and the next download shows it, without the mentor's address.
    login(world.email("mentor")).get(f"/samtale/{world.ids['conversation']}")
    again = json.loads(client.get("/profil/mine-data.json").get_data())
    assert {"by": "Mona Mentor", "kind": "conversation", "action": "read", "count": 1}.items() <= \
        again["access_log"][0].items()
    assert "address" not in again["access_log"][0] and "127.0.0.1" not in json.dumps(again)


def test_the_zip_has_the_json_and_csv_files_with_formulas_made_inert(app, world, login):
    response = login(world.email("mentee")).get("/profil/mine-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = set(archive.namelist())
    assert {"mine-data.json", "person.csv", "employments.csv", "mentorforlop-1-conversations.csv",
            "mentorforlop-1-checklist.csv"} <= names
    person = list(csv.reader(io.StringIO(archive.read("person.csv").decode("utf-8-sig")), delimiter=";"))
    assert person[0][:2] == ["first_name", "last_name"]
    assert person[1][1] == "'=HYPERLINK(\"http://x\")"  # shown as text, never run
    notes = archive.read("mentorforlop-1-conversations.csv").decode("utf-8-sig")
    assert "Nina synes nattevaktene er tunge." in notes
    assert json.loads(archive.read("mine-data.json"))["person"]["first_name"] == "Nina"


def test_a_mentors_export_lists_the_mentees_and_talks_held_but_not_the_notes(app, world, login):
    client = login(world.email("mentor"))
    body = client.get("/profil/mine-data.json").get_data(as_text=True)
    data = json.loads(body)
    assert data["person"]["first_name"] == "Mona"
    assert {m["mentee"] for m in data["mentees"]} >= {"Nils Nytilsatt"}
    assert [c["kind"] for c in data["conversations_held"]] == ["mentorsamtale"]
    assert data["mentorships_as_mentee"] == []
    assert "nattevaktene" not in body and "Bytte to nattevakter" not in body
    assert _reads(app, world.person_ids["mentor"]) == []  # no notes were opened for the export


@pytest.mark.parametrize("key", ["admin", "hr", "avdelingsleder", "mentee2", "hr_other"])
def test_no_one_gets_anyone_elses_data(app, world, login, key):
    client = login(world.email(key))
    # Nothing in the URL names a person; a smuggled id is ignored.
    body = client.get(f"/profil/mine-data.json?person_id={world.person_ids['mentee']}").get_data(as_text=True)
    data = json.loads(body)
    assert data["person"]["email"] == f"{key}@test.no"
    assert "nattevaktene" not in body and "Prøvetiden ser bra ut" not in body
    assert "Bytte to nattevakter" not in body
    if key == "avdelingsleder":  # she held Nina's oppstartssamtale: that it was held, with whom, no notes
        assert data["conversations_held"] == [
            {"kind": "ledersamtale", "held_on": "2026-09-07", "duration_minutes": 60,
             "mentee": 'Nina =HYPERLINK("http://x")'}]
    else:
        assert "HYPERLINK" not in body and data["conversations_held"] == []


def test_the_export_refuses_anyone_but_the_person_and_anonymous_visitors(app, world, login):
    client = app.test_client()
    for url in ("/profil/mine-data.json", "/profil/mine-data.zip"):
        response = client.get(url)
        assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    with app.app_context():
        mentor = db.session.get(Person, world.person_ids["mentor"])
        nina = db.session.get(Person, world.person_ids["mentee"])
        with pytest.raises(PermissionError):
            own_data(viewer_for_person(mentor, TODAY), nina, None, now())
    # A deactivated account's copied session gets nothing.
    mentee = login(world.email("mentee"))
    with app.app_context():
        from mentorplan.models import User
        db.session.scalar(select(User).where(User.email == "mentee@test.no")).is_enabled = False
        db.session.commit()
    assert mentee.get("/profil/mine-data.json").status_code == 302
