"""Figures computed for pages: frames from the data module in, protected frames and headline figures out. No Streamlit."""
