"""Tooling beside the app (the sample generator); the app never imports it."""
