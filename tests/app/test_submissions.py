"""Each rendered form's one-time token (web/submissions.py): the same form sent again is answered
«allerede …» and does nothing twice; a refused form may be sent again; sign-in is left alone.
The concurrent case, on a real server, is tests/races/."""
import re

from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import Conversation, FormSubmission

from tests import factories
from tests.conftest import csrf_token
from tests.conversations.test_conversations import talk_form, talks  # noqa: F401  (the fixture)

TOKEN = re.compile(r'name="skjema" value="([0-9a-f]{32})"')


def submission_token(client, url: str) -> str:
    match = TOKEN.search(client.get(url).get_data(as_text=True))
    assert match, f"no submission token on {url}"
    return match.group(1)


def unplanned_count(app, mentorship_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Conversation).where(
            Conversation.mentorship_id == mentorship_id, Conversation.activity_id.is_(None)))


def send(client, url: str, token: str | None, **changes):
    data = {**talk_form(**changes), "csrf_token": csrf_token(client, url)}
    if token:
        data["skjema"] = token
    return client.post(url, data=data)


def test_every_render_of_a_form_has_a_new_token(app, world, login, talks):
    client = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    assert submission_token(client, url) != submission_token(client, url)


def test_the_same_form_sent_twice_logs_one_conversation_and_says_so(app, world, login, talks):
    client = login(world.email("mentor"))
    mentorship = world.mentorship_ids["mentee"]
    url = f"/plan/{mentorship}/samtale/ny"
    before = unplanned_count(app, mentorship)
    token = submission_token(client, url)
    first = send(client, url, token)
    assert first.status_code == 302
    client.get(first.headers["Location"])  # the first answer's message is read
    second = send(client, url, token)
    assert second.status_code == 303
    assert "Samtalen er allerede logget." in client.get(second.headers["Location"]).get_data(as_text=True)
    assert unplanned_count(app, mentorship) == before + 1
    with app.app_context():
        stored = db.session.scalar(select(FormSubmission).where(FormSubmission.token == token))
        assert stored.endpoint == "conversations.log_unplanned" and stored.user_id is not None
    # A new render is a new form: the mentor may log another conversation.
    assert send(client, url, submission_token(client, url)).status_code == 302
    assert unplanned_count(app, mentorship) == before + 2


def test_a_form_refused_by_its_checks_can_be_sent_again(app, world, login, talks):
    client = login(world.email("mentor"))
    mentorship = world.mentorship_ids["mentee"]
    url = f"/plan/{mentorship}/samtale/ny"
    before = unplanned_count(app, mentorship)
    token = submission_token(client, url)
    refused = send(client, url, token, held_on="2099-01-01")
    assert refused.status_code == 200 and "fram i tid" in refused.get_data(as_text=True)
    with app.app_context():  # the page's access log was written, the token was not
        assert db.session.scalar(select(func.count()).select_from(FormSubmission)) == 0
    assert send(client, url, token).status_code == 302
    assert unplanned_count(app, mentorship) == before + 1


def test_a_post_without_a_token_is_served_as_before(app, world, login, talks):
    client = login(world.email("mentor"))
    mentorship = world.mentorship_ids["mentee"]
    url = f"/plan/{mentorship}/samtale/ny"
    before = unplanned_count(app, mentorship)
    assert send(client, url, None).status_code == 302
    assert send(client, url, None).status_code == 302
    assert unplanned_count(app, mentorship) == before + 2


def test_a_forged_token_is_ignored_not_stored(app, world, login, talks):
    client = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    assert send(client, url, "<script>" + "a" * 40).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FormSubmission)) == 0


def test_signing_in_twice_with_one_form_signs_in_both_times(app, world):
    """Sign-in keeps its own rules (auth blueprint): the token is not recorded, a second tab's
    sign-in with the same form is a sign-in, not «allerede lagret»."""
    token = submission_token(app.test_client(), "/logg-inn")
    for _ in range(2):
        client = app.test_client()
        response = client.post("/logg-inn", data={"email": world.email("mentor"), "password": factories.PASSWORD,
                                                  "csrf_token": csrf_token(client, "/logg-inn"), "skjema": token})
        assert response.status_code == 302 and "/logg-inn" not in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FormSubmission)) == 0
