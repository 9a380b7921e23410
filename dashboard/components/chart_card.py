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

import re
from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.catalog import CAVEATS, SAMPLE_LABEL, Dataset, Measure
from dashboard.charts import ChartSpec, bar_chart, change_chart, figure_config, line_chart
from dashboard.exports import chart_export, marks_notes, table_for
from dashboard.summaries import ChartKind, alt_text, summary_for
from dashboard.theme import SAMPLE_STAMP, format_month

TABS = ("Chart", "Table", "Download", "About")
TABLE_HTML_ROWS = 60
BUILDERS = {"line": line_chart, "bar": bar_chart, "change": change_chart}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def chart_card(
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
) -> None:
    """Render one chart card. Every argument is prepared outside; this only lays it out.

    key: unique on the page; widget keys are derived from it ('<key>-tabs', '-chart', '-download').
    table: the figures the chart draws, formatted for reading (exports.table_for(frame, spec)).
    measure/datasets/caveats/about: the About tab (definition, caveats by catalog key, sources,
    and any extra headed sections as {heading: text}). notes: short page-specific notes.
    """
    if heading_level not in (2, 3):
        raise ValueError("heading_level must be 2 or 3")
    with st.container(key=key):
        heading = st.header if heading_level == 2 else st.subheader
        heading(spec.title, anchor=key)
        if spec.is_sample:
            st.markdown(f"**{_escape(SAMPLE_STAMP)}.** {_escape(SAMPLE_LABEL)}.")
        if spec.illustrative_label:
            st.markdown(f"**{_escape(spec.illustrative_label)}**")
        if spec.data_up_to:
            st.markdown(f"Data up to and including {format_month(spec.data_up_to)}")
        st.markdown(_escape(summary))

        chart_tab, table_tab, download_tab, about_tab = st.tabs(list(TABS), key=f"{key}-tabs")
        with chart_tab:
            st.plotly_chart(
                figure, key=f"{key}-chart", theme=None, width="stretch", alt=alt, config=figure_config(export_name)
            )
        with table_tab:
            _table(table, spec, key=f"{key}-table")
        with download_tab:
            st.markdown(
                "A CSV file of the figures in the table. Its first lines, starting with #, give the "
                "title, source, licence, period and a link back to this view."
            )
            # The title makes each button's accessible name unique on a page with several cards.
            st.download_button(
                f"Download CSV: {_escape(spec.title)}",
                data=export,
                file_name=export_name,
                mime="text/csv",
                key=f"{key}-download",
                on_click="ignore",
                icon=":material/download:",
            )
        with about_tab:
            _about(
                measure=measure,
                datasets=datasets,
                caveats=caveats,
                about=about or {},
                notes=notes,
                level=heading_level + 1,
            )


def chart_card_for(
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
    heading_level: Literal[2, 3] = 2,
) -> None:
    """Build figure, summary, alt text, table and CSV from one frame, then render the card.

    `frame` must hold only the rows the chart draws. kind: 'line', 'bar' or 'change'.
    """
    if kind not in BUILDERS:
        raise ValueError(f"kind must be one of {sorted(BUILDERS)}, not {kind!r}")
    figure = BUILDERS[kind](frame, spec)
    summary = summary_for(spec, frame, kind)
    export, export_name = chart_export(spec, frame, datasets=datasets, view_url=view_url, period=period, notes=notes)
    chart_card(
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


def _table(table: pd.DataFrame, spec: ChartSpec, *, key: str) -> None:
    name = f"Table: {spec.title}"
    if len(table) <= TABLE_HTML_ROWS:
        st.table(table, hide_index=True, alt=name)
    else:
        st.dataframe(table, hide_index=True, alt=name, key=key)
    for note in marks_notes(table):
        st.markdown(_escape(note))


def _about(
    *,
    measure: Measure | None,
    datasets: Sequence[Dataset],
    caveats: Sequence[str],
    about: Mapping[str, str],
    notes: Sequence[str],
    level: int,
) -> None:
    hashes = "#" * level
    if measure is not None:
        st.markdown(f"{hashes} What this measures", anchors=False)
        st.markdown(f"**{_escape(measure.title)}** ({_escape(measure.unit)}). {_escape(measure.definition)}")
    keys = list(dict.fromkeys(list(measure.caveats if measure else ()) + list(caveats)))
    unknown = [k for k in keys if k not in CAVEATS]
    if unknown:
        raise KeyError(f"caveat key(s) {unknown} are not in catalog.CAVEATS")
    if keys:
        st.markdown(f"{hashes} Things to know", anchors=False)
        st.markdown("\n".join(f"- {_escape(CAVEATS[k])}" for k in keys))
    for heading, text in about.items():
        st.markdown(f"{hashes} {_escape(heading)}", anchors=False)
        st.markdown(_escape(text))
    if notes:
        st.markdown(f"{hashes} Notes", anchors=False)
        st.markdown("\n".join(f"- {_escape(n)}" for n in notes))
    if datasets:
        st.markdown(f"{hashes} Source", anchors=False)
        st.markdown(
            "\n".join(
                f"- [{_escape(d.title)}]({d.url}), {_escape(d.publisher)}. Licence: {_escape(d.licence)}."
                for d in datasets
            )
        )


def _escape(text: str) -> str:
    """Show text literally: Streamlit markdown would read [c] brackets, $ (maths) or * as markup."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
