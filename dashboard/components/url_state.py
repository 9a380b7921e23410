"""Every view setting lives in the URL: read validated query parameters, fall back politely, write them back.

A copied link reproduces the view. A bad value (an unknown borough, a month out of range, an
injection attempt, a setting given twice with different values) never reaches a query: it is
replaced by the default and the page says so.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

import streamlit as st

Default = TypeVar("Default")


@dataclass
class ViewState:
    """The validated values, and plain-English notes about any value we had to ignore."""

    values: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_month(text: str) -> dt.date | None:
    try:
        year, month = text.strip().split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except (ValueError, AttributeError):
        return None


def choice(
    name: str,
    options: Sequence[str],
    default: str,
    state: ViewState,
    label: str,
    normalise: Callable[[str], str] | None = None,
    *,
    default_words: str | None = None,
) -> str:
    """A value from a fixed list, matched case-insensitively; unknown values fall back to the default.

    `default_words` names the default in the note ('all offence groups' rather than 'all').
    """
    normalise = normalise or (lambda s: s.strip().lower())
    raw = st.query_params.get(name)
    if raw is None:
        state.values[name] = default
        return default
    if len({normalise(v) for v in st.query_params.get_all(name)}) > 1:
        return _ambiguous(name, default, state, label, default_words or str(default))
    lookup = {normalise(o): o for o in options}
    found = lookup.get(normalise(raw))
    if found is None:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        state.notes.append(
            f"We don't recognise the {label} “{shown}” in the link, so we're showing {default_words or default}."
        )
        found = default
    state.values[name] = found
    return found


def month(name: str, first: dt.date, last: dt.date, default: dt.date, state: ViewState, label: str) -> dt.date:
    raw = st.query_params.get(name)
    if raw is None:
        state.values[name] = default
        return default
    if len({parse_month(v) or v for v in st.query_params.get_all(name)}) > 1:
        return _ambiguous(name, default, state, label, f"{default:%B %Y}")
    parsed = parse_month(raw)
    if parsed is None or not (first <= parsed <= last):
        state.notes.append(
            f"The {label} “{raw[:20]}” in the link is not a month between {first:%B %Y} and "
            f"{last:%B %Y}, so we're showing {default:%B %Y}."
        )
        parsed = default
    state.values[name] = parsed
    return parsed


def _ambiguous(name: str, default: Default, state: ViewState, label: str, default_words: str) -> Default:
    """A link that gives one setting twice with different values: neither wins silently."""
    state.notes.append(f"The link gives more than one {label}, so we're showing {default_words}.")
    state.values[name] = default
    return default


#: The dashboard's public address (e.g. https://vawg.example.org), for the links in every download.
PUBLIC_URL_ENV = "VAWG_PUBLIC_URL"


def absolute_url(path: str) -> str:
    """The view's link with the dashboard's address in front (for exports).

    The address is `$VAWG_PUBLIC_URL` when it is set: one canonical address for every citation,
    whichever host name a visitor used, and one built view per view settings rather than one per
    host name (a view built while warming a worker on its loopback port then serves the crowd).
    Otherwise it is the address this visitor used, when Streamlit knows it.
    """
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if configured:
        return configured + path
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # outside a browser session (tests, bare mode) there is no address
        return path
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme and parts.netloc else path


def session_value(key: str, options: Sequence, fallback):
    """A widget's value from this session (it wins over the link), if it is still one of the options."""
    value = st.session_state.get(key, fallback)
    return value if value in options else fallback


def show_notes(state: ViewState) -> None:
    for note in state.notes:
        st.info(note, icon=":material/info:")


def write_back(values: dict[str, object], defaults: dict[str, object]) -> None:
    """Put the current view in the URL, leaving out values that equal the defaults (shorter links)."""
    wanted = {}
    for key, value in values.items():
        if value == defaults.get(key):
            continue
        wanted[key] = value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
