"""Versions of a unit's plan template: drafts, edits, publishing, and running plans taking a new version."""
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Mentorship, PlanActivity, PlanTemplate, TemplateActivity, TemplateStatus
from tests.conftest import csrf_token, post_form
from tests.hiring import new_hire, register
from tests.pages import field_error, html
from tests.world import START, activity_id, mark_done


def plan_activities(app, mentorship_id: int) -> list[PlanActivity]:
    with app.app_context():
        activities = db.session.get(Mentorship, mentorship_id).plan.activities
        db.session.expunge_all()
        return activities


def plan_titles(app, mentorship_id: int) -> list[str]:
    return sorted(a.title for a in plan_activities(app, mentorship_id))


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


def test_the_new_versions_activities_are_placed_at_once(app, world, enhetsleder, published):
    """A new conversation has been through the scheduler at once: placed, in conflict, or waiting for
    the turnus with the reason said; not left as it was made, unplaced and unexplained. (The
    hospitering takes no time on the turnus; the scheduler leaves it alone.)"""
    apply_new_version(enhetsleder, world.mentorship_ids["mentee"])
    [added] = [a for a in plan_activities(app, world.mentorship_ids["mentee"])
               if a.title == "Mentorsamtale uke 2 – trivsel"]
    assert added.status is not ActivityStatus.PLANNED or added.placement_note, (added.status, added.placement_note)
