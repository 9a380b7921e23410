"""Every page of the app renders on the bundled sample without an exception and says it is sample data.

Lazy sections and card tabs are opened too: a section that fails only when opened fails here.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES, all_text, every_tab_state


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_without_exception_and_carries_the_sample_banner(open_app, path):
    at = open_app(PAGES[path])
    assert not at.exception, [e.value for e in at.exception]
    assert "Sample data" in all_text(at)
    for tab in every_tab_state(at):
        assert not at.exception, (tab, [e.value for e in at.exception])
