"""E-mail headers are built from single-line text (security issue 20).

A line break in an activity title (plan templates are the enhetsleder's to edit) once made a
Subject that Python's e-mail package refused: the outbox run failed on it, and on every run after.
Now every header built from data is collapsed to one line where it is built, a message that still
cannot be built is marked and never tried again, and the template form refuses line breaks.
Against the real SMTP server of tests/smtp_server.py.
"""
import logging
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.jobs import run_once
from mentorplan.models import (
    EmailStatus,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    TemplateActivity,
    Unit,
    User,
)
from mentorplan.plans.operations import new_draft

from tests.conftest import post_form
from tests.notifications.test_notifications import AFTERNOON, WEDNESDAY, notifications, place, reminders

TITLE = "Første mentorsamtale: bli kjent"


def test_single_line_collapses_every_run_of_whitespace_with_a_line_break():
    from mentorplan.notifications.messages import single_line
    assert single_line("Første\r\n  mentorsamtale:\n\nbli\rkjent") == "Første mentorsamtale: bli kjent"
    assert single_line("Hei \u2028 du\x0bder\x85!") == "Hei du der !"
    assert single_line("Ingen  linjeskift her") == "Ingen  linjeskift her"  # other spaces are left alone


def test_a_line_break_in_an_activity_title_gives_a_one_line_subject_and_the_mail_goes(world, smtp, ctx):
    activity_id = place(world, TITLE, datetime.combine(WEDNESDAY, time(10)))
    activity = next(a for a in db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan.activities
                    if a.id == activity_id)
    activity.title = "Første mentorsamtale:\r\n  bli kjent\nBcc: ute@example.org"
    db.session.commit()
    run_once(AFTERNOON)
    got = reminders(smtp)
    assert sorted(r.to for r in got) == [("mentee@test.no",), ("mentor@test.no",)]
    assert {r.subject for r in got} == {"Påminnelse: Første mentorsamtale: bli kjent Bcc: ute@example.org i morgen"}
    assert all(r.message["Bcc"] is None for r in got)
    db.session.expire_all()
    kept = notifications(NotificationKind.TOMORROW)
    assert {n.email_status for n in kept} == {EmailStatus.SENT}
    assert not any("\n" in n.subject or "\r" in n.subject or "\n" in n.summary for n in kept)


def test_a_subject_queued_with_a_line_break_before_the_fix_is_sent_on_one_line(world, smtp, ctx):
    nina = db.session.get(Person, world.person_ids["mentee"])
    db.session.add(Notification(key="old:1", kind=NotificationKind.CHANGE, person=nina, summary="Endring",
                                subject="Endring:\r\nBcc: ute@example.org", body_text="Tekst", body_html="<p>Tekst</p>",
                                due_at=AFTERNOON, next_attempt_at=AFTERNOON))
    db.session.commit()
    run_once(AFTERNOON)
    [received] = [r for r in smtp.received if r.subject.startswith("Endring")]
    assert received.to == ("mentee@test.no",) and received.subject == "Endring: Bcc: ute@example.org"
    db.session.expire_all()
    assert db.session.scalar(select(Notification.email_status).where(Notification.key == "old:1")) is EmailStatus.SENT


def test_a_message_that_cannot_be_built_stops_and_the_rest_go(app, world, smtp, ctx, caplog):
    place(world, TITLE, datetime.combine(WEDNESDAY, time(10)))
    mentor = db.session.scalar(select(User).where(User.person_id == world.person_ids["mentor"]))
    mentor.email = "mentor@test.no\r\nBcc: ute@example.org"  # an address no header can hold
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="mentorplan.notifications.outbox"):
        first = run_once(AFTERNOON)
    assert [r.to for r in reminders(smtp)] == [("mentee@test.no",)]
    assert first.outbox.unbuildable == 1 and "kunne ikke bygges" in first.outbox.errors[0]
    assert any("kunne ikke bygges" in record.getMessage() for record in caplog.records)
    db.session.expire_all()
    to_mentor = db.session.scalar(select(Notification).where(Notification.person_id == world.person_ids["mentor"],
                                                             Notification.kind == NotificationKind.TOMORROW))
    assert to_mentor.email_status is EmailStatus.EXPIRED and "kunne ikke bygges" in to_mentor.last_error
    # Never tried again.
    later = run_once(AFTERNOON + timedelta(hours=1))
    assert later.outbox.unbuildable == 0 and len(reminders(smtp)) == 1
    assert not [r for r in smtp.received if "ute@example.org" in r.to]
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.email_status == EmailStatus.PENDING, Notification.kind == NotificationKind.TOMORROW)) == 0


def test_the_template_form_refuses_a_line_break_in_a_title(app, world, login):
    with app.app_context():
        draft = new_draft(db.session.get(Unit, world.unit_ids["a"]),
                          db.session.get(Person, world.person_ids["enhetsleder"])).id
        db.session.commit()
        before = db.session.scalar(select(func.count(TemplateActivity.id)))
    leader = login(world.email("enhetsleder"))
    form = {"kind": "annet", "title": "Hospitering\r\nBcc: ute@example.org", "responsible": "mentor",
            "participants": ["mentee"], "due_from_day": "60", "due_to_day": "90", "duration_minutes": "",
            "guidance": "En dag sammen med legevakten.\nTo linjer er greit her."}
    response = post_form(leader, f"/mal/{draft}/aktivitet/ny", form)
    assert response.status_code == 200
    assert "Tittel kan ikke inneholde linjeskift." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(TemplateActivity.id))) == before
    saved = post_form(leader, f"/mal/{draft}/aktivitet/ny", {**form, "title": "Hospitering"})
    assert saved.status_code == 302
