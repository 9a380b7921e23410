"""/homicide in a real browser: the latest full year's count is on the page, axe finds nothing serious.

The expected count is read straight from the store the app runs on (sample by default, or the
store named by E2E_STORE), with SQL written here, not through the page's code.
"""

from __future__ import annotations

import duckdb
import pytest

from .conftest import (
    assert_no_serious_violations,
    open_page,
    open_sections,
    page_text,
    screenshot,
    wait_for_streamlit,
)

PATH = "/homicide"


@pytest.fixture(scope="module")
def latest_full_year_count(e2e_store) -> tuple[int, int]:
    con = duckdb.connect(str(e2e_store), read_only=True)
    try:
        year = con.execute(
            "SELECT CASE WHEN month(max(month)) = 12 THEN year(max(month)) ELSE year(max(month)) - 1 END "
            "FROM homicide_victims"
        ).fetchone()[0]
        count = con.execute(
            "SELECT sum(victims) FROM homicide_victims WHERE sex = 'Female' AND year(month) = $y", {"y": year}
        ).fetchone()[0]
    finally:
        con.close()
    return int(year), int(count)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_homicide_page_text_accessibility_and_screenshots(new_page, app_url, latest_full_year_count, size):
    year, count = latest_full_year_count
    assert count >= 3, "the test needs a latest full year the disclosure rule shows"
    page = open_page(new_page(size), app_url, PATH)
    text = page_text(page)
    assert f"In {year}, {count:,} women and girls were victims of homicide in London." in text
    assert "0808 2000 247" in text
    assert_no_serious_violations(page)
    screenshot(page, f"homicide-{size}-top", full_page=False)
    # The rest of the page is in sections a reader opens; every one of them is checked too.
    open_sections(page)
    assert "Homicide is murder, manslaughter, infanticide and corporate manslaughter." in page_text(page)
    assert_no_serious_violations(page)
    screenshot(page, f"homicide-{size}")
    # The page is longer than a full-page shot holds: the end of it, and a card's Table tab, too.
    page.get_by_role("heading", name="What these figures mean").scroll_into_view_if_needed()
    screenshot(page, f"homicide-{size}-definitions", full_page=False)
    page.get_by_role("tab", name="Table").first.click()
    page.get_by_role("heading", name="Year by year").scroll_into_view_if_needed()
    screenshot(page, f"homicide-{size}-table", full_page=False)
    assert_no_serious_violations(page)


def test_changing_the_period_updates_the_link(desktop_page, app_url, latest_full_year_count):
    year, _ = latest_full_year_count
    previous = f"{year - 5}\u2013{year - 3}"
    page = open_page(desktop_page, app_url, PATH)
    page.get_by_text("Victims and people proceeded against, for one three-year period").click()
    wait_for_streamlit(page)
    box = page.get_by_role("combobox", name="Three-year period")
    option = page.get_by_role("option", name=previous)
    for _ in range(3):  # the first click can land while the widget is still settling
        box.click()
        try:
            option.wait_for(state="visible", timeout=5000)
            break
        except Exception:
            box.press("ArrowDown")
    option.click()
    page.wait_for_url(f"**period={year - 5}-{year - 3}*")
    wait_for_streamlit(page)
    text = page_text(page)
    assert f"Women and girls who were victims of homicide in London, by age group, {previous}" in text
    assert_no_serious_violations(page)
