"""The same form sent twice at the same instant (a double tap on a phone, a retry), on a real server:
never an error page, never the thing saved twice, and both answers say what was saved.

Each round takes something not yet done in the demo kommune and has two connections of one login
post the same form, released together by a barrier. SQLite and PostgreSQL (DATABASE_URL) both.
"""
from datetime import timedelta

from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    ActivityKind,
    ActivityStatus,
    Checklist,
    ChecklistEntry,
    Conversation,
    Mentorship,
    NetworkMeeting,
    Plan,
    PlanActivity,
    User,
)
from mentorplan.checklists.operations import current_checklist

from tests.live import together
from tests.races.conftest import ROUNDS, TODAY, answers, in_app, record

DAY = f"{TODAY:%d.%m.%Y}"


def double_tap(person, path: str, data: dict):
    """The same body posted twice at once from two connections of one login; the two answers and the
    pages they lead to."""
    second = person.second_tab()
    responses = together(lambda: person.post(path, data), lambda: second.post(path, data))
    return answers(person, responses)



def mentor_conversations(server, count: int) -> list[PlanActivity]:
    """Open mentor conversations of the demo mentor's mentees, each of another mentee when possible."""
    with in_app(server):
        mentor_id = db.session.scalar(select(User.person_id).where(User.email == "mentor@demo.no"))
        rows = db.session.execute(
            select(PlanActivity.id, Plan.mentorship_id).join(PlanActivity.plan).join(Plan.mentorship)
            .where(Mentorship.mentor_id == mentor_id, Mentorship.end_date.is_(None),
                   PlanActivity.kind == ActivityKind.MENTORSAMTALE,
                   PlanActivity.status.in_((ActivityStatus.SCHEDULED, ActivityStatus.PLANNED)))
            .order_by(PlanActivity.id)).all()
    assert len(rows) >= min(count, ROUNDS), "the demo has too few open conversations for the rounds"
    return rows[:count]


def test_a_conversation_logged_twice_at_once_is_logged_once(live, mentor):
    failures = []
    for round_, (activity_id, _) in enumerate(mentor_conversations(live, ROUNDS)):
        page = f"/aktivitet/{activity_id}/samtale"
        form = mentor.form(page, page) | {"held_on": DAY, "duration_minutes": "30", "other_topics": "Oppfølging",
                                          "notes": f"Runde {round_}"}
        seen = double_tap(mentor, page, form)
        with in_app(live):
            logged = db.session.scalar(select(func.count()).select_from(Conversation)
                                       .where(Conversation.activity_id == activity_id))
            status = db.session.get(PlanActivity, activity_id).status
        failures += seen.failures(f"round {round_}")
        record(seen.statuses, [])
        if logged != 1 or status is not ActivityStatus.DONE:
            failures.append(f"round {round_}: {logged} conversations, activity {status}")
        if not all(any("er logget" in m or "allerede" in m for m in said) for said in seen.said):
            failures.append(f"round {round_}: answered {seen.statuses} {seen.said}")
    record([], failures)
    assert not failures, failures


def test_an_unplanned_conversation_sent_twice_at_once_is_logged_once(live, mentor):
    failures = []
    mentorships = sorted({m for _, m in mentor_conversations(live, ROUNDS)})
    for round_ in range(ROUNDS):
        mentorship_id = mentorships[round_ % len(mentorships)]
        page = f"/plan/{mentorship_id}/samtale/ny"
        note = f"Ekstra samtale, runde {round_}"
        form = mentor.form(page, page) | {"kind": "mentorsamtale", "held_on": DAY, "duration_minutes": "20",
                                          "other_topics": "Oppfølging", "notes": note}
        seen = double_tap(mentor, page, form)
        with in_app(live):
            logged = db.session.scalar(select(func.count()).select_from(Conversation).where(
                Conversation.mentorship_id == mentorship_id, Conversation.notes == note))
        failures += seen.failures(f"round {round_}")
        record(seen.statuses, [])
        if logged != 1:
            failures.append(f"round {round_}: logged {logged} times")
    record([], failures)
    assert not failures, failures


def test_an_absence_registered_twice_at_once_is_registered_once(live, leader):
    failures = []
    with in_app(live):
        led = db.session.scalars(select(Mentorship.mentee_id).where(Mentorship.end_date.is_(None))
                                 .order_by(Mentorship.id)).all()
    page = "/avdeling/fravaer/"
    form_people = [p for p in led if f'value="{p}"' in leader.get(page).text]
    assert form_people, "the demo avdelingsleder leads no mentee"
    for round_ in range(ROUNDS):
        person_id = form_people[round_ % len(form_people)]
        first = TODAY + timedelta(days=40 + 7 * round_)
        last = first + timedelta(days=2)
        form = leader.form(page, page) | {"person_id": str(person_id), "kind": "KU",
                                          "first_day": f"{first:%d.%m.%Y}", "last_day": f"{last:%d.%m.%Y}"}
        seen = double_tap(leader, page, form)
        with in_app(live):
            days = db.session.scalar(select(func.count()).select_from(Absence).where(
                Absence.person_id == person_id, Absence.day.between(first, last)))
        failures += seen.failures(f"round {round_}")
        record(seen.statuses, [])
        if days != 3:
            failures.append(f"round {round_}: {days} absence days stored, not 3")
        if not all(any("er registrert" in m or "allerede" in m for m in said) for said in seen.said):
            failures.append(f"round {round_}: answered {seen.statuses} {seen.said}")
    record([], failures)
    assert not failures, failures


def test_a_checklist_mark_sent_twice_at_once_is_marked_once(live, mentor):
    failures = []
    with in_app(live):
        mentorship_id, items = next((m, items) for m in {m for _, m in mentor_conversations(live, 1_000)}
                                    if len(items := _untouched_items(m)) >= ROUNDS)
        items = items[:ROUNDS]
    assert len(items) == ROUNDS, "the demo checklist has too few open items"
    page = f"/plan/{mentorship_id}/sjekkliste"
    for round_, item_id in enumerate(items):
        action = f"/plan/{mentorship_id}/sjekkliste/{item_id}"
        form = {**_mark_form(mentor, page, action), "mark": "godkjent", "action": "sett", "on": TODAY.isoformat()}
        seen = double_tap(mentor, action, form)
        with in_app(live):
            entries = db.session.scalars(select(ChecklistEntry).where(ChecklistEntry.item_id == item_id,
                                                                      ChecklistEntry.signed_off_on.is_not(None)))
            signed = [e for e in entries if e.checklist.mentorship_id == mentorship_id]
        failures += seen.failures(f"round {round_}")
        record(seen.statuses, [])
        if len(signed) != 1:
            failures.append(f"round {round_}: signed off {len(signed)} times")
    record([], failures)
    assert not failures, failures


def _untouched_items(mentorship_id: int) -> list[int]:
    """Items of the mentee's checklist nobody has marked yet (their first mark makes the entry)."""
    mentorship = db.session.get(Mentorship, mentorship_id)
    checklist = db.session.scalar(select(Checklist).where(Checklist.mentorship_id == mentorship_id))
    template = checklist.template if checklist else current_checklist(mentorship.employment.unit)
    touched = {e.item_id for e in checklist.entries} if checklist else set()
    return [item.id for item in template.items if item.id not in touched]


def _mark_form(person, page, action) -> dict:
    """The «Kryss av» form of «Godkjent» for the item (the page has one form per mark)."""
    return person.form(page, action)


def test_a_network_planned_twice_at_once_is_planned_once(live, enhetsleder):
    failures = []
    page = "/nettverk/ny"
    units = [u for u in _checkbox_values(enhetsleder.get(page).text, "unit_ids")]
    assert units, "the enhetsleder may invite no unit's mentors"
    for round_ in range(ROUNDS):
        name = f"Mentornettverk runde {round_}"
        first = TODAY + timedelta(days=30 + round_)
        form = enhetsleder.form(page, page) | {
            "name": name, "unit_ids": units[0], "first": f"{first:%d.%m.%Y}", "starts": "12:00",
            "ends": "13:00", "interval_months": "2", "count": "2", "location": "Møterom"}
        seen = double_tap(enhetsleder, page, form)
        with in_app(live):
            planned = db.session.scalar(select(func.count()).select_from(NetworkMeeting)
                                        .where(NetworkMeeting.name == name))
        failures += seen.failures(f"round {round_}")
        record(seen.statuses, [])
        if planned != 2:
            failures.append(f"round {round_}: {planned} meetings, not 2")
    record([], failures)
    assert not failures, failures


def _checkbox_values(page: str, name: str) -> list[str]:
    import re
    return re.findall(rf'name="{name}"[^>]*value="([^"]+)"', page) or re.findall(
        rf'value="([^"]+)"[^>]*name="{name}"', page)


def test_the_second_tap_says_what_the_first_saved(live, mentor):
    """Both taps end on a page saying the conversation is logged; neither is an error page."""
    activity_id, _ = mentor_conversations(live, 1)[0]
    page = f"/aktivitet/{activity_id}/samtale"
    form = mentor.form(page, page) | {"held_on": DAY, "duration_minutes": "30", "other_topics": "Oppfølging",
                                      "notes": "To trykk"}
    seen = double_tap(mentor, page, form)
    assert seen.failures("once") == []
    said = [" ".join(s) for s in seen.said]
    assert any("er logget" in s for s in said), said
    assert all("er logget" in s or "allerede" in s for s in said), said
