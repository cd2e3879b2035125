"""Real-browser fixtures: one app server and one Chromium per test session.

The app runs in a thread (werkzeug's own server) on a free local port, on a database of its own
built the way production builds it: every Alembic migration, then the demo kommune (the `demo`
command). On SQLite that is a fresh file; with DATABASE_URL set, a scratch PostgreSQL database
beside the test database, dropped afterwards. The browser is Debian's Chromium (/usr/bin/chromium),
driven by Playwright; no browser is ever downloaded. Without Chromium the tests are skipped.

Every main page a journey opens goes through `check_page`: a screenshot in tests/browser/screenshots/
(git-ignored, for a person to look at) and axe-core (vendored in tests/browser/vendor/), which fails
the test on any serious or critical violation.
"""
import json
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from config import TestConfig

from tests.conftest import scratch_database
from tests.demo.test_demo_walk import kind_of

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
AXE_SOURCE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
# The day the app and the demo believe it is. Pinned, so that no journey depends on the day it runs:
# a Monday in an ordinary autumn week, with no public holiday or DST change in the four weeks that
# the turnus journeys write (date.today() + 25 once landed on New Year's Eve, and the conflict got no
# suggestion because the leaders are off that day).
TODAY = date(2026, 9, 7)
DESKTOP = {"width": 1280, "height": 900}
# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, headings, one main); the test fails on
# serious and critical findings, and every finding is written to screenshots/axe-report.json.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium); the browser tests need Debian's Chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session", autouse=True)
def _needs_browser():
    reason = _browser_missing()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_database_url(tmp_path_factory):
    """An empty database of the kind under test, for the app server alone."""
    with scratch_database(tmp_path_factory.mktemp("browser-db") / "browser.db") as url:
        yield url


@pytest.fixture(scope="session")
def server(browser_database_url):
    """The app on a free local port: migrated, with the demo kommune, the day pinned."""
    from flask_migrate import upgrade
    from werkzeug.serving import WSGIRequestHandler, make_server

    from mentorplan import create_app
    from mentorplan.extensions import db

    config = type("BrowserConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": browser_database_url,
        "FIXED_TODAY": TODAY,
    })
    app = create_app(config)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    quiet = type("QuietHandler", (WSGIRequestHandler,), {"log_request": lambda *args, **kwargs: None})
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=quiet)
    thread = threading.Thread(target=http.serve_forever, name="mentorplan-browser-server", daemon=True)
    thread.start()
    yield type("Server", (), {"app": app, "url": f"http://127.0.0.1:{http.server_port}"})
    http.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes a user-data-dir; a fresh one each session.
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True,
            viewport=DESKTOP, timezone_id="Europe/Oslo", accept_downloads=True)
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A fresh tab with no cookies, closed after the test; desktop size unless the test resizes."""
    browser.clear_cookies()
    tab = browser.new_page()
    tab.set_default_timeout(15_000)
    errors = []
    def on_console(message):
        # Chromium asks for /favicon.ico on its own; the app has none. An e-mail's HTML shown in a
        # sandboxed srcdoc frame (/varsler/<id>) keeps the page's CSP, which refuses the e-mail's
        # inline styles: the preview shows it unstyled, as intended.
        where = message.location.get("url", "")
        if message.type == "error" and not where.endswith("/favicon.ico") and where != "about:srcdoc":
            errors.append(message.text)
    tab.on("console", on_console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    # A CSP refusal (an inline script or style) or a broken script shows here.
    assert not errors, f"the browser console reported errors: {errors}"


@pytest.fixture(scope="session")
def axe_report():
    report = {}
    yield report
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "axe-report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))


@pytest.fixture(scope="session")
def checked_kinds():
    """The kinds of page (path with ids as N, query names) axe-core has checked this session."""
    return set()


@pytest.fixture
def check_page(page, axe_report, checked_kinds):
    """Screenshot the page as it is and run axe-core on it; fail on serious or critical findings."""
    source = AXE_SOURCE.read_text(encoding="utf-8")

    def check(name: str) -> list[dict]:
        page.wait_for_load_state("load")
        width = page.viewport_size["width"]
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated over the DevTools protocol, so the page's CSP (no inline script) allows it.
            page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS)
        violations = [{
            "id": v["id"], "impact": v["impact"], "help": v["help"],
            "nodes": [{"target": n["target"], "html": n["html"][:200], "summary": n["failureSummary"]}
                      for n in v["nodes"][:5]],
        } for v in result["violations"]]
        axe_report[f"{name}-{width} {page.url}"] = violations
        url = urlsplit(page.url)
        checked_kinds.add(kind_of(url.path + (f"?{url.query}" if url.query else "")))
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert not failing, f"axe-core on {name} ({page.url}): " + json.dumps(failing, indent=1, ensure_ascii=False)
        return violations
    return check


@pytest.fixture
def log_in(page, server):
    """Log in through the real form, as a person would."""
    def log_in_as(key: str, password: str = "demo"):
        page.goto(f"{server.url}/logg-inn")
        page.get_by_label("E-post").fill(f"{key}@demo.no")
        page.get_by_label("Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(lambda url: "/logg-inn" not in url)
    return log_in_as
