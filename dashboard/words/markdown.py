"""Show published text literally inside Streamlit markdown, where [c], $, * and _ would be read as markup."""

from __future__ import annotations

MARKDOWN_SPECIALS = "\\`*_{}[]<>#|~$"


def escape_markdown(text: object) -> str:
    """'[c]' stays '[c]', '$5' stays '$5': every markdown special character is backslash-escaped."""
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in str(text))
