"""Accounts: password-reset links (only the SHA-256 of the token is stored), optional TOTP for admin
and HR (secret, whether confirmed, the last time step accepted), and failed attempts counted per kind
(login, reset request, TOTP code).

Revision ID: 0010_accounts
Revises: 0009_programme
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_accounts'
down_revision = '0009_programme'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('failed_login', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='login', nullable=False))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reset_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reset_token_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_reset_token_hash'), ['reset_token_hash'])


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_account_reset_token_hash'), type_='unique')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enabled')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('reset_token_expires_at')
        batch_op.drop_column('reset_token_hash')

    with op.batch_alter_table('failed_login', schema=None) as batch_op:
        batch_op.drop_column('kind')
