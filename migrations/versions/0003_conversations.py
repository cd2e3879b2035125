"""Conversations and agreed actions, mentor changes, talking points per phase, training checklists.

Revision ID: 0003_conversations
Revises: 0002_turnus
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_conversations'
down_revision = '0002_turnus'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checklist_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('institusjon', 'hjemmesykepleie', name='checklistkind', native_enum=False), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='templatestatus', native_enum=False), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_checklist_template_created_by_id_person')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_checklist_template_kommune_id_kommune')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_checklist_template_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_template')),
    sa.UniqueConstraint('kommune_id', 'unit_id', 'kind', 'version', name=op.f('uq_checklist_template_kommune_id_unit_id_kind_version'))
    )
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_template_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_template_unit_id'), ['unit_id'], unique=False)

    op.create_table('checklist_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], name=op.f('fk_checklist_item_template_id_checklist_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item'))
    )
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_item_template_id'), ['template_id'], unique=False)

    op.create_table('talking_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['plan_template.id'], name=op.f('fk_talking_point_template_id_plan_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talking_point'))
    )
    with op.batch_alter_table('talking_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talking_point_template_id'), ['template_id'], unique=False)

    op.create_table('checklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_checklist_mentorship_id_mentorship')),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], name=op.f('fk_checklist_template_id_checklist_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist')),
    sa.UniqueConstraint('mentorship_id', name=op.f('uq_checklist_mentorship_id'))
    )
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_template_id'), ['template_id'], unique=False)

    op.create_table('mentor_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('from_mentor_id', sa.Integer(), nullable=False),
    sa.Column('to_mentor_id', sa.Integer(), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['person.id'], name=op.f('fk_mentor_change_changed_by_id_person')),
    sa.ForeignKeyConstraint(['from_mentor_id'], ['person.id'], name=op.f('fk_mentor_change_from_mentor_id_person')),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentor_change_mentorship_id_mentorship')),
    sa.ForeignKeyConstraint(['to_mentor_id'], ['person.id'], name=op.f('fk_mentor_change_to_mentor_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_change'))
    )
    with op.batch_alter_table('mentor_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_change_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('checklist_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checklist_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('trained_on', sa.Date(), nullable=True),
    sa.Column('trained_by_id', sa.Integer(), nullable=True),
    sa.Column('mastered_on', sa.Date(), nullable=True),
    sa.Column('mastered_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_off_on', sa.Date(), nullable=True),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist.id'], name=op.f('fk_checklist_entry_checklist_id_checklist')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_item.id'], name=op.f('fk_checklist_entry_item_id_checklist_item')),
    sa.ForeignKeyConstraint(['mastered_by_id'], ['person.id'], name=op.f('fk_checklist_entry_mastered_by_id_person')),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['person.id'], name=op.f('fk_checklist_entry_signed_off_by_id_person')),
    sa.ForeignKeyConstraint(['trained_by_id'], ['person.id'], name=op.f('fk_checklist_entry_trained_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_entry')),
    sa.UniqueConstraint('checklist_id', 'item_id', name=op.f('uq_checklist_entry_checklist_id_item_id'))
    )
    with op.batch_alter_table('checklist_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_entry_checklist_id'), ['checklist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_entry_item_id'), ['item_id'], unique=False)

    op.create_table('conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('mentorsamtale', 'ledersamtale', name='conversationkind', native_enum=False), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('preparation', sa.Text(), nullable=False),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('shared_with_leader', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('logged_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes > 0', name=op.f('ck_conversation_positive_duration')),
    sa.CheckConstraint('held_on IS NULL OR (duration_minutes IS NOT NULL AND held_by_id IS NOT NULL)', name=op.f('ck_conversation_logged_has_duration_and_holder')),
    sa.ForeignKeyConstraint(['activity_id'], ['plan_activity.id'], name=op.f('fk_conversation_activity_id_plan_activity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['held_by_id'], ['person.id'], name=op.f('fk_conversation_held_by_id_person')),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_conversation_mentorship_id_mentorship')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_conversation_activity_id'))
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_held_by_id'), ['held_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('agreed_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=300), nullable=False),
    sa.Column('who', sa.Enum('enhetsleder', 'avdelingsleder', 'mentor', 'mentee', name='responsible', native_enum=False), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'], name=op.f('fk_agreed_action_conversation_id_conversation')),
    sa.ForeignKeyConstraint(['done_by_id'], ['person.id'], name=op.f('fk_agreed_action_done_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreed_action'))
    )
    with op.batch_alter_table('agreed_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreed_action_conversation_id'), ['conversation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('agreed_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreed_action_conversation_id'))

    op.drop_table('agreed_action')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_mentorship_id'))
        batch_op.drop_index(batch_op.f('ix_conversation_held_by_id'))

    op.drop_table('conversation')
    with op.batch_alter_table('checklist_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_entry_item_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_entry_checklist_id'))

    op.drop_table('checklist_entry')
    with op.batch_alter_table('mentor_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_change_mentorship_id'))

    op.drop_table('mentor_change')
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_template_id'))

    op.drop_table('checklist')
    with op.batch_alter_table('talking_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talking_point_template_id'))

    op.drop_table('talking_point')
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_item_template_id'))

    op.drop_table('checklist_item')
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_template_unit_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_template_kommune_id'))

    op.drop_table('checklist_template')
