"""What would bring the missed targets within reach: the product's slow paths against alternatives,
on the same data, in one process, so each ratio is measured in one run (see bench/README.md).

This is NOT the product's code path: the alternatives are sketches of a fix, timed to show what
the fix would be worth, with their results checked against the product's.

    .venv/bin/python bench/what_if.py [--scale 1] [--postgres URL] [--only write|schedule]

write     the turnus import's write of a whole year: apply_turnus_plan as it is, against the
          driver's executemany with values already in the column's stored form (no SQLAlchemy
          bind processing per value), and on PostgreSQL against INSERT … SELECT FROM unnest(arrays)
          and against COPY.
command   `flask import-turnus` of the whole year as a person runs it (through Flask's CLI
          runner): the import, then the re-plan of every changed person it starts itself — on a
          first import that is every plan, the full schedule's work.
schedule  schedule_all as it is, against the same with the conflict suggestions' rest check
          given only the mentee's shifts within nine days of the day it checks (all it can read)
          and to_utc memoised; both together; and, as a floor, without suggestions at all. The
          outcomes of the first three must be identical, and are compared.
"""
import argparse
import functools
import hashlib
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext, redirect_stderr
from datetime import UTC
from io import StringIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run as bench_run  # noqa: E402
import workload  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text, tuple_  # noqa: E402

from mentorplan.commands import resolve_kommune  # noqa: E402
from mentorplan.turnus.cli import import_turnus_command  # noqa: E402
from mentorplan.clock import today  # noqa: E402
from mentorplan.extensions import db  # noqa: E402
from mentorplan.models import PlanActivity, Shift  # noqa: E402
from mentorplan.models.types import utcnow  # noqa: E402
from mentorplan.scheduling import conflicts, greedy, rules  # noqa: E402
from mentorplan.scheduling.service import schedule_all  # noqa: E402
from mentorplan.turnus.applying import apply_turnus_plan  # noqa: E402
from mentorplan.turnus.changes import plan_turnus_import  # noqa: E402
from mentorplan.turnus.reading import read_turnus_file  # noqa: E402

CHUNK = 5000
# rest_problems looks at most 6 days back and 7 ahead (the 7-day windows) plus a night's spill;
# a free period reaching past nine days is over 35 hours whatever lies beyond it.
NEAR_DAYS = 9
SHIFT_COLUMNS = ("person_id", "day", "code", "starts", "ends", "source", "created_at")
ABSENCE_COLUMNS = ("person_id", "day", "kind", "source")


def timed(label: str, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    db.session.commit()
    seconds = time.perf_counter() - started
    print(f"  {label:58} {seconds:7.2f} s", flush=True)
    db.session.remove()
    return seconds


# --- The import's write --------------------------------------------------------------------


def clear_turnus() -> None:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("TRUNCATE shift, absence"))
    else:
        db.session.execute(text("DELETE FROM shift"))
        db.session.execute(text("DELETE FROM absence"))
    db.session.commit()


def stored_rows(plan) -> tuple[list[tuple], list[tuple]]:
    """The plan's new rows as the driver takes them: SQLite stores dates and times as text in
    SQLAlchemy's format; psycopg adapts date and datetime objects itself, in C."""
    now = utcnow().astimezone(UTC).replace(tzinfo=None)
    if db.engine.dialect.name == "sqlite":
        def day(value):
            return value.isoformat()

        def moment(value):
            return value.isoformat(" ", "microseconds")
    else:
        def day(value):
            return value

        def moment(value):
            return value
    shifts = [(person, day(e.day), e.code, moment(e.starts), moment(e.ends), "import", moment(now))
              for person, e in plan.new_shifts]
    absences = [(person, day(e.day), e.absence.value, "import") for person, e in plan.new_absences]
    return shifts, absences


def driver_executemany(plan) -> None:
    marker = "?" if db.engine.dialect.name == "sqlite" else "%s"
    connection = db.session.connection()
    for table, columns, rows in zip(("shift", "absence"), (SHIFT_COLUMNS, ABSENCE_COLUMNS), stored_rows(plan)):
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
        for start in range(0, len(rows), CHUNK):
            connection.exec_driver_sql(sql, rows[start:start + CHUNK])


def postgres_unnest(plan) -> None:
    """One statement per chunk, each column sent as one array."""
    types = {"person_id": "int", "day": "date", "code": "text", "starts": "timestamp", "ends": "timestamp",
             "source": "text", "created_at": "timestamptz", "kind": "text"}
    connection = db.session.connection()
    for table, columns, rows in zip(("shift", "absence"), (SHIFT_COLUMNS, ABSENCE_COLUMNS), stored_rows(plan)):
        arrays = ", ".join(f"%s::{types[c]}[]" for c in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            connection.exec_driver_sql(sql, tuple(list(column) for column in zip(*chunk)))


def postgres_copy(plan) -> None:
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cursor:
        for table, columns, rows in zip(("shift", "absence"), (SHIFT_COLUMNS, ABSENCE_COLUMNS), stored_rows(plan)):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def check_written(plan, sample: int = 2000) -> None:
    """The rows read back through SQLAlchemy are the plan's (a sample, and the count)."""
    count = db.session.scalar(select(db.func.count()).select_from(Shift))
    assert count == len(plan.new_shifts), (count, len(plan.new_shifts))
    step = max(1, len(plan.new_shifts) // sample)
    wanted = {(p, e.day, e.code, e.starts, e.ends) for p, e in plan.new_shifts[::step]}
    keys = [(p, d) for p, d, *_ in wanted]
    found = set(db.session.execute(select(Shift.person_id, Shift.day, Shift.code, Shift.starts, Shift.ends)
                                   .where(tuple_(Shift.person_id, Shift.day).in_(keys))))
    assert wanted <= found, "rows read back differ"
    db.session.remove()


def write_experiment(data: Path) -> dict:
    print("write: the turnus import's write of the whole year (read and checked once, written each way)")
    plan = plan_turnus_import(resolve_kommune(None), read_turnus_file(data / "turnus.csv", today()))
    variants = [("product: apply_turnus_plan", apply_turnus_plan),
                ("driver executemany, values in stored form", driver_executemany)]
    if db.engine.dialect.name == "postgresql":
        variants += [("PostgreSQL: INSERT … SELECT FROM unnest(arrays)", postgres_unnest),
                     ("PostgreSQL: COPY", postgres_copy)]
    variants.append(("product again: apply_turnus_plan", apply_turnus_plan))  # brackets the others
    results = {}
    for label, write in variants:
        clear_turnus()
        results[label] = timed(label, lambda: write(plan))
        check_written(plan)
    return results


# --- The import command, end to end -----------------------------------------------------


def command_experiment(data: Path) -> float:
    print("command: flask import-turnus FILE (import, commit, then re-plan of the changed people)")
    runner = flask_app().test_cli_runner()
    started = time.perf_counter()
    outcome = runner.invoke(import_turnus_command, [str(data / "turnus.csv")])
    seconds = time.perf_counter() - started
    if outcome.exit_code != 0:
        raise SystemExit(f"import-turnus failed: {outcome.output}")
    print(f"  {'flask import-turnus, whole year, first import':58} {seconds:7.2f} s", flush=True)
    print("  " + outcome.output.strip().replace("\n", "\n  "))
    db.session.remove()
    return seconds


def flask_app():
    from flask import current_app
    return current_app._get_current_object()


# --- The full schedule ---------------------------------------------------------------------


def reset_plans() -> None:
    db.session.execute(PlanActivity.__table__.update().where(
        PlanActivity.status.in_(("planned", "scheduled", "conflict"))).values(
        status="planned", scheduled_start=None, scheduled_end=None, partner_id=None, placement_note=None,
        conflict_reason=None, conflict_suggestions=None))
    db.session.commit()


def outcome_fingerprint() -> str:
    rows = db.session.execute(select(
        PlanActivity.id, PlanActivity.status, PlanActivity.scheduled_start, PlanActivity.partner_id,
        PlanActivity.conflict_reason, PlanActivity.conflict_suggestions, PlanActivity.placement_note,
    ).order_by(PlanActivity.id))
    digest = hashlib.sha256("\n".join(map(repr, rows)).encode()).hexdigest()[:16]
    db.session.remove()
    return digest


@contextmanager
def patched(module, name: str, replacement):
    original = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, original)


def windowed_rest_check():
    """Hand rest_problems only the shifts near the day, as _lawful_move could."""
    original = conflicts.rest_problems

    def near(shifts, around, rest):
        return original([s for s in shifts if abs((s.start.date() - around).days) <= NEAR_DAYS], around, rest)
    return patched(conflicts, "rest_problems", near)


def memoised_to_utc():
    return patched(rules, "to_utc", functools.lru_cache(maxsize=None)(rules.to_utc))


@contextmanager
def both():
    with windowed_rest_check(), memoised_to_utc():
        yield


def schedule_experiment() -> dict:
    print("schedule: schedule_all for every plan, from unplaced each time")
    variants = [("product: schedule_all", nullcontext, True),
                ("rest check on the shifts within 9 days", windowed_rest_check, True),
                ("to_utc memoised", memoised_to_utc, True),
                ("both", both, True),
                ("floor: no conflict suggestions at all (not a fix)",
                 lambda: patched(greedy, "suggest_shift_moves", lambda *_: ()), False),
                ("product again: schedule_all", nullcontext, True)]
    results, reference = {}, None
    for label, context, compare in variants:
        reset_plans()
        with context():
            results[label] = timed(label, schedule_all)
        if compare:
            fingerprint = outcome_fingerprint()
            reference = reference or fingerprint
            if fingerprint != reference:
                print(f"  !! {label}: the outcome differs from the product's")
    return results


# --- Command line --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--postgres", default=bench_run.os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--only", choices=("write", "command", "schedule"))
    args = parser.parse_args()
    data = generate.default_folder(args.scale)
    manifest = bench_run.ensure_data(data, args.scale, generate.DEFAULT_YEAR, generate.DEFAULT_SEED)
    targets = [] if args.no_sqlite else [bench_run.SQLiteTarget()]
    if args.postgres:
        targets.append(bench_run.PostgresTarget(args.postgres))
    for target in targets:
        with target as url:
            print(f"== {target.label}, scale {args.scale:g} ==", flush=True)
            app = workload.make_app(url, manifest["year"])
            with app.app_context():
                with redirect_stderr(StringIO()):
                    upgrade()
                workload.import_staff(data / "staff.csv", {})
                db.session.remove()
                if args.only in (None, "write"):
                    write_experiment(data)
                    clear_turnus()
                if args.only in (None, "command", "schedule"):
                    command_experiment(data)  # leaves the year imported and every plan placed
                if args.only in (None, "schedule"):
                    schedule_experiment()
                db.session.remove()
                db.engine.dispose()


if __name__ == "__main__":
    main()
