"""Every kind of page the demo logins reach by links, on a phone, through axe-core.

The journeys (test_journeys.py, run first) check the main pages at two widths while doing things;
this walks the rest, as each demo login, following the same-site links from the start page breadth
first (as test_demo_walk.py does without a browser). A kind of page (the same path with other ids)
is checked once for the whole session: by a journey, or by the first login that reaches it.
"""
import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.demo.test_demo_walk import LINK, SKIP, kind_of
from tests.browser.conftest import PHONE

ROLES = ("admin", "hr", "enhetsleder", "avdelingsleder", "mentor", "mentee")
PAGES_PER_ROLE = 80  # kinds of page visited per login; only those not yet checked open in the browser


def _same_site(base: str, path: str, hrefs) -> list[str]:
    paths = []
    for href in hrefs:
        target = urlsplit(urljoin(base + path, href))
        if target.netloc == urlsplit(base).netloc and not SKIP.search(target.path):
            paths.append(target.path + (f"?{target.query}" if target.query else ""))
    return paths


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_passes_axe_on_a_phone(page, server, log_in, check_page, checked_kinds, role):
    page.set_viewport_size(PHONE)
    log_in(role)
    queue, visited, checked = ["/"], set(), []
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.pop(0)
        kind = kind_of(path)
        if kind in visited:
            continue
        visited.add(kind)
        if kind in checked_kinds:
            # Checked already (by another login): only read its links, over HTTP with this login's cookies.
            response = page.request.get(server.url + path)
            assert response.status == 200, f"{role}: {path} answered {response.status}"
            if "text/html" in response.headers.get("content-type", ""):
                queue.extend(_same_site(server.url, path, (h.replace("&amp;", "&") for h in LINK.findall(response.text()))))
            continue
        response = page.goto(server.url + path)
        assert response.status == 200, f"{role}: {path} answered {response.status}"
        if "text/html" not in response.headers.get("content-type", ""):
            checked_kinds.add(kind)
            continue
        check_page(f"walk-{role}-{_slug(urlsplit(path).path)}")
        checked.append(path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
        hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))")
        queue.extend(_same_site(server.url, path, hrefs))
        # A download link would start a download instead of a page: fetch it over HTTP instead.
        downloads = page.eval_on_selector_all("a[href][download]", "links => links.map(a => a.getAttribute('href'))")
        for download in _same_site(server.url, path, downloads):
            if kind_of(download) not in checked_kinds:
                checked_kinds.add(kind_of(download))
                got = page.request.get(server.url + download)
                assert got.status == 200 and got.body(), f"{role}: download {download} answered {got.status}"
    assert len(visited) > 3, f"{role} reached only {sorted(visited)}"
    print(f"{role}: {len(visited)} kinds of page visited, {len(checked)} checked: {checked}")
