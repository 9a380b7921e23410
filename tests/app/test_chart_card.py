"""The chart card renders heading, date, summary and Chart | Table | Download | About, all keyed.

The tabs are lazy: only the open tab's body is sent, so each tab's test looks at the page with that
tab open on every card (as a reader sees it after clicking it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import CARD_TABS, reveal

SCRIPT = Path(__file__).parent / "scripts" / "chart_card_demo.py"


def paragraphs(at: AppTest) -> list[str]:
    """Every markdown paragraph on the page: a card sends its lead and its About tab as one element each."""
    return [p for m in at.markdown for p in m.value.split("\n\n")]


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_file(str(SCRIPT), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def shown():
    """shown("Table") -> the page with that tab open on both cards (each tab's page run once for the module)."""
    pages: dict[str, AppTest] = {}

    def page(tab: str) -> AppTest:
        if tab not in pages:
            at = reveal(AppTest.from_file(str(SCRIPT), default_timeout=60).run(), tab=tab)
            assert not at.exception, at.exception
            pages[tab] = at
        return pages[tab]

    return page


def test_headings_are_real_headings_at_the_requested_level(app):
    assert [h.value for h in app.header] == ["VAWG offences in Camden and the London borough average, by month"]
    assert [h.value for h in app.subheader] == ["VAWG offences in London by offence group, March 2025 to February 2026"]


def test_each_card_has_the_four_tabs(app):
    assert [t.label for t in app.tabs] == ["Chart", "Table", "Download", "About"] * 2


def test_date_stamp_and_visible_summary(app):
    texts = paragraphs(app)
    assert texts.count("Data up to and including February 2026") == 2
    assert (
        "VAWG offences in Camden rose from 312 in March 2025 to 355 in February 2026. "
        "The highest was 401 in May 2025. VAWG offences in London average stayed about the same: 300 in "
        "March 2025 and 314 in February 2026."
    ) in texts
    assert any(
        t.startswith("The largest offence group was Stalking and harassment (50%, 41,210 offences)") for t in texts
    )


def test_sample_card_says_so_in_words(app):
    assert any(m.value.startswith("**SAMPLE DATA — not real figures.**") for m in app.markdown)


def test_chart_is_keyed_and_has_alt_text(app):
    charts = app.get("plotly_chart")
    assert [c.key for c in charts] == ["trend-chart", "groups-chart"]
    assert charts[0].proto.alt.startswith("Line chart: VAWG offences in Camden and the London borough average")
    assert "Sample data, not real figures." in charts[0].proto.alt
    assert charts[1].proto.alt.startswith("Bar chart: VAWG offences in London by offence group")


def test_table_tab_shows_exactly_the_figures_drawn(shown):
    app = shown("Table")
    trend, groups = app.table[0].value, app.table[1].value
    assert list(trend.columns) == ["Month", "Camden", "London average"]
    assert len(trend) == 12
    assert trend.iloc[0].tolist() == ["March 2025", "312", "300"]
    assert groups.to_dict("list") == {
        "Offence group": ["Stalking and harassment", "Violence with injury", "Sexual offences", "Homicide"],
        "Offences": ["41,210", "30,000", "12,000", "[c]"],
    }
    assert any(m.value.startswith("\\[c\\] = suppressed to protect confidentiality") for m in app.markdown)


def test_download_buttons_are_keyed_and_named_for_their_chart(shown):
    # Each card's CSV; its PNG, SVG and press pack are tested in test_card_downloads.py.
    buttons = [b for b in shown("Download").download_button if b.key.endswith("-download")]
    assert [b.key for b in buttons] == ["trend-download", "groups-download"]
    assert buttons[0].proto.label == ("Download CSV: VAWG offences in Camden and the London borough average, by month")


def test_about_tab_has_definition_caveats_notes_and_sources(shown):
    texts = paragraphs(shown("About"))
    assert "### What this measures" in texts and "#### What this measures" in texts
    assert any("Offences in the Met's VAWG dashboard data" in t for t in texts)
    assert any("The City of London has its own police force" in t for t in texts)
    assert "- London here means the 32 boroughs the Met polices." in texts
    assert any(
        t.startswith("- [MPS Violence Against Women and Girls dashboard data](https://data.london.gov.uk/")
        for t in texts
    )


# --- lazy tabs: only what is open is sent ----------------------------------------------------


def test_a_card_sends_only_its_open_tab(app, shown):
    # Opened on Chart: the charts and their summaries, none of the other three tabs' bodies.
    assert len(app.get("plotly_chart")) == 2
    assert not app.table and not app.get("dataframe") and not app.download_button
    assert "### What this measures" not in paragraphs(app)
    for tab in CARD_TABS[1:]:
        at = shown(tab)
        assert not at.get("plotly_chart"), tab
        assert [t.label for t in at.tabs] == list(CARD_TABS) * 2, tab  # every tab is still there to click
        assert (len(at.table) == 2) is (tab == "Table"), tab
        # Each card's Download tab: CSV, PNG, SVG and press pack.
        assert (len(at.download_button) == 8) is (tab == "Download"), tab
        assert ("### What this measures" in paragraphs(at)) is (tab == "About"), tab


def test_switching_one_card_to_table_shows_its_table_not_its_chart():
    at = AppTest.from_file(str(SCRIPT), default_timeout=60).run()
    at.session_state["trend-tabs"] = "Table"
    at.run()
    assert not at.exception, at.exception
    assert [c.key for c in at.get("plotly_chart")] == ["groups-chart"]  # the other card keeps its chart
    (table,) = at.table
    assert list(table.value.columns) == ["Month", "Camden", "London average"]
    assert table.value.iloc[0].tolist() == ["March 2025", "312", "300"]
