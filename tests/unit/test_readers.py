"""Each reader in dashboard/ingest, one tiny fixture per format quirk the publishers' files have.

Every fixture is written here, in the published layout (see the README's "Published formats read"),
and read the way ingest reads any file: `build.read_source` sniffs the content, picks the reader by
header and returns tidy frames. Bad values that stop the whole ingest are covered by
tests/integration/test_bad_input.py and the XLSX workbook by tests/integration/test_vawg_workbook.py;
the real extracts by the other integration tests.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.ingest.build import read_source
from dashboard.ingest.errors import IngestError, NotRecognised
from dashboard.ingest.reader import ReadResult

CAMDEN, HACKNEY, KENSINGTON, CITY = "E09000007", "E09000012", "E09000020", "E09000001"


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_parquet(path: Path, frame: pd.DataFrame) -> Path:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return path


def read_one(path: Path) -> ReadResult:
    (result,) = read_source(path)
    return result


def only_frame(result: ReadResult) -> pd.DataFrame:
    (frame,) = result.frames.values()
    return frame


def missing_as_none(value: object) -> object:
    """Missing text reads back as None or NaN depending on pandas' string dtype; compare it as None."""
    return None if pd.isna(value) else value


def months(*texts: str) -> list[dt.date]:
    return [dt.date.fromisoformat(t + "-01") for t in texts]


# --- MPS Borough Level Crime: every header since 2008 ---------------------------------------------


def borough_rows(result: ReadResult) -> list[tuple]:
    """(month, code, name, is_borough, group, subgroup, offences) per row, by month then area name."""
    rows = [
        (row.month.date(), missing_as_none(row.borough_code), row.borough_name, row.is_borough,
         row.offence_group, row.offence_subgroup, row.offences)
        for row in only_frame(result).itertuples()
    ]  # fmt: skip
    return sorted(rows, key=lambda row: (row[0], row[2]))


def test_the_legacy_2008_header_in_title_case_meets_the_current_names(tmp_path):
    result = read_one(
        write(
            tmp_path / "MPS_Borough_Level_Crime_Historic.csv",
            "Borough,Major Category,Minor Category,200801,200802\n"
            "Kensington & Chelsea,Violence Against the Person,Common Assault,10,12\n",
        )
    )
    assert result.dataset == "mps_borough_crime" and list(result.frames) == ["recorded_crime"]
    assert result.months == months("2008-01", "2008-02")
    assert borough_rows(result) == [
        (dt.date(2008, 1, 1), KENSINGTON, "Kensington and Chelsea", True, "VIOLENCE AGAINST THE PERSON",
         "COMMON ASSAULT", 10),
        (dt.date(2008, 2, 1), KENSINGTON, "Kensington and Chelsea", True, "VIOLENCE AGAINST THE PERSON",
         "COMMON ASSAULT", 12),
    ]  # fmt: skip


def test_the_lookup_header_with_crlf_keeps_the_airports_as_an_area_that_is_not_a_borough(tmp_path):
    result = read_one(
        write(
            tmp_path / "borough.csv",
            "MajorText,MinorText,LookUp_BoroughName,201904\r\n"
            "Violence Against the Person,Common Assault,London Heathrow and London City Airports,3\r\n"
            "Violence Against the Person,Common Assault,Camden,40\r\n",
        )
    )
    rows = borough_rows(result)
    assert (dt.date(2019, 4, 1), None, "London Heathrow and London City Airports", False,
            "VIOLENCE AGAINST THE PERSON", "COMMON ASSAULT", 3) in rows  # fmt: skip
    assert (dt.date(2019, 4, 1), CAMDEN, "Camden", True, "VIOLENCE AGAINST THE PERSON", "COMMON ASSAULT", 40) in rows


def test_the_boroughname_header_in_upper_case_with_an_unknown_area(tmp_path):
    result = read_one(
        write(
            tmp_path / "borough.csv",
            "MajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Unknown,2\nSEXUAL OFFENCES,RAPE,Hackney,9\n",
        )
    )
    assert borough_rows(result) == [
        (dt.date(2024, 1, 1), HACKNEY, "Hackney", True, "SEXUAL OFFENCES", "RAPE", 9),
        (dt.date(2024, 1, 1), None, "Unknown", False, "SEXUAL OFFENCES", "RAPE", 2),
    ]


def test_the_bocu_header_with_a_quoted_comma_meets_the_earlier_name(tmp_path):
    newer = read_one(
        write(
            tmp_path / "bocu.csv",
            'Group,SubGroup,BOCU,202603\nPUBLIC ORDER OFFENCES,"PUBLIC FEAR, ALARM OR DISTRESS",Camden,21\n',
        )
    )
    older = read_one(
        write(
            tmp_path / "older.csv",
            "MajorText,MinorText,BoroughName,202402\nPUBLIC ORDER OFFENCES,PUBLIC FEAR ALARM OR DISTRESS,Camden,19\n",
        )
    )
    assert only_frame(newer)["offence_subgroup"].tolist() == only_frame(older)["offence_subgroup"].tolist()
    assert only_frame(newer)["offence_subgroup"].tolist() == ["PUBLIC FEAR ALARM OR DISTRESS"]


def test_the_parquet_mirror_with_lower_case_headers_and_integer_columns(tmp_path):
    frame = pd.DataFrame(
        {
            "majortext": ["SEXUAL OFFENCES"],
            "minortext": ["RAPE"],
            "boroughname": ["Camden"],
            "202403": pd.array([7], dtype="Int64"),
            "202404": pd.array([5], dtype="Int64"),
        }
    )
    result = read_one(write_parquet(tmp_path / "recorded-crime-borough.parquet", frame))
    assert result.dataset == "mps_borough_crime" and result.months == months("2024-03", "2024-04")
    assert only_frame(result)["offences"].tolist() == [7, 5]


def test_a_gzipped_borough_file_is_read_by_its_content_whatever_its_name(tmp_path):
    text = "MajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Camden,14\n"
    result = read_one(write(tmp_path / "download.bin", gzip.compress(text.encode(), mtime=0)))
    assert result.dataset == "mps_borough_crime" and only_frame(result)["offences"].tolist() == [14]


def test_a_byte_order_mark_does_not_hide_the_first_column(tmp_path):
    text = "\ufeffMajorText,MinorText,BoroughName,202401\nSEXUAL OFFENCES,RAPE,Camden,14\n"
    assert read_one(write(tmp_path / "bom.csv", text)).dataset == "mps_borough_crime"


# --- MPS Ward Level Crime ----------------------------------------------------------------------------


def test_the_ward_file_is_read_as_wards_not_as_a_borough_file(tmp_path):
    result = read_one(
        write(
            tmp_path / "ward.csv",
            "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202402,202403\n"
            "SEXUAL OFFENCES,RAPE,Kilburn,E05013660,Camden,1,2\n"
            "SEXUAL OFFENCES,RAPE,Heathrow Villages,E05013570,Aviation Security (SO18),0,3\n",
        )
    )
    assert result.dataset == "mps_ward_crime" and list(result.frames) == ["recorded_crime_ward"]
    frame = only_frame(result).sort_values(["ward_code", "month"])
    assert frame["ward_code"].tolist() == ["E05013570", "E05013570", "E05013660", "E05013660"]
    assert frame["offences"].tolist() == [0, 3, 1, 2]
    heathrow = frame.loc[frame["ward_code"] == "E05013570"].iloc[0]
    assert heathrow["borough_name"] == "Aviation Security (SO18)" and not heathrow["is_borough"]
    assert pd.isna(heathrow["borough_code"])


def test_a_finer_area_file_with_a_borough_column_is_skipped_not_misread(tmp_path):
    # LSOA-level crime carries a borough column but is not a borough file: skipped with a reason.
    path = write(
        tmp_path / "lsoa.csv",
        "LSOA Code,LSOA Name,Borough,Major Category,Minor Category,201901\n"
        "E01000001,City of London 001A,City of London,Sexual Offences,Rape,1\n",
    )
    with pytest.raises(NotRecognised):
        read_source(path)


# --- MPS VAWG dashboard data: sheets stacked, or one per file ----------------------------------------

VAWG_STACKED = (
    "Sheet,BCU Location,Borough Name,Ward Name Clean 2,CrimSec Group,CrimSecCodeExpansion,CrimSec Offences,"
    "VAWG Offence,Age Group,Ethnic Appearance Group Group,Recorded Date (Months),Date Committed From Date (Months),"
    "Count\n"
    "Offence count location,Central North,Camden,Kilburn,,,,,,,2025-01-01,2025-01-01,11\n"
    "Offence count location,Central North,Camden,,,,,,,,2025-01-01,2025-01-01,4\n"
    "Offence count location,Other,Other,,,,,,,,2025-01-01,2025-01-01,2\n"
    "Offence count classification,,,,Rape,Rape of a female,Rape of a female aged 16 or over,Rape,,,"
    "2025-01-01,2025-01-01,12\n"
    "Offence count classification,,,,Other flagged offences outside of VAWG,Non-Vawg Crime,Non-Vawg Crime,"
    "Non-VaWG Classification,,,2025-01-01,2025-01-01,15\n"
    "Victim count by location,Central North,Camden,Kilburn,,,,,,,2025-01-01,2025-01-01,9\n"
    "Victim count by age group,,,,,,,,Aged 20 to 29 years,,2025-01-01,2025-01-01,20\n"
    "Victim count by ethnic group,,,,,,,,,,2025-01-01,2025-01-01,7\n"
)


def test_stacked_sheets_fill_one_table_per_sheet_and_are_never_summed(tmp_path):
    result = read_one(write(tmp_path / "vawg.csv", VAWG_STACKED))
    assert result.dataset == "mps_vawg" and result.months == months("2025-01")
    assert set(result.frames) == {
        "vawg_offences",
        "vawg_offences_by_classification",
        "vawg_victims",
        "vawg_victims_by_age",
        "vawg_victims_by_ethnicity",
    }
    offences = result.frames["vawg_offences"]
    assert offences["offences"].sum() == 17 and result.frames["vawg_victims"]["victims"].tolist() == [9]
    # An empty ward name is 'Not stated'; 'Other' is an area that is not a borough.
    assert sorted(offences["ward_name"]) == ["Kilburn", "Not stated", "Not stated"]
    other = offences.loc[offences["borough_name"] == "Other"].iloc[0]
    assert not other["is_borough"] and pd.isna(other["borough_code"])
    classification = result.frames["vawg_offences_by_classification"].set_index("offence_group")
    assert classification.loc["Rape", "is_vawg"]
    assert not classification.loc["Other flagged offences outside of VAWG", "is_vawg"]
    # An empty ethnic group is 'Not stated', not dropped.
    assert result.frames["vawg_victims_by_ethnicity"]["ethnic_group"].tolist() == ["Not stated"]


def test_stacked_sheets_in_the_parquet_mirror_with_timestamps(tmp_path):
    frame = pd.DataFrame(
        {
            "bcu_location": ["Central North", None],
            "borough_name": ["Camden", None],
            "ward_name_clean_2": ["Kilburn", None],
            "recorded_date_months": pd.to_datetime(["2025-02-01", "2025-02-01"]),
            "date_committed_from_date_months": pd.to_datetime(["2025-02-01", "2025-02-01"]),
            "count": pd.array([11, 20], dtype="Int64"),
            "sheet": ["Offence count location", "Victim count by age group"],
            "age_group": [None, "Aged 20 to 29 years"],
        }
    )
    result = read_one(write_parquet(tmp_path / "vawg-offences.parquet", frame))
    assert result.frames["vawg_offences"]["offences"].tolist() == [11]
    assert result.frames["vawg_victims_by_age"]["victims"].tolist() == [20]
    assert result.months == months("2025-02")


@pytest.mark.parametrize(("count_column", "table", "unit"), [("Offences", "vawg_offences", "offences"),
                                                              ("Victims", "vawg_victims", "victims")])  # fmt: skip
def test_one_location_sheet_per_file_says_what_it_counts_in_its_count_column(tmp_path, count_column, table, unit):
    text = (
        f"BCU Location,Borough Name,Ward Name Clean 2,Recorded Date (Months),{count_column}\n"
        "Central North,Camden,Kilburn,2025-03-01,6\n"
    )
    result = read_one(write(tmp_path / "sheet.csv", text))
    assert list(result.frames) == [table] and result.frames[table][unit].tolist() == [6]


def test_one_age_sheet_per_file_needs_no_sheet_column(tmp_path):
    text = "Age Group,Recorded Date (Months),Count\nAged 20 to 29 years,2025-03-01,20\n,2025-03-01,3\n"
    result = read_one(write(tmp_path / "ages.csv", text))
    assert result.frames["vawg_victims_by_age"]["age_group"].tolist() == ["Aged 20 to 29 years", "Not stated"]


def test_a_stacked_row_naming_a_sheet_the_workbook_does_not_have_is_an_error(tmp_path):
    text = VAWG_STACKED + "Offence count by moon phase,,,,,,,,,,2025-01-01,2025-01-01,1\n"
    with pytest.raises(IngestError, match="a sheet name of the VAWG workbook"):
        read_source(write(tmp_path / "vawg.csv", text))


# --- MPS homicide victims: Recorded Date, or Recorded Year + Recorded Month --------------------------

VICTIM_FIELDS = (
    "Count of Victims,Age Group,Sex,{method},Domestic Abuse,{dates},Homicide Offence Type,Solved Status,Borough,"
    "Officer Observed Ethnicity"
)


def victims(result: ReadResult) -> list[tuple]:
    """(month, year, code, name, sex, method, is_domestic_abuse, ethnicity, victims) per row, in file order."""
    return [
        (r.month.date(), r.year, missing_as_none(r.borough_code), r.borough_name, r.sex, r.method,
         r.is_domestic_abuse, r.ethnicity, r.victims)
        for r in only_frame(result).itertuples()
    ]  # fmt: skip


def test_victims_with_year_and_month_columns_crlf_and_no_final_newline(tmp_path):
    # The spreadsheet export: MethodofKilling, Recorded Year + Recorded Month, '&' in names, CRLF.
    header = VICTIM_FIELDS.format(method="MethodofKilling", dates="Recorded Year,Recorded Month")
    text = (
        header + "\r\n"
        "1,35 to 44,Female,Blunt Implement,Domestic Abuse,2003,Nov,Murder,Solved,Kensington & Chelsea,Asian\r\n"
        "1,20 to 24,Male,Knife or Sharp Implement,Not Domestic Abuse,2004,January,Murder,Solved,Unmapped,"
    )
    result = read_one(write(tmp_path / "original_homicide.xlsx - dataset.csv", text))
    assert result.dataset == "mps_homicide_victims"
    assert victims(result) == [
        (dt.date(2003, 11, 1), 2003, KENSINGTON, "Kensington and Chelsea", "Female", "Blunt Implement", True, "Asian",
         1),
        (dt.date(2004, 1, 1), 2004, None, "Unmapped", "Male", "Knife or Sharp Implement", False, "Not recorded", 1),
    ]  # fmt: skip


@pytest.mark.parametrize("recorded", ["2003-11-01", "01/11/2003", "Nov-03", "Nov 2003"])
def test_victims_with_one_recorded_date_column(tmp_path, recorded):
    # The Datastore CSV: 'Method of Killing' with spaces and a single Recorded Date.
    header = VICTIM_FIELDS.format(method="Method of Killing", dates="Recorded Date")
    text = header + f"\n1,35 to 44,Female,Blunt Implement,Domestic Abuse,{recorded},Murder,Solved,Camden,Asian\n"
    (row,) = victims(read_one(write(tmp_path / "victims.csv", text)))
    assert row[:3] == (dt.date(2003, 11, 1), 2003, CAMDEN)


def test_a_victim_month_that_is_not_a_month_is_an_error(tmp_path):
    header = VICTIM_FIELDS.format(method="MethodofKilling", dates="Recorded Year,Recorded Month")
    text = header + "\n1,35 to 44,Female,Blunt Implement,Domestic Abuse,2003,Smarch,Murder,Solved,Camden,Asian\n"
    with pytest.raises(IngestError, match="line 2, column 'Recorded Month': expected a recorded date"):
        read_source(write(tmp_path / "victims.csv", text))


# --- MPS homicide accused (persons proceeded against) ---------------------------------------------


def test_accused_in_the_parquet_mirror_with_month_year_text_dates(tmp_path):
    frame = pd.DataFrame(
        {
            "count_of_ppa": pd.array([1, 2], dtype="Int64"),
            "borough": ["Hammersmith & Fulham", "Heathrow"],
            "gender": ["Male", ""],
            "age_group": ["15 to 19", "20 to 24"],
            "self_classified_ethnicity": ["White", "Black"],
            "offence_type": ["Murder", "Manslaughter"],
            "charged_summonsed": ["Charge or Summons", "Charge or Summons"],
            "proceedings_date": ["Nov-03", "Jan-24"],
        }
    )
    result = read_one(write_parquet(tmp_path / "homicide-accused-ppa.parquet", frame))
    assert result.dataset == "mps_homicide_accused" and result.months == months("2003-11", "2024-01")
    accused = only_frame(result)
    assert accused["borough_name"].tolist() == ["Hammersmith and Fulham", "Heathrow"]
    assert accused["is_borough"].tolist() == [True, False]
    assert accused["sex"].tolist() == ["Male", "Not recorded"] and accused["persons"].tolist() == [1, 2]


# --- police.uk street-level crime --------------------------------------------------------------------

POLICE_UK_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n"
)


def test_police_uk_rows_keep_empty_ids_and_coordinates_as_null_and_take_the_borough_from_the_lsoa(tmp_path):
    text = (
        POLICE_UK_HEADER + "abc123,2024-03,Metropolitan Police Service,Metropolitan Police Service,-0.14,51.54,"
        "On or near Parking Area,E01000907,Camden 001A,Violence and sexual offences,Under investigation,\n"
        ",2024-03,City of London Police,City of London Police,,,No Location,,,Anti-social behaviour,,\n"
    )
    result = read_one(write(tmp_path / "2024-03-metropolitan-street.csv", text))
    assert result.dataset == "police_uk_street" and result.months == months("2024-03")
    first, second = only_frame(result).to_dict("records")
    assert (first["crime_id"], first["borough_code"], first["borough_name"]) == ("abc123", CAMDEN, "Camden")
    assert (first["longitude"], first["latitude"]) == (-0.14, 51.54)
    assert pd.isna(second["crime_id"]) and pd.isna(second["lsoa_name"]) and pd.isna(second["borough_code"])
    assert math.isnan(second["longitude"]) and math.isnan(second["latitude"])
    assert second["force"] == "City of London Police" and pd.isna(second["outcome"])


def test_a_police_uk_coordinate_out_of_range_is_an_error(tmp_path):
    text = POLICE_UK_HEADER + "x,2024-03,MPS,MPS,-0.14,151.54,On or near,E01000907,Camden 001A,Robbery,,\n"
    with pytest.raises(IngestError, match="column 'Latitude': expected a latitude between -90 and 90"):
        read_source(write(tmp_path / "street.csv", text))


# --- London borough boundaries (GeoJSON) ---------------------------------------------------------------

SQUARE = [[[-0.2, 51.5], [-0.1, 51.5], [-0.1, 51.6], [-0.2, 51.6], [-0.2, 51.5]]]


def feature(code_key: str, code: str, geometry_type: str = "Polygon") -> dict:
    coordinates = SQUARE if geometry_type == "Polygon" else [SQUARE]
    return {
        "type": "Feature",
        "properties": {code_key: code, "NAME": code},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def test_boundaries_keep_london_boroughs_by_gss_code_in_polygons_and_multipolygons(tmp_path):
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            feature("GSS_CODE", CAMDEN),
            feature("GSS_CODE", CITY, "MultiPolygon"),
            feature("GSS_CODE", "E06000001"),  # not in London: left out
        ],
    }
    result = read_one(write(tmp_path / "london_boroughs_gss_wgs84.geojson", json.dumps(document)))
    assert result.dataset == "london_boundaries" and result.rows == 3
    frame = only_frame(result)
    assert frame["borough_code"].tolist() == [CAMDEN, CITY]
    assert json.loads(frame["boundary_geojson"].iloc[1])["type"] == "MultiPolygon"


def test_gzipped_boundaries_with_lower_case_codes_and_no_crs(tmp_path):
    document = {"type": "FeatureCollection", "features": [feature("gss_code", HACKNEY)]}
    path = write(tmp_path / "boundaries.json.gz", gzip.compress(json.dumps(document).encode(), mtime=0))
    assert only_frame(read_one(path))["borough_code"].tolist() == [HACKNEY]


def test_boundaries_in_british_national_grid_are_refused(tmp_path):
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": [feature("GSS_CODE", CAMDEN)],
    }
    with pytest.raises(IngestError, match="expected WGS84"):
        read_source(write(tmp_path / "bng.geojson", json.dumps(document)))


# --- ONS small-area population by sex --------------------------------------------------------------------

POPULATION_HEADER = (
    "LSOA11CD,LSOA11NM,MSOA11CD,MSOA11NM,LAD11CD,LAD11NM,"
    + ",".join(f"{sex}_{band}" for sex in ("Persons", "Males", "Females") for band in ("All-Ages", "0-15", "65+"))
    + "\n"
)


def test_population_lsoas_are_summed_to_boroughs_by_sex_and_age_band(tmp_path):
    text = (
        POPULATION_HEADER + "E01000907,Camden 001A,E02000166,Camden 001,E09000007,Camden,100,20,10,48,10,4,52,10,6\n"
        "E01000908,Camden 001B,E02000166,Camden 001,E09000007,Camden,200,40,20,98,20,8,102,20,12\n"
        "E01001708,Hackney 001A,E02000344,Hackney 001,E09000012,Hackney,50,10,5,25,5,2,25,5,3\n"
    )
    result = read_one(write(tmp_path / "lsoa_population_by_sex_age.csv", text))
    assert result.dataset == "ons_population" and result.rows == 3
    population = only_frame(result).set_index(["borough_code", "sex", "age_band"])["population"]
    assert population[(CAMDEN, "female", "all")] == 154
    assert population[(CAMDEN, "female", "65+")] == 18
    assert population[(CAMDEN, "male", "0-15")] == 30
    assert population[(HACKNEY, "persons", "all")] == 50
    assert set(only_frame(result)["year"]) == {2020}


def test_a_population_row_outside_london_is_an_error(tmp_path):
    text = (
        POPULATION_HEADER
        + "E01011949,Hartlepool 001A,E02002483,Hartlepool 001,E06000001,Hartlepool,1,1,1,1,1,1,1,1,1\n"
    )
    with pytest.raises(IngestError, match="expected a London borough GSS code"):
        read_source(write(tmp_path / "population.csv", text))


# --- TfL bus stops (British National Grid) ------------------------------------------------------------

TFL_HEADER = (
    "Stop_Code_LBSL,Bus_Stop_Code,Naptan_Atco,Stop_Name,Location_Easting,Location_Northing,Heading,Stop_Area,"
    "Virtual_Bus_Stop\n"
)


def test_tfl_stops_are_converted_from_british_national_grid_to_wgs84(tmp_path):
    text = (
        TFL_HEADER + '10001,52524,"490007712\nC",PARLIAMENT SQUARE,530171,179738,181,C261,0\n'
        "10002,,490023867U,VIRTUAL STOP,515781,174783,,,1\n"
    )
    result = read_one(write(tmp_path / "bus-stops.csv", text))
    assert result.dataset == "tfl_bus_stops" and result.rows == 2
    first, second = only_frame(result).to_dict("records")
    # A line break inside the quoted ATCO code is not part of the code.
    assert first["naptan_atco"] == "490007712C" and not first["is_virtual"]
    assert first["latitude"] == pytest.approx(51.5016, abs=0.001)
    assert first["longitude"] == pytest.approx(-0.1260, abs=0.001)
    assert pd.isna(second["bus_stop_code"]) and pd.isna(second["heading"]) and second["is_virtual"]


def test_a_tfl_easting_that_is_not_grid_metres_is_an_error(tmp_path):
    text = TFL_HEADER + "10001,52524,490007712C,A STOP,-5,179738,181,C261,0\n"
    with pytest.raises(IngestError, match="column 'Location_Easting': expected British National Grid metres"):
        read_source(write(tmp_path / "bus-stops.csv", text))


# --- The project's contracts (bus-shelter pilot, female homicide release) ------------------------------


def test_pilot_sites_contract(tmp_path):
    result = read_one(write(tmp_path / "pilot_sites.csv", "bus_stop_code,phase,camera_live_date\n99594,1,2025-03-01\n"))
    assert result.dataset == "tfl_pilot_sites"
    (site,) = only_frame(result).to_dict("records")
    assert site == {"bus_stop_code": "99594", "phase": 1, "camera_live_date": pd.Timestamp("2025-03-01")}


def test_passenger_survey_contract_accepts_the_wave_in_any_case_and_nothing_else(tmp_path):
    header = "site_group,wave,question,response,respondents\n"
    ok = read_one(write(tmp_path / "passenger_survey.csv", header + "pilot,Before,How safe?,Very safe,23\n"))
    assert ok.dataset == "tfl_passenger_survey" and only_frame(ok)["wave"].tolist() == ["before"]
    with pytest.raises(IngestError, match="column 'wave': expected one of before, after, found 'during'"):
        read_source(write(tmp_path / "bad_survey.csv", header + "pilot,during,How safe?,Very safe,23\n"))


def test_shelter_incidents_contract_reads_months(tmp_path):
    text = "bus_stop_code,month,incidents,source\n99594,2025-03,2,TfL\n99594,2025-04-01,0,TfL\n"
    result = read_one(write(tmp_path / "shelter_incidents.csv", text))
    assert result.dataset == "tfl_shelter_incidents" and result.months == months("2025-03", "2025-04")


def test_female_homicide_release_contract(tmp_path):
    text = (
        "year,victim_age_group,victim_ethnicity,suspect_ethnicity,relationship_to_offender,victims\n"
        "2021,0 to 12,Asian,Asian,Family member,1\n"
    )
    result = read_one(write(tmp_path / "female_homicide_release.csv", text))
    assert result.dataset == "mps_female_homicide_release" and only_frame(result)["year"].tolist() == [2021]


def test_a_contract_file_with_an_extra_column_is_not_taken_for_the_contract(tmp_path):
    path = write(tmp_path / "pilot_sites.csv", "bus_stop_code,phase,camera_live_date,notes\n99594,1,2025-03-01,x\n")
    with pytest.raises(NotRecognised):
        read_source(path)
