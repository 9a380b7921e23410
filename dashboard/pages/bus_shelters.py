"""The bus_shelters page."""

import streamlit as st

st.title("Bus_shelters")
st.write("This page is being built.")
