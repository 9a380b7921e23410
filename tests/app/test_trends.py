"""/trends on the bundled sample: every filter is read from the URL and written back; bad values get a note, not a traceback.

The offence groups (with their own filter), the victims and the notes are lazy sections and cards send
only their open tab, so tests open what they read first.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.app.conftest import PAGES, all_text, reveal

PAGE = PAGES["/trends"]  # the one place the page's path is named (dashboard/pages may be renamed)


def latest_12_months(store, borough: str | None) -> tuple[int, int]:
    """Offences in the latest 12 months and the 12 before, straight from the store with SQL."""
    where = "" if borough is None else "AND borough_name = $borough"
    params = {} if borough is None else {"borough": borough}
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            f"""
            WITH last AS (SELECT max(month) AS m FROM vawg_offences)
            SELECT CAST(sum(offences) FILTER (WHERE month > m - INTERVAL 12 MONTH) AS BIGINT),
                   CAST(sum(offences) FILTER (WHERE month <= m - INTERVAL 12 MONTH
                                                AND month > m - INTERVAL 24 MONTH) AS BIGINT)
            FROM vawg_offences, last WHERE true {where}""",
            params,
        ).fetchone()


def test_default_view_is_london_with_its_headline(open_app, sample_store):
    at = open_app(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    latest, previous = latest_12_months(sample_store, None)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["VAWG offences"] == f"{latest:,}"
    assert metrics["Change on the 12 months before"] == f"{latest - previous:+,}".replace("-", "\u2212")
    assert at.header[0].value == "London: the latest 12 months"
    assert not at.info  # no notes about the link
    text = all_text(at)
    assert "did not place in any borough" in text
    assert "classes as outside VAWG" in text
    assert dict(at.query_params).keys() == {"from", "to"}  # the period is always in the link


def test_link_sets_every_filter_and_is_written_back(open_app, sample_store):
    at = open_app(PAGE, borough="camden", offence="Rape", measure="rate", **{"from": "2024-01", "to": "2026-02"})
    reveal(at)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="trends-borough").value == "Camden"
    assert at.selectbox(key="trends-offence").value == "rape"
    assert str(at.selectbox(key="trends-from").value) == "2024-01-01"
    assert str(at.selectbox(key="trends-to").value) == "2026-02-01"
    assert at.radio(key="trends-measure").value == "rate"
    assert dict(at.query_params) == {
        "borough": "Camden",
        "offence": "rape",
        "from": "2024-01",
        "to": "2026-02",
        "measure": "rate",
    }
    latest, _ = latest_12_months(sample_store, "Camden")
    assert {m.label: m.value for m in at.metric}["VAWG offences"] == f"{latest:,}"
    headings = [h.value for h in at.header]
    assert "Camden: the latest 12 months" in headings
    assert "VAWG offences per 1,000 women and girls in Camden and London, by month" in headings
    assert "VAWG offences per 1,000 women and girls in London: Rape, by month" in headings
    text = all_text(at)
    assert "London-wide, not Camden" in text
    assert "January 2024 to February 2026" in text


def test_changing_a_widget_updates_the_link(open_app):
    at = open_app(PAGE)
    at.selectbox(key="trends-borough").set_value("Hackney").run()
    at.radio(key="trends-measure").set_value("rate").run()
    assert not at.exception
    assert dict(at.query_params)["borough"] == "Hackney"
    assert dict(at.query_params)["measure"] == "rate"
    assert at.header[0].value == "Hackney: the latest 12 months"


@pytest.mark.parametrize(
    "query, note",
    [
        ({"borough": "Narnia"}, "We don't recognise the borough “Narnia” in the link, so we're showing London."),
        ({"borough": "'; drop table vawg_offences; --"}, "We don't recognise the borough"),
        (
            {"offence": "'; drop table"},
            "We don't recognise the offence group “'; drop table” in the link, so we're showing all offence groups.",
        ),
        ({"from": "1999-01"}, "The first month “1999-01” in the link is not a month between"),
        ({"to": "2030-13"}, "The last month “2030-13” in the link is not a month between"),
        ({"from": "2025-06", "to": "2024-01"}, "The period in the link ends before it starts"),
        (
            {"measure": "<script>"},
            "We don't recognise the measure “<script>” in the link, so we're showing numbers of offences.",
        ),
    ],
)
def test_a_bad_value_gets_a_friendly_note_and_the_default(open_app, query, note):
    at = open_app(PAGE, **query)
    assert not at.exception, [e.value for e in at.exception]
    notes = [i.value for i in at.info]
    assert any(n.startswith(note) for n in notes), notes
    assert at.selectbox(key="trends-borough").value == "London"
    assert at.header[0].value == "London: the latest 12 months"
    assert "Traceback" not in all_text(at)


def test_every_chart_over_time_marks_the_move_to_connect(open_app):
    at = reveal(open_app(PAGE, borough="Camden"))
    charts = at.get("plotly_chart")
    line_charts = [c for c in charts if '"type":"scatter"' in c.proto.spec.replace(" ", "")]
    assert len(line_charts) == 2
    assert all("CRIS to CONNECT" in c.proto.spec for c in line_charts)
    assert all("A dashed line marks March 2024" in c.proto.alt for c in line_charts)
    assert "CRIS to CONNECT" in all_text(at)


def test_breakdowns_say_they_are_london_wide_and_leave_out_offences_outside_vawg(open_app):
    at = reveal(open_app(PAGE, borough="Camden"), tab="Table")
    headings = [h.value for h in at.header]
    assert any(h.startswith("VAWG offences in London by offence group") for h in headings)
    assert any(h.startswith("Victims of VAWG offences in London by age group") for h in headings)
    assert any(h.startswith("Victims of VAWG offences in London by ethnic group") for h in headings)
    groups = next(t.value for t in at.table if "Offence group" in t.value.columns)
    assert "Other flagged offences outside of VAWG" not in set(groups["Offence group"])
    assert "Left out:" in all_text(at)
