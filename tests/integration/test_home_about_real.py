"""Home and About on a store built from the real published extracts (../shared/data), against the raw files."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.disclosure import display_count
from tests.app.conftest import reveal
from tests.conftest import PROJECT_ROOT, SHARED_DATA

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
VAWG_FILE = SHARED_DATA / "mps_vawg" / "vawg-offences.parquet"
HOMICIDE_FILE = SHARED_DATA / "mps_homicide" / "original_homicide.xlsx - dataset.csv"


def words(month: pd.Period) -> str:
    return f"{month.strftime('%B')} {month.year}"


def run_app(store: Path, page: str | None = None, *, open_sections: bool = False) -> AppTest:
    old = os.environ.get("VAWG_STORE")
    os.environ["VAWG_STORE"] = str(store)
    try:
        at = AppTest.from_file(APP, default_timeout=300)
        if page:
            at.switch_page(page)
        at.run()
        if open_sections:  # while the store is set: each opening reruns the page
            reveal(at)
    finally:
        if old is None:
            os.environ.pop("VAWG_STORE", None)
        else:
            os.environ["VAWG_STORE"] = old
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def home(real_store) -> AppTest:
    return run_app(real_store)


@pytest.fixture(scope="module")
def about(real_store) -> AppTest:
    return run_app(real_store, "page_scripts/about.py", open_sections=True)


@pytest.fixture(scope="module")
def raw_vawg() -> pd.DataFrame:
    frame = pd.read_parquet(
        VAWG_FILE, columns=["sheet", "recorded_date_months", "count", "crimsec_group", "vawg_offence"]
    )
    return frame.assign(month=frame["recorded_date_months"].dt.to_period("M"))


def tile_block(at: AppTest, key: str):
    return next(b for b in at.get("flex_container") if getattr(b, "key", None) == key)


def test_london_latest_12_months_equals_the_raw_location_sheet(home, raw_vawg):
    location = raw_vawg[raw_vawg["sheet"] == "Offence count location"]
    by_month = location.groupby("month")["count"].sum()
    last = by_month.index.max()
    latest = int(by_month[by_month.index > last - 12].sum())
    before = int(by_month[(by_month.index <= last - 12) & (by_month.index > last - 24)].sum())
    assert len(by_month[by_month.index > last - 24]) == 24

    block = tile_block(home, "tile-vawg")
    metric = block.get("metric")[0]
    text = " ".join(m.value for m in block.get("markdown"))
    assert metric.label == f"{words(last - 11)} to {words(last)}"
    assert metric.value == f"{latest:,}"
    change = 100 * (latest - before) / before
    assert metric.delta == f"{abs(change):.1f}% {'more' if change > 0 else 'fewer'} than the 12 months before"
    assert f"{words(last - 23)} to {words(last - 12)}: {before:,} offences." in text

    # The share outside VAWG comes from the other sheet, same months, never added to the first.
    classification = raw_vawg[(raw_vawg["sheet"] == "Offence count classification") & (raw_vawg["month"] > last - 12)]
    outside = classification[
        (classification["crimsec_group"] == "Other flagged offences outside of VAWG")
        | (classification["vawg_offence"] == "Non-VaWG Classification")
    ]
    assert f"{int(outside['count'].sum()):,} of these offences" in text
    up_to = next(m.value for m in home.markdown if m.value.startswith("**VAWG data up to and including"))
    assert up_to.startswith(f"**VAWG data up to and including {words(last)}.**")


def test_female_homicide_latest_full_year_equals_the_raw_file(home):
    raw = pd.read_csv(HOMICIDE_FILE)
    months = {
        m: i
        for i, m in enumerate(
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
        )
    }
    raw = raw.assign(month_number=raw["Recorded Month"].str[:3].map(months))
    last_year = int(raw["Recorded Year"].max())
    full_year = last_year if raw.loc[raw["Recorded Year"] == last_year, "month_number"].max() == 12 else last_year - 1
    female = raw[raw["Sex"] == "Female"].groupby("Recorded Year")["Count of Victims"].sum()

    block = tile_block(home, "tile-homicide")
    metric = block.get("metric")[0]
    assert metric.label == f"Women and girls killed in {full_year}"
    assert metric.value.replace("\\", "") == display_count(int(female[full_year]))
    text = " ".join(m.value for m in block.get("markdown"))
    assert f"In {full_year - 1}: {display_count(int(female[full_year - 1]))}." in text


def test_no_pilot_data_so_the_tile_quotes_the_met(home):
    block = tile_block(home, "tile-shelters")
    assert block.get("metric")[0].value == "None yet"
    assert "15 additional cameras and locations" in " ".join(m.value for m in block.get("markdown"))


def test_about_lists_every_datasets_row_with_the_files_own_checksum(about, real_store):
    with duckdb.connect(str(real_store), read_only=True) as con:
        files = con.execute("SELECT file_name, file_path, sha256, is_sample FROM datasets").df()
    assert not files["is_sample"].any()
    shown = [t.value for t in about.table if "SHA-256 checksum" in t.value.columns]
    rows = [(re.sub(r"\\(.)", r"\1", r["File"]), r["SHA-256 checksum"]) for t in shown for _, r in t.iterrows()]
    assert sorted(rows) == sorted(zip(files["file_name"], files["sha256"]))
    # The checksum shown is the checksum of the file on disk, computed here independently.
    for row in files.itertuples():
        path = Path(row.file_path)
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256, row.file_name
    text = " ".join(m.value for m in about.markdown)
    assert "Published data, not sample data." in text
    assert "Sample data: these files" not in text
