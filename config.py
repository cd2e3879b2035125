"""Configuration classes. The environment is read here, once, and nowhere else."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _database_url(default_file: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the driver-less dialect; we use psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{INSTANCE_DIR / default_file}"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url("mentorplan.db")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None
    # WTForms' own messages in bokmål (its bundled translations), without Flask-Babel.
    WTF_I18N_ENABLED = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    TIMEZONE = "Europe/Oslo"
    PAGE_SIZE = int(os.environ.get("MENTORPLAN_PAGE_SIZE", "25"))
    MENTORS_PER_UNIT = 2
    PASSWORD_HASH_METHOD = "scrypt"
    # Scheduling rules (DOMAIN.md); a tariff agreement may lower the rest limits to 8 and 28 hours.
    HANDOVER_START_MINUTES = 60
    HANDOVER_END_MINUTES = 30
    ALLOW_NIGHT_CONVERSATIONS = False
    CONVERSATIONS_PER_MENTOR_SHIFT = 1
    MIN_DAILY_REST_HOURS = 11
    MIN_WEEKLY_REST_HOURS = 35
    LEADER_DAY = ("08:00", "15:30")
    MAX_UPLOAD_BYTES = 100 * 1024 * 1024
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES
    # Calendar clients poll a feed about once an hour; more than this from one address is a script.
    FEED_REQUESTS_PER_MINUTE = 60


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
    SECRET_KEY = "test-secret"
    # Tests hash dozens of passwords; a cheap method keeps them fast. Never in production.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or _database_url("test.db")


CONFIGS = {
    "development": Config,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def from_environment() -> type[Config]:
    return CONFIGS[os.environ.get("MENTORPLAN_CONFIG", "development")]
