"""Passwords: argon2id, old hashes replaced at login, at least 12 characters and not a common one
(create-admin), login throttled per account and per address in the database, one generic message."""
import pytest
from sqlalchemy import func, select

from mentorplan.auth.passwords import hash_password, password_problem, verify_password
from mentorplan.extensions import db
from mentorplan.models import FailedLogin, User
from tests import factories
from tests.conftest import csrf_token

BAD = "Feil e-post eller passord."
THROTTLED = "For mange mislykkede innlogginger."


def attempt(app, email, password, address="127.0.0.1"):
    client = app.test_client()
    response = client.post("/logg-inn", environ_base={"REMOTE_ADDR": address}, data={
        "email": email, "password": password, "csrf_token": csrf_token(client, "/logg-inn")})
    return response.status_code, response.get_data(as_text=True)


def stored_hash(app, email):
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.email == email))


@pytest.mark.parametrize(("password", "problem"), [
    ("elleve-tegn", "Passordet må ha minst 12 tegn."),
    ("Passord12345", "Passordet er for vanlig eller lett å gjette. Velg et annet."),
    ("sykepleier2026", "Passordet er for vanlig eller lett å gjette. Velg et annet."),
    ("aaaaaaaaaaaaaaaa", "Passordet er for vanlig eller lett å gjette. Velg et annet."),
    ("x" * 257, "Passordet kan ha høyst 256 tegn."),
    ("riktig hest batteri stift", None),
])
def test_the_password_rules(password, problem):
    assert password_problem(password) == problem


def test_argon2id_hashes_verify_and_reject():
    stored = hash_password("riktig hest batteri", "argon2id")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "riktig hest batteri") and not verify_password(stored, "feil")
    assert not verify_password("$argon2id$ødelagt", "x") and not verify_password(None, "x")


def test_an_old_scrypt_hash_is_replaced_by_argon2id_at_login(app, world):
    app.config["PASSWORD_HASH_METHOD"] = "argon2id"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.email("mentor")))
        from werkzeug.security import generate_password_hash
        user.password_hash = generate_password_hash(factories.PASSWORD, method="scrypt")
        db.session.commit()
    assert attempt(app, world.email("mentor"), "feil-passord-her")[0] == 200
    assert stored_hash(app, world.email("mentor")).startswith("scrypt:")
    assert attempt(app, world.email("mentor"), factories.PASSWORD)[0] == 302
    assert stored_hash(app, world.email("mentor")).startswith("$argon2id$")
    assert attempt(app, world.email("mentor"), factories.PASSWORD)[0] == 302


def test_the_production_method_is_argon2id():
    from config import Config, ProductionConfig
    assert Config.PASSWORD_HASH_METHOD == ProductionConfig.PASSWORD_HASH_METHOD == "argon2id"


def test_unknown_account_and_wrong_password_get_the_same_message(app, world):
    unknown, wrong = attempt(app, "ingen@test.no", "noe-passord-her"), attempt(app, world.email("mentor"), "x" * 12)
    assert unknown[0] == wrong[0] == 200
    assert BAD in unknown[1] and BAD in wrong[1]


def test_an_account_is_throttled_after_five_failures_even_with_the_right_password(app, world):
    for n in range(5):
        assert BAD in attempt(app, world.email("mentor"), f"feil-passord-{n}", address=f"10.0.0.{n}")[1]
    status, page = attempt(app, world.email("mentor"), factories.PASSWORD, address="10.0.0.99")
    assert status == 200 and THROTTLED in page
    assert attempt(app, world.email("mentee"), factories.PASSWORD)[0] == 302


def test_an_address_is_throttled_across_accounts(app, world):
    for n in range(20):
        attempt(app, f"gjett{n}@test.no", "feil-passord-her", address="10.9.9.9")
    assert THROTTLED in attempt(app, world.email("mentor"), factories.PASSWORD, address="10.9.9.9")[1]
    assert attempt(app, world.email("mentor"), factories.PASSWORD, address="10.9.9.8")[0] == 302


def test_the_count_lives_in_the_database_and_a_success_clears_the_account(app, world):
    """Worker processes share nothing but the database, so the count is kept there."""
    for n in range(4):
        attempt(app, world.email("mentor"), f"feil-passord-{n}")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FailedLogin)) == 4
    assert attempt(app, world.email("mentor"), factories.PASSWORD)[0] == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FailedLogin)
                                 .where(FailedLogin.email == world.email("mentor"))) == 0


@pytest.mark.parametrize(("password", "message"), [
    ("kort", "minst 12 tegn"), ("passord12345", "for vanlig"),
])
def test_create_admin_refuses_weak_passwords(app, runner, password, message):
    with app.app_context():
        factories.kommune()
        db.session.commit()
    result = runner.invoke(args=["create-admin", "ny@test.no", "--password", password])
    assert result.exit_code != 0 and message in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ny@test.no")) is None


def test_create_admin_accepts_a_long_uncommon_password_and_hashes_it_with_argon2id(app, runner):
    app.config["PASSWORD_HASH_METHOD"] = "argon2id"
    with app.app_context():
        factories.kommune()
        db.session.commit()
    result = runner.invoke(args=["create-admin", "ny@test.no", "--password", "lang og sjelden frase"])
    assert result.exit_code == 0, result.output
    assert stored_hash(app, "ny@test.no").startswith("$argon2id$")
