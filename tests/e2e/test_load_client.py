"""The load benchmark's protocol client (benchmarks/load/protocol.py) against real Streamlit servers.

What the load figures rest on: a view sent over the websocket runs the page that was asked for
and ends at script_finished, its elements are counted, the browser's message cache is kept,
and a page that raises is reported as an error even though Streamlit says it finished. No
timing is asserted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load.protocol import StreamlitClient

from .conftest import PROJECT_ROOT, launch_streamlit

REFERENCE_APP = PROJECT_ROOT / "benchmarks" / "load" / "reference_app.py"
FAILING_APP = "import streamlit as st\nst.title('Before the failure')\nraise RuntimeError('deliberate failure')\n"


@pytest.fixture(scope="module")
def reference_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with launch_streamlit(
        REFERENCE_APP.relative_to(PROJECT_ROOT), log_dir=tmp_path_factory.mktemp("reference-log")
    ) as url:
        yield url


@pytest.fixture(scope="module")
def failing_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("failing-app")
    script = Path(folder) / "failing_app.py"
    script.write_text(FAILING_APP, encoding="utf-8")
    with launch_streamlit(script, log_dir=folder) as url:
        yield url


@pytest.fixture
def tabs() -> Iterator[list[StreamlitClient]]:
    opened: list[StreamlitClient] = []
    yield opened
    for client in opened:
        client.close()


def open_tab(tabs: list[StreamlitClient], url: str, path: str) -> StreamlitClient:
    client = StreamlitClient(url, timeout=90)
    tabs.append(client)
    client.open(path)
    return client


def test_a_dashboard_view_finishes_with_its_elements_and_navigation_reaches_the_page_asked_for(
    app_url: str, tabs: list[StreamlitClient]
) -> None:
    client = open_tab(tabs, app_url, "/trends?borough=Camden")

    first = client.view("/trends?borough=Camden")
    assert first.load_seconds is None  # the tab was opened at this URL: no second page load
    assert first.finish_status == "FINISHED_SUCCESSFULLY"
    assert first.error is None, first.error
    assert first.elements > 10
    assert first.cached_refs == 0  # a new tab has nothing cached

    # The same page without its query string (London) is a page load too: rerun in place, the
    # page's widgets would keep Camden.
    london = client.view("/trends")
    assert london.load_seconds is not None
    assert london.error is None, london.error

    # In-app navigation reruns with the page's own hash from ForwardMsg.navigation; a rerun with
    # app.py's hash would quietly serve Home, which the client reports as the wrong page.
    about = client.view("/about")
    assert about.load_seconds is None
    assert about.error is None, about.error
    assert about.wrong_page == ""
    assert about.elements > 0
    # The tab lists the large messages it holds (the quick-exit frame on every page is over 10 KB);
    # the server sends references to them instead of the messages.
    assert about.cached_refs >= 1

    # A link or shared URL with a query string is a page load: a new session and an empty cache.
    linked = client.view("/boroughs?borough=Hackney")
    assert linked.load_seconds is not None
    assert linked.error is None, linked.error
    assert linked.cached_refs == 0

    missing = client.view("/no-such-page")
    assert missing.page_not_found
    assert missing.error == "page not found"


def test_the_reference_page_is_one_chart_and_one_table(reference_url: str, tabs: list[StreamlitClient]) -> None:
    client = open_tab(tabs, reference_url, "/")

    for _ in range(2):
        result = client.view("/")
        assert result.finish_status == "FINISHED_SUCCESSFULLY"
        assert result.error is None, result.error
        assert result.elements == 2


def test_a_page_that_raises_finishes_but_counts_as_an_error(failing_url: str, tabs: list[StreamlitClient]) -> None:
    client = open_tab(tabs, failing_url, "/")

    result = client.view("/")

    assert result.finish_status == "FINISHED_SUCCESSFULLY"  # what Streamlit says
    assert len(result.exceptions) == 1
    assert "RuntimeError" in result.exceptions[0]
    assert "deliberate failure" in result.exceptions[0]
    assert result.error is not None and "exception" in result.error


def test_the_startup_probe_warm_up_builds_every_page_and_fails_on_a_worker_that_is_not_there(
    app_url: str, e2e_store: Path
) -> None:
    """`python -m serve.warm URL` (a pod's startup probe): exit 0 once every view was built, 1 otherwise."""
    import subprocess
    import sys

    from .conftest import _free_port

    def warm(url: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "serve.warm", url, "--store", str(e2e_store), "--scope", "pages"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )

    built = warm(app_url)
    assert built.returncode == 0, built.stderr
    assert "8 of 8 views built" in built.stdout and "failed" not in built.stdout
    missing = warm(f"http://127.0.0.1:{_free_port()}")
    assert missing.returncode == 1
    assert "0 of 8 views built" in missing.stderr and "failed" in missing.stderr
