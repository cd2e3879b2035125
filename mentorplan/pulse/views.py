"""The mentee's pulse questionnaire, and the enhetsleder's unit aggregates of it."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import select

from mentorplan.access import (
    allowed,
    can_answer_pulse,
    can_view_pulse,
    found,
    has_own_plan,
    leads_units,
    load_or_404,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Mentorship, Person, Unit
from mentorplan.pulse.forms import PulseForm
from mentorplan.pulse.operations import (
    SCORES,
    Answers,
    PulseError,
    answer_pulse,
    open_milestone,
    unit_pulse,
)
from mentorplan.web.viewer import current_viewer

bp = Blueprint("pulse", __name__)


def _own_mentorship(person_id: int) -> Mentorship | None:
    return db.session.scalars(select(Mentorship).where(Mentorship.mentee_id == person_id)
                              .order_by(Mentorship.start_date.desc())).first()


def _answers(form: PulseForm) -> Answers:
    return Answers(**{name: form[name].data for name in SCORES}, intends_to_stay=form.intends_to_stay.data == "ja",
                   wants_conversation=form.wants_conversation.data)


@bp.route("/puls", methods=["GET", "POST"])
@login_required
def answer():
    viewer, day = current_viewer(), today()
    allowed(has_own_plan(viewer))
    mentorship = _own_mentorship(viewer.person_id)
    found(mentorship is not None and can_answer_pulse(viewer, mentorship))
    milestone = open_milestone(mentorship, day)
    form = PulseForm(data={"milestone": milestone})
    if form.validate_on_submit():
        try:
            given = int(form.milestone.data or 0)
            response = answer_pulse(mentorship, db.session.get(Person, viewer.person_id), given, _answers(form), day)
        except (PulseError, ValueError) as error:
            flash(str(error) if isinstance(error, PulseError) else "Ugyldig puls.", "error")
            return redirect(url_for("pulse.answer"))
        db.session.commit()
        flash("Takk for svaret ditt." + (" Avdelingslederen din får en samtale med deg i planen din."
                                          if response.asked_for_conversation else ""), "success")
        return redirect(url_for("pulse.answer"))
    return render_template("pulse/answer.html", form=form, milestone=milestone,
                           status=422 if form.errors else 200), 422 if form.errors else 200


@bp.route("/enhet/<int:unit_id>/puls")
@login_required
def unit(unit_id: int):
    viewer = current_viewer()
    unit = load_or_404(Unit, unit_id, has_page=leads_units(viewer),
                       in_scope=lambda unit: can_view_pulse(viewer, unit))
    return render_template("pulse/unit.html", unit=unit, pulses=unit_pulse(unit.id), scores=SCORES)
