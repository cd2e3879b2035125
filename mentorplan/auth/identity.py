"""Who an account is: the user of a session (for Flask-Login) and the one form of an address.
Who is looking at a page (roles and scopes) is web/viewer.py's."""
from mentorplan.extensions import db
from mentorplan.models import User


def load_user(user_id: str) -> User | None:
    """The user of a session or remember-me cookie, unless it has been revoked (see User.get_id)."""
    number, _, version = user_id.partition(".")
    if not (number.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def normalise_email(email: str) -> str:
    return email.strip().lower()

