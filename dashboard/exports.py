"""The table a chart draws, for the Table tab and the CSV download, with its source in the file.

The CSV starts with `# `-prefixed lines (title, sample warning, source, licence, period, link to the
view, notes), then the table. Read it with `pandas.read_csv(path, comment="#")`.

Encoding: UTF-8 with a byte-order mark. Excel, still how most people open a CSV, reads a file
without a BOM in the computer's legacy code page and garbles "—", "−" and accented place names;
with the BOM it reads UTF-8. pandas, R (readr) and LibreOffice all skip the BOM. Lines end in CRLF
as RFC 4180 says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from dashboard.charts.spec import ChartSpec, ordered_series, shown_values, value_labels, value_status
from dashboard.disclosure import SMALL_CELL_THRESHOLD
from dashboard.theme import (
    MISSING_MARK,
    MISSING_PHRASE,
    SAMPLE_STAMP,
    SUPPRESSED_MARK,
    SUPPRESSED_PHRASE,
    format_month,
    format_period,
)
from dashboard.words.catalog import SAMPLE_LABEL, Dataset
from dashboard.words.links import slugify

BOM = "\ufeff"
MAX_SLUG = 80
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_monthly(frame: pd.DataFrame, column: str) -> bool:
    """True when the column holds dates (so rows are months), whatever their dtype."""
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    first = values.dropna().head(1).tolist()
    return bool(first) and isinstance(first[0], (date, datetime))


def table_for(frame: pd.DataFrame, spec: ChartSpec, *, formatted: bool = True) -> pd.DataFrame:
    """Exactly the figures the chart draws, under human headers, in the chart's order.

    formatted=True (the Table tab): months as 'March 2025', values as '12,345'.
    formatted=False (the CSV): months as '2025-03', values as plain numbers.
    Withheld values are '[c]' (suppressed) or '[x]' (not available) either way, never the number.
    A monthly chart with several series becomes one row per month and one column per series.
    """
    data = frame.reset_index(drop=True)
    status = value_status(data, spec)
    if formatted:
        values = value_labels(data, spec)
    else:
        raw = shown_values(data, spec)
        values = pd.Series(
            [_plain_number(v, spec) if s == "value" else _mark(s) for v, s in zip(raw, status)],
            index=data.index,
            dtype=object,
        )
    monthly = is_monthly(data, spec.x)
    if monthly:
        months = pd.to_datetime(data[spec.x])
        x_text = months.map(format_month) if formatted else months.dt.strftime("%Y-%m")
    else:
        x_text = data[spec.x].astype(str)
    x_header = spec.x_title or ("Month" if monthly else spec.x_header())
    if not spec.series:
        table = pd.DataFrame({x_header: x_text, spec.y_title or spec.y: values})
        return table.iloc[months.argsort(kind="stable")].reset_index(drop=True) if monthly else table
    names = ordered_series(data, spec)
    if monthly:
        long = pd.DataFrame(
            {"_month": months, "_series": data[spec.series].astype(str), "_value": values, "_x": x_text}
        )
        wide = long.pivot(index="_month", columns="_series", values="_value")
        labels = long.drop_duplicates("_month").set_index("_month")["_x"]
        table = pd.DataFrame({x_header: labels.loc[wide.index].to_numpy()})
        for name in names:
            column = wide[name].to_numpy(dtype=object)
            table[name] = [MISSING_MARK if v is None or (isinstance(v, float) and v != v) else v for v in column]
        return table
    table = pd.DataFrame(
        {x_header: x_text, spec.series_header(): data[spec.series].astype(str), spec.y_title or spec.y: values}
    )
    order = {name: i for i, name in enumerate(names)}
    return table.sort_values(spec.series_header(), key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def marks_notes(table: pd.DataFrame) -> list[str]:
    """Notes explaining '[c]' and '[x]' when the table uses them."""
    cells = set(table.astype(str).to_numpy().ravel())
    notes = []
    if SUPPRESSED_MARK in cells:
        notes.append(
            f"{SUPPRESSED_MARK} = {SUPPRESSED_PHRASE}. Counts from 1 to {SMALL_CELL_THRESHOLD - 1} are "
            "not shown, and neither are some other figures that could be used to work them out."
        )
    if MISSING_MARK in cells:
        notes.append(f"{MISSING_MARK} = {MISSING_PHRASE}.")
    return notes


def csv_export(
    frame: pd.DataFrame,
    *,
    title: str,
    source: str,
    licence: str,
    period: str,
    view_url: str,
    is_sample: bool,
    notes: Sequence[str] = (),
) -> bytes:
    """A CSV of `frame` (the table as drawn) led by `# ` metadata lines; UTF-8 with BOM, CRLF."""
    lines = [f"Title: {title}"]
    if is_sample:
        lines.append(f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.")
    lines += [f"Source: {source}", f"Licence: {licence}", f"Period: {period}", f"View: {view_url}"]
    lines += [f"Note: {note}" for note in list(notes) + [n for n in marks_notes(frame) if n not in notes]]
    buffer = io.StringIO(newline="")
    for line in lines:
        buffer.write(f"# {_one_line(line)}\r\n")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe_cell(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([_safe_cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def export_filename(title: str, period: str) -> str:
    """'vawg-offences-in-camden_march-2025-to-february-2026.csv': ASCII, lower case, no spaces."""
    stem = "_".join(part for part in (slugify(title, MAX_SLUG), slugify(period, MAX_SLUG)) if part) or "data"
    return f"{stem}.csv"


def source_text(datasets: Sequence[Dataset]) -> str:
    """The Source line of a download: 'title, publisher, url' for each dataset."""
    return "; ".join(f"{d.title}, {d.publisher}, {d.url}" for d in datasets)


def licence_text(datasets: Sequence[Dataset]) -> str:
    """The Licence line of a download: each licence once."""
    return "; ".join(sorted({d.licence for d in datasets}))


def table_export(
    table: pd.DataFrame,
    *,
    title: str,
    datasets: Sequence[Dataset],
    period: str,
    view_url: str,
    is_sample: bool,
    notes: Sequence[str] = (),
    name_part: str | None = None,
) -> tuple[bytes, str]:
    """The CSV bytes and file name for a table with no chart (a map's sites), its source from its datasets.

    name_part: what the file name says after the title, when not the period.
    """
    if not datasets:
        raise ValueError("an export needs at least one source dataset")
    data = csv_export(
        table,
        title=title,
        source=source_text(datasets),
        licence=licence_text(datasets),
        period=period,
        view_url=view_url,
        is_sample=is_sample,
        notes=notes,
    )
    return data, export_filename(title, period if name_part is None else name_part)


def chart_export(
    spec: ChartSpec,
    frame: pd.DataFrame | None,
    *,
    datasets: Sequence[Dataset],
    view_url: str,
    period: str | None = None,
    notes: Sequence[str] = (),
    table: pd.DataFrame | None = None,
    name_part: str | None = None,
) -> tuple[bytes, str]:
    """The CSV bytes and file name for a chart, filled in from its spec and source datasets.

    The CSV holds the chart's own table (table_for(frame, spec, formatted=False)) unless `table` gives
    another, with plain numbers (a ranked list with more columns than the chart draws). `frame` may
    be None only when both `table` and `period` are given. The spec's illustrative label is a note
    once, wherever the caller put it. name_part: what the file name says after the title, when not
    the period.
    """
    if frame is None and (table is None or period is None):
        raise ValueError("an export without the chart's frame needs its table and its period")
    if table is None:
        table = table_for(frame, spec, formatted=False)
    if period is None:
        period = _period_of(frame, spec)
    extra = (spec.illustrative_label,) if spec.illustrative_label else ()
    return table_export(
        table,
        title=spec.title,
        datasets=datasets,
        period=period,
        view_url=view_url,
        is_sample=spec.is_sample,
        notes=tuple(dict.fromkeys([*notes, *extra])),
        name_part=name_part,
    )


def _period_of(frame: pd.DataFrame, spec: ChartSpec) -> str:
    if is_monthly(frame, spec.x):
        months = pd.to_datetime(frame[spec.x])
        return format_period(months.min(), months.max())
    if spec.data_up_to:
        return f"Up to and including {format_month(spec.data_up_to)}"
    return ""


def _plain_number(value: float, spec: ChartSpec) -> int | float:
    if spec.value_format == "count" and float(value).is_integer():
        return int(value)
    return float(value)


def _mark(status: str) -> str:
    return SUPPRESSED_MARK if status == "suppressed" else MISSING_MARK


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _safe_cell(value: object) -> object:
    """Stop spreadsheet formula injection: text starting with =, +, -, @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        try:
            float(value)
            return value  # a plain negative number is data, not a formula
        except ValueError:
            return "'" + value
    return value
