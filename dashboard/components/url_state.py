"""Every view setting lives in the URL: read validated query parameters, fall back politely, write them back.

A copied link reproduces the view. A bad value (an unknown borough, a month out of range, an
injection attempt, a setting given twice with different values) never reaches a query: it is
replaced by the default and the page says so.

The same reading serves the command line (`python -m dashboard export "/trends?borough=Camden"`):
a `ViewState` made with a `LinkQuery` reads that link instead of the session's URL, and with
`strict=True` a bad value raises `ViewSettingError` (naming the setting, the value and what is
allowed) instead of falling back, so an export never silently holds another view.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from dashboard.words.links import RELEASE_PARAM

Default = TypeVar("Default")


class ViewSettingError(ValueError):
    """A link's setting that names no view: which setting, the value given, and what is allowed."""

    def __init__(self, name: str, value: str, allowed: str) -> None:
        shown = value if len(value) <= 40 else value[:37] + "..."
        super().__init__(f"{name}={shown!r} is not allowed: {allowed}")
        self.name, self.value, self.allowed = name, value, allowed


class LinkQuery:
    """A link's query string, read as `st.query_params` reads the session's: `get` gives the last value."""

    def __init__(self, query: str) -> None:
        self._pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.get_all(name)
        return values[-1] if values else default

    def get_all(self, name: str) -> list[str]:
        return [value for key, value in self._pairs if key == name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key for key, _ in self._pairs))

    def __contains__(self, name: object) -> bool:
        return any(key == name for key, _ in self._pairs)


@dataclass
class ViewState:
    """The validated values, and plain-English notes about any value we had to ignore.

    query: the link to read (None: this session's URL). strict: a bad value raises
    `ViewSettingError` rather than becoming a note (the command line's exports).
    """

    values: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    query: LinkQuery | None = None
    strict: bool = False

    @property
    def params(self):
        return st.query_params if self.query is None else self.query

    def problem(self, note: str, *, name: str, value: object, allowed: str) -> None:
        """A value the view cannot use: a note for a visitor, an error for an export."""
        if self.strict:
            raise ViewSettingError(name, str(value), allowed)
        self.notes.append(note)

    def check_names(self, names: Sequence[str]) -> None:
        """Strict reading only: a setting the page does not have is a mistake in the link."""
        if not self.strict:
            return
        for name in self.params:
            # `release` names which release's figures, for every page: the app reads it (components/release_pin.py).
            if name not in names and name != RELEASE_PARAM:
                raise ViewSettingError(name, str(self.params.get(name)), f"this page's settings are {', '.join(names)}")


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
    raw = state.params.get(name)
    if raw is None:
        state.values[name] = default
        return default
    if len({normalise(v) for v in state.params.get_all(name)}) > 1:
        return _ambiguous(name, default, state, label, default_words or str(default))
    lookup = {normalise(o): o for o in options}
    found = lookup.get(normalise(raw))
    if found is None:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        state.problem(
            f"We don't recognise the {label} “{shown}” in the link, so we're showing {default_words or default}.",
            name=name,
            value=raw,
            allowed=f"the {label} must be one of: {', '.join(str(o) for o in options)}",
        )
        found = default
    state.values[name] = found
    return found


def month(name: str, first: dt.date, last: dt.date, default: dt.date, state: ViewState, label: str) -> dt.date:
    raw = state.params.get(name)
    if raw is None:
        state.values[name] = default
        return default
    if len({parse_month(v) or v for v in state.params.get_all(name)}) > 1:
        return _ambiguous(name, default, state, label, f"{default:%B %Y}")
    parsed = parse_month(raw)
    if parsed is None or not (first <= parsed <= last):
        state.problem(
            f"The {label} “{raw[:20]}” in the link is not a month between {first:%B %Y} and "
            f"{last:%B %Y}, so we're showing {default:%B %Y}.",
            name=name,
            value=raw,
            allowed=f"the {label} must be a month (YYYY-MM) from {first:%Y-%m} to {last:%Y-%m}",
        )
        parsed = default
    state.values[name] = parsed
    return parsed


def _ambiguous(name: str, default: Default, state: ViewState, label: str, default_words: str) -> Default:
    """A link that gives one setting twice with different values: neither wins silently."""
    state.problem(
        f"The link gives more than one {label}, so we're showing {default_words}.",
        name=name,
        value=" and ".join(state.params.get_all(name)),
        allowed=f"give the {label} once",
    )
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
    """Put the current view in the URL, leaving out values that equal the defaults (shorter links).

    A release named in the link stays: a visitor changing a pinned view keeps to that release.
    """
    wanted = {}
    for key, value in values.items():
        if value == defaults.get(key):
            continue
        wanted[key] = value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)
    if RELEASE_PARAM in st.query_params:
        wanted[RELEASE_PARAM] = st.query_params.get(RELEASE_PARAM)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
