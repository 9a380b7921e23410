"""A card's files to take away (CSV, PNG, SVG, press pack): made when first asked for, then cached per card and store.

Nothing here runs on a page view. The Download tab hands Streamlit callables (deferred downloads),
and the command line asks for each file it writes; the first request for a card's image starts
the renderer's browser (dashboard.press.images), later ones reuse it and the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Literal

from dashboard import data
from dashboard.press import Printable, press_pack, print_figure, render_image
from dashboard.press.images import accessible_svg

FileFormat = Literal["csv", "png", "svg", "pack"]
#: Format -> (MIME type, what the file name ends with).
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv", ".csv"),
    "png": ("image/png", ".png"),
    "svg": ("image/svg+xml", ".svg"),
    "pack": ("application/zip", "-press-pack.zip"),
}
#: Files kept per process: a print PNG is 100-400 KB, a pack a little more than PNG and SVG together.
MAX_FILES = 96

_files: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def printable(item: object) -> Printable | None:
    """What a recorded card hands to exports, or None for something that is not a chart or map card.

    A map card offers its own (`printable()`); a chart card (`components.chart_card.Card`) is read
    field by field.
    """
    own: Callable[[], Printable] | None = getattr(item, "printable", None)
    if callable(own):
        return own()
    if not all(hasattr(item, name) for name in ("spec", "figure", "export", "export_name", "summary", "alt")):
        return None
    spec = item.spec
    return Printable(
        key=item.key,
        title=spec.title,
        subtitle=spec.subtitle,
        figure=item.figure.to_dict,
        datasets=tuple(getattr(item, "datasets", ())),
        data_up_to=spec.data_up_to,
        is_sample=spec.is_sample,
        illustrative_label=spec.illustrative_label,
        summary=item.summary,
        alt=item.alt,
        csv=item.export,
        csv_name=item.export_name,
        source_line=spec.source_line,
    )


def file_name(item: Printable, fmt: FileFormat) -> str:
    return item.stem + FORMATS[fmt][1]


def card_file(item: Printable, fmt: FileFormat) -> bytes:
    """The file's bytes, from the cache when this card (same figures, same link) was asked for before."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "csv":
        return item.csv
    # The CSV holds the card's figures and view link, so its digest tells two views' cards apart.
    key = (data.store_version(), item.key, hashlib.sha256(item.csv).hexdigest(), fmt)
    with _lock:
        if key in _files:
            _files.move_to_end(key)
            return _files[key]
    made = _make(item, fmt)
    with _lock:
        _files[key] = made
        while len(_files) > MAX_FILES:
            _files.popitem(last=False)
    return made


def _make(item: Printable, fmt: FileFormat) -> bytes:
    if fmt == "png":
        return render_image(print_figure(item), "png")
    if fmt == "svg":
        return accessible_svg(render_image(print_figure(item), "svg"), title=item.title, description=item.alt)
    return press_pack(
        item,
        png=card_file(item, "png"),
        svg=card_file(item, "svg"),
        sources=source_files(item),
        today=dt.date.today(),
    )


def source_files(item: Printable) -> list[dict]:
    """Every file in the store behind the card's datasets that supplied any month (or is not monthly)."""
    files = data.run("datasets")
    files = files.loc[files["dataset"].isin([d.key for d in item.datasets])]
    supplied = files["months_supplied"]
    files = files.loc[supplied.isna() | (supplied > 0) | files["first_month"].isna()]
    return files.to_dict("records")


def clear() -> None:
    """Forget every made file (tests)."""
    with _lock:
        _files.clear()
