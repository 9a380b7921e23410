"""The chart card every chart uses: heading, date stamp, summary, then Chart | Table | Download | About.

Accessibility choices, for WCAG 2.2 AA:
- The heading is a real h2 (st.header) or h3 (st.subheader), so screen-reader users can jump
  between cards, with an anchor so a card can be linked to.
- The plain-English summary is visible text above the tabs: everyone gets the message, not only
  people using a screen reader.
- The chart gets its alt text through st.plotly_chart(alt=...), which Streamlit applies as the
  chart's accessible name; that keeps the description tied to the chart itself rather than in a
  hidden paragraph that sighted keyboard users never see and that screen readers announce out of
  context. The full text alternative is the Table tab.
- Tables of up to TABLE_HTML_ROWS rows are drawn with st.table, a real HTML <table> with header
  cells, which screen readers read cell by cell with its headers and which wraps on a phone.
  Longer tables use st.dataframe (a canvas grid with keyboard navigation) to keep pages short.
- Nothing here sets a width in pixels, so the card reflows at 375 px.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pyarrow as pa
import streamlit as st
from plotly.basedatatypes import BaseFigure

from dashboard.charts import ChartSpec, bar_chart, change_chart, figure_config, line_chart
from dashboard.components.card_downloads import download_buttons
from dashboard.components.card_files import printable
from dashboard.exports import chart_export, marks_notes, table_for
from dashboard.theme import SAMPLE_STAMP, format_month
from dashboard.words.catalog import CAVEATS, SAMPLE_LABEL, Dataset, Measure
from dashboard.words.summaries import ChartKind, alt_text, summary_for

TABS = ("Chart", "Table", "Download", "About")
TABLE_HTML_ROWS = 60
BUILDERS = {"line": line_chart, "bar": bar_chart, "change": change_chart}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#|~$])")


class PrebuiltFigure(BaseFigure):
    """A plotly figure already turned into its dict, so a view does not rebuild it.

    st.plotly_chart calls `to_dict()` on a figure (re-walking every trace, re-encoding every array)
    and re-validates a plain dict through `go.Figure(**dict)`; both cost more than the rest of a
    card. A `BaseFigure` whose `to_dict()` returns the dict made once at build time skips both,
    and Streamlit still serialises exactly the same JSON. The dict is the figure's JSON read back
    (plain strings, numbers and lists, no numpy arrays or dates), so plotly's orjson engine writes
    it in one pass on every view instead of cleaning every value first.
    """

    def __init__(self, figure: go.Figure) -> None:  # no BaseFigure.__init__: nothing here is a plotly object
        self._prebuilt = json.loads(plotly.io.to_json(figure, validate=False))

    def to_dict(self) -> dict:
        return self._prebuilt


@dataclass(frozen=True)
class Card:
    """Everything one chart card shows, built once per view settings and store; `render()` only lays it out."""

    key: str
    spec: ChartSpec
    figure: PrebuiltFigure
    config: Mapping
    alt: str
    table: pd.DataFrame
    table_arrow: pa.Table | pd.DataFrame  # the table as Streamlit sends it, converted once
    table_notes: str  # markdown explaining [c] and [x] when the table uses them
    summary: str
    export: bytes
    export_name: str
    lead: str  # markdown above the tabs: sample stamp, illustrative label, date stamp, summary
    about: str  # markdown of the About tab
    heading_level: Literal[2, 3]
    datasets: tuple[Dataset, ...] = ()  # the sources, for the press pack's citation and metadata

    def render(self) -> None:
        """Render the card. Widget keys derive from `key` ('<key>-tabs', '-chart', '-table', '-download')."""
        spec = self.spec
        with st.container(key=self.key):
            heading = st.header if self.heading_level == 2 else st.subheader
            heading(spec.title, anchor=self.key)
            st.markdown(self.lead)

            # Lazy tabs: only the open tab's body is sent (a view of a long page costs its elements,
            # and three of a card's four bodies are rarely opened); opening a tab reruns from the cache.
            chart_tab, table_tab, download_tab, about_tab = st.tabs(
                list(TABS), key=f"{self.key}-tabs", on_change="rerun"
            )
            if chart_tab.open:
                with chart_tab:
                    st.plotly_chart(
                        self.figure,
                        key=f"{self.key}-chart",
                        theme=None,
                        width="stretch",
                        alt=self.alt,
                        config=self.config,
                    )
            if table_tab.open:
                with table_tab:
                    name = f"Table: {spec.title}"
                    if len(self.table) <= TABLE_HTML_ROWS:
                        st.table(self.table_arrow, hide_index=True, alt=name)
                    else:
                        st.dataframe(self.table, hide_index=True, alt=name, key=f"{self.key}-table")
                    if self.table_notes:
                        st.markdown(self.table_notes)
            if download_tab.open:
                with download_tab:
                    # CSV, PNG, SVG and press pack; the images are made only when clicked (card_downloads).
                    download_buttons(printable(self))
            if about_tab.open:
                with about_tab:
                    st.markdown(self.about, anchors=False)


def build_card(
    *,
    key: str,
    spec: ChartSpec,
    figure: go.Figure,
    table: pd.DataFrame,
    summary: str,
    alt: str,
    export: bytes,
    export_name: str,
    measure: Measure | None = None,
    datasets: Sequence[Dataset] = (),
    caveats: Sequence[str] = (),
    about: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
    heading_level: Literal[2, 3] = 2,
) -> Card:
    """Prepare one chart card. Every argument is made outside; this freezes what the card shows.

    key: unique on the page; widget keys are derived from it ('<key>-tabs', '-chart', '-download').
    table: the figures the chart draws, formatted for reading (exports.table_for(frame, spec)).
    measure/datasets/caveats/about: the About tab (definition, caveats by catalog key, sources,
    and any extra headed sections as {heading: text}). notes: short page-specific notes.
    """
    if heading_level not in (2, 3):
        raise ValueError("heading_level must be 2 or 3")
    return Card(
        key=key,
        spec=spec,
        figure=PrebuiltFigure(figure),
        config=figure_config(export_name),
        alt=alt,
        table=table,
        table_arrow=_as_arrow(table),
        table_notes="\n\n".join(_escape(note) for note in marks_notes(table)),
        summary=summary,
        lead=_lead(spec, summary),
        export=export,
        export_name=export_name,
        about=_about_markdown(
            measure=measure, datasets=datasets, caveats=caveats, about=about or {}, notes=notes, level=heading_level + 1
        ),
        heading_level=heading_level,
        datasets=tuple(datasets),
    )


def chart_card(**kwargs) -> None:
    """Build and render one chart card now (pages that cache their views use `build_card` instead)."""
    build_card(**kwargs).render()


def card_for(
    frame: pd.DataFrame,
    *,
    key: str,
    spec: ChartSpec,
    kind: ChartKind,
    datasets: Sequence[Dataset],
    view_url: str,
    measure: Measure | None = None,
    caveats: Sequence[str] = (),
    about: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
    period: str | None = None,
    export_table: pd.DataFrame | None = None,
    heading_level: Literal[2, 3] = 2,
) -> Card:
    """Build figure, summary, alt text, table and CSV from one frame into a card.

    `frame` must hold only the rows the chart draws. kind: 'line', 'bar' or 'change'.
    export_table: the CSV's table when it is not the chart's own (exports.chart_export's `table`).
    """
    if kind not in BUILDERS:
        raise ValueError(f"kind must be one of {sorted(BUILDERS)}, not {kind!r}")
    figure = BUILDERS[kind](frame, spec)
    summary = summary_for(spec, frame, kind)
    export, export_name = chart_export(
        spec, frame, datasets=datasets, view_url=view_url, period=period, notes=notes, table=export_table
    )
    return build_card(
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
        heading_level=heading_level,
    )


def chart_card_for(frame: pd.DataFrame, **kwargs) -> None:
    """Build a card from one frame (`card_for`) and render it now."""
    card_for(frame, **kwargs).render()


def _as_arrow(table: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The table in Arrow form, so st.table does not convert it on every view (the frame if Arrow refuses it)."""
    try:
        return pa.Table.from_pandas(table, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return table


def _lead(spec: ChartSpec, summary: str) -> str:
    """The lines above the tabs, as one markdown element (one message to the browser, not four)."""
    lines = []
    if spec.is_sample:
        lines.append(f"**{_escape(SAMPLE_STAMP)}.** {_escape(SAMPLE_LABEL)}.")
    if spec.illustrative_label:
        lines.append(f"**{_escape(spec.illustrative_label)}**")
    if spec.data_up_to:
        lines.append(f"Data up to and including {format_month(spec.data_up_to)}")
    lines.append(_escape(summary))
    return "\n\n".join(lines)


def _about_markdown(
    *,
    measure: Measure | None,
    datasets: Sequence[Dataset],
    caveats: Sequence[str],
    about: Mapping[str, str],
    notes: Sequence[str],
    level: int,
) -> str:
    """The About tab as one markdown element, headed sections in order."""
    hashes = "#" * level
    blocks: list[str] = []
    if measure is not None:
        blocks += [
            f"{hashes} What this measures",
            f"**{_escape(measure.title)}** ({_escape(measure.unit)}). {_escape(measure.definition)}",
        ]
    keys = list(dict.fromkeys(list(measure.caveats if measure else ()) + list(caveats)))
    unknown = [k for k in keys if k not in CAVEATS]
    if unknown:
        raise KeyError(f"caveat key(s) {unknown} are not in catalog.CAVEATS")
    if keys:
        blocks += [f"{hashes} Things to know", "\n".join(f"- {_escape(CAVEATS[k])}" for k in keys)]
    for heading, text in about.items():
        blocks += [f"{hashes} {_escape(heading)}", _escape(text)]
    if notes:
        blocks += [f"{hashes} Notes", "\n".join(f"- {_escape(n)}" for n in notes)]
    if datasets:
        blocks += [
            f"{hashes} Source",
            "\n".join(
                f"- [{_escape(d.title)}]({d.url}), {_escape(d.publisher)}. Licence: {_escape(d.licence)}."
                for d in datasets
            ),
        ]
    return "\n\n".join(blocks)


def _escape(text: str) -> str:
    """Show text literally: Streamlit markdown would read [c] brackets, $ (maths) or * as markup."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
