"""Entry point: `streamlit run dashboard/app.py`. The frame around every page, and the page router.

Streamlit runs this file on every page view, so everything in it is paid by every view: what can be
worked out once is (the quick exit's HTML, the page list, the sample banner, in their modules).
"""

from __future__ import annotations

import sys

# `streamlit run` puts dashboard/ on the path, not the project root; the package needs the root.
# Only once per process: this file runs on every view, and each insert would lengthen sys.path.
if "dashboard" not in sys.modules:
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard.components import layout  # noqa: E402
from dashboard.components.admission import view_slot  # noqa: E402
from dashboard.components.quick_exit import render_quick_exit  # noqa: E402
from dashboard.components.release_pin import resolve as resolve_release  # noqa: E402
from dashboard.components.release_pin import show_note as show_release_note  # noqa: E402
from dashboard.components.release_pin import showing  # noqa: E402
from dashboard.ingest.bootstrap import ensure_store  # noqa: E402
from dashboard.paths import store_path  # noqa: E402
from dashboard.words.catalog import DASHBOARD_TITLE  # noqa: E402

# No page_icon: a Material icon favicon is fetched from a font CDN, and the dashboard makes no outside requests.
st.set_page_config(page_title=DASHBOARD_TITLE, layout="wide", initial_sidebar_state="collapsed")
render_quick_exit()

try:
    if not store_path().exists():
        with st.status("Building the data store from the bundled sample (first start only)…", expanded=True) as status:
            ensure_store(progress=status.write)
            status.update(label="Data store ready", state="complete", expanded=False)
except Exception as error:  # a first-start failure must explain itself, not show a traceback
    st.error(f"The data store could not be built: {error}")
    st.stop()

page = st.navigation(layout.pages(), position="top")
with view_slot():
    # `?release=ID`, read once per run: this run's queries read that release and its links cite it.
    shown = resolve_release("/" + page.url_path)
    with showing(shown):
        layout.sample_banner()
        show_release_note(shown)
        page.run()
        layout.footer()
