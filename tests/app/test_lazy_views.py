"""Lazy sections and lazy card tabs: a view sends only what is open, and opening something shows it.

A long page shows its first chart and keeps the rest in sections (expanders made with
on_change="rerun"); a card sends only its open tab. These tests check the promise (what a default
view sends), that opening a section or a tab shows what it holds, and that a widget inside a
closed section keeps its choice in the link.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES, SECTION_KEY_END, reveal

HOMICIDE = PAGES["/homicide"]


def param(at: AppTest, name: str) -> str | None:
    """A URL parameter as the page left it (AppTest may keep each as a list of values)."""
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def chart_keys(at: AppTest) -> list[str]:
    return [chart.key for chart in at.get("plotly_chart")]


def sections(at: AppTest) -> dict[str, object]:
    return {k: v for k, v in at.session_state.to_dict().items() if str(k).endswith(SECTION_KEY_END)}


def widget(at: AppTest, key: str):
    """The one selectbox or radio drawn with this key."""
    found = [w for kind in ("selectbox", "radio") for w in getattr(at, kind) if w.key == key]
    assert len(found) == 1, f"{key}: {len(found)} drawn"
    return found[0]


def drawn(at: AppTest, key: str) -> bool:
    return any(w.key == key for kind in ("selectbox", "radio") for w in getattr(at, kind))


@pytest.fixture()
def homicide(open_app) -> AppTest:
    at = open_app(HOMICIDE)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_default_view_of_homicide_sends_one_chart_and_no_table_or_download(homicide):
    assert chart_keys(homicide) == ["homicide-by-year-chart"]
    assert not homicide.table and not homicide.get("dataframe")
    # No card's download; the page's own spreadsheet button is the one download a view draws.
    assert [b.key for b in homicide.download_button] == ["page-spreadsheet"]
    # The rest of the page is there to open: closed sections, titled.
    assert set(sections(homicide).values()) == {False}
    assert [e.label for e in homicide.expander] == [
        "Compared with men and boys, and domestic abuse year by year",
        "Victims and people proceeded against, for one three-year period",
        "The release's figures for one three-year period",
        "What these figures mean",
    ]


def test_opening_a_section_shows_its_cards_and_only_its_cards(homicide):
    homicide.session_state["homicide-breakdowns-section"] = True
    homicide.run()
    assert not homicide.exception, [e.value for e in homicide.exception]
    keys = chart_keys(homicide)
    assert keys[0] == "homicide-by-year-chart"
    opened = keys[1:]
    assert {"homicide-age-group-chart", "homicide-borough-chart", "homicide-accused-sex-chart"} <= set(opened)
    # Only the breakdowns: the years section's and the release section's cards stay unsent.
    assert not [k for k in opened if k.startswith(("homicide-by-sex", "homicide-domestic-abuse", "homicide-release"))]
    assert homicide.selectbox(key="homicide-period")  # the section's own widget comes with it
    assert "People proceeded against for homicide" in [h.value for h in homicide.header]


def test_switching_a_card_to_table_shows_its_table_not_its_chart(homicide):
    homicide.session_state["homicide-by-year-tabs"] = "Table"
    homicide.run()
    assert not homicide.exception, [e.value for e in homicide.exception]
    assert "homicide-by-year-chart" not in chart_keys(homicide)
    (table,) = homicide.table
    assert list(table.value.columns) == ["Year", "Victims"]
    # No card's download; the page's own spreadsheet button is the one download a view draws.
    assert [b.key for b in homicide.download_button] == ["page-spreadsheet"]


@pytest.mark.parametrize(
    "page, query, widgets",
    [
        (HOMICIDE, {"period": "2011-2013"}, {"homicide-period": "2011-2013"}),
        (HOMICIDE, {"compare": "share"}, {"homicide-compare": "share"}),
        (PAGES["/trends"], {"offence": "rape"}, {"trends-offence": "rape"}),
        (
            PAGES["/boroughs"],
            {"borough": "Camden", "compare": "change", "map": "tiles"},
            {"boroughs-compare": "change", "boroughs-map": "tiles"},
        ),
    ],
)
def test_a_closed_sections_settings_stay_in_the_link(open_app, page, query, widgets):
    at = open_app(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    assert not [key for key in widgets if drawn(at, key)], "the section's widgets are drawn only when it is open"
    at.run()  # another view with the section still closed
    assert not at.exception, [e.value for e in at.exception]
    assert {name: param(at, name) for name in query} == query
    reveal(at)
    assert not at.exception, [e.value for e in at.exception]
    for key, value in widgets.items():
        assert widget(at, key).value == value, key
    assert {name: param(at, name) for name in query} == query


def test_a_choice_made_in_a_section_survives_closing_it(homicide):
    reveal(homicide)
    homicide.selectbox(key="homicide-period").set_value("2011-2013").run()
    assert param(homicide, "period") == "2011-2013"
    homicide.session_state["homicide-breakdowns-section"] = False
    homicide.run()
    homicide.run()  # Streamlit forgets an undrawn widget's value after a run: the link must not
    assert not homicide.exception, [e.value for e in homicide.exception]
    assert not [s for s in homicide.selectbox if s.key == "homicide-period"]
    assert param(homicide, "period") == "2011-2013"
    homicide.session_state["homicide-breakdowns-section"] = True
    homicide.run()
    assert homicide.selectbox(key="homicide-period").value == "2011-2013"
    subheaders = [s.value for s in homicide.subheader]
    assert "Women and girls who were victims of homicide in London, by borough, 2011\u20132013" in subheaders


def test_changing_a_filter_outside_a_closed_section_keeps_the_sections_choice(open_app):
    # /trends' offence group is chosen inside its section; the area is chosen above it.
    at = open_app(PAGES["/trends"], offence="rape")
    at.selectbox(key="trends-borough").set_value("Hackney").run()
    assert not at.exception, [e.value for e in at.exception]
    assert param(at, "borough") == "Hackney" and param(at, "offence") == "rape"
    reveal(at)
    assert at.selectbox(key="trends-offence").value == "rape"
    assert "VAWG offences in London: Rape, by month" in [h.value for h in at.header]
