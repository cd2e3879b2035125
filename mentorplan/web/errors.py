"""Error pages in Norwegian; no stack trace ever reaches a user."""
from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

from mentorplan.extensions import db
from mentorplan.web.submissions import repeat_answer
from mentorplan.web.urls import local_path

REPEATED = "Dette var allerede lagret, trolig fordi skjemaet ble sendt to ganger. Siden viser det som er lagret."
CHANGED = ("Noen andre endret dette samtidig, så endringen din ble ikke lagret. Siden viser det som er lagret nå; "
           "prøv igjen om det fortsatt trengs.")

MESSAGES = {
    400: ("Ugyldig forespørsel", "Forespørselen kunne ikke behandles."),
    403: ("Ingen tilgang", "Du har ikke tilgang til denne siden."),
    404: ("Fant ikke siden", "Siden finnes ikke, eller du har ikke tilgang til den."),
    405: ("Ikke tillatt", "Denne handlingen er ikke tillatt her."),
    413: ("For stor", "Det du sendte er for stort. Filer må være mindre enn 100 MB."),
    429: ("For mange forespørsler", "Vent litt og prøv igjen."),
    500: ("Noe gikk galt", "Det oppstod en feil hos oss. Prøv igjen om litt."),
}


def _page(code: int, message: str | None = None):
    title, default = MESSAGES[code]
    return render_template("error.html", code=code, title=title, message=message or default), code


def init_error_handlers(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda error, code=code: _page(code))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _page(400, "Skjemaet var utløpt eller ugyldig. Last siden på nytt og prøv igjen.")

    @app.errorhandler(IntegrityError)
    def repeated_write(error):
        """A write a unique constraint refused: the same thing sent twice at once (a double tap), the
        first already saved. Nothing of the second is kept (rolled back); the person is sent back to
        the page the form was on, which shows what was saved, instead of an error page."""
        db.session.rollback()
        if request.method != "POST" or not _unique_violation(error):
            # Another constraint (a foreign key, a check) is a fault, not a repeat: say so in the log.
            current_app.logger.error("Integrity error on %s %s", request.method, request.path, exc_info=error)
            return _page(500)
        current_app.logger.info("A repeated write refused by a unique constraint: %s %s", request.method, request.path)
        flash(repeat_answer(REPEATED), "info")
        back = local_path(_referrer_path()) or url_for("home.index")
        return redirect(back, code=303)

    @app.errorhandler(StaleDataError)
    @app.errorhandler(ObjectDeletedError)
    def changed_meanwhile(error):
        """A write to a row another request removed or rewrote after this one read it (a plan moved
        to a new template version while a mentor marked one of its activities done): nothing of
        this request is kept, and the person sees what is stored now instead of an error page."""
        db.session.rollback()
        if request.method != "POST":
            current_app.logger.error("A row changed under %s %s", request.method, request.path, exc_info=error)
            return _page(500)
        current_app.logger.info("A write met a row changed meanwhile: %s %s", request.method, request.path)
        flash(CHANGED, "warning")
        back = local_path(_referrer_path()) or url_for("home.index")
        return redirect(back, code=303)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _page(500)


def _referrer_path() -> str | None:
    """The same-site page the request came from, as a path."""
    referrer = request.referrer or ""
    root = request.host_url
    return "/" + referrer[len(root):] if referrer.startswith(root) else None


def _unique_violation(error: IntegrityError) -> bool:
    """PostgreSQL's unique_violation (SQLSTATE 23505), or SQLite's UNIQUE constraint."""
    return getattr(error.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(error.orig)
