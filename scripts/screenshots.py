"""Screenshots of Landa's main pages for every demo role, in Swedish and English, at desktop and phone width.

Run against a Landa serving the demo data (``bin/run``)::

    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:5000 --out /tmp/shots [--only NAME...]

It signs in as each demo login (``app/seed/demo.py``), switches language with the switch on every page
(``POST /language``), and saves full-page PNGs named ``<role>-<page>-<lang>-<width>.png``. Pages that need an id
(a case, a need, an account) take the first suitable link on the page that lists them, so two runs against the
same demo data show the same records. A page that is missing, refused or fails is reported and skipped; the
rest go on. ``--only`` takes role names (``officer``), shot names (``officer-case``) or shell patterns
(``'*-errors'``). Each signed-in role ends in the language it started in.

Needs Playwright for Python (the dev dependencies) and Chromium (``/usr/bin/chromium``, or ``LANDA_CHROMIUM``).
Nothing is written to the server except what a person clicking around does: sign-ins, the saved language, forms
submitted empty or wrong (refused, so nothing is saved), and the access log of the records viewed.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # said in main(), after --help and --list, which need no browser
    sync_playwright = None

DEMO_PASSWORD = "landa-demo-2026"  # noqa: S105  # the documented demo logins (app/seed/demo.py)
DEMO_DOMAIN = "demo.landa.se"
LANGUAGES = ("sv", "en")
WIDTHS = {1280: 900, 375: 812}  # width: viewport height (the shot is the full page whatever the height)
CHROMIUM = os.environ.get("LANDA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Skip(Exception):
    """This shot cannot be taken (missing page, no record to show, refused): report it and go on."""


@dataclass
class Shot:
    page: str
    go: Callable[[Session], None]
    expect_error: bool = False  # a form submitted wrong answers 422 on purpose


@dataclass
class Role:
    name: str
    email: str | None  # None: signed out
    shots: list[Shot]


@dataclass
class Session:
    """One role's browser tab, and the ids found for its pages (kept so both languages show the same record)."""

    page: object
    base_url: str
    found: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def open(self, path: str, allowed: tuple[int, ...] = ()) -> None:
        """Go to a path; a missing or refused page, or being sent to the sign-in page, is a Skip."""
        response = self.page.goto(self.url(path), wait_until="load")
        settle(self.page)
        status = response.status if response is not None else 0
        if status >= 400 and status not in allowed:
            raise Skip(f"{path} answered {status}")
        landed = urlparse(self.page.url).path
        if landed.rstrip("/") == "/login" and path.rstrip("/") != "/login":
            raise Skip(f"{path} sent us to the sign-in page")

    def first_link(self, key: str, listing: str, pattern: str, prefer: Callable[[Session], bool] | None = None,
                   tries: int = 8) -> str:
        """The path of the first link on ``listing`` whose path matches ``pattern`` (a regular expression), found
        once per role. With ``prefer``, the first of the first ``tries`` such links for which ``prefer`` holds on
        the linked page, else the first link."""
        if key in self.found:
            return self.found[key]
        self.open(listing)
        paths: list[str] = []
        for href in self.page.locator("main a[href]").evaluate_all("els => els.map(e => e.href)"):
            path = urlparse(href).path + (f"?{urlparse(href).query}" if urlparse(href).query else "")
            if re.fullmatch(pattern, path) and path not in paths:
                paths.append(path)
        if not paths:
            raise Skip(f"no link matching {pattern} on {listing}")
        chosen = paths[0]
        if prefer is not None:
            for path in paths[:tries]:
                try:
                    self.open(path)
                except Skip:
                    continue
                if prefer(self):
                    chosen = path
                    break
        self.found[key] = chosen
        return chosen


def settle(page) -> None:
    """Wait briefly for late requests (fonts, images) so the picture is complete."""
    with contextlib.suppress(Exception):  # a page that keeps a connection open is photographed as it is
        page.wait_for_load_state("networkidle", timeout=3_000)


def submit_form_with(s: Session, field_name: str, values: dict[str, str]) -> None:
    """Fill the fields named in ``values`` of the form in <main> that has ``field_name``, and submit it."""
    form = s.page.locator("main form[method=post], main form[method=POST]").filter(
        has=s.page.locator(f'[name="{field_name}"]')).first
    if form.count() == 0:
        raise Skip(f"no form with a field {field_name!r} on {s.page.url}")
    for name, value in values.items():
        box = form.locator(f'[name="{name}"]').first
        if box.count():
            box.fill(value)
    with s.page.expect_navigation(wait_until="load"):
        form.locator("[type=submit]").first.click()
    settle(s.page)


# --- the pages of each role -------------------------------------------------------------------------------------

def go(path: str, allowed: tuple[int, ...] = ()) -> Callable[[Session], None]:
    return lambda s: s.open(path, allowed)


def has_messages(s: Session) -> bool:
    """A case page showing at least one message (the section under the heading with id "messages")."""
    return s.page.locator("section:has(#messages) article").count() > 0


def officer_case(s: Session) -> None:
    s.open(s.first_link("case", "/reception/", r"/reception/cases/\d+", prefer=has_messages))


def new_case_errors(s: Session) -> None:
    s.open("/reception/cases/new")
    submit_form_with(s, "full_name", {})


def employer_need(s: Session) -> None:
    s.open(s.first_link("need", "/employers/", r"/employers/needs/\d+"))


def employer_candidates(s: Session) -> None:
    s.open(s.first_link("need", "/employers/", r"/employers/needs/\d+") + "/candidates")


def about_errors(s: Session) -> None:
    s.open("/talent/profile/about")
    submit_form_with(s, "full_name", {"full_name": "", "birth_year": "1800"})


def public_municipality(s: Session) -> None:
    s.open(s.first_link("municipality", "/directory/", r"/directory/[^/?]+"))


def public_need(s: Session) -> None:
    s.open(s.first_link("need", "/needs/", r"/needs/\d+"))


def public_event(s: Session) -> None:
    s.open(s.first_link("event", "/events/", r"/events/\d+"))


def public_organisation(s: Session) -> None:
    s.open(s.first_link("organisation", s.first_link("need", "/needs/", r"/needs/\d+"), r"/organisations/\d+"))


def officer_lead(s: Session) -> None:
    s.open(s.first_link("lead", "/reception/leads/", r"/reception/leads/\d+"))


def officer_event_registrations(s: Session) -> None:
    s.open(s.first_link("event", "/events/mine", r"/events/\d+/registrations"))


def demo_newcomer_account(s: Session) -> str:
    """The newcomer demo login's account page (seeded history to show), else the first account listed."""
    try:
        return s.first_link("user", f"/admin/users?q=newcomer%40{DEMO_DOMAIN}", r"/admin/users/\d+")
    except Skip:
        return s.first_link("user", "/admin/users", r"/admin/users/\d+")


def admin_user(s: Session) -> None:
    s.open(demo_newcomer_account(s))


def admin_audit_person(s: Session) -> None:
    s.open(f"/admin/audit/?person={demo_newcomer_account(s).rsplit('/', 1)[1]}")


def roles() -> list[Role]:
    def login(name: str) -> str:
        return f"{name}@{DEMO_DOMAIN}"

    return [
        Role("public", None, [
            Shot("home", go("/")),
            Shot("directory", go("/directory/")),
            Shot("directory-municipality", public_municipality),
            Shot("needs", go("/needs/")),
            Shot("need", public_need),
            Shot("login", go("/login")),
            Shot("move", go("/move/")),
            Shot("move-compare", go("/move/?household_size=4&children=yes&occupation=sjuksk%C3%B6terska")),
            Shot("move-municipality", go("/move/2284")),
            Shot("move-interest", go("/move/interest")),
            Shot("events", go("/events/")),
            Shot("event", public_event),
            Shot("organisation", public_organisation),
        ]),
        Role("newcomer", login("newcomer"), [
            Shot("start", go("/talent/")),
            Shot("places", go("/talent/places")),
            Shot("plan", go("/talent/plan")),
            Shot("housing", go("/talent/housing")),
            Shot("household", go("/talent/household")),
            Shot("profile-about", go("/talent/profile/about")),
            Shot("profile-about-errors", about_errors, expect_error=True),
        ]),
        Role("employer", login("employer"), [
            Shot("start", go("/employers/")),
            Shot("need", employer_need),
            Shot("organisation-new", go("/employers/organisations/new")),
            Shot("candidates", employer_candidates),
        ]),
        Role("officer", login("officer"), [
            Shot("cases", go("/reception/")),
            Shot("dashboard", go("/reception/dashboard")),
            Shot("case", officer_case),
            Shot("settings", go("/reception/settings")),
            Shot("new-case-errors", new_case_errors, expect_error=True),
            Shot("leads", go("/reception/leads/")),
            Shot("lead", officer_lead),
            Shot("campaigns", go("/reception/leads/campaigns")),
            Shot("place-texts", go("/move/2281/texts")),
            Shot("events-mine", go("/events/mine")),
            Shot("event-new", go("/events/new")),
            Shot("event-registrations", officer_event_registrations),
        ]),
        Role("coordinator", login("coordinator"), [
            Shot("dashboard", go("/reception/dashboard")),
            Shot("review", go("/employers/review")),
            Shot("cases", go("/reception/")),
            Shot("leads", go("/reception/leads/")),
            Shot("insights", go("/insights/")),
            Shot("insights-funnel", go("/insights/funnel")),
            Shot("insights-cohorts", go("/insights/cohorts")),
            Shot("insights-employers", go("/insights/employers")),
            Shot("insights-demand", go("/insights/demand")),
            Shot("insights-reception", go("/insights/reception")),
            Shot("insights-report", go("/insights/report")),
        ]),
        Role("admin", login("admin"), [
            Shot("users", go("/admin/users")),
            Shot("user", admin_user),
            Shot("audit", go("/admin/audit/")),
            Shot("audit-search", go(f"/admin/audit/?q={DEMO_DOMAIN}")),
            Shot("audit-person", admin_audit_person),
            Shot("outbox", go("/admin/outbox/")),
            Shot("jobs", go("/admin/jobs/")),
            Shot("retention", go("/admin/retention")),
        ]),
    ]


# --- signing in and the language ----------------------------------------------------------------------------------

def sign_in(s: Session, email: str, password: str) -> None:
    s.open("/login")
    form = s.page.locator("main form[method=post]").filter(has=s.page.locator('[name="email"]')).first
    form.locator('[name="email"]').fill(email)
    form.locator('[name="password"]').fill(password)
    with s.page.expect_navigation(wait_until="load"):
        form.locator("[type=submit]").first.click()
    settle(s.page)
    if urlparse(s.page.url).path.startswith("/login"):
        raise Skip(f"could not sign in as {email} (still on {urlparse(s.page.url).path})")


def page_language(s: Session) -> str | None:
    return s.page.locator("html").get_attribute("lang")


def switch_language(s: Session, lang: str) -> None:
    """With the switch in the page header (a POST to /language, which also saves a signed-in person's choice)."""
    if page_language(s) == lang:
        return
    button = s.page.locator(f'form[action$="/language"] button[value="{lang}"]').first
    if button.count() == 0:
        raise Skip(f"no language switch to {lang} on {s.page.url}")
    with s.page.expect_navigation(wait_until="load"):
        button.click()
    if page_language(s) != lang:
        raise Skip(f"the page is still in {page_language(s)!r} after switching to {lang}")


# --- the run --------------------------------------------------------------------------------------------------------

def wanted(role: str, shot: str, only: list[str]) -> bool:
    if not only:
        return True
    name = f"{role}-{shot}"
    return any(pattern in (role, name) or fnmatch.fnmatchcase(name, pattern) for pattern in only)


def photograph(s: Session, out: Path, stem: str) -> list[Path]:
    written = []
    for width, height in WIDTHS.items():
        s.page.set_viewport_size({"width": width, "height": height})
        s.page.wait_for_timeout(150)  # the layout settles after the resize
        path = out / f"{stem}-{width}.png"
        s.page.screenshot(path=str(path), full_page=True, animations="disabled")
        written.append(path)
        print(path, flush=True)
    first = next(iter(WIDTHS.items()))
    s.page.set_viewport_size({"width": first[0], "height": first[1]})
    return written


def run_role(browser, role: Role, args, out: Path, problems: list[str]) -> int:
    shots = [shot for shot in role.shots if wanted(role.name, shot.page, args.only)]
    if not shots:
        return 0
    width, height = next(iter(WIDTHS.items()))
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    context.set_default_timeout(args.timeout * 1000)
    s = Session(context.new_page(), args.base_url.rstrip("/"))
    count = 0
    try:
        try:
            if role.email:
                sign_in(s, role.email, args.password)
            else:
                s.open("/")
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{role.name}: {exc}")
            print(f"SKIP {role.name}: {exc}", file=sys.stderr, flush=True)
            return 0
        original = page_language(s)
        for lang in args.langs:
            try:
                switch_language(s, lang)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{role.name} {lang}: {exc}")
                print(f"SKIP {role.name} in {lang}: {exc}", file=sys.stderr, flush=True)
                continue
            for shot in shots:
                stem = f"{role.name}-{shot.page}-{lang}"
                try:
                    shot.go(s)
                    shown = page_language(s)
                    if shown != lang:  # a page that lost the language would compare wrongly: keep it, say so
                        print(f"WARN {stem}: the page says lang={shown!r}", file=sys.stderr, flush=True)
                        problems.append(f"{stem}: shown in {shown!r}")
                    if shot.expect_error and not s.page.locator("[aria-invalid=true]").count():
                        print(f"WARN {stem}: no field is marked invalid", file=sys.stderr, flush=True)
                    count += len(photograph(s, out, stem))
                except Exception as exc:  # noqa: BLE001  # one broken page never stops the rest
                    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    problems.append(f"{stem}: {reason}")
                    print(f"SKIP {stem}: {reason}", file=sys.stderr, flush=True)
        if role.email and original in args.langs and page_language(s) != original:
            try:  # leave the demo login in the language it had
                s.open("/start")
                switch_language(s, original)
            except Exception as exc:  # noqa: BLE001
                print(f"WARN {role.name}: could not switch back to {original}: {exc}", file=sys.stderr)
    finally:
        context.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:5000", help="where Landa runs (default %(default)s)")
    parser.add_argument("--out", type=Path, help="folder for the PNGs (made if missing)")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="roles (officer), shots (officer-case) or patterns ('*-errors') to take")
    parser.add_argument("--langs", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--timeout", type=int, default=15, help="seconds to wait for a page (default %(default)s)")
    parser.add_argument("--list", action="store_true", help="print the shot names and stop")
    args = parser.parse_args(argv)

    if args.list:
        for role in roles():
            for shot in role.shots:
                print(f"{role.name}-{shot.page}")
        return 0
    if args.out is None:
        parser.error("--out is required")
    if sync_playwright is None:
        print("Playwright for Python is missing: run this with Landa's .venv/bin/python", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set LANDA_CHROMIUM)", file=sys.stderr)
        return 2
    known = {r.name for r in roles()} | {f"{r.name}-{s.page}" for r in roles() for s in r.shots}
    for pattern in args.only:
        if not any(pattern == k or fnmatch.fnmatchcase(k, pattern) for k in known):
            print(f"WARN --only {pattern}: matches no shot (see --list)", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    started, written = time.monotonic(), 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for role in roles():
                written += run_role(browser, role, args, args.out, problems)
        finally:
            browser.close()
    print(f"{written} screenshots in {args.out} ({time.monotonic() - started:.0f} s); "
          f"{len(problems)} problem(s)", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
