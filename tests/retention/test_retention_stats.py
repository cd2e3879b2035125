"""Retention statistics on plain data: the contract's definitions, the pilot's figure, and the
estimators against lifelines, the reference implementation."""
import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorplan.retention import EmploymentRecord, Question, ReportError, build_report, contract_json, spells
from mentorplan.retention.estimators import aalen_johansen, kaplan_meier, value_at
from mentorplan.retention.figures import counts, cumulative_incidence, survival_curve

PILOT_UNITS = ("Lade", "Tiller", "Byåsen", "Midtbyen", "Heimdal", "Strinda")
_ids = iter(range(1, 10_000_000))


def record(start, end=None, reason=None, unit="Lade", person=None, **kwargs) -> EmploymentRecord:
    number = next(_ids)
    return EmploymentRecord(id=number, person_id=person or number, unit=unit, start=start, end=end,
                            end_reason=reason, **kwargs)


def question(start_from=date(2018, 1, 1), start_to=date(2018, 12, 31), months=12, as_of=date(2020, 6, 1)):
    return Question(start_from, start_to, months, as_of)


def pilot_2018() -> list[EmploymentRecord]:
    """24 nurses hired in 2018 at the six pilot units; one left after five months."""
    records = [record(date(2018, 1 + i // 2, 1 + i % 2 * 14), unit=PILOT_UNITS[i % 6], mentored=True)
               for i in range(24)]
    first = records[0]
    records[0] = EmploymentRecord(first.id, first.person_id, first.unit, first.start,
                                  first.start + timedelta(days=150), "frivillig", mentored=True)
    return records


# --- The contract's definitions ----------------------------------------------------------

def test_the_pilots_own_figure_23_of_24():
    report = build_report(pilot_2018(), question(), suppress=False)
    result = contract_json(report)
    assert (result["hired"], result["left"], result["retained"], result["censored"]) == (24, 1, 23, 0)
    assert result["internal_transfers"] == 0
    assert result["retention_rate"] == 0.9583
    assert f"{report.total.retention_rate:.1%}" == "95.8%"
    assert [u["hired"] for u in result["by_unit"]] == [4] * 6
    assert sum(u["left"] for u in result["by_unit"]) == 1
    assert result["km"][12] == {"month": 12, "survival": 0.9583}
    assert result["km"][0] == {"month": 0, "survival": 1.0} and len(result["km"]) == 13


def test_the_json_has_exactly_the_contracts_keys():
    result = contract_json(build_report(pilot_2018(), question(), suppress=False))
    assert list(result) == ["from", "to", "months", "hired", "left", "retained", "censored", "left_so_far",
                            "ongoing", "internal_transfers", "retention_rate", "km", "by_unit"]
    assert list(result["by_unit"][0]) == ["unit", "hired", "left", "retention_rate"]
    assert (result["from"], result["to"], result["months"]) == ("2018-01-01", "2018-12-31", 12)


def test_young_hires_are_censored_not_counted_as_stayed():
    records = [record(date(2019, 1, 7)), record(date(2019, 6, 3)),
               record(date(2019, 9, 2), date(2019, 11, 1), "frivillig"),  # left, but young
               record(date(2019, 10, 1))]
    total = counts(spells(records, date(2019, 1, 1), date(2019, 12, 31), date(2020, 3, 1)), 12)
    assert (total.hired, total.left, total.retained, total.censored) == (4, 0, 1, 3)
    assert total.retention_rate == 1.0


def test_the_365th_day_decides_who_has_passed_12_months_and_who_stayed():
    start = date(2019, 3, 1)
    stayed_to_day_365 = record(start, start + timedelta(days=365), "frivillig")
    left_on_day_364 = record(start, start + timedelta(days=364), "frivillig")
    hires = spells([stayed_to_day_365, left_on_day_364], start, start, start + timedelta(days=365))
    total = counts(hires, 12)
    assert (total.left, total.retained, total.censored) == (1, 1, 0)
    assert counts(spells([record(start)], start, start, start + timedelta(days=364)), 12).censored == 1


def test_nothing_after_the_as_of_date_counts():
    hire = record(date(2019, 1, 7), date(2019, 8, 1), "frivillig")
    before = counts(spells([hire], date(2019, 1, 1), date(2019, 12, 31), date(2019, 7, 1)), 3)
    assert (before.left, before.retained) == (0, 1)
    after = counts(spells([hire], date(2019, 1, 1), date(2019, 12, 31), date(2020, 3, 1)), 12)
    assert (after.left, after.retained) == (1, 0)


def test_an_internal_transfer_is_followed_into_the_next_employment():
    first = record(date(2018, 2, 5), date(2018, 8, 31), "intern_overgang", unit="Lade", person=7)
    second = record(date(2018, 9, 3), unit="Tiller", person=7)
    stays = question()
    report = build_report([first, second], stays, suppress=False)
    result = contract_json(report)
    # One hire, not two; still in the kommune, so retained, and counted as a transfer.
    assert (result["hired"], result["left"], result["retained"], result["internal_transfers"]) == (1, 0, 1, 1)
    assert [u["unit"] for u in result["by_unit"]] == ["Lade"]
    transfers = next(t for t in report.tables if t.key == "overganger")
    assert transfers.rows == [["Lade", 1]]


def test_leaving_after_a_transfer_is_leaving_from_the_first_start():
    first = record(date(2018, 2, 5), date(2018, 5, 31), "intern_overgang", person=8)
    second = record(date(2018, 6, 1), date(2018, 10, 31), "frivillig", unit="Tiller", person=8)
    total = counts(spells([first, second], date(2018, 1, 1), date(2018, 12, 31), date(2020, 1, 1)), 12)
    assert (total.hired, total.left, total.retained, total.internal_transfers) == (1, 1, 0, 1)
    assert total.left_by_reason == {"frivillig": 1}


def test_a_next_employment_more_than_31_days_after_a_transfer_is_a_new_hire():
    first = record(date(2018, 2, 5), date(2018, 5, 31), "intern_overgang", person=9)
    later = record(date(2018, 7, 2), unit="Tiller", person=9)
    total = counts(spells([first, later], date(2018, 1, 1), date(2018, 12, 31), date(2020, 1, 1)), 12)
    assert total.hired == 2


def test_a_continuation_in_the_period_is_not_a_hire_even_if_the_first_employment_is_older():
    first = record(date(2017, 2, 6), date(2018, 1, 31), "intern_overgang", person=10)
    second = record(date(2018, 2, 1), unit="Tiller", person=10)
    assert counts(spells([first, second], date(2018, 1, 1), date(2018, 12, 31), date(2020, 1, 1)), 12).hired == 0


def test_exits_in_probation_and_reasons_are_reported():
    hires = [record(date(2018, 1, 8), date(2018, 4, 30), "frivillig"),
             record(date(2018, 1, 8), date(2018, 10, 31), "arbeidsgiver"),
             record(date(2018, 1, 8), date(2018, 3, 1), "midlertidig_utlopt"),
             record(date(2018, 1, 8))]
    total = counts(spells(hires, date(2018, 1, 1), date(2018, 12, 31), date(2020, 1, 1)), 12)
    assert total.probation_exits == 2
    assert total.left_by_reason == {"frivillig": 1, "arbeidsgiver": 1, "midlertidig_utlopt": 1}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"start_to": date(2017, 12, 31)}, "start_to", "Til-datoen 31.12.2017 er før fra-datoen 01.01.2018."),
    ({"months": 7}, "months", "Antall måneder må være 3, 6, 12 eller 24 (ikke 7)."),
    ({"as_of": date(2017, 6, 1)}, "as_of", "Per-datoen 01.06.2017 er før perioden begynner (01.01.2018)."),
])
def test_impossible_questions_are_refused_in_norwegian(changes, field, message):
    values = {"start_from": date(2018, 1, 1), "start_to": date(2018, 12, 31), "months": 12,
              "as_of": date(2020, 1, 1)} | changes
    with pytest.raises(ReportError) as raised:
        build_report([], Question(**values), suppress=False)
    assert (raised.value.field, str(raised.value)) == (field, message)


def test_no_hires_gives_a_rate_of_none_not_a_division_by_zero():
    result = contract_json(build_report([], question(), suppress=False))
    assert (result["hired"], result["retention_rate"], result["by_unit"]) == (0, None, [])
    assert all(point["survival"] == 1.0 for point in result["km"])


# --- Suppression -------------------------------------------------------------------------

def test_groups_under_five_are_suppressed_when_asked_and_not_otherwise():
    records = pilot_2018() + [record(date(2018, 3, 5), unit="Lille enhet") for _ in range(3)]
    shown = build_report(records, question(), suppress=True)
    by_unit = next(t for t in shown.tables if t.key == "enhet")
    small = next(row for row in by_unit.rows if row[0] == "Lille enhet")
    assert small[1:] == ["<5"] * 7
    lade = next(row for row in by_unit.rows if row[0] == "Lade")
    assert lade[1:4] == ["<5", "<5", "<5"]  # four hires: still fewer than five
    total = next(t for t in shown.tables if t.key == "sammendrag").rows[0]
    assert total[:3] == [27, 1, 26]
    unsuppressed = build_report(records, question(), suppress=False)
    small = next(row for row in next(t for t in unsuppressed.tables if t.key == "enhet").rows
                 if row[0] == "Lille enhet")
    assert small[1:4] == [3, 0, 3]


def test_the_curve_is_cut_where_fewer_than_five_are_followed():
    records = [record(date(2018, 1, 1) + timedelta(days=i * 30)) for i in range(8)]
    report = build_report(records, question(as_of=date(2019, 1, 1)), suppress=True)
    months_shown = [p.month for p in report.curve_shown]
    assert months_shown == list(range(9))  # month 8: 5 followed beyond day 243; month 9: 4
    curve = next(t for t in report.tables if t.key == "overlevelse")
    assert curve.rows[9][1:] == ["<5", "<5"]
    assert curve.rows[12][1:] == ["<5", 0]


# --- The estimators against lifelines ------------------------------------------------------

def random_data(seed: int, size: int = 300, causes=(1, 2, 3)):
    rng = random.Random(seed)
    durations, outcomes = [], []
    for _ in range(size):
        event_time, censor_time = rng.expovariate(1 / 400), rng.uniform(0, 900)
        durations.append(min(event_time, censor_time))
        outcomes.append(rng.choice(causes) if event_time <= censor_time else 0)
    return durations, outcomes


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kaplan_meier_matches_lifelines(seed):
    from lifelines import KaplanMeierFitter
    durations, outcomes = random_data(seed)
    # Whole days give ties between events and censorings, which both must treat alike.
    days = [int(d) for d in durations]
    for times in (durations, days):
        events = [o != 0 for o in outcomes]
        ours = kaplan_meier(times, events)
        reference = KaplanMeierFitter().fit(times, events).survival_function_["KM_estimate"]
        assert len(reference) > 50
        for time, expected in reference.items():
            assert value_at(ours, time, 1.0) == pytest.approx(expected, abs=1e-9)


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("seed", [4, 5, 6])
def test_aalen_johansen_matches_lifelines(seed):
    from lifelines import AalenJohansenFitter
    durations, outcomes = random_data(seed)  # continuous times: lifelines jitters ties
    ours = aalen_johansen(durations, outcomes)
    for cause in (1, 2, 3):
        fitter = AalenJohansenFitter(calculate_variance=False).fit(durations, outcomes, event_of_interest=cause)
        reference = fitter.cumulative_density_.iloc[:, 0]
        for time, expected in reference.items():
            assert value_at(ours[cause], time) == pytest.approx(expected, abs=1e-9)
    # The incidences add up to 1 − KM: competing exits are not counted twice.
    km = kaplan_meier(durations, [o != 0 for o in outcomes])
    for time in (100.0, 300.0, 600.0):
        assert sum(value_at(ours[c], time) for c in (1, 2, 3)) == pytest.approx(1 - value_at(km, time, 1.0),
                                                                                abs=1e-12)


# --- Properties ----------------------------------------------------------------------------

REASONS = st.sampled_from([None, "frivillig", "arbeidsgiver", "intern_overgang", "pensjon",
                           "midlertidig_utlopt", "annet"])


@st.composite
def histories(draw):
    records = []
    for person in range(draw(st.integers(0, 25))):
        start = date(2018, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
        for _ in range(draw(st.integers(1, 3))):
            length = draw(st.one_of(st.none(), st.integers(0, 800)))
            reason = draw(REASONS) if length is not None else None
            end = start + timedelta(days=length) if length is not None and reason else None
            records.append(EmploymentRecord(next(_ids), person, draw(st.sampled_from(PILOT_UNITS)), start, end,
                                            reason if end else None, mentored=draw(st.booleans())))
            if end is None:
                break
            start = end + timedelta(days=draw(st.integers(1, 60)))
    return records


@settings(max_examples=100, deadline=None)
@given(histories(), st.sampled_from([3, 6, 12, 24]), st.integers(0, 1500))
def test_figures_stay_in_range_and_add_up(records, months, as_of_days):
    as_of = date(2018, 1, 1) + timedelta(days=as_of_days)
    report = build_report(records, Question(date(2018, 1, 1), date(2019, 12, 31), months, as_of), suppress=False)
    total = report.total
    assert total.hired == total.left + total.retained + total.censored
    assert min(total.left, total.retained, total.censored) >= 0
    assert total.internal_transfers <= total.left + total.retained
    assert total.hired == total.left_so_far + total.retained + total.ongoing
    assert total.left <= total.left_so_far and total.ongoing <= total.censored
    assert sum(total.left_by_reason.values()) == total.left_so_far
    assert total.probation_exits <= total.left_so_far
    assert total.retention_rate is None or 0 <= total.retention_rate <= 1
    assert sum(c.hired for c in report.by_unit.values()) == total.hired
    assert sum(c.left for c in report.by_unit.values()) == total.left
    survival = [p.value for p in report.curve]
    assert all(0 <= s <= 1 for s in survival) and survival[0] == 1.0
    assert all(a >= b for a, b in zip(survival, survival[1:]))
    hires = spells(records, date(2018, 1, 1), date(2019, 12, 31), as_of)
    incidence = cumulative_incidence(hires, months)
    for month, s in enumerate(survival):
        assert sum(curve[month] for curve in incidence.values()) == pytest.approx(1 - s, abs=1e-9)
    # With nobody censored before month N, the curve's month N is the rate itself. (A transfer
    # with no next employment counts as retained, CONTRACT.md, but the curve cannot follow it.)
    lost_track = any(s.end_reason == "intern_overgang" for s in hires)
    if total.censored == 0 and total.hired and not lost_track:
        assert survival[months] == pytest.approx(total.retention_rate, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(histories())
def test_each_employment_is_a_hire_or_continues_one(records):
    hires = spells(records, date.min, date.max, date(2030, 1, 1))
    followed = survival_curve(hires, 12)
    assert len(hires) <= len(records)
    assert followed[0].at_risk <= len(hires)


def test_mentor_turnover_like_the_pilots_five_of_twelve():
    mentors = [record(date(2018, 1, 1), date(2018, 3 + i, 1) if i < 5 else None, "mentor_sluttet" if i < 5 else None)
               for i in range(12)]
    report = build_report([], question(), suppress=False, mentor_records=mentors)
    summary = next(t for t in report.tables if t.key == "mentorer")
    assert summary.rows == [[12, 5, 7, 0, pytest.approx(7 / 12)]]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2018, 1, 31), 1, date(2018, 2, 28)), (date(2020, 8, 31), 6, date(2021, 2, 28)),
    (date(2019, 8, 30), 6, date(2020, 2, 29)), (date(2018, 3, 15), -12, date(2017, 3, 15)),
    (date(2018, 12, 1), 1, date(2019, 1, 1)),
])
def test_months_are_added_as_calendar_months(day, months, expected):
    from mentorplan.retention.cohort import add_months
    assert add_months(day, months) == expected


def test_the_chart_marks_every_month_and_names_reference_lines_in_text():
    from mentorplan.retention.chart import ReferenceLine, survival_svg
    report = build_report(pilot_2018(), question(), suppress=False)
    svg = survival_svg(report.curve, 12, [ReferenceLine("Snitt <landet>", 12, 0.8)])
    assert svg.count("<circle") == 13
    assert "<title>Måned 5: 95,8 %</title>" in svg and "<title>Måned 4: 100,0 %</title>" in svg
    assert 'aria-labelledby="kurve-tittel kurve-beskrivelse"' in svg
    assert "Etter 12 måneder er 95,8 % fortsatt ansatt." in svg
    assert "Snitt &lt;landet&gt;: 80,0 % etter 12 mnd" in svg and 'stroke-dasharray="6 4"' in svg


def test_voluntary_and_involuntary_leaving_are_summed_from_their_reasons():
    hires = [record(date(2018, 1, 8), date(2018, 4, 30), "frivillig"),
             record(date(2018, 1, 8), date(2018, 10, 31), "arbeidsgiver"),
             record(date(2018, 1, 8), date(2018, 3, 1), "midlertidig_utlopt"),
             record(date(2018, 1, 8), date(2018, 6, 1), "pensjon")] + [record(date(2018, 1, 8)) for _ in range(6)]
    report = build_report(hires, question(), suppress=False, reason_labels={"frivillig": "Sa opp selv"})
    rows = {row[0]: row[1:] for row in next(t for t in report.tables if t.key == "sluttaarsaker").rows}
    assert rows["Sa opp selv"] == ["Frivillig", 1, pytest.approx(0.1)]
    assert rows["Frivillig i alt"] == ["Frivillig", 1, pytest.approx(0.1)]
    assert rows["Ufrivillig i alt"] == ["Ufrivillig", 2, pytest.approx(0.2)]
    assert rows["pensjon"] == ["Annet", 1, pytest.approx(0.1)]
