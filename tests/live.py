"""A real app server on a free local port, and people using it over HTTP, for tests of what happens
when requests arrive at the same time (tests/races/).

The server is werkzeug's threaded server (what `make run` serves with), on a database of its own
built the way production builds it: every Alembic migration, then the demo kommune. `together`
releases several requests at once through a barrier, as a double tap or two people do.
"""
import html
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

import requests

from config import TestConfig

PASSWORD = "demo"


@contextmanager
def live_server(database_url: str, today: date, **config):
    """The app, migrated and with the demo kommune, served on 127.0.0.1 until the block ends."""
    from flask_migrate import upgrade
    from werkzeug.serving import WSGIRequestHandler, make_server

    from mentorplan import create_app
    from mentorplan.extensions import db

    settings = type("LiveConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, "FIXED_TODAY": today,
                                                  **config})
    app = create_app(settings)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        db.session.remove()
    quiet = type("QuietHandler", (WSGIRequestHandler,), {"log_request": lambda *args, **kwargs: None})
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=quiet)
    thread = threading.Thread(target=http.serve_forever, name="mentorplan-live-server", daemon=True)
    thread.start()
    try:
        yield Server(app, f"http://127.0.0.1:{http.server_port}")
    finally:
        http.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@dataclass
class Server:
    app: object
    url: str

    def log_in(self, who: str) -> "Person":
        """A person logged in through the real form (`who` is a demo login's name, e.g. "mentor")."""
        person = Person(self.url, requests.Session())
        person.post("/logg-inn", {"email": f"{who}@demo.no", "password": PASSWORD,
                                  "csrf_token": person.form("/logg-inn", "/logg-inn")["csrf_token"]})
        assert "/logg-inn" not in person.get("/").url, f"{who} could not log in"
        return person


@dataclass
class Person:
    url: str
    http: requests.Session

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.url + path, timeout=60)

    def post(self, path: str, data: dict | list, **kwargs) -> requests.Response:
        return self.http.post(self.url + path, data=data, timeout=60, allow_redirects=False, **kwargs)

    def form(self, page: str, action: str) -> dict:
        """The fields of the form on `page` that posts to `action`, as the browser would send them."""
        response = self.get(page)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        parser = _Forms()
        parser.feed(response.text)
        for form_action, fields in parser.forms:
            if (form_action.split("#")[0] or page) == action:
                return dict(fields)
        raise AssertionError(f"no form posting to {action} on {page}: {[a for a, _ in parser.forms]}")

    def as_client(self) -> "_Client":
        """This login with the few methods of Flask's test client that tests/app/site_walk.py uses."""
        return _Client(self)

    def second_tab(self) -> "Person":
        """The same login in another connection: the second of two taps on one phone."""
        http = requests.Session()
        http.cookies.update(self.http.cookies)
        return Person(self.url, http)


@dataclass
class _Client:
    person: Person

    def get(self, path: str):
        response = self.person.get(path)
        response.content_type = response.headers.get("Content-Type", "")
        response.get_data = lambda as_text=False: response.text if as_text else response.content
        return response


def together(*calls) -> list:
    """Run the calls in threads released at the same instant; their results, in order. An exception
    in a call is raised here."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 — handed to the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


FLASH = re.compile(r'<div class="ds-alert"[^>]*>\s*<p class="ds-paragraph">(.*?)</p>', re.S)


def messages(page: str) -> list[str]:
    """The flashed messages on a page, as shown."""
    return [html.unescape(m.strip()) for m in FLASH.findall(page)]


class _Forms(HTMLParser):
    """Each <form method=post>: its action and the fields a browser submits without anyone typing
    (hidden inputs, pre-filled values, checked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action") or "", self._fields))
        if self._fields is None:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self._fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._fields is not None:
            self._fields.append((self._textarea, self._text))
            self._textarea = None
