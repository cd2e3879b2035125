"""Lists that can grow come a page at a time (?side=N) and can be searched (?sok=…), with a pager
that screen readers can follow: a named navigation landmark and the current page marked."""
import re
from datetime import date, datetime, time, timedelta

import pytest

from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Mentorship, Notification, NotificationKind, Shift
from mentorplan.models.types import utcnow

TODAY = date(2026, 9, 20)


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def current_page(page: str) -> str:
    return re.search(r'<a class="ds-link" aria-current="page" href="[^"]+"><span class="ds-sr-only">Side </span>(\d+)</a>',
                     page).group(1)


@pytest.fixture
def small_pages(app):
    app.config["PAGE_SIZE"] = 5
    app.config["FIXED_TODAY"] = TODAY


def test_the_people_pager_is_a_named_navigation_with_the_current_page_marked(small_pages, world, login):
    client = login(world.email("hr"))
    first = html(client, "/personer/")
    assert '<nav aria-label="Sider i personlisten" class="pager">' in first
    assert current_page(first) == "1" and "Side 1 av 3" in first
    assert 'rel="next" href="/personer/?side=2">Neste side</a>' in first and "Forrige side" not in first
    last = html(client, "/personer/?side=3")
    assert current_page(last) == "3" and 'rel="prev" href="/personer/?side=2">Forrige side</a>' in last
    assert len(re.findall(r'href="/personer/\d+"', last)) == 3  # 13 people: 5 + 5 + 3


@pytest.mark.parametrize(("side", "shown"), [("99", 0), ("abc", 5), ("-2", 5), ("0", 5)])
def test_a_page_out_of_range_or_not_a_number_is_no_error(small_pages, world, login, side, shown):
    page = html(login(world.email("hr")), f"/personer/?side={side}")
    assert "13 personer." in page
    assert len(re.findall(r'href="/personer/\d+"', page)) == shown


def test_the_pager_keeps_the_search(app, small_pages, world, login):
    app.config["PAGE_SIZE"] = 1
    page = html(login(world.email("hr")), "/personer/?sok=nytilsatt")
    assert "3 personer som passer «nytilsatt»." in page  # Nina, Nils and Nora; not Noah in the other kommune
    assert 'href="/personer/?side=2&amp;sok=nytilsatt">Neste side</a>' in page
    assert 'href="/personer/?side=3&amp;sok=nytilsatt"><span class="ds-sr-only">Side </span>3</a>' in page


def test_a_short_list_has_no_pager(world, login):
    assert 'class="pager"' not in html(login(world.email("hr")), "/personer/?sok=nina")


def conflicts(app, world, key: str, count: int) -> None:
    """Conflicts on a mentee who has a turnus (a shift in the last of her first four weeks): a hire
    with none at all is one card of her own (tests/scheduling/test_start_turnus.py)."""
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids[key])
        start = mentorship.start_date + timedelta(days=27)
        db.session.add(Shift(person_id=mentorship.mentee_id, day=start, code="D1",
                             starts=datetime.combine(start, time(7, 45)), ends=datetime.combine(start, time(15, 15))))
        plan = mentorship.plan
        for activity in plan.activities[:count]:
            activity.status, activity.conflict_reason = ActivityStatus.CONFLICT, f"Ingen felles vakt ({key})"
            activity.conflict_suggestions = [{
                "person": world.person_ids[key], "day": "2026-09-22", "code": "D1", "start": "2026-09-22T07:30",
                "end": "2026-09-22T15:30", "replaces": "F", "text": "Ta D1 22.09.2026"}]
        db.session.commit()


def cards(page: str) -> int:
    return len(re.findall(r'<article class="ds-card conflict"', page))


def test_the_conflicts_page_is_paged(app, small_pages, world, login):
    conflicts(app, world, "mentee", 7)
    client = login(world.email("avdelingsleder"))
    first = html(client, "/avdeling/konflikter")
    assert "7 konflikter." in first and cards(first) == 5
    assert '<nav aria-label="Sider med konflikter" class="pager">' in first and current_page(first) == "1"
    second = html(client, "/avdeling/konflikter?side=2")
    assert cards(second) == 2 and current_page(second) == "2"
    # Accepting a suggestion brings the leader back to the page they were on.
    assert second.count('name="next" value="/avdeling/konflikter?side=2"') == 2


def test_the_conflicts_page_searches_by_the_mentees_name(app, small_pages, world, login):
    conflicts(app, world, "mentee", 2)
    conflicts(app, world, "mentee2", 3)
    client = login(world.email("enhetsleder"))
    assert "5 konflikter." in html(client, "/avdeling/konflikter")
    nils = html(client, "/avdeling/konflikter?sok=nils")
    assert "3 konflikter for «nils»." in nils and cards(nils) == 3
    assert "(mentee2)" in nils and "(mentee)<" not in nils
    # The avdelingsleder of Avdeling 1 finds nothing of Avdeling 2 by searching for it.
    other = html(login(world.email("avdelingsleder")), "/avdeling/konflikter?sok=nils")
    assert "0 konflikter for «nils»." in other and cards(other) == 0 and "Ingen konflikter for «nils»." in other


def test_the_notifications_pager_marks_the_current_page(app, small_pages, world, login):
    client = login(world.email("mentee"))
    with app.app_context():
        for n in range(6):
            db.session.add(Notification(key=f"side:{n}", kind=NotificationKind.TOMORROW,
                                        person_id=world.person_ids["mentee"], summary=f"Melding {n}", subject="s",
                                        body_text="t", body_html="<p>t</p>", due_at=utcnow()))
        db.session.commit()
    first = html(client, "/varsler")
    assert '<nav aria-label="Sider med varsler" class="pager">' in first and current_page(first) == "1"
    second = html(client, "/varsler?side=2")
    assert current_page(second) == "2" and 'rel="prev" href="/varsler?side=1">Nyere</a>' in second


def test_the_ward_plans_are_paged_and_searchable_and_the_leader_tasks_are_all_there(app, small_pages, world, login):
    from tests.app.test_query_counts import grow
    with app.app_context():
        grow(world, 6)  # six more mentees in each ward: seven plans in Avdeling 1
        db.session.commit()
    client = login(world.email("avdelingsleder"))
    first = html(client, "/avdeling/")
    plans = first.split('id="planer"')[1]
    assert "7 planer." in plans and len(re.findall(r'href="/plan/\d+"', plans)) == 5
    assert '<nav aria-label="Sider med planer" class="pager">' in plans and current_page(plans) == "1"
    second = html(client, "/avdeling/?side=2").split('id="planer"')[1]
    assert len(re.findall(r'href="/plan/\d+"', second)) == 2 and current_page(second) == "2"
    # The leader's tasks cover every plan in the avdeling, whatever page of plans is shown.
    tasks = first.split('id="lederoppgaver"')[1].split('id="planer"')[0]
    assert all(f"Ny{n} Vekst 1" in tasks for n in range(6)) and "Nina Nytilsatt" in tasks
    assert "Vekst 2" not in tasks
    found = html(client, "/avdeling/?sok=ny3").split('id="planer"')[1]
    assert "1 plan for «ny3»." in found and "Ny3 Vekst 1" in found and "Nina" not in found


def test_the_units_plans_are_paged_and_searchable_and_the_mentor_loads_count_them_all(app, small_pages, world, login):
    from tests.app.test_query_counts import grow
    with app.app_context():
        grow(world, 6)  # 7 plans in Avdeling 1 (Mona's), 7 in Avdeling 2 (Morten's): 14 in unit A
        db.session.commit()
    client = login(world.email("enhetsleder"))
    first = html(client, "/enhet")
    plans = first.split('id="planer"')[1]
    assert "14 planer." in plans and len(re.findall(r'href="/plan/\d+"', plans)) == 5
    assert '<nav aria-label="Sider med planer" class="pager">' in plans and current_page(plans) == "1"
    last = html(client, "/enhet?side=3").split('id="planer"')[1]
    assert len(re.findall(r'href="/plan/\d+"', last)) == 4 and current_page(last) == "3"
    # The mentors' loads count every running plan of the unit, not the page shown.
    assert "Mona Mentor – 7 aktive menteer" in first and "Morten Mentor – 7 aktive menteer" in first
    found = html(client, "/enhet?sok=ny3").split('id="planer"')[1]
    assert "2 planer for «ny3»." in found and "Ny3 Vekst 1" in found and "Ny3 Vekst 2" in found
    assert "Nina" not in found and 'href="/enhet?side=2&amp;sok=ny3"' not in found


def test_the_mentors_mentees_are_paged(app, small_pages, world, login):
    from tests.app.test_query_counts import grow
    with app.app_context():
        grow(world, 6)  # Mona mentors Nina and six more, and is the backup for Morten's seven
        db.session.commit()
    client = login(world.email("mentor"))
    first = html(client, "/mine-menteer")
    assert len(re.findall(r'<article class="ds-card"', first)) == 5
    assert '<nav aria-label="Sider med menteer" class="pager">' in first and current_page(first) == "1"
    pages = [first, *(html(client, f"/mine-menteer?side={n}") for n in (2, 3))]
    assert [len(re.findall(r'<article class="ds-card"', p)) for p in pages] == [5, 5, 4]
    assert current_page(pages[2]) == "3" and 'rel="next"' not in pages[2]
    names = re.findall(r'id="m\d+"><a class="ds-link" href="/plan/\d+">([^<]+)</a>', "".join(pages))
    assert len(names) == len(set(names)) == 14 and "Nina Nytilsatt" in names and "Nils Nytilsatt" in names
    # The agreed actions shown are those of the mentees on the page.
    assert "Tiltak 3" in pages[1] and "Tiltak 3" not in first  # Ny3 Vekst 1 is on page 2


@pytest.mark.parametrize(("key", "url"), [
    ("hr", "/personer/"), ("mentor", "/varsler"), ("admin", "/tilgangslogg/"), ("avdelingsleder", "/avdeling/konflikter"),
    ("admin", "/admin/kontoer/"), ("mentor", "/mine-menteer"), ("avdelingsleder", "/avdeling/"),
])
@pytest.mark.parametrize("side", ["99999999999999999999", "-99999999999999999999", "0", "abc"])
def test_a_page_number_out_of_range_answers_a_page_not_an_error(small_pages, world, login, key, url, side):
    """Before issue 22 a huge ?side= overflowed the database's OFFSET and answered 500."""
    page = html(login(world.email(key)), f"{url}?side={side}")
    assert "<h1" in page and "Traceback" not in page
