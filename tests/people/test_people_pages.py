"""HR's list of people (/personer/): paging, search, the own kommune only; a person's page."""
import re
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Employment, EndReason
from tests.pages import html, section
from tests.world import employee_number


KOMMUNE_1_PEOPLE = 13   # ten staff and three mentees
OTHER_KOMMUNE = ("Annen, Hege", "Annen, Mia", "Nytilsatt, Noah")


def people_on_all_pages(client) -> list[str]:
    names, url = [], "/personer/"
    while url:
        page = html(client, url)
        names += re.findall(r'<a class="ds-link" href="/personer/\d+">([^<]+)</a>', page)
        following = re.search(r'href="([^"]+)">Neste side</a>', page)
        url = following.group(1).replace("&amp;", "&") if following else None
    return names


def test_personer_is_paginated(app, world, login):
    app.config["PAGE_SIZE"] = 5
    page = html(login(world.email("hr")), "/personer/")
    assert f"{KOMMUNE_1_PEOPLE} personer." in page
    assert "Side 1 av 3" in page
    assert len(re.findall(r'href="/personer/\d+"', page)) == 5


def test_personer_lists_every_person_of_the_own_kommune_once(app, world, login):
    app.config["PAGE_SIZE"] = 5
    names = people_on_all_pages(login(world.email("hr")))
    assert len(names) == len(set(names)) == KOMMUNE_1_PEOPLE
    assert "Nytilsatt, Nina" in names and "Hr, Hanne" in names


def test_personer_never_lists_the_other_kommune(app, world, login):
    app.config["PAGE_SIZE"] = 5
    names = people_on_all_pages(login(world.email("hr")))
    assert not set(OTHER_KOMMUNE) & set(names)


def test_personer_of_the_other_kommune_lists_only_its_own(world, login):
    names = people_on_all_pages(login(world.email("hr_other")))
    assert sorted(names) == sorted(OTHER_KOMMUNE)


def test_personer_search_by_name(world, login):
    page = html(login(world.email("hr")), "/personer/?sok=nina")
    assert "1 person som passer «nina»." in page
    assert re.findall(r'href="/personer/\d+">([^<]+)</a>', page) == ["Nytilsatt, Nina"]


def test_personer_search_by_full_name(world, login):
    page = html(login(world.email("hr")), "/personer/?sok=Mona+Mentor")
    assert re.findall(r'href="/personer/\d+">([^<]+)</a>', page) == ["Mentor, Mona"]


def test_personer_search_by_employee_number(app, world, login):
    number = employee_number(app, world.person_ids["mentor2"])
    page = html(login(world.email("hr")), f"/personer/?sok={number}")
    assert re.findall(r'href="/personer/\d+">([^<]+)</a>', page) == ["Mentor, Morten"]


def test_personer_search_does_not_reach_the_other_kommune(world, login):
    page = html(login(world.email("hr")), "/personer/?sok=noah")
    assert "0 personer som passer «noah»." in page
    assert "Noah" not in page.replace("«noah»", "")


def test_personer_search_keeps_the_query_when_paging(app, world, login):
    app.config["PAGE_SIZE"] = 2
    page = html(login(world.email("hr")), "/personer/?sok=mentor")
    assert "Side 1 av 2" in page
    assert re.search(r'href="/personer/\?side=2&amp;sok=mentor">Neste side', page)


def test_personer_shows_start_dates_as_dd_mm_yyyy(world, login, set_today):
    set_today(date(2026, 9, 15))
    row = re.search(r"Nytilsatt, Nina</a>.*?</tr>", html(login(world.email("hr")), "/personer/?sok=nina"), re.S).group(0)
    assert "07.09.2026" in row and "Aktiv" in row and "Sykepleier" in row


def test_a_person_page_shows_employments_with_norwegian_dates(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("hr")), f"/personer/{world.person_ids['mentee']}")
    assert "<h1" in page and "Nina Nytilsatt" in page
    employment = section(page, ">Arbeidsforhold<", "</table>")
    assert "Lade helse- og velferdssenter, Avdeling 1" in employment
    assert "<td>07.09.2026</td>" in employment
    assert "<td>Ja</td>" in employment                # newly graduated
    assert "Mentor Mona Mentor fra 07.09.2026" in page


def test_a_person_page_shows_an_ended_employment(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    with app.app_context():
        employment = db.session.scalar(select(Employment).where(Employment.person_id == world.person_ids["mentor2"]))
        employment.end_date, employment.end_reason = date(2026, 6, 30), EndReason.FRIVILLIG
        db.session.commit()
    client = login(world.email("hr"))
    page = html(client, f"/personer/{world.person_ids['mentor2']}")
    assert "<td>05.01.2015</td>" in page and "<td>30.06.2026</td>" in page and "Sa opp selv" in page
    assert "Sluttet 30.06.2026" in html(client, "/personer/?sok=morten")


def test_a_person_page_shows_the_persons_roles(world, login):
    page = html(login(world.email("hr")), f"/personer/{world.person_ids['avdelingsleder']}")
    assert "Avdelingsleder – Lade helse- og velferdssenter, Avdeling 1" in page
