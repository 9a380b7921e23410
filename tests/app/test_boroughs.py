"""/boroughs on the bundled sample: profile from the URL, every borough compared, bad values get a note.

With a borough chosen, its wards and the comparison of every borough are lazy sections, and cards send
only their open tab: tests that read tables open every section and the cards' Table tabs first.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.app.conftest import PAGES, all_text, reveal

PAGE = PAGES["/boroughs"]  # the one place the page's path is named (dashboard/pages may be renamed)


def latest_12_months(store, borough: str) -> int:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            """
            SELECT CAST(sum(offences) AS BIGINT) FROM vawg_offences
            WHERE borough_name = $borough
              AND month > (SELECT max(month) FROM vawg_offences) - INTERVAL 12 MONTH""",
            {"borough": borough},
        ).fetchone()[0]


def test_without_a_borough_the_page_compares_every_borough(open_app):
    at = reveal(open_app(PAGE), tab="Table")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="boroughs-borough").value is None
    assert not at.metric  # no profile until a borough is chosen
    headings = [h.value for h in at.header]
    assert "How the boroughs compare" in headings
    assert any(h.startswith("VAWG offences per 1,000 women and girls, by borough") for h in headings)
    table = next(t.value for t in at.table if "Borough" in t.value.columns)
    assert len(table) == 32
    assert "City of London" not in set(table["Borough"])
    assert not at.info


def test_a_borough_in_the_link_shows_its_profile(open_app, sample_store):
    at = reveal(open_app(PAGE, borough="Camden"), tab="Table")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="boroughs-borough").value == "Camden"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["VAWG offences"] == f"{latest_12_months(sample_store, 'Camden'):,}"
    assert metrics["Rank of 32 by rate (1st = highest)"].endswith(("st", "nd", "rd", "th"))
    text = all_text(at)
    assert "normal variation" in text
    headings = [h.value for h in at.header]
    assert "Camden: the latest 12 months" in headings
    assert "VAWG offences per 1,000 women and girls in Camden and London, by month" in headings
    assert any(h.startswith("VAWG offences by ward in Camden") for h in headings)
    wards = next(t.value for t in at.table if "Ward" in t.value.columns)
    assert list(wards.columns) == [
        "Rank",
        "Ward",
        "Offences, latest 12 months",
        "Offences, 12 months before",
        "Change",
        "Change (%)",
        "Compared with normal variation",
    ]
    placed = wards.loc[wards["Rank"] != ""]
    assert [int(r) for r in placed["Rank"]] == sorted(int(r) for r in placed["Rank"])
    assert dict(at.query_params) == {"borough": "Camden"}


def test_the_trend_against_london_marks_the_move_to_connect(open_app):
    at = open_app(PAGE, borough="Camden")
    trend = next(c for c in at.get("plotly_chart") if c.key == "borough-trend-chart")
    assert "CRIS to CONNECT" in trend.proto.spec
    assert "A dashed line marks March 2024" in trend.proto.alt


def test_the_map_can_compare_changes_on_equal_squares(open_app):
    at = reveal(open_app(PAGE, borough="Camden", compare="change", map="tiles"), tab="Table")
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="boroughs-compare").value == "change"
    assert at.radio(key="boroughs-map").value == "tiles"
    headings = [h.value for h in at.header]
    assert any(h.startswith("Change in VAWG offences by borough") for h in headings)
    table = next(
        t.value
        for t in at.table
        if "Compared with normal variation" in t.value.columns and "Borough" in t.value.columns
    )
    assert set(table["Compared with normal variation"]) <= {"within normal variation", "larger than normal variation"}
    assert dict(at.query_params) == {"borough": "Camden", "compare": "change", "map": "tiles"}


def test_choosing_a_borough_puts_it_in_the_link(open_app):
    at = open_app(PAGE)
    at.selectbox(key="boroughs-borough").set_value("Hackney").run()
    assert not at.exception
    assert dict(at.query_params) == {"borough": "Hackney"}
    assert "Hackney: the latest 12 months" in [h.value for h in at.header]


@pytest.mark.parametrize(
    "query, note",
    [
        ({"borough": "Narnia"}, "We don't recognise the borough “Narnia” in the link, so we're showing all boroughs."),
        ({"borough": "'; drop table vawg_offences; --"}, "We don't recognise the borough"),
        ({"borough": "City of London"}, "We don't recognise the borough “City of London”"),
        ({"compare": "'; drop table"}, "We don't recognise the comparison"),
        ({"map": "satellite"}, "We don't recognise the map style “satellite”"),
    ],
)
def test_a_bad_value_gets_a_friendly_note_and_the_default(open_app, query, note):
    at = open_app(PAGE, **query)
    assert not at.exception, [e.value for e in at.exception]
    notes = [i.value for i in at.info]
    assert any(n.startswith(note) for n in notes), notes
    assert at.radio(key="boroughs-compare").value == "rate"
    assert "Traceback" not in all_text(at)
