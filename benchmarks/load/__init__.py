"""The load benchmark (`python -m benchmarks.load`, `make bench-load`): Locust users that speak Streamlit's websocket protocol."""
