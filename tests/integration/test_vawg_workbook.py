"""The VAWG dashboard data read from the published workbook (one sheet per cut) and from flattened sheets.

The workbook here is written by the test in the published sheet layout (a title row above the
header, headers in the workbook's own wording); each sheet lands in its own table, never summed.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl

from tests.conftest import ingest

MONTHS = [dt.datetime(2025, 1, 1), dt.datetime(2025, 2, 1)]
LOCATION = [
    ("Central North", "Camden", "Kilburn", 11),
    ("Central North", "Camden", "Frognal", 7),
    ("North West", "Brent", "Harlesden", 9),
]
CLASSIFICATION = [
    (
        "Rape",
        "Rape of a female aged 16 and over",
        "Rape of a female aged 16 or over",
        "Rape of a Female aged 16 and over",
        12,
    ),
    ("Other flagged offences outside of VAWG", "Non-Vawg Crime", "Non-Vawg Crime", "Non-VaWG Classification", 15),
]
AGES = [("Aged 20 to 29 years", 20), ("Aged 30 to 39 years", 7)]
ETHNIC = [("White", 15), ("Black", 12)]


def write_workbook(path):
    book = openpyxl.Workbook()
    book.remove(book.active)

    def sheet(title, header, rows):
        ws = book.create_sheet(title)
        ws.append([f"MPS VAWG dashboard data: {title}"])  # the published workbooks carry a title row
        ws.append(header)
        for month in MONTHS:
            for row in rows:
                ws.append([*row[:-1], month, month, row[-1]])

    sheet(
        "Offence count location",
        [
            "BCU Location",
            "Borough Name",
            "Ward Name Clean 2",
            "Recorded Date (Months)",
            "Date Committed From Date (Months)",
            "Count",
        ],
        LOCATION,
    )
    sheet(
        "Offence count classification",
        [
            "CrimSec Group",
            "CrimSecCodeExpansion",
            "CrimSec Offences",
            "VAWG Offence",
            "Recorded Date (Months)",
            "Date Committed From Date (Months)",
            "Count",
        ],
        CLASSIFICATION,
    )
    sheet(
        "Victim count by location",
        [
            "BCU Location",
            "Borough Name",
            "Ward Name Clean 2",
            "Recorded Date (Months)",
            "Date Committed From Date (Months)",
            "Count",
        ],
        LOCATION,
    )
    sheet(
        "Victim count by age group",
        ["Age Group", "Recorded Date (Months)", "Date Committed From Date (Months)", "Count"],
        AGES,
    )
    sheet(
        "Victim count by ethnic group",
        ["Ethnic Appearance Group Group", "Recorded Date (Months)", "Date Committed From Date (Months)", "Count"],
        ETHNIC,
    )
    book.save(path)


def totals(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            "SELECT (SELECT sum(offences) FROM vawg_offences), "
            "(SELECT sum(offences) FROM vawg_offences_by_classification), "
            "(SELECT sum(offences) FILTER (WHERE NOT is_vawg) FROM vawg_offences_by_classification), "
            "(SELECT sum(victims) FROM vawg_victims), (SELECT sum(victims) FROM vawg_victims_by_age), "
            "(SELECT sum(victims) FROM vawg_victims_by_ethnicity), "
            "(SELECT sum(offences) FROM vawg_offences WHERE borough_code = 'E09000007')"
        ).fetchone()


def test_the_published_workbook_fills_one_table_per_sheet(tmp_path):
    source = tmp_path / "vawg"
    source.mkdir()
    write_workbook(source / "vawg-dashboard-data.xlsx")
    store = tmp_path / "store.duckdb"
    result = ingest([source], store)
    assert result.returncode == 0, result.stderr
    # each sheet sums to 27 a month over 2 months; Camden is 18 a month; 15 a month are outside VAWG
    assert totals(store) == (54, 54, 30, 54, 54, 54, 36)


def test_a_flattened_location_sheet_must_say_what_it_counts(tmp_path):
    source = tmp_path / "flat"
    source.mkdir()
    header = "BCU Location,Borough Name,Ward Name Clean 2,Recorded Date (Months),Count\n"
    (source / "location.csv").write_text(header + "Central North,Camden,Kilburn,2025-01-01,11\n")
    (source / "offences.csv").write_text(
        header.replace("Count", "Offences") + "Central North,Camden,Kilburn,2025-01-01,11\n"
    )
    store = tmp_path / "store.duckdb"
    result = ingest([source], store)
    assert result.returncode == 0, result.stderr
    assert "location.csv" in result.stdout and "does not say whether it counts offences or victims" in result.stdout
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT sum(offences) FROM vawg_offences").fetchone()[0] == 11
