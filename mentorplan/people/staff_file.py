"""The staff file as one step, the same for `import-staff`, the web's preview and its «Bekreft»:
the rows imported (staff_import), then accounts for the people in the file who need one and are
still employed, each with an invitation now or (`invite_now=False`) waiting for the admin's
button in Kontoer.

The preview runs that very step inside a savepoint and rolls it back, so it shows what «Bekreft»
will do (who is new, who changes and how, who has left, which plans start, who is invited) from
the same code, and saves and sends nothing: the messages are sent by the caller after a commit,
and the preview never commits. Flushes; the caller commits (and then sends the invitations).
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from mentorplan.auth.invitations import Invitation, invite_new_accounts, open_accounts
from mentorplan.extensions import db
from mentorplan.models import Kommune, Person, User
from mentorplan.people.staff_csv import StaffRow
from mentorplan.people.staff_import import ImportSummary, import_staff_rows, people_in, summary_text


@dataclass
class StaffImport:
    summary: ImportSummary
    invitations: list[Invitation]  # to be sent after the commit
    waiting: list[User]            # accounts made whose invitation the admin sends from Kontoer


def apply_staff_file(kommune: Kommune, rows: Sequence[StaffRow], on: date, by: Person | None = None,
                     invite_now: bool = True, place: bool = True) -> StaffImport:
    summary = import_staff_rows(kommune, rows, by, on, place)
    people = people_in(kommune, rows, on)
    if invite_now:
        return StaffImport(summary, invite_new_accounts(people, on), [])
    return StaffImport(summary, [], open_accounts(people, on))


@dataclass(frozen=True)
class Named:
    """A person in the preview, and what the file does for them, in words."""
    name: str
    number: str
    what: str


@dataclass(frozen=True)
class StaffPreview:
    lines: list[str]     # the counts, as the import prints them
    changes_anything: bool
    new: list[Named]
    changed: list[Named]
    left: list[Named]
    plans: list[Named]
    invited: list[Named]


def preview_staff_file(kommune: Kommune, rows: Sequence[StaffRow], on: date, by: Person | None,
                       file_name: str) -> StaffPreview:
    """What confirming the file would do, read from doing it and rolling it back. The plans are
    not placed on the turnus (that changes which days, not what starts)."""
    savepoint = db.session.begin_nested()
    try:
        done = apply_staff_file(kommune, rows, on, by, place=False)
        return _described(kommune, rows, done, file_name)
    finally:
        savepoint.rollback()


def _described(kommune: Kommune, rows: Sequence[StaffRow], done: StaffImport, file_name: str) -> StaffPreview:
    summary = done.summary
    by_number = {p.employee_number: p for p in db.session.scalars(select(Person).where(
        Person.kommune_id == kommune.id, Person.employee_number.in_(summary.changes)))}
    deactivated = {user.person_id for user in summary.deactivated}
    return StaffPreview(
        lines=summary_text(summary, file_name, kommune.name).splitlines()[1:],
        changes_anything=summary.changed_anything or bool(done.invitations),
        new=_sorted(Named(p.full_name, p.employee_number, _employment_words(p, rows)) for p in summary.created),
        changed=_sorted(Named(by_number[number].full_name, number, "; ".join(words))
                        for number, words in summary.changes.items()),
        left=_sorted(Named(p.full_name, p.employee_number, _left_words(p, p.id in deactivated)) for p in summary.left),
        plans=_sorted(Named(m.mentee.full_name, m.mentee.employee_number,
                            f"med mentor {m.mentor.full_name} fra {m.start_date:%d.%m.%Y}") for m in summary.started),
        invited=_sorted(Named(i.user.person.full_name, i.user.person.employee_number, i.user.email)
                        for i in done.invitations))


def _sorted(people) -> list[Named]:
    return sorted(people, key=lambda named: (named.name.casefold(), named.number))


def _employment_words(person: Person, rows: Sequence[StaffRow]) -> str:
    """The person's rows: stilling, where, from when (and to when), the roles."""
    parts = []
    for row in (r for r in rows if r.employee_number == person.employee_number):
        if row.unit is None:  # a kommune-wide role, no employment
            parts.append(f"{', '.join(role.value for role in row.roles)} i hele kommunen")
            continue
        where = f"{row.unit}, {row.ward}" if row.ward else row.unit
        until = f" til {row.end_date:%d.%m.%Y}" if row.end_date else ""
        roles = f" ({', '.join(role.value for role in row.roles)})" if row.roles else ""
        parts.append(f"{row.profession.value} ved {where} fra {row.start_date:%d.%m.%Y}{until}{roles}")
    return "; ".join(parts)


def _left_words(person: Person, deactivated: bool) -> str:
    last = max(e.end_date for e in person.employments)
    return (f"siste arbeidsdag {last:%d.%m.%Y}: ingen invitasjon, ingen ny plan"
            + ("; kontoen deaktiveres" if deactivated else ""))
