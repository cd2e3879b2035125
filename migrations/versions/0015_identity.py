"""Identity (issue 20): a change of login address waits for a confirmation from the new address
(the pending address and the SHA-256 of its link); single sign-on binds the provider's stable
subject to the account on first use; each kommune names the issuer (tenant) that may vouch for
its accounts.

Revision ID: 0015_identity
Revises: 0014_conversation_revisions
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_identity'
down_revision = '0014_conversation_revisions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('email_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('email_token_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_email_token_hash'), ['email_token_hash'])
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_sso_subject'), ['sso_subject'])
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sso_issuer', sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.drop_column('sso_issuer')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_account_sso_subject'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_user_account_email_token_hash'), type_='unique')
        batch_op.drop_column('sso_subject')
        batch_op.drop_column('email_token_expires_at')
        batch_op.drop_column('email_token_hash')
        batch_op.drop_column('pending_email')
