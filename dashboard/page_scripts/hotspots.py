"""The script Streamlit runs for /hotspots on every view: it only calls the page's module (see dashboard/page_scripts)."""

from dashboard.views import hotspots

hotspots.render()
