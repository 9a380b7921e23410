"""The script Streamlit runs for /homicide on every view: it only calls the page's module (see dashboard/page_scripts)."""

from dashboard.views import homicide

homicide.render()
