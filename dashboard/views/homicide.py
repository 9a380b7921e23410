"""The /homicide page: women and girls who were victims of homicide in London, every figure protected.

It reads the homicide_* queries, takes every figure from dashboard.figures.homicide (where each one
passes through dashboard.disclosure), and lays them out in chart cards. No count is formatted,
summed or hidden here; the last guard (disclosure.assert_protected) runs on every frame before it
is drawn. Every chart card's key starts with "homicide", which is how the tests find these outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts import ChartSpec, bar_chart, line_chart, source_line_from
from dashboard.components import Recording, url_state
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.view_cache import cached_view
from dashboard.disclosure import SUPPRESSED_COL, assert_protected, describe_rule, display_col, display_count
from dashboard.exports import chart_export, table_for
from dashboard.figures import homicide as ht
from dashboard.theme import format_month, format_percent
from dashboard.words import links
from dashboard.words.catalog import (
    DATASETS,
    HOMICIDE_ACCUSED_EXPLAINED,
    HOMICIDE_DEFINITIONS,
    HOMICIDE_INTRO,
    HOMICIDE_PAGE_TITLE,
    HOMICIDE_PERIODS_EXPLAINED,
    HOMICIDE_RELEASE_ABSENT,
    HOMICIDE_RELEASE_ILLUSTRATIVE_EXPLAINED,
    HOMICIDE_RELEASE_ILLUSTRATIVE_LABEL,
    HOMICIDE_RELEASE_INTRO,
    HOMICIDE_SUPPORT,
    HOMICIDE_SUPPORT_HEADING,
    MEASURES,
    Dataset,
)
from dashboard.words.markdown import escape_markdown
from dashboard.words.summaries import alt_text, describe_breakdown

PAGE_PATH = "/homicide"
KEY = "homicide"
# The release period's parameter. Not "release": on every page ?release= names a data release (issue 13).
RELEASE_PERIOD = "release-period"
VICTIMS = [DATASETS["mps_homicide_victims"]]
ACCUSED = [DATASETS["mps_homicide_accused"]]
RELEASE = [DATASETS["mps_female_homicide_release"]]
COMPARE_VIEWS = {"number": "Number of victims", "share": "Women and girls' share of victims"}
VICTIM_TITLES = {
    "age_group": ("by age group", "Age group"),
    "ethnicity": ("by ethnic group (officer-observed)", "Ethnic group"),
    "method": ("by method of killing", "Method of killing"),
    "solved_status": ("by whether the case is recorded as solved", "Case status"),
    "borough": ("by borough", "Borough"),
}
VICTIM_CAVEATS = {
    "ethnicity": ("homicide_officer_ethnicity",),
    "solved_status": ("homicide_unsolved_recent",),
}
ACCUSED_TITLES = {
    "sex": ("by sex", "Sex"),
    "age_group": ("by age group", "Age group"),
    "ethnicity": ("by ethnic group (self-classified)", "Ethnic group"),
}
RELEASE_TITLES = {
    "relationship_to_offender": ("by relationship to the offender", "Relationship to the offender"),
    "victim_ethnicity": ("by the victim's ethnic group", "Victim's ethnic group"),
    "suspect_ethnicity": ("by the suspect's ethnic group", "Suspect's ethnic group"),
}


def _normalise_period(text: str) -> str:
    """'2021–2023', '2021-2023' and ' 2021 to 2023 ' all mean the same period in a link."""
    return text.strip().lower().replace("\u2013", "-").replace("\u2014", "-").replace(" to ", "-").replace(" ", "")


def _is_sample(sources: pd.DataFrame, dataset: str) -> bool:
    return dataset in sources.index and bool(sources.loc[dataset, "is_sample"])


# --------------------------------------------------------------------------------------------
# Cards
# --------------------------------------------------------------------------------------------


def _year_series_card(
    out: Recording, series: pd.DataFrame, coverage: ht.Coverage, *, is_sample: bool, view_url: str
) -> None:
    frame = assert_protected(series[["year_label", "victims", SUPPRESSED_COL, display_col("victims")]], "victims")
    last_year = coverage.partial_year or coverage.latest_full_year
    spec = ChartSpec(
        title=f"Women and girls who were victims of homicide in London, by year, {coverage.first_year} to {last_year}",
        subtitle=(f"{coverage.partial_year}: {coverage.partial_months_text} only" if coverage.partial_year else ""),
        x="year_label",
        y="victims",
        y_title="Victims",
        x_title="Year",
        measure="women and girls",
        source_line=source_line_from(VICTIMS),
        data_up_to=coverage.data_up_to,
        is_sample=is_sample,
        highlight=str(coverage.latest_full_year) if coverage.latest_full_year else None,
    )
    summary = ht.describe_year_series(series, coverage)
    period = f"{format_month(coverage.data_from)} to {format_month(coverage.data_up_to)}"
    table = table_for(frame, spec)
    export, name = chart_export(spec, frame, datasets=VICTIMS, view_url=view_url, period=period)
    notes = (
        [f"The latest full year, {coverage.latest_full_year}, is picked out in orange."]
        if coverage.latest_full_year
        else []
    )
    out.chart_card(
        key=f"{KEY}-by-year",
        spec=spec,
        figure=bar_chart(frame, spec),
        table=table,
        summary=summary,
        alt=alt_text(spec, frame, kind="bar", summary=summary),
        export=export,
        export_name=name,
        measure=MEASURES["female_homicide_victims"],
        datasets=VICTIMS,
        caveats=("homicide_recorded_year", "homicide_small_numbers"),
        notes=notes,
        heading_level=3,
    )


def _comparison_card(
    out: Recording, by_year: pd.DataFrame, coverage: ht.Coverage, view: str, *, is_sample: bool, view_url: str
) -> None:
    frame = ht.sex_comparison(by_year, view)
    if frame.empty:
        return
    first, last = int(frame["year"].min()), int(frame["year"].max())
    if view == "share":
        spec = ChartSpec(
            title=f"Women and girls as a share of homicide victims in London, {first} to {last}",
            x="year_start",
            y="value",
            y_title="Percent of victims",
            value_format="percent",
            measure="the share of victims who were women and girls",
            area="London",
            source_line=source_line_from(VICTIMS),
            is_sample=is_sample,
            data_up_to=date(last, 12, 1),
        )
        drawn = frame[["year_start", "value", SUPPRESSED_COL]]
        shown = [
            ht.SUPPRESSED_SYMBOL if hidden or pd.isna(v) else format_percent(float(v), 1)
            for v, hidden in zip(drawn["value"], drawn[SUPPRESSED_COL])
        ]
        table = pd.DataFrame({"Year": frame["year"].astype(str), "Women and girls' share of victims": shown})
        plain = pd.DataFrame(
            {
                "Year": frame["year"].astype(int),
                "Women and girls' share of victims (%)": [
                    ht.SUPPRESSED_SYMBOL if hidden or pd.isna(v) else round(float(v), 1)
                    for v, hidden in zip(drawn["value"], drawn[SUPPRESSED_COL])
                ],
            }
        )
        measure = MEASURES["female_homicide_share"]
    else:
        spec = ChartSpec(
            title=f"Victims of homicide in London, women and girls and men and boys, {first} to {last}",
            x="year_start",
            y="value",
            series="series",
            y_title="Victims",
            measure="victims",
            source_line=source_line_from(VICTIMS),
            is_sample=is_sample,
            data_up_to=date(last, 12, 1),
            series_order=[ht.SEX_LABELS[ht.FEMALE], ht.SEX_LABELS[ht.MALE]],
        )
        drawn = assert_protected(
            frame[["year_start", "series", "value", "victims", SUPPRESSED_COL, display_col("victims")]], "victims"
        )
        wide = frame.pivot(index="year", columns="series", values=display_col("victims"))
        table = pd.DataFrame({"Year": wide.index.astype(str)})
        plain = pd.DataFrame({"Year": wide.index.astype(int)})
        for name in spec.series_order:
            table[name] = wide[name].to_numpy()
            plain[name] = [v if v == ht.SUPPRESSED_SYMBOL else int(str(v).replace(",", "")) for v in wide[name]]
        measure = MEASURES["homicide_victims_by_sex"]
    figure = line_chart(drawn, spec)
    # Yearly points: the builder's month formats would say "Jan 2003"; years are what is counted.
    figure.update_xaxes(tickformat="%Y", hoverformat="%Y")
    summary = ht.describe_comparison(frame, view)
    notes = (
        [f"Full years only: {coverage.partial_year} is left out because it covers {coverage.partial_months_text} only."]
        if coverage.partial_year
        else []
    )
    export, name = chart_export(
        spec, None, table=plain, datasets=VICTIMS, view_url=view_url, period=f"{first} to {last}", notes=notes
    )
    out.chart_card(
        key=f"{KEY}-by-sex",
        spec=spec,
        figure=figure,
        table=table,
        summary=summary,
        alt=alt_text(spec, drawn, kind="line", summary=summary),
        export=export,
        export_name=name,
        measure=measure,
        datasets=VICTIMS,
        caveats=("homicide_small_numbers",),
        notes=notes,
        heading_level=3,
    )


def _domestic_abuse_card(out: Recording, table: pd.DataFrame, *, is_sample: bool, view_url: str) -> None:
    series = ht.domestic_abuse_share_series(table)
    if series.empty:
        return
    drawn = series[["period", "share_pct", SUPPRESSED_COL]]
    if (drawn[SUPPRESSED_COL] & drawn["share_pct"].notna()).any():
        raise AssertionError("a share of a hidden count reached the domestic abuse chart")
    last_end = max(int(str(k).split("-")[-1]) for k in series["period_key"])
    spec = ChartSpec(
        title="Women and girls killed in a homicide flagged as domestic abuse related, share by three-year period",
        x="period",
        y="share_pct",
        y_title="Percent of women and girls who were victims",
        value_format="percent",
        x_title="Period",
        measure="share",
        source_line=source_line_from(VICTIMS),
        is_sample=is_sample,
        data_up_to=date(last_end, 12, 1),
    )
    shown = pd.DataFrame(
        {
            "Period": series["period"],
            "Domestic abuse related": series[display_col("victims")],
            "All women and girls who were victims": [display_count(n) for n in series["period_total"]],
            "Share domestic abuse related": series["share_display"],
        }
    )
    plain = pd.DataFrame(
        {
            "Period": series["period"],
            "Domestic abuse related": [
                ht.SUPPRESSED_SYMBOL if h else int(v) for v, h in zip(series["victims"], series[SUPPRESSED_COL])
            ],
            "All women and girls who were victims": [display_count(n).replace(",", "") for n in series["period_total"]],
            "Share domestic abuse related (%)": [
                ht.SUPPRESSED_SYMBOL if h or pd.isna(v) else round(float(v), 1)
                for v, h in zip(series["share_pct"], series[SUPPRESSED_COL])
            ],
        }
    )
    summary = ht.describe_domestic_abuse(series)
    first_start = min(int(str(k).split("-")[0]) for k in series["period_key"])
    export, name = chart_export(
        spec, None, table=plain, datasets=VICTIMS, view_url=view_url, period=f"{first_start} to {last_end}"
    )
    out.chart_card(
        key=f"{KEY}-domestic-abuse",
        spec=spec,
        figure=bar_chart(drawn, spec),
        table=shown,
        summary=summary,
        alt=alt_text(spec, drawn, kind="bar", summary=summary),
        export=export,
        export_name=name,
        measure=MEASURES["female_homicide_domestic_share"],
        datasets=VICTIMS,
        heading_level=3,
    )


def _breakdown_card(
    out: Recording,
    table: pd.DataFrame,
    *,
    key: str,
    title: str,
    x_title: str,
    noun: str,
    value_col: str,
    measure_phrase: str,
    total_label: str,
    period: ht.Period,
    datasets: Sequence[Dataset],
    measure,
    caveats: Sequence[str],
    is_sample: bool,
    view_url: str,
    illustrative: str | None = None,
    notes: Sequence[str] = (),
) -> None:
    frame = assert_protected(table[["category_label", value_col, SUPPRESSED_COL, display_col(value_col)]], value_col)
    spec = ChartSpec(
        title=title,
        x="category_label",
        y=value_col,
        y_title=measure_phrase.capitalize(),
        x_title=x_title,
        measure=measure_phrase,
        source_line=source_line_from(datasets),
        is_sample=is_sample,
        illustrative_label=illustrative,
        data_up_to=date(period.end, 12, 1),
    )
    summary = describe_breakdown(
        frame, "category_label", value_col, measure=measure_phrase, category_noun=noun, total=period.total
    )
    # The tables add the share of the true total and the total itself, which the chart cannot draw.
    shown = _with_total_row(
        table_for(frame, spec).assign(**{"Share of all": table["share_display"].to_numpy()}),
        [total_label, display_count(period.total), "100%" if period.total else "0%"],
    )
    plain_share = [
        ht.SUPPRESSED_SYMBOL if h or pd.isna(v) else round(float(v), 1)
        for v, h in zip(table["share_pct"], table[SUPPRESSED_COL])
    ]
    plain = _with_total_row(
        table_for(frame, spec, formatted=False).assign(**{"Share of all (%)": plain_share}),
        [total_label, display_count(period.total).replace(",", ""), 100.0 if period.total else 0.0],
    )
    export, name = chart_export(
        spec, None, table=plain, datasets=datasets, view_url=view_url, period=period.label, notes=notes
    )
    out.chart_card(
        key=key,
        spec=spec,
        figure=bar_chart(frame, spec),
        table=shown,
        summary=summary,
        alt=alt_text(spec, frame, kind="bar", summary=summary),
        export=export,
        export_name=name,
        measure=measure,
        datasets=datasets,
        caveats=caveats,
        notes=notes,
        heading_level=3,
    )


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _support(
    out: Recording,
) -> None:
    with out.container(border=True, key=f"{KEY}-support"):
        out.markdown(f"**{HOMICIDE_SUPPORT_HEADING}.** {HOMICIDE_SUPPORT}")


def _headline(out: Recording, by_year: pd.DataFrame, coverage: ht.Coverage) -> None:
    head = ht.headline(by_year, coverage)
    with out.container(key=f"{KEY}-headline"):
        if head is None:
            out.markdown(
                f"The data start in {format_month(coverage.data_from)} and do not yet hold a full calendar "
                "year, so there is no yearly figure to show."
            )
            return
        sentence = ht.headline_sentence(head)
        # A short label: Streamlit cuts a metric's label to one line, and a phone has room for about 40 characters.
        out.metric(
            f"Female homicide victims, {head.year}",
            head.display,
            help=f"Women and girls recorded by the Met as victims of homicide in London in {head.year}.",
        )
        context = ht.headline_context(head)
        out.markdown(escape_markdown(" ".join(p for p in (sentence, context) if p)))
        partial = (
            f" {coverage.partial_year} is shown too, marked as a part year: the data cover "
            f"{coverage.partial_months_text} {coverage.partial_year} only."
            if coverage.partial_year
            else ""
        )
        out.caption(
            f"{head.year} is the latest full calendar year in the data, which run from "
            f"{format_month(coverage.data_from)} to {format_month(coverage.data_up_to)}.{partial}"
        )


def _victim_breakdowns(
    out: Recording,
    categories: pd.DataFrame,
    period: ht.Period,
    da_table: pd.DataFrame,
    *,
    is_sample: bool,
    view_url: str,
) -> None:
    total_text = display_count(period.total)
    noun = "woman or girl was a victim" if period.total == 1 else "women and girls were victims"
    sentence = f"In {period.label}, {total_text} {noun} of homicide in London."
    row = da_table[(da_table["period_key"] == period.key) & (da_table["category"] == ht.DOMESTIC_ABUSE_RELATED)]
    if not row.empty:
        da = row.iloc[0]
        if bool(da[SUPPRESSED_COL]):
            sentence += (
                " The number killed in a homicide flagged as domestic abuse related is suppressed to protect "
                "confidentiality."
            )
        else:
            sentence += (
                f" Of them, {da[display_col('victims')]} ({da['share_display']}) were killed in a homicide "
                "the Met flagged as domestic abuse related."
            )
    out.markdown(escape_markdown(sentence))
    tables = ht.female_breakdowns(categories, period)
    for dimension, table in tables.items():
        words, x_title = VICTIM_TITLES[dimension]
        notes = []
        if dimension == "borough":
            notes = [
                "The City of London has its own police force, so it is not listed. 'Not placed in a borough' "
                "is the Met's 'Unmapped': homicides it did not place in a borough."
            ]
        _breakdown_card(
            out,
            table,
            key=f"{KEY}-{dimension.replace('_', '-')}",
            title=f"Women and girls who were victims of homicide in London, {words}, {period.label}",
            x_title=x_title,
            noun=ht.VICTIM_DIMENSIONS[dimension],
            value_col="victims",
            measure_phrase="victims",
            total_label="All women and girls",
            period=period,
            datasets=VICTIMS,
            measure=MEASURES["female_homicide_victims_pooled"],
            caveats=VICTIM_CAVEATS.get(dimension, ()),
            is_sample=is_sample,
            view_url=view_url,
            notes=notes,
        )


def _accused_section(
    out: Recording, accused: pd.DataFrame, sources: pd.DataFrame, period: ht.Period, *, view_url: str
) -> None:
    out.header("People proceeded against for homicide", anchor="people-proceeded-against")
    out.markdown(HOMICIDE_ACCUSED_EXPLAINED)
    if "mps_homicide_accused" not in sources.index or accused.empty:
        out.markdown("There are no figures on persons proceeded against in this copy of the data.")
        return
    first_month = pd.Timestamp(sources.loc["mps_homicide_accused", "first_month"])
    last_month = pd.Timestamp(sources.loc["mps_homicide_accused", "last_month"])
    first_year = first_month.year if first_month.month == 1 else first_month.year + 1
    latest_full = last_month.year if last_month.month == 12 else last_month.year - 1
    accused_period = ht.accused_period(accused, period, first_year, latest_full)
    if accused_period is None:
        out.markdown(
            f"The figures on persons proceeded against run from {format_month(first_month)} to "
            f"{format_month(last_month)}, so they do not cover all of {period.label}. Choose another period "
            "above to see them."
        )
        return
    people = "person" if accused_period.total == 1 else "people"
    out.markdown(
        escape_markdown(
            f"In {period.label}, proceedings for homicide in London began against "
            f"{display_count(accused_period.total)} {people}, whoever was killed."
        )
    )
    is_sample = _is_sample(sources, "mps_homicide_accused")
    for dimension, table in ht.accused_breakdowns(accused, accused_period).items():
        words, x_title = ACCUSED_TITLES[dimension]
        _breakdown_card(
            out,
            table,
            key=f"{KEY}-accused-{dimension.replace('_', '-')}",
            title=f"People proceeded against for homicide in London, {words}, {period.label}",
            x_title=x_title,
            noun=ht.ACCUSED_DIMENSIONS[dimension],
            value_col="persons",
            measure_phrase="people",
            total_label="All people proceeded against",
            period=accused_period,
            datasets=ACCUSED,
            measure=MEASURES["homicide_accused"],
            caveats=(),
            is_sample=is_sample,
            view_url=view_url,
        )


def _release_section(
    out: Recording,
    release: pd.DataFrame,
    sources: pd.DataFrame,
    values: dict[str, str],
    defaults: dict[str, str],
    *,
    base_url: str,
) -> None:
    periods = ht.release_periods(release)
    if not periods:
        return
    out.header("The Met's female homicide release", anchor="female-homicide-release")
    out.markdown(HOMICIDE_RELEASE_INTRO)
    illustrative = _is_sample(sources, "mps_female_homicide_release")
    if illustrative:
        out.warning(
            f"**{HOMICIDE_RELEASE_ILLUSTRATIVE_LABEL}.** {HOMICIDE_RELEASE_ILLUSTRATIVE_EXPLAINED}",
            icon=":material/science:",
        )
    with out.section("The release's figures for one three-year period", f"{KEY}-release"):
        _release_cards(out, release, periods, values, defaults, illustrative=illustrative, base_url=base_url)


def _release_cards(
    out: Recording,
    release: pd.DataFrame,
    periods: list[ht.Period],
    values: dict[str, str],
    defaults: dict[str, str],
    *,
    illustrative: bool,
    base_url: str,
) -> None:
    keys = [p.key for p in periods]
    chosen = values.get(RELEASE_PERIOD, keys[0])
    if len(periods) > 1:
        out.slot("release-period")
    period = ht.find_period(periods, chosen) or periods[0]
    out.markdown(
        escape_markdown(
            f"In {period.label}, the release counts {display_count(period.total)} women and girls who "
            "were victims of homicide."
        )
    )
    view_url = links.view_link(
        PAGE_PATH, {**values, RELEASE_PERIOD: period.key}, {**defaults, RELEASE_PERIOD: keys[0]}, base_url=base_url
    )
    for dimension, table in ht.release_breakdowns(release, period).items():
        words, x_title = RELEASE_TITLES[dimension]
        _breakdown_card(
            out,
            table,
            key=f"{KEY}-release-{dimension.replace('_', '-')}",
            title=f"Women and girls who were victims of homicide, {words}, {period.label} (female homicide release)",
            x_title=x_title,
            noun=ht.RELEASE_DIMENSIONS[dimension],
            value_col="victims",
            measure_phrase="victims",
            total_label="All women and girls in the release",
            period=period,
            datasets=RELEASE,
            measure=MEASURES["female_homicide_release"],
            caveats=(),
            is_sample=illustrative,
            view_url=view_url,
            illustrative=HOMICIDE_RELEASE_ILLUSTRATIVE_LABEL if illustrative else None,
        )


def _definitions(out: Recording, has_release: bool) -> None:
    out.header("What these figures mean", anchor="definitions")
    for heading, text in HOMICIDE_DEFINITIONS.items():
        out.subheader(heading, anchor=False)
        out.markdown(text)
    out.subheader("How we protect the people behind these figures", anchor="disclosure")
    out.markdown(escape_markdown(describe_rule()))
    out.markdown(
        "The numbers in each breakdown are protected together, so that hidden numbers cannot be worked out "
        "by combining the charts on this page. [About the data](/about) explains the rule and lists every "
        "source file."
    )
    if not has_release:
        out.subheader("The Met's female homicide release", anchor=False)
        out.markdown(HOMICIDE_RELEASE_ABSENT)


def _with_total_row(table: pd.DataFrame, row: list) -> pd.DataFrame:
    total = pd.DataFrame([row], columns=table.columns, dtype=object)
    return pd.concat([table.astype(object), total], ignore_index=True)


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    """What the page's selectors offer, from the store (built once per store)."""

    has_victims: bool
    periods: tuple[ht.Period, ...]
    release_periods: tuple[ht.Period, ...]
    has_latest_full_year: bool


@cached_view
def _options() -> _Options:
    coverage = ht.coverage_from(data.run("homicide_coverage"))
    release_periods = tuple(ht.release_periods(data.run("homicide_female_release_by_year_and_category")))
    if coverage is None:
        return _Options(False, (), release_periods, False)
    by_year = ht.victims_by_year_and_sex(data.run("homicide_victims_by_year_and_sex"), coverage)
    periods = tuple(ht.offered_periods(by_year, coverage))
    return _Options(True, periods, release_periods, coverage.latest_full_year is not None)


@cached_view
def _built(
    period_key: str, compare: str, release_key: str, defaults: tuple[tuple[str, str], ...], base_url: str
) -> Recording:
    """Everything the page shows for one view, but the widgets (their places are slots).

    base_url: this server's address as the visitor reached it (or ''), for the link in each CSV.
    """
    out = Recording()
    out.title(HOMICIDE_PAGE_TITLE)
    out.markdown(HOMICIDE_INTRO)
    _support(out)

    coverage = ht.coverage_from(data.run("homicide_coverage"))
    release = data.run("homicide_female_release_by_year_and_category")
    if coverage is None:
        out.info(
            "This copy of the data has no homicide victims yet. Load the Met's homicide dashboard data with "
            "`python -m dashboard ingest`.",
            icon=":material/info:",
        )
        _definitions(out, has_release=not release.empty)
        return out
    sources = data.run("homicide_sources").set_index("dataset")
    is_sample = _is_sample(sources, "mps_homicide_victims")
    by_year = ht.victims_by_year_and_sex(data.run("homicide_victims_by_year_and_sex"), coverage)
    periods = ht.offered_periods(by_year, coverage)
    categories = data.run("homicide_female_victims_by_year_and_category")
    values = {"period": period_key, "compare": compare, RELEASE_PERIOD: release_key}
    view_url = links.view_link(PAGE_PATH, values, dict(defaults), base_url=base_url)
    out.slot("url-notes")

    _headline(out, by_year, coverage)

    # A long page: each part after the first chart is a lazy section, sent only when opened.
    # --- Year by year ------------------------------------------------------------------------------
    out.header("Year by year", anchor="year-by-year")
    _year_series_card(out, ht.female_victims_by_year(by_year), coverage, is_sample=is_sample, view_url=view_url)
    da_table = ht.domestic_abuse_by_period(categories, periods)
    with out.section("Compared with men and boys, and domestic abuse year by year", f"{KEY}-years"):
        if coverage.latest_full_year is not None:
            out.slot("compare")
            _comparison_card(out, by_year, coverage, compare, is_sample=is_sample, view_url=view_url)
        _domestic_abuse_card(out, da_table, is_sample=is_sample, view_url=view_url)

    # --- One period in detail --------------------------------------------------------------------
    out.header("Who they were, how they were killed, and where", anchor="breakdowns")
    out.markdown(HOMICIDE_PERIODS_EXPLAINED)
    if not periods:
        out.markdown("There is no complete three-year period to break down yet.")
    else:
        with out.section("Victims and people proceeded against, for one three-year period", f"{KEY}-breakdowns"):
            out.slot("period")
            period = ht.find_period(periods, period_key) or periods[0]
            _victim_breakdowns(out, categories, period, da_table, is_sample=is_sample, view_url=view_url)
            _accused_section(out, data.run("homicide_accused_by_year_and_category"), sources, period, view_url=view_url)

    if ht.release_periods(release):
        _release_section(out, release, sources, values, dict(defaults), base_url=base_url)
    with out.section("What these figures mean", f"{KEY}-definitions"):
        _definitions(out, has_release=bool(ht.release_periods(release)))
    return out


def _settings(options: _Options, state: url_state.ViewState) -> tuple[str, str, str, dict[str, str]]:
    """(period, compare, release period, defaults) as the link gives them; the page and exports read them alike."""
    state.check_names(["period", "compare", RELEASE_PERIOD])
    period_keys = [p.key for p in options.periods]
    default_period = period_keys[0] if period_keys else ""
    period_key = (
        url_state.choice("period", period_keys, default_period, state, "period", normalise=_normalise_period)
        if period_keys
        else ""
    )
    compare = url_state.choice("compare", list(COMPARE_VIEWS), "number", state, "comparison")
    release_keys = [p.key for p in options.release_periods]
    release_key = (
        url_state.choice(
            RELEASE_PERIOD, release_keys, release_keys[0], state, "release period", normalise=_normalise_period
        )
        if release_keys
        else ""
    )
    defaults = {"period": default_period, "compare": "number", RELEASE_PERIOD: release_keys[0] if release_keys else ""}
    return period_key, compare, release_key, defaults


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The view a link names, built as the page builds it (for exports); a bad setting raises ViewSettingError."""
    period_key, compare, release_key, defaults = _settings(_options(), url_state.ViewState(query=query, strict=True))
    return _built(period_key, compare, release_key, tuple(defaults.items()), base_url)


def render() -> None:
    options = _options()
    periods, release_periods = list(options.periods), list(options.release_periods)

    # --- The view, kept in the URL (a widget changed in this session wins over the link) ---------
    state = url_state.ViewState()
    period_keys = [p.key for p in periods]
    release_keys = [p.key for p in release_periods]
    period_key, compare, release_key, defaults = _settings(options, state)
    period_key = url_state.session_value(f"{KEY}-period", period_keys, period_key)
    compare = url_state.session_value(f"{KEY}-compare", list(COMPARE_VIEWS), compare)
    release_key = url_state.session_value(f"{KEY}-release-period", release_keys, release_key)
    values = {"period": period_key, "compare": compare, RELEASE_PERIOD: release_key}
    if options.has_victims:
        url_state.write_back(values, defaults)

    built = _built(period_key, compare, release_key, tuple(defaults.items()), url_state.absolute_url(""))
    built.replay(
        slots={
            "url-notes": lambda: url_state.show_notes(state),
            "compare": lambda: st.radio(
                "Compare women and girls with men and boys as",
                list(COMPARE_VIEWS),
                index=list(COMPARE_VIEWS).index(compare),
                format_func=COMPARE_VIEWS.get,
                horizontal=True,
                key=f"{KEY}-compare",
            ),
            "period": lambda: st.selectbox(
                "Three-year period",
                period_keys,
                index=period_keys.index(period_key),
                format_func=lambda k: ht.find_period(periods, k).label,
                key=f"{KEY}-period",
                help="Also used for the people proceeded against, further down.",
            ),
            "release-period": lambda: st.selectbox(
                "Release period",
                release_keys,
                index=release_keys.index(release_key) if release_key in release_keys else 0,
                format_func=lambda k: ht.find_period(release_periods, k).label,
                key=f"{KEY}-release-period",
            ),
        }
    )
    spreadsheet_button(built, PAGE_PATH)
