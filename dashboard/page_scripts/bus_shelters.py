"""The script Streamlit runs for /bus-shelters on every view: it only calls the page's module (see dashboard/page_scripts)."""

from dashboard.views import bus_shelters

bus_shelters.render()
