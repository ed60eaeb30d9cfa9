"""Beyond the stories: every page each role reaches by following links from its start page, checked by
axe-core and for reflow at 320 px and 200 % zoom (in the role's own language; the stories cover both)."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlparse

import pytest

from tests.browser.conftest import AXE_OPTIONS, BLOCKING, narrow_problems, sign_in

pytestmark = pytest.mark.browser
ROLES = {"anonymous": None, "newcomer": "newcomer@demo.landa.se", "employer": "employer@demo.landa.se",
         "officer": "officer@demo.landa.se", "coordinator": "coordinator@demo.landa.se",
         "admin": "admin@demo.landa.se"}
SKIP = re.compile(r"^/(static|api)/|\.(json|ics|pdf|xml|txt)$|/logout|[?&]export=")  # pages, no downloads
PER_SHAPE = 2  # pages of the same shape (ids and queries aside) checked per role
LIMIT = 60  # pages per role
# Pages a role may not reach by links within LIMIT from its start page, checked first: the Move page's text editor
# (the demo officer works in Sundsvall, 2281).
ALSO = {"officer": ["/move/2281/texts", "/move/2281/texts/welcome/sv", "/events/mine", "/events/new",
                    "/insights/funnel", "/insights/cohorts", "/insights/employers", "/insights/demand",
                    "/insights/reception", "/insights/report"],
        "coordinator": ["/move/2284/texts", "/events/mine", "/events/new", "/insights/", "/insights/funnel",
                        "/insights/cohorts", "/insights/funnel?start=not-a-date", "/insights/employers",
                        "/insights/demand", "/insights/reception", "/insights/report"],
        "employer": ["/insights/employers", "/insights/demand"],
        "anonymous": ["/move/2281", "/events/"], "newcomer": ["/events/"]}  # and the events pages (tests/events)


def shape(path_and_query: str) -> str:
    """Pages built by the same view look alike: /reception/cases/7 ~ /reception/cases/9, and
    /directory/2184/services/sfi ~ /directory/2281/services/bankid (the first two segments and the depth)."""
    parts = re.sub(r"/\d+", "/N", urlparse(path_and_query).path).strip("/").split("/")
    return "/".join(parts[:2]) + f"+{max(len(parts) - 2, 0)}"


def crawl(page, start: str, also: tuple[str, ...] | list[str] = ()):
    """Breadth-first over same-site links, yielding each HTML page once the browser shows it."""
    seen: dict[str, int] = {}
    queue, visited = [start, *also], []
    while queue and len(visited) < LIMIT:
        url = queue.pop(0)
        if url in visited or seen.get(shape(url), 0) >= PER_SHAPE:
            continue
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(url)
        seen[shape(url)] = seen.get(shape(url), 0) + 1
        yield url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urldefrag(href)[0]
            if target.startswith("/") and not target.startswith("//") and not SKIP.search(target):
                queue.append(target)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_reachable_page(browser_page, report, role):
    from axe_playwright_python.sync_playwright import Axe

    page, axe, problems, checked = browser_page, Axe(), [], 0
    if ROLES[role]:
        sign_in(page, ROLES[role])
    for url in crawl(page, "/start" if ROLES[role] else "/", ALSO.get(role, ())):
        checked += 1
        report.crawled.append(f"{role} {url}")
        assert page.locator("h1").count() >= 1, f"{url}: no <h1>"
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            if violation["impact"] in BLOCKING:
                problems.append(f"{url}: {violation['id']} ({violation['impact']}) "
                                f"{[node['target'] for node in violation['nodes']][:3]}")
        problems += [f"{url}: {problem}" for problem in narrow_problems(page, axe)]
    assert checked >= (5 if role == "anonymous" else 8), f"{role}: only {checked} pages reached"
    assert not problems, "\n".join(problems)
