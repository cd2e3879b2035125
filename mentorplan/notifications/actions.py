"""An agreed action reaches the person it was given to: when a conversation is logged with actions
for someone other than the one who logged it (the mentee, the mentor, or the mentee's
avdelingsleder or enhetsleder), that person is told at once, by message and, as they choose, by
e-mail. The message names the action and its deadline, never the conversation's notes."""
from datetime import date

from mentorplan.models import (
    AgreedAction,
    Conversation,
    NotificationKind,
    Person,
    Responsible,
    Role,
)
from mentorplan.notifications.messages import Draft, end_of, path_for, queue
from mentorplan.plans.operations import Leaders

LEADER_ROLES = {Responsible.AVDELINGSLEDER: Role.AVDELINGSLEDER, Responsible.ENHETSLEDER: Role.ENHETSLEDER}


def assignee(action: AgreedAction, on: date, leaders: Leaders | None = None) -> Person | None:
    """The person the action was given to, as things stand on the day."""
    mentorship = action.conversation.mentorship
    if action.who is Responsible.MENTEE:
        return mentorship.mentee
    if action.who is Responsible.MENTOR:
        return mentorship.mentor
    leaders = leaders or Leaders([mentorship.employment.unit_id])
    return leaders.leader_of(mentorship.employment, LEADER_ROLES[action.who], on)


def queue_action_notices(conversation: Conversation, actions: list[AgreedAction], by: Person, on: date) -> int:
    """One message per action to its assignee, unless that is the one who logged it."""
    leaders = Leaders([conversation.mentorship.employment.unit_id])
    mentee = conversation.mentorship.mentee
    drafts = []
    for action in actions:
        person = assignee(action, on, leaders)
        if person is None or person.id == by.id:
            continue
        whose = "" if person.id == mentee.id else f" for {mentee.full_name}"
        drafts.append(Draft(
            f"action:{action.id}", NotificationKind.ACTION, person,
            subject=f"Nytt tiltak til deg, frist {action.due_on:%d.%m.%Y}",
            summary=f"Tiltak{whose}: {action.what} (frist {action.due_on:%d.%m.%Y}).",
            intro=(f"{by.full_name} har logget en samtale{whose} med et tiltak til deg: «{action.what}», "
                   f"med frist {action.due_on:%d.%m.%Y}. Marker det som gjort på forsiden når det er gjort."),
            link=path_for("home.index", _anchor="tiltak"), link_text="Se tiltakene dine",
            expires_at=end_of(action.due_on)))
    return queue(drafts)
