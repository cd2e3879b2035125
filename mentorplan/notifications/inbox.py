"""A person's own notifications (read and unread) and their settings. Operations flush; the
caller commits."""
from datetime import datetime

from sqlalchemy import func, select, update

from mentorplan.extensions import db
from mentorplan.models import (
    Notification,
    NotificationKind,
    NotificationSettings,
    Person,
    User,
)
from mentorplan.models.notifications import DEFAULT_DIGEST_WEEKDAY
from mentorplan.models.types import utcnow

START_PAGE_LIMIT = 5


def unread(person_id: int, limit: int = START_PAGE_LIMIT) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.person_id == person_id, Notification.read_at.is_(None))
        .order_by(Notification.due_at.desc(), Notification.id.desc()).limit(limit)))


def unread_count(person_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.person_id == person_id, Notification.read_at.is_(None)))


def own_notifications(person_id: int):
    """A select of a person's notifications, newest first."""
    return (select(Notification).where(Notification.person_id == person_id)
            .order_by(Notification.due_at.desc(), Notification.id.desc()))


def mark_read(notification: Notification, at: datetime | None = None) -> None:
    if notification.read_at is None:
        notification.read_at = at or utcnow()
    db.session.flush()


def mark_all_read(person: Person, at: datetime | None = None) -> int:
    result = db.session.execute(
        update(Notification).where(Notification.person_id == person.id, Notification.read_at.is_(None))
        .values(read_at=at or utcnow()).execution_options(synchronize_session=False))
    return result.rowcount


def settings_for(user: User) -> NotificationSettings:
    """The user's settings; the defaults (every e-mail on, digest on Friday) until they change them."""
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user=user, muted_kinds=[], digest_weekday=DEFAULT_DIGEST_WEEKDAY)
    return settings


def save_settings(user: User, digest_weekday: int, email_kinds: set[NotificationKind]) -> NotificationSettings:
    settings = settings_for(user)
    settings.digest_weekday = digest_weekday
    settings.muted_kinds = sorted(k.value for k in NotificationKind if k not in email_kinds)
    db.session.add(settings)
    db.session.flush()
    return settings
