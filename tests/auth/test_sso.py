"""Single sign-on with OpenID Connect against a local provider (oidc-provider-mock, in a thread):
the provider's word opens an existing active account, matched on the address the first time and on
the subject bound then afterwards; only a kommune that names the provider as its issuer has its
accounts opened; an unverified address opens nothing; nobody gets an account by signing in; the
second factor is still asked; a refusal at the provider is told in words; and with no issuer
configured the pages are not there."""
from urllib.parse import urlsplit

import httpx
import oidc_provider_mock
import pytest
from sqlalchemy import func, select

from mentorplan import create_app
from mentorplan.extensions import db
from mentorplan.models import Kommune, User

from tests.auth.test_accounts import code, enrol, is_logged_out, update_account
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


@pytest.fixture
def world(world, app, provider):
    """The world, its kommune naming the local provider as its issuer (the mock's `iss` is its own
    address); the other kommune names none."""
    set_issuer(app, world.kommune_id, provider)
    return world


def set_issuer(app, kommune_id: int, issuer: str | None) -> None:
    with app.app_context():
        db.session.get(Kommune, kommune_id).sso_issuer = issuer
        db.session.commit()


def subject_of(app, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.sso_subject).where(User.email == email))


def refused_with(client, words: str) -> bool:
    """Sent back to the login page, told why in words, and not logged in."""
    return words in client.get("/logg-inn").get_data(as_text=True) and is_logged_out(client)


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


# --- The subject, bound on first use ---------------------------------------------------------

def test_the_subject_is_bound_on_first_use(sso_app, world, provider):
    assert subject_of(sso_app, world.email("mentor")) is None
    sign_in(sso_app.test_client(), provider, "mona-sub", {"email": world.email("mentor")})
    assert subject_of(sso_app, world.email("mentor")) == "mona-sub"


def test_entra_ids_object_id_is_the_subject_when_sent(sso_app, world, provider):
    client = sso_app.test_client()
    sign_in(client, provider, "parvis-sub", {"email": world.email("mentor"), "oid": "3f2b-objekt-id"})
    assert not is_logged_out(client)
    assert subject_of(sso_app, world.email("mentor")) == "3f2b-objekt-id"


def test_another_subject_claiming_a_bound_address_is_refused(sso_app, world, provider, caplog):
    sign_in(sso_app.test_client(), provider, "mona-ekte", {"email": world.email("mentor")})
    forger = sso_app.test_client()
    response = sign_in(forger, provider, "mallory", {"email": world.email("mentor"), "email_verified": True})
    assert urlsplit(response.headers["Location"]).path == "/logg-inn"
    assert refused_with(forger, "er knyttet til en annen bruker hos kommunen")
    assert subject_of(sso_app, world.email("mentor")) == "mona-ekte"
    warning = next(r for r in caplog.records if "knyttet til en annen bruker" in r.getMessage())
    assert warning.levelname == "WARNING" and "eyJ" not in caplog.text  # no token (a JWT) in the log


def test_a_subject_bound_to_one_account_never_opens_another(sso_app, world, provider):
    sign_in(sso_app.test_client(), provider, "mona-b", {"email": world.email("mentor")})
    client = sso_app.test_client()
    response = sign_in(client, provider, "mona-b", {"email": world.email("hr")})
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert 'href="/mine-menteer"' in page and 'href="/stabilitet' not in page  # the mentor, not HR
    assert subject_of(sso_app, world.email("hr")) is None


def test_a_bound_subject_whose_account_is_off_does_not_fall_back_to_the_address(sso_app, world, provider):
    sign_in(sso_app.test_client(), provider, "mona-c", {"email": world.email("mentor")})
    update_account(sso_app, world.email("mentor"), is_enabled=False)
    client = sso_app.test_client()
    sign_in(client, provider, "mona-c", {"email": world.email("hr")})
    assert refused_with(client, "Det finnes ingen aktiv konto")


# --- email_verified --------------------------------------------------------------------------

@pytest.mark.parametrize("verified", [False, "false"])
def test_an_unverified_address_opens_no_unbound_account(sso_app, world, provider, verified):
    client = sso_app.test_client()
    sign_in(client, provider, f"uverifisert-{verified}", {"email": world.email("hr"), "email_verified": verified})
    assert refused_with(client, f"Kommunen har ikke bekreftet e-postadressen {world.email('hr')}")
    assert subject_of(sso_app, world.email("hr")) is None


def test_a_bound_subject_opens_its_own_account_whatever_is_said_of_the_address(sso_app, world, provider):
    """The bound subject is the identity; the address claim is then not asked (it may have changed)."""
    sign_in(sso_app.test_client(), provider, "hanne-d", {"email": world.email("hr")})
    client = sso_app.test_client()
    sign_in(client, provider, "hanne-d", {"email": world.email("hr"), "email_verified": False})
    assert 'href="/stabilitet' in client.get("/").get_data(as_text=True)


def test_a_verified_address_opens_an_unbound_account(sso_app, world, provider):
    client = sso_app.test_client()
    sign_in(client, provider, "hanne-e", {"email": world.email("hr"), "email_verified": True})
    assert 'href="/stabilitet' in client.get("/").get_data(as_text=True)


# --- Each kommune names its own issuer -------------------------------------------------------

def test_a_kommune_without_an_issuer_has_none_of_its_accounts_opened(sso_app, world, provider):
    client = sso_app.test_client()
    sign_in(client, provider, "hege", {"email": world.email("hr_other")})
    assert refused_with(client, "Kommunen din har ikke slått på innlogging med kommunens konto")
    assert subject_of(sso_app, world.email("hr_other")) is None


def test_a_kommune_naming_another_issuer_has_none_of_its_accounts_opened(sso_app, world, provider):
    set_issuer(sso_app, world.other_kommune_id, "https://login.microsoftonline.com/annen-tenant/v2.0")
    client = sso_app.test_client()
    sign_in(client, provider, "hege2", {"email": world.email("hr_other")})
    assert refused_with(client, "Kontoen din hører til en kommune som ikke bruker denne innloggingen")


def test_a_bound_subject_is_refused_when_its_kommune_names_another_issuer(sso_app, world, provider):
    sign_in(sso_app.test_client(), provider, "mona-f", {"email": world.email("mentor")})
    set_issuer(sso_app, world.kommune_id, "https://login.microsoftonline.com/ny-tenant/v2.0")
    client = sso_app.test_client()
    sign_in(client, provider, "mona-f", {"email": world.email("mentor")})
    assert refused_with(client, "Kontoen din hører til en kommune som ikke bruker denne innloggingen")


def test_the_issuer_is_compared_without_a_trailing_slash(sso_app, world, provider):
    set_issuer(sso_app, world.kommune_id, provider + "/")
    client = sso_app.test_client()
    sign_in(client, provider, "mona-g", {"email": world.email("mentor")})
    assert not is_logged_out(client)


# --- The operator's command ------------------------------------------------------------------

def test_an_operator_names_a_kommunes_issuer_and_switches_it_off(app, world, runner):
    def issuer():
        with app.app_context():
            return db.session.get(Kommune, world.other_kommune_id).sso_issuer

    entra = "https://login.microsoftonline.com/1234-tenant/v2.0"
    result = runner.invoke(args=["sso-issuer", "Annen kommune", entra + "/"])
    assert result.exit_code == 0 and f"slått på, med utstederen {entra}" in result.stdout
    assert issuer() == entra
    assert "MENTORPLAN_OIDC_ISSUER" in result.stderr  # this app has none configured: the operator is told
    again = runner.invoke(args=["sso-issuer", "Annen kommune", entra])
    assert again.exit_code == 0 and "ingenting endret" in again.stdout

    update_account(app, world.email("hr_other"), sso_subject="gammel-tenant-oid")
    off = runner.invoke(args=["sso-issuer", "Annen kommune", "--off"])
    assert off.exit_code == 0 and "slått av" in off.stdout and "1 konto(er) knyttes på nytt" in off.stdout
    assert issuer() is None and subject_of(app, world.email("hr_other")) is None

    unknown = runner.invoke(args=["sso-issuer", "Ukjent kommune", entra])
    assert unknown.exit_code != 0 and "Fant ingen kommune som heter Ukjent kommune" in unknown.stderr
    assert runner.invoke(args=["sso-issuer", "Annen kommune"]).exit_code != 0
    assert runner.invoke(args=["sso-issuer", "Annen kommune", "ikke-en-adresse"]).exit_code != 0
