"""The page spreadsheet and the borough pack in a real browser: click the button, open the file that arrives.

The workbook is made when the button is clicked (a deferred download), so this is the test that
the click reaches the server and a real .xlsx comes back. Camden's latest-12-month total is
computed with pandas from the raw VAWG file the store was built from (as test_trends_boroughs.py
does) and must be in the pack.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from .conftest import PROJECT_ROOT, open_page

SHARED_DATA = Path(os.environ.get("VAWG_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data")).resolve()
SAMPLE_DATA = PROJECT_ROOT / "data" / "sample"
PAGE_BUTTON = "Download this page as a spreadsheet"


def _download(page, name: str) -> tuple[Path, str]:
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_have_count(1, timeout=60_000)  # one button with this accessible name, once drawn
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    return Path(download.path()), download.suggested_filename


def _cover_text(book: openpyxl.Workbook) -> str:
    return "\n".join(str(r[0]) for r in book["Cover"].iter_rows(values_only=True) if r[0])


def test_the_trends_page_downloads_as_a_workbook(new_page, app_url):
    page = open_page(new_page("desktop"), app_url, "/trends?borough=Camden")
    path, name = _download(page, PAGE_BUTTON)
    assert name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    assert "/trends?borough=Camden" in _cover_text(book)
    titles = [str(book[n]["A1"].value) for n in book.sheetnames[3:]]
    assert any(t.startswith("VAWG offences in Camden") for t in titles), titles
    assert all(not book[n].merged_cells.ranges for n in book.sheetnames)


def test_the_borough_pack_downloads_with_camdens_figures(new_page, app_url, camden_latest_12):
    page = open_page(new_page("desktop"), app_url, "/boroughs?borough=Camden")
    path, name = _download(page, "Download the borough pack for Camden")
    assert name == "vawg-borough-pack-camden.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book["Cover"]["A1"].value == "Violence against women and girls in Camden: borough pack"
    change = next(book[n] for n in book.sheetnames if str(book[n]["A1"].value).startswith("VAWG offences in Camden, "))
    (table,) = change.tables.values()
    header, row = [[c.value for c in r] for r in change[table.ref]]
    assert dict(zip(header, row))["Offences, latest 12 months"] == camden_latest_12
    # The page's own spreadsheet is there too, with its own accessible name.
    path, _ = _download(page, PAGE_BUTTON)
    assert openpyxl.load_workbook(io.BytesIO(path.read_bytes())).sheetnames[:3] == ["Cover", "Contents", "Notes"]
