"""The hotspot tables IN THE STORE equal an independent computation on the raw police.uk files.

Data: ../shared/data/police_uk_street (SOURCES.md §6; or $VAWG_SHARED_DATA): the 27 complete City of
London Police files and the 24 Met files filtered to Burglary. The store is the one a user builds
(`real_store`: the CLI on ../shared/data), so this checks the whole path: reader -> street_crime ->
derive step (forces, common months, London box, disclosure) -> hotspot_cells / hotspot_summary.

* City of London violence and sexual offences: what the page shows.
* Met burglary: the real extracts hold no Met violence points, so the Met's burglary points stand in
  for London-wide scale and geometry. The derive step is run on the real store's street_crime with
  crime_types=('Burglary',) into a scratch database.

The independent side reads the CSVs with plain pandas and h3's string API, and recomputes from
the documented definitions (dashboard/analysis/hotspots.py docstrings): the study area (cells with
an offence plus their ring-1 neighbours), Gi* with binary ring-1 weights, Benjamini-Hochberg per
family, monthly Gi* over the same area, Mann-Kendall on each cell's monthly z series (z rounded to
10 decimals so float noise is not a trend, continuity-corrected), and the emerging hot spot rules.
Every store value must match to 1e-6, and the store must hold exactly the cells with at least
MIN_MAP_CELL_COUNT offences.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import duckdb
import h3
import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.hotspots import LONDON_EXTENT
from dashboard.disclosure import MIN_MAP_CELL_COUNT
from dashboard.ingest import derive_hotspots
from tests.conftest import SHARED_DATA

DATA = SHARED_DATA / "police_uk_street"
VIOLENCE = "Violence and sexual offences"
# Greater London's box as the derive step documents it (min lon, min lat, max lon, max lat).
BOX = (-0.56, 51.25, 0.37, 51.72)
ALPHA = 0.05
RESOLUTIONS = (7, 8, 9)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not ((DATA / "city_of_london").is_dir() and (DATA / "metropolitan_burglary_only").is_dir()),
        reason=f"the real police.uk extracts are not at {DATA} (set VAWG_SHARED_DATA)",
    ),
]


# --------------------------------------------------------------------------------------------
# The raw files, read plainly
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    files = sorted((DATA / "city_of_london").glob("*.csv")) + sorted(
        (DATA / "metropolitan_burglary_only").glob("*.csv.gz")
    )
    assert len(files) == 27 + 24
    frame = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)
    return pd.DataFrame(
        {
            "month": frame["Month"],
            "force": frame["Falls within"],
            "crime_type": frame["Crime type"],
            "lon": frame["Longitude"],
            "lat": frame["Latitude"],
            "location": frame["Location"],
        }
    )


def month_minus(month: str, k: int) -> str:
    year, number = map(int, month.split("-"))
    total = year * 12 + number - 1 - k
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


# --------------------------------------------------------------------------------------------
# The independent computation
# --------------------------------------------------------------------------------------------


def gi_star_z(x: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    """Gi* z per row of x (n cells x T columns); neighbours: (n, 7) indices into x, n = 'no neighbour'."""
    n = x.shape[0]
    padded = np.vstack([x, np.zeros((1, x.shape[1]))])
    w = (neighbours < n).sum(axis=1).astype(float)[:, None]
    lag = padded[neighbours].sum(axis=1)
    mean = x.sum(axis=0) / n
    s = np.sqrt(np.maximum((x**2).sum(axis=0) / n - mean**2, 0))
    spread = np.sqrt(np.maximum((n * w - w**2) / (n - 1), 0))
    z = np.zeros_like(x)
    ok = (s[None, :] > 1e-12 * np.maximum(np.abs(mean), 1)[None, :]) & (spread > 0)
    z[ok] = ((lag - mean * w) / (s[None, :] * spread))[ok]
    return z


def two_sided_p(z: np.ndarray) -> np.ndarray:
    return np.vectorize(lambda v: math.erfc(abs(v) / math.sqrt(2)))(z)


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values of one family, by the step-up definition."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = np.empty(m)
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        q[i] = running
    return q


def mann_kendall_z(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.round(series, 10)
    _, t = x.shape
    s = np.zeros(x.shape[0])
    for i in range(t):
        for j in range(i + 1, t):
            s += np.sign(x[:, j] - x[:, i])
    tie_sizes = (x[:, :, None] == x[:, None, :]).sum(axis=2)  # per value: size of its tie group
    var = (t * (t - 1) * (2 * t + 5) - ((tie_sizes - 1) * (2 * tie_sizes + 5)).sum(axis=1)) / 18
    z = np.where(var > 0, (s - np.sign(s)) / np.sqrt(np.where(var > 0, var, 1)), 0.0)
    return z, two_sided_p(z)


def classify(hot: list[bool], cold: list[bool], trend_z: float, trend_p: float) -> str:
    """The documented emerging hot spot rules, in their documented order."""
    steps = len(hot)
    significant = trend_p <= ALPHA
    up, down = significant and trend_z > 0, significant and trend_z < 0
    for flags, name, rising, falling in ((hot, "hot", up, down), (cold, "cold", down, up)):
        if 10 * sum(flags) >= 9 * steps:
            if not flags[-1]:
                return f"historical {name} spot"
            return (
                f"intensifying {name} spot"
                if rising
                else f"diminishing {name} spot"
                if falling
                else f"persistent {name} spot"
            )
    for flags, other, name in ((hot, cold, "hot"), (cold, hot, "cold")):
        if flags[-1]:
            total = sum(flags)
            if total == 1:
                return f"new {name} spot"
            run = 0
            for flag in reversed(flags):
                if not flag:
                    break
                run += 1
            if run >= 2 and run == total:
                return f"consecutive {name} spot"
            return f"oscillating {name} spot" if any(other) else f"sporadic {name} spot"
    return "no pattern detected"


def independent(raw: pd.DataFrame, crime_type: str) -> tuple[dict, dict]:
    """({(period, res): frame of every study cell}, {(period, res): summary dict}) from the raw rows."""
    forces = sorted(set(raw.loc[raw["crime_type"] == crime_type, "force"]))
    common = sorted(set.intersection(*(set(raw.loc[raw["force"] == f, "month"]) for f in forces)))
    rows = raw[(raw["crime_type"] == crime_type) & raw["force"].isin(forces) & raw["month"].isin(common)]
    placed = rows[(rows["lon"] != "") & (rows["lat"] != "")]
    lon, lat = placed["lon"].astype(float), placed["lat"].astype(float)
    inside = (lon >= BOX[0]) & (lon <= BOX[2]) & (lat >= BOX[1]) & (lat <= BOX[3])
    periods = {"all": common, "last_12": [m for m in common if m >= month_minus(common[-1], 11)]}
    tables, summaries = {}, {}
    for res in RESOLUTIONS:
        lookup = {}
        cells_of = [
            lookup.setdefault((a, b), h3.latlng_to_cell(b, a, res)) if ok else None
            for a, b, ok in zip(lon, lat, inside)
        ]
        points = pd.DataFrame(
            {
                "cell": cells_of,
                "month": placed["month"].to_numpy(),
                "location": placed["location"].to_numpy(),
                "inside": inside.to_numpy(),
            }
        )
        for period, months in periods.items():
            chosen = points[points["inside"] & points["month"].isin(months)]
            counts = Counter(zip(chosen["cell"], chosen["month"]))
            with_offences = set(chosen["cell"])
            area = set(with_offences)
            for cell in with_offences:
                area.update(h3.grid_disk(cell, 1))
            cells = sorted(area)
            index = {c: k for k, c in enumerate(cells)}
            n = len(cells)
            neighbours = np.full((n, 7), n)
            for c, k in index.items():
                found = [index[d] for d in h3.grid_disk(c, 1) if d in index]
                neighbours[k, : len(found)] = found
            x = np.array([[counts.get((c, m), 0) for m in months] for c in cells], dtype=float)
            total = x.sum(axis=1)
            z = gi_star_z(total[:, None], neighbours)[:, 0]
            q = bh(two_sided_p(z))
            level = np.where(q <= 0.01, 3, np.where(q <= 0.05, 2, np.where(q <= 0.10, 1, 0)))
            bins = (np.sign(z) * level).astype(int)
            monthly_z = gi_star_z(x, neighbours)
            monthly_q = np.column_stack([bh(two_sided_p(monthly_z[:, t])) for t in range(len(months))])
            hot = (monthly_q <= ALPHA) & (monthly_z > 0)
            cold = (monthly_q <= ALPHA) & (monthly_z < 0)
            trend_z, trend_p = mann_kendall_z(monthly_z)
            places = chosen.groupby("cell")["location"].agg(
                lambda s: sorted(Counter(s).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            )
            tables[(period, res)] = pd.DataFrame(
                {
                    "cell": cells,
                    "offences": total.astype(int),
                    "gi_z": z,
                    "confidence_bin": bins,
                    "trend_z": trend_z,
                    "months_hot": hot.sum(axis=1),
                    "months_cold": cold.sum(axis=1),
                    "pattern": [
                        classify(list(h), list(c), tz, tp) for h, c, tz, tp in zip(hot, cold, trend_z, trend_p)
                    ],
                    "top_location": [places.get(c) for c in cells],
                }
            ).set_index("cell")
            in_period = rows["month"].isin(months)
            summaries[(period, res)] = {
                "months": len(months),
                "points": len(chosen),
                "points_no_coordinates": int((in_period & ((rows["lon"] == "") | (rows["lat"] == ""))).sum()),
                "points_outside_extent": int((~inside & placed["month"].isin(months)).sum()),
                "cells_with_offences": len(with_offences),
                "study_cells": n,
                "hot_cells": int((bins > 0).sum()),
                "cold_cells": int((bins < 0).sum()),
            }
    return tables, summaries


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


def check_store(con: duckdb.DuckDBPyConnection, crime_type: str, expected: dict, summaries: dict) -> None:
    stored = con.execute("SELECT * FROM hotspot_cells WHERE crime_type = ?", [crime_type]).df()
    assert len(stored) and stored["offences"].min() >= MIN_MAP_CELL_COUNT
    summary = con.execute("SELECT * FROM hotspot_summary WHERE crime_type = ?", [crime_type]).df()
    assert len(summary) == len(expected) == 6
    for (period, res), want in expected.items():
        got = stored[(stored["period"] == period) & (stored["resolution"] == res)].set_index("cell")
        shown = want[want["offences"] >= MIN_MAP_CELL_COUNT]
        where = f"{crime_type}, {period}, resolution {res}"
        assert set(got.index) == set(shown.index), where
        got = got.loc[shown.index]
        assert (got["offences"] == shown["offences"]).all(), where
        np.testing.assert_allclose(got["gi_z"], shown["gi_z"], rtol=0, atol=1e-6, err_msg=where)
        np.testing.assert_allclose(got["trend_z"], shown["trend_z"], rtol=0, atol=1e-6, err_msg=where)
        assert (got["confidence_bin"] == shown["confidence_bin"]).all(), where
        assert (got["months_hot"] == shown["months_hot"]).all(), where
        assert (got["months_cold"] == shown["months_cold"]).all(), where
        assert (got["pattern"] == shown["pattern"]).all(), where
        assert (got["top_location"] == shown["top_location"]).all(), where
        row = summary[(summary["period"] == period) & (summary["resolution"] == res)].iloc[0]
        for key, value in summaries[(period, res)].items():
            assert row[key] == value, (where, key)
        assert row["cells_shown"] == len(shown)
        assert row["hot_cells_shown"] == int((shown["confidence_bin"] > 0).sum())


def test_city_of_london_violence_in_the_store_matches_an_independent_computation(real_store, raw):
    assert derive_hotspots.EXTENT == LONDON_EXTENT == BOX
    expected, summaries = independent(raw, VIOLENCE)
    with duckdb.connect(str(real_store), read_only=True) as con:
        check_store(con, VIOLENCE, expected, summaries)
        summary = con.execute("SELECT DISTINCT forces, months_left_out FROM hotspot_summary").fetchall()
        assert summary == [("City of London Police", 0)]
        coverage = dict(con.execute("SELECT borough_name, has_point_data FROM hotspot_boroughs").fetchall())
        assert coverage.pop("City of London") is True and not any(coverage.values()) and len(coverage) == 32
    # Some of the City's hexagons are real hot spots, with persistent patterns.
    default = expected[("last_12", 8)]
    assert (default.loc[default["offences"] >= MIN_MAP_CELL_COUNT, "confidence_bin"] == 3).any()


def test_met_burglary_through_the_derive_step_matches_an_independent_computation(real_store, raw):
    """The Met's scale and geometry: the derive step on the real store's points, crime type Burglary."""
    expected, summaries = independent(raw, "Burglary")
    con = duckdb.connect()
    con.execute(f"ATTACH '{Path(real_store)}' AS real (READ_ONLY)")
    for table in ("street_crime", "boroughs", "datasets"):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM real.{table}")
    con.execute("DETACH real")
    derive_hotspots.build(con, crime_types=("Burglary",))
    check_store(con, "Burglary", expected, summaries)
    forces, left_out = con.execute("SELECT DISTINCT forces, months_left_out FROM hotspot_summary").fetchone()
    assert forces == "City of London Police; Metropolitan Police Service"
    assert left_out == 17  # Met 2023-03..2025-02 and City 2023-10..2025-12: 34 months, 17 in common
    cells = con.execute("SELECT count(*) FROM hotspot_cells WHERE resolution = 9").fetchone()[0]
    assert cells > 1000  # London-wide geometry, not a toy


def test_the_page_on_the_real_store_ranks_met_wards_and_sends_no_small_cell(real_store, monkeypatch):
    """No Met violence points in the real extracts: the page says so and ranks wards from the VAWG data."""
    import json

    from streamlit.testing.v1 import AppTest

    from dashboard.charts.hotspot_map import deck_cells
    from tests.app.conftest import APP, all_text, reveal
    from tests.app.test_hotspots import PAGE

    monkeypatch.setenv("VAWG_STORE", str(real_store))
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["borough"] = "Camden"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    reveal(at, tab="Table")  # the ranked wards are in a section, their table in its tab
    text = all_text(at)
    assert "No police.uk violence points from Metropolitan Police Service are loaded" in text
    assert any(str(h.value).startswith("Wards with the most VAWG offences, Camden") for h in at.header)
    wards = next(t.value for t in at.table if "Ward" in t.value.columns)
    with duckdb.connect(str(real_store), read_only=True) as con:
        top = con.execute(
            "SELECT ward_name, sum(offences) FROM vawg_offences WHERE borough_name = 'Camden' AND month > "
            "(SELECT max(month) FROM vawg_offences) - INTERVAL 12 MONTH GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    assert wards.iloc[0, 0] == top[0] and wards.iloc[0, 1] == f"{int(top[1]):,}"
    cells = deck_cells(json.loads(at.get("deck_gl_json_chart")[0].proto.json))
    assert all(c["offences"] >= MIN_MAP_CELL_COUNT for c in cells)
