"""The feed rate limit, counted in the database: a sliding window per client that every worker and
app server shares, race-free, and pruned."""
import threading

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.feeds.ratelimit import allow
from mentorplan.models import RequestCount

START = 1_800_000_000.0  # the first second of a minute


@pytest.fixture
def hits(ctx):
    def hit(client: str, at: float, limit: int = 3) -> bool:
        allowed = allow("feed", client, limit, now=START + at)
        db.session.commit()
        return allowed
    return hit


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(RequestCount))


def test_a_client_over_the_limit_waits_for_the_window_to_slide(hits):
    assert [hits("a", 1.0) for _ in range(4)] == [True, True, True, False]
    assert not hits("a", 59.9)
    # 30 s into the next minute half of the previous minute's three still count: 1.5 + 1 is within
    # the limit, 1.5 + 2 is not.
    assert [hits("a", 90.0) for _ in range(3)] == [True, False, False]
    assert hits("a", 121.0)


def test_the_previous_minute_counts_by_how_much_of_it_is_still_in_the_window(hits):
    assert [hits("a", 50.0) for _ in range(3)] == [True] * 3
    assert not hits("a", 65.0)  # three weighted by 55/60 = 2.75, and one more is over three
    assert hits("a", 100.0)     # weighted by 20/60 = 1.0, plus one: within the limit


def test_one_client_does_not_use_up_another_clients_limit(hits):
    assert [hits("guesser", 1.0) for _ in range(4)] == [True, True, True, False]
    assert hits("calendar", 2.0)


def test_a_refused_client_costs_no_writes(hits):
    for _ in range(3):
        hits("a", 1.0)
    count = db.session.scalar(select(RequestCount.hits))

    assert [hits("a", 2.0) for _ in range(20)] == [False] * 20
    assert db.session.scalar(select(RequestCount.hits)) == count == 3


def test_a_new_minute_prunes_the_minutes_nobody_reads(hits):
    hits("a", 1.0)
    hits("b", 61.0)
    hits("b", 62.0)
    assert rows() == 2
    hits("c", 121.0)  # minute 2: minute 0 is no longer read
    assert sorted(db.session.execute(select(RequestCount.client, RequestCount.minute))) == [
        ("b", START // 60 + 1), ("c", START // 60 + 2)]


def test_workers_counting_at_once_let_exactly_the_limit_through(app):
    """Eight requests from one client at the same moment, each on its own connection (as eight
    workers or two servers would be): five pass, none fails on the unique key."""
    barrier, results, errors = threading.Barrier(8, timeout=30), [], []

    def request():
        with app.app_context():
            try:
                barrier.wait()
                results.append(allow("feed", "10.0.0.7", 5, now=START + 1))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 (any error is the failure this test looks for)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False] * 3 + [True] * 5
