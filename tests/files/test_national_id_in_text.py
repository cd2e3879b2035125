"""No fødselsnummer in free text or names (security issue 20): one check (the mod-11 control digits,
anywhere in the text, also written 6+5 with a space, a dot or a dash) on every form's text fields
and on every cell of the staff file. Eleven digits without valid control digits pass.

The numbers are made here from the checksum, not taken from anyone.
"""
import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.files.national_id import holds_national_id
from mentorplan.models import AgreedAction, Conversation, Person
from mentorplan.people.staff_csv import StaffFileError, parse_staff_csv

from tests.hiring import hire_data
from tests.pages import field_error
from tests.conftest import post_form
from tests.conversations.test_conversations import talk_form, talks  # noqa: F401  (the fixture)
from tests.people.test_import_staff import GOOD_ROW, HEADER

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
MESSAGE = "ser ut til å inneholde et fødselsnummer. Fødselsnummer skal ikke lagres i mentorplan."


def _control(digits: list[int], weights) -> int | None:
    k = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if k == 11 else None if k == 10 else k


def national_id(birth: str, start: int = 100) -> str:
    """A number with valid control digits for the birth date (ddmmyy; day + 40 for a D-nummer)."""
    for individual in range(start, 1000):
        digits = [int(c) for c in f"{birth}{individual:03d}"]
        k1 = _control(digits, W1)
        k2 = _control(digits + [k1], W2) if k1 is not None else None
        if k2 is not None:
            return "".join(map(str, digits + [k1, k2]))
    raise AssertionError("no valid number")


FNR = national_id("150389")
D_NUMBER = national_id("550389")  # day 15 + 40
WRONG = FNR[:-1] + str((int(FNR[-1]) + 1) % 10)


def test_the_helper_makes_numbers_the_checker_knows():
    assert holds_national_id(FNR) and holds_national_id(D_NUMBER) and not holds_national_id(WRONG)


@pytest.mark.parametrize("text", [
    f"Hun ga meg fnr {FNR} i pausen.",
    f"fnr:{FNR}.",
    f"{FNR[:6]} {FNR[6:]}",
    f"Nummer {FNR[:6]}.{FNR[6:]} står i journalen",
    f"({FNR[:6]}-{FNR[6:]})",
    f"D-nummer {D_NUMBER}",
    f"Første linje\nandre linje {FNR}",
])
def test_a_national_id_anywhere_in_text_is_found(text):
    assert holds_national_id(text)


@pytest.mark.parametrize("text", [
    f"Ring {WRONG}",                  # eleven digits, wrong control digits
    "Tlf. 91234567, rom 123",         # a phone number and something else
    "91234567123",                    # run together
    f"1{FNR}",                        # part of a longer number
    f"{FNR}9",
    f"{FNR[:6]}  {FNR[6:]}",          # two separators are no way to write one number
    "Kontonummer 1234.56.78903",
    "",
])
def test_other_numbers_pass(text):
    assert not holds_national_id(text)


# --- The forms --------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "label"), [
    ("notes", f"Hun heter Kari, fnr {FNR}.", "Notater"),
    ("other_topics", f"ferie\n{FNR[:6]} {FNR[6:]}", "Andre stikkord"),
    ("actions-0-what", f"Sende {D_NUMBER} til HR", "Tiltak 1: hva"),
])
def test_the_conversation_form_refuses_a_national_id_naming_the_field(app, world, login, talks, field, value,  # noqa: F811
                                                                        label):
    client = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    with app.app_context():
        before = (db.session.scalar(select(func.count(Conversation.id))),
                  db.session.scalar(select(func.count(AgreedAction.id))))
    response = post_form(client, url, talk_form(**{field: value}))
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), field) == f"{label} {MESSAGE}"
    with app.app_context():
        assert (db.session.scalar(select(func.count(Conversation.id))),
                db.session.scalar(select(func.count(AgreedAction.id)))) == before
    # Eleven digits that are no fødselsnummer are notes like any other.
    assert post_form(client, url, talk_form(**{field: f"Ring {WRONG}"})).status_code == 302


def test_the_mentees_own_notes_refuse_a_national_id(app, world, login, talks):  # noqa: F811
    url = f"/samtale/{talks['conversation']}"
    response = post_form(login(world.email("mentee")), f"{url}/egne-notater",
                         {"preparation": "", "reflection": f"Husk {FNR}"}, form_url=url)
    assert field_error(response.get_data(as_text=True), "reflection") == f"Min refleksjon etter samtalen {MESSAGE}"
    with app.app_context():
        assert db.session.get(Conversation, talks["conversation"]).reflection == ""


@pytest.mark.parametrize("field", ["first_name", "last_name", "employee_number"])
def test_a_new_hire_with_a_national_id_in_a_name_is_refused(app, world, login, field):
    response = post_form(login(world.email("avdelingsleder")), "/avdeling/nyansatt",
                         hire_data(world, **{field: f"Kari {FNR}" if field != "employee_number" else FNR}))
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id)).where(Person.first_name.like("Kari%"))) == 0


# --- The staff file ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [f"Kari {FNR}", f"Nordmann {FNR[:6]}-{FNR[6:]}"])
def test_the_staff_file_refuses_a_national_id_inside_a_name(name):
    row = GOOD_ROW.replace(";Kari;", f";{name};")
    with pytest.raises(StaffFileError) as caught:
        parse_staff_csv(f"{HEADER}\n{row}\n")
    errors = [str(e) for e in caught.value.errors]
    assert len(errors) == 1 and "«fornavn»" in errors[0] and "fødselsnummer" in errors[0]


def test_the_staff_file_takes_a_name_with_other_digits():
    [row] = parse_staff_csv(f"{HEADER}\n{GOOD_ROW.replace(';Kari;', f';Kari {WRONG};')}\n")
    assert row.first_name == f"Kari {WRONG}"


def test_the_turnus_file_refuses_a_national_id_inside_a_note():
    from mentorplan.turnus.csv_file import parse_turnus_csv

    from tests.turnus.test_turnus_import import HEADER as TURNUS_HEADER, TODAY

    turnus = parse_turnus_csv(f"{TURNUS_HEADER};notat\n9002;2026-01-06;D1;07:45;15:15;bytte med {FNR[:6]}.{FNR[6:]}\n",
                              TODAY)
    assert [str(e) for e in turnus.errors] == [
        "Linje 2: kolonnen «notat» ser ut til å inneholde et fødselsnummer. "
        "mentorplan lagrer ikke fødselsnumre: fjern det fra filen."]
