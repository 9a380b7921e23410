"""The "Download this page as a spreadsheet" button every page draws after its replay, and the workbook behind it.

The workbook is made only when someone clicks (Streamlit's deferred download: `data` is a
callable), from the page's built Recording: one sheet per chart card, from the card's own CSV
(`workbooks.read_csv_export`), plus any other CSV the page offers (/about) or, on a page without
tables, its headline figures (/). A Recording is built once per view settings and store version,
so the workbook made from it is kept beside it (until the view cache lets the Recording go): a
page view costs one more button, never a workbook.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.components import url_state
from dashboard.components.card_files import printable
from dashboard.components.recording import Recording
from dashboard.theme import SAMPLE_STAMP
from dashboard.words.links import slugify
from dashboard.workbooks import XLSX_MIME, SheetTable, cover_for, read_csv_export, view_workbook

BUTTON_LABEL = "Download this page as a spreadsheet"
BUTTON_HELP = (
    "An Excel workbook of every table on this page as you see it now: a cover sheet with the sources, "
    "licence and a link back here, a contents sheet, notes explaining [c] and [x], then one table per sheet."
)
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")

_built: weakref.WeakKeyDictionary[Recording, dict[str, bytes]] = weakref.WeakKeyDictionary()
# Whether a built view has tables, and its title: read off the Recording once, not on every view.
_facts: weakref.WeakKeyDictionary[Recording, tuple[bool, str]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def spreadsheet_button(recording: Recording, page_path: str) -> None:
    """Draw the page's spreadsheet button (nothing when the page has no table to put in one)."""
    facts = _facts.get(recording)
    if facts is None:
        facts = _facts[recording] = (_has_tables(recording), _page_title(recording))
    has_tables, title = facts
    if not has_tables:
        return
    view_url = current_view_url(page_path)
    title = title or page_path
    query = "-".join(f"{k}-{v}" for k, v in sorted(st.query_params.to_dict().items()))
    stem = "_".join(part for part in (slugify(title), slugify(query)) if part) or "page"
    st.download_button(
        BUTTON_LABEL,
        data=lambda: page_workbook(recording, view_url),
        file_name=f"{stem[:120]}.xlsx",
        mime=XLSX_MIME,
        key="page-spreadsheet",
        on_click="ignore",
        icon=":material/table_view:",
        help=BUTTON_HELP,
    )


def current_view_url(page_path: str) -> str:
    """The link to this view as the address bar has it (url_state writes every setting back to the URL)."""
    query = st.query_params.to_dict()
    return url_state.absolute_url(page_path + (f"?{urlencode(query)}" if query else ""))


def page_workbook(recording: Recording, view_url: str) -> bytes:
    """The page view's workbook, made once per built view and link."""
    with _lock:
        made = _built.get(recording, {}).get(view_url)
    if made is not None:
        return made
    made = workbook_from(recording, view_url)
    with _lock:
        _built.setdefault(recording, {})[view_url] = made
    return made


def workbook_from(recording: Recording, view_url: str) -> bytes:
    """A built page view as a GSS workbook (also what `python -m dashboard export --format xlsx` writes)."""
    tables = view_tables(recording)
    if not tables:
        raise ValueError("this page view has no tables to put in a spreadsheet")
    specs = [item.spec for item in _items(recording) if hasattr(item, "spec")]
    up_to = [s.data_up_to for s in specs if getattr(s, "data_up_to", None)]
    cover = cover_for(
        title=_page_title(recording) or "Dashboard page",
        shows=_page_intro(recording),
        view_url=view_url,
        tables=tables,
        data_up_to=max(up_to) if up_to else None,
    )
    return view_workbook(cover, tables)


def view_tables(recording: Recording) -> list[SheetTable]:
    """Every table the page offers, in page order: each card's CSV, each other CSV download; else its metrics."""
    tables: list[SheetTable] = []
    metrics: list[tuple[str, str]] = []
    heading = ""  # a metric's label reads under its tile's heading ('VAWG offences' over 'March 2025 to ...')
    for entry in _entries(recording):
        item = getattr(entry, "item", None)
        if item is not None:
            download = _card_csv(item)
            if download is not None:
                payload, label = download
                table = read_csv_export(payload)
                tables.append(table if not label else _with_illustrative(table, label))
            continue
        name = getattr(entry, "name", None)
        if name == "download_button":
            table = _plain_csv_download(entry)
            if table is not None:
                tables.append(table)
        elif name in ("header", "subheader"):
            heading = _plain_text(entry.kwargs.get("body", entry.args[0] if entry.args else ""))
        elif name == "metric":
            label = _plain_text(entry.kwargs.get("label", entry.args[0] if entry.args else ""))
            value = entry.kwargs.get("value", entry.args[1] if len(entry.args) > 1 else "")
            metrics.append((f"{heading}: {label}" if heading else label, str(value)))
    if not tables and metrics:
        tables.append(_metrics_table(recording, metrics))
    return tables


def _card_csv(item: object) -> tuple[bytes, str] | None:
    """(the card's CSV download, its illustrative label) for a chart or map card; None for anything else."""
    take_away = printable(item)
    return None if take_away is None else (take_away.csv, take_away.illustrative_label or "")


def _has_tables(recording: Recording) -> bool:
    for entry in _entries(recording):
        item = getattr(entry, "item", None)
        if item is not None and (
            callable(getattr(item, "printable", None)) or isinstance(getattr(item, "export", None), bytes)
        ):
            return True
        if getattr(entry, "name", None) in ("download_button", "metric"):
            return True
    return False


def _entries(recording: Recording) -> Iterator[object]:
    """Every recorded entry, depth first in page order (blocks' children in their places)."""
    for entry in recording.entries:
        yield entry
        for child in getattr(entry, "children", None) or ():
            yield from _entries(child)


def _items(recording: Recording) -> Iterator[object]:
    for entry in _entries(recording):
        item = getattr(entry, "item", None)
        if item is not None:
            yield item


def _with_illustrative(table: SheetTable, label: str) -> SheetTable:
    return replace(table, illustrative=label, notes=tuple(n for n in table.notes if n != label))


def _plain_csv_download(entry) -> SheetTable | None:
    """A page's own CSV download that is not a card's (/about's action plan and source files)."""
    label = str(entry.kwargs.get("label", entry.args[0] if entry.args else ""))
    payload = entry.kwargs.get("data", entry.args[1] if len(entry.args) > 1 else None)
    if not isinstance(payload, bytes) or entry.kwargs.get("mime") != "text/csv":
        return None
    table = read_csv_export(payload)
    title = re.sub(r"^Download (the )?|\s*\(CSV\)$", "", label)
    return replace(table, title=title[:1].upper() + title[1:], short_name=title)


def _metrics_table(recording: Recording, metrics: list[tuple[str, str]]) -> SheetTable:
    title = _page_title(recording) or "Headline figures"
    # The page stamps its tiles when they come from the sample; the sheet holding them says so too.
    stamped = any(
        getattr(e, "name", None) == "markdown" and SAMPLE_STAMP in _plain_text(e.args[0] if e.args else "")
        for e in _entries(recording)
    )
    return SheetTable(
        title=f"Headline figures: {title}",
        table=pd.DataFrame(
            {"Figure": [m[0] for m in metrics], "Value": [_metric_value(m[1]) for m in metrics]}, dtype=object
        ),
        source="each figure's page on this dashboard names its source, and the About page lists every source file",
        short_name="Headline figures",
        is_sample=stamped,
        notes=(f"As shown on the page on {dt.date.today():%d %B %Y}; each figure's page has its full table.",),
    )


def _metric_value(shown: str) -> object:
    """'130,799' -> 130799 (a number a spreadsheet can add up); anything else as shown ('None yet', '−3.2%')."""
    plain = shown.replace(",", "")
    return int(plain) if plain.isdigit() else shown


def _page_title(recording: Recording) -> str:
    for entry in _entries(recording):
        if getattr(entry, "name", None) == "title":
            return _plain_text(entry.kwargs.get("body", entry.args[0] if entry.args else ""))
    return ""


def _page_intro(recording: Recording) -> str:
    """The first paragraph after the page's title: what the page shows."""
    seen_title = False
    for entry in _entries(recording):
        name = getattr(entry, "name", None)
        if name == "title":
            seen_title = True
        elif seen_title and name == "markdown":
            return _plain_text(entry.kwargs.get("body", entry.args[0] if entry.args else ""))
    return ""


def _plain_text(markdown: object) -> str:
    text = _MARKDOWN_LINK.sub(r"\1", str(markdown))
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    return " ".join(text.replace("**", "").split())
