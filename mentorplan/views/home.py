"""The start page: one card per role the person holds, with what needs attention."""
from flask import Blueprint, current_app, render_template
from flask_login import login_required
from sqlalchemy import or_

from ..access import unit_leader_clause, ward_leader_clause
from ..auth import current_viewer
from ..clock import today
from ..models import Mentorship, Role
from ..notifications.inbox import unread, unread_count
from ..overview import load_mentorships
from ..planning.progress import progress
from .forms import EmptyForm

bp = Blueprint("home", __name__)


def _overdue(mentorships, day) -> int:
    return sum(len(progress(m.plan.activities, day).overdue) for m in mentorships)


@bp.route("/")
@login_required
def index():
    viewer, day = current_viewer(), today()
    cards = {}
    if viewer.has(Role.MENTEE):
        own = load_mentorships(Mentorship.mentee_id == viewer.person_id)[0]
        cards["mentee"] = progress(own.plan.activities, day)
    if viewer.has(Role.MENTOR):
        mine = load_mentorships(or_(Mentorship.mentor_id == viewer.person_id,
                                    Mentorship.backup_mentor_id == viewer.person_id), active_on=day)
        cards["mentor"] = {"count": len(mine), "overdue": _overdue(mine, day)}
    if viewer.leads_ward:
        ward = load_mentorships(ward_leader_clause(viewer), active_on=day)
        cards["ward"] = {"count": len(ward), "overdue": _overdue(ward, day)}
    if viewer.unit_ids:
        unit = load_mentorships(unit_leader_clause(viewer), active_on=day)
        cards["unit"] = {"count": len(unit), "overdue": _overdue(unit, day)}
    return render_template("home/index.html", cards=cards, today=day, notifications=unread(viewer.person_id),
                           unread=unread_count(viewer.person_id), button=EmptyForm())


@bp.route("/tilgjengelighet")
def accessibility():
    """The accessibility statement (tilgjengelighetserklæring): public, linked from every page's footer."""
    return render_template("home/accessibility.html", contact=current_app.config["ACCESSIBILITY_CONTACT"])
