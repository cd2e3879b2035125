"""Configuration classes. The environment is read here, once, and nowhere else."""
import os
from datetime import timedelta
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
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)  # remember-me is off unless ticked, and never longer
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    # Strict-Transport-Security, sent whenever the app is not in debug mode.
    HSTS_SECONDS = 365 * 24 * 3600
    TIMEZONE = "Europe/Oslo"
    PAGE_SIZE = int(os.environ.get("MENTORPLAN_PAGE_SIZE", "25"))
    # How many proxies in front of the app to believe X-Forwarded-For/-Proto/-Host from (nginx on
    # the same machine: 1). None by default: a forged header must not change the client's address.
    TRUSTED_PROXIES = int(os.environ.get("MENTORPLAN_TRUSTED_PROXIES", "0"))
    MENTORS_PER_UNIT = 2
    # GDPR: a person's personal data is anonymised this many days after their last employment in
    # the kommune ended (the scheduler's daily job, or `flask anonymise`). Three years by default:
    # the general limitation period for claims (foreldelsesloven § 2). The retention statistics keep
    # their figures: the employments stay, only who they were is removed.
    ANONYMISE_AFTER_DAYS = int(os.environ.get("MENTORPLAN_ANONYMISE_AFTER_DAYS", str(3 * 365)))
    ANONYMISE_HOUR = 3  # local time, when the scheduler runs it
    # Notifications (in the app and the outbox) are deleted this many days after they fell due, by
    # the same nightly job; a message still waiting to be sent, and not expired, is kept.
    NOTIFICATION_RETENTION_DAYS = int(os.environ.get("MENTORPLAN_NOTIFICATION_RETENTION_DAYS", "400"))
    PASSWORD_HASH_METHOD = "argon2id"
    # Login throttling, counted in the database: this many failures in the window lock the account, or
    # the address, until the window has passed.
    LOGIN_THROTTLE_MINUTES = 15
    LOGIN_FAILURES_PER_ACCOUNT = 5
    LOGIN_FAILURES_PER_ADDRESS = 20
    # Password reset: links last this long; requests (answered or not) are counted like failed logins.
    PASSWORD_RESET_MINUTES = 30
    RESET_REQUESTS_PER_ACCOUNT = 3
    RESET_REQUESTS_PER_ADDRESS = 20
    # An invitation (a new account's link to choose its first password) lasts this long.
    INVITATION_DAYS = 14
    # A new login address takes effect when the link sent to it is followed within this many hours.
    EMAIL_CHANGE_HOURS = 24
    # Wrong TOTP codes after a right password, in the same window.
    TOTP_FAILURES_PER_ACCOUNT = 5
    TOTP_FAILURES_PER_ADDRESS = 20
    # How long the half-logged-in state (password right, TOTP code not yet given) lasts.
    TOTP_LOGIN_MINUTES = 5
    TOTP_ISSUER = "mentorplan"  # the name authenticator apps show for the account
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


    # E-mail over SMTP when SMTP_HOST is set; otherwise (development, the demo) messages stay in the
    # local outbox page (/utboks) and nothing leaves the machine.
    SMTP_HOST = os.environ.get("SMTP_HOST") or None
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "true").lower() in ("1", "true", "yes", "ja")
    SMTP_USER = os.environ.get("SMTP_USER") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_TIMEOUT_SECONDS = 20
    MAIL_FROM = os.environ.get("MAIL_FROM", "mentorplan <ikke-svar@mentorplan.local>")
    # Where a reply to an invitation or another account e-mail goes (e.g. the kommune's HR or IT
    # service desk); without it MAIL_FROM, often a no-reply address, gets the answer.
    MAIL_REPLY_TO = os.environ.get("MAIL_REPLY_TO") or None
    # Where the accessibility statement (/tilgjengelighet) tells people to write about barriers.
    ACCESSIBILITY_CONTACT = os.environ.get("MENTORPLAN_ACCESSIBILITY_CONTACT") or None
    # Links in e-mails point here.
    BASE_URL = os.environ.get("MENTORPLAN_BASE_URL", "http://127.0.0.1:5000")
    # Single sign-on with OpenID Connect (the kommune's Microsoft Entra ID), off unless an issuer is
    # given, e.g. https://login.microsoftonline.com/<tenant id>/v2.0. Password login stays.
    OIDC_ISSUER = os.environ.get("MENTORPLAN_OIDC_ISSUER") or None
    OIDC_CLIENT_ID = os.environ.get("MENTORPLAN_OIDC_CLIENT_ID") or None
    OIDC_CLIENT_SECRET = os.environ.get("MENTORPLAN_OIDC_CLIENT_SECRET") or None
    OIDC_BUTTON = os.environ.get("MENTORPLAN_OIDC_BUTTON", "Logg inn med kommunens Microsoft-konto")
    # The scheduler process (`flask --app wsgi scheduler`): how often it looks for due messages and
    # works the outbox, and the local times at which the day's messages fall due.
    SCHEDULER_GENERATE_SECONDS = 300
    SCHEDULER_OUTBOX_SECONDS = 60
    REMINDER_TIME = "14:00"       # the day before an activity
    MORNING_TIME = "07:00"        # digests, prøvetid reminders, the monthly note
    PROBATION_NOTICE_DAYS = 14
    CHANGE_NOTICE_HOURS = 48
    OUTBOX_BATCH = 100
    OUTBOX_LEASE_SECONDS = 300    # a claimed message whose sender died is retried after this
    OUTBOX_MAX_BACKOFF_MINUTES = 60


class ProductionConfig(Config):
    CHECK_DEPLOY = True  # refuse to start with a weak SECRET_KEY or insecure settings (deploy_check.py)
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
