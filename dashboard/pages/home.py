"""The home page."""

import streamlit as st

st.title("Home")
st.write("This page is being built.")
