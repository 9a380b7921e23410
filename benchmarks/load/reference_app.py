"""The bare reference page for the per-view benchmark: one plotly chart and one dataframe, nothing else.

Served the same way as the dashboard (`python -m serve --app benchmarks/load/reference_app.py`),
it is the yardstick each dashboard page's server time is divided by. It builds a frame the size
of a typical dashboard chart (five series over ten years of months) on every run, as a page
without caching would, and draws it with plotly graph objects and st.dataframe.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

SERIES = ["Violence against the person", "Sexual offences", "Stalking", "Harassment", "Domestic abuse"]
MONTHS = pd.date_range("2015-01-01", periods=120, freq="MS")


def monthly_counts() -> pd.DataFrame:
    """Five made-up monthly series, the same on every run."""
    rng = np.random.default_rng(2024)
    frames = [
        pd.DataFrame({"month": MONTHS, "series": name, "count": rng.poisson(400 + 150 * i, len(MONTHS))})
        for i, name in enumerate(SERIES)
    ]
    return pd.concat(frames, ignore_index=True)


frame = monthly_counts()
figure = go.Figure(
    [
        go.Scatter(x=group["month"], y=group["count"], mode="lines", name=name)
        for name, group in frame.groupby("series", sort=False)
    ]
)
figure.update_layout(title="Offences by month (made-up figures)", yaxis_title="Offences")
st.plotly_chart(figure)
st.dataframe(frame, hide_index=True)
