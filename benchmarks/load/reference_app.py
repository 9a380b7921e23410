"""The bare reference page for the per-view benchmark: one plotly chart and one dataframe, nothing else.

Served the same way as the dashboard (`python -m serve --app benchmarks/load/reference_app.py`),
it is the yardstick each dashboard page's server time is divided by: the page issue 10 measured
its ratios against (two years of monthly counts, drawn as one line and shown as a table), built
on every run as a page without caching would.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

frame = pd.DataFrame(
    {"month": pd.date_range("2022-01-01", periods=24, freq="MS"), "offences": np.arange(24) * 10 + 500}
)
st.plotly_chart(go.Figure(go.Scatter(x=frame["month"], y=frame["offences"])))
st.dataframe(frame)
