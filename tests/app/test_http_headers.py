"""HTTP hardening: security headers on every response, no inline script anywhere, nothing with
personal data cached, and cookies that scripts and other sites cannot use."""
import re
from pathlib import Path

import pytest

from config import ProductionConfig
from mentorplan.web.http_headers import CONTENT_SECURITY_POLICY, SECRET_PAGES

from tests import factories
from tests.auth.test_invitations import invitation_to, new_person
from tests.conftest import csrf_token, post_form

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_the_policy_allows_no_inline_script_and_names_base_object_and_frames():
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"
    # Designsystemet's icons are data: SVGs in its CSS (the browser tests see them refused otherwise).
    assert directives["img-src"] == "'self' data:"


@pytest.mark.parametrize("url", ["/logg-inn", "/static/css/mentorplan.css", "/finnes-ikke"])
def test_every_response_carries_the_headers(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    response.close()


def test_no_hsts_in_debug_mode(app):
    app.debug = True
    assert "Strict-Transport-Security" not in app.test_client().get("/logg-inn").headers


@pytest.mark.parametrize("key", ["admin", "hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"])
@pytest.mark.parametrize("url", ["/", "/varsler", "/profil", "/tilgangslogg/meg"])
def test_pages_for_logged_in_people_are_never_stored(world, login, key, url):
    response = login(world.email(key)).get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_profile_page_keeps_sending_no_referrer(world, login):
    assert login(world.email("mentor")).get("/profil").headers["Referrer-Policy"] == "strict-origin"


def test_static_files_may_be_cached(world, login):
    response = login(world.email("mentor")).get("/static/css/mentorplan.css")
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=", text) or re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text) \
                or "javascript:" in text:
            offenders.append(path.name)
    assert offenders == []


def test_the_print_buttons_work_through_the_static_script(world, login):
    client = login(world.email("mentee"))
    page = client.get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    assert "data-print" in page and "/static/js/print.js" in page
    script = client.get("/static/js/print.js")
    assert "window.print()" in script.get_data(as_text=True)
    script.close()


def test_the_session_cookie_is_httponly_and_samesite(app, world):
    client = app.test_client()
    client.post("/logg-inn", data={"email": world.email("mentor"), "password": factories.PASSWORD,
                                   "remember": "y", "csrf_token": csrf_token(client, "/logg-inn")})
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        assert cookie is not None and cookie.http_only, name
        assert cookie.same_site == "Lax", name


def test_production_cookies_are_secure():
    for setting in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        assert getattr(ProductionConfig, setting) is True
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY and ProductionConfig.REMEMBER_COOKIE_HTTPONLY
    assert ProductionConfig.REMEMBER_COOKIE_SAMESITE == "Lax"


# --- Pages that carry a secret are never stored, whoever asks -----------------------------------

def token_rules(app):
    """Every route with a `token` in its address: a new one is checked without being named here."""
    rules = [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert {"auth.reset_password", "auth.accept_invitation", "feeds.feed"} <= {r.endpoint for r in rules}
    return rules


def never_stored(response) -> bool:
    response.close()
    return response.headers.get("Cache-Control") == "no-store" and response.headers.get("Pragma") == "no-cache"


def test_every_page_with_a_token_in_its_address_is_never_stored(app):
    client = app.test_client()
    with app.test_request_context():
        for rule in token_rules(app):
            url = rule.build({name: "ukjent-lenke" if name == "token" else 1 for name in rule.arguments})[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method)
                assert never_stored(response), (method, url, response.status_code, response.headers)


def test_a_working_reset_link_and_invitation_are_never_stored(app, world, smtp):
    client = app.test_client()
    client.post("/glemt-passord", data={"email": world.email("mentor"),
                                        "csrf_token": csrf_token(client, "/glemt-passord")}).close()
    [mail] = smtp.to(world.email("mentor"))
    reset = re.search(r"https?://[^/\s]+(/nytt-passord/\S+)", mail.part("plain")).group(1)
    new_person(app, world)
    invitation = f"/invitasjon/{invitation_to(smtp, 'ny@test.no')}"
    for url in (reset, invitation):
        response = app.test_client().get(url)
        assert response.status_code == 200 and never_stored(response), url


def test_the_calendar_feed_keeps_its_private_caching(app, world, login):
    client = login(world.email("mentor"))
    page = post_form(client, "/profil/kalender", {"kind": "activities"}, "/profil")
    assert never_stored(page)   # the new link is on the page
    feed = re.search(r"https?://[^/\s\"<]+(/kalender/[^\"<\s]+\.ics)", page.get_data(as_text=True)).group(1)
    response = app.test_client().get(feed)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-cache"
    response.close()


@pytest.mark.parametrize("url", ["/profil", "/profil/totp"])
def test_the_pages_that_show_a_secret_are_never_stored(world, login, url):
    response = login(world.email("admin")).get(url)
    assert response.status_code == 200 and never_stored(response)


def test_the_secret_pages_named_are_routes_of_the_app(app):
    assert SECRET_PAGES <= {rule.endpoint for rule in app.url_map.iter_rules()}
