"""The borough pack for /boroughs?borough=X: the borough's figures from the store, through figures/ and disclosure.

The same figures the /boroughs and /trends pages show (dashboard.figures.vawg, protected by
dashboard.disclosure), assembled into `workbooks.borough_pack`. Built only when asked for (the
page's button passes a callable) and cached per borough, link and store version like a page view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import url_state
from dashboard.components.layout import is_sample as uses_sample_data
from dashboard.components.view_cache import cached_view
from dashboard.disclosure import SUPPRESSED_COL, protect_table
from dashboard.exports import licence_text, source_text
from dashboard.figures import vawg as vf
from dashboard.theme import MISSING_MARK, SUPPRESSED_MARK, format_period
from dashboard.words import links
from dashboard.words import vawg_sentences as vs
from dashboard.words.catalog import DATASETS
from dashboard.words.links import slugify
from dashboard.workbooks import XLSX_MIME, SheetTable, borough_pack, ward_table

PAGE_PATH = "/boroughs"
VAWG = DATASETS["mps_vawg"]
POPULATION = DATASETS["ons_population"]


def pack_label(borough: str) -> str:
    return f"Download the borough pack for {borough}"


def pack_file_name(borough: str) -> str:
    return f"vawg-borough-pack-{slugify(borough)}.xlsx"


def borough_pack_button(borough: str) -> None:
    """Draw /boroughs' pack button for the chosen borough; the workbook is made when clicked.

    The click is served outside this script run, so the callable reads the store this run reads
    (a release pinned by `?release=ID`, else the current store) and the link cites that release.
    """
    store = data.current_store()
    view_url = links.view_link(PAGE_PATH, {"borough": borough}, {}, base_url=url_state.absolute_url(""))

    def make() -> bytes:
        with data.reading(store):
            return borough_pack_bytes(borough, view_url)

    st.download_button(
        pack_label(borough),
        data=make,
        file_name=pack_file_name(borough),
        mime=XLSX_MIME,
        key="borough-pack",
        on_click="ignore",
        icon=":material/folder_zip:",
        help=f"An Excel workbook of {borough}'s figures for a strategy document: by month, the latest 12 months "
        "against the 12 before, rate and rank, wards ranked, and the London-wide breakdowns.",
    )


def borough_names() -> list[str]:
    return vf.borough_names(data.run("vawg_offences_by_borough_month"))


@cached_view
def borough_pack_bytes(borough: str, view_url: str) -> bytes:
    """The borough pack's workbook. Raises ValueError naming the boroughs there are for an unknown one."""
    by_area = data.run("vawg_offences_by_borough_month")
    boroughs = vf.borough_names(by_area)
    if borough not in boroughs:
        raise ValueError(f"no borough {borough!r}; the boroughs are: {', '.join(boroughs)}")
    months = vf.month_list(data.run("vawg_months")["month"])
    population = data.run("population_female_by_borough")
    headline = vf.headline(by_area, population, borough, months)
    monthly = vf.protect_monthly(vf.area_monthly(by_area, borough, months))
    ranking = vf.protect_ward_ranking(vf.ward_ranking(data.run("vawg_offences_by_ward_month", borough=borough), months))
    is_sample = uses_sample_data("mps_vawg", "ons_population")
    periods = vf.latest_periods(months[-1])
    return borough_pack(
        borough=borough,
        headline=headline,
        monthly=monthly,
        wards=ward_table(ranking),
        london_wide=london_wide_tables(periods.latest_start, periods.latest_end, view_url, is_sample),
        source=source_text([VAWG]),
        licence=licence_text([VAWG]),
        rate_source=source_text([VAWG, POPULATION]),
        rate_licence=licence_text([VAWG, POPULATION]),
        view_url=view_url,
        is_sample=is_sample,
        data_up_to=months[-1],
    )


def london_wide_tables(start, end, view_url: str, is_sample: bool) -> list[SheetTable]:
    """The breakdowns the Met publishes for London only, over the latest 12 months, as /trends shows them."""
    period = format_period(start, end)
    common = {
        "period": period,
        "source": source_text([VAWG]),
        "licence": licence_text([VAWG]),
        "is_sample": is_sample,
        "view_url": view_url,
    }
    totals = vf.group_totals(data.run("vawg_offences_by_group_month"), start, end)
    groups = protect_table(totals.groups[["label", "offences"]], "offences", (), total_shown=True)
    tables = [
        SheetTable(
            title=f"London-wide: VAWG offences by offence group, {period}",
            table=_counts(groups, "label", "Offence group", "offences", "Offences"),
            notes=(
                "The Met publishes offence groups for London as a whole only.",
                f"Not included: {totals.outside_total:,} offences the Met flags but classes as outside VAWG.",
            ),
            short_name="offence groups",
            **common,
        )
    ]
    for query, column, order, noun, header, short_name in (
        ("vawg_victims_by_age_month", "age_group", "age", "age group", "Age group", "victims by age"),
        (
            "vawg_victims_by_ethnicity_month",
            "ethnic_group",
            "size",
            "ethnic group",
            "Ethnic group",
            "victims by ethnicity",
        ),
    ):
        frame = vf.victims_breakdown(data.run(query), column, start, end, order=order)
        if frame.empty:
            continue
        if column == "age_group":
            frame[column] = frame[column].map(vs.age_label)
        tables.append(
            SheetTable(
                title=f"London-wide: victims of VAWG offences by {noun}, {period}",
                table=_counts(frame, column, header, "victims", "Victims"),
                notes=(f"The Met publishes victims by {noun} for London as a whole only.",),
                short_name=short_name,
                **common,
            )
        )
    return tables


def _counts(frame: pd.DataFrame, label_col: str, label_header: str, value_col: str, value_header: str) -> pd.DataFrame:
    hidden = frame[SUPPRESSED_COL].astype(bool) if SUPPRESSED_COL in frame else pd.Series(False, frame.index)
    return pd.DataFrame(
        {
            label_header: frame[label_col].astype(str).tolist(),
            value_header: [
                SUPPRESSED_MARK if h else (MISSING_MARK if pd.isna(v) else int(v))
                for v, h in zip(frame[value_col], hidden)
            ],
        },
        dtype=object,
    )
