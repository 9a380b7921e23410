"""Ingest: read the publishers' files exactly as released and build the one DuckDB store."""
