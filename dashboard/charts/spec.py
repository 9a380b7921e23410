"""What a chart shows (`ChartSpec`) and the checks that a frame holds exactly the rows it draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

import pandas as pd

from dashboard.theme import MISSING_MARK, SAMPLE_STAMP, SUPPRESSED_MARK, VALUE_FORMATS, format_value

ValueFormat = Literal["count", "rate", "percent", "percent_change"]


class Sourced(Protocol):
    """What a source line needs of a dataset (`dashboard.words.catalog.Dataset`, which charts sit below)."""

    title: str
    publisher: str
    licence: str


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart builder needs besides the rows: words, columns and markers.

    Columns are named by their role in the data, not by plotly axis: `x` is what the chart runs
    along (the month for a line chart, the category for a bar chart), `y` is the value.
    """

    title: str  # what and where: "VAWG offences in Camden and London, by month"
    x: str  # month column (line) or category column (bar, change)
    y: str  # value column
    y_title: str  # the value's name with its unit: "Offences per month"
    source_line: str  # drawn inside the figure, so a screenshot carries it
    subtitle: str = ""
    series: str | None = None  # column that splits rows into series (e.g. area name)
    label: str | None = None  # optional column of ready-made text for each value
    x_title: str = ""  # header for x in tables; defaults to a tidy column name
    series_title: str = ""  # header for series in tables
    measure: str = ""  # noun phrase for sentences: "VAWG offences"; defaults to y_title
    area: str | None = None  # where, for sentences about a single series: "Camden"
    value_format: ValueFormat = "count"
    data_up_to: date | None = None  # last month covered: "Data up to and including February 2026"
    is_sample: bool = False  # stamps "SAMPLE DATA — not real figures" in the figure
    illustrative_label: str | None = None  # stamp text used instead, e.g. catalog.ILLUSTRATIVE_LABEL
    breaks: Sequence[tuple[date, str]] = ()  # vertical markers: (month, "CRIS to CONNECT")
    y_from_zero: bool = True
    suppressed: str = "is_suppressed"  # boolean column marking withheld values, if the frame has it
    highlight: str | None = None  # bar charts: the category to pick out
    series_order: Sequence[str] = ()  # series in this order (first = primary colour); else first seen
    height: int | None = None  # pixels; builders choose one from the number of rows if None

    def __post_init__(self) -> None:
        if self.value_format not in VALUE_FORMATS:
            raise ValueError(f"value_format must be one of {sorted(VALUE_FORMATS)}, not {self.value_format!r}")
        object.__setattr__(self, "breaks", tuple((_as_date(d), str(text)) for d, text in self.breaks))
        object.__setattr__(self, "series_order", tuple(self.series_order))
        if self.data_up_to is not None:
            object.__setattr__(self, "data_up_to", _as_date(self.data_up_to))

    @property
    def stamp(self) -> str | None:
        """The banner stamped on the figure, or None for real, official figures.

        The illustrative label wins the banner when both apply; the footer then still says
        SAMPLE DATA, as do the card, the alt text and the CSV.
        """
        if self.illustrative_label:
            return self.illustrative_label
        return SAMPLE_STAMP if self.is_sample else None

    @property
    def measure_phrase(self) -> str:
        return self.measure or self.y_title

    def x_header(self) -> str:
        return self.x_title or _tidy(self.x)

    def series_header(self) -> str:
        return self.series_title or _tidy(self.series or "")


def _as_date(value: date | datetime | str | pd.Timestamp) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):  # includes pd.Timestamp
        return value.date()
    return value


def _tidy(column: str) -> str:
    """'borough_name' -> 'Borough name': a fallback header when a spec gives none."""
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def source_line_from(datasets: Sequence[Sourced]) -> str:
    """The source line for a figure: 'Source: <title>, <publisher>; .... <licence>.'"""
    if not datasets:
        raise ValueError("a chart needs at least one source dataset")
    parts = [f"{d.title}, {d.publisher}" for d in datasets]
    licences = sorted({d.licence for d in datasets})
    return f"Source: {'; '.join(parts)}. {'; '.join(licences)}."


def value_status(frame: pd.DataFrame, spec: ChartSpec) -> pd.Series:
    """Per row: 'value', 'suppressed' (flagged in spec.suppressed) or 'missing' (no value)."""
    status = pd.Series("value", index=frame.index, dtype=object)
    status[frame[spec.y].isna()] = "missing"
    if spec.suppressed in frame.columns:
        status[frame[spec.suppressed].fillna(False).astype(bool)] = "suppressed"
    return status


def shown_values(frame: pd.DataFrame, spec: ChartSpec) -> pd.Series:
    """The values a chart may draw: floats, with suppressed and missing rows as NaN.

    A suppressed value never reaches the figure even if the frame still holds it, so neither the
    hover text nor the figure's JSON can reveal it.
    """
    values = pd.to_numeric(frame[spec.y], errors="coerce").astype(float)
    return values.where(value_status(frame, spec) == "value")


def value_labels(frame: pd.DataFrame, spec: ChartSpec) -> pd.Series:
    """Text for each value: the spec's label column, else the formatted value; '[c]' / '[x]' when withheld."""
    status = value_status(frame, spec)
    values = shown_values(frame, spec)
    labels = []
    for i, row_status in status.items():
        if row_status == "suppressed":
            labels.append(SUPPRESSED_MARK)
        elif row_status == "missing":
            labels.append(MISSING_MARK)
        elif spec.label:
            labels.append(str(frame.at[i, spec.label]))
        else:
            labels.append(format_value(values[i], spec.value_format))
    return pd.Series(labels, index=frame.index, dtype=object)


def check_frame(frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Refuse a frame that a chart would draw only part of: missing columns or repeated points.

    Every row must be one point (one x per series). A frame with two rows for the same point
    holds rows the chart cannot draw, and a chart toolbar or its JSON could expose them.
    """
    needed = [spec.x, spec.y] + [c for c in (spec.series, spec.label) if c]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks column(s) {missing} named in the spec for {spec.title!r}")
    if frame.empty:
        raise ValueError(f"no rows to draw for {spec.title!r}")
    keys = [spec.x] + ([spec.series] if spec.series else [])
    repeated = frame.duplicated(subset=keys, keep=False)
    if repeated.any():
        example = frame.loc[repeated, keys].iloc[0].to_dict()
        raise ValueError(
            f"frame has more than one row per point for {spec.title!r}, e.g. {example}; "
            "pass only the rows the chart draws"
        )


def ordered_series(frame: pd.DataFrame, spec: ChartSpec) -> list[str]:
    """Series names in drawing order: spec.series_order first, then the rest as first seen."""
    if not spec.series:
        return []
    seen = list(dict.fromkeys(frame[spec.series].astype(str)))
    unknown = [s for s in spec.series_order if s not in seen]
    if unknown:
        raise ValueError(f"series_order names {unknown}, which are not in the frame")
    return list(spec.series_order) + [s for s in seen if s not in spec.series_order]
