"""Conversations: logging (planned and not), confidentiality for every role, the mentee's own
preparation, reflection and sharing, agreed actions, talking points, and handing a mentee over.

The world's mentees start on 07.09.2026; "today" is 20.09.2026. `talks` logs, for `mentee`, the
mentor's first conversation (10.09, notes with HTML in them, one open agreed action) and the
avdelingsleder's oppstartssamtale (07.09).
"""
from datetime import date

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    AgreedAction,
    Conversation,
    Mentorship,
    MentorChange,
    Person,
    PlanActivity,
    PlanTemplate,
    Unit,
)
from mentorplan.plans.operations import new_draft, publish

from tests import factories
from tests.conftest import csrf_token, post_form
from tests.pages import field_error
from tests.pages import html as page
from tests.factories import LEADER_NOTES

TODAY = date(2026, 9, 20)
NOTE_WORDS = "nattevaktene er tunge"
ESCAPED_NOTES = "Nina synes nattevaktene er tunge. &lt;b&gt;Fet&lt;/b&gt; &amp; fin."
ACTION = "Bytte to nattevakter"
TOPICS = "turnus, søvn og balanse, stress og mestring"


@pytest.fixture
def talks(app, world):
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        made = factories.conversations(world)
        db.session.commit()
    return made




def activity_id(app, world, title: str, key: str = "mentee") -> int:
    with app.app_context():
        return db.session.scalar(select(PlanActivity.id).where(
            PlanActivity.title == title, PlanActivity.plan.has(mentorship_id=world.mentorship_ids[key])))


def conversation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Conversation))


def activity_status(app, id_: int):
    with app.app_context():
        a = db.session.get(PlanActivity, id_)
        return a.status, a.completed_on, a.completed_by_id


# --- Who sees what -------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["mentee", "mentor"])
def test_mentor_and_mentee_read_the_notes_escaped(world, login, talks, key):
    text = page(login(world.email(key)), f"/samtale/{talks['conversation']}")
    assert ESCAPED_NOTES in text
    assert "<b>Fet</b>" not in text
    assert ACTION in text and "45 min" in text and "10.09.2026" in text


@pytest.mark.parametrize("key", ["enhetsleder", "avdelingsleder", "mentor2"])
def test_others_who_follow_the_plan_see_only_date_and_topics(world, login, talks, key):
    text = page(login(world.email(key)), f"/samtale/{talks['conversation']}")
    assert "10.09.2026" in text and TOPICS in text
    assert NOTE_WORDS not in text and ACTION not in text and "45 min" not in text
    assert "Notatene fra samtalen er bare for den nytilsatte og mentoren." in text


@pytest.mark.parametrize("key", ["avdelingsleder2", "avdelingsleder_b", "enhetsleder_b", "mentor_b", "mentee2",
                                 "mentee_b"])
def test_people_outside_the_mentorship_get_404(world, login, talks, key):
    client = login(world.email(key))
    for conversation in (talks["conversation"], talks["leader_conversation"]):
        response = client.get(f"/samtale/{conversation}")
        assert response.status_code == 404
        assert NOTE_WORDS not in response.get_data(as_text=True)


@pytest.mark.parametrize("key", ["hr", "admin", "hr_other"])
def test_hr_and_admin_never_see_a_conversation(world, login, talks, key):
    client = login(world.email(key))
    for conversation in (talks["conversation"], talks["leader_conversation"]):
        assert client.get(f"/samtale/{conversation}").status_code == 403


def test_hrs_person_page_shows_nothing_of_the_conversations(world, login, talks):
    text = page(login(world.email("hr")), f"/personer/{world.person_ids['mentee']}")
    assert "Nina" in text
    for secret in (NOTE_WORDS, ACTION, "søvn", "10.09.2026", LEADER_NOTES):
        assert secret not in text


def test_a_person_of_another_kommune_gets_404(app, world, talks):
    with app.app_context():
        other = db.session.get(Mentorship, world.mentorship_ids["mentee_other"])
        mentor_key = "mentor_other"
        assert other.mentor_id == world.person_ids[mentor_key]
    from tests.app.test_access import log_in
    client = log_in(app, mentor_key)
    assert client.get(f"/samtale/{talks['conversation']}").status_code == 404
    assert client.get(f"/plan/{world.mentorship_ids['mentee']}/sjekkliste").status_code == 404


def test_the_avdelingsleder_reads_the_ledersamtale_they_held(world, login, talks):
    text = page(login(world.email("avdelingsleder")), f"/samtale/{talks['leader_conversation']}")
    assert LEADER_NOTES in text


def test_the_mentee_reads_the_ledersamtale_but_the_mentor_was_not_there_and_does_not(world, login, talks):
    url = f"/samtale/{talks['leader_conversation']}"
    assert LEADER_NOTES in page(login(world.email("mentee")), url)
    text = page(login(world.email("mentor")), url)
    assert "07.09.2026" in text and LEADER_NOTES not in text
    assert "Notatene fra samtalen er bare for den nytilsatte og lederen som holdt den." in text


def test_the_enhetsleder_does_not_read_a_ledersamtale_held_by_the_avdelingsleder(world, login, talks):
    text = page(login(world.email("enhetsleder")), f"/samtale/{talks['leader_conversation']}")
    assert "07.09.2026" in text
    assert LEADER_NOTES not in text
    assert "forventninger" not in text  # a free-text topic, not on the list: as confidential as the notes


def test_the_leaders_plan_page_lists_the_conversations_without_notes(world, login, talks):
    text = page(login(world.email("avdelingsleder")), f"/plan/{world.mentorship_ids['mentee']}")
    held = text[text.index('id="samtaler"'):text.index('id="aaret"')]
    assert "10.09.2026" in held and TOPICS in held and "07.09.2026" in held
    assert NOTE_WORDS not in text and ACTION not in text


# --- Sharing -----------------------------------------------------------------------------

def share(client, conversation: int, value: str):
    return post_form(client, f"/samtale/{conversation}/del", {"shared": value}, form_url=f"/samtale/{conversation}")


def is_shared(app, conversation: int) -> bool:
    with app.app_context():
        return db.session.get(Conversation, conversation).shared_with_leader


def test_the_mentee_shares_a_conversation_with_the_avdelingsleder_only(app, world, login, talks):
    mentee = login(world.email("mentee"))
    response = share(mentee, talks["conversation"], "ja")
    assert response.status_code == 302 and is_shared(app, talks["conversation"])
    assert ESCAPED_NOTES in page(login(world.email("avdelingsleder")), f"/samtale/{talks['conversation']}")
    assert NOTE_WORDS not in page(login(world.email("enhetsleder")), f"/samtale/{talks['conversation']}")
    assert login(world.email("avdelingsleder2")).get(f"/samtale/{talks['conversation']}").status_code == 404
    share(mentee, talks["conversation"], "nei")
    assert not is_shared(app, talks["conversation"])
    assert NOTE_WORDS not in page(login(world.email("avdelingsleder")), f"/samtale/{talks['conversation']}")


@pytest.mark.parametrize("key", ["mentor", "avdelingsleder", "enhetsleder"])
def test_only_the_mentee_may_share(app, world, login, talks, key):
    client = login(world.email(key))
    response = client.post(f"/samtale/{talks['conversation']}/del",
                           data={"shared": "ja", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    assert not is_shared(app, talks["conversation"])


# --- Logging -------------------------------------------------------------------------------

def talk_form(**changes) -> dict:
    data = {"kind": "mentorsamtale", "held_on": "2026-09-18", "duration_minutes": "40",
            "topics": ["stress og mestring"], "other_topics": "ferieavvikling",
            "notes": "Gikk bra.", "actions-0-what": "Lese prosedyre for sårstell", "actions-0-who": "mentee",
            "actions-0-due_on": "2026-10-01"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


WEEK2 = "Mentorsamtale uke 2"


def test_the_mentor_logs_a_planned_conversation_and_the_plan_shows_it_done(app, world, login, talks):
    target = activity_id(app, world, WEEK2)
    client = login(world.email("mentor"))
    form = page(client, f"/aktivitet/{target}/samtale")
    assert 'name="viewport"' in form and 'class="phone-form"' in form
    assert 'value="læringsmål og kompetanseplan"' in form  # the stikkordsliste is offered
    response = post_form(client, f"/aktivitet/{target}/samtale", talk_form())
    assert response.status_code == 302
    assert activity_status(app, target) == (ActivityStatus.DONE, date(2026, 9, 18), world.person_ids["mentor"])
    with app.app_context():
        talk = db.session.scalar(select(Conversation).where(Conversation.activity_id == target))
        assert talk.topics == ["stress og mestring", "ferieavvikling"]
        assert talk.duration_minutes == 40 and talk.held_by_id == world.person_ids["mentor"]
        assert [(a.what, a.who.value, a.due_on) for a in talk.actions] == [
            ("Lese prosedyre for sårstell", "mentee", date(2026, 10, 1))]
    plan = page(client, f"/plan/{world.mentorship_ids['mentee']}")
    assert "Samtalen 18.09.2026 er logget. «Mentorsamtale uke 2» er markert som utført." in plan
    assert "Utført 18.09.2026 av Mona Mentor." in plan
    assert "stress og mestring, ferieavvikling" in plan
    # …and the mentee sees it done too.
    assert "Utført 18.09.2026 av Mona Mentor." in page(login(world.email("mentee")), "/min-plan")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"held_on": "2026-09-21"}, "held_on", "Datoen kan ikke være fram i tid."),
    ({"held_on": "2026-09-06"}, "held_on", "Datoen kan ikke være før mentorforløpet begynte (07.09.2026)."),
    ({"held_on": ""}, "held_on", "Skriv inn datoen samtalen ble holdt (dd.mm.åååå)."),
    ({"duration_minutes": ""}, "duration_minutes", "Skriv inn hvor lenge samtalen varte, i minutter."),
    ({"duration_minutes": "0"}, "duration_minutes", "Varigheten må være mellom 5 og 480 minutter."),
    ({"duration_minutes": "tre"}, "duration_minutes", "Skriv inn et helt tall."),
    ({"topics": None, "other_topics": ""}, "topics", "Velg minst ett stikkord, eller skriv et eget."),
    ({"topics": ["<script>"]}, "topics", "Velg stikkord fra listen."),
    ({"notes": "x" * 5001}, "notes", "Notater kan ha høyst 5000 tegn."),
    ({"other_topics": "y" * 161}, "other_topics", "er for langt (høyst 160 tegn per linje)."),
    ({"actions-0-due_on": ""}, "actions-0-due_on", "Skriv inn en frist (dd.mm.åååå)."),
    ({"actions-0-what": ""}, "actions-0-what", "Skriv hva som er avtalt, eller fjern fristen."),
    ({"actions-0-what": "z" * 301}, "actions-0-what", "Hva kan ha høyst 300 tegn."),
    ({"actions-0-due_on": "2026-09-01"}, "actions-0-due_on", "Fristen kan ikke være før samtalen."),
])
def test_bad_input_names_the_field_and_saves_nothing(app, world, login, talks, changes, field, message):
    target = activity_id(app, world, WEEK2)
    before = conversation_count(app), activity_status(app, target)
    client = login(world.email("mentor"))
    response = post_form(client, f"/aktivitet/{target}/samtale", talk_form(**changes))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert message in (field_error(text, field) or "")
    assert f'aria-describedby="{field}-error' in text or f'aria-describedby="{field}-hint {field}-error' in text
    assert "Skjemaet har feil som må rettes" in text
    assert (conversation_count(app), activity_status(app, target)) == before


def test_a_conversation_already_logged_cannot_be_logged_again(app, world, login, talks):
    target = activity_id(app, world, "Første mentorsamtale: bli kjent")
    client = login(world.email("mentor"))
    response = client.get(f"/aktivitet/{target}/samtale", follow_redirects=True)
    assert "«Første mentorsamtale: bli kjent» er allerede utført." in response.get_data(as_text=True)
    before = conversation_count(app)
    post_form(client, f"/aktivitet/{target}/samtale", talk_form(), form_url="/")
    assert conversation_count(app) == before


@pytest.mark.parametrize(("key", "status"), [("mentee", 403), ("hr", 403), ("admin", 403), ("mentor_b", 404),
                                             ("avdelingsleder", 404), ("enhetsleder", 404), ("avdelingsleder2", 404)])
def test_who_may_not_log_a_mentor_conversation(app, world, login, talks, key, status):
    target = activity_id(app, world, WEEK2)
    before = conversation_count(app), activity_status(app, target)
    client = login(world.email(key))
    response = client.post(f"/aktivitet/{target}/samtale", data={**talk_form(), "csrf_token": csrf_token(client, "/")})
    assert response.status_code == status
    assert (conversation_count(app), activity_status(app, target)) == before


def test_the_avdelingsleder_logs_the_follow_up_conversation(app, world, login, talks):
    target = activity_id(app, world, "Oppfølgingssamtale")
    client = login(world.email("avdelingsleder"))
    post_form(client, f"/aktivitet/{target}/samtale", talk_form(kind="ledersamtale"))
    assert activity_status(app, target)[0] is ActivityStatus.DONE
    # The mentor is no participant in logging it, and may not.
    assert login(world.email("mentor")).get(f"/aktivitet/{target}/samtale").status_code == 404


def test_the_mentor_logs_an_unplanned_conversation(app, world, login, talks):
    client = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    form = page(client, url)
    assert 'name="kind" value="mentorsamtale"' in form  # the only kind a mentor logs
    response = post_form(client, url, talk_form(**{"notes": "Uventet prat i pausen."}))
    assert response.status_code == 302
    with app.app_context():
        talk = db.session.scalar(select(Conversation).where(Conversation.notes == "Uventet prat i pausen."))
        assert talk.activity_id is None and talk.held_on == date(2026, 9, 18)
    assert "Mentorsamtale utenom planen" in page(client, f"/plan/{world.mentorship_ids['mentee']}")


def test_a_leader_may_not_log_a_mentor_conversation_unplanned(app, world, login, talks):
    client = login(world.email("avdelingsleder"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    before = conversation_count(app)
    response = post_form(client, url, talk_form(kind="mentorsamtale"))
    assert field_error(response.get_data(as_text=True), "kind") == "Velg hva slags samtale det var."
    assert conversation_count(app) == before


# --- The mentee's own notes ------------------------------------------------------------------

def test_the_mentee_prepares_and_the_mentor_reads_it_once_logged(app, world, login, talks):
    target = activity_id(app, world, WEEK2)
    mentee = login(world.email("mentee"))
    assert f'href="/aktivitet/{target}/forberedelse"' in page(mentee, "/min-plan")
    post_form(mentee, f"/aktivitet/{target}/forberedelse", {"preparation": "Vil snakke om <i>pårørende</i>."})
    mentor = login(world.email("mentor"))
    post_form(mentor, f"/aktivitet/{target}/samtale", talk_form())
    with app.app_context():
        talk = db.session.scalar(select(Conversation).where(Conversation.activity_id == target))
        assert talk.preparation == "Vil snakke om <i>pårørende</i>." and talk.is_logged
    assert "Vil snakke om &lt;i&gt;pårørende&lt;/i&gt;." in page(mentor, f"/samtale/{talk.id}")
    assert "pårørende" not in page(login(world.email("avdelingsleder")), f"/samtale/{talk.id}")


def test_an_unheld_preparation_is_not_a_conversation_for_others(app, world, login, talks):
    target = activity_id(app, world, WEEK2)
    post_form(login(world.email("mentee")), f"/aktivitet/{target}/forberedelse", {"preparation": "Spørsmål."})
    with app.app_context():
        talk_id = db.session.scalar(select(Conversation.id).where(Conversation.activity_id == target))
    assert login(world.email("avdelingsleder")).get(f"/samtale/{talk_id}").status_code == 404
    assert login(world.email("mentor")).get(f"/samtale/{talk_id}").status_code == 200
    assert "Spørsmål." not in page(login(world.email("avdelingsleder")), f"/plan/{world.mentorship_ids['mentee']}")


def test_the_mentee_writes_a_reflection_the_mentor_reads(app, world, login, talks):
    url = f"/samtale/{talks['conversation']}"
    response = post_form(login(world.email("mentee")), f"{url}/egne-notater",
                         {"preparation": "", "reflection": "Lærte mye om søvn."}, form_url=url)
    assert response.status_code == 302
    assert "Lærte mye om søvn." in page(login(world.email("mentor")), url)
    assert "Lærte mye" not in page(login(world.email("enhetsleder")), url)


def test_an_over_long_reflection_is_refused(app, world, login, talks):
    url = f"/samtale/{talks['conversation']}"
    response = post_form(login(world.email("mentee")), f"{url}/egne-notater",
                         {"preparation": "", "reflection": "r" * 5001}, form_url=url)
    assert field_error(response.get_data(as_text=True), "reflection") == "Refleksjonen kan ha høyst 5000 tegn."
    with app.app_context():
        assert db.session.get(Conversation, talks["conversation"]).reflection == ""


@pytest.mark.parametrize("key", ["mentor", "avdelingsleder"])
def test_nobody_else_writes_the_mentees_own_notes(app, world, login, talks, key):
    client = login(world.email(key))
    response = client.post(f"/samtale/{talks['conversation']}/egne-notater",
                           data={"preparation": "kapret", "reflection": "", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Conversation, talks["conversation"]).preparation == ""


# --- Agreed actions ------------------------------------------------------------------------

def action_done_on(app, action: int):
    with app.app_context():
        return db.session.get(AgreedAction, action).done_on


def test_an_open_action_shows_on_both_peoples_pages_until_done(app, world, login, talks):
    mentee, mentor = login(world.email("mentee")), login(world.email("mentor"))
    assert ACTION in page(mentee, "/min-plan")
    assert ACTION in page(mentor, "/mine-menteer")
    assert ACTION not in page(login(world.email("avdelingsleder")), f"/plan/{world.mentorship_ids['mentee']}")
    response = post_form(mentee, f"/tiltak/{talks['action']}/utfort", {}, form_url=f"/samtale/{talks['conversation']}")
    assert response.status_code == 302
    assert action_done_on(app, talks["action"]) == TODAY
    assert "Tiltaket «Bytte to nattevakter» er gjort." in page(mentee, f"/samtale/{talks['conversation']}")
    assert ACTION not in page(mentee, "/min-plan")
    assert ACTION not in page(mentor, "/mine-menteer")
    assert "gjort 20.09.2026 av Nina Nytilsatt" in page(mentor, f"/samtale/{talks['conversation']}")


@pytest.mark.parametrize(("key", "status"), [("enhetsleder", 404), ("avdelingsleder", 404), ("mentor2", 404),
                                             ("mentor_b", 404), ("hr", 403)])
def test_others_cannot_tick_an_action_off(app, world, login, talks, key, status):
    client = login(world.email(key))
    response = client.post(f"/tiltak/{talks['action']}/utfort", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == status
    assert action_done_on(app, talks["action"]) is None


# --- Talking points ----------------------------------------------------------------------

def test_the_enhetsleder_sets_talking_points_per_phase_kept_with_the_version(app, world, login, talks):
    with app.app_context():
        leader = db.session.get(Person, world.person_ids["enhetsleder"])
        draft = new_draft(db.session.get(Unit, world.unit_ids["a"]), leader)
        db.session.commit()
        draft_id = draft.id
    client = login(world.email("enhetsleder"))
    url = f"/mal/{draft_id}/stikkord"
    data = {"month1": "Bli kjent\nRutiner\n\nRutiner", "months2_3": "Prioritering", "months4_6": "Prøvetid",
            "months7_12": "Videreutdanning"}
    assert post_form(client, url, data).status_code == 302
    text = page(client, f"/mal/{draft_id}")
    assert "Bli kjent; Rutiner" in text and "Videreutdanning" in text
    response = post_form(client, url, {**data, "months4_6": ""})
    assert field_error(response.get_data(as_text=True), "months4_6") == "Måned 4–6: skriv minst ett stikkord."
    with app.app_context():
        draft = db.session.get(PlanTemplate, draft_id)
        assert [p.text for p in draft.talking_points if p.phase == "months4_6"] == ["Prøvetid"]
        publish(draft)
        following = new_draft(draft.unit, db.session.get(Person, world.person_ids["enhetsleder"]))
        assert sorted((p.phase, p.text) for p in following.talking_points) == sorted(
            (p.phase, p.text) for p in draft.talking_points)


@pytest.mark.parametrize("key", ["mentor", "avdelingsleder", "enhetsleder_b"])
def test_only_the_units_enhetsleder_edits_talking_points(app, world, login, talks, key):
    with app.app_context():
        draft_id = new_draft(db.session.get(Unit, world.unit_ids["a"]),
                             db.session.get(Mentorship, world.mentorship_ids["mentee"]).mentee).id
        db.session.commit()
    client = login(world.email(key))
    response = client.post(f"/mal/{draft_id}/stikkord", data={"month1": "Kapret", "csrf_token": csrf_token(client, "/")})
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.get(PlanTemplate, draft_id).talking_points == []


# --- Handing a mentee over ---------------------------------------------------------------------

def hand_over(client, world, mentor_key: str, reason="Mentoren har sluttet."):
    url = f"/plan/{world.mentorship_ids['mentee']}/bytt-mentor"
    return post_form(client, url, {"mentor_id": str(world.person_ids[mentor_key]), "reason": reason})


def mentor_of(app, world) -> int:
    with app.app_context():
        return db.session.get(Mentorship, world.mentorship_ids["mentee"]).mentor_id


def test_the_enhetsleder_hands_over_and_history_follows_the_new_mentor(app, world, login, talks):
    # mentor2 is mentee's back-up mentor: before the hand-over she sees no notes.
    new_mentor = login(world.email("mentor2"))
    assert NOTE_WORDS not in page(new_mentor, f"/samtale/{talks['conversation']}")
    response = hand_over(login(world.email("enhetsleder")), world, "mentor2")
    assert response.status_code == 302
    assert mentor_of(app, world) == world.person_ids["mentor2"]
    with app.app_context():
        change = db.session.scalar(select(MentorChange))
        assert (change.from_mentor_id, change.to_mentor_id, change.changed_by_id, change.changed_on,
                change.reason) == (world.person_ids["mentor"], world.person_ids["mentor2"],
                                   world.person_ids["enhetsleder"], TODAY, "Mentoren har sluttet.")
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        assert mentorship.backup_mentor_id is None  # unit A has no third mentor
    assert ESCAPED_NOTES in page(new_mentor, f"/samtale/{talks['conversation']}")
    assert ACTION in page(new_mentor, "/mine-menteer")
    plan = page(new_mentor, f"/plan/{world.mentorship_ids['mentee']}")
    assert "Mentorbytte: 20.09.2026 fra Mona Mentor til Morten Mentor." in plan
    assert "Utført 10.09.2026 av Mona Mentor." in plan  # what was done stays
    # The former mentor has left the mentorship: not even the notes she wrote are hers any more.
    former = login(world.email("mentor"))
    assert former.get(f"/samtale/{talks['conversation']}").status_code == 404
    assert former.get(f"/plan/{world.mentorship_ids['mentee']}").status_code == 404
    assert ACTION not in page(former, "/mine-menteer")


@pytest.mark.parametrize(("key", "status"), [("avdelingsleder", 403), ("mentor", 403), ("mentee", 403),
                                             ("hr", 403), ("enhetsleder_b", 404)])
def test_only_the_units_enhetsleder_hands_over(app, world, login, talks, key, status):
    client = login(world.email(key))
    response = client.post(f"/plan/{world.mentorship_ids['mentee']}/bytt-mentor", data={
        "mentor_id": str(world.person_ids["mentor2"]), "reason": "x", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == status
    assert mentor_of(app, world) == world.person_ids["mentor"]


@pytest.mark.parametrize(("mentor_key", "reason", "field", "message"), [
    ("mentor2", "", "reason", "Feltet må fylles ut."),
    ("mentor2", "r" * 301, "reason", "Begrunnelsen kan ha høyst 300 tegn."),
    ("mentor", "Samme", "mentor_id", "Velg en annen av enhetens mentorer."),
    ("mentor_b", "Annen enhet", "mentor_id", "Velg en annen av enhetens mentorer."),
])
def test_a_bad_hand_over_is_refused_with_a_message(app, world, login, talks, mentor_key, reason, field, message):
    response = hand_over(login(world.email("enhetsleder")), world, mentor_key, reason)
    assert field_error(response.get_data(as_text=True), field) == message
    assert mentor_of(app, world) == world.person_ids["mentor"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MentorChange)) == 0


def test_free_topics_are_shown_escaped_to_those_who_read_the_notes_and_not_to_leaders(app, world, login, talks):
    target = activity_id(app, world, WEEK2)
    post_form(login(world.email("mentor")), f"/aktivitet/{target}/samtale",
              talk_form(other_topics="<script>alert(1)</script>"))
    text = page(login(world.email("mentor")), f"/plan/{world.mentorship_ids['mentee']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
    text = page(login(world.email("avdelingsleder")), f"/plan/{world.mentorship_ids['mentee']}")
    assert "alert(1)" not in text  # «Andre stikkord» are notes (tests/conversations/test_topics.py)


def test_an_enhetsleder_who_held_a_ledersamtale_reads_it_and_the_avdelingsleder_does_not(app, world, login, talks):
    target = activity_id(app, world, "Oppfølgingssamtale")
    client = login(world.email("enhetsleder"))
    post_form(client, f"/aktivitet/{target}/samtale", talk_form(kind="ledersamtale", notes="Enhetsleders notat."))
    with app.app_context():
        talk_id = db.session.scalar(select(Conversation.id).where(Conversation.activity_id == target))
    assert "Enhetsleders notat." in page(client, f"/samtale/{talk_id}")
    assert "Enhetsleders notat." in page(login(world.email("mentee")), f"/samtale/{talk_id}")
    assert "Enhetsleders notat." not in page(login(world.email("avdelingsleder")), f"/samtale/{talk_id}")
