"""Ingest-time tables for the shelters page (filled in by its page work)."""

from __future__ import annotations

import duckdb


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Create the precomputed shelters tables from the base tables already in the store."""
