"""The shelter evaluation on real data, checked against an independent computation written here.

Real TfL stops (BNG -> WGS84, boroughs from the GLA boundary file) and real police.uk Met points.
The shared folder holds only Met *burglary* points (2023-03..2025-02), so burglary stands in for
the VAWG-related crime types the page will use; the ten "pilot" stops below are real stops in the
four boroughs with the most burglaries in that file, with a made-up go-live of 2024-03-01 (so 12
months before and 12 after fit the data exactly). They are not the real pilot sites, which TfL and
the Met have not published.
"""

from __future__ import annotations

import glob
import json
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import shelters as sh
from dashboard.geometry import bng_to_wgs84
from tests.conftest import SHARED_DATA

DATA = SHARED_DATA  # ../shared/data, or $VAWG_SHARED_DATA
STOPS_CSV = DATA / "tfl" / "bus-stops.csv"
BOROUGHS = DATA / "geography" / "london_boroughs_gss_wgs84.geojson"
BURGLARY = DATA / "police_uk_street" / "metropolitan_burglary_only"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (STOPS_CSV.is_file() and BOROUGHS.is_file() and BURGLARY.is_dir()),
        reason=f"the real published extracts are not at {DATA} (needs tfl/bus-stops.csv, "
        "geography/london_boroughs_gss_wgs84.geojson and police_uk_street/metropolitan_burglary_only; "
        "set VAWG_SHARED_DATA)",
    ),
]

# Stop_Code_LBSL of ten real stops, at least 1 km apart, among those with the most burglary
# points within 100 m in 2023-03..2024-02 in each of the four boroughs with most burglaries.
PILOTS = [
    ("353", "EDGWARE ROAD", "Westminster", "1"),
    ("7824", "LEICESTER SQUARE STATION", "Westminster", "1"),
    ("34992", "CHIPPENHAM ROAD / SHIRLAND ROAD", "Westminster", "1"),
    ("13789", "BARSET ROAD", "Southwark", "1"),
    ("BP4481", "SOUTHWARK STREET", "Southwark", "1"),
    ("33906", "DOCKHEAD", "Southwark", "2"),
    ("1706", "CAMBRIDGE HEATH STATION", "Tower Hamlets", "2"),
    ("BP532", "MILE END ROAD", "Tower Hamlets", "2"),
    ("13492", "LOLESWORTH CLOSE", "Tower Hamlets", "2"),
    ("15915", "HOOP LANE", "Barnet", "2"),
]
RADIUS = 100.0
R = 6_371_008.8
Z = 1.96
BEFORE = [f"{y}-{m:02d}" for y, m in [(2023, k) for k in range(3, 13)] + [(2024, 1), (2024, 2)]]
AFTER = [f"{y}-{m:02d}" for y, m in [(2024, k) for k in range(3, 13)] + [(2025, 1), (2025, 2)]]


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    raw = pd.read_csv(STOPS_CSV, dtype=str, keep_default_na=False)
    # 113 Naptan_Atco values hold a CRLF inside their quotes: 20,404 records on 20,518 lines.
    assert len(raw) == 20_404
    assert raw["Naptan_Atco"].str.endswith("\r\n").sum() == 113
    with open(STOPS_CSV, "rb") as f:
        assert sum(1 for _ in f) == 1 + 20_404 + 113  # header + records + the 113 inner line breaks
    lon, lat = bng_to_wgs84(raw["Location_Easting"].astype(float), raw["Location_Northing"].astype(float))
    with open(BOROUGHS, encoding="utf-8") as f:
        boundaries = json.load(f)
    return pd.DataFrame(
        {
            "stop_code": raw["Stop_Code_LBSL"],
            "stop_name": raw["Stop_Name"],
            "naptan_atco": raw["Naptan_Atco"].str.strip(),
            "borough": sh.borough_for_points(lon, lat, boundaries),
            "longitude": lon,
            "latitude": lat,
            "is_virtual": raw["Virtual_Bus_Stop"] == "1",
        }
    )


@pytest.fixture(scope="module")
def crimes() -> pd.DataFrame:
    files = sorted(glob.glob(str(BURGLARY / "*-metropolitan-street.csv.gz")))
    assert len(files) == 24
    frame = pd.concat(
        [pd.read_csv(p, usecols=["Month", "Longitude", "Latitude", "Crime type"]) for p in files], ignore_index=True
    )
    assert len(frame) == 107_284 and frame["Longitude"].isna().sum() == 1_010
    return frame.rename(
        columns={"Month": "month", "Longitude": "longitude", "Latitude": "latitude", "Crime type": "crime_type"}
    )


@pytest.fixture(scope="module")
def pilots(stops) -> pd.DataFrame:
    by_code = stops.set_index("stop_code")
    rows = []
    for code, name, borough, phase in PILOTS:
        stop = by_code.loc[code]
        assert name in stop["stop_name"] and stop["borough"] == borough
        rows.append((code, borough, stop["longitude"], stop["latitude"], "2024-03-01", phase))
    return pd.DataFrame(rows, columns=["site_id", "borough", "longitude", "latitude", "live_date", "phase"])


@pytest.fixture(scope="module")
def evaluation(pilots, stops, crimes):
    return sh.evaluate(pilots, stops, crimes, radius_m=RADIUS, months_before=12, months_after=12, crime_type="Burglary")


def own_distance_m(lon1, lat1, lon2, lat2):
    """Haversine in the atan2 form, written separately from the module's arcsin form."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * R * np.arctan2(np.sqrt(a), np.sqrt(1 - a))


def own_counts(site_lon, site_lat, crimes):
    placed = crimes.dropna(subset=["longitude", "latitude"])
    placed = placed[placed["crime_type"] == "Burglary"]
    near = placed[
        own_distance_m(site_lon, site_lat, placed["longitude"].to_numpy(), placed["latitude"].to_numpy()) <= RADIUS
    ]
    return int(near["month"].isin(BEFORE).sum()), int(near["month"].isin(AFTER).sum())


def test_stops_convert_into_london(stops):
    in_london = stops["borough"].notna()
    # Some stops in the TfL list lie outside Greater London (e.g. Loughton, Essex) or on bridges.
    assert in_london.sum() > 19_000
    assert stops.loc[in_london, "longitude"].between(-0.52, 0.34).all()
    assert stops.loc[in_london, "latitude"].between(51.28, 51.70).all()
    # Stop 1000, Westminster Station / Parliament Square, is in Westminster.
    assert stops.set_index("stop_code").loc["1000", "borough"] == "Westminster"


def test_comparison_sites_follow_the_rules(evaluation, pilots, stops):
    sites = evaluation.sites
    assert sites.loc[sites["role"] == "pilot", "included"].all()
    comps = sites[sites["role"] == "comparison"]
    assert len(comps) == 3 * len(PILOTS) and comps["site_id"].is_unique
    assert (comps.groupby("matched_pilot").size() == 3).all()
    stop = stops.set_index("stop_code")
    plon, plat = pilots["longitude"].to_numpy(), pilots["latitude"].to_numpy()
    borough_of_pilot = dict(zip(pilots["site_id"], pilots["borough"]))
    clon, clat = comps["longitude"].to_numpy(), comps["latitude"].to_numpy()
    for _, c in comps.iterrows():
        assert c["borough"] == borough_of_pilot[c["matched_pilot"]] == stop.loc[c["site_id"], "borough"]
        assert not stop.loc[c["site_id"], "is_virtual"]
        assert own_distance_m(c["longitude"], c["latitude"], plon, plat).min() > 2 * RADIUS
    gaps = own_distance_m(clon[:, None], clat[:, None], clon[None, :], clat[None, :])
    assert gaps[~np.eye(len(comps), dtype=bool)].min() > 2 * RADIUS


def test_site_counts_match_own_counting(evaluation, crimes):
    sites = evaluation.sites
    before_of = {}
    for _, s in sites.iterrows():
        b, a = own_counts(s["longitude"], s["latitude"], crimes)
        assert (s["crimes_before"], s["crimes_after"]) == (b, a), s["site_id"]
        before_of[(s["role"], s["site_id"])] = b
    for _, c in sites[sites["role"] == "comparison"].iterrows():
        assert c["count_difference"] == abs(
            before_of[("comparison", c["site_id"])] - before_of[("pilot", c["matched_pilot"])]
        )


def test_did_matches_independent_formula(evaluation, crimes):
    sites = evaluation.sites
    did = evaluation.did.set_index("phase")
    assert sorted(did.index) == ["1", "2", "all"]
    phase_of = dict(zip(sites.loc[sites["role"] == "pilot", "site_id"], sites.loc[sites["role"] == "pilot", "phase"]))
    for phase in ("1", "2", "all"):
        pb = pa = cb = ca = 0
        n_p = n_c = 0
        for _, s in sites.iterrows():
            owner = s["site_id"] if s["role"] == "pilot" else s["matched_pilot"]
            if phase != "all" and phase_of[owner] != phase:
                continue
            b, a = own_counts(s["longitude"], s["latitude"], crimes)
            if s["role"] == "pilot":
                pb, pa, n_p = pb + b, pa + a, n_p + 1
            else:
                cb, ca, n_c = cb + b, ca + a, n_c + 1
        assert min(pb, pa, cb, ca) > 0  # no continuity correction needed on this data
        rrr = (pa / (n_p * 12)) / (pb / (n_p * 12)) / ((ca / (n_c * 12)) / (cb / (n_c * 12)))
        se = math.sqrt(1 / pa + 1 / pb + 1 / ca + 1 / cb)
        lower, upper = math.exp(math.log(rrr) - Z * se), math.exp(math.log(rrr) + Z * se)
        absolute = (pa / (n_p * 12) - pb / (n_p * 12)) - (ca / (n_c * 12) - cb / (n_c * 12))
        abs_se = math.sqrt(pa / (n_p * 12) ** 2 + pb / (n_p * 12) ** 2 + ca / (n_c * 12) ** 2 + cb / (n_c * 12) ** 2)
        row = did.loc[phase]
        assert (row["pilot_before"], row["pilot_after"], row["comparison_before"], row["comparison_after"]) == (
            pb,
            pa,
            cb,
            ca,
        )
        assert (row["pilot_sites"], row["comparison_sites"]) == (n_p, 3 * n_p) == (n_p, n_c)
        assert abs(row["estimate"] - rrr) < 1e-9
        assert abs(row["lower"] - lower) < 1e-9 and abs(row["upper"] - upper) < 1e-9
        assert abs(row["absolute_estimate"] - absolute) < 1e-9
        assert abs(row["absolute_lower"] - (absolute - Z * abs_se)) < 1e-9
        assert abs(row["absolute_upper"] - (absolute + Z * abs_se)) < 1e-9
        assert bool(row["too_small"]) == (min(pb, pa, cb, ca) < 10)
        assert "factor of" in row["sentence"]


def test_monthly_series_adds_up(evaluation):
    monthly = evaluation.monthly
    did = evaluation.did.set_index("phase")
    for phase in ("1", "2", "all"):
        m = monthly[monthly["phase"] == phase]
        assert sorted(m["relative_month"].unique()) == list(range(-12, 12))
        for group, prefix in (("pilot", "pilot"), ("comparison", "comparison")):
            g = m[m["group"] == group]
            assert g.loc[g["relative_month"] < 0, "crimes"].sum() == did.loc[phase, f"{prefix}_before"]
            assert g.loc[g["relative_month"] >= 0, "crimes"].sum() == did.loc[phase, f"{prefix}_after"]
