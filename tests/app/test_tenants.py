"""Many kommuner in one installation: a user of one kommune sees nothing of another.

The world has kommune A (`Testkommune`, everyone but the `_other` logins) and kommune B
(`Annen kommune`). Here B gets every role; then every page, export, feed and command that lists
things is opened as B, and none of A's names or figures may show, and every one of A's object ids
answers 403 or 404 (404 where B's role has the page at all).
"""
import io
import json

import openpyxl
import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.feeds import tokens
from mentorplan.models import FeedKind, Kommune, Person, Role, Unit, User

from tests import factories
from tests.conftest import csrf_token
from tests.app.test_access import ROUTES, Shared, _url, shared  # noqa: F401  (the shared world)

# Every name in kommune A that a list could show: people, units, wards, the kommune itself.
A_NAMES = ["Nina", "Nils", "Nora", "Mona", "Morten", "Mari", "Hanne", "Eli Enhet", "Even", "Anne Avdeling",
           "Arne", "Aud", "Ada Admin", "Lade helse", "Hjemmesykepleien Øst", "Avdeling 1", "Sone 1",
           "Testkommune"]

B_ROLES = ("admin_other", "hr_other", "enhetsleder_other", "avdelingsleder_other", "mentor_other",
           "mentee_other")

B_PAGES = {
    "admin_other": ["/", "/personer/", "/personer/?sok=Nina", "/utboks", "/varsler", "/profil"],
    "hr_other": ["/", "/personer/", "/personer/?sok=Nina", "/personer/?sok=1", "/stabilitet/",
                 "/stabilitet/referanser", "/varsler", "/profil"],
    "enhetsleder_other": ["/", "/enhet", "/avdeling/konflikter", "/avdeling/kommende", "/stabilitet/",
                          "/varsler", "/profil"],
    "avdelingsleder_other": ["/", "/avdeling/", "/avdeling/konflikter", "/avdeling/kommende",
                             "/avdeling/fravaer/", "/avdeling/nyansatt", "/varsler", "/profil"],
    "mentor_other": ["/", "/mine-menteer", "/varsler", "/profil"],
    "mentee_other": ["/", "/min-plan", "/varsler", "/profil"],
}


@pytest.fixture(scope="class")
def tenants(shared: Shared) -> Shared:
    """Kommune B gets an admin and leaders of its unit; A gets a conversation and messages."""
    with shared.app.app_context():
        other = db.session.get(Kommune, shared.world.other_kommune_id)
        unit = db.session.get(Unit, shared.world.unit_ids["other"])
        ward = unit.wards[0]
        for key, role, first in (("admin_other", Role.ADMIN, "Alf"), ("enhetsleder_other", Role.ENHETSLEDER, "Erik"),
                                 ("avdelingsleder_other", Role.AVDELINGSLEDER, "Atle")):
            p = factories.person(other, first, "Annen", email=f"{key}@test.no")
            factories.user(p, f"{key}@test.no")
            factories.employment(p, unit, factories.MENTEE_START, ward)
            factories.assign(p, role, other, unit if role is not Role.AVDELINGSLEDER else None,
                             ward if role is Role.AVDELINGSLEDER else None)
            shared.world.person_ids[key] = p.id
        db.session.commit()
    return shared


def b_client(tenants: Shared, key: str):
    return tenants.client(key)


def assert_nothing_of_a(body: str, where: str) -> None:
    shown = [name for name in A_NAMES if name in body]
    assert not shown, f"{where} shows kommune A's {shown}"


@pytest.mark.usefixtures("tenants")
class TestKommuneB:
    @pytest.mark.parametrize(("key", "url"), [(k, u) for k, pages in B_PAGES.items() for u in pages])
    def test_pages_show_nothing_of_kommune_a(self, tenants, key, url):
        response = b_client(tenants, key).get(url)
        assert response.status_code == 200, f"{key} {url}: {response.status_code}"
        body = response.get_data(as_text=True)
        if "?sok=" in url:  # the search box repeats what was searched for; the results must not
            body = body.replace(url.split("?sok=")[1], "")
        assert_nothing_of_a(body, f"{key} {url}")

    @pytest.mark.parametrize(("key", "url", "names"), [
        ("hr_other", "/personer/", ["Noah", "Hege", "Mia", "Atle"]),
        ("admin_other", "/personer/", ["Noah", "Hege"]),
        ("mentor_other", "/mine-menteer", ["Noah"]),
        ("avdelingsleder_other", "/avdeling/", ["Noah"]),
        ("enhetsleder_other", "/enhet", ["Annet sykehjem"]),
    ])
    def test_pages_show_kommune_b_itself(self, tenants, key, url, names):
        """Nothing of A is shown because the lists work, not because they are empty."""
        body = b_client(tenants, key).get(url).get_data(as_text=True)
        assert all(name in body for name in names), f"{key} {url} misses some of {names}"

    def test_the_people_list_counts_only_kommune_b(self, tenants):
        with tenants.app.app_context():
            in_b = db.session.scalar(select(db.func.count(Person.id)).where(
                Person.kommune_id == tenants.world.other_kommune_id))
        for url, shown in (("/personer/", in_b), ("/personer/?sok=Nina", 0), ("/personer/?sok=Annen", 5)):
            body = b_client(tenants, "hr_other").get(url).get_data(as_text=True)
            assert f">{shown} {'person' if shown == 1 else 'personer'}" in body, url
            assert body.count("<tr>") == (shown + 1 if shown else 0), url  # a header row and one per person

    @pytest.mark.parametrize("url", ["/stabilitet/eksport.csv?fra=2015-01-01&til=2026-12-31",
                                     "/stabilitet/eksport.csv"])
    def test_the_retention_csv_holds_only_kommune_b(self, tenants, url):
        response = b_client(tenants, "hr_other").get(url)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert_nothing_of_a(body, url)

    def test_the_retention_workbook_holds_only_kommune_b(self, tenants):
        response = b_client(tenants, "hr_other").get("/stabilitet/eksport.xlsx")
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
        cells = " ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row
                         if c.value is not None)
        assert_nothing_of_a(cells, "eksport.xlsx")

    @pytest.mark.parametrize(("key", "kind", "ward"), [
        ("mentee_other", FeedKind.ACTIVITIES, None), ("mentor_other", FeedKind.ACTIVITIES, None),
        ("mentee_other", FeedKind.SHIFTS, None), ("avdelingsleder_other", FeedKind.WARD, "other"),
    ])
    def test_calendar_feeds_hold_only_kommune_b(self, tenants, key, kind, ward):
        with tenants.app.app_context():
            user = db.session.scalar(select(User).where(User.email == f"{key}@test.no"))
            ward_row = db.session.get(Unit, tenants.world.unit_ids["other"]).wards[0] if ward else None
            token = tokens.issue(user, kind, ward_row)
            db.session.commit()
        response = tenants.app.test_client().get(f"/kalender/{token}.ics")
        assert response.status_code == 200
        assert_nothing_of_a(response.get_data(as_text=True), f"{key} {kind} feed")

    @pytest.mark.parametrize(("endpoint", "rule", "method"),
                             [r for r in ROUTES if "<" in r[1]], ids=lambda v: str(v))
    @pytest.mark.parametrize("key", B_ROLES)
    def test_kommune_a_ids_answer_403_or_404(self, tenants, key, endpoint, rule, method):
        client = b_client(tenants, key)
        url = _url(endpoint, rule, tenants)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": csrf_token(client, "/profil")})
        assert response.status_code in (403, 404), f"{key} {method} {url}: {response.status_code}"
        assert_nothing_of_a(response.get_data(as_text=True), f"{key} {method} {url}")

    @pytest.mark.parametrize(("key", "url"), [
        ("hr_other", "/personer/{person}"), ("admin_other", "/personer/{person}"),
        ("mentor_other", "/plan/{plan}"), ("mentee_other", "/plan/{plan}"),
        ("avdelingsleder_other", "/plan/{plan}"), ("enhetsleder_other", "/plan/{plan}"),
        ("enhetsleder_other", "/enhet/{unit}/sjekkliste"), ("enhetsleder_other", "/enhet/{unit}/mal"),
        ("avdelingsleder_other", "/avdeling/{ward}/kalender.ics"), ("mentor_other", "/samtale/{conversation}"),
        ("mentee_other", "/varsler/{notification}"), ("hr_other", "/personer/arbeidsforhold/{employment}/avslutt"),
    ])
    def test_where_b_has_the_page_a_ids_answer_404(self, tenants, key, url):
        ids = tenants.ids | {"person": tenants.world.person_ids["mentee"], "plan": tenants.world.mentorship_ids["mentee"],
                             "unit": tenants.world.unit_ids["a"], "ward": tenants.world.ward_ids["1"],
                             "employment": tenants.ids["employment_mentee"]}
        assert b_client(tenants, key).get(url.format(**ids)).status_code == 404


class TestCommands:
    def test_plan_and_ics_of_a_person_in_a_do_not_answer_for_b(self, runner, world, ctx):
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
        for command in (["plan", number, "--kommune", "Annen kommune"], ["ics", number, "--kommune", "Annen kommune"]):
            result = runner.invoke(args=command)
            assert result.exit_code != 0, command
            assert "Nina" not in result.output

    def test_retention_for_b_counts_only_b(self, runner, world):
        result = runner.invoke(args=["retention", "--from", "2015-01-01", "--to", "2026-12-31", "--as-of", "2026-12-31",
                                     "--kommune", "Annen kommune", "--format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        # Kommune B hired three: Hege (HR) and Mia (mentor) in 2015, Noah in 2026.
        assert report["hired"] == 3
        assert [u["unit"] for u in report["by_unit"]] == ["Annet sykehjem"]
