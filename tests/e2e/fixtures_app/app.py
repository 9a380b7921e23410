"""A tiny throwaway Streamlit app for the e2e harness's own tests (not the dashboard).

Pages: "/" (text and widgets), "/second", "/escape" (quick exit with Escape
turned on) and "/boom" (raises, to prove the harness reports exceptions).
Every page gets the quick exit, as the real app's pages will.
"""

import streamlit as st

from dashboard.components.quick_exit import QUICK_EXIT_EXPLANATION, render_quick_exit

# The same frame as dashboard/app.py: wide layout, navigation in the top bar.
st.set_page_config(page_title="Harness fixture", layout="wide", initial_sidebar_state="collapsed")
render_quick_exit()


def home() -> None:
    st.title("Harness fixture home")
    st.write("Fixture marker: the harness opened this page.")
    st.markdown("[Second page by a plain link](/second)")
    st.markdown(QUICK_EXIT_EXPLANATION)
    choice = st.selectbox("Pick a borough", ["Camden", "Hackney", "Lambeth"])
    st.write(f"You picked {choice}.")
    if st.button("Say hello"):
        st.write("Hello from a rerun.")
    for number in range(1, 31):
        st.write(f"Filler paragraph {number} so the page scrolls.")


def second() -> None:
    st.title("Second page")
    st.write("Fixture marker: second page.")


def escape() -> None:
    render_quick_exit(escape_key=True)
    st.title("Escape page")
    st.write("Escape leaves this page.")
    st.selectbox("A menu that Escape should close first", ["One", "Two"])


def boom() -> None:
    st.title("Boom")
    raise RuntimeError("deliberate fixture failure")


st.navigation(
    [
        st.Page(home, title="Home", default=True),
        st.Page(second, title="Second", url_path="second"),
        st.Page(escape, title="Escape", url_path="escape"),
        st.Page(boom, title="Boom", url_path="boom"),
    ],
    position="top",
).run()
