"""The retention report as HR and the enhetsleder see it, its exports, benchmarks and the command."""
import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import EndReason, Kommune, RetentionBenchmark, RoleAssignment, Unit

from tests import factories
from tests.conftest import csrf_token, post_form

TODAY = date(2026, 9, 20)
PILOT = {"start_from": "2018-01-01", "start_to": "2018-12-31", "months": "12", "as_of": "2020-01-01"}


@pytest.fixture
def pilot(app, world):
    """The pilot's 2018: 24 hires, 18 at unit A and 6 at unit B, one of A's left after five months;
    and 3 hires at a small third unit with one of them transferring to A."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        kommune = db.session.get(Kommune, world.kommune_id)
        unit_a, unit_b = db.session.get(Unit, world.unit_ids["a"]), db.session.get(Unit, world.unit_ids["b"])
        for i in range(24):
            unit = unit_a if i < 18 else unit_b
            person = factories.person(kommune, f"Pilot{i}", "Sykepleier")
            start = date(2018, 1 + i // 2, 1 + 14 * (i % 2))
            ending = {"end_date": start + timedelta(days=150), "end_reason": EndReason.FRIVILLIG} if i == 0 else {}
            factories.employment(person, unit, start, newly_graduated=i % 3 == 0, **ending)
        small = factories.unit(kommune, "Lille sykehjem")
        for i in range(3):
            person = factories.person(kommune, f"Liten{i}", "Sykepleier")
            if i == 0:
                factories.employment(person, small, date(2018, 3, 5), end_date=date(2018, 8, 31),
                                     end_reason=EndReason.INTERN_OVERGANG)
                factories.employment(person, unit_a, date(2018, 9, 3))
            else:
                factories.employment(person, small, date(2018, 3, 5))
        db.session.commit()
    return world


def page(client, **args) -> str:
    response = client.get("/stabilitet/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_hr_sees_the_pilot_figure_and_the_tables(pilot, login):
    text = page(login(pilot.email("hr")), **PILOT)
    assert "<strong>96,3 %</strong> ble i kommunen de første 12 månedene" in text
    assert "26 av 27 som har nådd 12 måneder (1 sluttet før det)" in text
    assert "Av alle 27 har 1 sluttet før 12 måneder så langt" in text
    for title in ("Kohorter: ansatt per kvartal", "Per enhet", "Per yrke", "Nyutdannet eller erfaren",
                  "Med og uten mentor", "Sluttårsaker de første 12 månedene", "Interne overganger ut av enheten",
                  "Andel fortsatt ansatt (Kaplan–Meier)"):
        assert title in text
    assert '<svg class="retention-chart"' in text and "<title>Måned 12: 96,3 %</title>" in text
    assert 'role="img"' in text and "<desc" in text


def test_hr_sees_the_pilots_23_of_24_for_the_two_pilot_units(pilot, login):
    client = login(pilot.email("hr"))
    a = page(client, **PILOT, unit_id=pilot.unit_ids["a"])
    assert "17 av 18 som har nådd 12 måneder" in a  # the one who moved in from Lille is not A's hire
    units = page(client, **PILOT)
    assert "<th scope=\"row\">Hjemmesykepleien Øst</th><td class=\"number\">6</td><td class=\"number\">0</td>" in units


def test_hr_sees_small_groups_suppressed(pilot, login):
    text = page(login(pilot.email("hr")), **PILOT)
    row = text.split('<th scope="row">Lille sykehjem</th>')[1].split("</tr>")[0]
    assert row.count("&lt;5") == 7
    assert "Personvern: grupper med færre enn fem personer" in text


def test_the_enhetsleder_sees_only_their_own_unit_in_full(pilot, login):
    text = page(login(pilot.email("enhetsleder")), **PILOT)
    assert "17 av 18 som har nådd 12 måneder" in text
    assert "Hjemmesykepleien Øst" not in text and "Lille sykehjem</th>" not in text
    assert "&lt;5" not in text.split("Kohorter")[1]  # unit level: nothing suppressed
    assert "Personvern:" not in text


def test_the_enhetsleder_cannot_ask_for_another_unit(pilot, login):
    text = page(login(pilot.email("enhetsleder")), **PILOT, unit_id=pilot.unit_ids["b"])
    assert 'id="unit_id-error">Velg en enhet du har tilgang til.' in text
    assert "Kohorter" not in text


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"start_to": "2017-12-31"}, "start_to", "Til-datoen 31.12.2017 er før fra-datoen 01.01.2018."),
    ({"months": "7"}, "months", "Antall måneder må være 3, 6, 12 eller 24 (ikke 7)."),
    ({"as_of": "01.06.2017"}, "as_of", "Per-datoen 01.06.2017 er før perioden begynner (01.01.2018)."),
    ({"start_from": "31.02.2018"}, "start_from", "Skriv inn første startdato i perioden (dd.mm.åååå)."),
])
def test_bad_questions_are_answered_with_the_field_named(pilot, login, changes, field, message):
    text = page(login(pilot.email("hr")), **(PILOT | changes))
    assert f'<p class="ds-validation-message" data-color="danger" id="{field}-error">{message}</p>' in text
    assert f'aria-describedby="{field}-error"' in text or f'{field}-hint {field}-error' in text
    assert "Kohorter" not in text


def test_a_period_without_hires_says_so(pilot, login):
    text = page(login(pilot.email("hr")), start_from="2010-01-01", start_to="2010-12-31", months="12",
                as_of="2020-01-01")
    assert "Ingen ble ansatt i perioden." in text


def test_the_default_question_is_the_last_two_years(pilot, login):
    text = page(login(pilot.email("hr")))
    assert 'value="2024-01-01"' in text and 'value="2025-12-31"' in text and "Ansatt 01.01.2024–31.12.2025" in text


def test_the_excel_export_has_real_numbers_dates_and_suppression(pilot, login):
    response = login(pilot.email("hr")).get("/stabilitet/eksport.xlsx", query_string=PILOT)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="stabilitet-20180101-20181231.xlsx"'
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Utvalg", "Sammendrag", "Kohorter", "Overlevelse", "Per enhet", "Per yrke",
                               "Nyutdannet og erfaren", "Med og uten mentor", "Sluttårsaker", "Interne overganger",
                               "Mentorer", "Mentorer per enhet"]
    assert book["Utvalg"]["B1"].value.date() == date(2018, 1, 1)
    assert book["Utvalg"]["B1"].number_format == "DD.MM.YYYY"
    summary = book["Sammendrag"]
    assert summary["A1"].value == "Ansatt" and summary["A1"].font.b
    assert [c.value for c in summary[2]][:3] == [27, 1, 26]
    assert summary["G2"].value == pytest.approx(26 / 27) and summary["G2"].number_format == "0.0%"
    units = book["Per enhet"]
    small = next(row for row in units.iter_rows(values_only=True) if row[0] == "Lille sykehjem")
    assert small[1:] == ("<5",) * 7


def test_the_enhetsleders_exports_are_suppressed_too(pilot, login):
    client = login(pilot.email("enhetsleder_b"))  # six hires at unit B, two of them newly graduated
    assert '<th scope="row">Nyutdannet</th><td class="number">2</td>' in page(client, **PILOT)
    body = client.get("/stabilitet/eksport.csv", query_string=PILOT).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert ["Ansatt fra", "2018-01-01"] in rows
    assert ["Personvern", "Grupper med færre enn 5 personer vises som «<5»."] in rows
    assert ["Nyutdannet"] + ["<5"] * 7 in rows
    assert ["Erfaren", "4", "0", "4", "0", "0", "0", "1.0000"] not in rows
    summary = rows[rows.index(["Sammendrag, 12 måneder"]) + 2]
    assert summary == ["6", "0", "6", "0", "0", "0", "1.0000"]


def test_an_export_of_a_bad_question_goes_back_to_the_form(pilot, login):
    response = login(pilot.email("hr")).get("/stabilitet/eksport.xlsx", query_string=PILOT | {"months": "0"})
    assert response.status_code == 302 and "/stabilitet/" in response.headers["Location"]


# --- Reference lines ------------------------------------------------------------------------

def test_hr_adds_a_reference_line_that_the_chart_draws(pilot, login, app):
    client = login(pilot.email("hr"))
    response = post_form(client, "/stabilitet/referanser",
                         {"label": "Landsgjennomsnitt", "months": "12", "percent": "82,5", "source": "KS 2019"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(RetentionBenchmark))
        assert (saved.label, saved.months, saved.rate, saved.source) == ("Landsgjennomsnitt", 12, 0.825, "KS 2019")
    text = page(client, **PILOT)
    assert "Landsgjennomsnitt: 82,5 % etter 12 mnd</text>" in text
    assert 'stroke-dasharray="6 4"' in text


@pytest.mark.parametrize(("percent", "message"), [
    ("120", "Andelen må være mellom 0 og 100 prosent."), ("mye", "Skriv inn et tall, for eksempel 82,5."),
])
def test_a_bad_reference_is_refused_and_nothing_saved(pilot, login, app, percent, message):
    client = login(pilot.email("hr"))
    response = post_form(client, "/stabilitet/referanser",
                         {"label": "Feil", "months": "12", "percent": percent, "source": ""})
    assert response.status_code == 200
    assert f'id="percent-error">{message}</p>' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RetentionBenchmark)) is None


def test_hr_in_another_kommune_cannot_remove_a_reference(pilot, login, app):
    with app.app_context():
        benchmark = RetentionBenchmark(kommune_id=pilot.kommune_id, label="Vår", months=12, rate=0.8)
        db.session.add(benchmark)
        db.session.commit()
        benchmark_id = benchmark.id
    other = login(pilot.email("hr_other"))
    response = other.post(f"/stabilitet/referanser/{benchmark_id}/slett",
                          data={"csrf_token": csrf_token(other, "/stabilitet/referanser")})
    assert response.status_code == 404
    own = login(pilot.email("hr"))
    own.post(f"/stabilitet/referanser/{benchmark_id}/slett",
             data={"csrf_token": csrf_token(own, "/stabilitet/referanser")})
    with app.app_context():
        assert db.session.get(RetentionBenchmark, benchmark_id) is None


# --- The command ------------------------------------------------------------------------------

def run(runner, *args):
    return runner.invoke(args=["retention", "--kommune", "Testkommune", *args])


def test_the_command_prints_the_contracts_json(pilot, runner):
    result = run(runner, "--from", "2018-01-01", "--to", "2018-12-31", "--as-of", "2020-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["from", "to", "months", "hired", "left", "retained", "censored", "left_so_far", "ongoing",
                          "internal_transfers", "retention_rate", "km", "by_unit"]
    assert {k: data[k] for k in ("from", "to", "months", "hired", "left", "retained", "censored", "left_so_far",
                                 "ongoing", "internal_transfers", "retention_rate")} == {
        "from": "2018-01-01", "to": "2018-12-31", "months": 12, "hired": 27, "left": 1, "retained": 26,
        "censored": 0, "left_so_far": 1, "ongoing": 0, "internal_transfers": 1, "retention_rate": 0.963}
    assert data["km"][0] == {"month": 0, "survival": 1.0} and data["km"][12] == {"month": 12, "survival": 0.963}
    assert len(data["km"]) == 13
    assert data["by_unit"] == [
        {"unit": "Hjemmesykepleien Øst", "hired": 6, "left": 0, "retention_rate": 1.0},
        {"unit": "Lade helse- og velferdssenter", "hired": 18, "left": 1, "retention_rate": 0.9444},
        {"unit": "Lille sykehjem", "hired": 3, "left": 0, "retention_rate": 1.0},
    ]


def test_the_command_prints_csv_with_a_total_row(pilot, runner):
    result = run(runner, "--from", "2018-01-01", "--to", "2018-12-31", "--as-of", "2020-01-01", "--months", "3",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["unit", "hired", "left", "retained", "censored", "left_so_far", "ongoing",
                       "internal_transfers", "retention_rate"]
    assert rows[-1] == ["Totalt", "27", "0", "27", "0", "0", "0", "0", "1.0"]
    assert len(rows) == 5


def test_the_command_censors_young_hires(pilot, runner):
    result = run(runner, "--from", "2018-01-01", "--to", "2018-12-31", "--as-of", "2018-12-31", "--format", "json")
    data = json.loads(result.stdout)
    assert data["hired"] == 27 and data["censored"] == 27 and data["retention_rate"] is None


def test_a_leaver_whose_month_n_is_still_ahead_has_left_not_been_censored(pilot, runner):
    """DOMAIN.md: a nurse who left at month 9 has left before month 24 even while her month 24 is
    still ahead; every hire is exactly one of left so far, stayed, ongoing."""
    result = run(runner, "--from", "2018-01-01", "--to", "2018-12-31", "--as-of", "2019-12-31", "--months", "24",
                 "--format", "json")
    data = json.loads(result.stdout)
    # Nobody has reached month 24: all 27 are out of the rate, but the one who left has left.
    assert (data["hired"], data["left"], data["retained"], data["censored"]) == (27, 0, 0, 27)
    assert (data["left_so_far"], data["ongoing"]) == (1, 26)


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2018-12-31", "--to", "2018-01-01"], "--to: Til-datoen 01.01.2018 er før fra-datoen 31.12.2018."),
    (["--from", "2018-01-01", "--to", "2018-12-31", "--months", "13"],
     "--months: Antall måneder må være 3, 6, 12 eller 24 (ikke 13)."),
    (["--from", "2018-01-01", "--to", "2018-12-31", "--as-of", "2017-01-01"],
     "--as-of: Per-datoen 01.01.2017 er før perioden begynner (01.01.2018)."),
    (["--from", "01.01.2018", "--to", "2018-12-31"], "«01.01.2018» er ikke en gyldig dato (bruk ÅÅÅÅ-MM-DD)."),
])
def test_the_command_refuses_bad_questions_plainly(pilot, runner, args, message):
    result = run(runner, *args)
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output


def test_the_command_says_when_nobody_was_hired(pilot, runner):
    result = run(runner, "--from", "2010-01-01", "--to", "2010-12-31", "--as-of", "2020-01-01")
    assert result.exit_code == 0
    assert "Ingen ble ansatt i Testkommune mellom 01.01.2010 og 31.12.2010." in result.stderr
    assert json.loads(result.stdout)["hired"] == 0


def test_hr_in_another_kommune_sees_none_of_this_kommunes_hires(pilot, login):
    text = page(login(pilot.email("hr_other")), **PILOT)
    assert "Ingen ble ansatt i perioden." in text and "Lade" not in text


@pytest.mark.parametrize("key", ["admin", "avdelingsleder", "mentor", "mentee"])
def test_other_roles_have_no_retention_pages_nor_the_menu_link(pilot, login, key):
    client = login(pilot.email(key))
    assert client.get("/stabilitet/", query_string=PILOT).status_code == 403
    assert client.get("/stabilitet/eksport.xlsx", query_string=PILOT).status_code == 403
    assert "/stabilitet/" not in client.get("/").get_data(as_text=True)


MENTORS_2015 = {"start_from": "2015-01-01", "start_to": "2015-12-31", "months": "12", "as_of": "2020-01-01"}


def test_mentor_turnover_is_shown_for_the_unit_and_suppressed_above_it(pilot, login, app):
    with app.app_context():
        mentor_role = db.session.scalar(select(RoleAssignment).where(
            RoleAssignment.person_id == pilot.person_ids["mentor2"]))
        mentor_role.valid_to = date(2015, 6, 30)  # gave up the role after half a year
        db.session.commit()
    unit = page(login(pilot.email("enhetsleder")), **MENTORS_2015)
    row = unit.split("Mentorer som fortsatt er mentor etter 12 måneder")[1].split("</tr>")[1]
    assert '<th scope="row">2</th>' in row  # two became mentors at unit A in 2015 …
    assert re.findall(r'class="number">([^<]*)<', row) == ["1", "1", "0", "50,0 %"]  # … one gave up
    hr = page(login(pilot.email("hr")), **MENTORS_2015)
    row = hr.split("Mentorer som fortsatt er mentor etter 12 måneder")[1].split("</tr>")[1]
    assert row.count("&lt;5") == 5  # three mentors in the kommune: fewer than five


def test_hr_sets_programme_starts_and_the_before_after_table_appears(pilot, login, app):
    client = login(pilot.email("hr"))
    for unit in ("a", "b"):
        response = post_form(client, "/stabilitet/programstart",
                             {"unit_id": str(pilot.unit_ids[unit]), "started_on": "01.07.2018"})
        assert response.status_code == 302
    text = page(client, **PILOT)
    table = text.split("Før og etter programstart, 12 måneder")[1]
    row = table.split('<th scope="row">Lade helse- og velferdssenter</th>')[1].split("</tr>")[0]
    # Unit A: 12 hires Jan–Jun 2018 (one left) before, 6 in Jul–Sep after (and the one who moved in is no hire).
    assert re.findall(r'class="number">([^<]*)<', row) == ["01.07.2018", "12", "1", "91,7 %", "6", "0", "100,0 %"]
    everyone = table.split('<th scope="row">Alle enhetene</th>')[1].split("</tr>")[0]
    assert re.findall(r'class="number">([^<]*)<', everyone) == ["–", "12", "1", "91,7 %", "12", "0", "100,0 %"]


def test_a_programme_start_for_a_unit_elsewhere_is_refused(pilot, login, app):
    client = login(pilot.email("hr"))
    response = post_form(client, "/stabilitet/programstart",
                         {"unit_id": str(pilot.unit_ids["other"]), "started_on": "01.07.2018"})
    assert 'id="unit_id-error">Velg en enhet i kommunen.</p>' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Unit, pilot.unit_ids["other"]).programme_started_on is None
