"""Tables derived at ingest from the base tables, so no page view does heavy work.

Each step takes the connection to the store being built and creates its tables with SQL over
tables already there; steps run in order.
"""

from __future__ import annotations

import duckdb

from dashboard.ingest import derive_hotspots, derive_shelters
from dashboard.ingest.normalise import london_boroughs


def boroughs(con: duckdb.DuckDBPyConnection) -> None:
    """The 33 London boroughs with their names, inner/outer flag and boundary (if a boundary file was read)."""
    rows = [(code, name, inner) for code, name, inner in london_boroughs().values()]
    con.execute(
        "CREATE TABLE boroughs (borough_code VARCHAR PRIMARY KEY, borough_name VARCHAR NOT NULL, "
        "is_inner_london BOOLEAN NOT NULL, boundary_geojson VARCHAR)"
    )
    con.executemany("INSERT INTO boroughs (borough_code, borough_name, is_inner_london) VALUES (?, ?, ?)", rows)
    con.execute(
        "UPDATE boroughs SET boundary_geojson = b.boundary_geojson FROM borough_boundaries b "
        "WHERE b.borough_code = boroughs.borough_code"
    )


STEPS = [boroughs, derive_hotspots.build, derive_shelters.build]


def run_all(con: duckdb.DuckDBPyConnection) -> None:
    for step in STEPS:
        step(con)
