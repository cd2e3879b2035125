"""HR and admin: the kommune's people and their employments; the staff file uploaded by the admin
or an enhetsleder, previewed, and saved on «Bekreft»."""
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from mentorplan.access import (
    allowed,
    can_add_employments,
    can_edit_employment,
    can_edit_employments,
    can_upload_staff,
    can_view_people,
    can_view_person,
    load_or_404,
    people_clause,
    staff_upload_scope,
)
from mentorplan.auth.invitations import send_invitations
from mentorplan.auth.mail import send_all_now
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import (
    AccessKind,
    Employment,
    EndReason,
    Kommune,
    Mentorship,
    Person,
    Profession,
    RoleAssignment,
    Unit,
    person_matches,
)
from mentorplan.people.forms import (
    EndEmploymentForm,
    NewEmploymentForm,
    PositionChangeForm,
    StaffUploadForm,
)
from mentorplan.people.operations import change_position, end_employment
from mentorplan.people.staff_csv import (
    StaffFileError,
    StaffRow,
    decode_staff_file,
    parse_staff_csv,
)
from mentorplan.people.staff_file import apply_staff_file, preview_staff_file
from mentorplan.people.staff_import import address_notices, summary_text
from mentorplan.people.upload_rules import Uploader, rows_outside
from mentorplan.privacy.access_log import log_change, log_read, log_reads
from mentorplan.turnus import pending
from mentorplan.web.forms import NorwegianForm
from mentorplan.web.paging import paginate, search_term
from mentorplan.web.viewer import current_viewer

bp = Blueprint("people", __name__, url_prefix="/personer")

ERRORS_SHOWN = 200


@bp.route("/")
@login_required
def index():
    viewer = current_viewer()
    allowed(can_view_people(viewer))
    search = search_term()
    query = select(Person).where(people_clause(viewer)).options(
        selectinload(Person.employments).selectinload(Employment.unit)
    ).order_by(Person.last_name, Person.first_name, Person.id)
    if search:
        query = query.where(person_matches(search))
    page = paginate(query)
    # The list shows each person's unit, position, start and whether they left: their employment
    # record, so each person on the page is logged as read (one entry a day however often the list
    # is opened), and each can see in their own log who has looked. A single «list read» entry
    # would name no one and tell the people on it nothing.
    log_reads(viewer, AccessKind.EMPLOYMENT, [(person.id, person.id) for person in page.items])
    return render_template("people/index.html", page=page, search=search, today=today())


@bp.route("/<int:person_id>")
@login_required
def show(person_id: int):
    viewer = current_viewer()
    person = load_or_404(Person, person_id, has_page=can_view_people(viewer),
                         in_scope=lambda person: can_view_person(viewer, person))
    log_read(viewer, AccessKind.EMPLOYMENT, person.id, person.id)
    roles = db.session.scalars(select(RoleAssignment).where(RoleAssignment.person_id == person.id))
    mentorships = db.session.scalars(
        select(Mentorship).where(Mentorship.mentee_id == person.id).order_by(Mentorship.start_date)
    )
    return render_template("people/show.html", person=person, roles=list(roles),
                           mentorships=list(mentorships), today=today(),
                           can_edit=can_add_employments(viewer))


@bp.route("/arbeidsforhold/<int:employment_id>/avslutt", methods=["GET", "POST"])
@login_required
def end(employment_id: int):
    """HR registers the last day of an employment and why it ended."""
    viewer, employment = _editable(employment_id)
    form = EndEmploymentForm(employment=employment, obj=employment)
    if form.validate_on_submit():
        deactivated = end_employment(employment, form.end_date.data, EndReason(form.end_reason.data))
        log_change(viewer, AccessKind.EMPLOYMENT, employment.id, employment.person_id)
        db.session.commit()
        flash(f"Arbeidsforholdet ved {employment.unit.name} er avsluttet {form.end_date.data:%d.%m.%Y}."
              + (" Personen har sluttet, og kontoen er deaktivert." if deactivated else ""), "success")
        return redirect(_back(viewer, employment))
    return render_template("people/end_employment.html", form=form, employment=employment,
                           back=_back(viewer, employment))


def _editable(employment_id: int):
    """The viewer and the employment they may edit (403 without the role, 404 outside their scope)."""
    viewer = current_viewer()
    employment = load_or_404(Employment, employment_id, has_page=can_edit_employments(viewer),
                             in_scope=lambda employment: can_edit_employment(viewer, employment))
    log_read(viewer, AccessKind.EMPLOYMENT, employment.id, employment.person_id)
    return viewer, employment


def _back(viewer, employment: Employment) -> str:
    """HR returns to the person's page; a leader to the plan, or their ward, where they came from."""
    if can_view_person(viewer, employment.person):
        return url_for("people.show", person_id=employment.person_id)
    mentorship = db.session.scalar(select(Mentorship).where(Mentorship.employment_id == employment.id))
    return url_for("plans.show", mentorship_id=mentorship.id) if mentorship else url_for("home.index")


@bp.route("/<int:person_id>/arbeidsforhold/ny", methods=["GET", "POST"])
@login_required
def new_employment(person_id: int):
    viewer = current_viewer()
    person = load_or_404(Person, person_id, has_page=can_add_employments(viewer),
                         in_scope=lambda person: can_view_person(viewer, person))
    units = db.session.scalars(select(Unit).where(Unit.kommune_id == person.kommune_id).order_by(Unit.name))
    form = NewEmploymentForm(person=person, units=list(units))
    if form.validate_on_submit():
        employment = Employment(
            person=person, unit=form.units[form.unit_id.data], start_date=form.start_date.data,
            profession=Profession(form.profession.data), position_percent=form.position_percent.data,
            newly_graduated=form.newly_graduated.data)
        db.session.add(employment)
        db.session.flush()
        log_change(viewer, AccessKind.EMPLOYMENT, employment.id, person.id)
        db.session.commit()
        flash(f"Arbeidsforholdet ved {form.units[form.unit_id.data].name} fra {form.start_date.data:%d.%m.%Y} "
              "er registrert.", "success")
        return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/new_employment.html", form=form, person=person)


@bp.route("/arbeidsforhold/<int:employment_id>/stillingsprosent", methods=["GET", "POST"])
@login_required
def change_percent(employment_id: int):
    """HR records that an employment grows or shrinks from a date on."""
    viewer, employment = _editable(employment_id)
    form = PositionChangeForm(employment=employment)
    if form.validate_on_submit():
        change_position(employment, form.from_date.data, form.position_percent.data)
        log_change(viewer, AccessKind.EMPLOYMENT, employment.id, employment.person_id)
        db.session.commit()
        flash(f"Stillingsprosenten er {form.position_percent.data} % fra {form.from_date.data:%d.%m.%Y}.", "success")
        return redirect(_back(viewer, employment))
    return render_template("people/change_percent.html", form=form, employment=employment,
                           back=_back(viewer, employment))


# --- The staff file on the web: upload, preview, «Bekreft» ----------------------------------

class ConfirmStaffForm(NorwegianForm):
    token = HiddenField(validators=[DataRequired()])
    later = BooleanField()  # the «send the invitations later» button


@bp.route("/importer", methods=["GET", "POST"])
@login_required
def upload_staff():
    """The staff CSV (CONTRACT.md, "Staff CSV"), checked whole as `import-staff` reads it, and shown
    as what it would change. Nothing is saved or sent until «Bekreft»: the file waits in the
    database (turnus/pending.py), so the confirmation may reach any app server."""
    viewer = current_viewer()
    allowed(can_upload_staff(viewer))
    form = StaffUploadForm()
    if not form.validate_on_submit():
        return render_template("people/upload.html", form=form)
    file = pending.WaitingFile(Path(form.file.data.filename or "personal.csv").name, None, form.file.data.read())
    kommune, day = db.session.get(Kommune, viewer.kommune_id), today()
    try:
        preview = preview_staff_file(kommune, _rows(viewer, kommune, file, day), day,
                                     db.session.get(Person, viewer.person_id), file.file_name)
    except StaffFileError as error:
        return _file_errors(form, error)
    token = pending.store(current_user.id, kommune.id, file, pending.STAFF)
    db.session.commit()
    return render_template("people/preview.html", preview=preview, file_name=file.file_name,
                           form=ConfirmStaffForm(token=token))


@bp.route("/importer/bekreft", methods=["POST"])
@login_required
def confirm_staff():
    """The uploader's own file, within the hour, once; checked again (the uploader's scope and the
    kommune's data may have changed since the preview), saved, and the invitations sent now or left
    for the admin's button in Kontoer."""
    viewer = current_viewer()
    allowed(can_upload_staff(viewer))
    form = ConfirmStaffForm()
    token = form.token.data if form.validate_on_submit() else None
    file = pending.claim(token, current_user.id, pending.STAFF)
    if file is None:
        return _not_waiting(token)
    kommune, day = db.session.get(Kommune, viewer.kommune_id), today()
    try:
        done = apply_staff_file(kommune, _rows(viewer, kommune, file, day), day,
                                db.session.get(Person, viewer.person_id), invite_now=not form.later.data)
        db.session.commit()
    except StaffFileError as error:
        db.session.rollback()
        pending.discard(token, current_user.id)
        db.session.commit()
        return _file_errors(StaffUploadForm(formdata=None), error)
    unsent = send_invitations(done.invitations)
    send_all_now(address_notices(done.summary.address_changes))
    return render_template("people/uploaded.html", lines=summary_text(done.summary, file.file_name,
                                                                      kommune.name).splitlines(),
                           invitations=done.invitations, unsent=unsent, waiting=done.waiting)


def _rows(viewer, kommune: Kommune, file: pending.WaitingFile, day) -> list[StaffRow]:
    """The file's rows; all refused when the uploader may not make one of them (upload_rules)."""
    rows = parse_staff_csv(decode_staff_file(file.content))
    refused = rows_outside(kommune, rows, Uploader(viewer.person_id, *staff_upload_scope(viewer), day))
    if refused:
        raise StaffFileError(refused)
    return rows


def _file_errors(form: StaffUploadForm, error: StaffFileError):
    db.session.rollback()
    form.file.errors = [f"Filen har {len(error.errors)} feil og ble ikke importert; se listen under "
                        "skjemaet. Ingenting er lagret."]
    return render_template("people/upload.html", form=form, file_errors=error.errors[:ERRORS_SHOWN],
                           error_count=len(error.errors))


def _not_waiting(token: str | None):
    if pending.was_confirmed(token, current_user.id, pending.STAFF):  # the second of a double click
        flash("Personalfilen er allerede lagret; skjemaet ble trolig sendt to ganger.", "info")
    else:
        flash("Den opplastede filen finnes ikke lenger (den gjelder i én time). Last den opp på nytt.", "error")
    return redirect(url_for(".upload_staff"))
