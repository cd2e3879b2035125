"""The viewer (a person's roles and scopes on a day) and the two answers: 403 for a page the
viewer's roles do not have, 404 for an object outside the viewer's scope."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from flask import abort
from sqlalchemy import exists, select
from sqlalchemy.orm.attributes import set_committed_value

from mentorplan.extensions import db
from mentorplan.models import Mentorship, Person, Role, RoleAssignment, User

T = TypeVar("T")


@dataclass(frozen=True)
class Viewer:
    person_id: int
    kommune_id: int
    roles: frozenset[Role]
    unit_ids: frozenset[int]       # units led as enhetsleder
    ward_ids: frozenset[int]       # wards led as avdelingsleder
    ward_unit_ids: frozenset[int]  # units led as avdelingsleder without a named ward
    mentor_unit_ids: frozenset[int]

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_leader(self) -> bool:
        return bool(self.unit_ids or self.ward_ids or self.ward_unit_ids)

    @property
    def leads_ward(self) -> bool:
        return bool(self.ward_ids or self.ward_unit_ids)


def viewer_for(user: User, today: date) -> Viewer:
    # By the person's id: the person comes with the viewer's own query and is set on the user
    # as loaded, so `user.person` (every page shows the name) needs no query of its own.
    viewer, person = _viewer(user.person_id, today)
    set_committed_value(user, "person", person)
    return viewer


def viewer_for_person(person: Person, today: date) -> Viewer:
    """A person's roles and scopes, also for jobs that act for people who are not logged in."""
    return _viewer(person.id, today)[0]


def _viewer(person_id: int, today: date) -> tuple[Viewer, Person]:
    # One query: the person, their role assignments (none: one row with None) and whether they are a mentee.
    rows = db.session.execute(
        select(Person, RoleAssignment, exists().where(Mentorship.mentee_id == person_id))
        .outerjoin(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(Person.id == person_id)).all()
    person = rows[0][0]
    assignments = [a for _, a, _ in rows if a is not None and a.is_valid(today)]
    roles = {a.role for a in assignments}
    if any(is_mentee for _, _, is_mentee in rows):
        roles.add(Role.MENTEE)

    def ids(role, attribute, *, without_ward=False):
        return frozenset(
            getattr(a, attribute) for a in assignments
            if a.role == role and getattr(a, attribute) is not None and (not without_ward or a.ward_id is None)
        )

    return Viewer(
        person_id=person.id,
        kommune_id=person.kommune_id,
        roles=frozenset(roles),
        unit_ids=ids(Role.ENHETSLEDER, "unit_id"),
        ward_ids=ids(Role.AVDELINGSLEDER, "ward_id"),
        ward_unit_ids=ids(Role.AVDELINGSLEDER, "unit_id", without_ward=True),
        mentor_unit_ids=ids(Role.MENTOR, "unit_id"),
    ), person


def allowed(has_page: bool) -> None:
    """A page the viewer's roles do not have answers 403, before any object is looked at."""
    if not has_page:
        abort(403)


def found(allowed: bool) -> None:
    """An object outside the viewer's scope is as good as missing."""
    if not allowed:
        abort(404)


def in_kommune(viewer: Viewer, record) -> bool:
    """A record of the viewer's own kommune: one kommune's data is never another's."""
    return record.kommune_id == viewer.kommune_id


def load_or_404(model: type[T], record_id: int, *, has_page: bool, in_scope: Callable[[T], bool]) -> T:
    """This id of `model`, in the viewer's scope: 403 when the viewer's roles have no such page
    (decided before anything is read), 404 when the record is missing or outside the scope, so
    that an id tells nothing about records one may not see."""
    allowed(has_page)
    record = db.get_or_404(model, record_id)
    found(in_scope(record))
    return record
