"""The synthetic sample: deterministic, committed exactly as generated, and shaped like the real files.

Headers below are written out literally on purpose: they are the published headers (see
/work/shared/data/SOURCES.md), and ingest recognises files by them.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.paths import SAMPLE_DIR
from tools import sample_data as sd

BOROUGH_NEW_HEADER = (
    "Group,SubGroup,BOCU,202403,202404,202405,202406,202407,202408,202409,202410,202411,202412,"
    "202501,202502,202503,202504,202505,202506,202507,202508,202509,202510,202511,202512,202601,202602"
)
BOROUGH_OLD_HEADER = (
    "MajorText,MinorText,BoroughName,202203,202204,202205,202206,202207,202208,202209,202210,202211,"
    "202212,202301,202302,202303,202304,202305,202306,202307,202308,202309,202310,202311,202312,"
    "202401,202402,202403,202404,202405,202406,202407,202408,202409,202410,202411,202412,202501,202502"
)
WARD_HEADER = (
    "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202403,202404,202405,202406,202407,"
    "202408,202409,202410,202411,202412,202501,202502,202503,202504,202505,202506,202507,202508,"
    "202509,202510,202511,202512,202601,202602"
)
HOMICIDE_VICTIMS_HEADER = (
    "Count of Victims,Age Group,Sex,MethodofKilling,Domestic Abuse,Recorded Year,Recorded Month,"
    "Homicide Offence Type,Solved Status,Borough,Officer Observed Ethnicity"
)
STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)
POPULATION_HEADER = (
    "LSOA11CD,LSOA11NM,MSOA11CD,MSOA11NM,LAD11CD,LAD11NM,Persons_All-Ages,Persons_0-15,Persons_16-29,"
    "Persons_30-44,Persons_45-64,Persons_65+,Males_All-Ages,Males_0-15,Males_16-29,Males_30-44,"
    "Males_45-64,Males_65+,Females_All-Ages,Females_0-15,Females_16-29,Females_30-44,Females_45-64,"
    "Females_65+"
)
BUS_STOPS_HEADER = (
    "Stop_Code_LBSL,Bus_Stop_Code,Naptan_Atco,Stop_Name,Location_Easting,Location_Northing,Heading,"
    "Stop_Area,Virtual_Bus_Stop"
)
CSV_HEADERS = {
    "mps_borough_crime/edition_2026-02_Group_SubGroup_BOCU/MPS Borough Level Crime (most recent 24 months).csv": BOROUGH_NEW_HEADER,
    "mps_borough_crime/edition_2025-02_BoroughName/MPS Borough Level Crime (Historical).csv": BOROUGH_OLD_HEADER,
    "mps_ward_crime/edition_2026-02/MPS Ward Level Crime (most recent 24 months).csv.gz": WARD_HEADER,
    "mps_homicide/homicide-victims.csv": HOMICIDE_VICTIMS_HEADER,
    "population/lsoa_population_by_sex_age.csv": POPULATION_HEADER,
    "tfl/bus-stops.csv": BUS_STOPS_HEADER,
    "bus_shelter_pilot/pilot_sites.csv": "bus_stop_code,phase,camera_live_date",
    "bus_shelter_pilot/passenger_survey.csv": "site_group,wave,question,response,respondents",
    "female_homicide/female_homicide_release.csv": "year,victim_age_group,victim_ethnicity,suspect_ethnicity,relationship_to_offender,victims",
}
STREET_MONTHS = [
    f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13) if "2024-03" <= f"{y}-{m:02d}" <= "2026-02"
]
PARQUET_SCHEMAS = {
    "mps_vawg/vawg-offences.parquet": [
        ("bcu_location", pa.large_string()),
        ("borough_name", pa.large_string()),
        ("ward_name_clean_2", pa.large_string()),
        ("recorded_date_months", pa.timestamp("us")),
        ("date_committed_from_date_months", pa.timestamp("us")),
        ("count", pa.int64()),
        ("sheet", pa.large_string()),
        ("crimsec_group", pa.large_string()),
        ("crimseccodeexpansion", pa.large_string()),
        ("crimsec_offences", pa.large_string()),
        ("vawg_offence", pa.large_string()),
    ],
    "mps_vawg/vawg-victims.parquet": [
        ("bcu_location", pa.large_string()),
        ("borough_name", pa.large_string()),
        ("ward_name_clean_2", pa.large_string()),
        ("recorded_date_months", pa.timestamp("us")),
        ("date_committed_from_date_months", pa.timestamp("us")),
        ("count", pa.int64()),
        ("sheet", pa.large_string()),
        ("age_group", pa.large_string()),
        ("ethnic_appearance_group_group", pa.large_string()),
    ],
    "mps_homicide/homicide-accused-ppa.parquet": [
        ("count_of_ppa", pa.int64()),
        ("borough", pa.large_string()),
        ("gender", pa.large_string()),
        ("age_group", pa.large_string()),
        ("self_classified_ethnicity", pa.large_string()),
        ("offence_type", pa.large_string()),
        ("charged_summonsed", pa.large_string()),
        ("proceedings_date", pa.large_string()),
    ],
}
BOROUGH_NEW = next(iter(CSV_HEADERS))
WARD = "mps_ward_crime/edition_2026-02/MPS Ward Level Crime (most recent 24 months).csv.gz"


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _text(path: Path) -> str:
    raw = path.read_bytes()
    return (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_text(path), newline="")))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    sd.generate(out)
    return out


def test_two_generations_are_byte_identical(sample: Path, tmp_path: Path) -> None:
    sd.generate(tmp_path / "again")
    assert _hashes(tmp_path / "again") == _hashes(sample)


def test_committed_sample_equals_a_fresh_generation(sample: Path) -> None:
    committed, fresh = _hashes(SAMPLE_DIR), _hashes(sample)
    stale = sorted(set(committed) - set(fresh))
    missing = sorted(set(fresh) - set(committed))
    changed = sorted(k for k in set(fresh) & set(committed) if fresh[k] != committed[k])
    assert not (stale or missing or changed), (
        f"data/sample differs from a fresh `python -m tools.sample_data` "
        f"(stale {stale}, missing {missing}, changed {changed}): regenerate it, never edit it by hand"
    )


def test_manifest_lists_every_file_with_its_hash(sample: Path) -> None:
    manifest = json.loads((sample / "SAMPLE.json").read_text("utf-8"))
    assert set(manifest) == {"description", "generator", "seed", "files"}
    assert "Synthetic sample" in manifest["description"] and "not real figures" in manifest["description"]
    assert manifest["generator"] == "python -m tools.sample_data"
    assert manifest["seed"] == sd.SEED
    on_disk = _hashes(sample)
    del on_disk["SAMPLE.json"]
    assert manifest["files"] == on_disk


@pytest.mark.parametrize("rel", sorted(CSV_HEADERS))
def test_csv_header_is_the_published_one(sample: Path, rel: str) -> None:
    first_line = _text(sample / rel).split("\n", 1)[0].removesuffix("\r")
    assert first_line == CSV_HEADERS[rel]


def test_street_files_cover_24_months_with_the_police_uk_header(sample: Path) -> None:
    folder = sample / "police_uk_street" / "metropolitan"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"{m}-metropolitan-street.csv.gz" for m in STREET_MONTHS]
    total = 0
    for month in STREET_MONTHS:
        rows = _rows(folder / f"{month}-metropolitan-street.csv.gz")
        assert ",".join(rows[0]) == STREET_HEADER
        assert all(len(r) == 12 and r[1] == month for r in rows[1:])
        total += len(rows) - 1
    assert 40_000 <= total <= 60_000


@pytest.mark.parametrize("rel", sorted(PARQUET_SCHEMAS))
def test_parquet_columns_and_types_are_the_published_ones(sample: Path, rel: str) -> None:
    schema = pq.read_schema(sample / rel)
    assert [(f.name, f.type) for f in schema] == PARQUET_SCHEMAS[rel]


def test_line_endings_and_gzip_headers_match_the_originals(sample: Path) -> None:
    victims = (sample / "mps_homicide/homicide-victims.csv").read_bytes()
    assert victims.count(b"\n") == victims.count(b"\r\n") and not victims.endswith(b"\n")  # CRLF, no final EOL
    stops = (sample / "tfl/bus-stops.csv").read_bytes()
    assert stops.count(b"\n") == stops.count(b"\r\n") and stops.endswith(b"\r\n")
    assert b'\r\n",' in stops  # one ATCO code carries an embedded CRLF, as in TfL's list
    for rel in (BOROUGH_NEW, "population/lsoa_population_by_sex_age.csv"):
        data = (sample / rel).read_bytes()
        assert b"\r" not in data and data.endswith(b"\n")
    for path in sample.rglob("*.gz"):
        head = path.read_bytes()[:10]
        assert head[3] == 0 and head[4:8] == b"\0\0\0\0", f"{path.name}: gzip header has a name or mtime"


def test_vawg_sheets_agree_per_month(sample: Path) -> None:
    for rel, sheets in (
        ("mps_vawg/vawg-offences.parquet", {"Offence count location", "Offence count classification"}),
        (
            "mps_vawg/vawg-victims.parquet",
            {"Victim count by location", "Victim count by age group", "Victim count by ethnic group"},
        ),
    ):
        table = pq.read_table(sample / rel, columns=["sheet", "recorded_date_months", "count"]).to_pydict()
        totals: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        for sheet, month, count in zip(table["sheet"], table["recorded_date_months"], table["count"]):
            totals[sheet][month] += count
        assert set(totals) == sheets
        reference = next(iter(totals.values()))
        assert len(reference) == 86  # 2019-01 .. 2026-02
        for sheet, by_month in totals.items():
            assert by_month == reference, f"{rel}: sheet {sheet!r} total differs by month"


def test_vawg_shows_the_connect_drop_and_has_placeholders(sample: Path) -> None:
    table = pq.read_table(sample / "mps_vawg/vawg-offences.parquet").to_pydict()
    by_month: dict = defaultdict(int)
    placeholders = 0
    for sheet, month, committed, count in zip(
        table["sheet"], table["recorded_date_months"], table["date_committed_from_date_months"], table["count"]
    ):
        if sheet == "Offence count location":
            by_month[(month.year, month.month)] += count
            placeholders += committed is not None and committed.year == 1900
    before = sum(v for k, v in by_month.items() if (2023, 3) <= k <= (2024, 2))
    after = sum(v for k, v in by_month.items() if (2024, 3) <= k <= (2025, 2))
    assert after < 0.9 * before
    assert placeholders > 0
    assert all(9_000 <= v <= 16_000 for v in by_month.values())


def test_ward_file_sums_to_the_current_borough_edition(sample: Path) -> None:
    borough = {
        (r[2], r[0], r[1].replace("PUBLIC FEAR, ALARM", "PUBLIC FEAR ALARM")): [int(v) for v in r[3:]]
        for r in _rows(sample / BOROUGH_NEW)[1:]
        if r[2] != "Unknown"
    }
    wards: dict[tuple, list[int]] = {}
    for r in _rows(sample / WARD)[1:]:
        assert r[3].startswith("E059"), "ward codes must be the synthetic E059 range"
        if r[4] == "Aviation Security (SO18)":
            continue
        key = (r[4], r[0], r[1])
        values = [int(v) for v in r[5:]]
        wards[key] = [a + b for a, b in zip(wards.get(key, [0] * len(values)), values)]
    assert wards == borough


def test_mps_files_have_32_boroughs_and_no_city_of_london(sample: Path) -> None:
    areas = {r[2] for r in _rows(sample / BOROUGH_NEW)[1:]}
    assert "City of London" not in areas and "Unknown" in areas and len(areas) == 33
    old = {
        r[2]
        for r in _rows(
            sample / "mps_borough_crime/edition_2025-02_BoroughName/MPS Borough Level Crime (Historical).csv"
        )[1:]
    }
    assert "London Heathrow and London City Airports" in old and "City of London" not in old
    homicide = {r[9] for r in _rows(sample / "mps_homicide/homicide-victims.csv")[1:]}
    assert {"Barking & Dagenham", "Kingston Upon Thames", "Unmapped"} <= homicide and len(homicide) == 33


def test_boundaries_have_all_33_gss_codes(sample: Path) -> None:
    collection = json.loads((sample / "geography/london_boroughs_gss_wgs84.geojson").read_text("utf-8"))
    assert "synthetic" in collection["name"]
    codes = sorted(f["properties"]["GSS_CODE"] for f in collection["features"])
    assert codes == [f"E09{n:06d}" for n in range(1, 34)]


def test_pilot_sites_are_bus_stops_in_the_sample(sample: Path) -> None:
    stop_codes = {r[1] for r in _rows(sample / "tfl/bus-stops.csv")[1:]}
    sites = _rows(sample / "bus_shelter_pilot/pilot_sites.csv")[1:]
    assert [r[1:] for r in sites].count(["1", "2025-03-01"]) == 10
    assert [r[1:] for r in sites].count(["2", "2025-09-01"]) == 5
    assert all(r[0] in stop_codes and r[0] for r in sites)


def test_bng_conversion_matches_pyproj() -> None:
    pyproj = pytest.importorskip("pyproj")
    to_bng = pyproj.Transformer.from_crs(4326, 27700, always_xy=True)
    for lon, lat in ((-0.12463, 51.500729), (0.23, 51.62), (-0.49, 51.31)):
        e, n = sd.wgs84_to_bng(lon, lat)
        e2, n2 = to_bng.transform(lon, lat)
        assert abs(e - e2) < 1 and abs(n - n2) < 1
