"""The about page."""

import streamlit as st

st.title("About")
st.write("This page is being built.")
