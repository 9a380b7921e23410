"""The homicide page."""

import streamlit as st

st.title("Homicide")
st.write("This page is being built.")
