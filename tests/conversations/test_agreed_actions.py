"""An agreed action reaches the one it was given to: a message at once (not to the one who logged
it), «Dine tiltak» on their start page, ticked off there; the assignee reads the action, not the
notes; nobody else sees or ticks it."""
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, AgreedAction, Notification, NotificationKind

from tests.pages import html, section
from tests.conftest import csrf_token, post_form
from tests.conversations.test_conversations import WEEK2, activity_id, talk_form

TODAY = date(2026, 9, 20)
NOTES = "Nina vil helst slippe nattevakter i oktober."


def log_with_action(app, world, login, who: str, what: str = "Finne bytte for to nattevakter"):
    app.config["FIXED_TODAY"] = TODAY
    target = activity_id(app, world, WEEK2)
    mentor = login(world.email("mentor"))
    response = post_form(mentor, f"/aktivitet/{target}/samtale", talk_form(**{
        "notes": NOTES, "actions-0-what": what, "actions-0-who": who, "actions-0-due_on": "2026-10-01"}))
    assert response.status_code == 302
    with app.app_context():
        action = db.session.scalar(select(AgreedAction).where(AgreedAction.what == what))
        return action.id, action.conversation_id


def messages_to(app, person_id) -> list[Notification]:
    with app.app_context():
        return list(db.session.scalars(select(Notification).where(
            Notification.person_id == person_id, Notification.kind == NotificationKind.ACTION)))


def my_actions(client) -> str:
    page = html(client, "/")
    return section(page, 'id="tiltak"', "</section>") if 'id="tiltak"' in page else ""


def test_an_action_for_the_leader_reaches_the_leader_but_not_the_notes(app, world, login):
    action_id, conversation_id = log_with_action(app, world, login, "avdelingsleder")
    [message] = messages_to(app, world.person_ids["avdelingsleder"])
    assert message.summary == "Tiltak for Nina Nytilsatt: Finne bytte for to nattevakter (frist 01.10.2026)."
    assert NOTES not in message.body_text
    leader = login(world.email("avdelingsleder"))
    actions = my_actions(leader)
    assert "Finne bytte for to nattevakter (Nina Nytilsatt), frist 01.10.2026" in " ".join(actions.split())
    assert NOTES not in html(leader, f"/samtale/{conversation_id}")
    with app.app_context():
        assert db.session.scalar(select(AccessLogEntry).where(
            AccessLogEntry.actor_id == world.person_ids["avdelingsleder"], AccessLogEntry.object_id == conversation_id,
            AccessLogEntry.kind == AccessKind.CONVERSATION, AccessLogEntry.action == AccessAction.READ)) is not None


def test_the_leader_ticks_it_off_on_the_start_page(app, world, login):
    action_id, _ = log_with_action(app, world, login, "avdelingsleder")
    leader = login(world.email("avdelingsleder"))
    response = leader.post(f"/tiltak/{action_id}/utfort", data={"next": "/", "csrf_token": csrf_token(leader, "/")})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    with app.app_context():
        action = db.session.get(AgreedAction, action_id)
        assert action.done_on == TODAY and action.done_by_id == world.person_ids["avdelingsleder"]
    assert "Finne bytte" not in my_actions(leader)


def test_an_action_for_the_mentee_reaches_her(app, world, login):
    log_with_action(app, world, login, "mentee", "Lese prosedyre for sårstell")
    [message] = messages_to(app, world.person_ids["mentee"])
    assert message.summary == "Tiltak: Lese prosedyre for sårstell (frist 01.10.2026)."
    assert "Lese prosedyre for sårstell, frist 01.10.2026" in " ".join(my_actions(login(world.email("mentee"))).split())


def test_the_mentor_who_logged_it_is_not_told_of_their_own_action(app, world, login):
    log_with_action(app, world, login, "mentor", "Sjekke turnusen")
    assert messages_to(app, world.person_ids["mentor"]) == []
    assert "Sjekke turnusen" in my_actions(login(world.email("mentor")))


@pytest.mark.parametrize("key", ["avdelingsleder2", "avdelingsleder_b", "mentor_b", "hr", "mentee2"])
def test_nobody_else_sees_or_ticks_it(app, world, login, key):
    action_id, _ = log_with_action(app, world, login, "avdelingsleder")
    client = login(world.email(key))
    assert "Finne bytte" not in my_actions(client)
    response = client.post(f"/tiltak/{action_id}/utfort", data={"next": "/", "csrf_token": csrf_token(client, "/")})
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.get(AgreedAction, action_id).done_on is None


def test_the_message_kind_can_be_muted_for_e_mail(app, world, login):
    settings = html(login(world.email("avdelingsleder")), "/varsler/innstillinger")
    assert "Avtalte tiltak til deg" in settings
