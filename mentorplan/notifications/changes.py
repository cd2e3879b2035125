"""Same-day changes: when the scheduler moves, removes or places an activity whose old or new start
lies within the next CHANGE_NOTICE_HOURS, the people involved are told at once.

Called by the scheduler with the outcomes it is about to write (before they are written, so the
activity still holds its old placement); the notices join the scheduler's own transaction.
"""
from datetime import datetime, timedelta

from flask import current_app

from mentorplan.clock import OSLO
from mentorplan.clock import now as clock_now
from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, NotificationKind, Person, PlanActivity
from mentorplan.notifications.messages import Draft, path_for, queue, when


def queue_change_notices(changes: list[tuple[PlanActivity, dict]]) -> int:
    moment = clock_now()
    local = moment.astimezone(OSLO).replace(tzinfo=None)
    horizon = local + timedelta(hours=current_app.config["CHANGE_NOTICE_HOURS"])
    drafts = []
    for activity, values in changes:
        old = _placement(activity.status, activity.scheduled_start, activity.partner_id)
        new = _placement(values.get("status", activity.status), values.get("scheduled_start"),
                         values.get("partner_id"))
        if old == new or not any(p and local <= p[0] < horizon for p in (old, new)):
            continue
        drafts += _notices(activity, old, new, values, moment)
    return queue(drafts)


def _placement(status: ActivityStatus, start: datetime | None, partner_id: int | None):
    return (start, partner_id) if status is ActivityStatus.SCHEDULED and start is not None else None


def _notices(activity: PlanActivity, old, new, values: dict, moment: datetime) -> list[Draft]:
    mentee = activity.plan.mentorship.mentee
    partner_ids = {p[1] for p in (old, new) if p and p[1]}
    people = [mentee] + [db.session.get(Person, i) for i in sorted(partner_ids) if i != mentee.id]
    subject, what = _describe(activity.title, old, new, values.get("scheduled_end"))
    stamp = moment.astimezone(OSLO).strftime("%Y%m%dT%H%M%S")
    expires = max(p[0] for p in (old, new) if p).replace(tzinfo=OSLO)
    drafts = []
    for person in people:
        key = f"change:{activity.id}:{person.id}:{_start(old)}>{_start(new)}:{stamp}"
        link = (path_for("plans.my_plan") if person.id == mentee.id
                else path_for("plans.show", mentorship_id=activity.plan.mentorship_id))
        text = what + _with_whom(person, mentee, new)
        drafts.append(Draft(key, NotificationKind.CHANGE, person, subject=subject, summary=text, intro=text,
                            link=link, link_text="Se planen", due_at=moment, expires_at=expires))
    return drafts


def _describe(title: str, old, new, new_end: datetime | None) -> tuple[str, str]:
    """The subject and the sentence for a placement that was taken out, added or moved."""
    if new is None:
        return (f"Endring: {title} er tatt ut av turnusen",
                f"«{title}» {when(old[0])} er tatt ut av turnusen. Lederen finner et nytt tidspunkt.")
    if old is None:
        return (f"Ny aktivitet: {title} {new[0]:%d.%m} kl. {new[0]:%H:%M}",
                f"«{title}» er lagt til {when(new[0], new_end)}.")
    return f"Endring: {title} er flyttet", f"«{title}» er flyttet fra {when(old[0])} til {when(new[0], new_end)}."


def _start(placement) -> str:
    return placement[0].isoformat(timespec="minutes") if placement else "-"


def _with_whom(person: Person, mentee: Person, new) -> str:
    """Who the recipient meets at the new time: the mentee meets the partner, the partner the mentee."""
    if new is None or not new[1]:
        return ""
    other = mentee if person.id != mentee.id else db.session.get(Person, new[1])
    return f" Med: {other.full_name}." if other is not None and other.id != person.id else ""
