"""The one-year plan as pure data: the default template, its dates and its phases."""
from collections import Counter
from datetime import date, timedelta

from mentorplan.planning.calendar import month, phase_of, week
from mentorplan.planning.default_template import OPPLAERINGSVAKTER, default_activities
from mentorplan.planning.plan import dated_activities
from mentorplan.planning.progress import progress

START = date(2026, 1, 5)  # a Monday


def _by_title(start=START):
    return {d.spec.title: d for d in dated_activities(default_activities(), start)}


def test_programme_weeks_and_months_are_day_windows():
    assert week(1) == (0, 6)
    assert week(6) == (35, 41)
    assert month(1) == (0, 29)
    assert month(5) == (122, 151)
    assert month(12) == (335, 364)


def test_default_template_has_the_booklets_activities():
    kinds = Counter(a.kind for a in default_activities())
    assert kinds["opplaeringsvakt"] == OPPLAERINGSVAKTER == 10
    assert kinds["mentorsamtale"] == 16  # weekly month 1, fortnightly to week 12, monthly months 4–11
    assert kinds["ledersamtale"] == 4  # oppstart, oppfølging, prøvetid, årssamtale
    assert kinds["sjekkliste"] == 3
    assert kinds["forberedelse"] == 1


def test_every_activity_is_dated_from_the_start_date():
    dated = _by_title()
    assert dated["Forberede ankomst"].due_from == date(2025, 12, 22)
    assert dated["Forberede ankomst"].due_to == date(2026, 1, 4)
    assert dated["Velkomst og oppstartssamtale"].due_from == START == dated["Velkomst og oppstartssamtale"].due_to
    assert (dated["Første mentorsamtale: bli kjent"].due_from, dated["Første mentorsamtale: bli kjent"].due_to) == (
        date(2026, 1, 5), date(2026, 1, 11))
    assert dated["Opplæringsvakt 10"].due_to == date(2026, 2, 1)  # within weeks 1–4
    assert dated["Mentorsamtale uke 2"].due_from == date(2026, 1, 12)
    assert dated["Gjennomgang av sjekkliste 1"].due_to == date(2026, 2, 1)
    assert dated["Oppfølgingssamtale"].due_from == date(2026, 2, 9)  # week 6
    assert dated["Mentorsamtale uke 12"].due_to == date(2026, 3, 29)
    assert dated["Årssamtale og avslutning av programmet"].due_to == START + timedelta(days=364)


def test_probation_evaluation_ends_before_probation_does():
    """Prøvetid is at most six months; the evaluation must be held before day 182."""
    for start in (date(2026, 1, 5), date(2026, 8, 31), date(2027, 2, 28)):
        evaluation = _by_title(start)["Prøvetidsvurdering"]
        assert (evaluation.due_to - start).days < 182


def test_every_window_is_ordered_and_inside_the_year():
    for spec in default_activities():
        assert spec.due_from_day <= spec.due_to_day
        assert -14 <= spec.due_from_day and spec.due_to_day <= 365


def test_dates_are_deterministic_and_follow_the_start():
    first = dated_activities(default_activities(), START)
    later = dated_activities(default_activities(), START + timedelta(days=10))
    assert first == dated_activities(default_activities(), START)
    assert all(b.due_from - a.due_from == timedelta(days=10) for a, b in zip(first, later))


def test_phases_follow_the_rhythm_of_the_year():
    assert phase_of(-3).title == "Før start"
    assert phase_of(0).title == "Første måned"
    assert phase_of(week(6)[0]).title == "Måned 2–3"
    assert phase_of(month(4)[0]).title == "Måned 4–6"
    assert phase_of(month(12)[0]).title == "Måned 7–12"


class _Activity:
    def __init__(self, status, due_from, due_to):
        self.status, self.due_from, self.due_to = status, due_from, due_to


def test_progress_counts_done_overdue_and_upcoming():
    today = date(2026, 3, 1)
    activities = [
        _Activity("done", date(2026, 1, 1), date(2026, 1, 2)),
        _Activity("planned", date(2026, 1, 10), date(2026, 2, 1)),   # overdue
        _Activity("cancelled", date(2026, 1, 10), date(2026, 2, 1)),  # counts for nothing
        _Activity("scheduled", date(2026, 2, 20), date(2026, 3, 1)),  # due today: not overdue
        _Activity("planned", date(2026, 4, 1), date(2026, 4, 30)),
    ]
    result = progress(activities, today)
    assert (result.total, result.done) == (4, 1)
    assert [a.due_to for a in result.overdue] == [date(2026, 2, 1)]
    assert [a.due_to for a in result.upcoming] == [date(2026, 3, 1), date(2026, 4, 30)]
    assert result.percent == 25
