"""Who is looking at the page: the logged-in person's roles and scopes (access.Viewer), worked out
once per request. What pages share, so it lives with them; the rules themselves are in access/."""
from flask import g
from flask_login import current_user

from mentorplan.access import Viewer, viewer_for
from mentorplan.clock import today


def current_viewer() -> Viewer:
    """The logged-in person's roles and scopes, worked out once per request."""
    if "viewer" not in g:
        g.viewer = viewer_for(current_user, today())
    return g.viewer
