"""The Download tab of a chart or map card: CSV, PNG, SVG and the press pack, each made only when clicked.

The images and the pack are deferred downloads (`st.download_button(data=callable)`): Streamlit runs
the callable in a worker thread when the visitor clicks, so drawing a view costs four buttons, never
a render. Each button's label names the card, so every accessible name on a page is unique.
"""

from __future__ import annotations

import contextvars
import functools
from dataclasses import dataclass

import streamlit as st

from dashboard.components.card_files import FORMATS, card_file, file_name
from dashboard.press import Printable
from dashboard.words.markdown import escape_markdown

DOWNLOADS_EXPLAINED = (
    "**CSV**: the figures in the table; its first lines, starting with #, give the title, source, licence, "
    "period and a link back to this view. **PNG** and **SVG**: the chart ready to print or publish, with its "
    "title, source, licence and date drawn in. **Press pack**: a zip of all three with a ready citation, the "
    "summary, the alt text and a list of every source file with its checksum. Images take a few seconds."
)
LABELS = {
    "csv": "Download CSV",
    "png": "Download PNG image",
    "svg": "Download SVG image",
    "pack": "Download press pack",
}
ICONS = {
    "csv": ":material/download:",
    "png": ":material/image:",
    "svg": ":material/draw:",
    "pack": ":material/folder_zip:",
}


def download_buttons(item: Printable, *, explained: str = DOWNLOADS_EXPLAINED) -> None:
    """Draw the four buttons. Widget keys: '<key>-download' (the CSV, as before) and '<key>-download-<format>'."""
    st.markdown(explained)
    title = escape_markdown(item.title)
    # Streamlit runs a deferred download in a worker thread, outside this run's context: carry the
    # context along, so the files read the store this view read (a release pinned by `?release=`).
    context = contextvars.copy_context()
    for fmt, (mime, _) in FORMATS.items():
        st.download_button(
            f"{LABELS[fmt]}: {title}",
            data=item.csv if fmt == "csv" else functools.partial(_in_context, context, item, fmt),
            file_name=file_name(item, fmt),
            mime=mime,
            key=f"{item.key}-download" if fmt == "csv" else f"{item.key}-download-{fmt}",
            on_click="ignore",
            icon=ICONS[fmt],
        )


def _in_context(context: contextvars.Context, item: Printable, fmt: str) -> bytes:
    # A copy each time: one context cannot be entered by two downloads running at once.
    return context.copy().run(card_file, item, fmt)


MAP_DOWNLOADS_EXPLAINED = (
    "**PNG** and **SVG**: the map drawn for print, with the same hexagons, borough boundaries and a key, and "
    "its title, source, licence and date drawn in. **CSV**: every hexagon on the map with its figures. "
    "**Press pack**: a zip of all three with a ready citation, the summary, the alt text and every source file "
    "with its checksum. Images take a few seconds."
)


@dataclass(frozen=True)
class MapDownloads:
    """The downloads of a map drawn outside a chart card (the hotspot map), in a closed expander.

    The expander reruns when opened and draws its buttons only then, so a page view pays for one
    element, not five.
    """

    item: Printable
    label: str

    def printable(self) -> Printable:
        return self.item

    def render(self) -> None:
        box = st.expander(self.label, key=f"{self.item.key}-downloads", on_change="rerun", icon=":material/download:")
        if box.open:
            with box:
                download_buttons(self.item, explained=MAP_DOWNLOADS_EXPLAINED)
