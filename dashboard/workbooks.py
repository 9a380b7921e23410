"""Spreadsheets the way government statisticians publish them: a page view's workbook and the borough pack.

Built with `gptables` (the ONS Analysis Function's package for the GSS guidance "Releasing
statistics in spreadsheets"), which writes through XlsxWriter. What the guidance asks, and where:
- a cover sheet first (title, what the figures show, period, data-up-to date, sources, licence,
  the sample or illustrative stamp, the view link, contact), then a contents sheet, then a notes
  sheet, then one table per sheet;
- each sheet's title in cell A1, nothing merged, no blank rows or cells inside a table: a cell with
  no figure holds a shorthand, `[c]` (suppressed to protect victims) or `[x]` (not available), and
  both are explained on the notes sheet (the [c] rule in the words of `dashboard.disclosure`);
- each table marked as an Excel table, so screen readers announce its headers.

A page's tables are the SAME plain tables its cards' CSV downloads hold: `read_csv_export` reads
one back from the card's CSV bytes (title, period, source, licence, notes and the table), so a
spreadsheet can never say something the CSV does not. Pure: frames and bytes in, bytes out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import gptables as gpt
import pandas as pd

from dashboard.analysis.change_test import percent_change
from dashboard.disclosure import SUPPRESSED_COL, describe_rule
from dashboard.exports import BOM, FORMULA_STARTS
from dashboard.figures import vawg as vf
from dashboard.theme import (
    MISSING_MARK,
    MISSING_PHRASE,
    SAMPLE_STAMP,
    SUPPRESSED_MARK,
    format_month,
    format_period,
)
from dashboard.words import vawg_sentences as vs
from dashboard.words.catalog import FEEDBACK_CONTACT, OGL, SAMPLE_LABEL

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel refuses longer sheet names.
MAX_SHEET_NAME = 31
#: The sheets gptables adds before the tables; a table sheet may not take their names.
RESERVED_SHEETS = ("Cover", "Contents", "Notes")
SUPPRESSED_WORDS = "suppressed to protect victims"
NO_CONTACT = "This copy of the dashboard has not yet given a contact address for questions about these figures."
LONDON_WIDE = "London-wide"
_SHEET_FORBIDDEN = re.compile(r"[^A-Za-z0-9\s-]")  # Excel refuses []:*?/\ ; the rest only clutters a tab
_WHOLE = re.compile(r"[+-]?(0|[1-9]\d*)")
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
_ONLY_SYMBOLS = re.compile(r"^[^A-Za-z0-9]*$")


@dataclass(frozen=True)
class SheetTable:
    """One table for one sheet: its title (cell A1), the plain figures and what to say around them."""

    title: str
    table: pd.DataFrame
    period: str = ""
    source: str = ""
    licence: str = ""
    notes: tuple[str, ...] = ()
    is_sample: bool = False
    illustrative: str = ""
    view_url: str = ""
    short_name: str = ""  # the sheet's name, before numbering; the title's first words when empty


@dataclass(frozen=True)
class WorkbookCover:
    """What the cover sheet says about the whole workbook."""

    title: str
    shows: str  # what the page (or pack) shows, in a sentence or two
    view_url: str
    period: str = ""
    data_up_to: dt.date | None = None
    sources: tuple[str, ...] = ()
    licences: tuple[str, ...] = (OGL,)
    is_sample: bool = False
    illustrative: tuple[str, ...] = ()
    contact: str = field(default=FEEDBACK_CONTACT)


# --------------------------------------------------------------------------------------------
# A card's CSV read back
# --------------------------------------------------------------------------------------------


def read_csv_export(payload: bytes) -> SheetTable:
    """The table and metadata of a CSV made by `exports.csv_export`, as plain values (numbers as numbers).

    The inverse of the CSV writer: '# Title:', '# Source:', '# Licence:', '# Period:', '# View:' and
    '# Note:' lines, the sample line, then the table. Whole numbers come back as int, decimals as
    float, the formula guard's apostrophe is taken off (the workbook never reads text as a formula).
    """
    text = payload.decode("utf-8")
    text = text.removeprefix(BOM)
    meta: dict[str, str] = {}
    notes: list[str] = []
    is_sample = False
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("# ") and not body:
            content = line[2:]
            if content == f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.":
                is_sample = True
                continue
            key, _, value = content.partition(": ")
            if key == "Note":
                notes.append(value)
            else:
                meta[key] = value
        else:
            body.append(line)
    rows = list(csv.reader(io.StringIO("\n".join(body))))
    header, cells = (rows[0], rows[1:]) if rows else ([], [])
    table = pd.DataFrame([[_plain_value(c) for c in row] for row in cells], columns=header, dtype=object)
    return SheetTable(
        title=meta.get("Title", ""),
        table=table,
        period=meta.get("Period", ""),
        source=meta.get("Source", ""),
        licence=meta.get("Licence", ""),
        notes=tuple(notes),
        is_sample=is_sample,
        view_url=meta.get("View", ""),
    )


def _plain_value(cell: str) -> object:
    if _WHOLE.fullmatch(cell):
        return int(cell)
    if _DECIMAL.fullmatch(cell):
        return float(cell)
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


# --------------------------------------------------------------------------------------------
# Any page view
# --------------------------------------------------------------------------------------------


def view_workbook(cover: WorkbookCover, tables: Sequence[SheetTable]) -> bytes:
    """A page view as a GSS workbook: cover, contents, notes, then one sheet per table, in page order."""
    return _write(cover, tables)


def cover_for(
    *,
    title: str,
    shows: str,
    view_url: str,
    tables: Sequence[SheetTable],
    data_up_to: dt.date | None = None,
    illustrative: Sequence[str] = (),
) -> WorkbookCover:
    """A cover gathered from the tables: every source and licence once, the period when they share one."""
    periods = list(dict.fromkeys(t.period for t in tables if t.period))
    sources = _each_once(part for t in tables for part in t.source.split("; ") if part)
    licences = _each_once(part for t in tables for part in t.licence.split("; ") if part)
    return WorkbookCover(
        title=title,
        shows=shows,
        view_url=view_url,
        period=periods[0] if len(periods) == 1 else ("Each table gives its own period." if periods else ""),
        data_up_to=data_up_to,
        sources=sources,
        licences=licences or (OGL,),
        is_sample=any(t.is_sample for t in tables),
        illustrative=_each_once([*illustrative, *(t.illustrative for t in tables if t.illustrative)]),
    )


# --------------------------------------------------------------------------------------------
# The borough pack
# --------------------------------------------------------------------------------------------


def borough_pack(
    *,
    borough: str,
    headline: vf.Headline,
    monthly: pd.DataFrame,
    wards: pd.DataFrame,
    london_wide: Sequence[SheetTable],
    source: str,
    licence: str,
    rate_source: str,
    rate_licence: str,
    view_url: str,
    is_sample: bool,
    data_up_to: dt.date,
) -> bytes:
    """A borough's figures for a partner's strategy document: cover, contents, notes, one table per sheet.

    headline: figures.vawg.headline for the borough (counts, change test, rate and ranks).
    monthly: the borough's offences by month, protected (month, offences, is_suppressed).
    wards: the ward ranking's plain table, as the page's ward download holds it.
    london_wide: breakdowns the Met publishes for London only; their titles say London-wide.
    source/licence: the offence counts' (the Download lines' words); rate_source/rate_licence: the rate's.
    """
    periods = headline.periods
    latest_period = format_period(periods.latest_start, periods.latest_end)
    common = {"source": source, "licence": licence, "is_sample": is_sample, "view_url": view_url}
    tables = [
        monthly_sheet(borough, monthly, **common),
        change_sheet(borough, headline, **common),
        rate_sheet(borough, headline, **{**common, "source": rate_source, "licence": rate_licence}),
        SheetTable(
            title=f"VAWG offences by ward in {borough}, {latest_period}, most first",
            table=wards,
            period=latest_period,
            notes=(
                "Wards are ranked by offences in the latest 12 months. A change is compared with the normal "
                "variation of counts of its size.",
            ),
            short_name="Wards ranked",
            **common,
        ),
        *(_london_wide(t) for t in london_wide),
    ]
    first = pd.to_datetime(monthly["month"]).min() if len(monthly) else None
    cover = WorkbookCover(
        title=f"Violence against women and girls in {borough}: borough pack",
        shows=(
            f"The offences the Metropolitan Police recorded as violence against women and girls (VAWG) in {borough}: "
            f"by month, the latest 12 months ({latest_period}) against the 12 before, the rate per 1,000 women and "
            f"girls and its rank among London's boroughs, and {borough}'s wards ranked. The last tables are "
            "London-wide: the Met publishes those breakdowns for London as a whole only."
        ),
        view_url=view_url,
        period=f"{format_period(first, data_up_to)} by month; {latest_period} for the latest 12 months"
        if first is not None
        else latest_period,
        data_up_to=data_up_to,
        sources=_each_once(part for t in tables for part in t.source.split("; ") if part),
        licences=_each_once(part for t in tables for part in t.licence.split("; ") if part) or (OGL,),
        is_sample=is_sample or any(t.is_sample for t in tables),
    )
    return _write(cover, tables)


def monthly_sheet(borough: str, monthly: pd.DataFrame, **common) -> SheetTable:
    """The borough's offences by month, oldest first; a suppressed month is [c]."""
    months = pd.to_datetime(monthly["month"])
    hidden = monthly[SUPPRESSED_COL].astype(bool) if SUPPRESSED_COL in monthly else pd.Series(False, monthly.index)
    table = pd.DataFrame(
        {
            "Month": months.dt.strftime("%Y-%m").tolist(),
            "Offences": [SUPPRESSED_MARK if h else int(v) for v, h in zip(monthly["offences"], hidden)],
        },
        dtype=object,
    )
    period = format_period(months.min(), months.max()) if len(months) else ""
    return SheetTable(
        title=f"VAWG offences in {borough} by month, {period}",
        table=table,
        period=period,
        short_name="Offences by month",
        **common,
    )


def change_sheet(borough: str, headline: vf.Headline, **common) -> SheetTable:
    """The latest 12 months against the 12 before, with the 95% interval and the verdict the page gives."""
    periods = headline.periods
    latest_period = format_period(periods.latest_start, periods.latest_end)
    previous_period = format_period(periods.previous_start, periods.previous_end)
    test = headline.test
    if test is None:
        row = {
            "Area": borough,
            "Latest 12 months": latest_period,
            "Offences, latest 12 months": headline.latest,
            "12 months before": previous_period,
            "Offences, 12 months before": MISSING_MARK,
        }
        notes = ("This copy of the data does not have two full years to compare.",)
    else:
        change = percent_change(test.latest, test.previous)
        row = {
            "Area": borough,
            "Latest 12 months": latest_period,
            "Offences, latest 12 months": test.latest,
            "12 months before": previous_period,
            "Offences, 12 months before": test.previous,
            "Change": test.latest - test.previous,
            "Change (%)": MISSING_MARK if change is None else round(change, 1),
            "Change (%), 95% interval, lower": _rounded_or_missing(test.percent_lower),
            "Change (%), 95% interval, upper": _rounded_or_missing(test.percent_upper),
            "Compared with normal variation": test.verdict,
        }
        notes = tuple(
            s
            for s in (vs.change_sentence(test.latest, test.previous, previous_period), vs.variation_sentence(test))
            if s
        )
    return SheetTable(
        title=f"VAWG offences in {borough}, {latest_period} against the 12 months before",
        table=pd.DataFrame([row], dtype=object),
        period=f"{latest_period} and {previous_period}",
        notes=notes,
        short_name="Change on year before",
        **common,
    )


def rate_sheet(borough: str, headline: vf.Headline, **common) -> SheetTable:
    """The rate per 1,000 women and girls and its rank (1 = highest) among the boroughs ranked."""
    periods = headline.periods
    latest_period = format_period(periods.latest_start, periods.latest_end)
    row = {
        "Area": borough,
        "Offences, latest 12 months": headline.latest,
        "Women and girls (population)": _or_missing(headline.population),
        "Population estimate year": _or_missing(headline.population_year),
        "Offences per 1,000 women and girls": _or_missing(
            None if headline.rate is None else round(float(headline.rate), 3)
        ),
        "Rank by rate (1 = highest)": _or_missing(headline.rate_rank),
        "Rank by number of offences (1 = most)": _or_missing(headline.count_rank),
        "Boroughs ranked": headline.boroughs_ranked,
    }
    words = vs.rank_words(headline.rate_rank, headline.boroughs_ranked)
    notes = (f"{borough} has {words}.",) if words else ()
    return SheetTable(
        title=f"VAWG offences per 1,000 women and girls in {borough}, {latest_period}, and rank among boroughs",
        table=pd.DataFrame([row], dtype=object),
        period=latest_period,
        notes=(
            *notes,
            "Women and girls: ONS mid-year estimates of females of all ages living in the borough.",
        ),
        short_name="Rate and rank",
        **common,
    )


def _london_wide(table: SheetTable) -> SheetTable:
    title = table.title if table.title.startswith(LONDON_WIDE) else f"{LONDON_WIDE}: {table.title}"
    return replace(table, title=title, short_name=f"London {table.short_name}" if table.short_name else "")


def _rounded_or_missing(value: float | None) -> object:
    return MISSING_MARK if value is None else round(float(value), 1)


def _or_missing(value: object) -> object:
    return MISSING_MARK if value is None or (isinstance(value, float) and value != value) else value


# --------------------------------------------------------------------------------------------
# Writing the workbook
# --------------------------------------------------------------------------------------------


def sheet_names(tables: Sequence[SheetTable]) -> list[str]:
    """'Table_1', '2_Offences_by_month': numbered (so unique), at most 31 characters, no spaces, nothing Excel refuses.

    A table with a short name (the borough pack's) gets it after its number; a page's card titles
    are too long and too alike to cut down ('Women and girls who were victims of homicide ...'),
    so theirs are 'Table_N' and the Contents sheet lists each sheet with its full title. No
    spaces: a formula must quote a sheet name that has one.
    """
    names = []
    for number, table in enumerate(tables, start=1):
        if not table.short_name:
            names.append(f"Table_{number}")
            continue
        name = str(number)
        for word in _SHEET_FORBIDDEN.sub("", table.short_name).split():
            if len(name) + 1 + len(word) > MAX_SHEET_NAME:
                break
            name += "_" + word
        names.append(name)
    return names


def _notes_table() -> pd.DataFrame:
    """Notes 1 ([c]) and 2 ([x]), numbered in this order.

    Tables point at them in words rather than with gptables' '$$reference$$' marks: gptables
    numbers a note nothing refers to after the referenced ones from 1 again, giving two note 1s.
    """
    return pd.DataFrame(
        {
            "Note reference": ["suppressed", "missing"],
            "Note text": [
                f"{SUPPRESSED_MARK} means {SUPPRESSED_WORDS}: the figure is withheld. {describe_rule()}",
                f"{MISSING_MARK} means {MISSING_PHRASE}: there is no figure for this cell, for example a change "
                "where there is nothing to compare with, or a rank for an area with no population figure.",
            ],
        }
    )


def _write(cover: WorkbookCover, tables: Sequence[SheetTable]) -> bytes:
    if not tables:
        raise ValueError("a workbook needs at least one table")
    sheets = {name: _gptable(number, table) for number, (name, table) in enumerate(zip(sheet_names(tables), tables), 1)}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # gptables warns about notes no table refers to with '$$reference$$' (see _notes_table), and
        # pandas warns about gptables' own use of soon-deprecated pandas calls: neither is ours to act on.
        warnings.simplefilter("ignore")
        workbook = gpt.produce_workbook(
            filename=buffer,
            sheets=sheets,
            cover=_cover(cover),
            contentsheet_label="Contents",
            notes_table=_notes_table(),
            notesheet_label="Notes",
            notesheet_options={"title": "Notes: what the shorthand in the tables means"},
            # Text is data: a cell beginning '=' must never become a formula, nor text a link.
            workbook_options={"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        workbook.close()
    return buffer.getvalue()


def _gptable(number: int, sheet: SheetTable) -> gpt.GPTable:
    table = sheet.table.reset_index(drop=True).astype(object)
    table.columns = [_text(c) for c in table.columns]
    table = table.map(_cell)
    notes = [_text(n) for n in sheet.notes if n and n != sheet.illustrative]
    if table.empty:
        # A view with nothing to list (a borough with no hot spot) still gets its sheet, saying so.
        table = pd.DataFrame([[MISSING_MARK] * len(table.columns)], columns=table.columns, dtype=object)
        notes.insert(0, "There are no rows in this table for this view.")
    cells = set(table.astype(str).to_numpy().ravel())
    subtitles = []
    if sheet.is_sample:
        subtitles.append(f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.")
    if sheet.illustrative:
        subtitles.append(sheet.illustrative)
    if sheet.period:
        subtitles.append(f"Period: {sheet.period}")
    subtitles += notes
    legend = []
    if SUPPRESSED_MARK in cells:
        legend.append(f"{SUPPRESSED_MARK} = {SUPPRESSED_WORDS} (note 1 on the Notes sheet)")
    if MISSING_MARK in cells:
        legend.append(f"{MISSING_MARK} = {MISSING_PHRASE} (note 2 on the Notes sheet)")
    source = "; ".join(part for part in (sheet.source, f"Licence: {sheet.licence}" if sheet.licence else "") if part)
    return gpt.GPTable(
        table=table,
        table_name=f"table_{number}",
        title=_text(sheet.title),
        subtitles=subtitles,
        instructions="This worksheet contains one table. Shorthand in it is explained on the Notes sheet.",
        source=f"Source: {_text(source)}" if source else None,
        legend=legend,
        index_columns={},
    )


def _cell(value: object) -> object:
    """A figure, or a shorthand for why there is none: the guidance allows no blank cell in a table."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return MISSING_MARK
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars: XlsxWriter wants Python numbers
        value = value.item()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        text = _text(value)
        return MISSING_MARK if _ONLY_SYMBOLS.match(text) else text
    return value


def _text(value: object) -> str:
    """Text gptables writes literally: '$$' would start a note reference and '](' a link."""
    return str(value).replace("$$", "$").replace("](", "] (")


def _cover(cover: WorkbookCover) -> gpt.Cover:
    intro = []
    if cover.is_sample:
        intro.append(f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.")
    intro += [_text(label) for label in cover.illustrative]
    intro.append(_text(cover.shows))
    if cover.period:
        intro.append(f"Period: {_text(cover.period)}")
    if cover.data_up_to is not None:
        intro.append(f"Data up to and including {format_month(cover.data_up_to)}.")
    intro.append(
        "Each table is on its own sheet, listed on the Contents sheet. Shorthand used in the tables "
        f"({SUPPRESSED_MARK} for {SUPPRESSED_WORDS}, {MISSING_MARK} for {MISSING_PHRASE}) is explained on the "
        "Notes sheet."
    )
    about = [f"Source: {_text(s)}" for s in cover.sources]
    about.append(f"Licence: {_text('; '.join(cover.licences))}")
    view = _text(cover.view_url)
    about.append(
        f"The same figures on the dashboard: [{view}]({view})"
        if cover.view_url.startswith(("http://", "https://"))
        else f"The same figures on the dashboard: {view}"
    )
    return gpt.Cover(
        title=_text(cover.title),
        intro=intro,
        about=about,
        contact=[_text(cover.contact) if cover.contact else NO_CONTACT],
    )


def _each_once(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def ward_table(ranking: pd.DataFrame) -> pd.DataFrame:
    """The protected ward ranking (figures.vawg.protect_ward_ranking) as plain figures, as /boroughs' CSV holds it.

    A ward with either count hidden shows [c] for its change and verdict too; an unranked row
    (not a ward, or hidden) and a change with nothing to compare show [x].
    """

    def count(value: object) -> object:
        return SUPPRESSED_MARK if pd.isna(value) else int(value)

    hidden = (ranking["latest_suppressed"] | ranking["previous_suppressed"]).tolist()
    return pd.DataFrame(
        {
            "Rank": [MISSING_MARK if pd.isna(r) else int(r) for r in ranking["rank"]],
            "Ward": ranking["ward_name"].astype(str).tolist(),
            "Offences, latest 12 months": [count(v) for v in ranking["latest"]],
            "Offences, 12 months before": [count(v) for v in ranking["previous"]],
            "Change": [
                SUPPRESSED_MARK if h else (MISSING_MARK if pd.isna(v) else int(v))
                for v, h in zip(ranking["change"], hidden)
            ],
            "Change (%)": [
                SUPPRESSED_MARK if h else (MISSING_MARK if pd.isna(v) else round(float(v), 1))
                for v, h in zip(ranking["percent_change"], hidden)
            ],
            "Compared with normal variation": [
                SUPPRESSED_MARK if h else (v or MISSING_MARK) for v, h in zip(ranking["verdict"], hidden)
            ],
        },
        dtype=object,
    )
