"""The avdelingsleder's page: the avdeling's plans at a glance (registering a new hire is in people/hiring_views.py)."""
from datetime import timedelta

from flask import Blueprint, render_template
from flask_login import login_required

from mentorplan.access import (
    LEADER_RESPONSIBILITIES,
    allowed,
    can_complete,
    can_see_ward_overview,
    ward_leader_clause,
)
from mentorplan.clock import today
from mentorplan.go_live.operations import plans_to_look_over
from mentorplan.models import PlanActivity
from mentorplan.plans.forms import CompleteActivityForm
from mentorplan.plans.overview import (
    in_programme_on,
    mentorships_query,
    open_activities,
    with_progress,
)
from mentorplan.web.paging import paginate, search_term
from mentorplan.web.viewer import current_viewer

bp = Blueprint("ward", __name__, url_prefix="/avdeling")

LEADER_HORIZON = timedelta(days=31)


def _require_ward_leader():
    viewer = current_viewer()
    allowed(can_see_ward_overview(viewer))
    return viewer


@bp.route("/")
@login_required
def overview():
    viewer, day, search = _require_ward_leader(), today(), search_term()
    page = paginate(mentorships_query(ward_leader_clause(viewer), active_on=day, search=search))
    rows = with_progress(page.items, day)
    leader_tasks = [a for a in open_activities(ward_leader_clause(viewer), in_programme_on(day),
                                               PlanActivity.responsible.in_(LEADER_RESPONSIBILITIES),
                                               PlanActivity.due_from <= day + LEADER_HORIZON)
                    if can_complete(viewer, a)]
    return render_template("ward/overview.html", rows=rows, page=page, search=search, leader_tasks=leader_tasks,
                           today=day, form=CompleteActivityForm(today=day),
                           to_look_over=plans_to_look_over(ward_leader_clause(viewer), day))
