"""Go-live for hires already under way (issue 23): the day a kommune took mentorplan into use, an
activity's «før mentorplan» status (due before that day, so neither open nor overdue), and when a
plan's activities from before it were last looked over.

Revision ID: 0020_go_live
Revises: 0019_access_log_days
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_go_live'
down_revision = '0019_access_log_days'
branch_labels = None
depends_on = None

STATUSES = ('planned', 'scheduled', 'conflict', 'done', 'cancelled')


def _status(*extra):
    return sa.Enum(*STATUSES, *extra, name='activitystatus', native_enum=False,
                   length=max(len(s) for s in (*STATUSES, *extra)))


def upgrade():
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('go_live_on', sa.Date(), nullable=True))
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('go_live_reviewed_at', sa.DateTime(timezone=True), nullable=True))
    # The status column is as wide as its longest value: 'before_go_live' needs 14 characters.
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=_status(), type_=_status('before_go_live'),
                              existing_nullable=False)


def downgrade():
    # Without the status, what was before go-live is open again, as it was before this revision.
    op.execute("UPDATE plan_activity SET status = 'planned' WHERE status = 'before_go_live'")
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=_status('before_go_live'), type_=_status(),
                              existing_nullable=False)
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('go_live_reviewed_at')
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.drop_column('go_live_on')
