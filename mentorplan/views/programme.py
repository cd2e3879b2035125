"""The enhetsleder's programme dashboard: is our programme working? One page per unit."""
from flask import Blueprint, current_app, render_template
from flask_login import login_required

from mentorplan.access import allowed, can_lead_unit, found
from mentorplan.auth import current_viewer
from mentorplan.checklists import signed_off_counts
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Employment, Unit
from mentorplan.overview import activity_figures, load_mentorships
from mentorplan.planning.dashboard import PlanFigures, dashboard
from mentorplan.pulse import SCORES, unit_pulse
from mentorplan.retention_source import unit_before_after
from mentorplan.roster import roster

bp = Blueprint("programme", __name__)


@bp.route("/enhet/<int:unit_id>/program")
@login_required
def unit_dashboard(unit_id: int):
    viewer, day = current_viewer(), today()
    allowed(bool(viewer.unit_ids))
    unit = db.get_or_404(Unit, unit_id)
    found(can_lead_unit(viewer, unit))
    mentorships = load_mentorships(Employment.unit_id == unit.id, active_on=day, activities=False)
    checklists = signed_off_counts(mentorships, unit)
    activities = activity_figures(m.plan.id for m in mentorships)
    plans = [PlanFigures(activities.get(m.plan.id, []), *checklists[m.id]) for m in mentorships]
    return render_template("programme/dashboard.html", unit=unit, figures=dashboard(plans, day),
                           roster=roster(unit, day, current_app.config["MENTORS_PER_UNIT"], mentorships),
                           pulses=unit_pulse(unit.id), scores=SCORES, today=day,
                           retention=unit_before_after(unit, day))
