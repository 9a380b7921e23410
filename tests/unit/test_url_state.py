"""Every bad value in a link falls back to the default and leaves the visitor a note saying so.

The pages read their settings with `url_state.choice` and `url_state.month` and show
`ViewState.notes` with `url_state.show_notes` (an info box per note). Here the links are parsed by
Streamlit's own QueryParams, as a browser's would be, so repeated parameters behave as they do in
the app (a plain read gets the last value).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from streamlit.runtime.state.query_params import QueryParams

from dashboard.components import url_state

BOROUGHS = ["London", "Camden", "Hackney", "Kensington and Chelsea"]
FIRST, LAST = dt.date(2022, 1, 1), dt.date(2024, 12, 1)
DEFAULT_FROM = dt.date(2024, 1, 1)


@pytest.fixture()
def link(monkeypatch):
    """Open a link: its query string becomes what `st.query_params` holds."""

    def open_link(query: str) -> QueryParams:
        params = QueryParams()
        params.populate_from_query_string(query)
        monkeypatch.setattr(url_state, "st", SimpleNamespace(query_params=params))
        return params

    return open_link


def borough(state: url_state.ViewState) -> str:
    return url_state.choice("borough", BOROUGHS, "London", state, "borough")


def first_month(state: url_state.ViewState) -> dt.date:
    return url_state.month("from", FIRST, LAST, DEFAULT_FROM, state, "first month")


# --- good links: the value is used and nothing is said --------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "London"),
        ("borough=Camden", "Camden"),
        ("borough=camden", "Camden"),
        ("borough=%20Camden%20", "Camden"),
        ("borough=kensington+and+chelsea", "Kensington and Chelsea"),
        ("borough=Camden&borough=camden", "Camden"),  # the same borough twice is not ambiguous
        ("other=1", "London"),
    ],
)
def test_a_known_borough_or_none_is_used_without_a_note(link, query, expected):
    link(query)
    state = url_state.ViewState()
    assert borough(state) == expected
    assert state.values["borough"] == expected
    assert state.notes == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", DEFAULT_FROM), ("from=2023-05", dt.date(2023, 5, 1)), ("from=2023-5", dt.date(2023, 5, 1))],
)
def test_a_month_in_range_or_none_is_used_without_a_note(link, query, expected):
    link(query)
    state = url_state.ViewState()
    assert first_month(state) == expected
    assert state.notes == []


# --- bad links: the default, and one note that names the setting and what is shown instead --------


@pytest.mark.parametrize(
    "query",
    [
        "borough=Atlantis",
        "borough=",
        "borough=Camdenn",
        "borough=Camden%27%3B%20DROP%20TABLE%20vawg_offences%3B--",
        "borough=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "borough=%00",
        "borough=C%C3%A4mden",
        "borough=" + "x" * 500,
    ],
)
def test_an_unknown_borough_falls_back_to_london_with_a_note(link, query):
    link(query)
    state = url_state.ViewState()
    assert borough(state) == "London"
    assert state.values["borough"] == "London"
    (note,) = state.notes
    assert note.startswith("We don't recognise the borough “") and note.endswith("so we're showing London.")
    shown = note.split("“", 1)[1].split("”", 1)[0]
    assert len(shown) <= 40  # a long value is cut short, not echoed whole


@pytest.mark.parametrize("query", ["borough=Camden&borough=Hackney", "borough=Atlantis&borough=Camden"])
def test_a_borough_given_twice_with_different_values_falls_back_with_a_note(link, query):
    link(query)
    state = url_state.ViewState()
    assert borough(state) == "London"
    assert state.notes == ["The link gives more than one borough, so we're showing London."]


@pytest.mark.parametrize(
    "query",
    [
        "from=2024-13",
        "from=2024-00",
        "from=2021-12",  # before the data starts
        "from=2025-01",  # after it ends
        "from=May+2023",
        "from=2023",
        "from=",
        "from=2023-05%27%20OR%201%3D1",
        "from=-1--1",
    ],
)
def test_a_bad_or_out_of_range_month_falls_back_with_a_note(link, query):
    link(query)
    state = url_state.ViewState()
    assert first_month(state) == DEFAULT_FROM
    (note,) = state.notes
    assert note.startswith("The first month “")
    assert note.endswith("is not a month between January 2022 and December 2024, so we're showing January 2024.")


def test_a_month_given_twice_with_different_values_falls_back_with_a_note(link):
    link("from=2023-05&from=2023-06")
    state = url_state.ViewState()
    assert first_month(state) == DEFAULT_FROM
    assert state.notes == ["The link gives more than one first month, so we're showing January 2024."]


def test_the_same_month_written_two_ways_is_not_ambiguous(link):
    link("from=2023-05&from=2023-5")
    state = url_state.ViewState()
    assert first_month(state) == dt.date(2023, 5, 1)
    assert state.notes == []


@pytest.mark.parametrize("value", ["ratio", "COUNTS", "rate;", "1"])
def test_an_unknown_page_option_falls_back_with_a_note_in_words(link, value):
    link(f"measure={value}")
    state = url_state.ViewState()
    measure = url_state.choice(
        "measure", ["count", "rate"], "count", state, "measure", default_words="numbers of offences"
    )
    assert measure == "count"
    assert state.notes == [
        f"We don't recognise the measure “{value}” in the link, so we're showing numbers of offences."
    ]


def test_a_period_key_is_matched_through_the_page_normaliser(link):
    def normalise(text: str) -> str:
        return text.strip().lower().replace("\u2013", "-").replace(" to ", "-").replace(" ", "")

    periods = ["2021-2023", "2024"]
    link("period=2021+to+2023")
    state = url_state.ViewState()
    assert url_state.choice("period", periods, "2024", state, "period", normalise=normalise) == "2021-2023"
    assert state.notes == []
    link("period=2019-2020")
    state = url_state.ViewState()
    assert url_state.choice("period", periods, "2024", state, "period", normalise=normalise) == "2024"
    assert state.notes == ["We don't recognise the period “2019-2020” in the link, so we're showing 2024."]


def test_every_bad_setting_in_one_link_gets_its_own_note(link):
    link("borough=Atlantis&from=2099-01&measure=ratio&measure=rate")
    state = url_state.ViewState()
    borough(state)
    first_month(state)
    url_state.choice("measure", ["count", "rate"], "count", state, "measure")
    assert len(state.notes) == 3
    assert state.values == {"borough": "London", "from": DEFAULT_FROM, "measure": "count"}


# --- writing the view back ---------------------------------------------------------------------------


def test_write_back_leaves_defaults_out_and_writes_months_as_year_month(link):
    params = link("borough=Atlantis&junk=1")
    defaults = {"borough": "London", "from": DEFAULT_FROM, "measure": "count"}
    url_state.write_back({"borough": "Camden", "from": dt.date(2023, 5, 1), "measure": "count"}, defaults)
    assert params.to_dict() == {"borough": "Camden", "from": "2023-05"}


def test_write_back_of_the_defaults_empties_the_link(link):
    params = link("borough=Atlantis&from=nonsense")
    url_state.write_back({"borough": "London", "from": DEFAULT_FROM}, {"borough": "London", "from": DEFAULT_FROM})
    assert params.to_dict() == {}
