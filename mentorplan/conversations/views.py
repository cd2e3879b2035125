"""Conversations: log a planned or unplanned one, read it as far as one may, the mentee's own
preparation and reflection, sharing with the avdelingsleder, and ticking agreed actions off."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from mentorplan.access import (
    allowed,
    can_complete,
    can_complete_action,
    can_correct_conversation,
    can_log_conversation,
    can_log_conversations,
    can_read_notes,
    can_view_mentorship,
    follows_plans,
    found,
    has_own_plan,
    is_mentee,
    load_or_404,
)
from mentorplan.clock import today
from mentorplan.conversations.forms import ConversationForm, OwnNotesForm, ShareForm
from mentorplan.conversations.operations import (
    CONVERSATION_KINDS,
    ActionSpec,
    Log,
    complete_action,
    conversation_of,
    correct_conversation,
    held_on_guess,
    log_conversation,
    points_for,
    preparation_for,
    revisions_of,
    share_with_leader,
    view_of,
    write_own_notes,
)
from mentorplan.extensions import db
from mentorplan.models import (
    AccessKind,
    AgreedAction,
    Conversation,
    ConversationKind,
    Mentorship,
    Person,
    PlanActivity,
    Responsible,
)
from mentorplan.notifications.actions import queue_action_notices
from mentorplan.plans.errors import AlreadyDone, ProgrammeError
from mentorplan.privacy.access_log import log_change
from mentorplan.web.forms import EmptyForm
from mentorplan.web.submissions import answers_repeats
from mentorplan.web.urls import local_path
from mentorplan.web.viewer import current_viewer

bp = Blueprint("conversations", __name__)

KIND_LABELS = {ConversationKind.MENTORSAMTALE: "Mentorsamtale", ConversationKind.LEDERSAMTALE: "Ledersamtale"}


def _me() -> Person:
    return db.session.get(Person, current_viewer().person_id)


def _plan_url(mentorship: Mentorship, anchor: str | None = None) -> str:
    return url_for("plans.show", mentorship_id=mentorship.id, _anchor=anchor)


def _log(form: ConversationForm) -> Log:
    actions = [ActionSpec(e.form.what.data.strip(), Responsible(e.form.who.data), e.form.due_on.data)
               for e in form.actions.entries if not e.form.is_empty]
    return Log(form.held_on.data, form.duration_minutes.data, form.all_topics, (form.notes.data or "").strip(), actions)


def _changed(conversation: Conversation) -> None:
    log_change(current_viewer(), AccessKind.CONVERSATION, conversation.id, conversation.mentorship.mentee_id)


def _save_or_render(form, mentorship, kind_of, activity=None, preparation: str = ""):
    if form.validate_on_submit():
        try:
            me = _me()
            conversation = log_conversation(mentorship, kind_of(form), _log(form), me, today(), activity)
        except AlreadyDone as error:  # the same form a moment ago: say so, do not ask again
            flash(str(error), "info")
            return redirect(_plan_url(mentorship, f"a{activity.id}" if activity else "samtaler"))
        except ProgrammeError as error:
            form.form_errors.append(str(error))
        else:
            _changed(conversation)
            queue_action_notices(conversation, list(conversation.actions), me, today())
            db.session.commit()
            done = f" «{activity.title}» er markert som utført." if activity else ""
            flash(f"Samtalen {conversation.held_on:%d.%m.%Y} er logget.{done}", "success")
            return redirect(_plan_url(mentorship, f"a{activity.id}" if activity else "samtaler"))
    return render_template("conversations/form.html", form=form, mentorship=mentorship, activity=activity,
                           kind_labels=KIND_LABELS, preparation=preparation)


@bp.route("/aktivitet/<int:activity_id>/samtale", methods=["GET", "POST"])
@login_required
@answers_repeats("Samtalen er allerede logget.")
def log_planned(activity_id: int):
    viewer, day = current_viewer(), today()
    allowed(can_log_conversations(viewer))
    activity = db.get_or_404(PlanActivity, activity_id)
    mentorship = activity.plan.mentorship
    kind = CONVERSATION_KINDS.get(activity.kind)
    found(kind is not None and can_view_mentorship(viewer, mentorship) and can_complete(viewer, activity))
    if not activity.status.is_open:
        flash(f"«{activity.title}» er allerede utført.", "info")
        return redirect(_plan_url(mentorship, f"a{activity.id}"))
    form = ConversationForm(mentorship=mentorship, today=day, points=points_for(mentorship.plan, activity, day),
                            kinds=[(kind.value, KIND_LABELS[kind])])
    if not form.is_submitted():  # what the plan knows: the day it was placed on, and its length
        form.held_on.data = held_on_guess(activity, day)
        form.duration_minutes.data = activity.duration_minutes
    return _save_or_render(form, mentorship, lambda _: kind, activity, _preparation(viewer, activity))


def _preparation(viewer, activity: PlanActivity) -> str:
    """The mentee's preparation for the conversation, for the one logging it (a logged read)."""
    prepared = conversation_of(activity)
    if prepared is None or not prepared.preparation:
        return ""
    confidential = view_of(viewer, prepared).confidential
    return confidential.preparation if confidential else ""


@bp.route("/plan/<int:mentorship_id>/samtale/ny", methods=["GET", "POST"])
@login_required
@answers_repeats("Samtalen er allerede logget.")
def log_unplanned(mentorship_id: int):
    viewer, day = current_viewer(), today()
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=can_log_conversations(viewer),
                             in_scope=lambda mentorship: can_view_mentorship(viewer, mentorship))
    kinds = [k for k in ConversationKind if can_log_conversation(viewer, mentorship, k)]
    found(bool(kinds))
    form = ConversationForm(mentorship=mentorship, today=day, points=points_for(mentorship.plan, None, day),
                            kinds=[(k.value, KIND_LABELS[k]) for k in kinds])
    return _save_or_render(form, mentorship, lambda f: ConversationKind(f.kind.data))


def _conversation_or_404(conversation_id: int) -> Conversation:
    viewer = current_viewer()
    allowed(follows_plans(viewer))
    conversation = db.get_or_404(Conversation, conversation_id)
    visible = can_view_mentorship(viewer, conversation.mentorship) and (
        conversation.is_logged or can_read_notes(viewer, conversation))
    found(visible)
    return conversation


def _render_show(conversation: Conversation, own_form: OwnNotesForm | None = None):
    viewer = current_viewer()
    mine = is_mentee(viewer, conversation.mentorship)
    view = view_of(viewer, conversation)
    if mine and own_form is None:
        own_form = OwnNotesForm(obj=view.confidential)
    return render_template(
        "conversations/show.html", conversation=view, mentorship=conversation.mentorship,
        own_form=own_form if mine else None, share_form=ShareForm() if mine else None, button=EmptyForm(),
        may_tick={a.id for a in conversation.actions if can_complete_action(viewer, a)}, is_mentee=mine,
        may_correct=can_correct_conversation(viewer, conversation), revisions=revisions_of(view, conversation),
    )


@bp.route("/samtale/<int:conversation_id>")
@login_required
def show(conversation_id: int):
    return _render_show(_conversation_or_404(conversation_id))


@bp.route("/samtale/<int:conversation_id>/egne-notater", methods=["POST"])
@login_required
def own_notes(conversation_id: int):
    conversation = _conversation_or_404(conversation_id)
    found(is_mentee(current_viewer(), conversation.mentorship))
    form = OwnNotesForm()
    if form.validate_on_submit():
        try:
            write_own_notes(conversation, (form.preparation.data or "").strip(), (form.reflection.data or "").strip())
        except ProgrammeError as error:
            form.form_errors.append(str(error))
        else:
            _changed(conversation)
            db.session.commit()
            flash("Forberedelse og refleksjon er lagret.", "success")
            return redirect(url_for("conversations.show", conversation_id=conversation.id))
    return _render_show(conversation, form)


@bp.route("/aktivitet/<int:activity_id>/forberedelse", methods=["GET", "POST"])
@login_required
def prepare(activity_id: int):
    viewer = current_viewer()
    allowed(has_own_plan(viewer))
    activity = db.get_or_404(PlanActivity, activity_id)
    mentorship = activity.plan.mentorship
    found(is_mentee(viewer, mentorship) and activity.kind in CONVERSATION_KINDS)
    existing = conversation_of(activity)
    if existing is not None and existing.is_logged:
        return redirect(url_for("conversations.show", conversation_id=existing.id))
    form = OwnNotesForm(obj=view_of(viewer, existing).confidential if existing else None)
    del form.reflection
    if form.validate_on_submit():
        conversation = preparation_for(mentorship, activity)
        write_own_notes(conversation, (form.preparation.data or "").strip(), "")
        _changed(conversation)
        db.session.commit()
        flash(f"Forberedelsen til «{activity.title}» er lagret. Bare du og mentoren din kan lese den.", "success")
        return redirect(_plan_url(mentorship, f"a{activity.id}"))
    return render_template("conversations/prepare.html", form=form, activity=activity, mentorship=mentorship)


@bp.route("/samtale/<int:conversation_id>/del", methods=["POST"])
@login_required
def share(conversation_id: int):
    conversation = _conversation_or_404(conversation_id)
    found(is_mentee(current_viewer(), conversation.mentorship))
    form = ShareForm()
    if form.validate_on_submit():
        try:
            share_with_leader(conversation, form.shared.data == "ja")
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            _changed(conversation)
            db.session.commit()
            flash("Samtalen er delt med avdelingslederen din." if conversation.shared_with_leader
                  else "Samtalen er ikke lenger delt med avdelingslederen.", "success")
    else:
        flash("Valget kunne ikke lagres.", "error")
    return redirect(url_for("conversations.show", conversation_id=conversation.id))


@bp.route("/tiltak/<int:action_id>/utfort", methods=["POST"])
@login_required
def action_done(action_id: int):
    viewer = current_viewer()
    action = load_or_404(AgreedAction, action_id, has_page=follows_plans(viewer),
                            in_scope=lambda action: can_view_mentorship(viewer, action.conversation.mentorship)
                            and can_complete_action(viewer, action))
    if EmptyForm().validate_on_submit():
        try:
            complete_action(action, _me(), today())
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            _changed(action.conversation)
            db.session.commit()
            flash(f"Tiltaket «{action.what}» er gjort.", "success")
    # The assignee may not read the conversation (a leader): they tick it off where they saw it.
    return redirect(local_path(request.form.get("next"))
                    or url_for("conversations.show", conversation_id=action.conversation_id, _anchor="tiltak"))


# --- Correcting a logged conversation -------------------------------------------------------

@bp.route("/samtale/<int:conversation_id>/rett", methods=["GET", "POST"])
@login_required
def correct(conversation_id: int):
    """The logged conversation's form again, filled in; what it said before is kept and shown."""
    viewer, day = current_viewer(), today()
    conversation = _conversation_or_404(conversation_id)
    found(can_correct_conversation(viewer, conversation))
    mentorship = conversation.mentorship
    points = points_for(mentorship.plan, conversation.activity, conversation.held_on)
    form = ConversationForm(mentorship=mentorship, today=day, points=points,
                            kinds=[(conversation.kind.value, KIND_LABELS[conversation.kind])])
    del form.actions  # agreed actions are ticked off on the conversation, not rewritten
    if not form.is_submitted():
        _fill(form, view_of(viewer, conversation), points)
    elif form.validate():
        log = Log(form.held_on.data, form.duration_minutes.data, form.all_topics, (form.notes.data or "").strip(), [])
        try:
            correct_conversation(conversation, log, _me(), day)
        except ProgrammeError as error:
            form.form_errors.append(str(error))
        else:
            _changed(conversation)
            db.session.commit()
            flash("Samtalen er rettet. Det den sa før, er tatt vare på under «Endringer».", "success")
            return redirect(url_for("conversations.show", conversation_id=conversation.id))
    return render_template("conversations/correct.html", form=form, conversation=conversation,
                           mentorship=mentorship)


def _fill(form: ConversationForm, view, points: list[str]) -> None:
    form.held_on.data, form.duration_minutes.data = view.held_on, view.confidential.duration_minutes
    form.topics.data = [t for t in view.topics if t in points]
    form.other_topics.data = "\n".join(t for t in view.topics if t not in points)
    form.notes.data = view.confidential.notes
