"""A police.uk month published twice is counted once, on the real police.uk extracts.

Data: ../shared/data/police_uk_street (SOURCES.md §6; or $VAWG_SHARED_DATA). The test ingests that
folder plus a second copy of one City of London month, written to tmp_path with the outcomes police.uk
had not yet recorded filled in (as a later archive would have them). Neither folder names an archive,
so the rule keeps the copy with more outcomes recorded: the copy. Expected figures are computed from
the raw CSVs with pandas, each month once: the store's counts per force and month, the outcomes of
the copied month, and the hot spot input (violence points mapped, and without coordinates).
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests.conftest import SHARED_DATA, ingest

DATA = SHARED_DATA / "police_uk_street"
CITY_MONTH = DATA / "city_of_london" / "2024-05-city-of-london-street.csv"
VIOLENCE = "Violence and sexual offences"
# Greater London's box as the hot spot derive step documents it (min lon, min lat, max lon, max lat).
BOX = (-0.56, 51.25, 0.37, 51.72)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not CITY_MONTH.is_file(), reason=f"the real police.uk extracts are not at {DATA}"),
]


def raw_files() -> list:
    return sorted((DATA / "city_of_london").glob("*.csv")) + sorted(
        (DATA / "metropolitan_burglary_only").glob("*.csv.gz")
    )


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in raw_files()], ignore_index=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(store, ingest stdout, the copy's path, the copy's frame) for real folder + a copy of one month."""
    folder = tmp_path_factory.mktemp("copy") / "later"
    folder.mkdir()
    copy = pd.read_csv(CITY_MONTH, dtype=str, keep_default_na=False)
    missing = copy["Last outcome category"] == ""
    assert missing.any(), "the month chosen must have rows with no outcome yet"
    copy.loc[missing, "Last outcome category"] = "Under investigation"
    copy_path = folder / CITY_MONTH.name
    copy.to_csv(copy_path, index=False)
    store = tmp_path_factory.mktemp("store") / "vawg.duckdb"
    result = ingest([DATA, folder], store)
    assert result.returncode == 0, result.stderr
    return store, result.stdout, copy_path, copy


def query(store, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).df()


def test_summary_names_the_copy_set_aside_and_why(built):
    _, stdout, copy_path, _ = built
    lines = [line for line in stdout.splitlines() if line.strip().startswith("set aside")]
    assert len(lines) == 1, stdout
    assert str(CITY_MONTH) in lines[0]
    assert str(copy_path) in lines[0]
    assert "2024-05 City of London Police" in lines[0]
    assert "more outcomes" in lines[0]


def test_counts_per_force_month_equal_one_copy_of_the_raw_files(built, raw):
    store = built[0]
    expected = raw.groupby(["Falls within", "Month"]).size().sort_index()
    got = query(store, "SELECT force, strftime(month, '%Y-%m') AS month, count(*) AS n FROM street_crime GROUP BY 1, 2")
    got = got.set_index(["force", "month"])["n"].sort_index()
    assert got.to_dict() == expected.to_dict()
    assert int(got.sum()) == len(raw)


def test_the_copied_month_comes_from_the_copy_with_more_outcomes(built):
    store, _, copy_path, copy = built
    got = query(
        store,
        "SELECT d.file_path, count(*) AS n, count(s.outcome) AS outcomes FROM street_crime s "
        "JOIN datasets d USING (dataset_id) WHERE s.month = DATE '2024-05-01' AND s.force = 'City of London Police' "
        "GROUP BY 1",
    )
    assert got["file_path"].tolist() == [str(copy_path)]
    assert int(got["n"].iloc[0]) == len(copy)
    assert int(got["outcomes"].iloc[0]) == int((copy["Last outcome category"] != "").sum()) == len(copy)
    files = query(store, "SELECT file_path FROM datasets WHERE dataset = 'police_uk_street'")["file_path"]
    assert str(CITY_MONTH) not in set(files)
    assert len(files) == len(raw_files())


def test_hot_spot_input_counts_each_violence_point_once(built, raw):
    store = built[0]
    violence = raw[raw["Crime type"] == VIOLENCE]
    lon = pd.to_numeric(violence["Longitude"], errors="coerce")
    lat = pd.to_numeric(violence["Latitude"], errors="coerce")
    located = lon.notna() & lat.notna()
    inside = located & lon.between(BOX[0], BOX[2]) & lat.between(BOX[1], BOX[3])
    summary = query(
        store,
        f"SELECT resolution, points, points_no_coordinates FROM hotspot_summary "
        f"WHERE period = 'all' AND crime_type = '{VIOLENCE}'",
    )
    assert len(summary) > 0
    assert set(summary["points"]) == {int(inside.sum())}
    assert set(summary["points_no_coordinates"]) == {int((~located).sum())}
