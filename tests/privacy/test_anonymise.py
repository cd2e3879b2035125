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
    AccessKind,
    AccessLogEntry,
    AgreedAction,
    CalendarToken,
    ChecklistEntry,
    Conversation,
    EndReason,
    FailedLogin,
    FeedKind,
    Kommune,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    Shift,
    Unit,
    User,
)
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
