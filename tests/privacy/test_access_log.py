"""The access log (tilgangslogg): every read of someone else's notes, checklist answers and
employment records and every change to them is recorded — who, when, what, about whom, from where,
never the text — refusals and one's own reads are not, the admin searches it, each employee sees
their own, and nothing edits it. tests/privacy/test_access_log_days.py: one entry a day, with a count.

The world's mentees start on 07.09.2026; "today" is 20.09.2026; `talks` logs mentee's first mentor
conversation (notes with HTML) and her oppstartssamtale with the avdelingsleder.
"""
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, Mentorship

from tests import factories
from tests.conftest import csrf_token, post_form
from tests.conversations.test_conversations import talks  # noqa: F401  (the fixture)
from tests.pages import html as page

TODAY = date(2026, 9, 20)


def entries(app) -> list[tuple]:
    """(actor, subject, kind, action, object id, address) of every entry, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(e.actor_id, e.subject_id, e.kind, e.action, e.object_id, e.address) for e in rows]


def raw_rows(app) -> list[str]:
    with app.app_context():
        return [repr(row) for row in db.session.execute(select(AccessLogEntry.__table__))]


# --- Reads -----------------------------------------------------------------------------------

def test_the_mentor_reading_notes_is_logged_once_without_the_text(app, world, login, talks):
    client = login(world.email("mentor"))
    before = datetime.now(UTC)
    assert factories.NOTES[:10] in page(client, f"/samtale/{talks['conversation']}").replace("&lt;", "<")
    mentor, mentee = world.person_ids["mentor"], world.person_ids["mentee"]
    assert entries(app) == [(mentor, mentee, AccessKind.CONVERSATION, AccessAction.READ, talks["conversation"],
                             "127.0.0.1")]
    with app.app_context():
        at = db.session.scalar(select(AccessLogEntry.at))
    assert at.tzinfo is not None and before.replace(microsecond=0) <= at.astimezone(UTC)
    assert not any("nattevakt" in row or "Bytte" in row for row in raw_rows(app))


def test_the_mentee_reading_her_own_plan_notes_and_checklist_is_not_logged(app, world, login, talks):
    client = login(world.email("mentee"))
    for url in (f"/plan/{world.mentorship_ids['mentee']}", "/min-plan", f"/samtale/{talks['conversation']}",
                f"/samtale/{talks['leader_conversation']}", f"/plan/{world.mentorship_ids['mentee']}/sjekkliste", "/"):
        page(client, url)
    assert entries(app) == []


@pytest.mark.parametrize(("key", "status"), [("enhetsleder", 200), ("avdelingsleder2", 404), ("hr", 403),
                                             ("admin", 403), ("mentee2", 404), ("mentor_b", 404)])
def test_refusals_and_date_only_views_are_not_logged_as_reads(app, world, login, talks, key, status):
    client = login(world.email(key))
    response = client.get(f"/samtale/{talks['conversation']}")
    assert response.status_code == status
    assert "nattevakt" not in response.get_data(as_text=True)
    assert entries(app) == []


def test_the_avdelingsleder_reading_a_shared_conversation_is_logged(app, world, login, talks):
    url = f"/samtale/{talks['conversation']}"
    leader = login(world.email("avdelingsleder"))
    page(leader, url)
    assert entries(app) == []
    mentee = login(world.email("mentee"))
    assert post_form(mentee, f"{url}/del", {"shared": "ja"}, form_url=url).status_code == 302
    page(leader, url)
    reads = [e for e in entries(app) if e[0] == world.person_ids["avdelingsleder"]]
    assert reads == [(world.person_ids["avdelingsleder"], world.person_ids["mentee"], AccessKind.CONVERSATION,
                      AccessAction.READ, talks["conversation"], "127.0.0.1")]


def test_reading_the_checklist_is_logged(app, world, login, talks):
    page(login(world.email("mentor2")), f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    assert entries(app) == [(world.person_ids["mentor2"], world.person_ids["mentee"], AccessKind.CHECKLIST,
                             AccessAction.READ, world.mentorship_ids["mentee"], "127.0.0.1")]


def test_hr_reading_an_employment_record_is_logged(app, world, login):
    page(login(world.email("hr")), f"/personer/{world.person_ids['mentee']}")
    assert entries(app) == [(world.person_ids["hr"], world.person_ids["mentee"], AccessKind.EMPLOYMENT,
                             AccessAction.READ, world.person_ids["mentee"], "127.0.0.1")]


def test_the_address_is_the_clients(app, world, login, talks):
    client = login(world.email("mentor"))
    client.get(f"/samtale/{talks['conversation']}", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert [e[5] for e in entries(app)] == ["10.1.2.3"]


# --- Changes ---------------------------------------------------------------------------------

def test_the_mentees_reflection_is_logged_as_a_change(app, world, login, talks):
    url = f"/samtale/{talks['conversation']}"
    client = login(world.email("mentee"))
    response = post_form(client, f"{url}/egne-notater", {"preparation": "", "reflection": "Hemmelig tanke."},
                         form_url=url)
    assert response.status_code == 302
    changes = [e for e in entries(app) if e[3] is AccessAction.CHANGE]
    assert changes == [(world.person_ids["mentee"], world.person_ids["mentee"], AccessKind.CONVERSATION,
                        AccessAction.CHANGE, talks["conversation"], "127.0.0.1")]
    assert not any("Hemmelig" in row for row in raw_rows(app))


def test_a_refused_change_is_not_logged_as_one(app, world, login, talks):
    url = f"/samtale/{talks['conversation']}"
    post_form(login(world.email("mentee")), f"{url}/egne-notater", {"preparation": "", "reflection": "r" * 5001},
              form_url=url)
    assert [e for e in entries(app) if e[3] is AccessAction.CHANGE] == []


def test_marking_the_checklist_is_logged_as_a_change(app, world, login, talks):
    client = login(world.email("mentee"))
    response = client.post(f"/plan/{world.mentorship_ids['mentee']}/sjekkliste/{talks['item']}", data={
        "mark": "opplaering", "action": "sett", "on": "2026-09-15", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert (world.person_ids["mentee"], world.person_ids["mentee"], AccessKind.CHECKLIST, AccessAction.CHANGE,
            world.mentorship_ids["mentee"], "127.0.0.1") in entries(app)


def test_ending_an_employment_is_logged_as_a_change(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        employment_id = db.session.get(Mentorship, world.mentorship_ids["mentee"]).employment_id
    client = login(world.email("hr"))
    url = f"/personer/arbeidsforhold/{employment_id}/avslutt"
    assert post_form(client, url, {"end_date": "30.11.2026", "end_reason": "frivillig"}).status_code == 302
    assert (world.person_ids["hr"], world.person_ids["mentee"], AccessKind.EMPLOYMENT, AccessAction.CHANGE,
            employment_id, "127.0.0.1") in entries(app)


# --- Reading the log -------------------------------------------------------------------------

def test_the_admin_searches_by_person_actor_and_date(app, world, login, talks):
    page(login(world.email("mentor")), f"/samtale/{talks['conversation']}")
    page(login(world.email("hr")), f"/personer/{world.person_ids['mentee2']}")
    admin = login(world.email("admin"))
    everything = page(admin, "/tilgangslogg/")
    assert "Mona Mentor" in everything and "Hanne Hr" in everything
    assert "Samtalenotater" in everything and "Arbeidsforhold" in everything
    by_subject = page(admin, "/tilgangslogg/?subject=Nils")
    assert "Hanne Hr" in by_subject and "Mona Mentor" not in by_subject
    by_actor = page(admin, "/tilgangslogg/?actor=mona")
    assert "Mona Mentor" in by_actor and "Hanne Hr" not in by_actor
    assert "Ingen oppføringer." in page(admin, "/tilgangslogg/?from_day=01.01.2020&to_day=31.12.2020")
    today_oslo = datetime.now(OSLO).date()
    assert "Mona Mentor" in page(admin, f"/tilgangslogg/?from_day={today_oslo:%d.%m.%Y}&to_day={today_oslo:%d.%m.%Y}")
    assert "nattevakt" not in everything


def test_the_admin_sees_only_the_own_kommunes_entries(app, world, login):
    page(login(world.email("hr_other")), f"/personer/{world.person_ids['mentee_other']}")
    assert "Hege Annen" not in page(login(world.email("admin")), "/tilgangslogg/")


def test_each_employee_sees_who_read_their_records(app, world, login, talks):
    page(login(world.email("mentor")), f"/samtale/{talks['conversation']}")
    own = page(login(world.email("mentee")), "/tilgangslogg/meg")
    assert "Mona Mentor" in own and "Samtalenotater" in own and "Lest" in own
    for key in ("mentee2", "mentor"):
        assert "Ingen oppføringer." in page(login(world.email(key)), "/tilgangslogg/meg")


def test_the_log_cannot_be_changed_or_deleted(app, world, login, talks):
    page(login(world.email("mentor")), f"/samtale/{talks['conversation']}")
    with app.app_context():
        entry = db.session.scalar(select(AccessLogEntry))
        entry.address = "0.0.0.0"
        with pytest.raises(ValueError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(AccessLogEntry)))
        with pytest.raises(ValueError):
            db.session.flush()
        db.session.rollback()
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/tilgangslogg")]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
    assert len(entries(app)) == 1


def test_the_search_pages_and_keeps_its_filters(app, world, login, talks):
    app.config["PAGE_SIZE"] = 1
    page(login(world.email("mentor")), f"/samtale/{talks['conversation']}")
    page(login(world.email("mentor2")), f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    page(login(world.email("hr")), f"/personer/{world.person_ids['mentee']}")
    first = page(login(world.email("admin")), "/tilgangslogg/?subject=Nina")
    assert "Side 1 av 3" in first
    assert 'href="/tilgangslogg/?side=2&amp;subject=Nina"' in first
