"""The chart card renders heading, date, summary and Chart | Table | Download | About, all keyed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import reveal

SCRIPT = Path(__file__).parent / "scripts" / "chart_card_demo.py"


def paragraphs(at: AppTest) -> list[str]:
    """Every markdown paragraph on the page: a card sends its lead and its About tab as one element each."""
    return [p for m in at.markdown for p in m.value.split("\n\n")]


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_file(str(SCRIPT), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


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
    reveal(app, "Chart")  # tabs are lazy: only the open one is drawn
    charts = app.get("plotly_chart")
    assert [c.key for c in charts] == ["trend-chart", "groups-chart"]
    assert charts[0].proto.alt.startswith("Line chart: VAWG offences in Camden and the London borough average")
    assert "Sample data, not real figures." in charts[0].proto.alt
    assert charts[1].proto.alt.startswith("Bar chart: VAWG offences in London by offence group")


def test_table_tab_shows_exactly_the_figures_drawn(app):
    reveal(app, "Table")  # tabs are lazy: only the open one is drawn
    trend, groups = app.table[0].value, app.table[1].value
    assert list(trend.columns) == ["Month", "Camden", "London average"]
    assert len(trend) == 12
    assert trend.iloc[0].tolist() == ["March 2025", "312", "300"]
    assert groups.to_dict("list") == {
        "Offence group": ["Stalking and harassment", "Violence with injury", "Sexual offences", "Homicide"],
        "Offences": ["41,210", "30,000", "12,000", "[c]"],
    }
    assert any(m.value.startswith("\\[c\\] = suppressed to protect confidentiality") for m in app.markdown)


def test_download_buttons_are_keyed_and_named_for_their_chart(app):
    reveal(app, "Download")  # tabs are lazy: only the open one is drawn
    # Each card's CSV; its PNG, SVG and press pack are tested in test_card_downloads.py.
    buttons = [b for b in app.download_button if b.key.endswith("-download")]
    assert [b.key for b in buttons] == ["trend-download", "groups-download"]
    assert buttons[0].proto.label == ("Download CSV: VAWG offences in Camden and the London borough average, by month")


def test_about_tab_has_definition_caveats_notes_and_sources(app):
    reveal(app, "About")  # tabs are lazy: only the open one is drawn
    texts = paragraphs(app)
    assert "### What this measures" in texts and "#### What this measures" in texts
    assert any("Offences in the Met's VAWG dashboard data" in t for t in texts)
    assert any("The City of London has its own police force" in t for t in texts)
    assert "- London here means the 32 boroughs the Met polices." in texts
    assert any(
        t.startswith("- [MPS Violence Against Women and Girls dashboard data](https://data.london.gov.uk/")
        for t in texts
    )
