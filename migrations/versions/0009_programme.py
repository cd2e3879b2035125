"""Running the mentor programme: each unit's terms for its mentors (yearly funksjonstillegg, mentee
limit), the mentors' training in the competence programme, and the mentees' pulse answers.

Revision ID: 0009_programme
Revises: 0006_reminders
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_programme'
down_revision = '0006_reminders'
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



def downgrade():
    with op.batch_alter_table('pulse_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulse_response_mentorship_id'))

    op.drop_table('pulse_response')
    op.drop_table('unit_mentor_terms')
    with op.batch_alter_table('mentor_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_training_person_id'))

    op.drop_table('mentor_training')
