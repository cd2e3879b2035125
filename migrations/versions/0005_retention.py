"""Retention: benchmarks for reference lines, position percentage changes; employments indexed by start date.

Revision ID: 0005_retention
Revises: 0002_turnus
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_retention'
down_revision = '0004_calendar'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('retention_benchmark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('rate', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.CheckConstraint('months BETWEEN 1 AND 24', name=op.f('ck_retention_benchmark_months_range')),
    sa.CheckConstraint('rate BETWEEN 0 AND 1', name=op.f('ck_retention_benchmark_rate_range')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_retention_benchmark_kommune_id_kommune')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_benchmark'))
    )
    with op.batch_alter_table('retention_benchmark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_benchmark_kommune_id'), ['kommune_id'], unique=False)

    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_start_date'), ['start_date'], unique=False)

    op.create_table('position_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employment_id', sa.Integer(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('position_percent', sa.Integer(), nullable=False),
    sa.CheckConstraint('position_percent BETWEEN 1 AND 100', name=op.f('ck_position_change_position_percent_range')),
    sa.ForeignKeyConstraint(['employment_id'], ['employment.id'], name=op.f('fk_position_change_employment_id_employment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position_change')),
    sa.UniqueConstraint('employment_id', 'from_date', name=op.f('uq_position_change_employment_id_from_date'))
    )
    with op.batch_alter_table('position_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_position_change_employment_id'), ['employment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('position_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_change_employment_id'))

    op.drop_table('position_change')
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_start_date'))

    with op.batch_alter_table('retention_benchmark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_benchmark_kommune_id'))

    op.drop_table('retention_benchmark')
