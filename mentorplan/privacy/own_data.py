"""GDPR: a person's own data, as one JSON document and as CSV files in a zip (GDPR art. 15 and 20).

Only the person's own data. As a mentee, their conversations with everything they may read of them
(notes, preparation, reflection, agreed actions) — read through `conversations.view_of`, so each
read is in the access log like any other. As a mentor or leader, the conversations they held are
listed (date, kind, with whom) without the notes: the notes are about the mentee and are the
mentee's personal data (DOMAIN.md: between mentor and mentee), so they are in the mentee's export,
not in anyone else's (docs/security.md).
"""
import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import or_, select

from mentorplan import access
from mentorplan.access import Viewer
from mentorplan.checklists.operations import checklist_of
from mentorplan.conversations.operations import view_of
from mentorplan.extensions import db
from mentorplan.files.export import csv_bytes, inert
from mentorplan.models import (
    ABSENCE_LABELS,
    END_REASON_LABELS,
    PROFESSION_LABELS,
    ROLE_LABELS,
    Absence,
    Conversation,
    Mentorship,
    MentorTraining,
    NetworkInvitation,
    Notification,
    Person,
    PulseResponse,
    RoleAssignment,
    Shift,
    User,
)
from mentorplan.privacy.access_log import search

FORMAT_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def _name(person: Person | None) -> str | None:
    return person.full_name if person else None


def own_data(viewer: Viewer, person: Person, user: User | None, exported_at: datetime) -> dict:
    """Everything the app holds about `person`, for that person (the caller is them: access says so)."""
    if not access.can_export_data_of(viewer, person.id):
        raise PermissionError("Bare egne opplysninger kan lastes ned.")
    as_mentee = list(db.session.scalars(select(Mentorship).where(Mentorship.mentee_id == person.id)
                                        .order_by(Mentorship.start_date)))
    return {
        "format": FORMAT_VERSION,
        "exported_at": _moment(exported_at),
        "person": {"first_name": person.first_name, "last_name": person.last_name, "email": person.email,
                   "employee_number": person.employee_number, "kommune": person.kommune.name},
        "account": _account(user),
        "employments": [_employment(e) for e in person.employments],
        "roles": [{"role": ROLE_LABELS[a.role], "scope": a.scope_label, "valid_from": _day(a.valid_from),
                   "valid_to": _day(a.valid_to)}
                  for a in db.session.scalars(select(RoleAssignment).where(RoleAssignment.person_id == person.id)
                                              .order_by(RoleAssignment.id))],
        "mentorships_as_mentee": [_as_mentee(viewer, m) for m in as_mentee],
        "conversations_held": _conversations_held(person),
        "mentees": [{"mentee": m.mentee.full_name, "start": _day(m.start_date), "end": _day(m.end_date),
                     "as": "mentor" if m.mentor_id == person.id else "reservementor"}
                    for m in db.session.scalars(select(Mentorship).where(or_(
                        Mentorship.mentor_id == person.id, Mentorship.backup_mentor_id == person.id))
                        .order_by(Mentorship.start_date, Mentorship.id))],
        "shifts": [{"day": _day(s.day), "code": s.code, "start": _moment(s.starts), "end": _moment(s.ends)}
                   for s in db.session.scalars(select(Shift).where(Shift.person_id == person.id).order_by(Shift.starts))],
        "absences": [{"day": _day(a.day), "kind": ABSENCE_LABELS.get(a.kind, str(a.kind))}
                     for a in db.session.scalars(select(Absence).where(Absence.person_id == person.id)
                                                 .order_by(Absence.day))],
        "mentor_training": [{"programme": t.programme, "status": t.status.value, "started_on": _day(t.started_on),
                             "completed_on": _day(t.completed_on)}
                            for t in db.session.scalars(select(MentorTraining).where(MentorTraining.person_id == person.id))],
        "network_meetings": [{"meeting": i.meeting.name, "starts": _moment(i.meeting.starts), "attended": i.attended}
                             for i in db.session.scalars(select(NetworkInvitation)
                                                         .where(NetworkInvitation.person_id == person.id)
                                                         .order_by(NetworkInvitation.id))],
        "notifications": [{"created_at": _moment(n.created_at), "subject": n.subject, "text": n.body_text,
                           "read_at": _moment(n.read_at), "email": n.email_status.value}
                          for n in db.session.scalars(select(Notification).where(Notification.person_id == person.id)
                                                      .order_by(Notification.due_at, Notification.id))],
        "access_log": [{"at": _moment(e.at), "last_at": _moment(e.last_at), "count": e.count,
                        "by": e.actor.full_name if e.actor else "Systemet",
                        "kind": e.kind.value, "action": e.action.value, "record": e.object_id}
                       for e in db.session.scalars(search(access.own_access_log_clause(viewer)))],
    }


def _account(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"email": user.email, "created_at": _moment(user.created_at), "last_login_at": _moment(user.last_login_at)}


def _employment(e) -> dict:
    return {"unit": e.unit.name, "ward": e.ward.name if e.ward else None, "start": _day(e.start_date),
            "end": _day(e.end_date), "end_reason": END_REASON_LABELS.get(e.end_reason) if e.end_reason else None,
            "position_percent": e.position_percent, "profession": PROFESSION_LABELS[e.profession],
            "newly_graduated": e.newly_graduated,
            "position_changes": [{"from": _day(c.from_date), "position_percent": c.position_percent}
                                 for c in e.position_changes]}


def _as_mentee(viewer: Viewer, mentorship: Mentorship) -> dict:
    if not access.is_mentee(viewer, mentorship):
        raise PermissionError("Bare egne mentorforløp.")
    conversations = db.session.scalars(select(Conversation).where(Conversation.mentorship_id == mentorship.id)
                                       .order_by(Conversation.held_on, Conversation.id))
    checklist = checklist_of(mentorship)
    return {
        "mentor": mentorship.mentor.full_name, "backup_mentor": _name(mentorship.backup_mentor),
        "start": _day(mentorship.start_date), "end": _day(mentorship.end_date),
        "plan": [{"title": a.title, "kind": a.kind.value, "due_from": _day(a.due_from), "due_to": _day(a.due_to),
                  "status": a.status.value, "start": _moment(a.scheduled_start), "end": _moment(a.scheduled_end),
                  "completed_on": _day(a.completed_on)}
                 for a in (mentorship.plan.activities if mentorship.plan else [])],
        "conversations": [_conversation(view_of(viewer, c)) for c in conversations],
        "checklist": [{"category": e.item.category, "item": e.item.text, "trained_on": _day(e.trained_on),
                       "mastered_on": _day(e.mastered_on), "signed_off_on": _day(e.signed_off_on),
                       "signed_off_by": _name(e.signed_off_by)}
                      for e in sorted(checklist.entries, key=lambda e: e.item.position)] if checklist else [],
        "pulse": [{"milestone": p.milestone, "answered_on": _day(p.answered_on), "safety": p.safety,
                   "inclusion": p.inclusion, "growth": p.growth, "workload": p.workload, "recommend": p.recommend,
                   "intends_to_stay": p.intends_to_stay, "asked_for_conversation": p.asked_for_conversation}
                  for p in db.session.scalars(select(PulseResponse).where(PulseResponse.mentorship_id == mentorship.id)
                                              .order_by(PulseResponse.milestone))],
    }


def _conversation(view) -> dict:
    result = {"title": view.title, "kind": view.kind.value, "held_on": _day(view.held_on), "topics": view.topics}
    secret = view.confidential
    if secret is not None:
        result.update(held_by=secret.held_by, duration_minutes=secret.duration_minutes, notes=secret.notes,
                      preparation=secret.preparation, reflection=secret.reflection,
                      shared_with_leader=secret.shared_with_leader,
                      agreed_actions=[{"what": a.what, "who": a.who.value, "due_on": _day(a.due_on),
                                       "done_on": _day(a.done_on)} for a in secret.actions])
    return result


def _conversations_held(person: Person) -> list[dict]:
    """Conversations the person held as mentor or leader: that they were held, not the mentee's notes."""
    rows = db.session.scalars(select(Conversation).where(Conversation.held_by_id == person.id)
                              .order_by(Conversation.held_on, Conversation.id))
    return [{"kind": c.kind.value, "held_on": _day(c.held_on), "duration_minutes": c.duration_minutes,
             "mentee": c.mentorship.mentee.full_name} for c in rows]


# --- The files -----------------------------------------------------------------------------

def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _cell(value):
    """None empty, formula text inert; dates are already ISO text in the data."""
    return "" if value is None else inert(value)


def _rows(items: list[dict]) -> list[list]:
    if not items:
        return []
    header = [k for k in items[0] if not isinstance(items[0][k], list | dict)]
    return [header] + [[item[k] for k in header] for item in items]


def as_zip(data: dict) -> bytes:
    """mine-data.json, and one CSV per list (semicolon-separated, UTF-8 with BOM for Excel)."""
    tables = {name: value for name, value in data.items() if isinstance(value, list)}
    tables["person"] = [data["person"]]
    for index, mentorship in enumerate(data["mentorships_as_mentee"], start=1):
        for part in ("plan", "conversations", "checklist", "pulse"):
            tables[f"mentorforlop-{index}-{part}"] = mentorship[part]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mine-data.json", as_json(data))
        for name, items in tables.items():
            archive.writestr(f"{name}.csv", csv_bytes(_rows(items), cell=_cell))
    return buffer.getvalue()
