"""Hot spot tables on real police.uk points, checked against an independent naive computation.

Data: ../shared/data/police_uk_street (SOURCES.md §6; or $VAWG_SHARED_DATA): the 27 complete City of London Police
files (2023-10 to 2025-12) and the 24 Met files filtered to Burglary (2023-03 to 2025-02).
The checks re-derive everything from the CSVs with plain pandas, h3's string API and loops:
cells, per-period counts, the study area (offence cells + ring-1 neighbours), Gi* z for every
cell (to 1e-6) and Benjamini–Hochberg (hand-written).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import h3
import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import hotspots as hs
from tests.conftest import SHARED_DATA

DATA = SHARED_DATA / "police_uk_street"  # ../shared/data, or $VAWG_SHARED_DATA
CITY = DATA / "city_of_london"
BURGLARY = DATA / "metropolitan_burglary_only"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (CITY.is_dir() and BURGLARY.is_dir()),
        reason=f"the real police.uk extracts are not at {DATA} (needs city_of_london/ and "
        "metropolitan_burglary_only/; set VAWG_SHARED_DATA)",
    ),
]


def load_police_uk(files: list[Path]) -> pd.DataFrame:
    """Plain pandas: every column as text, empty stays empty, then the hotspot column names."""
    raw = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)
    return pd.DataFrame(
        {
            "month": raw["Month"],
            "longitude": raw["Longitude"],
            "latitude": raw["Latitude"],
            "crime_type": raw["Crime type"],
            "location": raw["Location"],
            # LSOA names are '<Borough> NNNX'
            "borough_name": raw["LSOA name"].str.replace(r"\s+\d{3}[A-Z]$", "", regex=True),
        }
    )


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    files = sorted(CITY.glob("*-city-of-london-street.csv"))
    assert len(files) == 27
    return load_police_uk(files)


@pytest.fixture(scope="module")
def burglary() -> pd.DataFrame:
    files = sorted(BURGLARY.glob("*-metropolitan-street.csv.gz"))
    assert len(files) == 24
    return load_police_uk(files)


def naive_bh(p: list[float]) -> list[float]:
    """Benjamini–Hochberg by the step-up definition, written out with a loop."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        q[i] = running
    return q


def naive_period_gi(
    points: pd.DataFrame, crime_type: str, resolution: int, months: set[str]
) -> tuple[dict[str, int], dict[str, float]]:
    """Counts per cell and Gi* z per study-area cell, with h3 strings, Counter and loops."""
    sel = points[(points["crime_type"] == crime_type) & (points["longitude"] != "") & points["month"].isin(months)]
    counts = Counter(
        h3.latlng_to_cell(float(la), float(lo), resolution) for lo, la in zip(sel["longitude"], sel["latitude"])
    )
    area = set(counts)
    for cell in list(counts):
        area.update(h3.grid_disk(cell, 1))
    cells = sorted(area)
    x = np.array([counts.get(c, 0) for c in cells], dtype=float)
    n = len(cells)
    mean = x.sum() / n
    s = math.sqrt((x**2).sum() / n - mean**2)
    index = {c: k for k, c in enumerate(cells)}
    z = {}
    for c in cells:
        neighbours = [index[nb] for nb in h3.grid_disk(c, 1) if nb in index]
        w_sum = float(len(neighbours))
        lag = float(x[neighbours].sum())
        z[c] = (lag - mean * w_sum) / (s * math.sqrt((n * w_sum - w_sum**2) / (n - 1)))
    return dict(counts), z


def check_against_naive(
    points: pd.DataFrame, crime_type: str, out: dict[str, pd.DataFrame], last_months: int = 12
) -> None:
    loaded = sorted(set(points["month"]) - {""})
    periods = {"all": set(loaded), f"last_{last_months}": set(loaded[-last_months:])}
    cells = out["hotspot_cells"]
    for (period, res), got in cells.groupby(["period", "resolution"]):
        counts, z = naive_period_gi(points, crime_type, int(res), periods[period])
        got = got.set_index("cell")
        assert set(got.index) == set(z), (period, res)
        assert got["offences"].to_dict() == {c: counts.get(c, 0) for c in z}
        expected_z = pd.Series(z).reindex(got.index)
        np.testing.assert_allclose(
            got["gi_z"].to_numpy(), expected_z.to_numpy(), rtol=0, atol=1e-6, err_msg=f"{period} res {res}"
        )
        p = got["gi_p"].tolist()
        np.testing.assert_allclose(got["gi_p_fdr"].to_numpy(), naive_bh(p), rtol=0, atol=1e-12)
        q = got["gi_p_fdr"].to_numpy()
        level = np.where(q <= 0.01, 3, np.where(q <= 0.05, 2, np.where(q <= 0.10, 1, 0)))
        assert (got["confidence_bin"].to_numpy() == np.sign(got["gi_z"].to_numpy()) * level).all()
        assert set(got["pattern"]) <= set(hs.PATTERNS)
        assert (got["months_hot"] + got["months_cold"] <= got["months"]).all()
        assert (got.loc[got["offences"] == 0, "borough_name"].isna()).all()
        assert (got.loc[got["offences"] > 0, "top_location"].str.startswith("On or near")).all()
    months = out["hotspot_cell_months"]
    for res, got in months.groupby("resolution"):
        total = sum(naive_period_gi(points, crime_type, int(res), set(loaded))[0].values())
        assert got["offences"].sum() == total


def test_city_of_london_violence_and_sexual_offences(city):
    crime = "Violence and sexual offences"
    assert (city["crime_type"] == crime).sum() == 3823  # SOURCES.md §6
    out = hs.hotspot_tables(city, crime_type=crime)
    check_against_naive(city, crime, out)
    summary = out["hotspot_summary"].set_index(["period", "resolution"])
    no_coords = ((city["crime_type"] == crime) & (city["longitude"] == "")).sum()
    assert (summary.xs("all", level="period")["points_no_coordinates"] == no_coords).all()
    assert (summary.xs("all", level="period")["points"] == 3823 - no_coords).all()
    assert (summary.xs("all", level="period")["months"] == 27).all()
    assert (summary.xs("last_12", level="period")["period_start"].astype(str) == "2025-01-01").all()
    # The City's busiest area must come out as a 99 % hot spot at the default resolution.
    res8 = out["hotspot_cells"].query("period == 'all' and resolution == 8")
    assert res8["confidence_bin"].max() == 3


def test_met_burglary(burglary):
    assert len(burglary) == 107_284  # SOURCES.md §6
    out = hs.hotspot_tables(burglary, crime_type="Burglary")
    check_against_naive(burglary, "Burglary", out)
    summary = out["hotspot_summary"].set_index(["period", "resolution"])
    assert (summary.xs("all", level="period")["points_no_coordinates"] == 1010).all()
    assert (summary.xs("all", level="period")["points"] == 107_284 - 1010).all()
    assert (summary.xs("all", level="period")["months"] == 24).all()


def test_cell_month_counts_on_real_points(burglary):
    out = hs.cell_month_counts(burglary, resolution=8)
    assert out.attrs["dropped_no_coordinates"] == 1010
    assert out["offences"].sum() == 107_284 - 1010
    sel = burglary[burglary["longitude"] != ""]
    expected = Counter(
        (h3.latlng_to_cell(float(la), float(lo), 8), m)
        for lo, la, m in zip(sel["longitude"], sel["latitude"], sel["month"])
    )
    got = {(c, m.strftime("%Y-%m")): n for c, m, n in out.itertuples(index=False)}
    assert got == dict(expected)
