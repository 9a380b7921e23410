"""Quick exit ("Exit this page") for every page of the dashboard (issue 7).

Call ``render_quick_exit()`` once near the top of every page run, before other
output (in the entry script before ``st.navigation(...).run()`` is enough):

    from dashboard.components.quick_exit import render_quick_exit
    render_quick_exit()

It follows the GOV.UK Design System "Exit this page" component: a red
"Exit this page" button whose accessible name is "Emergency Exit this page",
fixed at the top of the screen; pressing Shift 3 times (Shift on its own, each
press within 5 seconds) does the same; a hidden status line counts the presses
for screen readers; on exit the page is blanked at once behind a white overlay
announcing "Loading." and the top window is sent to BBC Weather with
``location.replace``, so Back does not return to the dashboard.

How it gets into the page, and why this way
-------------------------------------------
Streamlit 1.67 offers three routes:

* ``st.components.v1.html``: an iframe. A button inside it is in a separate
  document: the Tab order reaches it only after Streamlit's own controls, it
  scrolls away with the content, and its keyboard listener only hears keys
  pressed inside the frame (the Shift shortcut would not work). Reaching out
  through ``window.parent.document`` works (same origin) but is the same
  script as below plus an extra frame and a gap in the layout.
* ``st.components.v2`` (bidirectional components): heavier, made for widgets
  that return values; nothing to return here.
* ``st.html(..., unsafe_allow_javascript=True)`` (in 1.67): not iframed;
  Streamlit sanitises the HTML with DOMPurify and then re-creates each
  ``<script>`` so it runs in the Streamlit page's own document. Chosen.

The script then builds the button itself as the FIRST child of ``<body>``,
outside Streamlit's React root: React never re-renders or removes it, it is
created once and survives page changes and reruns, and it is the first stop
in the Tab order (before Streamlit's own "Skip to main content" link and the
sidebar). It is a real ``<button type="button">``: native keyboard support
(Enter and Space), correct role, no ARIA patching. GOV.UK's own markup is a
link styled as a button (``<a role="button">``); a button is the better fit
here because the action is scripted and there is no page to link to without
JavaScript (Streamlit itself needs JavaScript).

The only thing in the flow of the page is an invisible ``st.html`` element
that carries the script; the stylesheet hides its container.

Escape
------
GOV.UK considered and rejected a single Escape press ("we could not be
confident that this would not interfere with other user actions"); in
Streamlit, Escape closes select menus, popovers, dialogs and full-screen
charts. So Escape is off by default; ``escape_key=True`` turns it on, guarded:
it only exits when no menu, list, dialog or popover is open and focus is not
in a text field, checked before Streamlit handles the key.

History
-------
``location.replace`` removes the current history entry only. Streamlit adds a
new entry (``history.pushState``) each time the visitor changes page, so after
visiting three pages Back would still reach two of them. With
``collapse_history=True`` (default) the script turns those pushes into
``history.replaceState``: the whole dashboard is one entry, and the exit
replaces it. The cost: the browser's Back button leaves the dashboard rather
than going to the previous dashboard page (the navigation menu still works).
Plain links to other pages of the site (Markdown links like
``[About the data](/about)``, which Streamlit opens in a NEW TAB that an exit
would leave behind) are followed in the same tab with ``location.replace``.
Still, prefer ``st.page_link`` / ``st.switch_page`` between pages: they stay
in the same document and keep the session. A URL typed into the address bar
adds an entry no script can remove.

Nothing here makes a network request, stores anything, or counts anything.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import streamlit as st
from streamlit.string_util import clean_text

__all__ = [
    "DEFAULT_REDIRECT_URL",
    "QUICK_EXIT_EXPLANATION",
    "quick_exit_html",
    "render_quick_exit",
]

_HERE = Path(__file__).resolve().parent

#: GOV.UK's default: a neutral page, the same for everyone, not personalised.
DEFAULT_REDIRECT_URL = "https://www.bbc.co.uk/weather"

#: Wording from the GOV.UK component (button, hidden prefix and announcements).
_I18N = {
    "buttonText": "Exit this page",
    "regionLabel": "Exit this page",
    "hiddenPrefix": "Emergency",
    "hint": "Or press Shift 3 times",
    "activated": "Loading.",
    "timedOut": "Exit this page expired.",
    "pressTwoMoreTimes": "Shift, press 2 more times to exit.",
    "pressOneMoreTime": "Shift, press 1 more time to exit.",
}

#: Text for an explanation (the GOV.UK "interruption page"), e.g. on the home
#: or About page. Markdown.
QUICK_EXIT_EXPLANATION = """\
**Leaving this site quickly.** Select **Exit this page** at the top of any page,
or press the **Shift** key 3 times, to replace this site at once with the BBC
Weather page. Your browser's Back button will not bring this site back.

This does not erase your browsing history: this site can still be found there.
To stay safer online you can use a private (incognito) window, use a device the
other person cannot reach, or delete this site from your history.
"""


# DOMPurify (which st.html runs even with unsafe_allow_javascript=True) drops
# any element with no child elements whose text looks like markup: "<" followed
# by a letter, "/" or "!". A comment that mentions a tag in angle brackets is
# enough to lose the whole script, silently. So block comments are stripped
# from the assets and the result is checked.
_MARKUP_LIKE = re.compile(r"<[/\w!]")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@cache
def _asset(name: str) -> str:
    text = (_HERE / name).read_text(encoding="utf-8")
    return _BLOCK_COMMENT.sub("", text).strip()


def _script_literal(value: object) -> str:
    """JSON for an inline script: every "<", ">" and "&" escaped (they only occur
    inside strings), so neither the HTML parser nor DOMPurify sees markup."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def quick_exit_html(
    redirect_url: str = DEFAULT_REDIRECT_URL,
    *,
    escape_key: bool = False,
    collapse_history: bool = True,
    hide_developer_chrome: bool = True,
    timeout_ms: int = 5000,
) -> str:
    """The HTML (a marker and one inline script) that ``render_quick_exit`` sends.

    Built once per process and set of options: it runs on every page view.
    """
    if not redirect_url.startswith(("https://", "http://")):
        raise ValueError("redirect_url must be an absolute http(s) URL")
    config = {
        "redirectUrl": redirect_url,
        "escapeKey": bool(escape_key),
        "collapseHistory": bool(collapse_history),
        "hideChrome": bool(hide_developer_chrome),
        "timeoutMs": int(timeout_ms),
        "i18n": _I18N,
        "css": _asset("quick_exit.css"),
    }
    script = "(function(){var VAWG_ETP_CONFIG=" + _script_literal(config) + ";\n" + _asset("quick_exit.js") + "\n})();"
    found = _MARKUP_LIKE.search(script)
    if found:  # would be silently removed by DOMPurify in the browser
        raise RuntimeError(
            f"quick exit script contains markup-like text near {script[found.start() : found.start() + 30]!r}"
        )
    return '<span class="vawg-etp-host" hidden></span><script>' + script + "</script>"


def render_quick_exit(
    redirect_url: str = DEFAULT_REDIRECT_URL,
    *,
    escape_key: bool = False,
    collapse_history: bool = True,
    hide_developer_chrome: bool = True,
) -> None:
    """Put the "Exit this page" button and its keyboard shortcut on the page.

    Call it on every page run, early (before other elements, so the invisible
    carrier element is not between visible ones). Safe to call more than once:
    the button is created once per browser tab and later calls only update the
    settings.

    redirect_url: where the exit goes (a neutral, non-personalised page).
    escape_key: also exit on Escape (guarded; off by default, see module doc).
    collapse_history: make the whole dashboard a single browser-history entry.
    hide_developer_chrome: hide Streamlit's Deploy button, decoration bar and
        host toolbar buttons; does not hide the sidebar toggle or the status.
    """
    st.html(
        _prepared_html(redirect_url, escape_key, collapse_history, hide_developer_chrome),
        unsafe_allow_javascript=True,
    )


class _PreparedHtml:
    """HTML that ``st.html`` sends as it is: through ``_repr_html_``, Streamlit skips its own clean-up.

    ``st.html`` dedents and strips a string body on every call, about a millisecond for this 15 KB
    script, on every page view. The clean-up is done here once, with Streamlit's own function, so
    the browser receives exactly the same body.
    """

    def __init__(self, html: str) -> None:
        self._html = clean_text(html)

    def _repr_html_(self) -> str:
        return self._html


@cache
def _prepared_html(redirect_url: str, escape_key: bool, collapse_history: bool, hide_chrome: bool) -> _PreparedHtml:
    return _PreparedHtml(
        quick_exit_html(
            redirect_url,
            escape_key=escape_key,
            collapse_history=collapse_history,
            hide_developer_chrome=hide_chrome,
        )
    )
