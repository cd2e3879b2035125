"""Mentor network meetings: planning from a recurrence, attendance, rates, and who is on shift."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from mentorplan.access import (
    allowed,
    can_plan_networks,
    can_view_meeting,
    load_or_404,
    network_meetings_clause,
    network_units_clause,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import NetworkMeeting, Unit
from mentorplan.network.forms import NetworkForm
from mentorplan.network.operations import (
    Recurrence,
    attendance,
    on_shift,
    plan_meetings,
    register_attendance,
)
from mentorplan.plans.operations import ProgrammeError
from mentorplan.web.forms import EmptyForm
from mentorplan.web.submissions import answers_repeats
from mentorplan.web.viewer import current_viewer

bp = Blueprint("network", __name__, url_prefix="/nettverk")


def _meetings(viewer) -> list[NetworkMeeting]:
    return list(db.session.scalars(select(NetworkMeeting).where(network_meetings_clause(viewer))
                                   .order_by(NetworkMeeting.starts)))


@bp.route("/")
@login_required
def index():
    viewer, day = current_viewer(), today()
    allowed(can_plan_networks(viewer))
    meetings = _meetings(viewer)
    by_mentor, by_unit = attendance([m for m in meetings if m.starts.date() <= day])
    return render_template("network/index.html", coming=[m for m in meetings if m.starts.date() >= day],
                           past=[m for m in meetings if m.starts.date() < day][::-1],
                           by_mentor=by_mentor, by_unit=by_unit)


@bp.route("/ny", methods=["GET", "POST"])
@login_required
@answers_repeats("Nettverksmøtene er allerede planlagt.")
def new():
    viewer, day = current_viewer(), today()
    allowed(can_plan_networks(viewer))
    units = list(db.session.scalars(select(Unit).where(network_units_clause(viewer)).order_by(Unit.name)))
    form = NetworkForm(units=units, data={"interval_months": 2, "count": 6})
    if form.validate_on_submit():
        recurrence = Recurrence(form.name.data.strip(), form.first.data, form.starts.data, form.ends.data,
                                form.interval_months.data, form.count.data, (form.location.data or "").strip())
        try:
            meetings = plan_meetings([form.units[i] for i in form.unit_ids.data], recurrence, day)
        except ProgrammeError as error:
            form.first.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"{len(meetings)} nettverksmøter er planlagt, og mentorene er invitert.", "success")
            return redirect(url_for("network.index"))
    return render_template("network/new.html", form=form), 422 if form.errors else 200


@bp.route("/<int:meeting_id>", methods=["GET", "POST"])
@login_required
def meeting(meeting_id: int):
    """The invited mentors, who is on shift at the time, and the attendance form."""
    viewer, day = current_viewer(), today()
    meeting = load_or_404(NetworkMeeting, meeting_id, has_page=can_plan_networks(viewer),
                          in_scope=lambda meeting: can_view_meeting(viewer, meeting))
    form = EmptyForm()
    if form.validate_on_submit():
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        try:
            register_attendance(meeting, present, day)
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Oppmøtet er registrert.", "success")
        return redirect(url_for("network.meeting", meeting_id=meeting.id))
    return render_template("network/meeting.html", meeting=meeting, shifts=on_shift(meeting), form=form,
                           can_register=meeting.starts.date() <= day)
