"""The hotspots derive step on a tiny in-memory store: what it writes, what it never writes, and its months.

The statistics themselves are checked in tests/unit/test_hotspots.py and, on the real points, in
tests/integration/test_hotspots_store_real.py.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import h3
import numpy as np
import pandas as pd
import pytest

from dashboard.disclosure import MIN_MAP_CELL_COUNT
from dashboard.ingest import derive_hotspots as dh
from dashboard.ingest.schema import TABLES

VIOLENCE = "Violence and sexual offences"
MET = "Metropolitan Police Service"
CITY = "City of London Police"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-0.11, 51.50], [-0.07, 51.50], [-0.07, 51.53], [-0.11, 51.53], [-0.11, 51.50]]],
}


def month(i: int) -> dt.date:
    return dt.date(2024 + (i - 1) // 12, (i - 1) % 12 + 1, 1)


def store(rows: list[dict]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("street_crime", "datasets"):
        con.execute(f"CREATE TABLE {name} ({TABLES[name]})")
    con.execute(
        "CREATE TABLE boroughs (borough_code VARCHAR, borough_name VARCHAR, is_inner_london BOOLEAN, "
        "boundary_geojson VARCHAR)"
    )
    con.execute(
        "INSERT INTO boroughs VALUES ('E09000001', 'City of London', true, ?), ('E09000007', 'Camden', true, NULL)",
        [json.dumps(SQUARE)],
    )
    con.execute(
        "INSERT INTO datasets (dataset_id, dataset, title, file_name, file_path, sha256, rows, is_sample, "
        "publisher, licence, url, ingested_at) VALUES (1, 'police_uk_street', 't', 'f', 'p', 's', 0, true, "
        "'x', 'x', 'x', now())"
    )
    if rows:
        frame = pd.DataFrame(rows)
        for column in ("crime_id", "lsoa_code", "lsoa_name", "borough_code", "outcome"):
            frame[column] = None
        frame["dataset_id"] = 1
        con.register("incoming", frame)
        con.execute("INSERT INTO street_crime BY NAME SELECT * FROM incoming")
        con.unregister("incoming")
    return con


def points(
    n: int,
    lat: float,
    lon: float,
    m: int,
    *,
    force: str = MET,
    crime: str = VIOLENCE,
    borough: str = "City of London",
    place: str = "On or near Cheapside",
) -> list[dict]:
    return [
        {
            "month": month(m),
            "force": force,
            "crime_type": crime,
            "longitude": lon,
            "latitude": lat,
            "location": place,
            "borough_name": borough,
        }
        for _ in range(n)
    ]


@pytest.fixture()
def busy_and_quiet() -> duckdb.DuckDBPyConnection:
    """One busy place every month, a few quiet places with 1-4 offences in all."""
    rows = []
    for m in range(1, 13):
        rows += points(20, 51.5136, -0.0984, m)
    for k, n in enumerate((1, 2, 3, 4)):
        rows += points(n, 51.45 + 0.02 * k, -0.30, 6, borough="Camden", place=f"On or near Quiet {k}")
    return store(rows)


def test_nothing_under_the_threshold_is_written(busy_and_quiet):
    dh.build(busy_and_quiet)
    cells = busy_and_quiet.execute("SELECT * FROM hotspot_cells").df()
    assert len(cells) and cells["offences"].min() >= MIN_MAP_CELL_COUNT
    quiet = {h3.latlng_to_cell(51.45 + 0.02 * k, -0.30, r) for k in range(4) for r in (7, 8, 9)}
    assert not quiet & set(cells["cell"])
    assert not busy_and_quiet.execute(
        "SELECT count(*) FROM hotspot_cells WHERE top_location LIKE '%Quiet%'"
    ).fetchone()[0]
    tables = {t for (t,) in busy_and_quiet.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "hotspot_cell_months" not in tables  # per-cell monthly counts are never stored


def test_summary_counts_what_was_shown_and_hidden(busy_and_quiet):
    dh.build(busy_and_quiet)
    summary = busy_and_quiet.execute("SELECT * FROM hotspot_summary").df()
    cells = busy_and_quiet.execute(
        "SELECT period, resolution, count(*) AS n, "
        "count(*) FILTER (WHERE confidence_bin > 0) AS hot "
        "FROM hotspot_cells GROUP BY ALL"
    ).df()
    merged = summary.merge(cells, on=["period", "resolution"], how="left").fillna({"n": 0, "hot": 0})
    assert (merged["cells_shown"] == merged["n"]).all() and (merged["hot_cells_shown"] == merged["hot"]).all()
    assert (merged["cells_with_offences"] > merged["cells_shown"]).all()  # the quiet ones were hidden
    assert (summary["min_cell_count"] == MIN_MAP_CELL_COUNT).all()
    assert summary["is_sample"].all() and (summary["forces"] == MET).all()
    assert set(summary["period"]) == {"all", "last_12"} and set(summary["resolution"]) == {7, 8, 9}


def test_months_are_those_loaded_for_every_force():
    rows = []
    for m in range(1, 7):  # the Met: months 1-6
        rows += points(6, 51.52, -0.12, m)
    for m in range(3, 9):  # the City: months 3-8
        rows += points(6, 51.5136, -0.0984, m, force=CITY)
    con = store(rows)
    forces, months, left_out = dh.analysis_months(con, VIOLENCE)
    assert forces == [CITY, MET] and months == [month(m) for m in range(3, 7)] and left_out == 4
    dh.build(con)
    row = con.execute(
        "SELECT months, months_left_out, points, forces FROM hotspot_summary WHERE period = 'all' AND resolution = 8"
    ).fetchone()
    assert row == (4, 4, 48, f"{CITY}; {MET}")


def test_a_month_with_no_violence_is_a_zero_not_a_gap():
    rows = []
    for m in range(1, 5):
        rows += points(10, 51.5136, -0.0984, m)
    rows += points(3, 51.52, -0.12, 5, crime="Burglary")  # month 5 loaded, no violence in it
    con = store(rows)
    dh.build(con)
    months, hot = con.execute(
        "SELECT months, months_hot FROM hotspot_cells WHERE period = 'all' AND resolution = 8 "
        "ORDER BY offences DESC LIMIT 1"
    ).fetchone()
    assert months == 5 and hot <= 4


def test_points_outside_london_and_without_coordinates_are_counted_not_mapped():
    rows = points(10, 51.5136, -0.0984, 1) + points(7, 52.48, -1.90, 1) + points(2, np.nan, np.nan, 1)
    con = store(rows)
    dh.build(con)
    row = con.execute(
        "SELECT points, points_outside_extent, points_no_coordinates FROM hotspot_summary "
        "WHERE period = 'all' AND resolution = 8"
    ).fetchone()
    assert row == (10, 7, 2)
    birmingham = h3.latlng_to_cell(52.48, -1.90, 8)
    assert not con.execute("SELECT count(*) FROM hotspot_cells WHERE cell = ?", [birmingham]).fetchone()[0]


def test_coverage_follows_the_force_that_polices_each_borough():
    con = store(points(10, 51.5136, -0.0984, 1, force=CITY))
    dh.build(con)
    coverage = dict(con.execute("SELECT borough_name, has_point_data FROM hotspot_boroughs").fetchall())
    assert coverage == {"City of London": True, "Camden": False}
    forces = dict(con.execute("SELECT borough_name, policing_force FROM hotspot_boroughs").fetchall())
    assert forces == {"City of London": CITY, "Camden": MET}


def test_no_points_gives_empty_tables_and_outlines():
    con = store([])
    dh.build(con)
    assert con.execute("SELECT count(*) FROM hotspot_cells").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM hotspot_summary").fetchone()[0] == 0
    outline, has_points = con.execute(
        "SELECT outline_json, has_point_data FROM hotspot_boroughs WHERE borough_name = 'City of London'"
    ).fetchone()
    assert json.loads(outline) and not has_points


def test_other_crime_types_on_request():
    rows = []
    for m in range(1, 4):
        rows += points(8, 51.5136, -0.0984, m, crime="Burglary")
    con = store(rows)
    dh.build(con, crime_types=("Burglary",))
    assert set(con.execute("SELECT DISTINCT crime_type FROM hotspot_cells").fetchall()) == {("Burglary",)}


def test_the_derive_step_is_the_one_place_small_cells_are_dropped(busy_and_quiet):
    """tables_for drops them; write stores what it is handed (the queries and map rely on tables_for)."""
    out = dh.tables_for(busy_and_quiet, VIOLENCE)
    assert len(out["hotspot_cells"]) and out["hotspot_cells"]["offences"].min() >= MIN_MAP_CELL_COUNT
    dh.build(busy_and_quiet)
    stored = busy_and_quiet.execute("SELECT count(*), min(offences) FROM hotspot_cells").fetchone()
    assert stored == (len(out["hotspot_cells"]), out["hotspot_cells"]["offences"].min())


def test_outlines_are_simplified_and_labelled_inside():
    angles = np.linspace(0, 2 * np.pi, 2001)
    circle = np.c_[-0.1 + 0.05 * np.cos(angles), 51.5 + 0.03 * np.sin(angles)]
    circle[-1] = circle[0]
    rings, (lon, lat) = dh.simplified_rings({"type": "Polygon", "coordinates": [circle.tolist()]}, 0.0002)
    assert len(rings) == 1 and 10 < len(rings[0]) < 200
    assert abs(lon + 0.1) < 1e-3 and abs(lat - 51.5) < 1e-3
    multi = {
        "type": "MultiPolygon",
        "coordinates": [SQUARE["coordinates"], [[[0, 51], [0.001, 51], [0.001, 51.001], [0, 51]]]],
    }
    rings, (lon, lat) = dh.simplified_rings(multi, 0.0002)
    assert len(rings) == 2 and abs(lon + 0.09) < 1e-9 and abs(lat - 51.515) < 1e-9  # the larger part's centre
