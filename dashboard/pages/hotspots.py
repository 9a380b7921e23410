"""The hotspots page."""

import streamlit as st

st.title("Hotspots")
st.write("This page is being built.")
