"""Calendar feeds (issue 5): what they say, read back with independent parsers; how they follow
re-planning; what they never say; tokens, caching, rate limit and who may take which feed."""
import hashlib
import logging
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.feeds.events import person_feed, shifts_feed
from mentorplan.feeds.ical import calendar_bytes
from mentorplan.models import (
    Absence,
    AbsenceKind,
    ActivityStatus,
    CalendarToken,
    CancelledEvent,
    Mentorship,
    Person,
    PlanActivity,
    PlanTemplate,
    Role,
    RoleAssignment,
    Shift,
    User,
)
from mentorplan.plans.operations import apply_template, mark_done, new_draft, publish
from mentorplan.scheduling.service import replan_people, schedule_all

from tests.calendars import read_back, utc
from tests.conftest import post_form
from tests.factories import MENTEE_START
from tests.scheduling.test_scheduling_service import K1, add_shifts, weekdays

TODAY = date(2026, 10, 1)
SECRET = "HEMMELIG-notat-om-pasient-Hansen"
FEED_URL = re.compile(r'value="(http://localhost/kalender/[A-Za-z0-9_-]{43}\.ics)"')

# Placed by hand on both sides of the two daylight-saving changes (25.10.2026 and 28.03.2027),
# with the UTC instants a calendar must show.
PLACED = {
    "Opplæringsvakt 1": ((2026, 10, 23, 7, 45), (2026, 10, 23, 15, 15), utc(2026, 10, 23, 5, 45)),
    "Opplæringsvakt 2": ((2026, 10, 25, 7, 45), (2026, 10, 25, 15, 15), utc(2026, 10, 25, 6, 45)),
    "Opplæringsvakt 3": ((2026, 10, 26, 7, 45), (2026, 10, 26, 15, 15), utc(2026, 10, 26, 6, 45)),
    "Mentorsamtale måned 7": ((2027, 3, 26, 9, 0), (2027, 3, 26, 9, 45), utc(2027, 3, 26, 8, 0)),
    "Mentorsamtale måned 8": ((2027, 3, 29, 9, 0), (2027, 3, 29, 9, 45), utc(2027, 3, 29, 7, 0)),
    "Oppfølgingssamtale": ((2026, 10, 19, 10, 0), (2026, 10, 19, 11, 0), utc(2026, 10, 19, 8, 0)),
}


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


def plan_activities(world, key="mentee") -> dict[str, PlanActivity]:
    return {a.title: a for a in db.session.get(Mentorship, world.mentorship_ids[key]).plan.activities}


@pytest.fixture
def placed(app, world, today):
    """The mentee's activities of PLACED scheduled with the mentor (the follow-up with the
    avdelingsleder), and confidential-looking text in every field that must never reach a feed."""
    with app.app_context():
        activities = plan_activities(world)
        for title, (start, end, _) in PLACED.items():
            activity = activities[title]
            activity.status = ActivityStatus.SCHEDULED
            activity.scheduled_start, activity.scheduled_end = datetime(*start), datetime(*end)
            key = "avdelingsleder" if title == "Oppfølgingssamtale" else "mentor"
            activity.partner_id = world.person_ids[key]
            activity.placement_note = f"{SECRET} placement"
            activity.conflict_reason = f"{SECRET} sykefravær"
            activity.conflict_suggestions = [{"text": f"{SECRET} suggestion"}]
        activities["Opplæringsvakt 1"].guidance = "Ta med spørsmål om medisinrommet."
        mentee = db.session.get(Person, world.person_ids["mentee"])
        db.session.add(Absence(person_id=mentee.id, day=date(2026, 10, 27), kind=AbsenceKind.SYKEFRAVAER))
        db.session.commit()
        return {title: activities[title].calendar_uid for title in PLACED}


def feed_link(client, kind="activities", **extra) -> str:
    response = post_form(client, "/profil/kalender", {"kind": kind, **extra}, form_url="/profil")
    assert response.status_code == 200
    return FEED_URL.search(response.get_data(as_text=True)).group(1)


def every_feed_body(app, world, login, runner) -> dict[str, bytes]:
    mentee, mentor, leader = (login(world.email(k)) for k in ("mentee", "mentor", "avdelingsleder"))
    bodies = {
        "mentee": mentee.get(feed_link(mentee)).data,
        "mentee shifts": mentee.get(feed_link(mentee, "shifts")).data,
        "mentor": mentor.get(feed_link(mentor)).data,
        "avdelingsleder": leader.get(feed_link(leader)).data,
        "avdeling": leader.get(feed_link(leader, "ward", ward_id=world.ward_ids["1"])).data,
        "avdeling download": leader.get(f"/avdeling/{world.ward_ids['1']}/kalender.ics").data,
        "plan download": mentor.get(f"/plan/{world.mentorship_ids['mentee']}/kalender.ics").data,
    }
    with app.app_context():
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
    result = runner.invoke(args=["ics", number])
    assert result.exit_code == 0, result.output
    bodies["ics command"] = result.stdout_bytes
    return bodies


# --- What a feed says ---------------------------------------------------------------------------

def test_the_mentees_feed_places_events_right_across_both_dst_changes(world, login, placed):
    client = login(world.email("mentee"))
    response = client.get(feed_link(client))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar" and response.mimetype_params["charset"] == "utf-8"
    events = read_back(response.data)
    assert set(events) == set(placed.values())
    for title, (_, end, start_utc) in PLACED.items():
        event = events[placed[title]]
        assert event.start == start_utc, title
        assert event.status == "CONFIRMED"
    assert events[placed["Opplæringsvakt 1"]].summary == "Opplæringsvakt 1 med Mona Mentor"
    assert events[placed["Oppfølgingssamtale"]].summary == "Oppfølgingssamtale med Anne Avdeling"
    # 25.10 has 25 hours: 07:45–15:15 local is still 7.5 hours.
    assert events[placed["Opplæringsvakt 2"]].end - events[placed["Opplæringsvakt 2"]].start == timedelta(hours=7.5)


def test_the_feed_has_what_rfc_5545_and_calendar_programs_need(world, login, placed):
    client = login(world.email("mentee"))
    text = client.get(feed_link(client)).get_data(as_text=True)
    for line in ("METHOD:PUBLISH", "VERSION:2.0", "NAME:Mentorplan – Nina Nytilsatt",
                 "X-WR-CALNAME:Mentorplan – Nina Nytilsatt", "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
                 "X-PUBLISHED-TTL:PT1H", "BEGIN:VTIMEZONE", "TZID:Europe/Oslo",
                 "DTSTART;TZID=Europe/Oslo:20261025T074500", "DTSTART;TZID=Europe/Oslo:20270329T090000",
                 "LOCATION:Lade helse- og velferdssenter\\, Avdeling 1",
                 "DESCRIPTION:Ta med spørsmål om medisinrommet."):
        assert f"\r\n{line}\r\n" in text, line
    vevents = text.split("BEGIN:VEVENT")[1:]
    assert len(vevents) == len(PLACED)
    for vevent in vevents:
        assert all(f"\r\n{name}:" in vevent for name in ("DTSTAMP", "UID", "SEQUENCE", "SUMMARY", "STATUS"))
    assert "UID:" not in text.split("BEGIN:VTIMEZONE")[0]  # no random calendar UID changing every build


def test_the_mentor_and_the_leader_see_the_mentee_named(world, login, placed):
    mentor = login(world.email("mentor"))
    mentor_events = read_back(mentor.get(feed_link(mentor)).data)
    assert mentor_events[placed["Opplæringsvakt 3"]].summary == "Opplæringsvakt 3 med Nina Nytilsatt"
    assert placed["Oppfølgingssamtale"] not in mentor_events
    leader = login(world.email("avdelingsleder"))
    leader_events = read_back(leader.get(feed_link(leader)).data)
    assert set(leader_events) == {placed["Oppfølgingssamtale"]}
    assert leader_events[placed["Oppfølgingssamtale"]].summary == "Oppfølgingssamtale med Nina Nytilsatt"


def test_the_avdeling_feed_and_the_plan_download_name_both_people(world, login, placed):
    leader = login(world.email("avdelingsleder"))
    ward = read_back(leader.get(feed_link(leader, "ward", ward_id=world.ward_ids["1"])).data)
    assert set(ward) == set(placed.values())
    assert ward[placed["Opplæringsvakt 1"]].summary == "Opplæringsvakt 1 med Nina Nytilsatt og Mona Mentor"
    download = leader.get(f"/plan/{world.mentorship_ids['mentee']}/kalender.ics")
    assert download.headers["Content-Disposition"] == 'attachment; filename="mentorplan-plan.ics"'
    assert set(read_back(download.data)) == set(placed.values())
    other_ward = login(world.email("avdelingsleder2"))
    assert read_back(other_ward.get(feed_link(other_ward, "ward", ward_id=world.ward_ids["2"])).data) == {}


def test_the_plan_page_links_to_its_calendar_file(world, login, placed):
    client = login(world.email("mentor"))
    page = client.get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    link = f'href="/plan/{world.mentorship_ids["mentee"]}/kalender.ics"'
    assert link in page
    assert client.get(link[6:-1]).status_code == 200


def test_nothing_outside_the_whitelist_reaches_any_feed(app, world, login, runner, placed):
    bodies = every_feed_body(app, world, login, runner)
    assert read_back(bodies["mentee"]) and read_back(bodies["mentee shifts"]) == {}
    for name, body in bodies.items():
        text = body.decode()
        read_back(text)
        for secret in (SECRET, "HEMMELIG", "sykefravær", "SY ", "mentee@test.no", "placement", "suggestion"):
            assert secret not in text, (name, secret)


def test_uids_are_random_opaque_and_unique(app, world, placed):
    with app.app_context():
        uids = [a.calendar_uid for a in plan_activities(world).values()]
        others = [a.calendar_uid for a in plan_activities(world, "mentee2").values()]
    assert len(set(uids + others)) == len(uids + others)  # the same template activity, unrelated UIDs
    # 128 random bits in hex: no name, number, id or date of the person or the plan.
    assert all(re.fullmatch(r"[0-9a-f]{32}@mentorplan", uid) for uid in uids + others)


def test_the_ics_command_prints_the_persons_calendar(app, world, runner, placed):
    with app.app_context():
        number = db.session.get(Person, world.person_ids["mentor"]).employee_number
    result = runner.invoke(args=["ics", number])
    assert result.exit_code == 0
    events = read_back(result.stdout_bytes)
    assert placed["Opplæringsvakt 2"] in events and placed["Oppfølgingssamtale"] not in events


def test_the_ics_command_refuses_an_unknown_number(runner, world):
    result = runner.invoke(args=["ics", "999999"])
    assert result.exit_code != 0
    assert "Fant ingen ansatt med ansattnr 999999." in result.output


# --- Following the plan: SEQUENCE, moves in place, cancellations --------------------------------

@pytest.fixture
def scheduled(app, world):
    """Mentee and mentor on D1 every weekday of the first six weeks, placed by the scheduler."""
    app.config["FIXED_TODAY"] = date(2026, 9, 1)
    with app.app_context():
        for key in ("mentee", "mentor"):
            add_shifts(world.person_ids[key], weekdays(MENTEE_START, 6))
        db.session.commit()
        schedule_all()
        db.session.commit()


def mentee_feed(app, world, now=None):
    with app.app_context():
        person = db.session.get(Person, world.person_ids["mentee"])
        return read_back(calendar_bytes(person_feed(person, date(2026, 9, 1), now)))


def person_events(app, world, key):
    with app.app_context():
        person = db.session.get(Person, world.person_ids[key])
        return read_back(calendar_bytes(person_feed(person, date(2026, 9, 1))))


def test_a_moved_shift_moves_the_event_in_place_with_a_higher_sequence(app, world, scheduled):
    before = mentee_feed(app, world)
    tuesday = MENTEE_START + timedelta(days=1)
    on_tuesday = {uid for uid, e in before.items() if e.start.date() == tuesday}
    assert on_tuesday and all(e.sequence == 1 for e in before.values())  # placed once
    with app.app_context():
        db.session.execute(Shift.__table__.delete().where(
            Shift.person_id == world.person_ids["mentee"], Shift.day == tuesday))
        add_shifts(world.person_ids["mentee"], [tuesday], K1, "K1")
        db.session.commit()
        replan_people([world.person_ids["mentee"]])
        db.session.commit()
    after = mentee_feed(app, world)
    assert set(after) == set(before)  # same UIDs: moved in place, nothing new
    for uid in on_tuesday:
        assert after[uid].sequence > before[uid].sequence
        assert after[uid].start != before[uid].start or after[uid].status == "CANCELLED"
    untouched = set(before) - on_tuesday
    assert all(after[uid] == before[uid] for uid in untouched)


def test_an_unplaced_activity_is_cancelled_for_the_mentee_and_the_mentor(app, world, scheduled):
    before = mentee_feed(app, world)
    mentor_before = person_events(app, world, "mentor")
    with app.app_context():
        for day in weekdays(MENTEE_START, 6):
            db.session.add(Absence(person_id=world.person_ids["mentor"], day=day, kind=AbsenceKind.FERIE))
        db.session.commit()
        replan_people([world.person_ids["mentor"]])
        db.session.commit()
    after = mentee_feed(app, world)
    training = [uid for uid, e in before.items() if e.summary.startswith("Opplæringsvakt")]
    assert training
    for uid in training:
        assert after[uid].status == "CANCELLED" and after[uid].summary.startswith("Avlyst: Opplæringsvakt")
        assert (after[uid].start, after[uid].sequence) == (before[uid].start, before[uid].sequence + 1)
    mentor_after = person_events(app, world, "mentor")
    assert {uid for uid in training if mentor_after[uid].status == "CANCELLED"} == set(training) & set(mentor_before)
    # After thirty days the cancellations leave the feed.
    later = mentee_feed(app, world, now=datetime.now(UTC) + timedelta(days=31))
    assert not set(training) & set(later)


def test_marking_done_keeps_the_event_and_raises_the_sequence(app, world, scheduled):
    before = mentee_feed(app, world)
    with app.app_context():
        talk = plan_activities(world)["Første mentorsamtale: bli kjent"]
        uid = talk.calendar_uid
        mark_done(talk, db.session.get(Person, world.person_ids["mentor"]), MENTEE_START)
        db.session.commit()
    after = mentee_feed(app, world)
    assert after[uid].status == "CONFIRMED" and after[uid].sequence == before[uid].sequence + 1


def test_a_cancelled_activity_says_so(app, world, scheduled):
    with app.app_context():
        welcome = plan_activities(world)["Velkomst og oppstartssamtale"]
        uid, sequence = welcome.calendar_uid, welcome.sequence
        welcome.status = ActivityStatus.CANCELLED
        db.session.commit()
    event = mentee_feed(app, world)[uid]
    assert (event.status, event.sequence) == ("CANCELLED", sequence + 1)


def test_setting_the_same_values_again_raises_nothing(app, world, scheduled):
    with app.app_context():
        activity = plan_activities(world)["Opplæringsvakt 1"]
        sequence, changed = activity.sequence, activity.changed_at
        activity.scheduled_start = datetime.combine(activity.scheduled_start.date(), activity.scheduled_start.time())
        activity.status = ActivityStatus.SCHEDULED
        db.session.commit()
        assert (activity.sequence, activity.changed_at) == (sequence, changed)


def test_a_change_to_an_expired_activity_is_compared_with_what_was_stored(app, world, scheduled):
    with app.app_context():
        activity = plan_activities(world)["Opplæringsvakt 1"]
        sequence, start, partner = activity.sequence, activity.scheduled_start, activity.partner_id
        db.session.expire(activity)
        activity.scheduled_start = start  # the same value: nothing changes
        db.session.commit()
        assert activity.sequence == sequence
        db.session.expire(activity)
        activity.partner_id = world.person_ids["mentor2"]
        db.session.commit()
        assert activity.sequence == sequence + 1
        cancelled = db.session.scalars(select(CancelledEvent)).one()
        assert (cancelled.uid, cancelled.partner_id) == (activity.calendar_uid, partner)


def test_activities_removed_by_a_new_template_version_are_cancelled(app, world, scheduled):
    before = mentee_feed(app, world)
    with app.app_context():
        unit = db.session.get(Mentorship, world.mentorship_ids["mentee"]).employment.unit
        draft = new_draft(unit, db.session.get(Person, world.person_ids["enhetsleder"]))
        publish(draft)
        apply_template(db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan,
                       db.session.get(PlanTemplate, draft.id))
        db.session.commit()
        current = {a.calendar_uid for a in plan_activities(world).values()}
    after = mentee_feed(app, world)
    removed = set(before) - current
    assert removed
    assert all(after[uid].status == "CANCELLED" and after[uid].sequence > before[uid].sequence for uid in removed)
    mentor = person_events(app, world, "mentor")
    assert {uid for uid in removed if before[uid].summary.startswith("Opplæringsvakt")} <= set(mentor)


def test_old_cancellations_are_cleared_when_new_ones_come(app, world, scheduled):
    with app.app_context():
        db.session.add(CancelledEvent(uid="old@mentorplan", sequence=3, starts=datetime(2026, 1, 5, 9),
                                      ends=datetime(2026, 1, 5, 10), title="Gammel",
                                      cancelled_at=datetime.now(UTC) - timedelta(days=31)))
        db.session.commit()
        activity = plan_activities(world)["Opplæringsvakt 1"]
        activity.partner_id = world.person_ids["mentor2"]  # the former partner's calendar must hear of it
        db.session.commit()
        left = db.session.scalars(select(CancelledEvent)).all()
        assert [(c.uid, c.partner_id) for c in left] == [(activity.calendar_uid, world.person_ids["mentor"])]


# --- Caching ------------------------------------------------------------------------------------

def test_an_unchanged_feed_answers_304(app, world, login, placed):
    client = login(world.email("mentee"))
    url = feed_link(client)
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    with app.app_context():
        activity = plan_activities(world)["Opplæringsvakt 3"]
        activity.scheduled_start += timedelta(hours=1)
        activity.scheduled_end += timedelta(hours=1)
        db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert read_back(changed.data)[placed["Opplæringsvakt 3"]].start == utc(2026, 10, 26, 7, 45)


# --- Tokens -------------------------------------------------------------------------------------

def test_a_new_link_revokes_the_old_one(app, world, login, placed):
    client = login(world.email("mentee"))
    old = feed_link(client)
    assert client.get(old).status_code == 200
    new = feed_link(client)
    assert new != old
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    response = post_form(client, "/profil/kalender/slett", {"kind": "activities"}, form_url="/profil")
    assert response.status_code == 302
    assert anonymous.get(new).status_code == 404


def test_tokens_are_stored_only_as_a_hash(app, world, login):
    client = login(world.email("mentee"))
    token = feed_link(client).rsplit("/", 1)[1].removesuffix(".ics")
    with app.app_context():
        stored = db.session.scalars(select(CalendarToken)).one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr([getattr(stored, c.key) for c in CalendarToken.__table__.columns])


def test_a_revoked_and_an_unknown_token_answer_the_same_404(app, world, login):
    client = login(world.email("mentee"))
    revoked = feed_link(client)
    feed_link(client)
    anonymous = app.test_client()
    gone, unknown = anonymous.get(revoked), anonymous.get("/kalender/" + "B" * 43 + ".ics")
    assert gone.status_code == unknown.status_code == 404
    assert gone.data == unknown.data


def test_the_token_is_shown_once_and_the_pages_send_no_referrer(world, login):
    client = login(world.email("mentee"))
    url = feed_link(client)
    page = client.get("/profil")
    assert url not in page.get_data(as_text=True)
    assert "Lenke laget" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "strict-origin" and page.headers["Cache-Control"] == "no-store"
    assert client.get(url).headers["Referrer-Policy"] == "strict-origin"


def test_tokens_never_reach_the_logs(app, world, login, caplog):
    client = login(world.email("mentee"))
    url = feed_link(client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('127.0.0.1 - - [x] "%s" %s -', f"GET /kalender/{token}.ics HTTP/1.1", 200)
        logging.getLogger("gunicorn.access").info("%(r)s", {"r": f"GET /kalender/{token}.ics HTTP/1.1"})
        app.logger.error("Exception on /kalender/%s.ics [GET]", token)
    assert caplog.records and token not in caplog.text
    assert caplog.text.count("/kalender/[skjult]") == 3


def test_the_feed_is_read_only_and_sets_no_cookie(app, world, login, placed):
    client = login(world.email("mentee"))
    url = feed_link(client)
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    for method in (anonymous.post, anonymous.put, anonymous.delete):
        assert method(url).status_code == 405


def test_the_feed_is_rate_limited(app, world, login):
    app.config["FEED_REQUESTS_PER_MINUTE"] = 5
    client = login(world.email("mentee"))
    url = feed_link(client)
    anonymous = app.test_client()
    assert [anonymous.get(url).status_code for _ in range(6)] == [200] * 5 + [429]
    assert anonymous.get("/kalender/" + "C" * 43 + ".ics").status_code == 429


# --- Who may take which feed --------------------------------------------------------------------

# Asking for the calendar of Avdeling 1 (unit A) on the profile page, per login.
WARD_FEED = {"admin": 403, "hr": 403, "enhetsleder": 200, "enhetsleder_b": 404, "avdelingsleder": 200,
             "avdelingsleder2": 404, "avdelingsleder_b": 404, "mentor": 403, "mentor2": 403, "mentor_b": 403,
             "mentee": 403, "mentee2": 403, "mentee_b": 403, "hr_other": 403}


@pytest.mark.parametrize(("key", "expected"), WARD_FEED.items())
def test_who_may_take_the_avdeling_feed(app, world, login, today, key, expected):
    client = login(world.email(key))
    response = post_form(client, "/profil/kalender", {"kind": "ward", "ward_id": world.ward_ids["1"]},
                         form_url="/profil")
    assert response.status_code == expected
    with app.app_context():
        assert (db.session.scalar(select(CalendarToken.id)) is not None) == (expected == 200)


def test_a_leader_of_another_kommune_cannot_take_a_ward_feed(app, world, login, today):
    with app.app_context():
        other = db.session.get(Person, world.person_ids["hr_other"])
        db.session.add(RoleAssignment(person=other, role=Role.AVDELINGSLEDER, kommune_id=world.other_kommune_id,
                                      ward_id=world.ward_ids["other"], unit_id=world.unit_ids["other"]))
        db.session.commit()
    client = login(world.email("hr_other"))
    response = post_form(client, "/profil/kalender", {"kind": "ward", "ward_id": world.ward_ids["1"]},
                         form_url="/profil")
    assert response.status_code == 404
    assert client.get(f"/avdeling/{world.ward_ids['1']}/kalender.ics").status_code == 404
    assert client.get(f"/avdeling/{world.ward_ids['other']}/kalender.ics").status_code == 200


def test_a_ward_feed_stops_when_the_role_ends(app, world, login, placed):
    client = login(world.email("avdelingsleder"))
    url = feed_link(client, "ward", ward_id=world.ward_ids["1"])
    assert app.test_client().get(url).status_code == 200
    with app.app_context():
        assignment = db.session.scalars(select(RoleAssignment).where(
            RoleAssignment.person_id == world.person_ids["avdelingsleder"])).one()
        assignment.valid_to = TODAY - timedelta(days=1)
        db.session.commit()
    assert app.test_client().get(url).status_code == 404


def test_a_disabled_users_feeds_stop(app, world, login, placed):
    client = login(world.email("mentee"))
    url = feed_link(client)
    with app.app_context():
        db.session.scalars(select(User).where(User.email == "mentee@test.no")).one().is_enabled = False
        db.session.commit()
    assert app.test_client().get(url).status_code == 404


@pytest.mark.parametrize(("key", "wards"), [
    ("mentee", []), ("mentor", []), ("hr", []), ("admin", []),
    ("avdelingsleder", ["Avdeling 1"]), ("enhetsleder", ["Avdeling 1", "Avdeling 2"]),
    ("avdelingsleder_b", ["Sone 1"]),
])
def test_the_profile_page_offers_each_person_their_feeds(world, login, today, key, wards):
    page = login(world.email(key)).get("/profil").get_data(as_text=True)
    assert "Mine aktiviteter" in page and "Mine vakter" in page
    assert re.findall(r"Avdeling: [^,<]+, ([^<]+)</h3>", page) == wards
    assert "vises bare én gang" in page
    assert "et varsel" in page and "de neste 48 timene blir lagt inn, flyttet eller tatt ut" in page


def test_an_unknown_feed_kind_is_refused(world, login, today):
    client = login(world.email("mentee"))
    response = post_form(client, "/profil/kalender", {"kind": "everything"}, form_url="/profil")
    assert response.status_code == 404


# --- Own shifts ---------------------------------------------------------------------------------

def test_the_shift_feed_has_the_shifts_not_the_absences_and_keeps_uids_over_a_reimport(app, world, today):
    days = weekdays(date(2026, 10, 19), 2)
    with app.app_context():
        mentee = world.person_ids["mentee"]
        add_shifts(mentee, days)
        db.session.add(Absence(person_id=mentee, day=days[1], kind=AbsenceKind.SYKEFRAVAER))
        db.session.commit()
        person = db.session.get(Person, mentee)
        body = calendar_bytes(shifts_feed(person, TODAY, "secret"))
        db.session.execute(Shift.__table__.delete().where(Shift.person_id == mentee))
        add_shifts(mentee, days)
        db.session.commit()
        again = calendar_bytes(shifts_feed(person, TODAY, "secret"))
    events = read_back(body)
    assert len(events) == len(days) - 1
    assert {e.start.date() for e in events.values()} == set(days) - {days[1]}
    assert all(e.summary == "Vakt D1" for e in events.values())
    assert utc(2026, 10, 23, 5, 45) in {e.start for e in events.values()}  # Friday before the change
    assert utc(2026, 10, 26, 6, 45) in {e.start for e in events.values()}  # Monday after it
    assert set(read_back(again)) == set(events)
    assert b"SY" not in body.replace(b"SYKE", b"") and "sykefravær" not in body.decode()


# --- The demo ------------------------------------------------------------------------------------

def test_every_demo_user_finds_working_feeds_on_the_profile_page(app, runner, login):
    app.config["FIXED_TODAY"] = date(2026, 9, 7)  # a pinned day: the demo is built around it
    assert runner.invoke(args=["demo"]).exit_code == 0
    counts = {}
    for key in ("admin", "hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"):
        client = login(f"{key}@demo.no", "demo")
        page = client.get("/profil").get_data(as_text=True)
        assert "Mine aktiviteter" in page and "Mine vakter" in page, key
        counts[key] = len(read_back(app.test_client().get(feed_link(client)).data))
        read_back(app.test_client().get(feed_link(client, "shifts")).data)
        wards = re.findall(r'name="ward_id" value="(\d+)"', page)
        assert bool(wards) == (key in ("enhetsleder", "avdelingsleder")), key
        for ward_id in set(wards):
            read_back(app.test_client().get(feed_link(client, "ward", ward_id=ward_id)).data)
    assert counts["mentee"] > 0 and counts["mentor"] > 0


def test_no_conversation_notes_reflections_or_actions_reach_any_feed(app, world, login, runner, placed):
    """Logged conversations (issue 4) sit on activities that feeds show: only the whitelist may pass."""
    from mentorplan.conversations.operations import write_own_notes
    from mentorplan.models import Conversation
    from tests import factories

    with app.app_context():
        first = plan_activities(world)["Første mentorsamtale: bli kjent"]
        first.status, first.partner_id = ActivityStatus.SCHEDULED, world.person_ids["mentor"]
        first.scheduled_start, first.scheduled_end = datetime(2026, 9, 10, 10), datetime(2026, 9, 10, 10, 45)
        db.session.flush()
        made = factories.conversations(world)
        write_own_notes(db.session.get(Conversation, made["conversation"]),
                        "Forberedelse: HEMMELIG-forberedelse", "Refleksjon: HEMMELIG-refleksjon")
        db.session.commit()
        assert plan_activities(world)["Første mentorsamtale: bli kjent"].status is ActivityStatus.DONE
    bodies = every_feed_body(app, world, login, runner)
    events = read_back(bodies["mentee"])
    assert any(e.summary.startswith("Første mentorsamtale") for e in events.values())
    for name, body in bodies.items():
        text = body.decode()
        for secret in ("nattevaktene", "Bytte to nattevakter", "sårstell", "HEMMELIG-forberedelse",
                       "HEMMELIG-refleksjon"):
            assert secret not in text, (name, secret)
