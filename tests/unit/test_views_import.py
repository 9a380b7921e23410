"""A page module can be imported without drawing it; its page script only imports it and calls render().

The export command imports pages to build their views from a link. If a page drew itself on import
it would read the store and call Streamlit outside a session. Streamlit compiles and runs a page's
script on every view, so the scripts in dashboard/page_scripts stay two statements; the page's code
lives in its module, compiled and defined once per process. (That the scripts draw each page is what
every AppTest in tests/app shows: AppTest runs pages through the same runner.)
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
    assert callable(module.built_for) and callable(module.render)


@pytest.mark.parametrize("script", [script for script, _, _ in PAGES])
def test_a_page_script_only_imports_its_module_and_renders_it(script):
    import ast

    from dashboard.paths import PROJECT_ROOT

    name = script.removesuffix(".py")
    tree = ast.parse((PROJECT_ROOT / "dashboard" / "page_scripts" / script).read_text(encoding="utf-8"))
    statements = [ast.unparse(node) for node in tree.body if not isinstance(node, ast.Expr) or node is not tree.body[0]]
    assert statements == [f"from dashboard.views import {name}", f"{name}.render()"]
