"""Generate a Trondheim-size kommune for the benchmark (see bench/README.md).

Writes into a folder (default /tmp/mentorplan-bench/scale-1; never into the repository):

- staff.csv      the staff CSV of CONTRACT.md: 60 units (helse- og velferdssentre and
                 hjemmetjenester), 2–3 wards each, 6 000 employees, an enhetsleder per unit, an
                 avdelingsleder per ward, two mentors per unit and 500 new hires spread over the
                 year, each with `mentor_ansattnr` so the import starts their mentorship and plan;
- turnus.csv     the turnus CSV of CONTRACT.md for everyone, one calendar year, start and slutt
                 on every working shift (no code table needed), ferie/kurs/sick days on top;
- manifest.json  what was written (counts, year, seed, scale), read by run.py.

The same --seed, --scale and --year give byte-identical files: all randomness comes from one
seeded random.Random, consumed in a fixed order.

Run with the project's venv (it uses `holidays`, a mentorplan dependency):
    .venv/bin/python bench/generate.py [--scale 1.0] [--out DIR]
"""
import argparse
import csv
import json
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import holidays

DEFAULT_OUT = Path("/tmp/mentorplan-bench")
DEFAULT_YEAR = 2027
DEFAULT_SEED = 20180101  # the year the Trondheim pilot took in its first mentees
FULL_UNITS, EMPLOYEES_PER_UNIT, FULL_HIRES = 60, 100, 500
MENTORS_PER_UNIT = 2
FIRST_MONTH = 28  # days a new hire follows the mentor's rotation, so opplæringsvakter can be placed
NIGHT_SHARE = 0.12  # of ordinary staff, on the night rotation
PART_TIME_SHARE = 0.10  # of ordinary staff, at 75 %: a quarter of their weekday shifts are not worked

# Three weeks, Monday first, "" = day off; every third weekend worked; 14 shifts (about 35 h a
# week). No day shift follows an evening, so the rotation keeps the 11 hours' daily rest.
DAY_CYCLE = (
    "D1", "D1", "K1", "", "", "L1", "L1",
    "K1", "K1", "", "D1", "D1", "", "",
    "D1", "D1", "D1", "K1", "K1", "", "",
)
# Night staff: 11 nights in three weeks, never more than three in a row, every third weekend.
NIGHT_CYCLE = (
    "N1", "N1", "N1", "", "", "", "",
    "", "", "N1", "N1", "", "N1", "N1",
    "N1", "", "N1", "N1", "N1", "", "",
)
# Shift times are per unit type, as wards define their own codes; the file carries them.
CENTRE_TIMES = {"D1": ("07:45", "15:15"), "K1": ("15:00", "23:00"), "L1": ("07:45", "20:15"),
                "N1": ("22:45", "07:45")}
HOME_CARE_TIMES = {"D1": ("07:30", "15:00"), "K1": ("15:00", "22:30"), "N1": ("22:15", "07:45")}
OFFICE = ("A1", "08:00", "15:30")  # leaders work weekdays in office hours, not on public holidays
LATE_CODES, EARLY_CODES = {"K1"}, {"D1", "L1"}

DISTRICTS = (
    "Lade", "Tiller", "Byåsen", "Saupstad", "Moholt", "Ila", "Buran", "Heimdal", "Kattem", "Hallset",
    "Nidarvoll", "Risvollan", "Ranheim", "Strinda", "Charlottenlund", "Sjetnan", "Midtbyen", "Østbyen",
    "Lerkendal", "Nardo", "Romolslia", "Øya", "Persaunet", "Bakklandet", "Singsaker", "Rosenborg",
    "Leira", "Flatåsen", "Sverresborg", "Hoeggen", "Kolstad", "Valentinlyst", "Brundalen", "Vikåsen",
    "Stavset", "Havstad", "Lian", "Okstad", "Jakobsli", "Saupstadringen", "Munkvoll", "Klæbu",
)
FIRST_NAMES = (
    "Kari", "Ola", "Ingrid", "Sara", "Nora", "Emma", "Ida", "Maja", "Ane", "Hanne", "Silje", "Marte",
    "Thea", "Julie", "Lene", "Astrid", "Sigrid", "Hilde", "Tone", "Ragnhild", "Mohammed", "Ali", "Jonas",
    "Lars", "Per", "Knut", "Erik", "Magnus", "Henrik", "Sindre", "Amira", "Fatima", "Agnieszka", "Olena",
    "Linh", "Maria", "Elin", "Berit", "Turid", "Solveig",
)
LAST_NAMES = (
    "Nordmann", "Hansen", "Berg", "Ali", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Haugen", "Hagen", "Johannessen",
    "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Lund", "Moen", "Strand", "Solberg", "Aune",
    "Aas", "Brekke", "Sæther", "Vik", "Rønning", "Lie", "Kowalski", "Nguyen", "Hussain", "Khan", "Ahmed",
)
STAFF_COLUMNS = ("ansattnr", "fornavn", "etternavn", "epost", "stilling", "enhet", "avdeling", "startdato",
                 "sluttdato", "sluttaarsak", "stillingsprosent", "nyutdannet", "mentor_ansattnr", "roller")
TURNUS_COLUMNS = ("ansattnr", "dato", "vaktkode", "start", "slutt")
# The national mentor education (MDV6024) meets in two-day sessions; every mentor is on kurs then.
MENTOR_COURSE_WEEKS = (6, 15, 37, 46)


@dataclass
class Unit:
    name: str
    home_care: bool
    wards: list[str]

    @property
    def times(self) -> dict[str, tuple[str, str]]:
        return HOME_CARE_TIMES if self.home_care else CENTRE_TIMES


@dataclass
class Employee:
    number: str
    first_name: str
    last_name: str
    profession: str
    unit: Unit
    ward: str | None
    start: date
    rotation: str = "day"  # day, night or office
    offset_weeks: int = 0
    percent: int = 100
    newly_graduated: bool = False
    roles: tuple[str, ...] = ()
    mentor: "Employee | None" = None
    skipped_positions: frozenset[int] = frozenset()  # cycle days a part-timer does not work
    absences: dict[date, str] = field(default_factory=dict)


@dataclass
class Kommune:
    year: int
    units: list[Unit]
    employees: list[Employee]

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)


# --- The organisation --------------------------------------------------------------------


def make_units(rng: random.Random, count: int) -> list[Unit]:
    """Three centres for every two home-care services, interleaved so a small scale has both."""
    units = []
    for index in range(count):
        district = DISTRICTS[index % len(DISTRICTS)] + ("" if index < len(DISTRICTS) else " sør")
        home_care = index % 5 in (1, 3)
        if home_care:
            wards = [f"Sone {zone}" for zone in ("nord", "sør", "øst")[:rng.choice((2, 3))]]
            units.append(Unit(f"Hjemmetjenesten {district}", True, wards))
        else:
            wards = [f"Avdeling {n}" for n in range(1, rng.choice((2, 3)) + 1)]
            units.append(Unit(f"{district} helse- og velferdssenter", False, wards))
    return units


def hire_starts(rng: random.Random, year: int, count: int) -> list[date]:
    """Start dates spread over the year, on Mondays (a few a week, more in August after graduation)."""
    first = date(year, 1, 4)
    first -= timedelta(days=first.weekday())
    mondays = [first + timedelta(weeks=n) for n in range(52) if (first + timedelta(weeks=n)).year == year]
    weights = [3 if monday.month == 8 else 1 for monday in mondays]
    return sorted(rng.choices(mondays, weights=weights, k=count))


def make_kommune(rng: random.Random, year: int, scale: float) -> Kommune:
    units = make_units(rng, max(1, round(FULL_UNITS * scale)))
    starts = hire_starts(rng, year, max(1, round(FULL_HIRES * scale)))
    hires_per_unit: list[list[date]] = [[] for _ in units]
    for index, start in enumerate(starts):
        hires_per_unit[index % len(units)].append(start)
    employees = []
    for unit_index, unit in enumerate(units):
        numbers = (str(100000 + unit_index * EMPLOYEES_PER_UNIT + n) for n in range(EMPLOYEES_PER_UNIT))
        employees += make_unit_staff(rng, unit, numbers, hires_per_unit[unit_index], year)
    return Kommune(year, units, employees)


def make_unit_staff(rng: random.Random, unit: Unit, numbers: Iterator[str], hire_days: list[date],
                    year: int) -> list[Employee]:
    """One unit's hundred people: leaders, two mentors, the new hires and ordinary staff."""
    def person(profession: str, ward: str | None, start: date, **extra) -> Employee:
        return Employee(next(numbers), rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), profession, unit, ward,
                        start, **extra)

    def veteran_start() -> date:
        return date(1995, 1, 1) + timedelta(days=rng.randrange((date(year - 1, 6, 30) - date(1995, 1, 1)).days))

    staff = [person("sykepleier", None, veteran_start(), rotation="office", roles=("enhetsleder",))]
    staff += [person("sykepleier", ward, veteran_start(), rotation="office", roles=("avdelingsleder",))
              for ward in unit.wards]
    mentors = [person(rng.choice(("sykepleier", "spesialsykepleier")), unit.wards[n % len(unit.wards)],
                      veteran_start(), offset_weeks=n, roles=("mentor",)) for n in range(MENTORS_PER_UNIT)]
    staff += mentors
    for index, start in enumerate(hire_days):
        mentor = mentors[index % len(mentors)]
        staff.append(person(rng.choice(("sykepleier",) * 9 + ("vernepleier",)), mentor.ward,
                            first_day_with_mentor(mentor, start), offset_weeks=rng.randrange(3),
                            newly_graduated=rng.random() < 0.8, mentor=mentor))
    ordinary = EMPLOYEES_PER_UNIT - len(staff)
    for index in range(ordinary):
        profession = rng.choices(("sykepleier", "helsefagarbeider", "annet"), weights=(45, 45, 10))[0]
        night = rng.random() < NIGHT_SHARE
        worker = person(profession, unit.wards[index % len(unit.wards)], veteran_start(),
                        rotation="night" if night else "day", offset_weeks=rng.randrange(3))
        if not night and rng.random() < PART_TIME_SHARE:
            worker.percent = 75
            weekdays = [n for n, code in enumerate(DAY_CYCLE) if code and n % 7 < 5]
            worker.skipped_positions = frozenset(rng.sample(weekdays, len(weekdays) // 4))
        staff.append(worker)
    return staff


def first_day_with_mentor(mentor: Employee, monday: date) -> date:
    """The first weekday of the week the mentor is on a day shift: the avdelingsleder lets the new
    hire start on a day when the start-up conversation and the first training shift can happen."""
    for day in (monday + timedelta(days=n) for n in range(5)):
        if cycle_code(mentor, day) == "D1":
            return day
    return monday


# --- The turnus ----------------------------------------------------------------------------


def cycle_code(person: Employee, day: date, offset_weeks: int | None = None) -> str:
    """The person's rotation code on a day ("" = off), the cycle shifted by whole weeks per person."""
    cycle = NIGHT_CYCLE if person.rotation == "night" else DAY_CYCLE
    weeks = person.offset_weeks if offset_weeks is None else offset_weeks
    position = ((day - date(2000, 1, 3)).days + 7 * weeks) % len(cycle)  # 3 Jan 2000 was a Monday
    if position in person.skipped_positions:
        return ""
    code = cycle[position]
    return "D1" if code == "L1" and person.unit.home_care else code


def planned_codes(person: Employee, kommune: Kommune, public_holidays: set[date]) -> dict[date, str]:
    """The rotation before absences: what the person would work each day of the year."""
    first = max(kommune.first_day, person.start)
    days = [first + timedelta(days=n) for n in range((kommune.last_day - first).days + 1)]
    if person.rotation == "office":
        return {day: OFFICE[0] for day in days if day.weekday() < 5 and day not in public_holidays}
    codes, previous = {}, ""
    for day in days:
        if person.mentor is not None and (day - person.start).days < FIRST_MONTH:
            code = cycle_code(person, day, person.mentor.offset_weeks)
        else:
            code = cycle_code(person, day)
            if previous in LATE_CODES and code in EARLY_CODES:
                code = ""  # where the hire leaves the mentor's rotation: keep the daily rest
        if code:
            codes[day] = code
        previous = code
    return codes


def add_absences(rng: random.Random, person: Employee, kommune: Kommune, planned: dict[date, str]) -> None:
    """Summer ferie for staff in place last year, a winter or autumn week for some, a short sick
    spell for some, and the mentors' course days. Absences lie on planned working days."""
    def mark(days, kind: str) -> None:
        for day in days:
            if day in planned and day not in person.absences:
                person.absences[day] = kind

    def week(iso_week: int, length: int = 7) -> list[date]:
        monday = date.fromisocalendar(kommune.year, iso_week, 1)
        return [monday + timedelta(days=n) for n in range(length)]

    if person.mentor is None:  # new hires have not earned ferie yet
        first_week = rng.randrange(26, 32)
        mark([day for n in range(3) for day in week(first_week + n)], "FE")
        if rng.random() < 0.15:
            mark(week(rng.choice((8, 40))), "FE")
    if "mentor" in person.roles:
        mark([day for iso_week in MENTOR_COURSE_WEEKS for day in week(iso_week, 2)], "KU")
    if rng.random() < 0.25:
        first = kommune.first_day + timedelta(days=rng.randrange(360))
        mark([first + timedelta(days=n) for n in range(rng.randint(1, 3))], "SY")


def turnus_rows(person: Employee, kommune: Kommune, planned: dict[date, str]) -> Iterator[tuple]:
    """The person's rows in date order; an F row on the first and last day of their year when off,
    so the file says it covers the whole year (an import replaces exactly the file's date range)."""
    first = max(kommune.first_day, person.start)
    if first not in planned:
        yield person.number, first.isoformat(), "F", "", ""
    for day, code in planned.items():
        absence = person.absences.get(day)
        if absence:
            yield person.number, day.isoformat(), absence, "", ""
        else:
            start, end = OFFICE[1:] if code == OFFICE[0] else person.unit.times[code]
            yield person.number, day.isoformat(), code, start, end
    if kommune.last_day not in planned:
        yield person.number, kommune.last_day.isoformat(), "F", "", ""


# --- Writing -------------------------------------------------------------------------------


def email(person: Employee) -> str:
    name = f"{person.first_name}.{person.last_name}".lower().replace("æ", "ae").replace("ø", "o")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{ascii_name}.{person.number}@trondheim.example"


def staff_row(person: Employee) -> tuple:
    return (person.number, person.first_name, person.last_name, email(person), person.profession,
            person.unit.name, person.ward or "", person.start.isoformat(), "", "", person.percent,
            "ja" if person.newly_graduated else "nei", person.mentor.number if person.mentor else "",
            ",".join(person.roles))


def write_files(kommune: Kommune, rng: random.Random, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    public_holidays = set(holidays.country_holidays("NO", years=kommune.year))
    with (out / "staff.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\n")
        writer.writerow(STAFF_COLUMNS)
        writer.writerows(staff_row(person) for person in kommune.employees)
    counts = {"shifts": 0, "absences": 0, "days_off": 0}
    with (out / "turnus.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\n")
        writer.writerow(TURNUS_COLUMNS)
        for person in kommune.employees:
            planned = planned_codes(person, kommune, public_holidays)
            add_absences(rng, person, kommune, planned)
            for row in turnus_rows(person, kommune, planned):
                writer.writerow(row)
                counts["shifts" if row[3] else "days_off" if row[2] == "F" else "absences"] += 1
    return counts


def manifest(kommune: Kommune, counts: dict, seed: int, scale: float) -> dict:
    people = kommune.employees
    return {
        "seed": seed, "scale": scale, "year": kommune.year,
        "units": len(kommune.units),
        "home_care_units": sum(unit.home_care for unit in kommune.units),
        "wards": sum(len(unit.wards) for unit in kommune.units),
        "employees": len(people),
        "mentors": sum("mentor" in p.roles for p in people),
        "new_hires": sum(p.mentor is not None for p in people),
        "leaders": sum(p.rotation == "office" for p in people),
        "night_staff": sum(p.rotation == "night" for p in people),
        "turnus_rows": sum(counts.values()),
        "shift_rows": counts["shifts"],
        "absence_rows": counts["absences"],
        "day_off_rows": counts["days_off"],
    }


def generate(out: Path, scale: float = 1.0, year: int = DEFAULT_YEAR, seed: int = DEFAULT_SEED) -> dict:
    rng = random.Random(seed)
    kommune = make_kommune(rng, year, scale)
    counts = write_files(kommune, rng, out)
    result = manifest(kommune, counts, seed, scale)
    (out / "manifest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def default_folder(scale: float) -> Path:
    return DEFAULT_OUT / f"scale-{scale:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full kommune (default 1)")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help=f"the turnus year (default {DEFAULT_YEAR})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="folder to write to (default /tmp/mentorplan-bench/scale-S)")
    args = parser.parse_args()
    out = args.out or default_folder(args.scale)
    print(json.dumps(generate(out, args.scale, args.year, args.seed), indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
