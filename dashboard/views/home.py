"""The home page: London's headline figures, each linking to its page, and how far the data go."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import data
from dashboard.components import Recording, url_state
from dashboard.components.layout import is_sample as uses_sample_data
from dashboard.components.layout import page_for, store_status
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.quick_exit import QUICK_EXIT_EXPLANATION
from dashboard.components.view_cache import cached_view
from dashboard.components.what_changed import last_changed_sentence
from dashboard.data import QueryError
from dashboard.disclosure import SUPPRESSED_SYMBOL
from dashboard.figures import homicide as ht
from dashboard.figures import vawg as vf
from dashboard.reference import action_plan, next_update
from dashboard.theme import SAMPLE_STAMP, format_count, format_month, format_percent, format_period, is_missing
from dashboard.words.catalog import (
    CONNECT_FIRST_MONTH,
    HOME_INTRO,
    HOME_TITLE,
    ILLUSTRATIVE_LABEL,
    MEASURES,
    SAMPLE_LABEL,
)

# The hot spot figure shown here is the hotspots page's default view (hexagons of about 0.74 km², the
# latest 12 months), falling back to every month loaded when the store has no latest-12-months row.
HOTSPOT_RESOLUTION = 8
HOTSPOT_PERIODS = ("last_12", "all")
NOT_AVAILABLE = "Not available yet"


def _date(value: object) -> dt.date | None:
    return None if is_missing(value) else pd.Timestamp(value).date()


def _first_row(name: str, **params: object) -> dict | None:
    frame = data.run(name, **params)
    return None if frame.empty else frame.iloc[0].to_dict()


def london_headline() -> tuple[vf.Headline | None, int | None]:
    """London's headline as /trends gives it, and the offences outside VAWG in its latest 12 months.

    The outside-VAWG count is None when the classification sheet lacks any of those months.
    """
    months = vf.month_list(data.run("vawg_months")["month"])
    if not months:
        return None, None
    by_area = data.run("vawg_offences_by_borough_month")
    head = vf.headline(by_area, data.run("population_female_by_borough"), vf.LONDON, months)
    by_group = data.run("vawg_offences_by_group_month")
    periods = head.periods
    classified = vf.month_list(by_group["month"])
    if vf.months_in(classified, periods.latest_start, periods.latest_end) != head.months_latest:
        return head, None
    return head, vf.group_totals(by_group, periods.latest_start, periods.latest_end).outside_total


def vawg_tile(out: Recording) -> None:
    head, outside = london_headline()
    measure = MEASURES["vawg_offences"]
    out.subheader(f"{measure.title} in London", anchor="vawg-offences")
    if head is None or not head.is_complete:
        months = 0 if head is None else head.months_latest
        out.metric("The latest 12 months", NOT_AVAILABLE)
        out.markdown(f"This copy of the data has {months} months of VAWG offences; 12 are needed.")
    else:
        periods = head.periods
        previous = format_period(periods.previous_start, periods.previous_end)
        delta, arrow = None, "off"
        if head.change is not None and head.percent_change is not None:
            if head.change == 0:
                delta = "The same as the 12 months before"
            else:
                more = "more" if head.change > 0 else "fewer"
                delta = f"{format_percent(abs(head.percent_change), 1)} {more} than the 12 months before"
                arrow = "up" if head.change > 0 else "down"
        # Labels are kept short: Streamlit cuts a metric label that does not fit on one line.
        out.metric(
            format_period(periods.latest_start, periods.latest_end),
            format_count(head.latest),
            delta=delta,
            delta_color="off",
            delta_arrow=arrow,
        )
        lines = []
        if outside is not None and head.latest:
            share = 100 * outside / head.latest
            lines.append(
                f"{format_count(outside)} of these offences ({format_percent(share)}) "
                "are ones the Met flags in its VAWG data but classes as outside VAWG."
            )
        if not head.has_comparison:
            lines.append(f"There are not 12 months of data for {previous} to compare with.")
        else:
            lines.append(f"The 12 months before, {previous}: {format_count(head.previous)} offences.")
            if periods.previous_start < dt.date.fromisoformat(CONNECT_FIRST_MONTH):
                lines.append(
                    "The comparison spans the Met's change of crime recording system in March 2024, "
                    "so part of the change may come from how offences are recorded."
                )
            lines.append("A change can mean more people reporting, not only more offending.")
        out.markdown(" ".join(lines))
        out.caption(f"Data up to and including {format_month(periods.latest_end)}. Source: MPS VAWG dashboard data.")
    out.page_link(page_for("trends.py"), label="See VAWG offences month by month", icon=":material/arrow_forward:")


def homicide_headline() -> tuple[ht.Headline | None, ht.Coverage | None]:
    """The latest full year's female homicide figure as /homicide gives it (fully protected)."""
    coverage = ht.coverage_from(data.run("homicide_coverage"))
    if coverage is None:
        return None, None
    by_year = ht.victims_by_year_and_sex(data.run("homicide_victims_by_year_and_sex"), coverage)
    return ht.headline(by_year, coverage), coverage


def homicide_tile(out: Recording) -> None:
    head, coverage = homicide_headline()
    out.subheader("Female homicide in London", anchor="female-homicide")
    if head is None or coverage is None:
        out.metric("Women and girls killed in a full year", NOT_AVAILABLE)
        out.markdown("This copy of the data has no full calendar year of homicide victims.")
    else:
        year = head.year
        delta, arrow = None, "off"
        # A difference is given only when both years are shown: otherwise it would give a hidden count away.
        if head.victims is not None and head.previous_victims is not None:
            difference = head.victims - head.previous_victims
            if difference == 0:
                delta = f"The same as in {head.previous_year}"
            else:
                delta = f"{abs(difference):,} {'more' if difference > 0 else 'fewer'} than in {head.previous_year}"
                arrow = "up" if difference > 0 else "down"
        out.metric(f"Women and girls killed in {year}", head.display, delta=delta, delta_color="off", delta_arrow=arrow)
        lines = []
        if head.previous_display is not None:
            lines.append(f"In {head.previous_year}: {head.previous_display}.")
        if SUPPRESSED_SYMBOL in (head.display, head.previous_display):
            lines.append(f"{SUPPRESSED_SYMBOL} means a number too small to show without risk of identifying someone.")
        lines.append(f"{MEASURES['female_homicide_victims'].definition} {year} is the latest full year in the data.")
        out.markdown(" ".join(lines))
        out.caption(
            f"Data up to and including {format_month(coverage.data_up_to)}. Source: MPS Homicide dashboard data."
        )
    out.page_link(page_for("homicide.py"), label="See female homicide over time", icon=":material/arrow_forward:")


def hotspot_row() -> dict | None:
    """The hot spot count the hotspots page gives, or None when its tables are not in this store."""
    if "hotspot_summary" not in set(data.run("home_derived_tables")["table_name"]):
        return None
    try:
        for period in HOTSPOT_PERIODS:
            row = _first_row("home_significant_hotspots", period=period, resolution=HOTSPOT_RESOLUTION)
            if row is not None:
                return row
    except QueryError:  # built by an older or newer ingest with other columns: say so, do not fail
        return None
    return None


def hotspot_tile(out: Recording) -> None:
    row = hotspot_row()
    out.subheader("Hot spots in London", anchor="hot-spots")
    if row is None:
        out.metric("Significant hot spots", NOT_AVAILABLE)
        out.markdown("The hot spot analysis has not been built for this copy of the data yet.")
    else:
        out.metric(format_period(row["period_start"], row["period_end"]), format_count(row["hot_spots"]))
        lines = [
            "Areas of about 0.74 km² (hexagons on the map) where violence and sexual offences cluster more "
            "than chance would explain, at 90% confidence or more."
        ]
        forces = str(row["forces"] or "")
        if "Metropolitan Police Service" not in forces:
            lines.append(
                f"Only {forces or 'no force'}'s police.uk data are loaded, so the Met's area, most of "
                "London, is not covered."
            )
        lines.append("police.uk shows crimes at nearby map points, not exact places.")
        out.markdown(" ".join(lines))
        out.caption(
            f"Data up to and including {format_month(row['period_end'])}. Source: police.uk street-level crime."
        )
    out.page_link(page_for("hotspots.py"), label="See the hot spot map", icon=":material/arrow_forward:")


def shelter_tile(out: Recording) -> None:
    row = _first_row("home_bus_shelter_pilot_status")
    out.subheader("Bus-shelter CCTV pilot", anchor="bus-shelter-pilot")
    if row is not None and row["shelters"] > 0:
        out.metric("Shelters with a camera (pilot data)", format_count(row["shelters"]))
        if row["is_sample"]:
            out.markdown(f"**{ILLUSTRATIVE_LABEL}.**")
        phases = int(row["phases"])
        went_live = format_period(row["first_camera_live"], row["latest_camera_live"])
        out.markdown(
            f"{phases} phase{'s' if phases != 1 else ''}; phase {int(row['latest_phase'])} has "
            f"{format_count(row['shelters_in_latest_phase'])} shelters. Cameras went live: {went_live}."
        )
    else:
        out.metric("Published results", "None yet")
        plan = action_plan()
        cctv = plan[plan["topic"] == "CCTV in bus shelters"]
        if not cctv.empty:
            item = cctv.iloc[0]
            out.markdown(
                f"The Met's action-plan page “{item['source_title']}” says: “{item['source_quote']}” "
                "No list of pilot shelters and no results have been published."
            )
    out.page_link(
        page_for("bus_shelters.py"), label="See how the pilot can be evaluated", icon=":material/arrow_forward:"
    )


def data_up_to_line(out: Recording, today: dt.date) -> None:
    up_to = _date(store_status().get("vawg_up_to"))
    if up_to is None:
        out.markdown("**This copy of the dashboard has no VAWG data yet.**")
        return
    text = f"**VAWG data up to and including {format_month(up_to)}.**"
    upcoming = next_update("mps_vawg", up_to, today)
    if upcoming is not None:
        text += f" {upcoming.sentence()}"
    changed = last_changed_sentence()  # in the same paragraph: no element more per view
    out.markdown(f"{text} {changed}" if changed else text)


@cached_view
def _built(today: dt.date) -> Recording:
    """The whole page, built once per store and day (the next-update sentence depends on today)."""
    out = Recording()
    out.title(HOME_TITLE)
    out.markdown(HOME_INTRO)
    data_up_to_line(out, today)
    out.markdown("If you are in danger now, call 999.")

    out.header("London's headline figures", anchor="headline-figures")
    if uses_sample_data("mps_vawg", "mps_homicide_victims", "police_uk_street"):
        # Like every chart card: a screenshot of the figures alone still says they are not real.
        out.markdown(f"**{SAMPLE_STAMP}.** {SAMPLE_LABEL}.")
    first, second = out.columns(2, gap="medium")
    with first.container(border=True, key="tile-vawg"):
        vawg_tile(out)
    with second.container(border=True, key="tile-homicide"):
        homicide_tile(out)
    third, fourth = out.columns(2, gap="medium")
    with third.container(border=True, key="tile-hotspots"):
        hotspot_tile(out)
    with fourth.container(border=True, key="tile-shelters"):
        shelter_tile(out)

    out.header("What the Met says it is doing", anchor="action-plan")
    out.markdown(
        f"The Met's action plan on violence against women and girls lists {len(action_plan())} commitments "
        "with figures, from a scrutiny panel to training for licensed premises. The About page sets them out with "
        "the page each figure comes from."
    )
    out.page_link(page_for("about.py"), label="See the action-plan figures", icon=":material/arrow_forward:")

    out.header("Leaving this site quickly", anchor="leaving-quickly")
    out.markdown(QUICK_EXIT_EXPLANATION.replace("**Leaving this site quickly.** ", ""))
    return out


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The page as a link names it (it has no settings), built as the page builds it (for exports)."""
    url_state.ViewState(query=query, strict=True).check_names([])
    return _built(dt.date.today())


def render() -> None:
    """Draw the page (dashboard/page_scripts/home.py calls this on every view)."""
    page = _built(dt.date.today())
    page.replay()
    spreadsheet_button(page, "/")
