"""GDPR: anonymise the personal data of people whose last employment ended long enough ago.

A person is anonymised when every employment they had in the kommune ended more than
`ANONYMISE_AFTER_DAYS` days ago; anyone still employed (in any unit of the kommune) is untouched.
What identifies them or is theirs goes: name, e-mail, employee number, login, calendar tokens,
notifications, failed logins under their address, the texts of their conversations as mentee
(notes, preparation, reflection, topics, agreed actions, mentor-change reasons), their checklist
answers, their turnus (shifts, absences, rotation) and their plan's placement notes.

What the statistics read stays, unchanged: the person row (now "Anonymisert"), employments and
their size changes, roles, mentorships, plans and their activities' dates and statuses, pulse
scores (numbers, no free text), training and network attendance. So the retention report and the
programme figures come out the same before and after. The access log keeps every entry; its
subject is the same, now anonymised, person row, so the log stays consistent.

Each kommune is done on its own and committed on its own (`anonymise_all`).
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, exists, func, select, update

from mentorplan.clock import now as clock_now
from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AccessAction,
    AccessKind,
    AccessLogEntry,
    AgreedAction,
    CalendarToken,
    CancelledEvent,
    Checklist,
    ChecklistEntry,
    Conversation,
    ConversationRevision,
    Employment,
    FailedLogin,
    Kommune,
    MentorChange,
    Mentorship,
    Notification,
    NotificationSettings,
    Person,
    Plan,
    PlanActivity,
    RotationException,
    RotationPattern,
    Shift,
    User,
)

ANONYMOUS_FIRST_NAME = "Anonymisert"


@dataclass
class AnonymiseSummary:
    kommune: str
    cutoff: date
    person_ids: list[int] = field(default_factory=list)
    dry_run: bool = False

    def __str__(self) -> str:
        count = len(self.person_ids)
        people = "1 person" if count == 1 else f"{count} personer"
        verb = "ville blitt anonymisert" if self.dry_run else "anonymisert"
        return f"{self.kommune}: {people} {verb} (siste arbeidsforhold sluttet før {self.cutoff:%d.%m.%Y})."


def due_for_anonymisation(kommune_id: int, cutoff: date) -> list[int]:
    """Ids of the kommune's people, not yet anonymised, whose employments all ended before `cutoff`."""
    still_employed = exists().where(
        Employment.person_id == Person.id,
        (Employment.end_date.is_(None)) | (Employment.end_date >= cutoff))
    has_employment = exists().where(Employment.person_id == Person.id)
    return list(db.session.scalars(
        select(Person.id).where(Person.kommune_id == kommune_id, Person.anonymised_at.is_(None),
                                has_employment, ~still_employed).order_by(Person.id)))


def anonymise_kommune(kommune: Kommune, today: date, after_days: int, *, dry_run: bool = False) -> AnonymiseSummary:
    """Anonymise the kommune's people who are due; the caller commits (or, on a dry run, rolls back)."""
    cutoff = today - timedelta(days=after_days)
    summary = AnonymiseSummary(kommune.name, cutoff, due_for_anonymisation(kommune.id, cutoff), dry_run)
    if not dry_run:
        for person_id in summary.person_ids:
            anonymise_person(db.session.get(Person, person_id))
    return summary


def anonymise_person(person: Person) -> None:
    """Remove what identifies the person or is theirs alone; keep what the statistics count."""
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    emails = {e.lower() for e in (person.email, user.email if user else None) if e}
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = f"#{person.id}"
    person.email = None
    person.employee_number = f"anonym-{person.id}"
    person.anonymised_at = clock_now()
    if user is not None:
        user.email = f"anonymisert-{user.id}@anonymisert.invalid"
        user.password_hash = None
        user.is_enabled = False
        user.last_login_at = None
        user.invitation_token_hash = user.invitation_expires_at = user.invited_at = None
        user.clear_reset_token()
        user.end_sessions()
        db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user.id))
        db.session.execute(delete(NotificationSettings).where(NotificationSettings.user_id == user.id))
    if emails:
        db.session.execute(delete(FailedLogin).where(func.lower(FailedLogin.email).in_(emails)))
    db.session.execute(delete(Notification).where(Notification.person_id == person.id))
    db.session.execute(delete(CancelledEvent).where(
        (CancelledEvent.mentee_id == person.id) | (CancelledEvent.partner_id == person.id)))
    _turnus(person.id)
    _as_mentee(person.id)
    # The change itself is logged, by no one (the system), about the person.
    db.session.add(AccessLogEntry(actor_id=None, subject_id=person.id, kind=AccessKind.EMPLOYMENT,
                                  action=AccessAction.CHANGE, object_id=person.id, address=None))


def _turnus(person_id: int) -> None:
    patterns = select(RotationPattern.id).where(RotationPattern.person_id == person_id)
    db.session.execute(delete(RotationException).where(RotationException.pattern_id.in_(patterns)))
    db.session.execute(delete(RotationPattern).where(RotationPattern.person_id == person_id))
    db.session.execute(delete(Shift).where(Shift.person_id == person_id))
    db.session.execute(delete(Absence).where(Absence.person_id == person_id))


def _as_mentee(person_id: int) -> None:
    mentorships = select(Mentorship.id).where(Mentorship.mentee_id == person_id)
    conversations = select(Conversation.id).where(Conversation.mentorship_id.in_(mentorships))
    db.session.execute(update(Conversation).where(Conversation.id.in_(conversations)).values(
        notes="", preparation="", reflection="", topics=[]), execution_options={"synchronize_session": False})
    db.session.execute(delete(ConversationRevision).where(ConversationRevision.conversation_id.in_(conversations)))
    db.session.execute(update(AgreedAction).where(AgreedAction.conversation_id.in_(conversations)).values(
        what="(anonymisert)"), execution_options={"synchronize_session": False})
    db.session.execute(update(MentorChange).where(MentorChange.mentorship_id.in_(mentorships)).values(
        reason="(anonymisert)"), execution_options={"synchronize_session": False})
    checklists = select(Checklist.id).where(Checklist.mentorship_id.in_(mentorships))
    db.session.execute(delete(ChecklistEntry).where(ChecklistEntry.checklist_id.in_(checklists)))
    plans = select(Plan.id).where(Plan.mentorship_id.in_(mentorships))
    db.session.execute(update(PlanActivity).where(PlanActivity.plan_id.in_(plans)).values(
        placement_note=None, conflict_reason=None, conflict_suggestions=None),
        execution_options={"synchronize_session": False})
    db.session.expire_all()


def anonymise_all(today: date, after_days: int, *, dry_run: bool = False,
                  kommune_name: str | None = None) -> list[AnonymiseSummary]:
    """Each kommune (or the one named) on its own, in its own transaction."""
    query = select(Kommune).order_by(Kommune.name)
    if kommune_name:
        query = query.where(Kommune.name == kommune_name)
    summaries = []
    for kommune_id in list(db.session.scalars(query.with_only_columns(Kommune.id))):
        kommune = db.session.get(Kommune, kommune_id)
        try:
            summaries.append(anonymise_kommune(kommune, today, after_days, dry_run=dry_run))
            if dry_run:
                db.session.rollback()
            else:
                db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return summaries
