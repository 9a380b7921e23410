"""Every download's "View" link is absolute and made the same way on every page (words.links.view_link).

Download buttons sit in cards' lazy Download tabs, many inside lazy sections: each page is shown in every
tab state with every section open (conftest.every_tab_state), so every download it offers is made.
"""

from __future__ import annotations

import re

import pytest
from streamlit.runtime import memory_media_file_storage

from dashboard.components import url_state
from tests.app.conftest import every_tab_state

BASE = "http://vawg.test"
PAGES = {
    "page_scripts/trends.py": ("/trends", {"borough": "Camden", "measure": "rate"}),
    "page_scripts/boroughs.py": ("/boroughs", {"borough": "Camden"}),
    "page_scripts/homicide.py": ("/homicide", {"compare": "share"}),
    "page_scripts/hotspots.py": ("/hotspots", {"view": "density"}),
    "page_scripts/bus_shelters.py": ("/bus-shelters", {}),
}


@pytest.fixture()
def downloads(monkeypatch) -> list[bytes]:
    """Every file handed to the media store during the run, so the CSVs' lines are reachable."""
    stored: list[bytes] = []
    original = memory_media_file_storage.MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, (bytes, bytearray)) and mimetype == "text/csv":
            stored.append(bytes(path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(memory_media_file_storage.MemoryMediaFileStorage, "load_and_get_id", recording)
    return stored


@pytest.mark.parametrize("page", list(PAGES))
def test_every_download_links_to_its_view_with_the_servers_address(open_app, downloads, monkeypatch, page):
    # In a browser Streamlit knows the address the visitor used; AppTest has none, so give it one.
    monkeypatch.setattr(url_state, "absolute_url", lambda path: BASE + path)
    path, query = PAGES[page]
    at = open_app(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    for tab in every_tab_state(at):
        assert not at.exception, (tab, [e.value for e in at.exception])
    views = [
        line.removeprefix("# View: ")
        for data in downloads
        for line in data.decode("utf-8-sig").split("\r\n")
        if line.startswith("# View: ")
    ]
    assert views, "the page offers no download"
    form = re.compile(rf"{re.escape(BASE + path)}(\?[^ ]+)?")
    assert all(form.fullmatch(v) for v in views), sorted(set(views))
    for key, value in query.items():
        assert all(f"{key}={value}" in v for v in views), sorted(set(views))
