"""The same form sent twice does its work once.

A double tap on a phone, a browser's retry or «Tilbake» and send again post a form a second time,
sometimes at the same instant as the first. Where what the form makes has a natural key (a
conversation per planned activity, an absence per person and day, a mark per checklist item) the
database refuses the copy; where it has none (an unplanned conversation, a network's meetings, a
template activity) nothing would. So every rendered form carries a one-time token beside its CSRF
token, new at each render (`SubmissionCSRF`), and the first write a POST makes — an ORM flush or
a DML statement, whichever the view does first — stores that token in `form_submission` in the
same transaction. A second submission of the same form breaks the unique constraint at its first
write: PostgreSQL makes it wait at that insert until the first commits, SQLite's writers queue on
the database lock (ops/sqlite.py). `web/errors.repeated_write` rolls the copy back and answers with
the view's own words (`answers_repeats`), never a 500 and never a duplicate.

A form without the token (a client that is not a browser, a test posting by hand) is served as
before: the natural keys still hold. Bookkeeping that is not the form's work — the access log of
what a page showed, counts of failed logins and requests — does not record the token, so a form
refused by its validation can be sent again at once. The sign-in pages (the auth blueprint) keep
their own one-time links and are left out.
"""
import re
import secrets
from datetime import datetime, timedelta
from itertools import chain

from flask import Flask, current_app, g, has_request_context, request
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import delete, event, insert
from sqlalchemy.orm import Session
from wtforms.csrf.core import CSRFTokenField

from mentorplan.models.submissions import SUBMISSION_TOKEN_LENGTH, FormSubmission
from mentorplan.models.types import utcnow

FIELD = "skjema"
_TOKEN = re.compile(rf"[0-9a-f]{{{SUBMISSION_TOKEN_LENGTH}}}")
# Written on the way, whatever the form does: they never stand for the form's work.
BOOKKEEPING_TABLES = frozenset({"access_log_entry", "failed_login", "request_count", "form_submission"})
EXEMPT_BLUEPRINTS = frozenset({"auth"})
_STATE = "form_submission_state"  # in flask.g: None, "pending" (uncommitted) or "committed"
# A form's token is remembered this long: a page left open for a week and sent is sent once more
# only by a person who means it.
KEPT = timedelta(days=7)


def answers_repeats(message: str):
    """The view's answer to a second submission of a form it already acted on («Samtalen er
    allerede logget.»), shown by errors.repeated_write on the page the form was on."""
    def decorate(view):
        view.repeat_answer = message
        return view
    return decorate


def repeat_answer(default: str) -> str:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "repeat_answer", default)


class _TokenAndSubmissionField(CSRFTokenField):
    """The CSRF token, and after it this render's one-time submission token."""

    def __call__(self, *args, **kwargs):
        token = secrets.token_hex(SUBMISSION_TOKEN_LENGTH // 2)
        # Markup.format escapes what it is given; the template is a literal.
        hidden = Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, token)
        return super().__call__(*args, **kwargs) + hidden


class SubmissionCSRF(FlaskForm.Meta.csrf_class):
    """Flask-WTF's CSRF protection, rendering the submission token wherever the CSRF token goes
    (`form.hidden_tag()`, `form.csrf_token`): no template can forget it."""

    field_class = _TokenAndSubmissionField


def _submitted_token() -> str | None:
    if request.method != "POST" or (request.blueprint or "") in EXEMPT_BLUEPRINTS:
        return None
    token = request.form.get(FIELD, "")
    return token if _TOKEN.fullmatch(token) else None


def _record_once(session: Session, tables) -> None:
    """Store the request's submission token with its first real write."""
    if not has_request_context() or g.get(_STATE) is not None:
        return
    if all(name in BOOKKEEPING_TABLES for name in tables):
        return
    token = _submitted_token()
    if token is None:
        return
    g.setdefault(_STATE, "pending")
    user_id = current_user.id if current_user and current_user.is_authenticated else None
    # Core, on the session's connection: inside a flush the session itself must not be used.
    session.connection().execute(insert(FormSubmission.__table__).values(
        token=token, user_id=user_id, endpoint=(request.endpoint or "")[:80],
        created_at=utcnow()))


def _before_flush(session: Session, flush_context, instances) -> None:
    dirty = (o for o in session.dirty if session.is_modified(o))
    changed = list(chain(session.new, dirty, session.deleted))
    if changed:
        _record_once(session, {type(o).__table__.name for o in changed})


def _on_execute(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _record_once(state.session, {getattr(table, "name", "?")})


def _after_commit(session: Session) -> None:
    if has_request_context() and g.get(_STATE) == "pending":
        g.form_submission_state = "committed"


def _after_rollback(session: Session) -> None:
    # A token rolled back with its write was never acted on: the next write may record it.
    if has_request_context() and g.get(_STATE) == "pending":
        g.pop(_STATE)


def init_submissions(app: Flask) -> None:
    from mentorplan.extensions import db

    if getattr(init_submissions, "listening", False):  # the session class is shared by every app
        return
    init_submissions.listening = True
    session_class = db.session.session_factory.class_
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "do_orm_execute", _on_execute)
    event.listen(session_class, "after_commit", _after_commit)
    event.listen(session_class, "after_rollback", _after_rollback)


def prune(now: datetime | None = None) -> int:
    """Forget the tokens of forms sent more than KEPT ago (the scheduler's hourly job)."""
    from mentorplan.extensions import db

    cutoff = (now or utcnow()) - KEPT
    return db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < cutoff)).rowcount
