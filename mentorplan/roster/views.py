"""The mentor roster of a unit (the enhetsleder runs it, HR reads it) and the payroll export."""
from datetime import date

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from sqlalchemy import or_, select

from mentorplan.access import (
    allowed,
    can_manage_roster,
    can_view_roster,
    can_view_rosters,
    found,
    load_or_404,
    roster_units_clause,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Employment, Person, TrainingStatus, Unit
from mentorplan.planning.supplement import Period
from mentorplan.plans.operations import ProgrammeError, unit_mentors
from mentorplan.roster.forms import (
    AppointMentorForm,
    PayrollForm,
    TermsForm,
    TrainingForm,
)
from mentorplan.roster.operations import (
    appoint_mentor,
    payroll,
    roster,
    set_terms,
    terms_of,
)
from mentorplan.roster.payroll import payroll_csv, payroll_xlsx
from mentorplan.roster.training import (
    DEFAULT_PROGRAMME,
    set_training,
    status_counts,
    trainings,
)
from mentorplan.web.viewer import current_viewer

bp = Blueprint("roster", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_or_404(unit_id: int) -> Unit:
    viewer = current_viewer()
    unit = load_or_404(Unit, unit_id, has_page=can_view_rosters(viewer),
                       in_scope=lambda unit: can_view_roster(viewer, unit))
    return unit


def _staff(unit: Unit, day: date) -> list[Person]:
    query = (select(Person).join(Employment, Employment.person_id == Person.id)
             .where(Employment.unit_id == unit.id, Employment.start_date <= day,
                    or_(Employment.end_date.is_(None), Employment.end_date >= day))
             .distinct().order_by(Person.last_name, Person.first_name))
    return list(db.session.scalars(query))


def _forms(unit: Unit, **given) -> dict:
    """The page's three forms; those not posted are shown with the unit's current values."""
    current, day = terms_of(unit), today()
    return {
        "appoint": given.get("appoint") or AppointMentorForm(people=_staff(unit, day), prefix="appoint"),
        "terms": given.get("terms") or TermsForm(prefix="terms", data={
            "annual_supplement": current.annual_supplement, "mentee_limit": current.mentee_limit}),
        "training_form": given.get("training_form") or TrainingForm(
            mentors=unit_mentors(unit, day), prefix="training", data={"programme": DEFAULT_PROGRAMME}),
    }


def _page(unit: Unit, status: int = 200, **given):
    day = today()
    result = roster(unit, day, current_app.config["MENTORS_PER_UNIT"])
    by_person = trainings(sorted({r.appointment.person_id for r in result.rows}))
    active = {r.appointment.person_id: by_person[r.appointment.person_id] for r in result.active}
    return render_template("roster/unit.html", unit=unit, roster=result, training=by_person,
                           training_counts=status_counts(active), statuses=list(TrainingStatus),
                           can_manage=can_manage_roster(current_viewer(), unit), today=day,
                           **_forms(unit, **given)), status


@bp.route("/enhet/<int:unit_id>/mentorer", methods=["GET", "POST"])
@login_required
def unit_roster(unit_id: int):
    """The roster; its form appoints a mentor (the enhetsleder's)."""
    unit = _unit_or_404(unit_id)
    form = AppointMentorForm(people=_staff(unit, today()), prefix="appoint")
    if request.method == "POST":
        found(can_manage_roster(current_viewer(), unit))
        if form.validate_on_submit():
            try:
                appoint_mentor(unit, form.people[form.person_id.data], form.valid_from.data, form.valid_to.data,
                               by_person_id=current_viewer().person_id)
            except ProgrammeError as error:
                form.valid_from.errors = [str(error)]
                return _page(unit, 422, appoint=form)
            db.session.commit()
            flash(f"{form.people[form.person_id.data].full_name} er oppnevnt som mentor.", "success")
            return redirect(url_for("roster.unit_roster", unit_id=unit.id))
        return _page(unit, 422, appoint=form)
    return _page(unit)


@bp.route("/enhet/<int:unit_id>/mentorer/vilkar", methods=["POST"])
@login_required
def unit_terms(unit_id: int):
    unit = _unit_or_404(unit_id)
    found(can_manage_roster(current_viewer(), unit))
    form = TermsForm(prefix="terms")
    if not form.validate_on_submit():
        return _page(unit, 422, terms=form)
    set_terms(unit, form.annual_supplement.data, form.mentee_limit.data)
    db.session.commit()
    flash("Vilkårene for mentorene er lagret.", "success")
    return redirect(url_for("roster.unit_roster", unit_id=unit.id))


@bp.route("/enhet/<int:unit_id>/mentorer/utdanning", methods=["POST"])
@login_required
def unit_training(unit_id: int):
    """Register a mentor's status in a competence programme (the enhetsleder's)."""
    unit = _unit_or_404(unit_id)
    found(can_manage_roster(current_viewer(), unit))
    form = TrainingForm(mentors=unit_mentors(unit, today()), prefix="training")
    if form.validate_on_submit():
        try:
            set_training(form.mentors[form.person_id.data], form.programme.data.strip(),
                         TrainingStatus(form.status.data), form.started_on.data, form.completed_on.data, today())
        except ProgrammeError as error:
            form.status.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"Utdanningen til {form.mentors[form.person_id.data].full_name} er lagret.", "success")
            return redirect(url_for("roster.unit_roster", unit_id=unit.id))
    return _page(unit, 422, training_form=form)


def _payroll_question():
    """The period from the query string (default: this year so far) and the lines for it, or None."""
    viewer, day = current_viewer(), today()
    allowed(can_view_rosters(viewer))
    form = PayrollForm(formdata=request.args or None, data={"first": date(day.year, 1, 1), "last": day})
    if request.args and not form.validate():
        return form, None, None
    period = Period(form.first.data, form.last.data)
    return form, period, payroll(_roster_units(viewer), period)


def _roster_units(viewer) -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(roster_units_clause(viewer)).order_by(Unit.name)))


@bp.route("/mentorer/funksjonstillegg")
@login_required
def supplements():
    form, period, lines = _payroll_question()
    return render_template("roster/payroll.html", form=form, period=period, lines=lines,
                           units=_roster_units(current_viewer()),
                           total=sum(line.amount for line in lines or [])), 200 if lines is not None else 422


def _download(render, mimetype: str, suffix: str):
    form, period, lines = _payroll_question()
    if lines is None:
        flash("Filen kunne ikke lages: rett feilene i skjemaet.", "error")
        return redirect(url_for("roster.supplements", **request.args))
    name = f"funksjonstillegg-{period.first:%Y%m%d}-{period.last:%Y%m%d}.{suffix}"
    return Response(render(lines, period), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/mentorer/funksjonstillegg.csv")
@login_required
def supplements_csv():
    return _download(lambda lines, period: payroll_csv(lines), "text/csv; charset=utf-8", "csv")


@bp.route("/mentorer/funksjonstillegg.xlsx")
@login_required
def supplements_xlsx():
    return _download(payroll_xlsx, XLSX, "xlsx")
