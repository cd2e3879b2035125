"""The enhetsleder's programme dashboard: is our programme working? One page per unit."""
from flask import Blueprint, current_app, render_template
from flask_login import login_required

from mentorplan.access import can_lead_unit, leads_units, load_or_404
from mentorplan.checklists.operations import signed_off_counts
from mentorplan.clock import today
from mentorplan.models import Employment, Unit
from mentorplan.planning.dashboard import PlanFigures, dashboard
from mentorplan.plans.overview import activity_figures, load_mentorships
from mentorplan.pulse.operations import SCORES, unit_pulse
from mentorplan.retention.source import unit_before_after
from mentorplan.roster.operations import roster
from mentorplan.web.viewer import current_viewer

bp = Blueprint("programme", __name__)


@bp.route("/enhet/<int:unit_id>/program")
@login_required
def unit_dashboard(unit_id: int):
    viewer, day = current_viewer(), today()
    unit = load_or_404(Unit, unit_id, has_page=leads_units(viewer),
                       in_scope=lambda unit: can_lead_unit(viewer, unit))
    mentorships = load_mentorships(Employment.unit_id == unit.id, active_on=day, activities=False)
    checklists = signed_off_counts(mentorships, unit)
    activities = activity_figures(m.plan.id for m in mentorships)
    plans = [PlanFigures(activities.get(m.plan.id, []), *checklists[m.id]) for m in mentorships]
    return render_template("programme/dashboard.html", unit=unit, figures=dashboard(plans, day),
                           roster=roster(unit, day, current_app.config["MENTORS_PER_UNIT"], mentorships),
                           pulses=unit_pulse(unit.id), scores=SCORES, today=day,
                           retention=unit_before_after(unit, day))
