"""Conversations: confidential between mentor and mentee."""
from sqlalchemy import or_

from mentorplan.access.plans import (
    can_view_mentorship,
    leads_employment,
    leads_ward_of,
    mentor_clause,
    unit_leader_clause,
    ward_leader_clause,
)
from mentorplan.access.viewer import Viewer
from mentorplan.models import AgreedAction, Conversation, ConversationKind, Mentorship, Responsible, Role

#
# Everyone who may follow the plan sees that a conversation was held, its date and its
# topics from the fixed list (the free-text «Andre stikkord» are notes; conversations.view_of).
# Notes, preparation, reflection and agreed actions are the participants': the
# mentee, and the mentor for mentor conversations; the holder (the leader of a
# ledersamtale, or a back-up mentor who stood in) while the mentorship is still theirs to
# follow; and the avdelingsleder when the mentee has shared that conversation. The mentor
# was not in a ledersamtale (e.g. the prøvetid evaluation) and does not read it. HR and the
# enhetsleder never read them unless they held the conversation themselves.

def _takes_part(viewer: Viewer, conversation: Conversation) -> bool:
    mentorship = conversation.mentorship
    if viewer.person_id == mentorship.mentee_id:
        return True
    if viewer.person_id == mentorship.mentor_id and conversation.kind is not ConversationKind.LEDERSAMTALE:
        return True
    return conversation.held_by_id == viewer.person_id and can_view_mentorship(viewer, mentorship)


def can_read_notes(viewer: Viewer, conversation: Conversation) -> bool:
    if _takes_part(viewer, conversation):
        return True
    return conversation.shared_with_leader and leads_ward_of(viewer, conversation.mentorship.employment)


def can_log_conversations(viewer: Viewer) -> bool:
    """The pages for logging a conversation at all: mentors and leaders; for which mentorship and
    kind: can_log_conversation."""
    return viewer.has(Role.MENTOR) or viewer.is_leader


def can_log_conversation(viewer: Viewer, mentorship: Mentorship, kind: ConversationKind) -> bool:
    """Mentors (and the back-up mentor) log mentor conversations; leaders in scope log their own."""
    if kind is ConversationKind.LEDERSAMTALE:
        return leads_employment(viewer, mentorship.employment)
    return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)


def can_correct_conversation(viewer: Viewer, conversation: Conversation) -> bool:
    """Whoever logged a conversation corrects it, and whoever may log its kind for the mentorship
    and read its notes (the other mentor, when the first has left); the mentee adds her own notes
    instead."""
    if not conversation.is_logged:
        return False
    mentorship = conversation.mentorship
    return can_view_mentorship(viewer, mentorship) and can_read_notes(viewer, conversation) and (
        conversation.held_by_id == viewer.person_id or can_log_conversation(viewer, mentorship, conversation.kind))


def is_mentee(viewer: Viewer, mentorship: Mentorship) -> bool:
    """Preparation, reflection and sharing are the mentee's own."""
    return viewer.person_id == mentorship.mentee_id


def is_assignee(viewer: Viewer, action: AgreedAction) -> bool:
    """Whether the action was given to the viewer: to the mentee, the mentor (or back-up), or the
    mentee's avdelingsleder or enhetsleder. The assignee reads the action (not the notes)."""
    mentorship = action.conversation.mentorship
    match action.who:
        case Responsible.MENTEE:
            return viewer.person_id == mentorship.mentee_id
        case Responsible.MENTOR:
            return viewer.person_id in (mentorship.mentor_id, mentorship.backup_mentor_id)
        case Responsible.AVDELINGSLEDER:
            return leads_ward_of(viewer, mentorship.employment)
        case Responsible.ENHETSLEDER:
            return mentorship.employment.unit_id in viewer.unit_ids
    return False


def assigned_actions_clause(viewer: Viewer):
    """Agreed actions given to the viewer (is_assignee as a clause; the query joins Conversation,
    Mentorship and Employment)."""
    return or_(
        (AgreedAction.who == Responsible.MENTEE) & (Mentorship.mentee_id == viewer.person_id),
        (AgreedAction.who == Responsible.MENTOR) & mentor_clause(viewer),
        (AgreedAction.who == Responsible.AVDELINGSLEDER) & ward_leader_clause(viewer),
        (AgreedAction.who == Responsible.ENHETSLEDER) & unit_leader_clause(viewer),
    )


def can_complete_action(viewer: Viewer, action: AgreedAction) -> bool:
    """The conversation's participants tick an agreed action off, and so does the one it was given
    to; a leader it was shared with only reads."""
    return _takes_part(viewer, action.conversation) or is_assignee(viewer, action)
