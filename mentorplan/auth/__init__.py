"""Logging in and out, and who the current user is."""
from flask import g
from flask_login import current_user

from ..access import Viewer, viewer_for
from ..clock import today
from ..extensions import db
from ..models import User


def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def current_viewer() -> Viewer:
    """The logged-in person's roles and scopes, worked out once per request."""
    if "viewer" not in g:
        g.viewer = viewer_for(current_user, today())
    return g.viewer


def normalise_email(email: str) -> str:
    return email.strip().lower()

