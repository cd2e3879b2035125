"""Training checklists: the mentee's checklist with self-assessment and sign-off, and the
enhetsleder's versions of the unit's checklist."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from mentorplan.access import (
    can_edit_template,
    can_self_assess,
    can_sign_off,
    can_view_mentorship,
    follows_plans,
    found,
    load_or_404,
    template_or_404,
    unit_led_or_404,
)
from mentorplan.checklists.forms import ChecklistMarkForm, checklist_edit_form
from mentorplan.checklists.operations import (
    MARKS,
    checklist_of,
    current_checklist,
    draft_checklist,
    ensure_checklist,
    item_on_checklist,
    mark,
    new_checklist_draft,
    publish_checklist,
    set_items,
    state_of,
    unit_checklists,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import (
    AccessKind,
    ChecklistTemplate,
    Mentorship,
    Person,
)
from mentorplan.plans.operations import ProgrammeError
from mentorplan.privacy.access_log import log_change, log_read
from mentorplan.web.forms import EmptyForm
from mentorplan.web.submissions import answers_repeats
from mentorplan.web.viewer import current_viewer

bp = Blueprint("checklists", __name__)

REFUSALS = {"mentee": "Bare den nytilsatte selv kan krysse av for egen vurdering.",
            "mentor": "Bare mentoren kan godkjenne et punkt."}
DONE = {"opplaering": "fått opplæring", "mestrer": "mestrer", "godkjent": "godkjent"}


def _mentorship_or_404(mentorship_id: int) -> Mentorship:
    viewer = current_viewer()
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=follows_plans(viewer),
                             in_scope=lambda mentorship: can_view_mentorship(viewer, mentorship))
    return mentorship


@bp.route("/plan/<int:mentorship_id>/sjekkliste")
@login_required
def show(mentorship_id: int):
    viewer = current_viewer()
    mentorship = _mentorship_or_404(mentorship_id)
    if checklist_of(mentorship) is None:
        # Only mentorships begun before checklists were made at the start (programme.start_mentorship)
        # lack one. The page's forms need saved items, so it is pinned now, once.
        ensure_checklist(mentorship)
        db.session.commit()
    log_read(viewer, AccessKind.CHECKLIST, mentorship.id, mentorship.mentee_id)
    return render_template(
        "checklists/show.html", mentorship=mentorship, state=state_of(mentorship), today=today(),
        may={"mentee": can_self_assess(viewer, mentorship), "mentor": can_sign_off(viewer, mentorship)},
        form=ChecklistMarkForm())


@bp.route("/plan/<int:mentorship_id>/sjekkliste/<int:item_id>", methods=["POST"])
@login_required
@answers_repeats("Markeringen er allerede lagret.")
def mark_item(mentorship_id: int, item_id: int):
    viewer = current_viewer()
    mentorship = _mentorship_or_404(mentorship_id)
    # Before its text goes into any message: an item of another checklist is as good as missing.
    item = item_on_checklist(mentorship, item_id)
    found(item is not None)
    back = redirect(url_for("checklists.show", mentorship_id=mentorship.id, _anchor=f"i{item.id}"))
    form = ChecklistMarkForm()
    if not form.validate_on_submit():
        errors = [e for f in (form.mark, form.action, form.on) for e in f.errors] or ["Skjemaet var ugyldig."]
        flash(f"{item.text}: {errors[0]}", "error")
        return back
    who = MARKS[form.mark.data][2]
    if not (can_self_assess if who == "mentee" else can_sign_off)(viewer, mentorship):
        flash(f"{item.text}: {REFUSALS[who]}", "error")
        return back
    on = form.on.data if form.action.data == "sett" else None
    try:
        mark(mentorship, item, form.mark.data, on, db.session.get(Person, viewer.person_id), today())
    except ProgrammeError as error:
        flash(f"{item.text}: {error}", "error")
        return back
    log_change(viewer, AccessKind.CHECKLIST, mentorship.id, mentorship.mentee_id)
    db.session.commit()
    state = f"markert «{DONE[form.mark.data]}»" if on else f"ikke lenger markert «{DONE[form.mark.data]}»"
    flash(f"{item.text}: {state}.", "success")
    return back


# --- The enhetsleder's versions ---------------------------------------------------------------

@bp.route("/enhet/<int:unit_id>/sjekkliste")
@login_required
def versions(unit_id: int):
    unit = unit_led_or_404(current_viewer(), unit_id)
    return render_template("checklists/versions.html", unit=unit, current=current_checklist(unit),
                           draft=draft_checklist(unit), versions=unit_checklists(unit), button=EmptyForm())


@bp.route("/enhet/<int:unit_id>/sjekkliste/kladd", methods=["POST"])
@login_required
def create_draft(unit_id: int):
    unit = unit_led_or_404(current_viewer(), unit_id)
    if EmptyForm().validate_on_submit():
        draft = new_checklist_draft(unit, db.session.get(Person, current_viewer().person_id))
        db.session.commit()
        return redirect(url_for("checklists.template", checklist_template_id=draft.id))
    return redirect(url_for("checklists.versions", unit_id=unit.id))


def _sections(template: ChecklistTemplate) -> list[tuple[str, list[str]]]:
    sections: dict[str, list[str]] = {}
    for item in template.items:
        sections.setdefault(item.category, []).append(item.text)
    return list(sections.items())


@bp.route("/sjekklistemal/<int:checklist_template_id>", methods=["GET", "POST"])
@login_required
def template(checklist_template_id: int):
    template = template_or_404(current_viewer(), ChecklistTemplate, checklist_template_id)
    editable = template.is_draft and can_edit_template(current_viewer(), template)
    form = checklist_edit_form(_sections(template))() if editable else None
    if form is not None and form.validate_on_submit():
        try:
            set_items(template, form.sections())
        except ProgrammeError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Kladden er lagret.", "success")
            return redirect(url_for("checklists.template", checklist_template_id=template.id))
    return render_template("checklists/template.html", template=template, sections=_sections(template),
                           form=form, button=EmptyForm())


@bp.route("/sjekklistemal/<int:checklist_template_id>/publiser", methods=["POST"])
@login_required
def publish(checklist_template_id: int):
    template = template_or_404(current_viewer(), ChecklistTemplate, checklist_template_id)
    found(template.is_draft and can_edit_template(current_viewer(), template))
    if EmptyForm().validate_on_submit():
        publish_checklist(template)
        db.session.commit()
        flash(f"Versjon {template.version} av sjekklisten er publisert. Nye nytilsatte får den; "
              "sjekklister som er i gang beholder sin versjon.", "success")
    return redirect(url_for("checklists.versions", unit_id=template.unit_id))
