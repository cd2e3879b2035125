"""Going live in a new kommune, in a real browser (issue 23): a kommune with nothing but its admin,
the staff file uploaded and seen before anything is saved, confirmed with the invitations sent at
once, the invitation read from a real SMTP server, and the new nurse's first login. Screenshots and
axe at 360 and 1280 px on every page (conftest.py)."""
from tests.browser.test_journeys import both_widths, invitation_path, mail, main_menu  # noqa: F401  (fixtures)

KOMMUNE = "Fjellvik kommune"
ADMIN = "it@fjellvik.no"
PASSWORD = "fjellvik-admin-passord"
STAFF_FILE = (
    "ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;stillingsprosent;"
    "nyutdannet;mentor_ansattnr;roller\n"
    "FV-1;Mona;Mentor;mona.mentor@fjellvik.no;sykepleier;Fjellvik sykehjem;Post 1;2015-01-05;;;100;nei;;mentor\n"
    "FV-2;Ola;Leder;ola.leder@fjellvik.no;sykepleier;Fjellvik sykehjem;Post 1;2010-01-04;;;100;nei;;avdelingsleder\n"
    "FV-3;Nora;Ny;nora.ny@fjellvik.no;sykepleier;Fjellvik sykehjem;Post 1;2026-09-14;;;100;ja;FV-1;\n"
    "FV-4;Tor;Tidligere;tor.tidligere@fjellvik.no;sykepleier;Fjellvik sykehjem;Post 1;2026-03-02;2026-08-31;"
    "frivillig;100;ja;FV-1;\n"
)


def an_empty_kommune(server) -> None:
    """A kommune with only its IT admin, as `create-admin` leaves a new installation."""
    from mentorplan.extensions import db
    from mentorplan.models import Kommune, Person, Role, RoleAssignment, User

    with server.app.app_context():
        kommune = Kommune(name=KOMMUNE)
        admin = Person(kommune=kommune, employee_number="IT-1", first_name="Ida", last_name="Drift", email=ADMIN)
        account = User(person=admin, email=ADMIN)
        account.set_password(PASSWORD)
        db.session.add_all([kommune, admin, account, RoleAssignment(person=admin, role=Role.ADMIN, kommune=kommune)])
        db.session.commit()
        db.session.remove()



def test_a_new_kommune_goes_live_from_its_staff_file_to_a_nurses_first_login(
        page, server, both_widths, mail):  # noqa: F811
    from playwright.sync_api import expect

    an_empty_kommune(server)
    page.goto(f"{server.url}/logg-inn")
    page.get_by_label("E-post").fill(ADMIN)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei,")

    main_menu(page).get_by_role("link", name="Kontoer").click()
    page.get_by_role("link", name="Importer personalfil").click()
    page.get_by_label("Personalfil").set_input_files(
        files=[{"name": "personal.csv", "mimeType": "text/csv", "buffer": STAFF_FILE.encode("utf-8")}])
    page.get_by_role("button", name="Se over filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se over personalfilen før den lagres")
    expect(page.get_by_role("heading", name="Har sluttet (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Planer som starter (1)")).to_be_visible()
    both_widths("golive-preview")
    assert mail.received == [], "the preview sent nothing"

    page.get_by_role("button", name="Bekreft og send invitasjonene nå").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personalfilen er importert")
    both_widths("golive-imported")
    assert mail.to("tor.tidligere@fjellvik.no") == [], "the one who left is not invited"
    path = invitation_path(mail, "nora.ny@fjellvik.no")
    [invitation] = mail.to("nora.ny@fjellvik.no")
    assert KOMMUNE in invitation.message["From"] and "Mona Mentor" in invitation.part("plain")
    page.get_by_role("button", name="Logg ut").click()

    page.goto(server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Nora")
    both_widths("golive-invitation")
    page.get_by_label("Nytt passord").fill("multebær på fjellet")
    page.get_by_label("Gjenta det nye passordet").fill("multebær på fjellet")
    page.get_by_role("button", name="Lagre passordet og logg inn").click()
    expect(page.get_by_role("status").first).to_contain_text("Velkommen, Nora! Passordet er lagret")
    main_menu(page).get_by_role("link", name="Min plan").click()
    expect(page.get_by_role("main")).to_contain_text("Mona Mentor")
    both_widths("golive-first-plan")
