"""Roles for anyone (issue 23): Kontoer searches every person of the kommune, not only those who
have a role already; the person page links to «Gi en rolle» for the admin, and for nobody else."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Kommune, Person, Role, RoleAssignment, Unit, User
from tests import factories
from tests.conftest import csrf_token, post_form
from tests.pages import html

TODAY = date(2026, 9, 15)


@pytest.fixture
def nurse(app, world):
    """A nurse employed at unit A with no role, no mentorship and no account."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        kommune = db.session.get(Kommune, world.kommune_id)
        person = factories.person(kommune, "Tuva", "Tverrfaglig", email="tuva@test.no", number="77123")
        factories.employment(person, db.session.get(Unit, world.unit_ids["a"]), date(2019, 3, 4))
        db.session.commit()
        return person.id


def listed(page: str) -> set[str]:
    """The names in Kontoer's table."""
    return set(re.findall(r'<th scope="row"><a class="ds-link" href="/admin/kontoer/\d+">([^<]+)</a>', page))


def test_a_role_is_given_from_the_person_page_to_someone_with_none(app, world, login, nurse, smtp):
    admin = login(world.email("admin"))
    assert "Tverrfaglig, Tuva" not in listed(html(admin, "/admin/kontoer/"))  # no role, no account: not listed

    person_page = html(admin, f"/personer/{nurse}")
    link = re.search(r'<a class="ds-link" href="([^"]+)">Gi en rolle<span class="ds-sr-only"> til Tuva Tverrfaglig',
                     person_page)
    assert link and link.group(1) == f"/admin/kontoer/{nurse}#ny-rolle"
    form_page = html(admin, link.group(1).split("#")[0])
    assert 'id="ny-rolle"' in form_page and "Ingen roller nå." in form_page

    response = post_form(admin, f"/admin/kontoer/{nurse}", {"role": "mentor", "scope": f"unit:{world.unit_ids['a']}"})
    response.close()
    assert response.status_code == 302
    assert "Tuva Tverrfaglig har fått rollen Mentor" in html(admin, response.headers["Location"])
    page = html(admin, "/admin/kontoer/")
    assert "Tverrfaglig, Tuva" in listed(page)
    row = page[page.index("Tverrfaglig, Tuva"):].split("</tr>")[0]
    assert "Mentor (Lade helse- og velferdssenter)" in row and "Invitert" in row
    with app.app_context():
        assert db.session.scalar(select(RoleAssignment.role).where(RoleAssignment.person_id == nurse)) is Role.MENTOR
        assert db.session.scalar(select(User.email).where(User.person_id == nurse)) == "tuva@test.no"
    assert len(smtp.to("tuva@test.no")) == 1


@pytest.mark.parametrize("term", ["Tverrfaglig", "tuva tverr", "77123", "tuva@test"])
def test_kontoer_finds_a_person_without_a_role_by_name_number_or_address(world, login, nurse, term):
    page = html(login(world.email("admin")), f"/admin/kontoer/?sok={term}")
    assert listed(page) == {"Tverrfaglig, Tuva"}
    row = page[page.index("Tverrfaglig, Tuva"):].split("</tr>")[0]
    assert "Ingen konto" in row and f'href="/admin/kontoer/{nurse}#ny-rolle"' in row


def test_kontoer_shows_everyone_in_the_kommune_and_no_one_else_when_asked(world, login, nurse):
    page = html(login(world.email("admin")), "/admin/kontoer/?vis=alle")
    assert "Tverrfaglig, Tuva" in listed(page) and "Admin, Ada" in listed(page)
    assert not {"Annen, Hege", "Annen, Mia", "Nytilsatt, Noah"} & listed(page)  # the other kommune's
    assert not {"Annen, Hege"} & listed(html(login(world.email("admin")), "/admin/kontoer/?sok=Hege"))


def test_a_search_keeps_its_filter_through_the_pages(app, world, login, nurse):
    app.config["PAGE_SIZE"] = 2
    page = html(login(world.email("admin")), "/admin/kontoer/?vis=alle")
    assert 'href="/admin/kontoer/?side=2&amp;vis=alle"' in page or 'href="/admin/kontoer/?vis=alle&amp;side=2"' in page


@pytest.mark.parametrize("key", ["hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"])
def test_no_one_but_the_admin_sees_kontoer_or_gives_a_role(app, world, login, nurse, key):
    client = login(world.email(key))
    assert client.get("/admin/kontoer/").status_code == 403
    assert client.get("/admin/kontoer/?sok=Tuva").status_code == 403
    response = client.post(f"/admin/kontoer/{nurse}", data={
        "role": "admin", "scope": "kommune", "csrf_token": csrf_token(client, "/profil")})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(RoleAssignment.id).where(RoleAssignment.person_id == nurse)) is None


def test_hr_sees_the_person_page_without_the_link(world, login, nurse):
    page = html(login(world.email("hr")), f"/personer/{nurse}")
    assert "Tuva Tverrfaglig" in page
    assert "Gi en rolle" not in page and "/admin/kontoer/" not in page


def test_another_kommunes_admin_cannot_give_a_role(app, world, login, nurse):
    with app.app_context():
        other = db.session.get(Kommune, world.other_kommune_id)
        boss = factories.person(other, "Olga", "Annen", email="olga@test.no")
        factories.user(boss, "olga@test.no")
        factories.assign(boss, Role.ADMIN, other)
        db.session.commit()
    admin = login("olga@test.no")
    assert listed(html(admin, "/admin/kontoer/?sok=Tverrfaglig")) == set()
    assert admin.get(f"/admin/kontoer/{nurse}").status_code == 404
    assert admin.get(f"/personer/{nurse}").status_code == 404
    with app.app_context():
        assert db.session.get(Person, nurse).kommune_id == world.kommune_id
