"""Plain-English summaries and alt text, written from the same rows the chart draws.

Sentences use month names and formatted numbers, say "rose", "fell" or "stayed about the same",
and say a figure was "suppressed to protect confidentiality" without ever using its value. They do
not say "fewer than 3": disclosure control also hides some larger cells (secondary suppression).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from dashboard.charts.spec import ChartSpec, ordered_series, shown_values, value_status
from dashboard.theme import (
    MISSING_PHRASE,
    SUPPRESSED_PHRASE,
    format_month,
    format_percent,
    format_value,
)

ChartKind = Literal["line", "bar", "change"]
CHART_TYPE_NAMES = {"line": "Line chart", "bar": "Bar chart", "change": "Bar chart of changes"}
# A change within 5% of the starting value is described as "stayed about the same": monthly
# recorded counts move by a few percent without anything having changed.
FLAT_TOLERANCE = 0.05


def describe_trend(
    frame: pd.DataFrame,
    date_col: str,
    value_col: str,
    area: str | None = None,
    measure: str = "offences",
    *,
    series_col: str | None = None,
    series_order: Sequence[str] = (),
    suppressed_col: str = "is_suppressed",
    value_format: str = "count",
) -> str:
    """'VAWG offences in Camden rose from 312 in March 2025 to 355 in February 2026.' and the peak.

    With series_col, one such passage per series (the series value is the area), in series_order
    then first-seen order.
    """
    if series_col:
        spec = _spec(
            frame,
            date_col,
            value_col,
            series=series_col,
            series_order=series_order,
            suppressed=suppressed_col,
            value_format=value_format,
        )
        return " ".join(
            describe_trend(
                frame[frame[series_col].astype(str) == name],
                date_col,
                value_col,
                name,
                measure,
                suppressed_col=suppressed_col,
                value_format=value_format,
            )
            for name in ordered_series(frame, spec)
        )
    if frame.empty:
        return f"There are no figures for {_subject(measure, area)}."
    spec = _spec(frame, date_col, value_col, suppressed=suppressed_col, value_format=value_format)
    data = frame.assign(_month=pd.to_datetime(frame[date_col])).sort_values("_month")
    values, status = shown_values(data, spec), value_status(data, spec)
    subject = _sentence_start(_subject(measure, area))

    def said(i: int) -> str:
        return _phrase(values.iloc[i], status.iloc[i], value_format)

    first_month, last_month = format_month(data["_month"].iloc[0]), format_month(data["_month"].iloc[-1])
    if len(data) == 1:
        if status.iloc[0] != "value":
            return f"The figure for {_subject(measure, area)} in {first_month} was {said(0)}."
        return f"{subject} were {said(0)} in {first_month}."
    first, last = values.iloc[0], values.iloc[-1]
    first_shown, last_shown = status.iloc[0] == "value", status.iloc[-1] == "value"
    if not first_shown and not last_shown:
        sentence = (
            f"The figures for {_subject(measure, area)} in {first_month} and {last_month} were {said(0)}."
            if status.iloc[0] == status.iloc[-1]
            else f"The figure for {_subject(measure, area)} in {first_month} was {said(0)}, and in "
            f"{last_month} it was {said(-1)}."
        )
    elif not first_shown:
        sentence = f"{subject} were {said(-1)} in {last_month}; the figure for {first_month} was {said(0)}."
    elif not last_shown:
        sentence = f"{subject} were {said(0)} in {first_month}; the figure for {last_month} was {said(-1)}."
    else:
        direction = _direction(first, last)
        if direction == "stayed about the same":
            sentence = f"{subject} stayed about the same: {said(0)} in {first_month} and {said(-1)} in {last_month}."
        else:
            sentence = f"{subject} {direction} from {said(0)} in {first_month} to {said(-1)} in {last_month}."

    sentences = [sentence]
    published = values[status == "value"]
    if len(published) >= 3:
        peak_at = published.idxmax()
        position = data.index.get_loc(peak_at)
        if 0 < position < len(data) - 1:
            sentences.append(
                f"The highest was {format_value(published[peak_at], value_format)} "
                f"in {format_month(data.at[peak_at, '_month'])}."
            )
    sentences += _withheld_months(status.iloc[1:-1], other=not (first_shown and last_shown))
    return " ".join(sentences)


def describe_breakdown(
    frame: pd.DataFrame,
    category_col: str,
    value_col: str,
    *,
    measure: str = "offences",
    category_noun: str = "group",
    area: str | None = None,
    total: float | None = None,
    top: int = 3,
    suppressed_col: str = "is_suppressed",
    value_format: str = "count",
) -> str:
    """'The largest group was Stalking and harassment (34%, 41,210 offences), then … and ….'

    Shares are of `total` when given, else of the published figures. Counts show a share;
    rates and percentages show only the value. Suppressed groups are named, never valued.
    """
    spec = _spec(frame, category_col, value_col, suppressed=suppressed_col, value_format=value_format)
    values, status = shown_values(frame, spec), value_status(frame, spec)
    published = values[status == "value"].sort_values(ascending=False, kind="stable")
    lead = f"In {area}, the" if area else "The"
    sentences = []
    if published.empty:
        sentences.append(f"{lead} figures for every {category_noun} are withheld.")
    else:
        denominator = total if total is not None else float(published.sum())
        with_share = value_format == "count" and denominator > 0

        def item(i: object, first: bool) -> str:
            shown = format_value(published[i], value_format)
            if first and value_format == "count":
                shown = f"{shown} {measure}"
            if with_share:
                shown = f"{format_percent(100 * published[i] / denominator)}, {shown}"
            return f"{frame.at[i, category_col]} ({shown})"

        leaders = list(published.index[:top])
        items = [item(i, first=n == 0) for n, i in enumerate(leaders)]
        if len(published) == 1 and len(frame) == 1:
            sentences.append(f"{lead} only {category_noun} was {items[0]}.")
        elif len(items) == 1:
            sentences.append(f"{lead} largest {category_noun} was {items[0]}.")
        else:
            sentences.append(f"{lead} largest {category_noun} was {items[0]}, then {_join(items[1:])}.")
        rest = published.iloc[top:]
        if len(rest) and with_share:
            others = (
                f"remaining {category_noun}"
                if len(rest) == 1
                else f"other {len(rest)} {_plural(category_noun, len(rest))}"
            )
            sentences.append(f"The {others} made up {format_percent(100 * rest.sum() / denominator)}.")
    sentences += _withheld_named(frame[category_col], status)
    return " ".join(sentences)


def describe_change(
    frame: pd.DataFrame,
    category_col: str,
    value_col: str,
    *,
    category_noun: str = "borough",
    suppressed_col: str = "is_suppressed",
    value_format: str = "percent_change",
) -> str:
    """'Of 4 boroughs, 2 rose, 1 fell and 1 stayed the same. The largest rise was Westminster (+25.5%) …'"""
    spec = _spec(frame, category_col, value_col, suppressed=suppressed_col, value_format=value_format)
    values, status = shown_values(frame, spec), value_status(frame, spec)
    published = values[status == "value"]
    sentences = []
    if not published.empty:
        counts = [
            (int((published > 0).sum()), "rose"),
            (int((published < 0).sum()), "fell"),
            (int((published == 0).sum()), "stayed the same"),
        ]
        parts = [f"{n} {verb}" for n, verb in counts if n]
        total = len(published)
        sentences.append(f"Of {total} {_plural(category_noun, total)}, {_join(parts)}.")
        extremes = []
        if (published > 0).any():
            i = published.idxmax()
            extremes.append(
                f"the largest rise was {frame.at[i, category_col]} ({format_value(published[i], value_format)})"
            )
        if (published < 0).any():
            i = published.idxmin()
            extremes.append(
                f"the largest fall was {frame.at[i, category_col]} ({format_value(published[i], value_format)})"
            )
        if extremes:
            sentences.append(_sentence_start(_join(extremes)) + ".")
    sentences += _withheld_named(frame[category_col], status)
    return " ".join(sentences)


def summary_for(spec: ChartSpec, frame: pd.DataFrame, kind: ChartKind = "line") -> str:
    """The summary for a chart of this kind, from the spec's columns and words."""
    measure = spec.measure_phrase
    if kind == "line":
        return describe_trend(
            frame,
            spec.x,
            spec.y,
            spec.area,
            measure,
            series_col=spec.series,
            series_order=spec.series_order,
            suppressed_col=spec.suppressed,
            value_format=spec.value_format,
        )
    if kind == "bar":
        if not spec.series:
            return describe_breakdown(
                frame,
                spec.x,
                spec.y,
                measure=measure,
                area=spec.area,
                suppressed_col=spec.suppressed,
                value_format=spec.value_format,
            )
        return " ".join(
            describe_breakdown(
                frame[frame[spec.series].astype(str) == name],
                spec.x,
                spec.y,
                measure=measure,
                area=name,
                suppressed_col=spec.suppressed,
                value_format=spec.value_format,
            )
            for name in ordered_series(frame, spec)
        )
    if kind == "change":
        return describe_change(frame, spec.x, spec.y, suppressed_col=spec.suppressed, value_format=spec.value_format)
    raise ValueError(f"kind must be one of {sorted(CHART_TYPE_NAMES)}, not {kind!r}")


def alt_text(spec: ChartSpec, frame: pd.DataFrame, *, kind: ChartKind = "line", summary: str | None = None) -> str:
    """'Line chart: <title>. <subtitle>. [Sample data, not real figures.] <summary> [A dashed line marks …]'"""
    if kind not in CHART_TYPE_NAMES:
        raise ValueError(f"kind must be one of {sorted(CHART_TYPE_NAMES)}, not {kind!r}")
    parts = [f"{CHART_TYPE_NAMES[kind]}: {_full_stop(spec.title)}"]
    if spec.subtitle:
        parts.append(_full_stop(spec.subtitle))
    if spec.is_sample:
        parts.append("Sample data, not real figures.")
    if spec.illustrative_label:
        parts.append(_full_stop(spec.illustrative_label))
    parts.append(summary if summary is not None else summary_for(spec, frame, kind))
    if kind == "line" and spec.breaks and not frame.empty:
        months = pd.to_datetime(frame[spec.x])
        first, last = months.min().date(), months.max().date()
        for when, label in spec.breaks:
            if first <= when <= last:
                parts.append(f"A dashed line marks {format_month(when)}: {_full_stop(label)}")
    return " ".join(p for p in parts if p)


# --- helpers -------------------------------------------------------------------------------


def _spec(frame: pd.DataFrame, x: str, y: str, **kwargs) -> ChartSpec:
    """A minimal spec so these functions share the charts' rules for suppressed and missing values."""
    return ChartSpec(title="", x=x, y=y, y_title="", source_line="", **kwargs)


def _subject(measure: str, area: str | None) -> str:
    return f"{measure} in {area}" if area else measure


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full_stop(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _direction(first: float, last: float) -> str:
    if abs(last - first) <= FLAT_TOLERANCE * abs(first):
        return "stayed about the same"
    return "rose" if last > first else "fell"


def _phrase(value: float, status: str, value_format: str) -> str:
    if status == "suppressed":
        return SUPPRESSED_PHRASE
    if status == "missing":
        return MISSING_PHRASE
    return format_value(value, value_format)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy", "uy")):
        return noun[:-1] + "ies"
    return noun + "s"


def _withheld_months(status: pd.Series, *, other: bool) -> list[str]:
    """Sentences about months between the first and last whose figures are not shown."""
    sentences = []
    for kind, phrase in (("suppressed", SUPPRESSED_PHRASE), ("missing", MISSING_PHRASE)):
        n = int((status == kind).sum())
        if n:
            months = f"{n} {'other ' if other else ''}{_plural('month', n)}"
            sentences.append(f"In {months} the figure was {phrase}.")
    return sentences


def _withheld_named(names: pd.Series, status: pd.Series) -> list[str]:
    sentences = []
    for kind, phrase in (("suppressed", SUPPRESSED_PHRASE), ("missing", MISSING_PHRASE)):
        which = [str(n) for n in names[status == kind]]
        if len(which) == 1:
            sentences.append(f"The figure for {which[0]} was {phrase}.")
        elif which:
            sentences.append(f"The figures for {_join(which)} were {phrase}.")
    return sentences
