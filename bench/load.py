"""Load test: logged-in users of each role hit their main pages on a running server.

    bench/load.py --url http://127.0.0.1:8000 --users 20 --seconds 60
    bench/load.py --url http://127.0.0.1:8001 --url http://127.0.0.1:8002   # users spread over two servers

Each of `--users` threads logs in as one of the demo roles (in turn), then requests that role's
main pages in a loop, each answer read in full, with a think time between requests (`--think`,
seconds, drawn uniformly from 0.5–1.5 × the value; 0 for a closed loop that only measures
queueing), until the time is up. A trivial endpoint of the same app is hit by the same threads in
the same loop, so each page's median can be reported as a ratio to it — the figure that holds
across machines. With `--url` given more than once the users are spread over those servers (app
servers on one database, as behind a load balancer).

The trivial endpoint is the login page asked for by the *logged-in* user (TRIVIAL): it goes
through the same stack as every page — the signed session cookie, the idle-timeout hook (which
writes the cookie anew), Flask-Login's user loader (one query: the user and its session
version), the security headers and the access-log hook — and answers with a redirect to the
start page (not followed), without a template or a domain query. The anonymous login page
(ANONYMOUS: a template and a CSRF token, no query, no user loaded) is measured too, as the
cheaper reference the first runs used. Prints a table (median, p95, errors, ratio per page) and
writes JSON with `--json`. Standard library only.
"""
import argparse
import http.cookiejar
import json
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

LOGIN = "/logg-inn"
TRIVIAL = "/logg-inn (logged in: redirect)"
ANONYMOUS = "/logg-inn (anonymous)"
PAGES = {
    "mentee": ["/", "/min-plan", "/varsler", "/profil"],
    "mentor": ["/", "/mine-menteer", "/varsler"],
    "avdelingsleder": ["/", "/avdeling/", "/avdeling/konflikter", "/avdeling/kommende", "/varsler"],
    "enhetsleder": ["/", "/enhet", "/enhet/{unit}/program", "/avdeling/konflikter", "/stabilitet/"],
    "hr": ["/", "/personer/", "/personer/?side=2", "/personer/?sok=nina", "/stabilitet/"],
    "admin": ["/", "/personer/", "/utboks"],
}
UNIT = re.compile(r'href="/enhet/(\d+)/program"')  # the enhetsleder's first unit, from /enhet
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base: str):
        self.base = base
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)
        self.staying = urllib.request.build_opener(cookies, NoRedirect)

    def get(self, path: str, follow: bool = True) -> tuple[int, bytes]:
        try:
            with (self.opener if follow else self.staying).open(self.base + path, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def log_in(self, email: str, password: str) -> None:
        _, page = self.get(LOGIN)
        token = CSRF.search(page.decode()).group(1)
        data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
        with self.opener.open(self.base + LOGIN, data=data, timeout=30) as response:
            if response.url.endswith(LOGIN):
                raise SystemExit(f"login failed for {email}")


def user_loop(base: str, role: str, domain: str, password: str, until: float, think: float,
              timings, errors, lock, stopped) -> None:
    try:
        pages_in_turn(base, role, domain, password, until, think, timings, errors, lock)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a user who cannot go on is reported, not lost
        with lock:
            stopped.append(f"{role} on {base}: {error!r}")


def pages_in_turn(base: str, role: str, domain: str, password: str, until: float, think: float,
                  timings, errors, lock) -> None:
    session, anonymous = Session(base), Session(base)
    session.log_in(f"{role}@{domain}", password)
    paths = PAGES[role]
    if any("{unit}" in p for p in paths):
        unit = UNIT.search(session.get("/enhet")[1].decode()).group(1)
        paths = [p.replace("{unit}", unit) for p in paths]
    pause = random.Random(hash(role) ^ threading.get_ident())
    while time.monotonic() < until:
        for path in [*paths, TRIVIAL, ANONYMOUS]:
            time.sleep(pause.uniform(0.5, 1.5) * think)
            started = time.perf_counter()
            if path == TRIVIAL:  # a logged-in visitor is sent on from the login page
                status, _ = session.get(LOGIN, follow=False)
                ok = status == 302
            else:
                status, _ = (anonymous.get(LOGIN) if path == ANONYMOUS else session.get(path))
                ok = status == 200
            elapsed = (time.perf_counter() - started) * 1000
            key = path if path in (TRIVIAL, ANONYMOUS) else f"{role} {path}"
            with lock:
                timings[key].append(elapsed)
                if not ok:
                    errors[key] += 1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", action="append", help="a server to load; repeat it for several app servers on "
                        "one database (user n goes to the n-th in turn; default http://127.0.0.1:8000)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--domain", default="demo.no", help="logins are ROLE@DOMAIN (default: the demo's)")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests (default 1)")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--check", action="store_true", help="exit 1 if any request failed")
    args = parser.parse_args()
    urls = args.url or ["http://127.0.0.1:8000"]
    timings, errors, lock, stopped = defaultdict(list), defaultdict(int), threading.Lock(), []
    until = time.monotonic() + args.seconds
    roles = list(PAGES)
    # User n is the (n mod 6)-th role; servers in turn, shifted by one every six users, so that each
    # role's sessions go to every server and even two users use two servers.
    threads = [threading.Thread(target=user_loop, args=(urls[(n + n // len(roles)) % len(urls)], roles[n % len(roles)],
                                                        args.domain, args.password, until, args.think, timings,
                                                        errors, lock, stopped)) for n in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if stopped or not timings[TRIVIAL]:  # the benchmark itself is broken: say so, and fail (CI runs it)
        raise SystemExit("users who could not go on:\n  " + "\n  ".join(stopped or ["all of them"]))
    trivial = statistics.median(timings[TRIVIAL])
    rows = []
    for key in sorted(timings, key=lambda k: (k not in (TRIVIAL, ANONYMOUS), k)):
        values = timings[key]
        rows.append({"page": key, "requests": len(values), "errors": errors[key],
                     "median_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 0.95), 1),
                     "ratio": round(statistics.median(values) / trivial, 2)})
    print(f"{args.users} users on {len(urls)} server(s); ratios are to the median of {TRIVIAL}: {trivial:.1f} ms")
    print(f"{'page':45} {'n':>6} {'err':>4} {'median ms':>10} {'p95 ms':>8} {'× trivial':>9}")
    for row in rows:
        print(f"{row['page']:45} {row['requests']:6} {row['errors']:4} {row['median_ms']:10} {row['p95_ms']:8} "
              f"{row['ratio']:9}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"users": args.users, "servers": urls, "seconds": args.seconds, "think": args.think,
                       "trivial": TRIVIAL,
                       "trivial_median_ms": round(trivial, 2), "rows": rows}, out, indent=1)
    if args.check and sum(errors.values()):
        raise SystemExit(f"--check: {sum(errors.values())} requests failed")


if __name__ == "__main__":
    main()
