"""The plan itself: "Min plan" for the mentee, a plan page for everyone in scope, and "Mine menteer";
a plan brought to the unit's current template, and the mentor hand-over."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required

from mentorplan.access import (
    allowed,
    can_change_plan,
    can_change_plans,
    can_complete,
    can_edit_employment,
    can_hand_over,
    can_hand_over_mentees,
    can_log_conversation,
    can_view_mentorship,
    follows_plans,
    found,
    has_mentees,
    has_own_plan,
    is_mentee,
    load_or_404,
    mentor_clause,
)
from mentorplan.checklists.operations import signed_off_counts
from mentorplan.clock import today
from mentorplan.conversations.operations import (
    CONVERSATION_KINDS,
    all_conversations,
    logged_conversations,
    open_actions,
)
from mentorplan.extensions import db
from mentorplan.go_live.operations import before_go_live
from mentorplan.models import (
    Conversation,
    ConversationKind,
    Mentorship,
    Person,
    PlanActivity,
)
from mentorplan.planning.calendar import PHASES, phase_of
from mentorplan.planning.progress import progress
from mentorplan.plans.forms import CompleteActivityForm, HandOverForm, plan_began
from mentorplan.plans.errors import AlreadyDone
from mentorplan.plans.operations import (
    ProgrammeError,
    current_template,
    mark_done,
    mentor_changes,
    plan_people,
    unit_mentors,
)
from mentorplan.plans.overview import load_mentorships, mentorships_query, with_progress
from mentorplan.scheduling.mentorships import apply_template_and_place, hand_over_and_place
from mentorplan.web.forms import EmptyForm
from mentorplan.web.paging import paginate
from mentorplan.web.submissions import answers_repeats
from mentorplan.web.viewer import current_viewer

bp = Blueprint("plans", __name__)


def _phases(plan, earlier):
    """The plan's activities grouped by phase of the programme year, in order; those «før mentorplan»
    (`earlier`) are shown in a group of their own."""
    groups = {phase.key: [] for phase in PHASES}
    for activity in (a for a in plan.activities if a not in earlier):
        groups[phase_of((activity.due_from - plan.start_date).days).key].append(activity)
    return [(phase, groups[phase.key]) for phase in PHASES if groups[phase.key]]


def _conversation_links(viewer, mentorship: Mentorship, completable: set[int], everything: list[Conversation]) -> dict:
    """Per activity: where its conversation is (held or prepared), and which ones the viewer logs;
    `everything`: all the mentorship's conversations (all_conversations)."""
    conversations = {c.activity_id: (c.id, c.held_on is not None) for c in everything if c.activity_id is not None}
    talks = [a for a in mentorship.plan.activities if a.kind in CONVERSATION_KINDS]
    return {
        "held": {a_id: c_id for a_id, (c_id, held) in conversations.items() if held},
        "loggable": {a.id for a in talks if a.id in completable},
        "preparable": {a.id for a in talks if a.status.is_open} if is_mentee(viewer, mentorship) else set(),
    }


def _render_plan(mentorship: Mentorship, heading: str):
    viewer, day = current_viewer(), today()
    plan = mentorship.plan
    newest = current_template(mentorship.employment.unit)
    completable = {a.id for a in plan.activities if a.status.is_open and can_complete(viewer, a)}
    everything = all_conversations(mentorship)  # one query for the held ones and the activities' links
    earlier = before_go_live(plan)
    return render_template(
        "plans/plan.html", heading=heading, mentorship=mentorship, plan=plan, today=day,
        phases=_phases(plan, earlier), earlier=earlier, progress=progress(plan.activities, day),
        people=plan_people(mentorship, day), completable=completable,
        edits_employment=can_edit_employment(viewer, mentorship.employment),
        newer_template=newest if newest.id != plan.template_id and can_change_plan(viewer, mentorship) else None,
        form=CompleteActivityForm(today=day, completed_on=day), button=EmptyForm(),
        conversations=logged_conversations(viewer, mentorship, everything),
        links=_conversation_links(viewer, mentorship, completable, everything),
        actions=open_actions(viewer, [mentorship]),
        checklist=signed_off_counts([mentorship], mentorship.employment.unit)[mentorship.id],
        changes=mentor_changes(mentorship), may_hand_over=can_hand_over(viewer, mentorship),
        may_log=any(can_log_conversation(viewer, mentorship, k) for k in ConversationKind),
    )


@bp.route("/min-plan")
@login_required
def my_plan():
    viewer = current_viewer()
    allowed(has_own_plan(viewer))
    mentorship = load_mentorships(Mentorship.mentee_id == viewer.person_id)[0]
    return _render_plan(mentorship, "Min plan")


@bp.route("/plan/<int:mentorship_id>")
@login_required
def show(mentorship_id: int):
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=follows_plans(current_viewer()),
                             in_scope=lambda mentorship: can_view_mentorship(current_viewer(), mentorship))
    return _render_plan(mentorship, f"Plan for {mentorship.mentee.full_name}")


@bp.route("/aktivitet/<int:activity_id>/utfort", methods=["POST"])
@login_required
@answers_repeats("Aktiviteten er allerede markert som utført.")
def complete(activity_id: int):
    viewer, day = current_viewer(), today()
    allowed(follows_plans(viewer))
    activity = db.get_or_404(PlanActivity, activity_id)
    mentorship = activity.plan.mentorship
    found(can_view_mentorship(viewer, mentorship) and can_complete(viewer, activity))
    form = CompleteActivityForm(today=day, plan_began=plan_began(activity.plan))
    if not form.validate_on_submit():
        for error in form.completed_on.errors:
            flash(f"{activity.title}: {error}", "error")
        return redirect(url_for("plans.show", mentorship_id=mentorship.id, _anchor=f"a{activity.id}"))
    try:
        mark_done(activity, db.session.get(Person, viewer.person_id), form.completed_on.data)
    except ProgrammeError as error:
        flash(str(error), "info" if isinstance(error, AlreadyDone) else "error")
    else:
        db.session.commit()
        flash(f"«{activity.title}» er markert som utført.", "success")
    return redirect(url_for("plans.show", mentorship_id=mentorship.id, _anchor=f"a{activity.id}"))


@bp.route("/mine-menteer")
@login_required
def my_mentees():
    viewer, day = current_viewer(), today()
    allowed(has_mentees(viewer))
    page = paginate(mentorships_query(mentor_clause(viewer), active_on=day))
    return render_template("plans/my_mentees.html", rows=with_progress(page.items, day), page=page, today=day,
                           viewer_id=viewer.person_id, actions=open_actions(viewer, page.items))


@bp.route("/plan/<int:mentorship_id>/bruk-mal", methods=["POST"])
@login_required
def apply_template(mentorship_id: int):
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=can_change_plans(current_viewer()),
                             in_scope=lambda mentorship: can_change_plan(current_viewer(), mentorship))
    if EmptyForm().validate_on_submit():
        template = current_template(mentorship.employment.unit)
        try:
            added = apply_template_and_place(mentorship.plan, template)
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
    return render_template("plans/hand_over.html", form=form, mentorship=mentorship, mentors=mentors,
                           changes=mentor_changes(mentorship))
