"""The script Streamlit runs for /about on every view: it only calls the page's module (see dashboard/page_scripts)."""

from dashboard.views import about

about.render()
