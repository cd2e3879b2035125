"""A staff file waits for «Bekreft» as a turnus file does (issue 23): pending_upload says which
kind of file it holds, so that the staff upload's confirmation never applies a turnus file, nor
the other way round. The files waiting already are turnus files.

Revision ID: 0018_pending_staff_files
Revises: 0017_form_submissions
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_pending_staff_files'
down_revision = '0017_form_submissions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='turnus', nullable=False))


def downgrade():
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.drop_column('kind')
