"""Who may see and do what, on every page.

- every page but the login page and static files sends anonymous visitors to the login page;
- the role × page matrix: 200 where the role has the page and the object is in scope, 403 where
  the role does not have the page at all, 404 where the object lies outside the person's scope;
- guessed ids (IDOR) change nothing and reveal nothing;
- only the responsible person may mark an activity done, with a date that is not in the future
  and with a CSRF token.

The matrix and the anonymous sweep only read, so each class shares one world (building one per
request would take minutes); every other test gets a fresh world from the `world` fixture.
"""
from dataclasses import dataclass, field
from datetime import date, time
from urllib.parse import urlencode, urlsplit

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import func, select

from config import TestConfig
from mentorplan import create_app
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    Kommune,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    PlanActivity,
    PlanTemplate,
    RetentionBenchmark,
    Role,
    RoleAssignment,
    TemplateStatus,
    Unit,
    User,
)
from mentorplan.models.types import utcnow
from mentorplan.network.operations import Recurrence, plan_meetings
from mentorplan.plans.operations import new_draft, publish

from tests import factories
from tests.conftest import _config, _empty_tables, csrf_token, post_form

TODAY = date(2026, 9, 20)  # two weeks into the mentees' first month (they start 07.09.2026)


# --- Helpers -----------------------------------------------------------------------------

def log_in(app: Flask, key: str) -> FlaskClient:
    """Log in through the real form, as the `login` fixture does, for apps it does not cover."""
    client = app.test_client()
    response = client.post("/logg-inn", data={
        "email": f"{key}@test.no", "password": factories.PASSWORD,
        "csrf_token": csrf_token(client, "/logg-inn"),
    })
    assert response.status_code == 302, f"login failed for {key}"
    return client


def activity_id(app: Flask, mentorship_id: int, title: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(PlanActivity.id).join(PlanActivity.plan)
            .where(PlanActivity.title == title, PlanActivity.plan.has(mentorship_id=mentorship_id))
        )


def activity_state(app: Flask, id_: int) -> tuple:
    """What marking an activity done would change: status, date and who."""
    with app.app_context():
        a = db.session.get(PlanActivity, id_)
        return a.status, a.completed_on, a.completed_by_id, a.completed_at


def default_template_id(app: Flask, kommune_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(PlanTemplate.id).where(
            PlanTemplate.kommune_id == kommune_id, PlanTemplate.unit_id.is_(None)))


def create_unit_draft(app: Flask, unit_id: int, author_id: int) -> int:
    with app.app_context():
        draft = new_draft(db.session.get(Unit, unit_id), db.session.get(Person, author_id))
        db.session.commit()
        return draft.id


def publish_unit_version(app: Flask, unit_id: int, author_id: int) -> int:
    """A published unit version with one renamed activity, so that applying it changes a plan."""
    draft_id = create_unit_draft(app, unit_id, author_id)
    with app.app_context():
        draft = db.session.get(PlanTemplate, draft_id)
        next(a for a in draft.activities if a.title == "Mentorsamtale uke 2").title = "Mentorsamtale uke 2 (ny)"
        publish(draft)
        db.session.commit()
    return draft_id


def conversation_fixture(app: Flask, world: factories.World) -> dict[str, int]:
    """A logged mentor conversation with one agreed action, a ledersamtale, unit A's checklist
    draft and an item of the checklist mentee follows."""
    with app.app_context():
        made = factories.conversations(world)
        db.session.commit()
        return made
def add_notification(world: factories.World, key: str) -> int:
    """A message to one person, as the scheduler queues it."""
    notification = Notification(
        key=f"test:{key}", kind=NotificationKind.TOMORROW, person_id=world.person_ids[key], summary="Påminnelse",
        subject="Påminnelse", body_text="Til deg alene", body_html="<p>Til deg alene</p>", due_at=utcnow())
    db.session.add(notification)
    db.session.flush()
    return notification.id


def network_meeting(world: factories.World) -> int:
    """A network meeting for unit A's mentors."""
    recurrence = Recurrence("Mentornettverk Øst", date(2026, 10, 1), time(12), time(14), 2, 1)
    meeting = plan_meetings([db.session.get(Unit, world.unit_ids["a"])], recurrence, TODAY)[0]
    db.session.commit()
    return meeting.id


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/logg-inn"


@dataclass
class Shared:
    app: Flask
    world: factories.World
    ids: dict[str, int] = field(default_factory=dict)
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    def client(self, key: str) -> FlaskClient:
        if key not in self.clients:
            self.clients[key] = log_in(self.app, key)
        return self.clients[key]


@pytest.fixture(scope="class")
def shared(_schema, database_url):
    """One world for a class of tests that only read; emptied when the class is done."""
    app = create_app(_config(database_url))
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        world = factories.build_world()
        db.session.commit()
    built = Shared(app, world)
    mentee_plan = world.mentorship_ids["mentee"]
    built.ids = {
        "draft_a": create_unit_draft(app, world.unit_ids["a"], world.person_ids["enhetsleder"]),
        "default": default_template_id(app, world.kommune_id),
        "default_other": default_template_id(app, world.other_kommune_id),
        "activity": activity_id(app, mentee_plan, "Mentorsamtale uke 2"),
    }
    with app.app_context():
        draft = db.session.get(PlanTemplate, built.ids["draft_a"])
        built.ids["template_activity"] = draft.activities[0].id
    built.ids.update(conversation_fixture(app, world))
    with app.app_context():
        built.ids["notification"] = add_notification(world, "mentee")
        built.ids["notification_other"] = add_notification(world, "mentee_other")
        db.session.commit()
        benchmark = RetentionBenchmark(kommune_id=world.kommune_id, label="Landssnitt", months=12, rate=0.8)
        db.session.add(benchmark)
        db.session.commit()
        built.ids["benchmark"] = benchmark.id
        for key in ("mentee", "mentee_other"):
            built.ids[f"employment_{key}"] = db.session.get(Mentorship, world.mentorship_ids[key]).employment_id
        built.ids["meeting"] = network_meeting(world)
        built.ids["assignment"] = db.session.scalar(select(RoleAssignment.id).where(
            RoleAssignment.person_id == world.person_ids["mentor"], RoleAssignment.role == Role.MENTOR))
    yield built
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


# --- 1. Anonymous visitors go to the login page, on every page ---------------------------

# The calendar feed is public by its secret token (calendar clients cannot log in); tests below
# and in test_calendar.py check that any token but a current one answers 404. So is the page a
# password-reset link opens (test_accounts.py: only a current link opens it), and the page that asks
# for a reset link, which answers the same whoever asks, and the page an invitation link opens
# (test_invitations.py: only a current invitation opens it), and the single sign-on start and
# return (404 unless configured; test_sso.py: the provider's word opens only an existing account). The TOTP code page (/logg-inn/kode) is not on
# the list: without a right password first it sends anonymous visitors to log in, like any page.
# The accessibility statement is public by law: anyone must be able to read it and find the
# complaint route.
PUBLIC_ENDPOINTS = {
    "auth.login", "static", "feeds.feed", "auth.forgot_password", "auth.reset_password",
    "auth.accept_invitation", "auth.confirm_email", "auth.sso_start", "auth.sso_callback", "home.accessibility",
}


def _routes():
    app = create_app(TestConfig)
    return sorted(
        (rule.endpoint, rule.rule, method)
        for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC_ENDPOINTS
        for method in ("GET", "POST") if method in rule.methods
    )


ROUTES = _routes()

# A real id for every <int:...> argument the URL map uses, by name, or by (endpoint, name) where
# one name means different things. A new argument makes the sweep fail until it is added here, so
# no page is left out.
ARGUMENTS = {
    "mentorship_id": lambda s: s.world.mentorship_ids["mentee"],
    "activity_id": lambda s: s.ids["activity"],
    ("plan_templates.edit_activity", "activity_id"): lambda s: s.ids["template_activity"],
    ("plan_templates.delete_activity", "activity_id"): lambda s: s.ids["template_activity"],
    "unit_id": lambda s: s.world.unit_ids["a"],
    "template_id": lambda s: s.ids["draft_a"],
    "person_id": lambda s: s.world.person_ids["mentee"],
    "index": lambda s: 0,
    "conversation_id": lambda s: s.ids["conversation"],
    "action_id": lambda s: s.ids["action"],
    "item_id": lambda s: s.ids["item"],
    "checklist_template_id": lambda s: s.ids["checklist_draft_a"],
    "ward_id": lambda s: s.world.ward_ids["1"],
    "notification_id": lambda s: s.ids["notification"],
    "benchmark_id": lambda s: s.ids["benchmark"],
    "employment_id": lambda s: s.ids["employment_mentee"],
    "meeting_id": lambda s: s.ids["meeting"],
    "assignment_id": lambda s: s.ids["assignment"],
}


def _url(endpoint: str, rule: str, shared: Shared) -> str:
    app_rule = next(r for r in shared.app.url_map.iter_rules() if (r.endpoint, r.rule) == (endpoint, rule))
    values = {}
    for name in app_rule.arguments:
        make = ARGUMENTS.get((app_rule.endpoint, name)) or ARGUMENTS.get(name)
        assert make, f"{rule}: add a real value for <{name}> to ARGUMENTS"
        values[name] = make(shared)
    with shared.app.test_request_context():
        return url_for(app_rule.endpoint, **values)


def test_the_url_map_has_pages_beyond_the_public_ones():
    assert len(ROUTES) >= 15


class TestAnonymous:
    @pytest.mark.parametrize(("endpoint", "rule", "method"), ROUTES,
                             ids=[f"{method} {endpoint}" for endpoint, _, method in ROUTES])
    def test_every_page_sends_anonymous_visitors_to_log_in(self, shared, endpoint, rule, method):
        client = shared.app.test_client()
        url = _url(endpoint, rule, shared)
        if method == "GET":
            response = client.get(url)
        else:  # with a valid token, so that it is the login check that answers, not CSRF
            response = client.post(url, data={"csrf_token": csrf_token(client, "/logg-inn")})
        assert is_login_redirect(response), f"{method} {url} answered {response.status_code}"

    def test_the_redirect_remembers_the_page(self, shared):
        response = shared.app.test_client().get("/mine-menteer")
        assert response.headers["Location"].endswith("/logg-inn?next=%2Fmine-menteer")

    @pytest.mark.parametrize(("target", "lands_on"), [
        ("/mine-menteer", "/mine-menteer"),
        ("https://evil.example/", "/"), ("//evil.example/", "/"), ("/\\evil.example/", "/"),
        ("/\\/evil.example", "/"), ("javascript:alert(1)", "/"),
    ])
    def test_after_login_only_pages_of_this_site_are_followed(self, shared, target, lands_on):
        client = shared.app.test_client()
        response = client.post("/logg-inn?" + urlencode({"next": target}), data={
            "email": "mentor@test.no", "password": factories.PASSWORD,
            "csrf_token": csrf_token(client, "/logg-inn")})
        assert response.status_code == 302
        assert response.headers["Location"] == lands_on

    def test_the_login_page_is_public(self, shared):
        response = shared.app.test_client().get("/logg-inn")
        assert response.status_code == 200
        assert "Logg inn" in response.get_data(as_text=True)

    @pytest.mark.parametrize("page", ["/glemt-passord", "/nytt-passord/" + "A" * 43, "/invitasjon/" + "A" * 43])
    def test_the_password_reset_pages_are_public_and_grant_nothing(self, shared, page):
        client = shared.app.test_client()
        response = client.get(page)
        assert response.status_code in (200, 404) and "passord" in response.get_data(as_text=True)
        assert is_login_redirect(client.get("/profil"))

    def test_the_accessibility_statement_is_public(self, shared):
        response = shared.app.test_client().get("/tilgjengelighet")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Tilgjengelighetserklæring" in page and "https://www.uutilsynet.no/" in page

    def test_every_page_links_to_the_accessibility_statement(self, shared):
        page = shared.app.test_client().get("/logg-inn").get_data(as_text=True)
        assert 'href="/tilgjengelighet"' in page

    def test_static_files_are_public(self, shared):
        response = shared.app.test_client().get("/static/css/mentorplan.css")
        assert response.status_code == 200
        response.close()

    def test_an_anonymous_post_without_token_changes_nothing(self, shared):
        mentee_activity = shared.ids["activity"]
        response = shared.app.test_client().post(
            f"/aktivitet/{mentee_activity}/utfort", data={"completed_on": "2026-09-10"})
        assert response.status_code in (302, 400)
        assert activity_state(shared.app, mentee_activity)[0] is ActivityStatus.PLANNED


# --- 2. The role × page matrix -----------------------------------------------------------

LOGINS = ("admin", "hr", "enhetsleder", "enhetsleder_b", "avdelingsleder", "avdelingsleder2",
          "avdelingsleder_b", "mentor", "mentor2", "mentor_b", "mentee", "mentee2", "mentee_b", "hr_other")

# Columns, in LOGINS order:
#   adm admin (kommune 1)        hr  hr (kommune 1)          el  enhetsleder (unit A)
#   elb enhetsleder_b (unit B)   al  avdelingsleder (A/1)    al2 avdelingsleder2 (A/2)
#   alb avdelingsleder_b (B)     m   mentor (mentee's mentor, mentee2's backup)
#   m2  mentor2 (mentee2's mentor, mentee's backup)          mb  mentor_b (mentee_b's mentor)
#   me  mentee (A/1)   me2 mentee2 (A/2)   meb mentee_b (B)   hro hr_other (the other kommune)
# Rows: <mentee> is the mentorship (for /plan) or the person (for /personer) of that mentee;
# <default> is the kommune's default template, <default_other> the other kommune's, and
# <draft_a> a draft of unit A's own template; <conversation> mentee's first mentor conversation and
# <leader_conversation> her oppstartssamtale (every page that follows the plan shows that they were
# held; what they show is tested in test_conversations.py); <activity> her "Mentorsamtale uke 2".
# Logging a conversation is the mentor's and the leaders'; preparing one is the mentee's; handing a
# mentee over to another mentor and versioning the checklist are the enhetsleder's.
# <draft_a> a draft of unit A's own template. <notification> is a message to mentee, <notification_other>
# one to the other kommune's mentee: a message is its recipient's alone, whatever the reader's role.
# The outbox (delivery, never content) is the admin's.
# The mentor roster (/enhet/<unit>/mentorer) and the funksjonstillegg for payroll are the enhetsleder's
# for their unit; HR reads them for every unit of its own kommune. The pulse (/puls) is the mentee's
# own; its aggregates (/enhet/<unit>/puls) and the programme dashboard are the enhetsleder's.
# Network meetings are planned by HR (kommune) and the enhetsleder (own units); <meeting> invites unit A.
# <draft_a> a draft of unit A's own template.
# Everyone changes their own password and e-mail address (/profil/passord, /profil/e-post); the TOTP
# second factor (/profil/totp) is offered to admin and HR only (its POSTs: test_accounts.py).
# Retention (/stabilitet) is HR's for the kommune and the enhetsleder's for their unit; the
# reference lines are HR's alone, as is adding an employment to a person. How an employment
# ends and its size change HR registers, or the leaders of that employment (as they register hires).
# 403: the role does not have the page at all (HR and admin never see plans; templates are the
# enhetsleder's; people pages are HR's and admin's). 404: the page exists for the role, but the
# object is outside the person's scope. The enhetsleder may stand in for the avdelingsleder when
# registering a new hire.
EXPECTED = """
page                      adm hr  el  elb al  al2 alb m   m2  mb  me  me2 meb hro
/                         200 200 200 200 200 200 200 200 200 200 200 200 200 200
/min-plan                 403 403 403 403 403 403 403 403 403 403 200 200 200 403
/mine-menteer             403 403 403 403 403 403 403 200 200 200 403 403 403 403
/avdeling/                403 403 403 403 200 200 200 403 403 403 403 403 403 403
/avdeling/nyansatt        403 403 200 200 200 200 200 403 403 403 403 403 403 403
/enhet                    403 403 200 200 403 403 403 403 403 403 403 403 403 403
/personer/                200 200 403 403 403 403 403 403 403 403 403 403 403 200
/plan/<mentee>            403 403 200 404 200 404 404 200 200 404 200 404 404 403
/plan/<mentee2>           403 403 200 404 404 200 404 200 200 404 404 200 404 403
/plan/<mentee_b>          403 403 404 200 404 404 200 404 404 200 404 404 200 403
/plan/<mentee_other>      403 403 404 404 404 404 404 404 404 404 404 404 404 403
/enhet/<a>/mal            403 403 200 404 403 403 403 403 403 403 403 403 403 403
/enhet/<b>/mal            403 403 404 200 403 403 403 403 403 403 403 403 403 403
/personer/<mentee>        200 200 403 403 403 403 403 403 403 403 403 403 403 404
/personer/<mentee_other>  404 404 403 403 403 403 403 403 403 403 403 403 403 200
/mal/<default>            403 403 200 200 403 403 403 403 403 403 403 403 403 403
/mal/<default_other>      403 403 404 404 403 403 403 403 403 403 403 403 403 403
/mal/<draft_a>            403 403 200 404 403 403 403 403 403 403 403 403 403 403
/plan/<mentee>/sjekkliste 403 403 200 404 200 404 404 200 200 404 200 404 404 403
/plan/<mentee_b>/sjekkliste 403 403 404 200 404 404 200 404 404 200 404 404 200 403
/samtale/<conversation>   403 403 200 404 200 404 404 200 200 404 200 404 404 403
/samtale/<leader_conversation> 403 403 200 404 200 404 404 200 200 404 200 404 404 403
/plan/<mentee>/samtale/ny 403 403 200 404 200 404 404 200 200 404 403 403 403 403
/plan/<mentee_b>/samtale/ny 403 403 404 200 404 404 200 404 404 200 403 403 403 403
/aktivitet/<activity>/samtale 403 403 404 404 404 404 404 200 200 404 403 403 403 403
/aktivitet/<activity>/forberedelse 403 403 403 403 403 403 403 403 403 403 200 404 404 403
/plan/<mentee>/bytt-mentor 403 403 200 404 403 403 403 403 403 403 403 403 403 403
/plan/<mentee_b>/bytt-mentor 403 403 404 200 403 403 403 403 403 403 403 403 403 403
/enhet/<a>/sjekkliste     403 403 200 404 403 403 403 403 403 403 403 403 403 403
/sjekklistemal/<checklist_draft_a> 403 403 200 404 403 403 403 403 403 403 403 403 403 403
/tilgjengelighet          200 200 200 200 200 200 200 200 200 200 200 200 200 200
/profil                   200 200 200 200 200 200 200 200 200 200 200 200 200 200
/profil/passord           200 200 200 200 200 200 200 200 200 200 200 200 200 200
/profil/e-post            200 200 200 200 200 200 200 200 200 200 200 200 200 200
/profil/totp              200 200 403 403 403 403 403 403 403 403 403 403 403 200
/glemt-passord            200 200 200 200 200 200 200 200 200 200 200 200 200 200
/plan/<mentee>/kalender.ics       403 403 200 404 200 404 404 200 200 404 200 404 404 403
/plan/<mentee2>/kalender.ics      403 403 200 404 404 200 404 200 200 404 404 200 404 403
/plan/<mentee_b>/kalender.ics     403 403 404 200 404 404 200 404 404 200 404 404 200 403
/plan/<mentee_other>/kalender.ics 403 403 404 404 404 404 404 404 404 404 404 404 404 403
/avdeling/<1>/kalender.ics        403 403 200 404 200 404 404 403 403 403 403 403 403 403
/avdeling/<2>/kalender.ics        403 403 200 404 404 200 404 403 403 403 403 403 403 403
/avdeling/<b>/kalender.ics        403 403 404 200 404 404 200 403 403 403 403 403 403 403
/avdeling/<other>/kalender.ics    403 403 404 404 404 404 404 403 403 403 403 403 403 403
/varsler                  200 200 200 200 200 200 200 200 200 200 200 200 200 200
/varsler/innstillinger    200 200 200 200 200 200 200 200 200 200 200 200 200 200
/varsler/<notification>   404 404 404 404 404 404 404 404 404 404 200 404 404 404
/varsler/<notification_other> 404 404 404 404 404 404 404 404 404 404 404 404 404 404
/utboks                   200 403 403 403 403 403 403 403 403 403 403 403 403 403
/tilgangslogg/             200 403 403 403 403 403 403 403 403 403 403 403 403 403
/tilgangslogg/meg          200 200 200 200 200 200 200 200 200 200 200 200 200 200
/profil/mine-data.json     200 200 200 200 200 200 200 200 200 200 200 200 200 200
/profil/mine-data.zip      200 200 200 200 200 200 200 200 200 200 200 200 200 200
/stabilitet/              403 200 200 200 403 403 403 403 403 403 403 403 403 200
/stabilitet/eksport.csv   403 200 200 200 403 403 403 403 403 403 403 403 403 200
/stabilitet/eksport.xlsx  403 200 200 200 403 403 403 403 403 403 403 403 403 200
/stabilitet/referanser    403 200 403 403 403 403 403 403 403 403 403 403 403 200
/stabilitet/programstart  403 200 403 403 403 403 403 403 403 403 403 403 403 200
/personer/<mentee>/arbeidsforhold/ny                        403 200 403 403 403 403 403 403 403 403 403 403 403 404
/personer/<mentee_other>/arbeidsforhold/ny                  403 404 403 403 403 403 403 403 403 403 403 403 403 200
/personer/arbeidsforhold/<employment_mentee>/stillingsprosent        403 200 200 404 200 404 404 403 403 403 403 403 403 404
/personer/arbeidsforhold/<employment_mentee_other>/stillingsprosent  403 404 404 404 404 404 404 403 403 403 403 403 403 200
/personer/arbeidsforhold/<employment_mentee>/avslutt        403 200 200 404 200 404 404 403 403 403 403 403 403 404
/personer/arbeidsforhold/<employment_mentee_other>/avslutt  403 404 404 404 404 404 404 403 403 403 403 403 403 200
/enhet/<a>/mentorer               403 200 200 404 403 403 403 403 403 403 403 403 403 404
/enhet/<b>/mentorer               403 200 404 200 403 403 403 403 403 403 403 403 403 404
/mentorer/funksjonstillegg        403 200 200 200 403 403 403 403 403 403 403 403 403 200
/mentorer/funksjonstillegg.csv    403 200 200 200 403 403 403 403 403 403 403 403 403 200
/mentorer/funksjonstillegg.xlsx   403 200 200 200 403 403 403 403 403 403 403 403 403 200
/puls                             403 403 403 403 403 403 403 403 403 403 200 200 200 403
/enhet/<a>/puls                   403 403 200 404 403 403 403 403 403 403 403 403 403 403
/enhet/<b>/puls                   403 403 404 200 403 403 403 403 403 403 403 403 403 403
/enhet/<a>/program                403 403 200 404 403 403 403 403 403 403 403 403 403 403
/enhet/<b>/program                403 403 404 200 403 403 403 403 403 403 403 403 403 403
/nettverk/                        403 200 200 200 403 403 403 403 403 403 403 403 403 200
/nettverk/ny                      403 200 200 200 403 403 403 403 403 403 403 403 403 200
/nettverk/<meeting>               403 200 200 404 403 403 403 403 403 403 403 403 403 404
"""


def _matrix() -> list[tuple[str, str, int]]:
    header, *rows = EXPECTED.strip().splitlines()
    assert len(header.split()) == len(LOGINS) + 1
    cells = []
    for row in rows:
        page, *codes = row.split()
        assert len(codes) == len(LOGINS), page
        cells += [(page, login, int(code)) for login, code in zip(LOGINS, codes)]
    return cells


def _resolve(page: str, shared: Shared) -> str:
    world, ids = shared.world, shared.ids
    if "<" not in page:
        return page
    prefix, rest = page.split("<", 1)
    name, suffix = rest.split(">", 1)
    if prefix == "/plan/":
        value = world.mentorship_ids[name]
    elif prefix == "/personer/":
        value = world.person_ids[name]
    elif prefix == "/enhet/":
        value = world.unit_ids[name]
    elif prefix == "/avdeling/":
        value = world.ward_ids[name]
    else:
        value = ids[name]
    return f"{prefix}{value}{suffix}"


class TestMatrix:
    @pytest.mark.parametrize(("page", "login", "expected"), [
        pytest.param(page, login, code, id=f"{page} as {login}")
        for page, login, code in _matrix()
    ])
    def test_status(self, shared, page, login, expected):
        response = shared.client(login).get(_resolve(page, shared))
        assert response.status_code == expected


# --- 3. Guessed ids ----------------------------------------------------------------------

@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


def complete(client, activity: int, on: str = "2026-09-10", follow: bool = False):
    """Post the 'Marker som utført' form, with a valid CSRF token of the client's session."""
    return client.post(f"/aktivitet/{activity}/utfort", follow_redirects=follow,
                       data={"completed_on": on, "csrf_token": csrf_token(client, "/")})


def test_mentee2_cannot_open_mentees_plan(app, world, login, today):
    client = login(world.email("mentee2"))
    assert client.get(f"/plan/{world.mentorship_ids['mentee']}").status_code == 404


@pytest.mark.parametrize("title", ["Første mentorsamtale: bli kjent", "Velkomst og oppstartssamtale"])
def test_mentee2_cannot_complete_mentees_activities(app, world, login, today, title):
    target = activity_id(app, world.mentorship_ids["mentee"], title)
    before = activity_state(app, target)
    response = complete(login(world.email("mentee2")), target)
    assert response.status_code == 404
    assert activity_state(app, target) == before
    assert before[0] is ActivityStatus.PLANNED


@pytest.mark.parametrize(("guess", "key"), [
    ("/plan/999999", "mentor"), ("/personer/999999", "hr"), ("/mal/999999", "enhetsleder"),
    ("/enhet/999999/mal", "enhetsleder"), ("/mal/aktivitet/999999", "enhetsleder"),
])
def test_a_guessed_id_that_does_not_exist_answers_404(app, world, login, guess, key):
    assert login(world.email(key)).get(guess).status_code == 404


@pytest.mark.parametrize("guess", ["/kalender/x.ics", "/kalender/" + "A" * 43 + ".ics",
                                   "/kalender/" + "a" * 42 + "-.ics", "/kalender/%00.ics"])
def test_a_guessed_calendar_token_answers_404(app, world, guess):
    assert app.test_client().get(guess).status_code == 404


def test_posting_to_an_activity_that_does_not_exist_answers_404(app, world, login, today):
    assert complete(login(world.email("mentor")), 999999).status_code == 404


def test_hr_other_cannot_open_the_first_kommunes_people(app, world, login):
    client = login(world.email("hr_other"))
    other_people = {"hr_other", "mentor_other", "mentee_other"}
    for key, person_id in world.person_ids.items():
        if key not in other_people:
            assert client.get(f"/personer/{person_id}").status_code == 404, key


def test_hr_cannot_open_the_other_kommunes_people(app, world, login):
    client = login(world.email("hr"))
    for key in ("hr_other", "mentor_other", "mentee_other"):
        assert client.get(f"/personer/{world.person_ids[key]}").status_code == 404, key


@pytest.mark.parametrize("title", ["Velkomst og oppstartssamtale", "Forberede ankomst", "Oppfølgingssamtale",
                                   "Første mentorsamtale: bli kjent"])
def test_avdelingsleder2_cannot_complete_activities_in_avdeling_1(app, world, login, today, title):
    target = activity_id(app, world.mentorship_ids["mentee"], title)
    before = activity_state(app, target)
    assert complete(login(world.email("avdelingsleder2")), target).status_code == 404
    assert activity_state(app, target) == before


def plan_template_and_titles(app, mentorship_id):
    with app.app_context():
        plan = db.session.get(Mentorship, mentorship_id).plan
        return plan.template_id, sorted(a.title for a in plan.activities)


@pytest.mark.parametrize("key", ["mentor_b", "enhetsleder_b", "avdelingsleder_b", "avdelingsleder2"])
def test_leaders_and_mentors_elsewhere_cannot_apply_a_template_to_a_unit_a_plan(app, world, login, today, key):
    publish_unit_version(app, world.unit_ids["a"], world.person_ids["enhetsleder"])
    mentee_plan = world.mentorship_ids["mentee"]
    before = plan_template_and_titles(app, mentee_plan)
    client = login(world.email(key))
    response = client.post(f"/plan/{mentee_plan}/bruk-mal", data={"csrf_token": csrf_token(client, "/")})
    # A mentor has no such action at all (403); a leader elsewhere may not see this plan (404).
    assert response.status_code == (403 if key.startswith("mentor") else 404)
    assert plan_template_and_titles(app, mentee_plan) == before


@pytest.mark.parametrize("key", ["mentor", "mentee"])
def test_the_mentor_and_the_mentee_cannot_apply_a_template_to_their_plan(app, world, login, today, key):
    publish_unit_version(app, world.unit_ids["a"], world.person_ids["enhetsleder"])
    mentee_plan = world.mentorship_ids["mentee"]
    before = plan_template_and_titles(app, mentee_plan)
    client = login(world.email(key))
    assert "Ta i bruk versjon" not in client.get(f"/plan/{mentee_plan}").get_data(as_text=True)
    response = client.post(f"/plan/{mentee_plan}/bruk-mal", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code in (403, 404)
    assert plan_template_and_titles(app, mentee_plan) == before


def template_snapshot(app, template_id):
    with app.app_context():
        template = db.session.get(PlanTemplate, template_id)
        return template.status, sorted((a.id, a.title, a.due_from_day, a.due_to_day) for a in template.activities)


@pytest.fixture
def unit_a_draft(app, world, login):
    """A draft of unit A's template, made by its enhetsleder through the page."""
    client = login(world.email("enhetsleder"))
    url = f"/enhet/{world.unit_ids['a']}/mal"
    response = post_form(client, f"{url}/kladd", {}, form_url=url)
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.get(PlanTemplate, draft_id).status is TemplateStatus.DRAFT
        first = db.session.get(PlanTemplate, draft_id).activities[0].id
    return draft_id, first


EDIT_DATA = {"kind": "mentorsamtale", "title": "Kapret", "responsible": "mentor", "participants": ["mentee"],
             "due_from_day": "0", "due_to_day": "6", "duration_minutes": "45", "guidance": ""}

FOREIGN_EDITS = {
    "view draft": ("GET", "/mal/{draft}"),
    "open activity form": ("GET", "/mal/aktivitet/{activity}"),
    "edit activity": ("POST", "/mal/aktivitet/{activity}"),
    "delete activity": ("POST", "/mal/aktivitet/{activity}/slett"),
    "open new-activity form": ("GET", "/mal/{draft}/aktivitet/ny"),
    "add activity": ("POST", "/mal/{draft}/aktivitet/ny"),
    "publish": ("POST", "/mal/{draft}/publiser"),
}


@pytest.mark.parametrize("action", FOREIGN_EDITS)
def test_enhetsleder_b_cannot_touch_unit_as_draft(app, world, login, unit_a_draft, action):
    draft_id, first_activity = unit_a_draft
    before = template_snapshot(app, draft_id)
    method, pattern = FOREIGN_EDITS[action]
    url = pattern.format(draft=draft_id, activity=first_activity)
    client = login(world.email("enhetsleder_b"))
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={**EDIT_DATA, "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    assert template_snapshot(app, draft_id) == before


def test_enhetsleder_b_cannot_start_a_draft_for_unit_a(app, world, login):
    client = login(world.email("enhetsleder_b"))
    response = client.post(f"/enhet/{world.unit_ids['a']}/mal/kladd", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanTemplate).where(
            PlanTemplate.unit_id == world.unit_ids["a"])) == 0


@pytest.mark.parametrize("key", ["avdelingsleder", "mentor"])
def test_others_in_unit_a_cannot_edit_its_draft(app, world, login, unit_a_draft, key):
    draft_id, first_activity = unit_a_draft
    before = template_snapshot(app, draft_id)
    client = login(world.email(key))
    response = client.post(f"/mal/aktivitet/{first_activity}",
                           data={**EDIT_DATA, "csrf_token": csrf_token(client, "/")})
    assert response.status_code in (403, 404)
    assert template_snapshot(app, draft_id) == before


# --- 4. Marking activities done ----------------------------------------------------------

MENTOR_ACTIVITY = "Første mentorsamtale: bli kjent"
LEADER_ACTIVITY = "Oppfølgingssamtale"


def test_the_mentor_marks_a_mentor_activity_done(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    response = complete(login(world.email("mentor")), target, "2026-09-10")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/plan/{world.mentorship_ids['mentee']}"
    status, completed_on, completed_by, completed_at = activity_state(app, target)
    assert status is ActivityStatus.DONE
    assert completed_on == date(2026, 9, 10)
    assert completed_by == world.person_ids["mentor"]
    assert completed_at is not None


def test_the_backup_mentor_may_mark_a_mentor_activity_done(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    complete(login(world.email("mentor2")), target)
    assert activity_state(app, target)[:3] == (
        ActivityStatus.DONE, date(2026, 9, 10), world.person_ids["mentor2"])


def test_marking_done_says_so_on_the_plan(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    page = complete(login(world.email("mentor")), target, "2026-09-10", follow=True).get_data(as_text=True)
    assert f"«{MENTOR_ACTIVITY}» er markert som utført." in page
    assert "Utført 10.09.2026 av Mona Mentor." in page


def test_the_mentee_cannot_mark_a_mentor_activity(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    before = activity_state(app, target)
    response = complete(login(world.email("mentee")), target)
    assert response.status_code in (403, 404)
    assert activity_state(app, target) == before


def test_the_mentees_plan_offers_no_completion_buttons(app, world, login, today):
    page = login(world.email("mentee")).get("/min-plan").get_data(as_text=True)
    assert "/utfort" not in page
    assert "Marker som utført" not in page


def test_the_avdelingsleder_marks_a_ledersamtale_done(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], LEADER_ACTIVITY)
    assert complete(login(world.email("avdelingsleder")), target, "2026-09-18").status_code == 302
    assert activity_state(app, target)[:3] == (
        ActivityStatus.DONE, date(2026, 9, 18), world.person_ids["avdelingsleder"])


def test_the_enhetsleder_may_mark_a_ledersamtale_in_the_unit(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee2"], LEADER_ACTIVITY)
    complete(login(world.email("enhetsleder")), target)
    assert activity_state(app, target)[:3] == (
        ActivityStatus.DONE, date(2026, 9, 10), world.person_ids["enhetsleder"])


@pytest.mark.parametrize("key", ["mentor", "mentor2", "mentee"])
def test_the_mentor_and_mentee_cannot_mark_a_ledersamtale(app, world, login, today, key):
    target = activity_id(app, world.mentorship_ids["mentee"], LEADER_ACTIVITY)
    before = activity_state(app, target)
    assert complete(login(world.email(key)), target).status_code in (403, 404)
    assert activity_state(app, target) == before


def test_the_mentors_plan_page_offers_buttons_only_for_the_mentors_activities(app, world, login, today):
    mentee_plan = world.mentorship_ids["mentee"]
    page = login(world.email("mentor")).get(f"/plan/{mentee_plan}").get_data(as_text=True)
    assert f'action="/aktivitet/{activity_id(app, mentee_plan, MENTOR_ACTIVITY)}/utfort"' in page
    assert f'action="/aktivitet/{activity_id(app, mentee_plan, LEADER_ACTIVITY)}/utfort"' not in page


def test_a_future_date_is_refused_in_norwegian_and_nothing_is_saved(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    before = activity_state(app, target)
    response = complete(login(world.email("mentor")), target, "2026-09-21", follow=True)
    assert f"{MENTOR_ACTIVITY}: Datoen kan ikke være fram i tid." in response.get_data(as_text=True)
    assert activity_state(app, target) == before


def test_a_date_that_is_not_a_date_is_refused_in_norwegian(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    before = activity_state(app, target)
    response = complete(login(world.email("mentor")), target, "31.02.2026", follow=True)
    assert "Skriv inn datoen aktiviteten ble utført (dd.mm.åååå)." in response.get_data(as_text=True)
    assert activity_state(app, target) == before


def test_a_missing_csrf_token_is_refused_and_nothing_is_saved(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    before = activity_state(app, target)
    response = login(world.email("mentor")).post(f"/aktivitet/{target}/utfort", data={"completed_on": "2026-09-10"})
    assert response.status_code == 400
    assert "Skjemaet var utløpt eller ugyldig" in response.get_data(as_text=True)
    assert activity_state(app, target) == before


def test_a_token_from_another_session_is_refused(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    stolen = csrf_token(login(world.email("mentee")), "/")
    response = login(world.email("mentor")).post(f"/aktivitet/{target}/utfort",
                                                 data={"completed_on": "2026-09-10", "csrf_token": stolen})
    assert response.status_code == 400
    assert activity_state(app, target)[0] is ActivityStatus.PLANNED


def test_a_done_activity_cannot_be_marked_again(app, world, login, today):
    target = activity_id(app, world.mentorship_ids["mentee"], MENTOR_ACTIVITY)
    client = login(world.email("mentor"))
    complete(client, target, "2026-09-10")
    first = activity_state(app, target)
    response = complete(client, target, "2026-09-12", follow=True)
    assert "Aktiviteten er allerede avsluttet." in response.get_data(as_text=True)
    assert activity_state(app, target) == first


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "\\\\evil.example", "/\t/evil.example", "javascript:alert(1)"])
def test_logging_in_never_redirects_off_the_site(app, world, target):
    client = app.test_client()
    response = client.post("/logg-inn", query_string={"next": target}, data={
        "email": "mentor@test.no", "password": factories.PASSWORD, "csrf_token": csrf_token(client, "/logg-inn")})
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location
    assert urlsplit(location).netloc == ""


def test_logging_in_follows_next_within_the_site(app, world):
    client = app.test_client()
    response = client.post("/logg-inn", query_string={"next": "/mine-menteer"}, data={
        "email": "mentor@test.no", "password": factories.PASSWORD, "csrf_token": csrf_token(client, "/logg-inn")})
    assert response.headers["Location"] == "/mine-menteer"


def test_logging_out_needs_a_token(app, world, login):
    client = login(world.email("mentor"))
    assert client.post("/logg-ut").status_code == 400
    assert client.get("/mine-menteer").status_code == 200
    assert is_login_redirect(client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/")}))
    assert is_login_redirect(client.get("/mine-menteer"))


def disable_user(app, email):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).is_enabled = False
        db.session.commit()


def test_a_disabled_user_cannot_log_in(app, world):
    disable_user(app, "mentor@test.no")
    client = app.test_client()
    response = client.post("/logg-inn", data={"email": "mentor@test.no", "password": factories.PASSWORD,
                                              "csrf_token": csrf_token(client, "/logg-inn")})
    assert response.status_code == 200
    assert "Feil e-post eller passord." in response.get_data(as_text=True)
    assert is_login_redirect(client.get("/"))


def test_disabling_a_user_ends_their_session(app, world, login):
    client = login(world.email("mentor"))
    disable_user(app, "mentor@test.no")
    assert is_login_redirect(client.get("/mine-menteer"))


# --- Roles in time and scope ---------------------------------------------------------------

def add_login(app, world, key: str, role: Role | None = None, *, unit: str | None = None,
              valid_to: date | None = None) -> str:
    """A new login `<key>@test.no` in the first kommune, holding one role or none."""
    with app.app_context():
        kommune = db.session.get(Kommune, world.kommune_id)
        person = factories.person(kommune, key.capitalize(), "Ekstra", email=f"{key}@test.no")
        factories.user(person, f"{key}@test.no")
        if role is not None:
            db.session.add(RoleAssignment(person=person, role=role, kommune=kommune, valid_to=valid_to,
                                          unit_id=world.unit_ids[unit] if unit else None))
        db.session.commit()
    return f"{key}@test.no"


def test_an_avdelingsleder_for_a_whole_unit_sees_every_ward_of_it(app, world, login, today):
    client = login(add_login(app, world, "unitwide", Role.AVDELINGSLEDER, unit="a"))
    page = client.get("/avdeling/").get_data(as_text=True)
    assert "Nina Nytilsatt" in page and "Nils Nytilsatt" in page and "Nora Nytilsatt" not in page
    assert client.get(f"/plan/{world.mentorship_ids['mentee2']}").status_code == 200
    assert client.get(f"/plan/{world.mentorship_ids['mentee_b']}").status_code == 404
    target = activity_id(app, world.mentorship_ids["mentee2"], LEADER_ACTIVITY)
    complete(client, target)
    assert activity_state(app, target)[0] is ActivityStatus.DONE


def test_a_role_that_has_ended_gives_no_access(app, world, login, today):
    client = login(add_login(app, world, "former", Role.ENHETSLEDER, unit="a", valid_to=date(2026, 8, 31)))
    assert client.get("/enhet").status_code == 403
    assert client.get(f"/plan/{world.mentorship_ids['mentee']}").status_code == 403
    target = activity_id(app, world.mentorship_ids["mentee"], LEADER_ACTIVITY)
    assert complete(client, target).status_code == 403
    assert activity_state(app, target)[0] is ActivityStatus.PLANNED


def test_a_login_without_roles_sees_only_the_start_page(app, world, login, today):
    client = login(add_login(app, world, "nobody"))
    assert "Du har ingen roller i mentorprogrammet ennå." in client.get("/").get_data(as_text=True)
    for url in ("/min-plan", "/mine-menteer", "/avdeling/", "/avdeling/nyansatt", "/enhet", "/personer/"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/plan/{world.mentorship_ids['mentee']}").status_code == 403
