"""Running the mentor programme: each unit's terms for its mentors (yearly funksjonstillegg, mentee
limit), the mentors' training in the competence programme, the mentees' pulse answers, and mentor
network meetings with their invitations and attendance.

Revision ID: 0009_programme
Revises: 0006_reminders
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_programme'
down_revision = '0008_scale'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mentor_training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=160), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'completed', name='trainingstatus', native_enum=False), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.CheckConstraint('completed_on IS NULL OR started_on IS NULL OR completed_on >= started_on', name=op.f('ck_mentor_training_completed_after_start')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_mentor_training_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_training')),
    sa.UniqueConstraint('person_id', 'programme', name=op.f('uq_mentor_training_person_id_programme'))
    )
    with op.batch_alter_table('mentor_training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_training_person_id'), ['person_id'], unique=False)

    op.create_table('unit_mentor_terms',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('annual_supplement', sa.Integer(), nullable=False),
    sa.Column('mentee_limit', sa.Integer(), nullable=False),
    sa.CheckConstraint('annual_supplement >= 0', name=op.f('ck_unit_mentor_terms_supplement_not_negative')),
    sa.CheckConstraint('mentee_limit >= 1', name=op.f('ck_unit_mentor_terms_mentee_limit_positive')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_mentor_terms_unit_id_unit')),
    sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_unit_mentor_terms'))
    )
    op.create_table('pulse_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.Integer(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('safety', sa.Integer(), nullable=False),
    sa.Column('inclusion', sa.Integer(), nullable=False),
    sa.Column('growth', sa.Integer(), nullable=False),
    sa.Column('workload', sa.Integer(), nullable=False),
    sa.Column('recommend', sa.Integer(), nullable=False),
    sa.Column('intends_to_stay', sa.Boolean(), nullable=False),
    sa.Column('asked_for_conversation', sa.Boolean(), nullable=False),
    sa.CheckConstraint('milestone IN (3, 6, 12)', name=op.f('ck_pulse_response_milestone_known')),
    sa.CheckConstraint('safety BETWEEN 1 AND 5 AND inclusion BETWEEN 1 AND 5 AND growth BETWEEN 1 AND 5 AND workload BETWEEN 1 AND 5 AND recommend BETWEEN 1 AND 5', name=op.f('ck_pulse_response_scores_range')),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_pulse_response_mentorship_id_mentorship')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_response')),
    sa.UniqueConstraint('mentorship_id', 'milestone', name=op.f('uq_pulse_response_mentorship_id_milestone'))
    )
    with op.batch_alter_table('pulse_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pulse_response_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('network_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('starts', sa.DateTime(), nullable=False),
    sa.Column('ends', sa.DateTime(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('calendar_uid', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends > starts', name=op.f('ck_network_meeting_ends_after_start')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_network_meeting_kommune_id_kommune')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_meeting')),
    sa.UniqueConstraint('calendar_uid', name=op.f('uq_network_meeting_calendar_uid'))
    )
    with op.batch_alter_table('network_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_meeting_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_meeting_starts'), ['starts'], unique=False)

    op.create_table('network_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['network_meeting.id'], name=op.f('fk_network_invitation_meeting_id_network_meeting')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_network_invitation_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_network_invitation_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_invitation')),
    sa.UniqueConstraint('meeting_id', 'person_id', name=op.f('uq_network_invitation_meeting_id_person_id'))
    )
    with op.batch_alter_table('network_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_invitation_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_invitation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_invitation_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('network_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_invitation_unit_id'))
        batch_op.drop_index(batch_op.f('ix_network_invitation_person_id'))
        batch_op.drop_index(batch_op.f('ix_network_invitation_meeting_id'))

    op.drop_table('network_invitation')
    with op.batch_alter_table('network_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_meeting_starts'))
        batch_op.drop_index(batch_op.f('ix_network_meeting_kommune_id'))

    op.drop_table('network_meeting')
    with op.batch_alter_table('pulse_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulse_response_mentorship_id'))

    op.drop_table('pulse_response')
    op.drop_table('unit_mentor_terms')
    with op.batch_alter_table('mentor_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_training_person_id'))

    op.drop_table('mentor_training')
