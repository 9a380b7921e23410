"""The harness itself works: it opens a page, reads it, runs axe, takes screenshots.

Runs against the harness's own small app (tests/e2e/fixtures_app/app.py), so it
does not depend on the dashboard being finished. The last test starts the real
app from a store built by the CLI, once dashboard/app.py and the CLI exist.
"""

from __future__ import annotations

import struct

import pytest

from .conftest import (
    APP_SCRIPT,
    PROJECT_ROOT,
    SCREENSHOT_DIR,
    assert_no_serious_violations,
    external_requests,
    open_page,
    page_text,
    run_axe,
    screenshot,
    wait_for_streamlit,
)


def _png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_marker_is_applied(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("e2e") is not None


def test_open_page_and_read_text(desktop_page, fixture_app_url) -> None:
    open_page(desktop_page, fixture_app_url, "/")
    text = page_text(desktop_page)
    assert "Harness fixture home" in text
    assert "Fixture marker: the harness opened this page." in text
    # The status widget is gone and the main block is there once open_page returns.
    assert desktop_page.locator('[data-testid="stMainBlockContainer"]').count() == 1


def test_wait_after_a_rerun(desktop_page, fixture_app_url) -> None:
    open_page(desktop_page, fixture_app_url, "/")
    desktop_page.get_by_role("button", name="Say hello").click()
    wait_for_streamlit(desktop_page)
    assert "Hello from a rerun." in page_text(desktop_page)


def test_open_another_page_by_path(phone_page, fixture_app_url) -> None:
    open_page(phone_page, fixture_app_url, "second")
    assert "Fixture marker: second page." in page_text(phone_page)


def test_open_page_fails_with_the_exception_text(desktop_page, fixture_app_url) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"1 Streamlit exception\(s\) on .*/boom") as caught:
        open_page(desktop_page, fixture_app_url, "/boom")
    # The box's own text is in the message (how much of it depends on client.showErrorDetails).
    shown = desktop_page.locator('[data-testid="stException"]').inner_text().strip()
    assert shown and shown in str(caught.value)


def test_axe_runs_and_reports(sized_page, fixture_app_url) -> None:
    open_page(sized_page, fixture_app_url, "/")
    violations = run_axe(sized_page)
    assert isinstance(violations, list)
    for violation in violations:
        assert {"id", "impact", "help", "nodes"} <= set(violation)
    assert_no_serious_violations(violations)


def test_axe_assertion_lists_serious_violations() -> None:
    fake = [
        {
            "id": "color-contrast",
            "impact": "serious",
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "nodes": [{"target": [f"#n{i}"]} for i in range(8)],
        },
        {"id": "region", "impact": "moderate", "help": "landmarks", "nodes": []},
    ]
    with pytest.raises(pytest.fail.Exception) as caught:
        assert_no_serious_violations(fake)
    message = str(caught.value)
    assert "color-contrast" in message and "minimum color contrast" in message
    assert "#n0" in message and "#n4" in message and "#n5" not in message and "+3 more" in message
    assert "region" not in message
    assert_no_serious_violations(fake, ignore=("color-contrast",))


def test_screenshots_are_full_page(sized_page, fixture_app_url) -> None:
    open_page(sized_page, fixture_app_url, "/")
    viewport = sized_page.viewport_size
    full = screenshot(sized_page, f"harness-smoke-home-{viewport['width']}")
    assert full.parent == SCREENSHOT_DIR and full.is_file()
    width, height = _png_size(full)
    scale = width / viewport["width"]
    # 30 filler paragraphs: the whole page is taller than the window.
    assert height / scale > viewport["height"]
    # The viewport is put back afterwards.
    assert sized_page.viewport_size == viewport
    shot = screenshot(sized_page, f"harness-smoke-home-{viewport['width']}-viewport", full_page=False)
    assert _png_size(shot)[1] / scale == viewport["height"]


def test_outside_requests_are_blocked_and_recorded(desktop_page, fixture_app_url) -> None:
    open_page(desktop_page, fixture_app_url, "/")
    assert external_requests(desktop_page) == []
    outcome = desktop_page.evaluate(
        "() => fetch('https://example.invalid/tracker.gif').then(() => 'fetched', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert external_requests(desktop_page) == ["https://example.invalid/tracker.gif"]


REAL_APP_MISSING = not APP_SCRIPT.is_file() or not (PROJECT_ROOT / "dashboard" / "__main__.py").is_file()
needs_real_app = pytest.mark.skipif(
    REAL_APP_MISSING,
    reason="the real app (dashboard/app.py) or the ingest CLI (dashboard/__main__.py) does not exist yet",
)
REAL_PAGES = ["/", "/trends", "/boroughs", "/homicide", "/hotspots", "/bus-shelters", "/about"]


@needs_real_app
def test_real_app_starts_on_a_built_store(desktop_page, app_url, e2e_store) -> None:
    assert e2e_store.is_file()
    open_page(desktop_page, app_url, "/")
    assert page_text(desktop_page).strip()


@needs_real_app
@pytest.mark.parametrize("path", REAL_PAGES)
def test_real_app_pages_make_no_outside_requests(desktop_page, app_url, path) -> None:
    """Issue 7: no tracking. Each outside request tells a third party that this
    visitor is on this page of a VAWG site (a favicon from a font CDN is enough)."""
    open_page(desktop_page, app_url, path)
    desktop_page.wait_for_timeout(1000)  # late requests: favicons, map tiles
    outside = external_requests(desktop_page)
    assert not outside, (
        f"{path} asked for outside URLs (blocked in the tests): {outside}. "
        "Note: Streamlit fetches a ':material/...:' page_icon or st.Page icon as the favicon "
        "from fonts.gstatic.com; an emoji or a local image file stays local."
    )
