"""GDPR: anonymise the personal data of people whose last employment ended long enough ago.

A person is anonymised when every employment they had in the kommune ended more than
`ANONYMISE_AFTER_DAYS` days ago; anyone still employed (in any unit of the kommune) is untouched.
What identifies them or is theirs goes: name, e-mail, employee number, login (with an address
waiting for confirmation, the single sign-on subject and the TOTP secret), calendar tokens,
notifications, failed logins under their address, the texts of their conversations as mentee
(notes, preparation, reflection, topics, agreed actions, mentor-change reasons), their checklist
answers, their turnus (shifts, absences, rotation) and their plan's placement notes.

Other people's copies go too: a notification to someone else about them (tomorrow's reminder to
the mentor, a leader's digest, an agreed action given to a leader, the admins' notice of a refused
address) is emptied and never sent. Such a message is found by its key, which names the activity,
the agreed action or the person (`notifications/`), and by the person's full name in its text; the
row stays, emptied, so its key is not queued again. Placement notes and conflict texts in other
plans that name them (as mentor or partner) are removed as well.

What the statistics read stays, unchanged: the person row (now "Anonymisert"), employments and
their size changes, roles, mentorships, plans and their activities' dates and statuses, pulse
scores (numbers, no free text), training and network attendance. So the retention report and the
programme figures come out the same before and after. The access log keeps every entry; its
subject is the same, now anonymised, person row, so the log stays consistent.

Each kommune is done on its own and committed on its own (`anonymise_all`). The same run deletes
the kommune's notifications that fell due more than NOTIFICATION_RETENTION_DAYS ago, except a
message still waiting to be sent that has not expired (`delete_old_notifications`).
"""
import html
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import and_, delete, exists, func, or_, select, update

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
    EmailStatus,
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
REMOVED_SUBJECT = "Varsel fjernet"
REMOVED_TEXT = "Innholdet i dette varselet er fjernet fordi det gjaldt en person som er anonymisert."
# Notification keys that begin with the id of an activity, an agreed action or a person
# (notifications/reminders.py, changes.py, actions.py, outbox.py).
ACTIVITY_KEYS = ("tomorrow", "change", "probation")
ACTION_KEYS = ("action",)
PERSON_KEYS = ("bad_address",)
LIKE_CHUNK = 100


@dataclass
class AnonymiseSummary:
    kommune: str
    cutoff: date
    person_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    old_notifications: int = 0
    notification_days: int | None = None

    def __str__(self) -> str:
        count = len(self.person_ids)
        people = "1 person" if count == 1 else f"{count} personer"
        verb = "ville blitt anonymisert" if self.dry_run else "anonymisert"
        text = f"{self.kommune}: {people} {verb} (siste arbeidsforhold sluttet før {self.cutoff:%d.%m.%Y})."
        if self.old_notifications:
            old = "1 varsel" if self.old_notifications == 1 else f"{self.old_notifications} varsler"
            deleted = "ville blitt slettet" if self.dry_run else "slettet"
            text += f" {old} eldre enn {self.notification_days} dager {deleted}."
        return text


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


def delete_old_notifications(kommune_id: int, now: datetime, days: int, *, dry_run: bool = False) -> int:
    """Delete the kommune's notifications that fell due more than `days` ago, except a message still
    waiting to be sent that has not expired; returns how many (would) go."""
    old = and_(Notification.due_at < now - timedelta(days=days),
               Notification.person_id.in_(select(Person.id).where(Person.kommune_id == kommune_id)),
               ~and_(Notification.email_status == EmailStatus.PENDING,
                     or_(Notification.expires_at.is_(None), Notification.expires_at > now)))
    if dry_run:
        return db.session.scalar(select(func.count(Notification.id)).where(old))
    return db.session.execute(delete(Notification).where(old), execution_options={"synchronize_session": False}
                              ).rowcount


def anonymise_person(person: Person) -> None:
    """Remove what identifies the person or is theirs alone; keep what the statistics count."""
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    emails = {e.lower() for e in (person.email, user.email if user else None, user.pending_email if user else None)
              if e}
    _others_copies(person, emails)
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
        user.pending_email = user.email_token_hash = user.email_token_expires_at = None
        user.sso_subject = user.totp_secret = user.totp_last_step = None
        user.totp_enabled = False
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


def _others_copies(person: Person, emails: set[str]) -> None:
    """Empty other people's notifications about the person, and other plans' placement texts that
    name them; before the name itself is replaced, since the name is how text finds them."""
    mentorships = select(Mentorship.id).where(Mentorship.mentee_id == person.id)
    activity_ids = list(db.session.scalars(select(PlanActivity.id).join(Plan).where(
        Plan.mentorship_id.in_(mentorships))))
    action_ids = list(db.session.scalars(select(AgreedAction.id).join(Conversation).where(
        Conversation.mentorship_id.in_(mentorships))))
    prefixes = ([f"{kind}:{i}:" for kind in ACTIVITY_KEYS for i in activity_ids]
                + [f"{kind}:{i}" for kind in ACTION_KEYS for i in action_ids]
                + [f"{kind}:{person.id}:" for kind in PERSON_KEYS])
    texts = (Notification.summary, Notification.subject, Notification.body_text, Notification.body_html)
    needles = _spellings(person.full_name) | emails
    in_kommune = Notification.person_id.in_(select(Person.id).where(Person.kommune_id == person.kommune_id))
    clauses = [Notification.key.in_([p for p in prefixes if p.startswith("action:")])]
    clauses += [Notification.key.startswith(p, autoescape=True) for p in prefixes if not p.startswith("action:")]
    clauses.append(in_kommune & _mentions(texts, needles))
    for start in range(0, len(clauses), LIKE_CHUNK):
        _empty_notifications(or_(*clauses[start:start + LIKE_CHUNK]) & (Notification.person_id != person.id))
    placement = (PlanActivity.placement_note, PlanActivity.conflict_reason,
                 sa.cast(PlanActivity.conflict_suggestions, sa.Text))
    plans_in_kommune = PlanActivity.plan_id.in_(select(Plan.id).join(Mentorship).join(Employment).where(
        Employment.person_id.in_(select(Person.id).where(Person.kommune_id == person.kommune_id))))
    db.session.execute(update(PlanActivity).where(
        plans_in_kommune, (PlanActivity.partner_id == person.id) | _mentions(placement, needles)).values(
        placement_note=None, conflict_reason=None, conflict_suggestions=None),
        execution_options={"synchronize_session": False})


def _empty_notifications(which) -> None:
    db.session.execute(update(Notification).where(which, Notification.email_status == EmailStatus.PENDING).values(
        email_status=EmailStatus.EXPIRED, claim_token=None, claimed_until=None),
        execution_options={"synchronize_session": False})
    db.session.execute(update(Notification).where(which).values(
        summary=REMOVED_TEXT, subject=REMOVED_SUBJECT, body_text=REMOVED_TEXT, body_html=f"<p>{REMOVED_TEXT}</p>",
        last_error=None), execution_options={"synchronize_session": False})


def _spellings(name: str) -> set[str]:
    """The name as text, as HTML and as JSON write it."""
    return {name, html.escape(name), json.dumps(name)[1:-1]}


def _mentions(columns, needles: set[str]):
    return or_(*(column.contains(needle, autoescape=True) for column in columns for needle in needles if needle))


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


def anonymise_all(today: date, after_days: int, *, dry_run: bool = False, kommune_name: str | None = None,
                  now: datetime | None = None, notification_days: int | None = None) -> list[AnonymiseSummary]:
    """Each kommune (or the one named) on its own, in its own transaction; with `now` and
    `notification_days`, the kommune's old notifications are deleted in the same transaction."""
    query = select(Kommune).order_by(Kommune.name)
    if kommune_name:
        query = query.where(Kommune.name == kommune_name)
    summaries = []
    for kommune_id in list(db.session.scalars(query.with_only_columns(Kommune.id))):
        kommune = db.session.get(Kommune, kommune_id)
        try:
            summary = anonymise_kommune(kommune, today, after_days, dry_run=dry_run)
            if now is not None and notification_days is not None:
                summary.notification_days = notification_days
                summary.old_notifications = delete_old_notifications(kommune_id, now, notification_days,
                                                                     dry_run=dry_run)
            summaries.append(summary)
            if dry_run:
                db.session.rollback()
            else:
                db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return summaries
