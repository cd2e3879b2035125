"""Column types shared by the models."""
import enum
from datetime import UTC, datetime

import sqlalchemy as sa


def enum_column(enum_class: type[enum.Enum]) -> sa.Enum:
    """A portable enum: stored as its value in a VARCHAR, checked in Python."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        values_callable=lambda members: [member.value for member in members],
        length=max(len(member.value) for member in enum_class),
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """An aware UTC instant; SQLite hands back naive values, so re-attach UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def render_migration_item(type_, obj, autogen_context):
    """Write our column types into migrations as the plain SQLAlchemy types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
