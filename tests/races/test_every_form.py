"""Every form any demo role can reach, sent twice at the same instant: never an error page.

The forms are found by walking the site as each role (tests/app/site_walk.py), so a new form is
covered without a list to keep. Each is filled as a person would (what the page shows, a date of
today, a short text where one is missing) and double-tapped on a real server. Forms that end the
session or change the login itself are left out; so are file uploads (tests/turnus and tests/people
send files, and the two-server test confirms a turnus on another server).
"""
import re
from urllib.parse import urlsplit

from tests.app.site_walk import Form, read_page, walk
from tests.live import together
from tests.races.conftest import record, TODAY

# Mentee first, admin last: what one role's forms change must not lock the next role out.
ROLES = ("mentee", "mentor", "avdelingsleder", "enhetsleder", "hr", "admin")
LEFT_OUT = re.compile(r"^/(logg-ut|logg-inn|hold-innlogget|profil/(passord|totp|e-post)|admin/kontoer/\d+/deaktiver)")
FILLS = {"text": "Rundtest", "multiline": "Rundtest", "date": TODAY.isoformat(), "time": "12:00", "number": "1",
         "email": "rundtest@example.no"}


def filled(form: Form) -> dict:
    data = {name: value for name, value in form.base().items() if not _blank(value)}
    for field in form.fields.values():
        if field.name in data or field.kind in ("submit", "file", "password"):
            continue
        if field.kind == "select" and field.options:
            data[field.name] = next((o for o in field.options if o not in ("", "0")), field.options[0])
        elif field.kind in FILLS:
            data[field.name] = FILLS[field.kind]
    return data


def _blank(value) -> bool:
    """Nothing a person chose: an empty or whitespace text, the «Velg …» option."""
    return isinstance(value, str) and value.strip() in ("", "0")


def fresh(person, form: Form) -> Form | None:
    """The same form as the page shows it now (a new submission token, today's state)."""
    page = person.get(form.page)
    if page.status_code != 200:
        return None
    forms, _ = read_page(form.page, page.text)
    return next((f for f in forms if f.signature == form.signature and f.action == form.action), None) or next(
        (f for f in forms if f.signature == form.signature), None)


def test_no_form_answers_a_double_tap_with_an_error_page(live):
    tried, failures = 0, []
    for role in ROLES:
        person = live.log_in(role)
        site = walk(person.as_client(), ["/"])
        for form in site.forms.values():
            path = urlsplit(form.action).path or urlsplit(form.page).path
            if form.method != "post" or LEFT_OUT.search(path) or any(f.kind == "file" for f in form.fields.values()):
                continue
            current = fresh(person, form)
            if current is None:
                continue
            data, second = filled(current), person.second_tab()
            responses = together(lambda: person.post(path, data), lambda: second.post(path, data))
            tried += 1
            record([r.status_code for r in responses], [])
            failures += [f"{role} {path}: HTTP {r.status_code}" for r in responses if r.status_code >= 500]
    assert tried >= 40, f"only {tried} forms were found and sent"
    record([], failures)
    assert not failures, failures
