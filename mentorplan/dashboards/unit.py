"""The enhetsleder's pages: the unit's plans, its mentors, and its versioned plan template."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import func, select

from mentorplan.access import (
    allowed,
    can_change_plan,
    can_change_plans,
    can_edit_template,
    can_hand_over,
    can_hand_over_mentees,
    can_see_unit_overview,
    found,
    load_or_404,
    template_or_404,
    unit_leader_clause,
    unit_led_or_404,
    units_led_clause,
)
from mentorplan.auth.identity import current_viewer
from mentorplan.checklists.operations import current_checklist
from mentorplan.clock import today
from mentorplan.conversations.operations import (
    CONVERSATION_PHASES,
    set_talking_points,
    talking_points,
)
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityKind,
    Employment,
    Mentorship,
    Person,
    PlanTemplate,
    Responsible,
    TemplateActivity,
    Unit,
)
from mentorplan.planning.calendar import phase_of
from mentorplan.planning.checklists import parse_lines
from mentorplan.plans import operations as programme
from mentorplan.plans.forms import (
    HandOverForm,
    TemplateActivityForm,
    talking_points_form,
)
from mentorplan.plans.operations import (
    ProgrammeError,
    current_template,
    draft_template,
    mentor_changes,
    new_draft,
    publish,
    unit_mentors,
    unit_templates,
)
from mentorplan.plans.overview import in_programme_on, mentorships_query, with_progress
from mentorplan.scheduling.mentorships import hand_over_and_place
from mentorplan.web.forms import EmptyForm
from mentorplan.web.paging import paginate, search_term

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


def _grouped(template: PlanTemplate):
    groups: dict = {}
    for activity in template.activities:
        groups.setdefault(phase_of(activity.due_from_day), []).append(activity)
    return list(groups.items())


@bp.route("/enhet/<int:unit_id>/mal")
@login_required
def templates(unit_id: int):
    unit = unit_led_or_404(current_viewer(), unit_id)
    return render_template("unit/templates.html", unit=unit, current=current_template(unit),
                           draft=draft_template(unit), versions=unit_templates(unit), button=EmptyForm())


@bp.route("/enhet/<int:unit_id>/mal/kladd", methods=["POST"])
@login_required
def create_draft(unit_id: int):
    unit = unit_led_or_404(current_viewer(), unit_id)
    if EmptyForm().validate_on_submit():
        draft = new_draft(unit, db.session.get(Person, current_viewer().person_id))
        db.session.commit()
        return redirect(url_for("unit.show_template", template_id=draft.id))
    return redirect(url_for("unit.templates", unit_id=unit.id))


@bp.route("/mal/<int:template_id>")
@login_required
def show_template(template_id: int):
    template = template_or_404(current_viewer(), PlanTemplate, template_id)
    return render_template("unit/template.html", template=template, phases=_grouped(template),
                           editable=template.is_draft and can_edit_template(current_viewer(), template),
                           button=EmptyForm(), talking_points=_points(template), talk_phases=CONVERSATION_PHASES)


def _points(template: PlanTemplate) -> dict[str, list[str]]:
    return {phase.key: talking_points(template, phase.key) for phase in CONVERSATION_PHASES}


@bp.route("/mal/<int:template_id>/stikkord", methods=["GET", "POST"])
@login_required
def edit_talking_points(template_id: int):
    template = _editable_or_404(template_id)
    form = talking_points_form(_points(template))()
    if form.validate_on_submit():
        for phase in CONVERSATION_PHASES:
            set_talking_points(template, phase.key, parse_lines(form[phase.key].data))
        db.session.commit()
        flash("Stikkordene er lagret i kladden.", "success")
        return redirect(url_for("unit.show_template", template_id=template.id, _anchor="stikkord"))
    return render_template("unit/talking_points.html", form=form, template=template, talk_phases=CONVERSATION_PHASES)


def _editable_or_404(template_id: int) -> PlanTemplate:
    template = template_or_404(current_viewer(), PlanTemplate, template_id)
    found(template.is_draft and can_edit_template(current_viewer(), template))
    return template


def _fill(activity: TemplateActivity, form: TemplateActivityForm) -> None:
    activity.kind = ActivityKind(form.kind.data)
    activity.title = form.title.data.strip()
    activity.responsible = Responsible(form.responsible.data)
    activity.participants = ",".join(form.participants.data)
    activity.due_from_day = form.due_from_day.data
    activity.due_to_day = form.due_to_day.data
    activity.duration_minutes = form.duration_minutes.data
    activity.needs_shared_shift = form.needs_shared_shift.data
    activity.guidance = (form.guidance.data or "").strip()  # a post without the field: no guidance


@bp.route("/mal/<int:template_id>/aktivitet/ny", methods=["GET", "POST"])
@login_required
def add_activity(template_id: int):
    template = _editable_or_404(template_id)
    form = TemplateActivityForm()
    if form.validate_on_submit():
        activity = TemplateActivity(position=len(template.activities) + 1)
        _fill(activity, form)
        template.activities.append(activity)
        db.session.commit()
        flash(f"«{activity.title}» er lagt til i kladden.", "success")
        return redirect(url_for("unit.show_template", template_id=template.id))
    return render_template("unit/activity_form.html", form=form, template=template, activity=None)


@bp.route("/mal/aktivitet/<int:activity_id>", methods=["GET", "POST"])
@login_required
def edit_activity(activity_id: int):
    activity = db.get_or_404(TemplateActivity, activity_id)
    template = _editable_or_404(activity.template_id)
    form = TemplateActivityForm(obj=activity)
    if not form.is_submitted():
        form.participants.data = [p for p in activity.participants.split(",") if p]
        form.kind.data, form.responsible.data = activity.kind.value, activity.responsible.value
    if form.validate_on_submit():
        _fill(activity, form)
        db.session.commit()
        flash(f"«{activity.title}» er endret.", "success")
        return redirect(url_for("unit.show_template", template_id=template.id))
    return render_template("unit/activity_form.html", form=form, template=template, activity=activity)


@bp.route("/mal/aktivitet/<int:activity_id>/slett", methods=["POST"])
@login_required
def delete_activity(activity_id: int):
    activity = db.get_or_404(TemplateActivity, activity_id)
    template = _editable_or_404(activity.template_id)
    if EmptyForm().validate_on_submit():
        template.activities.remove(activity)
        db.session.commit()
        flash(f"«{activity.title}» er fjernet fra kladden.", "success")
    return redirect(url_for("unit.show_template", template_id=template.id))


@bp.route("/mal/<int:template_id>/publiser", methods=["POST"])
@login_required
def publish_template(template_id: int):
    template = _editable_or_404(template_id)
    if EmptyForm().validate_on_submit():
        try:
            publish(template)
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Versjon {template.version} er publisert. Nye planer lages fra den; "
                  "planer som er i gang endres bare når en leder tar den i bruk.", "success")
    return redirect(url_for("unit.templates", unit_id=template.unit_id))


@bp.route("/plan/<int:mentorship_id>/bruk-mal", methods=["POST"])
@login_required
def apply_template(mentorship_id: int):
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=can_change_plans(current_viewer()),
                             in_scope=lambda mentorship: can_change_plan(current_viewer(), mentorship))
    if EmptyForm().validate_on_submit():
        template = current_template(mentorship.employment.unit)
        try:
            added = programme.apply_template(mentorship.plan, template)
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Planen følger nå versjon {template.version}; {added} åpne aktiviteter er lagt inn.", "success")
    return redirect(url_for("plans.show", mentorship_id=mentorship.id))



@bp.route("/plan/<int:mentorship_id>/bytt-mentor", methods=["GET", "POST"])
@login_required
def hand_over(mentorship_id: int):
    viewer, day = current_viewer(), today()
    allowed(can_hand_over_mentees(viewer))
    mentorship = db.get_or_404(Mentorship, mentorship_id)
    found(can_hand_over(viewer, mentorship))
    mentors = [m for m in unit_mentors(mentorship.employment.unit, day)
               if m.id not in (mentorship.mentor_id, mentorship.mentee_id)]
    form = HandOverForm(mentors=mentors)
    if form.validate_on_submit():
        new_mentor = db.session.get(Person, form.mentor_id.data)
        try:
            hand_over_and_place(mentorship, new_mentor, db.session.get(Person, viewer.person_id), day,
                                form.reason.data.strip())
        except ProgrammeError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{new_mentor.full_name} er nå mentor for {mentorship.mentee.full_name}. "
                  "Planen, samtalene og sjekklisten følger med.", "success")
            return redirect(url_for("plans.show", mentorship_id=mentorship.id))
    return render_template("unit/hand_over.html", form=form, mentorship=mentorship, mentors=mentors,
                           changes=mentor_changes(mentorship))
