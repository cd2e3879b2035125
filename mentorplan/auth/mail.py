"""E-mail about the account itself (an invitation, a password-reset link, a changed address), sent at once and
directly over SMTP, never through the notification queue: the queue keeps each message's text in the
database and shows it in /varsler and, to the admin, its delivery in /utboks, and a reset link must
not be kept anywhere. The message is sent after the response has gone out (`call_on_close`), so a
request for a reset link takes as long whether the address has an account or not.

Without SMTP_HOST nothing is sent: in debug mode (development) the console shows the recipient and
the subject, never the text (a reset or invitation link in a terminal's scrollback or a CI log
would work for whoever reads it), and says how to see the whole message; otherwise a warning is
logged without the message.
"""
import sys
import uuid
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import after_this_request, current_app

from mentorplan.models.types import utcnow
from mentorplan.notifications.outbox import (
    RefusedAddress,
    SmtpTransport,
    TemporaryFailure,
)

# What the console says in debug mode instead of the message. aiosmtpd is installed with the test
# extras (`make install`); its default handler prints every message it receives.
NOT_SHOWN = ("Teksten, og en lenke i den, vises ikke her. Trenger du lenken under utvikling, start en SMTP-server "
             "for feilsøking som skriver ut hver e-post den får:\n  .venv/bin/python -m aiosmtpd -n -l 127.0.0.1:8025\n"
             "og start appen med\n  SMTP_HOST=127.0.0.1 SMTP_PORT=8025 SMTP_STARTTLS=false make run")

SIGNATURE = "\n\nHilsen mentorplan\n\n--\nDenne meldingen gjelder innloggingen din i mentorprogrammet og sendes uansett varselvalg.\n"


def account_message(address: str, subject: str, text: str, *, html: str | None = None,
                    sender_name: str | None = None, signature: str = SIGNATURE) -> EmailMessage:
    """The message, from MAIL_FROM (under `sender_name`, when given), answered to MAIL_REPLY_TO when
    set; `html` adds an HTML part beside the text (both then carry their own signature: pass
    signature="")."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = sender(sender_name)
    if config.get("MAIL_REPLY_TO"):
        message["Reply-To"] = config["MAIL_REPLY_TO"]
    message["To"] = address
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "mentorplan.local"
    message["Message-ID"] = f"<{uuid.uuid4().hex}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text + signature)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def sender(name: str | None = None) -> str | Address:
    """MAIL_FROM, or its address under another name («Trondheim kommune via mentorplan»): a name the
    reader knows, and the address the mail server is allowed to send from (SPF, DKIM)."""
    configured = current_app.config["MAIL_FROM"]
    if not name:
        return configured
    # One line whatever the data holds: a line break in a header would break the message.
    address = parseaddr(configured)[1] or "ikke-svar@mentorplan.local"
    return Address(display_name=" ".join(name.split()), addr_spec=address)


def send_after_response(message: EmailMessage) -> None:
    """Send the message once the response to this request has been sent."""
    send = _sender(message)

    @after_this_request
    def _later(response):
        response.call_on_close(send)
        return response


def send_now(message: EmailMessage) -> bool:
    """Send the message at once (a command has no response to wait for); whether it was sent."""
    return _sender(message)()


def send_all_now(messages: list[EmailMessage]) -> list[bool]:
    """Send the messages at once, in order; whether each was sent. Invitations go this way, in the
    request that makes them: they hide nothing by their timing (unlike a reset link's answer), and
    the one who invited is told at once if one did not go."""
    return [send_now(message) for message in messages]


def _sender(message: EmailMessage):
    """A function that sends the message, with the settings read now (it may run after the app
    context has ended); it logs a failure rather than raising, and answers whether it was sent."""
    app = current_app._get_current_object()
    config = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS", "SMTP_USER",
                                                "SMTP_PASSWORD", "SMTP_TIMEOUT_SECONDS")}
    logger, debug = app.logger, app.debug

    def send() -> bool:
        if not config["SMTP_HOST"]:
            if debug:
                print(f"--- e-post ikke sendt (SMTP_HOST er ikke satt) ---\nTil: {message['To']}\n"
                      f"Emne: {message['Subject']}\n{NOT_SHOWN}", file=sys.stderr)
            else:
                logger.warning("E-post om kontoen («%s») ble ikke sendt: SMTP_HOST er ikke satt.", message["Subject"])
            return False
        transport = SmtpTransport(config)
        try:
            transport.send(message)
        except (TemporaryFailure, RefusedAddress) as error:
            logger.warning("E-post om kontoen («%s») ble ikke sendt: %s", message["Subject"], error)
            return False
        finally:
            transport.close()
        return True

    return send
