"""Concurrent writers on SQLite under `make run` (issue 22): do they see `database is locked`?

    .venv/bin/python bench/writers.py                       # 16 users, 60 s
    .venv/bin/python bench/writers.py --users 2 --seconds 3 # the CI smoke run

Starts the app the way `make run` does, in a temp dir: a fresh SQLite file, `flask db upgrade`,
`flask demo`, the reminder scheduler beside it, and `flask --app wsgi run` (Werkzeug's threaded
development server) on a free port, with MENTORPLAN_CONFIG=development. The servers' stderr goes to
files. Then `--users` threads each log in as one of the demo roles in turn (several sessions may
share a login) and write through the real forms, each POST after a GET of the page that holds its
form (the CSRF token and the current values come from there), the next step as soon as the last is
answered (`--think` adds a pause) until `--seconds` have passed:

  mentee           ticks their own checklist items on and off, writes a preparation for a planned
                   conversation, changes which e-mails they get
  mentor           signs checklist items off and on, logs a conversation outside the plan, marks a
                   plan activity done
  avdelingsleder,  registers a day or two of absence for someone they lead (which re-plans that
  enhetsleder      person's plans) and removes it again
  hr               adds a retention benchmark and deletes it again, changes which e-mails they get
  admin            changes which e-mails they get, marks their notifications read

Sessions that share a login take turns over the rows (checklist items, activities), each user's
absences fall on days of its own and it removes only what it added, so two users never write the
same row at once: what is measured is the database's locking, not the app's answer to a double
submission. Counts every request, the answers of 500 or more, the POSTs not saved (the form shown
again with its errors, or the page it redirects to showing an error), and the errors saying
`database is locked` in the servers' logs; prints medians of latency, and writes JSON with
`--json` (`--logs DIR` keeps the logs). Exits 1 when it could not write at all (a form it looks for
has gone: the benchmark has rotted), and with `--check` on any 5xx or lock error too. Standard
library only (the app runs in its own processes).
"""
import argparse
import html
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Session, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]  # the venv's flask, as `make run` uses
ROLES = ["mentee", "mentor", "avdelingsleder", "enhetsleder", "hr", "admin"]
LOCKED = "database is locked"
# Where a log record begins: Flask's «[date] LEVEL in …», the scheduler's «date time name LEVEL …»,
# Werkzeug's access lines. A traceback belongs to the record above it.
RECORD = re.compile(r"^(?=\[\d{4}-|\d{4}-\d\d-\d\d |\d+\.\d+\.\d+\.\d+ - )", re.M)


class Forms(HTMLParser):
    """The POST forms of a page: each one's action and the fields a browser would send unchanged."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path, self.forms, self.form, self.select, self.textarea = path, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option" and self.form is not None and self.select:
            self.form["options"][self.select].append(a.get("value", ""))
            field = next(f for f in reversed(self.form["fields"]) if f[0] == self.select)
            if field[1] is None or "selected" in a:  # the first option, unless another is selected
                field[1] = a.get("value", "")
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = {"action": a.get("action") or self.path, "fields": [], "options": defaultdict(list)}
            self.forms.append(self.form)
        elif self.form is None or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.form["fields"].append([a["name"], a.get("value") or ""])
            if a.get("type") in ("checkbox", "radio"):
                self.form["options"][a["name"]].append(a.get("value") or "on")
        elif tag == "select":
            self.select = a["name"]
            self.form["fields"].append([a["name"], None])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.form["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None



def forms_on(path: str, html: str) -> list[dict]:
    parser = Forms(path)
    parser.feed(html)
    return parser.forms


class Writer:
    """One logged-in user writing through the forms; every request is recorded."""

    def __init__(self, base: str, role: str, number: int, users: int, record):
        self.session, self.role, self.number, self.users, self.record = Session(base), role, number, users, record
        # The sessions sharing this role's login (users n, n + 6, …): each takes its own share of the
        # rows, so that two of them never write the same row at once.
        self.slot, self.slots = number // len(ROLES), len(range(ROLES.index(role), users, len(ROLES)))
        self.random = random.Random(number)
        self.session.log_in(f"{role}@demo.no", "demo")
        self.mine: list = []  # what this user added and will remove again

    def get(self, path: str) -> str:
        started = time.perf_counter()
        status, body = self.session.get(path)
        self.record("GET", path, status, time.perf_counter() - started, None if status == 200 else f"HTTP {status}")
        return body.decode()

    def post(self, action: str, form: dict, changes: dict | None = None) -> bool:
        fields = [(k, v) for k, v in form["fields"] if k not in (changes or {})]
        for key, value in (changes or {}).items():
            fields += [(key, v) for v in (value if isinstance(value, list) else [value])]
        data = urllib.parse.urlencode([(k, v or "") for k, v in fields]).encode()
        started = time.perf_counter()
        try:
            with self.session.staying.open(self.session.base + form["action"], data=data, timeout=60) as answer:
                status, location, body = answer.status, None, answer.read()
        except urllib.error.HTTPError as error:  # a redirect, not followed, lands here too
            status, location, body = error.code, error.headers.get("Location"), error.read()
        seconds, why = time.perf_counter() - started, f"HTTP {status}"
        if status in (302, 303) and location:
            # Where the browser goes next, as a browser would; a refusal is flashed there as an error.
            page = self.get(urllib.parse.urlsplit(location)._replace(scheme="", netloc="").geturl())
            refusal = re.search(r'data-color="danger"[^>]*>\s*<p[^>]*>([^<]*)', page)
            why = html.unescape(refusal.group(1)) if refusal else None
        elif status == 200:
            refusal = re.search(r'class="ds-error-summary".*?<li>(?:<a[^>]*>)?([^<]*)', body.decode(), re.S)
            why = html.unescape(refusal.group(1)) if refusal else "the form again"
        self.record("POST", action, status, seconds, why)
        return why is None

    def share(self, rows: list) -> list:
        return rows[self.slot::self.slots]

    def form(self, path: str, action: str = "", shared: bool = False) -> dict | None:
        candidates = [f for f in forms_on(path, self.get(path)) if re.fullmatch(action or re.escape(path), f["action"])]
        candidates = self.share(candidates) if shared else candidates
        return self.random.choice(candidates) if candidates else None

    def links(self, path: str, pattern: str) -> list[str]:
        return sorted(set(re.findall(pattern, self.get(path))))

    # --- what each role writes -------------------------------------------------------------------

    def mentee(self):
        plan = self.links("/min-plan", r'href="(/plan/\d+)/sjekkliste"')[0]
        yield lambda: self.toggle_checklist_item(plan)
        yield self.prepare
        if self.slot == 0:  # one session per login: the settings are one row per account
            yield self.email_settings

    def mentor(self):
        plans = self.links("/mine-menteer", r'href="(/plan/\d+)"')
        yield lambda: self.toggle_checklist_item(self.random.choice(plans))
        yield lambda: self.log_conversation(self.random.choice(plans))
        yield lambda: self.mark_done(self.random.choice(plans))

    def avdelingsleder(self):
        yield self.register_absence
        yield self.remove_absence

    enhetsleder = avdelingsleder

    def hr(self):
        yield self.add_benchmark
        yield self.delete_benchmark
        if self.slot == 0:
            yield self.email_settings

    def admin(self):
        yield self.read_notifications
        if self.slot == 0:
            yield self.email_settings

    def toggle_checklist_item(self, plan: str):
        form = self.form(f"{plan}/sjekkliste", rf"{plan}/sjekkliste/\d+", shared=True)
        if form:
            self.post("checklist mark", form)

    def prepare(self):
        links = self.share(self.links("/min-plan", r'href="(/aktivitet/\d+/forberedelse)"'))
        if links:
            path = self.random.choice(links)
            form = self.form(path)
            if form:
                self.post("conversation preparation", form, {"preparation": f"Forberedelse {time.time():.3f}"})

    def email_settings(self):
        form = self.form("/varsler/innstillinger")
        if form:
            kinds = form["options"]["email_kinds"]
            self.post("e-mail settings", form, {"email_kinds": self.random.sample(kinds, len(kinds) // 2)})

    def read_notifications(self):
        form = self.form("/varsler", "/varsler/lest")
        if form:
            self.post("notifications read", form)

    def log_conversation(self, plan: str):
        form = self.form(f"{plan}/samtale/ny")
        if form:
            topics = form["options"]["topics"]
            self.post("conversation logged", form, {"held_on": date.today().isoformat(), "duration_minutes": "30",
                                                    "topics": self.random.sample(topics, min(2, len(topics))),
                                                    "notes": f"Skrevet av bench/writers.py, bruker {self.number}"})

    def mark_done(self, plan: str):
        form = self.form(plan, r"/aktivitet/\d+/utfort", shared=True)
        if form:
            self.post("activity done", form)

    def register_absence(self):
        form = self.form("/avdeling/fravaer/")
        people = [p for p in form["options"]["person_id"] if p not in ("", "0")]
        # A day of this user's own (day ≡ user mod users), so no two users register the same day.
        first = last = date.today() + timedelta(days=1 + self.number + self.users * self.random.randint(0, 8))
        person = self.random.choice(people)
        if self.post("absence registered", form, {"person_id": person, "kind": self.random.choice(["FE", "KU", "SY"]),
                                                  "first_day": first.isoformat(), "last_day": last.isoformat()}):
            self.mine.append((person, first.isoformat(), last.isoformat()))

    def remove_absence(self):
        if not self.mine:
            return
        person, first, last = self.mine.pop()
        form = self.form("/avdeling/fravaer/", "/avdeling/fravaer/slett")
        if form:
            self.post("absence removed", form, {"person_id": person, "first": first, "last": last})

    def add_benchmark(self):
        form = self.form("/stabilitet/referanser")
        label = f"Bench {self.number} {time.time():.3f}"
        if self.post("benchmark added", form, {"label": label, "months": "12", "percent": "80",
                                                "source": "bench/writers.py"}):
            self.mine.append(label)

    def delete_benchmark(self):
        if not self.mine:
            return
        label = self.mine.pop()
        page = self.get("/stabilitet/referanser")
        row = next((r for r in page.split("<tr")[1:] if label in r), None)
        forms = forms_on("/stabilitet/referanser", row or "")
        if forms:
            self.post("benchmark deleted", forms[0])


def user_loop(base: str, role: str, number: int, users: int, until: float, think: float, record) -> None:
    for attempt in range(5):  # a login also writes (throttling, the session), so it may meet a lock too
        try:
            writer = Writer(base, role, number, users, record)
            break
        except SystemExit:
            time.sleep(0.5)
    else:
        record("BENCH", f"{role} could not log in", 0, 0, "login failed five times")
        return
    steps = list(getattr(writer, role)())
    pause = random.Random(-number)
    turn = number
    while time.monotonic() < until:
        step = steps[turn % len(steps)]
        try:
            step()
        except Exception as error:  # noqa: BLE001 - a page without its form: the benchmark has rotted
            record("BENCH", getattr(step, "__name__", role), 0, 0, repr(error))
        turn += 1
        time.sleep(pause.uniform(0.5, 1.5) * think)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def development_server(work: Path):
    """`make run` in a temp dir: migrations, the demo, the scheduler and the development server."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'mentorplan.db'}", "MENTORPLAN_CONFIG": "development",
           "SECRET_KEY": "writers-bench", "FLASK_DEBUG": "0"}
    env.pop("SMTP_HOST", None)
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run(FLASK + command, cwd=ROOT, env=env, check=True, capture_output=True)
    logs = {name: open(work / f"{name}.log", "w", encoding="utf-8") for name in ("server", "scheduler")}
    processes = [subprocess.Popen(FLASK + ["scheduler"], cwd=ROOT, env=env, stdout=logs["scheduler"],
                                  stderr=subprocess.STDOUT),
                 subprocess.Popen(FLASK + ["run", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                                  stdout=logs["server"], stderr=subprocess.STDOUT)]
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                Session(base).get("/logg-inn")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the development server did not answer; see {work / 'server.log'}")
        yield base
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
        for log in logs.values():
            log.close()


def locked_errors(log: str) -> int:
    """Log records (a traceback shows the message twice: sqlite3's and SQLAlchemy's) that say it."""
    return sum(LOCKED in record for record in RECORD.split(log))


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def report(samples: list[tuple], logs: dict[str, str], args) -> dict:
    kinds, refusals = defaultdict(list), Counter()
    for method, label, status, ms, why in samples:
        kinds[(method, label if method == "POST" else "(pages)")].append((status, ms, why))
        if why is not None:
            refusals[f"{method} {label}: {why}"[:150]] += 1
    rows = [{"method": method, "what": label, "requests": len(rs), "5xx": sum(s >= 500 for s, _, _ in rs),
             "not_done": sum(why is not None for _, _, why in rs), "median_ms": median([ms for _, ms, _ in rs]),
             "p95_ms": round(percentile([ms for _, ms, _ in rs], 0.95), 1)}
            for (method, label), rs in sorted(kinds.items()) if method != "BENCH"]
    posts = [s for s in samples if s[0] == "POST"]
    return {"users": args.users, "seconds": args.seconds, "think": args.think,
            "requests": sum(s[0] != "BENCH" for s in samples), "posts": len(posts),
            "5xx": sum(s[2] >= 500 for s in samples), "posts_not_saved": sum(s[4] is not None for s in posts),
            "bench_failures": sum(s[0] == "BENCH" for s in samples),
            "database_is_locked": {name: locked_errors(text) for name, text in logs.items()},
            "median_ms": {"all": median([s[3] for s in samples if s[0] != "BENCH"]),
                          "post": median([s[3] for s in posts]),
                          "get": median([s[3] for s in samples if s[0] == "GET"])},
            "rows": rows, "refusals": dict(refusals.most_common())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0,
                        help="mean seconds a user waits after each write (default 0: the next write as soon as "
                             "the last one is answered, the worst a ward can do)")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--logs", help="keep the servers' logs in this folder")
    parser.add_argument("--check", action="store_true", help="exit 1 on any 5xx or «database is locked»")
    args = parser.parse_args()
    samples, lock = [], threading.Lock()

    def record(method, label, status, seconds, why):
        with lock:
            samples.append((method, label, status, seconds * 1000, why))

    with tempfile.TemporaryDirectory(prefix="mentorplan-writers.") as tmp:
        work = Path(tmp)
        with development_server(work) as base:
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=user_loop, args=(base, ROLES[n % len(ROLES)], n, args.users, until,
                                                                args.think, record)) for n in range(args.users)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        logs = {name: (work / f"{name}.log").read_text(encoding="utf-8") for name in ("server", "scheduler")}
        if args.logs:
            for name in logs:
                shutil.copy(work / f"{name}.log", Path(args.logs) / f"writers-{name}.log")
    result = report(samples, logs, args)
    locked = result["database_is_locked"]
    print(f"{args.users} users writing for {args.seconds:g} s on SQLite through `flask run`: "
          f"{result['requests']} requests ({result['posts']} POSTs), {result['5xx']} answers of 5xx, "
          f"«{LOCKED}» {locked['server']} times in the server's log and {locked['scheduler']} in the scheduler's")
    print(f"median latency: POST {result['median_ms']['post']} ms, page GET {result['median_ms']['get']} ms; "
          f"{result['posts_not_saved']} POSTs not saved")
    print(f"{'method':6} {'what':28} {'n':>6} {'5xx':>4} {'not done':>8} {'median ms':>10} {'p95 ms':>8}")
    for row in result["rows"]:
        print(f"{row['method']:6} {row['what']:28} {row['requests']:6} {row['5xx']:4} {row['not_done']:8} "
              f"{row['median_ms']:10} {row['p95_ms']:8}")
    for why, count in result["refusals"].items():
        print(f"  {count:4} × {why}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=1)
    # A benchmark that cannot do its work fails (CI runs it to keep it working); --check also fails
    # on what it measures, so CI holds SQLite to no error page and no lock error.
    if result["bench_failures"] or not result["posts"] or result["posts_not_saved"] == result["posts"]:
        raise SystemExit("the benchmark could not write (see the refusals above)")
    if args.check and (result["5xx"] or locked["server"] or locked["scheduler"]):
        raise SystemExit(f"--check: {result['5xx']} answers of 5xx, «{LOCKED}» {sum(locked.values())} times")

if __name__ == "__main__":
    main()
