"""The About page on the bundled sample: every source file with its checksum, every measure and caveat, the
disclosure rule, the action plan, data releases, citation and the accessibility statement.

The page is all lazy sections (sent only when opened): the tests read it with every section open, as a
reader sees it after opening them.
"""

from __future__ import annotations

import os
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.disclosure import describe_rule
from dashboard.reference import action_plan
from dashboard.views.about import SECTIONS
from dashboard.words.catalog import CAVEAT_TITLES, CAVEATS, MEASURES
from tests.app.conftest import APP, SECTION_KEY_END, all_text, reveal

PAGE = "page_scripts/about.py"
DEFERRED_ID = re.compile(r'deferred_file_id: "[0-9a-f]+"\n')


def unescape(text: str) -> str:
    """Cell and markdown text as a reader sees it (the page escapes markdown's special characters)."""
    return re.sub(r"\\(.)", r"\1", str(text))


@pytest.fixture(scope="module")
def about(sample_store):
    """The page run once for the module with every section open (AppTest switches to it straight away,
    without the app's frame)."""
    old = os.environ.get("VAWG_STORE")
    os.environ["VAWG_STORE"] = str(sample_store)
    try:
        at = AppTest.from_file(APP, default_timeout=180)
        at.switch_page(PAGE)
        reveal(at.run())
    finally:
        if old is None:
            os.environ.pop("VAWG_STORE", None)
        else:
            os.environ["VAWG_STORE"] = old
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at) -> list:
    return [t.value.map(unescape) for t in at.table]


def text_of(at) -> str:
    return unescape(all_text(at))


def test_every_file_in_the_store_is_listed_with_its_checksum(about, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        files = con.execute("SELECT title, file_name, sha256, is_sample FROM datasets").df()
    listed = [t for t in tables(about) if "SHA-256 checksum" in t.columns]
    rows = {(r["File"], r["SHA-256 checksum"]) for t in listed for _, r in t.iterrows()}
    assert len(rows) == len(files)
    for f in files.itertuples():
        assert (f.file_name, f.sha256) in rows, f.file_name
    text = text_of(about)
    for title in set(files["title"]):
        assert title in [s.value for s in about.subheader], title
    assert "Sample data: these files are the bundled synthetic sample, not real figures." in text
    assert "Every file was read into the store on" in text


def test_file_table_says_which_months_each_file_supplied(about):
    listed = [t for t in tables(about) if "Months used" in t.columns]
    used = [cell for t in listed for cell in t["Months used"]]
    assert any(re.fullmatch(r"\w+ \d{4} to \w+ \d{4} \(\d+ months\)", cell) for cell in used)
    assert "Not monthly data" in used


def test_every_measure_and_caveat_is_defined(about):
    text = text_of(about)
    headings = [s.value for s in about.subheader]
    for measure in MEASURES.values():
        assert measure.title in headings
        assert measure.definition in text
    for key, caveat in CAVEATS.items():
        assert CAVEAT_TITLES.get(key, key.replace("_", " ").capitalize()) in headings
        assert caveat in text
    for words in ("CRIS", "CONNECT", "map points", "reporting"):
        assert words in text


def test_the_disclosure_rule_is_the_modules_own_words(about):
    assert describe_rule() in text_of(about)


def test_action_plan_table_names_each_figures_source_page(about):
    plan = action_plan()
    shown = next(t for t in tables(about) if "What the Met reports" in t.columns)
    assert list(shown["Topic"]) == list(plan["topic"])
    assert list(shown["What the Met reports"]) == list(plan["figure"])
    for source, title, file in zip(shown["Source page"], plan["source_title"], plan["source_file"]):
        assert title in source and file in source
    text = text_of(about)
    assert "has not checked them" in text
    for quote in plan["source_quote"]:
        assert quote in text
    assert any(b.proto.label == "Download the action-plan table (CSV)" for b in about.get("download_button"))


def test_data_releases_and_next_updates(about, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        titles = {r[0] for r in con.execute("SELECT DISTINCT title FROM datasets").fetchall()}
    releases = next(t for t in tables(about) if "Next update expected" in t.columns)
    assert set(releases["Dataset"]) == titles
    vawg = releases[releases["Dataset"].str.startswith("MPS Violence")].iloc[0]
    assert vawg["Next update expected"].startswith("Around the middle of")
    assert "Release history" in [s.value for s in about.subheader]
    assert "not a promised timetable" in text_of(about)


def test_how_to_cite(about):
    code = "\n".join(c.value for c in about.code)
    assert "Violence against women and girls in London: what the Met records." in code
    assert "Data up to and including" not in code and "with data up to and including" in code
    assert "https://data.london.gov.uk/dataset/mps-violence-against-women-and-girls-vawg-dashboard-data-2yod5" in code


def test_accessibility_statement(about):
    text = text_of(about)
    headings = [h.value for h in about.header]
    assert "Accessibility statement" in headings
    assert "WCAG) version 2.2 at level AA" in text and "partially meets" in text
    assert "axe-core" in text and "375 pixels" in text
    assert "not yet been tested with screen readers" in text
    assert "another format" in text
    assert "Known problems" in [s.value for s in about.subheader]


def test_section_titles_are_the_contents_and_open_on_their_headings(about):
    # The closed sections' titles are the page's contents; measures and caveats share one section.
    titles = list(SECTIONS.values())
    # "What changed in this release" is open (the home page links to it), so it is not a section.
    sectioned = [title for key, title in SECTIONS.items() if key != "what-changed"]
    sections = [e.label for e in about.expander if str(e.key).endswith(SECTION_KEY_END)]
    assert sections == [f"{sectioned[0]}, and {sectioned[1].lower()}", *sectioned[2:]]
    assert [h.value for h in about.header] == titles
    assert [h.proto.anchor for h in about.header] == list(SECTIONS)


def test_links_from_measures_to_caveats_go_to_real_anchors(about):
    anchors = {s.proto.anchor for s in about.subheader}
    links = [a for m in about.markdown for a in re.findall(r"\]\(#([a-z-]+)\)", m.value)]
    assert links, "the measures link to their caveats"
    assert set(links) <= anchors, set(links) - anchors


def test_download_buttons_are_keyed(about):
    assert {b.key for b in about.get("download_button")} == {
        "about-action-plan-download",
        "about-files-download",
        "page-spreadsheet",
    }


def test_one_stylesheet_lays_out_every_table_for_a_phone(about):
    # Each table's phone layout is scoped to its container's key; the page sends all of them at once.
    styles = [h.proto.body for h in about.get("html") if h.proto.body.startswith("<style>")]
    assert len(styles) == 1
    keys = [b.key for b in about.get("flex_container") if str(getattr(b, "key", "")).startswith("about-")]
    assert len(keys) == len(about.table)
    for key in keys:
        assert f".st-key-{key} td:nth-child(1)::before" in styles[0], key


def test_a_second_view_replays_the_same_page(sample_store, monkeypatch):
    # The page is built once per store and day and replayed: the second view must show the same.
    monkeypatch.setenv("VAWG_STORE", str(sample_store))
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(PAGE)
    # (A deferred download's placeholder id is new on every run, by design: it is left out.)
    first = [DEFERRED_ID.sub("", str(e.proto)) for e in at.run().main]
    assert not at.exception, [e.value for e in at.exception]
    assert [DEFERRED_ID.sub("", str(e.proto)) for e in at.run().main] == first
    assert not at.exception, [e.value for e in at.exception]
