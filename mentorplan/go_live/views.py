"""«Innstillinger for kommunen» (the admin sets the go-live date), and the one page per plan where
a leader or mentor records what was done before it."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from mentorplan.access import (
    allowed,
    can_manage_kommune_settings,
    can_record_before_go_live,
    can_record_before_go_live_plans,
    load_or_404,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.go_live.forms import GoLiveForm, RecordBeforeGoLiveForm
from mentorplan.go_live.operations import (
    GoLiveChange,
    before_go_live,
    first_day,
    record_done_before_go_live,
    set_go_live,
)
from mentorplan.models import Kommune, Mentorship, Person
from mentorplan.web.submissions import answers_repeats
from mentorplan.web.viewer import current_viewer

bp = Blueprint("go_live", __name__)


@bp.route("/admin/innstillinger", methods=["GET", "POST"])
@login_required
def settings():
    viewer, day = current_viewer(), today()
    allowed(can_manage_kommune_settings(viewer))
    kommune = db.session.get(Kommune, viewer.kommune_id)
    form = GoLiveForm(today=day, go_live_on=kommune.go_live_on)
    if form.validate_on_submit():
        change = set_go_live(kommune, form.go_live_on.data, day)
        db.session.commit()
        flash(_saved(kommune, change), "success")
        return redirect(url_for("go_live.settings"))
    return render_template("go_live/settings.html", form=form, kommune=kommune)


def _saved(kommune: Kommune, change: GoLiveChange) -> str:
    when = (f"{kommune.name} tok mentorplan i bruk {kommune.go_live_on:%d.%m.%Y}." if kommune.go_live_on
            else f"{kommune.name} har ingen dato for når mentorplan ble tatt i bruk.")
    return (f"{when} {change.marked} aktiviteter i {change.plans} planer ble merket «før mentorplan», "
            f"{change.reopened} ble åpnet igjen.")


@bp.route("/plan/<int:mentorship_id>/for-mentorplan", methods=["GET", "POST"])
@login_required
@answers_repeats("Dette er allerede registrert.")
def record(mentorship_id: int):
    viewer, day = current_viewer(), today()
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=can_record_before_go_live_plans(viewer),
                             in_scope=lambda mentorship: can_record_before_go_live(viewer, mentorship))
    plan = mentorship.plan
    activities = before_go_live(plan)
    form = RecordBeforeGoLiveForm(activities=activities, today=day, plan_began=first_day(plan))
    if form.validate_on_submit():
        marked = record_done_before_go_live(plan, set(form.done.data), form.day,
                                            db.session.get(Person, viewer.person_id))
        db.session.commit()
        flash(f"{marked} aktiviteter er registrert som utført. Resten står som «ikke aktuelt / ikke registrert» "
              "og regnes ikke som forfalt.", "success")
        return redirect(url_for("plans.show", mentorship_id=mentorship.id))
    return render_template("go_live/record.html", form=form, mentorship=mentorship, activities=activities,
                           go_live=mentorship.employment.unit.kommune.go_live_on, today=day)
