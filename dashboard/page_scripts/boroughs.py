"""The script Streamlit runs for /boroughs on every view: it only calls the page's module (see dashboard/page_scripts)."""

from dashboard.views import boroughs

boroughs.render()
