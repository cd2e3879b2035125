"""What each page shows, and what its forms do: content, not just status codes.

The world's mentees start on Monday 07.09.2026 (ISO week 37); tests pin "today" with FIXED_TODAY.
"""
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    EndReason,
    Employment,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    PlanTemplate,
    Profession,
    RoleAssignment,
    Role,
    TemplateActivity,
    TemplateStatus,
)

from tests.conftest import CSRF, csrf_token, post_form

START = date(2026, 9, 7)
PHASE_HEADINGS = ("Før start", "Første måned", "Måned 2–3", "Måned 4–6", "Måned 7–12")
OTHER_MENTEES = ("Nils Nytilsatt", "Nora Nytilsatt", "Noah Nytilsatt")


# --- Helpers -----------------------------------------------------------------------------

@pytest.fixture
def set_today(app):
    def pin(day: date) -> date:
        app.config["FIXED_TODAY"] = day
        return day
    return pin


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.get_data(as_text=True)


def section(page: str, start: str, end: str | None = None) -> str:
    """The part of a page between two markers (an id, a heading)."""
    tail = page[page.index(start):]
    return tail[:tail.index(end)] if end else tail


def cards(page: str) -> dict[str, str]:
    """Mine menteer: each card's text by the mentee's name in its heading."""
    found = {}
    for article in re.findall(r"<article.*?</article>", page, re.S):
        name = re.search(r"<h2[^>]*><a[^>]*>([^<]+)</a>", article).group(1)
        found[name] = article
    return found


def field_error(page: str, field_id: str) -> str | None:
    """The validation message shown next to a field (its id is the field's aria-describedby)."""
    match = re.search(rf'<p class="ds-validation-message"[^>]*id="{field_id}-error">(.*?)</p>', page, re.S)
    return match.group(1).strip() if match else None


def activity_id(app, mentorship_id: int, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(PlanActivity.id).join(PlanActivity.plan).where(
            Plan.mentorship_id == mentorship_id, PlanActivity.title == title))


def mark_done(client, activity: int, on: date):
    response = client.post(f"/aktivitet/{activity}/utfort",
                           data={"completed_on": on.isoformat(), "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    return response


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Person, Employment, Mentorship, Plan, PlanActivity)}


def plan_activities(app, mentorship_id: int) -> list[PlanActivity]:
    with app.app_context():
        activities = db.session.get(Mentorship, mentorship_id).plan.activities
        db.session.expunge_all()
        return activities


def plan_titles(app, mentorship_id: int) -> list[str]:
    return sorted(a.title for a in plan_activities(app, mentorship_id))


def employee_number(app, person_id: int) -> str:
    with app.app_context():
        return db.session.get(Person, person_id).employee_number


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


# --- Avdeling ----------------------------------------------------------------------------

def test_avdeling_lists_only_the_wards_mentees(world, login, set_today):
    set_today(date(2026, 9, 15))
    plans = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="planer"')
    assert "Nina Nytilsatt" in plans
    assert "Mona Mentor" in plans
    assert "07.09.2026" in plans
    for name in OTHER_MENTEES:
        assert name not in plans


def test_avdeling_2_lists_its_own_mentee(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("avdelingsleder2")), "/avdeling/")
    assert "Nils Nytilsatt" in page
    assert "Nina Nytilsatt" not in page


def test_avdeling_leader_tasks_show_the_welcome_near_the_start(world, login, set_today):
    set_today(date(2026, 9, 1))
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    assert "Velkomst og oppstartssamtale" in tasks
    assert "Forberede ankomst" in tasks
    assert "Nina Nytilsatt" in tasks
    assert "Oppfølgingssamtale" not in tasks       # day 35, beyond the 31-day horizon
    assert "Mentorsamtale" not in tasks             # the mentor's, not the leader's


def test_avdeling_leader_tasks_flag_what_is_overdue(world, login, set_today):
    set_today(date(2026, 9, 10))
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    row = re.search(r"<tr>\s*<td>Velkomst og oppstartssamtale.*?</tr>", tasks, re.S).group(0)
    assert "Forfalt" in row


def test_avdeling_leader_tasks_drop_what_is_done(app, world, login, set_today):
    set_today(date(2026, 9, 8))
    client = login(world.email("avdelingsleder"))
    mark_done(client, activity_id(app, world.mentorship_ids["mentee"], "Velkomst og oppstartssamtale"), START)
    tasks = section(html(client, "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    assert "Velkomst og oppstartssamtale" not in tasks


def test_avdeling_leader_tasks_keep_what_is_overdue_and_look_31_days_ahead(world, login, set_today):
    set_today(date(2026, 11, 20))  # day 74
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    assert "Oppfølgingssamtale" in tasks            # weeks 6, overdue
    assert "Prøvetidsvurdering" not in tasks        # month 5, from 07.01.2027


# --- Registering a new hire --------------------------------------------------------------

NEW_HIRE_START = date(2026, 10, 5)


def hire_data(world, **overrides) -> dict:
    data = {
        "first_name": "Kari", "last_name": "Nordmann", "employee_number": "90001",
        "email": "Kari.Nordmann@Test.no", "profession": "sykepleier", "ward_id": str(world.ward_ids["1"]),
        "start_date": "05.10.2026", "position_percent": "80", "newly_graduated": "y",
        "mentor_id": str(world.person_ids["mentor"]),
    }
    return {**data, **overrides}


def register(client, world, **overrides):
    return post_form(client, "/avdeling/nyansatt", hire_data(world, **overrides))


def new_hire(app) -> Mentorship:
    """The mentorship of the hire registered with ansattnummer 90001, detached with what the tests read."""
    with app.app_context():
        mentorship = db.session.scalar(
            select(Mentorship).join(Mentorship.mentee).where(Person.employee_number == "90001"))
        _ = mentorship.mentee, mentorship.employment, mentorship.plan.activities
        db.session.expunge_all()
        return mentorship


def test_the_new_hire_form_offers_the_leaders_wards_and_the_units_mentors(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("avdelingsleder")), "/avdeling/nyansatt")
    wards = section(page, 'id="ward_id"', "</select>")
    assert "Avdeling 1" in wards and "Avdeling 2" not in wards and "Sone 1" not in wards
    mentors = section(page, 'id="mentor_id"', "</select>")
    assert "Mona Mentor" in mentors and "Morten Mentor" in mentors
    assert "Mari Mentor" not in mentors and "Mia Annen" not in mentors


def test_the_enhetsleder_may_hire_into_every_ward_of_the_unit(world, login, set_today):
    set_today(date(2026, 9, 15))
    wards = section(html(login(world.email("enhetsleder")), "/avdeling/nyansatt"), 'id="ward_id"', "</select>")
    assert "Avdeling 1" in wards and "Avdeling 2" in wards and "Sone 1" not in wards


def test_registering_a_hire_redirects_to_the_new_plan(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    response = register(login(world.email("avdelingsleder")), world)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/plan/{new_hire(app).id}"


def test_registering_a_hire_stores_person_and_employment(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    register(login(world.email("avdelingsleder")), world)
    mentorship = new_hire(app)
    person, employment = mentorship.mentee, mentorship.employment
    assert (person.first_name, person.last_name, person.email) == ("Kari", "Nordmann", "kari.nordmann@test.no")
    assert person.kommune_id == world.kommune_id
    assert (employment.unit_id, employment.ward_id) == (world.unit_ids["a"], world.ward_ids["1"])
    assert employment.start_date == NEW_HIRE_START
    assert (employment.position_percent, employment.newly_graduated) == (80, True)
    assert employment.profession is Profession.SYKEPLEIER


def test_registering_a_hire_pairs_a_mentor_with_the_units_other_mentor_as_backup(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    register(login(world.email("avdelingsleder")), world)
    mentorship = new_hire(app)
    assert mentorship.mentor_id == world.person_ids["mentor"]
    assert mentorship.backup_mentor_id == world.person_ids["mentor2"]
    assert mentorship.start_date == NEW_HIRE_START


def test_registering_a_hire_makes_a_plan_of_34_activities_from_the_start_date(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    register(login(world.email("avdelingsleder")), world)
    activities = {a.title: a for a in new_hire(app).plan.activities}
    assert len(new_hire(app).plan.activities) == 34
    assert activities["Velkomst og oppstartssamtale"].due_from == NEW_HIRE_START
    assert activities["Forberede ankomst"].due_from == NEW_HIRE_START - timedelta(days=14)
    assert activities["Forberede ankomst"].due_to == NEW_HIRE_START - timedelta(days=1)
    assert all(a.status is ActivityStatus.PLANNED for a in activities.values())


def test_the_new_plan_page_greets_the_registration(world, login, set_today):
    set_today(date(2026, 9, 15))
    client = login(world.email("avdelingsleder"))
    page = client.post("/avdeling/nyansatt", follow_redirects=True,
                       data={**hire_data(world), "csrf_token": csrf_token(client, "/avdeling/nyansatt")})
    text = page.get_data(as_text=True)
    assert "Kari Nordmann er registrert, og ettårsplanen er laget." in text
    assert "Plan for Kari Nordmann" in text
    assert "05.10.2026 (uke 41)" in text


def test_the_new_hire_appears_on_the_avdeling_page(world, login, set_today):
    set_today(date(2026, 9, 25))
    client = login(world.email("avdelingsleder"))
    register(client, world)
    assert "Kari Nordmann" in section(html(client, "/avdeling/"), 'id="planer"')


def test_an_employee_number_used_in_another_kommune_may_be_reused(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    other_number = employee_number(app, world.person_ids["mentee_other"])
    response = register(login(world.email("avdelingsleder")), world, employee_number=other_number)
    assert response.status_code == 302


BAD_HIRES = {
    "empty first name": ("first_name", lambda app, world: "", "Feltet må fylles ut."),
    "blank last name": ("last_name", lambda app, world: "   ", "Feltet må fylles ut."),
    "duplicate ansattnummer": ("employee_number",
                               lambda app, world: employee_number(app, world.person_ids["mentor"]),
                               "Ansattnummeret er allerede i bruk i kommunen."),
    "no mentor chosen": ("mentor_id", lambda app, world: "0", "Velg en mentor."),
    "stillingsprosent 0": ("position_percent", lambda app, world: "0",
                           "Stillingsprosenten må være mellom 1 og 100."),
    "stillingsprosent 101": ("position_percent", lambda app, world: "101",
                             "Stillingsprosenten må være mellom 1 og 100."),
    "impossible date": ("start_date", lambda app, world: "31.02.2026", "Skriv inn en gyldig startdato (dd.mm.åååå)."),
    "empty date": ("start_date", lambda app, world: "", "Skriv inn en gyldig startdato (dd.mm.åååå)."),
    "bad e-mail": ("email", lambda app, world: "ikke-en-adresse", "Skriv inn en gyldig e-postadresse."),
}


@pytest.mark.parametrize("case", BAD_HIRES)
def test_bad_hire_input_shows_a_norwegian_message_next_to_the_field(app, world, login, set_today, case):
    set_today(date(2026, 9, 15))
    field, value, message = BAD_HIRES[case]
    response = register(login(world.email("avdelingsleder")), world, **{field: value(app, world)})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert field_error(page, field) == message
    assert "Skjemaet har feil som må rettes" in page


@pytest.mark.parametrize("case", BAD_HIRES)
def test_bad_hire_input_stores_nothing(app, world, login, set_today, case):
    set_today(date(2026, 9, 15))
    field, value, _ = BAD_HIRES[case]
    before = counts(app)
    register(login(world.email("avdelingsleder")), world, **{field: value(app, world)})
    assert counts(app) == before


@pytest.mark.parametrize("case", BAD_HIRES)
def test_bad_hire_input_keeps_what_was_typed(app, world, login, set_today, case):
    set_today(date(2026, 9, 15))
    field, value, _ = BAD_HIRES[case]
    page = register(login(world.email("avdelingsleder")), world, **{field: value(app, world)}).get_data(as_text=True)
    for kept, typed in (("first_name", "Kari"), ("last_name", "Nordmann"), ("employee_number", "90001"),
                        ("email", "Kari.Nordmann@Test.no"), ("position_percent", "80")):
        if kept != field:
            assert re.search(rf'id="{kept}"[^>]*value="{re.escape(typed)}"', page), kept
    if field != "mentor_id":
        assert f'<option selected value="{world.person_ids["mentor"]}">' in page


def test_a_mentor_from_another_unit_is_refused_in_norwegian(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    before = counts(app)
    response = register(login(world.email("avdelingsleder")), world, mentor_id=str(world.person_ids["mentor_b"]))
    assert response.status_code == 200
    assert "Mentoren må være mentor ved samme enhet som avdelingen." in field_error(response.get_data(as_text=True),
                                                                                    "mentor_id")
    assert counts(app) == before


def test_a_mentor_from_another_unit_gets_only_norwegian_messages(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = register(login(world.email("avdelingsleder")), world,
                    mentor_id=str(world.person_ids["mentor_b"])).get_data(as_text=True)
    assert field_error(page, "mentor_id") == "Mentoren må være mentor ved samme enhet som avdelingen."


def test_hiring_into_a_ward_the_leader_does_not_lead_stores_nothing(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    before = counts(app)
    response = register(login(world.email("avdelingsleder")), world, ward_id=str(world.ward_ids["2"]))
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "ward_id")
    assert counts(app) == before


def test_hiring_into_a_ward_the_leader_does_not_lead_is_refused_in_norwegian(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = register(login(world.email("avdelingsleder")), world,
                    ward_id=str(world.ward_ids["2"])).get_data(as_text=True)
    assert field_error(page, "ward_id") == "Velg en avdeling du er leder for."


def test_a_stillingsprosent_that_is_not_a_number_is_refused_in_norwegian(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = register(login(world.email("avdelingsleder")), world, position_percent="åtti").get_data(as_text=True)
    assert field_error(page, "position_percent") == "Skriv inn et helt tall."


# --- Enhet -------------------------------------------------------------------------------

def test_enhet_shows_every_plan_of_the_unit(world, login, set_today):
    set_today(date(2026, 9, 15))
    plans = section(html(login(world.email("enhetsleder")), "/enhet"), ">Alle planer<")
    assert "Nina Nytilsatt" in plans and "Nils Nytilsatt" in plans
    assert "Avdeling 1" in plans and "Avdeling 2" in plans
    assert "Nora Nytilsatt" not in plans and "Noah Nytilsatt" not in plans


def test_enhet_shows_the_mentor_roster_with_their_load(world, login, set_today):
    set_today(date(2026, 9, 15))
    roster = section(html(login(world.email("enhetsleder")), "/enhet"), ">Mentorer<", ">Planmal<")
    assert "Mona Mentor – 1 aktiv mentee" in roster
    assert "Morten Mentor – 1 aktiv mentee" in roster
    assert "Mari Mentor" not in roster


def test_enhet_does_not_warn_when_the_unit_has_two_mentors(world, login, set_today):
    set_today(date(2026, 9, 15))
    assert "Enheten har" not in html(login(world.email("enhetsleder")), "/enhet")


def test_enhet_warns_when_the_unit_has_one_mentor(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("enhetsleder_b")), "/enhet")   # Hjemmesykepleien Øst has only Mari
    assert "Enheten har 1 aktiv mentor." in page
    assert "to mentorer per enhet" in page


def test_enhet_warns_when_a_mentors_role_has_ended(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    with app.app_context():
        assignment = db.session.scalar(select(RoleAssignment).where(
            RoleAssignment.person_id == world.person_ids["mentor2"], RoleAssignment.role == Role.MENTOR))
        assignment.valid_to = date(2026, 9, 1)
        db.session.commit()
    page = html(login(world.email("enhetsleder")), "/enhet")
    assert "Enheten har 1 aktiv mentor." in page
    assert "Morten Mentor –" not in section(page, ">Mentorer<", ">Planmal<")


def test_enhet_names_the_template_new_plans_are_made_from(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("enhetsleder")), "/enhet")
    assert "Mentoreringsplan for nytilsatte sykepleiere, versjon 1</strong> (kommunens standardmal)" in page


# --- Template versioning -----------------------------------------------------------------

def template_activity_form(app, template_activity_id: int, **overrides) -> dict:
    """The edit form of a template activity as it stands, with some fields changed."""
    with app.app_context():
        a = db.session.get(TemplateActivity, template_activity_id)
        data = {
            "kind": a.kind.value, "title": a.title, "responsible": a.responsible.value,
            "participants": [p for p in a.participants.split(",") if p],
            "due_from_day": str(a.due_from_day), "due_to_day": str(a.due_to_day),
            "duration_minutes": "" if a.duration_minutes is None else str(a.duration_minutes),
            "guidance": a.guidance,
        }
        if a.needs_shared_shift:
            data["needs_shared_shift"] = "y"
    return {**data, **overrides}


NEW_ACTIVITY = {"kind": "annet", "title": "Hospitering på legevakt", "responsible": "mentor",
                "participants": ["mentee"], "due_from_day": "60", "due_to_day": "90", "duration_minutes": "",
                "guidance": "En dag sammen med legevakten."}


def template_activity_id(app, template_id: int, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(TemplateActivity.id).where(
            TemplateActivity.template_id == template_id, TemplateActivity.title == title))


def template_snapshot(app, template_id: int):
    with app.app_context():
        template = db.session.get(PlanTemplate, template_id)
        return template.status, sorted(
            (a.title, a.kind.value, a.due_from_day, a.due_to_day, a.guidance) for a in template.activities)


def create_draft(client, unit_id: int) -> int:
    url = f"/enhet/{unit_id}/mal"
    response = post_form(client, f"{url}/kladd", {}, form_url=url)
    assert response.status_code == 302
    return int(urlsplit(response.headers["Location"]).path.rsplit("/", 1)[1])


@pytest.fixture
def enhetsleder(world, login, set_today):
    set_today(date(2026, 9, 20))
    return login(world.email("enhetsleder"))


@pytest.fixture
def draft(world, enhetsleder):
    return create_draft(enhetsleder, world.unit_ids["a"])


@pytest.fixture
def published(app, world, login, enhetsleder, draft):
    """Version 1 of unit A's template, edited through the pages and published.

    Before it is made, the mentor marks the first conversation in Nina's plan done.
    """
    mark_done(login(world.email("mentor")),
              activity_id(app, world.mentorship_ids["mentee"], "Første mentorsamtale: bli kjent"), date(2026, 9, 10))
    renamed = template_activity_id(app, draft, "Mentorsamtale uke 2")
    assert post_form(enhetsleder, f"/mal/aktivitet/{renamed}", template_activity_form(
        app, renamed, title="Mentorsamtale uke 2 – trivsel")).status_code == 302
    removed = template_activity_id(app, draft, "Mentorsamtale uke 3")
    assert post_form(enhetsleder, f"/mal/aktivitet/{removed}/slett", {}, form_url=f"/mal/{draft}").status_code == 302
    assert post_form(enhetsleder, f"/mal/{draft}/aktivitet/ny", NEW_ACTIVITY).status_code == 302
    assert post_form(enhetsleder, f"/mal/{draft}/publiser", {}, form_url=f"/mal/{draft}").status_code == 302
    return draft


def test_a_new_draft_is_version_1_of_the_units_template(app, world, enhetsleder, draft):
    page = html(enhetsleder, f"/mal/{draft}")
    assert "versjon 1 (kladd)" in page
    assert "Publiser versjon 1" in page
    assert "Du har en kladd: " in html(enhetsleder, f"/enhet/{world.unit_ids['a']}/mal")


def test_a_draft_starts_as_a_copy_of_the_current_template(app, world, draft):
    with app.app_context():
        default_id = db.session.get(PlanTemplate, draft).based_on_id
    assert template_snapshot(app, draft)[1] == template_snapshot(app, default_id)[1]


def test_asking_for_a_second_draft_returns_the_open_one(world, enhetsleder, draft):
    assert create_draft(enhetsleder, world.unit_ids["a"]) == draft


def test_a_draft_after_publishing_gets_the_next_version_number(world, enhetsleder, published):
    second = create_draft(enhetsleder, world.unit_ids["a"])
    assert second != published
    assert "versjon 2 (kladd)" in html(enhetsleder, f"/mal/{second}")


def test_the_second_version_does_not_repeat_the_units_name(app, world, enhetsleder, published):
    second = create_draft(enhetsleder, world.unit_ids["a"])
    with app.app_context():
        assert db.session.get(PlanTemplate, second).name == db.session.get(PlanTemplate, published).name


def test_editing_an_activity_title_changes_the_draft(app, enhetsleder, draft):
    target = template_activity_id(app, draft, "Mentorsamtale uke 2")
    response = post_form(enhetsleder, f"/mal/aktivitet/{target}",
                         template_activity_form(app, target, title="Mentorsamtale uke 2 – trivsel"))
    assert urlsplit(response.headers["Location"]).path == f"/mal/{draft}"
    page = html(enhetsleder, f"/mal/{draft}")
    assert "«Mentorsamtale uke 2 – trivsel» er endret." in page
    assert ">Mentorsamtale uke 2 – trivsel" in page


def test_editing_the_draft_leaves_the_kommune_default_alone(app, enhetsleder, draft):
    with app.app_context():
        default_id = db.session.get(PlanTemplate, draft).based_on_id
    before = template_snapshot(app, default_id)
    target = template_activity_id(app, draft, "Mentorsamtale uke 2")
    post_form(enhetsleder, f"/mal/aktivitet/{target}", template_activity_form(app, target, title="Endret"))
    assert template_snapshot(app, default_id) == before


def test_adding_an_activity_to_the_draft(app, enhetsleder, draft):
    post_form(enhetsleder, f"/mal/{draft}/aktivitet/ny", NEW_ACTIVITY)
    page = html(enhetsleder, f"/mal/{draft}")
    assert "«Hospitering på legevakt» er lagt til i kladden." in page
    assert len(template_snapshot(app, draft)[1]) == 35


def test_removing_an_activity_from_the_draft(app, enhetsleder, draft):
    target = template_activity_id(app, draft, "Mentorsamtale uke 3")
    post_form(enhetsleder, f"/mal/aktivitet/{target}/slett", {}, form_url=f"/mal/{draft}")
    assert "«Mentorsamtale uke 3» er fjernet fra kladden." in html(enhetsleder, f"/mal/{draft}")
    assert "Mentorsamtale uke 3" not in [title for title, *_ in template_snapshot(app, draft)[1]]


def test_publishing_makes_the_version_current(app, world, enhetsleder, published):
    assert template_snapshot(app, published)[0] is TemplateStatus.PUBLISHED
    page = html(enhetsleder, f"/enhet/{world.unit_ids['a']}/mal")
    assert re.search(r"Gjeldende: <a[^>]*>[^<]*Lade helse- og velferdssenter, versjon 1</a>", page)
    assert "Lag ny versjon (kladd)" in page


INVALID_ACTIVITY = {
    "window ends before it starts": ({"due_from_day": "10", "due_to_day": "5"},
                                     "due_to_day", "Siste dag kan ikke være før første dag."),
    "empty title": ({"title": ""}, "title", "Feltet må fylles ut."),
    "blank title": ({"title": "   "}, "title", "Feltet må fylles ut."),
    "day out of range": ({"due_from_day": "-61"}, "due_from_day", "Dagen må være mellom -60 og 730."),
}


@pytest.mark.parametrize("case", INVALID_ACTIVITY)
def test_an_invalid_edit_is_refused_in_norwegian_and_changes_nothing(app, enhetsleder, draft, case):
    changes, field, message = INVALID_ACTIVITY[case]
    target = template_activity_id(app, draft, "Mentorsamtale uke 2")
    before = template_snapshot(app, draft)
    response = post_form(enhetsleder, f"/mal/aktivitet/{target}", template_activity_form(app, target, **changes))
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), field) == message
    assert template_snapshot(app, draft) == before


@pytest.mark.parametrize("case", INVALID_ACTIVITY)
def test_an_invalid_new_activity_is_refused_in_norwegian_and_adds_nothing(app, enhetsleder, draft, case):
    changes, field, message = INVALID_ACTIVITY[case]
    before = template_snapshot(app, draft)
    response = post_form(enhetsleder, f"/mal/{draft}/aktivitet/ny", {**NEW_ACTIVITY, **changes})
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), field) == message
    assert template_snapshot(app, draft) == before


def test_a_too_long_title_is_refused_in_norwegian(app, enhetsleder, draft):
    before = template_snapshot(app, draft)
    response = post_form(enhetsleder, f"/mal/{draft}/aktivitet/ny", {**NEW_ACTIVITY, "title": "x" * 161})
    assert template_snapshot(app, draft) == before
    assert "Field cannot be longer" not in field_error(response.get_data(as_text=True), "title")


def test_a_published_template_shows_no_edit_buttons(enhetsleder, published):
    page = html(enhetsleder, f"/mal/{published}")
    assert "(kladd)" not in page
    assert "Publiser versjon" not in page and "Legg til aktivitet" not in page and ">Endre<" not in page


@pytest.mark.parametrize(("method", "pattern"), [
    ("GET", "/mal/aktivitet/{activity}"), ("POST", "/mal/aktivitet/{activity}"),
    ("POST", "/mal/aktivitet/{activity}/slett"), ("GET", "/mal/{template}/aktivitet/ny"),
    ("POST", "/mal/{template}/aktivitet/ny"), ("POST", "/mal/{template}/publiser"),
])
def test_a_published_template_cannot_be_edited(app, enhetsleder, published, method, pattern):
    target = template_activity_id(app, published, "Opplæringsvakt 1")
    before = template_snapshot(app, published)
    url = pattern.format(activity=target, template=published)
    if method == "GET":
        response = enhetsleder.get(url)
    else:
        response = enhetsleder.post(url, data={**template_activity_form(app, target, title="Endret"),
                                               "csrf_token": csrf_token(enhetsleder, "/")})
    assert response.status_code == 404
    assert template_snapshot(app, published) == before


def test_the_kommune_default_template_cannot_be_edited_by_an_enhetsleder(app, world, enhetsleder):
    with app.app_context():
        default = db.session.scalar(select(PlanTemplate).where(
            PlanTemplate.kommune_id == world.kommune_id, PlanTemplate.unit_id.is_(None)))
        target = default.activities[0].id
    assert enhetsleder.get(f"/mal/aktivitet/{target}").status_code == 404
    assert "Legg til aktivitet" not in html(enhetsleder, f"/mal/{default.id}")


def test_a_running_plan_keeps_its_activities_after_publishing(app, world, published):
    titles = plan_titles(app, world.mentorship_ids["mentee"])
    assert "Mentorsamtale uke 2" in titles and "Mentorsamtale uke 3" in titles
    assert "Mentorsamtale uke 2 – trivsel" not in titles and "Hospitering på legevakt" not in titles


@pytest.mark.parametrize("key", ["enhetsleder", "avdelingsleder"])
def test_a_leader_is_offered_the_new_version_on_a_running_plan(world, login, published, key):
    page = html(login(world.email(key)), f"/plan/{world.mentorship_ids['mentee']}")
    assert "Enheten har en nyere plan" in page
    assert "Ta i bruk versjon 1" in page


def apply_new_version(client, mentorship_id: int):
    return post_form(client, f"/plan/{mentorship_id}/bruk-mal", {}, form_url=f"/plan/{mentorship_id}")


def test_applying_the_new_version_replaces_the_open_activities(app, world, enhetsleder, published):
    apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    titles = plan_titles(app, world.mentorship_ids["mentee"])
    assert "Mentorsamtale uke 2 – trivsel" in titles and "Hospitering på legevakt" in titles
    assert "Mentorsamtale uke 2" not in titles and "Mentorsamtale uke 3" not in titles
    assert len(titles) == 34


def test_applying_the_new_version_keeps_done_activities(app, world, enhetsleder, published):
    apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    first = [a for a in plan_activities(app, world.mentorship_ids["mentee"])
             if a.title == "Første mentorsamtale: bli kjent"]
    assert len(first) == 1
    assert first[0].status is ActivityStatus.DONE
    assert (first[0].completed_on, first[0].completed_by_id) == (date(2026, 9, 10), world.person_ids["mentor"])


def test_applying_the_new_version_dates_new_activities_from_the_plans_start(app, world, enhetsleder, published):
    apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    added = next(a for a in plan_activities(app, world.mentorship_ids["mentee"])
                 if a.title == "Hospitering på legevakt")
    assert (added.due_from, added.due_to) == (START + timedelta(days=60), START + timedelta(days=90))


def test_after_applying_the_plan_names_the_new_version(world, enhetsleder, published):
    page = apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    assert urlsplit(page.headers["Location"]).path == f"/plan/{world.mentorship_ids['mentee']}"
    text = html(enhetsleder, f"/plan/{world.mentorship_ids['mentee']}")
    assert "Planen følger nå versjon 1" in text
    assert "Lade helse- og velferdssenter, versjon 1" in text
    assert "Ta i bruk versjon" not in text


def open_activity_ids(app, mentorship_id: int) -> set[int]:
    return {a.id for a in plan_activities(app, mentorship_id) if a.status.is_open}


def test_applying_the_version_a_plan_already_follows_changes_nothing(app, world, enhetsleder):
    before = open_activity_ids(app, world.mentorship_ids["mentee"])
    apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    assert open_activity_ids(app, world.mentorship_ids["mentee"]) == before


def test_applying_to_one_plan_leaves_the_others(app, world, enhetsleder, published):
    before = plan_titles(app, world.mentorship_ids["mentee2"])
    apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    assert plan_titles(app, world.mentorship_ids["mentee2"]) == before


def test_a_hire_registered_after_publishing_gets_the_new_version(app, world, login, published):
    register(login(world.email("avdelingsleder")), world)
    plan = new_hire(app).plan
    titles = {a.title for a in plan.activities}
    assert plan.template_id == published
    assert "Mentorsamtale uke 2 – trivsel" in titles and "Hospitering på legevakt" in titles
    assert "Mentorsamtale uke 3" not in titles
    assert len(plan.activities) == 34


def test_a_hire_registered_while_a_draft_is_open_gets_the_published_version(app, world, login, draft):
    target = template_activity_id(app, draft, "Mentorsamtale uke 2")
    post_form(login(world.email("enhetsleder")), f"/mal/aktivitet/{target}",
              template_activity_form(app, target, title="Kladdetittel"))
    register(login(world.email("avdelingsleder")), world)
    plan = new_hire(app).plan
    assert plan.template_id != draft
    assert "Kladdetittel" not in {a.title for a in plan.activities}


# --- Personer (HR) -----------------------------------------------------------------------

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


# --- Home page and navigation ------------------------------------------------------------

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


# --- Error pages -------------------------------------------------------------------------

def assert_no_trace(page: str):
    for leak in ("Traceback", "File &#34;", 'File "', "werkzeug", "sqlalchemy", "jinja2"):
        assert leak not in page


def test_the_404_page_is_norwegian(world, login):
    response = login(world.email("mentor")).get("/finnes-ikke")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Fant ikke siden" in page and "Til forsiden" in page
    assert_no_trace(page)


def test_the_404_page_is_norwegian_for_anonymous_visitors(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.get_data(as_text=True)


def test_a_404_for_an_object_out_of_scope_says_the_same_as_a_missing_one(world, login):
    client = login(world.email("mentee2"))
    hidden = client.get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    missing = client.get("/plan/999999").get_data(as_text=True)
    # The CSRF token in the logout form is signed with the second it was made: the same page a
    # second later carries another one.
    assert CSRF.sub("", hidden) == CSRF.sub("", missing)


def test_the_403_page_is_norwegian(world, login):
    response = login(world.email("mentee")).get("/enhet")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Ingen tilgang" in page and "Du har ikke tilgang til denne siden." in page
    assert_no_trace(page)


def test_the_405_page_is_norwegian(client):
    response = client.get("/logg-ut")
    assert response.status_code == 405
    assert "Ikke tillatt" in response.get_data(as_text=True)


def test_the_400_page_for_a_missing_token_is_norwegian(client):
    response = client.post("/logg-inn", data={"email": "mentor@test.no", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ugyldig forespørsel" in page and "Last siden på nytt og prøv igjen." in page
    assert_no_trace(page)


def test_the_500_page_is_norwegian_and_shows_no_stack_trace(app, world, login, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-feil")
    def broken():
        raise RuntimeError("hemmelig detalj fra databasen")

    response = login(world.email("mentor")).get("/test-feil")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Noe gikk galt" in page
    assert "hemmelig detalj" not in page and "RuntimeError" not in page
    assert_no_trace(page)


def test_a_request_that_is_too_large_gets_a_norwegian_page(app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = app.test_client().post("/logg-inn", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "Det du sendte er for stort" in text and 'lang="nb"' in text
    assert "Request Entity Too Large" not in text
