"""GDPR: when a person's personal data was anonymised (after the employment ended).

Revision ID: 0011_gdpr
Revises: 0010_accounts
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_gdpr'
down_revision = '0010_accounts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
