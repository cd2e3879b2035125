"""Benchmark of issue 5: serving calendar feeds (see bench/README.md, «Calendar feeds»).

Loads the kommune of generate.py (the scheduler benchmark's data) into a fresh SQLite database
(or PostgreSQL with --postgres URL to a database you may fill), places every plan as
`flask schedule` does, then asks for feeds through the product's own feed URL with the Flask test
client, a full GET each time (token lookup, queries, building the iCalendar; no 304):

- one person's feed with a year of activities: the mentor with the most events (8–9 mentees),
  and a mentee;
- the avdeling feed of the busiest avdeling of the data (about 40 employees);
- an avdeling feed for 40 new hires: 40 mentorships moved into one avdeling, the heaviest case.

Wall-clock time is what a client waits; the process's CPU time is printed beside it because this
machine is shared and contention inflates wall-clock (on PostgreSQL the server's CPU is not in it).

    .venv/bin/python bench/feeds.py                  # full scale, SQLite, about 1 minute
    .venv/bin/python bench/feeds.py --scale 0.1      # quick
"""
import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import workload  # noqa: E402
from run import ensure_data  # noqa: E402
from sqlalchemy import func, select, update  # noqa: E402

from mentorplan.extensions import db  # noqa: E402
from mentorplan.feeds import tokens  # noqa: E402
from mentorplan.feeds.ical import _description_line, event_bytes  # noqa: E402
from mentorplan.models import (  # noqa: E402
    Employment,
    FeedKind,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Role,
    RoleAssignment,
    User,
    Ward,
)

TARGETS = {"person": 0.050, "ward": 0.300}


def load(data: Path) -> None:
    details = {}
    started = time.perf_counter()
    workload.import_staff(data / "staff.csv", details)
    workload.import_turnus_file(data / "turnus.csv", details)
    workload.schedule_everyone(details)
    print(f"  loaded and scheduled in {time.perf_counter() - started:.0f} s: {details['plans']} plans, "
          f"{details['scheduled']} activities placed", flush=True)


def events_per_person(column) -> Counter:
    rows = db.session.execute(
        select(column, func.count()).select_from(PlanActivity).join(Plan, PlanActivity.plan_id == Plan.id)
        .join(Mentorship, Plan.mentorship_id == Mentorship.id)
        .where(PlanActivity.calendar_start.is_not(None)).group_by(column))
    return Counter(dict(rows.all()))


def feed_url(person_id: int, kind: FeedKind, ward: Ward | None = None) -> str:
    person = db.session.get(Person, person_id)
    user = db.session.scalar(select(User).where(User.person_id == person_id))
    if user is None:
        user = User(person=person, email=f"bench-{person.employee_number}@bench.invalid")
        db.session.add(user)
        db.session.flush()
    token = tokens.issue(user, kind, ward)
    db.session.commit()
    return f"/kalender/{token}.ics"


def measure(client, url: str, runs: int, cold: bool) -> tuple[list[float], list[float], int]:
    """Full GETs of a feed. Cold: the memo of serialised events is emptied before each request, so
    every event is built anew (a feed nobody has fetched since its events changed)."""
    response = client.get(url)  # the first query plans, the VTIMEZONE
    assert response.status_code == 200, response.status_code
    events = response.data.count(b"BEGIN:VEVENT")
    times, cpu = [], []
    for _ in range(runs):
        if cold:
            event_bytes.cache_clear()
            _description_line.cache_clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
    return times, cpu, events


def ward_with_most_events() -> Ward:
    ward_id = db.session.execute(
        select(Employment.ward_id, func.count()).select_from(PlanActivity)
        .join(Plan, PlanActivity.plan_id == Plan.id).join(Mentorship, Plan.mentorship_id == Mentorship.id)
        .join(Employment, Mentorship.employment_id == Employment.id)
        .where(PlanActivity.calendar_start.is_not(None)).group_by(Employment.ward_id)
        .order_by(func.count().desc()).limit(1)).scalar_one()
    return db.session.get(Ward, ward_id)


def forty_hires_in_one_ward(ward: Ward) -> None:
    """The heaviest avdeling feed: 40 new hires (with their plans) in one avdeling."""
    employment_ids = db.session.scalars(select(Mentorship.employment_id).order_by(Mentorship.id).limit(40)).all()
    db.session.execute(update(Employment).where(Employment.id.in_(employment_ids)).values(ward_id=ward.id))
    db.session.commit()


def report(label: str, client, url: str, runs: int, target: float) -> None:
    cells = []
    for cold in (True, False):
        times, cpu, events = measure(client, url, runs, cold)
        median = statistics.median(times)
        p90 = sorted(times)[int(len(times) * 0.9) - 1]
        verdict = "met" if median < target else "MISSED"
        cells.append(f"{median * 1000:6.1f} / {p90 * 1000:6.1f} / {statistics.median(cpu) * 1000:6.1f} ms {verdict:6}")
    print(f"  {label:46} {events:5}  {cells[0]}  {cells[1]}  {target * 1000:4.0f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--year", type=int, default=generate.DEFAULT_YEAR)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=50, help="requests per feed (default 50)")
    parser.add_argument("--postgres", help="a SQLAlchemy URL of an empty PostgreSQL database to use instead")
    parser.add_argument("--keep", type=Path, help="an SQLite file to load once and reuse in later runs")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the busiest mentor's feed")
    args = parser.parse_args()
    data = generate.default_folder(args.scale)
    ensure_data(data, args.scale, args.year, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        reuse = args.keep is not None and args.keep.exists()
        url = args.postgres or f"sqlite:///{args.keep or Path(folder) / 'feeds.db'}"
        app = workload.make_app(url, args.year)
        app.config["FEED_REQUESTS_PER_MINUTE"] = 1_000_000  # the bench is one client asking again and again
        with app.app_context():
            if not reuse:
                workload.flask_migrate.upgrade()
                load(data)
            client = app.test_client()
            mentor_id, _ = events_per_person(PlanActivity.partner_id).most_common(1)[0]
            mentee_id, _ = events_per_person(Mentorship.mentee_id).most_common(1)[0]
            ward = ward_with_most_events()
            staff = db.session.scalar(select(func.count()).select_from(Employment).where(Employment.ward_id == ward.id))
            leader = db.session.scalar(select(Employment.person_id).where(Employment.ward_id == ward.id).limit(1))
            cases = [
                ("one person's year: the busiest mentor", feed_url(mentor_id, FeedKind.ACTIVITIES), "person"),
                ("one person's year: a mentee", feed_url(mentee_id, FeedKind.ACTIVITIES), "person"),
            ]
            print(f"  {args.runs} requests per feed and mode; wall-clock median / p90 / this process's CPU median")
            print(f"  {'feed':46} {'events':>5}  {'cold (events built anew)':35}  {'warm':35}  target")
            for label, path, target in cases:
                report(label, client, path, args.runs, TARGETS[target])
            if args.profile:
                profile(client, cases[0][1])
            ward_path = ward_feed_path(ward, leader)
            report(f"avdeling, busiest of the data ({staff} people)", client, ward_path, args.runs, TARGETS["ward"])
            forty_hires_in_one_ward(ward)
            report("avdeling with 40 new hires", client, ward_path, args.runs, TARGETS["ward"])


def profile(client, url: str) -> None:
    import cProfile
    import pstats
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [client.get(url) for _ in range(20)])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def ward_feed_path(ward: Ward, person_id: int) -> str:
    """A ward feed token for someone made avdelingsleder of the ward, as the profile page gives one."""
    person = db.session.get(Person, person_id)
    db.session.add(RoleAssignment(person=person, role=Role.AVDELINGSLEDER, kommune_id=person.kommune_id,
                                  unit_id=ward.unit_id, ward_id=ward.id))
    db.session.flush()
    return feed_url(person_id, FeedKind.WARD, ward)


if __name__ == "__main__":
    main()
