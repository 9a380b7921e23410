"""Entry point: `streamlit run dashboard/app.py`. The frame around every page, and the page router."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts dashboard/ on the path, not the project root; the package needs the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import layout  # noqa: E402
from dashboard.bootstrap import ensure_store  # noqa: E402
from dashboard.catalog import DASHBOARD_TITLE  # noqa: E402
from dashboard.components.quick_exit import render_quick_exit  # noqa: E402

# No page_icon: a Material icon favicon is fetched from a font CDN, and the dashboard makes no outside requests.
st.set_page_config(page_title=DASHBOARD_TITLE, layout="wide", initial_sidebar_state="collapsed")
render_quick_exit()

try:
    from dashboard.paths import store_path

    if not store_path().exists():
        with st.status("Building the data store from the bundled sample (first start only)…", expanded=True) as status:
            ensure_store(progress=status.write)
            status.update(label="Data store ready", state="complete", expanded=False)
except Exception as error:  # a first-start failure must explain itself, not show a traceback
    st.error(f"The data store could not be built: {error}")
    st.stop()

PAGES = [
    st.Page("views/home.py", title="Home", url_path="home", default=True),
    st.Page("views/trends.py", title="VAWG trends", url_path="trends"),
    st.Page("views/boroughs.py", title="Boroughs", url_path="boroughs"),
    st.Page("views/homicide.py", title="Female homicide", url_path="homicide"),
    st.Page("views/hotspots.py", title="Hotspots", url_path="hotspots"),
    st.Page("views/bus_shelters.py", title="Bus-shelter CCTV pilot", url_path="bus-shelters"),
    st.Page("views/about.py", title="About the data", url_path="about"),
]

page = st.navigation(PAGES, position="top")
layout.sample_banner()
page.run()
layout.footer()
