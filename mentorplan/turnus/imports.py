"""Checking read turnus entries (see turnus.reading) against the database, and applying them.

`plan_turnus_import` only reads: it finds the employees, fills in times from the ward's code
table, checks each person's rows together and works out what would change — the upload page
shows that as its preview. `apply_turnus_plan` writes it and the caller commits once, so an
import is all or nothing. A file replaces, for each of its people, the shifts and absences from
that person's first to last day in the file and nothing outside; unchanged rows are left alone,
so re-importing a file changes nothing and ids stay stable.

Speed (a year for 6 000 people is about 1.3 million rows): people, employments and the code
table are loaded with one query each, existing rows with one Core query per 500 people, and
rows are deleted by id in chunks of 5 000 and inserted in bulk straight to the driver (see
`_insert`) — never one ORM object per row.

Measured (2026-11, the 2-CPU development machine shared with other work, Python 3.11,
SQLAlchemy 2.1, a synthetic file of 365 days per person with D1/K1/N1 shifts, F1 and FE;
read = parse the file, plan = check and compare, write = write and commit):

  100 000 rows (273 people)      SQLite: first import 0.6 s, same file again 0.5 s, a different
                                 file 1.3 s. PostgreSQL 15: 1.4 s, 0.5 s, 1.4 s.
  1.3 million rows (3 561 people; 867 000 shifts, 108 000 absences; 620 MB peak):
                                 SQLite: first 10 s (read 3.5, plan 1.2, write 5), same again
                                 8 s, different 21 s (632 000 rows replaced). PostgreSQL:
                                 12 s, 7.5 s, 18 s.

Before the bulk paths, SQLAlchemy's executemany took 14 s (SQLite) and 32 s (PostgreSQL) to
write the first import, and Python's cycle collector a third of everything else.
"""
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import String, bindparam, select, type_coerce

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    Employment,
    Kommune,
    Person,
    Shift,
    ShiftCode,
    ShiftSource,
    Unit,
)
from mentorplan.models.types import utcnow
from mentorplan.scheduling.service import replan_people
from mentorplan.turnus.entries import (
    MAX_ERRORS,
    TurnusEntry,
    TurnusError,
    TurnusFile,
    TurnusFileError,
    check_entries,
    cycle_collection_paused,
)
from mentorplan.turnus.time_rules import TimeProblem, shift_times

CHUNK = 5000
PEOPLE_PER_QUERY = 500


@dataclass
class PersonChanges:
    """What a file changes for one person, over that person's days in the file."""

    person_id: int
    employee_number: str
    name: str
    first_day: date
    last_day: date
    shifts_added: int = 0
    shifts_removed: int = 0
    shifts_changed: int = 0
    absences_added: int = 0
    absences_removed: int = 0
    absences_changed: int = 0

    @property
    def changed_anything(self) -> bool:
        return any((self.shifts_added, self.shifts_removed, self.shifts_changed,
                    self.absences_added, self.absences_removed, self.absences_changed))


@dataclass
class TurnusSummary:
    rows: int
    people: int
    shifts_added: int
    shifts_removed: int
    shifts_changed: int
    absences_added: int
    absences_removed: int
    absences_changed: int
    first_day: date | None
    last_day: date | None
    # The people whose turnus changed: their plans must be re-placed.
    person_ids: frozenset[int]
    per_person: list[PersonChanges] = field(repr=False)

    @classmethod
    def of(cls, rows: int, per_person: list[PersonChanges]) -> "TurnusSummary":
        def total(name):
            return sum(getattr(p, name) for p in per_person)
        return cls(
            rows=rows, people=len(per_person),
            shifts_added=total("shifts_added"), shifts_removed=total("shifts_removed"),
            shifts_changed=total("shifts_changed"), absences_added=total("absences_added"),
            absences_removed=total("absences_removed"), absences_changed=total("absences_changed"),
            first_day=min((p.first_day for p in per_person), default=None),
            last_day=max((p.last_day for p in per_person), default=None),
            person_ids=frozenset(p.person_id for p in per_person if p.changed_anything),
            per_person=sorted(per_person, key=lambda p: (p.name.casefold(), p.employee_number)),
        )

    @property
    def changed_anything(self) -> bool:
        return bool(self.person_ids)


@dataclass
class TurnusPlan:
    """What applying a file will write; built by `plan_turnus_import`, written by `apply_turnus_plan`.

    A changed row is written as the old row's removal and a new row (see `_write`).
    """

    summary: TurnusSummary
    new_shifts: list[tuple[int, TurnusEntry]] = field(default_factory=list, repr=False)
    removed_shift_ids: list[int] = field(default_factory=list, repr=False)
    new_absences: list[tuple[int, TurnusEntry]] = field(default_factory=list, repr=False)
    removed_absence_ids: list[int] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class _Person:
    id: int
    name: str


def import_turnus(kommune: Kommune, turnus: TurnusFile,
                  allowed_person_ids: Collection[int] | None = None) -> TurnusSummary:
    """Check and apply a read file (adds and flushes; the caller commits). Raises TurnusFileError."""
    return apply_turnus_plan(plan_turnus_import(kommune, turnus, allowed_person_ids))


def plan_turnus_import(kommune: Kommune, turnus: TurnusFile,
                       allowed_person_ids: Collection[int] | None = None) -> TurnusPlan:
    """Everything a file would change, without writing; raises TurnusFileError listing every problem.

    `allowed_person_ids`, when given, are the only people the file may name (a leader's own staff).
    """
    with cycle_collection_paused():
        errors: list[TurnusError] = list(turnus.errors)
        people = _find_people(kommune, turnus, allowed_person_ids, errors)
        _CodeTable(kommune.id).fill_times(turnus, people, errors)
        for entries in turnus.entries.values():
            errors += check_entries(turnus, entries)
        if errors:
            raise TurnusFileError(sorted(errors, key=lambda error: error.line or 0)[:MAX_ERRORS])
        return _Planner(turnus, people).plan()


def after_turnus_change(person_ids: Collection[int]) -> Exception | None:
    """Re-place the plans of people whose shifts changed (DOMAIN.md: new import → re-placed), and commit.

    The one follow-up the command and the upload page share, called after the import is
    committed: the turnus stands whatever happens here, so this is a second unit of work of its
    own. A failure is rolled back and returned for the caller to report; None when all went well.
    """
    try:
        if person_ids:
            replan_people(set(person_ids))
        db.session.commit()
    except Exception as error:  # the import stands; the plans can be re-placed later
        db.session.rollback()
        return error
    return None


# --- Checks that need the database ---------------------------------------------------------


def _find_people(kommune: Kommune, turnus: TurnusFile, allowed: Collection[int] | None,
                 errors: list[TurnusError]) -> dict[str, _Person]:
    """The file's people by employee number (one query); unknown and not allowed ones are errors."""
    rows = db.session.execute(select(Person.id, Person.employee_number, Person.first_name, Person.last_name)
                              .where(Person.kommune_id == kommune.id))
    known = {number: _Person(id_, f"{first} {last}") for id_, number, first, last in rows}
    allowed = set(allowed) if allowed is not None else None
    people = {}
    for number, entries in turnus.entries.items():
        person = known.get(number)
        if person is None:
            message = f"fant ingen ansatt med ansattnr {number} i {kommune.name}{_also(entries)}."
        elif allowed is not None and person.id not in allowed:
            message = f"ansatt {number} hører ikke til din avdeling{_also(entries)}."
        else:
            people[number] = person
            continue
        errors.append(turnus.error(entries[0].line, message, "ansattnr"))
    return people


def _also(entries: list[TurnusEntry]) -> str:
    # One message per person, not one per row: a wrong file would otherwise list every row.
    others = len({entry.line for entry in entries}) - 1
    return f" (gjelder også {others} rader til)" if others > 1 else (" (gjelder også 1 rad til)" if others else "")


class _CodeTable:
    """The kommune's shift codes and who works where, loaded only when a row leaves its times empty."""

    def __init__(self, kommune_id: int):
        self.kommune_id = kommune_id
        self.codes: dict[tuple, tuple[time | None, time | None]] | None = None
        self.employments: dict[int, list[tuple]] = {}
        self.shifts: dict[tuple, tuple[datetime, datetime] | TimeProblem] = {}

    def _load(self) -> None:
        codes = db.session.execute(select(ShiftCode.unit_id, ShiftCode.ward_id, ShiftCode.code, ShiftCode.starts,
                                          ShiftCode.ends).join(ShiftCode.unit).where(Unit.kommune_id == self.kommune_id))
        self.codes = {(unit, ward, code.upper()): (starts, ends) for unit, ward, code, starts, ends in codes}
        jobs = db.session.execute(select(Employment.person_id, Employment.start_date, Employment.end_date,
                                         Employment.unit_id, Employment.ward_id).join(Employment.person)
                                  .where(Person.kommune_id == self.kommune_id).order_by(Employment.start_date))
        for person_id, *job in jobs:
            self.employments.setdefault(person_id, []).append(tuple(job))

    def fill_times(self, turnus: TurnusFile, people: dict[str, _Person], errors: list[TurnusError]) -> None:
        for number, entries in turnus.entries.items():
            person = people.get(number)
            for entry in entries:
                if person is not None and entry.starts is None and entry.is_shift:
                    if self.codes is None:
                        self._load()
                    self._fill(turnus, person.id, entry, errors)

    def _fill(self, turnus: TurnusFile, person_id: int, entry: TurnusEntry, errors: list[TurnusError]) -> None:
        times = self._times(person_id, entry.day, entry.code)
        if times is None:
            errors.append(turnus.error(entry.line, f"vaktkoden «{entry.code}» finnes ikke i kodetabellen der "
                                                   f"ansatt {entry.employee_number} jobber, så start og slutt "
                                                   "må fylles ut.", "vaktkode"))
        elif times[0] is None:
            entry.day_off = True  # the ward's own code for a day off
        else:
            result = self._shift(entry.day, *times)
            if isinstance(result, TimeProblem):
                start, end = times
                errors.append(turnus.error(entry.line, f"vaktkoden {entry.code} ({start:%H:%M}–{end:%H:%M} i "
                                                       f"kodetabellen): {result.message}", "vaktkode"))
            else:
                entry.starts, entry.ends = result

    def _times(self, person_id: int, day: date, code: str) -> tuple | None:
        """The code's times in the person's ward on that day; a ward's own row wins over the unit's."""
        job = _employment_on(self.employments.get(person_id, []), day)
        if job is None:
            return None
        unit_id, ward_id = job[2], job[3]
        found = self.codes.get((unit_id, ward_id, code)) if ward_id is not None else None
        found = found or self.codes.get((unit_id, None, code))
        if found is not None and found[0] is not None and found[1] is None:
            return None  # a start without an end says nothing usable
        return found

    def _shift(self, day: date, start: time, end: time):
        key = (day, start, end)
        if key not in self.shifts:
            try:
                self.shifts[key] = shift_times(day, start, end)
            except TimeProblem as problem:
                self.shifts[key] = problem
        return self.shifts[key]


def _employment_on(jobs: list[tuple], day: date) -> tuple | None:
    """The employment active that day; else the last one begun by then (a turnus may run past an
    end date not yet registered), else the first."""
    if len(jobs) == 1:
        return jobs[0]
    begun = [job for job in jobs if job[0] <= day]
    active = [job for job in begun if job[1] is None or job[1] >= day]
    candidates = active or begun or jobs[:1]
    return candidates[-1] if candidates else None


# --- Working out the changes ---------------------------------------------------------------


class _Planner:
    def __init__(self, turnus: TurnusFile, people: dict[str, _Person]):
        self.turnus = turnus
        self.people = {people[number].id: (number, people[number], entries)
                       for number, entries in turnus.entries.items()}

    def plan(self) -> TurnusPlan:
        plan = TurnusPlan(summary=None)
        per_person = []
        for chunk in _chunks(sorted(self.people), PEOPLE_PER_QUERY):
            ranges = {person_id: _day_range(self.people[person_id][2]) for person_id in chunk}
            shifts, absences = _existing(Shift, ranges), _existing(Absence, ranges)
            for person_id in chunk:
                per_person.append(self._person(plan, person_id, ranges[person_id],
                                               shifts.get(person_id, []), absences.get(person_id, [])))
        plan.summary = TurnusSummary.of(self.turnus.rows, per_person)
        return plan

    def _person(self, plan: TurnusPlan, person_id: int, days: tuple[date, date], shifts, absences) -> PersonChanges:
        number, person, entries = self.people[person_id]
        changes = PersonChanges(person_id, number, person.name, *days)
        _diff_shifts(plan, changes, [e for e in entries if e.is_shift], shifts)
        _diff_absences(plan, changes, [e for e in entries if e.absence is not None], absences)
        return changes


def _day_range(entries: list[TurnusEntry]) -> tuple[date, date]:
    days = [entry.day for entry in entries]
    return min(days), max(days)


def _existing(model, ranges: dict[int, tuple[date, date]]) -> dict[int, list[tuple]]:
    """The model's rows in each person's range, by person: one query for the whole chunk.

    A Core query with the enums read as plain strings: a re-import reads back a million rows,
    and ORM rows and enum conversion were half the time. The enums are StrEnums, so they compare
    equal to these strings.
    """
    table = model.__table__
    columns = ((table.c.id, table.c.person_id, table.c.day, table.c.code, table.c.starts, table.c.ends)
               if model is Shift else (table.c.id, table.c.person_id, table.c.day, type_coerce(table.c.kind, String)))
    first, last = min(r[0] for r in ranges.values()), max(r[1] for r in ranges.values())
    rows = db.session.execute(select(*columns, type_coerce(table.c.source, String)).where(
        table.c.person_id.in_(list(ranges)), table.c.day >= first, table.c.day <= last)).all()
    found: dict[int, list[tuple]] = {}
    for row in rows:
        low, high = ranges[row[1]]
        if low <= row[2] <= high:
            found.setdefault(row[1], []).append(row)
    return found


def _diff_shifts(plan: TurnusPlan, changes: PersonChanges, wanted: list[TurnusEntry], existing: list[tuple]) -> None:
    """Identical shifts stay; the rest pair up by day as changes, and what is left is added or removed."""
    unmatched: dict[tuple, list[tuple[int, str]]] = {}
    for id_, _, day, code, starts, ends, source in existing:
        unmatched.setdefault((day, code, starts, ends), []).append((id_, source))
    leftover = []
    for entry in wanted:
        if not _take_imported(unmatched.get((entry.day, entry.code, entry.starts, entry.ends))):
            leftover.append(entry)
    free_by_day: dict[date, list[int]] = {}
    for key, rows in unmatched.items():
        if rows:
            free_by_day.setdefault(key[0], []).extend(id_ for id_, _ in rows)
    for entry in leftover:
        free = free_by_day.get(entry.day)
        if free:
            plan.removed_shift_ids.append(free.pop())
            changes.shifts_changed += 1
        else:
            changes.shifts_added += 1
        plan.new_shifts.append((changes.person_id, entry))
    removed = [id_ for ids in free_by_day.values() for id_ in ids]
    plan.removed_shift_ids += removed
    changes.shifts_removed += len(removed)


def _take_imported(same: list[tuple[int, str]] | None) -> bool:
    """Whether an identical imported shift exists, and if so take it. An identical manual or
    suggested shift does not count: the turnus system now confirms it, so it is rewritten as
    imported (and no longer listed as a change to carry back)."""
    if same and same[-1][1] == ShiftSource.IMPORT:  # nearly always: one shift, imported before
        same.pop()
        return True
    for index in range(len(same or ()) - 1, -1, -1):
        if same[index][1] == ShiftSource.IMPORT:
            del same[index]
            return True
    return False


def _diff_absences(plan: TurnusPlan, changes: PersonChanges, wanted: list[TurnusEntry], existing: list[tuple]) -> None:
    by_day = {day: (id_, kind, source) for id_, _, day, kind, source in existing}
    for entry in wanted:
        old = by_day.pop(entry.day, None)
        if old is not None and old[1] == entry.absence and old[2] == ShiftSource.IMPORT:
            continue
        if old is None:
            changes.absences_added += 1
        else:
            plan.removed_absence_ids.append(old[0])
            changes.absences_changed += 1
        plan.new_absences.append((changes.person_id, entry))
    plan.removed_absence_ids += [old[0] for old in by_day.values()]
    changes.absences_removed += len(by_day)


# --- Writing -------------------------------------------------------------------------------


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
    for chunk in _chunks(ids, CHUNK):
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
        for chunk in _chunks(rows, CHUNK):
            connection.execute(table.insert(), [dict(zip(columns, row)) for row in chunk])
        return
    order = [columns.index(name) for name in compiled.positiontup]
    processors = [_once_per_value(table.c[columns[i]].type, connection.dialect) for i in order]
    for chunk in _chunks(rows, CHUNK):
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


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
