"""Operations on conversations: log one, the mentee's preparation and reflection, sharing,
agreed actions, and the talking points of a plan phase.

Every read of confidential content (notes, preparation, reflection, agreed actions) goes
through `_confidential`, so that an access log can be added in one place. Operations add and
flush; the caller commits once.
"""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorplan import access
from mentorplan.access import Viewer
from mentorplan.extensions import db
from mentorplan.models import (
    AccessKind,
    ActivityKind,
    AgreedAction,
    Conversation,
    ConversationKind,
    ConversationRevision,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    PlanTemplate,
    Responsible,
    TalkingPoint,
)
from mentorplan.models.types import utcnow
from mentorplan.planning.calendar import PHASES, Phase, phase_of
from mentorplan.planning.default_template import TALKING_POINTS
from mentorplan.plans.errors import AlreadyDone
from mentorplan.plans.operations import ProgrammeError, mark_done
from mentorplan.plans.overview import in_programme_on
from mentorplan.privacy.access_log import log_read

CONVERSATION_KINDS = {ActivityKind.MENTORSAMTALE: ConversationKind.MENTORSAMTALE,
                      ActivityKind.LEDERSAMTALE: ConversationKind.LEDERSAMTALE}
CONVERSATION_PHASES = tuple(p for p in PHASES if p.key != "before")
MAX_TALKING_POINTS = 30


# --- Talking points ------------------------------------------------------------------------

def talking_points(template: PlanTemplate, phase_key: str) -> list[str]:
    """The template version's own points for the phase, or the shipped stikkordsliste."""
    own = [p.text for p in sorted(template.talking_points, key=lambda p: p.position) if p.phase == phase_key]
    return own or list(TALKING_POINTS)


def set_talking_points(template: PlanTemplate, phase_key: str, points: list[str]) -> None:
    if not template.is_draft:
        raise ProgrammeError("Stikkord kan bare endres i en kladd.")
    if phase_key not in {p.key for p in CONVERSATION_PHASES}:
        raise ProgrammeError("Ukjent fase.")
    for old in [p for p in template.talking_points if p.phase == phase_key]:
        template.talking_points.remove(old)
    template.talking_points.extend(
        TalkingPoint(phase=phase_key, position=i, text=text) for i, text in enumerate(points, 1))
    db.session.flush()


def fixed_points(plan: Plan) -> set[str]:
    """The talking points a conversation of the plan may be logged with: its template's, in every
    phase, and the shipped stikkordsliste. Everything else in a conversation's topics is the
    participants' own text («Andre stikkord»)."""
    return {p for phase in CONVERSATION_PHASES for p in talking_points(plan.template, phase.key)} | set(TALKING_POINTS)


def phase_on(plan: Plan, day: date) -> Phase:
    phase = phase_of((day - plan.start_date).days)
    return phase if phase.key != "before" else CONVERSATION_PHASES[0]


def points_for(plan: Plan, activity: PlanActivity | None, day: date) -> list[str]:
    """The talking points offered when logging: the activity's phase, or the day's for an unplanned one."""
    return talking_points(plan.template, phase_on(plan, activity.due_from if activity else day).key)


# --- Logging -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionSpec:
    what: str
    who: Responsible
    due_on: date


@dataclass(frozen=True)
class Log:
    held_on: date
    duration_minutes: int
    topics: list[str]
    notes: str
    actions: list[ActionSpec]


def conversation_of(activity: PlanActivity) -> Conversation | None:
    return db.session.scalar(select(Conversation).where(Conversation.activity_id == activity.id))


def held_on_guess(activity: PlanActivity, today: date) -> date:
    """The day a planned conversation was most likely held: the day it was placed on, when that has
    come; else today."""
    placed = activity.scheduled_start.date() if activity.scheduled_start else None
    return placed if placed is not None and activity.plan.mentorship.start_date <= placed <= today else today


def check_date(mentorship: Mentorship, held_on: date, today: date) -> str | None:
    """Why a conversation date cannot be right, or None."""
    if held_on > today:
        return "Datoen kan ikke være fram i tid."
    if held_on < mentorship.start_date:
        return f"Datoen kan ikke være før mentorforløpet begynte ({mentorship.start_date:%d.%m.%Y})."
    return None


def log_conversation(mentorship: Mentorship, kind: ConversationKind, log: Log, by: Person, today: date,
                     activity: PlanActivity | None = None) -> Conversation:
    """Record a held conversation; a planned one marks its plan activity done on the day it was held."""
    problem = check_date(mentorship, log.held_on, today)
    if problem:
        raise ProgrammeError(problem)
    conversation = None
    if activity is not None:
        if activity.plan.mentorship_id != mentorship.id or CONVERSATION_KINDS.get(activity.kind) is not kind:
            raise ProgrammeError("Aktiviteten er ikke en samtale i denne planen.")
        conversation = conversation_of(activity)
        if conversation is not None and conversation.is_logged:
            raise AlreadyDone("Samtalen er allerede logget.")
        mark_done(activity, by, log.held_on)
    if conversation is None:
        conversation = Conversation(mentorship=mentorship, activity=activity, kind=kind)
        db.session.add(conversation)
    conversation.held_on, conversation.duration_minutes = log.held_on, log.duration_minutes
    conversation.held_by, conversation.logged_at = by, utcnow()
    conversation.topics, conversation.notes = list(log.topics), log.notes
    conversation.actions.extend(AgreedAction(what=a.what, who=a.who, due_on=a.due_on) for a in log.actions)
    db.session.flush()
    return conversation


def preparation_for(mentorship: Mentorship, activity: PlanActivity) -> Conversation:
    """The conversation row the mentee writes a preparation into, before the conversation is held."""
    if activity.plan.mentorship_id != mentorship.id or activity.kind not in CONVERSATION_KINDS:
        raise ProgrammeError("Aktiviteten er ikke en samtale i denne planen.")
    conversation = conversation_of(activity)
    if conversation is None:
        conversation = Conversation(mentorship=mentorship, activity=activity, kind=CONVERSATION_KINDS[activity.kind])
        db.session.add(conversation)
    return conversation


def write_own_notes(conversation: Conversation, preparation: str, reflection: str) -> None:
    """The mentee's own preparation and (once held) reflection."""
    conversation.preparation = preparation
    if reflection and not conversation.is_logged:
        raise ProgrammeError("Refleksjon kan skrives når samtalen er holdt.")
    conversation.reflection = reflection
    db.session.flush()


def share_with_leader(conversation: Conversation, shared: bool) -> None:
    if not conversation.is_logged:
        raise ProgrammeError("Bare en holdt samtale kan deles.")
    conversation.shared_with_leader = shared
    db.session.flush()


def complete_action(action: AgreedAction, by: Person, on: date) -> None:
    if action.done_on is not None:
        raise ProgrammeError("Tiltaket er allerede gjort.")
    action.done_on, action.done_by = on, by
    db.session.flush()


def correct_conversation(conversation: Conversation, log: Log, by: Person, today: date) -> ConversationRevision:
    """Correct a logged conversation's date, duration, topics and notes; what it said before is kept
    as a revision, and a planned one's activity is done on the corrected date. Agreed actions are
    ticked off or kept as they are. Flushes."""
    if not conversation.is_logged:
        raise ProgrammeError("Bare en logget samtale kan rettes.")
    problem = check_date(conversation.mentorship, log.held_on, today)
    if problem:
        raise ProgrammeError(problem)
    unchanged = (conversation.held_on, conversation.duration_minutes, list(conversation.topics or []),
                 conversation.notes) == (log.held_on, log.duration_minutes, list(log.topics), log.notes)
    if unchanged:
        raise ProgrammeError("Ingenting er endret.")
    revision = ConversationRevision(held_on=conversation.held_on, duration_minutes=conversation.duration_minutes,
                                    topics=list(conversation.topics or []), notes=conversation.notes, revised_by=by)
    conversation.revisions.append(revision)
    conversation.corrected_at = utcnow()
    conversation.held_on, conversation.duration_minutes = log.held_on, log.duration_minutes
    conversation.topics, conversation.notes = list(log.topics), log.notes
    if conversation.activity is not None:
        conversation.activity.completed_on = log.held_on
    db.session.flush()
    return revision


# --- Reading, under the confidentiality rules ------------------------------------------------

@dataclass(frozen=True)
class ConversationView:
    """What a viewer may see of a conversation: always that it happened, its date, its topics from
    the fixed list and when it was last corrected; its own free-text topics and the confidential
    part only where access.can_read_notes says so."""

    id: int
    mentorship_id: int
    kind: ConversationKind
    title: str
    held_on: date | None
    topics: list[str]
    confidential: "Confidential | None"
    corrected_at: "datetime | None" = None


@dataclass(frozen=True)
class Confidential:
    duration_minutes: int | None
    held_by: str
    notes: str
    preparation: str
    reflection: str
    shared_with_leader: bool
    actions: list[AgreedAction]


def _confidential(viewer: Viewer, conversation: Conversation) -> Confidential | None:
    """The one door to notes, preparation, reflection and agreed actions; every opening is logged."""
    if not access.can_read_notes(viewer, conversation):
        return None
    log_read(viewer, AccessKind.CONVERSATION, conversation.id, conversation.mentorship.mentee_id)
    return Confidential(
        duration_minutes=conversation.duration_minutes,
        held_by=conversation.held_by.full_name if conversation.held_by else "",
        notes=conversation.notes, preparation=conversation.preparation, reflection=conversation.reflection,
        shared_with_leader=conversation.shared_with_leader, actions=list(conversation.actions),
    )


def revisions_of(view: "ConversationView", conversation: Conversation) -> list[ConversationRevision]:
    """What the conversation said before each correction, newest first: for those who may read its
    notes (`view.confidential`, whose reading is logged already), else nothing."""
    return list(reversed(conversation.revisions)) if view.confidential is not None else []


def title_of(conversation: Conversation) -> str:
    if conversation.activity is not None:
        return conversation.activity.title
    return "Mentorsamtale utenom planen" if conversation.kind is ConversationKind.MENTORSAMTALE \
        else "Ledersamtale utenom planen"


def view_of(viewer: Viewer, conversation: Conversation) -> ConversationView:
    confidential = _confidential(viewer, conversation)
    return ConversationView(conversation.id, conversation.mentorship_id, conversation.kind, title_of(conversation),
                            conversation.held_on, _topics(conversation, confidential is not None),
                            confidential, conversation.corrected_at)


def _topics(conversation: Conversation, reads_notes: bool) -> list[str]:
    """Free-text topics are notes: whoever may not read the notes sees only the fixed talking points."""
    topics = list(conversation.topics or [])
    if reads_notes:
        return topics
    fixed = fixed_points(conversation.mentorship.plan)
    return [topic for topic in topics if topic in fixed]


def _with_details(query):
    return query.options(selectinload(Conversation.actions), selectinload(Conversation.activity))


def all_conversations(mentorship: Mentorship) -> list[Conversation]:
    """Every conversation of the mentorship, held or only prepared, with its actions and activity."""
    return list(db.session.scalars(_with_details(select(Conversation).where(
        Conversation.mentorship_id == mentorship.id))))


def logged_conversations(viewer: Viewer, mentorship: Mentorship,
                         conversations: list[Conversation] | None = None) -> list[ConversationView]:
    """The mentorship's held conversations, newest first, as the plan page lists them: date, title
    and the topics the viewer may see, never the notes (`confidential` is None); from
    `conversations` (all_conversations) when the caller has loaded them already."""
    if conversations is None:
        rows = db.session.scalars(_with_details(
            select(Conversation).where(Conversation.mentorship_id == mentorship.id, Conversation.held_on.is_not(None))
            .order_by(Conversation.held_on.desc(), Conversation.id.desc())))
    else:
        rows = sorted((c for c in conversations if c.held_on is not None), key=lambda c: (c.held_on, c.id),
                      reverse=True)
    fixed = fixed_points(mentorship.plan) if mentorship.plan is not None else set(TALKING_POINTS)
    return [_as_listed(viewer, c, fixed) for c in rows]


def _as_listed(viewer: Viewer, conversation: Conversation, fixed: set[str]) -> ConversationView:
    """A list shows no notes, so it logs no read of them (issue 23: a plan page logged every
    conversation's notes as read); but a free-text topic is the participants' own words, and
    showing one is a read of the notes, logged."""
    reads_notes = access.can_read_notes(viewer, conversation)
    topics = [topic for topic in conversation.topics or [] if reads_notes or topic in fixed]
    if any(topic not in fixed for topic in topics):
        log_read(viewer, AccessKind.CONVERSATION, conversation.id, conversation.mentorship.mentee_id)
    return ConversationView(conversation.id, conversation.mentorship_id, conversation.kind, title_of(conversation),
                            conversation.held_on, topics, None, conversation.corrected_at)


def open_actions(viewer: Viewer, mentorships: list[Mentorship]) -> list[tuple[Mentorship, AgreedAction]]:
    """Agreed actions not yet done, oldest deadline first, from the conversations whose notes the viewer may read."""
    by_id = {m.id: m for m in mentorships}
    if not by_id:
        return []
    rows = db.session.scalars(
        select(AgreedAction).join(AgreedAction.conversation)
        .where(Conversation.mentorship_id.in_(by_id), AgreedAction.done_on.is_(None))
        .options(selectinload(AgreedAction.conversation).selectinload(Conversation.actions),
                 selectinload(AgreedAction.conversation).selectinload(Conversation.held_by))
        .order_by(AgreedAction.due_on, AgreedAction.id)
    )
    found = []
    for action in rows:
        confidential = _confidential(viewer, action.conversation)
        if confidential is not None:
            found.append((by_id[action.conversation.mentorship_id], action))
    return found


def assigned_actions(viewer: Viewer, today: date) -> list[AgreedAction]:
    """The open agreed actions given to the viewer, in running mentorships, by deadline: the
    assignee reads the action (a logged read), not the conversation's notes."""
    actions = list(db.session.scalars(
        select(AgreedAction).join(AgreedAction.conversation).join(Conversation.mentorship)
        .join(Mentorship.employment)
        .where(access.assigned_actions_clause(viewer), AgreedAction.done_on.is_(None),
               in_programme_on(today))
        .options(selectinload(AgreedAction.conversation).selectinload(Conversation.mentorship)
                 .selectinload(Mentorship.mentee))
        .order_by(AgreedAction.due_on, AgreedAction.id)))
    for action in actions:
        log_read(viewer, AccessKind.CONVERSATION, action.conversation_id, action.conversation.mentorship.mentee_id)
    return actions
