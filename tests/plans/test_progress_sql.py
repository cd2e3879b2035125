"""The overview pages' figures computed by the database are the ones the plan's own activities give.

`overview.plan_progress` (counts grouped by plan, the first few overdue and upcoming activities by
a window function) replaces `planning.progress.progress` over every loaded activity on the list
pages; `checklists.signed_off_counts` replaces a `state_of` per plan on the programme dashboard.
"""
from datetime import date, timedelta

from mentorplan.checklists.operations import checklist_of, current_checklist, ensure_checklist, mark, signed_off_counts, state_of
from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Mentorship, Person, Unit
from mentorplan.plans.overview import plan_progress
from mentorplan.planning.progress import progress

KEYS = ("mentee", "mentee2", "mentee_b", "mentee_other")


def _vary(world) -> None:
    """Every status, ties on the dates, overdue ones beyond the three shown."""
    mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
    activities = mentorship.plan.activities
    statuses = [ActivityStatus.DONE, ActivityStatus.CANCELLED, ActivityStatus.CONFLICT, ActivityStatus.SCHEDULED,
                ActivityStatus.PLANNED]
    for n, activity in enumerate(activities):
        activity.status = statuses[n % len(statuses)]
    for activity in activities[:6]:  # the same window for several: ties are broken as the plan orders them
        activity.due_from, activity.due_to = date(2026, 9, 7), date(2026, 9, 20)
    db.session.get(Mentorship, world.mentorship_ids["mentee2"]).plan.activities[0].status = ActivityStatus.DONE
    db.session.flush()


def _same(sql, python) -> None:
    assert (sql.total, sql.done, sql.overdue_count) == (python.total, python.done, len(python.overdue))
    assert [a.id for a in sql.overdue] == [a.id for a in python.overdue[:3]]
    assert [a.id for a in sql.upcoming] == [a.id for a in python.upcoming]


def test_the_database_gives_each_plans_progress_as_its_activities_do(world, ctx):
    _vary(world)
    plans = {key: db.session.get(Mentorship, world.mentorship_ids[key]).plan for key in KEYS}
    for day in (date(2026, 9, 1), date(2026, 9, 21), date(2026, 12, 1), date(2027, 3, 1), date(2027, 9, 30)):
        figures = plan_progress([p.id for p in plans.values()], day)
        for key, plan in plans.items():
            _same(figures[plan.id], progress(plan.activities, day))
    late = plan_progress([plans["mentee"].id], date(2027, 3, 1))[plans["mentee"].id]
    assert late.overdue_count > 3 and len(late.overdue) == 3  # the count is all; the list the first three


def test_a_plan_without_activities_and_no_plans_at_all():
    assert plan_progress([], date(2026, 9, 1)) == {}


def test_plan_progress_takes_a_fixed_number_of_queries(world, ctx):
    from tests.app.test_query_counts import counting
    plans = [db.session.get(Mentorship, world.mentorship_ids[key]).plan.id for key in KEYS]
    with counting(db.engine) as one:
        plan_progress(plans[:1], date(2026, 12, 1))
    with counting(db.engine) as four:
        plan_progress(plans, date(2026, 12, 1))
    assert len(one) == len(four) == 1


def test_signed_off_counts_are_the_checklists_own(world, ctx):
    unit = db.session.get(Unit, world.unit_ids["a"])
    mentor = db.session.get(Person, world.person_ids["mentor"])
    signed, unstarted, unmarked = (db.session.get(Mentorship, world.mentorship_ids[key])
                                   for key in ("mentee", "mentee2", "mentee_b"))
    ensure_checklist(unmarked)  # a checklist (unit B's kind), nothing marked
    items = ensure_checklist(signed).template.items
    for n, item in enumerate(items[:5]):
        mark(signed, item, "godkjent", date(2026, 9, 10) + timedelta(days=n % 3), mentor, date(2026, 10, 1))
    mark(signed, items[5], "opplaering", date(2026, 9, 10), mentor, date(2026, 10, 1))  # not a sign-off
    # A mentorship from before checklists were made at the start has none: counted on the unit's current one.
    db.session.delete(checklist_of(unstarted))
    db.session.flush()
    assert checklist_of(unstarted) is None
    mentorships = [signed, unstarted, unmarked]
    counts = signed_off_counts(mentorships, unit)
    for m in mentorships:
        state = state_of(m)
        assert counts[m.id] == (state.signed_off, state.total), m.mentee.full_name
    assert counts[signed.id] == (5, len(items))
    assert counts[unstarted.id] == (0, len(current_checklist(unit).items))
    assert counts[unmarked.id][0] == 0 and counts[unmarked.id][1] != counts[unstarted.id][1]
    assert signed_off_counts([], unit) == {}


def test_pages_that_show_the_checklist_write_nothing_when_the_kommune_has_none_saved_yet(app, world):
    """The shipped checklist is shown unsaved: these GETs used to insert it (and its items) and roll it back."""
    from tests.app.test_access import log_in
    from tests.app.test_query_counts import counting
    for role, urls in (("enhetsleder", ["/enhet", f"/enhet/{world.unit_ids['a']}/program"]),
                       ("mentee", ["/min-plan"])):
        client = log_in(app, role)
        for url in urls:
            with app.app_context():
                engine = db.engine
            with counting(engine) as statements:
                response = client.get(url)
            assert response.status_code == 200
            assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))], url
            assert "Sjekkliste" in response.get_data(as_text=True) or "sjekkliste" in response.get_data(as_text=True)
    with app.app_context():
        shipped = len(current_checklist(db.session.get(Unit, world.unit_ids["a"]), create=False).items)
    assert f"(0 av {shipped} punkter godkjent)" in log_in(app, "mentee").get("/min-plan").get_data(as_text=True)
