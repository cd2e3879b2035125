"""The operations behind the pages, on the database: what they refuse, whatever the caller."""
from datetime import date

import pytest

from mentorplan.checklists.operations import kommune_checklist, mark, state_of
from mentorplan.conversations.operations import (
    Log,
    log_conversation,
    preparation_for,
    share_with_leader,
    write_own_notes,
)
from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, ChecklistKind, ConversationKind, Kommune, Mentorship, Person
from mentorplan.plans.operations import ProgrammeError, end_mentorship, hand_over

TODAY = date(2026, 9, 20)
LOG = Log(date(2026, 9, 10), 45, ["stress og mestring"], "notat", [])


def _person(world, key):
    return db.session.get(Person, world.person_ids[key])


def _mentorship(world, key="mentee"):
    return db.session.get(Mentorship, world.mentorship_ids[key])


def _activity(mentorship, title):
    return next(a for a in mentorship.plan.activities if a.title == title)


def test_an_activity_of_another_plan_is_refused(world, ctx):
    other = _activity(_mentorship(world, "mentee2"), "Mentorsamtale uke 2")
    with pytest.raises(ProgrammeError, match="ikke en samtale i denne planen"):
        log_conversation(_mentorship(world), ConversationKind.MENTORSAMTALE, LOG, _person(world, "mentor"), TODAY,
                         other)
    assert other.status is ActivityStatus.PLANNED


def test_the_kind_must_match_the_activity(world, ctx):
    mentorship = _mentorship(world)
    leader_talk = _activity(mentorship, "Oppfølgingssamtale")
    with pytest.raises(ProgrammeError):
        log_conversation(mentorship, ConversationKind.MENTORSAMTALE, LOG, _person(world, "mentor"), TODAY, leader_talk)
    with pytest.raises(ProgrammeError):
        log_conversation(mentorship, ConversationKind.MENTORSAMTALE, LOG, _person(world, "mentor"), TODAY,
                         _activity(mentorship, "Opplæringsvakt 1"))


@pytest.mark.parametrize("held_on", [date(2026, 9, 21), date(2026, 9, 6)])
def test_dates_outside_the_mentorship_are_refused(world, ctx, held_on):
    log = Log(held_on, 45, ["x"], "", [])
    with pytest.raises(ProgrammeError, match="Datoen kan ikke"):
        log_conversation(_mentorship(world), ConversationKind.MENTORSAMTALE, log, _person(world, "mentor"), TODAY)


def test_a_prepared_conversation_is_filled_in_when_logged_and_cannot_be_logged_twice(world, ctx):
    mentorship = _mentorship(world)
    activity = _activity(mentorship, "Mentorsamtale uke 2")
    prepared = preparation_for(mentorship, activity)
    write_own_notes(prepared, "Mine spørsmål", "")
    with pytest.raises(ProgrammeError, match="Refleksjon kan skrives når samtalen er holdt"):
        write_own_notes(prepared, "Mine spørsmål", "for tidlig")
    with pytest.raises(ProgrammeError, match="Bare en holdt samtale kan deles"):
        share_with_leader(prepared, True)
    logged = log_conversation(mentorship, ConversationKind.MENTORSAMTALE, LOG, _person(world, "mentor"), TODAY,
                              activity)
    assert logged.id == prepared.id and logged.preparation == "Mine spørsmål" and logged.is_logged
    assert activity.status is ActivityStatus.DONE and activity.completed_on == date(2026, 9, 10)
    with pytest.raises(ProgrammeError):
        log_conversation(mentorship, ConversationKind.MENTORSAMTALE, LOG, _person(world, "mentor"), TODAY, activity)


def test_hand_over_refuses_what_cannot_be(world, ctx):
    mentorship = _mentorship(world)
    leader = _person(world, "enhetsleder")
    with pytest.raises(ProgrammeError, match="annen mentor enn den nåværende"):
        hand_over(mentorship, _person(world, "mentor"), leader, TODAY, "x")
    with pytest.raises(ProgrammeError, match="mentor ved enheten"):
        hand_over(mentorship, _person(world, "mentor_b"), leader, TODAY, "x")
    with pytest.raises(ProgrammeError, match="sin egen mentor"):
        hand_over(mentorship, _person(world, "mentee"), leader, TODAY, "x")
    end_mentorship(mentorship, date(2026, 9, 15))
    with pytest.raises(ProgrammeError, match="avsluttet"):
        hand_over(mentorship, _person(world, "mentor2"), leader, TODAY, "x")
    assert mentorship.mentor_id == world.person_ids["mentor"]


def test_the_checklist_follows_the_unit_type_and_counts_marks(world, ctx):
    home = state_of(_mentorship(world, "mentee_b"))
    assert home.template.kind is ChecklistKind.HJEMMESYKEPLEIE and home.signed_off == 0
    mentorship = _mentorship(world)
    state = state_of(mentorship)
    assert state.template.kind is ChecklistKind.INSTITUSJON
    first = state.template.items[0]
    mark(mentorship, first, "godkjent", date(2026, 9, 15), _person(world, "mentor"), TODAY)
    after = state_of(mentorship)
    assert after.signed_off == 1 and after.total == state.total
    assert after.progress[0].signed_off == 1
    with pytest.raises(ProgrammeError, match="Ukjent markering"):
        mark(mentorship, first, "slett", date(2026, 9, 15), _person(world, "mentor"), TODAY)


def test_each_kommune_gets_the_shipped_checklists_once(world, ctx):
    kommune = db.session.get(Kommune, world.kommune_id)
    first = kommune_checklist(kommune, ChecklistKind.HJEMMESYKEPLEIE)
    assert kommune_checklist(kommune, ChecklistKind.HJEMMESYKEPLEIE).id == first.id
    assert kommune_checklist(kommune, ChecklistKind.INSTITUSJON).id != first.id
