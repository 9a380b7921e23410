"""Browser-test harness: a store, the real app in a subprocess, headless Chromium.

Tier: every test under tests/e2e gets the ``e2e`` marker, and the whole tier is
skipped (with the reason) when there is no ``chromium`` on PATH or Playwright
is not importable. Playwright's own browser download is not used: Debian's
Chromium is launched through ``executable_path``.

Fixtures (names and scopes)
---------------------------
``e2e_store`` (session) -> Path
    A DuckDB store built from data/sample by the project's CLI into a temp dir,
    or the existing store named by env ``E2E_STORE`` (e.g. one built from
    /work/shared/data), used as is.
``app_url`` (session) -> str
    Base URL (``http://127.0.0.1:PORT``, no trailing slash) of the real app,
    ``streamlit run dashboard/app.py`` with ``VAWG_STORE=e2e_store``; the
    process group is always terminated at the end.
``fixture_app_url`` (session) -> str
    The same for the harness's own tiny app (tests/e2e/fixtures_app/app.py),
    which needs no store; the harness and quick-exit tests use it.
``browser`` (session) -> playwright Browser (headless Debian Chromium).
``new_page`` (function) -> factory ``new_page(size="desktop"|"phone") -> Page``;
    each call is a fresh context (own cookies, storage, history).
``desktop_page``, ``phone_page`` (function) -> Page at 1280x900 / 375x812.
``sized_page`` (function, parametrised "desktop" and "phone") -> Page.

Every context aborts requests to hosts other than 127.0.0.1/localhost and
records them: ``external_requests(page)`` lists them (tests can assert the
page makes none). A test that needs a fake outside site routes it on the page
(``page.route(...)``), which takes precedence. A test that fails leaves a
screenshot of each open page in test-artifacts/screenshots/.

Helpers (import with ``from .conftest import open_page, ...``)
---------------------------------------------------------------
``open_page(page, base_url, path="/")``, ``wait_for_streamlit(page)``,
``page_text(page)``, ``run_axe(page)``, ``serious_violations(violations)``,
``assert_no_serious_violations(page_or_violations)``, ``screenshot(page, name)``,
``external_requests(page)``, ``launch_streamlit(script, env=...)``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import pytest

from tests.conftest import SHARED_DATA

try:  # the tier is skipped, not broken, without Playwright
    from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

    _PLAYWRIGHT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - depends on the machine
    Browser = BrowserContext = Page = Route = Any  # type: ignore[assignment,misc]
    sync_playwright = None  # type: ignore[assignment]
    _PLAYWRIGHT_ERROR = f"playwright is not importable: {exc}"

E2E_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = E2E_DIR.parent.parent
APP_SCRIPT = PROJECT_ROOT / "dashboard" / "app.py"
FIXTURE_APP = E2E_DIR / "fixtures_app" / "app.py"
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

#: Seconds to wait for `streamlit run` to answer /_stcore/health.
APP_START_TIMEOUT = float(os.environ.get("E2E_APP_START_TIMEOUT", "90"))
#: Milliseconds to wait for a Streamlit script run to finish in the browser.
RUN_TIMEOUT_MS = float(os.environ.get("E2E_RUN_TIMEOUT_MS", "60000"))
#: Seconds the store build may take (the sample is small; a full store is not).
STORE_BUILD_TIMEOUT = float(os.environ.get("E2E_STORE_BUILD_TIMEOUT", "1800"))

_SKIP_REASON: str | None
if CHROMIUM is None:
    _SKIP_REASON = "e2e tier skipped: no `chromium` on PATH (apt-get install chromium)"
elif _PLAYWRIGHT_ERROR:
    _SKIP_REASON = f"e2e tier skipped: {_PLAYWRIGHT_ERROR}"
else:
    _SKIP_REASON = None


# --------------------------------------------------------------------------
# Marker and tier skip
# --------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: browser tests against a running app (tests/e2e; needs chromium)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        try:
            inside = Path(str(item.path)).resolve().is_relative_to(E2E_DIR)
        except (OSError, ValueError):
            inside = False
        if not inside:
            continue
        item.add_marker(pytest.mark.e2e)
        if _SKIP_REASON:
            item.add_marker(pytest.mark.skip(reason=_SKIP_REASON))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    # Keep each phase's report on the item so fixtures can tell, at teardown,
    # whether the test failed (used for the failure screenshots).
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


# --------------------------------------------------------------------------
# Store and app processes
# --------------------------------------------------------------------------


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process and its whole group (streamlit may fork)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
    else:
        # The leader is gone; make sure nothing it started lingers.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def launch_streamlit(
    script: Path | str,
    *,
    env: dict[str, str] | None = None,
    log_dir: Path | None = None,
    start_timeout: float = APP_START_TIMEOUT,
) -> Iterator[str]:
    """Run ``streamlit run SCRIPT`` on a free local port; yield its base URL.

    The process runs from the project root (so .streamlit/config.toml applies
    and ``import dashboard`` works) in its own process group, which is always
    terminated on exit. Output goes to a log file whose tail is shown if the
    app fails to start.
    """
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    full_env = dict(os.environ)
    full_env.update(env or {})
    pythonpath = full_env.get("PYTHONPATH", "")
    full_env["PYTHONPATH"] = str(PROJECT_ROOT) + (os.pathsep + pythonpath if pythonpath else "")
    full_env["PYTHONUNBUFFERED"] = "1"
    log_dir = Path(log_dir or tempfile.mkdtemp(prefix="vawg-e2e-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"streamlit-{Path(script).stem}-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + start_timeout
        while not _healthy(base_url):
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with {proc.returncode} before answering "
                    f"/_stcore/health ({' '.join(cmd)}):\n{_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer {base_url}/_stcore/health within "
                    f"{start_timeout:.0f}s:\n{_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store the real app reads: env E2E_STORE, else one built from data/sample."""
    configured = os.environ.get("E2E_STORE")
    if configured:
        store = Path(configured).expanduser().resolve()
        if not store.is_file():
            pytest.fail(f"E2E_STORE={configured!r} is not an existing store file", pytrace=False)
        return store
    out_dir = tmp_path_factory.mktemp("store")
    store = out_dir / "vawg.duckdb"
    cmd = [
        sys.executable,
        "-m",
        "dashboard",
        "ingest",
        "--source",
        str(SAMPLE_DIR.relative_to(PROJECT_ROOT)),
        "--store",
        str(store),
    ]
    try:
        done = subprocess.run(
            cmd,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=STORE_BUILD_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"store build timed out after {STORE_BUILD_TIMEOUT:.0f}s: {' '.join(cmd)}", pytrace=False)
    if done.returncode != 0 or not store.is_file():
        output = (done.stdout + "\n" + done.stderr).strip().splitlines()[-40:]
        pytest.fail(
            f"store build failed (exit {done.returncode}): {' '.join(cmd)}\n" + "\n".join(output),
            pytrace=False,
        )
    return store


@pytest.fixture(scope="session")
def vawg_is_sample(e2e_store: Path) -> bool:
    """Whether the store the browser tier runs on holds the sample's VAWG data (else the real extracts')."""
    with duckdb.connect(str(e2e_store), read_only=True) as con:
        return bool(con.execute("SELECT bool_or(is_sample) FROM datasets WHERE dataset = 'mps_vawg'").fetchone()[0])


@pytest.fixture(scope="session")
def camden_latest_12(vawg_is_sample: bool) -> int:
    """Camden's VAWG offences in the latest 12 months, from the raw file the store was built from."""
    raw_file = (SAMPLE_DIR if vawg_is_sample else SHARED_DATA) / "mps_vawg" / "vawg-offences.parquet"
    if not raw_file.is_file():
        pytest.skip(f"the raw VAWG file {raw_file} is not there to check the figures against")
    raw = pd.read_parquet(raw_file, columns=["sheet", "borough_name", "recorded_date_months", "count"])
    location = raw.loc[raw["sheet"] == "Offence count location"]
    months = pd.to_datetime(location["recorded_date_months"]).dt.to_period("M")
    last = months.max()
    return int(location.loc[(location["borough_name"] == "Camden") & (months > last - 12), "count"].sum())


@pytest.fixture(scope="session")
def app_url(e2e_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the real dashboard (dashboard/app.py) reading ``e2e_store``."""
    if not APP_SCRIPT.is_file():
        pytest.fail(f"{APP_SCRIPT.relative_to(PROJECT_ROOT)} does not exist yet", pytrace=False)
    with launch_streamlit(
        APP_SCRIPT.relative_to(PROJECT_ROOT),
        env={"VAWG_STORE": str(e2e_store)},
        log_dir=tmp_path_factory.mktemp("app-log"),
    ) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the harness's own small app (tests/e2e/fixtures_app/app.py)."""
    with launch_streamlit(
        FIXTURE_APP.relative_to(PROJECT_ROOT),
        log_dir=tmp_path_factory.mktemp("fixture-app-log"),
    ) as url:
        yield url


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (no Playwright download)."""
    if _SKIP_REASON:  # also guards direct use outside tests/e2e
        pytest.skip(_SKIP_REASON)
    assert sync_playwright is not None and CHROMIUM is not None
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        manager.stop()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "devtools"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def _block_outside(context: BrowserContext) -> None:
    seen: list[str] = []
    context._vawg_external_requests = seen  # type: ignore[attr-defined]

    def handler(route: Route) -> None:
        url = route.request.url
        if _is_local(url):
            route.fallback()
        else:
            seen.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handler)


def make_context(browser: Browser, size: str = "desktop") -> BrowserContext:
    """A fresh context at a named size ("desktop" 1280x900 or "phone" 375x812)."""
    if size not in VIEWPORTS:
        raise ValueError(f"size must be one of {sorted(VIEWPORTS)}, not {size!r}")
    phone = size == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[size],
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
        locale="en-GB",
        timezone_id="Europe/London",
        reduced_motion="reduce",
        service_workers="block",
    )
    context.set_default_timeout(RUN_TIMEOUT_MS)
    _block_outside(context)
    return context


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """Factory: ``new_page("desktop"|"phone") -> Page``, each in its own context."""
    opened: list[tuple[str, BrowserContext, Page]] = []

    def factory(size: str = "desktop") -> Page:
        context = make_context(browser, size)
        page = context.new_page()
        opened.append((size, context, page))
        return page

    yield factory

    report = getattr(request.node, "_e2e_report_call", None)
    failed = report is not None and report.failed
    for number, (size, context, page) in enumerate(opened, start=1):
        if failed and not page.is_closed():
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
            with contextlib.suppress(Exception):
                screenshot(page, f"FAILED-{name}-{size}-{number}", full_page=False)
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def desktop_page(new_page: Callable[..., Page]) -> Page:
    return new_page("desktop")


@pytest.fixture
def phone_page(new_page: Callable[..., Page]) -> Page:
    return new_page("phone")


@pytest.fixture(params=["desktop", "phone"])
def sized_page(request: pytest.FixtureRequest, new_page: Callable[..., Page]) -> Page:
    """Runs the test once at each size; ``request.param`` is the size name."""
    return new_page(request.param)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

# True once the app has settled: script not running, no status widget
# ("Running..."/"Stop"/"Connecting"), no element still fetching its code, main block present, and all of
# that unchanged for `settleMs`.
# An exception element ends the wait at once (reported by the caller).
_SETTLED_JS = """
({settleMs}) => {
  const w = window.__e2eSettle || (window.__e2eSettle = {since: 0});
  if (document.querySelector('[data-testid="stException"]')) return true;
  const app = document.querySelector('[data-testid="stApp"]');
  // The status widget ("Running..."/"Stop", "Connecting") is only there while
  // something is going on.
  const running = !!document.querySelector('[data-testid="stStatusWidget"]');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  // Streamlit fetches an element's code on its first use and shows a skeleton meanwhile
  // (a page link, a table): the run is over but the element is not on the page yet.
  const loading = !!document.querySelector('[data-testid="stSkeleton"]');
  const state = app && app.getAttribute("data-test-script-state");
  const ok = !!app && state === "notRunning" && !running && !loading && !!main;
  const now = performance.now();
  if (!ok) { w.since = 0; return false; }
  if (!w.since) { w.since = now; }
  return now - w.since >= settleMs;
}
"""


def _describe_state(page: Page) -> str:
    with contextlib.suppress(Exception):
        return page.evaluate(
            """() => {
              const app = document.querySelector('[data-testid="stApp"]');
              const status = document.querySelector('[data-testid="stStatusWidget"]');
              return JSON.stringify({
                url: location.href,
                scriptState: app && app.getAttribute("data-test-script-state"),
                connection: app && app.getAttribute("data-test-connection-state"),
                status: status && status.textContent,
                main: !!document.querySelector('[data-testid="stMainBlockContainer"]'),
              });
            }"""
        )
    return "(page state unavailable)"


def exception_texts(page: Page) -> list[str]:
    """Text of every Streamlit exception box on the page."""
    return [text.strip() for text in page.locator('[data-testid="stException"]').all_inner_texts()]


def assert_no_exceptions(page: Page) -> None:
    errors = exception_texts(page)
    if errors:
        joined = "\n---\n".join(errors)
        pytest.fail(f"{len(errors)} Streamlit exception(s) on {page.url}:\n{joined}", pytrace=False)


def wait_for_streamlit(page: Page, *, timeout_ms: float = RUN_TIMEOUT_MS, settle_ms: int = 400) -> Page:
    """Wait until the app has finished running, then fail on any stException.

    Use after anything that makes Streamlit rerun (a click on a widget, a page
    link). The run must stay finished for ``settle_ms`` before it counts, so a
    rerun that has not started yet is not mistaken for a finished one.
    """
    page.evaluate("() => { window.__e2eSettle = {since: 0}; }")
    try:
        page.wait_for_function(_SETTLED_JS, arg={"settleMs": settle_ms}, timeout=timeout_ms, polling=100)
    except Exception as exc:  # playwright TimeoutError; keep the message useful
        assert_no_exceptions(page)
        pytest.fail(
            f"Streamlit did not finish running within {timeout_ms / 1000:.0f}s: "
            f"{_describe_state(page)} ({type(exc).__name__})",
            pytrace=False,
        )
    assert_no_exceptions(page)
    return page


def open_page(page: Page, base_url: str, path: str = "/", *, timeout_ms: float = RUN_TIMEOUT_MS) -> Page:
    """Go to ``base_url + path`` and wait until Streamlit has finished (see wait_for_streamlit)."""
    url = base_url.rstrip("/") + "/" + path.lstrip("/")
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout_ms)
    return wait_for_streamlit(page, timeout_ms=timeout_ms)


def open_sections(page: Page, *, timeout_ms: float = RUN_TIMEOUT_MS) -> Page:
    """Open every closed section of a long page, top to bottom, as a reader working down it would.

    Sections are lazy (their content is sent only once opened), so each opening reruns the page;
    a section can hold no further sections, but the loop does not rely on it.
    """
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(40):
        if closed.count() == 0:
            return page
        closed.first.click()
        wait_for_streamlit(page, timeout_ms=timeout_ms)
    pytest.fail("sections kept appearing closed after 40 openings", pytrace=False)


def page_text(page: Page, selector: str = "body") -> str:
    """Visible text of the page (or of ``selector``), as a visitor would read it."""
    return page.locator(selector).first.inner_text()


def run_axe(page: Page, *, context: str | None = None, options: dict | None = None) -> list[dict]:
    """Run axe-core (bundled with axe_playwright_python) and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    run_options = {"resultTypes": ["violations"]}
    run_options.update(options or {})
    results = Axe().run(page, context=context, options=run_options)
    return list(results.response.get("violations", []))


SERIOUS_IMPACTS = frozenset({"serious", "critical"})


def serious_violations(violations: list[dict], *, ignore: tuple[str, ...] = ()) -> list[dict]:
    return [v for v in violations if v.get("impact") in SERIOUS_IMPACTS and v.get("id") not in ignore]


def format_violations(violations: list[dict], *, max_targets: int = 5) -> str:
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        targets = [" ".join(map(str, node.get("target", []))) for node in nodes[:max_targets]]
        more = f" (+{len(nodes) - max_targets} more)" if len(nodes) > max_targets else ""
        lines.append(
            f"- [{violation.get('impact')}] {violation.get('id')}: {violation.get('help')}\n"
            f"    {violation.get('helpUrl', '')}\n"
            f"    targets: {'; '.join(targets)}{more}"
        )
    return "\n".join(lines)


def assert_no_serious_violations(
    page_or_violations: Page | list[dict],
    *,
    ignore: tuple[str, ...] = (),
    context: str | None = None,
) -> list[dict]:
    """Fail listing every serious/critical axe violation; return all violations.

    Pass a Page (axe is run on it) or the list ``run_axe`` returned. ``ignore``
    takes rule ids to leave out (say why where you use it).
    """
    if isinstance(page_or_violations, list):
        violations = page_or_violations
        where = ""
    else:
        violations = run_axe(page_or_violations, context=context)
        where = f" on {page_or_violations.url}"
    bad = serious_violations(violations, ignore=ignore)
    if bad:
        pytest.fail(
            f"{len(bad)} serious/critical accessibility violation(s){where}:\n" + format_violations(bad),
            pytrace=False,
        )
    return violations


_FULL_HEIGHT_JS = """
() => {
  let height = document.documentElement.scrollHeight;
  for (const sel of ['[data-testid="stMain"]', '[data-testid="stAppScrollToBottomContainer"]',
                     '[data-testid="stSidebarContent"]']) {
    const el = document.querySelector(sel);
    if (el) { height = Math.max(height, el.scrollHeight + el.getBoundingClientRect().top); }
  }
  return Math.ceil(height);
}
"""


def screenshot(page: Page, name: str, *, full_page: bool = True, max_height: int = 12000) -> Path:
    """Save a PNG to test-artifacts/screenshots/NAME.png and return its path.

    Streamlit scrolls inside its own container, so Playwright's ``full_page``
    alone gets only the viewport; for a full page the viewport is stretched to
    the content's height for the shot, then put back.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    viewport = page.viewport_size
    if not full_page or viewport is None:
        page.screenshot(path=str(path))
        return path
    height = min(int(page.evaluate(_FULL_HEIGHT_JS)), max_height)
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        try:
            page.wait_for_timeout(300)
            page.screenshot(path=str(path), full_page=True)
        finally:
            page.set_viewport_size(viewport)
    else:
        page.screenshot(path=str(path), full_page=True)
    return path


def external_requests(page: Page) -> list[str]:
    """URLs this page's context tried to fetch from outside 127.0.0.1/localhost (all blocked)."""
    return list(getattr(page.context, "_vawg_external_requests", []))
