"""Reader for the MPS VAWG dashboard data: the workbook's five sheets, stacked or one at a time.

Each sheet becomes its own store table; the sheets count the same offences (or victims) in
different cuts, so they are never summed together.
"""

from __future__ import annotations

import pandas as pd

from dashboard.ingest.errors import NotRecognised
from dashboard.ingest.normalise import canonical_borough, month_start, parse_count
from dashboard.ingest.reader import Reader, ReadResult, data_rows, require_columns, text_value
from dashboard.ingest.tablefile import TableFile, normalise_header

LOCATION = ["bcu_location", "borough_name", "ward_name_clean_2"]
CLASSIFICATION = ["crimsec_group", "crimseccodeexpansion", "crimsec_offences", "vawg_offence"]
NOT_VAWG_GROUP = "Other flagged offences outside of VAWG"
NOT_VAWG_OFFENCE = "Non-VaWG Classification"

# sheet (normalised name) -> (store table, columns that must be present, count column name)
SHEETS = {
    "offence_count_location": ("vawg_offences", LOCATION, "offences"),
    "offence_count_classification": ("vawg_offences_by_classification", CLASSIFICATION, "offences"),
    "victim_count_by_location": ("vawg_victims", LOCATION, "victims"),
    "victim_count_by_age_group": ("vawg_victims_by_age", ["age_group"], "victims"),
    "victim_count_by_ethnic_group": ("vawg_victims_by_ethnicity", ["ethnic_appearance_group_group"], "victims"),
}
COUNT_COLUMNS = {
    "count": None,
    "offences": "offences",
    "offence_count": "offences",
    "victims": "victims",
    "victim_count": "victims",
}


def count_column(table: TableFile) -> str | None:
    return next((c for c in COUNT_COLUMNS if c in table.columns), None)


def recognise(table: TableFile) -> bool:
    return (
        "recorded_date_months" in table.columns
        and count_column(table) is not None
        and ("sheet" in table.columns or any(set(cols) <= set(table.columns) for _, cols, _ in SHEETS.values()))
    )


def sheet_of_table(table: TableFile) -> str | None:
    """The sheet a whole table holds, when it is one sheet (an XLSX tab or a flattened CSV)."""
    if table.kind.startswith("xlsx:"):
        name = normalise_header(table.kind.removeprefix("xlsx:"))
        if name in SHEETS:
            return name
    counted = COUNT_COLUMNS[count_column(table)]
    candidates = [
        s
        for s, (_, cols, unit) in SHEETS.items()
        if set(cols) <= set(table.columns) and (counted is None or counted == unit)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    raise NotRecognised(
        "a VAWG location sheet, but its count column 'Count' does not say whether it counts "
        "offences or victims: add a 'Sheet' column or name the column 'Offences' or 'Victims'"
    )


def row_fields(sheet: str, values: list, table: TableFile) -> dict:
    if SHEETS[sheet][1] == LOCATION:
        code, name, is_borough = canonical_borough(values[table.index("borough_name")])
        return {
            "bcu_name": text_value(values[table.index("bcu_location")]) or "Not stated",
            "borough_code": code,
            "borough_name": name,
            "is_borough": is_borough,
            "ward_name": text_value(values[table.index("ward_name_clean_2")]) or "Not stated",
        }
    if sheet == "offence_count_classification":
        group = text_value(values[table.index("crimsec_group")])
        offence = text_value(values[table.index("vawg_offence")])
        return {
            "offence_group": group,
            "offence_type": text_value(values[table.index("crimseccodeexpansion")]),
            "offence_description": text_value(values[table.index("crimsec_offences")]),
            "vawg_offence": offence,
            "is_vawg": group != NOT_VAWG_GROUP and offence != NOT_VAWG_OFFENCE,
        }
    if sheet == "victim_count_by_age_group":
        return {"age_group": text_value(values[table.index("age_group")]) or "Not stated"}
    return {"ethnic_group": text_value(values[table.index("ethnic_appearance_group_group")]) or "Not stated"}


def read(table: TableFile) -> ReadResult:
    fixed_sheet = None if "sheet" in table.columns else sheet_of_table(table)
    if "sheet" not in table.columns and fixed_sheet is None:
        raise NotRecognised("VAWG-like header that matches no sheet of the VAWG workbook")
    count_name = count_column(table)
    records: dict[str, list[dict]] = {}
    months = set()
    for line, values in data_rows(table):
        sheet = fixed_sheet
        if sheet is None:
            sheet = normalise_header(values[table.index("sheet")])
            if sheet not in SHEETS:
                raise table.error(
                    "a sheet name of the VAWG workbook (" + ", ".join(SHEETS) + ")",
                    line=line,
                    column=table.header[table.index("sheet")],
                    found=values[table.index("sheet")],
                )
            require_columns(table, SHEETS[sheet][1])
        month = month_start(values[table.index("recorded_date_months")])
        if month is None:
            raise table.error(
                "a recorded month (a date)",
                line=line,
                column=table.header[table.index("recorded_date_months")],
                found=values[table.index("recorded_date_months")],
            )
        count = parse_count(values[table.index(count_name)])
        if count is None:
            raise table.error(
                "a non-negative whole number",
                line=line,
                column=table.header[table.index(count_name)],
                found=values[table.index(count_name)],
            )
        store_table, _, unit = SHEETS[sheet]
        months.add(month)
        records.setdefault(store_table, []).append({"month": month, **row_fields(sheet, values, table), unit: count})
    frames = {
        name: pd.DataFrame(rows).assign(month=lambda f: pd.to_datetime(f["month"])) for name, rows in records.items()
    }
    return ReadResult("mps_vawg", frames, len(table.rows), sorted(months), tuple(frames))


READER = Reader("MPS VAWG dashboard data", recognise, read)
