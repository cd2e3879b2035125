"""The mentees' pulse: answered once by the mentee alone, shown to leaders only as unit aggregates of
five or more, and a way to ask the avdelingsleder for a conversation."""
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityKind, ActivityStatus, Mentorship, Person, PlanActivity, PulseResponse, Unit
from mentorplan.plans.operations import start_mentorship
from mentorplan.pulse.operations import REQUEST_TITLE, Answers, PulseError, aggregate, answer_pulse, open_milestone

from tests import factories
from tests.conftest import post_form
from tests.scheduling.test_scheduling_service import add_shifts

THREE_MONTHS = date(2026, 12, 10)  # the mentees started 07.09.2026
GOOD = {"safety": "4", "inclusion": "5", "growth": "4", "workload": "2", "recommend": "5"}


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = THREE_MONTHS
    return THREE_MONTHS


def _row(score: int, stay: bool = True, who: int = 0, milestone: int = 3) -> PulseResponse:
    return PulseResponse(mentorship_id=who, milestone=milestone, safety=score, inclusion=score, growth=score, workload=score, recommend=score,
                         intends_to_stay=stay)


def test_fewer_than_five_answers_are_suppressed_and_five_are_shown():
    four = aggregate(1, 3, [_row(4, who=n) for n in range(4)])
    assert four.suppressed and four.averages["safety"] == "<5" and four.staying == "<5"
    five = aggregate(1, 3, [_row(4, who=n) for n in range(3)] + [_row(2, stay=False, who=n) for n in (3, 4)])
    assert not five.suppressed
    assert five.averages["safety"] == pytest.approx(3.2) and five.staying == pytest.approx(0.6)


def test_five_answers_from_fewer_than_five_mentees_are_suppressed():
    rows = [_row(4, who=n, milestone=m) for n in range(3) for m in (3, 6)]
    assert aggregate(1, None, rows).suppressed and aggregate(1, None, rows).answers == 6


def _answer(app, world, key, milestone=3, **kw):
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids[key])
        person = db.session.get(Person, kw.pop("by", None) or world.person_ids[key])
        answers = Answers(**{k: int(v) for k, v in GOOD.items()}, intends_to_stay=kw.get("stay", True),
                          wants_conversation=kw.get("wants", False))
        response = answer_pulse(mentorship, person, milestone, answers, THREE_MONTHS)
        db.session.commit()
        return response.id


def test_the_pulse_opens_at_three_months_and_is_answered_once(app, world, today):
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        assert open_milestone(mentorship, date(2026, 12, 6)) is None
        assert open_milestone(mentorship, THREE_MONTHS) == 3
    _answer(app, world, "mentee")
    with pytest.raises(PulseError, match="allerede svart på pulsen for 3 måneder"):
        _answer(app, world, "mentee")
    with pytest.raises(PulseError, match="6 måneder er ikke åpen"):
        _answer(app, world, "mentee", milestone=6)


@pytest.mark.parametrize("someone", ["mentor", "avdelingsleder", "mentee2"])
def test_nobody_answers_for_the_mentee(app, world, today, someone):
    with pytest.raises(PulseError, match="Bare den nytilsatte selv"):
        _answer(app, world, "mentee", by=world.person_ids[someone])
    with app.app_context():
        assert db.session.scalar(select(PulseResponse.id)) is None


def test_the_mentee_answers_on_the_page_and_a_second_post_is_refused(app, world, login, today):
    client = login(world.email("mentee"))
    page = client.get("/puls").get_data(as_text=True)
    assert "Du har vært ansatt i 3 måneder" in page and 'for="safety"' in page
    data = {**GOOD, "milestone": "3", "intends_to_stay": "ja"}
    assert post_form(client, "/puls", data).status_code == 302
    assert "Du har ingen puls å svare på nå" in client.get("/puls").get_data(as_text=True)
    again = client.post("/puls", data={**data, "csrf_token": _token(client)}, follow_redirects=True)
    assert "allerede svart på pulsen for 3 måneder" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(PulseResponse).count() == 1


def _token(client):
    from tests.conftest import csrf_token
    return csrf_token(client, "/profil")


def test_a_missing_answer_is_tied_to_its_field(app, world, login, today):
    response = post_form(login(world.email("mentee")), "/puls", {**GOOD, "safety": "0", "milestone": "3",
                                                                 "intends_to_stay": "ja"})
    assert response.status_code == 422
    assert 'aria-describedby="safety-error"' in response.get_data(as_text=True)


def test_a_mentee_who_intends_to_leave_may_ask_for_a_ledersamtale(app, world, login, today):
    with app.app_context():  # the mentee works days the next two weeks; the avdelingsleder works office hours
        days = [date(2026, 12, d) for d in range(10, 25) if date(2026, 12, d).weekday() < 5]
        add_shifts(world.person_ids["mentee"], days)
        db.session.commit()
    client = login(world.email("mentee"))
    response = post_form(client, "/puls", {**GOOD, "milestone": "3", "intends_to_stay": "nei",
                                           "wants_conversation": "y"})
    assert response.status_code == 302
    with app.app_context():
        activity = db.session.scalars(select(PlanActivity).where(PlanActivity.title == REQUEST_TITLE)).one()
        assert activity.plan.mentorship_id == world.mentorship_ids["mentee"]
        assert activity.kind is ActivityKind.LEDERSAMTALE
        assert (activity.due_from, activity.due_to) == (THREE_MONTHS, date(2026, 12, 24))
        assert activity.status is ActivityStatus.SCHEDULED  # the scheduler placed it
        assert activity.scheduled_start.date() >= THREE_MONTHS
        assert activity.partner_id == world.person_ids["avdelingsleder"]
    plan = login(world.email("avdelingsleder")).get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    assert REQUEST_TITLE in plan


def test_wanting_a_conversation_while_staying_adds_nothing(app, world, today):
    _answer(app, world, "mentee", stay=True, wants=True)
    with app.app_context():
        assert db.session.scalar(select(PlanActivity.id).where(PlanActivity.title == REQUEST_TITLE)) is None


def _more_mentees(app, world, count):
    with app.app_context():
        unit = db.session.get(Unit, world.unit_ids["a"])
        mentor = db.session.get(Person, world.person_ids["mentor"])
        for n in range(count):
            p = factories.person(unit.kommune, f"Ny{n}", "Sykepleier")
            e = factories.employment(p, unit, date(2026, 9, 7), unit.wards[0])
            db.session.flush()
            m = start_mentorship(e, mentor)
            db.session.flush()
            answer_pulse(m, p, 3, Answers(2, 2, 2, 2, 2, intends_to_stay=False), THREE_MONTHS)
        db.session.commit()


def test_the_enhetsleder_sees_suppressed_figures_below_five_answers(app, world, login, today):
    _answer(app, world, "mentee")
    _more_mentees(app, world, 3)
    page = login(world.email("enhetsleder")).get(f"/enhet/{world.unit_ids['a']}/puls").get_data(as_text=True)
    assert "&lt;5" in page and "2,0" not in page and "Har tenkt å bli" in page


def test_the_enhetsleder_sees_averages_from_five_answers(app, world, login, today):
    _answer(app, world, "mentee")
    _more_mentees(app, world, 4)
    page = login(world.email("enhetsleder")).get(f"/enhet/{world.unit_ids['a']}/puls").get_data(as_text=True)
    # safety: (4 + 2·4) / 5 = 2,4; one of five intends to stay.
    assert "3 måneder (5 svar)" in page and "2,4" in page and "20" in page
    other = login(world.email("enhetsleder_b")).get(f"/enhet/{world.unit_ids['a']}/puls")
    assert other.status_code == 404
