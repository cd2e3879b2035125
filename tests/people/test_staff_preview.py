"""The staff upload's preview (issue 23): the file is checked and shown as what it would do, nothing
is saved or sent until «Bekreft»; only the uploader confirms, within the hour, once, under the rules
that hold when confirming; the invitations go now or wait for Kontoer; and a confirmed upload does
exactly what `import-staff` does with the same file."""
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    Employment,
    Kommune,
    Mentorship,
    PendingUpload,
    Person,
    Role,
    RoleAssignment,
    Unit,
    User,
)
from mentorplan import create_app
from tests.conftest import _config, post_form, scratch_database
from tests.people.test_leavers import LEAVER, MENTOR as VERA
from tests.people.test_staff_upload import HEADER, NEW_HIRE, NEW_MENTOR, UNIT_A, confirm, preview
from tests.turnus.test_turnus_import import upload as upload_turnus

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today(set_today):
    return set_today(TODAY)


def table_counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables if table.name != "pending_upload"}


def mentor_row(app, world, percent=80) -> str:
    """Mona, the world's mentor at unit A, at another position percentage."""
    with app.app_context():
        mona = db.session.get(Person, world.person_ids["mentor"])
        return (f"{mona.employee_number};Mona;Mentor;mentor@test.no;sykepleier;{UNIT_A};Avdeling 1;2015-01-05;;;"
                f"{percent};nei;;mentor\n")


def age(app, by: timedelta) -> None:
    with app.app_context():
        for upload in db.session.scalars(select(PendingUpload)):
            upload.created_at -= by
        db.session.commit()


def test_the_preview_names_everything_and_saves_and_sends_nothing(app, world, login, smtp):
    before = table_counts(app)

    response, page = preview(login(world.email("admin")), HEADER + NEW_MENTOR + NEW_HIRE + mentor_row(app, world)
                             + LEAVER)

    assert response.status_code == 200 and "Se over personalfilen før den lagres" in page
    assert "Ingenting er lagret ennå, og ingen har fått" in page
    assert "Nye ansatte (3)" in page
    assert ("<strong>Vera Veileder</strong> (7101): sykepleier ved Lade helse- og velferdssenter, Avdeling 1 fra "
            "06.01.2014 (mentor)") in page
    assert "Endres (1)" in page and "<strong>Mona Mentor</strong>" in page
    assert "Lade helse- og velferdssenter: stillingsprosent 100 → 80" in page
    assert "Har sluttet (1)" in page and "<strong>Lars Sluttet</strong> (7103)" in page
    assert "Planer som starter (1)" in page
    assert "<strong>Nils Nyfil</strong> (7102): med mentor Vera Veileder fra 05.10.2026" in page
    assert "Får konto og invitasjon på e-post (2)" in page and "vera@test.no" in page
    assert "Ansatte: 3 nye, 0 endret." in page and "Ansettelser: 3 nye, 1 endret." in page and "1 sluttet: ingen invitasjon, ingen plan." in page
    assert table_counts(app) == before
    assert smtp.received == []
    with app.app_context():
        [waiting] = db.session.scalars(select(PendingUpload)).all()
        assert (waiting.kind, waiting.confirmed_at) == ("staff", None)


def test_confirming_saves_and_invites_now(app, world, login, smtp):
    admin = login(world.email("admin"))
    _, page = preview(admin, HEADER + NEW_MENTOR + NEW_HIRE)

    response, page = confirm(admin, page)

    assert response.status_code == 200 and "Personalfilen er importert" in page
    assert "Mentorforløp: 1 startet" in page and "Nils Nyfil (nils.nyfil@test.no)" in page
    assert [m.subject for m in smtp.to("nils.nyfil@test.no")] == ["Du er invitert til mentorplan"]


def test_invitations_left_for_later_wait_for_the_button_in_kontoer(app, world, login, smtp):
    admin = login(world.email("admin"))
    _, page = preview(admin, HEADER + NEW_MENTOR + NEW_HIRE)

    _, page = confirm(admin, page, later=True)

    assert "Venter på invitasjon" in page and "Vera Veileder (vera@test.no)" in page
    assert smtp.received == []
    with app.app_context():
        users = db.session.scalars(select(User).where(User.email.in_(["vera@test.no", "nils.nyfil@test.no"]))).all()
        assert len(users) == 2 and all(u.password_hash is None and u.invited_at is None for u in users)
    accounts = admin.get("/admin/kontoer/").get_data(as_text=True)
    assert "Send ventende invitasjoner (2)" in accounts

    response = post_form(admin, "/admin/kontoer/inviter-ventende", {}, "/admin/kontoer/")

    assert response.status_code == 302
    accounts = admin.get("/admin/kontoer/").get_data(as_text=True)
    assert "Invitasjonen er sendt til 2 personer." in accounts and "Send ventende invitasjoner" not in accounts
    assert len(smtp.to("vera@test.no")) == 1 and len(smtp.to("nils.nyfil@test.no")) == 1
    post_form(admin, "/admin/kontoer/inviter-ventende", {}, "/admin/kontoer/")
    assert "Ingen kontoer venter på invitasjon." in admin.get("/admin/kontoer/").get_data(as_text=True)
    assert len(smtp.to("vera@test.no")) == 1


@pytest.mark.parametrize("key", ["enhetsleder", "hr", "mentor"])
def test_only_the_admin_sends_the_waiting_invitations(app, world, login, key):
    client = login(world.email(key))
    assert post_form(client, "/admin/kontoer/inviter-ventende", {}, "/profil").status_code == 403


def test_a_second_confirmation_saves_nothing_twice_and_says_so(app, world, login, smtp):
    admin = login(world.email("admin"))
    _, page = preview(admin, HEADER + NEW_MENTOR + NEW_HIRE)
    confirm(admin, page)
    after_first = table_counts(app)

    response, _ = confirm(admin, page)

    assert response.status_code == 302
    assert "Personalfilen er allerede lagret" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert table_counts(app) == after_first
    assert len(smtp.to("vera@test.no")) == 1


def test_another_users_token_confirms_nothing(app, world, login):
    admin = login(world.email("admin"))
    _, page = preview(admin, HEADER + NEW_MENTOR + NEW_HIRE)
    before = table_counts(app)

    response, _ = confirm(login(world.email("enhetsleder")), page)

    assert response.status_code == 302
    assert table_counts(app) == before
    _, done = confirm(admin, page)  # the uploader's own still works
    assert "Personalfilen er importert" in done


def test_a_preview_older_than_an_hour_confirms_nothing(app, world, login):
    admin = login(world.email("admin"))
    _, page = preview(admin, HEADER + NEW_MENTOR + NEW_HIRE)
    age(app, timedelta(minutes=61))
    before = table_counts(app)

    response, _ = confirm(admin, page)

    assert "Den opplastede filen finnes ikke lenger" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert table_counts(app) == before


def test_a_turnus_files_token_confirms_no_staff_file(app, world, login):
    leader = login(world.email("enhetsleder"))
    with app.app_context():
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
    page = upload_turnus(leader, f"ansattnr;dato;vaktkode;start;slutt\n{number};2026-11-23;D1;07:45;15:15\n")
    before = table_counts(app)

    response, _ = confirm(leader, page.get_data(as_text=True))

    assert response.status_code == 302 and table_counts(app) == before


def test_the_leaders_scope_rules_hold_again_on_confirming(app, world, login):
    """Mona was mentor at the unit when the leader looked; her role ended before «Bekreft»."""
    with app.app_context():
        mona = db.session.get(Person, world.person_ids["mentor"]).employee_number
    hire = f"7201;Ny;Ansatt;ny.ansatt@test.no;sykepleier;{UNIT_A};Avdeling 1;2026-12-07;;;100;ja;{mona};\n"
    leader = login(world.email("enhetsleder"))
    _, page = preview(leader, HEADER + hire)
    assert "Planer som starter (1)" in page
    with app.app_context():
        role = db.session.scalars(select(RoleAssignment).where(
            RoleAssignment.person_id == world.person_ids["mentor"], RoleAssignment.role == Role.MENTOR)).one()
        role.valid_to = TODAY - timedelta(days=1)
        db.session.commit()

    response, page = confirm(leader, page)

    assert response.status_code == 200
    assert f"Linje 2, kolonne «mentor_ansattnr»: ansattnr {mona} er ikke mentor ved «{UNIT_A}»." in page
    assert "Ingenting er lagret" in page
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.employee_number == "7201")) is None
        assert db.session.scalar(select(func.count()).select_from(PendingUpload)) == 0


# --- A confirmed upload is `import-staff` --------------------------------------------------

UNIT = "Nyby helsehus"
FILE = (HEADER
        + f"8001;Kari;Leder;kari@test.no;sykepleier;{UNIT};Post 1;2012-03-01;;;100;nei;;avdelingsleder\n"
        + VERA.replace(UNIT_A, UNIT).replace("Avdeling 1", "Post 1").replace("7101", "8002")
        + f"8003;Ola;Mentor;ola@test.no;spesialsykepleier;{UNIT};Post 1;2011-08-15;;;80;nei;;mentor\n"
        + f"8004;Sara;Ny;sara@test.no;sykepleier;{UNIT};Post 1;2026-11-02;;;100;ja;8002;\n"
        + f"8005;Jonas;Ny;jonas@test.no;vernepleier;{UNIT};Post 2;2026-12-07;;;75;nei;8003;\n"
        + f"8006;Lars;Sluttet;lars@test.no;sykepleier;{UNIT};Post 1;2026-06-15;2026-10-31;frivillig;100;ja;8002;\n"
        + f"8007;Eva;Overgang;eva@test.no;sykepleier;{UNIT};Post 1;2020-01-06;2026-08-31;intern_overgang;100;nei;;\n"
        + "8007;Eva;Overgang;eva@test.no;sykepleier;Nyby sykehjem;;2026-09-01;;;100;nei;;mentor\n")


def snapshot(kommune_id: int) -> dict:
    """Everything the import made in the kommune, by employee number and name, never by id."""
    people = db.session.scalars(select(Person).where(Person.kommune_id == kommune_id)).all()
    number = {p.id: p.employee_number for p in people}
    mentorships = db.session.scalars(select(Mentorship).join(Mentorship.mentee)
                                     .where(Person.kommune_id == kommune_id)).all()
    return {
        "people": {(p.employee_number, p.full_name, p.email) for p in people},
        "units": {(u.name, u.unit_type, tuple(sorted(w.name for w in u.wards))) for u in db.session.scalars(
            select(Unit).where(Unit.kommune_id == kommune_id))},
        "employments": {(number[e.person_id], e.unit.name, e.ward.name if e.ward else None, e.start_date, e.end_date,
                         e.end_reason, e.position_percent, e.profession, e.newly_graduated)
                        for e in db.session.scalars(select(Employment).where(Employment.person_id.in_(number)))},
        "roles": {(number[a.person_id], a.role, a.unit.name if a.unit else None, a.ward.name if a.ward else None,
                   a.valid_to) for a in db.session.scalars(
            select(RoleAssignment).where(RoleAssignment.kommune_id == kommune_id))},
        "mentorships": {(number[m.mentee_id], number[m.mentor_id], number.get(m.backup_mentor_id), m.start_date,
                         m.end_date, tuple(sorted(Counter(a.status.value for a in m.plan.activities).items())))
                        for m in mentorships},
        "accounts": {(number[u.person_id], u.email, u.password_hash is None, u.invited_at is not None, u.is_enabled)
                     for u in db.session.scalars(select(User).where(User.person_id.in_(number)))},
    }


def by_the_command(path, smtp, sqlite_path) -> tuple[dict, list[str]]:
    """`import-staff` on a fresh database of the kind under test (login addresses are unique across
    kommuner, so the same file's accounts could not be made twice in one database)."""
    with scratch_database(sqlite_path) as url:
        other = create_app(_config(url))
        other.config.update(FIXED_TODAY=TODAY, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
        with other.app_context():
            db.create_all()
        result = other.test_cli_runner().invoke(args=["import-staff", str(path), "--kommune", "Kommandokommune"])
        assert result.exit_code == 0, result.output
        with other.app_context():
            made = snapshot(db.session.scalar(select(Kommune.id).where(Kommune.name == "Kommandokommune")))
            db.session.remove()
            db.engine.dispose()
    return made, result.stdout.splitlines()


def test_a_confirmed_upload_equals_import_staff_on_the_same_file(app, world, login, smtp, tmp_path):
    path = tmp_path / "personal.csv"
    path.write_text(FILE, encoding="utf-8")
    by_command, printed = by_the_command(path, smtp, tmp_path / "command.db")
    # The web's kommune is the world's: the file's people, units and roles are all new to it.
    with app.app_context():
        world_people = {p for p in db.session.scalars(select(Person.employee_number).where(
            Person.kommune_id == world.kommune_id))}
    admin = login(world.email("admin"))
    _, page = preview(admin, FILE)
    _, page = confirm(admin, page)
    assert "Personalfilen er importert" in page

    with app.app_context():
        by_web = snapshot(world.kommune_id)
    for name in ("people", "employments", "roles", "mentorships", "accounts"):
        by_web[name] = {row for row in by_web[name] if row[0] not in world_people}
    by_web["units"] = {u for u in by_web["units"] if u[0].startswith("Nyby")}
    assert by_web == by_command
    assert len(by_command["mentorships"]) == 2 and len(by_command["accounts"]) == 6  # not Lars, who left
    said = printed[1:-1]  # not «Leste … inn i <kommune>», nor the line on accounts
    assert "1 sluttet: ingen invitasjon, ingen plan." in said and all(line in page for line in said)
