"""CSV exports: exact metadata lines, then exactly the table drawn; and the table itself."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.charts import ChartSpec
from dashboard.exports import (
    chart_export,
    csv_export,
    export_filename,
    licence_text,
    source_text,
    table_export,
    table_for,
)
from dashboard.words.catalog import DATASETS

MONTHS = list(pd.date_range("2025-03-01", periods=3, freq="MS").date)


def drawn_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Offence group": ["Stalking and harassment", "Violence with injury", "Homicide"],
            "Offences": [41210, 30000, "[c]"],
        }
    )


def export(is_sample: bool = False, notes=()) -> bytes:
    return csv_export(
        drawn_table(),
        title="VAWG offences in London, by offence group",
        source="MPS VAWG dashboard data, London Datastore",
        licence="Open Government Licence v3.0",
        period="March 2025 to February 2026",
        view_url="https://example.org/?view=groups",
        is_sample=is_sample,
        notes=notes,
    )


def test_first_lines_are_the_metadata():
    lines = export(notes=["London excludes the City of London."]).decode("utf-8-sig").split("\r\n")
    assert lines[:9] == [
        "# Title: VAWG offences in London, by offence group",
        "# Source: MPS VAWG dashboard data, London Datastore",
        "# Licence: Open Government Licence v3.0",
        "# Period: March 2025 to February 2026",
        "# View: https://example.org/?view=groups",
        "# Note: London excludes the City of London.",
        "# Note: [c] = suppressed to protect confidentiality. Counts from 1 to 2 are not shown, and neither "
        "are some other figures that could be used to work them out.",
        "Offence group,Offences",
        "Stalking and harassment,41210",
    ]


def test_sample_line_comes_straight_after_the_title_only_for_sample_data():
    sample = export(is_sample=True).decode("utf-8-sig").split("\r\n")
    assert sample[1] == (
        "# SAMPLE DATA — not real figures. Sample data: synthetic figures for demonstration, not real statistics."
    )
    assert not any("SAMPLE" in line for line in export(is_sample=False).decode("utf-8-sig").split("\r\n"))


def test_utf8_with_bom_and_crlf():
    data = export()
    assert data.startswith(b"\xef\xbb\xbf# Title:")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_the_table_read_back_equals_the_table_drawn():
    back = pd.read_csv(io.BytesIO(export(is_sample=True)), comment="#", encoding="utf-8-sig", dtype=str)
    assert back.equals(drawn_table().astype(str))


def test_spreadsheet_formulas_are_defused_but_negative_numbers_are_not():
    frame = pd.DataFrame({"Area": ['=HYPERLINK("x")', "Camden"], "Change": ["-4.0", "+1"]})
    body = (
        csv_export(frame, title="t", source="s", licence="l", period="p", view_url="u", is_sample=False)
        .decode("utf-8-sig")
        .split("\r\n")
    )
    assert body[5:8] == ["Area,Change", '"\'=HYPERLINK(""x"")",-4.0', "Camden,+1"]


def test_export_filename_is_ascii_lower_case_and_names_the_period():
    assert export_filename("VAWG offences in Camden — by month", "March 2025 to February 2026") == (
        "vawg-offences-in-camden-by-month_march-2025-to-february-2026.csv"
    )
    assert export_filename("", "") == "data.csv"


def spec(**changes) -> ChartSpec:
    settings = dict(
        title="VAWG offences in Camden and London",
        x="month",
        y="offences",
        series="area",
        y_title="Offences",
        source_line="Source: MPS.",
    )
    settings.update(changes)
    return ChartSpec(**settings)


def two_series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": MONTHS * 2,
            "area": ["Camden"] * 3 + ["London"] * 3,
            "offences": pd.array([312, 2, 355, 3100, 3200, 3300], dtype="Int64"),
            "is_suppressed": [False, True, False, False, False, False],
        }
    )


def test_monthly_table_has_a_column_per_series_and_hides_suppressed_values():
    assert table_for(two_series(), spec()).to_dict("list") == {
        "Month": ["March 2025", "April 2025", "May 2025"],
        "Camden": ["312", "[c]", "355"],
        "London": ["3,100", "3,200", "3,300"],
    }
    assert table_for(two_series(), spec(), formatted=False).to_dict("list") == {
        "Month": ["2025-03", "2025-04", "2025-05"],
        "Camden": [312, "[c]", 355],
        "London": [3100, 3200, 3300],
    }


def test_category_table_keeps_the_chart_order_and_human_headers():
    frame = pd.DataFrame({"offence_group": ["B", "A"], "offences": [5, 7]})
    table = table_for(frame, spec(x="offence_group", series=None, x_title="Offence group"))
    assert table.to_dict("list") == {"Offence group": ["B", "A"], "Offences": ["5", "7"]}


def test_chart_export_fills_source_licence_period_and_name_from_the_spec():
    data, name = chart_export(
        spec(is_sample=True), two_series(), datasets=[DATASETS["mps_vawg"]], view_url="https://example.org/trends"
    )
    lines = data.decode("utf-8-sig").split("\r\n")
    assert name == "vawg-offences-in-camden-and-london_march-2025-to-may-2025.csv"
    assert lines[0] == "# Title: VAWG offences in Camden and London"
    assert lines[1].startswith("# SAMPLE DATA")
    assert lines[2] == (
        "# Source: MPS Violence Against Women and Girls dashboard data, Metropolitan Police "
        "Service (London Datastore), https://data.london.gov.uk/dataset/"
        "mps-violence-against-women-and-girls-vawg-dashboard-data-2yod5"
    )
    assert lines[3:6] == [
        "# Licence: Open Government Licence v3.0",
        "# Period: March 2025 to May 2025",
        "# View: https://example.org/trends",
    ]
    assert lines[7:9] == ["Month,Camden,London", "2025-03,312,3100"]


def test_chart_export_needs_a_source():
    with pytest.raises(ValueError):
        chart_export(spec(), two_series(), datasets=[], view_url="u")


def test_chart_export_takes_a_custom_table_and_file_name_part():
    custom = pd.DataFrame({"Ward": ["A ward"], "Offences": [12], "Change": [0.25]})
    data, name = chart_export(
        spec(),
        None,
        table=custom,
        datasets=[DATASETS["mps_vawg"]],
        view_url="https://example.org/boroughs?borough=Camden",
        period="March 2025 to February 2026",
        name_part="",
    )
    lines = data.decode("utf-8-sig").split("\r\n")
    assert name == "vawg-offences-in-camden-and-london.csv"
    assert "# Period: March 2025 to February 2026" in lines
    assert lines[-3:] == ["Ward,Offences,Change", "A ward,12,0.25", ""]


def test_chart_export_without_a_frame_needs_its_table_and_period():
    with pytest.raises(ValueError):
        chart_export(spec(), None, datasets=[DATASETS["mps_vawg"]], view_url="u", period="p")
    with pytest.raises(ValueError):
        chart_export(spec(), None, table=drawn_table(), datasets=[DATASETS["mps_vawg"]], view_url="u")


def test_the_illustrative_label_is_a_note_once_wherever_the_page_put_it():
    label = "Illustrative data"
    data, _ = chart_export(
        spec(illustrative_label=label),
        two_series(),
        datasets=[DATASETS["mps_vawg"]],
        view_url="u",
        notes=[label, "Another note"],
    )
    notes = [line for line in data.decode("utf-8-sig").split("\r\n") if line.startswith("# Note: ")]
    assert notes[:2] == [f"# Note: {label}", "# Note: Another note"]
    assert notes.count(f"# Note: {label}") == 1


def test_table_export_builds_source_and_licence_from_the_datasets():
    datasets = [DATASETS["mps_vawg"], DATASETS["mps_vawg"]]
    data, name = table_export(
        drawn_table(),
        title="Sites",
        datasets=datasets,
        period="2025",
        view_url="https://example.org/x",
        is_sample=False,
    )
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == f"# Source: {source_text(datasets)}"
    assert lines[2] == f"# Licence: {licence_text(datasets)}" == "# Licence: Open Government Licence v3.0"
    assert name == "sites_2025.csv"
    with pytest.raises(ValueError):
        table_export(drawn_table(), title="t", datasets=[], period="p", view_url="u", is_sample=False)
