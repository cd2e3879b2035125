"""Hostile input to the forms: very long strings, control characters, HTML/script, SQL fragments,
invalid UTF-8, wrong types and missing fields. Never a 500, stored text is shown escaped, and a
refused form leaves nothing half-saved."""
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AgreedAction,
    ChecklistEntry,
    ChecklistItem,
    Conversation,
    Employment,
    MentorTraining,
    NetworkInvitation,
    NetworkMeeting,
    Person,
    PositionChange,
    PulseResponse,
    RetentionBenchmark,
    RoleAssignment,
    Shift,
    TalkingPoint,
    TemplateActivity,
    Unit,
    UnitMentorTerms,
)
from mentorplan.plans.operations import new_draft

from tests.conftest import csrf_token
from tests.conversations.test_conversations import talk_form, talks  # noqa: F401  (the fixture)

SCRIPT = "<script>alert('x')</script>"
HOSTILE = ["A" * 100_000, "\x00\x01\x02\x1b[31m\x7f", SCRIPT, "'; DROP TABLE person; --", "1 OR 1=1",
           "-1", "99999999999999999999", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ", "\u202e\u200b", "2026-02-30", "", " "]
INVALID_UTF8 = "%FF%FE%C3%28"


DEFAULT_MODELS = (Conversation, AgreedAction, Employment, PositionChange)


def counts(app, models=DEFAULT_MODELS) -> tuple:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in models)


def post_raw(client, url, data: dict, token_url: str, broken_field: str | None = None):
    body = urlencode({**data, "csrf_token": csrf_token(client, token_url)}, doseq=True)
    if broken_field:
        body += f"&{broken_field}={INVALID_UTF8}"
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")


def hammer(app, client, url, base: dict, token_url=None, models=DEFAULT_MODELS) -> set[int]:
    """Every field of the form, one at a time, with every hostile value, as invalid UTF-8 and missing;
    the status codes seen."""
    token_url = token_url or url
    seen = set()
    for field in base:
        variants = [{**base, field: value} for value in HOSTILE]
        variants.append({k: v for k, v in base.items() if k != field})
        for data in variants:
            before = counts(app, models)
            response = post_raw(client, url, data, token_url)
            assert response.status_code < 500, (url, field, str(data.get(field))[:40])
            seen.add(response.status_code)
            text = response.get_data(as_text=True)
            assert SCRIPT not in text, (url, field)
            if response.status_code != 302:
                assert counts(app, models) == before, (url, field, str(data.get(field))[:40])
        response = post_raw(client, url, {k: v for k, v in base.items() if k != field}, token_url, field)
        assert response.status_code < 500, (url, field, "invalid utf-8")
    return seen


def test_the_conversation_form(app, world, login, talks):  # noqa: F811
    client = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    assert hammer(app, client, url, talk_form()) == {200, 302}  # refused with messages, or saved whole
    plan = client.get(f"/plan/{world.mentorship_ids['mentee']}").get_data(as_text=True)
    assert SCRIPT not in plan


def test_the_mentees_own_notes(app, world, login, talks):  # noqa: F811
    client = login(world.email("mentee"))
    url = f"/samtale/{talks['conversation']}"
    hammer(app, client, f"{url}/egne-notater", {"preparation": "Forberedt.", "reflection": "Tenkt."}, url)
    assert SCRIPT not in client.get(url).get_data(as_text=True)


def test_the_employment_forms(app, world, login, talks):  # noqa: F811
    client = login(world.email("hr"))
    with app.app_context():
        employment_id = db.session.scalar(select(Employment.id).where(
            Employment.person_id == world.person_ids["mentee"]))
    hammer(app, client, f"/personer/arbeidsforhold/{employment_id}/stillingsprosent",
           {"from_date": "01.10.2026", "position_percent": "80"})
    hammer(app, client, f"/personer/{world.person_ids['mentor_b']}/arbeidsforhold/ny",
           {"unit_id": str(world.unit_ids["a"]), "start_date": "01.01.2031", "profession": "sykepleier",
            "position_percent": "50"})
    hammer(app, client, f"/personer/arbeidsforhold/{employment_id}/avslutt",
           {"end_date": "30.11.2026", "end_reason": "frivillig"})


def test_the_login_and_search_forms(app, world, login):
    hammer(app, app.test_client(), "/logg-inn", {"email": "ingen@test.no", "password": "feil-passord-her"})
    admin, hr = login(world.email("admin")), login(world.email("hr"))
    for value in HOSTILE + ["%FF"]:
        for client, url, field in ((admin, "/tilgangslogg/", "subject"), (admin, "/tilgangslogg/", "from_day"),
                                   (hr, "/personer/", "sok"), (hr, "/stabilitet/", "start_from"),
                                   (hr, "/stabilitet/", "months")):
            response = client.get(url, query_string={field: value})
            assert response.status_code < 500, (url, field, value[:40])
            assert SCRIPT not in response.get_data(as_text=True)


def test_the_account_forms(app, world, login, smtp):
    """Forgotten password, the reset link's form, a new password, a new e-mail address and the TOTP
    forms: hostile input is refused with a message, and the account is left as it was."""
    from urllib.parse import quote

    from mentorplan.models import User

    from tests import factories
    from tests.auth.test_accounts import ask_for_link, link_in

    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=10_000, LOGIN_FAILURES_PER_ADDRESS=10_000,
                      RESET_REQUESTS_PER_ACCOUNT=10_000, RESET_REQUESTS_PER_ADDRESS=10_000,
                      TOTP_FAILURES_PER_ACCOUNT=10_000, TOTP_FAILURES_PER_ADDRESS=10_000)

    def account(email):
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            return user.email, user.password_hash, user.totp_enabled, user.totp_secret

    hammer(app, app.test_client(), "/glemt-passord", {"email": "ingen@test.no"})
    ask_for_link(app, world.email("mentee"))
    _, token = link_in(smtp.to(world.email("mentee"))[0])
    reset = f"/nytt-passord/{token}"
    before = account(world.email("mentee"))
    hammer(app, app.test_client(), reset, {"new_password": "blå fjord vinter kaffe", "confirm": "blå fjord vinter kafe"})
    for value in HOSTILE:
        response = app.test_client().get("/nytt-passord/" + quote(value[:5000], safe=""))
        assert response.status_code < 500 and SCRIPT not in response.get_data(as_text=True)

    mentor = login(world.email("mentor"))
    mentor_before = account(world.email("mentor"))
    hammer(app, mentor, "/profil/passord", {"current_password": factories.PASSWORD,
                                            "new_password": "blå fjord vinter kaffe", "confirm": "blå fjord vinter kafe"})
    hammer(app, mentor, "/profil/e-post", {"email": "ny@test.no", "current_password": "feil-passord-her"})
    hammer(app, mentor, "/profil/e-post", {"email": "mentee@test.no", "current_password": factories.PASSWORD})

    admin = login(world.email("admin"))
    admin.post("/profil/totp/ny", data={"csrf_token": csrf_token(admin, "/profil/totp")})
    hammer(app, admin, "/profil/totp/bekreft", {"current_password": factories.PASSWORD, "code": "000000"},
           "/profil/totp")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == world.email("admin"))).totp_enabled = True
        db.session.commit()
    admin_before = account(world.email("admin"))
    hammer(app, admin, "/profil/totp/av", {"current_password": factories.PASSWORD, "code": "000000"}, "/profil/totp")
    half = app.test_client()
    half.post("/logg-inn", data={"email": world.email("admin"), "password": factories.PASSWORD,
                                 "csrf_token": csrf_token(half, "/logg-inn")})
    hammer(app, half, "/logg-inn/kode", {"code": "000000"})

    assert account(world.email("mentee")) == before
    assert account(world.email("mentor")) == mentor_before
    assert account(world.email("admin")) == admin_before


# --- The enhetsleder's template editor, talking points and checklist -----------------------------

@pytest.fixture
def draft(app, world, talks):  # noqa: F811
    with app.app_context():
        made = new_draft(db.session.get(Unit, world.unit_ids["a"]),
                         db.session.get(Person, world.person_ids["enhetsleder"]))
        db.session.commit()
        return made.id


def test_the_template_editor_and_talking_points(app, world, login, draft):
    client = login(world.email("enhetsleder"))
    models = (TemplateActivity, TalkingPoint)
    hammer(app, client, f"/mal/{draft}/aktivitet/ny",
           {"kind": "annet", "title": "Hospitering", "responsible": "mentor", "participants": ["mentee"],
            "due_from_day": "60", "due_to_day": "90", "duration_minutes": "", "guidance": "En dag."},
           models=models)
    hammer(app, client, f"/mal/{draft}/stikkord",
           {"month1": "Bli kjent", "months2_3": "Prioritering", "months4_6": "Prøvetid", "months7_12": "Kurs"},
           f"/mal/{draft}", models=models)
    assert SCRIPT not in client.get(f"/mal/{draft}").get_data(as_text=True)


def test_the_checklist_template_and_marks(app, world, login, talks):  # noqa: F811
    leader = login(world.email("enhetsleder"))
    template = f"/sjekklistemal/{talks['checklist_draft_a']}"
    hammer(app, leader, template, {"name_0": "Lokale rutiner", "items_0": "Sengeheis\nPasientvarsling"},
           models=(ChecklistItem,))
    assert SCRIPT not in leader.get(template).get_data(as_text=True)
    mentee = login(world.email("mentee"))
    hammer(app, mentee, f"/plan/{world.mentorship_ids['mentee']}/sjekkliste/{talks['item']}",
           {"mark": "opplaering", "action": "sett", "on": "2026-09-15"},
           f"/plan/{world.mentorship_ids['mentee']}/sjekkliste", models=(ChecklistEntry,))


# --- The avdelingsleder's absence form and turnus upload ------------------------------------------

def test_the_absence_form(app, world, login, talks):  # noqa: F811
    client = login(world.email("avdelingsleder"))
    hammer(app, client, "/avdeling/fravaer/",
           {"person_id": str(world.person_ids["mentor"]), "kind": "FE", "first_day": "2026-09-21",
            "last_day": "2026-09-23"}, models=(Absence,))
    assert SCRIPT not in client.get("/avdeling/fravaer/").get_data(as_text=True)


HEADER = "ansattnr;dato;vaktkode;start;slutt"
HOSTILE_FILES = {
    "invalid utf-8": b"ansattnr;dato;vaktkode\n\xff\xfe;2026-09-21;D1\n",
    "nul bytes": b"ansattnr;dato;vaktkode;start;slutt\n9001\x00;2026-09-21;D1;07:00;15:00\n",
    # 400 kB on one line: under the test client's 500 kB spool (the commands get the same file).
    "huge line": ("ansattnr;dato;vaktkode;start;slutt\n" + "9" * 400_000 + ";2026-09-21;D1;07:00;15:00\n").encode(),
    "formula and html": f"{HEADER}\n=HYPERLINK(\"http://x\");2026-09-21;{SCRIPT};07:00;15:00\n".encode(),
    "html header": f"{SCRIPT};dato\n1;2\n".encode(),
    "empty": b"",
    "binary": bytes(range(256)) * 40,
    "not a calendar": b"BEGIN:VCALENDAR\n\x00<script>\nEND:VEVENT\n",
    "only a header": f"{HEADER}\n".encode(),
}


@pytest.fixture
def uploads(app, tmp_path):
    app.instance_path = str(tmp_path / "instance")


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_turnus_uploads(app, world, login, talks, uploads, name):  # noqa: F811
    from io import BytesIO
    client = login(world.email("avdelingsleder"))
    before = counts(app, (Shift, Absence))
    for filename in ("turnus.csv", "turnus.ics", "<b>x</b>.csv"):
        response = client.post("/avdeling/turnus/", content_type="multipart/form-data", data={
            "file": (BytesIO(HOSTILE_FILES[name]), filename), "csrf_token": csrf_token(client, "/avdeling/turnus/")})
        assert response.status_code < 500, (name, filename)
        text = response.get_data(as_text=True)
        assert SCRIPT not in text and "<b>x</b>" not in text
        if response.status_code == 302:  # a preview to confirm: confirming must not break either
            confirm = client.post("/avdeling/turnus/bekreft", data={"csrf_token": csrf_token(client, response.location)})
            assert confirm.status_code < 500
    assert counts(app, (Shift, Absence)) == before


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_files_on_the_import_commands(app, world, runner, tmp_path, name):
    path = tmp_path / "fil.csv"
    path.write_bytes(HOSTILE_FILES[name])
    models = (Person, Employment, RoleAssignment, Shift, Absence)
    before = counts(app, models)
    for args in (["import-staff", str(path), "--kommune", "Testkommune"],
                 ["import-turnus", str(path), "--kommune", "Testkommune"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args[0], name, result.output)
        assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
        assert "Ingenting er lagret" in result.output or "ingenting er lagret" in result.output, result.output
    assert counts(app, models) == before


# --- The mentor programme: roster, network, pulse, reference lines ------------------------------

def test_the_roster_forms(app, world, login, talks):  # noqa: F811
    client = login(world.email("enhetsleder"))
    url = f"/enhet/{world.unit_ids['a']}/mentorer"
    models = (RoleAssignment, UnitMentorTerms, MentorTraining)
    hammer(app, client, url, {"appoint-person_id": str(world.person_ids["avdelingsleder"]),
                              "appoint-valid_from": "01.01.2026", "appoint-valid_to": "30.06.2026"}, models=models)
    hammer(app, client, url + "/vilkar", {"terms-annual_supplement": "12000", "terms-mentee_limit": "2"}, url,
           models=models)
    hammer(app, client, url + "/utdanning", {"training-person_id": str(world.person_ids["mentor"]),
                                             "training-programme": "Lokalt mentorkurs", "training-status": "completed",
                                             "training-started_on": "15.08.2024", "training-completed_on": "20.06.2025"},
           url, models=models)
    assert SCRIPT not in client.get(url).get_data(as_text=True)


def test_the_network_form(app, world, login, talks):  # noqa: F811
    client = login(world.email("enhetsleder"))
    hammer(app, client, "/nettverk/ny",
           {"name": "Nettverk", "unit_ids": [str(world.unit_ids["a"])], "first": "01.10.2026", "starts": "12:00",
            "ends": "14:00", "interval_months": "2", "count": "2", "location": "Møterom"},
           models=(NetworkMeeting, NetworkInvitation))
    assert SCRIPT not in client.get("/nettverk/").get_data(as_text=True)


def test_the_pulse_form(app, world, login):
    from datetime import date
    app.config["FIXED_TODAY"] = date(2026, 12, 10)  # three months after the mentees started
    client = login(world.email("mentee"))
    hammer(app, client, "/puls", {"safety": "4", "inclusion": "5", "growth": "4", "workload": "2", "recommend": "5",
                                  "milestone": "3", "intends_to_stay": "ja"}, models=(PulseResponse,))


def test_the_reference_line_form(app, world, login):
    client = login(world.email("hr"))
    hammer(app, client, "/stabilitet/referanser",
           {"label": "Landsgjennomsnitt", "months": "12", "percent": "82,5", "source": "KS 2019"},
           models=(RetentionBenchmark,))
    assert SCRIPT not in client.get("/stabilitet/referanser").get_data(as_text=True)
    assert SCRIPT not in client.get("/stabilitet/").get_data(as_text=True)
