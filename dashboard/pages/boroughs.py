"""The boroughs page."""

import streamlit as st

st.title("Boroughs")
st.write("This page is being built.")
