"""In production the app refuses to start without a strong SECRET_KEY or with insecure settings."""
import pytest

from config import ProductionConfig
from mentorplan import create_app

STRONG = "8f1c2b7e9a4d6f0e3b5a7c9d1e2f4a6b8c0d2e4f6a8b"


def production(**settings):
    return type("Production", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://", **settings})


@pytest.mark.parametrize("secret", ["dev-only-change-me", "", "kort-hemmelighet", "test-secret"])
def test_a_weak_secret_key_stops_the_app(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production(SECRET_KEY=secret))


@pytest.mark.parametrize(("setting", "value", "named"), [
    ("SESSION_COOKIE_SECURE", False, "SESSION_COOKIE_SECURE"), ("DEBUG", True, "DEBUG"),
    ("PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000", "argon2id"), ("WTF_CSRF_ENABLED", False, "CSRF"),
])
def test_insecure_settings_stop_the_app(setting, value, named):
    with pytest.raises(RuntimeError, match=named):
        create_app(production(SECRET_KEY=STRONG, **{setting: value}))


def test_a_sound_production_configuration_starts():
    app = create_app(production(SECRET_KEY=STRONG))
    assert app.config["SESSION_COOKIE_SECURE"] and not app.debug
