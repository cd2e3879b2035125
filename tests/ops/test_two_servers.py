"""Two app servers on one database, as behind a load balancer (docs/deploy.md): a turnus file
previewed on one is confirmed on the other, and the calendar-feed rate limit counts the requests
to both. Each server is the real app in werkzeug's threaded server on a free port, with an instance
folder of its own that must stay unwritten. The database is built by the migrations: one SQLite
file, or (with DATABASE_URL) a scratch PostgreSQL database."""
import re
import threading
from datetime import date

import pytest
import requests
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from config import TestConfig
from mentorplan import create_app
from mentorplan.extensions import db
from mentorplan.models import Person, Shift

from tests import factories
from tests.conftest import CSRF, scratch_database

FEED_LIMIT = 6
HEADER = "ansattnr;dato;vaktkode;start;slutt"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]+)"')
FEED_PATH = re.compile(r'value="https?://[^/"]+(/kalender/[A-Za-z0-9_-]{43}\.ics)"')


class Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture
def shared_url(tmp_path):
    with scratch_database(tmp_path / "shared.db") as url:
        yield url


@pytest.fixture
def servers(shared_url, tmp_path):
    """Servers A and B: two apps built alike (the same SECRET_KEY, as every server must have)."""
    config = type("TwoServers", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": shared_url,
                                                 "FIXED_TODAY": date(2026, 6, 1),
                                                 "FEED_REQUESTS_PER_MINUTE": FEED_LIMIT})
    apps = [create_app(config), create_app(config)]
    with apps[0].app_context():
        upgrade()
        world = factories.build_world()
        db.session.commit()
    running = []
    for name, app in zip("ab", apps, strict=True):
        app.instance_path = str(tmp_path / f"instance-{name}")  # does not exist, and must not come to
        http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        thread = threading.Thread(target=http.serve_forever, name=f"mentorplan-server-{name}", daemon=True)
        thread.start()
        running.append((http, thread))
    yield world, apps, [f"http://127.0.0.1:{http.server_port}" for http, _ in running]
    for http, thread in running:
        http.shutdown()
        thread.join(timeout=10)
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    assert not any((tmp_path / f"instance-{name}").exists() for name in "ab")


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url)
    assert page.status_code == 200, url
    match = CSRF.search(page.text)
    return match.group(1) or match.group(2)


def log_in(session: requests.Session, server: str, email: str) -> None:
    response = session.post(f"{server}/logg-inn", allow_redirects=False, data={
        "email": email, "password": factories.PASSWORD, "csrf_token": csrf(session, f"{server}/logg-inn")})
    assert response.status_code == 302, response.text


def test_a_turnus_previewed_on_one_server_is_confirmed_on_the_other(servers):
    world, apps, (a, b) = servers
    with apps[0].app_context():
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
    leader = requests.Session()
    log_in(leader, a, world.email("avdelingsleder"))
    text = f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n{number};2026-09-08;K1;15:00;23:00\n"

    preview = leader.post(f"{a}/avdeling/turnus/", data={"csrf_token": csrf(leader, f"{a}/avdeling/turnus/")},
                          files={"file": ("turnus.csv", text.encode(), "text/csv")})
    assert preview.status_code == 200 and "Se over turnusen før den lagres" in preview.text
    done = leader.post(f"{b}/avdeling/turnus/bekreft", allow_redirects=False, data={
        "token": TOKEN.search(preview.text).group(1), "csrf_token": csrf(leader, f"{b}/avdeling/")})

    assert done.status_code == 302 and done.headers["Location"].endswith("/avdeling/")
    assert "Turnusen er lagret for 1 ansatt" in leader.get(f"{b}/avdeling/").text
    with apps[1].app_context():
        assert db.session.scalars(select(Shift.code).join(Shift.person).where(Person.employee_number == number)
                                  .order_by(Shift.starts)).all() == ["D1", "K1"]


def test_the_feed_rate_limit_counts_the_requests_to_both_servers(servers):
    world, _apps, (a, b) = servers
    mentee = requests.Session()
    log_in(mentee, a, world.email("mentee"))
    page = mentee.post(f"{a}/profil/kalender", data={"kind": "activities",
                                                     "csrf_token": csrf(mentee, f"{a}/profil")})
    path = FEED_PATH.search(page.text).group(1)
    calendar = requests.Session()  # a calendar client: no cookies, the same address

    answers = [calendar.get(f"{server}{path}").status_code for _ in range(FEED_LIMIT // 2 + 1) for server in (a, b)]

    assert answers == [200] * FEED_LIMIT + [429] * 2
