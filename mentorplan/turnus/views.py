"""The leader's turnus upload: upload a file, see what it will change, confirm.

The file waits between preview and confirmation in instance/uploads under a random token that
only this user's session knows; it is deleted on confirmation, or after an hour.
"""
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from mentorplan.access import Viewer, allowed, can_see_ward_overview, can_upload_turnus, turnus_upload_people
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.turnus.applying import apply_turnus_plan
from mentorplan.turnus.changes import TurnusPlan, plan_turnus_import
from mentorplan.turnus.entries import TurnusFileError
from mentorplan.turnus.imports import after_turnus_change
from mentorplan.turnus.reading import read_turnus_file
from mentorplan.web.forms import NorwegianForm
from mentorplan.web.viewer import current_viewer

bp = Blueprint("turnus", __name__, url_prefix="/avdeling/turnus")

UPLOAD_LIFETIME_SECONDS = 3600
SESSION_KEY = "turnus_uploads"
ERRORS_SHOWN = 200


class TurnusUploadForm(NorwegianForm):
    file = FileField("Turnusfil", validators=[
        FileRequired("Velg en fil å laste opp."),
        FileAllowed(["csv", "txt", "ics"], "Filen må være en CSV-fil (.csv) eller en iCalendar-fil (.ics)."),
    ])
    employee_number = StringField("Ansattnummer", validators=[Optional(), Length(max=20)])


class ConfirmTurnusForm(NorwegianForm):
    token = HiddenField(validators=[DataRequired()])


@bp.errorhandler(413)
def too_large(error):
    limit = current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
    return render_template("turnus/too_large.html", limit=limit), 413


def _require_leader() -> Viewer:
    """The avdelingsleder's job; the enhetsleder may stand in."""
    viewer = current_viewer()
    allowed(can_upload_turnus(viewer))
    return viewer


@bp.route("/", methods=["GET", "POST"])
@login_required
def upload():
    viewer = _require_leader()
    _refuse_large_request()
    form = TurnusUploadForm()
    if not form.validate_on_submit():
        return render_template("turnus/upload.html", form=form)
    _remove_stale_uploads()
    token = _store(form)
    try:
        plan = _plan(viewer, token)
    except TurnusFileError as error:
        _discard(token)
        return _file_errors(form, error)
    return render_template("turnus/preview.html", summary=plan.summary, file_name=_upload(token)["name"],
                           form=ConfirmTurnusForm(token=token))


@bp.route("/bekreft", methods=["POST"])
@login_required
def confirm():
    viewer = _require_leader()
    form = ConfirmTurnusForm()
    token = form.token.data if form.validate_on_submit() else None
    if not _is_waiting(token):
        _discard(token)
        flash("Den opplastede filen finnes ikke lenger (den gjelder i én time). Last den opp på nytt.", "error")
        return redirect(url_for(".upload"))
    try:
        summary = apply_turnus_plan(_plan(viewer, token))
        db.session.commit()
    except TurnusFileError as error:  # the people or code table changed since the preview
        db.session.rollback()
        return _file_errors(TurnusUploadForm(formdata=None), error)
    finally:
        _discard(token)
    flash(_summary_message(summary), "success")
    error = after_turnus_change(summary.person_ids)
    if error is not None:
        current_app.logger.error("re-placing plans after a turnus import failed", exc_info=error)
        flash("Turnusen er lagret, men planene ble ikke lagt om. Prøv igjen senere, eller kontakt en "
              "administrator.", "warning")
    return redirect(url_for("ward.overview") if can_see_ward_overview(viewer) else url_for("unit.overview"))


def _refuse_large_request() -> None:
    # Before the form is read: a file this size is the wrong export, not a turnus.
    length = request.content_length
    if request.method == "POST" and length is not None and length >= current_app.config["MAX_UPLOAD_BYTES"]:
        abort(413)


def _file_errors(form: TurnusUploadForm, error: TurnusFileError):
    count = len(error.errors)
    form.file.errors = [f"Filen har {count} feil og ble ikke importert; se listen under skjemaet. Ingenting er lagret."]
    return render_template("turnus/upload.html", form=form, file_errors=error.errors[:ERRORS_SHOWN],
                           error_count=count)


def _plan(viewer: Viewer, token: str) -> TurnusPlan:
    upload = _upload(token)
    turnus = read_turnus_file(_path(token), today(), upload["employee_number"])
    kommune = db.session.get(Kommune, viewer.kommune_id)
    return plan_turnus_import(kommune, turnus, turnus_upload_people(viewer, today()))


# --- The uploaded file between preview and confirmation ------------------------------------


def _upload_dir() -> Path:
    path = Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token: str) -> Path:
    return _upload_dir() / f"{token}.{_upload(token)['extension']}"


def _store(form: TurnusUploadForm) -> str:
    name = Path(form.file.data.filename or "turnus.csv").name
    token = secrets.token_hex(16)
    # Uploads never confirmed are forgotten once their files are gone.
    uploads = {key: value for key, value in session.get(SESSION_KEY, {}).items()
               if (_upload_dir() / f"{key}.{value['extension']}").exists()}
    uploads[token] = {"user_id": current_user.id, "name": name,
                      "extension": "ics" if name.lower().endswith(".ics") else "csv",
                      "employee_number": (form.employee_number.data or "").strip() or None}
    session[SESSION_KEY] = uploads
    form.file.data.save(_path(token))
    return token


def _upload(token: str | None) -> dict | None:
    """The session's record of an upload: a token from the form counts only if this user made it."""
    upload = session.get(SESSION_KEY, {}).get(token) if token else None
    return upload if upload is not None and upload["user_id"] == current_user.id else None


def _is_waiting(token: str | None) -> bool:
    if _upload(token) is None or not _path(token).exists():
        return False
    return _path(token).stat().st_mtime >= time.time() - UPLOAD_LIFETIME_SECONDS


def _discard(token: str | None) -> None:
    if _upload(token) is not None:
        _path(token).unlink(missing_ok=True)
    uploads = session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    session[SESSION_KEY] = uploads


def _remove_stale_uploads() -> None:
    """Files left by previews nobody confirmed are removed after an hour, whoever uploaded them."""
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in _upload_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _summary_message(summary) -> str:
    who = "1 ansatt" if summary.people == 1 else f"{summary.people} ansatte"
    if not summary.changed_anything:
        return f"Turnusen er lest inn for {who}. Ingen endringer: alt var allerede som i filen."
    return (f"Turnusen er lagret for {who} ({summary.first_day:%d.%m.%Y}–{summary.last_day:%d.%m.%Y}). "
            f"Vakter: {_new(summary.shifts_added)}, {summary.shifts_removed} fjernet, {summary.shifts_changed} "
            f"endret. Fraværsdager: {_new(summary.absences_added)}, {summary.absences_removed} fjernet, "
            f"{summary.absences_changed} endret.")


def _new(count: int) -> str:
    return f"{count} ny" if count == 1 else f"{count} nye"
