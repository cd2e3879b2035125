"""Logins for the load test on the generated kommune: `<role>@bench.no`, password `bench`.

The mentee of a running plan, its mentor, the avdelingsleder of its ward and the enhetsleder of
its unit; HR and admin roles are given to two ordinary employees (the staff CSV has none). Whoever
has an account already (import-staff makes them) keeps it, with the bench's address and password.
Run with the environment of the database (DATABASE_URL) after import-staff.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from config import from_environment  # noqa: E402
from mentorplan import create_app  # noqa: E402
from mentorplan.clock import today  # noqa: E402
from mentorplan.extensions import db  # noqa: E402
from mentorplan.models import Mentorship, Person, Role, RoleAssignment, User  # noqa: E402

PASSWORD = "bench"


def leader(role: Role, **where) -> Person:
    return db.session.scalars(select(Person).join(RoleAssignment, RoleAssignment.person_id == Person.id)
                              .where(RoleAssignment.role == role, *[getattr(RoleAssignment, k) == v
                                                                    for k, v in where.items()])).first()


def give_login(person: Person, email: str) -> None:
    """The person's account, with the bench's address and password; made here only if import-staff
    made none (it makes one, invited, for everyone with an e-mail address and a role or a mentorship)."""
    user = db.session.scalar(select(User).where(User.person_id == person.id)) or User(person=person)
    user.email, user.is_enabled = email, True
    user.set_password(PASSWORD)
    db.session.add(user)


def main() -> None:
    app = create_app(from_environment())
    with app.app_context():
        day = today()
        mentorship = db.session.scalars(select(Mentorship).where(Mentorship.start_date <= day)
                                        .order_by(Mentorship.start_date.desc())).first()
        employment = mentorship.employment
        ordinary = db.session.scalars(select(Person).where(~Person.id.in_(select(RoleAssignment.person_id)))
                                      .order_by(Person.id).limit(2)).all()
        kommune = mentorship.mentee.kommune
        for person, role in zip(ordinary, (Role.HR, Role.ADMIN)):
            db.session.add(RoleAssignment(person=person, role=role, kommune=kommune))
        people = {"mentee": mentorship.mentee, "mentor": mentorship.mentor,
                  "avdelingsleder": leader(Role.AVDELINGSLEDER, ward_id=employment.ward_id),
                  "enhetsleder": leader(Role.ENHETSLEDER, unit_id=employment.unit_id),
                  "hr": ordinary[0], "admin": ordinary[1]}
        for role, person in people.items():
            give_login(person, f"{role}@bench.no")
        db.session.commit()
        print(f"logins <role>@bench.no / {PASSWORD}; the mentee's plan started {mentorship.start_date:%d.%m.%Y}")


if __name__ == "__main__":
    main()
