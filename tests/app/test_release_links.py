"""`?release=ID`: a pinned link shows that release's figures with a note; an unknown one says so; links carry it.

The store has two releases (tests/release_sources.py): the sample, then a revised copy whose
February 2026 VAWG offences are higher. The home page's London figure for the latest 12 months is
summed from each edition's VAWG file with pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.runtime import memory_media_file_storage

from tests.app.conftest import all_text
from tests.release_sources import TwoReleases, build_two_releases, vawg_location_total

LATEST = (pd.Timestamp("2025-03-01"), pd.Timestamp("2026-02-01"))


@pytest.fixture(scope="session")
def two_releases(tmp_path_factory) -> TwoReleases:
    return build_two_releases(tmp_path_factory)


@pytest.fixture()
def open_release(open_app, two_releases):
    def open_page(page: str | None = None, **query: str):
        at = open_app(page, store=two_releases.store, **query)
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def headline(at) -> str:
    return next(m.value for m in at.metric if m.label == "March 2025 to February 2026")


def notes(at) -> list[str]:
    return [i.value for i in at.info]


def test_the_current_release_shows_the_new_figure_and_no_note(open_release, two_releases):
    at = open_release()
    assert headline(at) == f"{vawg_location_total(two_releases.new_sources, *LATEST):,}"
    assert not [n for n in notes(at) if "release" in n]
    # the home page says when the data last changed and links to what changed, in this release
    assert f"([what changed](/about?release={two_releases.new_id}#what-changed))" in all_text(at)


def test_a_pinned_link_shows_the_old_figure_and_names_its_release(open_release, two_releases):
    at = open_release(release=two_releases.old_id)
    old, new = (vawg_location_total(s, *LATEST) for s in (two_releases.old_sources, two_releases.new_sources))
    assert old != new
    assert headline(at) == f"{old:,}"
    (note,) = [n for n in notes(at) if "release" in n]
    assert f"You're looking at release {two_releases.old_id}" in note
    assert "[See the current figures](/)" in note


def test_a_pinned_link_to_the_current_release_needs_no_note(open_release, two_releases):
    at = open_release(release=two_releases.new_id)
    assert headline(at) == f"{vawg_location_total(two_releases.new_sources, *LATEST):,}"
    assert not [n for n in notes(at) if "release" in n]


@pytest.mark.parametrize("given", ["2019-01-01T000000Z", "../vawg", "latest"])
def test_an_unknown_or_pruned_release_gets_a_friendly_note_and_the_current_figures(open_release, two_releases, given):
    at = open_release(release=given)
    assert headline(at) == f"{vawg_location_total(two_releases.new_sources, *LATEST):,}"
    (note,) = [n for n in notes(at) if "release" in n]
    assert f"We can't find the release “{given}” named in the link" in note
    assert f"current figures (release {two_releases.new_id})" in note


def test_about_says_what_changed_in_the_release(open_release, two_releases):
    at = open_release("page_scripts/about.py")
    text = all_text(at)
    assert f"This is release {two_releases.new_id}" in text
    assert f"Compared with the release before it, {two_releases.old_id}:" in text
    old = vawg_location_total(two_releases.old_sources, LATEST[1], LATEST[1])
    new = vawg_location_total(two_releases.new_sources, LATEST[1], LATEST[1])
    assert f"VAWG offences, February 2026: {old:,} then, {new:,} now" in text
    assert "MPS Borough Level Crime: March 2026 (1 month)" in text
    pinned = all_text(open_release("page_scripts/about.py", release=two_releases.old_id))
    assert f"This is release {two_releases.old_id}" in pinned and "no earlier release" in pinned


@pytest.fixture()
def downloads(monkeypatch) -> list[bytes]:
    """Every CSV handed to the media store during the run, so their "View:" lines are reachable."""
    stored: list[bytes] = []
    original = memory_media_file_storage.MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, (bytes, bytearray)) and mimetype == "text/csv":
            stored.append(bytes(path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(memory_media_file_storage.MemoryMediaFileStorage, "load_and_get_id", recording)
    return stored


def view_lines(downloads: list[bytes]) -> list[str]:
    return [
        line.removeprefix("# View: ")
        for data in downloads
        for line in data.decode("utf-8-sig").split("\r\n")
        if line.startswith("# View: ")
    ]


@pytest.mark.parametrize("pinned", [False, True])
def test_every_download_cites_the_release_it_shows(open_release, two_releases, downloads, pinned):
    release = two_releases.old_id if pinned else two_releases.new_id
    query = {"borough": "Camden", **({"release": release} if pinned else {})}
    at = open_release("page_scripts/trends.py", **query)
    try:
        from tests.app.conftest import reveal
    except ImportError:  # chart cards that send every tab at once
        pass
    else:
        reveal(at, "Download")
    views = view_lines(downloads)
    assert views, "the page offers no download"
    assert all(v.endswith(f"release={release}") and "borough=Camden" in v for v in views), sorted(set(views))
    # the page keeps the release in its address when it writes its settings back
    assert at.query_params.get("release") == (release if pinned else None)
