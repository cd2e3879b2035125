"""Indexes for the lookups the main pages make at municipal scale: HR's people list in name order,
a person's notifications newest first, a plan's activities in order, the coming weeks' placed
activities and the shifts accepted suggestions put in.

Revision ID: 0008_scale
Revises: 0006_reminders
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_scale'
down_revision = '0007_security'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_kommune_name', ['kommune_id', 'last_name', 'first_name'], unique=False)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_person_due', ['person_id', 'due_at'], unique=False)
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.create_index('ix_plan_activity_plan_due', ['plan_id', 'due_from', 'position'], unique=False)
        batch_op.create_index('ix_plan_activity_status_start', ['status', 'scheduled_start'], unique=False)
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index('ix_shift_source_person', ['source', 'person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_source_person')
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_activity_status_start')
        batch_op.drop_index('ix_plan_activity_plan_due')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_person_due')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_kommune_name')
