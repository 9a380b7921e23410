"""The quick exit's HTML, without a browser (the behaviour is tested in tests/e2e/test_quick_exit.py)."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.components import quick_exit
from dashboard.components.quick_exit import DEFAULT_REDIRECT_URL, quick_exit_html


def _config(html: str) -> dict:
    match = re.search(r"var VAWG_ETP_CONFIG=(\{.*?\});\n", html, re.DOTALL)
    assert match, "config literal not found"
    return json.loads(match.group(1))


def test_one_marker_and_one_inline_script() -> None:
    html = quick_exit_html()
    assert html.startswith('<span class="vawg-etp-host" hidden></span><script>')
    assert html.endswith("</script>")
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "src=" not in html  # nothing loaded from anywhere


def test_script_survives_dompurify() -> None:
    # DOMPurify drops a <script> whose text looks like markup ("<" then a letter, "/" or "!").
    html = quick_exit_html()
    body = html[html.index("<script>") + len("<script>") : html.rindex("</script>")]
    assert not re.search(r"<[/\w!]", body)


def test_config_defaults_follow_govuk() -> None:
    config = _config(quick_exit_html())
    assert config["redirectUrl"] == DEFAULT_REDIRECT_URL == "https://www.bbc.co.uk/weather"
    assert config["escapeKey"] is False
    assert config["collapseHistory"] is True
    assert config["timeoutMs"] == 5000
    i18n = config["i18n"]
    assert i18n["buttonText"] == "Exit this page"
    assert i18n["hiddenPrefix"] == "Emergency"
    assert i18n["activated"] == "Loading."
    assert i18n["pressTwoMoreTimes"] == "Shift, press 2 more times to exit."
    assert i18n["pressOneMoreTime"] == "Shift, press 1 more time to exit."
    assert i18n["timedOut"] == "Exit this page expired."
    assert ".vawg-etp__button" in config["css"]


def test_options_reach_the_script() -> None:
    config = _config(
        quick_exit_html("https://example.org/", escape_key=True, collapse_history=False, hide_developer_chrome=False)
    )
    assert config["redirectUrl"] == "https://example.org/"
    assert (config["escapeKey"], config["collapseHistory"], config["hideChrome"]) == (True, False, False)


def test_url_cannot_break_out_of_the_script() -> None:
    html = quick_exit_html("https://example.org/</script><script>alert(1)</script>")
    assert html.count("</script>") == 1
    assert _config(html)["redirectUrl"] == "https://example.org/</script><script>alert(1)</script>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/relative", "bbc.co.uk/weather", ""])
def test_only_absolute_http_urls(url: str) -> None:
    with pytest.raises(ValueError):
        quick_exit_html(url)


def test_no_outside_requests_in_the_assets() -> None:
    for name in ("quick_exit.js", "quick_exit.css"):
        text = quick_exit._asset(name)
        for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "url(", "@import", "localStorage", "cookie"):
            assert forbidden not in text, f"{name} contains {forbidden}"
