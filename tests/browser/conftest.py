"""Real-browser stories: Playwright drives Debian's Chromium against a live Landa.

The server runs in a thread of the test process on the embedded default (SQLite in a temporary
instance folder, jobs in-process), migrated and seeded with the demo data, as ``bin/run`` does.
Every page a story visits goes through :class:`Visit`: axe-core checks it in Swedish and English
(no serious or critical violation), it must reflow at 320 px and at 200 % zoom without a
horizontal scroll bar, and a screenshot is saved at desktop and mobile width in both languages
(``LANDA_SCREENSHOTS``, default ``screenshots/`` at the top of the checkout).

Without Chromium or Playwright the stories are skipped, except with ``LANDA_REQUIRE_BROWSER=1``
(set by .ci/run), where a missing browser fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import screenshots_dir

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LANDA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("LANDA_REQUIRE_BROWSER") == "1"
SCREENSHOTS = screenshots_dir()
DEMO_PASSWORD = "landa-demo-2026"  # noqa: S105  # the documented demo logins (app/seed/demo.py)
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 720}  # WCAG 1.4.10 reflow: 320 CSS px, no horizontal scrolling
ZOOM_200 = {"width": 640, "height": 450}  # a 1280 px window at 200 % zoom lays out 640 CSS px
# axe-core rules for WCAG 2.0/2.1 A and AA, plus its best practices (headings, landmarks...).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}
# At 320 px the rules that depend on the layout run again: regions that now scroll, targets that shrink.
AXE_NARROW_OPTIONS = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "target-size"]},
                      "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}


def narrow_problems(page, axe) -> list[str]:
    """At 200 % zoom and at 320 px: no sideways scrolling and, at 320 px, every scrolling region reachable by
    keyboard. The viewport is back at desktop size afterwards."""
    problems = []
    for size, label in ((ZOOM_200, "200 % zoom"), (NARROW, "320 px")):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            problems.append(f"scrolls sideways by {overflow} px at {label}")
    problems += [f"{v['id']} ({v['impact']}) at 320 px: {[n['target'] for n in v['nodes']][:3]}"
                 for v in axe.run(page, options=AXE_NARROW_OPTIONS).response["violations"]
                 if v["impact"] in BLOCKING]
    page.set_viewport_size(DESKTOP)
    return problems


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _browser_missing()
    if reason is None:
        return
    if REQUIRE_BROWSER:
        return  # the stories run and fail on the missing browser (see ``chromium``)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Live:
    url: str
    app: object  # the Flask app behind the server, for what a person would read in an e-mail

    def mails_to(self, address: str) -> list:
        """E-mails the server has sent to ``address`` (the locmem backend keeps them), newest last."""
        return [m for m in getattr(self.app.extensions["mailman"], "outbox", []) if address in m.to]

    def link_in_last_mail(self, address: str, path: str) -> str:
        body = self.mails_to(address)[-1].body
        return re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", body).group(1)


def _buffered(application):
    """Read each response whole and close it before the socket write starts.

    Werkzeug's development server does not close a response (a static file, say) when the browser drops the
    connection mid-write; the open file then surfaces as a ResourceWarning in whichever test runs next.
    """

    def wsgi(environ, start_response):
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return wsgi


@pytest.fixture(scope="session")
def live(tmp_path_factory, _demo_seeded) -> Iterator[Live]:
    """Landa on the embedded default with the demo data (seeded once per run, tests/conftest.py), served by a
    threaded WSGI server."""
    from flask_migrate import upgrade
    from werkzeug.serving import WSGIRequestHandler, make_server

    from app import create_app
    from app.catalogue.services import load_reference_data
    from app.extensions import db
    from app.i18n import compile_catalogues

    compile_catalogues()
    instance = tmp_path_factory.mktemp("live-instance")
    env = {"LANDA_INSTANCE_PATH": str(instance), "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "8192"}
    # E-mails are delivered to memory instead of being held in the outbox, so stories can follow their links.
    # Every story comes from 127.0.0.1, so the per-address limits would soon stop the later ones; the limits
    # and the sign-in throttle are tested in tests/auth/test_rate_limits.py.
    application = create_app({"MAIL_BACKEND": "locmem", "LANDA_HOLD_MAIL": False, "RATELIMIT_ENABLED": False},
                             env=env)
    with application.app_context():
        upgrade()
        load_reference_data(db.session)
        db.session.commit()
        _demo_seeded.load()
        db.session.remove()

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # pytest shows the stories' own failures
            pass

    server = make_server("127.0.0.1", 0, _buffered(application), threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", application)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live) -> str:
    return live.url


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    missing = _browser_missing()
    if missing:
        pytest.fail(f"LANDA_REQUIRE_BROWSER=1 but {missing}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            # The machine has no outside network: stop Chromium's own background connections.
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@dataclass
class Report:
    """What the stories saw: pages checked, screenshots written, axe's findings below 'serious'."""

    pages: list[str] = field(default_factory=list)
    screenshots: int = 0
    axe_runs: int = 0
    minor: dict[str, int] = field(default_factory=dict)
    crawled: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def report() -> Iterator[Report]:
    """What this process saw; under xdist each worker writes its part and the run joins them (tests/conftest.py)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = Report()
    yield seen
    if seen.pages or seen.crawled:
        lines = [f"Stories: {len(seen.pages)} pages checked with axe in both languages or, for a form's errors, "
                 f"in its own ({seen.axe_runs} runs); {seen.screenshots} screenshots"]
        lines += [f"  below serious: {rule} x{count}" for rule, count in sorted(seen.minor.items())]
        lines += [f"  {name}" for name in seen.pages]
        lines += [f"Crawl: {len(seen.crawled)} pages reached by following links, checked with axe at 1280 and 320 px"]
        lines += [f"  {name}" for name in seen.crawled]
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (SCREENSHOTS / f"INDEX.{worker}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


class Visit:
    """Checks and photographs the page a story has reached, in both languages."""

    def __init__(self, page, report: Report, story: str):
        from axe_playwright_python.sync_playwright import Axe

        self.page, self.report, self.story, self.axe = page, report, story, Axe()

    def __call__(self, name: str, both_languages: bool = True) -> None:
        """Check the page; then switch language, check it again and switch back. A page showing a form's
        errors is checked in its own language only: switching reloads the empty form."""
        page = self.page
        page.wait_for_load_state("load")
        language = page.locator("html").get_attribute("lang")
        assert language in ("sv", "en"), f"{name}: <html lang> is {language!r}"
        self.check(name, language)
        if both_languages:
            self.switch_language("en" if language == "sv" else "sv")
            self.check(name, page.locator("html").get_attribute("lang"))
            self.switch_language(language)
        self.report.pages.append(f"{self.story}/{name} {page.url}")

    def switch_language(self, lang: str) -> None:
        page = self.page
        if page.locator("html").get_attribute("lang") == lang:
            return
        with page.expect_navigation(wait_until="load"):
            page.locator(f'form[action$="/language"] button[value="{lang}"]').first.click()
        assert page.locator("html").get_attribute("lang") == lang

    def check(self, name: str, lang: str) -> None:
        page = self.page
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.story}-{name}".lower()).strip("-")
        assert page.locator("h1").count() >= 1, f"{name} ({lang}): no <h1>"
        results = self.axe.run(page, options=AXE_OPTIONS).response
        self.report.axe_runs += 1
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in BLOCKING
        ]
        assert not blocking, f"{name} ({lang}) {page.url}:\n" + "\n".join(blocking)
        for v in results["violations"]:
            key = f"{v['id']} ({v['impact']}) on {self.story}/{name}"
            self.report.minor[key] = self.report.minor.get(key, 0) + 1
        page.screenshot(path=SCREENSHOTS / f"{slug}.{lang}.desktop.png", full_page=True)
        narrow = narrow_problems(page, self.axe)
        assert not narrow, f"{name} ({lang}) {page.url}: " + "; ".join(narrow)
        page.set_viewport_size(NARROW)
        page.screenshot(path=SCREENSHOTS / f"{slug}.{lang}.mobile.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        self.report.screenshots += 2


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture
def browser_page(chromium, live_server, report, request) -> Iterator[object]:
    context = chromium.new_context(base_url=live_server, viewport=DESKTOP, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # Form errors answer 422 on purpose; a missing file (404) or a server error is a bug.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not re.search(r"status of (400|422)", message.text) else None)
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status == 404 or response.status >= 500 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    if getattr(request.node, "call_failed", False):  # what the browser showed when the story failed
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"FAILED-{request.node.name}.png", full_page=True)
    context.close()
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def visit(browser_page, report, request) -> Visit:
    story = request.node.name.removeprefix("test_")
    return Visit(browser_page, report, story)


def field_error(page, field) -> str:
    """The error message tied to a form field: the field is marked invalid and names the message."""
    assert field.get_attribute("aria-invalid") == "true"
    ids = [i for i in (field.get_attribute("aria-describedby") or "").split() if i.endswith("-error")]
    assert ids, "the field's error is not tied to it with aria-describedby"
    text = page.locator(f"#{ids[0]}").inner_text().strip()
    assert text
    return text


def confirm_address(page, live, address: str, keyboard: bool = False) -> None:
    """Registering ends at "Check your e-mail": open the link e-mailed to the address and continue, as a person
    does from their inbox; the start page greets them."""
    page.get_by_role("heading", name="Titta i din e-post").wait_for()
    page.goto(live.link_in_last_mail(address, "/register/confirm/"))
    if keyboard:
        from tests.browser.keyboard import press_button

        press_button(page, "^Fortsätt$")
    else:
        page.locator("main").get_by_role("button", name="Fortsätt").click()
    page.get_by_role("heading", name=re.compile("Välkommen")).first.wait_for()


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label(re.compile("E-post|E-mail", re.I)).fill(email)
    page.get_by_label(re.compile("Lösenord|Password", re.I)).fill(password)
    page.locator("main form").get_by_role("button", name=re.compile("Logga in|Sign in", re.I)).click()
    page.wait_for_load_state("load")
