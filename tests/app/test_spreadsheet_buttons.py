"""Every page offers "Download this page as a spreadsheet"; /boroughs?borough=X offers X's borough pack.

Checked with AppTest on the sample store: each page has exactly one spreadsheet button, every
download button's label (its accessible name) is unique on the page, the workbook is made only
when asked for (a deferred download: nothing is built on a page view), and what the button hands
over opens as a GSS workbook holding the page's tables.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard.components import page_spreadsheet
from dashboard.components.page_spreadsheet import BUTTON_LABEL
from tests.app.conftest import PAGES


@pytest.fixture()
def deferred(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """Every deferred download's callable registered during the run, by file id."""
    captured: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        captured[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return captured


def buttons(at) -> list:
    return list(at.get("download_button"))


def spreadsheet_of(at, deferred, label: str) -> openpyxl.Workbook:
    (button,) = [b for b in buttons(at) if b.proto.label == label]
    assert button.proto.deferred_file_id, f"{label!r} builds its file on every view instead of when clicked"
    payload = deferred[button.proto.deferred_file_id]()
    return openpyxl.load_workbook(io.BytesIO(payload))


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_has_one_spreadsheet_button_and_unique_download_labels(open_app, deferred, path):
    at = open_app(PAGES[path])
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in buttons(at)]
    assert labels.count(BUTTON_LABEL) == 1, labels
    assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize("path", ["/trends", "/homicide", "/about", "/"])
def test_the_page_spreadsheet_opens_with_a_cover_and_the_pages_tables(open_app, deferred, path):
    at = open_app(PAGES[path])
    book = spreadsheet_of(at, deferred, BUTTON_LABEL)
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    tables = book.sheetnames[3:]
    assert tables
    cover = "\n".join(str(r[0]) for r in book["Cover"].iter_rows(values_only=True) if r[0])
    if path != "/about":  # /about's tables list files and plans, not figures
        assert "SAMPLE DATA" in cover  # the sample store's figures are stamped
    assert f"{path}" in cover  # the view link
    for name in book.sheetnames:
        assert book[name]["A1"].value
        assert not book[name].merged_cells.ranges


def test_the_trends_workbook_holds_each_cards_csv_table(open_app, deferred):
    at = open_app(PAGES["/trends"], borough="Camden")
    book = spreadsheet_of(at, deferred, BUTTON_LABEL)
    titles = [book[name]["A1"].value for name in book.sheetnames[3:]]
    assert any(t.startswith("VAWG offences in Camden") for t in titles), titles
    cover = "\n".join(str(r[0]) for r in book["Cover"].iter_rows(values_only=True) if r[0])
    assert "/trends?borough=Camden" in cover


def test_the_boroughs_page_offers_the_borough_pack_for_the_chosen_borough(open_app, deferred):
    at = open_app(PAGES["/boroughs"], borough="Camden")
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in buttons(at)]
    assert "Download the borough pack for Camden" in labels
    assert len(labels) == len(set(labels)), labels
    book = spreadsheet_of(at, deferred, "Download the borough pack for Camden")
    assert book["Cover"]["A1"].value == "Violence against women and girls in Camden: borough pack"
    titles = [book[name]["A1"].value for name in book.sheetnames[3:]]
    assert titles[0].startswith("VAWG offences in Camden by month")
    assert any(t.startswith("London-wide: ") for t in titles)


def test_no_borough_pack_without_a_borough(open_app):
    at = open_app(PAGES["/boroughs"])
    assert not any(b.proto.label.startswith("Download the borough pack") for b in buttons(at))


def test_a_page_view_builds_no_workbook(open_app, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a workbook was built on a page view")

    monkeypatch.setattr(page_spreadsheet, "workbook_from", refuse)
    at = open_app(PAGES["/trends"])
    assert not at.exception, [e.value for e in at.exception]
