"""Benchmark of issue 3: a Trondheim-size kommune on SQLite and on PostgreSQL (see bench/README.md).

Measures, per database: the turnus import of a whole year (the issue's target: under 30 s), placing
every mentee's whole year (schedule_all, under 5 s), the re-plan after one person's turnus changes
(replan_people, under 0.2 s), and the peak memory of the process (under 1 GB). The staff import is
timed too but has no target.

    .venv/bin/python bench/run.py                                  # SQLite, full scale, one run
    .venv/bin/python bench/run.py --scale 0.1                      # small and quick
    .venv/bin/python bench/run.py --runs 3 --postgres postgresql://user@host:port/postgres
    bench/with-postgres.sh .venv/bin/python bench/run.py --runs 3  # a throwaway PostgreSQL

Each run against each database is its own process (this script with --worker), so every run
starts cold and has its own peak memory; runs alternate between the databases so that the
machine's noise falls on both alike. The data comes from generate.py and is made when missing.
PostgreSQL is given as a server URL (or BENCH_DATABASE_URL); each run creates a fresh database
there and drops it afterwards, so the URL's user needs CREATEDB.
"""
import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

# The targets, for the full scale on this 2-core machine.
TARGETS = {"turnus_import": 30.0, "full_schedule": 5.0, "replan_mentee_median": 0.2, "peak_rss_mb": 1024.0}
WORKER_URL = "BENCH_WORKER_DATABASE_URL"


# --- Orchestration -------------------------------------------------------------------------


def ensure_data(folder: Path, scale: float, year: int, seed: int) -> dict:
    """The generated files for this scale, made (in a separate process) when missing or different."""
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (manifest["scale"], manifest["year"], manifest["seed"]) == (scale, year, seed):
            return manifest
    print(f"generating the kommune into {folder} …", flush=True)
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--scale", str(scale), "--year", str(year),
                    "--seed", str(seed), "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def psycopg_url(url: str) -> str:
    """SQLAlchemy needs the driver named; the project uses psycopg 3 (as config.py does)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class SQLiteTarget:
    label = "sqlite"

    def __enter__(self) -> str:
        self.folder = Path(tempfile.mkdtemp(prefix="mentorplan-bench-sqlite-"))
        return f"sqlite:///{self.folder / 'bench.db'}"

    def __exit__(self, *_) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresTarget:
    """A fresh database on the given server for each run, dropped afterwards."""

    label = "postgresql"

    def __init__(self, server_url: str):
        self.server_url = psycopg_url(server_url)

    def __enter__(self) -> str:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        self.name = f"mentorplan_bench_{os.getpid()}_{time.time_ns() % 10**9}"
        self.engine = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        return make_url(self.server_url).set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *_) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.engine.dispose()


def run_worker(target, data: Path, args, run_index: int) -> dict:
    """One run against one database, in a process of its own."""
    with target as url, tempfile.NamedTemporaryFile(suffix=".json") as result_file:
        # The URL goes by the environment, so that a password never shows in the process list.
        environment = {**os.environ, WORKER_URL: url}
        command = [sys.executable, str(BENCH / "run.py"), "--worker", "--label", target.label,
                   "--data", str(data), "--replans", str(args.replans), "--result", result_file.name]
        if args.profile:
            command += ["--profile", str(args.profile / f"run{run_index + 1}")]
        print(f"run {run_index + 1}/{args.runs}: {target.label} …", flush=True)
        finished = subprocess.run(command, cwd=ROOT, env=environment)
        if finished.returncode != 0:
            return {"label": target.label, "error": f"worker exited with {finished.returncode}"}
        return json.loads(Path(result_file.name).read_text(encoding="utf-8"))


# --- Summarising ---------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarise(results: list[dict]) -> dict:
    """Medians over the runs of one database; re-plans pooled over all runs."""
    good = [r for r in results if "error" not in r]
    if not good:
        return {}

    def phase(name: str, key: str = "seconds") -> float | None:
        return median([r["phases"][name][key] for r in good if key in r["phases"].get(name, {})])

    summary = {name: phase(name) for name in ("migrate", "staff_import", "turnus_import", "full_schedule",
                                              "turnus_reimport")}
    for step in ("read", "check", "write", "commit"):
        summary[f"turnus_import_{step}"] = phase("turnus_import", f"{step}_seconds")
    summary["turnus_import_cpu"] = phase("turnus_import", "cpu_seconds")
    summary["full_schedule_cpu"] = phase("full_schedule", "cpu_seconds")
    for role in ("mentee", "mentor"):
        samples = [s["seconds"] for r in good for s in r["replans"][role]]
        summary[f"replan_{role}_median"] = median(samples)
        summary[f"replan_{role}_max"] = max(samples, default=None)
        summary[f"replan_{role}_samples"] = len(samples)
        summary[f"replan_{role}_import_median"] = median([s["import_seconds"] for r in good
                                                          for s in r["replans"][role]])
    summary["peak_rss_mb"] = max(r["peak_rss_mb"] for r in good)
    summary["peak_rss_after"] = {name: median([r["phases"][name]["peak_rss_mb"] for r in good])
                                 for name in good[0]["phases"]}
    summary["schedule_outcome"] = good[0]["phases"]["full_schedule"]
    summary["outcome_by_kind"] = good[0].get("outcome_by_kind", {})
    summary["server_version"] = good[0]["server_version"]
    summary["runs"] = len(good)
    return summary


def ratios(results: list[dict], key_path: tuple[str, ...]) -> float | None:
    """PostgreSQL ÷ SQLite for one figure, within each run, then the median over the runs."""
    by_run: dict[int, dict] = {}
    for result in results:
        if "error" not in result:
            by_run.setdefault(result["run"], {})[result["label"]] = result
    values = []
    for pair in by_run.values():
        if {"sqlite", "postgresql"} <= set(pair):
            sqlite_value, pg_value = (_dig(pair[name], key_path) for name in ("sqlite", "postgresql"))
            if sqlite_value and pg_value is not None:
                values.append(pg_value / sqlite_value)
    return median(values)


def _dig(result: dict, key_path: tuple[str, ...]):
    if key_path[0] == "replans":
        return median([s["seconds"] for s in result["replans"][key_path[1]]])
    value = result
    for key in key_path:
        value = value.get(key, {}) if isinstance(value, dict) else None
    return value if isinstance(value, (int, float)) else None


ROWS = (  # label, summary key, target key, ratio path
    ("staff import (no target)", "staff_import", None, ("phases", "staff_import", "seconds")),
    ("turnus import, whole year", "turnus_import", "turnus_import", ("phases", "turnus_import", "seconds")),
    ("  read file", "turnus_import_read", None, ("phases", "turnus_import", "read_seconds")),
    ("  check + diff", "turnus_import_check", None, ("phases", "turnus_import", "check_seconds")),
    ("  write", "turnus_import_write", None, ("phases", "turnus_import", "write_seconds")),
    ("  commit", "turnus_import_commit", None, ("phases", "turnus_import", "commit_seconds")),
    ("full schedule (schedule_all)", "full_schedule", "full_schedule", ("phases", "full_schedule", "seconds")),
    ("re-plan one mentee: median", "replan_mentee_median", "replan_mentee_median", ("replans", "mentee")),
    ("re-plan one mentee: max", "replan_mentee_max", None, None),
    ("re-plan one mentor: median", "replan_mentor_median", None, ("replans", "mentor")),
    ("re-plan one mentor: max", "replan_mentor_max", None, None),
    ("re-import the year (no target)", "turnus_reimport", None, ("phases", "turnus_reimport", "seconds")),
    ("peak memory, whole process", "peak_rss_mb", "peak_rss_mb", ("peak_rss_mb",)),
)


def format_value(key: str | None, value) -> str:
    if value is None:
        return "–"
    if key == "peak_rss_mb":
        return f"{value:.0f} MB"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.0f} s" if value == int(value) else f"{value:.2f} s"


def verdict(key: str | None, value, full_scale: bool) -> str:
    if key is None or value is None or not full_scale:
        return ""
    return "met" if value <= TARGETS[key] else "MISSED"


def print_table(summaries: dict[str, dict], results: list[dict], manifest: dict, runs: int) -> None:
    labels = [label for label in ("sqlite", "postgresql") if summaries.get(label)]
    full_scale = manifest["scale"] == 1
    print()
    print(f"mentorplan benchmark — scale {manifest['scale']:g}: {manifest['units']} units, "
          f"{manifest['employees']} employees, {manifest['mentors']} mentors, {manifest['new_hires']} new hires, "
          f"{manifest['turnus_rows']} turnus rows ({manifest['shift_rows']} shifts); "
          f"medians of {runs} run(s)")
    header = f"{'':30}{'target':>8}" + "".join(f"{label:>12}{'':8}" for label in labels)
    print(header + (f"{'PG/SQLite':>10}" if len(labels) == 2 else ""))
    for title, key, target_key, ratio_path in ROWS:
        target = format_value(target_key, TARGETS[target_key]) if target_key else ""
        line = f"{title:30}{target:>8}"
        for label in labels:
            value = summaries[label].get(key)
            line += f"{format_value(key, value):>12} {verdict(target_key, value, full_scale):<7}"
        if len(labels) == 2 and ratio_path:
            ratio = ratios(results, ratio_path)
            line += f"{ratio:>10.2f}" if ratio is not None else f"{'–':>10}"
        print(line)
    if not full_scale:
        print("(the targets are for scale 1; at this scale they are shown, not judged)")
    for label in labels:
        outcome = summaries[label]["schedule_outcome"]
        print(f"{label}: full schedule placed {outcome['scheduled']}, conflicts {outcome['conflicts']}, "
              f"waiting for turnus {outcome['waiting']} in {outcome['plans']} plans; "
              f"re-plan samples: {summaries[label]['replan_mentee_samples']} mentees, "
              f"{summaries[label]['replan_mentor_samples']} mentors")
    if labels:
        print("activities after the full schedule, by kind (first run of " + labels[0] + "):")
        for kind, statuses in sorted(summaries[labels[0]]["outcome_by_kind"].items()):
            print(f"  {kind:16} " + ", ".join(f"{status} {count}" for status, count in sorted(statuses.items())))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "load_average_before": os.getloadavg(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}


# --- Command line --------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full kommune (default 1)")
    parser.add_argument("--runs", type=int, default=1, help="runs per database; medians are reported")
    parser.add_argument("--replans", type=int, default=11, help="re-plans per run, mentees and mentors each")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="PostgreSQL server URL (default: BENCH_DATABASE_URL; none = SQLite only)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--data", type=Path, help="the generated files (default /tmp/mentorplan-bench/scale-S)")
    parser.add_argument("--year", type=int, default=generate.DEFAULT_YEAR)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="result file (default DATA/result.json)")
    parser.add_argument("--profile", type=Path, help="profile each phase with cProfile into this folder "
                                                     "(slower: do not report those timings)")
    # Internal: one run against one database.
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def worker_main(args: argparse.Namespace) -> None:
    import workload  # imports the app: only in the worker, so the parent stays small
    manifest = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))
    result = workload.run(os.environ[WORKER_URL], args.data, manifest, args.replans, args.profile, args.label)
    args.result.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def main() -> None:
    args = parse_args()
    if args.worker:
        return worker_main(args)
    data = args.data or generate.default_folder(args.scale)
    manifest = ensure_data(data, args.scale, args.year, args.seed)
    targets = [] if args.no_sqlite else [SQLiteTarget()]
    if args.postgres:
        targets.append(PostgresTarget(args.postgres))
    if not targets:
        sys.exit("nothing to measure: --no-sqlite without --postgres")
    started, info = datetime.now().astimezone(), machine()
    results = []
    for run_index in range(args.runs):
        for target in targets:
            result = run_worker(target, data, args, run_index)
            result["run"] = run_index
            results.append(result)
    summaries = {target.label: summarise([r for r in results if r["label"] == target.label]) for target in targets}
    print_table(summaries, results, manifest, args.runs)
    output = args.json or data / "result.json"
    output.write_text(json.dumps({
        "command": " ".join([Path(sys.executable).name, *sys.argv]), "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"), "machine": info,
        "manifest": manifest, "targets": TARGETS, "summary": summaries, "runs": results,
        "profiled": bool(args.profile),
    }, indent=2, default=str), encoding="utf-8")
    print(f"result written to {output}")
    if any("error" in r for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
