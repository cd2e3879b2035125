"""The enhetsleder's plan template, versioned: a draft with its activities and talking points, edited
and published as the unit's next version."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from mentorplan.access import can_edit_template, found, template_or_404, unit_led_or_404
from mentorplan.conversations.operations import (
    CONVERSATION_PHASES,
    set_talking_points,
    talking_points,
)
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityKind,
    Person,
    PlanTemplate,
    Responsible,
    TemplateActivity,
)
from mentorplan.planning.calendar import phase_of
from mentorplan.planning.checklists import parse_lines
from mentorplan.plans.forms import TemplateActivityForm, talking_points_form
from mentorplan.plans.operations import (
    ProgrammeError,
    current_template,
    draft_template,
    new_draft,
    publish,
    unit_templates,
)
from mentorplan.web.forms import EmptyForm
from mentorplan.web.viewer import current_viewer

bp = Blueprint("plan_templates", __name__)


def _grouped(template: PlanTemplate):
    groups: dict = {}
    for activity in template.activities:
        groups.setdefault(phase_of(activity.due_from_day), []).append(activity)
    return list(groups.items())


@bp.route("/enhet/<int:unit_id>/mal")
@login_required
def index(unit_id: int):
    unit = unit_led_or_404(current_viewer(), unit_id)
    return render_template("plan_templates/index.html", unit=unit, current=current_template(unit),
                           draft=draft_template(unit), versions=unit_templates(unit), button=EmptyForm())


@bp.route("/enhet/<int:unit_id>/mal/kladd", methods=["POST"])
@login_required
def create_draft(unit_id: int):
    unit = unit_led_or_404(current_viewer(), unit_id)
    if EmptyForm().validate_on_submit():
        draft = new_draft(unit, db.session.get(Person, current_viewer().person_id))
        db.session.commit()
        return redirect(url_for("plan_templates.show", template_id=draft.id))
    return redirect(url_for("plan_templates.index", unit_id=unit.id))


@bp.route("/mal/<int:template_id>")
@login_required
def show(template_id: int):
    template = template_or_404(current_viewer(), PlanTemplate, template_id)
    return render_template("plan_templates/show.html", template=template, phases=_grouped(template),
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
        return redirect(url_for("plan_templates.show", template_id=template.id, _anchor="stikkord"))
    return render_template("plan_templates/talking_points.html", form=form, template=template,
                           talk_phases=CONVERSATION_PHASES)


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
        return redirect(url_for("plan_templates.show", template_id=template.id))
    return render_template("plan_templates/activity_form.html", form=form, template=template, activity=None)


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
        return redirect(url_for("plan_templates.show", template_id=template.id))
    return render_template("plan_templates/activity_form.html", form=form, template=template, activity=activity)


@bp.route("/mal/aktivitet/<int:activity_id>/slett", methods=["POST"])
@login_required
def delete_activity(activity_id: int):
    activity = db.get_or_404(TemplateActivity, activity_id)
    template = _editable_or_404(activity.template_id)
    if EmptyForm().validate_on_submit():
        template.activities.remove(activity)
        db.session.commit()
        flash(f"«{activity.title}» er fjernet fra kladden.", "success")
    return redirect(url_for("plan_templates.show", template_id=template.id))


@bp.route("/mal/<int:template_id>/publiser", methods=["POST"])
@login_required
def publish_draft(template_id: int):
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
    return redirect(url_for("plan_templates.index", unit_id=template.unit_id))
