"""Issue 3 in a real browser: /trends and /boroughs show Camden's figure, reproduce from their own link, pass axe.

Camden's latest-12-month total is computed here with pandas from the raw VAWG file the store was
built from: ../shared/data (or $VAWG_SHARED_DATA) when the store holds real data (E2E_STORE), the
bundled data/sample otherwise. Screenshots at desktop and 375 px go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import (
    PROJECT_ROOT,
    assert_no_serious_violations,
    external_requests,
    open_page,
    open_sections,
    page_text,
    screenshot,
    wait_for_streamlit,
)

SHARED_DATA = Path(os.environ.get("VAWG_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data")).resolve()
SAMPLE_DATA = PROJECT_ROOT / "data" / "sample"
TRENDS, BOROUGHS = "/trends", "/boroughs"


def _headline(page) -> str:
    return page.get_by_role("heading", level=2).first.inner_text().strip()


@pytest.mark.parametrize("path", [TRENDS, BOROUGHS])
def test_camdens_total_is_on_the_page_and_the_link_reproduces_the_view(
    sized_page, app_url, camden_latest_12, path, request
):
    size = request.node.callspec.params["sized_page"]
    page = open_page(sized_page, app_url, f"{path}?borough=Camden")
    text = page_text(page)
    assert "Camden: the latest 12 months" in text
    assert f"{camden_latest_12:,}" in text
    assert "normal variation" in text
    assert "borough=Camden" in page.url
    screenshot(page, f"issue3{path.replace('/', '-')}-camden-{size}")

    copied = page.url
    page.goto(copied, wait_until="domcontentloaded")
    wait_for_streamlit(page)
    again = page_text(page)
    assert page.url == copied
    assert "Camden: the latest 12 months" in again and f"{camden_latest_12:,}" in again
    assert_no_serious_violations(page)
    assert_no_serious_violations(open_sections(page))
    assert external_requests(page) == []


def test_trends_link_with_every_filter_opens_the_same_view(desktop_page, app_url):
    query = "borough=Camden&offence=rape&from=2024-01&to=2026-02&measure=rate"
    page = open_sections(open_page(desktop_page, app_url, f"{TRENDS}?{query}"))
    text = page_text(page)
    for words in (
        "VAWG offences per 1,000 women and girls in Camden and London, by month",
        "VAWG offences per 1,000 women and girls in London: Rape, by month",
        "London-wide, not Camden",
        "CRIS to CONNECT",
    ):
        assert words in text
    assert "January 2024 to February 2026" in text or "not a month between" in text  # sample data may end earlier
    for part in query.split("&")[:2] + ["measure=rate"]:
        assert part in page.url


def test_choosing_a_borough_puts_it_in_the_link(desktop_page, new_page, app_url):
    page = open_page(desktop_page, app_url, BOROUGHS)
    assert "Choose a borough" in page_text(page)
    page.get_by_role("combobox", name="Borough").click()
    page.keyboard.type("Hackney")
    page.keyboard.press("Enter")
    wait_for_streamlit(page)
    page.wait_for_url("**borough=Hackney**")
    assert "Hackney: the latest 12 months" in page_text(page)
    other = new_page("phone")
    other.goto(page.url, wait_until="domcontentloaded")
    wait_for_streamlit(other)
    assert "Hackney: the latest 12 months" in page_text(other)


@pytest.mark.parametrize(
    "path, query, note",
    [
        (TRENDS, "borough=%27%3B%20drop%20table%20vawg_offences%3B--", "We don't recognise the borough"),
        (TRENDS, "from=1999-01&to=2031-01", "is not a month between"),
        (BOROUGHS, "borough=Narnia&compare=%3Cscript%3E", "We don't recognise the borough “Narnia”"),
    ],
)
def test_a_bad_value_in_the_link_gets_a_friendly_note(phone_page, app_url, path, query, note):
    page = open_page(phone_page, app_url, f"{path}?{query}")
    text = page_text(page)
    assert note in text
    assert "Traceback" not in text
    assert page.locator('[data-testid="stException"]').count() == 0
