"""The kommune's own settings (its go-live date)."""
from mentorplan.access.viewer import Viewer
from mentorplan.models import Role


def can_manage_kommune_settings(viewer: Viewer) -> bool:
    """«Innstillinger for kommunen»: the admin's, like the kommune's accounts. The go-live date
    changes what every plan in the kommune counts as overdue, so no leader sets it for one unit."""
    return viewer.has(Role.ADMIN)
