"""A card's press pack: one zip of its PNG, SVG, CSV, a ready citation, the summary, the alt text and metadata.

Every file in it comes from the card: the images from its figure, the CSV is its download byte for
byte, the summary and alt text are the card's own. metadata.json lists every source file behind the
card (from the store's `datasets` table: file name, sha256, months, publisher, licence), so a reader
can check a quoted figure against the published file it came from.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date

from dashboard.press.printable import Printable, licence_words, stamp_lines
from dashboard.theme import format_month
from dashboard.words.catalog import CITE_SOURCE, DASHBOARD_TITLE

#: Fixed timestamp for every member, so the same card and store always give the same zip, byte for byte.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
SOURCE_FIELDS = ("dataset", "title", "file_name", "sha256", "first_month", "last_month", "publisher", "licence", "url")


def citation_text(item: Printable, *, today: date) -> str:
    """A ready citation: the figure, the dashboard view it is from, then each source with its licence."""
    up_to = f", data up to and including {format_month(item.data_up_to)}" if item.data_up_to else ""
    period = f" Period: {item.period}." if item.period else ""
    lines = [
        *stamp_lines(item.is_sample, item.illustrative_label),
        f"“{item.title}”.{period}",
        f"From: {DASHBOARD_TITLE}{up_to}. {item.view_url or 'No link'}. Accessed {today.day} {today:%B %Y}.",
        "",
        "Sources:",
    ]
    for dataset in dict.fromkeys(item.datasets):
        lines.append(
            CITE_SOURCE.format(
                publisher=dataset.publisher,
                title=dataset.title,
                url=dataset.url or "No web address",
                licence=dataset.licence,
            )
        )
    lines += ["", licence_words(item.datasets)]
    return "\n".join(lines) + "\n"


def metadata(item: Printable, sources: Sequence[Mapping], *, today: date) -> dict:
    """What metadata.json holds: the card, its period and link, its stamps, and every source file with its sha256."""
    files = []
    for row in sources:
        entry = {name: _plain(row.get(name)) for name in SOURCE_FIELDS}
        entry["period"] = _file_period(row)
        entry["is_sample"] = bool(row.get("is_sample"))
        files.append(entry)
    return {
        "title": item.title,
        "subtitle": item.subtitle,
        "card": item.key,
        "view_link": item.view_url,
        "period": item.period,
        "data_up_to": item.data_up_to.isoformat() if item.data_up_to else None,
        "data_up_to_words": f"Data up to and including {format_month(item.data_up_to)}" if item.data_up_to else None,
        "is_sample": item.is_sample,
        "stamps": stamp_lines(item.is_sample, item.illustrative_label),
        "publishers": sorted({d.publisher for d in item.datasets}),
        "licence": licence_words(item.datasets),
        "datasets": [
            {"key": d.key, "title": d.title, "publisher": d.publisher, "licence": d.licence, "url": d.url}
            for d in dict.fromkeys(item.datasets)
        ],
        "source_files": files,
        "made": today.isoformat(),
        "dashboard": DASHBOARD_TITLE,
    }


def press_pack(item: Printable, *, png: bytes, svg: bytes, sources: Sequence[Mapping], today: date) -> bytes:
    """The zip's bytes: <stem>.png, <stem>.svg, <stem>.csv, citation.txt, summary.txt, alt-text.txt, metadata.json."""
    stamps = "".join(f"{line}\n\n" for line in stamp_lines(item.is_sample, item.illustrative_label))
    members = {
        f"{item.stem}.png": png,
        f"{item.stem}.svg": svg,
        f"{item.stem}.csv": item.csv,
        "citation.txt": citation_text(item, today=today).encode("utf-8"),
        "summary.txt": (stamps + item.summary + "\n").encode("utf-8"),
        "alt-text.txt": (stamps + item.alt + "\n").encode("utf-8"),
        "metadata.json": (json.dumps(metadata(item, sources, today=today), indent=2, ensure_ascii=False) + "\n").encode(
            "utf-8"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _file_period(row: Mapping) -> str:
    first, last = row.get("first_month"), row.get("last_month")
    if _is_blank(first) or _is_blank(last):
        return "Not monthly data"
    return f"{format_month(first)} to {format_month(last)}"


def _is_blank(value: object) -> bool:
    return value is None or value != value or str(value) in ("", "NaT")


def _plain(value: object) -> object:
    """JSON-ready: dates as ISO text, missing as null."""
    if _is_blank(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value if isinstance(value, (str, int, float, bool)) else str(value)
