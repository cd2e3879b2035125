"""Corrections of logged conversations: what a conversation said before each correction, who
corrected it and when (the notes as confidential as the conversation's own).

Revision ID: 0014_conversation_revisions
Revises: 0013_invitations
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_conversation_revisions'
down_revision = '0013_invitations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conversation_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('revised_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revised_by_id', sa.Integer(), nullable=True),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column('topics', sa.JSON(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'],
                                name=op.f('fk_conversation_revision_conversation_id_conversation')),
        sa.ForeignKeyConstraint(['revised_by_id'], ['person.id'],
                                name=op.f('fk_conversation_revision_revised_by_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_revision'))
    )
    with op.batch_alter_table('conversation_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_revision_conversation_id'), ['conversation_id'], unique=False)
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('corrected_at')
    with op.batch_alter_table('conversation_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_revision_conversation_id'))
    op.drop_table('conversation_revision')
