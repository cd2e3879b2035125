"""A request for a reset link does the same work before its answer whether the address has an
account or not (security issue 20: the answer came measurably later for a real account). Timing is
not asserted here; the same SQL statements, in the same order, and one message built in every case
are its deterministic proxy. bench/reset_timing.py measures the time itself."""
from sqlalchemy import event, select

from mentorplan.auth import reset
from mentorplan.extensions import db
from mentorplan.models import User
from tests.conftest import csrf_token


def work_for(app, email, monkeypatch) -> tuple[list[str], int]:
    """The SQL statements run, and the messages built, before the answer to one request."""
    client = app.test_client()
    token = csrf_token(client, "/glemt-passord")
    statements, built = [], []
    real_message = reset.account_message
    monkeypatch.setattr(reset, "account_message", lambda *args: built.append(args) or real_message(*args))

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.post("/glemt-passord", data={"email": email, "csrf_token": token})
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    response.close()   # the e-mail goes now, after the answer
    assert response.status_code == 200
    return statements, len(built)


def deactivate(app, email):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).is_enabled = False
        db.session.commit()


def test_a_known_and_an_unknown_address_run_the_same_statements(app, world, monkeypatch, smtp):
    work_for(app, world.email("mentee"), monkeypatch)   # the first request of a fresh app warms up
    known, known_built = work_for(app, world.email("mentor"), monkeypatch)
    unknown, unknown_built = work_for(app, "ingen-slik@test.no", monkeypatch)
    deactivate(app, world.email("mentor2"))
    inactive, inactive_built = work_for(app, world.email("mentor2"), monkeypatch)
    assert any(s.lstrip().upper().startswith("UPDATE") for s in known)   # the link is stored by one UPDATE
    assert known == unknown == inactive
    assert known_built == unknown_built == inactive_built == 1
    # Only the real, active account gets the e-mail.
    assert [m.to for m in smtp.received] == [(world.email("mentee"),), (world.email("mentor"),)]


def test_a_throttled_account_runs_the_same_statements_too(app, world, monkeypatch, smtp):
    count = app.config["RESET_REQUESTS_PER_ACCOUNT"]
    work_for(app, "ingen-slik@test.no", monkeypatch)
    for _ in range(count):
        work_for(app, world.email("mentor"), monkeypatch)
    throttled, _ = work_for(app, world.email("mentor"), monkeypatch)
    unknown, _ = work_for(app, "ingen-slik@test.no", monkeypatch)
    assert throttled == unknown
    assert len(smtp.to(world.email("mentor"))) == count
