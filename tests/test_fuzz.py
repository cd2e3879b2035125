"""Hostile input to the forms: very long strings, control characters, HTML/script, SQL fragments,
invalid UTF-8, wrong types and missing fields. Never a 500, stored text is shown escaped, and a
refused form leaves nothing half-saved."""
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import AgreedAction, Conversation, Employment, PositionChange

from .conftest import csrf_token
from .test_conversations import talk_form, talks  # noqa: F401  (the fixture)

SCRIPT = "<script>alert('x')</script>"
HOSTILE = ["A" * 100_000, "\x00\x01\x02\x1b[31m\x7f", SCRIPT, "'; DROP TABLE person; --", "1 OR 1=1",
           "-1", "99999999999999999999", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ", "\u202e\u200b", "2026-02-30", "", " "]
INVALID_UTF8 = "%FF%FE%C3%28"


def counts(app) -> tuple:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Conversation, AgreedAction, Employment, PositionChange))


def post_raw(client, url, data: dict, token_url: str, broken_field: str | None = None):
    body = urlencode({**data, "csrf_token": csrf_token(client, token_url)}, doseq=True)
    if broken_field:
        body += f"&{broken_field}={INVALID_UTF8}"
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")


def hammer(app, client, url, base: dict, token_url=None) -> set[int]:
    """Every field of the form, one at a time, with every hostile value, as invalid UTF-8 and missing;
    the status codes seen."""
    token_url = token_url or url
    seen = set()
    for field in base:
        variants = [{**base, field: value} for value in HOSTILE]
        variants.append({k: v for k, v in base.items() if k != field})
        for data in variants:
            before = counts(app)
            response = post_raw(client, url, data, token_url)
            assert response.status_code < 500, (url, field, str(data.get(field))[:40])
            seen.add(response.status_code)
            text = response.get_data(as_text=True)
            assert SCRIPT not in text, (url, field)
            if response.status_code != 302:
                assert counts(app) == before, (url, field, str(data.get(field))[:40])
        response = post_raw(client, url, {k: v for k, v in base.items() if k != field}, token_url, field)
        assert response.status_code < 500, (url, field, "invalid utf-8")
    return seen


def test_the_conversation_form(app, world, login, talks):  # noqa: F811
    client = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    assert hammer(app, client, url, talk_form()) == {200, 302}  # refused with messages, or saved whole
    plan = client.get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    assert SCRIPT not in plan


def test_the_mentees_own_notes(app, world, login, talks):  # noqa: F811
    client = login(world.email("mentee"))
    url = f"/samtale/{talks['conversation']}"
    hammer(app, client, f"{url}/egne-notater", {"preparation": "Forberedt.", "reflection": "Tenkt."}, url)
    assert SCRIPT not in client.get(url).get_data(as_text=True)


def test_the_employment_forms(app, world, login, talks):  # noqa: F811
    client = login(world.email("hr"))
    with app.app_context():
        employment_id = db.session.scalar(select(Employment.id).where(
            Employment.person_id == world.person_ids["mentee"]))
    hammer(app, client, f"/personer/arbeidsforhold/{employment_id}/stillingsprosent",
           {"from_date": "01.10.2026", "position_percent": "80"})
    hammer(app, client, f"/personer/{world.person_ids['mentor_b']}/arbeidsforhold/ny",
           {"unit_id": str(world.unit_ids["a"]), "start_date": "01.01.2031", "profession": "sykepleier",
            "position_percent": "50"})
    hammer(app, client, f"/personer/arbeidsforhold/{employment_id}/avslutt",
           {"end_date": "30.11.2026", "end_reason": "frivillig"})


def test_the_login_and_search_forms(app, world, login):
    hammer(app, app.test_client(), "/logg-inn", {"email": "ingen@test.no", "password": "feil-passord-her"})
    admin, hr = login(world.email("admin")), login(world.email("hr"))
    for value in HOSTILE + ["%FF"]:
        for client, url, field in ((admin, "/tilgangslogg/", "subject"), (admin, "/tilgangslogg/", "from_day"),
                                   (hr, "/personer/", "sok"), (hr, "/stabilitet/", "start_from"),
                                   (hr, "/stabilitet/", "months")):
            response = client.get(url, query_string={field: value})
            assert response.status_code < 500, (url, field, value[:40])
            assert SCRIPT not in response.get_data(as_text=True)


def test_the_account_forms(app, world, login, smtp):
    """Forgotten password, the reset link's form, a new password, a new e-mail address and the TOTP
    forms: hostile input is refused with a message, and the account is left as it was."""
    from urllib.parse import quote

    from mentorplan.models import User

    from . import factories
    from .test_accounts import ask_for_link, link_in

    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=10_000, LOGIN_FAILURES_PER_ADDRESS=10_000,
                      RESET_REQUESTS_PER_ACCOUNT=10_000, RESET_REQUESTS_PER_ADDRESS=10_000,
                      TOTP_FAILURES_PER_ACCOUNT=10_000, TOTP_FAILURES_PER_ADDRESS=10_000)

    def account(email):
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            return user.email, user.password_hash, user.totp_enabled, user.totp_secret

    hammer(app, app.test_client(), "/glemt-passord", {"email": "ingen@test.no"})
    ask_for_link(app, world.email("mentee"))
    _, token = link_in(smtp.to(world.email("mentee"))[0])
    reset = f"/nytt-passord/{token}"
    before = account(world.email("mentee"))
    hammer(app, app.test_client(), reset, {"new_password": "blå fjord vinter kaffe", "confirm": "blå fjord vinter kafe"})
    for value in HOSTILE:
        response = app.test_client().get("/nytt-passord/" + quote(value[:5000], safe=""))
        assert response.status_code < 500 and SCRIPT not in response.get_data(as_text=True)

    mentor = login(world.email("mentor"))
    mentor_before = account(world.email("mentor"))
    hammer(app, mentor, "/profil/passord", {"current_password": factories.PASSWORD,
                                            "new_password": "blå fjord vinter kaffe", "confirm": "blå fjord vinter kafe"})
    hammer(app, mentor, "/profil/e-post", {"email": "ny@test.no", "current_password": "feil-passord-her"})
    hammer(app, mentor, "/profil/e-post", {"email": "mentee@test.no", "current_password": factories.PASSWORD})

    admin = login(world.email("admin"))
    admin.post("/profil/totp/ny", data={"csrf_token": csrf_token(admin, "/profil/totp")})
    hammer(app, admin, "/profil/totp/bekreft", {"current_password": factories.PASSWORD, "code": "000000"},
           "/profil/totp")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == world.email("admin"))).totp_enabled = True
        db.session.commit()
    admin_before = account(world.email("admin"))
    hammer(app, admin, "/profil/totp/av", {"current_password": factories.PASSWORD, "code": "000000"}, "/profil/totp")
    half = app.test_client()
    half.post("/logg-inn", data={"email": world.email("admin"), "password": factories.PASSWORD,
                                 "csrf_token": csrf_token(half, "/logg-inn")})
    hammer(app, half, "/logg-inn/kode", {"code": "000000"})

    assert account(world.email("mentee")) == before
    assert account(world.email("mentor")) == mentor_before
    assert account(world.email("admin")) == admin_before
