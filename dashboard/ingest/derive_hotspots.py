"""Ingest-time tables for the hotspots page: police.uk points -> H3 cells, Gi*, FDR bins, emerging classes.

Reads the base tables `street_crime`, `boroughs` and `datasets`, runs
`dashboard.analysis.hotspots.hotspot_tables` once per crime type and writes what the page reads:

| table | grain |
|---|---|
| hotspot_cells | crime type x period x H3 resolution x hexagon with at least MIN_MAP_CELL_COUNT offences |
| hotspot_summary | crime type x period x H3 resolution: what was analysed, left out and hidden |
| hotspot_boroughs | crime type x London borough: policing force, whether its points are loaded, simplified outline |

Choices, and why:

* **Disclosure before writing, in one place.** Gi* is computed on every cell of the study area
  (including the zero ring: the statistic needs them), then `tables_for` applies
  `disclosure.drop_small_map_cells` once, removing every cell with fewer than MIN_MAP_CELL_COUNT
  offences BEFORE the table is written. A hidden cell's id, count, place name and statistics never
  enter the store, so no query can send them to a browser: the queries, the page and the map
  builder rely on that and do not filter again (tests assert the store holds no such cell).
  The summary keeps only aggregates (how many cells, and how many hot spots, were hidden).
  The per-cell monthly counts (`hotspot_cell_months`) are not written: they are mostly 1s and 2s
  at a known place, and the page does not need them (the monthly series lives on in each cell's
  months_hot / trend / pattern).
* **Which points.** Every force that has rows of the crime type. Months are the ones loaded for
  EVERY such force (a month in which one force's file is missing would otherwise count its whole
  area as zero and make false cold and hot spots); months loaded for only some of them are left
  out and counted (`months_left_out`). Rows of other crime types only tell which months are loaded.
* **Where.** Points outside `LONDON_EXTENT` (the City of London Police files hold a few geocoded to
  Wales and the Midlands) are left out and counted, as are points with no coordinates.
* **Which crime types.** `build(con)` analyses 'Violence and sexual offences' only: that is what
  the page shows. `build(con, crime_types=(...))` analyses others into the same tables (with a
  `crime_type` column); the tests use it to check the Met's burglary points, which stand in for the
  Met's scale and geometry because the real extracts hold no Met violence points.
* **Coverage.** A borough "has point data" when the force that polices it (City of London Police
  for the City, the Met for the other 32) has points of the crime type in the analysis. Hexagons
  near a force boundary can hold the neighbouring force's points; the page says so rather than
  presenting them as the borough's picture.
"""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from dashboard.analysis import hotspots as hs
from dashboard.disclosure import MIN_MAP_CELL_COUNT, drop_small_map_cells
from dashboard.geometry import douglas_peucker

CRIME_TYPES: tuple[str, ...] = (hs.DEFAULT_CRIME_TYPE,)
PERIOD_MONTHS = hs.DEFAULT_PERIOD_MONTHS
EXTENT = hs.LONDON_EXTENT
CITY_OF_LONDON = "E09000001"
FORCE_OF_CITY = "City of London Police"
FORCE_OF_REST = "Metropolitan Police Service"
#: Douglas–Peucker tolerance for borough outlines, in degrees (about 15-20 m): the outlines are
#: context under hexagons of 170 m or more across, and the full GLA file is 2 MB of vertices.
OUTLINE_TOLERANCE = 0.0002
#: A marker row per loaded month, so hotspot_tables sees the months without reading every row.
_MONTH_MARKER = "(loaded month)"

TABLES: dict[str, list[tuple[str, str]]] = {
    "hotspot_cells": [
        ("crime_type", "VARCHAR"),
        ("period", "VARCHAR"),
        ("resolution", "INTEGER"),
        ("cell", "VARCHAR"),
        ("period_start", "DATE"),
        ("period_end", "DATE"),
        ("offences", "INTEGER"),
        ("gi_z", "DOUBLE"),
        ("gi_p", "DOUBLE"),
        ("gi_p_fdr", "DOUBLE"),
        ("confidence_bin", "INTEGER"),
        ("confidence_label", "VARCHAR"),
        ("trend_z", "DOUBLE"),
        ("trend_p", "DOUBLE"),
        ("pattern", "VARCHAR"),
        ("months", "INTEGER"),
        ("months_hot", "INTEGER"),
        ("months_cold", "INTEGER"),
        ("borough_code", "VARCHAR"),
        ("borough_name", "VARCHAR"),
        ("top_location", "VARCHAR"),
        ("cell_lon", "DOUBLE"),
        ("cell_lat", "DOUBLE"),
    ],
    "hotspot_summary": [
        ("crime_type", "VARCHAR"),
        ("period", "VARCHAR"),
        ("resolution", "INTEGER"),
        ("period_start", "DATE"),
        ("period_end", "DATE"),
        ("months", "INTEGER"),
        ("points", "BIGINT"),
        ("points_no_coordinates", "BIGINT"),
        ("points_outside_extent", "BIGINT"),
        ("cells_with_offences", "INTEGER"),
        ("study_cells", "INTEGER"),
        ("hot_cells", "INTEGER"),
        ("cold_cells", "INTEGER"),
        ("cells_shown", "INTEGER"),
        ("hot_cells_shown", "INTEGER"),
        ("cold_cells_shown", "INTEGER"),
        ("min_cell_count", "INTEGER"),
        ("alpha", "DOUBLE"),
        ("trend_alpha", "DOUBLE"),
        ("forces", "VARCHAR"),
        ("months_left_out", "INTEGER"),
        ("is_sample", "BOOLEAN"),
    ],
    "hotspot_boroughs": [
        ("crime_type", "VARCHAR"),
        ("borough_code", "VARCHAR"),
        ("borough_name", "VARCHAR"),
        ("policing_force", "VARCHAR"),
        ("has_point_data", "BOOLEAN"),
        ("outline_json", "VARCHAR"),
        ("label_lon", "DOUBLE"),
        ("label_lat", "DOUBLE"),
    ],
}


def build(con: duckdb.DuckDBPyConnection, crime_types: tuple[str, ...] = CRIME_TYPES) -> None:
    """Create the precomputed hotspots tables from the base tables already in the store."""
    cells, summaries, boroughs = [], [], []
    outlines = borough_outlines(con)
    for crime_type in crime_types:
        tables = tables_for(con, crime_type)
        cells.append(tables["hotspot_cells"])
        summaries.append(tables["hotspot_summary"])
        boroughs.append(
            outlines.assign(crime_type=crime_type, has_point_data=outlines["policing_force"].isin(tables["forces"]))
        )
    write(con, "hotspot_cells", pd.concat(cells, ignore_index=True) if cells else None)
    write(con, "hotspot_summary", pd.concat(summaries, ignore_index=True) if summaries else None)
    write(con, "hotspot_boroughs", pd.concat(boroughs, ignore_index=True) if boroughs else None)


# --------------------------------------------------------------------------------------------
# Points -> tables
# --------------------------------------------------------------------------------------------


def analysis_months(con: duckdb.DuckDBPyConnection, crime_type: str) -> tuple[list[str], list, int]:
    """(forces with this crime type, months loaded for every one of them, months left out)."""
    rows = con.execute(
        "SELECT force, list(DISTINCT month ORDER BY month) FROM street_crime "
        "WHERE force IN (SELECT DISTINCT force FROM street_crime WHERE crime_type = $t) "
        "GROUP BY force ORDER BY force",
        {"t": crime_type},
    ).fetchall()
    if not rows:
        return [], [], 0
    forces = [force for force, _ in rows]
    month_sets = [set(months) for _, months in rows]
    common = sorted(set.intersection(*month_sets))
    left_out = len(set.union(*month_sets)) - len(common)
    return forces, common, left_out


def points_for(con: duckdb.DuckDBPyConnection, crime_type: str, forces: list[str], months: list) -> pd.DataFrame:
    """The crime type's points from those forces in those months, plus one marker row per month."""
    points = con.execute(
        "SELECT month, longitude, latitude, crime_type, location, borough_name FROM street_crime "
        "WHERE crime_type = $t AND list_contains($forces, force) AND list_contains($months, month)",
        {"t": crime_type, "forces": forces, "months": months},
    ).df()
    markers = pd.DataFrame(
        {
            "month": pd.to_datetime(pd.Series(months, dtype=object)),
            "longitude": np.nan,
            "latitude": np.nan,
            "crime_type": _MONTH_MARKER,
            "location": None,
            "borough_name": None,
        }
    )
    points["month"] = pd.to_datetime(points["month"])
    return pd.concat([points, markers], ignore_index=True)


def tables_for(con: duckdb.DuckDBPyConnection, crime_type: str, resolutions: tuple[int, ...] = hs.RESOLUTIONS) -> dict:
    """hotspot_cells and hotspot_summary rows for one crime type, already disclosure-controlled.

    Returns {'hotspot_cells': frame, 'hotspot_summary': frame, 'forces': [force, ...]}.
    """
    forces, months, left_out = analysis_months(con, crime_type)
    empty = {"hotspot_cells": _empty("hotspot_cells"), "hotspot_summary": _empty("hotspot_summary"), "forces": forces}
    if not months:
        return empty
    points = points_for(con, crime_type, forces, months)
    out = hs.hotspot_tables(
        points, crime_type=crime_type, resolutions=resolutions, period_months=PERIOD_MONTHS, extent=EXTENT
    )
    all_cells = out["hotspot_cells"]
    shown = drop_small_map_cells(all_cells, "offences") if len(all_cells) else all_cells
    shown = shown.drop(columns=["boundary"], errors="ignore").assign(crime_type=crime_type)
    shown["borough_code"] = shown["borough_name"].map(_borough_codes(con))

    summary = out["hotspot_summary"].copy()
    keys = ["period", "resolution"]
    counts = shown.groupby(keys).agg(
        cells_shown=("cell", "size"),
        hot_cells_shown=("confidence_bin", lambda b: int((b > 0).sum())),
        cold_cells_shown=("confidence_bin", lambda b: int((b < 0).sum())),
    )
    summary = summary.merge(counts.reset_index(), on=keys, how="left")
    for column in ("cells_shown", "hot_cells_shown", "cold_cells_shown"):
        summary[column] = summary[column].fillna(0).astype(int)
    summary = summary.assign(
        min_cell_count=MIN_MAP_CELL_COUNT,
        forces="; ".join(forces),
        months_left_out=left_out,
        is_sample=_is_sample(con, crime_type, forces),
    )
    return {"hotspot_cells": shown, "hotspot_summary": summary, "forces": forces}


def _borough_codes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT borough_name, borough_code FROM boroughs").fetchall())


def _is_sample(con: duckdb.DuckDBPyConnection, crime_type: str, forces: list[str]) -> bool:
    row = con.execute(
        "SELECT coalesce(bool_or(d.is_sample), false) FROM datasets d WHERE d.dataset_id IN "
        "(SELECT DISTINCT dataset_id FROM street_crime WHERE crime_type = $t AND list_contains($f, force))",
        {"t": crime_type, "f": forces},
    ).fetchone()
    return bool(row[0])


# --------------------------------------------------------------------------------------------
# Borough outlines (context for a map with no basemap)
# --------------------------------------------------------------------------------------------


def policing_force(borough_code: str) -> str:
    return FORCE_OF_CITY if borough_code == CITY_OF_LONDON else FORCE_OF_REST


def borough_outlines(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per borough: code, name, policing force, simplified rings as JSON, a label point."""
    rows = con.execute(
        "SELECT borough_code, borough_name, boundary_geojson FROM boroughs ORDER BY borough_code"
    ).fetchall()
    records = []
    for code, name, geojson in rows:
        rings, label = [], (None, None)
        if geojson:
            rings, label = simplified_rings(json.loads(geojson), OUTLINE_TOLERANCE)
        records.append(
            {
                "borough_code": code,
                "borough_name": name,
                "policing_force": policing_force(code),
                "outline_json": json.dumps(rings, separators=(",", ":")) if rings else None,
                "label_lon": label[0],
                "label_lat": label[1],
            }
        )
    return pd.DataFrame(
        records, columns=["borough_code", "borough_name", "policing_force", "outline_json", "label_lon", "label_lat"]
    )


def simplified_rings(geometry: dict, tolerance: float) -> tuple[list, tuple[float | None, float | None]]:
    """Every ring (outer and holes) of a Polygon/MultiPolygon, Douglas–Peucker simplified and rounded
    to 5 decimals (about 1 m), and the area-weighted centroid of the largest outer ring as a label point."""
    kind = geometry.get("type")
    polygons = geometry["coordinates"] if kind == "MultiPolygon" else [geometry["coordinates"]]
    rings, best, best_area = [], None, -1.0
    for polygon in polygons:
        for position, ring in enumerate(polygon):
            points = np.asarray(ring, dtype=float)[:, :2]
            if len(points) < 4:
                continue
            kept = points[douglas_peucker(points, tolerance)]
            if len(kept) >= 4:
                rings.append(np.round(kept, 5).tolist())
            if position == 0:
                area, centre = _ring_centroid(points)
                if area > best_area:
                    best, best_area = centre, area
    return rings, (best if best is not None else (None, None))


def _ring_centroid(points: np.ndarray) -> tuple[float, tuple[float, float]]:
    x, y = points[:, 0], points[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if area == 0:
        return 0.0, (float(x.mean()), float(y.mean()))
    cx = ((x[:-1] + x[1:]) * cross).sum() / (6 * area)
    cy = ((y[:-1] + y[1:]) * cross).sum() / (6 * area)
    return abs(float(area)), (float(cx), float(cy))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c, _ in TABLES[name]})


def write(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame | None) -> None:
    """Create `name` with its documented columns and insert `frame` (which may be empty or None)."""
    columns = TABLES[name]
    ddl = ", ".join(f'"{c}" {t}' for c, t in columns)
    con.execute(f"CREATE TABLE {name} ({ddl})")  # names and types are constants of this module, never input
    if frame is None or frame.empty:
        return
    data = frame.reindex(columns=[c for c, _ in columns]).astype(object)
    data = data.where(pd.notna(data), None)
    con.register("hotspot_incoming", data)
    names = ", ".join(f'"{c}"' for c, _ in columns)
    casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns)
    con.execute(f"INSERT INTO {name} ({names}) SELECT {casts} FROM hotspot_incoming")
    con.unregister("hotspot_incoming")
