"""The /bus-shelters page: an open evaluation of the TfL and Met bus-shelter CCTV pilot.

Everything is computed at ingest (dashboard/ingest/derive_shelters.py); this page only reads the
shelter_* queries, lays out the map, the estimate, the monthly series and the survey, and says
plainly what the data cannot show. Until TfL publishes the real site list and survey, the bundled
illustrative ones are labelled as such on the page, in every figure and in every download.

Each radius and phase is built once per store into a Recording (dashboard.components.view_cache), map deck
serialised and cards prebuilt, and every view replays it; only the two radios are drawn live.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts import ChartSpec, bar_chart, line_chart, source_line_from
from dashboard.charts.prebuilt_deck import PrebuiltDeck
from dashboard.charts.shelter_map import describe_map, shelter_deck
from dashboard.charts.static_maps import shelter_figure
from dashboard.components import Recording, url_state
from dashboard.components.card_downloads import MAP_DOWNLOADS_EXPLAINED, download_buttons
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.view_cache import cached_view
from dashboard.exports import chart_export, table_export, table_for
from dashboard.press import Printable
from dashboard.theme import SAMPLE_STAMP, format_month, format_period, format_rate
from dashboard.words import links
from dashboard.words import shelters as shelter_words
from dashboard.words.catalog import (
    DATASETS,
    ILLUSTRATIVE_LABEL,
    MEASURES,
    OGL_ATTRIBUTION,
    SAMPLE_LABEL,
    SHELTER_ILLUSTRATIVE_EXPLAINED,
    SHELTER_LIMITATIONS,
    SHELTER_METHOD,
    SHELTER_NO_PILOT_LIST,
    SHELTER_PAGE_PURPOSE,
    SHELTER_PAGE_TITLE,
    SHELTER_PILOT_DESCRIPTION,
)
from dashboard.words.markdown import escape_markdown
from dashboard.words.shelter_problems import site_note_text
from dashboard.words.summaries import alt_text, describe_trend

PAGE_PATH = "/bus-shelters"
MAP_TABS = ("Map", "Table", "Download", "About")
RADIUS_KEY, PHASE_KEY = "shelters-radius", "shelters-phase"
GROUP_WORDS = {"pilot": "Pilot shelters", "comparison": "Comparison stops"}
SURVEY_GROUP_WORDS = {"pilot": "Pilot shelters", "comparison": "Comparison shelters"}
WAVE_WORDS = {"before": "Before", "after": "After"}
CRIME_SOURCES = [DATASETS["police_uk_street"], DATASETS["tfl_bus_stops"], DATASETS["tfl_pilot_sites"]]
MAP_SOURCES = [DATASETS["tfl_pilot_sites"], DATASETS["tfl_bus_stops"], DATASETS["london_boundaries"]]
SURVEY_SOURCES = [DATASETS["tfl_passenger_survey"]]
INCIDENT_SOURCES = [DATASETS["tfl_shelter_incidents"]]


def _phase_words(phase: str) -> str:
    return "all phases" if phase == "all" else f"phase {phase}"


def _estimate_text(row: pd.Series) -> str:
    if not bool(row["estimable"]) or pd.isna(row["estimate"]):
        return "Not estimable"
    return f"{row['estimate']:.2f} (95% CI {row['lower']:.2f} to {row['upper']:.2f})"


def _absolute_text(row: pd.Series) -> str:
    if pd.isna(row["absolute_estimate"]):
        return "Not estimable"
    return (
        f"{row['absolute_estimate']:+.2f} (95% CI {row['absolute_lower']:+.2f} to {row['absolute_upper']:+.2f})"
    ).replace("-", "\u2212")


def _month_or_blank(value: object) -> str:
    return format_month(pd.Timestamp(value).date()) if value is not None and not pd.isna(value) else ""


@dataclass(frozen=True)
class _Options:
    """What the page can show and what its radios offer, from the store (built once per store)."""

    problem: str  # "" when the evaluation can be shown; else 'missing', 'empty' or 'no-pilots'
    radii: tuple[str, ...] = ()
    default_radius: str = ""
    phases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (radius, phases offered at that radius)

    def phases_at(self, radius: str) -> list[str]:
        return list(dict(self.phases).get(radius, ("all",)))


@cached_view
def _options() -> _Options:
    try:
        info = data.run("shelter_evaluation_info")
    except data.QueryError:
        return _Options("missing")
    if info.empty:
        return _Options("empty")
    if not bool(info.iloc[0]["has_pilot_sites"]):
        return _Options("no-pilots")
    radii = tuple(f"{r:g}" for r in info["radius_m"])
    default_radius = (
        f"{info.loc[info['is_default_radius'], 'radius_m'].iloc[0]:g}" if info["is_default_radius"].any() else radii[0]
    )
    phases = tuple(
        (r, ("all", *(p for p in data.run("shelter_did", radius=float(r))["phase"].tolist() if p != "all")))
        for r in radii
    )
    return _Options("", radii, default_radius, phases)


@cached_view
def _built(radius_text: str, phase: str, base_url: str) -> Recording:
    """Everything the page shows for one radius and phase but the radios (their place is the 'settings' slot).

    base_url: this server's address as the visitor reached it (or ''), for the link in each CSV.
    """
    out = Recording()
    out.title(SHELTER_PAGE_TITLE)
    out.markdown(SHELTER_PILOT_DESCRIPTION)
    out.markdown(SHELTER_PAGE_PURPOSE)

    try:
        info = data.run("shelter_evaluation_info")
    except data.QueryError:
        out.error(
            "This data store was built before the bus-shelter evaluation existed. Rebuild it with "
            "`python -m dashboard ingest` to see this page."
        )
        return out
    if info.empty:
        out.error("The bus-shelter evaluation tables are empty. Rebuild the store with `python -m dashboard ingest`.")
        return out
    # The store keeps why this crime type as a kind and parameters; worded here, once per build.
    info = info.assign(
        crime_type_reason=[
            shelter_words.crime_type_reason_text(k, p)
            for k, p in zip(info["crime_type_reason_kind"], info["crime_type_reason_params"])
        ]
    )
    first = info.iloc[0]
    if not bool(first["has_pilot_sites"]):
        out.info(SHELTER_NO_PILOT_LIST, icon=":material/info:")
        _crime_type_note(out, first)
        _method_and_limits(out, first, notes=pd.DataFrame(columns=["note"]))
        return out

    # The crime figures are illustrative when the site list is; the survey cards follow the survey's own flag.
    label = ILLUSTRATIVE_LABEL if bool(first["is_illustrative"]) else None
    if bool(first["is_illustrative"]) or bool(first["survey_is_illustrative"]):
        what = " and ".join(
            w
            for w, flag in (
                ("pilot sites", first["is_illustrative"]),
                ("survey answers", first["survey_is_illustrative"]),
            )
            if bool(flag)
        )
        out.warning(
            f"**{ILLUSTRATIVE_LABEL}.** {SHELTER_ILLUSTRATIVE_EXPLAINED.format(what=what)}", icon=":material/science:"
        )

    # --- View settings, kept in the URL (the radios are drawn live, in this slot) -----------------
    out.slot("settings")
    radii = [f"{r:g}" for r in info["radius_m"]]
    default_radius = (
        f"{info.loc[info['is_default_radius'], 'radius_m'].iloc[0]:g}" if info["is_default_radius"].any() else radii[0]
    )
    defaults = {"radius": default_radius, "phase": "all"}
    values = {"radius": radius_text, "phase": phase}
    view_url = links.view_link(PAGE_PATH, values, defaults, base_url=base_url)
    radius = float(radius_text)
    row_info = info.loc[info["radius_m"] == radius].iloc[0]

    did = data.run("shelter_did", radius=radius)
    # The store holds numbers only; their sentences are worded here, once per build.
    noun = str(row_info["crime_type_noun"])
    did = did.assign(sentence=[shelter_words.did_sentence(r, noun) for _, r in did.iterrows()])
    methods = [shelter_words.did_methods(r) for _, r in did.iterrows()]
    did = did.assign(method=[m for m, _ in methods], absolute_method=[a for _, a in methods])
    sites = data.run("shelter_sites", radius=radius)
    sites = sites.assign(note=[site_note_text(k, p) for k, p in zip(sites["note_kind"], sites["note_params"])])
    notes = data.run("shelter_notes", radius=radius)
    notes = notes.assign(note=[shelter_words.note_text(k, p) for k, p in zip(notes["kind"], notes["params"])])
    chosen = did.loc[did["phase"] == phase]

    # --- Headline -------------------------------------------------------------------------------
    out.header("What the data say", anchor="what-the-data-say")
    if chosen.empty:
        out.markdown(
            'No pilot shelter could be evaluated with the data in this store. The notes under "How this '
            'evaluation works, and what it cannot tell you" say why for each listed site.'
        )
    else:
        row = chosen.iloc[0]
        prefix = "" if phase == "all" else f"Phase {phase}: "
        out.markdown(
            f"{'**' + escape_markdown(label) + '.** ' if label else ''}{escape_markdown(prefix + row['sentence'])}"
        )
        if bool(row["too_small"]):
            out.markdown("With so few crimes the interval is wide and the result says nothing either way.")

    # The result first; the rest of the page in lazy sections, sent only when opened (a page view
    # costs what it sends).
    if not chosen.empty:
        _did_card(out, chosen.iloc[0], sites, row_info, radius=radius, phase=phase, label=label, view_url=view_url)
    _crime_type_note(out, row_info)
    with out.section("Where the pilot shelters and comparison stops are: a map and table", "shelters-map"):
        out.card(_map_card(sites, row_info, radius=radius, label=label, view_url=view_url, phase=phase))
    if not chosen.empty:
        with out.section("Estimates by phase, and crimes month by month", "shelters-estimates"):
            _estimates_table(out, did, row_info)
            _monthly_card(out, sites, row_info, radius=radius, phase=phase, label=label, view_url=view_url)
    with out.section("How safe passengers feel, and incidents reported to TfL", "shelters-survey"):
        _survey_cards(out, row_info, view_url=view_url)
        _incidents_card(out, row_info, view_url=view_url)
    with out.section("How this evaluation works, and what it cannot tell you", "shelters-method"):
        _method_and_limits(out, notes=notes)
    if bool(row_info.get("crimes_are_sample", False)):
        out.caption(f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.")
    out.caption(f"Crime data: police.uk. Stop locations powered by TfL Open Data. {OGL_ATTRIBUTION}")
    return out


def _settings(options: _Options, state: url_state.ViewState, *, session: bool = True) -> tuple[str, str]:
    """(radius, phase) from the link, unless this session's radios already hold a value (they win).

    session=False reads the link alone (the command line's exports).
    """
    state.check_names(["radius", "phase"])
    radii = list(options.radii)
    radius = url_state.choice("radius", radii, options.default_radius, state, "radius")
    chosen_radius = st.session_state.get(RADIUS_KEY) if session else None
    if chosen_radius in radii:
        radius = chosen_radius
    phases = options.phases_at(radius)
    phase = url_state.choice("phase", phases, "all", state, "phase")
    chosen_phase = st.session_state.get(PHASE_KEY) if session else None
    if chosen_phase in phases:
        phase = chosen_phase
    return radius, phase


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The view a link names, built as the page builds it (for exports); a bad setting raises ViewSettingError."""
    options = _options()
    if options.problem:
        return _built("", "all", base_url)
    radius, phase = _settings(options, url_state.ViewState(query=query, strict=True), session=False)
    return _built(radius, phase, base_url)


def _radios(options: _Options, radius: str, phase: str, state: url_state.ViewState) -> None:
    """Any note about the link, then the radius and phase radios, showing the values the page is built for."""
    url_state.show_notes(state)
    radii, phases = list(options.radii), options.phases_at(radius)
    left, right = st.columns(2)
    with left:
        st.radio(
            "Count crimes within",
            radii,
            index=radii.index(radius),
            horizontal=True,
            format_func=lambda r: f"{r} m of each site",
            key=RADIUS_KEY,
            help="Radii under about 200 m are unreliable: see 'Why small radii are unreliable'.",
        )
    with right:
        st.radio(
            "Pilot phase",
            phases,
            index=phases.index(phase),
            horizontal=True,
            format_func=lambda p: "All phases" if p == "all" else f"Phase {p}",
            key=PHASE_KEY,
        )


def render() -> None:
    options = _options()
    if options.problem:
        # Nothing to choose: the page says what is missing (the radius and phase do not matter).
        _built("", "all", "").replay()
        return
    state = url_state.ViewState()
    radius, phase = _settings(options, state)
    url_state.write_back({"radius": radius, "phase": phase}, {"radius": options.default_radius, "phase": "all"})
    built = _built(radius, phase, url_state.absolute_url(""))
    built.replay(slots={"settings": lambda: _radios(options, radius, phase, state)})
    spreadsheet_button(built, PAGE_PATH)


# --------------------------------------------------------------------------------------------
# Map
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapCard:
    """The map card, built once per view settings and store; `render()` only lays it out.

    Like a chart card, with Map | Table | Download | About tabs; the deck is serialised at build time.
    """

    key: str
    label: str  # markdown: the illustrative label in bold, or "" when the site list is real
    summary: str  # markdown
    deck: PrebuiltDeck
    alt: str
    key_text: str  # the map's key in words, under the map
    table: pd.DataFrame
    title: str
    method: str  # markdown: how comparison stops are chosen (About tab)
    sources: str  # markdown: the sources list (About tab)
    take_away: Printable  # CSV, PNG, SVG and press pack (the images drawn only when asked for)

    def printable(self) -> Printable:
        return self.take_away

    def render(self) -> None:
        key = self.key
        with st.container(key=key):
            st.header("Where the pilot shelters and comparison stops are", anchor=key)
            if self.label:
                st.markdown(self.label)
            st.markdown(self.summary)
            # Lazy, as a chart card's: only the open tab's body is sent.
            map_tab, table_tab, download_tab, about_tab = st.tabs(list(MAP_TABS), key=f"{key}-tabs", on_change="rerun")
            if map_tab.open:
                with map_tab:
                    st.pydeck_chart(self.deck, height=460, key=f"{key}-deck", alt=self.alt)
                    st.markdown(self.key_text)
            if table_tab.open:
                with table_tab:
                    # Ten columns scroll sideways on a phone: the data grid scrolls and is keyboard-navigable.
                    st.dataframe(self.table, hide_index=True, key=f"{key}-table")
            if download_tab.open:
                with download_tab:
                    download_buttons(self.take_away, explained=MAP_DOWNLOADS_EXPLAINED)
            if about_tab.open:
                with about_tab:
                    st.markdown("### How comparison stops are chosen", anchors=False)
                    st.markdown(self.method)
                    st.markdown("### Source", anchors=False)
                    st.markdown(self.sources)


def _map_card(
    sites: pd.DataFrame, info: pd.Series, *, radius: float, label: str | None, view_url: str, phase: str
) -> MapCard:
    shown = sites if phase == "all" else sites.loc[sites["phase"] == phase]
    outlines = data.run("shelter_borough_outlines", radius=radius)
    table = _sites_table(shown)
    title = f"Pilot shelters and comparison stops, {radius:g} m circles"
    period = _windows_period(shown)
    is_sample = bool(info["stops_are_sample"])
    export, export_name = table_export(
        table,
        title=title,
        datasets=MAP_SOURCES,
        period=period,
        view_url=view_url,
        is_sample=is_sample,
        notes=[n for n in [label] if n],
    )
    spec = ChartSpec(
        title=title,
        subtitle=f"Crimes are counted within {radius:g} m of each site",
        x="site_id",
        y="crimes_before",
        y_title="Sites",
        source_line=source_line_from(MAP_SOURCES),
        is_sample=is_sample,
        illustrative_label=label or None,
    )
    summary = describe_map(shown, radius_m=radius)
    alt = describe_map(shown, radius_m=radius, illustrative_label=label)
    take_away = Printable(
        key="shelter-map",
        title=title,
        subtitle=spec.subtitle,
        figure=lambda: shelter_figure(shown, outlines, spec).to_dict(),
        datasets=tuple(MAP_SOURCES),
        data_up_to=None,
        is_sample=is_sample,
        illustrative_label=label or None,
        summary=summary,
        alt=alt,
        csv=export,
        csv_name=export_name,
    )
    return MapCard(
        take_away=take_away,
        key="shelter-map",
        label=f"**{escape_markdown(label)}**" if label else "",
        summary=escape_markdown(summary),
        # Serialised here, once per view settings: st.pydeck_chart would re-serialise the deck on every view.
        deck=PrebuiltDeck(shelter_deck(shown, outlines, radius_m=radius, illustrative_label=label)),
        alt=alt,
        key_text=(
            "**Key.** Dark blue filled disc marked **P**: pilot shelter with a camera. Orange ring marked **C**: "
            f"comparison stop with no camera. Grey disc marked **P**: listed pilot shelter that could not be "
            f"evaluated. Faint circles (zoom in to see them): the {radius:g} m within which crimes are counted. Grey lines: borough "
            "boundaries. Drag to move the map; use + and − keys or pinch to zoom."
        ),
        table=table,
        title=title,
        method=escape_markdown(SHELTER_METHOD["Comparison stops"]),
        sources=_sources_markdown(MAP_SOURCES),
    )


def _sites_table(sites: pd.DataFrame) -> pd.DataFrame:
    role = sites["status"].map(
        {
            "evaluated": "Pilot shelter",
            "not evaluated": "Pilot shelter (not evaluated)",
            "not found": "Pilot site (not in the TfL list)",
            "comparison": "Comparison stop",
        }
    )
    code = sites["bus_stop_code"].astype("string").fillna(sites["site_id"].astype("string"))
    matched = [
        f"{m} {n}" if isinstance(n, str) else "" for m, n in zip(sites["matched_pilot"], sites["matched_pilot_name"])
    ]
    return pd.DataFrame(
        {
            "Site": role.to_numpy(),
            "Stop code": code.to_numpy(),
            "Stop name": sites["stop_name"].fillna("").to_numpy(),
            "Borough": sites["borough"].fillna("").to_numpy(),
            "Phase": sites["phase"].fillna("").to_numpy(),
            "Camera live": [
                pd.Timestamp(d).strftime("%d %B %Y") if d is not None and not pd.isna(d) else ""
                for d in sites["live_date"]
            ],
            "Crimes before": [("" if pd.isna(v) else f"{int(v):,}") for v in sites["crimes_before"]],
            "Crimes after": [("" if pd.isna(v) else f"{int(v):,}") for v in sites["crimes_after"]],
            "Matched to pilot": matched,
            "Note": sites["note"].fillna("").to_numpy(),
        }
    )


def _windows_period(sites: pd.DataFrame) -> str:
    used = sites.loc[sites["included"].fillna(False).astype(bool)]
    if used.empty:
        return ""
    return format_period(
        pd.Timestamp(used["before_first_month"].min()).date(), pd.Timestamp(used["after_last_month"].max()).date()
    )


def _sources_markdown(datasets: list) -> str:
    return "\n".join(
        f"- [{escape_markdown(d.title)}]({d.url}), {escape_markdown(d.publisher)}. Licence: {escape_markdown(d.licence)}."
        for d in datasets
    )


# --------------------------------------------------------------------------------------------
# The estimate
# --------------------------------------------------------------------------------------------


def _did_card(
    out: Recording,
    row: pd.Series,
    sites: pd.DataFrame,
    info: pd.Series,
    *,
    radius: float,
    phase: str,
    label: str | None,
    view_url: str,
) -> None:
    noun = str(info["crime_type_noun"])
    before, after = int(row["months_before"]), int(row["months_after"])
    frame = pd.DataFrame(
        {
            "site_group": [GROUP_WORDS["pilot"]] * 2 + [GROUP_WORDS["comparison"]] * 2,
            "period": [f"{before} months before", f"{after} months after"] * 2,
            "sites": [int(row["pilot_sites"])] * 2 + [int(row["comparison_sites"])] * 2,
            "months": [before, after] * 2,
            "crimes": [
                int(row["pilot_before"]),
                int(row["pilot_after"]),
                int(row["comparison_before"]),
                int(row["comparison_after"]),
            ],
        }
    )
    frame["site_months"] = frame["sites"] * frame["months"]
    frame["rate"] = frame["crimes"] / frame["site_months"]
    spec = ChartSpec(
        title=f"{noun[:1].upper() + noun[1:]} near pilot shelters and comparison stops, before and after the cameras",
        subtitle=f"Average per site per month within {radius:g} m, {_phase_words(phase)}",
        x="site_group",
        y="rate",
        series="period",
        y_title="Crimes per site per month",
        x_title="Sites",
        series_title="Period",
        measure=f"{noun} per site per month",
        value_format="rate",
        source_line=source_line_from(CRIME_SOURCES),
        data_up_to=pd.Timestamp(info["last_month"]).date(),
        is_sample=bool(info["crimes_are_sample"]),
        illustrative_label=label,
        series_order=[f"{before} months before", f"{after} months after"],
    )
    table = pd.DataFrame(
        {
            "Sites": frame["site_group"],
            "Period": frame["period"],
            "Number of sites": frame["sites"],
            "Months": frame["months"],
            "Crimes": frame["crimes"].map(lambda v: f"{v:,}"),
            "Crimes per site per month": frame["rate"].map(lambda v: format_rate(v, 2)),
        }
    )
    plain = table.assign(Crimes=frame["crimes"], **{"Crimes per site per month": frame["rate"].round(4)})
    summary = str(row["sentence"])
    period = _windows_period(sites if phase == "all" else sites.loc[sites["phase"] == phase])
    export, export_name = chart_export(
        spec,
        frame,
        table=plain,
        datasets=CRIME_SOURCES,
        period=period or "",
        view_url=view_url,
        notes=[n for n in [label, summary, row["method"]] if n],
    )
    out.chart_card(
        key="shelter-estimate",
        spec=spec,
        figure=bar_chart(frame, spec),
        table=table,
        summary=summary,
        alt=alt_text(spec, frame, kind="bar", summary=summary),
        export=export,
        export_name=export_name,
        measure=MEASURES["shelter_crimes"],
        datasets=CRIME_SOURCES,
        caveats=["shelter_selection", "shelter_displacement", "shelter_reporting", "snap_points"],
        about={
            "How the estimate is made": SHELTER_METHOD["The estimate"],
            "Method, exactly": f"{row['method']} {row['absolute_method']}",
        },
    )


def _estimates_table(out: Recording, did: pd.DataFrame, info: pd.Series) -> None:
    """Each phase's figures as a short block of text, which reflows on a phone where a wide table would scroll."""
    out.subheader("Estimates by phase", anchor="estimates-by-phase")
    out.markdown(
        "A ratio of 1 means crime near pilot shelters changed exactly as it did near comparison stops; below "
        "1, it fell more (or rose less); above 1, it rose more (or fell less). An interval that includes 1 "
        "means the data cannot tell the difference from no effect."
    )
    noun = str(info["crime_type_noun"])
    blocks = []
    for _, row in did.iterrows():
        name = "All phases" if row["phase"] == "all" else f"Phase {row['phase']}"
        conclusion = (
            "no: too few crimes (under 10 in one of the four totals)"
            if bool(row["too_small"])
            else "yes, within the limits below"
        )
        blocks.append(
            f"**{name}**: {int(row['pilot_sites'])} pilot shelters and {int(row['comparison_sites'])} comparison "
            f"stops.  \n{escape_markdown(noun[:1].upper() + noun[1:])}, before / after: {int(row['pilot_before']):,} / "
            f"{int(row['pilot_after']):,} near pilot shelters, {int(row['comparison_before']):,} / "
            f"{int(row['comparison_after']):,} near comparison stops.  \n"
            f"Ratio of rate ratios: {_estimate_text(row)}.  \n"
            f"Difference in crimes per site per month: {_absolute_text(row)}.  \n"
            f"Enough crimes for a conclusion: {conclusion}."
        )
    out.markdown("\n\n".join(blocks))


def _monthly_card(
    out: Recording, sites: pd.DataFrame, info: pd.Series, *, radius: float, phase: str, label: str | None, view_url: str
) -> None:
    monthly = data.run("shelter_monthly", radius=radius, phase=phase)
    if monthly.empty:
        return
    noun = str(info["crime_type_noun"])
    monthly["group"] = monthly["site_group"].map(GROUP_WORDS)
    monthly["month"] = pd.to_datetime(monthly["month"]).dt.date
    pilots = sites.loc[(sites["role"] == "pilot") & sites["included"].fillna(False).astype(bool)]
    if phase != "all":
        pilots = pilots.loc[pilots["phase"] == phase]
    live_months = pd.to_datetime(pilots["live_date"]).dt.to_period("M")
    breaks = []
    for month in sorted(set(live_months)):
        which = " and ".join(sorted(set(pilots.loc[live_months == month, "phase"])))
        breaks.append((month.to_timestamp().date(), f"Phase {which} live"))
    spec = ChartSpec(
        title=f"{noun[:1].upper() + noun[1:]} near pilot shelters and comparison stops, by month",
        subtitle=f"Average per site within {radius:g} m, {_phase_words(phase)}",
        x="month",
        y="crimes_per_site",
        series="group",
        y_title="Crimes per site per month",
        x_title="Month",
        measure=f"{noun} per site",
        value_format="rate",
        source_line=source_line_from(CRIME_SOURCES),
        data_up_to=max(monthly["month"]),
        is_sample=bool(info["crimes_are_sample"]),
        illustrative_label=label,
        breaks=breaks,
        series_order=[GROUP_WORDS["pilot"], GROUP_WORDS["comparison"]],
    )
    frame = monthly[["month", "group", "crimes_per_site"]]
    trend = " ".join(
        describe_trend(
            frame.loc[frame["group"] == GROUP_WORDS[g]],
            "month",
            "crimes_per_site",
            measure=f"{noun} per site near {GROUP_WORDS[g].lower()}",
            value_format="rate",
        )
        for g in ("pilot", "comparison")
        if (frame["group"] == GROUP_WORDS[g]).any()
    )
    summary = (
        f"Monthly averages over the whole period in the store, for the sites evaluated in "
        f"{_phase_words(phase)}; dashed lines mark when cameras went live. {trend}"
    )
    period = format_period(min(monthly["month"]), max(monthly["month"]))
    export, export_name = chart_export(
        spec, frame, datasets=CRIME_SOURCES, period=period, view_url=view_url, notes=[n for n in [label] if n]
    )
    out.chart_card(
        key="shelter-monthly",
        spec=spec,
        figure=line_chart(frame, spec),
        table=table_for(frame, spec),
        summary=summary,
        alt=alt_text(spec, frame, kind="line", summary=summary),
        export=export,
        export_name=export_name,
        measure=MEASURES["shelter_crimes"],
        datasets=CRIME_SOURCES,
        caveats=["shelter_radius"],
    )


# --------------------------------------------------------------------------------------------
# Survey and incidents
# --------------------------------------------------------------------------------------------


def _survey_cards(out: Recording, info: pd.Series, *, view_url: str) -> None:
    shares = data.run("shelter_survey_shares")
    if shares.empty:
        out.header("How safe passengers feel", anchor="shelter-survey")
        out.markdown("TfL has not published its survey of how safe passengers feel at the pilot shelters.")
        return
    did = data.run("shelter_survey_did")
    did = did.assign(sentence=[shelter_words.survey_sentence(r) for _, r in did.iterrows()]).set_index("question")
    label = ILLUSTRATIVE_LABEL if bool(info["survey_is_illustrative"]) else None
    for number, (question, part) in enumerate(shares.groupby("question", sort=False), start=1):
        part = part.reset_index(drop=True)
        frame = pd.DataFrame(
            {
                "site_group": part["site_group"].map(lambda g: SURVEY_GROUP_WORDS.get(g, g)),
                "wave": part["wave"].map(lambda w: WAVE_WORDS.get(w, w)),
                "share": 100 * part["share"],
                "label": [
                    f"{100 * s:.0f}% ({100 * lo:.0f}–{100 * hi:.0f}%)"
                    for s, lo, hi in zip(part["share"], part["lower"], part["upper"])
                ],
            }
        )
        spec = ChartSpec(
            title="Passengers feeling safe at pilot and comparison shelters, before and after",
            subtitle=f"Share answering 'Very safe' or 'Fairly safe' to: “{question}” (95% interval in brackets)",
            x="site_group",
            y="share",
            series="wave",
            label="label",
            y_title="Percent of respondents",
            x_title="Shelters",
            series_title="Survey",
            measure="passengers feeling safe",
            value_format="percent",
            source_line=source_line_from(SURVEY_SOURCES),
            illustrative_label=label,
            series_order=[w for w in ("Before", "After") if w in set(frame["wave"])],
        )
        sentence = (
            str(did.loc[question, "sentence"])
            if question in did.index
            else "The survey has no pilot/comparison, before/after design for this question, so no change is estimated."
        )
        summary = f"Question: “{question}” {sentence}"
        table = pd.DataFrame(
            {
                "Shelters": frame["site_group"],
                "Survey": frame["wave"],
                "Respondents": part["respondents"],
                "Feeling safe": part["feeling_safe"],
                "Share feeling safe": [f"{100 * s:.1f}%" for s in part["share"]],
                "95% interval": [f"{100 * lo:.1f}% to {100 * hi:.1f}%" for lo, hi in zip(part["lower"], part["upper"])],
            }
        )
        plain = table.assign(
            **{
                "Share feeling safe": part["share"].round(4),
                "95% interval": [f"{lo:.4f} to {hi:.4f}" for lo, hi in zip(part["lower"], part["upper"])],
            }
        )
        method = str(did.loc[question, "method"]) if question in did.index else ""
        export, export_name = chart_export(
            spec,
            frame,
            table=plain,
            datasets=SURVEY_SOURCES,
            period="Before and after the cameras",
            view_url=view_url,
            notes=[n for n in [label, f"Question: {question}", sentence, method] if n],
            name_part=f"question {number}",
        )
        out.chart_card(
            key=f"shelter-survey-{number}",
            spec=spec,
            figure=bar_chart(frame, spec),
            table=table,
            summary=summary,
            alt=alt_text(spec, frame, kind="bar", summary=summary),
            export=export,
            export_name=export_name,
            measure=MEASURES["feeling_safe"],
            datasets=SURVEY_SOURCES,
            about={"How the shares are compared": SHELTER_METHOD["The passenger survey"]},
        )


def _incidents_card(out: Recording, info: pd.Series, *, view_url: str) -> None:
    if not bool(info["has_incidents"]):
        return
    incidents = data.run("shelter_incidents_monthly")
    incidents["month"] = pd.to_datetime(incidents["month"]).dt.date
    incidents["group"] = incidents["site_group"].map({"pilot": "Pilot shelters"}).fillna("Other listed shelters")
    label = ILLUSTRATIVE_LABEL if bool(info["incidents_are_illustrative"]) else None
    frame = incidents[["month", "group", "incidents"]]
    spec = ChartSpec(
        title="Incidents TfL reports at or near the listed shelters, by month",
        subtitle="As reported to TfL; not police-recorded crime, and not compared with any control",
        x="month",
        y="incidents",
        series="group",
        y_title="Incidents per month",
        x_title="Month",
        measure="incidents",
        source_line=source_line_from(INCIDENT_SOURCES),
        data_up_to=max(frame["month"]),
        illustrative_label=label,
    )
    summary = describe_trend(frame, "month", "incidents", measure="incidents", series_col="group")
    period = format_period(min(frame["month"]), max(frame["month"]))
    export, export_name = chart_export(
        spec,
        frame,
        datasets=INCIDENT_SOURCES,
        period=period,
        view_url=view_url,
        notes=[n for n in [label, "Sources: " + "; ".join(sorted(set(incidents["sources"])))] if n],
    )
    out.chart_card(
        key="shelter-incidents",
        spec=spec,
        figure=line_chart(frame, spec),
        table=table_for(frame, spec),
        summary=summary,
        alt=alt_text(spec, frame, kind="line", summary=summary),
        export=export,
        export_name=export_name,
        datasets=INCIDENT_SOURCES,
        caveats=["shelter_reporting"],
    )


# --------------------------------------------------------------------------------------------
# Method and limits
# --------------------------------------------------------------------------------------------


def _crime_type_note(out: Recording, info: pd.Series) -> None:
    if info["crime_type"] is None or pd.isna(info["crime_type"]):
        return
    months = ""
    if not pd.isna(info["first_month"]):
        months = (
            f" The store's police.uk data for it run from {_month_or_blank(info['first_month'])} to "
            f"{_month_or_blank(info['last_month'])}, from {info['forces']}."
        )
    out.markdown(
        f"**Crime type counted: {escape_markdown(info['crime_type'])}.** {escape_markdown(info['crime_type_reason'])}"
        f"{escape_markdown(months)}"
    )


def _method_and_limits(out: Recording, *, notes: pd.DataFrame) -> None:
    out.header("How this evaluation works", anchor="method")
    for heading, text in SHELTER_METHOD.items():
        out.subheader(heading, anchor=False)
        out.markdown(escape_markdown(text))
    out.header("What it cannot tell you", anchor="limitations")
    for heading, text in SHELTER_LIMITATIONS.items():
        out.subheader(heading, anchor=False)
        out.markdown(escape_markdown(text))
    if len(notes):
        out.header("Notes on this evaluation", anchor="notes")
        out.markdown("\n".join(f"- {escape_markdown(n)}" for n in notes["note"]))
