"""The main journeys, in a real browser, on the demo kommune; axe-core on every main page.

Each journey is what a person does: log in, find the page by its links, fill the real form (CSRF and
all) and see the result. `check_page` (conftest.py) screenshots every main page and fails on serious
or critical accessibility findings; `both_widths` does so at desktop width and on a 360×740 phone.
"""
import logging
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import openpyxl
import pytest

from tests.browser.conftest import DESKTOP, PHONE, TODAY
from tests.smtp_server import SmtpServer

ROLE_PAGES = {
    # role: the menu links it follows from the start page, each a main page of that role
    "admin": ["Personer", "Kontoer", "Tilgangslogg", "Varsler"],
    "hr": ["Personer", "Stabilitet", "Mentorer"],
    "enhetsleder": ["Enheten", "Stabilitet"],
    "avdelingsleder": ["Avdelingen", "Fravær"],
    "mentor": ["Mine menteer"],
    "mentee": ["Min plan", "Puls"],
}


@pytest.fixture
def expect():
    from playwright.sync_api import expect
    return expect


@pytest.fixture
def both_widths(page, check_page):
    """Check the page at desktop width and on a phone, then go back to desktop width."""
    def check(name: str):
        check_page(name)
        page.set_viewport_size(PHONE)
        check_page(name)
        assert_no_sideways_scrolling(page, name)
        page.set_viewport_size(DESKTOP)
    return check


def assert_no_sideways_scrolling(page, name):
    """At 360 px the page itself must not scroll sideways (WCAG 1.4.10); wide tables scroll inside
    their own .table-wrap."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


def main_menu(page):
    return page.get_by_role("navigation", name="Hovedmeny")


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_role_logs_in_and_opens_its_main_pages(page, log_in, both_widths, expect, role):
    log_in(role)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei,")
    assert page.evaluate("() => document.documentElement.lang") == "nb"
    both_widths(f"start-{role}")
    for link in ROLE_PAGES[role]:
        main_menu(page).get_by_role("link", name=link, exact=True).click()
        page.wait_for_load_state("load")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        both_widths(f"{role}-{link.lower().replace(' ', '-').replace('æ', 'ae')}")
    # Every page has the landmarks and the statement link.
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighetserklæring")).to_be_visible()


def test_a_wrong_password_is_reported_in_words_tied_to_the_form(page, server, check_page, expect):
    page.goto(f"{server.url}/logg-inn")
    check_page("login")
    page.get_by_role("button", name="Logg inn").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Skjemaet har feil")
    email = page.get_by_label("E-post")
    expect(email).to_have_attribute("aria-invalid", "true")
    described = email.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_have_text("Skriv inn e-postadressen din.")
    check_page("login-errors")
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name=re.compile("^E-post")).click()
    expect(email).to_be_focused()


def fill_new_hire(page, first: str, last: str, number: str, email: str = ""):
    page.get_by_label("Fornavn").fill(first)
    page.get_by_label("Etternavn").fill(last)
    page.get_by_label("Ansattnummer").fill(number)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Startdato").fill(TODAY.isoformat())
    page.get_by_label("Stillingsprosent").fill("100")
    page.get_by_label("Nyutdannet").check()
    page.get_by_label("Mentor", exact=True).select_option(index=1)


def test_the_leader_registers_a_new_hire_and_sees_the_plan(page, log_in, both_widths, check_page, expect):
    log_in("avdelingsleder")
    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Registrer nyansatt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer nyansatt")
    both_widths("new-hire")

    # Sent empty: every missing field says so, tied to its field.
    page.get_by_role("button", name="Registrer og lag plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Skjemaet har feil")
    first_name = page.get_by_label("Fornavn")
    expect(first_name).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{first_name.get_attribute('aria-describedby')}")).not_to_be_empty()
    check_page("new-hire-errors")

    fill_new_hire(page, "Nora", "Nettleser", "NETT-001", email="nora.nettleser@demo.no")
    page.get_by_role("button", name="Registrer og lag plan").click()

    expect(page.get_by_role("status").first).to_contain_text("Nora Nettleser er registrert")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nora Nettleser")
    assert page.locator(".timeline > li").count() >= 10, "the new plan has its year of activities"
    both_widths("new-hire-plan")


def test_the_leader_accepts_a_conflict_suggestion(page, log_in, both_widths, expect, tmp_path):
    """A hire whose turnus has a single shift in the first weeks gives conflicts (too few shifts to
    place the training shifts on), each with suggestions to move the new nurse onto a mentor's
    shift. (A hire with no shift at all gets a start turnus instead: the test below.)"""
    log_in("avdelingsleder")
    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Registrer nyansatt").click()
    fill_new_hire(page, "Konrad", "Konflikt", "NETT-002")
    page.get_by_role("button", name="Registrer og lag plan").click()
    expect(page.get_by_role("status").first).to_contain_text("Konrad Konflikt er registrert")
    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Importer turnus").click()
    turnus = tmp_path / "konrad.csv"
    last_week = TODAY + timedelta(days=25)
    turnus.write_text(f"ansattnr;dato;vaktkode;start;slutt\nNETT-002;{last_week.isoformat()};D1;07:45;15:15\n",
                      encoding="utf-8")
    page.get_by_label("Turnusfil").set_input_files(str(turnus))
    page.get_by_role("button", name="Last opp og se endringene").click()
    page.get_by_role("button", name="Bekreft import").click()
    expect(page.get_by_role("status").first).to_be_visible()
    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Konflikter i planene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konflikter i planene")
    both_widths("conflicts")
    page.get_by_label("Søk på den nyansattes navn eller ansattnummer").fill("Konrad Konflikt")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("for «Konrad Konflikt»")
    conflict = page.locator("article.conflict").filter(has_text="Konrad Konflikt").first
    expect(conflict.locator(".reason")).to_contain_text("Årsak:")
    accept = conflict.get_by_role("button", name=re.compile("^Godta"))
    assert accept.count() >= 1, "the conflict comes with suggestions"
    suggestion = re.sub(r"\s+", " ", accept.first.inner_text().split(":", 1)[1]).strip()
    changes = page.locator("section[aria-labelledby=turnusendringer] tbody tr")
    before = changes.count()
    accept.first.click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(changes).to_have_count(before + 1)
    expect(changes.filter(has_text="Konrad Konflikt")).to_have_count(1)
    # The shift the suggestion put in is listed to be carried into the turnus system.
    day = re.search(r"\d\d\.\d\d", suggestion).group(0)
    expect(changes.filter(has_text="Konrad Konflikt")).to_contain_text(day)
    both_widths("conflicts-accepted")


def _first_mentee_plan(page, expect):
    main_menu(page).get_by_role("link", name="Mine menteer").click()
    page.locator("main h2 a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page.locator("main h1").inner_text()


def test_the_mentor_logs_a_conversation_on_a_phone(page, log_in, check_page, expect):
    page.set_viewport_size(PHONE)
    log_in("mentor")
    # On a phone the menu wraps; it is still there and usable.
    _first_mentee_plan(page, expect)
    check_page("plan")
    assert_no_sideways_scrolling(page, "plan")
    page.get_by_role("link", name="Logg en samtale utenom planen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg samtale")
    check_page("conversation-form")
    assert_no_sideways_scrolling(page, "conversation-form")

    # A wrong duration is named, tied to its field, and nothing is saved.
    page.get_by_label("Varighet (minutter)").fill("2")
    page.get_by_role("button", name="Lagre samtalen").click()
    duration = page.get_by_label("Varighet (minutter)")
    expect(duration).to_have_attribute("aria-invalid", "true")
    message = page.locator(f"#{duration.get_attribute('aria-describedby').split()[-1]}")
    expect(message).to_have_text("Varigheten må være mellom 5 og 480 minutter.")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check_page("conversation-form-errors")

    duration.fill("40")
    page.get_by_label(re.compile(r"^Dato")).fill(TODAY.isoformat())
    page.get_by_label("Andre stikkord (ett per linje)").fill("Nattevakter")
    page.get_by_label("Notater", exact=True).fill("Snakket om første nattevakt, fra telefonen.")
    page.get_by_label("Hva").first.fill("Hospitere en natt")
    page.get_by_label("Frist").first.fill((TODAY + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Lagre samtalen").click()
    today = TODAY.strftime("%d.%m.%Y")
    expect(page.get_by_role("status").first).to_contain_text(f"Samtalen {today} er logget.")
    check_page("plan-after-conversation")
    page.locator("section[aria-labelledby=samtaler]").get_by_role("row").filter(has_text="Nattevakter").get_by_role("link").last.click()
    expect(page.get_by_text("Snakket om første nattevakt, fra telefonen.")).to_be_visible()
    expect(page.get_by_text("Hospitere en natt")).to_be_visible()
    check_page("conversation")
    assert_no_sideways_scrolling(page, "conversation")


def _tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the JS predicate (given `el`); fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def _focus_is_visible(page) -> bool:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    }""")


def _typed_date(page, day: date) -> str:
    """The digits to type into a date field, in the order the browser's language shows its parts."""
    order = page.evaluate("""() => new Intl.DateTimeFormat(navigator.language, {year: 'numeric', month: '2-digit', day: '2-digit'})
        .formatToParts(new Date(2000, 0, 2)).map(part => part.type).filter(type => type !== 'literal')""")
    parts = {"day": f"{day.day:02}", "month": f"{day.month:02}", "year": f"{day.year}"}
    return "".join(parts[part] for part in order)


def _link_named(text: str) -> str:
    return f"el.tagName === 'A' && el.innerText.trim().startsWith({text!r})"


def test_a_conversation_is_logged_with_the_keyboard_alone(page, server, expect):
    """Tab, typing and Enter only: no mouse, no clicks."""
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/logg-inn")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('ds-skip-link')"), \
        "the skip link is the first stop"
    assert _focus_is_visible(page)
    _tab_to(page, "el.name === 'email'")
    page.keyboard.type("mentor@demo.no")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/")

    _tab_to(page, _link_named("Mine menteer"))
    assert _focus_is_visible(page), "the focused menu link shows it"
    page.keyboard.press("Enter")
    page.wait_for_url("**/mine-menteer")
    _tab_to(page, "el.tagName === 'A' && el.closest('main h2') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/*")
    _tab_to(page, _link_named("Logg en samtale utenom planen"))
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/samtale/ny")

    _tab_to(page, "el.name === 'held_on'")
    # Chromium's date field takes day, month and year in its interface language's order.
    page.keyboard.type(_typed_date(page, TODAY))
    assert page.evaluate("() => document.activeElement.value") == TODAY.isoformat()
    _tab_to(page, "el.name === 'duration_minutes'")
    assert _focus_is_visible(page), "the focused field shows it"
    page.keyboard.type("30")
    _tab_to(page, "el.type === 'checkbox'")
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'notes'")
    page.keyboard.type("Logget med tastaturet alene.")
    _tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && el.innerText.includes('Lagre samtalen')")
    assert _focus_is_visible(page), "the focused button shows it"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/plan/\d+(#samtaler)?$"))
    expect(page.get_by_role("status").first).to_contain_text("er logget")


def test_checklist_items_are_marked_by_the_mentee_and_signed_off_by_the_mentor(page, log_in, both_widths, expect):
    log_in("mentor")
    _first_mentee_plan(page, expect)
    page.get_by_role("link", name="Sjekkliste", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sjekkliste for")
    both_widths("checklist")
    summary = page.locator("main h1 + p")
    signed = int(re.search(r"(\d+) av \d+ punkter godkjent", summary.inner_text()).group(1))
    me = page.locator(".whoami").inner_text()
    for _ in range(2):
        item = page.locator("li:has(.mark--godkjent form.mark__form)").first
        item_id = item.get_attribute("id")
        item.locator(".mark--godkjent").get_by_role("button", name=re.compile("^Kryss av")).click()
        expect(page.locator(f"#{item_id} .mark--godkjent")).to_contain_text(me)
        expect(page.locator(f"#{item_id} .mark--godkjent").get_by_role("button", name=re.compile("^Angre"))).to_have_count(1)
    signed_after = int(re.search(r"(\d+) av \d+ punkter godkjent", summary.inner_text()).group(1))
    assert signed_after == signed + 2
    both_widths("checklist-signed")


def test_the_mentee_marks_a_checklist_item(page, log_in, check_page, expect):
    page.set_viewport_size(PHONE)
    log_in("mentee")
    main_menu(page).get_by_role("link", name="Min plan").click()
    page.get_by_role("link", name="Sjekkliste", exact=True).click()
    item = page.locator("li:has(.mark--opplaering form.mark__form)").first
    item_id = item.get_attribute("id")
    title = item.locator("h3").inner_text()
    # The button's name says which item it marks, for a screen reader that lists buttons.
    button = item.locator(".mark--opplaering").get_by_role(
        "button", name=re.compile(rf"^Kryss av ?: Jeg har fått opplæring, {re.escape(title)}$"))
    button.click()
    expect(page.locator(f"#{item_id} .mark--opplaering")).to_contain_text(TODAY.strftime("%d.%m.%Y"))
    expect(page.locator(f"#{item_id} .mark--opplaering").get_by_role("button", name=re.compile("^Angre"))).to_have_count(1)
    check_page("checklist-mentee")


def test_hr_opens_the_retention_report_and_downloads_the_spreadsheet(page, log_in, both_widths, expect, tmp_path):
    log_in("hr")
    main_menu(page).get_by_role("link", name="Stabilitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blir de nyansatte?")
    # The chart has a text alternative, and its numbers are in a table with headers.
    chart = page.locator("figure.retention-figure svg")
    expect(chart).to_have_attribute("role", "img")
    assert (chart.get_attribute("aria-label") or chart.get_attribute("aria-labelledby")), "the chart is named"
    expect(page.locator("figure.retention-figure figcaption")).not_to_be_empty()
    expect(page.get_by_role("table").first.get_by_role("columnheader").first).to_be_visible()
    both_widths("retention")
    # On a phone the wide tables and the chart scroll inside named regions the keyboard can reach.
    page.set_viewport_size(PHONE)
    page.wait_for_function("() => document.querySelector('.chart-wrap[role=region]') !== null")
    regions = page.locator(".table-wrap[role=region], .chart-wrap[role=region]")
    assert regions.count() >= 2
    names = [regions.nth(i).get_attribute("aria-label") for i in range(regions.count())]
    assert all(name.endswith("(rull sidelengs)") and len(name) > 20 for name in names), names
    assert "Diagram over andel fortsatt ansatt (rull sidelengs)" in names
    expect(regions.first).to_have_attribute("tabindex", "0")
    page.set_viewport_size(DESKTOP)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned som Excel (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    cells = [str(value) for sheet in workbook.worksheets
             for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    workbook.close()
    assert len(workbook.sheetnames) >= 1
    assert any("Ansatt" in text or "ansatt" in text for text in cells), cells[:20]


def test_the_accessibility_statement_is_public_and_linked_from_every_page(page, server, both_widths, expect):
    page.goto(f"{server.url}/logg-inn")
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    expect(page.get_by_role("link", name=re.compile("uutilsynet.no"))).to_have_count(1)
    both_widths("statement")


def test_an_idle_logout_is_warned_and_can_be_put_off_with_the_keyboard(page, server, log_in, check_page, expect):
    """WCAG 2.2.1: two minutes before the idle logout a warning takes focus; Enter on its button
    starts the time again without leaving the page, and focus goes back where it was."""
    page.clock.install()
    log_in("mentor")
    page.goto(f"{server.url}/mine-menteer")
    warning = page.get_by_role("alertdialog", name="Du blir snart logget ut")
    expect(warning).to_be_hidden()
    page.get_by_role("link", name="Mine menteer").first.focus()
    page.clock.fast_forward("27:59")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("00:02")
    expect(warning).to_be_visible()
    button = warning.get_by_role("button", name="Fortsett å være innlogget")
    expect(button).to_be_focused()
    check_page("idle-warning")
    with page.expect_response(lambda r: r.url.endswith("/hold-innlogget")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(warning).to_be_hidden()
    expect(page.get_by_role("link", name="Mine menteer").first).to_be_focused()
    assert page.url.endswith("/mine-menteer")
    # The time started again: no warning until another 28 minutes have passed.
    page.clock.fast_forward("27:00")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:01")
    expect(warning).to_be_visible()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture
def mail(server):
    """A real SMTP server that the app server sends to, for the length of one test; what the
    server logs meanwhile is kept, to say why a message did not come."""
    smtp = SmtpServer()
    smtp.start()
    records = _Records()
    loggers = [server.app.logger, logging.getLogger("werkzeug")]
    for logger in loggers:
        logger.addHandler(records)
    smtp.records = records.lines
    before = {key: server.app.config[key] for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS")}
    server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    yield smtp
    server.app.config.update(before)
    for logger in loggers:
        logger.removeHandler(records)
    smtp.stop()


def invitation_path(smtp, address: str) -> str:
    messages = smtp.wait_for(address)
    assert len(messages) == 1, (f"{len(messages)} e-mails to {address}; to others: "
                                f"{[m.to for m in smtp.received]}; the server logged: {smtp.records}")
    [message] = messages
    link = re.search(r"https?://\S+/invitasjon/\S+", message.part("plain")).group(0)
    return urlsplit(link).path


def test_a_new_hire_is_invited_chooses_a_password_and_the_admin_sees_the_account(
        page, server, log_in, both_widths, check_page, expect, mail):
    log_in("avdelingsleder")
    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Registrer nyansatt").click()
    fill_new_hire(page, "Inga", "Invitert", "INV-001", email="inga.invitert@demo.no")
    page.get_by_role("button", name="Registrer og lag plan").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Inga Invitert får en invitasjon på e-post til å velge passord")
    page.get_by_role("button", name="Logg ut").click()

    path = invitation_path(mail, "inga.invitert@demo.no")
    page.goto(server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Inga")
    both_widths("invitation")
    page.get_by_label("Nytt passord").fill("kort")
    page.get_by_label("Gjenta det nye passordet").fill("kort")
    page.get_by_role("button", name="Lagre passordet og logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("minst 12 tegn")
    check_page("invitation-errors")
    page.get_by_label("Nytt passord").fill("tyttebær langs stien")
    page.get_by_label("Gjenta det nye passordet").fill("tyttebær langs stien")
    page.get_by_role("button", name="Lagre passordet og logg inn").click()
    expect(page.get_by_role("status").first).to_contain_text("Velkommen, Inga! Passordet er lagret")
    expect(main_menu(page).get_by_role("link", name="Min plan")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    # The link worked once. Asked outside the tab: a 404 in the tab is a console error.
    used = page.request.get(server.url + path)
    assert used.status == 404 and "Invitasjonen virker ikke" in used.text()

    log_in("admin")
    main_menu(page).get_by_role("link", name="Kontoer").click()
    page.get_by_label("Søk på navn, ansattnummer eller e-post").fill("Inga")
    page.get_by_role("button", name="Søk").click()
    row = page.get_by_role("row", name=re.compile("Invitert, Inga"))
    expect(row).to_contain_text("Aktiv")
    expect(row).to_contain_text("inga.invitert@demo.no")
    expect(row).to_contain_text("Nyansatt i mentorprogrammet")
    both_widths("accounts")


def test_a_hire_without_turnus_gets_a_start_turnus_on_the_mentors_shifts(page, log_in, both_widths, check_page,
                                                                        expect, tmp_path):
    log_in("avdelingsleder")
    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Registrer nyansatt").click()
    fill_new_hire(page, "Tuva", "Turnusløs", "START-001")
    page.get_by_role("button", name="Registrer og lag plan").click()
    expect(page.get_by_role("status").first).to_contain_text("Tuva Turnusløs er registrert")

    main_menu(page).get_by_role("link", name="Avdelingen").click()
    page.get_by_role("link", name="Konflikter i planene").click()
    card = page.get_by_role("article", name="Tuva Turnusløs")
    expect(card).to_contain_text("aktiviteter i konflikt")
    card.get_by_role("link", name=re.compile("Se forslag til startturnus")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Startturnus for Tuva Turnusløs")
    both_widths("start-turnus")
    lines = page.locator('input[name="vakt"]')
    assert lines.count() == 10, "ten opplæringsvakter proposed on the mentor's shifts"
    lines.nth(9).uncheck()  # one line left out
    page.get_by_role("button", name="Legg inn vaktene som er valgt").click()
    expect(page.get_by_role("status").first).to_contain_text("9 vakter er lagt inn i turnusen til Tuva Turnusløs")
    check_page("start-turnus-added")

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som turnusfil (CSV)").click()
    path = tmp_path / "startturnus.csv"
    download.value.save_as(path)
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "ansattnr;dato;vaktkode;start;slutt" and len(rows) == 10
    assert all(row.startswith("START-001;") for row in rows[1:])
