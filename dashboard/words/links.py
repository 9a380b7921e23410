"""View links and slugs: the path and query that reproduce a page view, and URL-safe names for groups.

Every view link carries the release its figures come from (`?release=ID`, the release this script
run shows: `citing`), the current one included, so a cited figure can be reproduced after the
publisher has revised it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from urllib.parse import urlencode

#: The URL parameter naming a release (dashboard/components/release_pin.py reads it).
RELEASE_PARAM = "release"

# The release this script run's links cite; set once per run by the app (a context variable, so
# each Streamlit script run, in its own thread, cites its own).
_cited_release: ContextVar[str | None] = ContextVar("vawg_cited_release", default=None)


@contextlib.contextmanager
def citing(release_id: str | None) -> Iterator[None]:
    """Within the block, every view link carries `release_id` (None: links carry no release)."""
    token = _cited_release.set(release_id)
    try:
        yield
    finally:
        _cited_release.reset(token)


def cited_release() -> str | None:
    return _cited_release.get()


#: Dashes that separate words or numbers ("2021–2023"): a hyphen in a slug, not dropped as non-ASCII.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def slugify(text: str, max_length: int | None = None) -> str:
    """'Public fear, alarm, distress' -> 'public-fear-alarm-distress'; '2021–2023' -> '2021-2023'."""
    plain = unicodedata.normalize("NFKD", str(text).translate(_DASHES)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:max_length].rstrip("-") if max_length else slug


def view_path(page_path: str, values: dict[str, object], defaults: dict[str, object]) -> str:
    """The link that reproduces a view: the page path, every value that differs from its default, and the release."""
    wanted = {}
    for key, value in values.items():
        if value == defaults.get(key):
            continue
        wanted[key] = value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)
    release = cited_release()
    if release and RELEASE_PARAM not in wanted:
        wanted[RELEASE_PARAM] = release
    return page_path + (f"?{urlencode(wanted)}" if wanted else "")


def view_link(page_path: str, values: dict[str, object], defaults: dict[str, object], *, base_url: str) -> str:
    """The absolute link to a view, for downloads: this server's address (base_url, or '') and view_path."""
    return base_url + view_path(page_path, values, defaults)
