"""The scheduled jobs, run by their own process: `flask --app wsgi scheduler`.

Never started by the app factory or a web worker: under several gunicorn workers, `--preload` or
the debug reloader, each copy would run the jobs again. The jobs are two and simple, because what
is due is data (the notification table), not pickled jobs: one queues every message that has
fallen due, the other works the outbox. Both are idempotent, so it does not matter when or how
often they run:

- misfire_grace_time=None: a run that comes late (the process was busy or suspended) still runs;
- coalesce=True: runs missed meanwhile become one run, which catches up on everything due;
- max_instances=1: a run never overlaps the same job's previous run in this process;
- after downtime, the first runs queue what fell due meanwhile and send it once, or mark it
  expired by the rules in `notifications.reminders` and `notifications.outbox`.

A third job, once a day at night, anonymises the people whose last employment ended more than
`ANONYMISE_AFTER_DAYS` ago (GDPR; `anonymise.py`), each kommune in its own transaction, and deletes
the notifications that fell due more than `NOTIFICATION_RETENTION_DAYS` ago (never one still
waiting to be sent); it too is idempotent (an anonymised person is not due again).

A fourth, every hour, deletes what the app servers share only for a while: turnus and staff files
never confirmed (an upload also does that, but a file of up to 100 MB should not wait for the next
one) and the feed rate limit's past minutes.

A fifth, just after midnight and when the scheduler starts (a day missed while it was down is
caught up), ends what has ended (`people/leaving.py`): the accounts of the people whose last
employment ended by today are deactivated, their sessions with them, and a mentorship still
running past its employment's end is ended. Idempotent too.

A second scheduler process started by mistake sends nothing twice: the unique key of each message
and the claim in the outbox decide. `run_once` runs both jobs for a given moment, for tests and
for `scheduler --once --now …`.
"""
import logging
from dataclasses import dataclass
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app

from mentorplan.clock import OSLO
from mentorplan.clock import now as clock_now
from mentorplan.extensions import db
from mentorplan.feeds import ratelimit
from mentorplan.notifications.outbox import OutboxSummary, work_outbox
from mentorplan.notifications.reminders import generate_due
from mentorplan.people.leaving import end_what_has_ended
from mentorplan.privacy.anonymise import AnonymiseSummary, anonymise_all
from mentorplan.turnus import pending
from mentorplan.web import submissions

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    queued: int
    outbox: OutboxSummary

    def __str__(self) -> str:
        return f"{self.queued} nye varsler. E-post: {self.outbox}"


def queue_due(now: datetime | None = None) -> int:
    """Queue what has fallen due; one transaction."""
    try:
        queued = generate_due(now or clock_now())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return queued


def send_due(now: datetime | None = None, transport=None) -> OutboxSummary:
    return work_outbox(now or clock_now(), transport)


def anonymise_due(now: datetime | None = None) -> list[AnonymiseSummary]:
    """Anonymise whoever is due and delete old notifications, kommune by kommune."""
    now = now or clock_now()
    config = current_app.config
    return anonymise_all(now.astimezone(OSLO).date(), config["ANONYMISE_AFTER_DAYS"], now=now,
                         notification_days=config["NOTIFICATION_RETENTION_DAYS"])


def remove_stale() -> str:
    """Unconfirmed files older than an hour, past request counts and forms sent long ago; one
    transaction."""
    try:
        uploads, counts, forms = pending.remove_stale(), ratelimit.prune(), submissions.prune()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return (f"{uploads} ubekreftede filer, {counts} gamle forespørselstall og {forms} gamle "
            "skjemakvitteringer slettet")


def end_leavers(now: datetime | None = None) -> str:
    """Deactivate whoever has left by today, and end the mentorships that outlived their
    employment; one transaction."""
    day = (now or clock_now()).astimezone(OSLO).date()
    try:
        users, mentorships = end_what_has_ended(day)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return f"{len(users)} kontoer deaktivert og {mentorships} mentorforløp avsluttet fordi arbeidsforholdet er slutt"


def run_once(now: datetime | None = None, transport=None) -> RunSummary:
    """Both jobs once, as they would run at `now` (default: the app's clock)."""
    now = now or clock_now()
    return RunSummary(queue_due(now), send_due(now, transport))


def _in_app(app: Flask, job):
    def run():
        with app.app_context():
            try:
                result = job()
                log.info("%s: %s", job.__name__, result)
            except Exception:  # a failed run is logged; the next run tries again
                log.exception("%s failed", job.__name__)
                db.session.rollback()
            finally:
                db.session.remove()
    run.__name__ = job.__name__
    return run


def build_scheduler(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=OSLO, job_defaults={
        "misfire_grace_time": None, "coalesce": True, "max_instances": 1})
    start = datetime.now(OSLO)
    scheduler.add_job(_in_app(app, queue_due), "interval", id="queue_due", name="queue_due", next_run_time=start,
                      seconds=app.config["SCHEDULER_GENERATE_SECONDS"])
    scheduler.add_job(_in_app(app, send_due), "interval", id="send_due", name="send_due", next_run_time=start,
                      seconds=app.config["SCHEDULER_OUTBOX_SECONDS"])
    scheduler.add_job(_in_app(app, anonymise_due), "cron", id="anonymise_due", name="anonymise_due",
                      hour=app.config["ANONYMISE_HOUR"])
    scheduler.add_job(_in_app(app, remove_stale), "interval", id="remove_stale", name="remove_stale", hours=1)
    scheduler.add_job(_in_app(app, end_leavers), "cron", id="end_leavers", name="end_leavers", next_run_time=start,
                      hour=0, minute=5)
    return scheduler
