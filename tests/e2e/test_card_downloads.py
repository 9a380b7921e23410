"""A chart card's Download tab in a real browser: PNG, SVG and press pack are made when clicked and open as files.

On the store the browser tier runs on (the sample, or the real extracts under `make test`): the
sample stamp is drawn exactly when the store's VAWG data are the sample. The images are drawn on the server by kaleido in
Debian's chromium when the button is clicked, so the first click waits for the renderer to start.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from PIL import Image

from dashboard.theme import SAMPLE_STAMP

from .conftest import assert_no_serious_violations, open_page, screenshot, wait_for_streamlit

RENDER_TIMEOUT_MS = 120_000
TITLE = "VAWG offences in Camden, by month"


def download(page, button) -> tuple[str, bytes]:
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        button.click()
    value = info.value
    return value.suggested_filename, Path(value.path()).read_bytes()


def test_a_cards_download_tab_gives_png_svg_and_press_pack(new_page, app_url, vawg_is_sample):
    page = open_page(new_page("desktop"), app_url, "/trends?borough=Camden")
    card = page.locator(".st-key-trend-area")
    card.get_by_role("tab", name="Download").click()
    wait_for_streamlit(page)
    buttons = {
        fmt: card.get_by_role("button", name=f"{label}: {TITLE}")
        for fmt, label in (
            ("csv", "Download CSV"),
            ("png", "Download PNG image"),
            ("svg", "Download SVG image"),
            ("pack", "Download press pack"),
        )
    }
    for fmt, button in buttons.items():
        assert button.count() == 1, fmt
    # Every download button on the page has a name of its own (the text after its icon's ligature).
    names = [b.inner_text().strip().splitlines()[-1] for b in page.locator('[data-testid="stDownloadButton"]').all()]
    assert f"Download PNG image: {TITLE}" in names
    assert len(names) == len(set(names)), names
    assert_no_serious_violations(page, context=".st-key-trend-area")

    name, png = download(page, buttons["png"])
    assert name.startswith("vawg-offences-in-camden-by-month_") and name.endswith(".png")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width >= 1200

    name, svg = download(page, buttons["svg"])
    text = " ".join(re.sub(r"<[^>]+>", " ", svg.decode("utf-8")).split())
    assert name.endswith(".svg") and f"<title>{TITLE}</title>" in svg.decode("utf-8")
    assert TITLE in text and "Licence: Open Government Licence v3.0." in text
    assert (SAMPLE_STAMP in text) is vawg_is_sample

    name, pack = download(page, buttons["pack"])
    assert name.endswith("-press-pack.zip")
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        members = archive.namelist()
        assert {"citation.txt", "summary.txt", "alt-text.txt", "metadata.json"} <= set(members)
        assert sum(m.endswith((".png", ".svg", ".csv")) for m in members) == 3
        assert "borough=Camden" in archive.read("citation.txt").decode()
    screenshot(page, "card-downloads-desktop", full_page=False)


def test_the_hotspot_map_downloads_open_from_their_expander(new_page, app_url):
    page = open_page(new_page("desktop"), app_url, "/hotspots")
    expander = page.get_by_text(re.compile(r"^Download this map"))
    expander.click()
    wait_for_streamlit(page)
    button = page.get_by_role("button", name=re.compile(r"^Download PNG image: Hot spots"))
    name, png = download(page, button)
    assert name.endswith(".png")
    with Image.open(io.BytesIO(png)) as image:
        assert image.width >= 1200
