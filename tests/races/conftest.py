"""A real server with the demo kommune for the race tests, and the people who use it."""
import inspect
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pytest
import requests

from tests.conftest import scratch_database
from tests.live import live_server, messages

# The day the server believes it is: an ordinary Monday (no public holiday or DST change in the
# weeks the rounds write), so that no round depends on the day the suite runs.
TODAY = date(2026, 9, 7)
ROUNDS = 4


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with scratch_database(tmp_path_factory.mktemp("live-db") / "live.db") as url:
        with live_server(url, TODAY) as server:
            yield server


@pytest.fixture(scope="module")
def mentor(live):
    return live.log_in("mentor")


@pytest.fixture(scope="module")
def leader(live):
    return live.log_in("avdelingsleder")


@pytest.fixture(scope="module")
def enhetsleder(live):
    return live.log_in("enhetsleder")


@contextmanager
def in_app(server):
    """The server's app context, to read what was stored."""
    from mentorplan.extensions import db

    with server.app.app_context():
        try:
            yield
        finally:
            db.session.remove()


@dataclass
class Answers:
    statuses: list[int]
    said: list[list[str]]  # the messages each answer ends on (after its redirect)

    def failures(self, label: str) -> list[str]:
        return [f"{label}: HTTP {status}" for status in self.statuses if status >= 500]


def answers(person, responses) -> Answers:
    """Each response's status, and the messages on the page it leads to, read with the cookies it set
    (a flashed message lives in the session cookie of its own answer)."""
    said = []
    for response in responses:
        if response.is_redirect:
            http = requests.Session()
            http.cookies.update(person.http.cookies)
            http.cookies.update(response.cookies)
            location = response.headers["Location"]
            page = http.get(location if location.startswith("http") else person.url + location, timeout=60)
            said.append(messages(page.text))
        else:
            said.append(messages(response.text))
    return Answers([r.status_code for r in responses], said)


def record(statuses: list[int], problems: list[str]) -> None:
    """With RACE_LOG set (a file), a JSON line per round and per test's end, named by the calling
    test: the figures a closing note reports (rounds, 5xx answers, what was lost or duplicated),
    before a fix and after it."""
    if os.environ.get("RACE_LOG"):
        test = inspect.stack()[1].function
        with open(os.environ["RACE_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps({"test": test, "statuses": statuses, "problems": problems}) + "\n")
