"""Every input in range before it reaches the database (issue 22): the reports, each refused with a
message naming the field (or the file's line and column) and nothing stored, on both databases.

The rules live in mentorplan/files/input_rules.py; test_fuzz_hypothesis.py drives every form with
them. Today is 20.09.2026 (the `talks` fixture): the window of events runs 01.01.2021–31.12.2031,
that of a working life's record 01.01.1976–31.12.2031.
"""
import inspect
import re
from datetime import date
from io import BytesIO

import pytest
from sqlalchemy import func, select
from wtforms import DecimalField, IntegerField
from wtforms.fields.core import UnboundField
from wtforms.validators import NumberRange

from mentorplan.extensions import db
from mentorplan.files.input_rules import EVENT_DATES, HISTORY_DATES, control_character, record_id
from mentorplan.models import (
    Conversation,
    Employment,
    NetworkMeeting,
    Person,
    PlanActivity,
    PositionChange,
    Shift,
)
from mentorplan.people.staff_csv import StaffFileError, parse_staff_csv
from mentorplan.turnus.csv_file import parse_turnus_csv
from mentorplan.turnus.entries import TurnusFileError
from mentorplan.turnus.ical_file import parse_turnus_ics
from mentorplan.web.forms import NorwegianForm, NorwegianSubform

from tests.conftest import csrf_token, post_form
from tests.conversations.test_conversations import talks  # noqa: F401  (the fixture)
from tests.hiring import register
from tests.pages import field_error

TODAY = date(2026, 9, 20)
EVENTS = "må være mellom 01.01.2021 og 31.12.2031."
HISTORY = "må være mellom 01.01.1976 og 31.12.2031."
NUL = "inneholder et usynlig kontrolltegn (U+0000) som ikke kan lagres. Fjern det og prøv igjen."
TURNUS_HEADER = "ansattnr;dato;vaktkode;start;slutt"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- The rules alone ---------------------------------------------------------------------------

def test_a_window_is_whole_years_around_today():
    assert EVENT_DATES.bounds(TODAY) == (date(2021, 1, 1), date(2031, 12, 31))
    assert HISTORY_DATES.problem(date(1, 1, 1), TODAY, "Startdato") == f"Startdato {HISTORY}"
    assert EVENT_DATES.problem(date(2031, 12, 31), TODAY, "Dato") is None


@pytest.mark.parametrize(("text", "found"), [("Nina\x00", "U+0000"), ("a\x1b[31m", "U+001B"), ("\x7f", "U+007F"),
                                             ("\x85", "U+0085"), ("linje\r\nlinje\tfane", None), ("Ærlig ✓", None)])
def test_control_characters_but_line_breaks_and_tabs(text, found):
    assert control_character(text) == found


@pytest.mark.parametrize(("text", "number"), [("12", 12), ("2147483647", 2147483647), ("2147483648", None),
                                              ("0", None), ("-1", None), ("1e3", None), ("١٢", None), (None, None)])
def test_a_record_id_is_one_a_record_can_have(text, number):
    assert record_id(text) == number


def test_every_number_field_of_every_form_is_bounded(app):
    """A number field without NumberRange would store whatever fits the column, or overflow it."""
    def forms(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from forms(sub)
    unbounded, checked = [], []
    for form in {*forms(NorwegianForm), *forms(NorwegianSubform)}:
        for name, field in inspect.getmembers(form, lambda m: isinstance(m, UnboundField)):
            if issubclass(field.field_class, (IntegerField, DecimalField)):
                validators = field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else [])
                checked.append(name)
                if not any(isinstance(v, NumberRange) for v in validators):
                    unbounded.append(f"{form.__module__}.{form.__name__}.{name}")
    assert unbounded == [] and len(checked) >= 8


# --- Dates in forms ------------------------------------------------------------------------------

@pytest.mark.parametrize("start", ["01.01.0001", "31.12.9999", "2020-12-31", "2032-01-01"])
def test_a_new_hire_outside_the_window_is_refused_naming_the_start_date(app, world, login, talks, start):
    before = count(app, Person)
    response = register(login(world.email("avdelingsleder")), world, start_date=start)
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "start_date") == f"Startdato {EVENTS}"
    assert count(app, Person) == before


def test_a_network_meeting_in_year_9999_is_refused(app, world, login, talks):
    response = post_form(login(world.email("enhetsleder")), "/nettverk/ny", {
        "name": "Nettverk", "unit_ids": [str(world.unit_ids["a"])], "first": "01.10.9999", "starts": "12:00",
        "ends": "14:00", "interval_months": "2", "count": "3", "location": ""})
    assert field_error(response.get_data(as_text=True), "first") == f"Første møte {EVENTS}"
    assert count(app, NetworkMeeting) == 0


@pytest.mark.parametrize(("day", "message"), [("01.01.0001", "Datoen kan ikke være før planen begynte (24.08.2026)."),
                                               ("31.12.9999", "Datoen kan ikke være fram i tid.")])
def test_an_activity_is_not_completed_before_its_plan_began_or_in_the_future(app, world, login, talks, day, message):
    with app.app_context():
        activity = db.session.scalar(select(PlanActivity).join(PlanActivity.plan).where(
            PlanActivity.status != "done").order_by(PlanActivity.id))
        activity_id, plan_url, title = activity.id, f"/plan/{activity.plan.mentorship_id}", activity.title
    client = login(world.email("avdelingsleder"))
    response = client.post(f"/aktivitet/{activity_id}/utfort", data={
        "completed_on": day, "csrf_token": csrf_token(client, plan_url)}, follow_redirects=True)
    assert f"{title}: {message}" in response.get_data(as_text=True).replace("&#34;", '"')
    with app.app_context():
        assert db.session.get(PlanActivity, activity_id).completed_on is None


@pytest.mark.parametrize(("path", "data", "field", "message"), [
    ("avslutt", {"end_date": "31.12.9999", "end_reason": "frivillig"}, "end_date", f"Siste arbeidsdag {HISTORY}"),
    ("avslutt", {"end_date": "01.01.0001", "end_reason": "frivillig"}, "end_date",
     "Siste arbeidsdag kan ikke være før startdatoen 07.09.2026."),
    ("stillingsprosent", {"from_date": "31.12.9999", "position_percent": "80"}, "from_date", f"Gjelder fra {HISTORY}"),
])
def test_an_employments_end_and_position_change_stay_in_range(app, world, login, talks, path, data, field, message):
    with app.app_context():
        employment_id = db.session.scalar(select(Employment.id).where(
            Employment.person_id == world.person_ids["mentee"]))
    response = post_form(login(world.email("hr")), f"/personer/arbeidsforhold/{employment_id}/{path}", data)
    assert field_error(response.get_data(as_text=True), field) == message
    with app.app_context():
        assert db.session.get(Employment, employment_id).end_date is None
    assert count(app, PositionChange) == 0


# --- Text in forms -------------------------------------------------------------------------------

def test_a_nul_in_a_name_is_refused_naming_the_field(app, world, login, talks):
    response = register(login(world.email("avdelingsleder")), world, first_name="Kari\x00", employee_number="9\x000")
    page = response.get_data(as_text=True)
    assert field_error(page, "first_name") == f"Fornavn {NUL}"
    assert field_error(page, "employee_number") == f"Ansattnummer {NUL}"


def test_notes_keep_line_breaks_and_tabs_and_refuse_other_control_characters(app, world, login, talks):
    client = login(world.email("mentee"))
    url = f"/samtale/{talks['conversation']}"
    refused = post_form(client, f"{url}/egne-notater", {"preparation": "Spør om\x07 nattevakter", "reflection": ""},
                        url)
    assert "Min forberedelse inneholder et usynlig kontrolltegn (U+0007)" in refused.get_data(as_text=True)
    kept = "Spør om nattevakter.\r\n\tOg om kurs."
    assert post_form(client, f"{url}/egne-notater", {"preparation": kept, "reflection": ""}, url).status_code == 302
    with app.app_context():
        assert db.session.get(Conversation, talks["conversation"]).preparation == kept


# --- Ids in URLs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["2147483648", "9223372036854775808", "9" * 40])
def test_an_id_no_record_can_have_is_not_found(world, login, talks, number):
    client = login(world.email("hr"))
    assert client.get(f"/personer/{number}").status_code == 404
    response = client.post("/profil/kalender", data={"kind": "ward", "ward_id": number,
                                                    "csrf_token": csrf_token(client, "/profil")})
    assert response.status_code in (403, 404)


# --- Files: cells and shapes, by line and column --------------------------------------------------

def turnus_errors(text: str) -> list[str]:
    try:
        return [str(error) for error in parse_turnus_csv(text, TODAY).errors]
    except TurnusFileError as error:
        return [str(e) for e in error.errors]


CONTROL_IN_CELL = "verdien inneholder et usynlig kontrolltegn (U+0000) som ikke kan lagres. Fjern det fra filen."


def test_a_turnus_csv_with_a_nul_or_a_huge_cell_names_line_and_column():
    assert turnus_errors(f"{TURNUS_HEADER}\n9002;2026-09-21;D\x001;07:45;15:15\n") == [
        f"Linje 2, kolonne «vaktkode»: {CONTROL_IN_CELL}"]
    assert turnus_errors(f'{TURNUS_HEADER};notat\n9002;2026-09-21;D1;07:45;15:15;"{"x" * 20_000}"\n') == [
        "Linje 2, kolonne «notat»: verdien har 20000 tegn; en verdi kan ha høyst 10000."]


def test_a_turnus_csv_of_absurd_shape_is_refused_naming_the_line():
    assert turnus_errors(TURNUS_HEADER + ";x" * 10_000 + "\n9002;2026-09-21;D1;07:45;15:15\n") == [
        "Linje 1: overskriftsraden har 10005 kolonner; filen kan ha høyst 200. Er dette riktig fil?"]
    assert turnus_errors(f"{TURNUS_HEADER}\n9002;2026-09-21;D1;07:45;15:15\n9002;{'9' * 1_000_000}\n") == [
        "Linje 3: linjen har 1000006 tegn; en linje kan ha høyst 100000. Er dette riktig fil?"]


def test_an_icalendar_file_with_a_control_character_names_line_and_property():
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-MENTORPLAN-ANSATTNR:9101\r\nBEGIN:VEVENT\r\nUID:1\r\n"
           "DTSTART:20260921T074500\r\nDTEND:20260921T151500\r\nSUMMARY:D1\x0b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    with pytest.raises(TurnusFileError) as refused:
        parse_turnus_ics(ics.encode(), TODAY)
    assert [str(e) for e in refused.value.errors] == [
        "Linje 8, felt «SUMMARY»: verdien inneholder et usynlig kontrolltegn (U+000B) som ikke kan lagres. "
        "Fjern det fra filen."]


STAFF_HEADER = "ansattnr;fornavn;etternavn;stilling;enhet;startdato"


@pytest.mark.parametrize(("text", "message"), [
    (f"{STAFF_HEADER}\n9001;Kari\x00;Nordmann;sykepleier;Lade;2015-03-01\n",
     f"Linje 2, kolonne «fornavn»: {CONTROL_IN_CELL}"),
    (f"{STAFF_HEADER}\n9001;Kari;Nordmann;sykepleier;Lade;0001-01-01\n",
     "Linje 2, kolonne «startdato»: datoen 01.01.0001 må ligge mellom 01.01.1900 og 31.12.2099."),
    (STAFF_HEADER + ";x" * 10_000 + "\n9001;Kari;Nordmann;sykepleier;Lade;2015-03-01\n",
     "Linje 1: overskriftsraden har 10006 kolonner; filen kan ha høyst 200. Er dette riktig fil?"),
    (f"{STAFF_HEADER}\n9001;{'K' * 200_000};Nordmann;sykepleier;Lade;2015-03-01\n",
     "Linje 2: linjen har 200042 tegn; en linje kan ha høyst 100000. Er dette riktig fil?"),
])
def test_a_staff_file_with_control_characters_year_1_or_an_absurd_shape_is_refused(text, message):
    with pytest.raises(StaffFileError) as refused:
        parse_staff_csv(text)
    assert [str(e) for e in refused.value.errors] == [message]


def test_a_turnus_upload_with_a_nul_in_a_cell_is_refused_at_the_preview(app, world, login, talks, tmp_path):
    """On PostgreSQL the preview said yes and «Bekreft» answered 500 (issue 22)."""
    app.instance_path = str(tmp_path)
    with app.app_context():
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
    client = login(world.email("avdelingsleder"))
    content = f"{TURNUS_HEADER}\n{number};2026-09-21;D\x001;07:45;15:15\n".encode()
    response = client.post("/avdeling/turnus/", content_type="multipart/form-data", data={
        "file": (BytesIO(content), "turnus.csv"), "csrf_token": csrf_token(client, "/avdeling/turnus/")})
    page = response.get_data(as_text=True)
    assert f"Linje 2, kolonne «vaktkode»: {CONTROL_IN_CELL}" in page
    assert not re.search(r'action="/avdeling/turnus/bekreft"', page)
    assert count(app, Shift) == 0
