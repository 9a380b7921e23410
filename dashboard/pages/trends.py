"""The trends page."""

import streamlit as st

st.title("Trends")
st.write("This page is being built.")
