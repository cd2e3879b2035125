"""Login throttling: after too many failed logins for one account, or from one address, within a
window, further attempts are refused until the window has passed. Counted in the database, so it
holds across worker processes; behind a reverse proxy the address is the client's (ProxyFix with
TRUSTED_PROXIES). Flushes; the caller commits."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import FailedLogin
from ..models.types import utcnow


def _since():
    return utcnow() - timedelta(minutes=current_app.config["LOGIN_THROTTLE_MINUTES"])


def is_throttled(email: str, address: str) -> bool:
    config, since = current_app.config, _since()
    by_account = db.session.scalar(select(func.count()).select_from(FailedLogin).where(
        FailedLogin.email == email, FailedLogin.at >= since))
    by_address = db.session.scalar(select(func.count()).select_from(FailedLogin).where(
        FailedLogin.address == address, FailedLogin.at >= since))
    return by_account >= config["LOGIN_FAILURES_PER_ACCOUNT"] or by_address >= config["LOGIN_FAILURES_PER_ADDRESS"]


def record_failure(email: str, address: str) -> None:
    db.session.execute(delete(FailedLogin).where(FailedLogin.at < _since()))
    db.session.add(FailedLogin(email=email[:254], address=address[:45]))
    db.session.flush()


def forget_failures(email: str) -> None:
    """A successful login clears the account's count (not the address's)."""
    db.session.execute(delete(FailedLogin).where(FailedLogin.email == email))
