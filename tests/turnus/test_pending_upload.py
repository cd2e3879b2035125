"""A turnus file between preview and confirmation waits in the database: read from its bytes as
from a file, confirmed once by its uploader within the hour, and then forgotten."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorplan import jobs
from mentorplan.extensions import db
from mentorplan.models import PendingUpload, RequestCount
from mentorplan.turnus.entries import TurnusFileError
from mentorplan.turnus.reading import read_turnus_bytes, read_turnus_file

from tests.turnus.test_turnus_import import (  # noqa: F401 (fixtures)
    DATA,
    HEADER,
    SAMPLE,
    TODAY,
    confirm,
    number_of,
    shifts_of,
    today,
    upload,
    uploads,
)


def age(app, by: timedelta, first_only=False) -> None:
    """Make the waiting uploads (or the first of them) older."""
    with app.app_context():
        rows = db.session.scalars(select(PendingUpload).order_by(PendingUpload.id)).all()
        for row in rows[:1] if first_only else rows:
            row.created_at -= by
        db.session.commit()


@pytest.mark.parametrize("name", ["turnus-sample.csv", "turnus-bom-comma-table-code.csv", "turnus-9101.ics"])
def test_a_file_reads_the_same_from_its_bytes(name):
    path = DATA / name
    assert read_turnus_bytes(path.read_bytes(), TODAY) == read_turnus_file(path, TODAY)


def test_bytes_that_are_not_utf8_are_refused_with_their_line():
    content = f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n".encode() + "9101;2026-01-06;Kø;;\n".encode("latin-1")

    with pytest.raises(TurnusFileError) as caught:
        read_turnus_bytes(content, TODAY)

    assert str(caught.value) == "Linje 3: filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."


def test_a_second_confirmation_saves_nothing_twice_and_says_the_first_did(app, world, login, uploads):
    number = number_of(app, world, "mentee")
    client = login(world.email("avdelingsleder"))
    page = upload(client, f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n").get_data(as_text=True)

    first, second = confirm(client, page), confirm(client, page)

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/avdeling/")
    assert "Turnusen er allerede lagret" in client.get("/avdeling/").get_data(as_text=True)
    assert uploads() == 0
    with app.app_context():
        assert len(shifts_of(number)) == 1
        # The confirmed row keeps no copy of the file.
        assert db.session.scalar(select(func.length(PendingUpload.content))) == 0


def test_an_upload_older_than_an_hour_is_gone_and_removed_by_the_next(app, world, login, uploads):
    number = number_of(app, world, "mentee")
    client = login(world.email("avdelingsleder"))
    page = upload(client, f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n").get_data(as_text=True)
    age(app, timedelta(minutes=61))

    refused = confirm(client, page)

    assert refused.headers["Location"].endswith("/avdeling/turnus/")
    assert "Den opplastede filen finnes ikke lenger" in client.get("/avdeling/turnus/").get_data(as_text=True)
    upload(client, f"{HEADER}\n{number};2026-09-08;D1;07:45;15:15\n")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PendingUpload)) == 1
        assert shifts_of(number) == []


def test_a_file_the_people_no_longer_fit_is_refused_and_forgotten(app, world, login, uploads, monkeypatch):
    number = number_of(app, world, "mentee")
    client = login(world.email("avdelingsleder"))
    page = upload(client, f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n").get_data(as_text=True)
    monkeypatch.setattr("mentorplan.turnus.views.turnus_upload_people", lambda viewer, day: {})

    response = confirm(client, page)

    assert response.status_code == 200 and "ble ikke importert" in response.get_data(as_text=True)
    assert uploads() == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PendingUpload)) == 0


def test_the_hourly_job_removes_stale_uploads_and_past_request_counts(app, world, login, uploads):
    client = login(world.email("avdelingsleder"))
    for day in ("2026-09-07", "2026-09-08"):
        upload(client, f"{HEADER}\n{number_of(app, world, 'mentee')};{day};D1;07:45;15:15\n")
    minute = int(time.time() // 60)
    age(app, timedelta(hours=2), first_only=True)
    with app.app_context():
        db.session.add_all([RequestCount(scope="feed", client="10.0.0.1", minute=minute, hits=3),
                            RequestCount(scope="feed", client="10.0.0.1", minute=minute - 5, hits=9)])
        db.session.commit()

        assert jobs.remove_stale() == ("1 ubekreftede filer, 1 gamle forespørselstall og 0 gamle "
                                       "skjemakvitteringer slettet")

        assert uploads() == 1
        assert db.session.scalars(select(RequestCount.minute)).all() == [minute]
