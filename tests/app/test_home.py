"""The home page (dashboard/app.py's default page) on the bundled sample, and on stores with gaps."""

from __future__ import annotations

import re
import shutil

import duckdb
import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.string_util import clean_text
from streamlit.testing.v1 import AppTest

from dashboard.components.quick_exit import quick_exit_html
from dashboard.disclosure import SUPPRESSED_SYMBOL
from dashboard.reference import next_update
from tests.app.conftest import APP, all_text

DEFERRED_ID = re.compile(r'deferred_file_id: "[0-9a-f]+"\n')


def month_words(month: pd.Period) -> str:
    return f"{month.strftime('%B')} {month.year}"


@pytest.fixture()
def open_home(sample_store, monkeypatch):
    """open_home(store=None) -> the app's first run (the home page, with the app's frame around it)."""

    def run(store=None) -> AppTest:
        monkeypatch.setenv("VAWG_STORE", str(store or sample_store))
        at = AppTest.from_file(APP, default_timeout=180).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


@pytest.fixture()
def changed_store(sample_store, tmp_path):
    """changed_store("SQL; SQL") -> a copy of the sample store with the statements applied."""

    def make(sql: str):
        store = tmp_path / f"changed-{len(list(tmp_path.iterdir()))}.duckdb"
        shutil.copy(sample_store, store)
        with duckdb.connect(str(store)) as con:
            con.execute(sql)
        return store

    return make


def tile(at: AppTest, key: str):
    """The metric, markdown and page link inside one headline tile (a keyed container)."""
    block = next(b for b in at.get("flex_container") if getattr(b, "key", None) == key)
    return block.get("metric")[0], " ".join(m.value for m in block.get("markdown")), block.get("page_link")


def test_home_is_the_default_page_with_the_sample_banner(open_home):
    at = open_home()
    assert at.title[0].value == "Violence against women and girls in London"
    assert "Sample data" in all_text(at)
    assert [s.value for s in at.subheader] == [
        "VAWG offences in London",
        "Female homicide in London",
        "Hot spots in London",
        "Bus-shelter CCTV pilot",
    ]


def test_london_figure_equals_an_independent_computation(open_home, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        rows = con.execute("SELECT month, offences FROM vawg_offences").df()
        classes = con.execute("SELECT month, is_vawg, offences FROM vawg_offences_by_classification").df()
    by_month = rows.groupby(pd.to_datetime(rows["month"]).dt.to_period("M"))["offences"].sum()
    last = by_month.index.max()
    latest = int(by_month[by_month.index > last - 12].sum())
    before = int(by_month[(by_month.index <= last - 12) & (by_month.index > last - 24)].sum())
    months = pd.to_datetime(classes["month"]).dt.to_period("M")
    outside = int(classes.loc[(months > last - 12) & ~classes["is_vawg"], "offences"].sum())

    metric, text, links = tile(open_home(), "tile-vawg")
    assert metric.label == f"{month_words(last - 11)} to {month_words(last)}"
    assert metric.value == f"{latest:,}"
    change = 100 * (latest - before) / before
    assert metric.delta == f"{abs(change):.1f}% {'more' if change > 0 else 'fewer'} than the 12 months before"
    assert MetricProto.MetricColor.Name(metric.proto.color) == "GRAY", "a rise is not good or bad: no red or green"
    assert f"The 12 months before, {month_words(last - 23)} to {month_words(last - 12)}: {before:,} offences." in text
    assert f"{outside:,} of these offences ({round(100 * outside / latest)}%)" in text
    assert [link.proto.page for link in links] == ["trends"]


def test_data_up_to_and_next_update(open_home, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        last = con.execute("SELECT max(month) FROM vawg_offences").fetchone()[0]
    at = open_home()
    line = next(m.value for m in at.markdown if m.value.startswith("**VAWG data up to and including"))
    assert line.startswith(f"**VAWG data up to and including {last:%B} {last.year}.**")
    assert next_update("mps_vawg", last).sentence() in line
    assert "promise" not in line.lower()


def test_female_homicide_tile(open_home, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        victims = con.execute("SELECT year, month, sex, victims FROM homicide_victims").df()
    last = pd.to_datetime(victims["month"]).max()
    year = last.year if last.month == 12 else last.year - 1
    female = victims[victims["sex"] == "Female"].groupby("year")["victims"].sum()
    metric, text, links = tile(open_home(), "tile-homicide")
    assert metric.label == f"Women and girls killed in {year}"
    assert metric.value == f"{int(female[year]):,}"
    assert f"In {year - 1}: {int(female[year - 1]):,}." in text
    assert [link.proto.page for link in links] == ["homicide"]


def test_small_homicide_counts_are_hidden(open_home, changed_store):
    store = changed_store(
        "DELETE FROM homicide_victims WHERE sex = 'Female' AND year = 2025 AND rowid NOT IN "
        "(SELECT min(rowid) FROM homicide_victims WHERE sex = 'Female' AND year = 2025);"
    )
    metric, text, _ = tile(open_home(store), "tile-homicide")
    assert metric.label == "Women and girls killed in 2025"
    assert metric.value.replace("\\", "") == SUPPRESSED_SYMBOL
    assert not metric.delta, "a difference would give the hidden count away"
    assert "too small to show" in text


@pytest.mark.parametrize("change", ["", "small-2025"])
def test_the_tiles_equal_the_pages_headline_figures(open_home, open_app, changed_store, change):
    # The tiles come from the same figure functions as /trends and /homicide, through the same disclosure.
    store = (
        changed_store(
            "DELETE FROM homicide_victims WHERE sex = 'Female' AND year = 2025 AND rowid NOT IN "
            "(SELECT min(rowid) FROM homicide_victims WHERE sex = 'Female' AND year = 2025);"
        )
        if change
        else None
    )
    home = open_home(store)
    vawg, _, _ = tile(home, "tile-vawg")
    homicide, _, _ = tile(home, "tile-homicide")
    trends = open_app("page_scripts/trends.py", store=store)
    assert vawg.value == {m.label: m.value for m in trends.metric}["VAWG offences"]
    page = open_app("page_scripts/homicide.py", store=store)
    head = page.metric[0]
    assert head.label.rsplit(", ", 1)[1] == homicide.label.rsplit(" ", 1)[1]
    assert homicide.value.replace("\\", "") == head.value.replace("\\", "")


def test_hot_spot_tile_says_not_available_without_the_hot_spot_tables(open_home, changed_store):
    store = changed_store("DROP TABLE IF EXISTS hotspot_summary; DROP TABLE IF EXISTS hotspot_cells;")
    metric, text, links = tile(open_home(store), "tile-hotspots")
    assert metric.value == "Not available yet"
    assert "not been built" in text
    assert [link.proto.page for link in links] == ["hotspots"]


def test_hot_spot_tile_gives_the_hotspots_page_count(open_home, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        if not con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'hotspot_summary'"
        ).fetchone()[0]:
            pytest.skip("this ingest does not build the hot spot tables yet")
        expected = con.execute(
            "SELECT hot_cells, period_end FROM hotspot_summary WHERE period = 'last_12' "
            "AND resolution = 8 AND crime_type = 'Violence and sexual offences'"
        ).fetchone()
    metric, text, _ = tile(open_home(), "tile-hotspots")
    assert metric.value == f"{expected[0]:,}"
    assert metric.label.endswith(f"{expected[1]:%B} {expected[1].year}")
    assert "90% confidence or more" in text


def test_hot_spot_tile_says_when_the_met_area_is_not_covered(open_home, changed_store):
    store = changed_store("UPDATE hotspot_summary SET forces = 'City of London Police';")
    _, text, _ = tile(open_home(store), "tile-hotspots")
    assert "Only City of London Police's police.uk data are loaded" in text


def test_bus_shelter_tile_with_illustrative_pilot_data(open_home, sample_store):
    with duckdb.connect(str(sample_store), read_only=True) as con:
        shelters = con.execute("SELECT count(DISTINCT bus_stop_code) FROM pilot_sites").fetchone()[0]
    metric, text, links = tile(open_home(), "tile-shelters")
    assert metric.value == f"{shelters:,}"
    assert "Illustrative" in text
    assert [link.proto.page for link in links] == ["bus-shelters"]


def test_bus_shelter_tile_without_pilot_data_quotes_the_met(open_home, changed_store):
    store = changed_store("DELETE FROM pilot_sites;")
    metric, text, _ = tile(open_home(store), "tile-shelters")
    assert metric.value == "None yet"
    assert "“Making places safer”" in text and "15 additional cameras and locations" in text
    assert "No list of pilot shelters and no results have been published." in text


def test_short_vawg_history_gives_no_change(open_home, changed_store):
    store = changed_store(
        "DELETE FROM vawg_offences WHERE month < (SELECT max(month) FROM vawg_offences) - INTERVAL 15 MONTH;"
    )
    metric, text, _ = tile(open_home(store), "tile-vawg")
    assert not metric.delta
    assert "There are not 12 months of data for" in text


def test_too_little_vawg_data(open_home, changed_store):
    store = changed_store(
        "DELETE FROM vawg_offences WHERE month < (SELECT max(month) FROM vawg_offences) - INTERVAL 5 MONTH;"
    )
    metric, text, _ = tile(open_home(store), "tile-vawg")
    assert metric.value == "Not available yet"
    assert "has 6 months of VAWG offences; 12 are needed" in text


def test_a_comparison_across_the_connect_change_says_so(open_home, changed_store):
    # Move every month back two years: the 12 months before then start before March 2024.
    store = changed_store(
        "UPDATE vawg_offences SET month = month - INTERVAL 24 MONTH; "
        "UPDATE vawg_offences_by_classification SET month = month - INTERVAL 24 MONTH;"
    )
    _, text, _ = tile(open_home(store), "tile-vawg")
    assert "change of crime recording system in March 2024" in text


def test_the_page_is_short_plain_and_links_every_tile(open_home):
    at = open_home()
    pages = [link.proto.page for link in at.get("page_link")]
    assert pages == ["trends", "homicide", "hotspots", "bus-shelters", "about"]
    assert all(len(m.label) <= 40 for m in at.metric), "Streamlit cuts metric labels that do not fit a phone"
    assert "call 999" in all_text(at)
    assert "Exit this page" in all_text(at)


def test_a_second_view_replays_the_same_page(open_home):
    # The page is built once per store and day and replayed: the second view must show the same.
    # (A deferred download's placeholder id is new on every run, by design: it is left out.)
    at = open_home()
    first = [DEFERRED_ID.sub("", str(e.proto)) for e in at.main]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [DEFERRED_ID.sub("", str(e.proto)) for e in at.main] == first


def test_the_quick_exit_is_sent_as_st_html_would_send_it(open_home):
    # render_quick_exit cleans the HTML once per process instead of letting st.html do it on every view.
    (html,) = [h for h in open_home().get("html") if "vawg-etp-host" in h.proto.body]
    assert html.proto.body == clean_text(quick_exit_html())
    assert html.proto.unsafe_allow_javascript
