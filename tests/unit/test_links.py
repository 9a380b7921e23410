"""View links: every page's download links to its view the same way, absolute when the address is known."""

from __future__ import annotations

import datetime as dt

from dashboard.words import links


def test_view_link_puts_the_server_address_before_the_view_path():
    values = {"period": "2021-2023", "compare": "rate", "from": dt.date(2024, 1, 1)}
    defaults = {"period": "2021-2023", "compare": "number"}
    link = links.view_link("/homicide", values, defaults, base_url="https://vawg.example.org")
    assert link == "https://vawg.example.org/homicide?compare=rate&from=2024-01"
    assert link == "https://vawg.example.org" + links.view_path("/homicide", values, defaults)


def test_view_link_with_every_default_is_the_bare_page():
    defaults = {"radius": "200", "phase": "all"}
    assert links.view_link("/bus-shelters", dict(defaults), defaults, base_url="http://127.0.0.1:8501") == (
        "http://127.0.0.1:8501/bus-shelters"
    )


def test_view_link_without_an_address_is_the_path():
    # Outside a browser session (tests, bare mode) Streamlit knows no address.
    assert links.view_link("/hotspots", {"view": "trend"}, {"view": "hot"}, base_url="") == "/hotspots?view=trend"


def test_a_slug_keeps_a_dash_between_years_and_can_be_capped():
    # "2021–2023" (en dash) was slugged "20212023": the dash is not ASCII and was dropped.
    assert links.slugify("By age group, 2021–2023") == "by-age-group-2021-2023"
    assert links.slugify("Rate — London") == "rate-london"
    assert links.slugify("Offences per 1,000 women", max_length=14) == "offences-per-1"
