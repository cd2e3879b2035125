"""Registering a new hire: the person, the employment and the mentorship with its plan, then the
invitations to choose a password."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from mentorplan.access import allowed, can_register_hires, hiring_wards
from mentorplan.auth.invitations import invite_new_accounts, send_invitations
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Person, Profession
from mentorplan.people.forms import NewHireForm
from mentorplan.people.operations import register_hire
from mentorplan.plans.operations import ProgrammeError, unit_mentors
from mentorplan.web.viewer import current_viewer

bp = Blueprint("hiring", __name__, url_prefix="/avdeling")


def _require_leader():
    """Registering a hire is the avdelingsleder's job; the enhetsleder may stand in."""
    viewer = current_viewer()
    allowed(can_register_hires(viewer))
    return viewer


def _new_hire_form(viewer, wards):
    day = today()
    units = {w.unit_id: w.unit for w in wards}
    mentors = {unit_id: (unit.name, unit_mentors(unit, day)) for unit_id, unit in units.items()}
    return NewHireForm(kommune_id=viewer.kommune_id, wards=wards, mentors_by_unit=mentors)


@bp.route("/nyansatt", methods=["GET", "POST"])
@login_required
def new_hire():
    viewer = _require_leader()
    wards = hiring_wards(viewer)
    form = _new_hire_form(viewer, wards)
    if form.validate_on_submit():
        ward = next(w for w in wards if w.id == form.ward_id.data)
        try:
            mentorship = _register_hire(form, viewer, ward)
        except ProgrammeError as error:
            db.session.rollback()
            form.mentor_id.errors.append(str(error))
            return render_template("hiring/new_hire.html", form=form)
        invitations = invite_new_accounts([mentorship.mentee_id, mentorship.mentor_id], today())
        db.session.commit()
        unsent = send_invitations(invitations)
        flash(f"{mentorship.mentee.full_name} er registrert, og ettårsplanen er laget."
              + _invited(invitations), "success")
        if unsent:
            flash(f"Invitasjonen til {' og '.join(i.user.email for i in unsent)} kunne ikke sendes nå. "
                  "Administratoren kan sende den på nytt fra Kontoer.", "warning")
        return redirect(url_for("plans.show", mentorship_id=mentorship.id))
    return render_template("hiring/new_hire.html", form=form)


def _invited(invitations) -> str:
    if not invitations:
        return ""
    names = " og ".join(invitation.user.person.full_name for invitation in invitations)
    return f" {names} får en invitasjon på e-post til å velge passord."


def _register_hire(form: NewHireForm, viewer, ward):
    return register_hire(
        viewer.kommune_id, ward, employee_number=form.employee_number.data.strip(),
        first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
        email=(form.email.data or "").strip().lower() or None, start_date=form.start_date.data,
        profession=Profession(form.profession.data), position_percent=form.position_percent.data,
        newly_graduated=form.newly_graduated.data, mentor=db.session.get(Person, form.mentor_id.data),
        by=db.session.get(Person, viewer.person_id))
