"""The mentee's plan (Min plan) and the mentor's list of mentees (Mine menteer): what they show."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Mentorship
from tests.pages import html, section
from tests.world import OTHER_MENTEES, activity_id, mark_done

PHASE_HEADINGS = ("Før start", "Første måned", "Måned 2–3", "Måned 4–6", "Måned 7–12")


def cards(page: str) -> dict[str, str]:
    """Mine menteer: each card's text by the mentee's name in its heading."""
    found = {}
    for article in re.findall(r"<article.*?</article>", page, re.S):
        name = re.search(r"<h2[^>]*><a[^>]*>([^<]+)</a>", article).group(1)
        found[name] = article
    return found


# --- Min plan ----------------------------------------------------------------------------

@pytest.fixture
def min_plan(world, login, set_today):
    set_today(date(2026, 9, 15))
    return html(login(world.email("mentee")), "/min-plan")


def test_min_plan_shows_the_mentee_and_the_start_date(min_plan):
    assert '<span class="whoami">Nina Nytilsatt</span>' in min_plan
    assert ">Min plan</h1>" in min_plan
    assert "07.09.2026 (uke 37)" in min_plan


def test_min_plan_shows_the_mentor_and_the_backup(min_plan):
    assert "Mona Mentor (reserve: Morten Mentor)" in min_plan


def test_min_plan_shows_the_phases_of_the_year_in_order(min_plan):
    positions = [min_plan.index(f">{heading}</h3>") for heading in PHASE_HEADINGS]
    assert positions == sorted(positions)


def test_min_plan_lists_all_ten_opplaeringsvakter(min_plan):
    for n in range(1, 11):
        assert re.search(rf"\bOpplæringsvakt {n}\b", min_plan), n


def test_min_plan_shows_iso_week_numbers(min_plan):
    assert "(uke 37)" in min_plan                      # the first week
    assert "(uke 35–36)" in min_plan                   # Forberede ankomst, 24.08–06.09
    assert "(uke 37–40)" in min_plan                   # the opplæringsvakter, days 0–27


def test_min_plan_shows_dates_as_dd_mm_yyyy(min_plan):
    assert "24.08.2026–06.09.2026" in min_plan         # Forberede ankomst, days −14 to −1
    assert not re.search(r"\b2026-\d\d-\d\d\b", section(min_plan, 'id="aaret"').split("<form")[0])


def test_min_plan_shows_progress_and_what_is_overdue(min_plan):
    assert "0 av 34 aktiviteter utført (0 %)" in min_plan
    assert "3 forfalt:" in min_plan                    # on 15.09: preparation, welcome, first conversation


def test_min_plan_does_not_show_other_mentees(min_plan):
    for name in OTHER_MENTEES:
        assert name not in min_plan


def test_min_plan_shows_who_marked_an_activity_done(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    mark_done(login(world.email("mentor")), activity_id(app, world.mentorship_ids["mentee"],
                                                        "Første mentorsamtale: bli kjent"), date(2026, 9, 10))
    page = html(login(world.email("mentee")), "/min-plan")
    assert "Utført 10.09.2026 av Mona Mentor." in page
    assert "1 av 34 aktiviteter utført (3 %)" in page


# --- Mine menteer ------------------------------------------------------------------------

def test_mine_menteer_lists_own_mentees_and_backups(world, login, set_today):
    set_today(date(2026, 9, 15))
    found = cards(html(login(world.email("mentor")), "/mine-menteer"))
    assert set(found) == {"Nina Nytilsatt", "Nils Nytilsatt"}
    assert "du er reservementor" not in found["Nina Nytilsatt"]
    assert "du er reservementor" in found["Nils Nytilsatt"]


def test_mine_menteer_does_not_list_other_units_mentees(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("mentor_b")), "/mine-menteer")
    assert set(cards(page)) == {"Nora Nytilsatt"}
    for name in ("Nina Nytilsatt", "Nils Nytilsatt", "Noah Nytilsatt"):
        assert name not in page


def test_mine_menteer_shows_the_start_date(world, login, set_today):
    set_today(date(2026, 9, 15))
    card = cards(html(login(world.email("mentor")), "/mine-menteer"))["Nina Nytilsatt"]
    assert "Lade helse- og velferdssenter, Avdeling 1 · startet 07.09.2026" in card


def test_mine_menteer_counts_overdue_activities(world, login, set_today):
    set_today(date(2026, 9, 15))
    card = cards(html(login(world.email("mentor")), "/mine-menteer"))["Nina Nytilsatt"]
    assert "3 forfalt" in card
    assert "Forberede ankomst, Velkomst og oppstartssamtale, Første mentorsamtale: bli kjent" in card


def test_mine_menteer_shows_nothing_overdue_before_anything_is_due(world, login, set_today):
    set_today(date(2026, 8, 25))
    page = html(login(world.email("mentor")), "/mine-menteer")
    assert set(cards(page)) == {"Nina Nytilsatt", "Nils Nytilsatt"}
    assert "forfalt" not in page


def test_mine_menteer_overdue_count_drops_when_an_activity_is_done(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    client = login(world.email("mentor"))
    mark_done(client, activity_id(app, world.mentorship_ids["mentee"], "Første mentorsamtale: bli kjent"),
              date(2026, 9, 14))
    found = cards(html(client, "/mine-menteer"))
    assert "2 forfalt" in found["Nina Nytilsatt"]
    assert "3 forfalt" in found["Nils Nytilsatt"]


def test_mine_menteer_shows_a_mentee_who_starts_later(world, login, set_today):
    set_today(date(2026, 6, 1))
    page = html(login(world.email("mentor")), "/mine-menteer")
    assert "Nina Nytilsatt" in page and "starter 07.09.2026" in page


def test_mine_menteer_says_so_when_there_are_no_mentees(app, world, login, set_today):
    with app.app_context():
        for mentorship in db.session.scalars(select(Mentorship)):  # as mentor and as back-up
            mentorship.end_date = date(2026, 10, 1)
        db.session.commit()
    set_today(date(2026, 11, 2))
    assert "Du har ingen menteer nå." in html(login(world.email("mentor")), "/mine-menteer")
