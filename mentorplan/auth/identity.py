"""Logging in and out, and who the current user is."""
from flask import g
from flask_login import current_user

from mentorplan.access import Viewer, viewer_for
from mentorplan.clock import today
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


def current_viewer() -> Viewer:
    """The logged-in person's roles and scopes, worked out once per request."""
    if "viewer" not in g:
        g.viewer = viewer_for(current_user, today())
    return g.viewer


def normalise_email(email: str) -> str:
    return email.strip().lower()

