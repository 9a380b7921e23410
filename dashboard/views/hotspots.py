"""The hotspots page: where police.uk violence and sexual offences cluster, found the way an analyst would, in the open.

Reads only precomputed tables (built at ingest by dashboard/ingest/derive_hotspots.py) through named
queries; the browser receives hexagons, never points, and never a hexagon under the disclosure
threshold. Where no point data are loaded for an area, its wards are ranked from the Met's VAWG
ward counts instead, and the page says so.

Each combination of the four filters is built once per store into a Recording
(dashboard.components.view_cache), map deck serialised and cards prebuilt, and every view replays it; only
the filters are drawn live.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts import ChartSpec, bar_chart, source_line_from, static_maps
from dashboard.charts import hotspot_map as hm
from dashboard.charts.prebuilt_deck import PrebuiltDeck
from dashboard.components import Recording, url_state
from dashboard.components.card_downloads import MapDownloads
from dashboard.components.layout import is_sample as uses_sample_data
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.view_cache import cached_view
from dashboard.data import QueryError
from dashboard.disclosure import MIN_MAP_CELL_COUNT, protect_table
from dashboard.exports import chart_export, table_export, table_for
from dashboard.press import Printable
from dashboard.theme import SAMPLE_STAMP, SECONDARY_TEXT, format_count, format_month, format_period, format_rate
from dashboard.words import links
from dashboard.words.catalog import (
    DATASETS,
    HOTSPOT_INTRO,
    HOTSPOT_LIMITS,
    HOTSPOT_METHOD,
    HOTSPOT_PAGE_TITLE,
    HOTSPOT_PATTERNS,
    HOTSPOT_PERIODS,
    HOTSPOT_RESOLUTIONS,
    HOTSPOT_VIEWS,
    HOTSPOT_WARD_FALLBACK,
    MEASURES,
    SAMPLE_LABEL,
)
from dashboard.words.summaries import alt_text

PAGE_PATH = "/hotspots"
LONDON = "London"
DEFAULTS = {"borough": LONDON, "period": "last_12", "resolution": "8", "view": "significance"}
TOP_WARDS = 15
FORCE_OF_REST = "Metropolitan Police Service"
MAP_DATASETS = (DATASETS["police_uk_street"], DATASETS["london_boundaries"])
WARD_DATASETS = (DATASETS["mps_vawg"],)


# --- Reading ---------------------------------------------------------------------------------


def load_tables() -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(summary, boroughs), or None when this store was built before the hot spot tables existed."""
    try:
        return data.run("hotspot_summary"), data.run("hotspot_boroughs")
    except QueryError:
        return None


# --- Controls --------------------------------------------------------------------------------

WIDGET_KEYS = {
    "borough": "hotspots-borough",
    "period": "hotspots-period",
    "resolution": "hotspots-resolution",
    "view": "hotspots-view",
}


def link_settings(borough_names: list[str], state: url_state.ViewState) -> dict:
    """The four filters as the link gives them: the page and the command line's exports read them alike."""
    state.check_names(list(DEFAULTS))
    areas = [LONDON] + borough_names
    resolutions = [str(r) for r in HOTSPOT_RESOLUTIONS]
    return {
        "borough": url_state.choice("borough", areas, LONDON, state, "area"),
        "period": url_state.choice("period", list(HOTSPOT_PERIODS), DEFAULTS["period"], state, "period"),
        "resolution": url_state.choice("resolution", resolutions, DEFAULTS["resolution"], state, "hexagon size"),
        "view": url_state.choice("view", list(HOTSPOT_VIEWS), DEFAULTS["view"], state, "map view"),
    }


def read_settings(borough_names: list[str]) -> tuple[dict, url_state.ViewState]:
    """The four filters: from the URL, unless this session's widgets already hold a value (they win)."""
    state = url_state.ViewState()
    areas = [LONDON] + borough_names
    resolutions = [str(r) for r in HOTSPOT_RESOLUTIONS]
    values = link_settings(borough_names, state)
    offered = {
        "borough": areas,
        "period": list(HOTSPOT_PERIODS),
        "resolution": resolutions,
        "view": list(HOTSPOT_VIEWS),
    }
    for name, key in WIDGET_KEYS.items():
        chosen = st.session_state.get(key)
        if chosen is not None:
            # The resolution widget offers whole numbers; the URL and the build use their text.
            chosen = str(chosen) if name == "resolution" else chosen
            if chosen in offered[name]:
                values[name] = chosen
    return values, state


def controls(borough_names: list[str], values: dict, state: url_state.ViewState) -> None:
    """Any note about the link, then the four filters, showing the values the page is built for."""
    url_state.show_notes(state)
    areas = [LONDON] + borough_names
    first, second, third = st.columns(3, gap="small")
    first.selectbox(
        "Area",
        areas,
        index=areas.index(values["borough"]),
        key=WIDGET_KEYS["borough"],
        format_func=lambda a: "All of London" if a == LONDON else a,
    )
    resolutions = list(HOTSPOT_RESOLUTIONS)
    second.selectbox(
        "Hexagon size",
        resolutions,
        index=resolutions.index(int(values["resolution"])),
        key=WIDGET_KEYS["resolution"],
        format_func=lambda r: HOTSPOT_RESOLUTIONS[r].replace(" hexagons", ""),
    )
    periods = list(HOTSPOT_PERIODS)
    third.selectbox(
        "Period",
        periods,
        index=periods.index(values["period"]),
        key=WIDGET_KEYS["period"],
        format_func=HOTSPOT_PERIODS.get,
    )
    views = list(HOTSPOT_VIEWS)
    st.radio(
        "Colour the hexagons by",
        views,
        index=views.index(values["view"]),
        key=WIDGET_KEYS["view"],
        horizontal=True,
        format_func=lambda v: HOTSPOT_VIEWS[v][0],
    )


# --- The map ---------------------------------------------------------------------------------


def legend_html(items: list[hm.LegendItem]) -> str:
    """The key as a real list: a swatch (decoration, hidden from screen readers) and the words."""
    rows = []
    for item in items:
        count = "none" if item.cells == 0 else f"{format_count(item.cells)} hexagon{'s' if item.cells != 1 else ''}"
        rows.append(
            f'<li style="list-style:none;margin:0 0 0.2rem 0;display:flex;align-items:center;gap:0.5rem">'
            f'<span aria-hidden="true" style="display:inline-block;flex:none;width:1rem;height:1rem;'
            f'background:{item.colour};border:1px solid {SECONDARY_TEXT}"></span>'
            f"<span>{html.escape(item.label)}: {count}</span></li>"
        )
    return '<ul style="padding-left:0;margin:0 0 0.5rem 0">' + "".join(rows) + "</ul>"


def coverage_notes(
    values: dict, boroughs: pd.DataFrame, summary_row: dict | None, *, cells: int, wards: pd.DataFrame
) -> list[str]:
    """Plain notes on what is (not) loaded for the chosen area, and what the page shows instead."""
    if summary_row is None:
        return [
            "No police.uk violence and sexual offences are loaded in this copy of the data, so there is no hot "
            "spot analysis to show."
            + (" Wards are ranked from the Met's VAWG ward counts instead." if len(wards) else "")
        ]
    forces = summary_row["forces"]
    uncovered = boroughs[~boroughs["has_point_data"].astype(bool)]
    borough = values["borough"]
    if borough == LONDON:
        if uncovered.empty:
            return []
        missing = ", ".join(sorted(set(uncovered["policing_force"])))
        names = f"{len(uncovered)} boroughs" if len(uncovered) > 3 else "the " + ", ".join(uncovered["borough_name"])
        note = f"Point data loaded from: {forces}. Not loaded: {missing}, which polices {names}."
        if len(uncovered) < len(boroughs) or cells:
            note += (
                " The hot spots on the map are hot compared with the area whose points are loaded, not with the "
                "whole of London."
            )
        note += (
            " The wards of the boroughs not covered are ranked from the Met's VAWG ward counts further down."
            if len(wards)
            else " The Met's VAWG ward figures do not cover them either."
        )
        return [note]
    row = boroughs[boroughs["borough_name"] == borough]
    if len(row) and bool(row["has_point_data"].iloc[0]):
        return []
    force = row["policing_force"].iloc[0] if len(row) else FORCE_OF_REST
    if len(wards):
        notes = [HOTSPOT_WARD_FALLBACK.format(force=force, area=borough)]
    else:
        notes = [
            f"No police.uk violence points from {force} are loaded, so the hot spot analysis does not cover "
            f"{borough}, and the Met's VAWG ward figures do not cover it either."
        ]
    if cells:
        notes.append(
            f"The hexagons shown in {borough} hold only points recorded by {forces} near its boundary, "
            "not a picture of the borough."
        )
    return notes


def map_section(
    out: Recording,
    values: dict,
    cells: pd.DataFrame,
    boroughs: pd.DataFrame,
    summary_row: dict | None,
    *,
    area: str,
    period_text: str,
    is_sample: bool,
    covered: bool,
    view_url: str,
) -> None:
    view = values["view"]
    view_label, view_meaning = HOTSPOT_VIEWS[view]
    resolution_label = HOTSPOT_RESOLUTIONS[int(values["resolution"])]
    out.header(f"Map: {view_label.lower()}, {area}", anchor="map")
    if is_sample:
        out.markdown(f"**{SAMPLE_STAMP}.** {SAMPLE_LABEL}.")
    if summary_row is not None:
        out.markdown(
            f"Data up to and including {format_month(summary_row['period_end'])}. {resolution_label}, {period_text}."
        )
    nothing_here = not covered and cells.empty
    if nothing_here:
        summary = (
            f"There are no police.uk points for {area} in this copy of the data, so the map shows only "
            "borough boundaries."
        )
        out.markdown(summary)
    else:
        summary = hm.map_summary(cells, view=view, area=area, period=period_text)
        out.markdown(summary)
        out.markdown(f"**What the colours show.** {view_meaning}")
    if len(cells):
        _, legend = hm.colour_of(cells, view)
        out.markdown(
            legend_html([i for i in legend if i.cells > 0 or i.label == "Not significant"]), unsafe_allow_html=True
        )
    alt = hm.map_alt(
        cells,
        view=view,
        view_label=view_label,
        area=area,
        period=period_text,
        resolution_label=resolution_label,
        is_sample=is_sample,
        summary=summary,
    )
    deck = hm.hotspot_deck(
        cells,
        boroughs,
        view=view,
        period=period_text,
        selected_borough=None if values["borough"] == LONDON else values["borough"],
    )
    # Serialised here, once per view settings: st.pydeck_chart would re-serialise the deck on every view.
    out.pydeck_chart(
        PrebuiltDeck(deck),
        height=hm.MAP_HEIGHT,
        key="hotspots-map",
        alt=alt,
    )
    out.caption(
        "Drag to move the map. Double-click, or click the map and press +, to zoom in; press − to zoom "
        "out. Point at or tap a hexagon for its figures; the table below has the same figures. Lines are "
        "borough boundaries. There is no street map underneath: see the place names in the table."
    )
    out.card(
        MapDownloads(
            _map_printable(
                cells,
                boroughs,
                values,
                area=area,
                period_text=period_text,
                is_sample=is_sample,
                summary=summary,
                alt=alt,
                summary_row=summary_row,
                view_url=view_url,
            ),
            label=f"Download this map: {view_label.lower()}, {area}",
        )
    )
    if summary_row is not None and not nothing_here:
        out.markdown(left_out_text(summary_row))


def _map_printable(
    cells: pd.DataFrame,
    boroughs: pd.DataFrame,
    values: dict,
    *,
    area: str,
    period_text: str,
    is_sample: bool,
    summary: str,
    alt: str,
    summary_row: dict | None,
    view_url: str,
) -> Printable:
    """The map's take-away parts: a static drawing of the same hexagons (made only when asked for) and their CSV."""
    view_label, _ = HOTSPOT_VIEWS[values["view"]]
    title = f"Hot spots of violence and sexual offences: {view_label.lower()}, {area}"
    subtitle = f"{HOTSPOT_RESOLUTIONS[int(values['resolution'])]}, {period_text}"
    data_up_to = summary_row["period_end"] if summary_row is not None else None
    spec = ChartSpec(
        title=title,
        subtitle=subtitle,
        x="cell",
        y="offences",
        y_title="Offences",
        source_line=source_line_from(MAP_DATASETS),
        is_sample=is_sample,
        data_up_to=data_up_to,
    )
    table = pd.DataFrame(
        {
            "Hexagon (H3 cell)": cells["cell"].astype(str).to_numpy(),
            "Borough": cells["borough_name"].fillna("").to_numpy(),
            "Most common place": cells["top_location"].fillna("").to_numpy(),
            "Offences": cells["offences"].astype(int).to_numpy(),
            "Confidence": cells["confidence_label"].fillna("").to_numpy(),
            "Pattern": cells["pattern"].fillna("").to_numpy(),
        }
    )
    csv, csv_name = table_export(
        table,
        title=title,
        datasets=MAP_DATASETS,
        period=period_text,
        view_url=view_url,
        is_sample=is_sample,
        notes=[summary, f"Hexagons with fewer than {MIN_MAP_CELL_COUNT} offences are not shown."],
    )
    selected = None if values["borough"] == LONDON else values["borough"]
    return Printable(
        key="hotspots-map",
        title=title,
        subtitle=subtitle,
        figure=lambda: static_maps.hotspot_figure(
            cells, boroughs, spec, view=values["view"], selected_borough=selected
        ).to_dict(),
        datasets=MAP_DATASETS,
        data_up_to=spec.data_up_to,
        is_sample=is_sample,
        illustrative_label=None,
        summary=summary,
        alt=alt,
        csv=csv,
        csv_name=csv_name,
    )


def left_out_text(row: dict) -> str:
    """What the analysis left out or hid, in numbers (all aggregates over the whole area analysed)."""
    hidden = int(row["cells_with_offences"]) - int(row["cells_shown"])
    hot_hidden = int(row["hot_cells"]) - int(row["hot_cells_shown"])
    parts = [
        f"**Not on the map.** Across the whole area analysed, {format_count(hidden)} of the "
        f"{format_count(row['cells_with_offences'])} hexagons with offences had fewer than {MIN_MAP_CELL_COUNT} "
        "and are not shown"
    ]
    if hot_hidden:
        parts[0] += (
            f", nor {'is' if hot_hidden == 1 else 'are'} {format_count(hot_hidden)} hot spot "
            f"hexagon{'' if hot_hidden == 1 else 's'} that hold{'s' if hot_hidden == 1 else ''} fewer "
            f"than {MIN_MAP_CELL_COUNT} offences {'itself' if hot_hidden == 1 else 'themselves'} but "
            f"sit{'s' if hot_hidden == 1 else ''} among busy neighbours"
        )
    parts[0] += "."
    parts.append(
        f"{format_count(row['points'])} offences are mapped. {format_count(row['points_no_coordinates'])} "
        f"records had no map position and {format_count(row['points_outside_extent'])} were placed outside "
        "Greater London; both are left out."
    )
    if int(row["months_left_out"]):
        parts.append(f"{format_count(row['months_left_out'])} months loaded for only some forces are left out.")
    return " ".join(parts)


# --- The ranked table of hot spots -----------------------------------------------------------


def ranked_download(top: pd.DataFrame) -> pd.DataFrame:
    """The download: one row per hexagon, in rank order, every figure behind the ranking."""
    return pd.DataFrame(
        {
            "Rank": top["rank"].astype(int),
            "Place (police.uk map point)": top["top_location"].fillna("Place not named"),
            "Borough": top["borough_name"].fillna("Not known"),
            "Offences": top["offences"].astype(int),
            "Confidence": top["confidence_label"],
            "Pattern over time": top["pattern"],
            "Months a hot spot": top["months_hot"].astype(int),
            "Months": top["months"].astype(int),
            "Gi* z-score": top["gi_z"].astype(float).round(3),
            "H3 hexagon": top["cell"],
        }
    )


def ranked_table(top: pd.DataFrame) -> pd.DataFrame:
    """The Table tab: the same rows in four columns, narrow enough for a phone without scrolling."""

    def short(label: str) -> str:
        return str(label).replace("Hot spot, ", "").replace("Cold spot, ", "cold spot, ").replace(" confidence", "")

    return pd.DataFrame(
        {
            "Rank": top["rank"].astype(int).astype(str),
            "Place": [
                f"{p if isinstance(p, str) else 'Place not named'}, {b if isinstance(b, str) else 'borough not known'}"
                for p, b in zip(top["top_location"], top["borough_name"])
            ],
            "Offences": top["offences"].map(format_count),
            "Confidence; pattern over time": [
                f"{short(c) if b != 0 else 'not significant'}; {p} ({int(h)} of {int(m)} months hot)"
                for c, b, p, h, m in zip(
                    top["confidence_label"], top["confidence_bin"], top["pattern"], top["months_hot"], top["months"]
                )
            ],
        }
    )


def ranked_card(
    out: Recording,
    top: pd.DataFrame,
    *,
    area: str,
    period_text: str,
    is_sample: bool,
    period_end,
    view_url: str,
) -> None:
    title = f"Top hot spots in {area}, {period_text}"
    if top.empty:
        out.header(title, anchor="top-hot-spots")
        out.markdown(
            f"No hexagon in {area} had {MIN_MAP_CELL_COUNT} or more offences in this period, so there is "
            "nothing to rank."
        )
        return
    frame = top.assign(
        label=[
            f"{int(r)}. {p if isinstance(p, str) else 'Place not named'}"
            for r, p in zip(top["rank"], top["top_location"])
        ]
    )
    spec = ChartSpec(
        title=title,
        subtitle="Ranked by how strongly offences cluster in and around each hexagon (Gi* z-score)",
        x="label",
        y="offences",
        y_title="Offences in the period",
        x_title="Hexagon (rank and place)",
        source_line=source_line_from(MAP_DATASETS),
        measure="offences",
        data_up_to=period_end,
        is_sample=is_sample,
    )
    first = top.iloc[0]
    hot = int((top["confidence_bin"] > 0).sum())
    place = first["top_location"] if isinstance(first["top_location"], str) else "a place not named"
    borough = first["borough_name"] if isinstance(first["borough_name"], str) else "borough not known"
    summary = (
        f"The {len(top)} hexagons with the strongest clustering of offences in {area}, {hot} of them "
        f"significant hot spots. First is around {place} ({borough}): {format_count(first['offences'])} offences, "
        f"{str(first['confidence_label']).lower()}, {first['pattern']} "
        f"(z-score {format_rate(first['gi_z'], 1)})."
    )
    table = ranked_table(top)
    export, export_name = chart_export(
        spec,
        frame,
        table=ranked_download(top),
        datasets=MAP_DATASETS,
        period=period_text,
        view_url=view_url,
        notes=(
            f"Only hexagons with {MIN_MAP_CELL_COUNT} or more offences are listed.",
            "Place = the police.uk map point most of the hexagon's offences were moved to.",
        ),
    )
    out.chart_card(
        key="top-hot-spots",
        spec=spec,
        figure=bar_chart(frame[["label", "offences"]], spec),
        table=table,
        summary=summary,
        alt=alt_text(spec, frame, kind="bar", summary=summary),
        export=export,
        export_name=export_name,
        measure=MEASURES["street_violence"],
        datasets=MAP_DATASETS,
        caveats=("hotspot_relative", "hotspot_not_vawg", "hotspot_hidden_cells"),
        about={
            "How the ranking works": HOTSPOT_METHOD["Hot and cold spots"],
            "Patterns over time": HOTSPOT_METHOD["Patterns over time"],
        },
    )


# --- Ward ranking where no points are loaded -------------------------------------------------


def ward_rows(values: dict, only_boroughs: list[str] | None) -> pd.DataFrame:
    """Wards of the chosen area (or of the boroughs listed) with their VAWG offences, latest 12 months."""
    wards = data.run("hotspot_ward_ranking", borough=values["borough"])
    if only_boroughs is not None:
        wards = wards[wards["borough_name"].isin(only_boroughs)]
    return wards.reset_index(drop=True)


def ward_card(out: Recording, values: dict, wards: pd.DataFrame, *, area: str, is_sample: bool, view_url: str) -> None:
    title = f"Wards with the most VAWG offences, {area}"
    period_text = format_period(wards["period_start"].iloc[0], wards["period_end"].iloc[0])
    london = values["borough"] == LONDON
    wards = wards.assign(
        ward=[f"{w}, {b}" if london else str(w) for w, b in zip(wards["ward_name"], wards["borough_name"])]
    )
    protected = protect_table(wards[["ward", "offences"]], "offences")
    protected = (
        protected.sort_values(["is_suppressed", "offences"], ascending=[True, False], na_position="last", kind="stable")
        .head(TOP_WARDS)
        .reset_index(drop=True)
    )
    months = int(wards["months_in_period"].iloc[0])
    spec = ChartSpec(
        title=f"{title}, {period_text}",
        subtitle="The Met's VAWG offence counts by ward: where offences were recorded, not clusters beyond chance",
        x="ward",
        y="offences",
        y_title="VAWG offences",
        x_title="Ward, borough" if london else "Ward",
        source_line=source_line_from(WARD_DATASETS),
        measure="VAWG offences",
        area=area,
        data_up_to=wards["period_end"].iloc[0],
        is_sample=is_sample,
    )
    notes = [
        f"The top {TOP_WARDS} of {len(wards)} wards by offences recorded."
        if len(wards) > TOP_WARDS
        else "Every ward with offences recorded."
    ]
    if months < 12:
        notes.append(f"The store holds {months} of these 12 months.")
    summary = ward_summary(protected, area=area, period_text=period_text, wards_in_area=len(wards))
    export, export_name = chart_export(
        spec, protected, datasets=WARD_DATASETS, view_url=view_url, period=period_text, notes=notes
    )
    out.chart_card(
        key="ward-ranking",
        spec=spec,
        figure=bar_chart(protected, spec),
        table=table_for(protected, spec),
        summary=summary,
        alt=alt_text(spec, protected, kind="bar", summary=summary),
        export=export,
        export_name=export_name,
        measure=MEASURES["vawg_offences"],
        datasets=WARD_DATASETS,
        caveats=("outside_vawg",),
        notes=notes,
    )


def ward_summary(protected: pd.DataFrame, *, area: str, period_text: str, wards_in_area: int) -> str:
    """'In Camden, from … to …, the Met recorded the most VAWG offences in A (341), B (328) and C (299).'"""
    shown = protected[~protected["is_suppressed"].astype(bool)].head(3)
    named = [f"{w} ({format_count(n)})" for w, n in zip(shown["ward"], shown["offences"])]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"
    text = (
        (
            f"In {area}, from {period_text}, the Met recorded the most VAWG offences in {listed}, of "
            f"{format_count(wards_in_area)} wards with offences. "
        )
        if named
        else ""
    )
    return text + ("These are counts, not rates: wards where more people live, work or go out record more offences.")


# --- What the map cannot show ----------------------------------------------------------------


def limits_section(out: Recording) -> None:
    out.header("What this map can and cannot show", anchor="limits")
    for heading, text in HOTSPOT_LIMITS.items():
        out.subheader(heading, anchor=False)
        out.markdown(text.format(min_count=MIN_MAP_CELL_COUNT))
    with out.expander("How hot spots are found"):
        for heading, text in HOTSPOT_METHOD.items():
            out.markdown(f"**{heading}.** {text}")
        out.markdown("**The patterns over time.**")
        out.markdown(
            "\n".join(f"- **{name[:1].upper() + name[1:]}**: {meaning}." for name, meaning in HOTSPOT_PATTERNS.items())
        )


# --- The page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    """What the filters offer, from the store (built once per store)."""

    has_tables: bool
    borough_names: tuple[str, ...]


@cached_view
def _options() -> _Options:
    tables = load_tables()
    if tables is None:
        return _Options(False, ())
    _, boroughs = tables
    return _Options(True, tuple(sorted(boroughs["borough_name"].tolist())))


@cached_view
def _built(borough: str, period: str, resolution: str, view: str, base_url: str) -> Recording:
    """Everything the page shows for one view but the filters (their place is the 'controls' slot).

    base_url: this server's address as the visitor reached it (or ''), for the link in each CSV.
    """
    out = Recording()
    out.title(HOTSPOT_PAGE_TITLE)
    out.markdown(HOTSPOT_INTRO)
    tables = load_tables()
    if tables is None:
        out.info(
            "The hot spot analysis has not been built for this copy of the data yet. Run "
            "`python -m dashboard ingest` to build it.",
            icon=":material/info:",
        )
        return out
    summary, boroughs = tables
    out.slot("controls")
    values = {"borough": borough, "period": period, "resolution": resolution, "view": view}
    link = links.view_link(PAGE_PATH, values, DEFAULTS, base_url=base_url)
    london = values["borough"] == LONDON
    area = "London" if london else values["borough"]
    match = summary[(summary["period"] == values["period"]) & (summary["resolution"] == int(values["resolution"]))]
    summary_row = match.iloc[0].to_dict() if len(match) else None
    is_sample = uses_sample_data("police_uk_street", "mps_vawg")

    params = {"period": values["period"], "resolution": int(values["resolution"]), "borough": values["borough"]}
    if summary_row is not None:
        cells = data.run("hotspot_map_cells", **params)
        period_text = format_period(summary_row["period_start"], summary_row["period_end"])
    else:
        cells = pd.DataFrame(columns=list(hm.REQUIRED_COLUMNS) + ["gi_z", "cell_lon", "cell_lat"])
        period_text = "no months loaded"
    uncovered = boroughs.loc[~boroughs["has_point_data"].astype(bool), "borough_name"].tolist()
    covered = (len(uncovered) < len(boroughs)) if london else values["borough"] not in uncovered
    covered = covered and summary_row is not None
    wards = pd.DataFrame()
    if london and uncovered:
        wards = ward_rows(values, uncovered)
    elif not covered:
        wards = ward_rows(values, None)
    for note in coverage_notes(values, boroughs, summary_row, cells=len(cells), wards=wards):
        out.info(note, icon=":material/info:")

    map_section(
        out,
        values,
        cells,
        boroughs,
        summary_row,
        area=area,
        period_text=period_text,
        is_sample=is_sample,
        covered=covered,
        view_url=link,
    )
    # Below the map, lazy sections: sent only when opened (a page view costs what it sends).
    if summary_row is not None and (covered or len(cells)):
        top = data.run("hotspot_top_cells", **params)
        with out.section(f"The hot spots ranked: a chart and table, {area}", "hotspots-ranked"):
            ranked_card(
                out,
                top,
                area=area,
                period_text=period_text,
                is_sample=is_sample,
                period_end=summary_row["period_end"],
                view_url=link,
            )
    if len(wards):
        ward_area = (
            area
            if not london
            else ("London" if len(uncovered) == len(boroughs) else "London boroughs with no point data")
        )
        with out.section(f"Wards ranked by VAWG offences: {ward_area}", "hotspots-wards"):
            ward_card(out, values, wards, area=ward_area, is_sample=is_sample, view_url=link)
    with out.section("What this map can and cannot show", "hotspots-limits"):
        limits_section(out)
    return out


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The view a link names, built as the page builds it (for exports); a bad setting raises ViewSettingError."""
    options = _options()
    if not options.has_tables:
        return _built(DEFAULTS["borough"], DEFAULTS["period"], DEFAULTS["resolution"], DEFAULTS["view"], base_url)
    values = link_settings(list(options.borough_names), url_state.ViewState(query=query, strict=True))
    return _built(values["borough"], values["period"], values["resolution"], values["view"], base_url)


def render() -> None:
    options = _options()
    if not options.has_tables:
        _built(DEFAULTS["borough"], DEFAULTS["period"], DEFAULTS["resolution"], DEFAULTS["view"], "").replay()
        return
    borough_names = list(options.borough_names)
    values, state = read_settings(borough_names)
    url_state.write_back(values, DEFAULTS)
    built = _built(
        values["borough"], values["period"], values["resolution"], values["view"], url_state.absolute_url("")
    )
    built.replay(slots={"controls": lambda: controls(borough_names, values, state)})
    spreadsheet_button(built, PAGE_PATH)
