"""Units, wards and their templates: the leaders' own pages."""
from sqlalchemy import or_, select

from mentorplan.access.viewer import Viewer, load_or_404
from mentorplan.extensions import db
from mentorplan.models import ChecklistTemplate, PlanTemplate, Role, Unit, Ward


def can_see_ward_overview(viewer: Viewer) -> bool:
    """«Avdelingen»: the plans of the wards the viewer leads as avdelingsleder."""
    return viewer.leads_ward


def can_see_unit_overview(viewer: Viewer) -> bool:
    """«Enheten» (/enhet): the enhetsleder's plans and mentors, for the units in units_led_clause."""
    return viewer.has(Role.ENHETSLEDER)


def can_hand_over_mentees(viewer: Viewer) -> bool:
    """The hand-over page is the enhetsleder's; which mentorships: can_hand_over."""
    return viewer.has(Role.ENHETSLEDER)


def leads_units(viewer: Viewer) -> bool:
    """A unit's own pages (its plan template and checklist versions, its pulse, its programme
    dashboard) are for one who leads a unit as enhetsleder; which units: can_lead_unit."""
    return bool(viewer.unit_ids)


def units_led_clause(viewer: Viewer):
    """The units the viewer leads as enhetsleder."""
    return Unit.id.in_(viewer.unit_ids)


def can_register_hires(viewer: Viewer) -> bool:
    """Registering a hire is the avdelingsleder's job; the enhetsleder may stand in (hiring_wards)."""
    return viewer.is_leader


def can_lead_unit(viewer: Viewer, unit: Unit) -> bool:
    return unit.id in viewer.unit_ids


def can_edit_template(viewer: Viewer, template: PlanTemplate | ChecklistTemplate) -> bool:
    """A unit's own version of a plan template or a checklist: the unit's enhetsleder."""
    return template.unit_id is not None and template.unit_id in viewer.unit_ids


def can_read_template(viewer: Viewer, template: PlanTemplate | ChecklistTemplate) -> bool:
    """A unit's own version: its enhetsleder. The kommune's (no unit): every enhetsleder in the
    kommune, since their units' versions start from it."""
    return can_edit_template(viewer, template) or (
        template.unit_id is None and template.kommune_id == viewer.kommune_id and bool(viewer.unit_ids))


def hiring_wards(viewer: Viewer) -> list[Ward]:
    """Wards where the viewer may register new hires (avdelingsleder, or enhetsleder for all wards)."""
    unit_ids = viewer.unit_ids | viewer.ward_unit_ids
    query = select(Ward).join(Ward.unit).where(
        or_(Ward.id.in_(viewer.ward_ids), Ward.unit_id.in_(unit_ids))
    ).order_by(Unit.name, Ward.name)
    return list(db.session.scalars(query))


def unit_led_or_404(viewer: Viewer, unit_id: int) -> Unit:
    """A unit the viewer leads (403 for one who leads none, 404 for another unit)."""
    return load_or_404(Unit, unit_id, has_page=leads_units(viewer), in_scope=lambda unit: can_lead_unit(viewer, unit))


def template_or_404(viewer: Viewer, model: type[PlanTemplate] | type[ChecklistTemplate],
                    template_id: int) -> PlanTemplate | ChecklistTemplate:
    """A plan or checklist template the viewer may read, as a unit leader."""
    return load_or_404(model, template_id, has_page=leads_units(viewer),
                       in_scope=lambda template: can_read_template(viewer, template))
