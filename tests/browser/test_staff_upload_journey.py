"""The admin's staff upload in a real browser (issue 23): the file is shown as what it would do,
nothing is saved or sent until «Bekreft», the invitations are left for later and sent from Kontoer,
and the one who left gets none. Screenshots and axe at 360 and 1280 px (conftest.py)."""
import re

from tests.browser.test_journeys import both_widths, invitation_path, mail, main_menu  # noqa: F401  (fixtures)

UNIT = "Solsiden helsehus"
STAFF_FILE = (
    "ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;stillingsprosent;"
    "nyutdannet;mentor_ansattnr;roller\n"
    f"SOL-1;Siri;Solberg;siri.solberg@demo.no;sykepleier;{UNIT};Post A;2012-03-01;;;100;nei;;mentor\n"
    f"SOL-2;Per;Persen;per.persen@demo.no;sykepleier;{UNIT};Post A;2026-09-14;;;100;ja;SOL-1;\n"
    f"SOL-3;Lars;Sluttet;lars.sluttet@demo.no;sykepleier;{UNIT};Post A;2026-03-02;2026-08-31;frivillig;100;ja;SOL-1;\n"
)



def test_the_admin_previews_the_staff_file_confirms_and_sends_the_invitations_later(
        page, server, log_in, both_widths, mail):  # noqa: F811
    from playwright.sync_api import expect

    log_in("admin")
    main_menu(page).get_by_role("link", name="Kontoer").click()
    page.get_by_role("link", name="Importer personalfil").click()
    page.get_by_label("Personalfil").set_input_files(
        files=[{"name": "personal.csv", "mimeType": "text/csv", "buffer": STAFF_FILE.encode("utf-8")}])
    page.get_by_role("button", name="Se over filen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Se over personalfilen før den lagres")
    expect(page.get_by_role("heading", name="Nye ansatte (3)")).to_be_visible()
    expect(page.get_by_role("heading", name="Har sluttet (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Planer som starter (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Får konto og invitasjon på e-post (2)")).to_be_visible()
    both_widths("staff-preview")
    assert mail.received == []

    page.get_by_role("button", name="Bekreft, send invitasjonene senere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personalfilen er importert")
    expect(page.get_by_role("status")).to_contain_text("1 sluttet: ingen invitasjon, ingen plan.")
    expect(page.get_by_role("heading", name="Venter på invitasjon")).to_be_visible()
    both_widths("staff-imported")
    assert mail.received == []

    main_menu(page).get_by_role("link", name="Kontoer").click()
    page.get_by_role("button", name=re.compile(r"Send ventende invitasjoner \(2\)")).click()
    expect(page.get_by_role("status").first).to_contain_text("Invitasjonen er sendt til 2 personer.")
    assert invitation_path(mail, "per.persen@demo.no").startswith("/invitasjon/")
    assert mail.to("lars.sluttet@demo.no") == []
