"""The /homicide page on the bundled sample: headline, cards, view in the URL, release section, words.

Expected figures are computed here with pandas from the sample's own published-format file, not
through the store. Everything after the first chart is in lazy sections and each card's tabs are
lazy, so the tests look at the page with every section open (and a tab open where they check it),
as a reader sees it after opening them; tests/app/test_lazy_views.py checks what is sent before.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.conftest import PAGES, all_text, reveal
from tests.conftest import PROJECT_ROOT, SAMPLE_DATA, ingest

# The page's path comes from the one list of pages (dashboard/pages may be renamed dashboard/views).
PAGE = PAGES["/homicide"]
# A hidden cell that published totals alone give away is a failure, not a warning.
pytestmark = pytest.mark.filterwarnings("error::dashboard.disclosure.DisclosureWarning")
SAMPLE_VICTIMS = SAMPLE_DATA / "mps_homicide" / "homicide-victims.csv"
CARD_TABS = ["Chart", "Table", "Download", "About"]


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_VICTIMS)


@pytest.fixture(scope="module")
def latest_full_year(raw) -> int:
    months = raw.groupby("Recorded Year")["Recorded Month"].nunique()
    return int(months[months == 12].index.max())


@pytest.fixture(scope="module")
def store_without_release(tmp_path_factory):
    """The sample's homicide files and geography only: no female homicide release."""
    store = tmp_path_factory.mktemp("no-release") / "vawg.duckdb"
    result = ingest([SAMPLE_DATA / "mps_homicide", SAMPLE_DATA / "geography"], store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture()
def page(open_app):
    """The page with every section open, each card on its Chart tab."""
    at = reveal(open_app(PAGE))
    assert not at.exception, [e.value for e in at.exception]
    return at


def female_count(raw: pd.DataFrame, years) -> int:
    rows = raw[(raw["Sex"] == "Female") & raw["Recorded Year"].isin(list(years))]
    return int(rows["Count of Victims"].sum())


def test_headline_gives_the_latest_full_year_count(page, raw, latest_full_year):
    expected = female_count(raw, [latest_full_year])
    assert expected >= 3  # a headline the rule would hide would not test much
    metric = page.metric[0]
    assert metric.label == f"Female homicide victims, {latest_full_year}"
    assert metric.value == f"{expected:,}"
    assert f"In {latest_full_year}, {expected:,} women and girls were victims of homicide in London." in all_text(page)


def test_every_chart_is_a_keyed_card_with_four_tabs(page):
    keys = [chart.key for chart in page.get("plotly_chart")]
    assert len(keys) >= 14
    assert all(key.startswith("homicide") and key.endswith("-chart") for key in keys), keys
    assert [tab.label for tab in page.tabs] == CARD_TABS * len(keys)
    assert all(chart.proto.alt.startswith(("Bar chart:", "Line chart:")) for chart in page.get("plotly_chart"))
    reveal(page, tab="Download")
    assert not page.exception, [e.value for e in page.exception]
    # One CSV per card ('<card>-download'); its PNG, SVG and press pack are tested in test_card_downloads.py.
    assert len([b for b in page.download_button if b.key.endswith("-download")]) == len(keys)


def test_year_table_matches_the_raw_file(page, raw, latest_full_year):
    table = reveal(page, tab="Table").table[0].value
    assert list(table.columns) == ["Year", "Victims"]
    expected = raw[raw["Sex"] == "Female"].groupby("Recorded Year")["Count of Victims"].sum()
    assert [int(y) for y in table["Year"]] == sorted(expected.index, reverse=True)
    for year, shown in zip(table["Year"], table["Victims"]):
        assert shown == f"{int(expected[int(year)]):,}" or shown == "[c]"


def test_breakdowns_default_to_the_latest_three_years(page, raw, latest_full_year):
    label = f"{latest_full_year - 2}\u2013{latest_full_year}"
    assert page.selectbox(key="homicide-period").value == f"{latest_full_year - 2}-{latest_full_year}"
    subheaders = [s.value for s in page.subheader]
    assert f"Women and girls who were victims of homicide in London, by age group, {label}" in subheaders
    total = female_count(raw, range(latest_full_year - 2, latest_full_year + 1))
    assert f"In {label}, {total:,} women and girls were victims of homicide in London." in all_text(page)


def test_choosing_a_period_changes_the_breakdowns_and_the_link(page):
    page.selectbox(key="homicide-period").set_value("2011-2013").run()
    assert not page.exception
    assert page.query_params["period"] == ["2011-2013"] or page.query_params["period"] == "2011-2013"
    subheaders = [s.value for s in page.subheader]
    assert "Women and girls who were victims of homicide in London, by borough, 2011\u20132013" in subheaders
    assert "People proceeded against for homicide in London, by sex, 2011\u20132013" in subheaders


def test_a_link_sets_the_period_and_the_comparison(open_app):
    at = reveal(open_app(PAGE, period="2005\u20132007", compare="share"))
    assert not at.exception
    assert at.selectbox(key="homicide-period").value == "2005-2007"
    assert at.radio(key="homicide-compare").value == "share"
    assert any(s.value.startswith("Women and girls as a share of homicide victims in London") for s in at.subheader)


def test_a_bad_link_falls_back_politely(open_app, latest_full_year):
    at = open_app(PAGE, period="1800-1802", compare="'; drop table x")
    assert not at.exception
    # The notes greet the visitor on the view the link opens (the link is then rewritten to the defaults).
    notes = " ".join(i.value for i in at.info)
    assert "We don't recognise the period" in notes and "comparison" in notes
    reveal(at)
    assert not at.exception
    assert at.selectbox(key="homicide-period").value == f"{latest_full_year - 2}-{latest_full_year}"
    assert at.radio(key="homicide-compare").value == "number"


def test_switching_the_comparison_writes_it_to_the_link(page):
    page.radio(key="homicide-compare").set_value("share").run()
    assert not page.exception
    assert "share" in str(page.query_params["compare"])


def test_sample_data_and_the_illustrative_release_are_labelled(page):
    text = all_text(page)
    assert "SAMPLE DATA — not real figures" in text
    assert any(w.value.startswith("**Illustrative — not the Met's female homicide release.**") for w in page.warning)
    assert "The Met's female homicide release" in [h.value for h in page.header]
    release_charts = [c for c in page.get("plotly_chart") if c.key.startswith("homicide-release")]
    assert len(release_charts) == 3
    assert all("Illustrative" in c.proto.alt for c in release_charts)


def test_definitions_and_support_are_on_the_page(page):
    text = all_text(page)
    assert "Homicide is murder, manslaughter, infanticide and corporate manslaughter." in text
    assert "City of London Police" in text and "British Transport Police" in text
    assert "0808 2000 247" in text and "Victim Support" in text
    assert "officer-observed" in text
    assert "[c]" in text.replace("\\[", "[").replace("\\]", "]")  # the rule is explained on the page


def test_accused_are_shown_as_context_not_linked_to_victims(page):
    text = all_text(page)
    assert "The Met does not link them to victims" in text
    assert "People proceeded against for homicide" in [h.value for h in page.header]


def test_without_a_release_the_section_is_left_out(open_app, store_without_release):
    at = reveal(open_app(PAGE, store=store_without_release))
    assert not at.exception, [e.value for e in at.exception]
    assert "The Met's female homicide release" not in [h.value for h in at.header]
    assert not [c for c in at.get("plotly_chart") if c.key.startswith("homicide-release")]
    assert "has not been published as a data file yet" in all_text(at)


def test_page_path_constant_names_a_real_file():
    assert (PROJECT_ROOT / "dashboard" / PAGE).is_file()


def test_the_release_period_has_its_own_parameter_and_release_stays_the_data_release(open_app):
    """?release= names a data release on every page (issue 13); the release period is ?release-period=."""
    from dashboard import data
    from dashboard.figures import homicide as ht

    at = open_app(PAGE)  # sets VAWG_STORE to the sample store for this test
    (period, *_) = ht.release_periods(data.run("homicide_female_release_by_year_and_category"))
    unknown_release = "We can't find the release"
    chosen = reveal(open_app(PAGE, **{"release-period": period.key}))
    assert not chosen.exception, [e.value for e in chosen.exception]
    assert not any(unknown_release in str(i.value) for i in chosen.info)
    assert f"In {period.label}, the release counts" in all_text(chosen)
    # The same value as ?release= is taken for a data release, which it is not: the friendly note.
    as_release = open_app(PAGE, release=period.key)
    assert any(unknown_release in str(i.value) for i in as_release.info)
    assert not at.exception
