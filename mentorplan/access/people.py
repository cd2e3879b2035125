"""People and their employment records, and the staff upload."""
from datetime import date

from sqlalchemy import false, or_, select

from mentorplan.access.plans import leader_clause, leads_employment
from mentorplan.access.viewer import Viewer
from mentorplan.models import Employment, Person, Role


def can_view_people(viewer: Viewer) -> bool:
    return viewer.has(Role.HR) or viewer.has(Role.ADMIN)


def people_clause(viewer: Viewer):
    """HR and admin see the people of their own kommune, nobody else's."""
    return Person.kommune_id == viewer.kommune_id if can_view_people(viewer) else false()


def can_view_person(viewer: Viewer, person: Person) -> bool:
    return can_view_people(viewer) and person.kommune_id == viewer.kommune_id


def can_edit_employments(viewer: Viewer) -> bool:
    """HR, and the leaders for the employments they lead, register how employments end and
    change size; admin manages the system, not personnel records."""
    return viewer.has(Role.HR) or viewer.is_leader


def can_edit_employment(viewer: Viewer, employment: Employment) -> bool:
    if viewer.has(Role.HR) and employment.person.kommune_id == viewer.kommune_id:
        return True
    return leads_employment(viewer, employment)


def can_upload_staff(viewer: Viewer) -> bool:
    """The staff CSV on the web: the admin for the whole kommune, an enhetsleder for their units."""
    return viewer.has(Role.ADMIN) or bool(viewer.unit_ids)


def can_upload_for_whole_kommune(viewer: Viewer) -> bool:
    """The admin's staff file covers every unit (and new ones); an enhetsleder's only their own."""
    return viewer.has(Role.ADMIN)


def staff_upload_scope(viewer: Viewer) -> tuple[frozenset[int] | None, bool]:
    """(the units whose rows the viewer may import, None for every unit and new ones; whether the
    rows may give roles that hold in the whole kommune, such as hr)."""
    if can_upload_for_whole_kommune(viewer):
        return None, True
    return frozenset(viewer.unit_ids), False


def can_add_employments(viewer: Viewer) -> bool:
    """Another employment for someone already known (e.g. after a transfer) is HR's to register."""
    return viewer.has(Role.HR)


def people_led(viewer: Viewer, on: date):
    """A select of the people a leader is responsible for: active employments in their scope."""
    return (
        select(Person)
        .join(Employment, Employment.person_id == Person.id)
        .where(leader_clause(viewer), Employment.start_date <= on,
               or_(Employment.end_date.is_(None), Employment.end_date >= on))
        .distinct()
        .order_by(Person.last_name, Person.first_name)
    )
