"""The start page: «Min uke» (the next seven days), and one card per role the person holds, with
what needs attention: the ward's conflicts and conversations, the invitations not yet taken up, the
retention headline (dashboards/start_cards.py)."""
from flask import Blueprint, current_app, render_template
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorplan.access import (
    can_manage_accounts,
    can_see_ward_overview,
    can_view_retention,
    has_mentees,
    has_own_plan,
    leads_units,
    mentor_clause,
    retention_suppressed,
    retention_unit_ids,
    unit_leader_clause,
    ward_leader_clause,
)
from mentorplan.accounts.operations import invitation_counts
from mentorplan.clock import now, today
from mentorplan.conversations.operations import assigned_actions
from mentorplan.dashboards.start_cards import retention_headline, ward_work
from mentorplan.dashboards.week import my_week
from mentorplan.extensions import db
from mentorplan.models import Mentorship, Plan
from mentorplan.models.types import utcnow
from mentorplan.notifications.inbox import unread, unread_count
from mentorplan.planning.progress import next_activity
from mentorplan.plans.overview import overdue_count, plan_progress, running_count
from mentorplan.web.forms import EmptyForm
from mentorplan.web.viewer import current_viewer

bp = Blueprint("home", __name__)


def _led(viewer):
    """The cards that count running plans: (card, the clause on Mentorship/Employment)."""
    if has_mentees(viewer):
        yield "mentor", mentor_clause(viewer)
    if can_see_ward_overview(viewer):
        yield "ward", ward_leader_clause(viewer)
    if leads_units(viewer):
        yield "unit", unit_leader_clause(viewer)


@bp.route("/")
@login_required
def index():
    viewer, day = current_viewer(), today()
    cards = {}
    if has_own_plan(viewer):
        plan = db.session.scalar(select(Plan).join(Plan.mentorship).options(selectinload(Plan.activities))
                                 .where(Mentorship.mentee_id == viewer.person_id)
                                 .order_by(Mentorship.start_date.desc(), Mentorship.id).limit(1))
        cards["mentee"] = {"progress": plan_progress([plan.id], day)[plan.id],
                           "next": next_activity(plan.activities, now().replace(tzinfo=None))}
    for card, where in _led(viewer):
        cards[card] = {"count": running_count(where, day), "overdue": overdue_count(where, day)}
    if "ward" in cards:
        cards["ward"]["work"] = ward_work(ward_leader_clause(viewer), day)
    if can_manage_accounts(viewer):
        cards["invitations"] = invitation_counts(viewer.kommune_id, day, utcnow())
    if can_view_retention(viewer):
        cards["retention"] = retention_headline(viewer.kommune_id, day, retention_unit_ids(viewer),
                                                suppress=retention_suppressed(viewer))
    return render_template("home/index.html", cards=cards, today=day, week=my_week(viewer.person_id, day),
                           actions=assigned_actions(viewer, day),
                           notifications=unread(viewer.person_id),
                           unread=unread_count(viewer.person_id), button=EmptyForm())


@bp.route("/tilgjengelighet")
def accessibility():
    """The accessibility statement (tilgjengelighetserklæring): public, linked from every page's footer."""
    return render_template("home/accessibility.html", contact=current_app.config["ACCESSIBILITY_CONTACT"])
