"""A message before it is queued, how it reads (plain text and HTML, in bokmål), and queueing it.

Queueing writes one notification row per key with INSERT … ON CONFLICT DO NOTHING: whoever
comes second, another scheduler process or a rerun after a crash, adds nothing.

Subjects (e-mail headers) and summaries are one line whatever the data they are made of holds
(`single_line`): an activity title is the enhetsleder's text, and a line break in a header would
make the message impossible to build (or, in a careless library, a header of its own).
"""
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.models import Notification, NotificationKind, Person
from mentorplan.models.types import utcnow
from mentorplan.norwegian import WEEKDAYS

KEY_CHUNK = 500
# A run of whitespace holding a line break of any kind (what str.splitlines breaks on).
_LINE_BREAK_RUN = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    empty: str = ""  # said when there are no lines


@dataclass(frozen=True)
class Draft:
    """One message to one person about one event."""

    key: str
    kind: NotificationKind
    person: Person
    subject: str
    summary: str                # one line, for the start page
    intro: str
    sections: tuple[Section, ...] = ()
    link: str = ""              # a path in the app
    link_text: str = "Åpne i mentorplan"
    due_at: datetime = field(default_factory=utcnow)
    expires_at: datetime | None = None


@dataclass(frozen=True)
class Candidate:
    """A message that is due, not yet built: building reads the plans, so it waits until the key is
    known to be new."""

    key: str
    build: Callable[[], Draft | None]


def path_for(endpoint: str, **values) -> str:
    """A path in the app, outside any request (jobs have none)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def local_moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=OSLO)


def end_of(day: date) -> datetime:
    return local_moment(day + timedelta(days=1), time())


def config_time(name: str) -> time:
    return time.fromisoformat(current_app.config[name])


def when(start: datetime, end: datetime | None = None) -> str:
    """«onsdag 02.12.2026 kl. 07:45–15:15» (local wall-clock times)."""
    text = f"{WEEKDAYS[start.weekday()]} {start:%d.%m.%Y} kl. {start:%H:%M}"
    return f"{text}–{end:%H:%M}" if end is not None else text


def single_line(text: str) -> str:
    """The text on one line: each run of whitespace that holds a line break becomes one space."""
    return _LINE_BREAK_RUN.sub(" ", text).strip()


def render(draft: Draft) -> tuple[str, str]:
    values = dict(draft=draft, link=absolute(draft.link) if draft.link else None,
                  preferences=absolute(path_for("notifications.settings")))
    # The app's Jinja environment without its request context processors: jobs have no request.
    environment = current_app.jinja_env
    return (environment.get_template("email/message.txt").render(**values),
            environment.get_template("email/message.html").render(**values))


def queue_candidates(candidates: Iterable[Candidate]) -> int:
    """Build and queue the candidates whose key is new; returns how many were new."""
    candidates = list({c.key: c for c in candidates}.values())
    known = _known_keys([c.key for c in candidates])
    drafts = [draft for c in candidates if c.key not in known and (draft := c.build()) is not None]
    return queue(drafts)


def queue(drafts: list[Draft]) -> int:
    """Write the drafts as notifications; a key already there is left as it is."""
    if not drafts:
        return 0
    rows = []
    for draft in drafts:
        text, html = render(draft)
        rows.append(dict(key=draft.key, kind=draft.kind, person_id=draft.person.id, summary=single_line(draft.summary)[:300],
                         subject=single_line(draft.subject)[:200], body_text=text, body_html=html, link=draft.link,
                         created_at=utcnow(), due_at=draft.due_at, expires_at=draft.expires_at,
                         next_attempt_at=draft.due_at))
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    before = _known_keys([row["key"] for row in rows])
    db.session.execute(insert(Notification).on_conflict_do_nothing(index_elements=["key"]), rows)
    return len(rows) - len(before)


def _known_keys(keys: list[str]) -> set[str]:
    known = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start:start + KEY_CHUNK]
        known |= set(db.session.scalars(select(Notification.key).where(Notification.key.in_(chunk))))
    return known
