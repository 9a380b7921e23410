"""What one chart or map card hands to its images and press pack: the figure, its words, its sources, its CSV."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from dashboard.theme import SAMPLE_STAMP, format_month
from dashboard.words.catalog import OGL, OGL_ATTRIBUTION, SAMPLE_LABEL, Dataset


@dataclass(frozen=True)
class Printable:
    """One card's take-away parts, all from the same protected frames the page shows.

    figure: makes the plotly figure's dict (the card's own, or a static map drawn on demand, so a
    page view never pays for it). csv: the card's existing CSV download, byte for byte.
    """

    key: str
    title: str
    subtitle: str
    figure: Callable[[], Mapping] = field(repr=False)
    datasets: tuple[Dataset, ...]
    data_up_to: date | None
    is_sample: bool
    illustrative_label: str | None
    summary: str
    alt: str
    csv: bytes = field(repr=False)
    csv_name: str
    source_line: str = ""  # the figure's own source line, said when no datasets are given

    @property
    def stem(self) -> str:
        """The file name every file of this card shares: the CSV's, without '.csv'."""
        return self.csv_name.removesuffix(".csv")

    @property
    def view_url(self) -> str:
        return csv_header(self.csv).get("View", "")

    @property
    def period(self) -> str:
        return csv_header(self.csv).get("Period", "")


def csv_header(csv: bytes) -> dict[str, str]:
    """The `# Key: value` lines that lead a CSV download (dashboard.exports.csv_export), as a dict.

    The press pack cites exactly what the CSV it ships says: period and view link come from here.
    """
    found: dict[str, str] = {}
    for line in csv.decode("utf-8-sig").splitlines():
        if not line.startswith("# "):
            break
        key, sep, value = line[2:].partition(": ")
        if sep and key not in found:
            found[key] = value
    return found


def source_words(datasets: Sequence[Dataset]) -> str:
    """'Source: <title>, <publisher>; ...' (each dataset once, in order)."""
    unique = list(dict.fromkeys(datasets))
    return "Source: " + "; ".join(f"{d.title}, {d.publisher}" for d in unique) + "."


def licence_words(datasets: Sequence[Dataset]) -> str:
    """'Licence: Open Government Licence v3.0. Contains public sector information ...'."""
    licences = sorted({d.licence for d in datasets}) or [OGL]
    words = f"Licence: {'; '.join(licences)}."
    return f"{words} {OGL_ATTRIBUTION}" if licences == [OGL] else words


def stamp_lines(is_sample: bool, illustrative_label: str | None) -> list[str]:
    """The warnings every file of a card carries when its figures are not real, official statistics."""
    lines = []
    if is_sample:
        lines.append(f"{SAMPLE_STAMP}. {SAMPLE_LABEL}.")
    if illustrative_label:
        lines.append(f"{illustrative_label.rstrip('.')}.")
    return lines


def footer_lines(item: Printable) -> list[str]:
    """The lines drawn under a printed figure, top down: stamps, source, licence, date, link."""
    lines = stamp_lines(item.is_sample, item.illustrative_label)
    if item.datasets:
        lines += [source_words(item.datasets), licence_words(item.datasets)]
    else:
        lines.append(item.source_line)
    if item.data_up_to:
        lines.append(f"Data up to and including {format_month(item.data_up_to)}.")
    if item.view_url:
        lines.append(f"Figures, table and notes: {item.view_url}")
    return lines
