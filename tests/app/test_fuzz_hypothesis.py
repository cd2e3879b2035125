"""Every form and every page's query parameters, driven with hostile values by hypothesis.

Nothing is listed by hand: each role (and someone not logged in) walks the site from the start page
and from every GET route without parameters (tests/app/site_walk.py); every form and every page
kind found is fuzzed once. Each field gets the values issue 22 names (empty, huge, NUL and other
control characters, year 1 / 9999 / 31.02, negative and enormous numbers, HTML, formula prefixes,
files of absurd shapes) and hypothesis adds its own. No answer may be a 5xx, and a value the input
rules refuse (mentorplan/files/input_rules.py) must be refused with a message naming its field. A
route no walk reaches fails the test until the world below shows it or UNREACHED says why not.

The figures (requests sent, 5xx, hostile values accepted, refusals naming no field) print with -s.
"""
import html
import re
from datetime import date, time
from io import BytesIO
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from flask import got_request_exception
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mentorplan.absence.operations import register_absence
from mentorplan.extensions import db
from mentorplan.feeds.tokens import issue
from mentorplan.go_live.operations import set_go_live
from mentorplan.models import AbsenceKind, FeedKind, Kommune, Person, RetentionBenchmark, Unit, User
from mentorplan.network.operations import Recurrence, plan_meetings
from mentorplan.plans.operations import new_draft

from tests.app.site_walk import Form, read_page, walk
from tests.conversations.test_conversations import talks  # noqa: F401  (the fixture)

ROLES = (None, "mentee", "mentor", "avdelingsleder", "enhetsleder", "hr", "admin")
RANDOM_PER_FIELD, RANDOM_PER_PAGE = 1, 4  # hypothesis's own values, besides every field's named ones
FUZZ = settings(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
# Routes no walk reaches in this small world, and why; every other route must be reached.
UNREACHED = {
    "auth.sso_start": "single sign-on is off in tests", "auth.sso_callback": "single sign-on is off in tests",
    "auth.second_factor": "needs a TOTP login (test_fuzz.py)",
    "auth.totp_confirm": "needs a TOTP secret being set up (test_fuzz.py)",
    "auth.totp_disable": "needs TOTP switched on (test_fuzz.py)",
    "auth.accept_invitation": "a secret link; its token is fuzzed below",
    "auth.reset_password": "a secret link; its token is fuzzed below",
    "auth.confirm_email": "a secret link; its token is fuzzed below",
    "feeds.feed": "a secret link; its token is fuzzed below",
    "scheduling.accept": "needs a conflict with a suggestion",
    "plans.apply_template": "needs a newer template than the plan's",
    "scheduling.start_turnus_file": "offered with a proposed start turnus",
    "accounts.activate_account": "needs a deactivated account", "accounts.invite": "needs a person without one",
    "checklists.create_draft": "the unit has a draft already", "plan_templates.create_draft": "the same",
    "turnus.confirm": "on a turnus preview, confirmed by the fuzz after each upload that gets one",
    "people.confirm_staff": "on a staff file's preview, confirmed by the fuzz after each upload that gets one",
    "accounts.invite_all_waiting": "shown when a staff file left invitations for later; the world has none",
    "notifications.show": "the world has no notification", "notifications.read": "the same",
    "notifications.read_all": "the same",
    "static": "files",
}

CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f, 0x85, 0x9b)]
SCRIPT = "<script>alert('x')</script>"
HUGE_NUMBERS = [str(n) for n in (-(10 ** 20), -2 ** 63, -2 ** 31 - 1, 2 ** 31, 2 ** 63, 10 ** 20, 10 ** 100)]
YEAR_1_OR_9999 = re.compile(r"(0001|9999)-\d\d-\d\d|\d\d\.\d\d\.(0001|9999)")
# What every field of a kind is tried with, whatever hypothesis draws besides.
NAMED = {
    "text": ["", "A" * 100_000, "Nina\x00Nytilsatt", "Nina\x1b[31mNytilsatt", SCRIPT, "=HYPERLINK(\"http://x\")",
             "@SUM(A1)", "+4712345678"],
    "date": ["", "0001-01-01", "31.12.9999", "31.02.2026", "18.09.2026\x00", "-1"],
    "time": ["", "24:00", "12:60", "12:00\x00"],
    "number": ["", HUGE_NUMBERS[0], HUGE_NUMBERS[-1], "-1", "1e999", "NaN", "1\x00"],
    "choice": ["", "99999999999999999999", "-1", "a\x00b", SCRIPT],
}
KIND_VALUES = {"multiline": "text", "email": "text", "password": "text", "select": "choice", "check": "choice",
               "hidden": "choice"}

text_values = st.one_of(st.sampled_from(NAMED["text"] + NAMED["number"] + ["-1", " ", "\u202e\u200b", "%00"]),
                        st.text(max_size=40),
                        st.text(st.sampled_from(CONTROLS + ["a", "\n", "\t"]), min_size=1, max_size=8))
any_date = st.dates(date(1, 1, 1), date(9999, 12, 31))
date_values = st.one_of(st.sampled_from(NAMED["date"]), any_date.map(lambda d: f"{d:%d.%m.}{d.year:04d}"),
                        any_date.map(lambda d: f"{d.year:04d}-{d:%m-%d}"))
number_values = st.one_of(st.sampled_from(HUGE_NUMBERS + NAMED["number"]), st.integers().map(str))
query_values = st.one_of(text_values, date_values, number_values,
                         st.sampled_from(["2026-W99", "9999-W52", "0001-W01", "2026-W00", "maaned"]))
RANDOM = {"date": date_values, "time": st.sampled_from(NAMED["time"]) | text_values, "number": number_values}


def value_kind(f) -> str:
    """Which values a field is tried with: a hidden field holding a date (an absence to delete) gets dates."""
    if f.kind == "hidden" and re.fullmatch(r"\d{4}-\d\d-\d\d", str(f.value)):
        return "date"
    return KIND_VALUES.get(f.kind, f.kind)


def must_refuse(kind: str, value: str) -> bool:
    """Whether the input rules refuse the value in a field of the kind, whatever the other fields hold."""
    if kind in ("text", "multiline", "email"):
        inner = value.strip()[1:-1]  # a leading or trailing control character may be stripped instead
        allowed = "\t\n\r" if kind == "multiline" else "\t"
        return any(c in inner and c not in allowed for c in CONTROLS)
    if kind == "date":
        return value == "31.02.2026" or bool(YEAR_1_OR_9999.fullmatch(value))
    return kind == "number" and value in HUGE_NUMBERS


class Tally:
    """The requests sent, the 5xx answers (with the exception behind each), hostile values accepted,
    and refusals that named no field."""

    def __init__(self, app):
        self.app, self.requests, self.errors, self.unnamed, self.accepted = app, 0, [], [], []

    def send(self, client, method, url, **kwargs):
        self.requests += 1
        raised = []
        with got_request_exception.connected_to(lambda _, exception, **__: raised.append(exception), self.app):
            response = client.open(url, method=method, **kwargs)
        if response.status_code >= 500:
            data = {k: (v if isinstance(v, str) else "…")[:60] for k, v in (kwargs.get("data") or {}).items()}
            self.errors.append(f"{method} {url} {data} → {response.status_code} {raised[:1]!r}")
        return response

    def report(self) -> str:
        return (f"{self.requests} requests, {len(self.errors)} 5xx, {len(self.accepted)} hostile values "
                f"accepted, {len(self.unnamed)} refusals naming no field")

    def problems(self) -> list[str]:
        return [f"{len(found)} {name}:\n" + "\n".join(found[:40])
                for name, found in (("5xx", self.errors), ("accepted", self.accepted), ("unnamed", self.unnamed))
                if found]


@pytest.fixture
def richer(app, world, talks):  # noqa: F811
    """The world with something on every page that has a form for it: a draft plan template, an
    absence, a network meeting, a reference line, the mentor's calendar link, a go-live date."""
    with app.app_context():
        unit = db.session.get(Unit, world.unit_ids["a"])
        new_draft(unit, db.session.get(Person, world.person_ids["enhetsleder"]))
        register_absence(db.session.get(Person, world.person_ids["mentor"]), AbsenceKind.KURS,
                         date(2026, 10, 5), date(2026, 10, 6))
        plan_meetings([unit], Recurrence("Nettverk", date(2026, 10, 1), time(12), time(14), 1, 1), date(2026, 9, 18))
        db.session.add(RetentionBenchmark(kommune_id=world.kommune_id, label="KS", months=12, rate=0.8))
        issue(db.session.scalar(select(User).where(User.person_id == world.person_ids["mentor"])), FeedKind.ACTIVITIES)
        # Gone live in the mentees' second week: their first days are «før mentorplan», to be recorded.
        set_go_live(db.session.get(Kommune, world.kommune_id), date(2026, 9, 14), date(2026, 9, 18))
        db.session.commit()


@pytest.fixture
def fuzzing(app, tmp_path):
    """Throttles out of the way, uploads in a test folder, and a failure answered with a 500 page as
    in production (the tally keeps the exception) instead of raised into the test."""
    app.instance_path = str(tmp_path / "instance")
    app.config.update(PROPAGATE_EXCEPTIONS=False, FEED_REQUESTS_PER_MINUTE=10 ** 6,
                      LOGIN_FAILURES_PER_ACCOUNT=10 ** 6, LOGIN_FAILURES_PER_ADDRESS=10 ** 6,
                      RESET_REQUESTS_PER_ACCOUNT=10 ** 6, RESET_REQUESTS_PER_ADDRESS=10 ** 6,
                      TOTP_FAILURES_PER_ACCOUNT=10 ** 6, TOTP_FAILURES_PER_ADDRESS=10 ** 6)
    return Tally(app)


# --- Forms ---------------------------------------------------------------------------------

def upload_files(app, world) -> dict[str, tuple[str, bytes]]:
    """A file each upload form takes as it is, by the form's path."""
    with app.app_context():
        number = db.session.scalar(select(Person.employee_number).where(Person.id == world.person_ids["mentee"]))
    return {
        "/avdeling/turnus/": ("turnus.csv", f"ansattnr;dato;vaktkode;start;slutt\n{number};2026-09-21;D1;07:45;15:15\n"
                                            f"{number};2026-09-22;FE;;\n".encode()),
        "/personer/importer": ("ansatte.csv", "ansattnr;fornavn;etternavn;stilling;enhet;avdeling;startdato\n"
                                              "7001;Kari;Fuzz;sykepleier;Lade helse- og velferdssenter;Avdeling 1;"
                                              "2026-10-01\n".encode()),
    }


def hostile_files(good: bytes) -> tuple[list[bytes], st.SearchStrategy[bytes]]:
    """The good file with a hostile value in each cell, in absurd shapes, or no CSV at all; and more
    of them for hypothesis to draw."""
    header, _, rest = good.decode().partition("\n")
    row = rest.splitlines()[0]
    cells = row.split(";")

    def with_cell(value: str, at: int) -> bytes:
        return f"{header}\n{';'.join(cells[:at] + [value] + cells[at + 1:])}\n".encode()
    # Under the test client's 500 kB spool: a larger upload goes to a temporary file it leaves open.
    shapes = [f"{header}{';x' * 10_000}\n{row}\n", f"{header}\n{row}{';x' * 10_000}\n",
              f"{header}\n{row};{'9' * 200_000}\n", f"{header}\n" + f"{row}\n" * 5000]
    named = ([with_cell(value, at) for at in range(len(cells)) for value in ("D\x001", "\x1b[31m", "=1+1")]
             + [shape.encode() for shape in shapes] + [b"", b"\x00" * 100, bytes(range(256)) * 4])
    return named, st.one_of(st.builds(with_cell, text_values, st.integers(0, len(cells) - 1)), st.binary(max_size=200))


def filled(form: Form, files: dict, serial: int) -> dict:
    """The form as a person sends it: the page's values, and plausible ones where it shows none."""
    data = {}
    for f in form.fields.values():
        value = f.value
        if value in ("", []) or (f.kind == "select" and value == "0"):  # «Velg …» is no choice
            value = {"text": f"Fuzz {serial}", "multiline": f"Fuzz {serial}", "email": f"fuzz{serial}@test.no",
                     "date": "2026-09-21", "time": "14:00" if "end" in f.name else "12:00", "number": "1",
                     "select": next((o for o in f.options if o not in ("", "0")), ""),
                     "check": f.options[:1] if len(f.options) > 1 else []}.get(f.kind, value)
        if f.kind == "file":
            value = files.get(form.path, ("fil.csv", b"a;b\n1;2\n"))
        if f.name == "employee_number" and f.kind == "text":
            # A new hire's number must be new; a turnus CSV names its people itself.
            value = f"F{serial}" if "nyansatt" in form.path else ""
        data[f.name] = value
    return data


def alerts(markup: str) -> list[str]:
    return [html.unescape(alert) for alert in re.findall(r'role="alert"[^>]*>(.*?)</div>', markup, re.S)]


def named(markup: str, f) -> bool:
    """Whether the answer ties an error to the field, or an error alert names it by its label's first word."""
    if f'id="{f.id or f.name}-error"' in markup or f'href="#{f.id or f.name}"' in markup:
        return True
    word = (f.label.split() or [""])[0].strip(":")
    return bool(word) and any(word.lower() in alert.lower() for alert in alerts(markup))


def refresh(client, form: Form) -> None:
    """The form's hidden values anew from its page: a sent form's one-time token is spent."""
    response = client.get(form.page)
    if response.status_code == 200:
        fresh = next((f for f in read_page(form.page, response.get_data(as_text=True))[0]
                      if f.signature == form.signature), None)
        for f in (fresh.fields.values() if fresh else ()):
            if f.kind == "hidden":
                form.fields[f.name].value = f.value


def fuzz_form(tally: Tally, client, form: Form, files: dict) -> None:
    fields = [f for f in form.fields.values() if not f.name.endswith("csrf_token") and f.kind != "submit"]
    if not fields:
        return
    serial = iter(range(10 ** 6))
    good_file = files.get(form.path, ("fil.csv", b"a;b\n1;2\n"))[1]
    named_files, random_files = hostile_files(good_file)
    has_file = any(f.kind == "file" for f in fields)

    def values(f):
        if f.kind == "file":
            return random_files.map(lambda content: ("fuzz.csv", content))
        return RANDOM.get(value_kind(f), text_values)

    @settings(FUZZ, max_examples=RANDOM_PER_FIELD * len(fields))
    @given(st.sampled_from(fields).flatmap(lambda f: st.tuples(st.just(f), values(f))))
    def attack(choice):
        f, value = choice
        data = {**filled(form, files, next(serial)), f.name: value}
        sent = {k: (BytesIO(v[1]), v[0]) if isinstance(v, tuple) else v for k, v in data.items()}
        response = tally.send(client, form.method.upper(), form.action, data=sent,
                              content_type="multipart/form-data" if has_file else None)
        markup = response.get_data().decode(errors="replace")
        assert SCRIPT not in markup, (form.action, f.name)
        if response.status_code in (302, 303) and response.location:
            markup = client.get(response.location).get_data().decode(errors="replace")
            refresh(client, form)
        elif response.status_code == 200 and 'role="alert"' not in markup:  # done, and answered on the spot
            refresh(client, form)
        if isinstance(value, str) and must_refuse(f.kind, value) and response.status_code < 400 \
                and not named(markup, f):
            if response.status_code == 200:
                tally.unnamed.append(f"{form.action} {f.name}={value[:40]!r}")
            elif not re.search(r'class="ds-alert" data-color="(danger|warning|info)"', markup):
                # Redirected with no word of a refusal (one for another reason, «allerede utført», is fine): saved.
                tally.accepted.append(f"{form.action} {f.name}={value[:40]!r}")
        confirm = re.search(r'action="(/avdeling/turnus/bekreft|/personer/importer/bekreft)".*?name="token"[^>]*'
                            r'value="([^"]+)"', markup, re.S)
        if confirm:  # a turnus or staff file's preview: its confirmation must not break either
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', markup).group(1)
            tally.send(client, "POST", confirm.group(1), data={"token": confirm.group(2), "csrf_token": token})

    for f in fields:
        chosen = [("fuzz.csv", content) for content in named_files] if f.kind == "file" else NAMED[value_kind(f)]
        for value in chosen:
            attack = example((f, value))(attack)
    attack()


def fuzz_queries(tally: Tally, client, url: str, names: list[str]) -> None:
    """The page's query parameters, and the ids in its path, with hostile values."""
    path = urlsplit(url).path
    ids = list(re.finditer(r"(?<=/)\d+(?=/|\.|$)", path))

    @settings(FUZZ, max_examples=RANDOM_PER_PAGE)
    @given(st.sampled_from(names), query_values)
    def attack(name, value):
        query = {**dict(parse_qsl(urlsplit(url).query, keep_blank_values=True)), name: value}
        response = tally.send(client, "GET", f"{path}?{urlencode(query)}")
        assert SCRIPT.encode() not in response.get_data(), (path, name)

    @settings(FUZZ, max_examples=RANDOM_PER_PAGE)
    @given(st.sampled_from(ids or [None]), st.sampled_from(["0", "2147483648", *HUGE_NUMBERS[-3:]]))
    def attack_ids(at, number):
        if at is not None:
            tally.send(client, "GET", path[:at.start()] + number + path[at.end():])
    attack()
    if ids:
        attack_ids()


def test_every_form_and_page_answers_hostile_input_and_every_route_is_reached(app, world, login, richer, fuzzing):
    tally, files = fuzzing, upload_files(app, world)
    starts = ["/"] + sorted(rule.rule for rule in app.url_map.iter_rules()
                            if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static"))
    pages, forms, queries = {}, {}, {}  # each kind once, with the client of the first role to reach it
    for role in ROLES:
        client = login(world.email(role)) if role else app.test_client()
        found = walk(client, starts)
        for kind, url in found.pages.items():
            pages.setdefault(kind, (client, url))
        for signature, form in found.forms.items():
            forms.setdefault(signature, (client, form))
        for path, names in found.queries.items():
            queries.setdefault(path, set()).update(names)

    for kind, (client, url) in sorted(pages.items()):
        fuzz_queries(tally, client, url, sorted(queries.get(kind.split("?")[0], set()) | {"side", "sok"}))
    posts = [(client, form) for client, form in forms.values() if form.method == "post" and form.path != "/logg-ut"]
    for client, form in sorted(posts, key=lambda pair: pair[1].path.startswith(("/profil", "/admin"))):
        fuzz_form(tally, client, form, files)  # what changes an account, last
    print(f"\nfuzz: {len(pages)} page kinds, {len(posts)} forms: {tally.report()}")

    adapter, reached = app.url_map.bind("localhost"), set()
    for method, url in [("GET", url) for _, url in pages.values()] + [(f.method.upper(), f.action) for _, f in forms.values()]:
        reached.add(adapter.match(urlsplit(url).path, method=method)[0])
    missing = {rule.endpoint for rule in app.url_map.iter_rules()} - reached - set(UNREACHED)
    assert tally.problems() == [], "\n".join(tally.problems())
    assert missing == set(), f"no walk reaches {sorted(missing)}: show it in the world, or say why in UNREACHED"
    assert reached & set(UNREACHED) == set(), "reached now: drop them from UNREACHED"


@pytest.mark.parametrize("path", ["/invitasjon/{}", "/nytt-passord/{}", "/profil/e-post/bekreft/{}", "/kalender/{}.ics"])
def test_hostile_secret_links_get_an_answer(app, fuzzing, path):
    client = app.test_client()

    @settings(FUZZ, max_examples=20)
    @given(st.one_of(text_values, st.sampled_from(CONTROLS)))
    def attack(token):
        fuzzing.send(client, "GET", path.format(quote(token[:3000], safe="")))
    attack()
    assert fuzzing.problems() == [], "\n".join(fuzzing.problems())
