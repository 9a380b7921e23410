"""Two releases built by the real command line: the bundled sample, then a copy the publisher "revised".

The second copy changes one borough-file figure (January 2026), adds a month to the borough file
(March 2026) and adds offences to one ward's February 2026 in the VAWG data, as a new edition
would. Expected figures are computed here from the files written, with pandas, never by the code
under test.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from dashboard.paths import release_ids
from tests.conftest import SAMPLE_DATA, ingest

BOROUGH_FILE = Path(
    "mps_borough_crime/edition_2026-02_Group_SubGroup_BOCU/MPS Borough Level Crime (most recent 24 months).csv"
)
VAWG_FILE = Path("mps_vawg/vawg-offences.parquet")
REVISED_BOROUGH_MONTH = "202601"
ADDED_BOROUGH_MONTH = "202603"
REVISED_VAWG_MONTH = pd.Timestamp("2026-02-01")
BOROUGH_REVISION = 7
VAWG_REVISION = 1000
LOCATION_SHEET = "Offence count location"


@dataclass(frozen=True)
class TwoReleases:
    store: Path
    old_id: str
    new_id: str
    old_sources: Path
    new_sources: Path


def write_revised_copy(target: Path) -> None:
    """The sample, as a later edition: one borough figure and one VAWG figure revised, one borough month added."""
    shutil.copytree(SAMPLE_DATA, target)
    borough = pd.read_csv(target / BOROUGH_FILE, dtype=str)
    borough.loc[0, REVISED_BOROUGH_MONTH] = str(int(borough.loc[0, REVISED_BOROUGH_MONTH]) + BOROUGH_REVISION)
    borough[ADDED_BOROUGH_MONTH] = borough["202602"]
    borough.to_csv(target / BOROUGH_FILE, index=False)
    vawg = pd.read_parquet(target / VAWG_FILE)
    row = vawg.index[(vawg["sheet"] == LOCATION_SHEET) & (vawg["recorded_date_months"] == REVISED_VAWG_MONTH)][0]
    vawg.loc[row, "count"] += VAWG_REVISION
    vawg.to_parquet(target / VAWG_FILE, index=False)


def borough_month_total(sources: Path, month: str) -> int:
    """London's total for a month of the borough file, summed from the CSV (every row is an area x subgroup)."""
    return int(pd.read_csv(sources / BOROUGH_FILE, dtype={month: "int64"})[month].sum())


def vawg_location_total(sources: Path, first: pd.Timestamp, last: pd.Timestamp) -> int:
    """VAWG offences in London over the months first..last, summed from the 'Offence count location' sheet."""
    vawg = pd.read_parquet(sources / VAWG_FILE)
    months = vawg["recorded_date_months"]
    return int(vawg.loc[(vawg["sheet"] == LOCATION_SHEET) & months.between(first, last), "count"].sum())


def build_two_releases(tmp_path_factory: pytest.TempPathFactory) -> TwoReleases:
    """The two releases, built once per test session by each module's `two_releases` fixture."""
    root = tmp_path_factory.mktemp("releases")
    store = root / "build" / "vawg.duckdb"
    old_sources, new_sources = root / "edition-1", root / "edition-2"
    shutil.copytree(SAMPLE_DATA, old_sources)
    write_revised_copy(new_sources)
    for sources in (old_sources, new_sources):
        result = ingest([sources], store)
        assert result.returncode == 0, result.stderr
    new_id, old_id = release_ids(store)
    return TwoReleases(store, old_id, new_id, old_sources, new_sources)
