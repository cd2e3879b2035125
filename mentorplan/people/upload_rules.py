"""What a person uploading the staff file on the web may change (access.staff_upload_scope).

The admin may import rows for the whole kommune; an enhetsleder only for her own units, only about
people employed there now, never a new address for someone already registered (an address is
how a person gets a login: changing it would send that person's invitation to someone else), and
never name a mentor who is not appointed mentor at the row's unit. Nobody, admin included, gives
themselves a role or makes themselves someone's mentor in a file: another admin or leader must
(a kommune with one admin uses the operator's `import-staff`, which does not pass through here).
Each refusal is a StaffError naming the line and the column; the caller stores nothing.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from mentorplan.accounts.roles import not_ended_on
from mentorplan.extensions import db
from mentorplan.models import Employment, Kommune, Mentorship, Person, Role, RoleAssignment, Unit
from mentorplan.people.staff_csv import StaffError, StaffRow


@dataclass(frozen=True)
class Uploader:
    person_id: int
    unit_ids: frozenset[int] | None  # None: every unit, and new ones
    kommune_roles: bool              # may give roles that hold in the whole kommune (hr)
    on: date


def rows_outside(kommune: Kommune, rows: Sequence[StaffRow], uploader: Uploader) -> list[StaffError]:
    # The people the rows name (themselves or as mentor) and the kommune's units, read once.
    named = {row.employee_number for row in rows} | {row.mentor_number for row in rows if row.mentor_number}
    known = _people(kommune, named)
    units = _units(kommune)
    errors = _self_granted(kommune, rows, uploader, known, units)
    if uploader.unit_ids is not None:
        errors += _outside_units(rows, uploader.unit_ids)
        errors += _not_current_staff(rows, uploader, known)
        errors += _new_addresses(rows, known)
        errors += _mentors_not_appointed(kommune, rows, uploader, known, units)
    if not uploader.kommune_roles:
        errors += [StaffError(row.line, "bare administratoren kan gi rollen hr.", "roller")
                   for row in rows if Role.HR in row.roles]
    return sorted(errors, key=lambda error: error.line)


def _people(kommune: Kommune, numbers) -> dict[str, Person]:
    return {p.employee_number: p for p in db.session.scalars(
        select(Person).where(Person.kommune_id == kommune.id, Person.employee_number.in_(set(numbers))))}


def _units(kommune: Kommune) -> dict[str, Unit]:
    return {u.name.casefold(): u for u in db.session.scalars(select(Unit).where(Unit.kommune_id == kommune.id))}


def _outside_units(rows: Sequence[StaffRow], unit_ids: frozenset[int]) -> list[StaffError]:
    mine = {u.name.casefold(): u.name for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    allowed = " og ".join(f"«{name}»" for name in sorted(mine.values())) or "ingen enhet"
    return [StaffError(row.line, f"du kan bare importere rader for {allowed}, ikke for «{row.unit}».", "enhet")
            for row in rows if row.unit is not None and row.unit.casefold() not in mine]  # no unit: hr, refused below


def _not_current_staff(rows: Sequence[StaffRow], uploader: Uploader, known: dict[str, Person]) -> list[StaffError]:
    """A person already registered is the leader's only while employed in her units now (or about
    to start there): not one who left years ago and works elsewhere."""
    current = select(Employment.person_id, Employment.unit_id).where(
        Employment.person_id.in_([known[row.employee_number].id for row in rows if row.employee_number in known]),
        or_(Employment.end_date.is_(None), Employment.end_date >= uploader.on))
    units_now: dict[int, set[int]] = {}
    for person_id, unit_id in db.session.execute(current):
        units_now.setdefault(person_id, set()).add(unit_id)
    errors = []
    for row in rows:
        person = known.get(row.employee_number)
        if person is None or units_now.get(person.id, set()) & uploader.unit_ids:
            continue
        where = "er ansatt ved en annen enhet" if units_now.get(person.id) else "er ikke ansatt ved enheten din nå"
        errors.append(StaffError(row.line, f"ansattnr {row.employee_number} {where}; bare administratoren kan "
                                           "endre den personen.", "ansattnr"))
    return errors


def _new_addresses(rows: Sequence[StaffRow], known: dict[str, Person]) -> list[StaffError]:
    errors = []
    for row in rows:
        person = known.get(row.employee_number)
        if person is None or not row.email or (person.email or "").strip().lower() == row.email:
            continue
        errors.append(StaffError(row.line, f"ansattnr {row.employee_number} er registrert "
                                           f"{'med en annen e-postadresse' if person.email else 'uten e-postadresse'}; "
                                           "bare administratoren eller HR kan endre den.", "epost"))
    return errors


def _mentors_not_appointed(kommune: Kommune, rows: Sequence[StaffRow], uploader: Uploader,
                           known: dict[str, Person], units: dict[str, Unit]) -> list[StaffError]:
    """A mentor named in a leader's file holds the mentor role at the row's unit, or gets it in the file."""
    appointed = set(db.session.execute(
        select(RoleAssignment.person_id, RoleAssignment.unit_id).where(
            RoleAssignment.role == Role.MENTOR, RoleAssignment.kommune_id == kommune.id,
            not_ended_on(uploader.on))))
    in_file = {(row.employee_number, row.unit.casefold()) for row in rows if Role.MENTOR in row.roles}
    errors = []
    for row in rows:
        if not row.mentor_number or (row.mentor_number, row.unit.casefold()) in in_file:
            continue
        mentor, unit = known.get(row.mentor_number), units.get(row.unit.casefold())
        if mentor is not None and unit is not None and (mentor.id, unit.id) in appointed:
            continue
        errors.append(StaffError(row.line, f"ansattnr {row.mentor_number} er ikke mentor ved «{row.unit}». "
                                           "Oppnevn mentoren først, eller gi rollen mentor i filen.",
                                 "mentor_ansattnr"))
    return errors


def _self_granted(kommune: Kommune, rows: Sequence[StaffRow], uploader: Uploader,
                  known: dict[str, Person], units: dict[str, Unit]) -> list[StaffError]:
    """Roles the uploader does not hold already, given to herself; herself named as a mentor she is not yet."""
    me = db.session.get(Person, uploader.person_id)
    if me is None or me.kommune_id != kommune.id:
        return []
    held = {(a.role, a.unit_id) for a in db.session.scalars(
        select(RoleAssignment).where(RoleAssignment.person_id == me.id, not_ended_on(uploader.on)))}
    mentoring = set(db.session.scalars(select(Mentorship.mentee_id).where(Mentorship.mentor_id == me.id)))
    errors = []
    for row in rows:
        unit = units.get(row.unit.casefold()) if row.unit is not None else None
        if row.employee_number == me.employee_number:
            new = [role for role in row.roles
                   if (role, None if role is Role.HR else unit.id if unit else -1) not in held]
            if new:
                errors.append(StaffError(row.line, "du kan ikke gi deg selv roller ("
                                         + ", ".join(role.value for role in new)
                                         + "); en annen administrator eller leder må gjøre det.", "roller"))
        mentee = known.get(row.employee_number)
        if row.mentor_number == me.employee_number and (mentee is None or mentee.id not in mentoring):
            errors.append(StaffError(row.line, "du kan ikke gjøre deg selv til mentor; en annen leder må "
                                               "oppnevne mentoren.", "mentor_ansattnr"))
    return errors
