"""AppTest fixtures: the real app (dashboard/app.py) on a store built from the bundled sample."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
PAGES = {
    "/": "page_scripts/home.py",
    "/trends": "page_scripts/trends.py",
    "/boroughs": "page_scripts/boroughs.py",
    "/homicide": "page_scripts/homicide.py",
    "/hotspots": "page_scripts/hotspots.py",
    "/bus-shelters": "page_scripts/bus_shelters.py",
    "/about": "page_scripts/about.py",
}


@pytest.fixture()
def open_app(sample_store, monkeypatch):
    """open_app('page_scripts/trends.py', borough='Camden') -> a run AppTest on that page with those URL parameters."""
    monkeypatch.setenv("VAWG_STORE", str(sample_store))

    def open_page(page: str | None = None, store=None, **query: str) -> AppTest:
        if store is not None:
            monkeypatch.setenv("VAWG_STORE", str(store))
        at = AppTest.from_file(APP, default_timeout=180)
        for key, value in query.items():
            at.query_params[key] = value
        if page:
            # st.navigation registers pages with custom url_paths only once the entry point has run.
            at.run()
            at.switch_page(page)
        return at.run()

    return open_page


def all_text(at: AppTest) -> str:
    """Every piece of text a reader would see: markdown, captions, metrics, alerts, headings."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error", "text"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    for metric in at.metric:
        parts += [str(metric.label), str(metric.value), str(metric.delta or "")]
    return "\n".join(parts)


#: Chart cards' tabs and long pages' sections are lazy (made with on_change="rerun"): a closed one's
#: content is not sent. Their keys end so, which is how a test finds them to open them.
TABS_KEY_END = "-tabs"
SECTION_KEY_END = "-section"
#: A chart card's tabs, in order; every card opens on the first (the bus-shelter map card's is "Map").
CARD_TABS = ("Chart", "Table", "Download", "About")


def reveal(at: AppTest, tab: str | None = None) -> AppTest:
    """Open every lazy section on the page and, when `tab` is given, that tab of every chart card; rerun.

    Opening a section can show cards whose tabs were not there before, so this reruns until every
    lazy key found is in the state asked for.
    """
    for _ in range(4):
        wanted = {}
        for key, value in at.session_state.to_dict().items():
            key = str(key)
            if key.endswith(SECTION_KEY_END) and value is not True:
                wanted[key] = True
            elif tab is not None and key.endswith(TABS_KEY_END) and value != tab:
                wanted[key] = tab
        if not wanted:
            return at
        for key, value in wanted.items():
            at.session_state[key] = value
        at.run()
    raise AssertionError("lazy sections or tabs kept appearing: reveal() gave up after 4 reruns")


def every_tab_state(at: AppTest) -> Iterator[str]:
    """Open every section, then show every card's tabs one after another: yields each tab's name once shown.

    For scans that must see everything a reader could open. Call it on a page just opened, so the
    first state is the cards' first tab (reveal() cannot set "Chart" on the map card, whose first tab
    is "Map"); each later state is one rerun of the cached page.
    """
    reveal(at)
    yield CARD_TABS[0]
    for tab in CARD_TABS[1:]:
        reveal(at, tab=tab)
        yield tab
