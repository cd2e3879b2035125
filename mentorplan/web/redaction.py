"""Keep calendar feed tokens, password-reset tokens, invitation tokens and e-mail confirmation tokens
out of the logs: the access log lines of the development server (werkzeug) and of gunicorn, and
Flask's own error log, all carry the request path. nginx masks the same paths in its own access log
(deploy/nginx-mentorplan.conf)."""
import logging
import re

from flask import Flask

FEED_PATH = re.compile(r"/kalender/[^/\s?\"']+")
HIDDEN = "/kalender/[skjult]"
RESET_PATH = re.compile(r"/nytt-passord/[^/\s?\"']+")
RESET_HIDDEN = "/nytt-passord/[skjult]"
INVITATION_PATH = re.compile(r"/invitasjon/[^/\s?\"']+")
INVITATION_HIDDEN = "/invitasjon/[skjult]"
CONFIRMATION_PATH = re.compile(r"/profil/e-post/bekreft/[^/\s?\"']+")
CONFIRMATION_HIDDEN = "/profil/e-post/bekreft/[skjult]"
SECRET_PATHS = ("/kalender/", "/nytt-passord/", "/invitasjon/", "/profil/e-post/bekreft/")
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    text = FEED_PATH.sub(HIDDEN, text)
    text = CONFIRMATION_PATH.sub(CONFIRMATION_HIDDEN, text)
    return INVITATION_PATH.sub(INVITATION_HIDDEN, RESET_PATH.sub(RESET_HIDDEN, text))


class FeedTokenFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(path in message for path in SECRET_PATHS):
            record.msg, record.args = redact(message), ()
        return True


_FILTER = FeedTokenFilter()


def init_log_redaction(app: Flask) -> None:
    for logger in [*map(logging.getLogger, LOGGERS), app.logger]:
        logger.addFilter(_FILTER)
