"""Error pages in Norwegian; no stack trace ever reaches a user."""
from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from mentorplan.extensions import db

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

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _page(500)
