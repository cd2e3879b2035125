"""Reminders and notifications against a real SMTP server (aiosmtpd on localhost).

- each event gives one message per person, however often and however many schedulers run;
- a restart in the middle of a batch, SMTP down or refusing: nothing lost, nothing sent twice;
- preferences are followed; the start page shows unread notifications;
- a message is its recipient's alone, and none carries what is confidential.
"""
import threading
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.jobs import run_once
from mentorplan.models import (
    Absence,
    AbsenceKind,
    ActivityStatus,
    EmailStatus,
    Mentorship,
    Notification,
    NotificationKind,
    NotificationSettings,
    User,
)
from mentorplan.notifications.outbox import SmtpTransport

from tests.conftest import csrf_token, post_form
from tests.smtp_server import SmtpServer

TUESDAY = date(2026, 9, 8)                    # the mentees' second day (they started 07.09.2026)
WEDNESDAY = TUESDAY + timedelta(days=1)
AFTERNOON = datetime.combine(TUESDAY, time(14, 5), tzinfo=OSLO)
REMINDERS = "Påminnelse:"


def place(world, title: str, start: datetime, key: str = "mentee", partner: str = "mentor", minutes: int = 45) -> int:
    """Put an activity on the turnus by hand, as the scheduler would have."""
    plan = db.session.get(Mentorship, world.mentorship_ids[key]).plan
    activity = next(a for a in plan.activities if a.title == title)
    activity.status = ActivityStatus.SCHEDULED
    activity.scheduled_start, activity.scheduled_end = start, start + timedelta(minutes=minutes)
    activity.partner_id = world.person_ids[partner]
    db.session.commit()
    return activity.id


def reminders(server: SmtpServer) -> list:
    return [r for r in server.received if r.subject.startswith(REMINDERS)]


def notifications(kind: NotificationKind | None = None) -> list[Notification]:
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


@pytest.fixture
def talk(world, ctx):
    """The first mentor conversation, tomorrow (Wednesday) at 10:00 with the mentor."""
    return place(world, "Første mentorsamtale: bli kjent", datetime.combine(WEDNESDAY, time(10)))


# --- One message per event ----------------------------------------------------------------------

def test_tomorrows_conversation_reaches_mentee_and_mentor_once_across_two_runs(world, smtp, talk, ctx):
    first = run_once(AFTERNOON)
    second = run_once(AFTERNOON + timedelta(minutes=5))
    got = reminders(smtp)
    assert sorted(r.to for r in got) == [("mentee@test.no",), ("mentor@test.no",)]
    assert second.queued == 0 and second.outbox.sent == 0 and first.outbox.sent >= 2
    to_mentee = smtp.to("mentee@test.no")[0]
    assert to_mentee.subject == "Påminnelse: Første mentorsamtale: bli kjent i morgen"
    text = to_mentee.part("plain")
    assert "Hei Nina," in text
    assert "Du har «Første mentorsamtale: bli kjent» med mentor Mona Mentor i morgen, onsdag 09.09.2026 kl. 10:00–10:45." in text
    # What to prepare is the activity's guidance; the link leads to the preferences.
    assert "Bli kjent, forventninger til hverandre og læringsmål" in text
    assert "http://127.0.0.1:5000/varsler/innstillinger" in text
    html = to_mentee.part("html")
    assert "<p>Hei Nina,</p>" in html and 'href="http://127.0.0.1:5000/varsler/innstillinger"' in html
    assert "med Nina Nytilsatt i morgen" in smtp.to("mentor@test.no")[0].part("plain")
    assert to_mentee.message["List-Unsubscribe"] == "<http://127.0.0.1:5000/varsler/innstillinger>"


def test_the_reminder_falls_due_at_two_the_day_before(world, smtp, talk, ctx):
    run_once(datetime.combine(TUESDAY, time(13, 55), tzinfo=OSLO))
    assert reminders(smtp) == []
    run_once(datetime.combine(TUESDAY, time(14), tzinfo=OSLO))
    assert len(reminders(smtp)) == 2


def test_after_downtime_a_reminder_is_sent_once_while_the_activity_is_still_ahead(world, smtp, talk, ctx):
    # Down from Tuesday morning to Wednesday 08:00: the reminder is late but still useful.
    run_once(datetime.combine(WEDNESDAY, time(8), tzinfo=OSLO))
    run_once(datetime.combine(WEDNESDAY, time(9), tzinfo=OSLO))
    got = reminders(smtp)
    assert len(got) == 2 and all(r.subject.endswith("i dag") for r in got)


def test_after_downtime_past_the_start_no_reminder_is_made(world, smtp, talk, ctx):
    run_once(datetime.combine(WEDNESDAY, time(10, 30), tzinfo=OSLO))
    assert reminders(smtp) == [] and notifications(NotificationKind.TOMORROW) == []


def test_a_reminder_that_could_not_go_before_the_activity_started_expires(world, smtp, talk, ctx):
    smtp.handler.busy = True
    run_once(AFTERNOON)
    smtp.handler.busy = False
    run_once(datetime.combine(WEDNESDAY, time(10, 1), tzinfo=OSLO))
    assert reminders(smtp) == []
    statuses = {n.email_status for n in notifications(NotificationKind.TOMORROW)}
    assert statuses == {EmailStatus.EXPIRED}
    # In the app it is still there.
    assert len(notifications(NotificationKind.TOMORROW)) == 2


def test_a_moved_activity_is_reminded_again_for_its_new_day(world, smtp, talk, ctx):
    run_once(AFTERNOON)
    place(world, "Første mentorsamtale: bli kjent", datetime.combine(WEDNESDAY + timedelta(days=1), time(10)))
    run_once(AFTERNOON + timedelta(days=1))
    assert len(reminders(smtp)) == 4


# --- Two schedulers, a crash, SMTP down ------------------------------------------------------------

def many_talks(world):
    titles = ["Første mentorsamtale: bli kjent"] + [f"Opplæringsvakt {n}" for n in range(1, 5)]
    for n, title in enumerate(titles):
        place(world, title, datetime.combine(WEDNESDAY, time(8 + n)))
    return len(titles) * 2


def test_two_schedulers_at_once_send_each_message_once(app, world, smtp, ctx):
    expected = many_talks(world)
    smtp.handler.delay = 0.05
    errors = []

    def scheduler():
        with app.app_context():
            try:
                run_once(AFTERNOON)
            except Exception as error:  # noqa: BLE001 — reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    got = reminders(smtp)
    assert len(got) == expected
    assert len({r.message_id for r in got}) == expected
    db.session.expire_all()
    assert {n.email_status for n in notifications(NotificationKind.TOMORROW)} == {EmailStatus.SENT}


class Crash(BaseException):
    """The process dies (not an error the outbox could catch)."""


class CrashingTransport(SmtpTransport):
    """Sends `survive` messages, then dies before the next one leaves."""

    def __init__(self, config, survive: int):
        super().__init__(config)
        self.left = survive

    def send(self, message):
        if self.left == 0:
            raise Crash()
        self.left -= 1
        super().send(message)


def test_a_restart_in_the_middle_of_a_batch_sends_the_rest_once(app, world, smtp, ctx):
    many_talks(world)
    with pytest.raises(Crash):
        run_once(AFTERNOON, CrashingTransport(app.config, survive=3))
    db.session.rollback()
    expected = len(notifications())
    assert expected > 4 and len(smtp.received) == 3
    # Restarted at once: the message the dead process had claimed waits for its claim to run out.
    with app.app_context():
        run_once(AFTERNOON + timedelta(minutes=1))
    assert len(smtp.received) == expected - 1
    with app.app_context():
        run_once(AFTERNOON + timedelta(minutes=6))
    assert len(smtp.received) == expected == len({r.message_id for r in smtp.received})
    db.session.expire_all()
    assert {n.email_status for n in notifications()} == {EmailStatus.SENT}


def test_smtp_down_is_retried_with_back_off_and_recovers(app, world, talk, ctx):
    server = SmtpServer()  # not started: the port refuses connections
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_STARTTLS=False)
    run_once(AFTERNOON)
    pending = notifications(NotificationKind.TOMORROW)
    assert {(n.email_status, n.attempts) for n in pending} == {(EmailStatus.PENDING, 1)}
    assert all(n.next_attempt_at == AFTERNOON + timedelta(minutes=1) for n in pending)
    assert all("ConnectionRefusedError" in n.last_error for n in pending)
    run_once(AFTERNOON + timedelta(seconds=30))  # too early: nothing is tried
    db.session.expire_all()
    assert {n.attempts for n in notifications(NotificationKind.TOMORROW)} == {1}
    run_once(AFTERNOON + timedelta(minutes=1))
    db.session.expire_all()
    assert {(n.attempts, n.next_attempt_at) for n in notifications(NotificationKind.TOMORROW)} == {
        (2, AFTERNOON + timedelta(minutes=3))}
    server.start()
    try:
        run_once(AFTERNOON + timedelta(minutes=3))
        run_once(AFTERNOON + timedelta(minutes=10))
    finally:
        server.stop()
    assert sorted(r.to for r in reminders(server)) == [("mentee@test.no",), ("mentor@test.no",)]
    db.session.expire_all()
    assert {(n.email_status, n.attempts) for n in notifications(NotificationKind.TOMORROW)} == {
        (EmailStatus.SENT, 3)}


def test_a_server_that_says_try_later_is_retried(world, smtp, talk, ctx):
    smtp.handler.busy = True
    run_once(AFTERNOON)
    assert {n.last_error.split(":")[0] for n in notifications(NotificationKind.TOMORROW)} == {"SMTPDataError"}
    smtp.handler.busy = False
    run_once(AFTERNOON + timedelta(minutes=1))
    assert len(reminders(smtp)) == 2


def test_the_back_off_grows_to_an_hour_at_most(app, ctx):
    from mentorplan.notifications.outbox import backoff
    assert [backoff(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_refused_address_is_reported_to_the_admin_once(world, smtp, ctx):
    smtp.handler.refused.add("mentor@test.no")
    place(world, "Første mentorsamtale: bli kjent", datetime.combine(WEDNESDAY, time(10)))
    place(world, "Opplæringsvakt 1", datetime.combine(WEDNESDAY, time(12)))
    run_once(AFTERNOON)
    run_once(AFTERNOON + timedelta(minutes=5))
    to_mentor = [n for n in notifications(NotificationKind.TOMORROW) if n.person_id == world.person_ids["mentor"]]
    assert {n.email_status for n in to_mentor} == {EmailStatus.BAD_ADDRESS}
    assert all("550" in n.last_error for n in to_mentor)
    reports = notifications(NotificationKind.BAD_ADDRESS)
    assert [n.person_id for n in reports] == [world.person_ids["admin"]]
    assert "E-postadressen mentor@test.no til Mona Mentor" in reports[0].body_text
    assert [r.subject for r in smtp.to("admin@test.no")] == ["Avvist e-postadresse: Mona Mentor"]
    assert len(smtp.to("mentee@test.no")) == 2


# --- Preferences ---------------------------------------------------------------------------------

def settings(world, key: str, **values) -> None:
    user = db.session.scalar(select(User).where(User.person_id == world.person_ids[key]))
    db.session.add(NotificationSettings(user=user, **{"muted_kinds": [], "digest_weekday": 4, **values}))
    db.session.commit()


def test_a_muted_kind_stays_in_the_app_but_sends_no_email(world, smtp, talk, ctx):
    settings(world, "mentor", muted_kinds=["tomorrow"])
    run_once(AFTERNOON)
    assert [r.to for r in reminders(smtp)] == [("mentee@test.no",)]
    mentor = [n for n in notifications(NotificationKind.TOMORROW) if n.person_id == world.person_ids["mentor"]]
    assert [(n.email_status, n.read_at) for n in mentor] == [(EmailStatus.MUTED, None)]


def test_the_digest_comes_on_the_chosen_weekday(world, smtp, ctx):
    settings(world, "avdelingsleder2", digest_weekday=0)
    monday = date(2026, 9, 14)
    run_once(datetime.combine(monday, time(6, 59), tzinfo=OSLO))
    assert smtp.to("avdelingsleder2@test.no") == []
    run_once(datetime.combine(monday, time(7), tzinfo=OSLO))
    assert [r.subject for r in smtp.to("avdelingsleder2@test.no")] == ["Ukeoversikt for avdelingen, uke 38"]
    assert smtp.to("avdelingsleder@test.no") == []  # Friday, the default
    run_once(datetime.combine(monday + timedelta(days=4), time(7), tzinfo=OSLO))
    run_once(datetime.combine(monday + timedelta(days=5), time(7), tzinfo=OSLO))
    assert [r.subject for r in smtp.to("avdelingsleder@test.no")] == ["Ukeoversikt for avdelingen, uke 38"]
    assert len(smtp.to("avdelingsleder2@test.no")) == 1


def test_the_settings_page_saves_the_choices(app, world, login, ctx):
    client = login(world.email("mentor"))
    page = client.get("/varsler/innstillinger").get_data(as_text=True)
    assert "Påminnelse dagen før en opplæringsvakt eller samtale" in page
    kinds = [k.value for k in NotificationKind if k not in (NotificationKind.TOMORROW, NotificationKind.CHANGE)]
    response = post_form(client, "/varsler/innstillinger", {"email_kinds": kinds, "digest_weekday": "2"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "mentor@test.no"))
    saved = db.session.get(NotificationSettings, user.id)
    assert (saved.digest_weekday, sorted(saved.muted_kinds)) == (2, ["change", "tomorrow"])
    page = client.get("/varsler/innstillinger").get_data(as_text=True)
    assert 'value="tomorrow"' in page and 'checked id="email_kinds-0"' not in page
    assert '<option selected value="2">Onsdag</option>' in page


# --- The digest, prøvetid, the monthly note ---------------------------------------------------------

def test_the_digest_lists_next_week_overdue_conflicts_and_units_short_of_mentors(world, smtp, ctx):
    friday = date(2026, 10, 23)
    place(world, "Mentorsamtale uke 8", datetime(2026, 10, 26, 10))
    plan = db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan
    conflict = next(a for a in plan.activities if a.title == "Mentorsamtale uke 6")
    conflict.status, conflict.conflict_reason = ActivityStatus.CONFLICT, "Mona Mentor har fravær 12.10–18.10"
    db.session.commit()
    run_once(datetime.combine(friday, time(7, 30), tzinfo=OSLO))
    [digest] = smtp.to("avdelingsleder@test.no")
    text = digest.part("plain")
    assert "Neste sju dager (24.10–30.10)\n- mandag 26.10.2026 kl. 10:00–10:45: Mentorsamtale uke 8 – Nina Nytilsatt" in text
    assert "- Oppfølgingssamtale – Nina Nytilsatt (frist 18.10.2026)" in text
    assert "- Mentorsamtale uke 6 – Nina Nytilsatt: Mona Mentor har fravær 12.10–18.10" in text
    assert "Enheter med færre enn to mentorer\nIngen." in text
    # Nils (avdeling 2) is not in Anne's digest; unit B has one mentor.
    assert "Nils" not in text
    text_b = smtp.to("avdelingsleder_b@test.no")[0].part("plain")
    assert "Hjemmesykepleien Øst: 1 aktiv mentor" in text_b


def test_the_leader_is_reminded_of_the_probation_deadline(world, smtp, ctx):
    plan = db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan
    evaluation = next(a for a in plan.activities if a.title == "Prøvetidsvurdering")
    notice_day = evaluation.due_to - timedelta(days=14)
    run_once(datetime.combine(notice_day - timedelta(days=1), time(7), tzinfo=OSLO))
    assert smtp.to("avdelingsleder@test.no") == [] or all(
        "prøvetid" not in r.subject for r in smtp.to("avdelingsleder@test.no"))
    run_once(datetime.combine(notice_day, time(7), tzinfo=OSLO))
    run_once(datetime.combine(notice_day + timedelta(days=1), time(7), tzinfo=OSLO))
    got = [r for r in smtp.to("avdelingsleder@test.no") if r.subject.startswith("Frist for prøvetidsvurdering")]
    assert [r.subject for r in got] == [f"Frist for prøvetidsvurdering {evaluation.due_to:%d.%m.%Y}"]
    assert f"Prøvetidsvurderingen for Nina Nytilsatt må holdes innen {evaluation.due_to:%d.%m.%Y}" in got[0].part("plain")
    assert not [r for r in smtp.received if r.subject.startswith("Frist") and "avdelingsleder@" not in r.to[0]
                and "avdelingsleder2@" not in r.to[0] and "avdelingsleder_b@" not in r.to[0]]


def test_the_enhetsleder_gets_a_monthly_note_of_plans_behind(world, smtp, ctx):
    run_once(datetime(2026, 10, 31, 23, tzinfo=OSLO))
    run_once(datetime(2026, 11, 1, 7, tzinfo=OSLO))
    run_once(datetime(2026, 11, 15, 7, tzinfo=OSLO))
    got = smtp.to("enhetsleder@test.no")
    assert [r.subject for r in got] == ["Planer som henger etter, oktober 2026", "Planer som henger etter, november 2026"]
    text = got[1].part("plain")
    assert "- Nina Nytilsatt (Avdeling 1): " in text and "- Nils Nytilsatt (Avdeling 2): " in text
    assert "Nora" not in text  # unit B is another enhetsleder's


# --- Same-day changes from the scheduler -------------------------------------------------------------

def test_the_scheduler_moving_an_activity_within_48_hours_tells_the_people_involved(app, world, ctx):
    from mentorplan.scheduling.service import schedule_all
    from tests.scheduling.test_scheduling_service import add_shifts, weekdays
    from tests.factories import MENTEE_START
    app.config["FIXED_NOW"] = datetime(2026, 9, 6, 12, tzinfo=OSLO)
    for key in ("mentee", "mentor"):
        add_shifts(world.person_ids[key], weekdays(MENTEE_START, 6))
    db.session.commit()
    schedule_all(today=date(2026, 9, 6))
    db.session.commit()
    placed = notifications(NotificationKind.CHANGE)
    # Placed on Monday 07.09 (within 48 hours): the mentee, the mentor and the avdelingsleder are told.
    assert {n.person_id for n in placed} >= {world.person_ids[k] for k in ("mentee", "mentor", "avdelingsleder")}
    assert all(n.subject.startswith("Ny aktivitet:") for n in placed)
    before = len(placed)
    # The mentor falls ill on Monday: what was placed that day moves, and they hear of it.
    db.session.add(Absence(person_id=world.person_ids["mentor"], day=date(2026, 9, 7), kind=AbsenceKind.SYKEFRAVAER))
    db.session.commit()
    from mentorplan.scheduling.service import replan_people
    replan_people([world.person_ids["mentor"]], today=date(2026, 9, 6))
    db.session.commit()
    moved = notifications(NotificationKind.CHANGE)[before:]
    assert moved and all(n.subject.startswith("Endring:") for n in moved)
    assert {n.person_id for n in moved} >= {world.person_ids["mentee"], world.person_ids["mentor"]}
    assert "«Første mentorsamtale: bli kjent» er flyttet fra mandag 07.09.2026 kl. 09:45 til tirsdag 08.09.2026" in moved[0].summary
    assert all("sykefravær" not in n.body_text.lower() for n in moved)
    # Nothing far ahead (week 3 onwards) was announced.
    assert all("14.09" not in n.body_text for n in notifications(NotificationKind.CHANGE))
    # Running the scheduler again changes nothing and tells nobody anything.
    replan_people([world.person_ids["mentor"]], today=date(2026, 9, 6))
    db.session.commit()
    assert len(notifications(NotificationKind.CHANGE)) == before + len(moved)
    # The mentee goes on ferie for six weeks: what lay within 48 hours is taken out of the turnus.
    for n in range(42):
        db.session.add(Absence(person_id=world.person_ids["mentee"], day=MENTEE_START + timedelta(days=n),
                               kind=AbsenceKind.FERIE))
    db.session.commit()
    replan_people([world.person_ids["mentee"]], today=date(2026, 9, 6))
    db.session.commit()
    taken_out = notifications(NotificationKind.CHANGE)[before + len(moved):]
    assert taken_out and all(n.subject.endswith("er tatt ut av turnusen") for n in taken_out)
    assert ("«Velkomst og oppstartssamtale» mandag 07.09.2026 kl. 08:45 er tatt ut av turnusen. "
            "Lederen finner et nytt tidspunkt.") in {n.summary for n in taken_out
                                                     if n.person_id == world.person_ids["mentee"]}


# --- The start page, and who sees what ---------------------------------------------------------------

def test_unread_notifications_show_on_the_start_page_until_marked_read(app, world, login, talk, ctx):
    run_once(AFTERNOON)
    client = login(world.email("mentee"))
    page = client.get("/").get_data(as_text=True)
    assert "Varsler</a> (1 uleste)" in page
    assert "Første mentorsamtale: bli kjent med mentor Mona Mentor i morgen kl. 10:00." in page
    [mine] = [n for n in notifications() if n.person_id == world.person_ids["mentee"]]
    response = post_form(client, f"/varsler/{mine.id}/lest", {"next": "/"}, form_url="/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Ingen uleste varsler." in page and "Mona Mentor i morgen" not in page
    # Read, it stays on the list of all notifications, no longer marked new.
    listing = client.get("/varsler").get_data(as_text=True)
    assert "Mona Mentor i morgen" in listing and "<strong>Ny:</strong>" not in listing
    db.session.expire_all()
    assert db.session.get(Notification, mine.id).read_at is not None


def test_mark_all_read_touches_only_ones_own(app, world, login, talk, ctx):
    run_once(AFTERNOON)
    client = login(world.email("mentor"))
    response = post_form(client, "/varsler/lest", {}, form_url="/varsler")
    assert response.status_code == 302
    db.session.expire_all()
    read = {n.person_id: n.read_at is not None for n in notifications(NotificationKind.TOMORROW)}
    assert read == {world.person_ids["mentor"]: True, world.person_ids["mentee"]: False}


@pytest.mark.parametrize("key", ["mentor", "avdelingsleder", "enhetsleder", "admin", "hr", "mentee2"])
def test_nobody_else_reads_or_marks_a_persons_notification(app, world, login, talk, ctx, key):
    run_once(AFTERNOON)
    [mine] = [n for n in notifications() if n.person_id == world.person_ids["mentee"]]
    client = login(world.email(key))
    assert client.get(f"/varsler/{mine.id}").status_code == 404
    assert "Mona Mentor i morgen" not in client.get("/varsler").get_data(as_text=True)
    response = client.post(f"/varsler/{mine.id}/lest", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, mine.id).read_at is None


def test_the_recipient_reads_the_email_as_it_was_sent(app, world, login, talk, ctx):
    run_once(AFTERNOON)
    [mine] = [n for n in notifications() if n.person_id == world.person_ids["mentee"]]
    page = login(world.email("mentee")).get(f"/varsler/{mine.id}").get_data(as_text=True)
    assert "E-post: i lokal utboks til mentee@test.no" in page  # no SMTP_HOST: the local outbox
    assert "Bli kjent, forventninger til hverandre og læringsmål" in page
    assert 'sandbox srcdoc="&lt;!doctype html&gt;' in page


def test_the_admins_outbox_shows_delivery_of_the_own_kommune_and_no_content(app, world, login, talk, ctx):
    with_other = place(world, "Første mentorsamtale: bli kjent", datetime.combine(WEDNESDAY, time(11)),
                       key="mentee_other", partner="mentor_other")
    assert with_other
    run_once(AFTERNOON)
    page = login(world.email("admin")).get("/utboks").get_data(as_text=True)
    assert "Nina Nytilsatt (mentee@test.no)" in page and "Mona Mentor (mentor@test.no)" in page
    assert "i lokal utboks" in page
    assert "Noah" not in page and "Mia Annen" not in page  # the other kommune
    assert "Første mentorsamtale" not in page and "i morgen" not in page  # what a message says


def test_no_message_carries_sick_leave_or_leave_by_name(app, world, smtp, ctx):
    """Conflicts that come from sick leave or permisjon say «fravær», in every message."""
    from mentorplan.scheduling.service import schedule_all
    from tests.factories import MENTEE_START
    from tests.scheduling.test_scheduling_service import add_shifts, weekdays
    app.config["FIXED_NOW"] = datetime(2026, 9, 6, 12, tzinfo=OSLO)
    add_shifts(world.person_ids["mentee"], weekdays(MENTEE_START, 6))
    add_shifts(world.person_ids["mentor"], weekdays(MENTEE_START, 6))
    for n in range(42):
        day = MENTEE_START + timedelta(days=n)
        db.session.add(Absence(person_id=world.person_ids["mentor"], day=day,
                               kind=AbsenceKind.SYKEFRAVAER if n < 21 else AbsenceKind.PERMISJON))
    db.session.commit()
    schedule_all(today=date(2026, 9, 6))
    db.session.commit()
    for hour in range(0, 24 * 14, 7):
        moment = datetime(2026, 9, 6, 7, tzinfo=OSLO) + timedelta(hours=hour)
        app.config["FIXED_NOW"] = moment
        run_once(moment)
    digests = [r for r in smtp.received if r.subject.startswith("Ukeoversikt")]
    assert digests and any("har fravær" in r.part("plain") for r in digests)
    for received in smtp.received:
        for text in (received.part("plain"), received.part("html"), received.subject):
            assert "sykefravær" not in text.lower() and "permisjon" not in text.lower(), received.subject
    for notification in notifications():
        assert "sykefravær" not in notification.body_text.lower() and "permisjon" not in notification.summary.lower()


# --- The command ----------------------------------------------------------------------------------

def test_scheduler_once_runs_the_jobs_as_at_the_given_time(app, world, runner, talk, ctx):
    result = runner.invoke(args=["scheduler", "--once", "--now", "2026-09-08T14:05"])
    assert result.exit_code == 0, result.output
    assert "nye varsler. E-post: 0 sendt, " in result.output
    assert {n.kind for n in notifications()} >= {NotificationKind.TOMORROW}
    again = runner.invoke(args=["scheduler", "--once", "--now", "2026-09-08T14:10"])
    assert again.output.startswith("0 nye varsler.")


@pytest.mark.parametrize(("args", "message"), [
    (["scheduler", "--now", "2026-09-08T14:05"], "--now kan bare brukes sammen med --once."),
    (["scheduler", "--once", "--now", "i morgen"], "«i morgen» er ikke et tidspunkt (YYYY-MM-DDTHH:MM)."),
])
def test_scheduler_refuses_bad_options_clearly(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and message in result.output


def test_building_the_app_never_loads_the_scheduler():
    """Web workers build the app; the scheduler must not even be imported there."""
    import subprocess
    import sys
    code = "import sys; from wsgi import app; print('apscheduler' in sys.modules, 'mentorplan.jobs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_a_long_list_of_notifications_comes_in_pages(app, world, login, ctx):
    from mentorplan.models.types import utcnow
    for n in range(30):
        db.session.add(Notification(key=f"test:{n}", kind=NotificationKind.CHANGE, person_id=world.person_ids["mentee"],
                                    summary=f"Varsel nummer {n:02d}.", subject="Endring", body_text="", body_html="",
                                    due_at=utcnow() - timedelta(minutes=n)))
    db.session.commit()
    client = login(world.email("mentee"))
    first = client.get("/varsler").get_data(as_text=True)
    assert "Side 1 av 2" in first and "Varsel nummer 00." in first and "Varsel nummer 29." not in first
    second = client.get("/varsler?side=2").get_data(as_text=True)
    assert "Varsel nummer 29." in second and "Nyere" in second
    assert "Varsler</a> (30 uleste)" in client.get("/").get_data(as_text=True)
