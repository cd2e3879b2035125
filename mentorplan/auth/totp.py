"""TOTP (RFC 6238, 30-second steps, 6 digits) as an optional second factor for admin and HR.

A code is accepted for the step before, the current and the next (clock drift), and only for a step
later than the last one accepted for the account, so a code seen over someone's shoulder cannot be
used again. The last step is raised with one conditional UPDATE, so two requests racing with the
same code cannot both succeed.

The secret is stored in the database as it is (see docs/security.md for why).
"""
import hmac
import time
from io import BytesIO

import pyotp
import segno
from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from mentorplan.extensions import db
from mentorplan.models import User

DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email,
                                                         issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> str:
    """The URI as a QR code, an inline <svg> element (no script, no external image)."""
    out = BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", xmldecl=False, svgns=True, scale=4, border=4, light="#fff",
                                   title="QR-kode for tofaktorappen")
    return out.getvalue().decode()


def clean_code(code: str | None) -> str:
    return "".join((code or "").split())


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step the code belongs to, within the drift allowed; None if it matches none."""
    code = clean_code(code)
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if at is None else at) // totp.interval)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(user: User, code: str, secret: str | None = None) -> bool:
    """Whether the code is right and not used before; a right one is used up. Flushes."""
    step = matching_step(secret or user.totp_secret, code)
    if step is None:
        return False
    result = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True
