"""A pydeck Deck serialised once, so a cached page view does not re-serialise its map on every view.

st.pydeck_chart calls `deck.to_json()` on every call, which walks every layer's records through
pydeck's JSON encoder (for the bus-shelter map, about a megabyte of borough outlines). What it
reads from the deck is only `to_json()`, the tooltip (`deck_widget.tooltip` or `_tooltip`), the
`mapbox_key` and, to convert DataFrames under pandas 3, `layers`. `PrebuiltDeck` answers the first
three with what the real deck gave at build time and has no `layers`, so Streamlit sends exactly
the same JSON and tooltip to the browser. (Nothing is lost by skipping that conversion: a pydeck
Layer already turns a DataFrame into records when it is given one.)
"""

from __future__ import annotations

import pydeck as pdk


class PrebuiltDeck:
    """Stands in for a `pydeck.Deck` in st.pydeck_chart: its JSON, tooltip and token, fixed at build time."""

    def __init__(self, deck: pdk.Deck) -> None:
        self._json = deck.to_json()
        widget = getattr(deck, "deck_widget", None)  # only with pydeck's Jupyter extra installed
        tooltip = widget.tooltip if widget is not None and isinstance(widget.tooltip, dict) else deck._tooltip
        self._tooltip = tooltip if isinstance(tooltip, dict) else None
        self.mapbox_key = getattr(deck, "mapbox_key", None)

    def to_json(self) -> str:
        return self._json
