"""View links and slugs: the path and query that reproduce a page view, and URL-safe names for groups."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlencode


def slugify(text: str) -> str:
    """'Public fear, alarm, distress' -> 'public-fear-alarm-distress'."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def view_path(page_path: str, values: dict[str, object], defaults: dict[str, object]) -> str:
    """The link that reproduces a view: the page path and every value that differs from its default."""
    wanted = {}
    for key, value in values.items():
        if value == defaults.get(key):
            continue
        wanted[key] = value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)
    return page_path + (f"?{urlencode(wanted)}" if wanted else "")


def view_link(page_path: str, values: dict[str, object], defaults: dict[str, object], *, base_url: str) -> str:
    """The absolute link to a view, for downloads: this server's address (base_url, or '') and view_path."""
    return base_url + view_path(page_path, values, defaults)
