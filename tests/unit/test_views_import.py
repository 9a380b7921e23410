"""A page module can be imported without drawing it: Streamlit runs pages as `__main__`, importers get a module.

The export command imports pages to build their views from a link. If a page drew itself on import
it would read the store and call Streamlit outside a session. (That the guard still lets Streamlit
draw each page is what every AppTest in tests/app shows: AppTest runs pages through the same runner.)
"""

from __future__ import annotations

import importlib
import sys

import pytest

from dashboard.components.layout import PAGES
from dashboard.components.recording import Recording


@pytest.mark.parametrize("script", [script for script, _, _ in PAGES])
def test_importing_a_page_draws_nothing(monkeypatch, script):
    def refuse(*_args, **_kwargs):
        raise AssertionError(f"importing {script} drew the page")

    monkeypatch.setattr(Recording, "replay", refuse)
    name = f"dashboard.views.{script.removesuffix('.py')}"
    sys.modules.pop(name, None)
    module = importlib.import_module(name)
    assert callable(module.built_for)
