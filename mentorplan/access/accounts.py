"""One's own account and data, the kommune's accounts, notifications and the outbox, and the
access log."""
from sqlalchemy import false

from mentorplan.access.viewer import Viewer
from mentorplan.models import AccessLogEntry, Notification, Person, Role


def can_use_totp(viewer: Viewer) -> bool:
    """A second factor (TOTP) at login is offered to admin and HR, who see the most; every account
    may change its own password and e-mail address."""
    return viewer.has(Role.ADMIN) or viewer.has(Role.HR)


def can_manage_totp(viewer: Viewer, totp_enabled: bool) -> bool:
    """Enrol if offered; switch off what is on, also after the role has ended."""
    return can_use_totp(viewer) or totp_enabled


# --- Accounts ----------------------------------------------------------------

def can_manage_accounts(viewer: Viewer) -> bool:
    """The kommune's accounts: who may log in, inviting, deactivating. The admin's alone."""
    return viewer.has(Role.ADMIN)


def can_give_roles(viewer: Viewer) -> bool:
    """Appointing admins, HR, leaders and mentors, to anyone in the kommune (Kontoer, and the link on
    a person's page): the admin's, as the accounts are; HR keeps the employment records, not who
    may see them."""
    return can_manage_accounts(viewer)


# --- Notifications and the outbox --------------------------------------------

def can_view_notification(viewer: Viewer, notification: Notification) -> bool:
    """A message is its recipient's alone: nobody else reads it, whatever their role."""
    return notification.person_id == viewer.person_id


def can_view_outbox(viewer: Viewer) -> bool:
    """The admin follows delivery (to whom, what kind, whether it went), never what a message says."""
    return viewer.has(Role.ADMIN)


def outbox_clause(viewer: Viewer):
    """Messages to people of the admin's own kommune (the query joins Person)."""
    return Person.kommune_id == viewer.kommune_id if can_view_outbox(viewer) else false()


# --- The access log (tilgangslogg) ------------------------------------------------------------

def can_search_access_log(viewer: Viewer) -> bool:
    """The admin reviews who read what; nobody can change or delete an entry."""
    return viewer.has(Role.ADMIN)


def access_log_clause(viewer: Viewer):
    """Entries about people of the admin's own kommune (the query joins the subject Person)."""
    return Person.kommune_id == viewer.kommune_id if can_search_access_log(viewer) else false()


def can_export_data_of(viewer: Viewer, person_id: int) -> bool:
    """A person's data export (GDPR art. 15/20) is theirs alone: no role exports anyone else's."""
    return viewer.person_id == person_id


def own_access_log_clause(viewer: Viewer):
    """Every employee sees who read or changed their records (Normen)."""
    return AccessLogEntry.subject_id == viewer.person_id
