"""The enhetsleder's pages: the unit's plans and its mentors."""
from flask import Blueprint, current_app, render_template
from flask_login import login_required
from sqlalchemy import func, select

from mentorplan.access import (
    allowed,
    can_see_unit_overview,
    unit_leader_clause,
    units_led_clause,
)
from mentorplan.checklists.operations import current_checklist
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import (
    Employment,
    Mentorship,
    Unit,
)
from mentorplan.plans.operations import (
    current_template,
    unit_mentors,
)
from mentorplan.plans.overview import in_programme_on, mentorships_query, with_progress
from mentorplan.web.paging import paginate, search_term
from mentorplan.web.viewer import current_viewer

bp = Blueprint("unit", __name__)


def _led_units(viewer) -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(units_led_clause(viewer)).order_by(Unit.name)))


def mentor_loads(unit_ids, day) -> dict[tuple[int, int], int]:
    """(unit id, mentor id) → the number of the mentor's mentorships in the unit on the day, those
    yet to start included: a mentee who starts next month already takes the mentor's time."""
    return dict(((unit_id, mentor_id), n) for unit_id, mentor_id, n in db.session.execute(
        select(Employment.unit_id, Mentorship.mentor_id, func.count(Mentorship.id)).join(Mentorship.employment)
        .where(Employment.unit_id.in_(unit_ids), in_programme_on(day))
        .group_by(Employment.unit_id, Mentorship.mentor_id)))


def roster(unit: Unit, loads: dict[tuple[int, int], int], day, minimum: int) -> dict:
    """The unit's active mentors with their number of active mentees, and whether it has too few."""
    mentors = unit_mentors(unit, day)
    return {"mentors": [(m, loads.get((unit.id, m.id), 0)) for m in mentors], "too_few": len(mentors) < minimum}


@bp.route("/enhet")
@login_required
def overview():
    viewer, day, search = current_viewer(), today(), search_term()
    allowed(can_see_unit_overview(viewer))
    led = _led_units(viewer)
    loads = mentor_loads([u.id for u in led], day)
    units = [{
        "unit": unit,
        "roster": roster(unit, loads, day, minimum=current_app.config["MENTORS_PER_UNIT"]),
        "template": current_template(unit),
        "checklist": current_checklist(unit, create=False),
    } for unit in led]
    page = paginate(mentorships_query(unit_leader_clause(viewer), active_on=day, search=search))
    return render_template("unit/overview.html", units=units, rows=with_progress(page.items, day), page=page,
                           search=search, today=day)
