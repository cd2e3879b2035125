"""The home page and the menu: each role sees its own pages."""
from datetime import date

import pytest

from tests.pages import html, section


NAV = {"Min plan": "/min-plan", "Mine menteer": "/mine-menteer", "Avdelingen": "/avdeling/",
       "Enheten": "/enhet", "Personer": "/personer/"}


@pytest.mark.parametrize(("key", "links"), [
    ("mentee", {"Min plan"}), ("mentor", {"Mine menteer"}), ("avdelingsleder", {"Avdelingen"}),
    ("enhetsleder", {"Enheten"}), ("hr", {"Personer"}), ("admin", {"Personer"}), ("hr_other", {"Personer"}),
])
def test_the_menu_offers_only_the_roles_pages(world, login, set_today, key, links):
    set_today(date(2026, 9, 15))
    nav = section(html(login(world.email(key)), "/"), 'aria-label="Hovedmeny"', "</nav>")
    assert {label for label, url in NAV.items() if f'href="{url}"' in nav} == links


def test_the_home_page_greets_by_first_name_and_date(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("mentor")), "/")
    assert "Hei, Mona" in page
    assert "I dag er tirsdag 15.09.2026, uke 38." in page
    assert "2 aktive menteer, <strong>6 forfalte aktiviteter</strong>" in page


def test_the_mentees_home_page_shows_the_next_activity(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("mentee")), "/")
    assert "0 av 34 aktiviteter utført." in page
    assert "Neste: " in page
