"""Issue 10, `make serve`: two Streamlit workers behind HAProxy, in a real browser.

Through the balancer a page loads with its figure, a chart card's CSV download comes from the
worker that holds the session (sticky cookie), and a second visitor is served. Then the worker
that is not serving the first visitor is killed: the first visitor's session carries on, a new
visitor is served, and the supervisor starts the killed worker again on its port, where HAProxy's
health check puts it back. `python -m serve` runs with `--bind 127.0.0.1` on a free port.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.words.catalog import TRENDS_TITLE

from .conftest import (
    APP_START_TIMEOUT,
    PROJECT_ROOT,
    RUN_TIMEOUT_MS,
    _free_port,
    _healthy,
    _tail,
    open_page,
    page_text,
    wait_for_streamlit,
)

pytestmark = pytest.mark.skipif(
    shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").is_file(),
    reason="no haproxy: `make haproxy` (apt-get install haproxy) installs it",
)

WORKERS = 2
SERVING_PREFIX = "serving http://"
#: Generous: two workers start at once on a shared two-core machine.
SERVE_START_TIMEOUT = max(APP_START_TIMEOUT, 180.0)
RESTART_TIMEOUT = SERVE_START_TIMEOUT
#: Warming builds every view (every page, every borough's two pages) on one worker: minutes on a busy machine.
WARM_AGAIN_TIMEOUT = 420.0


@dataclass
class Balancer:
    url: str
    run_dir: Path
    log_path: Path
    proc: subprocess.Popen[bytes]

    def state(self) -> dict:
        return json.loads((self.run_dir / "workers.json").read_text(encoding="utf-8"))

    def worker(self, name: str) -> dict:
        return next(w for w in self.state()["workers"] if w["name"] == name)

    def server_status(self, name: str) -> str:
        """HAProxy's own view of one worker (UP, DOWN, ...), from its loopback stats page as CSV."""
        with urllib.request.urlopen(self.state()["stats_url"] + ";csv", timeout=5) as response:
            for line in response.read().decode().splitlines():
                fields = line.split(",")
                if fields[:2] == ["streamlit", name]:
                    return fields[17]
        return "(not listed)"


def _stop_serve(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets serve stop HAProxy and every worker itself; SIGKILL its group only if it hangs."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@pytest.fixture(scope="module")
def balancer(e2e_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Balancer]:
    run_dir = tmp_path_factory.mktemp("serve")
    log_path = run_dir / "serve.log"
    port = _free_port()
    command = [
        sys.executable, "-m", "serve", "--workers", str(WORKERS), "--port", str(port), "--bind", "127.0.0.1",
        "--store", str(e2e_store), "--run-dir", str(run_dir), "--start-timeout", str(SERVE_START_TIMEOUT),
        # Each page's own view and one borough's: the same warm-up path as every view, in a tenth of the time.
        "--warm", "pages",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVE_START_TIMEOUT + 30
        while SERVING_PREFIX not in log_path.read_text(errors="replace"):
            if proc.poll() is not None:
                pytest.fail(f"python -m serve exited with {proc.returncode}:\n{_tail(log_path)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"python -m serve did not say {SERVING_PREFIX!r}:\n{_tail(log_path)}", pytrace=False)
            time.sleep(0.25)
        serving = next(line for line in log_path.read_text().splitlines() if line.startswith(SERVING_PREFIX))
        url = re.match(r"serving (http://\S+) with 2 workers \(store: .+\)$", serving)
        assert url, serving
        yield Balancer(url=url.group(1), run_dir=run_dir, log_path=log_path, proc=proc)
    finally:
        _stop_serve(proc)


def _wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f}s for {what}", pytrace=False)
        time.sleep(0.5)


def _pinned_worker(page) -> str:
    """The worker HAProxy pinned this browser context to: the sticky cookie's value."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert "vawg_worker" in cookies, f"no sticky cookie in {sorted(cookies)}"
    return cookies["vawg_worker"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_balancer_answers_health_and_pins_a_visitor_to_a_worker(balancer):
    state = balancer.state()
    names = [w["name"] for w in state["workers"]]
    assert names == ["w1", "w2"] and state["port"] == int(balancer.url.rsplit(":", 1)[1])
    assert all(_alive(w["pid"]) for w in state["workers"]) and _alive(state["haproxy_pid"])
    with urllib.request.urlopen(balancer.url + "/_stcore/health", timeout=10) as response:
        assert response.status == 200
        cookies = response.headers.get_all("Set-Cookie") or []
    pinned = [c for c in cookies if c.startswith("vawg_worker=")]
    assert len(pinned) == 1 and pinned[0].split(";")[0].split("=")[1] in names, cookies
    assert "HttpOnly" in pinned[0]
    for name in names:
        # "UP 1/2" until the first check has passed; then plain "UP".
        _wait_until(lambda name=name: balancer.server_status(name) == "UP", timeout=60, what=f"{name} UP in HAProxy")


def test_sessions_download_and_survive_the_death_of_another_worker(balancer, new_page):
    # Visitor A: a page with its figure, and a chart card's CSV download, which Streamlit serves
    # from /media/ on the worker that holds the session.
    page_a = open_page(new_page("desktop"), balancer.url, "/trends")
    assert page_a.get_by_role("heading", name=TRENDS_TITLE).count() == 1
    page_a.locator('[data-testid="stPlotlyChart"]').first.wait_for(state="visible")
    page_a.get_by_role("tab", name="Download").first.click()
    wait_for_streamlit(page_a)  # the tab's content is sent when it is opened, over the pinned websocket
    button = page_a.get_by_role("button", name=re.compile(r"^Download CSV")).filter(visible=True).first
    with page_a.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert "/media/" in download.url
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    assert body.startswith("#") and "," in body and len(body.splitlines()) > 3
    worker_a = _pinned_worker(page_a)

    # Visitor B, in a context of its own, is served too.
    page_b = open_page(new_page("desktop"), balancer.url, "/")
    assert page_text(page_b).strip()
    worker_b = _pinned_worker(page_b)

    # Kill the worker that is not serving A (B's, when leastconn has spread them as expected).
    victim = next(w for w in balancer.state()["workers"] if w["name"] != worker_a)
    sockets_opened: dict[str, list[str]] = {"a": [], "b": []}
    page_a.on("websocket", lambda socket: sockets_opened["a"].append(socket.url))
    page_b.on("websocket", lambda socket: sockets_opened["b"].append(socket.url))
    os.killpg(victim["pid"], signal.SIGKILL)
    _wait_until(lambda: not _alive(victim["pid"]), timeout=30, what=f"{victim['name']} to die")

    # A's session carries on: a widget change reruns A's script on A's worker and shows new content.
    page_a.get_by_role("combobox", name="Area").click()
    page_a.keyboard.type("Camden")
    page_a.keyboard.press("Enter")
    wait_for_streamlit(page_a)
    page_a.wait_for_url("**borough=Camden**")
    assert "Camden" in page_text(page_a)
    assert _pinned_worker(page_a) == worker_a
    # The same websocket all along: A's session was never cut and recreated.
    assert sockets_opened["a"] == []

    # A new visitor is served (by the live worker, or the killed one if it is already back).
    page_c = open_page(new_page("desktop"), balancer.url, "/trends?borough=Hackney")
    assert "Hackney" in page_text(page_c)

    # B, if it was on the killed worker, reconnects by itself and is sent to a live worker (redispatch).
    if worker_b == victim["name"]:
        deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
        while not sockets_opened["b"] and time.monotonic() < deadline:
            page_b.wait_for_timeout(250)
        assert sockets_opened["b"], "B's page did not reconnect after its worker died"
        wait_for_streamlit(page_b)
        assert page_text(page_b).strip()

    # The supervisor started the killed worker again on its port, and HAProxy put it back.
    _wait_until(
        lambda: balancer.worker(victim["name"])["pid"] != victim["pid"],
        timeout=RESTART_TIMEOUT,
        what=f"workers.json to show a new pid for {victim['name']}",
    )
    restarted = balancer.worker(victim["name"])
    assert restarted["port"] == victim["port"] and restarted["restarts"] == 1 and _alive(restarted["pid"])
    _wait_until(
        lambda: _healthy(f"http://127.0.0.1:{victim['port']}"),
        timeout=RESTART_TIMEOUT,
        what=f"the restarted {victim['name']} to answer /_stcore/health",
    )
    # Healthy is not enough: serve holds it in maintenance until it has built every view again
    # (a cold worker makes its first visitors wait seconds), then puts it back in rotation.
    warm_again = f"{victim['name']} warm again"
    assert balancer.server_status(victim["name"]).startswith("MAINT") or warm_again in _log(balancer)
    _wait_until(lambda: warm_again in _log(balancer), timeout=WARM_AGAIN_TIMEOUT, what=f"serve to say {warm_again!r}")
    _wait_until(
        lambda: balancer.server_status(victim["name"]) == "UP",
        timeout=60,
        what=f"HAProxy to mark {victim['name']} UP again",
    )
    assert f"{victim['name']} healthy again" in _log(balancer)


def _log(balancer: Balancer) -> str:
    return balancer.log_path.read_text(errors="replace")
