"""The access log under reads at the same instant (issue 23): one entry per reader, record and
day, whatever the number of requests racing to write it, with every read counted and no request
failing on the entry's unique key. On a real server (werkzeug, threaded) with the demo kommune,
on SQLite and PostgreSQL, requests released together by a barrier.
"""
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, User

from tests.live import together
from tests.races.conftest import ROUNDS, in_app, record

TABS = 8


def _employment_reads(server, actor_id: int) -> dict[int, int]:
    """subject → count of the actor's employment-record reads."""
    with in_app(server):
        rows = db.session.execute(select(AccessLogEntry.subject_id, AccessLogEntry.count).where(
            AccessLogEntry.actor_id == actor_id, AccessLogEntry.kind == AccessKind.EMPLOYMENT,
            AccessLogEntry.action == AccessAction.READ)).all()
        duplicates = db.session.scalar(select(func.count()).select_from(
            select(AccessLogEntry.subject_id).where(AccessLogEntry.actor_id == actor_id)
            .group_by(AccessLogEntry.subject_id, AccessLogEntry.kind, AccessLogEntry.object_id,
                      AccessLogEntry.action, AccessLogEntry.day).having(func.count() > 1).subquery()))
    assert duplicates == 0, f"{duplicates} records have more than one entry for the day"
    return dict(rows)


def test_reads_at_once_of_the_same_records_end_in_one_entry_each_with_every_read_counted(live):
    """HR opens the people list in eight tabs at once, and one person's page in the same instant:
    each listed person has one entry, counting every list, and the person opened one more."""
    hr = live.log_in("hr")
    tabs = [hr, *(hr.second_tab() for _ in range(TABS - 1))]
    with in_app(live):
        hr_id = db.session.scalar(select(User.person_id).where(User.email == "hr@demo.no"))
    first = tabs[0].get("/personer/")
    assert first.status_code == 200
    listed = _employment_reads(live, hr_id)
    opened = next(iter(listed))
    assert listed and set(listed.values()) == {1}
    failures = []
    for round_ in range(1, ROUNDS + 1):
        responses = together(*(lambda t=t: t.get("/personer/") for t in tabs),
                             lambda: tabs[0].get(f"/personer/{opened}"))
        statuses = [r.status_code for r in responses]
        counts = _employment_reads(live, hr_id)
        problems = [f"round {round_}: HTTP {s}" for s in statuses if s != 200]
        expected = {subject: 1 + round_ * TABS + (round_ if subject == opened else 0) for subject in listed}
        if counts != expected:
            lost = {s: expected[s] - counts.get(s, 0) for s in expected if counts.get(s) != expected[s]}
            problems.append(f"round {round_}: counts off by {lost}")
        record(statuses, problems)
        failures += problems
    assert not failures, failures
