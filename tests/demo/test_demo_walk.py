"""Every demo user walks every link the demo shows them: no page may break.

The access matrix (test_access.py) checks who may open which URL on a small hand-made world;
this walks the real demo kommune (six units, a year of plans, conversations, checklists,
calendars, retention history, notifications) as each demo login, following every same-site
link from the start page, so a page that breaks on realistic data is found.
"""
import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.demo.test_demo import LOGINS, day, run_demo  # noqa: F401 (day is a fixture)

LINK = re.compile(r'<a\s[^>]*href="([^"#]+)', re.I)
# Links that act rather than show, or leave the HTML world.
SKIP = re.compile(r"^/(logg-ut|kalender/)|\.(ics|xlsx|csv)$")
MAX_PAGES = 400  # per login
PER_KIND = 3  # pages of one kind (the same path with other ids, or other query values)


def kind_of(url: str) -> str:
    """/plan/12/kalender?uke=2026-W37 → /plan/N/kalender?uke: weeks and ids are endless."""
    parts = urlsplit(url)
    names = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(names)


def same_site_links(base: str, markup: str) -> set[str]:
    links = set()
    for href in LINK.findall(markup):
        target = urlsplit(urljoin(base, href.replace("&amp;", "&")))
        if target.netloc in ("", "localhost") and target.path.startswith("/"):
            path = target.path + (f"?{target.query}" if target.query else "")
            if not SKIP.search(target.path):
                links.add(path)
    return links


@pytest.mark.parametrize("login_key", LOGINS)
def test_every_link_a_demo_user_sees_opens_without_error(app, runner, day, login, login_key):
    run_demo(runner)
    client = login(f"{login_key}@demo.no", "demo")
    seen, queue, pages, kinds = set(), ["/"], 0, {}
    while queue and pages < MAX_PAGES:
        url = queue.pop()
        kind = kind_of(url)
        if url in seen or kinds.get(kind, 0) >= PER_KIND:
            continue
        seen.add(url)
        kinds[kind] = kinds.get(kind, 0) + 1
        response = client.get(url)
        pages += 1
        assert response.status_code in (200, 302, 303, 308), f"{login_key}: {url} answered {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        markup = response.get_data(as_text=True)
        assert "Traceback" not in markup and 'lang="nb"' in markup, url
        queue.extend(sorted(same_site_links(url, markup) - seen))
    assert pages > 5, f"{login_key} reached only {sorted(seen)}"
    assert pages < MAX_PAGES, f"{login_key}: more than {MAX_PAGES} pages; raise the limit"
