"""A tiny page with two chart cards, for tests/app/test_chart_card.py: no store, hand-made rows."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # AppTest runs the script by path

from dashboard.charts import ChartSpec, bar_chart, source_line_from  # noqa: E402
from dashboard.components import chart_card, chart_card_for  # noqa: E402
from dashboard.exports import csv_export, export_filename, table_for  # noqa: E402
from dashboard.words.catalog import DATASETS, MEASURES  # noqa: E402
from dashboard.words.summaries import alt_text, describe_breakdown  # noqa: E402

VIEW_URL = "https://example.org/trends?borough=camden"
vawg = DATASETS["mps_vawg"]

months = pd.date_range("2025-03-01", periods=12, freq="MS").date
trend = pd.concat(
    [
        pd.DataFrame(
            {
                "month": months,
                "area": "Camden",
                "offences": [312, 330, 401, 300, 290, 310, 320, 330, 340, 345, 350, 355],
            }
        ),
        pd.DataFrame(
            {
                "month": months,
                "area": "London average",
                "offences": [300, 305, 310, 300, 298, 302, 306, 310, 311, 309, 312, 314],
            }
        ),
    ],
    ignore_index=True,
)
trend_spec = ChartSpec(
    title="VAWG offences in Camden and the London borough average, by month",
    x="month",
    y="offences",
    series="area",
    y_title="Offences per month",
    measure="VAWG offences",
    source_line=source_line_from([vawg]),
    data_up_to=date(2026, 2, 1),
    is_sample=True,
    breaks=[(date(2025, 9, 1), "Example break")],
)
chart_card_for(
    trend,
    key="trend",
    spec=trend_spec,
    kind="line",
    datasets=[vawg],
    view_url=VIEW_URL,
    measure=MEASURES["vawg_offences"],
)

groups = pd.DataFrame(
    {
        "offence_group": ["Stalking and harassment", "Violence with injury", "Sexual offences", "Homicide"],
        "offences": pd.array([41210, 30000, 12000, pd.NA], dtype="Int64"),
        "is_suppressed": [False, False, False, True],
    }
)
group_spec = ChartSpec(
    title="VAWG offences in London by offence group, March 2025 to February 2026",
    x="offence_group",
    y="offences",
    y_title="Offences",
    x_title="Offence group",
    source_line=source_line_from([vawg]),
    data_up_to=date(2026, 2, 1),
)
summary = describe_breakdown(groups, "offence_group", "offences", category_noun="offence group")
period = "March 2025 to February 2026"
chart_card(
    key="groups",
    spec=group_spec,
    figure=bar_chart(groups, group_spec),
    table=table_for(groups, group_spec),
    summary=summary,
    alt=alt_text(group_spec, groups, kind="bar", summary=summary),
    export=csv_export(
        table_for(groups, group_spec, formatted=False),
        title=group_spec.title,
        source=group_spec.source_line,
        licence=vawg.licence,
        period=period,
        view_url=VIEW_URL,
        is_sample=False,
    ),
    export_name=export_filename(group_spec.title, period),
    measure=MEASURES["vawg_offences"],
    datasets=[vawg],
    caveats=["city_of_london"],
    notes=["London here means the 32 boroughs the Met polices."],
    heading_level=3,
)
