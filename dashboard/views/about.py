"""The About page: every source file with its checksum, what each measure means, caveats, disclosure
control, the Met's action-plan figures, data releases, how to cite, and the accessibility statement."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import data
from dashboard.components import Recording, url_state
from dashboard.components.page_spreadsheet import spreadsheet_button
from dashboard.components.view_cache import cached_view
from dashboard.components.what_changed import about_markdown, what_changed
from dashboard.disclosure import describe_rule
from dashboard.reference import action_plan, next_update
from dashboard.theme import format_count, format_month, format_period, is_missing
from dashboard.words.catalog import (
    CAVEAT_TITLES,
    CAVEATS,
    CITE_DASHBOARD,
    CITE_SOURCE,
    DASHBOARD_TITLE,
    DATASETS,
    FEEDBACK_CONTACT,
    MEASURES,
    OGL_ATTRIBUTION,
)

ACCESSIBILITY_REVIEWED = "November 2026"
# Caveats that apply across the dashboard come first; page-specific ones follow in catalog order.
GENERAL_CAVEATS = ("recording", "connect", "revisions", "outside_vawg", "snap_points", "city_of_london")
SECTIONS = {
    "measures": "What the figures measure",
    "caveats": "Things to know before using the figures",
    "disclosure": "How we protect the people behind the figures",
    "action-plan-progress": "The Met's action plan: what it says it has done",
    "what-changed": "What changed in this release",
    "data-releases": "Data releases and updates",
    "how-to-cite": "How to cite this dashboard and its sources",
    "accessibility": "Accessibility statement",
    "source-files": "Every source file, with its checksum",
}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def md(text: object) -> str:
    """Text shown literally inside markdown (brackets, $ and * are not markup here)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def section(out: Recording, key: str) -> None:
    out.header(SECTIONS[key], anchor=key)


def month_or_none(value: object) -> dt.date | None:
    return None if is_missing(value) else pd.Timestamp(value).date()


def period_text(first: object, last: object, none: str = "Not monthly data") -> str:
    first, last = month_or_none(first), month_or_none(last)
    return none if first is None or last is None else format_period(first, last)


def when_read(value: object) -> str:
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%B %Y} at {stamp:%H:%M}"


class PhoneTables:
    """HTML tables that become one labelled block per row on a phone, instead of scrolling sideways.

    Columns of checksums and long names cannot fit 375 px, and a table that scrolls sideways hides
    them and is a scroll region a keyboard cannot reach. Below 640 px each cell is shown on its own
    line after its column name (from the frame, so the labels always match the columns).

    Each table's rules are scoped to its container's key, so the page sends them all in one
    stylesheet, where its first table is: one message on every view rather than one per table
    (style-only HTML goes to Streamlit's hidden event container, so nothing moves on the page).
    """

    def __init__(self) -> None:
        self._rules: list[str] = []

    def draw(self, out: Recording, frame: pd.DataFrame, *, key: str, alt: str) -> None:
        if not self._rules:
            out.card(self)  # rendered on every replay, by when the build has added every table's rules
        self._rules.append(_phone_rules(key, frame))
        with out.container(key=key):
            out.table(_as_arrow(frame.map(md)), hide_index=True, alt=alt)

    def render(self) -> None:
        st.html("<style>" + "".join(self._rules) + "</style>")


def _phone_rules(key: str, frame: pd.DataFrame) -> str:
    scope = f".st-key-{key}"
    labels = "".join(
        f'{scope} td:nth-child({i})::before {{ content: "{str(column).replace(chr(34), "")}: "; font-weight: 600; }}\n'
        for i, column in enumerate(frame.columns, start=1)
    )
    return f"""
@media (max-width: 640px) {{
  {scope} table, {scope} tbody, {scope} tr, {scope} td {{ display: block; width: 100%; }}
  {scope} thead {{ display: none; }}
  {scope} tr {{ border-bottom: 1px solid rgba(49, 51, 63, 0.2); padding: 0.5rem 0; }}
  {scope} td {{ border: none; padding: 0.125rem 0.5rem; white-space: normal; overflow-wrap: anywhere; }}
  {scope} td [data-testid="stMarkdownContainer"], {scope} td [data-testid="stMarkdownContainer"] p {{
    display: inline; max-width: none; overflow-wrap: anywhere; }}
{labels}}}
{scope} td {{ white-space: normal; }}
{scope} td [data-testid="stMarkdownContainer"] {{ max-width: none; overflow-wrap: anywhere; }}
"""


def _as_arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The table converted to Arrow once, as st.table would convert it on every view (the frame if Arrow refuses it)."""
    try:
        return pa.Table.from_pandas(frame)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return frame


def caveat_title(key: str) -> str:
    return CAVEAT_TITLES.get(key, key.replace("_", " ").capitalize())


# --- Sections ---------------------------------------------------------------------------------


def measures(out: Recording) -> None:
    section(out, "measures")
    for key, measure in MEASURES.items():
        out.subheader(measure.title, anchor=f"measure-{key.replace('_', '-')}")
        out.markdown(f"{md(measure.definition)} Unit: {md(measure.unit)}.")
        if measure.caveats:
            links = ", ".join(f"[{md(caveat_title(c))}](#caveat-{c.replace('_', '-')})" for c in measure.caveats)
            out.markdown(f"Things to know: {links}.")


def caveats(out: Recording) -> None:
    section(out, "caveats")
    ordered = [k for k in GENERAL_CAVEATS if k in CAVEATS] + [k for k in CAVEATS if k not in GENERAL_CAVEATS]
    for key in ordered:
        out.subheader(caveat_title(key), anchor=f"caveat-{key.replace('_', '-')}")
        out.markdown(md(CAVEATS[key]))


def disclosure(out: Recording) -> None:
    section(out, "disclosure")
    out.markdown(md(describe_rule()))


def action_plan_progress(out: Recording, tables: PhoneTables) -> None:
    section(out, "action-plan-progress")
    plan = action_plan()
    out.markdown(
        "In its update on its action plan on violence against women and girls, the Met lists what it has "
        "done so far. These are the Met's own statements: this dashboard shows them as written and has not "
        "checked them. The pages give no date of writing, so words like “recently” or “during the last "
        "year” cannot be pinned to dates."
    )
    shown = pd.DataFrame(
        {
            "Topic": plan["topic"],
            "What the Met committed to": plan["commitment"],
            "What the Met reports": plan["figure"],
            "When (the page's words)": plan["as_of"],
            "Source page": [
                f"“{title}” ({file})" if title else file
                for title, file in zip(plan["source_title"], plan["source_file"])
            ],
        }
    )
    tables.draw(
        out,
        shown,
        key="about-action-plan-table",
        alt="Table: the Met's action-plan commitments, figures and source pages",
    )
    notes = [f"- **{md(topic)}**: {md(note)}" for topic, note in zip(plan["topic"], plan["note"]) if note]
    if notes:
        out.markdown("Notes:\n\n" + "\n".join(notes))
    with out.expander("The Met's exact words for each figure"):
        out.markdown(
            "\n".join(
                f"- **{md(t)}** ({md(f)}): “{md(q)}”"
                for t, f, q in zip(plan["topic"], plan["source_file"], plan["source_quote"])
            )
        )
    out.markdown(
        "The source pages are two pages of the Met's update on its VAWG action plan. The file names are "
        "this project's saved copies of their text, which does not include the pages' web addresses, so "
        "none is given here."
    )
    out.download_button(
        "Download the action-plan table (CSV)",
        plan.to_csv(index=False).encode("utf-8-sig"),
        file_name="vawg-action-plan-progress.csv",
        mime="text/csv",
        key="about-action-plan-download",
        on_click="ignore",
        icon=":material/download:",
    )


def release_history(files: pd.DataFrame) -> list[str]:
    """One line per edition for datasets whose releases overlap; a summary line for one-file-per-month data."""
    lines = []
    monthly = files.dropna(subset=["first_month"])
    for _, group in monthly.groupby("dataset", sort=False):
        title = group["title"].iloc[0]
        if len(group) < 2:
            continue
        if (group["first_month"] == group["last_month"]).all():
            lines.append(
                f"- **{md(title)}**: {len(group)} files of one month each, "
                f"{period_text(group['first_month'].min(), group['last_month'].max())}."
            )
            continue
        editions = []
        for _, row in group.sort_values(["last_month", "file_name"], ascending=[False, True]).iterrows():
            used = (
                "none of its months: newer files replace them all"
                if not row["months_supplied"]
                else period_text(row["first_month_supplied"], row["last_month_supplied"])
            )
            editions.append(
                f"    - {md(row['file_name'])}, data to {format_month(month_or_none(row['last_month']))}: "
                f"used for {used}."
            )
        lines.append(f"- **{md(title)}**, newest release first:\n" + "\n".join(editions))
    return lines


def what_changed_section(out: Recording) -> None:
    """The release shown against the one before it: months added, London totals revised, files (two elements)."""
    section(out, "what-changed")
    out.markdown(about_markdown(what_changed(), md))


def data_releases(out: Recording, tables: PhoneTables, files: pd.DataFrame, today: dt.date) -> None:
    section(out, "data-releases")
    releases = data.run("about_data_releases")
    out.markdown(
        "Each dataset's publisher releases new files from time to time, and a new release often revises "
        "earlier months. Where releases overlap, each month's figure comes from the newest release that "
        "covers it."
    )

    def expected(row: pd.Series) -> str:
        upcoming = next_update(row["dataset"], month_or_none(row["last_month"]), today)
        if upcoming is None:
            return "No regular timetable known"
        when = f"Around the middle of {upcoming.expected_month:%B} {upcoming.expected_month.year}"
        return when + (": not loaded yet" if upcoming.is_overdue else "")

    table = pd.DataFrame(
        {
            "Dataset": releases["title"],
            "Data from": [period_text(m, m, "Not monthly") for m in releases["first_month"]],
            "Data up to and including": [period_text(m, m, "Not monthly") for m in releases["last_month"]],
            "Files read": releases["files"].map(format_count),
            "Next update expected": [expected(row) for _, row in releases.iterrows()],
        }
    )
    tables.draw(
        out, table, key="about-releases-table", alt="Table: each dataset's period and when its next update is expected"
    )
    out.markdown(
        "Next updates are expected from each publisher's usual pattern, not a promised timetable. The Met "
        "usually updates its London Datastore files every month, around the middle of the month."
    )
    history = release_history(files)
    if history:
        out.subheader("Release history", anchor="release-history")
        out.markdown("\n".join(history))
    read_at = sorted({when_read(v) for v in files["ingested_at"]})
    if read_at:
        out.markdown(f"This copy of the data was built on {' and '.join(read_at)}.")


def how_to_cite(out: Recording, files: pd.DataFrame, today: dt.date) -> None:
    section(out, "how-to-cite")
    status = data.run("store_status").iloc[0].to_dict()
    up_to = month_or_none(status.get("vawg_up_to"))
    out.markdown("Please cite the dashboard and the sources of the figures you use. For this dashboard:")
    out.code(
        CITE_DASHBOARD.format(
            title=DASHBOARD_TITLE,
            month=format_month(up_to) if up_to else "no month",
            today=f"{today.day} {today:%B %Y}",
        ),
        language=None,
        wrap_lines=True,
    )
    out.markdown("For its sources:")
    sources = files.drop_duplicates("dataset")
    lines = []
    for _, row in sources.iterrows():
        url = row["url"] if isinstance(row["url"], str) and row["url"] else "No web address"
        lines.append(
            CITE_SOURCE.format(publisher=row["publisher"], title=row["title"], url=url, licence=row["licence"])
        )
    out.code("\n".join(lines), language=None, wrap_lines=True)
    out.markdown(
        f"{md(OGL_ATTRIBUTION)} Boundaries contain OS data © Crown copyright and database right. "
        "Bus stop locations: Powered by TfL Open Data."
    )


def accessibility(out: Recording) -> None:
    section(out, "accessibility")
    out.markdown(
        "This statement is about this dashboard. We want as many people as possible to be able to use it. "
        "You should be able to:\n\n"
        "- use every page with a keyboard alone, except the parts listed under known problems\n"
        "- read every chart as a written summary and as a table, and download its figures as a CSV file\n"
        "- read every page in one column on a phone, or on a computer zoomed in\n"
        "- tell things apart without relying on colour: changes are given in words, lines are labelled\n"
        "- leave the site at once with **Exit this page** at the top of every page, or by pressing Shift 3 times"
    )
    out.subheader("How accessible this dashboard is", anchor="accessibility-status")
    out.markdown(
        "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. The "
        "dashboard **partially meets** it, because of the known problems below. It has not been audited by "
        "an independent accessibility specialist."
    )
    out.subheader("Known problems", anchor="accessibility-known-problems")
    out.markdown(
        "Most of these come from Streamlit, the software the dashboard is built with, and we cannot fix them "
        "from inside the dashboard:\n\n"
        "- **Charts** are drawn as pictures that screen readers cannot explore, and the details that appear when "
        "you point at a chart need a mouse or touch. Each chart has a written summary, a text description for "
        "screen readers and a Table tab with every figure it shows.\n"
        "- **Maps** cannot be fully explored with a keyboard or a screen reader.\n"
        "- **Long tables** (more than 60 rows) are shown in Streamlit's data grid. It can be used with a "
        "keyboard, but screen readers may not read every cell. Use the CSV download instead.\n"
        "- **Changing page**: Streamlit does not announce the new page or move the keyboard focus to its "
        "heading, so screen reader users may need to go back to the top of the page.\n"
        "- **Waiting**: while a page is being worked out, Streamlit shows a small “running” sign that screen "
        "readers may not announce.\n"
        "- **JavaScript** is needed: the dashboard does not work without it.\n"
        "- **Exit this page** replaces the dashboard with the BBC Weather page, but it cannot remove the "
        "dashboard from your browser's history."
    )
    out.subheader("How we tested it", anchor="accessibility-testing")
    out.markdown(
        "- Every page is checked automatically with axe-core, in the Chromium browser, at a desktop size "
        "(1,280 pixels wide) and a phone size (375 pixels wide), every time the tests run. The tests fail on "
        "any serious or critical problem axe-core finds.\n"
        "- Tests check that the Tab key reaches **Exit this page** first, and that Enter and pressing Shift 3 "
        "times both leave the site.\n"
        "- Tests check that the colours used for text and chart marks have enough contrast against the "
        "background (4.5 to 1 for text, 3 to 1 for marks).\n"
        "- The people building the dashboard look at screenshots of each page at both sizes.\n\n"
        "Automatic checks find only some problems. The dashboard has not yet been tested with screen readers "
        "(such as NVDA, JAWS or VoiceOver) or by disabled people."
    )
    out.subheader("Getting the data in another format", anchor="accessibility-other-formats")
    contact = (
        f"To ask for the figures in another format, such as large print or a spreadsheet, contact "
        f"{md(FEEDBACK_CONTACT)}."
        if FEEDBACK_CONTACT
        else "This copy of the dashboard has not yet given a contact address for requests."
    )
    out.markdown(
        "Every chart's figures can be downloaded as a CSV file, which opens in any spreadsheet program and can be "
        "read by screen readers. Every source file is listed below with a link to its publisher. Anyone running "
        "the dashboard's code can get any figure as CSV or JSON with "
        "`python -m dashboard query NAME --format csv` (or `--format json`). " + contact
    )
    out.markdown(f"This statement was last reviewed in {ACCESSIBILITY_REVIEWED}.")


def file_table(group: pd.DataFrame, several_times: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "File": [
                name + (" (sample)" if sample and not group["is_sample"].all() else "")
                for name, sample in zip(group["file_name"], group["is_sample"])
            ],
            "Months in the file": [period_text(a, b) for a, b in zip(group["first_month"], group["last_month"])],
            "Months used": [
                "Not monthly data"
                if is_missing(first)
                else "None: newer files replace them"
                if not months
                else f"{period_text(a, b)} ({int(months)} month{'s' if months != 1 else ''})"
                for first, months, a, b in zip(
                    group["first_month"],
                    group["months_supplied"],
                    group["first_month_supplied"],
                    group["last_month_supplied"],
                )
            ],
            "Rows": group["rows"].map(format_count),
            "SHA-256 checksum": group["sha256"],
        }
    )
    if several_times:
        table.insert(4, "Read into the store", group["ingested_at"].map(when_read))
    return table


def source_files(out: Recording, tables: PhoneTables, files: pd.DataFrame) -> None:
    section(out, "source-files")
    out.markdown(
        f"This copy of the dashboard was built from {format_count(len(files))} files. Each is listed with "
        "the months it covers, the months whose figures come from it, and its SHA-256 checksum, a "
        "fingerprint of the file: if your copy of a file gives the same checksum (for example with "
        "`sha256sum FILE`), it is byte for byte the file used here."
    )
    out.download_button(
        "Download the list of files (CSV)",
        files.to_csv(index=False).encode("utf-8-sig"),
        file_name="vawg-dashboard-source-files.csv",
        mime="text/csv",
        key="about-files-download",
        on_click="ignore",
        icon=":material/download:",
    )
    several_times = files["ingested_at"].nunique() > 1
    if not several_times and len(files):
        out.markdown(f"Every file was read into the store on {when_read(files['ingested_at'].iloc[0])}.")
    for dataset, group in files.groupby("dataset", sort=False):
        first = group.iloc[0]
        out.subheader(str(first["title"]), anchor=f"files-{dataset.replace('_', '-')}")
        described = DATASETS.get(dataset)
        lines = [f"{md(described.description)}" if described else ""]
        link = (
            f"[{md(first['publisher'])}]({first['url']})"
            if isinstance(first["url"], str) and first["url"]
            else md(first["publisher"])
        )
        lines.append(f"Published by {link}. Licence: {md(first['licence'])}.")
        if group["is_sample"].all():
            lines.append("**Sample data: these files are the bundled synthetic sample, not real figures.**")
        elif group["is_sample"].any():
            lines.append("**Files marked (sample) are the bundled synthetic sample, not real figures.**")
        else:
            lines.append("Published data, not sample data.")
        out.markdown(" ".join(line for line in lines if line))
        tables.draw(
            out,
            file_table(group, several_times),
            key=f"about-files-{dataset.replace('_', '-')}",
            alt=f"Table: the files of {first['title']} read into the store, with their checksums",
        )


# --- The page -----------------------------------------------------------------------------------


@cached_view
def _built(today: dt.date) -> Recording:
    """The whole page, built once per store and day (next updates and the citation depend on today)."""
    out = Recording()
    out.title("About the data", anchor="about-the-data")
    out.markdown(
        "Where every figure on this dashboard comes from, what it means, what to watch out for, and how "
        "the dashboard works for people who use assistive technology."
    )

    # Each part is a lazy section, sent only when opened: the page is long, and a view costs what it
    # sends. The sections' titles are the page's contents. Measures and caveats share one section
    # because each measure links to its caveats.
    all_files = data.run("datasets")
    with out.section(f"{SECTIONS['measures']}, and {SECTIONS['caveats'].lower()}", "about-measures"):
        measures(out)
        caveats(out)
    with out.section(SECTIONS["disclosure"], "about-disclosure"):
        disclosure(out)
    tables = PhoneTables()
    with out.section(SECTIONS["action-plan-progress"], "about-action-plan-progress"):
        action_plan_progress(out, tables)
    # Open, not a section: the home page links straight to it (#what-changed), and it is two elements.
    what_changed_section(out)
    with out.section(SECTIONS["data-releases"], "about-data-releases"):
        data_releases(out, tables, all_files, today)
    with out.section(SECTIONS["how-to-cite"], "about-how-to-cite"):
        how_to_cite(out, all_files, today)
    with out.section(SECTIONS["accessibility"], "about-accessibility"):
        accessibility(out)
    with out.section(SECTIONS["source-files"], "about-source-files"):
        source_files(out, tables, all_files)
    return out


def built_for(query: url_state.LinkQuery, base_url: str = "") -> Recording:
    """The page as a link names it (it has no settings), built as the page builds it (for exports)."""
    url_state.ViewState(query=query, strict=True).check_names([])
    return _built(dt.date.today())


def render() -> None:
    """Draw the page (dashboard/page_scripts/about.py calls this on every view)."""
    page = _built(dt.date.today())
    page.replay()
    spreadsheet_button(page, "/about")
