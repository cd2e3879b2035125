"""The staff CSV uploaded on the web (/personer/importer): the admin for the whole kommune, an
enhetsleder for their own units; all or nothing, every error named by line and column; the
people who need a login are invited; the other roles are refused."""
import io
import re

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import Employment, Person, User

from tests.conftest import csrf_token

HEADER = ("ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;"
          "stillingsprosent;nyutdannet;mentor_ansattnr;roller\n")
UNIT_A = "Lade helse- og velferdssenter"
NEW_MENTOR = f"7101;Vera;Veileder;vera@test.no;sykepleier;{UNIT_A};Avdeling 1;2014-01-06;;;100;nei;;mentor\n"
NEW_HIRE = f"7102;Nils;Nyfil;nils.nyfil@test.no;sykepleier;{UNIT_A};Avdeling 1;2026-10-05;;;100;ja;7101;\n"


def preview(client, text: str, name="personal.csv"):
    """The file uploaded: its preview (or its errors); nothing saved yet."""
    response = client.post("/personer/importer", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/personer/importer"),
        "file": (io.BytesIO(text.encode("utf-8")), name)})
    return response, response.get_data(as_text=True)


def confirm(client, preview_page: str, later=False):
    """«Bekreft» on the preview page: the invitations sent now, or (later) left for Kontoer."""
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]+)"', preview_page).group(1)
    data = {"token": token, "csrf_token": csrf_token(client, "/personer/importer")} | ({"later": "y"} if later else {})
    response = client.post("/personer/importer/bekreft", data=data)
    body = response.get_data(as_text=True)
    response.close()  # the invitations go once the response is sent
    return response, body


def upload(client, text: str, name="personal.csv", later=False):
    """Upload and confirm, as an admin who has looked at the preview; a file refused stops at its errors."""
    response, page = preview(client, text, name)
    if "Se over personalfilen før den lagres" not in page:
        return response, page
    return confirm(client, page, later)


def people_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Person))


@pytest.mark.parametrize("key", ["admin", "enhetsleder"])
def test_the_file_is_imported_and_the_new_people_invited(app, world, login, smtp, key):
    response, page = upload(login(world.email(key)), HEADER + NEW_MENTOR + NEW_HIRE)
    assert response.status_code == 200 and "Personalfilen er importert" in page
    assert "Leste 2 rader fra personal.csv inn i" in page and "Mentorforløp: 1 startet" in page
    assert "Vera Veileder (vera@test.no)" in page and "Nils Nyfil (nils.nyfil@test.no)" in page
    assert [m.subject for m in smtp.to("nils.nyfil@test.no")] == ["Du er invitert til mentorplan"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email.in_(["vera@test.no", "nils.nyfil@test.no"]))) == 2


def test_uploading_the_same_file_again_changes_nothing(app, world, login, smtp):
    admin = login(world.email("admin"))
    upload(admin, HEADER + NEW_MENTOR + NEW_HIRE)
    _, page = upload(admin, HEADER + NEW_MENTOR + NEW_HIRE)
    assert "Ingen endringer: alt var allerede som i filen." in page and "Invitert" not in page
    assert len(smtp.to("vera@test.no")) == 1


def test_one_bad_row_stores_nothing_and_names_the_line_and_column(app, world, login):
    before = people_count(app)
    bad = f"7103;Ola;Feil;ola@test.no;lege;{UNIT_A};;2026-10-05;;;100;nei;;\n"
    response, page = upload(login(world.email("admin")), HEADER + NEW_MENTOR + bad)
    assert response.status_code == 200
    assert "Filen har 1 feil og ble ikke importert" in page and "Linje 3, kolonne «stilling»" in page
    assert people_count(app) == before


def test_an_enhetsleder_may_not_import_rows_for_another_unit_or_give_hr(app, world, login):
    before = people_count(app)
    other_unit = "7104;Ulla;Utenfor;ulla@test.no;sykepleier;Byåsen sykehjem;;2014-01-06;;;100;nei;;\n"
    hr = f"7105;Hans;Hr;hans@test.no;annet;{UNIT_A};;2014-01-06;;;100;nei;;hr\n"
    _, page = upload(login(world.email("enhetsleder")), HEADER + NEW_MENTOR + other_unit + hr)
    assert (f"Linje 3, kolonne «enhet»: du kan bare importere rader for «{UNIT_A}», "
            "ikke for «Byåsen sykehjem».") in page
    assert "Linje 4, kolonne «roller»: bare administratoren kan gi rollen hr." in page
    assert people_count(app) == before


def test_the_admin_may_create_a_unit(app, world, login):
    row = "7106;Kim;Ny;kim@test.no;sykepleier;Byåsen sykehjem;;2014-01-06;;;100;nei;;mentor\n"
    _, page = upload(login(world.email("admin")), HEADER + row)
    assert "Enheter: 1 ny." in page


def test_a_file_that_is_not_utf8_is_refused_in_words(app, world, login):
    client = login(world.email("admin"))
    response = client.post("/personer/importer", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/personer/importer"),
        "file": (io.BytesIO((HEADER + NEW_MENTOR).encode("latin-1").replace(b"Vera", b"V\xe6ra")), "p.csv")})
    assert "filen er ikke UTF-8" in response.get_data(as_text=True)


def test_a_missing_file_is_named(app, world, login):
    client = login(world.email("admin"))
    response = client.post("/personer/importer", data={"csrf_token": csrf_token(client, "/personer/importer")})
    assert "Velg en fil å laste opp." in response.get_data(as_text=True)


@pytest.mark.parametrize("key", ["hr", "avdelingsleder", "mentor", "mentee"])
def test_other_roles_have_no_upload(app, world, login, key):
    client = login(world.email(key))
    assert client.get("/personer/importer").status_code == 403
    response = client.post("/personer/importer", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/profil"), "file": (io.BytesIO((HEADER + NEW_MENTOR).encode()), "p.csv")})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Employment).join(Employment.person).where(Person.employee_number == "7101")) is None


def test_the_links_lead_to_the_upload(world, login):
    assert 'href="/personer/importer"' in login(world.email("enhetsleder")).get("/enhet").get_data(as_text=True)
    assert 'href="/personer/importer"' in login(world.email("admin")).get("/admin/kontoer/").get_data(as_text=True)


def test_an_enhetsleder_may_not_change_a_person_employed_in_another_unit(app, world, login):
    with app.app_context():
        other = db.session.get(Person, world.person_ids["mentor_b"])
        number, name = other.employee_number, other.first_name
    row = f"{number};Endret;Navn;kapret@test.no;sykepleier;{UNIT_A};;2014-01-06;;;100;nei;;\n"
    _, page = upload(login(world.email("enhetsleder")), HEADER + row)
    assert f"Linje 2, kolonne «ansattnr»: ansattnr {number} er ansatt ved en annen enhet" in page
    with app.app_context():
        person = db.session.get(Person, world.person_ids["mentor_b"])
        assert person.first_name == name and person.email != "kapret@test.no"
