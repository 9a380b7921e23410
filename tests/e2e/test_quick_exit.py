"""Issue 7: the "Exit this page" quick exit (dashboard/components/quick_exit.py).

Against the harness's fixture app, which calls render_quick_exit() on every
page, as dashboard/app.py does. The neutral site is never really fetched: the
page routes it to a tiny local reply.
"""

from __future__ import annotations

import re

import pytest

from dashboard.components.quick_exit import DEFAULT_REDIRECT_URL

from .conftest import (
    assert_no_serious_violations,
    external_requests,
    open_page,
    page_text,
    screenshot,
    wait_for_streamlit,
)

BUTTON_NAME = "Emergency Exit this page"
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Neutral weather page</h1></html>"
NEUTRAL_URL = re.compile(r"^https://www\.bbc\.co\.uk/weather")


def _button(page):
    return page.get_by_role("button", name=BUTTON_NAME, exact=True)


def _route_neutral_site(page) -> list[str]:
    """Answer the neutral site locally; return the list of URLs it was asked for."""
    asked: list[str] = []

    def fulfil(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)

    page.route(NEUTRAL_URL, fulfil)
    return asked


def _history_length(page) -> int:
    return int(page.evaluate("() => history.length"))


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return e ? (e.getAttribute('data-testid') || e.tagName) : ''; }"
    )


def _exited(page, base_url: str) -> None:
    page.wait_for_url(NEUTRAL_URL)
    assert "Neutral weather page" in page.locator("body").inner_text()
    assert not page.url.startswith(base_url)


def _back_does_not_return(page, base_url: str) -> None:
    page.go_back(wait_until="commit")
    page.wait_for_timeout(300)
    assert not page.url.startswith(base_url), f"Back returned to the dashboard: {page.url}"


# --------------------------------------------------------------------------


def test_button_is_visible_at_the_top_and_stays_there(sized_page, fixture_app_url) -> None:
    page = sized_page
    open_page(page, fixture_app_url, "/")
    button = _button(page)
    button.wait_for(state="visible")
    assert button.inner_text().split() == ["Emergency", "Exit", "this", "page"]
    # "Emergency" is for screen readers only: clipped to 1 px.
    hidden = button.locator(".vawg-etp-visually-hidden").bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1
    viewport = page.viewport_size
    box = button.bounding_box()
    assert box is not None
    assert box["y"] < 60, "the button should sit at the very top"
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["height"] >= 40, "touch target"
    screenshot(page, f"quick-exit-top-{viewport['width']}", full_page=False)

    # Scroll the content: the button does not move and nothing covers it.
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    scrolled = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"
        " + (document.scrollingElement ? document.scrollingElement.scrollTop : 0)"
    )
    assert scrolled > 0, "the fixture page should have scrolled"
    assert button.bounding_box() == box
    on_top = page.evaluate(
        """([x, y]) => {
            const hit = document.elementFromPoint(x, y);
            return !!hit && !!hit.closest('[data-testid="vawgExitThisPage"]');
        }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, "something covers the Exit this page button"
    screenshot(page, f"quick-exit-scrolled-{viewport['width']}", full_page=False)


def test_button_semantics(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    open_page(page, fixture_app_url, "/")
    info = page.evaluate(
        """() => {
            const b = document.querySelector('[data-testid="vawgExitThisPage"]');
            const hint = document.getElementById(b.getAttribute('aria-describedby'));
            const status = document.querySelector('#vawg-etp [role="status"]');
            return {
              tag: b.tagName, type: b.type, inBody: b.closest('#root') === null,
              firstInBody: document.body.firstElementChild.id,
              hint: hint && hint.textContent, status: status && status.textContent,
              region: b.closest('[role="region"]').getAttribute('aria-label'),
              count: document.querySelectorAll('[data-testid="vawgExitThisPage"]').length,
            };
        }"""
    )
    assert info == {
        "tag": "BUTTON",
        "type": "button",
        "inBody": True,
        "firstInBody": "vawg-etp",
        "hint": "Or press Shift 3 times",
        "status": "",
        "region": "Exit this page",
        "count": 1,
    }


def test_tab_reaches_the_button_first(sized_page, fixture_app_url) -> None:
    page = sized_page
    open_page(page, fixture_app_url, "/")
    for presses in range(1, 4):  # noqa: B007 (read after the loop: how many presses it took)
        page.keyboard.press("Tab")
        if _focused(page) == "vawgExitThisPage":
            break
    assert _focused(page) == "vawgExitThisPage", f"not reached in {presses} Tab presses"
    assert presses == 1
    # A visible focus style: GOV.UK yellow.
    background = page.evaluate("() => getComputedStyle(document.activeElement).backgroundColor")
    assert background == "rgb(255, 221, 0)"
    screenshot(page, f"quick-exit-focus-{page.viewport_size['width']}", full_page=False)


def test_one_button_after_changing_page_and_still_first(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    open_page(page, fixture_app_url, "/")
    page.get_by_role("link", name="Second").first.click()
    page.wait_for_url(re.compile(r"/second$"))
    wait_for_streamlit(page)
    assert "Fixture marker: second page." in page_text(page)
    assert page.locator('[data-testid="vawgExitThisPage"]').count() == 1
    # Still the first focusable element in document order (Tab from the top).
    first = page.evaluate(
        """() => {
            const all = document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]');
            for (const e of all) {
              if (e.tabIndex >= 0 && !e.disabled && e.getClientRects().length) {
                return e.getAttribute('data-testid') || e.tagName;
              }
            }
            return null;
        }"""
    )
    assert first == "vawgExitThisPage"


def test_click_replaces_the_page_and_back_does_not_return(sized_page, fixture_app_url) -> None:
    page = sized_page
    asked = _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    before = _history_length(page)
    # Move around the dashboard first: those page changes must not add history
    # (Streamlit pushes an entry per page change; the component turns that off).
    if page.viewport_size["width"] > 768:
        page.get_by_role("link", name="Second").first.click()
    else:
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Second").click()
    page.wait_for_url(re.compile(r"/second$"))
    wait_for_streamlit(page)
    assert _history_length(page) == before, "changing dashboard page added a history entry"

    _button(page).click()
    _exited(page, fixture_app_url)
    assert asked and asked[0].startswith(DEFAULT_REDIRECT_URL)
    assert _history_length(page) == before, "exit should replace the entry, not add one"
    # Back leads to what was open before the dashboard (here the blank tab).
    _back_does_not_return(page, fixture_app_url)
    assert page.url == "about:blank"


def test_plain_links_between_pages_do_not_add_history(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    before = _history_length(page)
    page.get_by_role("link", name="Second page by a plain link").click()  # a Markdown link: full page load
    page.wait_for_url(re.compile(r"/second$"))
    wait_for_streamlit(page)
    assert "Fixture marker: second page." in page_text(page)
    # Streamlit gives Markdown links target="_blank"; the dashboard must not
    # multiply into tabs that an exit would leave behind.
    assert len(page.context.pages) == 1, "the link opened the dashboard in another tab"
    assert _history_length(page) == before, "a plain link to another page added a history entry"
    _button(page).click()
    _exited(page, fixture_app_url)
    _back_does_not_return(page, fixture_app_url)


def test_enter_on_the_focused_button_exits(phone_page, fixture_app_url) -> None:
    page = phone_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    page.keyboard.press("Tab")
    assert _focused(page) == "vawgExitThisPage"
    page.keyboard.press("Enter")
    _exited(page, fixture_app_url)


def test_page_is_blanked_at_once_with_a_loading_announcement(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    # Click and read the page in one go: the blanking is synchronous in the
    # click handler, before the browser starts loading the neutral site.
    state = page.evaluate(
        """() => {
            document.querySelector('[data-testid="vawgExitThisPage"]').click();
            const overlay = document.querySelector('.vawg-etp-overlay');
            const visible = [...document.body.children].filter(
              e => getComputedStyle(e).display !== 'none').map(e => e.className || e.tagName);
            return {role: overlay && overlay.getAttribute('role'), text: overlay && overlay.textContent,
                    visible, title: document.title,
                    root: getComputedStyle(document.getElementById('root')).display};
        }"""
    )
    assert state == {
        "role": "alert",
        "text": "Loading.",
        "visible": ["vawg-etp-overlay"],
        "title": "Loading.",
        "root": "none",
    }
    _exited(page, fixture_app_url)


def test_shift_three_times_exits_with_announcements(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    status = page.locator('#vawg-etp [role="status"]')
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 2 more times to exit."
    assert page.locator(".vawg-etp__indicator-light--on").count() == 1
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 1 more time to exit."
    screenshot(page, "quick-exit-shift-twice", full_page=False)
    page.keyboard.press("Shift")
    _exited(page, fixture_app_url)
    _back_does_not_return(page, fixture_app_url)


def test_shift_used_as_a_modifier_or_interrupted_does_not_exit(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    for _ in range(3):
        page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("B")  # another key resets the count
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(fixture_app_url)
    assert page.locator('#vawg-etp [role="status"]').inner_text() == "Shift, press 2 more times to exit."


def test_escape_is_off_by_default(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.startswith(fixture_app_url)


def test_escape_when_enabled_closes_menus_first_then_exits(desktop_page, fixture_app_url) -> None:
    page = desktop_page
    _route_neutral_site(page)
    open_page(page, fixture_app_url, "/escape")
    page.get_by_role("combobox").first.click()
    page.get_by_role("listbox").wait_for(state="visible")
    page.keyboard.press("Escape")  # closes the open list; must not leave
    page.wait_for_timeout(300)
    assert page.url.startswith(fixture_app_url)
    assert page.get_by_role("listbox").count() == 0
    page.locator("h1").first.click()  # focus out of the select
    page.keyboard.press("Escape")
    _exited(page, fixture_app_url)


def test_no_requests_leave_the_machine(sized_page, fixture_app_url) -> None:
    page = sized_page
    open_page(page, fixture_app_url, "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift")
    page.get_by_role("button", name="Say hello").click()
    wait_for_streamlit(page)
    assert external_requests(page) == []


def test_fixture_page_has_no_serious_accessibility_violations(sized_page, fixture_app_url) -> None:
    page = sized_page
    open_page(page, fixture_app_url, "/")
    assert_no_serious_violations(page)
    # Also with the Shift indicator showing and the button focused.
    page.keyboard.press("Tab")
    page.keyboard.press("Shift")
    assert_no_serious_violations(page)


@pytest.mark.parametrize("path", ["/second", "/escape"])
def test_every_fixture_page_has_the_button(desktop_page, fixture_app_url, path) -> None:
    open_page(desktop_page, fixture_app_url, path)
    assert _button(desktop_page).is_visible()
