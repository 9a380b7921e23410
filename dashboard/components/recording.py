"""A page's output recorded once and replayed on every view: the cheap-view half of `dashboard.components.view_cache`.

Pages build their static output (headings, sentences, metrics, chart cards, maps) into a
`Recording` with the same calls they would make on `st` (`out.markdown(...)`, `with
out.container(key=...)`, `left, right = out.columns(2)`, `out.card(card)`), inside a cached build.
Each view then replays the recording onto Streamlit, so a view costs only the Streamlit calls, not
the queries, the disclosure checks, the figure building or the sentence writing.

Widgets are never recorded: their values belong to a visitor's session. A page marks where a widget
goes with `out.slot(name)` and passes the widget code to `replay(slots={name: draw})`.

Only the calls in `STATIC_ELEMENTS` and `BLOCKS` can be recorded, so a widget recorded by mistake
fails when the page is built rather than silently sharing one visitor's state with everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.components.chart_card import build_card

#: Elements that hold no session state: safe to build once and show to everyone.
STATIC_ELEMENTS = frozenset(
    {
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "metric",
        "info",
        "warning",
        "error",
        "success",
        "table",
        "dataframe",
        "html",
        "divider",
        "pydeck_chart",
        "plotly_chart",
        "download_button",
        "link_button",
        "page_link",
        "code",
    }
)
#: Layout blocks: (name, number of children the call returns; None = one block, not a list).
#: Lazy sections' widget keys end so (tests open them by it).
SECTION_KEY_END = "-section"
BLOCKS = {"container": None, "expander": None, "columns": "list", "tabs": "list"}


@dataclass
class _Call:
    name: str
    args: tuple
    kwargs: dict


@dataclass
class _Block:
    name: str
    args: tuple
    kwargs: dict
    children: list[Recording]


@dataclass
class _Slot:
    name: str


@dataclass
class _Custom:
    """Anything with a `render()` method that only makes static calls (a chart card, a map card)."""

    item: Any


class Recording:
    """Static page output, in order. Use like `st`: `out.markdown(...)`, `with out.container(...)`."""

    def __init__(self, root: Recording | None = None) -> None:
        self.entries: list = []
        self._root = root or self
        self._open: list[Recording] = []  # blocks entered with `with`, innermost last (root only)

    # -- recording ---------------------------------------------------------------------------------
    def _target(self) -> Recording:
        # `out.markdown` inside `with box:` lands in box; `left.markdown` always lands in left.
        if self._root is self and self._open:
            return self._open[-1]
        return self

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in BLOCKS:
            return lambda *args, **kwargs: self._block(name, args, kwargs)
        if name not in STATIC_ELEMENTS:
            raise AttributeError(f"st.{name} cannot be recorded: it is a widget or not known to be static")

        def record(*args: Any, **kwargs: Any) -> None:
            self._target().entries.append(_Call(name, args, kwargs))

        return record

    def _block(self, name: str, args: tuple, kwargs: dict) -> Recording | list[Recording]:
        if BLOCKS[name] == "list":
            spec = args[0] if args else kwargs.get("spec", kwargs.get("tabs"))
            count = spec if isinstance(spec, int) else len(spec)
        else:
            count = 1
        children = [Recording(self._root) for _ in range(count)]
        self._target().entries.append(_Block(name, args, kwargs, children))
        return children if BLOCKS[name] == "list" else children[0]

    def section(self, title: str, key: str, *, expanded: bool = False) -> Recording:
        """A titled part of a long page that is sent only when open (a lazy expander, `with out.section(...):`).

        A page view costs what it sends, so a long page shows its main card and keeps the rest one
        click away; opening a section reruns the page from its cached build. The key ends in
        SECTION_KEY_END so tests can find and open every section.
        """
        return self._block(
            "expander", (title,), {"key": f"{key}{SECTION_KEY_END}", "expanded": expanded, "on_change": "rerun"}
        )

    def slot(self, name: str) -> None:
        """Where the page's live widget `name` goes when the recording is replayed."""
        self._target().entries.append(_Slot(name))

    def chart_card(self, **kwargs: Any) -> None:
        """A chart card, built now (`chart_card.build_card`) and rendered on every replay."""
        self.card(build_card(**kwargs))

    def card(self, item: Any) -> None:
        """A ready-built card (anything with `render()`), e.g. `components.chart_card.Card`."""
        self._target().entries.append(_Custom(item))

    def cards(self) -> list:
        """Every card recorded with `card`/`chart_card`, in page order, those inside blocks included (for exports)."""
        found = []
        for entry in self.entries:
            if isinstance(entry, _Custom):
                found.append(entry.item)
            elif isinstance(entry, _Block):
                for child in entry.children:
                    found += child.cards()
        return found

    def __enter__(self) -> Recording:
        self._root._open.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._root._open.pop()

    # -- replaying ---------------------------------------------------------------------------------
    def replay(self, slots: Mapping[str, Callable[[], object]] | None = None) -> None:
        """Make the recorded calls on Streamlit, in order, drawing each slot's widget in its place."""
        slots = slots or {}
        for entry in self.entries:
            if isinstance(entry, _Call):
                getattr(st, entry.name)(*entry.args, **entry.kwargs)
            elif isinstance(entry, _Custom):
                entry.item.render()
            elif isinstance(entry, _Slot):
                if entry.name not in slots:
                    # A widget the page forgot to draw would vanish without a word: say which.
                    raise KeyError(f"the recording has a slot {entry.name!r} that replay() was not given")
                slots[entry.name]()
            else:
                made = getattr(st, entry.name)(*entry.args, **entry.kwargs)
                blocks = made if BLOCKS[entry.name] == "list" else [made]
                for block, child in zip(blocks, entry.children, strict=True):
                    # A tab or expander made with on_change="rerun" knows whether it is open: a closed
                    # one's content is not sent (a page view costs what it sends); others say None.
                    # (`open` is a property of those containers' classes; asking a plain block for it
                    # would go through DeltaGenerator.__getattr__, which lists every st command.)
                    if isinstance(getattr(type(block), "open", None), property) and block.open is False:
                        continue
                    with block:
                        child.replay(slots)
