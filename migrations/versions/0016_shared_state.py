"""Stateless app servers (issue 22): a turnus file awaiting confirmation waits in the database
(pending_upload) instead of one server's instance/uploads, and the calendar-feed rate limit counts
per client and minute in the database (request_count) instead of in each worker's memory.

Revision ID: 0016_shared_state
Revises: 0015_identity
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_shared_state'
down_revision = '0015_identity'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pending_upload',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kommune_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('employee_number', sa.String(length=20), nullable=True),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_pending_upload_kommune_id_kommune'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pending_upload_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_upload')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_pending_upload_token_hash')),
    )
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_upload_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_upload_user_id'), ['user_id'], unique=False)

    op.create_table(
        'request_count',
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('client', sa.String(length=64), nullable=False),
        sa.Column('minute', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'client', 'minute', name=op.f('pk_request_count')),
    )
    with op.batch_alter_table('request_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_count_minute'), ['minute'], unique=False)


def downgrade():
    with op.batch_alter_table('request_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_count_minute'))
    op.drop_table('request_count')
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_upload_user_id'))
        batch_op.drop_index(batch_op.f('ix_pending_upload_created_at'))
    op.drop_table('pending_upload')
