"""Templates, versions, mentorships and plans in the database."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Mentorship, Person, PlanTemplate, Unit
from mentorplan.plans.operations import (
    ProgrammeError,
    apply_template,
    current_template,
    end_mentorship,
    kommune_default_template,
    mark_done,
    new_draft,
    publish,
    start_mentorship,
)

from tests import factories


@pytest.fixture
def unit_a(world, ctx):
    return db.session.get(Unit, world.unit_ids["a"])


def _person(world, key):
    return db.session.get(Person, world.person_ids[key])


def _mentorship(world, key):
    return db.session.get(Mentorship, world.mentorship_ids[key])


def test_a_new_plan_is_dated_from_the_start_date(world, ctx):
    plan = _mentorship(world, "mentee").plan
    assert plan.start_date == factories.MENTEE_START
    titles = {a.title: a for a in plan.activities}
    assert titles["Velkomst og oppstartssamtale"].due_from == factories.MENTEE_START
    assert titles["Forberede ankomst"].due_from == factories.MENTEE_START - timedelta(days=14)
    assert all(a.status is ActivityStatus.PLANNED for a in plan.activities)
    assert len(plan.activities) == 34


def test_the_units_second_mentor_is_the_backup(world, ctx):
    mentorship = _mentorship(world, "mentee")
    assert mentorship.mentor_id == world.person_ids["mentor"]
    assert mentorship.backup_mentor_id == world.person_ids["mentor2"]


def test_each_kommune_has_one_shipped_default_template(world, ctx):
    templates = db.session.scalars(select(PlanTemplate).where(PlanTemplate.kommune_id == world.kommune_id))
    assert [(t.unit_id, t.version) for t in templates] == [(None, 1)]


def test_a_draft_does_not_change_what_new_plans_get(world, unit_a):
    before = current_template(unit_a)
    draft = new_draft(unit_a, _person(world, "enhetsleder"))
    assert (draft.version, draft.is_draft, draft.based_on_id) == (1, True, before.id)
    assert current_template(unit_a).id == before.id
    assert new_draft(unit_a, _person(world, "enhetsleder")).id == draft.id  # one draft at a time


def test_publishing_a_version_leaves_running_plans_alone(world, unit_a):
    plan = _mentorship(world, "mentee").plan
    old_titles = [a.title for a in plan.activities]
    draft = new_draft(unit_a, _person(world, "enhetsleder"))
    draft.activities[2].title = "Bli kjent-samtale"
    publish(draft)
    db.session.commit()
    assert current_template(unit_a).id == draft.id
    db.session.expire_all()
    assert [a.title for a in plan.activities] == old_titles
    assert plan.template_id != draft.id


def test_a_hire_after_publishing_gets_the_new_version(world, unit_a):
    draft = new_draft(unit_a, _person(world, "enhetsleder"))
    draft.activities.pop()
    publish(draft)
    k = unit_a.kommune
    hire = factories.person(k, "Siri", "Ny")
    employment = factories.employment(hire, unit_a, date(2026, 11, 2), unit_a.wards[0])
    db.session.flush()
    mentorship = start_mentorship(employment, _person(world, "mentor"))
    assert mentorship.plan.template_id == draft.id
    assert len(mentorship.plan.activities) == 33


def test_applying_a_version_keeps_what_is_done(world, unit_a):
    plan = _mentorship(world, "mentee").plan
    done = next(a for a in plan.activities if a.title == "Velkomst og oppstartssamtale")
    mark_done(done, _person(world, "avdelingsleder"), factories.MENTEE_START)
    draft = new_draft(unit_a, _person(world, "enhetsleder"))
    for activity in draft.activities:
        if activity.title == "Mentorsamtale uke 2":
            activity.title = "Mentorsamtale uke 2 (utvidet)"
    publish(draft)

    added = apply_template(plan, draft)

    titles = [a.title for a in plan.activities]
    assert added == 33  # everything but the conversation already held
    assert titles.count("Velkomst og oppstartssamtale") == 1
    assert done in plan.activities and done.status is ActivityStatus.DONE
    assert "Mentorsamtale uke 2 (utvidet)" in titles and "Mentorsamtale uke 2" not in titles
    assert plan.template_id == draft.id


def test_drafts_cannot_be_applied_or_published_twice(world, unit_a):
    draft = new_draft(unit_a, _person(world, "enhetsleder"))
    with pytest.raises(ProgrammeError):
        apply_template(_mentorship(world, "mentee").plan, draft)
    publish(draft)
    with pytest.raises(ProgrammeError, match="allerede publisert"):
        publish(draft)


def test_an_empty_draft_cannot_be_published(world, unit_a):
    draft = new_draft(unit_a, _person(world, "enhetsleder"))
    draft.activities.clear()
    with pytest.raises(ProgrammeError, match="uten aktiviteter"):
        publish(draft)


def test_a_mentorship_lasts_at_most_two_years(world, ctx):
    mentorship = _mentorship(world, "mentee")
    with pytest.raises(ProgrammeError, match="to år"):
        end_mentorship(mentorship, mentorship.start_date + timedelta(days=731))
    end_mentorship(mentorship, mentorship.start_date + timedelta(days=730))
    assert mentorship.end_date == mentorship.start_date + timedelta(days=730)


def test_nobody_mentors_themselves(world, unit_a):
    mentor = _person(world, "mentor")
    employment = factories.employment(mentor, unit_a, date(2026, 12, 1))
    db.session.flush()
    with pytest.raises(ProgrammeError, match="sin egen mentor"):
        start_mentorship(employment, mentor)


def test_done_is_done_once(world, ctx):
    activity = _mentorship(world, "mentee").plan.activities[0]
    mark_done(activity, _person(world, "avdelingsleder"), date(2026, 9, 1))
    assert (activity.status, activity.completed_on) == (ActivityStatus.DONE, date(2026, 9, 1))
    with pytest.raises(ProgrammeError):
        mark_done(activity, _person(world, "avdelingsleder"), date(2026, 9, 2))


def test_default_template_is_created_once_per_kommune(world, ctx):
    k = _person(world, "hr").kommune
    assert kommune_default_template(k).id == kommune_default_template(k).id
