"""Correcting a logged conversation: the form comes filled in, the old version is kept and shown
to those who may read the notes (and only that it was corrected to the others), nothing is
half-saved, and only the one who logged it (or may log its kind) corrects it."""
from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, Conversation, ConversationRevision

from tests import factories
from tests.conftest import csrf_token

TODAY = date(2026, 9, 20)


@pytest.fixture
def conversation_id(app, world):
    """The mentor's first conversation with Nina, logged on 10.09.2026 (factories.conversations)."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        made = factories.conversations(world)
        db.session.commit()
    return made["conversation"]


def correct(client, conversation_id, **values):
    url = f"/samtale/{conversation_id}/rett"
    data = {"kind": "mentorsamtale", "held_on": "14.09.2026", "duration_minutes": "50",
            "other_topics": "Turnus", "notes": "Rettet: vi snakket om turnusen.", **values}
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})


def test_the_form_comes_filled_in_with_what_was_logged(app, world, login, conversation_id):
    page = login(world.email("mentor")).get(f"/samtale/{conversation_id}/rett").get_data(as_text=True)
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        held_on, notes = conversation.held_on, conversation.notes
    assert f'value="{held_on:%d.%m.%Y}"' in page or f'value="{held_on.isoformat()}"' in page
    assert str(escape(notes)) in page


def test_a_correction_keeps_the_old_version_and_shows_it_to_mentor_and_mentee(app, world, login, conversation_id):
    with app.app_context():
        before = db.session.get(Conversation, conversation_id).notes
    mentor = login(world.email("mentor"))
    response = correct(mentor, conversation_id)
    assert response.status_code == 302
    page = mentor.get(f"/samtale/{conversation_id}").get_data(as_text=True)
    assert "Samtalen er rettet." in page and "Rettet: vi snakket om turnusen." in page
    history = page[page.index('id="endringer"'):]
    assert str(escape(before)) in history and "av Mona Mentor" in history
    assert str(escape(before)) in login(world.email("mentee")).get(f"/samtale/{conversation_id}").get_data(as_text=True)
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        assert (conversation.held_on, conversation.duration_minutes) == (date(2026, 9, 14), 50)
        [revision] = db.session.scalars(select(ConversationRevision))
        assert revision.notes == before
        if conversation.activity is not None:
            assert conversation.activity.completed_on == date(2026, 9, 14)
        assert db.session.scalar(select(AccessLogEntry).where(
            AccessLogEntry.object_id == conversation_id, AccessLogEntry.kind == AccessKind.CONVERSATION,
            AccessLogEntry.action == AccessAction.CHANGE)) is not None


def test_the_leader_sees_that_it_was_corrected_but_not_what_it_said(app, world, login, conversation_id):
    correct(login(world.email("mentor")), conversation_id)
    page = login(world.email("avdelingsleder")).get(f"/samtale/{conversation_id}").get_data(as_text=True)
    assert "Rettet" in page and 'id="endringer"' not in page and "vi snakket om turnusen" not in page


@pytest.mark.parametrize("values, message", [
    ({"held_on": "01.01.2030"}, "Datoen kan ikke være fram i tid."),
    ({"duration_minutes": "0"}, "Varigheten må være mellom 5 og 480 minutter."),
    ({"other_topics": "", "topics": []}, "Velg minst ett stikkord, eller skriv et eget."),
])
def test_a_bad_correction_is_named_and_nothing_is_saved(app, world, login, conversation_id, values, message):
    response = correct(login(world.email("mentor")), conversation_id, **values)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ConversationRevision)) is None


def test_an_unchanged_correction_is_refused(app, world, login, conversation_id):
    mentor = login(world.email("mentor"))
    page = mentor.get(f"/samtale/{conversation_id}/rett").get_data(as_text=True)
    with app.app_context():
        c = db.session.get(Conversation, conversation_id)
        same = {"held_on": f"{c.held_on:%d.%m.%Y}", "duration_minutes": str(c.duration_minutes),
                "other_topics": "\n".join(c.topics), "notes": c.notes}
    assert page
    response = correct(mentor, conversation_id, **same)
    assert "Ingenting er endret." in response.get_data(as_text=True)


@pytest.mark.parametrize("key", ["mentee", "avdelingsleder", "enhetsleder", "mentor_b", "hr", "admin"])
def test_only_who_logged_it_or_may_log_it_corrects_it(app, world, login, conversation_id, key):
    client = login(world.email(key))
    assert client.get(f"/samtale/{conversation_id}/rett").status_code in (403, 404)
    response = client.post(f"/samtale/{conversation_id}/rett",
                           data={"held_on": "14.09.2026", "duration_minutes": "50", "other_topics": "X",
                                 "csrf_token": csrf_token(client, "/profil")})
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.scalar(select(ConversationRevision)) is None
