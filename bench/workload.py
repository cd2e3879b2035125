"""The measured work against one database, in one process (run.py starts one per database and run,
so each has its own peak memory).

Every phase goes through the product's own functions, as its commands do:
import-staff (parse_staff_csv + import_staff_rows + commit), import-turnus (read_turnus_file +
plan_turnus_import + apply_turnus_plan + commit, i.e. import_turnus split in its two halves so the
time of each shows), schedule (schedule_all + commit) and the re-plan a turnus change triggers
(replan_people + commit). A new session is used for each phase and each re-plan, as a command or
a request would have.
"""
import cProfile
import io
import pstats
import random
import resource
import sys
import time
from contextlib import contextmanager, redirect_stderr
from datetime import date, datetime, time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # config.py lives at the project root, outside the installed package

import flask_migrate  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from config import Config  # noqa: E402
from mentorplan import create_app  # noqa: E402
from mentorplan.commands import resolve_kommune  # noqa: E402
from mentorplan.clock import today  # noqa: E402
from mentorplan.extensions import db  # noqa: E402
from mentorplan.models import (  # noqa: E402
    Absence,
    ActivityKind,
    ActivityStatus,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Shift,
)
from mentorplan.scheduling.service import replan_people, schedule_all  # noqa: E402
from mentorplan.people.staff_csv import decode_staff_file, parse_staff_csv  # noqa: E402
from mentorplan.people.staff_import import import_staff_rows  # noqa: E402
from mentorplan.turnus.csv_file import parse_turnus_csv  # noqa: E402
from mentorplan.turnus.applying import apply_turnus_plan  # noqa: E402
from mentorplan.turnus.changes import plan_turnus_import  # noqa: E402
from mentorplan.turnus.imports import import_turnus  # noqa: E402
from mentorplan.turnus.reading import read_turnus_file  # noqa: E402

KOMMUNE = "Trondheim kommune"
# Activities whose day a changed shift can break: a training shift or a conversation in a shift.
MOVABLE_KINDS = (ActivityKind.OPPLAERINGSVAKT, ActivityKind.MENTORSAMTALE, ActivityKind.SJEKKLISTE)


def peak_rss_mb() -> float:
    """The whole process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Recorder:
    """Times phases (wall and CPU of this process) and, when asked, profiles them with cProfile."""

    def __init__(self, profile_dir: Path | None, label: str):
        self.phases: dict[str, dict] = {}
        self.profile_dir, self.label = profile_dir, label

    @contextmanager
    def phase(self, name: str, profile: bool = True):
        details: dict = {}
        profiler = cProfile.Profile() if self.profile_dir and profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        try:
            yield details
        finally:
            if profiler:
                profiler.disable()
            details.update(seconds=time.perf_counter() - wall, cpu_seconds=time.process_time() - cpu,
                           peak_rss_mb=peak_rss_mb())
            self.phases[name] = details
            if profiler:
                self._dump(name, profiler)

    def _dump(self, name: str, profiler: cProfile.Profile) -> None:
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        stem = self.profile_dir / f"{self.label}-{name.replace(' ', '_')}"
        profiler.dump_stats(f"{stem}.prof")
        text = io.StringIO()
        for order in ("cumulative", "tottime"):
            text.write(f"=== {name} by {order} ===\n")
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(35)
        Path(f"{stem}.txt").write_text(text.getvalue(), encoding="utf-8")


class Laps:
    """Split one phase into steps without leaving it."""

    def __init__(self, details: dict):
        self.details, self.last = details, time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.details[f"{step}_seconds"] = now - self.last
        self.last = now


def make_app(url: str, year: int):
    """The app against the bench database, with today pinned to 1 January so the whole year is ahead."""
    settings = {"SQLALCHEMY_DATABASE_URI": url, "FIXED_TODAY": date(year, 1, 1), "SECRET_KEY": "bench"}
    return create_app(type("BenchConfig", (Config,), settings))


# --- The phases ----------------------------------------------------------------------------


def import_staff(path: Path, details: dict) -> None:
    """As `flask import-staff FILE --kommune NAME` does."""
    rows = parse_staff_csv(decode_staff_file(path.read_bytes()))
    kommune = resolve_kommune(KOMMUNE)
    summary = import_staff_rows(kommune, rows)
    db.session.commit()
    details.update(rows=summary.rows, people=summary.people_created, mentorships=summary.mentorships_started)


def import_turnus_file(path: Path, details: dict) -> set[int]:
    """As `flask import-turnus FILE` does up to its commit. The command then re-plans the changed
    people itself (after_turnus_change); what_if.py times the command whole."""
    laps = Laps(details)
    turnus = read_turnus_file(path, today())
    laps("read")
    kommune = resolve_kommune(None)
    plan = plan_turnus_import(kommune, turnus)
    laps("check")
    summary = apply_turnus_plan(plan)
    laps("write")
    db.session.commit()
    laps("commit")
    details.update(rows=summary.rows, people=summary.people, shifts_added=summary.shifts_added,
                   shifts_changed=summary.shifts_changed, shifts_removed=summary.shifts_removed,
                   absences_added=summary.absences_added,
                   changed_people=len(summary.person_ids), file_mb=round(path.stat().st_size / 2**20, 1))
    return set(summary.person_ids)


def schedule_everyone(details: dict) -> None:
    """As `flask schedule` does: every open activity of every running plan."""
    summary = schedule_all()
    db.session.commit()
    details.update(plans=summary.plans, scheduled=summary.scheduled, kept=summary.kept,
                   conflicts=summary.conflicts, waiting=summary.waiting)


def replan_after_change(number: str, day: date, details: dict) -> None:
    """One person takes a day off (F) where a placed activity was: a one-person, one-day turnus
    import as the upload page or the command does, then the re-plan it triggers, timed apart."""
    started = time.perf_counter()
    turnus = parse_turnus_csv(f"ansattnr;dato;vaktkode;start;slutt\n{number};{day.isoformat()};F;;\n", today())
    summary = import_turnus(resolve_kommune(None), turnus)
    db.session.commit()
    details["import_seconds"] = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    outcome = replan_people(summary.person_ids)
    db.session.commit()
    details.update(seconds=time.perf_counter() - started, cpu_seconds=time.process_time() - cpu,
                   person=number, day=day.isoformat(), shifts_removed=summary.shifts_removed,
                   plans=outcome.plans, scheduled=outcome.scheduled, kept=outcome.kept,
                   conflicts=outcome.conflicts, waiting=outcome.waiting)


# --- Choosing whom to change ---------------------------------------------------------------


def placed_days(role: str) -> dict[str, list[date]]:
    """Future days with a placed training shift or conversation, per mentee or per partner (mentor)."""
    who = Person.employee_number
    query = (select(who, PlanActivity.scheduled_start)
             .join(PlanActivity.plan).join(Plan.mentorship)
             .where(PlanActivity.status == ActivityStatus.SCHEDULED, PlanActivity.kind.in_(MOVABLE_KINDS),
                    PlanActivity.scheduled_start >= datetime.combine(today(), clock_time())))
    if role == "mentee":
        query = query.join(Person, Person.id == Mentorship.mentee_id)
    else:
        query = query.join(Person, Person.id == PlanActivity.partner_id).where(
            PlanActivity.partner_id.in_(select(Mentorship.mentor_id)))
    days: dict[str, list[date]] = {}
    for number, starts in db.session.execute(query):
        days.setdefault(number, []).append(starts.date())
    return days


def choose_changes(role: str, count: int, seed: int) -> list[tuple[str, date]]:
    """`count` different people, each with one day that carries a placed activity; seeded."""
    days = placed_days(role)
    rng = random.Random(f"{seed}-{role}")
    people = rng.sample(sorted(days), min(count, len(days)))
    return [(number, rng.choice(sorted(set(days[number])))) for number in people]


# --- One whole run -------------------------------------------------------------------------


def outcome_by_kind() -> dict[str, dict[str, int]]:
    """How the plans' activities stand, per kind: shows whether the generated turnus is realistic."""
    rows = db.session.execute(select(PlanActivity.kind, PlanActivity.status, func.count())
                              .group_by(PlanActivity.kind, PlanActivity.status))
    outcome: dict[str, dict[str, int]] = {}
    for kind, status, count in rows:
        outcome.setdefault(kind.value, {})[status.value] = count
    return outcome


def table_counts() -> dict:
    return {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in
            (("people", Person), ("plans", Plan), ("activities", PlanActivity), ("shifts", Shift),
             ("absences", Absence))}


def run(url: str, data: Path, manifest: dict, replans: int, profile_dir: Path | None, label: str) -> dict:
    app = make_app(url, manifest["year"])
    recorder = Recorder(profile_dir, label)
    result: dict = {"label": label, "url": url.split("@")[-1], "start_rss_mb": peak_rss_mb()}
    with app.app_context():
        with recorder.phase("migrate", profile=False):
            # Alembic's logging config prints a line per migration; keep the output to the figures.
            with redirect_stderr(io.StringIO()):
                flask_migrate.upgrade()
        result["dialect"] = db.engine.dialect.name  # known once connected
        result["server_version"] = ".".join(map(str, db.engine.dialect.server_version_info or ()))
        with recorder.phase("staff_import") as details:
            import_staff(data / "staff.csv", details)
        db.session.remove()
        with recorder.phase("turnus_import") as details:
            import_turnus_file(data / "turnus.csv", details)
        db.session.remove()
        with recorder.phase("full_schedule") as details:
            schedule_everyone(details)
        db.session.remove()
        result["outcome_by_kind"] = outcome_by_kind()
        result["replans"] = {role: replan_series(recorder, role, replans, manifest["seed"])
                             for role in ("mentee", "mentor")}
        with recorder.phase("turnus_reimport") as details:
            # The monthly case: the turnus system exports the same year again (with the re-plans'
            # one-day changes reverted); the import must diff 1.3 million existing rows.
            import_turnus_file(data / "turnus.csv", details)
        db.session.remove()
        result["counts"] = table_counts()
        db.session.remove()
        db.engine.dispose()
    result["phases"] = recorder.phases
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def replan_series(recorder: Recorder, role: str, count: int, seed: int) -> list[dict]:
    samples = []
    changes = choose_changes(role, count, seed)
    db.session.remove()
    with recorder.phase(f"replan_{role}s"):
        for number, day in changes:
            details: dict = {}
            replan_after_change(number, day, details)
            db.session.remove()
            samples.append(details)
    return samples
