"""pydeck props: pydeck sends every bare string as a JavaScript expression, so constants need quotes."""

from __future__ import annotations


def literal(text: str) -> str:
    """A string prop as a constant: 'pixels' as "'pixels'" (bare, it would read a field called pixels)."""
    if "'" in text:
        raise ValueError(f"{text!r} cannot hold a single quote")
    return f"'{text}'"
