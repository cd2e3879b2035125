"""Benchmark of issue 6: the retention report on a national-size employment history.

100 000 employments over ten years (2016–2025) in one kommune of 200 units — the worst case, as
the report reads one kommune — with internal transfers, exits of every kind, mentorships for the
hires after the units started the programme (2021), measured as HR's page computes it: the
database read, the 12-month figures with every breakdown, the Kaplan–Meier curve, the
Aalen–Johansen incidences, the cohort table and the before/after table, with suppression.

    .venv/bin/python bench/retention.py                             # SQLite
    bench/with-postgres.sh .venv/bin/python bench/retention.py      # SQLite and a throwaway PostgreSQL
    .venv/bin/python bench/retention.py --postgres postgresql://USER@HOST:PORT/postgres

The schema comes from the migrations (flask db upgrade), as in production. Reports the median
of --runs timed runs after one warm-up, per database and per question.
"""
import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from config import Config  # noqa: E402
from mentorplan import create_app  # noqa: E402
from mentorplan.extensions import db  # noqa: E402
from mentorplan.models import Employment, Kommune, Mentorship, Person, Unit, UnitType  # noqa: E402
from mentorplan.retention import Question  # noqa: E402
from mentorplan.retention.source import retention_report  # noqa: E402

UNITS = 200
FIRST, LAST = date(2016, 1, 1), date(2025, 12, 31)
PROGRAMME_START = date(2021, 1, 1)
AS_OF = date(2026, 6, 30)
QUESTIONS = {
    "one year of hires (2022)": Question(date(2022, 1, 1), date(2022, 12, 31), 12, AS_OF),
    "all ten years": Question(FIRST, LAST, 12, AS_OF),
}
REASONS = ("frivillig", "frivillig", "frivillig", "arbeidsgiver", "pensjon", "midlertidig_utlopt", "annet")
PROFESSIONS = ("sykepleier",) * 8 + ("vernepleier", "spesialsykepleier", "helsefagarbeider")


def generate(employments: int, seed: int = 6) -> None:
    """Insert the data set with bulk inserts; ids are assigned here so that rows can refer to each other."""
    rng = random.Random(seed)
    db.session.execute(insert(Kommune), [{"id": 1, "name": "Landet"}])
    db.session.execute(insert(Unit), [
        {"id": u, "kommune_id": 1, "name": f"Enhet {u:03d}", "unit_type": UnitType.SYKEHJEM,
         "programme_started_on": PROGRAMME_START if u % 2 else None} for u in range(1, UNITS + 1)])
    people, jobs, mentorships = [], [], []
    span = (LAST - FIRST).days
    person_id = job_id = 0
    while job_id < employments:
        person_id += 1
        people.append({"id": person_id, "kommune_id": 1, "employee_number": str(100000 + person_id),
                       "first_name": "Ansatt", "last_name": str(person_id)})
        start = FIRST + timedelta(days=rng.randrange(span))
        unit = rng.randrange(1, UNITS + 1)
        while job_id < employments:
            job_id += 1
            end, reason = _ending(rng, start)
            jobs.append({"id": job_id, "person_id": person_id, "unit_id": unit, "start_date": start,
                         "end_date": end, "end_reason": reason, "position_percent": rng.choice((100, 80, 50)),
                         "profession": rng.choice(PROFESSIONS), "newly_graduated": rng.random() < 0.5})
            if unit % 2 and start >= PROGRAMME_START and rng.random() < 0.8 and person_id > 1:
                mentorships.append({"mentee_id": person_id, "mentor_id": 1, "employment_id": job_id,
                                    "start_date": start})
            if reason != "intern_overgang":
                break
            start, unit = end + timedelta(days=rng.randint(1, 10)), rng.randrange(1, UNITS + 1)
    for table, rows in ((Person, people), (Employment, jobs), (Mentorship, mentorships)):
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(table), rows[chunk:chunk + 5000])
    db.session.commit()
    print(f"  {len(people)} people, {len(jobs)} employments, {len(mentorships)} mentorships", flush=True)


def _ending(rng: random.Random, start: date):
    draw = rng.random()
    if draw < 0.25:
        days, reason = rng.randint(10, 365), rng.choice(REASONS)
    elif draw < 0.33:
        days, reason = rng.randint(60, 900), "intern_overgang"
    elif draw < 0.6:
        days, reason = rng.randint(366, 3000), rng.choice(REASONS)
    else:
        return None, None
    end = start + timedelta(days=days)
    return (end, reason) if end < AS_OF else (None, None)


def measure(url: str, label: str, employments: int, runs: int) -> dict[str, float]:
    app = create_app(type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
    results = {}
    with app.app_context():
        print(f"{label}: migrating and generating …", flush=True)
        upgrade()
        generate(employments)
        for name, question in QUESTIONS.items():
            timings = []
            for _ in range(runs + 1):
                db.session.expire_all()
                started = time.perf_counter()
                report = retention_report(1, question, None, suppress=True)
                timings.append(time.perf_counter() - started)
                db.session.rollback()
            results[name] = statistics.median(timings[1:])
            total = report.total
            print(f"  {name}: median {results[name] * 1000:.0f} ms over {runs} runs "
                  f"(min {min(timings[1:]) * 1000:.0f}, max {max(timings[1:]) * 1000:.0f}); "
                  f"hired {total.hired}, rate {total.retention_rate:.4f}", flush=True)
        db.session.remove()
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="a PostgreSQL server URL whose user may CREATE DATABASE")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mentorplan-bench-retention-"))
    try:
        measure(f"sqlite:///{folder / 'bench.db'}", "sqlite", args.employments, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.postgres:
        server = make_url(args.postgres.replace("postgresql://", "postgresql+psycopg://", 1))
        name = f"bench_retention_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            measure(server.set(database=name).render_as_string(hide_password=False), "postgresql",
                    args.employments, args.runs)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
