"""The checks the stories rely on can fail: axe finds a known violation, the reflow check a wide page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AXE_OPTIONS, NARROW

pytestmark = pytest.mark.browser


def test_axe_reports_serious_violations(browser_page):
    from axe_playwright_python.sync_playwright import Axe

    browser_page.set_content('<html><body><main><img src="data:,"><input type="text"></main></body></html>')
    found = {v["id"]: v["impact"] for v in Axe().run(browser_page, options=AXE_OPTIONS).response["violations"]}
    assert found["image-alt"] == "critical"
    assert found["label"] == "critical"
    assert found["html-has-lang"] == "serious"


def test_wide_content_is_measured_as_sideways_scrolling(browser_page):
    browser_page.set_viewport_size(NARROW)
    browser_page.set_content('<html lang="en"><body><div style="width:600px">wide</div></body></html>')
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow > 200


def test_a_hidden_focus_ring_is_noticed(browser_page):
    from tests.browser.keyboard import tab_to

    browser_page.set_content('<html lang="en"><body><style>button:focus{outline:none}'
                             ".clear:focus{box-shadow:rgba(0,0,0,0) 0 0 0 0; outline:2px solid transparent}</style>"
                             "<button>Hidden ring</button><button class=clear>Clear ring</button>"
                             "<a href='#x'>Default ring</a></body></html>")
    with pytest.raises(AssertionError, match="shows no focus indicator"):
        tab_to(browser_page, "Hidden ring")
    with pytest.raises(AssertionError, match="shows no focus indicator"):
        tab_to(browser_page, "Clear ring")
    assert tab_to(browser_page, "Default ring") == "Default ring"
