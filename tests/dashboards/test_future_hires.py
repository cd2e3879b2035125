"""A hire registered weeks before the first day is visible everywhere the leaders and the mentor
work: the ward and unit lists and their searches, the start-page counts, the mentor's list and
load, and the leader's tasks for the days before the start. Before, a mentorship showed only from
a fortnight before the start, so a hire registered a month ahead vanished on saving."""
from datetime import date, timedelta

import pytest

from tests.hiring import hire_data
from tests.pages import html, section
from tests.conftest import post_form

TODAY = date(2026, 9, 15)
START = TODAY + timedelta(days=28)  # beyond the fortnight of preparation


@pytest.fixture
def future_hire(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    response = post_form(login(world.email("avdelingsleder")), "/avdeling/nyansatt",
                         hire_data(world, start_date=START.strftime("%d.%m.%Y")))
    assert response.status_code == 302
    return "Kari Nordmann"


def plan_rows(page: str) -> str:
    return section(page, 'id="planer"')


def test_the_ward_list_and_its_search_show_the_hire_who_starts_later(world, login, future_hire):
    leader = login(world.email("avdelingsleder"))
    rows = plan_rows(html(leader, "/avdeling/"))
    row = rows[rows.index(future_hire):].split("</tr>")[0]
    assert START.strftime("%d.%m.%Y") in row and "Starter senere" in row
    assert future_hire in plan_rows(html(leader, "/avdeling/?sok=Nordmann"))
    assert "Nina Nytilsatt" in rows  # the running ones stay


def test_the_unit_list_and_its_search_show_the_hire_who_starts_later(world, login, future_hire):
    leader = login(world.email("enhetsleder"))
    assert future_hire in html(leader, "/enhet")
    assert future_hire in html(leader, "/enhet?sok=Kari")


def test_the_start_page_counts_the_hire_who_starts_later(world, login, app):
    app.config["FIXED_TODAY"] = TODAY
    leader = login(world.email("avdelingsleder"))
    before = html(leader, "/")
    post_form(leader, "/avdeling/nyansatt", hire_data(world, start_date=START.strftime("%d.%m.%Y")))
    after = html(leader, "/")
    assert "1 nytilsatte i programmet" in before and "2 nytilsatte i programmet" in after


def test_the_mentor_sees_the_mentee_who_starts_later(world, login, future_hire):
    page = html(login(world.email("mentor")), "/mine-menteer")
    assert future_hire in page and f"starter {START:%d.%m.%Y}" in page


def test_the_mentor_load_counts_the_mentee_who_starts_later(world, login, app):
    app.config["FIXED_TODAY"] = TODAY
    unit_leader = login(world.email("enhetsleder"))
    load = section(html(unit_leader, "/enhet"), "Mona Mentor", "</li>")
    post_form(login(world.email("avdelingsleder")), "/avdeling/nyansatt",
              hire_data(world, start_date=START.strftime("%d.%m.%Y")))
    later = section(html(unit_leader, "/enhet"), "Mona Mentor", "</li>")
    assert load != later and "2" in later


def test_the_leader_prepares_the_arrival_before_the_start(world, login, future_hire):
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', "</section>")
    assert "Forberede ankomst" in tasks and future_hire in tasks


def test_a_hire_further_off_than_the_task_horizon_is_listed_without_tasks(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    leader = login(world.email("avdelingsleder"))
    post_form(leader, "/avdeling/nyansatt", hire_data(world, start_date=(TODAY + timedelta(days=90)).strftime("%d.%m.%Y")))
    page = html(leader, "/avdeling/")
    assert "Kari Nordmann" in plan_rows(page)
    assert "Kari Nordmann" not in section(page, 'id="lederoppgaver"', "</section>")
