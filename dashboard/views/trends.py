"""The /trends page: VAWG offences by month for London or a borough, by offence group, and victims by age and ethnic group.

Every view setting lives in the URL (borough, offence, from, to, measure); a bad value gets a
friendly note and the default. The figures come from dashboard/figures/vawg.py, which the tests
check against the raw extracts; this module only reads queries, lays out and words.

A view is built once per settings and store (`_built`, a `Recording`) and replayed on every visit;
only the URL notes and the filters, which belong to the visitor's session, are drawn live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts import ChartSpec, bar_chart, line_chart, source_line_from
from dashboard.components import Recording, url_state
from dashboard.components.layout import is_sample as uses_sample_data
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.vawg_headline import headline_tiles
from dashboard.components.view_cache import cached_view
from dashboard.disclosure import SUPPRESSED_COL, protect_table
from dashboard.exports import chart_export, table_for
from dashboard.figures import vawg as vf
from dashboard.theme import (
    format_count,
    format_month,
    format_percent,
    format_percent_change,
    format_period,
    format_rate,
)
from dashboard.words import links
from dashboard.words import vawg_sentences as vs
from dashboard.words.catalog import (
    CAVEATS,
    CONNECT_FIRST_MONTH,
    DATASETS,
    MEASURES,
    NORMAL_VARIATION_METHOD,
    TRENDS_INTRO,
    TRENDS_TITLE,
    Measure,
)
from dashboard.words.markdown import escape_markdown
from dashboard.words.summaries import alt_text, describe_trend, summary_for

PAGE_PATH = "/trends"
VAWG = DATASETS["mps_vawg"]
POPULATION = DATASETS["ons_population"]
CONNECT = dt.date.fromisoformat(CONNECT_FIRST_MONTH)
BREAKS = [(CONNECT, "CRIS to CONNECT, March 2024")]
MEASURE_WORDS = {"count": "Number of offences", "rate": "Per 1,000 women and girls"}
ALL_GROUPS_WORDS = "All offence groups"
DEFAULTS = {"borough": vf.LONDON, "offence": vf.ALL_GROUPS, "measure": "count"}


def _card(
    out: Recording,
    frame: pd.DataFrame,
    *,
    key: str,
    spec: ChartSpec,
    kind: Literal["line", "bar"],
    view_url: str,
    datasets: Sequence,
    measure: Measure,
    caveats: Sequence[str] = (),
    extra: str = "",
    notes: Sequence[str] = (),
    about: dict | None = None,
    period: str | None = None,
    summary: str | None = None,
    lead: str = "",
) -> None:
    """A chart card whose summary is the generated one (or `summary`) plus any page-specific sentence."""
    figure = (line_chart if kind == "line" else bar_chart)(frame, spec)
    summary = " ".join(part for part in (lead, summary or summary_for(spec, frame, kind), extra) if part)
    export, export_name = chart_export(
        spec, frame, datasets=datasets, view_url=view_url, period=period, notes=[summary, *notes]
    )
    out.chart_card(
        key=key,
        spec=spec,
        figure=figure,
        table=table_for(frame, spec),
        summary=summary,
        alt=alt_text(spec, frame, kind=kind, summary=summary),
        export=export,
        export_name=export_name,
        measure=measure,
        datasets=datasets,
        caveats=caveats,
        about=about,
        notes=notes,
    )


def _london_wide_lead(area: str, what: str) -> str:
    """Said first in a London-wide card when a borough is chosen, so no one reads it as the borough's."""
    if area == vf.LONDON:
        return ""
    return f"London-wide, not {area}: the Met publishes {what} for London as a whole only."


def _rate_labels(values: pd.Series, decimals: int = 2) -> list[str]:
    return ["" if pd.isna(v) else format_rate(v, decimals) for v in values]


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    """What the page's selectors offer, from the store (built once per store)."""

    has_offences: bool
    months: tuple[dt.date, ...] = ()
    month_words: tuple[str, ...] = ()  # each month as the selectors show it, worded once
    groups: tuple[tuple[str, str], ...] = ()  # (slug, label) of each offence group
    boroughs: tuple[str, ...] = ()
    has_population: bool = False


@cached_view
def _options() -> _Options:
    by_area = data.run("vawg_offences_by_borough_month")
    if by_area.empty:
        return _Options(False)
    groups = vf.offence_groups(data.run("vawg_offences_by_group_month"))
    months = vf.month_list(data.run("vawg_months")["month"])
    return _Options(
        True,
        tuple(months),
        tuple(format_month(m) for m in months),
        tuple((g.slug, g.label) for g in groups),
        tuple(vf.borough_names(by_area)),
        not data.run("population_female_by_borough").empty,
    )


@cached_view
def _built_without_offences() -> Recording:
    out = Recording()
    out.title(TRENDS_TITLE)
    out.markdown(TRENDS_INTRO)
    out.info(
        "This copy of the dashboard has no VAWG offences yet. Load the Met's VAWG dashboard data with "
        "`python -m dashboard ingest`.",
        icon=":material/info:",
    )
    return out


@cached_view
def _built(area: str, offence: str, start: dt.date, end: dt.date, measure: str, base_url: str) -> Recording:
    """Everything the page shows for one view but the widgets and URL notes (their places are slots).

    base_url: this server's address as the visitor reached it (or ''), for the link in each CSV.
    """
    out = Recording()
    out.title(TRENDS_TITLE)
    out.markdown(TRENDS_INTRO)
    out.slot("url-notes")
    out.slot("filters")
    out.slot("swapped")

    by_area = data.run("vawg_offences_by_borough_month")
    months = vf.month_list(data.run("vawg_months")["month"])
    population = data.run("population_female_by_borough")
    by_group = data.run("vawg_offences_by_group_month")
    group_of = {g.slug: g for g in vf.offence_groups(by_group)}
    is_sample = uses_sample_data("mps_vawg", "ons_population")

    values = {"borough": area, "offence": offence, "from": start, "to": end, "measure": measure}
    view_url = links.view_link(PAGE_PATH, values, DEFAULTS, base_url=base_url)
    period = format_period(start, end)

    common = dict(is_sample=is_sample, data_up_to=months[-1])
    _headline(out, by_area, by_group, population, area, months)
    _area_card(out, by_area, population, area, months, start, end, measure, view_url, common)
    # The rest of the page is in lazy sections, sent only when opened (a page view costs what it sends).
    with out.section("Offence groups, London-wide", "trends-offences"):
        out.slot("offence-filter")
        _group_card(out, by_group, population, area, offence, group_of, start, end, measure, view_url, period, common)
        _group_trend_card(
            out, by_group, population, area, offence, group_of, months, start, end, measure, view_url, common
        )
    with out.section("Victims by age and ethnicity, London-wide", "trends-victims"):
        _victims_cards(out, area, start, end, measure, view_url, period, common)
    if area != vf.LONDON:
        out.markdown(
            f"[See {escape_markdown(area)}'s borough profile: its wards, its rank and a map of every borough]"
            f"(/boroughs?{urlencode({'borough': area})})"
        )
    with out.section("About these figures", "trends-about"):
        _about(out, population)
    return out


@dataclass(frozen=True)
class _Settings:
    """One view's settings as the link gives them (the page's widgets may then override them)."""

    area: str
    offence: str
    start: dt.date
    end: dt.date
    measure: str


def _settings(options: _Options, state: url_state.ViewState) -> _Settings:
    """Read and check the link's settings: the page and the command line's exports read them alike."""
    state.check_names(["borough", "offence", "from", "to", "measure"])
    months = list(options.months)
    areas = [vf.LONDON, *options.boroughs]
    area = url_state.choice("borough", areas, vf.LONDON, state, "borough")
    offences = [vf.ALL_GROUPS, *dict(options.groups)]
    offence = url_state.choice(
        "offence",
        offences,
        vf.ALL_GROUPS,
        state,
        "offence group",
        normalise=links.slugify,
        default_words=ALL_GROUPS_WORDS.lower(),
    )
    default_start, default_end = vf.default_window(months)
    start = url_state.month("from", months[0], months[-1], default_start, state, "first month")
    end = url_state.month("to", months[0], months[-1], default_end, state, "last month")
    if start > end:
        state.problem(
            f"The period in the link ends before it starts, so we're showing "
            f"{format_period(default_start, default_end)}.",
            name="from",
            value=f"{start:%Y-%m} (to={end:%Y-%m})",
            allowed="the first month must not be after the last",
        )
        start, end = default_start, default_end
    measure = url_state.choice(
        "measure", list(MEASURE_WORDS), "count", state, "measure", default_words="numbers of offences"
    )
    if measure == "rate" and not options.has_population:
        state.problem(
            "This copy of the data has no population figures, so we're showing numbers of offences.",
            name="measure",
            value=measure,
            allowed="this store has no population figures, so only count",
        )
        measure = "count"
    return _Settings(area, offence, start, end, measure)


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The view a link names, built as the page builds it (for exports); a bad setting raises ViewSettingError."""
    options = _options()
    if not options.has_offences:
        return _built_without_offences()
    chosen = _settings(options, url_state.ViewState(query=query, strict=True))
    return _built(chosen.area, chosen.offence, chosen.start, chosen.end, chosen.measure, base_url)


def render() -> None:
    options = _options()
    if not options.has_offences:
        _built_without_offences().replay()
        return
    months = list(options.months)
    month_words = dict(zip(options.months, options.month_words, strict=True))

    def month_word(month: dt.date) -> str:
        return month_words.get(month) or format_month(month)

    group_labels = dict(options.groups)

    # --- View settings, from the URL (a widget changed in this session wins over the link) ------
    state = url_state.ViewState()
    areas = [vf.LONDON, *options.boroughs]
    offences = [vf.ALL_GROUPS, *group_labels]
    linked = _settings(options, state)
    area = url_state.session_value("trends-borough", areas, linked.area)
    offence = url_state.session_value("trends-offence", offences, linked.offence)
    start = url_state.session_value("trends-from", months, linked.start)
    end = url_state.session_value("trends-to", months, linked.end)
    measure = url_state.session_value("trends-measure", list(MEASURE_WORDS), linked.measure)
    chosen_start, chosen_end = start, end  # as the widgets show them, even when the wrong way round
    if start > end:
        start, end = end, start
    # The period has no default here, so it is always in the link: a copied link keeps its months
    # when later data arrive and the default period moves on.
    url_state.write_back({"borough": area, "offence": offence, "from": start, "to": end, "measure": measure}, DEFAULTS)

    def filters() -> None:
        with st.container(border=True, key="trends-filters"):
            st.selectbox(
                "Area",
                areas,
                index=areas.index(area),
                key="trends-borough",
                help="London, or one of the 32 boroughs the Met polices.",
            )
            # A wrapping row rather than st.columns: one block sent instead of three.
            period = st.container(horizontal=True)
            period.selectbox(
                "From", months, index=months.index(chosen_start), format_func=month_word, key="trends-from"
            )
            period.selectbox("To", months, index=months.index(chosen_end), format_func=month_word, key="trends-to")
            st.radio(
                "Show",
                list(MEASURE_WORDS),
                index=list(MEASURE_WORDS).index(measure),
                format_func=MEASURE_WORDS.get,
                horizontal=True,
                key="trends-measure",
                disabled=not options.has_population,
            )

    def offence_filter() -> None:
        # Beside the charts it changes: the Met publishes offence groups for London as a whole only.
        st.selectbox(
            "Offence group (London-wide charts)",
            offences,
            index=offences.index(offence),
            key="trends-offence",
            format_func=lambda s: ALL_GROUPS_WORDS if s == vf.ALL_GROUPS else group_labels[s],
            help="The Met publishes offence groups for London as a whole only.",
        )

    def swapped() -> None:
        if chosen_start > chosen_end:
            st.info(
                f"{format_month(chosen_start)} is after {format_month(chosen_end)}, so the charts run from "
                f"{format_month(chosen_end)} to {format_month(chosen_start)}.",
                icon=":material/info:",
            )

    built = _built(area, offence, start, end, measure, url_state.absolute_url(""))
    built.replay(
        slots={
            "url-notes": lambda: url_state.show_notes(state),
            "filters": filters,
            "offence-filter": offence_filter,
            "swapped": swapped,
        }
    )
    spreadsheet_button(built, PAGE_PATH)


# --------------------------------------------------------------------------------------------
# Headline
# --------------------------------------------------------------------------------------------


def _headline(
    out: Recording,
    by_area: pd.DataFrame,
    by_group: pd.DataFrame,
    population: pd.DataFrame,
    area: str,
    months: list[dt.date],
) -> None:
    h = vf.headline(by_area, population, area, months)
    latest_period = format_period(h.periods.latest_start, h.periods.latest_end)
    previous_period = format_period(h.periods.previous_start, h.periods.previous_end)
    if not headline_tiles(out, h, area, anchor="headline", purpose="a headline"):
        return

    lines = [f"The Met recorded {format_count(h.latest)} VAWG offences in {area} from {latest_period}."]
    if h.has_comparison:
        lines.append(vs.change_sentence(h.latest, h.previous, previous_period))
        lines.append(vs.variation_sentence(h.test))
        verdict = h.test.verdict if h.test is not None else ""
        if area != vf.LONDON:
            london = vf.headline(by_area, population, vf.LONDON, months)
            if london.percent_change is not None:
                lines.append(f"London as a whole changed by {format_percent_change(london.percent_change)}.")
        if h.periods.previous_start < CONNECT:
            lines.append(
                "The comparison spans the Met's move to a new recording system in March 2024, so part of "
                "the change may come from how offences are recorded."
            )
    else:
        lines.append(f"There are not 12 months of data for {previous_period} to compare with.")
    text = escape_markdown(" ".join(lines))
    if h.has_comparison and verdict:
        text = text.replace(verdict, f"**{verdict}**", 1)
    out.markdown(text)

    more = []
    if h.rate is not None:
        more.append(
            f"That is {format_rate(h.rate)} offences per 1,000 women and girls living in "
            f"{'the 32 boroughs' if area == vf.LONDON else area} (ONS mid-{h.population_year} estimate: "
            f"{format_count(h.population)} women and girls)"
            + (f", {vs.rank_words(h.rate_rank, h.boroughs_ranked)}." if h.rate_rank else ".")
        )
    if area == vf.LONDON and h.not_in_a_borough:
        more.append(
            f"London's total includes {format_count(h.not_in_a_borough)} offences the Met did not place in any borough."
        )
    totals = vf.group_totals(by_group, h.periods.latest_start, h.periods.latest_end)
    if totals.total and totals.outside_share is not None:
        subject = "These offences include" if area == vf.LONDON else f"{area}'s count includes"
        more.append(
            f"{subject} every offence in the Met's VAWG data by place, including some the Met itself "
            f"classes as outside VAWG: across London, {format_percent(totals.outside_share)} of offences in "
            f"these months ({format_count(totals.outside_total)}) are outside VAWG by its classification"
            + ("." if area == vf.LONDON else ", which it does not publish by borough.")
        )
    more.append("A change can mean more people reporting, or police recording more, as well as more offending.")
    out.markdown(escape_markdown(" ".join(more)))


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------


def _area_card(
    out: Recording,
    by_area: pd.DataFrame,
    population: pd.DataFrame,
    area: str,
    months: list[dt.date],
    start: dt.date,
    end: dt.date,
    measure: str,
    view_url: str,
    common: dict,
) -> None:
    where = "London" if area == vf.LONDON else area
    whole = (
        "including offences not placed in a borough"
        if area == vf.LONDON
        else f"every offence in the Met's VAWG data placed in {area}"
    )
    if measure == "count":
        frame = vf.protect_monthly(vf.window(vf.area_monthly(by_area, area, months), start, end))
        spec = ChartSpec(
            title=f"VAWG offences in {where}, by month",
            subtitle=f"{format_period(start, end)}; {whole}",
            x="month",
            y="offences",
            y_title="Offences per month",
            measure="VAWG offences",
            area=where,
            source_line=source_line_from([VAWG]),
            breaks=BREAKS,
            **common,
        )
        _card(
            out,
            frame,
            key="trend-area",
            spec=spec,
            kind="line",
            view_url=view_url,
            datasets=[VAWG],
            measure=MEASURES["vawg_offences"],
            caveats=["outside_vawg"] + (["london_not_placed"] if area == vf.LONDON else []),
        )
        return
    series = [area] if area == vf.LONDON else [area, vf.LONDON]
    parts, overall = [], []
    for name in series:
        monthly = vf.protect_monthly(vf.window(vf.area_monthly(by_area, name, months), start, end))
        people = vf.population_of(population, name)
        rated = vf.monthly_rates(monthly, people)
        parts.append(rated.assign(area=name))
        total_rate = vf.rate_per_1000(int(monthly["offences"].sum()), people)
        if total_rate is not None:
            overall.append(f"{format_rate(total_rate)} offences per 1,000 women and girls in {name}")
    frame = pd.concat(parts, ignore_index=True)
    frame["rate"] = frame["rate"].astype(float).round(5)
    decimals = vf.rate_decimals(frame["rate"])
    frame["label"] = _rate_labels(frame["rate"], decimals)
    frame = frame[["month", "area", "rate", "label", SUPPRESSED_COL]]
    spec = ChartSpec(
        title=f"VAWG offences per 1,000 women and girls in {' and '.join(series)}, by month",
        subtitle=f"{format_period(start, end)}; women and girls from ONS mid-{vf.population_year(population)} "
        "estimates",
        x="month",
        y="rate",
        series="area" if len(series) > 1 else None,
        label="label",
        y_title="Offences per 1,000 women and girls, per month",
        measure="VAWG offences per 1,000 women and girls",
        area=where,
        value_format="rate",
        source_line=source_line_from([VAWG, POPULATION]),
        breaks=BREAKS,
        series_order=series if len(series) > 1 else (),
        series_title="Area",
        **common,
    )
    extra = f"Over the whole period: {'; '.join(overall)}." if overall else ""
    summary = vf.describe_rate_trend(
        frame,
        month_col="month",
        value_col="rate",
        series_col=spec.series,
        series_order=spec.series_order,
        area=where,
        decimals=decimals,
        measure="VAWG offences per 1,000 women and girls",
    )
    _card(
        out,
        frame,
        key="trend-area",
        spec=spec,
        kind="line",
        view_url=view_url,
        datasets=[VAWG, POPULATION],
        measure=MEASURES["vawg_rate"],
        caveats=["population_2020", "outside_vawg", "london_not_placed"],
        extra=extra,
        summary=summary,
    )


def _group_card(
    out: Recording,
    by_group: pd.DataFrame,
    population: pd.DataFrame,
    area: str,
    offence: str,
    group_of: dict,
    start: dt.date,
    end: dt.date,
    measure: str,
    view_url: str,
    period: str,
    common: dict,
) -> None:
    totals = vf.group_totals(by_group, start, end)
    protected = protect_table(totals.groups[["label", "offences"]], "offences", (), total_shown=True)
    chosen = group_of[offence].label if offence in group_of else None
    note = (
        f"You chose {area}; the Met publishes offence groups for London as a whole only."
        if area != vf.LONDON
        else "The Met publishes offence groups for London as a whole only."
    )
    left_out = (
        f"Left out: {format_count(totals.outside_total)} offences "
        f"({format_percent(totals.outside_share) if totals.outside_share is not None else '0%'} of the "
        f"{format_count(totals.total)} in the Met's VAWG data for these months) that the Met flags but classes "
        "as outside VAWG. They are counted in the area figures above, which cannot leave them out."
    )
    if measure == "count":
        frame = protected.rename(columns={"label": "offence_group"})
        spec = ChartSpec(
            title=f"VAWG offences in London by offence group, {period}",
            subtitle=note,
            x="offence_group",
            y="offences",
            y_title="Offences",
            x_title="Offence group",
            measure="offences",
            source_line=source_line_from([VAWG]),
            highlight=chosen,
            **common,
        )
        measure_entry = MEASURES["vawg_offences_by_group"]
        datasets = [VAWG]
    else:
        people = vf.population_of(population, vf.LONDON)
        frame = protected.rename(columns={"label": "offence_group"})
        frame["rate"] = [None if pd.isna(v) else round(vf.rate_per_1000(int(v), people), 5) for v in frame["offences"]]
        frame["rate"] = pd.array(frame["rate"], dtype="Float64")
        frame["label"] = _rate_labels(frame["rate"])
        frame = frame[["offence_group", "rate", "label", SUPPRESSED_COL]]
        spec = ChartSpec(
            title=f"VAWG offences per 1,000 women and girls in London by offence group, {period}",
            subtitle=note,
            x="offence_group",
            y="rate",
            label="label",
            y_title="Offences per 1,000 women and girls",
            x_title="Offence group",
            measure="offences per 1,000 women and girls",
            value_format="rate",
            source_line=source_line_from([VAWG, POPULATION]),
            highlight=chosen,
            **common,
        )
        measure_entry = MEASURES["vawg_offences_by_group"]
        datasets = [VAWG, POPULATION]
    crosses = start < CONNECT <= end
    notes = (
        [
            "The period spans the Met's move to CONNECT in March 2024; some offence classifications are not "
            "comparable before and after it."
        ]
        if crosses
        else []
    )
    _card(
        out,
        frame,
        key="offence-groups",
        spec=spec,
        kind="bar",
        view_url=view_url,
        datasets=datasets,
        measure=measure_entry,
        caveats=["outside_vawg", "london_wide_only"],
        extra=left_out,
        notes=notes,
        lead=_london_wide_lead(area, "offence groups"),
        period=period,
    )


def _group_trend_card(
    out: Recording,
    by_group: pd.DataFrame,
    population: pd.DataFrame,
    area: str,
    offence: str,
    group_of: dict,
    months: list[dt.date],
    start: dt.date,
    end: dt.date,
    measure: str,
    view_url: str,
    common: dict,
) -> None:
    shown = [m for m in months if start <= m <= end]
    monthly = vf.group_monthly(by_group, offence, shown)
    london_wide = (
        "London-wide"
        if area == vf.LONDON
        else f"London-wide, not {area}: the Met publishes offence groups for London only"
    )
    if offence == vf.ALL_GROUPS:
        frame = vf.protect_monthly(monthly, series_col="series")
        title = "Offences in the Met's VAWG data in London: classed as VAWG or outside it, by month"
        series = dict(series="series", series_order=[vf.VAWG_SERIES, vf.OUTSIDE_SERIES], series_title="Met's class")
        extra = (
            "Offences the Met flags in its VAWG data but classes as outside VAWG are shown separately: they are "
            "in every count by place on this page."
        )
    else:
        frame = vf.protect_monthly(monthly)
        title = f"VAWG offences in London: {group_of[offence].label}, by month"
        series = {}
        extra = ""
    if measure == "count":
        spec = ChartSpec(
            title=title,
            subtitle=f"{format_period(start, end)}; {london_wide}",
            x="month",
            y="offences",
            y_title="Offences per month",
            area="London",
            measure="offences" if offence == vf.ALL_GROUPS else f"{group_of[offence].label.lower()} offences",
            source_line=source_line_from([VAWG]),
            breaks=BREAKS,
            **series,
            **common,
        )
        datasets = [VAWG]
    else:
        people = vf.population_of(population, vf.LONDON)
        frame = vf.monthly_rates(frame, people)
        frame["rate"] = frame["rate"].astype(float).round(5)
        decimals = vf.rate_decimals(frame["rate"])
        frame["label"] = _rate_labels(frame["rate"], decimals)
        spec = ChartSpec(
            title=title.replace("Offences in", "Offences per 1,000 women and girls in", 1)
            if offence == vf.ALL_GROUPS
            else title.replace("VAWG offences in", "VAWG offences per 1,000 women and girls in", 1),
            subtitle=f"{format_period(start, end)}; {london_wide}",
            x="month",
            y="rate",
            label="label",
            y_title="Offences per 1,000 women and girls, per month",
            area="London",
            value_format="rate",
            measure="offences per 1,000 women and girls",
            source_line=source_line_from([VAWG, POPULATION]),
            breaks=BREAKS,
            **series,
            **common,
        )
        datasets = [VAWG, POPULATION]
    columns = [
        "month",
        *(["series"] if offence == vf.ALL_GROUPS else []),
        spec.y,
        *(["label"] if spec.label else []),
        SUPPRESSED_COL,
    ]
    summary, decimals = None, None
    if measure == "rate":
        decimals = vf.rate_decimals(frame["rate"])
    if offence == vf.ALL_GROUPS:
        unit = "" if measure == "count" else " per 1,000 women and girls"
        parts = []
        for name, what in ((vf.VAWG_SERIES, "VAWG"), (vf.OUTSIDE_SERIES, "outside VAWG")):
            rows = frame.loc[frame["series"] == name]
            words = f"offences{unit} the Met classes as {what}"
            parts.append(
                describe_trend(rows, "month", spec.y, area="London", measure=words)
                if measure == "count"
                else vf.describe_rate_trend(
                    rows, month_col="month", value_col="rate", area="London", measure=words, decimals=decimals
                )
            )
        summary = " ".join(parts)
    elif measure == "rate":
        words = f"{group_of[offence].label.lower()} offences per 1,000 women and girls"
        summary = vf.describe_rate_trend(
            frame, month_col="month", value_col="rate", area="London", measure=words, decimals=decimals
        )
    _card(
        out,
        frame[columns],
        key="offence-group-trend",
        spec=spec,
        kind="line",
        view_url=view_url,
        datasets=datasets,
        measure=MEASURES["vawg_offences_by_group"],
        caveats=["outside_vawg", "london_wide_only"],
        extra=extra,
        lead=_london_wide_lead(area, "offence groups"),
        summary=summary,
    )


def _victims_cards(
    out: Recording, area: str, start: dt.date, end: dt.date, measure: str, view_url: str, period: str, common: dict
) -> None:
    london_wide = (
        "London-wide"
        if area == vf.LONDON
        else f"London-wide, not {area}: the Met publishes victims by age and ethnic group for London only"
    )
    counts_only = (
        "Shown as numbers of victims: there are no population figures for these groups in the data, so "
        "no rate per 1,000."
        if measure == "rate"
        else ""
    )
    cards = [
        (
            "victims-age",
            "vawg_victims_by_age_month",
            "age_group",
            "age",
            "Age group",
            "age group",
            MEASURES["vawg_victims_by_age"],
            [],
        ),
        (
            "victims-ethnicity",
            "vawg_victims_by_ethnicity_month",
            "ethnic_group",
            "size",
            "Ethnic group",
            "ethnic group",
            MEASURES["vawg_victims_by_ethnicity"],
            ["victims_recorded_ethnicity"],
        ),
    ]
    for key, query, column, order, header, noun, measure_entry, caveats in cards:
        frame = vf.victims_breakdown(data.run(query), column, start, end, order=order)
        if frame.empty:
            continue
        if column == "age_group":
            frame[column] = frame[column].map(vs.age_label)
        spec = ChartSpec(
            title=f"Victims of VAWG offences in London by {noun}, {period}",
            subtitle=london_wide,
            x=column,
            y="victims",
            y_title="Victims",
            x_title=header,
            measure="victims",
            source_line=source_line_from([VAWG]),
            **common,
        )
        _card(
            out,
            frame[[column, "victims", SUPPRESSED_COL]],
            key=key,
            spec=spec,
            kind="bar",
            view_url=view_url,
            datasets=[VAWG],
            measure=measure_entry,
            caveats=["london_wide_only", *caveats],
            extra=counts_only,
            lead=_london_wide_lead(area, f"victims by {noun}"),
            period=period,
        )


# --------------------------------------------------------------------------------------------
# About
# --------------------------------------------------------------------------------------------


def _about(out: Recording, population: pd.DataFrame) -> None:
    out.header("About these figures", anchor="about-these-figures")
    out.subheader("The move from CRIS to CONNECT (March 2024)", anchor="connect")
    out.markdown(
        escape_markdown(
            CAVEATS["connect"] + " A dashed line marks March 2024 on every chart over time. Compare "
            "months either side of it with care."
        )
    )
    out.subheader("Offences outside VAWG", anchor="outside-vawg")
    out.markdown(escape_markdown(CAVEATS["outside_vawg"]))
    out.subheader("London and the boroughs", anchor="london-and-boroughs")
    out.markdown(
        escape_markdown(f"{CAVEATS['london_not_placed']} {CAVEATS['london_wide_only']} {CAVEATS['city_of_london']}")
    )
    out.subheader("Rates per 1,000 women and girls", anchor="rates")
    year = vf.population_year(population)
    out.markdown(
        escape_markdown(
            "VAWG offences in a period divided by the number of women and girls (females of all ages) living in the "
            f"area, times 1,000. The population figures are ONS mid-{year if year else 2020} small-area estimates "
            "summed to boroughs, the latest in the data; populations have changed since, so rates are approximate. "
            "London's rate divides all of London's offences, including those not placed in a borough, by the women "
            "and girls living in the 32 boroughs the Met polices. On a chart by month, the rate is for that month."
        )
    )
    out.subheader("Within or larger than normal variation", anchor="normal-variation")
    out.markdown(escape_markdown(NORMAL_VARIATION_METHOD))
    out.subheader("Recorded crime", anchor="recorded-crime")
    out.markdown(escape_markdown(f"{CAVEATS['recording']} {CAVEATS['revisions']}"))
