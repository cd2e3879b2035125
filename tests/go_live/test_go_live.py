"""Hires already under way when the kommune takes mentorplan into use (issue 23): what was due before
the go-live date is «før mentorplan» — not overdue on any page or figure, not placed, not reminded —
and a leader or mentor records on one page what was in fact done."""
import re
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.go_live.operations import set_go_live
from mentorplan.models import ActivityStatus, Employment, Kommune, Mentorship, Person, Plan, PlanActivity, Unit
from mentorplan.notifications.reminders import monthly_notes, probation_reminders, tomorrow_reminders, weekly_digests
from mentorplan.plans.operations import start_mentorship
from mentorplan.plans.overview import overdue_count, plan_progress
from mentorplan.scheduling.service import schedule_all
from tests import factories
from tests.conftest import post_form
from tests.pages import html, section
from tests.scheduling.test_scheduling_service import add_shifts, weekdays
from tests.world import START

GO_LIVE = date(2026, 12, 1)   # the world's mentees started 07.09.2026: almost three months under way
SETTINGS = "/admin/innstillinger"


def red(page: str) -> list[str]:
    """What a page shows as overdue: the «N forfalt:» line, «Forfalt» tags, overdue rows of the year."""
    return re.findall(r"<strong>\d+ forfalt:</strong>|status--overdue|is-overdue|>\s*Forfalt\s*<", page)


def record_url(world, key="mentee") -> str:
    return f"/plan/{world.mentorship_ids[key]}/for-mentorplan"


def go_live(login, world, day: str = "01.12.2026"):
    """The admin sets the date on «Innstillinger for kommunen»."""
    response = post_form(login(world.email("admin")), SETTINGS, {"go_live_on": day})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def plan_of(world, key="mentee") -> Plan:
    return db.session.get(Mentorship, world.mentorship_ids[key]).plan


def statuses(app, world, key="mentee") -> dict[str, ActivityStatus]:
    with app.app_context():
        return {a.title: a.status for a in plan_of(world, key).activities}


@pytest.fixture
def live(app, world, login, set_today):
    """Today is the kommune's first day with mentorplan, set by its admin."""
    set_today(GO_LIVE)
    go_live(login, world)
    return world


# --- No wall of red -------------------------------------------------------------------------------

def test_without_a_go_live_date_the_hire_under_way_opens_with_overdue_items(world, login, set_today):
    set_today(GO_LIVE)
    page = html(login(world.email("mentee")), "/min-plan")
    assert red(page)


def test_what_was_due_before_go_live_is_før_mentorplan_and_the_rest_stays_open(app, live):
    found = statuses(app, live)
    assert found["Velkomst og oppstartssamtale"] is ActivityStatus.BEFORE_GO_LIVE
    assert found["Opplæringsvakt 10"] is ActivityStatus.BEFORE_GO_LIVE
    assert found["Oppfølgingssamtale"] is ActivityStatus.BEFORE_GO_LIVE
    assert found["Prøvetidsvurdering"] is ActivityStatus.PLANNED          # due in 2027
    with app.app_context():
        plan = plan_of(live)
        assert all(a.due_to < GO_LIVE for a in plan.activities if a.status is ActivityStatus.BEFORE_GO_LIVE)
        assert all(a.due_to >= GO_LIVE for a in plan.activities if a.status.is_open)


def test_min_plan_shows_no_overdue_item_and_the_earlier_ones_apart_and_muted(live, login):
    page = html(login(live.email("mentee")), "/min-plan")
    assert red(page) == []
    earlier = section(page, 'id="for-mentorplan"', "</ol>")
    assert "Velkomst og oppstartssamtale" in earlier and "Opplæringsvakt 1" in earlier
    assert "danger" not in earlier and "is-overdue" not in earlier
    assert earlier.count('class="is-before-go-live"') == earlier.count("<li ")
    assert "Før mentorplan</span>" in earlier                        # the status, in a neutral tag
    assert "Kommunen tok mentorplan i bruk 01.12.2026" in earlier
    # The mentee does not record it herself: no link to the page.
    assert "/for-mentorplan" not in page


def test_the_plan_page_shows_no_overdue_item_and_links_the_record(live, login):
    page = html(login(live.email("avdelingsleder")), f"/plan/{live.mentorship_ids['mentee']}")
    assert red(page) == []
    assert f'href="{record_url(live)}"' in page


def test_the_ward_dashboard_and_start_pages_count_nothing_from_before_go_live(live, login):
    leader = login(live.email("avdelingsleder"))
    ward = html(leader, "/avdeling/")
    row = re.search(r"<tr>\s*<td><a[^>]*>Nina Nytilsatt</a>.*?</tr>", section(ward, 'id="planer"'), re.S).group(0)
    assert 'data-color="danger"' not in row                         # the Forfalt column says 0
    assert "Forfalt" not in section(ward, 'id="lederoppgaver"', 'id="planer"')
    assert "forfalte aktiviteter" not in html(leader, "/")
    assert "forfalte aktiviteter" not in html(login(live.email("mentor")), "/")
    assert "forfalte aktiviteter" not in html(login(live.email("enhetsleder")), "/")
    # The ward's page asks for what was done before, once per plan, until it is recorded.
    earlier = section(ward, 'id="for-mentorplan"', "</section>")
    assert f'href="{record_url(live)}">Nina Nytilsatt</a>' in earlier


def test_the_figures_leave_out_what_was_before_go_live(app, live, set_today):
    later = set_today(GO_LIVE + timedelta(days=20))
    with app.app_context():
        plan = plan_of(live)
        figures = plan_progress([plan.id], later)[plan.id]
        late = [a for a in plan.activities if a.status.is_open and a.due_to < later]
        assert figures.overdue_count == len(late)                    # only what fell due after go-live
        assert all(a.due_to >= GO_LIVE for a in figures.overdue)
        counted = [a for a in plan.activities if a.status is not ActivityStatus.BEFORE_GO_LIVE]
        assert figures.total == len(counted)
        unit_a = Employment.unit_id == live.unit_ids["a"]
        assert overdue_count(unit_a, GO_LIVE) == 0


def test_the_programme_dashboard_has_no_training_debt_from_before_go_live(live, login):
    page = html(login(live.email("enhetsleder")), f"/enhet/{live.unit_ids['a']}/program")
    assert re.search(r"<dt>På etterskudd \(noe er forfalt\)</dt><dd>0</dd>", page)


# --- Not placed, not reminded ---------------------------------------------------------------------

def test_the_scheduler_leaves_what_was_before_go_live_alone(app, world, set_today, ctx):
    """Placed on the turnus before the date was set, an opplæringsvakt is taken off it; a re-plan
    places nothing before go-live, with a turnus for every day of it."""
    set_today(date(2026, 9, 1))
    for key in ("mentee", "mentor"):
        add_shifts(world.person_ids[key], weekdays(START, 16))
    db.session.commit()
    schedule_all()
    db.session.commit()
    training = next(a for a in plan_of(world).activities if a.title == "Opplæringsvakt 1")
    assert training.status is ActivityStatus.SCHEDULED
    today = set_today(GO_LIVE)
    set_go_live(db.session.get(Kommune, world.kommune_id), GO_LIVE, today)
    db.session.commit()
    schedule_all()
    db.session.commit()
    before = [a for a in plan_of(world).activities if a.due_to < GO_LIVE]
    assert before and all(a.status is ActivityStatus.BEFORE_GO_LIVE for a in before)
    assert all(a.scheduled_start is None and a.partner_id is None and a.conflict_reason is None for a in before)
    assert [a for a in plan_of(world).activities if a.status is ActivityStatus.SCHEDULED]  # the rest is placed


def _drafts(generator, local):
    return [c.build() for c in generator(local)]


def _deadlines(lines) -> list[date]:
    """The deadlines (dd.mm.yyyy) named in Nina's lines of a digest or note."""
    return [datetime.strptime(d, "%d.%m.%Y").date() for line in lines if "Nina" in line
            for d in re.findall(r"\d{2}\.\d{2}\.\d{4}", line)]


def test_no_reminder_is_made_for_what_was_before_go_live(app, world, ctx):
    plan = plan_of(world)
    talk = next(a for a in plan.activities if a.title == "Mentorsamtale uke 8")
    talk.status = ActivityStatus.SCHEDULED
    talk.scheduled_start = datetime.combine(talk.due_to, time(10))
    talk.scheduled_end = talk.scheduled_start + timedelta(minutes=45)
    talk.partner_id = world.person_ids["mentor"]
    probation = next(a for a in plan.activities if a.title == "Prøvetidsvurdering")
    db.session.commit()
    day_before = datetime.combine(talk.due_to - timedelta(days=1), time(15), tzinfo=OSLO)
    notice = datetime.combine(probation.due_to - timedelta(days=7), time(9), tzinfo=OSLO)

    def reminded():
        return ([c.key for c in tomorrow_reminders(day_before) if f":{talk.id}:" in c.key]
                + [c.key for c in probation_reminders(notice) if f":{probation.id}:" in c.key])

    assert len(reminded()) == 3          # mentee and mentor of the talk, the leader of the prøvetid
    # The kommune went live after even the prøvetid's deadline: nothing from before it is reminded.
    go = probation.due_to + timedelta(days=1)
    set_go_live(db.session.get(Kommune, world.kommune_id), go, go)
    db.session.commit()
    assert reminded() == []
    friday = datetime.combine(go + timedelta(days=(4 - go.weekday()) % 7), time(9), tzinfo=OSLO)
    digest = next(d for d in _drafts(weekly_digests, friday) if d.person.id == world.person_ids["avdelingsleder"])
    overdue = next(s for s in digest.sections if s.heading == "Forfalte aktiviteter")
    assert all(day >= go for day in _deadlines(overdue.lines))
    later = datetime.combine(go + timedelta(days=10), time(9), tzinfo=OSLO)
    note = next(d for d in _drafts(monthly_notes, later) if d.person.id == world.person_ids["enhetsleder"])
    assert all(day >= go for s in note.sections for day in _deadlines(s.lines))


# --- Setting and moving the date ------------------------------------------------------------------

def test_moving_the_date_reopens_what_is_no_longer_before_it_and_never_touches_done_ones(app, world, set_today,
                                                                                          ctx):
    today = set_today(GO_LIVE)
    kommune = db.session.get(Kommune, world.kommune_id)
    welcome = next(a for a in plan_of(world).activities if a.title == "Velkomst og oppstartssamtale")
    welcome.status, welcome.completed_on = ActivityStatus.DONE, START
    db.session.commit()
    first = set_go_live(kommune, GO_LIVE, today)
    db.session.commit()
    assert first.marked > 0 and first.reopened == 0 and first.plans == 3   # Nina, Nils and Nora
    assert welcome.status is ActivityStatus.DONE and welcome.completed_on == START
    earlier = set_go_live(kommune, date(2026, 10, 1), today)
    db.session.commit()
    assert earlier.marked == 0 and earlier.reopened > 0
    reopened = [a for a in plan_of(world).activities if date(2026, 10, 1) <= a.due_to < GO_LIVE]
    assert reopened and all(a.status.is_open for a in reopened)
    assert all(a.status is ActivityStatus.BEFORE_GO_LIVE for a in plan_of(world).activities
               if a.due_to < date(2026, 10, 1) and a is not welcome)
    removed = set_go_live(kommune, None, today)
    db.session.commit()
    assert removed.marked == 0
    assert not [a for a in plan_of(world).activities if a.status is ActivityStatus.BEFORE_GO_LIVE]
    assert welcome.status is ActivityStatus.DONE


def test_a_plan_started_after_go_live_for_someone_already_under_way_starts_with_før_mentorplan(app, world,
                                                                                               set_today, ctx):
    today = set_today(GO_LIVE)
    kommune = db.session.get(Kommune, world.kommune_id)
    set_go_live(kommune, GO_LIVE, today)
    unit_a = db.session.get(Unit, world.unit_ids["a"])
    hire = factories.person(kommune, "Siri", "Sen")
    employment = factories.employment(hire, unit_a, date(2026, 10, 5), unit_a.wards[0])
    db.session.flush()
    plan = start_mentorship(employment, db.session.get(Person, world.person_ids["mentor"]), announce=False).plan
    db.session.commit()
    before = [a for a in plan.activities if a.due_to < GO_LIVE]
    assert before and all(a.status is ActivityStatus.BEFORE_GO_LIVE for a in before)
    assert all(a.status is ActivityStatus.PLANNED for a in plan.activities if a.due_to >= GO_LIVE)


def test_the_settings_page_shows_and_refuses_a_date_far_off(app, world, login, set_today):
    set_today(GO_LIVE)
    admin = login(world.email("admin"))
    page = html(admin, SETTINGS)
    assert "Ingen dato er satt" in page
    refused = post_form(admin, SETTINGS, {"go_live_on": "01.12.2030"})
    assert refused.status_code == 200 and "Datoen kan ikke være etter" in refused.get_data(as_text=True)
    go_live(login, world)
    assert "Mentorplan ble tatt i bruk 01.12.2026." in html(admin, SETTINGS)
    with app.app_context():
        assert db.session.get(Kommune, world.kommune_id).go_live_on == GO_LIVE
        assert db.session.get(Kommune, world.other_kommune_id).go_live_on is None   # the admin's kommune only


@pytest.mark.parametrize("key", ["hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"])
def test_setting_go_live_is_the_admins_alone(app, world, login, set_today, key):
    set_today(GO_LIVE)
    client = login(world.email(key))
    assert client.get(SETTINGS).status_code == 403
    assert post_form(client, SETTINGS, {"go_live_on": "01.12.2026"}, form_url="/").status_code == 403
    assert f'href="{SETTINGS}"' not in html(client, "/")
    with app.app_context():
        assert db.session.get(Kommune, world.kommune_id).go_live_on is None
    assert statuses(app, world)["Velkomst og oppstartssamtale"] is ActivityStatus.PLANNED


def test_the_go_live_command_sets_moves_and_removes_the_date(app, world, runner, set_today):
    set_today(GO_LIVE)
    result = runner.invoke(args=["go-live", "Testkommune", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "Testkommune tok mentorplan i bruk 01.12.2026:" in result.output
    assert "er merket «før mentorplan», 0 er åpnet igjen." in result.output
    assert statuses(app, world)["Velkomst og oppstartssamtale"] is ActivityStatus.BEFORE_GO_LIVE
    result = runner.invoke(args=["go-live", "Testkommune", "ingen"])
    assert result.exit_code == 0 and "har ingen dato" in result.output
    assert statuses(app, world)["Velkomst og oppstartssamtale"] is not ActivityStatus.BEFORE_GO_LIVE
    assert runner.invoke(args=["go-live", "Ukjent kommune", "2026-12-01"]).exit_code != 0
    bad = runner.invoke(args=["go-live", "Testkommune", "31.02.2026"])
    assert bad.exit_code != 0 and "er ingen dato" in bad.output


# --- The one-screen record ------------------------------------------------------------------------

def _ids(app, world, *titles) -> list[int]:
    with app.app_context():
        return [next(a.id for a in plan_of(world).activities if a.title == t) for t in titles]


def test_the_record_marks_the_ticked_ones_done_on_the_day_and_nothing_else(app, live, login):
    leader = login(live.email("avdelingsleder"))
    page = html(leader, record_url(live))
    assert "Velkomst og oppstartssamtale" in page and "Prøvetidsvurdering" not in page
    welcome, first_shift = _ids(app, live, "Velkomst og oppstartssamtale", "Opplæringsvakt 1")
    before = {t for t, s in statuses(app, live).items() if s is ActivityStatus.BEFORE_GO_LIVE}
    response = post_form(leader, record_url(live), {"done": [welcome, first_shift], "completed_on": "07.09.2026"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plan/{live.mentorship_ids['mentee']}")
    after = statuses(app, live)
    assert after["Velkomst og oppstartssamtale"] is after["Opplæringsvakt 1"] is ActivityStatus.DONE
    assert {t for t, s in after.items() if s is ActivityStatus.BEFORE_GO_LIVE} == before - {
        "Velkomst og oppstartssamtale", "Opplæringsvakt 1"}
    with app.app_context():
        done = [db.session.get(PlanActivity, i) for i in (welcome, first_shift)]
        assert all(a.completed_on == START and a.completed_by_id == live.person_ids["avdelingsleder"] for a in done)
        assert plan_of(live).go_live_reviewed_at is not None
        others = [a for a in plan_of(live).activities if a.id not in (welcome, first_shift)]
        assert not [a for a in others if a.status is ActivityStatus.DONE]
    # Looked over: the ward's page stops asking; the plan page shows the rest as before and not overdue.
    assert 'id="for-mentorplan"' not in html(leader, "/avdeling/")
    plan_page = html(leader, f"/plan/{live.mentorship_ids['mentee']}")
    assert "Utført 07.09.2026 av Anne Avdeling" in plan_page and red(plan_page) == []


def test_the_mentor_records_with_the_date_unknown(app, live, login):
    mentor = login(live.email("mentor"))
    [talk] = _ids(app, live, "Første mentorsamtale: bli kjent")
    assert post_form(mentor, record_url(live), {"done": [talk], "date_unknown": "y"}).status_code == 302
    with app.app_context():
        activity = db.session.get(PlanActivity, talk)
        assert activity.status is ActivityStatus.DONE and activity.completed_on is None
    assert "Utført (dato ukjent) av Mona Mentor" in html(mentor, f"/plan/{live.mentorship_ids['mentee']}")


@pytest.mark.parametrize("data, message", [
    ({"completed_on": ""}, "eller kryss av for «Dato ukjent»"),
    ({"completed_on": "01.12.2026", "date_unknown": "y"}, "ikke begge"),
    ({"completed_on": "02.12.2026"}, "Datoen kan ikke være fram i tid."),
    ({"completed_on": "01.01.2026"}, "Datoen kan ikke være før planen begynte (24.08.2026)."),
])
def test_the_record_refuses_a_missing_double_or_impossible_date_and_saves_nothing(app, live, login, data, message):
    leader = login(live.email("avdelingsleder"))
    [welcome] = _ids(app, live, "Velkomst og oppstartssamtale")
    response = post_form(leader, record_url(live), {"done": [welcome], **data})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert statuses(app, live)["Velkomst og oppstartssamtale"] is ActivityStatus.BEFORE_GO_LIVE


def test_the_record_refuses_an_activity_that_is_not_before_go_live(app, live, login):
    leader = login(live.email("avdelingsleder"))
    [probation] = _ids(app, live, "Prøvetidsvurdering")
    response = post_form(leader, record_url(live), {"done": [probation], "completed_on": "01.12.2026"})
    assert response.status_code == 200
    assert statuses(app, live)["Prøvetidsvurdering"] is ActivityStatus.PLANNED


@pytest.mark.parametrize("key, status", [
    ("mentee", 403),             # the mentee does not record her leaders' and mentor's work
    ("hr", 403),
    ("mentor_b", 404),           # a mentor of another mentee (Morten, mentor2, is Nina's back-up)
    ("avdelingsleder2", 404),    # the leader of another ward of the unit
    ("avdelingsleder_b", 404),   # a leader of another unit
    ("enhetsleder_b", 404),
])
def test_only_the_mentees_leaders_and_mentors_use_the_record(app, live, login, key, status):
    client = login(live.email(key))
    assert client.get(record_url(live)).status_code == status
    [welcome] = _ids(app, live, "Velkomst og oppstartssamtale")
    response = post_form(client, record_url(live), {"done": [welcome], "completed_on": "01.12.2026"}, form_url="/")
    assert response.status_code == status
    assert statuses(app, live)["Velkomst og oppstartssamtale"] is ActivityStatus.BEFORE_GO_LIVE


@pytest.mark.parametrize("key", ["enhetsleder", "mentor", "mentor2"])
def test_the_unit_leader_and_the_mentors_may_record(live, login, key):
    assert "Velkomst og oppstartssamtale" in html(login(live.email(key)), record_url(live))


def test_a_plan_in_another_kommune_is_not_found(app, live, login):
    assert login(live.email("mentor")).get(record_url(live, "mentee_other")).status_code == 404
    with app.app_context():
        other = db.session.scalar(select(Kommune).where(Kommune.id == live.other_kommune_id))
        assert other.go_live_on is None
