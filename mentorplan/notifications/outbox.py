"""Sending the queued e-mail: claim, send, mark; retry with back-off; report refused addresses.

Each message is claimed with one conditional UPDATE (pending, due, and not claimed by a live
claim) and committed before it is sent, so of two scheduler processes only one ever sends it.
A sender that dies holding a claim leaves the message to be retried when the claim runs out
(OUTBOX_LEASE_SECONDS); the only duplicate possible is a message the SMTP server accepted in the
instant before its sender died, and it keeps the same Message-ID so mail programs can drop it.

- SMTP down, or a temporary refusal (4xx): the message stays pending and is retried after 1, 2,
  4 … minutes, at most OUTBOX_MAX_BACKOFF_MINUTES apart, until it expires.
- a permanent refusal of the address (5xx): the message is marked, and the admins of the
  person's kommune are told once per address.
- past its expiry (e.g. a reminder for an activity that has started): marked expired, not sent;
  it stays in the app.
- a message that cannot be built (its recipient's address holds a line break, say): marked
  expired with the reason, logged, and never tried again; the rest of the batch goes on. Headers
  made from data are one line (`messages.single_line`), so a subject never stops a message.
- without SMTP_HOST (development, the demo): messages are put in the local outbox instead.
"""
import hashlib
import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import or_, select, update

from mentorplan.extensions import db
from mentorplan.models import (
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationSettings,
    Person,
    Role,
    RoleAssignment,
    User,
)
from mentorplan.notifications.messages import Draft, path_for, queue, single_line

log = logging.getLogger(__name__)


class TemporaryFailure(Exception):
    """Try again later."""


class RefusedAddress(Exception):
    """The server will never take this address."""


@dataclass
class OutboxSummary:
    sent: int = 0
    outbox: int = 0
    muted: int = 0
    no_address: int = 0
    bad_address: int = 0
    expired: int = 0
    retrying: int = 0
    unbuildable: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        unbuildable = f", {self.unbuildable} kunne ikke bygges" if self.unbuildable else ""
        return (f"{self.sent} sendt, {self.outbox} lagt i lokal utboks, {self.muted} uten e-post (valgt bort), "
                f"{self.no_address} uten adresse, {self.bad_address} avvist, {self.expired} utløpt{unbuildable}, "
                f"{self.retrying} prøves igjen senere.")


class SmtpTransport:
    """One SMTP connection for a run, opened on the first message."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            refused = self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise RefusedAddress(_describe(error.recipients)) from error
            raise TemporaryFailure(_describe(error.recipients)) from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
        if refused:
            raise RefusedAddress(_describe(refused))

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        connection = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT_SECONDS"])
        connection.ehlo()
        if config["SMTP_STARTTLS"]:
            connection.starttls(context=ssl.create_default_context())
            connection.ehlo()
        if config["SMTP_USER"]:
            connection.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
        return connection

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


def _describe(recipients: dict) -> str:
    return "; ".join(f"{address}: {code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
                     for address, (code, reply) in recipients.items())


def transport_from_config():
    """SMTP when a host is configured; None means the local outbox."""
    config = current_app.config
    return SmtpTransport(config) if config.get("SMTP_HOST") else None


def work_outbox(now: datetime, transport=None) -> OutboxSummary:
    """Send what is due at `now`, one message at a time, each claimed, sent and marked on its own.
    Without a transport (given, or configured by SMTP_HOST) messages go to the local outbox."""
    transport = transport or transport_from_config()
    local = transport is None
    summary = OutboxSummary()
    config = current_app.config
    try:
        for notification_id in _due_ids(now, config["OUTBOX_BATCH"]):
            token = _claim(notification_id, now)
            if token is not None:
                _deliver(notification_id, token, now, transport, local, summary)
    finally:
        if transport is not None:
            transport.close()
    return summary


def _due_ids(now: datetime, limit: int) -> list[int]:
    ids = list(db.session.scalars(
        select(Notification.id)
        .where(Notification.email_status == EmailStatus.PENDING, Notification.next_attempt_at <= now,
               or_(Notification.claimed_until.is_(None), Notification.claimed_until < now))
        .order_by(Notification.next_attempt_at, Notification.id).limit(limit)))
    db.session.commit()
    return ids


def _claim(notification_id: int, now: datetime) -> str | None:
    """Take the message for this process; None when another process has it or it is done."""
    token = uuid.uuid4().hex
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.email_status == EmailStatus.PENDING,
               or_(Notification.claimed_until.is_(None), Notification.claimed_until < now))
        .values(claim_token=token, claimed_until=now + lease)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return token if result.rowcount == 1 else None


def _finish(notification_id: int, token: str, **values) -> None:
    """Mark the outcome, if the claim is still ours, and let go of the message."""
    db.session.execute(
        update(Notification).where(Notification.id == notification_id, Notification.claim_token == token)
        .values(claim_token=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _deliver(notification_id: int, token: str, now: datetime, transport, local: bool,
             summary: OutboxSummary) -> None:
    notification = db.session.get(Notification, notification_id, populate_existing=True)
    address = recipient_address(notification.person)
    if notification.expires_at is not None and now >= notification.expires_at:
        summary.expired += 1
        return _finish(notification_id, token, email_status=EmailStatus.EXPIRED)
    if not wants_email(notification.person, notification.kind):
        summary.muted += 1
        return _finish(notification_id, token, email_status=EmailStatus.MUTED)
    if not address:
        summary.no_address += 1
        return _finish(notification_id, token, email_status=EmailStatus.NO_ADDRESS)
    if local:
        summary.outbox += 1
        return _finish(notification_id, token, email_status=EmailStatus.OUTBOX, email_to=address, sent_at=now)
    try:
        message = email_message(notification, address, now)
    except Exception as error:  # noqa: BLE001 — a message that cannot be built never will be
        reason = f"E-posten kunne ikke bygges: {type(error).__name__}: {error}"
        log.warning("Varsel %s: %s. Det sendes ikke, og prøves ikke igjen.", notification_id, reason)
        summary.unbuildable += 1
        summary.errors.append(reason)
        return _finish(notification_id, token, email_status=EmailStatus.EXPIRED, attempts=notification.attempts + 1,
                       last_error=reason[:1000])
    try:
        transport.send(message)
    except TemporaryFailure as error:
        summary.retrying += 1
        summary.errors.append(str(error))
        _finish(notification_id, token, attempts=notification.attempts + 1, last_error=str(error)[:1000],
                next_attempt_at=now + backoff(notification.attempts + 1))
    except RefusedAddress as error:
        summary.bad_address += 1
        _finish(notification_id, token, email_status=EmailStatus.BAD_ADDRESS, email_to=address,
                attempts=notification.attempts + 1, last_error=str(error)[:1000])
        report_refused_address(notification.person, address, str(error), now)
        db.session.commit()
    else:
        summary.sent += 1
        _finish(notification_id, token, email_status=EmailStatus.SENT, email_to=address, sent_at=now,
                attempts=notification.attempts + 1, last_error=None)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after the n-th failed attempt, never more than the configured maximum."""
    ceiling = current_app.config["OUTBOX_MAX_BACKOFF_MINUTES"]
    return timedelta(minutes=min(2 ** min(attempts - 1, 16), ceiling))


def recipient_address(person: Person) -> str | None:
    """The login's address, else the employee register's."""
    login = db.session.scalar(select(User.email).where(User.person_id == person.id))
    return login or person.email or None


def wants_email(person: Person, kind: NotificationKind) -> bool:
    settings = db.session.scalar(select(NotificationSettings).join(NotificationSettings.user)
                                 .where(User.person_id == person.id))
    return settings is None or settings.emails(kind)


def email_message(notification: Notification, address: str, now: datetime) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = address
    message["Subject"] = single_line(notification.subject)  # a row queued before subjects were one line
    message["Date"] = format_datetime(now)
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "mentorplan.local"
    # The same message always has the same id, so a resend after a crash can be recognised.
    message["Message-ID"] = f"<{hashlib.sha256(notification.key.encode()).hexdigest()[:32]}@{domain}>"
    message["List-Unsubscribe"] = f"<{config['BASE_URL'].rstrip('/')}{path_for('notifications.settings')}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(notification.body_text)
    message.add_alternative(notification.body_html, subtype="html")
    return message


def report_refused_address(person: Person, address: str, reason: str, now: datetime) -> int:
    """Tell the admins of the person's kommune, once per refused address."""
    admins = db.session.scalars(
        select(Person).join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == Role.ADMIN, RoleAssignment.kommune_id == person.kommune_id)
        .distinct().order_by(Person.id))
    intro = (f"E-postadressen {address} til {person.full_name} (ansattnr. {person.employee_number}) ble avvist "
             f"av e-postserveren: {reason}. Rett adressen i personregisteret eller på brukerkontoen; "
             f"til da får {person.first_name} varslene bare i mentorplan.")
    drafts = [Draft(f"bad_address:{person.id}:{address.lower()}:{admin.id}", NotificationKind.BAD_ADDRESS, admin,
                    subject=f"Avvist e-postadresse: {person.full_name}",
                    summary=f"E-postadressen til {person.full_name} ble avvist.", intro=intro,
                    link=path_for("notifications.outbox"), link_text="Se utboksen", due_at=now)
              for admin in admins if admin.id != person.id]
    return queue(drafts)
