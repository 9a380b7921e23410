"""The script Streamlit runs for /trends on every view: it only calls the page's module (see dashboard/page_scripts)."""

from dashboard.views import trends

trends.render()
