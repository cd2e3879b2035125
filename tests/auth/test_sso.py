"""Single sign-on with OpenID Connect against a local provider (oidc-provider-mock, in a thread):
the provider's word opens an existing active account, matched on the address; nobody gets an
account by signing in; the second factor is still asked; a refusal at the provider is told in
words; and with no issuer configured the pages are not there."""
from urllib.parse import urlsplit

import httpx
import oidc_provider_mock
import pytest
from sqlalchemy import func, select

from mentorplan import create_app
from mentorplan.extensions import db
from mentorplan.models import User

from tests.auth.test_accounts import code, enrol, update_account
from tests.conftest import _config

# The provider (a test tool, in this process) calls an Authlib API that Authlib has deprecated; the
# warning is the tool's, not mentorplan's, whose warnings stay errors.
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_app(app, provider, database_url):
    """The app with single sign-on on, on the same database as `app` (and so the world)."""
    config = type("SsoConfig", (_config(database_url),), {
        "OIDC_ISSUER": provider, "OIDC_CLIENT_ID": "mentorplan", "OIDC_CLIENT_SECRET": "hemmelig"})
    sso = create_app(config)
    yield sso
    with sso.app_context():
        db.session.remove()
        db.engine.dispose()


def sign_in(client, provider, subject: str, claims: dict | None = None, action: str | None = None):
    """Start at mentorplan, answer the provider's form as `subject`, come back; the last response."""
    if claims is not None:
        assert httpx.put(f"{provider}/users/{subject}", json=claims).status_code == 204
    start = client.get("/logg-inn/sso")
    assert start.status_code == 302 and start.headers["Location"].startswith(f"{provider}/oauth2/authorize")
    answer = httpx.post(start.headers["Location"], data={"action": action} if action else {"sub": subject})
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/logg-inn/sso/svar"
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_the_kommunes_sign_in(sso_app, world):
    page = sso_app.test_client().get("/logg-inn").get_data(as_text=True)
    assert "Logg inn med kommunens Microsoft-konto" in page and 'href="/logg-inn/sso' in page


def test_the_provider_vouching_for_an_address_opens_that_account(sso_app, world, provider):
    client = sso_app.test_client()
    response = sign_in(client, provider, "mona", {"email": "Mentor@Test.no", "name": "Mona Mentor"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert 'href="/mine-menteer"' in client.get("/").get_data(as_text=True)


def test_entra_ids_preferred_username_is_the_address_when_no_email_is_sent(sso_app, world, provider):
    client = sso_app.test_client()
    response = sign_in(client, provider, "hanne", {"preferred_username": world.email("hr")})
    assert response.headers["Location"] == "/"
    assert 'href="/stabilitet' in client.get("/").get_data(as_text=True)


def test_an_address_without_an_account_gets_no_account(sso_app, world, provider):
    with sso_app.app_context():
        before = db.session.scalar(select(func.count()).select_from(User))
    client = sso_app.test_client()
    response = sign_in(client, provider, "ukjent", {"email": "ukjent@test.no"})
    assert urlsplit(response.headers["Location"]).path == "/logg-inn"
    page = client.get("/logg-inn").get_data(as_text=True)
    assert "Det finnes ingen aktiv konto i mentorplan for ukjent@test.no" in page
    assert client.get("/profil").status_code == 302  # not logged in
    with sso_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_a_deactivated_account_is_not_opened(sso_app, world, provider):
    update_account(sso_app, world.email("mentor"), is_enabled=False)
    client = sso_app.test_client()
    sign_in(client, provider, "mona2", {"email": world.email("mentor")})
    assert "Det finnes ingen aktiv konto" in client.get("/logg-inn").get_data(as_text=True)
    assert client.get("/profil").status_code == 302


def test_the_second_factor_is_still_asked(sso_app, world, provider, login):
    secret = enrol(sso_app, login(world.email("hr")), world.email("hr"))
    client = sso_app.test_client()
    response = sign_in(client, provider, "hanne2", {"email": world.email("hr")})
    assert urlsplit(response.headers["Location"]).path == "/logg-inn/kode"
    assert client.get("/profil").status_code == 302  # half logged in grants nothing
    page = client.get("/logg-inn/kode").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    done = client.post("/logg-inn/kode", data={"code": code(secret, 1), "csrf_token": token})
    assert done.status_code == 302 and client.get("/profil").status_code == 200


def test_a_refusal_at_the_provider_is_told_in_words(sso_app, world, provider):
    client = sso_app.test_client()
    sign_in(client, provider, "nei", action="deny")
    assert "Innloggingen hos kommunen ble avbrutt eller avvist" in client.get("/logg-inn").get_data(as_text=True)


def test_a_forged_return_opens_nothing(sso_app, world):
    client = sso_app.test_client()
    client.get("/logg-inn/sso")
    response = client.get("/logg-inn/sso/svar?code=forfalsket&state=feil")
    assert urlsplit(response.headers["Location"]).path == "/logg-inn"
    assert client.get("/profil").status_code == 302


def test_without_an_issuer_single_sign_on_is_not_there(app, world):
    client = app.test_client()
    assert client.get("/logg-inn/sso").status_code == 404
    assert client.get("/logg-inn/sso/svar?code=x&state=y").status_code == 404
    assert "Microsoft-konto" not in client.get("/logg-inn").get_data(as_text=True)
