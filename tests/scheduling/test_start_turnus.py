"""A start turnus for a hire without one: the proposal (pure), accepting it as a whole or line by
line, the conflicts page that shows one card per such hire, the turnus CSV that `import-turnus`
reads back as the same shifts, and who may do it."""
import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityKind, ActivityStatus, Mentorship, Shift, ShiftSource
from mentorplan.scheduling.rules import Interval, RestRules, rest_problems, shift_interval
from mentorplan.scheduling.service import schedule_all
from mentorplan.scheduling.start_turnus import propose_start_turnus, shift_kind

from tests.conftest import csrf_token
from tests.factories import MENTEE_START

RULES = RestRules()
KOMMUNE = "Testkommune"
FIRST, LAST = MENTEE_START, MENTEE_START + timedelta(days=27)
D1, K1, N1 = (time(7, 45), time(15, 15)), (time(15), time(23)), (time(22, 45), time(8))


def mentor_rota(first: date, weeks: int) -> list[Interval]:
    """Two days, two evenings, a rest day, a night, then rest: a rota with every kind."""
    pattern = [D1, D1, K1, K1, None, N1, None]
    codes = {D1: "D1", K1: "K1", N1: "N1"}
    days = (first + timedelta(days=n) for n in range(weeks * 7))
    return [shift_interval(day, *times, codes[times]) for n, day in enumerate(days)
            if (times := pattern[n % 7]) is not None]


def propose(own=(), mentor=None, backup=(), away=(), wanted=10):
    partners = [(1, "Mona Mentor", mentor if mentor is not None else mentor_rota(FIRST, 4)), (2, "Morten Mentor", list(backup))]
    return propose_start_turnus(own=list(own), partners=partners, away=set(away), first=FIRST, last=LAST,
                                rules=RULES, wanted=wanted)


# --- The proposal ------------------------------------------------------------------------

def test_ten_of_the_mentors_shifts_mixed_days_first_and_lawful():
    proposal = propose()
    shifts = [line.shift for line in proposal.shifts]
    assert proposal.complete and len(shifts) == 10 and proposal.notes == ()
    assert [shift_kind(s) for s in sorted(shifts)[:2]] == ["dag", "dag"]
    assert {shift_kind(s) for s in shifts} == {"dag", "kveld", "natt"}
    assert len({s.day for s in shifts}) == 10  # one a day
    assert all(not rest_problems(shifts, s.day, RULES) for s in shifts)
    assert all(line.partner == 1 and line.shift in mentor_rota(FIRST, 4) for line in proposal.shifts)


def test_the_back_up_mentor_fills_the_days_the_mentor_is_off():
    mentor = [s for s in mentor_rota(FIRST, 4) if s.day < FIRST + timedelta(days=7)]  # one week, five shifts
    backup = [shift_interval(FIRST + timedelta(days=n), *D1, "D1") for n in range(8, 28) if n % 7 < 5]
    proposal = propose(mentor=mentor, backup=backup)
    assert proposal.complete
    assert {line.partner for line in proposal.shifts} == {1, 2}
    assert all(line.partner == 2 for line in proposal.shifts if line.day >= FIRST + timedelta(days=7))


def test_days_away_and_days_with_a_shift_are_left_alone():
    away = {FIRST, FIRST + timedelta(days=1)}
    own = [shift_interval(FIRST + timedelta(days=2), *D1, "D1")]
    proposal = propose(own=own, away=away)
    assert not {line.day for line in proposal.shifts} & (away | {FIRST + timedelta(days=2)})


def test_an_evening_is_not_followed_by_an_early_day():
    # K1 ends 23:00, D1 starts 07:45 the next day: 8¾ hours of rest, below 11.
    mentor = [shift_interval(FIRST, *K1, "K1"), shift_interval(FIRST + timedelta(days=1), *D1, "D1")]
    proposal = propose(mentor=mentor, wanted=2)
    assert len(proposal.shifts) == 1
    assert proposal.notes == ("Bare 1 av 2 opplæringsvakter fant plass på mentorenes vakter 07.09–04.10: "
                              "resten må legges inn i turnusen for hånd.",)


def test_a_turnus_that_breaks_the_rules_already_is_said_so_and_not_blamed_on_the_proposal():
    # The hire's own K1 then D1 leaves 8¾ hours of rest: broken before anything is proposed.
    own = [shift_interval(FIRST + timedelta(days=13), *K1, "K1"), shift_interval(FIRST + timedelta(days=14), *D1, "D1")]
    mentor = [shift_interval(FIRST + timedelta(days=15), *D1, "D1")]
    proposal = propose(own=own, mentor=mentor, wanted=1)
    assert [line.day for line in proposal.shifts] == [FIRST + timedelta(days=15)]
    assert proposal.notes == ("Turnusen bryter allerede hvilereglene rundt 22.09: bare 8,8 timers hvile "
                              "mellom K1 20.09 og D1 21.09.",)


def test_a_night_is_counted_in_the_week_it_ends():
    night = shift_interval(FIRST, *N1, "N1")
    assert shift_kind(night) == "natt" and night.end == datetime(2026, 9, 8, 8, 0)


# --- In the database and on the pages ------------------------------------------------------

@pytest.fixture
def no_turnus(app, world, ctx):
    """Nina has no shifts; her mentor Mona works the rota; the plans are placed (with conflicts)."""
    app.config["FIXED_TODAY"] = date(2026, 9, 1)
    for shift in mentor_rota(MENTEE_START - timedelta(days=7), 6):
        db.session.add(Shift(person_id=world.person_ids["mentor"], day=shift.day, code=shift.code,
                             starts=shift.start, ends=shift.end))
    db.session.commit()
    schedule_all()
    db.session.commit()
    return db.session.get(Mentorship, world.mentorship_ids["mentee"])


def training(mentorship):
    db.session.expire_all()
    return [a for a in db.session.get(Mentorship, mentorship.id).plan.activities
            if a.kind is ActivityKind.OPPLAERINGSVAKT]


def keys_on_page(page: str) -> list[str]:
    return [part.split('"')[0] for part in page.split('name="vakt" value="')[1:]]


def accept(client, mentorship_id, keys):
    url = f"/plan/{mentorship_id}/startturnus"
    return client.post(url, data={"vakt": keys, "csrf_token": csrf_token(client, url)})


def test_the_conflicts_page_shows_one_card_for_the_hire_without_turnus(world, login, no_turnus):
    page = login(world.email("avdelingsleder")).get("/avdeling/konflikter").get_data(as_text=True)
    card = page[page.index('id="uten-turnus"'):page.index('id="konflikter"')]
    assert "Nina Nytilsatt" in card and f"/plan/{no_turnus.id}/startturnus" in card
    weekly = page[page.index('id="konflikter"'):page.index('id="turnusendringer"')]
    assert "Nina Nytilsatt har ingen vakter i turnus" not in weekly


def test_one_accepted_proposal_places_all_ten_opplaeringsvakter(world, login, no_turnus):
    leader = login(world.email("avdelingsleder"))
    page = leader.get(f"/plan/{no_turnus.id}/startturnus").get_data(as_text=True)
    keys = keys_on_page(page)
    assert len(keys) == 10 and "Mona Mentor" in page and "10 av 10 opplæringsvakter" in page
    response = accept(leader, no_turnus.id, keys)
    assert response.status_code == 302
    done = leader.get(response.headers["Location"]).get_data(as_text=True)
    assert "10 vakter er lagt inn i turnusen til Nina Nytilsatt, og 10 opplæringsvakter er plassert" in done
    placed = training(no_turnus)
    assert all(a.status is ActivityStatus.SCHEDULED for a in placed)
    assert all(a.partner_id == world.person_ids["mentor"] for a in placed)
    shifts = db.session.scalars(select(Shift).where(Shift.person_id == world.person_ids["mentee"])).all()
    assert len(shifts) == 10 and all(s.source is ShiftSource.SUGGESTION for s in shifts)
    conflicts = leader.get("/avdeling/konflikter").get_data(as_text=True)
    assert 'id="uten-turnus"' not in conflicts


def test_lines_can_be_left_out(world, login, no_turnus):
    leader = login(world.email("avdelingsleder"))
    keys = keys_on_page(leader.get(f"/plan/{no_turnus.id}/startturnus").get_data(as_text=True))
    accept(leader, no_turnus.id, keys[:3])
    assert db.session.query(Shift).filter(Shift.person_id == world.person_ids["mentee"]).count() == 3
    assert sum(a.status is ActivityStatus.SCHEDULED for a in training(no_turnus)) == 3


@pytest.mark.parametrize("keys, message", [
    (["2026-09-07:D1:0745", "1999-01-01:X:0000"], "Forslaget er endret siden siden ble vist"),
    ([], "Velg minst én vakt å legge inn."),
])
def test_a_stale_or_empty_choice_stores_nothing(world, login, no_turnus, keys, message):
    leader = login(world.email("avdelingsleder"))
    response = accept(leader, no_turnus.id, keys)
    assert message in leader.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.query(Shift).filter(Shift.person_id == world.person_ids["mentee"]).count() == 0


def test_the_exported_csv_imports_back_as_the_same_shifts(app, world, login, no_turnus, runner, tmp_path):
    leader = login(world.email("avdelingsleder"))
    accept(leader, no_turnus.id, keys_on_page(leader.get(f"/plan/{no_turnus.id}/startturnus").get_data(as_text=True)))
    before = sorted((s.day, s.code, s.starts, s.ends) for s in db.session.scalars(
        select(Shift).where(Shift.person_id == world.person_ids["mentee"])))
    placed_before = sorted((a.title, a.scheduled_start) for a in training(no_turnus))

    response = leader.get(f"/plan/{no_turnus.id}/startturnus.csv")
    assert response.mimetype == "text/csv" and "startturnus-" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["ansattnr", "dato", "vaktkode", "start", "slutt"] and len(rows) == 11
    path = tmp_path / "startturnus.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import-turnus", str(path), "--kommune", KOMMUNE])
    assert result.exit_code == 0, result.output

    db.session.expire_all()
    after = db.session.scalars(select(Shift).where(Shift.person_id == world.person_ids["mentee"])).all()
    assert sorted((s.day, s.code, s.starts, s.ends) for s in after) == before
    assert all(s.source is ShiftSource.IMPORT for s in after)  # confirmed: no longer a change to carry back
    assert sorted((a.title, a.scheduled_start) for a in training(no_turnus)) == placed_before


@pytest.mark.parametrize("key", ["mentor", "mentee", "hr", "admin"])
def test_only_the_leaders_have_the_start_turnus(world, login, no_turnus, key):
    client = login(world.email(key))
    assert client.get(f"/plan/{no_turnus.id}/startturnus").status_code == 403
    assert client.get(f"/plan/{no_turnus.id}/startturnus.csv").status_code == 403
    response = client.post(f"/plan/{no_turnus.id}/startturnus",
                           data={"vakt": ["2026-09-07:D1:0745"], "csrf_token": csrf_token(client, "/profil")})
    assert response.status_code == 403
    assert db.session.query(Shift).filter(Shift.person_id == world.person_ids["mentee"]).count() == 0


def test_a_leader_of_another_unit_gets_nothing(world, login, no_turnus):
    client = login(world.email("avdelingsleder_b"))
    assert client.get(f"/plan/{no_turnus.id}/startturnus").status_code == 404
    assert client.get(f"/plan/{no_turnus.id}/startturnus.csv").status_code == 404
