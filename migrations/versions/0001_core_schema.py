"""Core schema: organisation, people, accounts and roles, plan templates, plans.

Revision ID: 0001_core
Revises:
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_core'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kommune',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kommune')),
    sa.UniqueConstraint('name', name=op.f('uq_kommune_name'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('employee_number', sa.String(length=20), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_person_kommune_id_kommune')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('kommune_id', 'employee_number', name=op.f('uq_person_kommune_id_employee_number'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_kommune_id'), ['kommune_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('unit_type', sa.Enum('helse_og_velferdssenter', 'sykehjem', 'helsehus', 'hjemmesykepleie', name='unittype', native_enum=False), nullable=False),
    sa.Column('programme_started_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_unit_kommune_id_kommune')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('kommune_id', 'name', name=op.f('uq_unit_kommune_id_name'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_kommune_id'), ['kommune_id'], unique=False)

    op.create_table('plan_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='templatestatus', native_enum=False), nullable=False),
    sa.Column('based_on_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['based_on_id'], ['plan_template.id'], name=op.f('fk_plan_template_based_on_id_plan_template')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_plan_template_created_by_id_person')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_plan_template_kommune_id_kommune')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_plan_template_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_template')),
    sa.UniqueConstraint('kommune_id', 'unit_id', 'version', name=op.f('uq_plan_template_kommune_id_unit_id_version'))
    )
    with op.batch_alter_table('plan_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_template_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_template_unit_id'), ['unit_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_user_account_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email')),
    sa.UniqueConstraint('person_id', name=op.f('uq_user_account_person_id'))
    )
    op.create_table('ward',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_ward_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ward')),
    sa.UniqueConstraint('unit_id', 'name', name=op.f('uq_ward_unit_id_name'))
    )
    with op.batch_alter_table('ward', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ward_unit_id'), ['unit_id'], unique=False)

    op.create_table('employment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Enum('frivillig', 'arbeidsgiver', 'intern_overgang', 'pensjon', 'midlertidig_utlopt', 'annet', name='endreason', native_enum=False), nullable=True),
    sa.Column('position_percent', sa.Integer(), nullable=False),
    sa.Column('profession', sa.Enum('sykepleier', 'spesialsykepleier', 'vernepleier', 'helsefagarbeider', 'annet', name='profession', native_enum=False), nullable=False),
    sa.Column('newly_graduated', sa.Boolean(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_employment_ends_after_start')),
    sa.CheckConstraint('end_date IS NULL OR end_reason IS NOT NULL', name=op.f('ck_employment_end_has_reason')),
    sa.CheckConstraint('position_percent BETWEEN 1 AND 100', name=op.f('ck_employment_position_percent_range')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_employment_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_employment_unit_id_unit')),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_employment_ward_id_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment')),
    sa.UniqueConstraint('person_id', 'unit_id', 'start_date', name=op.f('uq_employment_person_id_unit_id_start_date'))
    )
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employment_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employment_ward_id'), ['ward_id'], unique=False)

    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'hr', 'enhetsleder', 'avdelingsleder', 'mentor', 'mentee', name='role', native_enum=False), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint("role <> 'mentee'", name=op.f('ck_role_assignment_mentee_is_not_assigned')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_role_assignment_valid_period')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_role_assignment_kommune_id_kommune')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_role_assignment_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_role_assignment_unit_id_unit')),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_role_assignment_ward_id_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment'))
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignment_kommune_id'), ['kommune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_ward_id'), ['ward_id'], unique=False)

    op.create_table('template_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('opplaeringsvakt', 'mentorsamtale', 'ledersamtale', 'sjekkliste', 'forberedelse', 'annet', name='activitykind', native_enum=False), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('responsible', sa.Enum('enhetsleder', 'avdelingsleder', 'mentor', 'mentee', name='responsible', native_enum=False), nullable=False),
    sa.Column('participants', sa.String(length=120), nullable=False),
    sa.Column('due_from_day', sa.Integer(), nullable=False),
    sa.Column('due_to_day', sa.Integer(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('needs_shared_shift', sa.Boolean(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.CheckConstraint('due_to_day >= due_from_day', name=op.f('ck_template_activity_window_order')),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes > 0', name=op.f('ck_template_activity_positive_duration')),
    sa.ForeignKeyConstraint(['template_id'], ['plan_template.id'], name=op.f('fk_template_activity_template_id_plan_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_activity'))
    )
    with op.batch_alter_table('template_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_template_activity_template_id'), ['template_id'], unique=False)

    op.create_table('mentorship',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('backup_mentor_id', sa.Integer(), nullable=True),
    sa.Column('employment_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_mentorship_ends_after_start')),
    sa.CheckConstraint('mentor_id <> mentee_id', name=op.f('ck_mentorship_not_own_mentor')),
    sa.ForeignKeyConstraint(['backup_mentor_id'], ['person.id'], name=op.f('fk_mentorship_backup_mentor_id_person')),
    sa.ForeignKeyConstraint(['employment_id'], ['employment.id'], name=op.f('fk_mentorship_employment_id_employment')),
    sa.ForeignKeyConstraint(['mentee_id'], ['person.id'], name=op.f('fk_mentorship_mentee_id_person')),
    sa.ForeignKeyConstraint(['mentor_id'], ['person.id'], name=op.f('fk_mentorship_mentor_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorship')),
    sa.UniqueConstraint('employment_id', name=op.f('uq_mentorship_employment_id'))
    )
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_backup_mentor_id'), ['backup_mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_plan_mentorship_id_mentorship')),
    sa.ForeignKeyConstraint(['template_id'], ['plan_template.id'], name=op.f('fk_plan_template_id_plan_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('mentorship_id', name=op.f('uq_plan_mentorship_id'))
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_template_id'), ['template_id'], unique=False)

    op.create_table('plan_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('template_activity_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('opplaeringsvakt', 'mentorsamtale', 'ledersamtale', 'sjekkliste', 'forberedelse', 'annet', name='activitykind', native_enum=False), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('responsible', sa.Enum('enhetsleder', 'avdelingsleder', 'mentor', 'mentee', name='responsible', native_enum=False), nullable=False),
    sa.Column('participants', sa.String(length=120), nullable=False),
    sa.Column('due_from', sa.Date(), nullable=False),
    sa.Column('due_to', sa.Date(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('needs_shared_shift', sa.Boolean(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'scheduled', 'conflict', 'done', 'cancelled', name='activitystatus', native_enum=False), nullable=False),
    sa.Column('scheduled_start', sa.DateTime(), nullable=True),
    sa.Column('scheduled_end', sa.DateTime(), nullable=True),
    sa.Column('conflict_reason', sa.Text(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('due_to >= due_from', name=op.f('ck_plan_activity_window_order')),
    sa.CheckConstraint('scheduled_end IS NULL OR scheduled_end > scheduled_start', name=op.f('ck_plan_activity_scheduled_order')),
    sa.ForeignKeyConstraint(['completed_by_id'], ['person.id'], name=op.f('fk_plan_activity_completed_by_id_person')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_activity_plan_id_plan')),
    sa.ForeignKeyConstraint(['template_activity_id'], ['template_activity.id'], name=op.f('fk_plan_activity_template_activity_id_template_activity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_activity'))
    )
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_activity_due_to'), ['due_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activity_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activity_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activity_template_activity_id'), ['template_activity_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_activity_template_activity_id'))
        batch_op.drop_index(batch_op.f('ix_plan_activity_status'))
        batch_op.drop_index(batch_op.f('ix_plan_activity_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_activity_due_to'))

    op.drop_table('plan_activity')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_template_id'))

    op.drop_table('plan')
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentorship_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_backup_mentor_id'))

    op.drop_table('mentorship')
    with op.batch_alter_table('template_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_template_activity_template_id'))

    op.drop_table('template_activity')
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignment_ward_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_person_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_kommune_id'))

    op.drop_table('role_assignment')
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_ward_id'))
        batch_op.drop_index(batch_op.f('ix_employment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_employment_person_id'))

    op.drop_table('employment')
    with op.batch_alter_table('ward', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ward_unit_id'))

    op.drop_table('ward')
    op.drop_table('user_account')
    with op.batch_alter_table('plan_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_template_unit_id'))
        batch_op.drop_index(batch_op.f('ix_plan_template_kommune_id'))

    op.drop_table('plan_template')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_kommune_id'))

    op.drop_table('unit')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_kommune_id'))

    op.drop_table('person')
    op.drop_table('kommune')
