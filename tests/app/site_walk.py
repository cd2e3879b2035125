"""Walking the app as a logged-in person does: every page their links reach, and every form on
those pages with its fields, so that the fuzz tests find a new page or form without a list to keep.

A page is known by its kind (`/plan/12/kalender?uke=2026-W37` is `/plan/N/kalender?uke`); a few
pages of each kind are opened, as the demo walk does (tests/demo/test_demo_walk.py).
"""
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

# Links that end the session or leave the HTML world's state alone but cost time.
SKIP = re.compile(r"^/(logg-ut|static/|kalender/)")
PER_KIND = 2
MAX_PAGES = 200


@dataclass
class Field:
    name: str
    kind: str  # text, multiline, password, date, time, number, email, select, check, hidden, file, submit
    value: str | list[str] = ""
    options: list[str] = field(default_factory=list)
    id: str = ""
    label: str = ""


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return urlsplit(self.action).path

    @property
    def signature(self) -> tuple:
        return self.method, kind_of(self.path), tuple(sorted(self.fields))

    def base(self) -> dict[str, str | list[str]]:
        """What the form sends as the page shows it."""
        return {f.name: f.value for f in self.fields.values() if f.value not in ("", [])}


INPUT_KINDS = {"date": "date", "time": "time", "number": "number", "email": "email", "password": "password",
               "hidden": "hidden", "file": "file", "checkbox": "check", "radio": "check", "submit": "submit"}


class _Forms(HTMLParser):
    """The forms of a page and their fields, as a browser would send them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.links = page, [], []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.labels: dict[str, str] = {}  # a field's id → its label's text
        self.label: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href") and not a["href"].startswith("#"):
            self.links.append(a["href"])
        elif tag == "label" and a.get("for"):
            self.label = a["for"]
            self.labels[self.label] = ""
        elif tag == "form":
            self.form = Form(self.page, a.get("method", "get").lower(), urljoin(self.page, a.get("action") or self.page))
            self.forms.append(self.form)
        elif tag == "option" and self.select is not None:
            self._option(a)
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            self._input(a)
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.form.fields.setdefault(a["name"], Field(a["name"], "submit", a.get("value", "")))
        elif tag == "select":
            self.select = self.form.fields.setdefault(
                a["name"], Field(a["name"], "select", [] if "multiple" in a else "", id=a.get("id", "")))
        elif tag == "textarea":
            self.textarea = self.form.fields.setdefault(a["name"], Field(a["name"], "multiline", id=a.get("id", "")))

    def _input(self, a):
        kind = INPUT_KINDS.get(a.get("type", "text"), "text")
        known = self.form.fields.setdefault(a["name"], Field(a["name"], kind, [] if kind == "check" else "",
                                                             id=a.get("id", "")))
        if kind == "check":
            known.options.append(a.get("value", "on"))
            if "checked" in a:
                known.value.append(a.get("value", "on"))
        elif kind != "submit":
            known.value = a.get("value", "")

    def _option(self, a):
        value = a.get("value", "")
        self.select.options.append(value)
        if "selected" in a:
            if isinstance(self.select.value, list):
                self.select.value.append(value)
            else:
                self.select.value = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.label is not None:
            self.labels[self.label] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self.label = None
        elif tag == "form":
            self.form = None
        elif tag == "select":
            if self.select is not None and self.select.value == "" and self.select.options:
                self.select.value = self.select.options[0]  # what a browser sends when nothing is chosen
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None:
                self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None


def kind_of(url: str) -> str:
    parts = urlsplit(url)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(names)


def read_page(url: str, markup: str) -> tuple[list[Form], list[str]]:
    """The page's forms and its same-site links (paths with their query)."""
    parser = _Forms(url)
    parser.feed(markup)
    for form in parser.forms:
        for f in form.fields.values():
            # «Startdato (må fylles ut)» → «Startdato»: the words a message names the field by.
            f.label = re.sub(r"\s*\([^)]*\)", "", " ".join(parser.labels.get(f.id or f.name, "").split()))
    links = []
    for href in parser.links:
        target = urlsplit(urljoin(url, href))
        if target.netloc in ("", "localhost") and target.path.startswith("/") and not SKIP.search(target.path):
            links.append(target.path + (f"?{target.query}" if target.query else ""))
    return parser.forms, links


@dataclass
class Site:
    """What one person reached: a page of each kind they opened, and the forms found on them."""

    pages: dict[str, str] = field(default_factory=dict)  # kind → a URL of that kind
    forms: dict[tuple, Form] = field(default_factory=dict)  # signature → the first such form
    queries: dict[str, set[str]] = field(default_factory=dict)  # path kind → the query names seen


def walk(client, starts: list[str]) -> Site:
    """Every page reachable by links from `starts` (up to PER_KIND of a kind), and their forms."""
    site, seen, kinds, queue = Site(), set(), {}, list(reversed(starts))
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop()
        kind = kind_of(url)
        if url in seen or kinds.get(kind, 0) >= PER_KIND:
            continue
        seen.add(url)
        kinds[kind] = kinds.get(kind, 0) + 1
        response = client.get(url)
        if response.status_code != 200:
            continue
        site.pages.setdefault(kind, url)
        path_kind = kind.split("?")[0]
        site.queries.setdefault(path_kind, set()).update(n for n, _ in parse_qsl(urlsplit(url).query))
        if "text/html" not in response.content_type:
            continue
        forms, links = read_page(url, response.get_data(as_text=True))
        for form in forms:
            site.forms.setdefault(form.signature, form)
            if form.method == "get":
                site.queries.setdefault(re.sub(r"\d+", "N", form.path), set()).update(form.fields)
        queue.extend(reversed([link for link in links if link not in seen]))
    return site
