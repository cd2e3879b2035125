"""Security and privacy: the access log (tilgangslogg), append-only, never holding note text; and
each account's session version, which revokes every session and remember-me cookie when raised; failed
logins, counted in the database to throttle guessing across worker processes.

Revision ID: 0007_security
Revises: 0006_reminders
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_security'
down_revision = '0006_reminders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_log_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('conversation', 'checklist', 'employment', name='accesskind', native_enum=False), nullable=False),
    sa.Column('action', sa.Enum('read', 'change', name='accessaction', native_enum=False), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_access_log_entry_actor_id_person')),
    sa.ForeignKeyConstraint(['subject_id'], ['person.id'], name=op.f('fk_access_log_entry_subject_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log_entry'))
    )
    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_entry_at'), ['at'], unique=False)
        batch_op.create_index('ix_access_log_entry_subject_at', ['subject_id', 'at'], unique=False)

    op.create_table('failed_login',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_login'))
    )
    with op.batch_alter_table('failed_login', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_login_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_failed_login_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_failed_login_email'), ['email'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default=sa.text('0'), nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('failed_login', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_login_email'))
        batch_op.drop_index(batch_op.f('ix_failed_login_at'))
        batch_op.drop_index(batch_op.f('ix_failed_login_address'))

    op.drop_table('failed_login')
    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_entry_subject_at')
        batch_op.drop_index(batch_op.f('ix_access_log_entry_at'))
        batch_op.drop_index(batch_op.f('ix_access_log_entry_actor_id'))

    op.drop_table('access_log_entry')
