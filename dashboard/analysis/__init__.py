"""Evaluation maths for the dashboard: pure functions run at ingest, no Streamlit and no DuckDB."""
