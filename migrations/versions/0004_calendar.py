"""Calendar feeds: feed tokens, cancelled events, calendar UID and SEQUENCE on plan activities.

Revision ID: 0004_calendar
Revises: 0002_turnus

Self-contained: it only adds tables and columns. Activities that exist already get a random
UID each, SEQUENCE 0 and their current placement as what calendars last saw.
"""
import secrets
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_calendar'
down_revision = '0003_conversations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('activities', 'shifts', 'ward', name='feedkind', native_enum=False), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'ward') = (ward_id IS NOT NULL)", name=op.f('ck_calendar_token_ward_feed_has_ward')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calendar_token_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_calendar_token_ward_id_ward'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_token_token_hash'))
    )
    with op.batch_alter_table('calendar_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_token_user_id'), ['user_id'], unique=False)

    op.create_table('cancelled_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('starts', sa.DateTime(), nullable=False),
    sa.Column('ends', sa.DateTime(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentee_id'], ['person.id'], name=op.f('fk_cancelled_event_mentee_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['person.id'], name=op.f('fk_cancelled_event_mentor_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['person.id'], name=op.f('fk_cancelled_event_partner_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_cancelled_event_ward_id_ward'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cancelled_event'))
    )
    with op.batch_alter_table('cancelled_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cancelled_event_cancelled_at'), ['cancelled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cancelled_event_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cancelled_event_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cancelled_event_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cancelled_event_uid'), ['uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_cancelled_event_ward_id'), ['ward_id'], unique=False)

    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_uid', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('calendar_start', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('calendar_end', sa.DateTime(), nullable=True))

    _fill_existing_activities()

    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.alter_column('calendar_uid', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('changed_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_plan_activity_calendar_uid'), ['calendar_uid'])
        # A person's feed (and replan_people) look activities up by partner.
        batch_op.create_index(batch_op.f('ix_plan_activity_partner_id'), ['partner_id'], unique=False)


def _fill_existing_activities():
    """A random UID per activity (as the model's default gives new ones) and now as the last change."""
    activity = sa.table('plan_activity', sa.column('id', sa.Integer()), sa.column('calendar_uid', sa.String()),
                        sa.column('changed_at', sa.DateTime(timezone=True)),
                        sa.column('scheduled_start', sa.DateTime()), sa.column('scheduled_end', sa.DateTime()),
                        sa.column('calendar_start', sa.DateTime()), sa.column('calendar_end', sa.DateTime()))
    connection = op.get_bind()
    ids = connection.execute(sa.select(activity.c.id)).scalars().all()
    now = datetime.now(UTC)
    for id_ in ids:
        connection.execute(activity.update().where(activity.c.id == id_).values(
            calendar_uid=f"{secrets.token_hex(16)}@mentorplan", changed_at=now))
    connection.execute(activity.update().values(calendar_start=activity.c.scheduled_start,
                                                calendar_end=activity.c.scheduled_end))



def downgrade():
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_activity_partner_id'))
        batch_op.drop_constraint(batch_op.f('uq_plan_activity_calendar_uid'), type_='unique')
        batch_op.drop_column('calendar_end')
        batch_op.drop_column('calendar_start')
        batch_op.drop_column('changed_at')
        batch_op.drop_column('sequence')
        batch_op.drop_column('calendar_uid')

    with op.batch_alter_table('cancelled_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cancelled_event_ward_id'))
        batch_op.drop_index(batch_op.f('ix_cancelled_event_uid'))
        batch_op.drop_index(batch_op.f('ix_cancelled_event_partner_id'))
        batch_op.drop_index(batch_op.f('ix_cancelled_event_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_cancelled_event_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_cancelled_event_cancelled_at'))

    op.drop_table('cancelled_event')
    with op.batch_alter_table('calendar_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_token_user_id'))

    op.drop_table('calendar_token')
