"""Writing a confirmed turnus import: the rows a `TurnusPlan` removes and adds, in bulk.

Rows are deleted by id in chunks of 5 000 and inserted in bulk straight to the driver (see
`_insert`) — never one ORM object per row. Flushes; the caller commits once, so an import is all
or nothing.
"""
import re
from collections.abc import Iterable

from sqlalchemy import bindparam

from mentorplan.extensions import db
from mentorplan.models import Absence, Shift, ShiftSource
from mentorplan.models.types import utcnow
from mentorplan.turnus.changes import TurnusPlan, TurnusSummary, chunks
from mentorplan.turnus.entries import cycle_collection_paused

CHUNK = 5000


def apply_turnus_plan(plan: TurnusPlan) -> TurnusSummary:
    """Write the plan with bulk statements in chunks; flushes, the caller commits."""
    with cycle_collection_paused():
        _write(plan)
    return plan.summary


def _write(plan: TurnusPlan) -> None:
    db.session.flush()
    shift, absence = Shift.__table__, Absence.__table__
    imported, now = ShiftSource.IMPORT.value, utcnow()
    # Changed rows go too: an UPDATE per row was the slowest part on PostgreSQL, and nothing
    # points at a shift's id. Unchanged rows are never touched, so their ids stay.
    _delete(shift, plan.removed_shift_ids)
    _delete(absence, plan.removed_absence_ids)
    _insert(shift, ("person_id", "day", "code", "starts", "ends", "source", "created_at"),
            ((person_id, e.day, e.code, e.starts, e.ends, imported, now) for person_id, e in plan.new_shifts))
    _insert(absence, ("person_id", "day", "kind", "source"),
            ((person_id, e.day, e.absence.value, imported) for person_id, e in plan.new_absences))
    # The rows changed under the session's feet; objects it holds must be read again.
    db.session.expire_all()


def _delete(table, ids: list[int]) -> None:
    # The ids are our own integers, written into the statement: thousands of bound parameters
    # made psycopg parse every statement anew.
    for chunk in chunks(ids, CHUNK):
        db.session.execute(table.delete().where(table.c.id.in_(bindparam("ids", chunk, literal_execute=True))))


def _insert(table, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Bulk INSERT straight to the driver. SQLAlchemy's own executemany spent most of a big
    import converting each date and time (one per row, though a year has only a few thousand
    distinct ones) and building parameter dicts; psycopg's sends one statement per row."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection, table, columns, rows)
        return
    compiled = table.insert().compile(dialect=connection.dialect, column_keys=list(columns))
    if not connection.dialect.positional:
        for chunk in chunks(rows, CHUNK):
            connection.execute(table.insert(), [dict(zip(columns, row)) for row in chunk])
        return
    order = [columns.index(name) for name in compiled.positiontup]
    processors = [_once_per_value(table.c[columns[i]].type, connection.dialect) for i in order]
    for chunk in chunks(rows, CHUNK):
        by_column = list(zip(*chunk))
        converted = [by_column[i] if process is None else map(process, by_column[i])
                     for i, process in zip(order, processors)]
        connection.exec_driver_sql(str(compiled), list(zip(*converted)))


def _once_per_value(column_type, dialect):
    """The column type's own conversion for the driver, done once per distinct value."""
    process = column_type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    done: dict = {}

    def convert(value):
        if value not in done:
            done[value] = process(value)
        return done[value]
    return convert


def _copy(connection, table, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """A binary COPY (eight times faster than text), on the session's own connection and
    transaction, so the caller's commit covers it."""
    names = ", ".join(f'"{name}"' for name in columns)
    types = [re.sub(r"\(.*\)", "", table.c[name].type.compile(dialect=connection.dialect)).lower()
             for name in columns]
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

