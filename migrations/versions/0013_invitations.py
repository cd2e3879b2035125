"""Invitations: a new account sets its first password from a one-time link sent by e-mail (only the
SHA-256 of the token is stored, with the moment it runs out and when it was sent).

Revision ID: 0013_invitations
Revises: 0012_speed
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_invitations'
down_revision = '0012_speed'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('invitation_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_invitation_token_hash'),
                                          ['invitation_token_hash'])


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_account_invitation_token_hash'), type_='unique')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('invitation_expires_at')
        batch_op.drop_column('invitation_token_hash')
