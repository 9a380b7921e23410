"""`?release=ID`: which release a page view shows, read once per script run by the app.

A pinned link shows that release's figures (its kept file, read through `data.reading`) with a note
naming it and a link to the current figures; an unknown or pruned release gets a friendly note and
the current figures. Every view link the run makes carries the release shown (`links.citing`), the
current one included, so a figure cited today can be found again after the publisher revises it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.paths import release_file
from dashboard.words import links


@dataclass(frozen=True)
class ShownRelease:
    """The store this run reads (None: the current store), the release its links cite, and the note to show."""

    store: Path | None
    cited_id: str | None
    note: str | None = None
    is_pinned: bool = False


def release_info(store_version: tuple) -> dict | None:
    """The store's own record of the release it is (None for a store built before releases were kept)."""
    return _release_info(store_version)


@lru_cache(maxsize=32)
def _release_info(store_version: tuple) -> dict | None:
    with data.reading(Path(store_version[0])):
        return data.release_record()


def _current_link(page_path: str) -> str:
    """This view's address without the release: the same view on the current figures."""
    kept = [(k, v) for k in st.query_params if k != links.RELEASE_PARAM for v in st.query_params.get_all(k)]
    return page_path + (f"?{urlencode(kept)}" if kept else "")


def _built_words(info: dict | None) -> str:
    if not info:
        return ""
    built = pd.Timestamp(info["built_at"])
    return f", the figures as this dashboard had them on {built.day} {built:%B %Y} at {built:%H:%M} UTC"


class UnknownRelease(ValueError):
    """A release id that names no kept release (mistyped, given twice, or pruned)."""

    def __init__(self, given: str, current_id: str | None) -> None:
        shown = given if len(given) <= 40 else given[:37] + "..."
        super().__init__(f"no release {shown!r} is kept beside the store (the current release is {current_id})")
        self.given, self.shown, self.current_id = given, shown, current_id


def for_release(given: list[str]) -> ShownRelease:
    """The release named by a link's `release` values (none: the current one), without a note.

    Raises UnknownRelease for an id that is not kept. Needs no Streamlit session: the command
    line's exports read a link's release the same way the app does.
    """
    current = release_info(data.store_version(data.current_store()))
    current_id = str(current["release_id"]) if current else None
    given = [value.strip() for value in given]
    if not given or (given[-1] == current_id and len(set(given)) == 1):
        return ShownRelease(None, current_id)
    path = release_file(given[-1]) if len(set(given)) == 1 else None
    if path is None:
        raise UnknownRelease(given[-1], current_id)
    return ShownRelease(path, given[-1], is_pinned=True)


def resolve(page_path: str) -> ShownRelease:
    """The release named in this run's URL, with the note the page shows about it."""
    try:
        shown = for_release(st.query_params.get_all(links.RELEASE_PARAM))
    except UnknownRelease as unknown:
        now = f" (release {unknown.current_id})" if unknown.current_id else ""
        return ShownRelease(
            None,
            unknown.current_id,
            f"We can't find the release “{unknown.shown}” named in the link: it may be mistyped, or older than "
            f"the releases this dashboard keeps. We're showing the current figures{now}.",
        )
    if not shown.is_pinned:
        return shown
    info = release_info(data.store_version(shown.store))
    note = (
        f"You're looking at release {shown.cited_id}{_built_words(info)}. The publisher may have revised these "
        f"figures since. [See the current figures]({_current_link(page_path)})."
    )
    return replace(shown, note=note)


@contextlib.contextmanager
def showing(shown: ShownRelease) -> Iterator[None]:
    """Within the block, queries read the release shown and view links cite it."""
    with data.reading(shown.store), links.citing(shown.cited_id):
        yield


def show_note(shown: ShownRelease) -> None:
    if shown.note:
        st.info(shown.note, icon=":material/history:")
