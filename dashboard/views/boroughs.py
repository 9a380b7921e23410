"""The /boroughs page: a borough profile for partners, and a map comparing every borough.

Pick a borough (kept in the URL as ?borough=Camden) to see its latest 12 months, the change and
whether it is within normal variation, its rate per 1,000 women and girls and rank, its trend
against London's and its wards ranked. The map and table comparing all 32 boroughs are always
shown (?compare=rate|change, ?map=shapes|tiles). Figures come from dashboard/figures/vawg.py.

A view is built once per settings and store (`_built`, a `Recording`) and replayed on every visit;
only the URL notes and the three selectors, which belong to the visitor's session, are drawn live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts import ChartSpec, bar_chart, line_chart, source_line_from
from dashboard.charts.borough_map import (
    BOROUGH_CODES,
    CHANGE_CLASSES,
    borough_map,
    boundary_shapes,
    change_class,
    change_mark,
    describe_changes,
    describe_rates,
    rate_classes,
    tile_shapes,
)
from dashboard.components import Recording, url_state
from dashboard.components.borough_pack import borough_pack_button
from dashboard.components.layout import is_sample as uses_sample_data
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.vawg_headline import headline_tiles, signed_count
from dashboard.components.view_cache import cached_view
from dashboard.disclosure import SUPPRESSED_COL, SUPPRESSED_SYMBOL
from dashboard.exports import chart_export, table_for
from dashboard.figures import vawg as vf
from dashboard.theme import format_count, format_percent_change, format_period, format_rate
from dashboard.words import links
from dashboard.words import vawg_sentences as vs
from dashboard.words.catalog import (
    BOROUGHS_INTRO,
    BOROUGHS_TITLE,
    CAVEATS,
    CONNECT_FIRST_MONTH,
    DATASETS,
    MEASURES,
    NORMAL_VARIATION_METHOD,
)
from dashboard.words.markdown import escape_markdown
from dashboard.words.summaries import alt_text

PAGE_PATH = "/boroughs"
ALL = "all boroughs"
VAWG = DATASETS["mps_vawg"]
POPULATION = DATASETS["ons_population"]
BOUNDARIES = DATASETS["london_boundaries"]
CONNECT = dt.date.fromisoformat(CONNECT_FIRST_MONTH)
BREAKS = [(CONNECT, "CRIS to CONNECT, March 2024")]
TREND_MONTHS = 48
WARD_LABEL_ROOM = 1.7
MAP_PX = {"shapes": 400, "tiles": 380}
MAP_LABEL_SIZE = {"shapes": 10, "tiles": 11}
COMPARE_WORDS = {"rate": "Rate per 1,000 women and girls", "change": "Change on the 12 months before"}
MAP_WORDS = {"shapes": "Borough shapes", "tiles": "Equal squares (easier to read on a phone)"}


@cached_view
def _shapes(style: str) -> dict:
    """Outlines simplified once per store (the boundaries are a few MB of GeoJSON)."""
    if style == "tiles":
        return tile_shapes()
    return boundary_shapes(data.run("borough_boundaries"))


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    """What the page's selectors offer, from the store (built once per store)."""

    has_offences: bool
    boroughs: tuple[str, ...] = ()
    has_population: bool = False
    has_shapes: bool = False


@cached_view
def _options() -> _Options:
    by_area = data.run("vawg_offences_by_borough_month")
    if by_area.empty:
        return _Options(False)
    boundaries = data.run("borough_boundaries")
    return _Options(
        True,
        tuple(vf.borough_names(by_area)),
        not data.run("population_female_by_borough").empty,
        bool(boundaries["boundary_geojson"].notna().any()),
    )


@cached_view
def _built_without_offences() -> Recording:
    out = Recording()
    out.title(BOROUGHS_TITLE)
    out.markdown(BOROUGHS_INTRO)
    out.info(
        "This copy of the dashboard has no VAWG offences yet. Load the Met's VAWG dashboard data with "
        "`python -m dashboard ingest`.",
        icon=":material/info:",
    )
    return out


@cached_view
def _built(borough: str, compare: str, map_style: str, map_default: str, base_url: str) -> Recording:
    """Everything the page shows for one view but the widgets and URL notes (their places are slots).

    base_url: this server's address as the visitor reached it (or ''), for the link in each CSV.
    """
    out = Recording()
    out.title(BOROUGHS_TITLE)
    out.markdown(BOROUGHS_INTRO)
    out.slot("url-notes")
    out.slot("borough")

    by_area = data.run("vawg_offences_by_borough_month")
    months = vf.month_list(data.run("vawg_months")["month"])
    population = data.run("population_female_by_borough")
    is_sample = uses_sample_data("mps_vawg", "ons_population", "london_boundaries")

    defaults = {"borough": ALL, "compare": "rate", "map": map_default}
    if borough == ALL:
        out.markdown("Choose a borough to see its profile. Every borough is compared below.")
    else:
        profile_url = links.view_link(PAGE_PATH, {"borough": borough}, defaults, base_url=base_url)
        _profile(out, by_area, population, borough, months, profile_url, is_sample)
    view_url = links.view_link(
        PAGE_PATH, {"borough": borough, "compare": compare, "map": map_style}, defaults, base_url=base_url
    )
    if borough == ALL:
        _comparison(out, by_area, population, borough, months, compare, map_style, view_url, is_sample)
    else:
        # With a borough chosen its profile is the page; the map of every borough is one click away
        # (a lazy section is sent only when opened: a page view costs what it sends).
        with out.section("How the boroughs compare: a map and table of every borough", "boroughs-compare"):
            _comparison(out, by_area, population, borough, months, compare, map_style, view_url, is_sample)
    with out.section("About these figures", "boroughs-about"):
        _about(out)
    return out


def _settings(options: _Options, state: url_state.ViewState) -> tuple[str, str, str, str]:
    """(borough, compare, map style, default map style) as the link gives them; the page and exports read them alike."""
    state.check_names(["borough", "compare", "map"])
    boroughs = list(options.boroughs)
    borough = url_state.choice("borough", [ALL, *boroughs], ALL, state, "borough")
    compare = url_state.choice(
        "compare", list(COMPARE_WORDS), "rate", state, "comparison", default_words="rates per 1,000 women and girls"
    )
    map_default = "shapes" if options.has_shapes else "tiles"
    map_style = url_state.choice(
        "map", list(MAP_WORDS), map_default, state, "map style", default_words=MAP_WORDS[map_default].lower()
    )
    if map_style == "shapes" and not options.has_shapes:
        state.problem(
            "This copy of the data has no borough boundaries, so the map shows equal squares.",
            name="map",
            value=map_style,
            allowed="this store has no borough boundaries, so only tiles",
        )
        map_style = "tiles"
    if compare == "rate" and not options.has_population:
        state.problem(
            "This copy of the data has no population figures, so the map compares changes.",
            name="compare",
            value=compare,
            allowed="this store has no population figures, so only change",
        )
        compare = "change"
    return borough, compare, map_style, map_default


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The view a link names, built as the page builds it (for exports); a bad setting raises ViewSettingError."""
    options = _options()
    if not options.has_offences:
        return _built_without_offences()
    return _built(*_settings(options, url_state.ViewState(query=query, strict=True)), base_url)


def render() -> None:
    options = _options()
    if not options.has_offences:
        _built_without_offences().replay()
        return
    boroughs = list(options.boroughs)

    # --- View settings, from the URL (a widget changed in this session wins over the link) ------
    state = url_state.ViewState()
    borough, compare, map_style, map_default = _settings(options, state)
    if "boroughs-borough" in st.session_state:  # None there means the visitor cleared the box
        picked = st.session_state["boroughs-borough"]
        borough = ALL if picked is None else url_state.session_value("boroughs-borough", boroughs, borough)
    compare_options = list(COMPARE_WORDS) if options.has_population else ["change"]
    style_options = list(MAP_WORDS) if options.has_shapes else ["tiles"]
    compare = url_state.session_value("boroughs-compare", compare_options, compare)
    map_style = url_state.session_value("boroughs-map", style_options, map_style)
    defaults = {"borough": ALL, "compare": "rate", "map": map_default}
    url_state.write_back({"borough": borough, "compare": compare, "map": map_style}, defaults)

    def picker() -> None:
        st.selectbox(
            "Borough",
            boroughs,
            index=None if borough == ALL else boroughs.index(borough),
            placeholder="Choose a borough",
            key="boroughs-borough",
            help="One of the 32 boroughs the Met polices.",
        )

    def settings() -> None:
        left, right = st.columns(2)
        left.radio(
            "Compare",
            compare_options,
            index=compare_options.index(compare),
            format_func=COMPARE_WORDS.get,
            key="boroughs-compare",
        )
        right.radio(
            "Map", style_options, index=style_options.index(map_style), format_func=MAP_WORDS.get, key="boroughs-map"
        )

    built = _built(borough, compare, map_style, map_default, url_state.absolute_url(""))
    built.replay(
        slots={
            "url-notes": lambda: url_state.show_notes(state),
            "borough": picker,
            "compare": settings,
            "borough-pack": lambda: borough_pack_button(borough),
        }
    )
    spreadsheet_button(built, PAGE_PATH)


# --------------------------------------------------------------------------------------------
# A borough's profile
# --------------------------------------------------------------------------------------------


def _profile(
    out: Recording,
    by_area: pd.DataFrame,
    population: pd.DataFrame,
    borough: str,
    months: list[dt.date],
    view_url: str,
    is_sample: bool,
) -> None:
    h = vf.headline(by_area, population, borough, months)
    latest_period = format_period(h.periods.latest_start, h.periods.latest_end)
    previous_period = format_period(h.periods.previous_start, h.periods.previous_end)
    if not headline_tiles(out, h, borough, anchor="profile", purpose="a profile"):
        return

    lines = [f"The Met recorded {format_count(h.latest)} VAWG offences in {borough} from {latest_period}."]
    verdict = ""
    if h.has_comparison:
        lines.append(vs.change_sentence(h.latest, h.previous, previous_period))
        lines.append(vs.variation_sentence(h.test))
        verdict = h.test.verdict if h.test is not None else ""
        london = vf.headline(by_area, population, vf.LONDON, months)
        if london.percent_change is not None:
            lines.append(f"London as a whole changed by {format_percent_change(london.percent_change)}.")
    text = escape_markdown(" ".join(lines))
    if verdict:
        text = text.replace(verdict, f"**{verdict}**", 1)
    out.markdown(text)
    more = []
    if h.rate is not None:
        more.append(
            f"That is {format_rate(h.rate)} offences per 1,000 women and girls living in {borough} "
            f"(ONS mid-{h.population_year} estimate: {format_count(h.population)}), "
            f"{vs.rank_words(h.rate_rank, h.boroughs_ranked)}; by number of offences it is "
            f"{vs.rank_words(h.count_rank, h.boroughs_ranked, 'count')}."
        )
    more.append(
        "The count includes every offence in the Met's VAWG data placed in the borough, including some the "
        "Met classes as outside VAWG (it publishes that split for London only)."
    )
    out.markdown(escape_markdown(" ".join(more)))
    out.markdown(
        f"[See {escape_markdown(borough)} month by month, by offence group and by victims' age and ethnic group]"
        f"(/trends?{urlencode({'borough': borough})})"
    )

    _trend_card(out, by_area, population, borough, months, view_url, is_sample)
    out.slot("borough-pack")  # the borough pack's button, drawn live: its workbook is made only when clicked
    with out.section(f"Wards in {borough}", "boroughs-wards"):
        _ward_card(out, borough, months, view_url, is_sample, latest_period)


def _trend_card(
    out: Recording,
    by_area: pd.DataFrame,
    population: pd.DataFrame,
    borough: str,
    months: list[dt.date],
    view_url: str,
    is_sample: bool,
) -> None:
    start, end = vf.default_window(months, TREND_MONTHS)
    parts = []
    for name in (borough, vf.LONDON):
        monthly = vf.protect_monthly(vf.window(vf.area_monthly(by_area, name, months), start, end))
        parts.append(vf.monthly_rates(monthly, vf.population_of(population, name)).assign(area=name))
    frame = pd.concat(parts, ignore_index=True)
    if frame["rate"].isna().all():
        return
    frame["rate"] = frame["rate"].astype(float).round(5)
    decimals = vf.rate_decimals(frame["rate"])
    frame["label"] = [("" if pd.isna(v) else format_rate(v, decimals)) for v in frame["rate"]]
    frame = frame[["month", "area", "rate", "label", SUPPRESSED_COL]]
    spec = ChartSpec(
        title=f"VAWG offences per 1,000 women and girls in {borough} and London, by month",
        subtitle=f"{format_period(start, end)}; women and girls from ONS mid-{vf.population_year(population)} "
        "estimates",
        x="month",
        y="rate",
        series="area",
        label="label",
        series_order=[borough, vf.LONDON],
        series_title="Area",
        y_title="Offences per 1,000 women and girls, per month",
        measure="VAWG offences per 1,000 women and girls",
        value_format="rate",
        source_line=source_line_from([VAWG, POPULATION]),
        breaks=BREAKS,
        is_sample=is_sample,
        data_up_to=months[-1],
    )
    figure = line_chart(frame, spec)
    summary = vf.describe_rate_trend(
        frame,
        month_col="month",
        value_col="rate",
        series_col="area",
        series_order=[borough, vf.LONDON],
        decimals=decimals,
        measure="VAWG offences per 1,000 women and girls",
    )
    summary += (
        " Rates make a borough comparable with London whatever its size. A dashed line marks the Met's "
        "move to CONNECT in March 2024."
    )
    export, export_name = chart_export(spec, frame, datasets=[VAWG, POPULATION], view_url=view_url)
    out.chart_card(
        key="borough-trend",
        spec=spec,
        figure=figure,
        table=table_for(frame, spec),
        summary=summary,
        alt=alt_text(spec, frame, kind="line", summary=summary),
        export=export,
        export_name=export_name,
        measure=MEASURES["vawg_rate"],
        datasets=[VAWG, POPULATION],
        caveats=["population_2020", "london_not_placed", "outside_vawg"],
    )


def _ward_card(
    out: Recording, borough: str, months: list[dt.date], view_url: str, is_sample: bool, latest_period: str
) -> None:
    ward_month = data.run("vawg_offences_by_ward_month", borough=borough)
    if ward_month.empty:
        return
    ranking = vf.protect_ward_ranking(vf.ward_ranking(ward_month, months))
    frame = ranking.assign(**{SUPPRESSED_COL: ranking["latest_suppressed"]})
    frame["label"] = [_ward_label(row) for _, row in frame.iterrows()]
    frame = frame[["ward_name", "latest", "label", SUPPRESSED_COL]]
    spec = ChartSpec(
        title=f"VAWG offences by ward in {borough}, {latest_period}",
        subtitle="Most offences first. In brackets: the change on the 12 months before; ▲ or ▼ marks a change larger "
        "than normal variation.",
        x="ward_name",
        y="latest",
        label="label",
        y_title="Offences",
        x_title="Ward",
        measure="VAWG offences",
        source_line=source_line_from([VAWG]),
        is_sample=is_sample,
        data_up_to=months[-1],
    )
    summary = vs.describe_wards(ranking)
    table = _ward_table(ranking, formatted=True)
    plain = _ward_table(ranking, formatted=False)
    export, export_name = chart_export(
        spec,
        frame,
        table=plain,
        datasets=[VAWG],
        period=latest_period,
        view_url=view_url,
        notes=[summary, CAVEATS["normal_variation"], CAVEATS["ward_not_stated"]],
        name_part="",
    )
    figure = bar_chart(frame, spec)
    # The labels carry the change as well as the count, so they need more room than a count alone:
    # keep the longest bar to about 60% of the width so '341 (+11%)' fits on a 375 px phone.
    top = float(pd.to_numeric(frame["latest"], errors="coerce").max() or 1)
    figure.update_xaxes(range=[0, top * WARD_LABEL_ROOM])
    out.chart_card(
        key="borough-wards",
        spec=spec,
        figure=figure,
        table=table,
        summary=summary,
        alt=alt_text(spec, frame, kind="bar", summary=summary),
        export=export,
        export_name=export_name,
        measure=MEASURES["vawg_change"],
        datasets=[VAWG],
        caveats=["ward_not_stated", "outside_vawg"],
        about={"Within or larger than normal variation": NORMAL_VARIATION_METHOD},
    )


def _ward_label(row: pd.Series) -> str:
    if pd.isna(row["latest"]):
        return SUPPRESSED_SYMBOL
    count = format_count(row["latest"])
    if pd.isna(row["percent_change"]):
        return count
    mark = change_mark(row["percent_change"], bool(row["is_beyond_normal"]))
    return f"{count} ({format_percent_change(row['percent_change'], 0)}{mark})"


def _ward_table(ranking: pd.DataFrame, *, formatted: bool) -> pd.DataFrame:
    def count(value: object) -> object:
        if pd.isna(value):
            return SUPPRESSED_SYMBOL
        return format_count(value) if formatted else int(value)

    def percent(value: object, hidden: bool) -> object:
        if hidden:
            return SUPPRESSED_SYMBOL
        if pd.isna(value):
            return "" if formatted else ""
        return format_percent_change(value) if formatted else round(float(value), 1)

    hidden = (ranking["latest_suppressed"] | ranking["previous_suppressed"]).tolist()
    return pd.DataFrame(
        {
            "Rank": ["" if pd.isna(r) else (str(int(r)) if formatted else int(r)) for r in ranking["rank"]],
            "Ward": ranking["ward_name"].astype(str),
            "Offences, latest 12 months": [count(v) for v in ranking["latest"]],
            "Offences, 12 months before": [count(v) for v in ranking["previous"]],
            "Change": [
                SUPPRESSED_SYMBOL if h else ("" if pd.isna(v) else (signed_count(int(v)) if formatted else int(v)))
                for v, h in zip(ranking["change"], hidden)
            ],
            "Change (%)": [percent(v, h) for v, h in zip(ranking["percent_change"], hidden)],
            "Compared with normal variation": [
                SUPPRESSED_SYMBOL if h else v for v, h in zip(ranking["verdict"], hidden)
            ],
        }
    )


# --------------------------------------------------------------------------------------------
# Every borough compared
# --------------------------------------------------------------------------------------------


def _comparison(
    out: Recording,
    by_area: pd.DataFrame,
    population: pd.DataFrame,
    borough: str,
    months: list[dt.date],
    compare: str,
    map_style: str,
    view_url: str,
    is_sample: bool,
) -> None:
    """The map and table of every borough; the page's two settings for them go in the slot 'compare'."""
    out.header("How the boroughs compare", anchor="compare")
    out.slot("compare")

    def maps_from(datasets: list) -> list:
        return datasets + ([BOUNDARIES] if map_style == "shapes" else [])

    periods = vf.latest_periods(months[-1])
    latest_period = format_period(periods.latest_start, periods.latest_end)
    table = vf.borough_table(by_area, population, months)
    chosen = None if borough == ALL else borough
    if compare == "rate":
        legend, classes = rate_classes(table["rate"])
        frame = table.assign(map_class=classes, value=table["rate"].astype(float).round(3))
        frame["label"] = [
            f"{BOROUGH_CODES.get(c, c)}<br>{format_rate(v)}" for c, v in zip(frame["borough_code"], frame["value"])
        ]
        spec = ChartSpec(
            title=f"VAWG offences per 1,000 women and girls, by borough, {latest_period}",
            subtitle=f"Darker: higher rate. Women and girls from ONS mid-{vf.population_year(population)} estimates.",
            x="borough_name",
            y="value",
            label="label",
            y_title="Offences per 1,000 women and girls",
            x_title="Borough",
            value_format="rate",
            highlight=chosen,
            source_line=source_line_from(maps_from([VAWG, POPULATION])),
            is_sample=is_sample,
            data_up_to=months[-1],
        )
        summary = describe_rates(
            frame,
            name_col="borough_name",
            value_col="value",
            chosen=chosen,
            rank_col="rate_rank",
            measure="rates of VAWG offences per 1,000 women and girls",
        )
        ordered = table.sort_values(["rate_rank", "borough_name"], kind="stable")
        measure = MEASURES["vawg_rate"]
        datasets = maps_from([VAWG, POPULATION])
        caveats = ["population_2020", "outside_vawg", "city_of_london"]
    else:
        frame = table.loc[table["percent_change"].notna()].copy()
        if frame.empty:
            out.markdown("This copy of the data does not have two full years to compare.")
            return
        frame["value"] = frame["percent_change"].astype(float).round(2)
        frame["map_class"] = [change_class(p, b) for p, b in zip(frame["value"], frame["is_beyond_normal"])]
        legend = [c for c in CHANGE_CLASSES if c.name in set(frame["map_class"])]
        frame["label"] = [
            f"{BOROUGH_CODES.get(c, c)}<br>{format_percent_change(v, 0)}{change_mark(v, b)}"
            for c, v, b in zip(frame["borough_code"], frame["value"], frame["is_beyond_normal"])
        ]
        spec = ChartSpec(
            title=f"Change in VAWG offences by borough, {latest_period} on the 12 months before",
            subtitle="Orange: a rise; purple: a fall; darker with ▲ or ▼: larger than normal variation.",
            x="borough_name",
            y="value",
            label="label",
            y_title="Change on the 12 months before (%)",
            x_title="Borough",
            value_format="percent_change",
            highlight=chosen,
            source_line=source_line_from(maps_from([VAWG])),
            is_sample=is_sample,
            data_up_to=months[-1],
        )
        london = vf.headline(by_area, population, vf.LONDON, months)
        summary = describe_changes(frame, name_col="borough_name", percent_col="value", beyond_col="is_beyond_normal")
        if london.percent_change is not None:
            summary += f" London as a whole: {format_percent_change(london.percent_change)}."
        if chosen and chosen in set(frame["borough_name"]):
            row = frame.loc[frame["borough_name"] == chosen].iloc[0]
            summary += f" {chosen}: {format_percent_change(row['value'])}, {row['verdict']}."
        ordered = table.sort_values(["percent_change", "borough_name"], ascending=[False, True], kind="stable")
        measure = MEASURES["vawg_change"]
        datasets = maps_from([VAWG])
        caveats = ["normal_variation", "outside_vawg", "city_of_london"]

    shapes = _shapes(map_style)
    shapes = {
        code: shape
        for code, shape in shapes.items()
        if code in set(frame["borough_code"]) or code not in set(table["borough_code"])
    }
    map_words = (
        "Each borough is drawn in its real shape."
        if map_style == "shapes"
        else "Each borough is an equal square, placed roughly where it lies, so small inner boroughs are as easy "
        "to read as large outer ones."
    )
    about = {
        "Reading the map": f"{map_words} Each label gives the borough's three-letter code and its figure; "
        "the chosen borough has a thick outline. The Table tab lists every borough by name. "
        "The City of London is hatched: its own police force records crime there."
    }
    if compare == "change":
        about["Within or larger than normal variation"] = NORMAL_VARIATION_METHOD
    map_table, plain = _borough_tables(ordered, compare)
    export, export_name = chart_export(
        spec,
        frame,
        table=plain,
        datasets=datasets,
        period=latest_period,
        view_url=view_url,
        notes=[summary],
        name_part="",
    )
    figure = borough_map(
        frame[["borough_code", "borough_name", "value", "label", "map_class"]],
        spec,
        shapes,
        legend,
        plot_px=MAP_PX[map_style],
        label_size=MAP_LABEL_SIZE[map_style],
    )
    out.chart_card(
        key="borough-map",
        spec=spec,
        figure=figure,
        table=map_table,
        summary=summary,
        alt=f"Map of London's boroughs: {spec.title}. {'Sample data, not real figures. ' if is_sample else ''}"
        f"{summary}",
        export=export,
        export_name=export_name,
        measure=measure,
        datasets=datasets,
        caveats=caveats,
        about=about,
    )


def _borough_tables(ordered: pd.DataFrame, compare: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The comparison table, formatted for reading and plain for the CSV."""

    def formatted(column: str, fn) -> list:
        return ["" if pd.isna(v) else fn(v) for v in ordered[column]]

    readable = pd.DataFrame(
        {
            "Rank by rate": formatted("rate_rank", lambda v: str(int(v))),
            "Borough": ordered["borough_name"].tolist(),
            "Offences, latest 12 months": formatted("latest", format_count),
            "Offences, 12 months before": formatted("previous", format_count),
            "Change (%)": formatted("percent_change", format_percent_change),
            "Compared with normal variation": ordered["verdict"].tolist(),
            "Per 1,000 women and girls": formatted("rate", format_rate),
        }
    )
    plain = pd.DataFrame(
        {
            "Rank by rate": ordered["rate_rank"].tolist(),
            "Borough": ordered["borough_name"].tolist(),
            "Borough code": ordered["borough_code"].tolist(),
            "Offences, latest 12 months": ordered["latest"].tolist(),
            "Offences, 12 months before": ordered["previous"].tolist(),
            "Change": ordered["change"].tolist(),
            "Change (%)": [None if pd.isna(v) else round(float(v), 2) for v in ordered["percent_change"]],
            "Compared with normal variation": ordered["verdict"].tolist(),
            "Women and girls (population)": ordered["population"].tolist(),
            "Per 1,000 women and girls": [None if pd.isna(v) else round(float(v), 3) for v in ordered["rate"]],
        }
    )
    if compare == "change":
        readable = readable[
            [
                "Borough",
                "Change (%)",
                "Compared with normal variation",
                "Offences, latest 12 months",
                "Offences, 12 months before",
                "Per 1,000 women and girls",
                "Rank by rate",
            ]
        ]
    return readable.reset_index(drop=True), plain.reset_index(drop=True)


def _about(out: Recording) -> None:
    out.header("About these figures", anchor="about-these-figures")
    out.subheader("Within or larger than normal variation", anchor="normal-variation")
    out.markdown(escape_markdown(NORMAL_VARIATION_METHOD))
    out.subheader("Rates and ranks", anchor="rates")
    out.markdown(
        escape_markdown(
            "A borough's rate is its VAWG offences in the latest 12 months divided by the women and girls (females of "
            "all ages) living there, times 1,000. " + CAVEATS["population_2020"] + " Rank 1 is the highest rate of the "
            "32 boroughs; boroughs with the same rate share a rank. A high rate can mean more offences, more reporting or "
            "more people who visit or work there (central boroughs draw many visitors who are not residents)."
        )
    )
    out.subheader("What the counts include", anchor="what-counts")
    out.markdown(escape_markdown(f"{CAVEATS['outside_vawg']} {CAVEATS['ward_not_stated']} {CAVEATS['city_of_london']}"))
    out.subheader("The move from CRIS to CONNECT (March 2024)", anchor="connect")
    out.markdown(escape_markdown(CAVEATS["connect"]))
    out.subheader("Recorded crime", anchor="recorded-crime")
    out.markdown(escape_markdown(f"{CAVEATS['recording']} {CAVEATS['revisions']}"))
