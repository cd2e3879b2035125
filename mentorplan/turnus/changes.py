"""What a read turnus file changes against what is stored: the upload page's preview.

`plan_turnus_import` only reads: it finds the employees, fills in times from the ward's code
table (see turnus.database_checks), checks each person's rows together and works out what would
change. `turnus.applying.apply_turnus_plan` writes the result. A file replaces, for each of its
people, the shifts and absences from that person's first to last day in the file and nothing
outside; unchanged rows are left alone, so re-importing a file changes nothing and ids stay stable.

Existing rows are read with one Core query per 500 people (see `_existing`).
"""
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, select, type_coerce

from mentorplan.extensions import db
from mentorplan.models import Absence, Kommune, Shift, ShiftSource
from mentorplan.turnus.database_checks import CodeTable, KnownPerson, find_people
from mentorplan.turnus.entries import (
    MAX_ERRORS,
    TurnusEntry,
    TurnusError,
    TurnusFile,
    TurnusFileError,
    check_entries,
    cycle_collection_paused,
)

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

    A changed row is written as the old row's removal and a new row (see `applying._write`).
    """

    summary: TurnusSummary
    new_shifts: list[tuple[int, TurnusEntry]] = field(default_factory=list, repr=False)
    removed_shift_ids: list[int] = field(default_factory=list, repr=False)
    new_absences: list[tuple[int, TurnusEntry]] = field(default_factory=list, repr=False)
    removed_absence_ids: list[int] = field(default_factory=list, repr=False)


def plan_turnus_import(kommune: Kommune, turnus: TurnusFile,
                       allowed_person_ids: Collection[int] | None = None) -> TurnusPlan:
    """Everything a file would change, without writing; raises TurnusFileError listing every problem.

    `allowed_person_ids`, when given, are the only people the file may name (a leader's own staff).
    """
    with cycle_collection_paused():
        errors: list[TurnusError] = list(turnus.errors)
        people = find_people(kommune, turnus, allowed_person_ids, errors)
        CodeTable(kommune.id).fill_times(turnus, people, errors)
        for entries in turnus.entries.values():
            errors += check_entries(turnus, entries)
        if errors:
            raise TurnusFileError(sorted(errors, key=lambda error: error.line or 0)[:MAX_ERRORS])
        return _Planner(turnus, people).plan()


# --- Working out the changes ---------------------------------------------------------------


class _Planner:
    def __init__(self, turnus: TurnusFile, people: dict[str, KnownPerson]):
        self.turnus = turnus
        self.people = {people[number].id: (number, people[number], entries)
                       for number, entries in turnus.entries.items()}

    def plan(self) -> TurnusPlan:
        plan = TurnusPlan(summary=None)
        per_person = []
        for chunk in chunks(sorted(self.people), PEOPLE_PER_QUERY):
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


def chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
