"""Camden's borough pack on a store built from ../shared/data holds Camden's figures, computed here from the raw file.

Expected figures come straight from the published extract with pandas (never through the store or
dashboard/figures): mps_vawg/vawg-offences.parquet, sheet 'Offence count location' (borough and
ward rows by month); the women and girls from the ONS LSOA file summed by borough. The pack is
opened with openpyxl as a partner would open it.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from scipy import stats

from dashboard.components import view_cache
from dashboard.components.borough_pack import borough_pack_bytes
from tests.conftest import PROJECT_ROOT, SHARED_DATA

pytestmark = pytest.mark.integration
BOROUGH = "Camden"
VIEW = "https://vawg.example.org/boroughs?borough=Camden"


@pytest.fixture(scope="module")
def raw_location() -> pd.DataFrame:
    path = SHARED_DATA / "mps_vawg" / "vawg-offences.parquet"
    if not path.is_file():
        pytest.skip(f"{path} is not there (set VAWG_SHARED_DATA)")
    raw = pd.read_parquet(path)
    frame = raw.loc[raw["sheet"] == "Offence count location"].copy()
    frame["month"] = pd.to_datetime(frame["recorded_date_months"]).dt.to_period("M")
    frame["ward"] = frame["ward_name_clean_2"].fillna("Not stated").replace("", "Not stated")
    return frame


@pytest.fixture(scope="module")
def camden(raw_location) -> pd.DataFrame:
    return raw_location.loc[raw_location["borough_name"] == BOROUGH]


@pytest.fixture(scope="module")
def windows(raw_location) -> dict[str, tuple[pd.Period, pd.Period]]:
    last = raw_location["month"].max()
    return {"latest": (last - 11, last), "previous": (last - 23, last - 12)}


@pytest.fixture(scope="module")
def pack(real_store) -> openpyxl.Workbook:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VAWG_STORE", str(real_store))
        view_cache.clear()
        payload = borough_pack_bytes(BOROUGH, VIEW)
    return openpyxl.load_workbook(io.BytesIO(payload))


def rows_of(sheet) -> list[dict]:
    """The sheet's one table as a list of {header: value}."""
    (table,) = sheet.tables.values()
    cells = [[c.value for c in row] for row in sheet[table.ref]]
    return [dict(zip(cells[0], row)) for row in cells[1:]]


def sheet_titled(book: openpyxl.Workbook, start: str):
    found = [book[name] for name in book.sheetnames if str(book[name]["A1"].value).startswith(start)]
    assert len(found) == 1, [book[n]["A1"].value for n in book.sheetnames]
    return found[0]


def total(frame: pd.DataFrame, window: tuple[pd.Period, pd.Period]) -> int:
    return int(frame.loc[frame["month"].between(*window), "count"].sum())


def test_the_pack_is_camdens_with_a_cover_first(pack):
    assert pack.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    assert pack["Cover"]["A1"].value == "Violence against women and girls in Camden: borough pack"
    cover = "\n".join(str(r[0]) for r in pack["Cover"].iter_rows(values_only=True) if r[0])
    assert VIEW in cover and "Open Government Licence v3.0" in cover
    assert "SAMPLE DATA" not in cover


def test_offences_by_month_equal_the_raw_file(pack, camden):
    expected = camden.groupby("month")["count"].sum()
    rows = rows_of(sheet_titled(pack, "VAWG offences in Camden by month"))
    shown = {pd.Period(r["Month"], "M"): r["Offences"] for r in rows}
    assert set(expected.index) <= set(shown)
    for month, count in expected.items():
        assert shown[month] == int(count), month
    assert all(v == 0 for m, v in shown.items() if m not in expected.index)  # months with no rows are zeros


def test_latest_12_months_against_the_12_before_equal_the_raw_file(pack, camden, windows):
    latest, previous = total(camden, windows["latest"]), total(camden, windows["previous"])
    (row,) = rows_of(sheet_titled(pack, "VAWG offences in Camden, "))
    assert row["Offences, latest 12 months"] == latest
    assert row["Offences, 12 months before"] == previous
    assert row["Change"] == latest - previous
    assert row["Change (%)"] == round(100 * (latest - previous) / previous, 1)
    beyond = stats.binomtest(latest, latest + previous, 0.5).pvalue < 0.05
    assert row["Compared with normal variation"] == (
        "larger than normal variation" if beyond else "within normal variation"
    )
    assert row["Change (%), 95% interval, lower"] < row["Change (%)"] < row["Change (%), 95% interval, upper"]


def test_rate_per_1000_women_and_girls_and_rank_equal_the_raw_files(pack, raw_location, windows):
    people = pd.read_csv(SHARED_DATA / "population" / "lsoa2011_london_mid2020_population_by_sex_age_ons.csv")
    features = json.loads((SHARED_DATA / "geography" / "london_boroughs_gss_wgs84.geojson").read_text())["features"]
    names = {f["properties"]["GSS_CODE"]: f["properties"]["NAME"] for f in features}
    females = people.groupby("LAD11CD")["Females_All-Ages"].sum().rename(index=names)
    boroughs = sorted(set(raw_location["borough_name"]) - {"Other", "Unknown"})
    rates = pd.Series(
        {
            b: 1000 * total(raw_location.loc[raw_location["borough_name"] == b], windows["latest"]) / females[b]
            for b in boroughs
        }
    )
    (row,) = rows_of(sheet_titled(pack, "VAWG offences per 1,000 women and girls in Camden"))
    assert row["Women and girls (population)"] == int(females[BOROUGH])
    assert row["Offences per 1,000 women and girls"] == pytest.approx(rates[BOROUGH], abs=0.0005)
    assert row["Rank by rate (1 = highest)"] == int(rates.rank(ascending=False, method="min")[BOROUGH])
    assert row["Boroughs ranked"] == len(boroughs)


def test_wards_are_ranked_as_the_raw_file_ranks_them(pack, camden, windows):
    latest = camden.loc[camden["month"].between(*windows["latest"])].groupby("ward")["count"].sum()
    previous = camden.loc[camden["month"].between(*windows["previous"])].groupby("ward")["count"].sum()
    placed = latest.drop("Not stated", errors="ignore")
    ranked = placed.sort_index().sort_values(ascending=False, kind="stable")
    rows = rows_of(sheet_titled(pack, "VAWG offences by ward in Camden"))
    shown = [r for r in rows if r["Offences, latest 12 months"] != "[c]" and r["Ward"] != "Not stated"]
    assert [r["Ward"] for r in shown] == [w for w in ranked.index if w in {r["Ward"] for r in shown}]
    assert shown[0]["Ward"] == ranked.index[0] and shown[0]["Rank"] == 1
    for r in shown:
        assert r["Offences, latest 12 months"] == int(latest[r["Ward"]]), r["Ward"]
        if r["Offences, 12 months before"] != "[c]":
            assert r["Offences, 12 months before"] == int(previous.get(r["Ward"], 0)), r["Ward"]
    assert {r["Ward"] for r in rows} == set(latest.index) | set(previous.index)


def test_london_wide_breakdowns_say_so(pack):
    titles = [str(pack[name]["A1"].value) for name in pack.sheetnames[3:]]
    london = [t for t in titles if "by offence group" in t or "victims" in t.lower()]
    assert london and all(t.startswith("London-wide: ") for t in london)


def test_export_xlsx_writes_the_page_workbook_and_camdens_pack(real_store, tmp_path, camden, windows):
    """`python -m dashboard export "/boroughs?borough=Camden" --format xlsx`, as a partner would run it."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "/boroughs?borough=Camden", "--format", "xlsx"]
        + ["--out", str(tmp_path), "--store", str(real_store)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["boroughs_borough-camden.xlsx", "vawg-borough-pack-camden.xlsx"]
    pack = openpyxl.load_workbook(tmp_path / "vawg-borough-pack-camden.xlsx")
    (row,) = rows_of(sheet_titled(pack, "VAWG offences in Camden, "))
    assert row["Offences, latest 12 months"] == total(camden, windows["latest"])
    # The page's workbook holds the page's ward download, and the pack ranks the wards the same way.
    page = openpyxl.load_workbook(tmp_path / "boroughs_borough-camden.xlsx")
    assert page.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    page_wards = rows_of(sheet_titled(page, "VAWG offences by ward in Camden"))
    pack_wards = rows_of(sheet_titled(pack, "VAWG offences by ward in Camden"))
    assert [(r["Ward"], r["Offences, latest 12 months"]) for r in page_wards] == [
        (r["Ward"], r["Offences, latest 12 months"]) for r in pack_wards
    ]
