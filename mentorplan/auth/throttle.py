"""Login throttling: after too many failed logins for one account, or from one address, within a
window, further attempts are refused until the window has passed. Counted in the database, so it
holds across worker processes; behind a reverse proxy the address is the client's (ProxyFix with
TRUSTED_PROXIES). Password-reset requests ("reset") and wrong TOTP codes ("totp") are counted the
same way, each kind on its own. Flushes; the caller commits."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from mentorplan.extensions import db
from mentorplan.models import FailedLogin
from mentorplan.models.types import utcnow

LIMITS = {  # kind: (config key per account, config key per address)
    "login": ("LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_FAILURES_PER_ADDRESS"),
    "reset": ("RESET_REQUESTS_PER_ACCOUNT", "RESET_REQUESTS_PER_ADDRESS"),
    "totp": ("TOTP_FAILURES_PER_ACCOUNT", "TOTP_FAILURES_PER_ADDRESS"),
}


def _since():
    return utcnow() - timedelta(minutes=current_app.config["LOGIN_THROTTLE_MINUTES"])


def is_throttled(email: str, address: str, kind: str = "login") -> bool:
    config, since = current_app.config, _since()
    per_account, per_address = LIMITS[kind]
    recent = select(func.count()).select_from(FailedLogin).where(FailedLogin.kind == kind, FailedLogin.at >= since)
    by_account = db.session.scalar(recent.where(FailedLogin.email == email))
    by_address = db.session.scalar(recent.where(FailedLogin.address == address))
    return by_account >= config[per_account] or by_address >= config[per_address]


def record_failure(email: str, address: str, kind: str = "login") -> None:
    db.session.execute(delete(FailedLogin).where(FailedLogin.at < _since()))
    db.session.add(FailedLogin(email=email[:254], address=address[:45], kind=kind))
    db.session.flush()


def forget_failures(email: str, kind: str = "login") -> None:
    """A successful login clears the account's count (not the address's)."""
    db.session.execute(delete(FailedLogin).where(FailedLogin.email == email, FailedLogin.kind == kind))
