"""Small builders for test data, and `build_world`: a kommune with every role in two units."""
from dataclasses import dataclass, field
from datetime import date

from mentorplan.extensions import db
from mentorplan.models import (
    Employment,
    ConversationKind,
    Kommune,
    Mentorship,
    Person,
    PlanActivity,
    Profession,
    Responsible,
    Role,
    RoleAssignment,
    Unit,
    UnitType,
    User,
    Ward,
)
from mentorplan.checklists.operations import current_checklist, new_checklist_draft
from mentorplan.conversations.operations import ActionSpec, Log, log_conversation
from mentorplan.plans.operations import kommune_default_template, start_mentorship

PASSWORD = "riktig-hest-batteri-stift"
_counter = iter(range(1, 1_000_000))


def kommune(name="Testkommune") -> Kommune:
    k = Kommune(name=name)
    db.session.add(k)
    kommune_default_template(k)
    return k


def unit(k: Kommune, name: str, unit_type=UnitType.HELSE_OG_VELFERDSSENTER, wards=()) -> Unit:
    u = Unit(kommune=k, name=name, unit_type=unit_type, wards=[Ward(name=w) for w in wards])
    db.session.add(u)
    return u


def person(k: Kommune, first="Test", last="Person", email=None, number=None) -> Person:
    p = Person(kommune=k, employee_number=number or str(next(_counter) + 5000),
               first_name=first, last_name=last, email=email)
    db.session.add(p)
    return p


def user(p: Person, email: str, password=PASSWORD) -> User:
    u = User(person=p, email=email)
    u.set_password(password)
    db.session.add(u)
    return u


def employment(p: Person, u: Unit, start: date, ward: Ward | None = None, **kwargs) -> Employment:
    e = Employment(person=p, unit=u, ward=ward, start_date=start,
                   profession=kwargs.pop("profession", Profession.SYKEPLEIER), **kwargs)
    db.session.add(e)
    return e


def assign(p: Person, role: Role, k: Kommune, u: Unit | None = None, w: Ward | None = None) -> RoleAssignment:
    a = RoleAssignment(person=p, role=role, kommune=k, unit=u or (w.unit if w else None), ward=w)
    db.session.add(a)
    return a


@dataclass
class World:
    kommune_id: int
    other_kommune_id: int
    unit_ids: dict[str, int] = field(default_factory=dict)
    ward_ids: dict[str, int] = field(default_factory=dict)
    person_ids: dict[str, int] = field(default_factory=dict)
    mentorship_ids: dict[str, int] = field(default_factory=dict)

    def email(self, key: str) -> str:
        return f"{key}@test.no"


MENTEE_START = date(2026, 9, 7)


def build_world() -> World:
    """Two units in one kommune, and a second kommune, with one login per role and scope.

    Logins are `<key>@test.no`; keys: admin, hr, enhetsleder (unit A), enhetsleder_b,
    avdelingsleder (A, Avdeling 1), avdelingsleder2 (A, Avdeling 2), avdelingsleder_b,
    mentor, mentor2 (A), mentor_b, mentee (A/1, mentor), mentee2 (A/2, mentor2),
    mentee_b (B, mentor_b), hr_other and mentee_other in the other kommune.
    """
    k = kommune()
    other = kommune("Annen kommune")
    unit_a = unit(k, "Lade helse- og velferdssenter", wards=("Avdeling 1", "Avdeling 2"))
    unit_b = unit(k, "Hjemmesykepleien Øst", UnitType.HJEMMESYKEPLEIE, wards=("Sone 1",))
    unit_o = unit(other, "Annet sykehjem", UnitType.SYKEHJEM, wards=("Post 1",))
    db.session.flush()
    ward1, ward2 = unit_a.wards
    ward_b, ward_o = unit_b.wards[0], unit_o.wards[0]
    people: dict[str, Person] = {}

    def staff(key, first, last, kom=k, at_unit=unit_a, at_ward=None, start=date(2015, 1, 5)):
        p = person(kom, first, last, email=f"{key}@test.no")
        user(p, f"{key}@test.no")
        employment(p, at_unit, start, at_ward)
        people[key] = p
        return p

    assign(staff("admin", "Ada", "Admin"), Role.ADMIN, k)
    assign(staff("hr", "Hanne", "Hr"), Role.HR, k)
    assign(staff("enhetsleder", "Eli", "Enhet"), Role.ENHETSLEDER, k, unit_a)
    assign(staff("enhetsleder_b", "Even", "Enhet", at_unit=unit_b), Role.ENHETSLEDER, k, unit_b)
    assign(staff("avdelingsleder", "Anne", "Avdeling", at_ward=ward1), Role.AVDELINGSLEDER, k, w=ward1)
    assign(staff("avdelingsleder2", "Arne", "Avdeling", at_ward=ward2), Role.AVDELINGSLEDER, k, w=ward2)
    assign(staff("avdelingsleder_b", "Aud", "Avdeling", at_unit=unit_b, at_ward=ward_b),
           Role.AVDELINGSLEDER, k, w=ward_b)
    assign(staff("mentor", "Mona", "Mentor", at_ward=ward1), Role.MENTOR, k, unit_a)
    assign(staff("mentor2", "Morten", "Mentor", at_ward=ward2), Role.MENTOR, k, unit_a)
    assign(staff("mentor_b", "Mari", "Mentor", at_unit=unit_b, at_ward=ward_b), Role.MENTOR, k, unit_b)
    assign(staff("hr_other", "Hege", "Annen", kom=other, at_unit=unit_o), Role.HR, other)
    assign(staff("mentor_other", "Mia", "Annen", kom=other, at_unit=unit_o), Role.MENTOR, other, unit_o)

    mentorships = {}
    for key, first, at_unit, at_ward, mentor in (
        ("mentee", "Nina", unit_a, ward1, "mentor"),
        ("mentee2", "Nils", unit_a, ward2, "mentor2"),
        ("mentee_b", "Nora", unit_b, ward_b, "mentor_b"),
        ("mentee_other", "Noah", unit_o, ward_o, "mentor_other"),
    ):
        kom = other if at_unit is unit_o else k
        p = person(kom, first, "Nytilsatt", email=f"{key}@test.no")
        user(p, f"{key}@test.no")
        e = employment(p, at_unit, MENTEE_START, at_ward, newly_graduated=True)
        people[key] = p
        db.session.flush()
        mentorships[key] = start_mentorship(e, people[mentor], announce=False)
    db.session.flush()

    return World(
        kommune_id=k.id, other_kommune_id=other.id,
        unit_ids={"a": unit_a.id, "b": unit_b.id, "other": unit_o.id},
        ward_ids={"1": ward1.id, "2": ward2.id, "b": ward_b.id, "other": ward_o.id},
        person_ids={key: p.id for key, p in people.items()},
        mentorship_ids={key: m.id for key, m in mentorships.items()},
    )


NOTES = "Nina synes nattevaktene er tunge. <b>Fet</b> & fin."
LEADER_NOTES = "Prøvetiden ser bra ut; ønsker kurs i sårstell."


def _activity(mentorship: Mentorship, title: str) -> PlanActivity:
    return next(a for a in mentorship.plan.activities if a.title == title)


def conversations(world: World) -> dict[str, int]:
    """For `mentee` (today must be on or after 18.09.2026): the mentor's first conversation,
    logged on 10.09.2026 with one open agreed action, and the avdelingsleder's oppstartssamtale
    on 07.09.2026; unit A's checklist draft and the first item of the checklist mentee follows."""
    mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
    mentor = db.session.get(Person, world.person_ids["mentor"])
    leader = db.session.get(Person, world.person_ids["avdelingsleder"])
    today = date(2026, 9, 18)
    talk = log_conversation(
        mentorship, ConversationKind.MENTORSAMTALE,
        Log(date(2026, 9, 10), 45, ["turnus, søvn og balanse", "stress og mestring"], NOTES,
            [ActionSpec("Bytte to nattevakter", Responsible.MENTEE, date(2026, 9, 30))]),
        mentor, today, _activity(mentorship, "Første mentorsamtale: bli kjent"))
    leader_talk = log_conversation(
        mentorship, ConversationKind.LEDERSAMTALE,
        Log(date(2026, 9, 7), 60, ["forventninger"], LEADER_NOTES, []),
        leader, today, _activity(mentorship, "Velkomst og oppstartssamtale"))
    unit_a = db.session.get(Unit, world.unit_ids["a"])
    draft = new_checklist_draft(unit_a, db.session.get(Person, world.person_ids["enhetsleder"]))
    item = current_checklist(unit_a).items[0]
    return {"conversation": talk.id, "action": talk.actions[0].id, "leader_conversation": leader_talk.id,
            "checklist_draft_a": draft.id, "item": item.id}
