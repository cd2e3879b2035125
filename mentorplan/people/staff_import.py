"""Applying checked staff rows (see staff_csv) to one kommune.

`import_staff_rows` adds and flushes; the caller commits once, so an import is all or nothing.
The plans of the mentorships it starts or hands to another mentor are placed on the turnus in
the same step, as they are when a leader registers a hire or hands a mentee over on the web.
A row whose employment has ended (people/leaving.py) starts no plan, and the people who have left
lose their login at once; what changes is noted in words for the preview (people/staff_file.py).
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage

from sqlalchemy import select

from mentorplan.auth.mail import account_message
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import (
    Employment,
    Kommune,
    Mentorship,
    Person,
    Plan,
    Role,
    RoleAssignment,
    Unit,
    User,
    Ward,
    unit_type_from_name,
)
from mentorplan.people.leaving import end_access, end_mentorship_with, has_left
from mentorplan.people.staff_csv import (
    StaffError,
    StaffFileError,
    StaffRow,
    overlaps,
    period_text,
)
from mentorplan.plans.operations import change_mentor, start_mentorship
from mentorplan.scheduling.service import schedule_plans


@dataclass
class ImportSummary:
    rows: int = 0
    people_created: int = 0
    people_updated: int = 0
    employments_created: int = 0
    employments_updated: int = 0
    units_created: int = 0
    wards_created: int = 0
    roles_added: int = 0
    roles_updated: int = 0
    mentorships_started: int = 0
    mentorships_changed: int = 0
    mentorships_ended: int = 0
    # (person, old address, new address) for everyone registered before whose address the file changed.
    address_changes: list[tuple[Person, str, str]] = field(default_factory=list)
    # What the preview names: the people new to the kommune, what changes for those known before
    # (employee number -> words), the mentorships started, the people in the file who have left,
    # and the accounts that were deactivated because they have.
    created: list[Person] = field(default_factory=list)
    changes: dict[str, list[str]] = field(default_factory=dict)
    started: list[Mentorship] = field(default_factory=list)
    left: list[Person] = field(default_factory=list)
    deactivated: list[User] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(value for name, value in vars(self).items() if name not in NOT_CHANGES)


# Summary fields that repeat a count, or say what the file holds rather than what it changed.
NOT_CHANGES = ("rows", "address_changes", "created", "changes", "started", "left")


def import_staff_rows(kommune: Kommune, rows: Sequence[StaffRow], by: Person | None = None,
                      on: date | None = None, place: bool = True) -> ImportSummary:
    """Create or update the rows' people, units, wards, employments, roles and mentorships.

    Checks the rules that need the database first, so nothing is written when they fail
    (raises StaffFileError). Roles are written before mentorships, because starting a
    mentorship picks the unit's other mentor as back-up from the role assignments.
    Existing data the file does not mention (other roles, mentorships, an e-mail left
    empty in the file) is kept. The plans of the mentorships started or given another mentor
    are placed once, together, at the end. Login accounts are not made here: the command
    invites the people in the file who need one (auth/invitations.py).

    A row whose employment has ended by `on` (today) starts no mentorship and gives none another
    mentor; a mentorship runs no longer than its employment; the accounts of the people in the
    file who have left by `on` are deactivated. `place=False` leaves the plans unplaced (the
    preview, which is rolled back).
    """
    on = on or today()
    _check_mentors_exist(kommune, rows)
    _check_no_overlaps(kommune, rows)
    importer = _Importer(kommune, ImportSummary(rows=len(rows)), by)
    employments = [importer.employment(row, importer.person(row)) for row in rows]
    db.session.flush()
    importer.roles(list(zip(rows, employments)))
    for row, employment in zip(rows, employments):
        if row.mentor_number and not (row.end_date is not None and row.end_date <= on):
            importer.mentorship(employment, importer.people[row.mentor_number])
    db.session.flush()
    importer.end_mentorships(employments)
    importer.leavers(rows, on)
    if place:
        schedule_plans(importer.changed_plans)
    return importer.summary


def _check_mentors_exist(kommune: Kommune, rows: Sequence[StaffRow]) -> None:
    in_file = {row.employee_number for row in rows}
    wanted = {row.mentor_number for row in rows if row.mentor_number} - in_file
    known = set(db.session.scalars(select(Person.employee_number).where(
        Person.kommune_id == kommune.id, Person.employee_number.in_(wanted))))
    errors = [
        StaffError(row.line, f"fant ingen ansatt med ansattnr {row.mentor_number}, verken i filen "
                             f"eller i {kommune.name}.", "mentor_ansattnr")
        for row in rows if row.mentor_number in wanted - known
    ]
    if errors:
        raise StaffFileError(errors)


def _check_no_overlaps(kommune: Kommune, rows: Sequence[StaffRow]) -> None:
    """A row may not overlap an employment already stored for the person in the same unit
    (the one with the row's own start date is the row itself, and is updated)."""
    rows = [row for row in rows if row.unit is not None]  # a row without a unit makes no employment
    stored = db.session.execute(
        select(Person.employee_number, Unit.name, Employment.start_date, Employment.end_date)
        .join(Employment, Employment.person_id == Person.id).join(Unit, Unit.id == Employment.unit_id)
        .where(Person.kommune_id == kommune.id, Person.employee_number.in_({r.employee_number for r in rows})))
    by_key: dict[tuple, list] = {}
    for number, unit, start, end in stored:
        by_key.setdefault((number, unit.casefold()), []).append((start, end, unit))
    in_file = {(r.employee_number, r.unit.casefold(), r.start_date): r for r in rows}
    errors = []
    for row in rows:
        for start, end, unit in by_key.get((row.employee_number, row.unit.casefold()), []):
            if start == row.start_date:
                continue
            if (row.employee_number, unit.casefold(), start) in in_file:
                continue  # the file updates that employment too; the file's own rows are checked already
            if overlaps(row.start_date, row.end_date, start, end):
                errors.append(StaffError(row.line, f"ansattnr {row.employee_number} har allerede et arbeidsforhold "
                                                   f"ved «{unit}» {period_text(start, end)} i {kommune.name}, "
                                                   "som overlapper med dette.", "startdato"))
                break
    if errors:
        raise StaffFileError(errors)


def _update(record, values: dict) -> list[tuple[str, object, object]]:
    """Set the values that differ; (name, old, new) of each that did."""
    changed = [(name, getattr(record, name), value) for name, value in values.items()
               if getattr(record, name) != value]
    for name, _, value in changed:
        setattr(record, name, value)
    return changed


FIELD_WORDS = {"first_name": "fornavn", "last_name": "etternavn", "email": "e-post", "ward": "avdeling",
               "end_date": "sluttdato", "end_reason": "sluttårsak", "position_percent": "stillingsprosent",
               "profession": "stilling", "newly_graduated": "nyutdannet"}


def _value_words(value) -> str:
    """A stored value as the file writes it, dates as dd.mm.yyyy."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return value.name if isinstance(value, Ward) else str(getattr(value, "value", value))


def _change_words(changed: list[tuple[str, object, object]]) -> list[str]:
    return [f"{FIELD_WORDS[name]} {_value_words(old)} → {_value_words(new)}" for name, old, new in changed]


class _Importer:
    """One import into one kommune: what exists already, looked up once, and what changed."""

    def __init__(self, kommune: Kommune, summary: ImportSummary, by: Person | None):
        self.kommune, self.summary, self.by = kommune, summary, by
        self.people = {p.employee_number: p for p in db.session.scalars(
            select(Person).where(Person.kommune_id == kommune.id))}
        # Names match whatever their case, so «LADE HVS» does not make a second unit.
        self.units = {u.name.casefold(): u for u in db.session.scalars(
            select(Unit).where(Unit.kommune_id == kommune.id))}
        self.new_people: set[str] = set()
        self.changed_plans: list[Plan] = []

    def note(self, person: Person, words: list[str]) -> None:
        """What the file changes for someone the kommune knew before (the preview lists it)."""
        if words and person.employee_number not in self.new_people:
            self.summary.changes.setdefault(person.employee_number, []).extend(words)

    def person(self, row: StaffRow) -> Person:
        values = {"first_name": row.first_name, "last_name": row.last_name}
        if row.email:
            values["email"] = row.email
        person = self.people.get(row.employee_number)
        if person is None:
            person = self.people[row.employee_number] = Person(
                kommune=self.kommune, employee_number=row.employee_number, **values)
            db.session.add(person)
            self.new_people.add(row.employee_number)
            self.summary.people_created += 1
            self.summary.created.append(person)
        else:
            old_address = person.email
            changed = _update(person, values)
            if changed and row.employee_number not in self.new_people:
                self.summary.people_updated += 1
                self.note(person, _change_words(changed))
            if old_address and person.email != old_address:
                self.summary.address_changes.append((person, old_address, person.email))
        return person

    def unit(self, name: str) -> Unit:
        unit = self.units.get(name.casefold())
        if unit is None:
            unit = self.units[name.casefold()] = Unit(kommune=self.kommune, name=name,
                                                      unit_type=unit_type_from_name(name))
            db.session.add(unit)
            self.summary.units_created += 1
        return unit

    def ward(self, unit: Unit, name: str | None) -> Ward | None:
        if name is None:
            return None
        ward = next((w for w in unit.wards if w.name.casefold() == name.casefold()), None)
        if ward is None:
            ward = Ward(unit=unit, name=name)
            db.session.add(ward)
            self.summary.wards_created += 1
        return ward

    def employment(self, row: StaffRow, person: Person) -> Employment | None:
        if row.unit is None:
            return None  # only kommune-wide roles (staff_csv.UNITLESS_ROLES): no made-up unit
        unit = self.unit(row.unit)
        values = {
            "ward": self.ward(unit, row.ward), "end_date": row.end_date, "end_reason": row.end_reason,
            "position_percent": row.position_percent, "profession": row.profession,
            "newly_graduated": row.newly_graduated,
        }
        employment = next((e for e in person.employments
                           if e.unit is unit and e.start_date == row.start_date), None)
        if employment is None:
            employment = Employment(person=person, unit=unit, start_date=row.start_date, **values)
            db.session.add(employment)
            self.summary.employments_created += 1
            self.note(person, [f"nytt arbeidsforhold ved {unit.name} fra {row.start_date:%d.%m.%Y}"])
        elif changed := _update(employment, values):
            self.summary.employments_updated += 1
            self.note(person, [f"{unit.name}: {words}" for words in _change_words(changed)])
        return employment

    def roles(self, rows: list[tuple[StaffRow, Employment | None]]) -> None:
        """One assignment per role and scope, valid until the last of its rows' end dates."""
        wanted: dict[tuple, date | None] = {}
        for row, employment in rows:
            for role in row.roles:
                key = _role_scope(self.people[row.employee_number], employment, role)
                ends = [wanted[key], row.end_date] if key in wanted else [row.end_date]
                wanted[key] = None if None in ends else max(ends)
        existing = {_assignment_key(a): a for a in db.session.scalars(
            select(RoleAssignment).where(RoleAssignment.kommune_id == self.kommune.id))}
        people = {p.id: p for p in self.people.values()}
        units = {u.id: u.name for u in self.units.values()}
        for key, valid_to in wanted.items():
            self._sync_role(existing.get(key), key, valid_to, people[key[0]], units.get(key[2]))

    def _sync_role(self, assignment: RoleAssignment | None, key: tuple, valid_to: date | None,
                   person: Person, unit_name: str | None) -> None:
        person_id, role, unit_id, ward_id = key
        where = f" ved {unit_name}" if unit_name else ""
        if assignment is None:
            db.session.add(RoleAssignment(person_id=person_id, role=role, kommune_id=self.kommune.id,
                                          unit_id=unit_id, ward_id=ward_id, valid_to=valid_to))
            self.summary.roles_added += 1
            self.note(person, [f"ny rolle: {role.value}{where}"])
        elif _update(assignment, {"valid_to": valid_to}):
            self.summary.roles_updated += 1
            self.note(person, [f"rollen {role.value}{where} gjelder til {_value_words(valid_to)}"])

    def mentorship(self, employment: Employment, mentor: Person) -> None:
        mentorship = db.session.scalar(select(Mentorship).where(Mentorship.employment_id == employment.id))
        if mentorship is None:
            mentorship = start_mentorship(employment, mentor, by=self.by)
            self.summary.mentorships_started += 1
            self.summary.started.append(mentorship)
        elif mentorship.mentor_id != mentor.id:
            change_mentor(mentorship, mentor, self.by)
            self.summary.mentorships_changed += 1
            self.note(employment.person, [f"ny mentor: {mentor.full_name}"])
        else:
            return
        self.changed_plans.append(mentorship.plan)

    def end_mentorships(self, employments: list[Employment | None]) -> None:
        """A mentorship runs no longer than the employment the file gives an end."""
        for employment in employments:
            if employment is not None and end_mentorship_with(employment):
                self.summary.mentorships_ended += 1
                self.note(employment.person, [f"mentorforløpet avsluttes {employment.end_date:%d.%m.%Y}"])
        db.session.flush()

    def leavers(self, rows: Sequence[StaffRow], on: date) -> None:
        """The people in the file who have left by the day; their accounts are deactivated."""
        self.summary.left = list(db.session.scalars(select(Person).where(
            Person.kommune_id == self.kommune.id, Person.employee_number.in_({r.employee_number for r in rows}),
            has_left(on)).order_by(Person.last_name, Person.first_name, Person.id)))
        self.summary.deactivated = end_access(on, [person.id for person in self.summary.left])


def _role_scope(person: Person, employment: Employment | None, role: Role) -> tuple:
    """(person, role, unit, ward) ids: hr is kommune-wide, avdelingsleder leads the row's ward if it has one."""
    if role is Role.HR or employment is None:
        return person.id, role, None, None
    if role is Role.AVDELINGSLEDER and employment.ward_id is not None:
        return employment.person_id, role, employment.unit_id, employment.ward_id
    return employment.person_id, role, employment.unit_id, None


def _assignment_key(assignment: RoleAssignment) -> tuple:
    return assignment.person_id, assignment.role, assignment.unit_id, assignment.ward_id


def address_notices(changes: list[tuple[Person, str, str]]) -> list[EmailMessage]:
    """One message to each old address the file replaced: a person learns that her address changed
    (and so where her invitations and messages now go) at the address she has held."""
    return [account_message(old, "E-postadressen din i mentorplan er endret", (
        f"Hei {person.first_name},\n\n"
        f"Personalfilen til {person.kommune.name} har endret e-postadressen din i mentorplan fra {old} til {new}. "
        "Invitasjoner og varsler går nå dit. Har du allerede en innlogging, logger du inn som før.\n\n"
        "Er dette feil, kontakt administratoren i kommunen med en gang.")) for person, old, new in changes]


def people_in(kommune: Kommune, rows: Sequence[StaffRow], on: date) -> list[int]:
    """The ids of the people the rows are about (after the import), but those who have left by the
    day: the ones to invite. Someone who has left gets no login."""
    return list(db.session.scalars(select(Person.id).where(
        Person.kommune_id == kommune.id, Person.employee_number.in_({row.employee_number for row in rows}),
        ~has_left(on))))


def summary_text(summary: ImportSummary, file_name: str, kommune_name: str) -> str:
    lines = [f"Leste {summary.rows} rader fra {file_name} inn i {kommune_name}."]
    if not summary.changed_anything:
        return "\n".join(lines + ["Ingen endringer: alt var allerede som i filen."] + leaver_lines(summary))
    ended = f" {summary.mentorships_ended} avsluttet med arbeidsforholdet." if summary.mentorships_ended else ""
    return "\n".join(lines + [
        f"Ansatte: {new_count(summary.people_created)}, {summary.people_updated} endret.",
        f"Ansettelser: {new_count(summary.employments_created)}, {summary.employments_updated} endret.",
        f"Enheter: {new_count(summary.units_created)}. Avdelinger: {new_count(summary.wards_created)}.",
        f"Roller: {new_count(summary.roles_added)}, {summary.roles_updated} endret.",
        f"Mentorforløp: {summary.mentorships_started} startet, {summary.mentorships_changed} fikk ny mentor.{ended}",
    ] + leaver_lines(summary))


def leaver_lines(summary: ImportSummary) -> list[str]:
    """What became of the people in the file who have left («2 sluttet: ingen invitasjon, ingen plan.»)."""
    if not summary.left:
        return []
    deactivated = len(summary.deactivated)
    accounts = (f"; {deactivated} {'konto' if deactivated == 1 else 'kontoer'} deaktivert"
                if deactivated else "")
    return [f"{len(summary.left)} sluttet: ingen invitasjon, ingen plan{accounts}."]


def new_count(count: int) -> str:
    return f"{count} ny" if count == 1 else f"{count} nye"
