"""Locust users that visit the dashboard through Streamlit's websocket protocol (see protocol.py).

Run by `python -m benchmarks.load`, which writes a plan (JSON) and starts
`locust -f benchmarks/load/locustfile.py --headless --load-plan PLAN USERCLASS`:

- ``PressDayVisitor``: one browser tab, a view every ``pacing`` seconds, ``views_per_visitor``
  views, then leaves; the run ends when the last visitor has left (or at Locust's --run-time,
  the bound). Views with a query string are page loads (links, shared URLs), the others in-app
  navigation (protocol.StreamlitClient.view).
- ``ClosedLoopVisitor``: visitors back to back with no wait, each a new tab (new cookies, so
  HAProxy places it afresh) for ``views_per_visitor`` views; runs until --run-time.
- ``PerViewVisitor``: one visitor with two tabs, the dashboard and the reference page, viewing
  each dashboard page and then the reference, ``repeats`` times; the first round is marked warm-up.

Each view is reported to Locust as request type ``view`` named by its page template (borough
shown as '*'), with the server time (rerun sent -> script finished) as its response time, and an
exception element, a missing page or a protocol failure as its failure. Each view is also
written, exactly, to the plan's JSONL samples file: Locust rounds response times in its
percentiles, the summary does not.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, constant, constant_pacing, events, task
from locust.clients import HttpSession

from benchmarks.load.protocol import ProtocolError, StreamlitClient, ViewResult
from benchmarks.load.views import PAGES, PER_VIEW_BOROUGH, ViewDeck, fill, label
from benchmarks.load.worker_usage import cpu_seconds

PLAN: dict[str, Any] = {}
DECK: ViewDeck | None = None
_SAMPLES: Any = None
_FINISHED_VISITORS = 0
_RUN_USAGE: dict[str, tuple[float, float]] = {}
CPU_SETTLE_SECONDS = 0.05


class ViewFailed(Exception):
    """A view that finished with an error the page showed, or never finished."""


@events.init_command_line_parser.add_listener
def _add_arguments(parser: Any) -> None:
    parser.add_argument("--load-plan", type=str, default="", help="JSON plan written by python -m benchmarks.load")


@events.init.add_listener
def _load_plan(environment: Any, **_: Any) -> None:
    global DECK, _SAMPLES
    path = getattr(environment.parsed_options, "load_plan", "") if environment.parsed_options else ""
    if not path:
        raise SystemExit("benchmarks/load/locustfile.py needs --load-plan (run it through python -m benchmarks.load)")
    PLAN.update(json.loads(Path(path).read_text(encoding="utf-8")))
    DECK = ViewDeck(PLAN["boroughs"], seed=PLAN.get("seed", 10))
    _SAMPLES = open(PLAN["samples"], "a", encoding="utf-8")  # noqa: SIM115 - closed at quitting
    PressDayVisitor.wait_time = constant_pacing(PLAN.get("pacing", 10))


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@events.test_start.add_listener
def _note_start(**_: Any) -> None:
    _RUN_USAGE["started"] = (time.monotonic(), _own_cpu_seconds())


@events.test_stop.add_listener
def _write_usage(**_: Any) -> None:
    """What the load generator itself cost from the first user to the last (Locust's start-up left out)."""
    if "started" not in _RUN_USAGE or not PLAN.get("usage"):
        return
    wall_start, cpu_start = _RUN_USAGE["started"]
    Path(PLAN["usage"]).write_text(
        json.dumps({"cpu_seconds": _own_cpu_seconds() - cpu_start, "wall_seconds": time.monotonic() - wall_start}),
        encoding="utf-8",
    )


@events.quitting.add_listener
def _close_samples(**_: Any) -> None:
    if _SAMPLES is not None:
        _SAMPLES.close()


class StreamlitVisitor(HttpUser):
    """A visitor's browser: tabs on Streamlit apps, views reported to Locust and to the samples file."""

    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        self.tabs: list[StreamlitClient] = []
        self.visit = 0
        self.has_left = False

    def on_stop(self) -> None:
        for tab in self.tabs:
            tab.close()
        self.tabs = []

    def new_tab(self, http: HttpSession) -> StreamlitClient:
        """A browser tab on the app ``http`` reaches; it loads a page at its first visit."""
        tab = StreamlitClient(http.base_url, http, timeout=PLAN.get("timeout", 120), label_requests=True)
        self.tabs.append(tab)
        return tab

    def view(
        self,
        tab: StreamlitClient,
        app: str,
        name: str,
        path: str,
        *,
        warmup: bool = False,
        cpu_pid: int | None = None,
        pair: str | None = None,
    ) -> None:
        """Show ``path`` in ``tab`` as a visitor's browser would (protocol.StreamlitClient.view); report it.

        pair: for a reference view, the dashboard page it is compared with (per view).

        A page load the view needs is reported on its own (request type ``open``): the view's
        time is its server time only. With ``cpu_pid`` (the worker serving the tab, when one
        visitor is alone on it), the view's server CPU time is recorded too: far less moved by
        other work on the machine than wall time.
        """
        started = time.time()
        try:
            if tab.needs_load(path):
                opened = time.time()
                seconds = tab.open(path)
                self._report("open", f"{app} page load", opened, seconds, 0, None)
            cpu_before = cpu_seconds(cpu_pid) if cpu_pid else None
            started = time.time()
            result = tab.view(path)
        except ProtocolError as error:
            tab.close()  # the next visit loads the page again, as a visitor reloading would
            self._report("view", name, started, time.time() - started, 0, ViewFailed(str(error)))
            self._sample(
                app=app,
                kind="view",
                label=name,
                path=path,
                started=started,
                seconds=None,
                warmup=warmup,
                error=str(error),
            )
            return
        server_cpu = None
        if cpu_pid and cpu_before is not None:
            gevent.sleep(CPU_SETTLE_SECONDS)  # the server's event loop finishes sending before its CPU is read
            cpu_after = cpu_seconds(cpu_pid)
            server_cpu = cpu_after - cpu_before if cpu_after is not None else None
        self._record(app, name, started, result, warmup, server_cpu, pair)

    def _record(
        self,
        app: str,
        name: str,
        started: float,
        result: ViewResult,
        warmup: bool,
        server_cpu: float | None,
        pair: str | None = None,
    ) -> None:
        error = result.error
        self._report(
            "view",
            name,
            started,
            result.server_seconds,
            result.bytes_received,
            ViewFailed(error[:300]) if error else None,
        )
        self._sample(
            app=app,
            kind="view",
            label=name,
            path=result.path,
            started=started,
            seconds=result.server_seconds,
            warmup=warmup,
            error=error,
            elements=result.elements,
            cached_refs=result.cached_refs,
            exceptions=len(result.exceptions),
            bytes=result.bytes_received,
            messages=result.messages,
            server_cpu_seconds=server_cpu,
            pair=pair,
        )

    def _report(
        self, kind: str, name: str, started: float, seconds: float, length: int, error: Exception | None
    ) -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            start_time=started,
            response_time=seconds * 1000,
            response_length=length,
            exception=error,
            context={},
        )

    def _sample(self, **fields: Any) -> None:
        if _SAMPLES is not None:
            fields["visitor"] = f"{id(self):x}-{self.visit}"
            _SAMPLES.write(json.dumps(fields) + "\n")

    def _leave(self) -> None:
        """This visitor is done: close its tabs and idle; the last one to leave ends the run.

        A visitor that stopped (StopUser) while Locust is still ramping up would be replaced by
        a new one, so a visitor who has left stays, idle, until the run ends.
        """
        global _FINISHED_VISITORS
        self.on_stop()
        self.has_left = True
        _FINISHED_VISITORS += 1
        if PLAN.get("visitors", 1) <= _FINISHED_VISITORS:
            _SAMPLES.flush()
            gevent.spawn_later(0.5, self.environment.runner.quit)


class PressDayVisitor(StreamlitVisitor):
    """Opens a view every ``pacing`` seconds (Locust's constant pacing), ``views_per_visitor`` times."""

    def on_start(self) -> None:
        super().on_start()
        self.tab = self.new_tab(self.client)
        self.views_done = 0

    @task
    def next_view(self) -> None:
        assert DECK is not None
        if self.has_left:
            return
        name, path = DECK.draw()
        self.view(self.tab, "dashboard", name, path)
        self.views_done += 1
        if self.views_done >= PLAN.get("views_per_visitor", 6):
            self._leave()


class ClosedLoopVisitor(StreamlitVisitor):
    """Visitors back to back with no wait: a new tab and new cookies every ``views_per_visitor`` views."""

    def on_start(self) -> None:
        super().on_start()
        self.tab = self.new_tab(self.client)
        self.views_in_visit = 0

    @task
    def next_view(self) -> None:
        assert DECK is not None
        name, path = DECK.draw()
        if self.views_in_visit >= PLAN.get("views_per_visitor", 6):
            self.tab.close()
            self.client.cookies.clear()  # a new visitor: HAProxy places it afresh
            self.visit += 1
            self.views_in_visit = 0
        self.view(self.tab, "dashboard", name, path)
        self.views_in_visit += 1


#: A pause after each per-view view. Measured here (Streamlit 1.67, a bare two-page app, two tabs
#: taking turns): a view asked for within about 40 ms of the other tab's view ending took 44-50 ms
#: instead of 15, whichever page it was, while the other tab's views took 15 ms; with 0.2 s between
#: views both took 15 ms. Back to back, the page measured first in each pair paid that stall and the
#: reference never did. A visitor never asks for a view within 40 ms, so both tabs pause alike.
PER_VIEW_PAUSE_SECONDS = 0.2


class PerViewVisitor(StreamlitVisitor):
    """One visitor, two tabs: each dashboard page then the reference page, ``repeats`` rounds."""

    @task
    def measure(self) -> None:
        if self.has_left:  # no wait time between tasks here: idle without spinning until the run ends
            gevent.sleep(1)
            return
        views = [(label(t), fill(t, PLAN.get("borough") or PER_VIEW_BOROUGH)) for t in PAGES]
        reference_http = HttpSession(
            base_url=PLAN["reference_url"], request_event=self.environment.events.request, user=self
        )
        pids = PLAN.get("cpu_pids", {})
        dashboard, reference = self.new_tab(self.client), self.new_tab(reference_http)
        for round_number in range(PLAN.get("repeats", 15)):
            warmup = round_number == 0
            for name, path in views:
                # A link with a query string is a page load in a browser: a new session, whose first
                # run costs more than a rerun (about 45 ms here for the bare page, against 15). The
                # reference view after it is a page load too, so each page meets the bare page
                # asked for the same way; the report pairs them.
                fresh = dashboard.needs_load(path)
                self.view(dashboard, "dashboard", name, path, warmup=warmup, cpu_pid=pids.get("dashboard"))
                gevent.sleep(PER_VIEW_PAUSE_SECONDS)
                if fresh:
                    reference.close()
                self.view(
                    reference,
                    "reference",
                    "reference /",
                    "/",
                    warmup=warmup,
                    cpu_pid=pids.get("reference"),
                    pair=name,
                )
                gevent.sleep(PER_VIEW_PAUSE_SECONDS)
        self._leave()
