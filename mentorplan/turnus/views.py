"""The leader's turnus upload: upload a file, see what it will change, confirm.

Between preview and confirmation the file waits in the database (`turnus.pending`), so that the
confirmation may reach any app server.
"""
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from mentorplan.access import Viewer, allowed, can_see_ward_overview, can_upload_turnus, turnus_upload_people
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.turnus import pending
from mentorplan.turnus.applying import apply_turnus_plan
from mentorplan.turnus.changes import TurnusPlan, plan_turnus_import
from mentorplan.turnus.entries import TurnusFileError
from mentorplan.turnus.imports import after_turnus_change
from mentorplan.turnus.reading import read_turnus_bytes
from mentorplan.web.forms import NorwegianForm
from mentorplan.web.viewer import current_viewer

bp = Blueprint("turnus", __name__, url_prefix="/avdeling/turnus")

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
    file = _uploaded_file(form)
    try:
        plan = _plan(viewer, file)
    except TurnusFileError as error:
        return _file_errors(form, error)
    token = pending.store(current_user.id, viewer.kommune_id, file)
    db.session.commit()
    return render_template("turnus/preview.html", summary=plan.summary, file_name=file.file_name,
                           form=ConfirmTurnusForm(token=token))


@bp.route("/bekreft", methods=["POST"])
@login_required
def confirm():
    viewer = _require_leader()
    form = ConfirmTurnusForm()
    token = form.token.data if form.validate_on_submit() else None
    file = pending.claim(token, current_user.id)
    if file is None:
        return _not_waiting(viewer, token)
    try:
        summary = apply_turnus_plan(_plan(viewer, file))
        db.session.commit()
    except TurnusFileError as error:  # the people or code table changed since the preview
        db.session.rollback()
        pending.discard(token, current_user.id)
        db.session.commit()
        return _file_errors(TurnusUploadForm(formdata=None), error)
    flash(_summary_message(summary), "success")
    error = after_turnus_change(summary.person_ids)
    if error is not None:
        current_app.logger.error("re-placing plans after a turnus import failed", exc_info=error)
        flash("Turnusen er lagret, men planene ble ikke lagt om. Prøv igjen senere, eller kontakt en "
              "administrator.", "warning")
    return _overview(viewer)


def _not_waiting(viewer: Viewer, token: str | None):
    if pending.was_confirmed(token, current_user.id):  # the second of a double click
        flash("Turnusen er allerede lagret; skjemaet ble trolig sendt to ganger.", "info")
        return _overview(viewer)
    flash("Den opplastede filen finnes ikke lenger (den gjelder i én time). Last den opp på nytt.", "error")
    return redirect(url_for(".upload"))


def _overview(viewer: Viewer):
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


def _uploaded_file(form: TurnusUploadForm) -> pending.WaitingFile:
    # Read whole: the request was refused above MAX_UPLOAD_BYTES, and the rows read from a file
    # take more memory than its bytes anyway.
    return pending.WaitingFile(file_name=Path(form.file.data.filename or "turnus.csv").name,
                               employee_number=(form.employee_number.data or "").strip() or None,
                               content=form.file.data.read())


def _plan(viewer: Viewer, file: pending.WaitingFile) -> TurnusPlan:
    turnus = read_turnus_bytes(file.content, today(), file.employee_number)
    kommune = db.session.get(Kommune, viewer.kommune_id)
    return plan_turnus_import(kommune, turnus, turnus_upload_people(viewer, today()))


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
