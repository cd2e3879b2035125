"""The demo kommune, modelled on the Trondheim pilot (CONTRACT.md, "Demo logins").

Six units with their leaders and two mentors each (one unit is down to one), and
two dozen new nurses who started over the past 18 months, their plans as far along
as a real programme would be on the given day. Everything is drawn from one seeded
random generator, so the same day always gives the same demo. The builder adds and
flushes; the caller commits.
"""
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from mentorplan.demo import history as demo_history
from mentorplan.demo import programme as demo_programme
from mentorplan.demo import turnus as demo_turnus
from mentorplan.demo.conversations import (
    fill_checklist,
    is_conversation,
    log_demo_conversation,
)
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    Employment,
    EndReason,
    Kommune,
    Mentorship,
    Person,
    PlanActivity,
    Profession,
    Responsible,
    Role,
    RoleAssignment,
    RotationPattern,
    Unit,
    UnitType,
    User,
    Ward,
)
from mentorplan.plans.operations import (
    end_mentorship,
    hand_over,
    kommune_default_template,
    mark_done,
    plan_people,
    start_mentorship,
)
from mentorplan.scheduling.service import schedule_all

DEMO_KOMMUNE = "Demo kommune"
# The demo's published password, for its made-up people only (docs/security-findings.md).
DEMO_PASSWORD = "demo"  # nosec B105
SEED = 2018
HVS, HJEMME = UnitType.HELSE_OG_VELFERDSSENTER, UnitType.HJEMMESYKEPLEIE
SYK, SPES, VERN = Profession.SYKEPLEIER, Profession.SPESIALSYKEPLEIER, Profession.VERNEPLEIER

# Short key → unit name, type and wards. The logins belong to Lade, Avdeling 1.
UNITS = {
    "Lade": ("Lade helse- og velferdssenter", HVS, ("Avdeling 1", "Avdeling 2", "Avdeling 3")),
    "Tiller": ("Tiller helse- og velferdssenter", HVS, ("Avdeling 1", "Avdeling 2")),
    "Byåsen": ("Byåsen helse- og velferdssenter", HVS, ("Avdeling 1", "Avdeling 2", "Skjermet avdeling")),
    "Midtbyen": ("Hjemmetjenesten Midtbyen", HJEMME, ("Sone Nord", "Sone Sør")),
    "Heimdal": ("Hjemmetjenesten Heimdal", HJEMME, ("Sone Øst", "Sone Vest")),
    "Strinda": ("Hjemmetjenesten Strinda", HJEMME, ("Sone Nord", "Sone Sør", "Sone Øst")),
}
# Its second mentor stepped down, so the "fewer than two mentors" warning has something to show.
ONE_MENTOR_UNIT = "Heimdal"
PROGRAMME_MONTHS = 19
LEADERS = (Responsible.AVDELINGSLEDER, Responsible.ENHETSLEDER)


@dataclass(frozen=True)
class Exit:
    after_days: int
    reason: EndReason
    to_unit: str | None = None  # an internal transfer's new unit (its last ward)


@dataclass(frozen=True)
class Hire:
    unit: str
    ward: int
    weeks_ago: int  # negative: starts in the coming weeks
    profession: Profession = SYK
    newly_graduated: bool = True
    mentor: int = 0
    lagging: bool = False  # leaves a few recent activities overdue
    leaving: Exit | None = None
    login: str | None = None
    mentor_on_ferie: bool = False  # the mentor has two weeks of ferie from the start date
    turnus_delay_weeks: int = 0  # no turnus published yet for the first weeks
    handed_over_days_ago: int | None = None  # the mentor went on long-term leave; the other took over


HIRES = (
    Hire("Byåsen", 0, 77, leaving=Exit(400, EndReason.FRIVILLIG)),
    Hire("Midtbyen", 1, 74, newly_graduated=False, mentor=1),
    Hire("Lade", 1, 70, mentor=1, handed_over_days_ago=3),
    Hire("Strinda", 2, 67, VERN, newly_graduated=False),
    Hire("Tiller", 0, 63, leaving=Exit(118, EndReason.FRIVILLIG)),  # left during prøvetid
    Hire("Lade", 0, 60),
    Hire("Heimdal", 0, 56),
    Hire("Midtbyen", 0, 53, leaving=Exit(207, EndReason.INTERN_OVERGANG, to_unit="Lade")),
    Hire("Byåsen", 1, 50, VERN, mentor=1),
    Hire("Strinda", 0, 46, newly_graduated=False, mentor=1, leaving=Exit(272, EndReason.MIDLERTIDIG_UTLOPT)),
    Hire("Tiller", 1, 43, newly_graduated=False, mentor=1, lagging=True),
    Hire("Heimdal", 1, 39, newly_graduated=False),
    Hire("Byåsen", 2, 36),
    Hire("Midtbyen", 1, 32, VERN, mentor=1),
    Hire("Lade", 0, 29, lagging=True),
    Hire("Strinda", 1, 25),
    Hire("Tiller", 0, 22),
    Hire("Heimdal", 0, 18, lagging=True),
    Hire("Byåsen", 0, 14, newly_graduated=False, mentor=1),
    Hire("Lade", 0, 10, lagging=True, login="mentee"),
    Hire("Midtbyen", 0, 5),
    Hire("Strinda", 1, -1, mentor=1, mentor_on_ferie=True),
    Hire("Tiller", 1, -2, VERN, mentor=1, turnus_delay_weeks=2),
    Hire("Heimdal", 1, -4),
    # Last, so that they change nothing drawn above: Lade gets five mentees past three months, so its
    # pulse aggregates show (the other units have fewer and show "<5").
    Hire("Lade", 1, 24),
    Hire("Lade", 1, 17, newly_graduated=False),
)

# Most nurses are women; the name decks keep roughly that share.
FIRST_NAMES = (
    "Ingrid", "Kari", "Marit", "Silje", "Hanne", "Ida", "Nora", "Emma", "Sara", "Ingvild", "Tone",
    "Anne", "Kristin", "Camilla", "Marte", "Hilde", "Guro", "Siri", "Tuva", "Maja", "Thea", "Julie",
    "Line", "Randi", "Berit", "Solveig", "Astrid", "Liv", "Elin", "Heidi", "Lene", "Ragnhild",
    "Synnøve", "Åse", "Mari", "Eline", "Vilde", "Karoline", "Anne-Lise", "Mette", "Birgitte", "Agnieszka",
    "Ole", "Magnus", "Eirik", "Håkon", "Jørgen", "Martin", "Øystein", "Emil",
)
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Andreassen", "Dahl", "Halvorsen",
    "Lund", "Moen", "Strand", "Solberg", "Iversen", "Eide", "Bakken", "Lie", "Aune", "Stene", "Rønning",
    "Grønli", "Sæther", "Husby", "Løvseth", "Fossum", "Wold", "Nygård", "Holm", "Vik", "Nguyen",
    "Ahmed", "Nowak", "Hårstad", "Ness", "Brattli", "Kvål", "Sandvik", "Lien", "Mathisen", "Hoel",
    "Aas", "Haugan", "Engen", "Bjerkan", "Storvik", "Flatmo", "Rise", "Melby", "Haug", "Tangen",
    "Lyngstad", "Estenstad", "Santos",
)
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})


def demo_exists() -> bool:
    return db.session.scalar(select(Kommune.id).where(Kommune.name == DEMO_KOMMUNE)) is not None


@dataclass
class DemoSummary:
    units: int
    wards: int
    people: int
    mentees: int
    left: int
    logins: tuple[str, ...]


def build_demo(today: date) -> DemoSummary:
    """Add the demo kommune as things stand on `today`; the caller checks `demo_exists` and commits."""
    builder = _Builder(today)
    staff = {key: builder.unit_with_staff(key) for key in UNITS}
    lade = staff["Lade"]
    logins = builder.kommune_staff(lade.unit)
    logins |= {"enhetsleder": lade.enhetsleder, "avdelingsleder": lade.avdelingsledere[0],
               "mentor": lade.mentors[0]}
    for hire in HIRES:
        mentee = builder.hire(hire, staff)
        if hire.login:
            logins[hire.login] = mentee
    for key, person in logins.items():
        _add_login(person, f"{key}@demo.no")
    demo_turnus.generate_all(list(builder.patterns.values()), today)
    schedule_all(today=today)
    db.session.flush()
    # Last, with its own random numbers, so that it changes nothing drawn above.
    demo_history.add_history(builder.kommune, [staff[key].unit for key in UNITS], builder.programme_start,
                             today, builder.person)
    db.session.flush()
    demo_programme.add_programme([staff[key].unit for key in UNITS], builder.programme_start, today)
    db.session.flush()
    return DemoSummary(
        units=len(staff), wards=sum(len(s.unit.wards) for s in staff.values()), people=builder.people,
        mentees=len(HIRES), left=sum(1 for h in HIRES if h.leaving), logins=tuple(f"{k}@demo.no" for k in logins),
    )


@dataclass
class _UnitStaff:
    unit: Unit
    enhetsleder: Person
    avdelingsledere: list[Person]
    mentors: list[Person]  # active mentors only


class _Builder:
    def __init__(self, today: date):
        self.today = today
        # Seeded, repeatable demo data, not a secret (docs/security-findings.md).
        self.rng = random.Random(SEED)  # nosec B311
        self.kommune = Kommune(name=DEMO_KOMMUNE)
        db.session.add(self.kommune)
        kommune_default_template(self.kommune)
        self.programme_start = _first_of_month_before(today, PROGRAMME_MONTHS)
        self.numbers = iter(self.rng.sample(range(1000, 100_000), 200))
        self.first_names, self.last_names = _deck(self.rng, FIRST_NAMES), _deck(self.rng, LAST_NAMES)
        self.names: set[tuple[str, str]] = set()
        self.people = 0
        self.patterns: dict[int, RotationPattern] = {}  # person id → their turnus
        self.offsets: dict[int, int] = {}  # mentor id → weeks the cycle is shifted

    def person(self, number: str | None = None) -> Person:
        while (name := (next(self.first_names), next(self.last_names))) in self.names:
            pass
        self.names.add(name)
        self.people += 1
        first, last = name
        person = Person(kommune=self.kommune, employee_number=number or str(next(self.numbers)), first_name=first,
                        last_name=last, email=f"{first}.{last}@demo.no".lower().translate(_ASCII))
        db.session.add(person)
        return person

    def staff_member(self, unit: Unit, ward: Ward | None, role: Role, profession: Profession,
                     role_ward: Ward | None = None, valid_to: date | None = None) -> Person:
        """An experienced employee, hired years ago, holding one role."""
        person = self.person()
        started = date(self.today.year - self.rng.randint(4, 20), self.rng.randint(1, 12), 1)
        db.session.add(Employment(person=person, unit=unit, ward=ward, start_date=started, profession=profession))
        in_unit = role not in (Role.ADMIN, Role.HR)
        db.session.add(RoleAssignment(
            person=person, role=role, kommune=self.kommune, unit=unit if in_unit else None, ward=role_ward,
            valid_from=self.programme_start if role is Role.MENTOR else None, valid_to=valid_to,
        ))
        return person

    def kommune_staff(self, home: Unit) -> dict[str, Person]:
        """The kommune's HR adviser and system administrator (employed at a unit, as the model asks)."""
        return {"admin": self.staff_member(home, None, Role.ADMIN, Profession.ANNET),
                "hr": self.staff_member(home, None, Role.HR, Profession.ANNET)}

    def unit_with_staff(self, key: str) -> _UnitStaff:
        name, unit_type, ward_names = UNITS[key]
        unit = Unit(kommune=self.kommune, name=name, unit_type=unit_type,
                    programme_started_on=self.programme_start, wards=[Ward(name=w) for w in ward_names])
        db.session.add(unit)
        wards = unit.wards
        enhetsleder = self.staff_member(unit, None, Role.ENHETSLEDER, self.rng.choice((SYK, SPES)))
        avdelingsledere = [self.staff_member(unit, w, Role.AVDELINGSLEDER, self.rng.choice((SYK, SYK, SPES)),
                                             role_ward=w) for w in wards]
        first = self.staff_member(unit, wards[0], Role.MENTOR, self.rng.choice((SYK, SYK, SPES)))
        stepped_down = self.today - timedelta(days=80) if key == ONE_MENTOR_UNIT else None
        second = self.staff_member(unit, wards[1], Role.MENTOR, self.rng.choice((SYK, SYK, SPES)),
                                   valid_to=stepped_down)
        mentors = [first] if stepped_down else [first, second]
        db.session.flush()
        demo_turnus.add_code_table(unit)
        for index, mentor in enumerate(mentors):
            self.offsets[mentor.id] = index
            self.patterns[mentor.id] = demo_turnus.pattern(mentor, unit, None, index, self.today - timedelta(weeks=8))
        return _UnitStaff(unit, enhetsleder, avdelingsledere, mentors)

    def hire(self, hire: Hire, staff: dict[str, _UnitStaff]) -> Person:
        """A new nurse with a mentor and a plan, as far along as the demo day says."""
        unit_staff = staff[hire.unit]
        start = _monday(self.today - timedelta(weeks=hire.weeks_ago))
        person = self.person()
        employment = Employment(
            person=person, unit=unit_staff.unit, ward=unit_staff.unit.wards[hire.ward], start_date=start,
            profession=hire.profession, newly_graduated=hire.newly_graduated,
            position_percent=self.rng.choice((100, 100, 100, 80, 75)),
        )
        db.session.add(employment)
        db.session.flush()
        mentor = unit_staff.mentors[hire.mentor % len(unit_staff.mentors)]
        mentorship = start_mentorship(employment, mentor, announce=False)
        if hire.leaving is None:
            self.turnus(hire, person, employment, mentor)
        if hire.leaving is None:
            self.progress(mentorship, self.today, hire.lagging)
            if hire.handed_over_days_ago is not None:
                successor = next(m for m in unit_staff.mentors if m.id != mentor.id)
                hand_over(mentorship, successor, unit_staff.enhetsleder,
                          self.today - timedelta(days=hire.handed_over_days_ago),
                          "Mentoren er i langtidssykmelding.")
        else:
            self.leave(mentorship, hire.leaving, staff)
        return person

    def turnus(self, hire: Hire, person: Person, employment: Employment, mentor: Person) -> None:
        """The new nurse follows the mentor's cycle; the mentor may be away when they start."""
        starts_on = max(employment.start_date, self.today - timedelta(weeks=8))
        starts_on += timedelta(weeks=hire.turnus_delay_weeks)
        self.patterns[person.id] = demo_turnus.pattern(
            person, employment.unit, employment.ward, self.offsets[mentor.id], starts_on)
        if hire.mentor_on_ferie:
            demo_turnus.add_ferie(self.patterns[mentor.id], employment.start_date, 14)

    def leave(self, mentorship: Mentorship, leaving: Exit, staff: dict[str, _UnitStaff]) -> None:
        """End the employment and mentorship; what was still open is cancelled."""
        employment = mentorship.employment
        employment.end_date = employment.start_date + timedelta(days=leaving.after_days)
        employment.end_reason = leaving.reason
        self.progress(mentorship, employment.end_date, lagging=False)
        for activity in mentorship.plan.activities:
            if activity.status.is_open:
                activity.status = ActivityStatus.CANCELLED
        end_mentorship(mentorship, employment.end_date)
        if leaving.to_unit:
            new_unit = staff[leaving.to_unit].unit
            db.session.add(Employment(
                person=employment.person, unit=new_unit, ward=new_unit.wards[-1],
                start_date=employment.end_date + timedelta(days=3), profession=employment.profession,
                newly_graduated=employment.newly_graduated, position_percent=employment.position_percent,
            ))
            db.session.flush()

    def progress(self, mentorship: Mentorship, until: date, lagging: bool) -> None:
        """Mark done what fell due before `until` and some of what is due now; a lagging plan
        keeps one to three recent activities open, overdue."""
        activities = mentorship.plan.activities
        past_due = [a for a in activities if a.due_to < until]
        left_open = _recent_sample(self.rng, past_due, until) if lagging else []
        under_way = [a for a in activities if a.due_from < until <= a.due_to and self.rng.random() < 0.4]
        people = plan_people(mentorship, until)
        chosen = [a for a in past_due if a not in left_open] + under_way
        for activity, on in _completion_dates(self.rng, chosen, until):
            by = people.get(activity.responsible) or mentorship.mentor
            if is_conversation(activity):
                log_demo_conversation(self.rng, mentorship, activity, by, on, self.today)
            else:
                mark_done(activity, by=by, on=on)
        fill_checklist(self.rng, mentorship, until, self.today)


def _recent_sample(rng: random.Random, past_due: list[PlanActivity], until: date) -> list[PlanActivity]:
    recent = [a for a in past_due if a.due_to >= until - timedelta(days=42)] or past_due[-3:]
    return rng.sample(recent, rng.randint(1, min(3, len(recent)))) if recent else []


def _completion_dates(rng: random.Random, activities: list[PlanActivity], until: date):
    """A day inside each activity's window and before `until`, a weekday for leaders;
    activities sharing a window (the opplæringsvakter) fall on different days, in their order."""
    windows = defaultdict(list)
    for activity in activities:
        windows[(activity.due_from, activity.due_to, activity.responsible in LEADERS)].append(activity)
    for (first, due, leader), group in windows.items():
        days = [first + timedelta(days=n) for n in range((min(due, until - timedelta(days=1)) - first).days + 1)]
        if leader:
            days = [d for d in days if d.weekday() < 5] or days
        picked = rng.sample(days, len(group)) if len(group) <= len(days) else rng.choices(days, k=len(group))
        yield from zip(sorted(group, key=lambda a: a.position), sorted(picked), strict=True)


def _deck(rng: random.Random, names: tuple[str, ...]):
    """Names drawn like cards: every name once before any comes again."""
    while True:
        yield from rng.sample(names, len(names))


def _add_login(person: Person, email: str) -> None:
    person.email = email
    user = User(person=person, email=email)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _first_of_month_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, 1)
