"""A PrebuiltDeck reaches the browser exactly as the Deck it was made from: same JSON, tooltip, everything."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def draw_both() -> None:
    import pandas as pd
    import pydeck as pdk
    import streamlit as st

    from dashboard.charts.prebuilt_deck import PrebuiltDeck

    def deck() -> pdk.Deck:
        points = pd.DataFrame({"lon": [-0.12, -0.1], "lat": [51.5, 51.51], "name": ["A", "B"]})
        layer = pdk.Layer(
            "ScatterplotLayer", data=points, id="points", get_position=["lon", "lat"], get_radius=50, pickable=True
        )
        return pdk.Deck(
            layers=[layer],
            initial_view_state=pdk.ViewState(longitude=-0.11, latitude=51.5, zoom=11),
            map_provider=None,
            map_style="__MAP_STYLE__",
            tooltip={"html": "<b>{name}</b>", "style": {"color": "#0B0C0C"}},
        )

    st.pydeck_chart(deck(), height=400, key="live", alt="Two points")
    st.pydeck_chart(PrebuiltDeck(deck()), height=400, key="live", alt="Two points")


def test_prebuilt_deck_sends_the_same_element_as_the_deck():
    at = AppTest.from_function(draw_both).run()
    assert not at.exception, [e.value for e in at.exception]
    live, prebuilt = (e.proto for e in at.get("deck_gl_json_chart"))
    assert prebuilt.json == live.json and '"ScatterplotLayer"' in live.json
    assert prebuilt.tooltip == live.tooltip and "{name}" in live.tooltip
    assert prebuilt.SerializeToString(deterministic=True) == live.SerializeToString(deterministic=True)
