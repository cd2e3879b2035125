"""An access log worth reading (issue 23): one entry per person, record, action and Oslo day, with
a count of how many times that day (`day`, `count`, and `last_at` beside `at`, the first time),
under a unique key that the app's INSERT … ON CONFLICT adds to.

The entries already written are folded the same way: those of one person, record, action and day
become the oldest of them, with their count, first and last time; its address is kept (the first
time's). Entries by no one (the operator's command, the anonymisation job) are left one by one, as
the key never joins them. The fold cannot be undone: the downgrade keeps the folded entries.

Revision ID: 0019_access_log_days
Revises: 0018_pending_staff_files
"""
from collections import defaultdict
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_access_log_days'
down_revision = '0018_pending_staff_files'
branch_labels = None
depends_on = None

OSLO = ZoneInfo("Europe/Oslo")
UTC = ZoneInfo("UTC")
CHUNK = 500

entry = sa.table(
    'access_log_entry',
    sa.column('id', sa.Integer), sa.column('at', sa.DateTime(timezone=True)),
    sa.column('last_at', sa.DateTime(timezone=True)), sa.column('day', sa.Date), sa.column('count', sa.Integer),
    sa.column('actor_id', sa.Integer), sa.column('subject_id', sa.Integer), sa.column('kind', sa.String),
    sa.column('action', sa.String), sa.column('object_id', sa.Integer),
)


def upgrade():
    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('count', sa.Integer(), server_default=sa.text('1'), nullable=False))

    _fold()

    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.alter_column('last_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('day', existing_type=sa.Date(), nullable=False)
        batch_op.create_unique_constraint('uq_access_log_entry_per_day',
                                          ['actor_id', 'subject_id', 'kind', 'object_id', 'action', 'day'])


def _utc(moment):
    # SQLite hands back the stored UTC instant without its zone.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _fold():
    connection = op.get_bind()
    groups = defaultdict(list)
    rows = connection.execute(sa.select(entry.c.id, entry.c.at, entry.c.actor_id, entry.c.subject_id, entry.c.kind,
                                         entry.c.action, entry.c.object_id).order_by(entry.c.id))
    for row in rows:
        at = _utc(row.at)
        day = at.astimezone(OSLO).date()
        key = (row.actor_id, row.subject_id, row.kind, row.action, row.object_id, day) \
            if row.actor_id is not None else ("by no one", row.id)
        groups[key].append((row.id, at, day))
    kept, dropped = [], []
    for members in groups.values():
        first_id, _, day = members[0]
        times = [at for _, at, _ in members]
        kept.append({"keep": first_id, "first": min(times), "last": max(times), "on": day, "n": len(members)})
        dropped += [id_ for id_, _, _ in members[1:]]
    for start in range(0, len(dropped), CHUNK):
        connection.execute(entry.delete().where(entry.c.id.in_(dropped[start:start + CHUNK])))
    update = (entry.update().where(entry.c.id == sa.bindparam('keep'))
              .values(at=sa.bindparam('first'), last_at=sa.bindparam('last'), day=sa.bindparam('on'),
                      count=sa.bindparam('n')))
    for start in range(0, len(kept), CHUNK):
        connection.execute(update, kept[start:start + CHUNK])


def downgrade():
    with op.batch_alter_table('access_log_entry', schema=None) as batch_op:
        batch_op.drop_constraint('uq_access_log_entry_per_day', type_='unique')
        batch_op.drop_column('count')
        batch_op.drop_column('day')
        batch_op.drop_column('last_at')
