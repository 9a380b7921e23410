"""The export command reads a view's link as the app does: every page is reachable, a wrong page says which exist."""

from __future__ import annotations

import pytest

from dashboard.components.layout import PAGES
from dashboard.export_command import ExportError, page_modules, parse_view


def test_every_page_in_the_menu_can_be_exported_by_its_link():
    modules = page_modules()
    for script, _, url_path in PAGES:
        assert modules[f"/{url_path}"] == script.removesuffix(".py")
    assert modules["/"] == "home"


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("/trends?borough=Camden", ("/trends", "borough=Camden", "trends")),
        ("https://vawg.example.org/bus-shelters?radius=200", ("/bus-shelters", "radius=200", "bus_shelters")),
        ("/boroughs/", ("/boroughs", "", "boroughs")),
        ("/", ("/", "", "home")),
    ],
)
def test_a_link_names_its_page_and_settings(view, expected):
    assert parse_view(view) == expected


def test_an_unknown_page_is_refused_naming_the_pages_there_are():
    with pytest.raises(ExportError) as error:
        parse_view("/trendz?borough=Camden")
    message = str(error.value)
    assert "'/trendz'" in message and "/trends" in message and "/bus-shelters" in message
    assert "\n" not in message
