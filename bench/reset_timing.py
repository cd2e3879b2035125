"""Benchmark of security issue 20: does «Glemt passord» answer sooner for an address that has no account?

POSTs the form to /glemt-passord with the Flask test client, alternating between the address of an
active account and an address with none, and times each answer until the response is returned (the
e-mail is sent after it, when the response is closed, as a WSGI server does; that is not timed).
Prints the median and the 10th and 90th percentiles of each, the ratio of the medians, and the
chance that an answer for the account is slower than one for no account (0.5: the two cannot be
told apart; 1.0: every one is slower).

The throttle is raised out of the way (it would stop issuing links after three requests and so hide
the difference); there is no SMTP server (nothing is sent, a warning is silenced). On a fresh SQLite
file, and on PostgreSQL too when --postgres or BENCH_DATABASE_URL names a server (a fresh database
there per run, dropped afterwards, as run.py does).

    .venv/bin/python bench/reset_timing.py                          # SQLite, 400 requests per address, about 10 s
    bench/with-postgres.sh .venv/bin/python bench/reset_timing.py   # SQLite and a throwaway PostgreSQL
    .venv/bin/python bench/reset_timing.py --requests 5             # CI's tiny run (.ci/run)
"""
import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from run import PostgresTarget, SQLiteTarget  # noqa: E402

from config import Config  # noqa: E402
from mentorplan import create_app  # noqa: E402
from mentorplan.extensions import db  # noqa: E402
from mentorplan.models import Kommune, Person, User  # noqa: E402

KNOWN, UNKNOWN = "kjent@bench.no", "ukjent@bench.no"


def build_app(url: str):
    settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "reset-timing", "SMTP_HOST": None,
                "RESET_REQUESTS_PER_ACCOUNT": 10**9, "RESET_REQUESTS_PER_ADDRESS": 10**9}
    app = create_app(type("BenchConfig", (Config,), settings))
    app.logger.setLevel(logging.ERROR)   # «not sent: SMTP_HOST is not set», once per request
    with app.app_context():
        db.create_all()
        kommune = Kommune(name="Benchkommune")
        person = Person(kommune=kommune, employee_number="1", first_name="Kari", last_name="Kjent")
        db.session.add(User(person=person, email=KNOWN))
        db.session.commit()
    return app


def csrf_token(client) -> str:
    page = client.get("/glemt-passord").get_data(as_text=True)
    return page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]


def measure(app, requests: int, warmup: int) -> dict[str, list[float]]:
    client = app.test_client()
    token = csrf_token(client)
    times = {KNOWN: [], UNKNOWN: []}
    for index in range(warmup + requests):
        for email in ((KNOWN, UNKNOWN) if index % 2 else (UNKNOWN, KNOWN)):
            started = time.perf_counter()
            response = client.post("/glemt-passord", data={"email": email, "csrf_token": token})
            elapsed = time.perf_counter() - started
            response.close()   # the e-mail (not sent: no SMTP_HOST) goes here, after the answer
            assert response.status_code == 200, response.status_code
            if index >= warmup:
                times[email].append(elapsed * 1000)
    return times


def slower_share(slow: list[float], fast: list[float]) -> float:
    """P(a from slow > b from fast), ties counting half: the Mann–Whitney U over len(slow)·len(fast)."""
    wins = sum((a > b) + 0.5 * (a == b) for a in slow for b in fast)
    return wins / (len(slow) * len(fast))


def report(times: dict[str, list[float]], label: str) -> None:
    print(f"reset timing on {label}, {len(times[KNOWN])} requests per address")
    for name, email in (("account", KNOWN), ("no account", UNKNOWN)):
        values = sorted(times[email])
        deciles = statistics.quantiles(values, n=10) if len(values) > 1 else values * 9
        print(f"  {name:<11} median {statistics.median(values):6.2f} ms   p10 {deciles[0]:6.2f} ms   "
              f"p90 {deciles[-1]:6.2f} ms")
    ratio = statistics.median(times[KNOWN]) / statistics.median(times[UNKNOWN])
    print(f"  ratio of medians (account / no account): {ratio:.2f}")
    print(f"  P(an answer for the account is slower): {slower_share(times[KNOWN], times[UNKNOWN]):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="timed requests per address (default 400)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per address first (default 20)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="PostgreSQL server URL (default: BENCH_DATABASE_URL; none = SQLite only)")
    args = parser.parse_args()
    for target in [SQLiteTarget(), *([PostgresTarget(args.postgres)] if args.postgres else [])]:
        with target as url:
            app = build_app(url)
            try:
                report(measure(app, args.requests, args.warmup), target.label)
            finally:
                with app.app_context():
                    db.engine.dispose()


if __name__ == "__main__":
    main()
