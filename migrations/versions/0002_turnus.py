"""Turnus: shift codes, shifts, absences, rotation patterns; placement details on plan activities.

Revision ID: 0002_turnus
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_turnus'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('absence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('FE', 'KU', 'PE', 'SY', name='absencekind', native_enum=False), nullable=False),
    sa.Column('source', sa.Enum('import', 'rotation', 'manual', 'suggestion', name='shiftsource', native_enum=False), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_absence_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence')),
    sa.UniqueConstraint('person_id', 'day', name=op.f('uq_absence_person_id_day'))
    )
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absence_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_absence_person_id'), ['person_id'], unique=False)

    op.create_table('shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('starts', sa.DateTime(), nullable=False),
    sa.Column('ends', sa.DateTime(), nullable=False),
    sa.Column('source', sa.Enum('import', 'rotation', 'manual', 'suggestion', name='shiftsource', native_enum=False), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends > starts', name=op.f('ck_shift_ends_after_start')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_shift_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift'))
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index('ix_shift_day', ['day'], unique=False)
        batch_op.create_index('ix_shift_person_day', ['person_id', 'day'], unique=False)

    op.create_table('rotation_pattern',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('codes', sa.Text(), nullable=False),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= starts_on', name=op.f('ck_rotation_pattern_valid_period')),
    sa.CheckConstraint('weeks BETWEEN 1 AND 52', name=op.f('ck_rotation_pattern_weeks_range')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_rotation_pattern_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_rotation_pattern_unit_id_unit')),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_rotation_pattern_ward_id_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation_pattern'))
    )
    with op.batch_alter_table('rotation_pattern', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotation_pattern_person_id'), ['person_id'], unique=False)

    op.create_table('shift_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('starts', sa.Time(), nullable=True),
    sa.Column('ends', sa.Time(), nullable=True),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_shift_code_unit_id_unit')),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_shift_code_ward_id_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_code')),
    sa.UniqueConstraint('unit_id', 'ward_id', 'code', name=op.f('uq_shift_code_unit_id_ward_id_code'))
    )
    with op.batch_alter_table('shift_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_code_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_code_ward_id'), ['ward_id'], unique=False)

    op.create_table('rotation_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pattern_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['pattern_id'], ['rotation_pattern.id'], name=op.f('fk_rotation_exception_pattern_id_rotation_pattern')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation_exception')),
    sa.UniqueConstraint('pattern_id', 'day', name=op.f('uq_rotation_exception_pattern_id_day'))
    )
    with op.batch_alter_table('rotation_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotation_exception_pattern_id'), ['pattern_id'], unique=False)

    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('placement_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('conflict_suggestions', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plan_activity_partner_id_person'), 'person', ['partner_id'], ['id'])



def downgrade():
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_activity_partner_id_person'), type_='foreignkey')
        batch_op.drop_column('conflict_suggestions')
        batch_op.drop_column('placement_note')
        batch_op.drop_column('partner_id')

    with op.batch_alter_table('rotation_exception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotation_exception_pattern_id'))

    op.drop_table('rotation_exception')
    with op.batch_alter_table('shift_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_code_ward_id'))
        batch_op.drop_index(batch_op.f('ix_shift_code_unit_id'))

    op.drop_table('shift_code')
    with op.batch_alter_table('rotation_pattern', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotation_pattern_person_id'))

    op.drop_table('rotation_pattern')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_person_day')
        batch_op.drop_index('ix_shift_day')

    op.drop_table('shift')
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_absence_person_id'))
        batch_op.drop_index(batch_op.f('ix_absence_day'))

    op.drop_table('absence')
