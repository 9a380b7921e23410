"""The GSS workbooks (dashboard/workbooks.py): built in memory from hand-made tables, opened with openpyxl.

What a reader of a government spreadsheet checks: the cover is the first sheet and names the
period, sources, licence, view link and any sample stamp; every sheet has its title in A1; no
cell is merged; [c] and [x] are explained on the notes sheet; no table cell is blank; sheet names
are unique and short enough for Excel; and the numbers are the numbers in the CSV, as numbers.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.analysis.change_test import change_test
from dashboard.disclosure import SUPPRESSED_COL, describe_rule
from dashboard.exports import csv_export
from dashboard.figures import vawg as vf
from dashboard.theme import SAMPLE_STAMP
from dashboard.workbooks import (
    MAX_SHEET_NAME,
    SheetTable,
    borough_pack,
    cover_for,
    read_csv_export,
    sheet_names,
    view_workbook,
    ward_table,
)


def _csv(table: pd.DataFrame, *, title: str = "VAWG offences in Camden by month", is_sample: bool = False) -> bytes:
    return csv_export(
        table,
        title=title,
        source="MPS VAWG dashboard data, Metropolitan Police Service, https://example.org/vawg",
        licence="Open Government Licence v3.0",
        period="March 2025 to February 2026",
        view_url="https://vawg.example.org/trends?borough=Camden",
        is_sample=is_sample,
        notes=["Offences rose by 3%."],
    )


def _open(payload: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(payload))


def _table_rows(sheet) -> list[tuple]:
    """The rows of the sheet's one Excel table (header first)."""
    (table,) = sheet.tables.values()
    return [tuple(c.value for c in row) for row in sheet[table.ref]]


PLAIN = pd.DataFrame(
    {
        "Month": ["2025-03", "2025-04", "2025-05"],
        "Offences": [412, "[c]", 7],
        "Change (%)": [-3.5, "", 12.25],
        "Note": ["=SUM(A1)", "fine", "-x"],
    }
)


def test_a_card_csv_reads_back_as_its_table_and_metadata():
    table = read_csv_export(_csv(PLAIN, is_sample=True))
    assert table.title == "VAWG offences in Camden by month"
    assert table.period == "March 2025 to February 2026"
    assert table.licence == "Open Government Licence v3.0"
    assert table.view_url == "https://vawg.example.org/trends?borough=Camden"
    assert table.is_sample
    assert "Offences rose by 3%." in table.notes
    assert list(table.table.columns) == list(PLAIN.columns)
    assert table.table["Offences"].tolist() == [412, "[c]", 7]
    assert table.table["Change (%)"].tolist() == [-3.5, "", 12.25]
    # The CSV's formula guard (a leading apostrophe) is taken off: the workbook never reads text as a formula.
    assert table.table["Note"].tolist() == ["=SUM(A1)", "fine", "-x"]


def _workbook(is_sample: bool = False) -> openpyxl.Workbook:
    tables = [
        read_csv_export(_csv(PLAIN, is_sample=is_sample)),
        read_csv_export(
            _csv(
                pd.DataFrame({"Ward": ["Holborn", "Camden Town"], "Offences": [300, 200]}),
                title="VAWG offences by ward in Camden, a title much longer than thirty-one characters",
            )
        ),
    ]
    cover = cover_for(
        title="Trends in VAWG offences",
        shows="Offences by month for a borough.",
        view_url="https://vawg.example.org/trends?borough=Camden",
        tables=tables,
        data_up_to=dt.date(2026, 2, 1),
    )
    return _open(view_workbook(cover, tables))


def test_the_cover_comes_first_and_says_what_a_reader_needs():
    book = _workbook(is_sample=True)
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    cover = [row[0] for row in book["Cover"].iter_rows(values_only=True) if row[0]]
    text = "\n".join(cover)
    assert cover[0] == "Trends in VAWG offences"
    assert "Offences by month for a borough." in text
    assert "Period: March 2025 to February 2026" in text
    assert "Data up to and including February 2026." in text
    assert "Source: MPS VAWG dashboard data, Metropolitan Police Service, https://example.org/vawg" in text
    assert "Licence: Open Government Licence v3.0" in text
    assert "https://vawg.example.org/trends?borough=Camden" in text
    assert SAMPLE_STAMP in text
    assert "Contact" in text


def test_no_sample_stamp_on_real_figures():
    book = _workbook(is_sample=False)
    text = "\n".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c)
    assert SAMPLE_STAMP not in text


def test_every_sheet_has_its_title_in_a1_and_nothing_is_merged():
    book = _workbook()
    for sheet in book.worksheets:
        assert sheet["A1"].value, sheet.title
        assert not sheet.merged_cells.ranges, sheet.title
    assert book.worksheets[3]["A1"].value == "VAWG offences in Camden by month"


def test_one_table_per_sheet_with_the_csv_numbers_as_numbers_and_no_blank_cell():
    book = _workbook()
    rows = _table_rows(book.worksheets[3])
    assert rows[0] == ("Month", "Offences", "Change (%)", "Note")
    assert rows[1] == ("2025-03", 412, -3.5, "=SUM(A1)")
    assert rows[2] == ("2025-04", "[c]", "[x]", "fine")  # a blank cell becomes [x], not available
    assert all(cell is not None for row in rows for cell in row)
    assert book.worksheets[3]["B" + str(book.worksheets[3].max_row)].data_type == "n"
    # Text that looks like a formula is kept as text.
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)


def test_the_notes_sheet_explains_c_and_x_with_the_disclosure_rule():
    book = _workbook()
    notes = [row for row in book["Notes"].iter_rows(values_only=True)]
    texts = [str(row[1]) for row in notes if row[1]]
    assert any(t.startswith("[c] means suppressed to protect victims") and describe_rule() in t for t in texts)
    assert any(t.startswith("[x] means not available") for t in texts)
    numbers = [row[0] for row in notes if isinstance(row[0], int)]
    assert numbers == [1, 2]
    legend = [row[0] for row in book.worksheets[3].iter_rows(values_only=True) if row[0]]
    assert "[c] = suppressed to protect victims (note 1 on the Notes sheet)" in legend
    assert "[x] = not available (note 2 on the Notes sheet)" in legend


def test_contents_lists_every_table_sheet():
    book = _workbook()
    listed = [row[0] for row in book["Contents"].iter_rows(values_only=True)][3:]
    assert listed == book.sheetnames[3:]


def test_sheet_names_are_unique_short_and_allowed():
    tables = [
        SheetTable(title=f"Table {i}", table=PLAIN, short_name=f"The [ward] table/{i}: a long name, longer still")
        for i in range(12)
    ] + [SheetTable(title="A card's title", table=PLAIN)]
    names = sheet_names(tables)
    assert len(set(names)) == len(names)
    assert all(len(n) <= MAX_SHEET_NAME and " " not in n for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\'")
    assert names[0] == "1_The_ward_table0_a_long_name"
    assert names[-1] == "Table_13"


def test_an_empty_table_gets_its_sheet_saying_so():
    empty = SheetTable(title="Top hot spots in Camden", table=pd.DataFrame(columns=["Hexagon", "Offences"]))
    book = _open(view_workbook(cover_for(title="Hot spots", shows="", view_url="/", tables=[empty]), [empty]))
    sheet = book.worksheets[3]
    assert _table_rows(sheet) == [("Hexagon", "Offences"), ("[x]", "[x]")]
    assert "There are no rows in this table for this view." in [r[0] for r in sheet.iter_rows(values_only=True)]


def test_a_workbook_needs_a_table():
    cover = cover_for(title="Empty", shows="", view_url="/", tables=[])
    with pytest.raises(ValueError, match="at least one table"):
        view_workbook(cover, [])


# --- the borough pack ---------------------------------------------------------------------------


def _headline() -> vf.Headline:
    periods = vf.latest_periods(dt.date(2026, 2, 1))
    return vf.Headline(
        area="Camden",
        periods=periods,
        latest=4971,
        previous=4865,
        months_latest=12,
        months_previous=12,
        population=156155,
        population_year=2020,
        rate=1000 * 4971 / 156155,
        rate_rank=3,
        count_rank=2,
        boroughs_ranked=32,
    )


def _ranking() -> pd.DataFrame:
    ranking = vf.ward_ranking(
        pd.DataFrame(
            {
                "month": [dt.date(2026, 1, 1), dt.date(2025, 1, 1), dt.date(2026, 1, 1), dt.date(2025, 1, 1)] * 2,
                "ward_name": ["Holborn", "Holborn", "Kilburn", "Kilburn", "Not stated", "Not stated", "Tiny", "Tiny"],
                "offences": [300, 250, 120, 130, 40, 30, 2, 9],
            }
        ),
        [vf.add_months(dt.date(2024, 3, 1), i) for i in range(24)],
    )
    return vf.protect_ward_ranking(ranking)


def _pack() -> openpyxl.Workbook:
    months = [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)]
    monthly = pd.DataFrame({"month": months, "offences": [410, 0, 395], SUPPRESSED_COL: [False, False, False]})
    london = SheetTable(
        title="VAWG offences by offence group, March 2025 to February 2026",
        table=pd.DataFrame({"Offence group": ["Stalking", "Other"], "Offences": [900, "[c]"]}),
        short_name="offence groups",
    )
    return _open(
        borough_pack(
            borough="Camden",
            headline=_headline(),
            monthly=monthly,
            wards=ward_table(_ranking()),
            london_wide=[london],
            source="MPS VAWG dashboard data",
            licence="Open Government Licence v3.0",
            rate_source="MPS VAWG dashboard data; ONS population",
            rate_licence="Open Government Licence v3.0",
            view_url="https://vawg.example.org/boroughs?borough=Camden",
            is_sample=False,
            data_up_to=dt.date(2026, 2, 1),
        )
    )


def test_the_borough_pack_names_the_borough_and_period_on_its_cover():
    book = _pack()
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    cover = "\n".join(row[0] for row in book["Cover"].iter_rows(values_only=True) if row[0])
    assert book["Cover"]["A1"].value == "Violence against women and girls in Camden: borough pack"
    assert "March 2025 to February 2026" in cover
    assert "https://vawg.example.org/boroughs?borough=Camden" in cover


def test_the_borough_pack_has_one_table_per_sheet_in_order():
    book = _pack()
    titles = [book[name]["A1"].value for name in book.sheetnames[3:]]
    assert titles[0].startswith("VAWG offences in Camden by month")
    assert titles[1].startswith("VAWG offences in Camden, March 2025 to February 2026 against the 12 months before")
    assert titles[2].startswith("VAWG offences per 1,000 women and girls in Camden")
    assert titles[3].startswith("VAWG offences by ward in Camden")
    assert titles[4] == "London-wide: VAWG offences by offence group, March 2025 to February 2026"
    assert book.sheetnames[3:] == [
        "1_Offences_by_month",
        "2_Change_on_year_before",
        "3_Rate_and_rank",
        "4_Wards_ranked",
        "5_London_offence_groups",
    ]
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges


def test_the_change_sheet_gives_the_interval_and_verdict_of_the_change_test():
    book = _pack()
    header, row = _table_rows(book.worksheets[4])
    values = dict(zip(header, row))
    test = change_test(4971, 4865)
    assert values["Offences, latest 12 months"] == 4971
    assert values["Offences, 12 months before"] == 4865
    assert values["Change"] == 106
    assert values["Change (%)"] == round(100 * 106 / 4865, 1)
    assert values["Change (%), 95% interval, lower"] == round(test.percent_lower, 1)
    assert values["Change (%), 95% interval, upper"] == round(test.percent_upper, 1)
    assert values["Compared with normal variation"] == "within normal variation"
    words = [r[0] for r in book.worksheets[4].iter_rows(values_only=True) if r[0]]
    assert any(w.startswith("This change is within normal variation for counts of this size") for w in words)


def test_the_rate_sheet_gives_the_rate_and_rank():
    book = _pack()
    header, row = _table_rows(book.worksheets[5])
    values = dict(zip(header, row))
    assert values["Offences per 1,000 women and girls"] == round(1000 * 4971 / 156155, 3)
    assert values["Rank by rate (1 = highest)"] == 3
    assert values["Boroughs ranked"] == 32


def test_wards_are_ranked_with_small_counts_hidden():
    book = _pack()
    rows = _table_rows(book.worksheets[6])
    assert rows[0][:4] == ("Rank", "Ward", "Offences, latest 12 months", "Offences, 12 months before")
    assert rows[1][:4] == (1, "Holborn", 300, 250)
    assert rows[2][:4] == (2, "Kilburn", 120, 130)
    tiny = next(r for r in rows if r[1] == "Tiny")
    assert tiny[2] == "[c]" and tiny[0] == "[x]"
    not_stated = next(r for r in rows if r[1] == "Not stated")
    assert not_stated[0] == "[x]"  # not a ward: no rank
