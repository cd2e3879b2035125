"""The scheduler's work on the page: conflicts and their suggestions, a plan on the turnus, the
avdeling's coming four weeks — content, refusals and what accepting a suggestion changes.

The turnus (today is Monday 24.08.2026; the mentees start Monday 07.09.2026, ISO week 37):
- Mona Mentor (Nina's mentor) and Morten Mentor (her back-up; Nils's mentor) work D1 07:45–15:15
  every weekday of weeks 37–42; Mona is on ferie Wednesday 09.09 and works N1 Saturday 12.09.
- Nina works K1 15:00–23:00 in week 37 and D1 from week 38. So her first week holds no time with
  the mentor or the leader outside handover: the welcome and the first mentor conversation are
  conflicts, with the suggestion to move her from K1 to D1 on Monday 07.09. Her opplæringsvakter
  fall on the D1 shifts of weeks 38–39.
- Nils (Avdeling 2) has no turnus at all: his training shifts and conversations are conflicts.
"""
import html as html_lib
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import event, func, select

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AbsenceKind,
    ActivityStatus,
    Mentorship,
    Plan,
    PlanActivity,
    Shift,
    ShiftSource,
)
from mentorplan.scheduling.rules import shift_interval
from mentorplan.scheduling.service import schedule_all

from tests.conftest import csrf_token

TODAY = date(2026, 8, 24)
START = date(2026, 9, 7)
TIMES = {"D1": (time(7, 45), time(15, 15)), "K1": (time(15), time(23)), "N1": (time(23), time(7))}
FIRST_TALK = "Første mentorsamtale: bli kjent"
WELCOME = "Velkomst og oppstartssamtale"
MOVE_NINA = ("Flytt Nina Nytilsatt fra K1 til D1 mandag 07.09 (uke 37), "
             "så går Nina Nytilsatt samme vakt som Mona Mentor.")
STALE = "Forslaget finnes ikke lenger. Last siden på nytt."
EMPTY = "– ingenting"  # a dash to see, a word to hear


# --- The turnus and helpers --------------------------------------------------------------

def add_shift(person_id: int, day: date, code: str, source=ShiftSource.IMPORT) -> None:
    interval = shift_interval(day, *TIMES[code], code)
    db.session.add(Shift(person_id=person_id, day=day, code=code, starts=interval.start, ends=interval.end,
                         source=source))


@pytest.fixture
def turnus(app, world):
    """The turnus above, placed by the scheduler; returns the world."""
    app.config["FIXED_TODAY"] = TODAY
    people = world.person_ids
    with app.app_context():
        for offset in range(42):
            day = START + timedelta(days=offset)
            if day.weekday() < 5:
                add_shift(people["mentee"], day, "K1" if offset < 7 else "D1")
                add_shift(people["mentor"], day, "D1")
                add_shift(people["mentor2"], day, "D1")
        add_shift(people["mentor"], date(2026, 9, 12), "N1")
        db.session.add(Absence(person_id=people["mentor"], day=date(2026, 9, 9), kind=AbsenceKind.FERIE))
        db.session.flush()
        schedule_all()
        db.session.commit()
    return world


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.get_data(as_text=True)


def text(markup: str) -> str:
    """What a reader sees: tags dropped, entities resolved, white space collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def section(markup: str, start: str, end: str | None = None) -> str:
    tail = markup[markup.index(start):]
    return tail[:tail.index(end)] if end else tail


def activity(app, world, key: str, title: str) -> PlanActivity:
    with app.app_context():
        found = db.session.scalar(select(PlanActivity).join(PlanActivity.plan).where(
            Plan.mentorship_id == world.mentorship_ids[key], PlanActivity.title == title))
        db.session.expunge(found)
        return found


def shifts_of(app, person_id: int, day: date) -> list[tuple[str, ShiftSource]]:
    with app.app_context():
        return [(s.code, s.source) for s in db.session.scalars(
            select(Shift).where(Shift.person_id == person_id, Shift.day == day).order_by(Shift.id))]


def accept(client, activity_id: int, index: int = 0, follow: bool = False, **fields):
    data = {"csrf_token": csrf_token(client, "/"), **fields}
    return client.post(f"/aktivitet/{activity_id}/forslag/{index}", data=data, follow_redirects=follow)


def week_table(markup: str, week_key: str) -> dict[str, list[str]]:
    """A calendar week as {row heading: [Monday's cell, …, Sunday's cell]}, the header row under ''."""
    table = section(section(markup, f'id="uke-{week_key}"'), "<table", "</table>")
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows["" if "<th scope=\"col\"" in row else cells[0]] = cells[1:]
    return rows


def row_named(rows: dict[str, list[str]], start: str) -> list[str]:
    return next(cells for heading, cells in rows.items() if heading.startswith(start))


# --- Konflikter ----------------------------------------------------------------------------

def test_the_conflicts_page_lists_a_conflict_with_its_reason_and_suggestion(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    markup = page(login(turnus.email("avdelingsleder")), "/avdeling/konflikter")
    card = text(section(markup, f'id="a{first_talk.id}"', "</article>"))
    assert FIRST_TALK in card
    assert "Nina Nytilsatt" in card
    assert "07.09.2026–13.09.2026" in card
    assert ("Årsak: Mentor Mona Mentor har ferie 09.09; ingen felles arbeidstid utenom vaktskifte "
            "og natt 07.09–13.09.") in card
    assert MOVE_NINA in card
    assert "Godta" in card
    form = section(markup, f'action="/aktivitet/{first_talk.id}/forslag/0"', "</form>")
    assert 'name="csrf_token"' in form
    assert f'href="/plan/{turnus.mentorship_ids["mentee"]}#a{first_talk.id}"' in section(
        markup, f'id="a{first_talk.id}"', "</article>")


@pytest.mark.parametrize(("key", "home"), [("enhetsleder", "/enhet"), ("avdelingsleder", "/avdeling/")])
def test_leaders_find_the_conflicts_and_the_coming_weeks_from_their_page(turnus, login, key, home):
    markup = page(login(turnus.email(key)), home)
    assert 'href="/avdeling/konflikter">Konflikter i planene</a>' in markup
    assert 'href="/avdeling/kommende">Kommende fire uker</a>' in markup


def test_the_conflicts_page_groups_by_person(turnus, login, app):
    """Each mentee's conflicts together under their name, in date order; Nils has no turnus (one
    card of his own, below), so only Nina's are listed one by one."""
    markup = page(login(turnus.email("enhetsleder")), "/avdeling/konflikter")
    headings = [text(h) for h in re.findall(r'<h3[^>]*id="person-[^"]+">(.*?)</h3>', markup, re.S)]
    assert len(headings) == 1 and headings[0].startswith("Nina Nytilsatt (")
    nina = text(section(markup, 'id="person-', 'id="turnusendringer"'))
    assert FIRST_TALK in nina and WELCOME in nina and "(uke 37)" in nina
    assert "Nils Nytilsatt" not in nina
    titles = re.findall(r'<h4[^>]*id="t\d+">([^<]+)', section(markup, 'id="person-', 'id="turnusendringer"'))
    with app.app_context():
        dues = {a.title: a.due_from for a in db.session.get(
            Mentorship, turnus.mentorship_ids["mentee"]).plan.activities}
    assert [dues[t.strip()] for t in titles] == sorted(dues[t.strip()] for t in titles)


def test_a_hire_without_turnus_is_one_card_not_one_per_activity(turnus, login):
    markup = page(login(turnus.email("enhetsleder")), "/avdeling/konflikter")
    cards = text(section(markup, 'id="uten-turnus"', 'id="konflikter"'))
    assert "Nils Nytilsatt" in cards and "Nina Nytilsatt" not in cards
    assert re.search(r"\d+ aktiviteter i konflikt", cards) and "Se forslag til startturnus" in cards


def test_the_avdelingsleder_sees_only_the_wards_conflicts(turnus, login):
    markup = text(page(login(turnus.email("avdelingsleder")), "/avdeling/konflikter"))
    assert "Nina Nytilsatt" in markup and "Nils Nytilsatt" not in markup
    markup = text(page(login(turnus.email("avdelingsleder2")), "/avdeling/konflikter"))
    assert "Nils Nytilsatt" in markup and "Nina Nytilsatt" not in markup


def test_the_conflicts_page_says_so_when_there_are_none(turnus, login):
    markup = text(page(login(turnus.email("avdelingsleder_b")), "/avdeling/konflikter"))
    assert "Ingen konflikter." in markup
    assert "Ingen godtatte forslag som skal føres inn." in markup


@pytest.mark.parametrize("key", ["mentee", "mentor", "hr", "admin"])
def test_the_conflicts_page_is_the_leaders(turnus, login, key):
    response = login(turnus.email(key)).get("/avdeling/konflikter")
    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert "Du har ikke tilgang til denne siden." in body
    assert "Årsak" not in body and FIRST_TALK not in body


def test_the_conflicts_page_runs_a_fixed_number_of_queries(app, turnus, login):
    """Two conflicts or sixteen, and a change to carry back: the same queries."""
    def statements(key):
        client = login(turnus.email(key))
        with app.app_context():
            seen = []
            listener = lambda *args: seen.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                page(client, "/avdeling/konflikter")
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)
    assert statements("enhetsleder") == statements("avdelingsleder")


# --- Godta et forslag ------------------------------------------------------------------------

def test_accepting_a_suggestion_puts_the_shift_in_the_turnus_and_replans(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    response = accept(login(turnus.email("avdelingsleder")), first_talk.id, follow=True)
    assert response.request.path == "/avdeling/konflikter"
    flashed = text(response.get_data(as_text=True))
    assert ("Nina Nytilsatt er satt på D1 mandag 07.09 (07:45–15:15). "
            "Husk å føre endringen inn i turnussystemet.") in flashed
    assert f"«{FIRST_TALK}» er plassert mandag 07.09.2026 kl." in flashed
    assert shifts_of(app, turnus.person_ids["mentee"], START) == [("D1", ShiftSource.SUGGESTION)]
    placed = activity(app, turnus, "mentee", FIRST_TALK)
    assert placed.status is ActivityStatus.SCHEDULED
    assert placed.scheduled_start.date() == START and placed.partner_id == turnus.person_ids["mentor"]
    assert placed.conflict_reason is None and placed.conflict_suggestions is None
    # The welcome needed the same day shift; re-planning placed it too.
    assert activity(app, turnus, "mentee", WELCOME).status is ActivityStatus.SCHEDULED


def test_the_calendar_marks_a_shift_changed_by_a_suggestion(app, turnus, login):
    accept(login(turnus.email("avdelingsleder")), activity(app, turnus, "mentee", FIRST_TALK).id)
    markup = page(login(turnus.email("mentee")), f"/plan/{turnus.mentorship_ids['mentee']}/kalender")
    rows = week_table(markup, "2026-W37")
    assert row_named(rows, "Nina Nytilsatt")[:2] == ["D1 07:45–15:15 endret etter godtatt forslag",
                                                          "K1 15:00–23:00"]
    assert f"{FIRST_TALK} med Mona Mentor" in row_named(rows, "Planens aktiviteter")[0]


def test_an_accepted_suggestion_is_listed_as_a_change_to_carry_back(app, turnus, login):
    client = login(turnus.email("avdelingsleder"))
    accept(client, activity(app, turnus, "mentee", FIRST_TALK).id)
    markup = page(client, "/avdeling/konflikter")
    changes = section(markup, 'id="turnusendringer"')
    assert re.sub(r"\s+", " ", text(changes)).count("Nina Nytilsatt mandag 07.09.2026 D1 07:45–15:15") == 1
    assert "Nina Nytilsatt" not in text(section(markup, 'id="konflikter"', 'id="turnusendringer"'))
    # Avdeling 2's leader has nothing to carry back for Nina.
    other = page(login(turnus.email("avdelingsleder2")), "/avdeling/konflikter")
    assert "Nina Nytilsatt" not in other


def test_changes_to_carry_back_are_listed_newest_first(app, turnus, login):
    with app.app_context():
        add_shift(turnus.person_ids["mentee"], date(2026, 9, 30), "K1", ShiftSource.SUGGESTION)
        db.session.commit()
    client = login(turnus.email("avdelingsleder"))
    accept(client, activity(app, turnus, "mentee", FIRST_TALK).id)
    changes = text(section(page(client, "/avdeling/konflikter"), 'id="turnusendringer"'))
    assert changes.index("07.09.2026 D1") < changes.index("30.09.2026 K1")


def test_accepting_from_the_plan_page_returns_to_the_activity(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    plan_url = f"/plan/{turnus.mentorship_ids['mentee']}"
    response = accept(login(turnus.email("avdelingsleder")), first_talk.id, next=f"{plan_url}#a{first_talk.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{plan_url}#a{first_talk.id}"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/",
                                    "javascript:alert(1)", "/\t/evil.example"])
def test_next_may_only_lead_to_a_page_on_this_site(app, turnus, login, target):
    response = accept(login(turnus.email("avdelingsleder")), activity(app, turnus, "mentee", FIRST_TALK).id,
                      next=target)
    assert response.headers["Location"] == "/avdeling/konflikter"


def test_a_stale_index_is_refused_and_changes_nothing(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    response = accept(login(turnus.email("avdelingsleder")), first_talk.id, index=5, follow=True)
    assert STALE in text(response.get_data(as_text=True))
    assert shifts_of(app, turnus.person_ids["mentee"], START) == [("K1", ShiftSource.IMPORT)]
    assert activity(app, turnus, "mentee", FIRST_TALK).status is ActivityStatus.CONFLICT


def test_a_suggestion_that_changed_since_the_page_was_shown_is_refused(app, turnus, login):
    """The page showed another suggestion at this index (the plan was re-planned since)."""
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    seen = f"{turnus.person_ids['mentee']}:2026-09-08:D1"
    response = accept(login(turnus.email("avdelingsleder")), first_talk.id, forslag=seen, follow=True)
    assert STALE in text(response.get_data(as_text=True))
    assert shifts_of(app, turnus.person_ids["mentee"], START) == [("K1", ShiftSource.IMPORT)]


def test_a_suggestion_cannot_be_accepted_twice(app, turnus, login):
    client = login(turnus.email("avdelingsleder"))
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    accept(client, first_talk.id)
    response = accept(client, first_talk.id, follow=True)
    assert STALE in text(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Shift).where(
            Shift.source == ShiftSource.SUGGESTION)) == 1


def test_the_enhetsleder_may_accept_in_every_ward_of_the_unit(app, turnus, login):
    nils_talk = activity(app, turnus, "mentee2", FIRST_TALK)
    response = accept(login(turnus.email("enhetsleder")), nils_talk.id, follow=True)
    assert "Nils Nytilsatt er satt på D1 mandag 07.09" in text(response.get_data(as_text=True))
    assert shifts_of(app, turnus.person_ids["mentee2"], START) == [("D1", ShiftSource.SUGGESTION)]


@pytest.mark.parametrize(("key", "status"), [("mentee", 403), ("mentor", 403), ("hr", 403),
                                             ("avdelingsleder2", 404), ("enhetsleder_b", 404)])
def test_only_the_plans_leaders_may_accept(app, turnus, login, key, status):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    response = accept(login(turnus.email(key)), first_talk.id)
    assert response.status_code == status
    assert shifts_of(app, turnus.person_ids["mentee"], START) == [("K1", ShiftSource.IMPORT)]
    assert activity(app, turnus, "mentee", FIRST_TALK).status is ActivityStatus.CONFLICT


def test_accepting_needs_the_csrf_token(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    response = login(turnus.email("avdelingsleder")).post(f"/aktivitet/{first_talk.id}/forslag/0")
    assert response.status_code == 400
    assert "Skjemaet var utløpt eller ugyldig" in response.get_data(as_text=True)
    assert shifts_of(app, turnus.person_ids["mentee"], START) == [("K1", ShiftSource.IMPORT)]


def test_an_unknown_activity_is_not_found(turnus, login):
    assert accept(login(turnus.email("avdelingsleder")), 999_999).status_code == 404


# --- The plan page ---------------------------------------------------------------------------

def test_the_plan_page_shows_where_an_activity_was_placed(app, turnus, login):
    first_shift = activity(app, turnus, "mentee", "Opplæringsvakt 1")
    markup = page(login(turnus.email("mentee")), "/min-plan")
    item = text(section(markup, f'id="a{first_shift.id}"', "</li>"))
    assert "mandag 14.09.2026 kl. 07:45" in item
    assert "Felles vakt D1 mandag 14.09 (uke 38) med mentor Mona Mentor." in item


def test_the_plan_page_offers_the_leader_to_accept_a_suggestion(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    markup = page(login(turnus.email("avdelingsleder")), f"/plan/{turnus.mentorship_ids['mentee']}")
    item = section(markup, f'id="a{first_talk.id}"', '<li id="a')
    assert "Konflikt: Mentor Mona Mentor har ferie 09.09" in text(item)
    assert MOVE_NINA in text(item)
    assert "Godta forslaget" in item
    assert f'action="/aktivitet/{first_talk.id}/forslag/0"' in item


def test_the_mentee_sees_the_conflict_and_suggestions_without_buttons(app, turnus, login):
    first_talk = activity(app, turnus, "mentee", FIRST_TALK)
    markup = page(login(turnus.email("mentee")), "/min-plan")
    item = section(markup, f'id="a{first_talk.id}"', '<li id="a')
    assert MOVE_NINA in text(item)
    assert "Godta forslaget" not in markup and "/forslag/" not in markup


def test_the_plan_page_links_to_the_calendar(turnus, login):
    mentorship = turnus.mentorship_ids["mentee"]
    assert f'href="/plan/{mentorship}/kalender"' in page(login(turnus.email("mentor")), f"/plan/{mentorship}")


def test_the_avdeling_page_links_to_conflicts_and_the_coming_weeks(turnus, login):
    markup = page(login(turnus.email("avdelingsleder")), "/avdeling/")
    assert 'href="/avdeling/konflikter"' in markup and 'href="/avdeling/kommende"' in markup


# --- Kalender ------------------------------------------------------------------------------

def calendar_url(world, key="mentee", **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/plan/{world.mentorship_ids[key]}/kalender" + (f"?{query}" if query else "")


def test_the_calendar_opens_on_the_first_week_of_a_plan_not_started(turnus, login):
    markup = page(login(turnus.email("mentee")), calendar_url(turnus))
    assert "Turnus og plan for Nina Nytilsatt" in markup
    assert ">Uke 37 (07.09–13.09)</h2>" in markup
    assert row_named(week_table(markup, "2026-W37"), "")[:2] == ["mandag 07.09", "tirsdag 08.09"]


def test_the_calendar_opens_on_this_week_once_the_plan_has_started(app, turnus, login):
    app.config["FIXED_TODAY"] = date(2026, 9, 23)
    markup = page(login(turnus.email("mentee")), calendar_url(turnus))
    assert ">Uke 39 (21.09–27.09)</h2>" in markup


def test_the_calendar_shows_both_peoples_shifts_absences_and_nights(turnus, login):
    rows = week_table(page(login(turnus.email("mentee")), calendar_url(turnus, uke="2026-W37")), "2026-W37")
    nina, mona, morten = (row_named(rows, name) for name in ("Nina Nytilsatt", "Mona Mentor", "Morten Mentor"))
    assert nina[0] == "K1 15:00–23:00" and nina[5] == EMPTY
    assert mona[0] == "D1 07:45–15:15"
    assert mona[2] == "ferie"                                   # Wednesday 09.09
    assert mona[5] == "N1 23:00–07:00 natt"                     # Saturday 12.09
    assert morten[2] == "D1 07:45–15:15"
    assert "(mentor)" in next(h for h in rows if h.startswith("Mona"))
    assert "(reservementor)" in next(h for h in rows if h.startswith("Morten"))


def test_the_calendar_places_the_activities_on_their_day(turnus, login):
    rows = week_table(page(login(turnus.email("mentee")), calendar_url(turnus, uke="2026-W38")), "2026-W38")
    plan = row_named(rows, "Planens aktiviteter")
    assert "07:45–15:15 Opplæringsvakt 1 med Mona Mentor" in plan[0]        # Monday 14.09
    assert "08:45–09:30 Mentorsamtale uke 2 med Mona Mentor" in plan[0]
    assert "Opplæringsvakt 2" in plan[1] and "Opplæringsvakt 1" not in plan[1]
    assert plan[5] == plan[6] == EMPTY
    assert row_named(rows, "Nina Nytilsatt")[0] == "D1 07:45–15:15"


def test_the_calendar_lists_what_is_not_placed_in_the_period(app, turnus, login):
    markup = text(section(page(login(turnus.email("mentee")), calendar_url(turnus, uke="2026-W37")),
                          'id="ikke-plassert"'))
    assert f"{FIRST_TALK} (07.09.2026–13.09.2026): konflikt – Mentor Mona Mentor har ferie 09.09" in markup
    assert "Forberede ankomst" not in markup            # no time on the turnus to find


def test_the_calendar_steps_week_by_week(turnus, login):
    markup = page(login(turnus.email("mentee")), calendar_url(turnus, uke="2026-W38"))
    base = calendar_url(turnus)
    assert f'href="{base}?uke=2026-W37">← Forrige uke' in markup
    assert f'href="{base}?uke=2026-W39">Neste uke →' in markup
    assert f'href="{base}?uke=2026-W35">Denne uken' in markup


def test_the_month_view_shows_four_weeks_in_compact_form(turnus, login):
    markup = page(login(turnus.email("mentee")), calendar_url(turnus, uke="2026-W37", visning="maaned"))
    headings = re.findall(r'<h2[^>]*id="uke-[^"]+">([^<]+)</h2>', markup)
    assert headings == ["Uke 37 (07.09–13.09)", "Uke 38 (14.09–20.09)", "Uke 39 (21.09–27.09)",
                        "Uke 40 (28.09–04.10)"]
    rows = week_table(markup, "2026-W38")
    assert row_named(rows, "Nina Nytilsatt")[0] == "D1"
    assert "07:45 Opplæringsvakt 1" in row_named(rows, "Planens aktiviteter")[0]
    assert f'href="{calendar_url(turnus)}?uke=2026-W41&amp;visning=maaned">Neste fire uker' in markup


@pytest.mark.parametrize("week", ["2026-W99", "tull", "0001-W01", "9999-W52", "2026-W", ""])
def test_a_week_that_does_not_exist_shows_the_default_week(turnus, login, week):
    markup = page(login(turnus.email("mentee")), calendar_url(turnus, uke=week))
    assert ">Uke 37 (07.09–13.09)</h2>" in markup


def test_the_calendar_is_an_accessible_table_in_a_scrolling_wrapper(turnus, login):
    markup = page(login(turnus.email("mentee")), calendar_url(turnus))
    table = section(markup, '<div class="table-wrap">', "</table>")
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
    assert "Vakter, fravær og aktiviteter 07.09.2026–13.09.2026" in table


def test_colleagues_see_sick_leave_only_as_absence(app, turnus, login):
    with app.app_context():
        db.session.add(Absence(person_id=turnus.person_ids["mentor"], day=date(2026, 9, 10),
                               kind=AbsenceKind.SYKEFRAVAER))
        db.session.commit()
    url = calendar_url(turnus, uke="2026-W37")
    as_mentee = row_named(week_table(page(login(turnus.email("mentee")), url), "2026-W37"), "Mona Mentor")
    as_leader = row_named(week_table(page(login(turnus.email("avdelingsleder")), url), "2026-W37"), "Mona Mentor")
    as_herself = row_named(week_table(page(login(turnus.email("mentor")), url), "2026-W37"), "Mona Mentor")
    assert as_mentee[3] == "fravær"
    assert as_leader[3] == as_herself[3] == "sykefravær"
    assert as_mentee[2] == "ferie"


@pytest.mark.parametrize(("key", "status"), [("mentee2", 404), ("mentor_b", 404), ("avdelingsleder2", 404),
                                             ("hr", 403), ("admin", 403)])
def test_the_calendar_is_for_those_who_may_view_the_plan(turnus, login, key, status):
    response = login(turnus.email(key)).get(calendar_url(turnus))
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert "Turnus og plan for" not in body and "K1 15:00" not in body


@pytest.mark.parametrize("key", ["mentor", "mentor2", "avdelingsleder", "enhetsleder"])
def test_the_mentor_backup_and_leaders_may_open_the_calendar(turnus, login, key):
    assert "Turnus og plan for Nina Nytilsatt" in page(login(turnus.email(key)), calendar_url(turnus))


# --- Kommende fire uker --------------------------------------------------------------------

def test_the_coming_weeks_list_training_shifts_and_conversations_by_day(turnus, login):
    markup = page(login(turnus.email("avdelingsleder")), "/avdeling/kommende")
    assert "24.08.2026–20.09.2026" in text(markup)
    assert re.search(r'id="d2026-09-14">([^<]+)</h2>', markup).group(1) == "mandag 14.09 (uke 38)"
    monday = text(section(markup, 'id="d2026-09-14">', "</section>"))
    assert "07:45–15:15 Opplæringsvakt 1: Nina Nytilsatt med mentor Mona Mentor" in monday
    assert "08:45–09:30 Mentorsamtale uke 2: Nina Nytilsatt med mentor Mona Mentor" in monday
    days = re.findall(r'<h2[^>]*id="d([\d-]+)"', markup)
    assert days == sorted(days) and days[0] == "2026-09-14" and days[-1] == "2026-09-18"  # week 39 is beyond


def test_the_coming_weeks_show_the_periods_conflicts_first(turnus, login):
    markup = page(login(turnus.email("avdelingsleder")), "/avdeling/kommende")
    alert = section(markup, 'aria-labelledby="konflikter"', "</section>")
    assert "2 konflikter i perioden" in text(alert)
    assert WELCOME in alert and FIRST_TALK in alert
    assert 'href="/avdeling/konflikter"' in alert
    assert markup.index('id="konflikter"') < markup.index('id="d2026-09-14"')


def test_the_coming_weeks_list_only_the_viewers_ward(turnus, login):
    mine = text(page(login(turnus.email("avdelingsleder")), "/avdeling/kommende"))
    assert "Nina Nytilsatt" in mine and "Nils Nytilsatt" not in mine
    theirs = text(page(login(turnus.email("avdelingsleder2")), "/avdeling/kommende"))
    assert "Nina Nytilsatt" not in theirs and "Opplæringsvakt 1: Nils" not in theirs
    assert "konflikter i perioden" in theirs and "Nils Nytilsatt" in theirs
    other_unit = text(page(login(turnus.email("avdelingsleder_b")), "/avdeling/kommende"))
    assert "Ingen opplæringsvakter eller samtaler i turnus de neste fire ukene." in other_unit
    assert "Nina Nytilsatt" not in other_unit


@pytest.mark.parametrize("key", ["mentee", "mentor", "hr", "admin"])
def test_the_coming_weeks_are_the_leaders(turnus, login, key):
    assert login(turnus.email(key)).get("/avdeling/kommende").status_code == 403
