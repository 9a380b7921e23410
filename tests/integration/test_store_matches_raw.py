"""The store built from ../shared/data equals figures computed independently from the raw files.

Expected figures come from pandas reading the published files directly, never from the code
under test.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.integration

BOROUGH_FILES = {
    "legacy": SHARED_DATA
    / "mps_borough_crime/edition_2019-01_legacy_MajorCategory/MPS_Borough_Level_Crime_Historic.csv",
    "hist_2025": SHARED_DATA / "mps_borough_crime/edition_2025-12_BoroughName/MPS Borough Level Crime (Historical).csv",
    "recent_2025": SHARED_DATA
    / "mps_borough_crime/edition_2025-12_BoroughName/MPS Borough Level Crime (most recent 24 months).csv",
    "bocu_2026": SHARED_DATA
    / "mps_borough_crime/edition_2026-06_Group_SubGroup_BOCU/MPS Borough Level Crime (most recent 24 months).csv",
    "fenneh_hist": SHARED_DATA / "mps_borough_crime/fenneh_parquet/recorded-crime-borough-historical.parquet",
    "fenneh_recent": SHARED_DATA / "mps_borough_crime/fenneh_parquet/recorded-crime-borough.parquet",
}


def query(store, sql: str, params=None) -> pd.DataFrame:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql, params or []).df()


def canonical(name: str) -> str:
    return re.sub(r"\bUpon\b", "upon", name.replace(" & ", " and ")).strip()


def raw_borough_month_totals(path) -> pd.DataFrame:
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str)
    area = next(c for c in frame.columns if c.lower() in {"borough", "boroughname", "bocu", "lookup_boroughname"})
    months = [c for c in frame.columns if re.fullmatch(r"\d{6}", str(c))]
    long = frame.melt(id_vars=[area], value_vars=months, var_name="yyyymm", value_name="offences")
    long["offences"] = long["offences"].astype(int)
    long["borough"] = long[area].map(canonical)
    return long.groupby(["yyyymm", "borough"], as_index=False)["offences"].sum()


@pytest.fixture(scope="module")
def expected_borough_totals() -> pd.DataFrame:
    """Per month, the figures of the file whose latest month is the latest (the documented rule)."""
    totals = {key: raw_borough_month_totals(path) for key, path in BOROUGH_FILES.items()}
    last_month = {key: frame["yyyymm"].max() for key, frame in totals.items()}
    chosen = []
    for month in sorted(set().union(*(set(f["yyyymm"]) for f in totals.values()))):
        owners = [k for k, f in totals.items() if month in set(f["yyyymm"])]
        owner = max(owners, key=lambda k: last_month[k])
        chosen.append(totals[owner][totals[owner]["yyyymm"] == month])
    return pd.concat(chosen, ignore_index=True)


def test_every_month_of_every_borough_edition_is_in_the_store(real_store, expected_borough_totals):
    got = query(real_store, "SELECT strftime(month, '%Y%m') AS yyyymm, count(*) AS n FROM recorded_crime GROUP BY 1")
    assert set(got["yyyymm"]) == set(expected_borough_totals["yyyymm"])
    assert len(got) == 222  # 2008-01 .. 2026-06


def test_london_totals_per_month_equal_the_newest_edition(real_store, expected_borough_totals):
    expected = expected_borough_totals.groupby("yyyymm")["offences"].sum()
    got = query(
        real_store, "SELECT strftime(month, '%Y%m') AS yyyymm, sum(offences) AS offences FROM recorded_crime GROUP BY 1"
    ).set_index("yyyymm")["offences"]
    pd.testing.assert_series_equal(got.sort_index().astype(int), expected.sort_index().astype(int), check_names=False)
    # SOURCES.md's revision examples: 2024-07 comes from the June 2026 edition (80,372, not 82,554);
    # 2023-01 from the Historical edition ending Feb 2024 (the latest-ending file that covers it).
    assert got["202407"] == 80_372
    assert got["202301"] == 74_127


def test_borough_totals_per_month_equal_the_newest_edition(real_store, expected_borough_totals):
    got = query(
        real_store,
        "SELECT strftime(month, '%Y%m') AS yyyymm, borough_name AS borough, "
        "sum(offences) AS offences FROM recorded_crime GROUP BY 1, 2",
    )
    merged = expected_borough_totals.merge(got, on=["yyyymm", "borough"], how="outer", suffixes=("_raw", "_store"))
    assert merged["offences_raw"].notna().all() and merged["offences_store"].notna().all(), merged[
        merged.isna().any(axis=1)
    ]
    assert (merged["offences_raw"] == merged["offences_store"]).all()


def test_non_borough_areas_are_kept_and_flagged(real_store):
    got = query(real_store, "SELECT DISTINCT borough_name FROM recorded_crime WHERE NOT is_borough ORDER BY 1")
    assert set(got["borough_name"]) == {"London Heathrow and London City Airports", "Unknown"}
    codes = query(real_store, "SELECT count(DISTINCT borough_code) AS n FROM recorded_crime WHERE is_borough")
    assert codes["n"][0] == 32  # every Met borough; the City of London is not the Met's


@pytest.fixture(scope="module")
def raw_vawg_location() -> pd.DataFrame:
    frame = pd.read_parquet(SHARED_DATA / "mps_vawg/vawg-offences.parquet")
    return frame[frame["sheet"] == "Offence count location"]


def test_vawg_offences_per_month_london(real_store, raw_vawg_location):
    expected = raw_vawg_location.groupby(raw_vawg_location["recorded_date_months"].dt.strftime("%Y-%m"))["count"].sum()
    got = query(real_store, "SELECT strftime(month, '%Y-%m') AS m, sum(offences) AS n FROM vawg_offences GROUP BY 1")
    got = got.set_index("m")["n"]
    pd.testing.assert_series_equal(got.sort_index().astype(int), expected.sort_index().astype(int), check_names=False)
    assert int(got.sum()) == 1_612_003


def test_vawg_offences_per_month_by_borough(real_store, raw_vawg_location):
    raw = raw_vawg_location.assign(
        m=raw_vawg_location["recorded_date_months"].dt.strftime("%Y-%m"),
        borough=raw_vawg_location["borough_name"].fillna("Not stated"),
    )
    expected = raw.groupby(["m", "borough"])["count"].sum()
    got = query(
        real_store,
        "SELECT strftime(month, '%Y-%m') AS m, borough_name AS borough, sum(offences) AS n "
        "FROM vawg_offences GROUP BY 1, 2",
    ).set_index(["m", "borough"])["n"]
    pd.testing.assert_series_equal(got.sort_index().astype(int), expected.sort_index().astype(int), check_names=False)


def test_vawg_sheets_are_kept_apart_and_each_sums_to_the_published_total(real_store):
    got = query(
        real_store,
        "SELECT (SELECT sum(offences) FROM vawg_offences) AS location, "
        "(SELECT sum(offences) FROM vawg_offences_by_classification) AS classification, "
        "(SELECT sum(victims) FROM vawg_victims) AS victims, "
        "(SELECT sum(victims) FROM vawg_victims_by_age) AS by_age, "
        "(SELECT sum(victims) FROM vawg_victims_by_ethnicity) AS by_ethnicity",
    ).iloc[0]
    assert (got["location"], got["classification"]) == (1_612_003, 1_612_003)
    assert (got["victims"], got["by_age"], got["by_ethnicity"]) == (1_527_047,) * 3


def test_female_homicide_victims_per_year(real_store):
    raw = pd.read_csv(SHARED_DATA / "mps_homicide/original_homicide.xlsx - dataset.csv")
    expected = raw[raw["Sex"] == "Female"].groupby("Recorded Year")["Count of Victims"].sum()
    got = query(real_store, "SELECT year, sum(victims) AS n FROM homicide_victims WHERE sex = 'Female' GROUP BY 1")
    got = got.set_index("year")["n"]
    pd.testing.assert_series_equal(got.sort_index().astype(int), expected.sort_index().astype(int), check_names=False)
    assert int(got.sum()) == 699


def test_city_of_london_violence_and_sexual_offences_per_month(real_store):
    files = sorted((SHARED_DATA / "police_uk_street/city_of_london").glob("*.csv"))
    raw = pd.concat([pd.read_csv(f) for f in files])
    expected = raw[raw["Crime type"] == "Violence and sexual offences"].groupby("Month").size()
    got = query(
        real_store,
        "SELECT strftime(month, '%Y-%m') AS m, count(*) AS n FROM street_crime "
        "WHERE force = 'City of London Police' AND crime_type = 'Violence and sexual offences' "
        "GROUP BY 1",
    ).set_index("m")["n"]
    pd.testing.assert_series_equal(got.sort_index().astype(int), expected.sort_index().astype(int), check_names=False)
    assert int(got.sum()) == 3_823


def test_datasets_lists_every_file_read_with_its_sha256(real_store):
    rows = query(real_store, "SELECT file_path, sha256, rows, is_sample FROM datasets")
    tabular = [p for p in SHARED_DATA.rglob("*") if p.suffix in {".csv", ".gz", ".parquet", ".geojson"}]
    unread = {"monthly-crime-dashboard-knife.parquet", "recorded-crime-lsoa.parquet", "housing-density-borough.csv"}
    expected = {p.resolve(): hashlib.sha256(p.read_bytes()).hexdigest() for p in tabular if p.name not in unread}
    got = {Path(p).resolve(): sha for p, sha in zip(rows["file_path"], rows["sha256"])}
    assert got == expected
    assert not rows["is_sample"].any()
