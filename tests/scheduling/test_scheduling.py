"""Placement rules on hand-made turnus (pure: no database)."""
from datetime import date, datetime, time, timedelta

import pytest

from mentorplan.scheduling.greedy import GreedyStrategy
from mentorplan.scheduling.placement import (
    Bookings,
    Conflict,
    Placement,
    Request,
    Settings,
    Turnus,
    Waiting,
    fits,
)
from mentorplan.scheduling.rules import (
    Interval,
    NonexistentLocalTime,
    RestRules,
    is_night,
    rest_problems,
    shift_interval,
    to_utc,
)

MENTEE, MENTOR, BACKUP, LEADER = 1, 2, 3, 4
NAMES = {MENTEE: "Sara Ali", MENTOR: "Ola Hansen", BACKUP: "Ingrid Berg", LEADER: "Kari Nordmann"}
MONDAY = date(2026, 3, 9)  # week 11
CODES = {"D1": (time(7, 45), time(15, 15)), "K1": (time(15), time(23)), "N1": (time(23), time(7)),
         "L1": (time(6, 30), time(18))}


def shifts(*entries):
    """('D1', day offset from MONDAY) pairs → intervals."""
    return [shift_interval(MONDAY + timedelta(days=offset), *CODES[code], code) for code, offset in entries]


def turnus(mentee=(), mentor=(), backup=(), absences=None, holidays=(), settings=None):
    return Turnus({MENTEE: shifts(*mentee), MENTOR: shifts(*mentor), BACKUP: shifts(*backup)},
                  absences or {}, {LEADER}, set(holidays), NAMES, settings or Settings())


def request(kind="mentorsamtale", days=(0, 6), minutes=45, partners=(MENTOR, BACKUP), leader=False, rid=1):
    return Request(rid, kind, "Aktivitet", MONDAY + timedelta(days=days[0]), MONDAY + timedelta(days=days[1]),
                   None if kind == "opplaeringsvakt" else minutes, MENTEE, partners, leader)


def place(requests, known, today=MONDAY):
    return GreedyStrategy().place(list(requests), known, Bookings(), today)


# --- Time and rest -------------------------------------------------------------------

def test_a_night_shift_ends_the_next_day():
    night = shift_interval(MONDAY, time(23), time(7), "N1")
    assert night.end == datetime(2026, 3, 10, 7, 0)
    assert is_night(night) and not is_night(shift_interval(MONDAY, time(7, 45), time(15, 15)))


def test_a_night_across_the_october_change_lasts_an_hour_longer():
    night = shift_interval(date(2026, 10, 24), time(22), time(8), "N1")
    assert night.hours() == 11
    spring = shift_interval(date(2026, 3, 28), time(22), time(8), "N1")
    assert spring.hours() == 9


def test_a_local_time_that_does_not_exist_is_rejected():
    with pytest.raises(NonexistentLocalTime):
        to_utc(datetime(2026, 3, 29, 2, 30))
    assert to_utc(datetime(2026, 10, 25, 2, 30)).hour == 0  # the first 02:30 of the two


def test_eleven_hours_between_shifts():
    evening_then_day = shifts(("K1", 0), ("D1", 1))  # 23:00 → 07:45: 8.75 hours
    assert rest_problems(evening_then_day, MONDAY, RestRules()) == [
        "bare 8,8 timers hvile mellom K1 09.03 og D1 10.03"]
    assert rest_problems(evening_then_day, MONDAY, RestRules(daily=timedelta(hours=8))) == []


def test_thirty_five_hours_off_in_every_week():
    fortnight = shifts(*[("D1", n) for n in range(14)])
    problems = rest_problems(fortnight, MONDAY + timedelta(days=7), RestRules())
    assert problems and "sammenhengende fri" in problems[0]
    five_days = shifts(*[("D1", n) for n in range(5)])
    assert rest_problems(five_days, MONDAY, RestRules()) == []


# --- Opplæringsvakter --------------------------------------------------------------

def test_a_training_shift_is_a_shift_worked_together():
    known = turnus(mentee=[("K1", 0), ("D1", 1)], mentor=[("D1", 0), ("D1", 1)])
    [placed] = place([request("opplaeringsvakt")], known)
    assert isinstance(placed, Placement)
    assert (placed.start, placed.end, placed.partner) == (datetime(2026, 3, 10, 7, 45), datetime(2026, 3, 10, 15, 15), MENTOR)
    assert "Felles vakt D1 tirsdag 10.03 (uke 11) med mentor Ola Hansen" in placed.note


def test_same_shift_means_start_and_end_within_thirty_minutes():
    late_start = Interval(datetime(2026, 3, 9, 8, 30), datetime(2026, 3, 9, 15, 15), "D2")
    known = Turnus({MENTEE: shifts(("D1", 0)), MENTOR: [late_start]}, {}, set(), set(), NAMES, Settings())
    assert isinstance(place([request("opplaeringsvakt", days=(0, 0), partners=(MENTOR,))], known)[0], Conflict)
    near = Interval(datetime(2026, 3, 9, 8, 15), datetime(2026, 3, 9, 15, 0), "D2")
    known = Turnus({MENTEE: shifts(("D1", 0)), MENTOR: [near]}, {}, set(), set(), NAMES, Settings())
    assert isinstance(place([request("opplaeringsvakt", partners=(MENTOR,))], known)[0], Placement)


def test_the_second_mentor_stands_in_and_each_shift_is_used_once():
    known = turnus(mentee=[("D1", 0), ("K1", 1)], mentor=[("D1", 0)], backup=[("K1", 1)])
    first, second, third = place([request("opplaeringsvakt", days=(0, 1), rid=n) for n in (1, 2, 3)], known)
    assert (first.partner, second.partner) == (MENTOR, BACKUP)
    assert "reservementor Ingrid Berg" in second.note
    assert isinstance(third, Conflict)


def test_training_shifts_mix_the_shift_types():
    known = turnus(mentee=[("D1", 0), ("D1", 1), ("K1", 2)], mentor=[("D1", 0), ("D1", 1), ("K1", 2)])
    first, second = place([request("opplaeringsvakt", rid=n) for n in (1, 2)], known)
    assert (first.start.date(), second.start.date()) == (MONDAY, MONDAY + timedelta(days=2))


def test_a_mentor_on_ferie_all_window_gives_a_conflict_with_lawful_suggestions():
    ferie = {MENTOR: {MONDAY + timedelta(days=n): "ferie" for n in range(7)}}
    # The mentee works evenings; the back-up works days. Moving Monday's evening to a day shift
    # is lawful, but moving Tuesday to D1 right after Monday's K1 would leave only 8.75 hours' rest.
    known = turnus(mentee=[("K1", 0), ("K1", 1), ("K1", 2)], backup=[("D1", 1), ("D1", 3), ("D1", 4)],
                   absences=ferie)
    [conflict] = place([request("opplaeringsvakt")], known)
    assert isinstance(conflict, Conflict)
    assert conflict.reason == "Mentor Ola Hansen har ferie 09.03–15.03; ingen felles vakt med mentor eller reservementor 09.03–15.03."
    days = [s.day for s in conflict.suggestions]
    assert MONDAY + timedelta(days=1) not in days  # K1 Monday, then D1: 8.75 hours' rest
    assert MONDAY + timedelta(days=3) not in days  # K1 Wednesday, then D1 Thursday: likewise
    first = conflict.suggestions[0]
    assert (first.day, first.code, first.replaces) == (MONDAY + timedelta(days=4), "D1", None)
    assert first.text == "Flytt Sara Ali fra fri til D1 fredag 13.03 (uke 11), så går Sara Ali samme vakt som Ingrid Berg."


def test_a_weekend_off_inside_an_absence_does_not_split_it_but_a_working_day_does():
    # Ferie Monday–Friday and the next Monday–Wednesday, the weekend off between; then a working
    # Thursday, and kurs on Friday.
    away = [n for n in range(12) if n not in (5, 6, 10)]
    absences = {MENTOR: {MONDAY + timedelta(days=n): "ferie" for n in away if n != 11}}
    absences[MENTOR][MONDAY + timedelta(days=11)] = "kurs"
    known = turnus(mentee=[("K1", n) for n in range(12)], mentor=[("D1", 10)], absences=absences)
    [conflict] = place([request("opplaeringsvakt", days=(0, 11))], known)
    assert conflict.reason.startswith("Mentor Ola Hansen har ferie 09.03–18.03, kurs 20.03; ")


def test_a_mentee_without_turnus_is_proposed_the_mentors_shifts():
    known = turnus(mentor=[("D1", 0), ("D1", 1)])
    [conflict] = place([request("opplaeringsvakt", days=(0, 1))], known)
    assert conflict.reason == "Sara Ali har ingen vakter i turnus 09.03–10.03."
    assert [(s.day, s.code) for s in conflict.suggestions] == [(MONDAY, "D1"), (MONDAY + timedelta(days=1), "D1")]


# --- Conversations -----------------------------------------------------------------

def test_a_conversation_avoids_handover_at_both_ends():
    known = turnus(mentee=[("D1", 0)], mentor=[("D1", 0)])
    [placed] = place([request(minutes=45)], known)
    assert (placed.start, placed.end) == (datetime(2026, 3, 9, 8, 45), datetime(2026, 3, 9, 9, 30))  # 07:45 + 1 h
    just = Settings(handover_start=timedelta(hours=6))
    [last] = place([request(days=(0, 0))], turnus(mentee=[("D1", 0)], mentor=[("D1", 0)], settings=just))
    assert last.end == datetime(2026, 3, 9, 14, 30)
    tight = Settings(handover_start=timedelta(hours=6, minutes=30))
    [late] = place([request(days=(0, 0))], turnus(mentee=[("D1", 0)], mentor=[("D1", 0)], settings=tight))
    assert isinstance(late, Conflict)  # 14:15 + 45 min runs into 14:45, the last half hour


def test_a_conversation_uses_the_overlap_of_two_different_shifts():
    known = turnus(mentee=[("L1", 0)], mentor=[("K1", 0)])
    [placed] = place([request(minutes=45)], known)
    assert (placed.start, placed.end) == (datetime(2026, 3, 9, 16, 0), datetime(2026, 3, 9, 16, 45))


def test_no_conversations_at_night_unless_allowed():
    nights = dict(mentee=[("N1", 0)], mentor=[("N1", 0)])
    assert isinstance(place([request(days=(0, 0))], turnus(**nights))[0], Conflict)
    [placed] = place([request()], turnus(**nights, settings=Settings(allow_night=True)))
    assert placed.start == datetime(2026, 3, 10, 0, 0)


def test_a_mentor_holds_one_conversation_per_shift():
    known = turnus(mentee=[("D1", 0), ("D1", 1)], mentor=[("D1", 0), ("D1", 1)])
    first, second = place([request(rid=1), request(rid=2)], known)
    assert first.start.date() == MONDAY and second.start.date() == MONDAY + timedelta(days=1)
    two = Settings(conversations_per_shift=2)
    known = turnus(mentee=[("D1", 0)], mentor=[("D1", 0)], settings=two)
    first, second = place([request(rid=1), request(rid=2)], known)
    assert (first.start.time(), second.start.time()) == (time(8, 45), time(9, 30))


def test_never_on_an_absence_and_never_outside_the_window():
    kurs = {MENTEE: {MONDAY: "kurs"}}
    known = turnus(mentee=[("D1", 0), ("D1", 8)], mentor=[("D1", 0), ("D1", 8)], absences=kurs)
    [conflict] = place([request(days=(0, 6))], known)
    assert conflict.reason.startswith("Nytilsatt Sara Ali har kurs 09.03;")
    [placed] = place([request(days=(0, 9))], known)
    assert placed.start.date() == MONDAY + timedelta(days=8)


def test_leaders_work_office_hours_on_weekdays_that_are_not_holidays():
    weekend_and_monday = turnus(mentee=[("D1", 5), ("D1", 6), ("D1", 7)])
    holiday = {MONDAY + timedelta(days=7)}
    [placed] = place([request("ledersamtale", days=(5, 8), minutes=60, partners=(LEADER,), leader=True)],
                     turnus(mentee=[("D1", 5), ("D1", 6), ("D1", 7), ("D1", 8)], holidays=holiday))
    assert placed.start == datetime(2026, 3, 17, 8, 45)  # Tuesday; Saturday, Sunday and the holiday skipped
    [conflict] = place([request("ledersamtale", days=(5, 7), minutes=60, partners=(LEADER,), leader=True)],
                       turnus(mentee=[("D1", 5), ("D1", 6), ("D1", 7)], holidays=holiday))
    assert "Ingen dagvakt i lederens kontortid" in conflict.reason
    assert weekend_and_monday.shifts(LEADER, MONDAY + timedelta(days=5)) == []


def test_a_leader_conversation_conflict_suggests_a_day_shift():
    evenings = turnus(mentee=[("D1", -7), ("K1", 0), ("K1", 1)])
    [conflict] = place([request("ledersamtale", days=(0, 1), minutes=60, partners=(LEADER,), leader=True)], evenings)
    assert [(s.day, s.code, s.replaces) for s in conflict.suggestions] == [(MONDAY, "D1", "K1")]
    assert "så er dere på jobb samtidig med lederen" in conflict.suggestions[0].text


def test_a_passed_deadline_is_not_placed():
    [waiting] = place([request(days=(0, 2))], turnus(mentor=[("D1", 5)]), today=MONDAY + timedelta(days=3))
    assert isinstance(waiting, Waiting)
    assert waiting.note == "Fristen 11.03.2026 er passert uten at aktiviteten er utført."


def test_nothing_is_declared_impossible_before_the_turnus_is_known():
    known = turnus(mentee=[("K1", 0)], mentor=[("D1", 0)])
    [unknown_yet] = place([request(days=(0, 6))], known)
    assert isinstance(unknown_yet, Waiting)
    [beyond] = place([request(days=(3, 6))], known)
    assert beyond.note == "Venter på turnus: den er ikke kjent for vinduet ennå."


def test_placement_is_deterministic_and_still_fits_later():
    known = turnus(mentee=[("D1", n) for n in range(5)], mentor=[("D1", n) for n in range(5)])
    requests = [request("opplaeringsvakt", rid=1), request(rid=2), request(rid=3)]
    first, again = place(requests, known), place(requests, known)
    assert first == again
    conversation = first[1]
    assert fits(requests[1], conversation, known, Bookings())
    moved = turnus(mentee=[("K1", 0)] + [("D1", n) for n in range(1, 5)], mentor=[("D1", n) for n in range(5)])
    assert not fits(requests[1], conversation, moved, Bookings())


def test_rest_across_the_daylight_saving_changes_is_counted_in_real_hours():
    october_evening = Interval(datetime(2026, 10, 24, 15), datetime(2026, 10, 24, 23), "K1")
    next_morning = Interval(datetime(2026, 10, 25, 9, 30), datetime(2026, 10, 25, 17), "D2")
    # 10.5 hours on the wall clock, 11.5 real hours: the clock went back in between.
    assert rest_problems([october_evening, next_morning], date(2026, 10, 24), RestRules()) == []
    march_evening = Interval(datetime(2026, 3, 28, 15), datetime(2026, 3, 28, 23), "K1")
    march_morning = Interval(datetime(2026, 3, 29, 10, 30), datetime(2026, 3, 29, 18), "D2")
    # 11.5 hours on the wall clock, 10.5 real hours: the clock went forward.
    assert rest_problems([march_evening, march_morning], date(2026, 3, 28), RestRules()) == [
        "bare 10,5 timers hvile mellom K1 28.03 og D2 29.03"]


def test_a_night_conversation_across_the_october_change_stays_on_the_wall_clock():
    settings = Settings(allow_night=True)
    night = [shift_interval(date(2026, 10, 24), time(22), time(8), "N1")]
    known = Turnus({MENTEE: night, MENTOR: night}, {}, set(), set(), NAMES, settings)
    saturday = Request(1, "mentorsamtale", "Samtale", date(2026, 10, 24), date(2026, 10, 24), 45, MENTEE, (MENTOR,))
    [placed] = GreedyStrategy().place([saturday], known, Bookings(), date(2026, 10, 1))
    assert (placed.start, placed.end) == (datetime(2026, 10, 24, 23, 0), datetime(2026, 10, 24, 23, 45))


def test_shifts_beyond_the_rest_horizon_never_change_the_rest_answer():
    """Suggestions check the rest with only the shifts near the day (REST_HORIZON); on an
    irregular turnus with long stretches on and off, the answer must equal the whole year's."""
    import random
    from mentorplan.scheduling.rules import REST_HORIZON

    rng = random.Random(11)
    year, offset = [], 0
    while offset < 120:
        code = rng.choice(["D1", "K1", "N1", "L1"])
        for _ in range(rng.randint(3, 12)):  # a stretch of working days, then days off
            year += shifts((code, offset))
            offset += 1
        offset += rng.choice([0, 1, 1, 2, 3, 9])
    rules = RestRules()
    answers = set()
    for day in (MONDAY + timedelta(days=n) for n in range(-5, 125)):
        near = [s for s in year if abs(s.day - day) <= REST_HORIZON]
        answer = rest_problems(year, day, rules)
        assert rest_problems(near, day, rules) == answer, day
        answers.add(bool(answer))
    assert answers == {True, False}  # the turnus has lawful and unlawful stretches both


def test_a_move_is_refused_only_for_a_breach_it_adds_and_one_already_there_is_named():
    # K1 on Sunday, then D1 on Monday: 8¾ hours of rest, a breach before anything is moved.
    known = turnus(mentee=[("K1", -1), ("D1", 0)], mentor=[("L1", 0)])
    [conflict] = place([request("opplaeringsvakt", days=(0, 0))], known)
    [move] = conflict.suggestions
    assert (move.day, move.code, move.replaces) == (MONDAY, "L1", "D1")  # 7½ hours: no worse than before
    assert "Turnusen bryter allerede hvilereglene her (bare 7,5 timers hvile mellom K1 08.03 og L1 09.03)" in move.text


def test_a_move_that_adds_a_breach_is_refused():
    # Free on Monday; K1 on Sunday. L1 at 06:30 on Monday would leave 7½ hours: a breach of its own.
    known = turnus(mentee=[("K1", -1), ("D1", 2)], mentor=[("L1", 0)])
    [conflict] = place([request("opplaeringsvakt", days=(0, 0))], known)
    assert conflict.suggestions == ()
