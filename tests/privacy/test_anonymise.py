"""GDPR: people are anonymised a configurable time after their last employment ended, kommune by
kommune, keeping every figure of the retention statistics; `flask anonymise [--dry-run]` and the
scheduler's daily job."""
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from mentorplan import jobs
from mentorplan.privacy.anonymise import ANONYMOUS_FIRST_NAME, anonymise_all, anonymise_kommune, due_for_anonymisation
from mentorplan.checklists.operations import current_checklist, mark
from mentorplan.demo.kommune import build_demo
from mentorplan.extensions import db
from mentorplan.feeds import tokens
from mentorplan.models import (
    Absence,
    AbsenceKind,
    AccessAction,
    ActivityStatus,
    AccessKind,
    AccessLogEntry,
    AgreedAction,
    CalendarToken,
    ChecklistEntry,
    Conversation,
    EmailStatus,
    EndReason,
    FailedLogin,
    FeedKind,
    Kommune,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    PlanActivity,
    Responsible,
    Shift,
    Unit,
    User,
)
from mentorplan.notifications.actions import queue_action_notices
from mentorplan.notifications.outbox import report_refused_address
from mentorplan.notifications.reminders import generate_due
from mentorplan.retention import Question
from mentorplan.retention.source import mentor_records, retention_report, unit_before_after

from tests import factories

ENDED = date(2026, 10, 1)
AFTER = 365


def _end(person_id: int, on: date = ENDED) -> None:
    for employment in db.session.get(Person, person_id).employments:
        employment.end_date, employment.end_reason = on, EndReason.FRIVILLIG


def _personal_data(person_id: int):
    """Every kind of personal data the anonymisation must remove, for one person."""
    person = db.session.get(Person, person_id)
    user = db.session.scalar(select(User).where(User.person_id == person_id))
    start = datetime(2026, 9, 20, 7, tzinfo=UTC)
    db.session.add(Shift(person=person, day=start.date(), code="D1", starts=start.replace(tzinfo=None),
                         ends=(start + timedelta(hours=8)).replace(tzinfo=None)))
    db.session.add(Absence(person=person, day=date(2026, 9, 21), kind=AbsenceKind.SYKEFRAVAER))
    db.session.add(Notification(key=f"test:{person_id}", kind=NotificationKind.TOMORROW, person=person,
                                summary="Hei Nina", subject="Hei", body_text="Hei Nina", body_html="<p>Hei Nina</p>",
                                due_at=start))
    db.session.add(FailedLogin(email=user.email, address="10.0.0.9"))
    tokens.issue(user, FeedKind.ACTIVITIES)
    db.session.add(AccessLogEntry(actor_id=None, subject_id=person_id, kind=AccessKind.CONVERSATION,
                                  action=AccessAction.READ, object_id=1, address="10.0.0.1"))


@pytest.fixture
def ended(app, ctx):
    """The world with Nina's notes and checklist; Nina (A) and Noah (the other kommune) left on 01.10.2026;
    Nils left a job at unit A but still works at unit B."""
    world = factories.build_world()
    talks = factories.conversations(world)
    mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
    mentor = db.session.get(Person, world.person_ids["mentor"])
    item = current_checklist(mentorship.employment.unit).items[0]
    mark(mentorship, item, "opplaering", date(2026, 9, 15), mentor, date(2026, 9, 18))
    _personal_data(world.person_ids["mentee"])
    _end(world.person_ids["mentee"])
    _end(world.person_ids["mentee_other"])
    nils = db.session.get(Person, world.person_ids["mentee2"])
    _end(nils.id, date(2026, 9, 30))
    factories.employment(nils, db.session.get(Unit, world.unit_ids["b"]), date(2026, 10, 1))
    db.session.commit()
    return world, talks, mentorship.id


def _names(kommune_id: int) -> dict[int, str]:
    return {p.id: p.full_name for p in db.session.scalars(select(Person).where(Person.kommune_id == kommune_id))}


def test_a_person_is_anonymised_only_once_the_time_has_passed_and_only_in_their_kommune(ended, app):
    world, talks, mentorship_id = ended
    nina, noah, nils = (world.person_ids[k] for k in ("mentee", "mentee_other", "mentee2"))
    kommune = db.session.get(Kommune, world.kommune_id)
    # The day before the time is up, nobody is due; on the day after, only Nina (Nils still works at B).
    assert due_for_anonymisation(kommune.id, ENDED + timedelta(days=1)) == [nina]
    early = anonymise_kommune(kommune, ENDED + timedelta(days=AFTER), AFTER)
    assert early.person_ids == []
    others_before = _names(world.other_kommune_id)
    a_before = _names(world.kommune_id)
    log_before = db.session.scalar(select(func.count(AccessLogEntry.id)))

    summary = anonymise_kommune(kommune, ENDED + timedelta(days=AFTER + 1), AFTER)
    db.session.commit()
    assert summary.person_ids == [nina]
    assert str(summary) == "Testkommune: 1 person anonymisert (siste arbeidsforhold sluttet før 02.10.2026)."
    db.session.expire_all()

    person = db.session.get(Person, nina)
    assert (person.first_name, person.last_name, person.email) == (ANONYMOUS_FIRST_NAME, f"#{nina}", None)
    assert person.employee_number == f"anonym-{nina}" and person.anonymised_at is not None
    user = db.session.scalar(select(User).where(User.person_id == nina))
    assert not user.is_enabled and user.password_hash is None and "nina" not in user.email.lower()
    assert user.email.endswith("@anonymisert.invalid")
    for model, column in ((Shift, Shift.person_id), (Absence, Absence.person_id),
                          (Notification, Notification.person_id)):
        assert db.session.scalar(select(func.count()).select_from(model).where(column == nina)) == 0, model
    assert db.session.scalar(select(func.count(CalendarToken.id)).where(CalendarToken.user_id == user.id)) == 0
    assert db.session.scalar(select(func.count(FailedLogin.id)).where(FailedLogin.email == "mentee@test.no")) == 0
    assert db.session.scalar(select(func.count(ChecklistEntry.id))) == 0
    for conversation in db.session.scalars(select(Conversation).where(Conversation.mentorship_id == mentorship_id)):
        assert (conversation.notes, conversation.preparation, conversation.reflection, conversation.topics) == \
            ("", "", "", [])
        assert conversation.held_on is not None  # that it was held stays (programme figures)
    assert db.session.get(AgreedAction, talks["action"]).what == "(anonymisert)"
    # The access log keeps every entry, about the same (now anonymous) person, and one for the change.
    assert db.session.scalar(select(func.count(AccessLogEntry.id))) == log_before + 1
    change = db.session.scalar(select(AccessLogEntry).order_by(AccessLogEntry.id.desc()).limit(1))
    assert (change.subject_id, change.actor_id, change.action) == (nina, None, AccessAction.CHANGE)
    assert db.session.scalar(select(func.count(AccessLogEntry.id)).where(AccessLogEntry.subject_id == nina)) >= 2
    # The employment and the mentorship stay, for the statistics.
    assert person.employments[0].end_date == ENDED
    assert db.session.get(Mentorship, mentorship_id).mentee_id == nina
    # Everyone else is untouched: Nils (still employed), the mentor, the other kommune's Noah.
    after = _names(world.kommune_id)
    assert {k: v for k, v in after.items() if k != nina} == {k: v for k, v in a_before.items() if k != nina}
    assert _names(world.other_kommune_id) == others_before and "Noah Nytilsatt" in others_before.values()
    assert db.session.get(Person, nils).anonymised_at is None
    # Again: nothing more to do (the job is idempotent).
    assert anonymise_kommune(kommune, ENDED + timedelta(days=AFTER + 30), AFTER).person_ids == []

    # All kommuner, each on its own: now Noah, in the other kommune, too.
    summaries = anonymise_all(ENDED + timedelta(days=AFTER + 1), AFTER)
    assert [(s.kommune, s.person_ids) for s in summaries] == [("Annen kommune", [noah]), ("Testkommune", [])]
    assert db.session.get(Person, noah).first_name == ANONYMOUS_FIRST_NAME


def _figures(kommune_id: int, day: date):
    question = Question(date(2010, 1, 1), day, 12, day)
    units = list(db.session.scalars(select(Unit).where(Unit.kommune_id == kommune_id)))
    return (retention_report(kommune_id, question, None, suppress=True),
            retention_report(kommune_id, question, None, suppress=False),
            [unit_before_after(unit, day) for unit in units],
            mentor_records(kommune_id))


def test_the_retention_figures_are_the_same_after_anonymisation(app, ctx, runner):
    from mentorplan.clock import today
    day = today()
    build_demo(day)
    db.session.commit()
    kommune = db.session.scalar(select(Kommune))
    before = _figures(kommune.id, day)
    cli_before = runner.invoke(args=["retention", "--from", "2010-01-01", "--to", day.isoformat(), "--format", "csv"])
    assert before[0].total.hired > 20 and before[0].total.left > 0

    summary = anonymise_kommune(kommune, day, 0)
    db.session.commit()
    db.session.expire_all()
    assert len(summary.person_ids) >= 10  # every demo person who left before today
    assert all(p.first_name == ANONYMOUS_FIRST_NAME for p in
               db.session.scalars(select(Person).where(Person.id.in_(summary.person_ids))))
    after = _figures(kommune.id, day)
    cli_after = runner.invoke(args=["retention", "--from", "2010-01-01", "--to", day.isoformat(), "--format", "csv"])
    assert after == before
    assert cli_after.exit_code == 0 and cli_after.output == cli_before.output


def test_the_command_and_its_dry_run(ended, app, runner, monkeypatch):
    world, _, _ = ended
    nina = world.person_ids["mentee"]
    monkeypatch.setitem(app.config, "ANONYMISE_AFTER_DAYS", 0)
    monkeypatch.setitem(app.config, "FIXED_TODAY", ENDED + timedelta(days=1))
    dry = runner.invoke(args=["anonymise", "--dry-run", "--kommune", "Testkommune"])
    assert dry.exit_code == 0, dry.output
    assert "Testkommune: 1 person ville blitt anonymisert" in dry.output and "ingenting er endret" in dry.output
    db.session.expire_all()
    assert db.session.get(Person, nina).first_name == "Nina"
    unknown = runner.invoke(args=["anonymise", "--kommune", "Ukjent"])
    assert unknown.exit_code == 1 and "Fant ingen kommune som heter «Ukjent»" in unknown.output
    done = runner.invoke(args=["anonymise"])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == [
        "Annen kommune: 1 person anonymisert (siste arbeidsforhold sluttet før 02.10.2026).",
        "Testkommune: 1 person anonymisert (siste arbeidsforhold sluttet før 02.10.2026).",
    ]
    db.session.expire_all()
    assert db.session.get(Person, nina).first_name == ANONYMOUS_FIRST_NAME


def test_the_scheduler_runs_it_every_night(ended, app, monkeypatch):
    world, _, _ = ended
    scheduler = jobs.build_scheduler(app)
    job = scheduler.get_job("anonymise_due")
    assert job is not None and "hour='3'" in str(job.trigger)
    monkeypatch.setitem(app.config, "ANONYMISE_AFTER_DAYS", AFTER)
    assert [s.person_ids for s in jobs.anonymise_due(datetime(2027, 10, 1, 2, tzinfo=UTC))] == [[], []]
    summaries = jobs.anonymise_due(datetime(2027, 10, 3, 2, tzinfo=UTC))
    assert sorted(i for s in summaries for i in s.person_ids) == sorted(
        [world.person_ids["mentee"], world.person_ids["mentee_other"]])


# --- Notifications and other copies of her name and text (security issue 20) ------------------

FRIDAY = datetime(2026, 9, 25, 14, 5, tzinfo=UTC)  # 16:05 in Oslo: tomorrow's reminders and the digest
ACTION_TEXT = "Snakke med tillitsvalgt om nattevaktene"


def _place(world, key: str, mentor: str, title: str, start: datetime) -> int:
    plan = db.session.get(Mentorship, world.mentorship_ids[key]).plan
    activity = next(a for a in plan.activities if a.title == title)
    activity.status = ActivityStatus.SCHEDULED
    activity.scheduled_start, activity.scheduled_end = start, start + timedelta(minutes=45)
    activity.partner_id = world.person_ids[mentor]
    activity.placement_note = f"Felles vakt D1 26.09 med mentor {db.session.get(Person, activity.partner_id).full_name}."
    return activity.id


def _others_hear_of_nina(world, talks) -> None:
    """Messages to other people about Nina (and, beside them, about Nils), as the app makes them:
    tomorrow's reminder to her mentor, the avdelingsleder's digest, an agreed action given to the
    avdelingsleder, and the admins' notice of her refused address."""
    nina = db.session.get(Person, world.person_ids["mentee"])
    mentor = db.session.get(Person, world.person_ids["mentor"])
    saturday = datetime(2026, 9, 26, 10)
    _place(world, "mentee", "mentor", "Mentorsamtale uke 3", saturday)
    _place(world, "mentee2", "mentor2", "Mentorsamtale uke 3", saturday)
    conversation = db.session.get(Conversation, talks["conversation"])
    action = AgreedAction(what=ACTION_TEXT, who=Responsible.AVDELINGSLEDER, due_on=date(2026, 10, 20))
    conversation.actions.append(action)
    db.session.flush()
    queue_action_notices(conversation, [action], mentor, date(2026, 9, 18))
    generate_due(FRIDAY)
    report_refused_address(nina, "mentee@test.no", "550 5.1.1 Mailbox unavailable", FRIDAY)
    db.session.commit()


def _mentioning(*needles: str) -> list[Notification]:
    return [n for n in db.session.scalars(select(Notification).order_by(Notification.id))
            if any(needle in text for needle in needles
                   for text in (n.summary, n.subject, n.body_text, n.body_html))]


def test_anonymisation_reaches_other_peoples_notifications_about_her(ended, app):
    world, talks, _ = ended
    nina = world.person_ids["mentee"]
    _others_hear_of_nina(world, talks)
    about_her = _mentioning("Nina Nytilsatt", ACTION_TEXT)
    recipients = {n.person_id for n in about_her}
    # The mentor, the avdelingsleder (digest and action) and the admin heard of her.
    assert {world.person_ids[k] for k in ("mentor", "avdelingsleder", "admin")} <= recipients
    assert any(n.key.startswith("digest:") for n in about_her) and any(n.key.startswith("action:") for n in about_her)
    about_nils = {n.id: (n.summary, n.body_text) for n in _mentioning("Nils Nytilsatt") if n not in about_her}
    assert about_nils

    anonymise_kommune(db.session.get(Kommune, world.kommune_id), ENDED + timedelta(days=AFTER + 1), AFTER)
    db.session.commit()
    db.session.expire_all()

    assert _mentioning("Nina Nytilsatt", ACTION_TEXT, "mentee@test.no") == []
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.person_id == nina)) == 0
    # A message about her that was still waiting is never sent now.
    assert not [n for n in db.session.scalars(select(Notification)) if n.email_status is EmailStatus.PENDING
                and (n.key.startswith("bad_address:") or n.key.startswith("action:"))]
    # Messages about Nils alone are as they were (an overview that named both is emptied).
    assert {n.id: (n.summary, n.body_text) for n in _mentioning("Nils Nytilsatt")} == about_nils
    # The placement note in her plan is gone; Nils's stays.
    notes = {a.plan.mentorship.mentee_id: a.placement_note for a in db.session.scalars(
        select(PlanActivity).where(PlanActivity.title == "Mentorsamtale uke 3"))}
    assert notes[nina] is None and notes[world.person_ids["mentee2"]]


def test_her_notifications_go_by_their_keys_even_when_the_text_has_an_old_name(ended, app):
    """The keys name the activity, the action and the person, so a message written before she
    changed her name is found all the same."""
    world, talks, _ = ended
    _others_hear_of_nina(world, talks)
    nina = db.session.get(Person, world.person_ids["mentee"])
    nina.last_name = "Gift"
    db.session.commit()
    anonymise_kommune(db.session.get(Kommune, world.kommune_id), ENDED + timedelta(days=AFTER + 1), AFTER)
    db.session.commit()
    db.session.expire_all()
    left = _mentioning("Nina Nytilsatt", ACTION_TEXT, "mentee@test.no")
    # Only the overviews (weekly digest, monthly note) name her by nothing but her old name.
    assert {n.key.split(":")[0] for n in left} <= {"digest", "behind"}


def test_the_other_copies_of_her_login_go_too(ended, app):
    """The address waiting for confirmation, the single sign-on subject and the TOTP secret."""
    world, _, _ = ended
    user = db.session.scalar(select(User).where(User.person_id == world.person_ids["mentee"]))
    user.pending_email, user.email_token_hash = "nina.privat@example.no", "a" * 64
    user.email_token_expires_at = datetime(2026, 9, 20, tzinfo=UTC)
    user.sso_subject, user.totp_secret, user.totp_enabled = "entra-oid-nina", "JBSWY3DPEHPK3PXP", True
    db.session.commit()
    anonymise_kommune(db.session.get(Kommune, world.kommune_id), ENDED + timedelta(days=AFTER + 1), AFTER)
    db.session.commit()
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.person_id == world.person_ids["mentee"]))
    assert (user.pending_email, user.email_token_hash, user.email_token_expires_at, user.sso_subject,
            user.totp_secret, user.totp_enabled) == (None, None, None, None, None, False)


def _notification(person_id: int, key: str, due: datetime, status=EmailStatus.SENT, expires=None) -> None:
    db.session.add(Notification(key=key, kind=NotificationKind.DIGEST, person_id=person_id, summary=key,
                                subject=key, body_text=key, body_html=key, due_at=due, expires_at=expires,
                                email_status=status))


def test_notifications_older_than_the_retention_period_are_deleted_every_night(ended, app, monkeypatch):
    world, _, _ = ended
    leader = world.person_ids["avdelingsleder"]
    other = world.person_ids["mentor_other"]
    now = datetime(2028, 1, 10, 2, tzinfo=UTC)
    old, recent = now - timedelta(days=401), now - timedelta(days=399)
    _notification(leader, "old-sent", old)
    _notification(leader, "old-expired", old, EmailStatus.EXPIRED)
    _notification(other, "old-other-kommune", old, EmailStatus.OUTBOX)
    _notification(leader, "old-pending-over", old, EmailStatus.PENDING, expires=now - timedelta(days=1))
    _notification(leader, "old-pending-still-due", old, EmailStatus.PENDING)
    _notification(leader, "recent", recent)
    db.session.commit()
    assert app.config["NOTIFICATION_RETENTION_DAYS"] == 400
    summaries = jobs.anonymise_due(now)
    db.session.expire_all()
    keys = set(db.session.scalars(select(Notification.key)))
    assert {"old-sent", "old-expired", "old-other-kommune", "old-pending-over"}.isdisjoint(keys)
    assert {"old-pending-still-due", "recent"} <= keys
    assert sorted(s.old_notifications for s in summaries) == [1, 3]


def test_the_command_deletes_old_notifications_too_and_its_dry_run_only_counts(ended, app, runner, monkeypatch):
    world, _, _ = ended
    monkeypatch.setitem(app.config, "FIXED_TODAY", date(2026, 9, 20))
    monkeypatch.setitem(app.config, "NOTIFICATION_RETENTION_DAYS", 10)
    _notification(world.person_ids["avdelingsleder"], "old", datetime(2026, 9, 1, tzinfo=UTC))
    db.session.commit()
    dry = runner.invoke(args=["anonymise", "--dry-run", "--kommune", "Testkommune"])
    assert dry.exit_code == 0, dry.output
    assert "1 varsel eldre enn 10 dager ville blitt slettet" in dry.output
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.key == "old")) == 1
    done = runner.invoke(args=["anonymise", "--kommune", "Testkommune"])
    assert done.exit_code == 0 and "1 varsel eldre enn 10 dager slettet" in done.output, done.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.key == "old")) == 0
