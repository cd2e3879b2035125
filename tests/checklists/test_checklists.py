"""Training checklists: the two shipped templates chosen by unit type, the mentee's own
assessment and the mentor's sign-off (each dated and signed), progress per category, who may
mark what, and the enhetsleder's versions.

"Today" is 20.09.2026; the mentees started 07.09.2026. Unit A is a helse- og velferdssenter,
unit B a hjemmesykepleie.
"""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from mentorplan.checklists.operations import (
    checklist_of,
    current_checklist,
    ensure_checklist,
    new_checklist_draft,
    publish_checklist,
    set_items,
)
from mentorplan.extensions import db
from mentorplan.models import (
    Checklist,
    ChecklistEntry,
    ChecklistItem,
    ChecklistTemplate,
    Mentorship,
    Person,
    PlanActivity,
    TemplateStatus,
    Unit,
)
from mentorplan.planning.checklists import category_progress, default_items
from mentorplan.plans.operations import start_mentorship

from tests import factories
from tests.conftest import csrf_token, post_form
from tests.pages import html as page

TODAY = date(2026, 9, 20)


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY



def item_id(app, world, text: str, unit: str = "a") -> int:
    with app.app_context():
        template = current_checklist(db.session.get(Unit, world.unit_ids[unit]))
        db.session.commit()
        return next(i.id for i in template.items if i.text == text)


def entry(app, world, item: int, key: str = "mentee"):
    with app.app_context():
        found = db.session.scalar(select(ChecklistEntry).where(
            ChecklistEntry.item_id == item,
            ChecklistEntry.checklist.has(mentorship_id=world.mentorship_ids[key])))
        if found is None:
            return None
        return (found.trained_on, found.trained_by_id, found.mastered_on, found.mastered_by_id,
                found.signed_off_on, found.signed_off_by_id)


def mark(client, world, item: int, name: str, on: str | None = "2026-09-15", key: str = "mentee", follow=True):
    data = {"mark": name, "action": "sett" if on else "fjern", "on": on or "",
            "csrf_token": csrf_token(client, "/")}
    return client.post(f"/plan/{world.mentorship_ids[key]}/sjekkliste/{item}", data=data,
                       follow_redirects=follow)


# --- Pure -------------------------------------------------------------------------------------

def test_the_home_care_list_adds_its_own_items_and_drops_what_does_not_apply():
    institution = default_items(home_care=False)
    home = default_items(home_care=True)
    assert ("Legemidler", "Multidose") in institution and ("Legemidler", "Multidose") in home
    assert ("Praktisk", "Garderobeskap") in institution and ("Praktisk", "Garderobeskap") not in home
    for extra in ("Bil og kjøreregler", "Nøkkelbokser", "Elektroniske låser", "Mobil arbeidsenhet og arbeidslister",
                  "Trygghetsalarm", "Rutiner for alenearbeid", "Levering av legemidler", "Kontakt med fastleger",
                  "Vedtak fra tildelingskontoret"):
        assert extra in {text for _, text in home} and extra not in {text for _, text in institution}


def test_progress_per_category_counts_each_mark():
    rows = [("A", True, True, True), ("A", True, False, False), ("B", False, False, False)]
    a, b = category_progress(rows)
    assert (a.category, a.total, a.trained, a.mastered, a.signed_off, a.percent) == ("A", 2, 2, 1, 1, 50)
    assert (b.category, b.total, b.signed_off, b.percent) == ("B", 1, 0, 0)


# --- The template follows the unit type --------------------------------------------------------

def test_each_unit_type_gets_its_checklist(world, login, today):
    institution = page(login(world.email("mentee")), f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    assert "Sjekkliste for helse- og velferdssenter, sykehjem og helsehus" in institution
    assert "Multidose" in institution and "Trygghetsalarm" not in institution
    home = page(login(world.email("mentee_b")), f"/plan/{world.mentorship_ids['mentee_b']}/sjekkliste")
    assert "Sjekkliste for hjemmesykepleie og hjemmetjeneste" in home
    assert "Trygghetsalarm" in home and "Nøkkelbokser" in home and "Garderobeskap" not in home


def test_checklist_reviews_in_the_plan_open_the_checklist(app, world, login, today):
    plan = page(login(world.email("mentor")), f"/plan/{world.mentorship_ids['mentee']}")
    with app.app_context():
        review = db.session.scalar(select(PlanActivity).where(
            PlanActivity.title == "Gjennomgang av sjekkliste 1",
            PlanActivity.plan.has(mentorship_id=world.mentorship_ids["mentee"])))
        review_id = review.id
    item = plan[plan.index(f'id="a{review_id}"'):]
    item = item[:item.index("</li>")]
    assert f'href="/plan/{world.mentorship_ids["mentee"]}/sjekkliste"' in item


# --- Marking ----------------------------------------------------------------------------------

def test_the_mentee_assesses_herself_and_the_mentor_signs_off(app, world, login, today):
    item = item_id(app, world, "Multidose")
    mentee, mentor = login(world.email("mentee")), login(world.email("mentor"))
    text = mark(mentee, world, item, "opplaering", "2026-09-14").get_data(as_text=True)
    assert "Multidose: markert «fått opplæring»." in text
    mark(mentee, world, item, "mestrer", "2026-09-16")
    mark(mentor, world, item, "godkjent", "2026-09-18")
    mentee_id, mentor_id = world.person_ids["mentee"], world.person_ids["mentor"]
    assert entry(app, world, item) == (date(2026, 9, 14), mentee_id, date(2026, 9, 16), mentee_id,
                                       date(2026, 9, 18), mentor_id)
    text = page(login(world.email("avdelingsleder")), f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    row = re.search(r"<th scope=\"row\"><a[^>]*>Legemidler</a></th>(.*?)</tr>", text, re.S).group(1)
    assert "1 av 4" in row and "(25 %)" in row
    assert "18.09.2026, Mona Mentor" in text and "14.09.2026, Nina Nytilsatt" in text
    assert "1 av " in page(mentee, f"/plan/{world.mentorship_ids['mentee']}").split("punkter godkjent")[0][-40:]


def test_the_backup_mentor_may_sign_off(app, world, login, today):
    item = item_id(app, world, "Hjertestarter")
    mark(login(world.email("mentor2")), world, item, "godkjent")
    assert entry(app, world, item)[4:] == (date(2026, 9, 15), world.person_ids["mentor2"])


def test_a_mark_can_be_taken_back(app, world, login, today):
    item = item_id(app, world, "Nøkler")
    mentee = login(world.email("mentee"))
    mark(mentee, world, item, "opplaering")
    mark(mentee, world, item, "opplaering", None)
    assert entry(app, world, item)[:2] == (None, None)


@pytest.mark.parametrize(("key", "name", "message"), [
    ("mentee", "godkjent", "Bare mentoren kan godkjenne et punkt."),
    ("avdelingsleder", "godkjent", "Bare mentoren kan godkjenne et punkt."),
    ("enhetsleder", "godkjent", "Bare mentoren kan godkjenne et punkt."),
    ("mentor", "opplaering", "Bare den nytilsatte selv kan krysse av for egen vurdering."),
    ("mentor", "mestrer", "Bare den nytilsatte selv kan krysse av for egen vurdering."),
    ("avdelingsleder", "mestrer", "Bare den nytilsatte selv kan krysse av for egen vurdering."),
])
def test_marking_as_someone_who_may_not_is_refused_with_a_message(app, world, login, today, key, name, message):
    item = item_id(app, world, "Multidose")
    response = mark(login(world.email(key)), world, item, name)
    assert f"Multidose: {message}" in response.get_data(as_text=True)
    assert entry(app, world, item) is None


@pytest.mark.parametrize(("key", "status"), [("mentor_b", 404), ("avdelingsleder2", 404), ("enhetsleder_b", 404),
                                             ("mentee2", 404), ("hr", 403), ("admin", 403), ("hr_other", 403)])
def test_people_outside_the_mentorship_cannot_mark(app, world, login, today, key, status):
    item = item_id(app, world, "Multidose")
    response = mark(login(world.email(key)), world, item, "godkjent", follow=False)
    assert response.status_code == status
    assert entry(app, world, item) is None


@pytest.mark.parametrize(("on", "message"), [
    ("2026-09-21", "Datoen kan ikke være fram i tid."),
    ("2026-09-01", "Datoen kan ikke være før mentorforløpet begynte (07.09.2026)."),
    ("", "Skriv inn en gyldig dato (dd.mm.åååå)."),
])
def test_a_bad_date_is_refused_and_nothing_saved(app, world, login, today, on, message):
    item = item_id(app, world, "Multidose")
    client = login(world.email("mentee"))
    response = client.post(f"/plan/{world.mentorship_ids['mentee']}/sjekkliste/{item}", follow_redirects=True,
                           data={"mark": "opplaering", "action": "sett", "on": on,
                                 "csrf_token": csrf_token(client, "/")})
    assert f"Multidose: {message}" in response.get_data(as_text=True)
    assert entry(app, world, item) is None


def test_an_item_of_another_checklist_is_not_found(app, world, login, today):
    home_item = item_id(app, world, "Trygghetsalarm", unit="b")
    response = mark(login(world.email("mentee")), world, home_item, "opplaering", follow=False)
    assert response.status_code == 404 and "Trygghetsalarm" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ChecklistEntry)) == 0


def _other_kommunes_item(app, world) -> int:
    """An item only the other kommune's unit has on its checklist."""
    with app.app_context():
        unit = db.session.get(Unit, world.unit_ids["other"])
        draft = new_checklist_draft(unit, db.session.get(Person, world.person_ids["mentor_other"]))
        set_items(draft, [("Rutiner", ["Hemmelig rutine i Annen kommune"])])
        publish_checklist(draft)
        db.session.commit()
        return draft.items[0].id


@pytest.mark.parametrize(("key", "mark_name", "on"), [
    ("mentee", "opplaering", "2026-09-15"),   # would be refused by mark(): not on her checklist
    ("mentor", "opplaering", "2026-09-15"),   # would be refused: not the mentor's mark
    ("mentee", "opplaering", "1.1."),         # would be refused by the form
])
def test_an_item_of_another_kommune_answers_404_without_its_text(app, world, login, today, key, mark_name, on):
    """An item id from the request is checked against the mentorship's own checklist before its
    text goes anywhere (security issue 20): no message names it, now or on the next page."""
    item = _other_kommunes_item(app, world)
    client = login(world.email(key))
    response = client.post(f"/plan/{world.mentorship_ids['mentee']}/sjekkliste/{item}",
                           data={"mark": mark_name, "action": "sett", "on": on,
                                 "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    assert "Hemmelig rutine" not in response.get_data(as_text=True)
    assert "Hemmelig rutine" not in page(client, f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    assert "Hemmelig rutine" not in page(client, "/")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ChecklistEntry)) == 0


def test_the_print_button_and_stylesheet_are_there(world, login, today):
    client = login(world.email("mentee"))
    text = page(client, f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    assert "data-print" in text and "/static/js/print.js" in text  # no inline handler: the CSP forbids them
    response = client.get("/static/css/mentorplan.css")
    css = response.get_data(as_text=True)
    response.close()
    print_rules = css[css.index("@media print"):]
    assert "@page { size: A4" in print_rules and ".site-header" in print_rules and ".no-print" in print_rules


# --- The enhetsleder's versions ------------------------------------------------------------------

def make_draft(client, world) -> int:
    url = f"/enhet/{world.unit_ids['a']}/sjekkliste"
    response = post_form(client, f"{url}/kladd", {}, form_url=url)
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_a_new_version_for_the_unit_leaves_running_checklists_alone(app, world, login, today):
    started = item_id(app, world, "Multidose")
    mark(login(world.email("mentee")), world, started, "opplaering")  # mentee's checklist is under way
    client = login(world.email("enhetsleder"))
    draft_id = make_draft(client, world)
    form = page(client, f"/sjekklistemal/{draft_id}")
    with app.app_context():
        count = len(db.session.get(ChecklistTemplate, draft_id).items)
        categories = len({i.category for i in db.session.get(ChecklistTemplate, draft_id).items})
    data = {f"name_{i}": re.search(rf'id="name_{i}"[^>]*value="([^"]*)"', form).group(1) for i in range(categories)}
    data |= {f"items_{i}": re.search(rf'id="items_{i}"[^>]*>\s*(.*?)</textarea>', form, re.S).group(1)
             for i in range(categories)}
    data |= {f"name_{categories}": "Lokale rutiner", f"items_{categories}": "Sengeheis\nPasientvarsling"}
    assert post_form(client, f"/sjekklistemal/{draft_id}", data).status_code == 302
    post_form(client, f"/sjekklistemal/{draft_id}/publiser", {}, form_url=f"/sjekklistemal/{draft_id}")
    with app.app_context():
        published = db.session.get(ChecklistTemplate, draft_id)
        assert published.status is TemplateStatus.PUBLISHED and len(published.items) == count + 2
        assert current_checklist(db.session.get(Unit, world.unit_ids["a"])).id == draft_id
        running = ensure_checklist(db.session.get(Mentorship, world.mentorship_ids["mentee"]))
        assert running.template_id != draft_id
        # A mentee who had marked nothing yet also stays on the version of their start, as the plan does;
        # a hire after publishing gets the new one.
        hire = factories.person(published.kommune, "Siri", "Ny")
        unit = db.session.get(Unit, world.unit_ids["a"])
        employment = factories.employment(hire, unit, date(2026, 11, 2), unit.wards[0])
        db.session.flush()
        new_hire = start_mentorship(employment, db.session.get(Person, world.person_ids["mentor"]))
        assert checklist_of(new_hire).template_id == draft_id
        new_hire_id = new_hire.id
        db.session.commit()
    assert "Sengeheis" not in page(login(world.email("mentee")), f"/plan/{world.mentorship_ids['mentee']}/sjekkliste")
    assert "Sengeheis" not in page(login(world.email("mentee2")), f"/plan/{world.mentorship_ids['mentee2']}/sjekkliste")
    assert "Sengeheis" in page(login(world.email("mentor")), f"/plan/{new_hire_id}/sjekkliste")


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name_0": "", "items_0": "Nøkler"}, "items_0", "Gi kategorien et navn."),
    ({"name_0": "Praktisk", "items_0": "n" * 201}, "items_0", "er for langt (høyst 200 tegn per linje)."),
    ({"name_0": "k" * 81, "items_0": "Nøkler"}, "name_0", "Kategorinavnet kan ha høyst 80 tegn."),
])
def test_a_bad_checklist_edit_is_refused(app, world, login, today, data, field, message):
    client = login(world.email("enhetsleder"))
    draft_id = make_draft(client, world)
    with app.app_context():
        before = [(i.category, i.text) for i in db.session.get(ChecklistTemplate, draft_id).items]
    response = post_form(client, f"/sjekklistemal/{draft_id}", data)
    text = response.get_data(as_text=True)
    assert message in re.search(rf'id="{field}-error">(.*?)</p>', text, re.S).group(1)
    with app.app_context():
        assert [(i.category, i.text) for i in db.session.get(ChecklistTemplate, draft_id).items] == before


def test_emptying_the_whole_checklist_is_refused(app, world, login, today):
    client = login(world.email("enhetsleder"))
    draft_id = make_draft(client, world)
    emptied = {f"{field}_{i}": "" for i in range(20) for field in ("name", "items")}
    response = post_form(client, f"/sjekklistemal/{draft_id}", emptied)
    assert "Sjekklisten må ha minst ett punkt." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ChecklistTemplate, draft_id).items


@pytest.mark.parametrize(("key", "status"), [("enhetsleder_b", 404), ("avdelingsleder", 403), ("mentor", 403)])
def test_only_the_units_enhetsleder_edits_its_checklist(app, world, login, today, key, status):
    draft_id = make_draft(login(world.email("enhetsleder")), world)
    client = login(world.email(key))
    response = client.post(f"/sjekklistemal/{draft_id}", data={
        "name_0": "Kapret", "items_0": "x", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == status
    publish = client.post(f"/sjekklistemal/{draft_id}/publiser", data={"csrf_token": csrf_token(client, "/")})
    assert publish.status_code == status
    with app.app_context():
        draft = db.session.get(ChecklistTemplate, draft_id)
        assert draft.is_draft and "Kapret" not in {i.category for i in draft.items}


def test_a_mentorship_without_a_checklist_gets_one_that_can_be_marked(app, world, login):
    """Mentorships begun before checklists were made at the start: the page pins one once, with
    saved items, even when the kommune has no checklist saved yet (it used to show unsaved items)."""
    key = world.mentorship_ids["mentee"]
    with app.app_context():
        for checklist in db.session.scalars(select(Checklist)):
            db.session.delete(checklist)
        db.session.flush()
        for template in db.session.scalars(select(ChecklistTemplate)):
            db.session.delete(template)
        db.session.commit()
    client = login(world.email("mentee"))
    shown = page(client, f"/plan/{key}/sjekkliste")
    first = int(re.search(r'action="/plan/\d+/sjekkliste/(\d+)"', shown).group(1))
    with app.app_context():
        assert db.session.get(ChecklistItem, first) is not None
    mark(client, world, first, "opplaering")
    with app.app_context():
        entry = db.session.scalar(select(ChecklistEntry).where(ChecklistEntry.item_id == first))
        assert entry is not None and entry.trained_on is not None
