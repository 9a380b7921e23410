"""The serve run: build the store once, start the workers, then HAProxy; restart workers that die; stop it all."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from serve import haproxy, warm
from serve.ports import free_loopback_ports, port_is_free
from serve.processes import log_tail, stop_all
from serve.settings import ServeSettings
from serve.state import remove_state, write_state
from serve.worker import Worker, answers_health, worker_env

POLL_SECONDS = 0.5
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StartupError(Exception):
    """Something serve needs is missing or would not start; the message says which and why."""


class _StopRequested(Exception):
    """A stop signal arrived while serve was still starting."""


def say(line: str) -> None:
    # Flushed at once: scripts that start serve wait for these lines on a pipe.
    print(line, flush=True)


def _exit_words(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


class Supervisor:
    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.run_dir = settings.run_dir
        self.workers: list[Worker] = []
        self.balancer: subprocess.Popen[bytes] | None = None
        self.stats_port = 0
        self.stop_requested = False
        self.state_written = False
        self.warm_views: list[str] = []

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> int:
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_stop_signal)
        try:
            self._prepare()
            self._start_workers()
            self._warm_all()
            self._start_balancer()
            self._write_state()
            say(f"haproxy stats on http://127.0.0.1:{self.stats_port}/ (loopback only; Prometheus at /metrics)")
            say(f"serving {self.settings.public_url} with {len(self.workers)} workers ({self._serving_what()})")
            return self._watch()
        except _StopRequested:
            return 0
        except KeyboardInterrupt:  # a second stop signal while a first was still being honoured
            return 130
        except (StartupError, haproxy.HAProxyError) as error:
            print(f"serve: {error}", file=sys.stderr, flush=True)
            return 1
        finally:
            self._stop_everything()

    def _on_stop_signal(self, signum: int, _frame: object) -> None:
        if self.stop_requested:
            # Asked twice (say during a long first store build): leave at once; the children
            # are still stopped on the way out.
            raise KeyboardInterrupt
        self.stop_requested = True

    def _check_stop(self) -> None:
        if self.stop_requested:
            raise _StopRequested

    def _serving_what(self) -> str:
        if self.settings.serves_dashboard:
            return f"store: {self.settings.store}"
        return f"app: {self.settings.app}"

    # -- start -----------------------------------------------------------------------------------

    def _prepare(self) -> None:
        settings = self.settings
        haproxy.haproxy_binary()  # missing HAProxy is said before any worker starts
        if not port_is_free(settings.bind, settings.port):
            raise StartupError(f"{settings.bind}:{settings.port} is in use (another serve? pass --port or PORT=)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if settings.serves_dashboard:
            self._ensure_store()

    def _ensure_store(self) -> None:
        """Build the store here, once, before any worker starts, so workers only ever read it."""
        from dashboard.ingest.bootstrap import ensure_store

        store = self.settings.store
        os.environ["VAWG_STORE"] = str(store)  # ensure_store builds at dashboard.paths.store_path()
        if store.exists():
            return
        say(f"no store at {store}: building it from the bundled sample (first start only)")
        ensure_store(progress=lambda line: say(f"  {line}"))

    def _start_workers(self) -> None:
        self._check_stop()  # a stop asked for during the store build
        settings = self.settings
        env = worker_env(store=settings.store, cookie_secret=secrets.token_hex(32), public_url=settings.public_url)
        ports = free_loopback_ports(settings.workers + 1, avoid={settings.port})
        self.stats_port = ports.pop()
        for number, port in enumerate(ports, start=1):
            name = f"w{number}"
            worker = Worker(name=name, port=port, app=settings.app, env=env, log_path=self.run_dir / f"{name}.log")
            worker.start()
            self.workers.append(worker)
        deadline = time.monotonic() + settings.start_timeout
        waiting = list(self.workers)
        while waiting:
            self._check_stop()
            for worker in list(waiting):
                code = worker.exit_code()
                if code is not None:
                    raise StartupError(
                        f"worker {worker.name} {_exit_words(code)} before it was healthy "
                        f"({worker.log_path}):\n{log_tail(worker.log_path)}"
                    )
                if worker.healthy():
                    worker.announced = True
                    waiting.remove(worker)
                    say(f"{worker.name} healthy on {worker.url} (pid {worker.pid})")
            if waiting and time.monotonic() > deadline:
                names = ", ".join(w.name for w in waiting)
                raise StartupError(
                    f"{names} did not answer /_stcore/health within {settings.start_timeout:.0f}s "
                    f"(logs in {self.run_dir})"
                )
            time.sleep(0.25)

    def _warm_all(self) -> None:
        """Every worker opens every view once, all at the same time, before HAProxy sends anyone."""
        if not self._warms:
            return
        self.warm_views = warm.views_to_warm(self.settings.store, every_borough=self.settings.warm == "all")
        say(f"warming {len(self.workers)} workers: {len(self.warm_views)} views each")
        results: dict[str, warm.Warmed] = {}
        threads = [
            threading.Thread(target=lambda w=w: results.__setitem__(w.name, warm.warm(w.url, self.warm_views)))
            for w in self.workers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                self._check_stop()
                thread.join(timeout=0.25)
        for worker in self.workers:
            say(f"{worker.name} warm: {results[worker.name].words()}")

    @property
    def _warms(self) -> bool:
        return self.settings.warm != "none" and self.settings.serves_dashboard

    def _start_balancer(self) -> None:
        settings = self.settings
        config = haproxy.render_config(
            bind=settings.bind,
            port=settings.port,
            workers=[(w.name, w.port) for w in self.workers],
            stats_port=self.stats_port,
            socket_path=self.run_dir / "haproxy.sock",
        )
        config_path = haproxy.write_config(self.run_dir / "haproxy.cfg", config)
        haproxy.check_config(config_path)
        log_path = self.run_dir / "haproxy.log"
        self.balancer = haproxy.start(config_path, log_path)
        balancer_url = f"http://{settings.local_host}:{settings.port}"
        deadline = time.monotonic() + settings.start_timeout
        while not answers_health(balancer_url):
            self._check_stop()
            code = self.balancer.poll()
            if code is not None:
                raise StartupError(f"haproxy {_exit_words(code)} at start ({log_path}):\n{log_tail(log_path)}")
            if time.monotonic() > deadline:
                raise StartupError(f"haproxy did not answer on {balancer_url} within {settings.start_timeout:.0f}s")
            time.sleep(0.25)

    def _write_state(self) -> Path:
        settings = self.settings
        self.state_written = True
        return write_state(
            self.run_dir,
            {
                "port": settings.port,
                "bind": settings.bind,
                "url": settings.public_url,
                "haproxy_pid": self.balancer.pid if self.balancer else None,
                "stats_url": f"http://127.0.0.1:{self.stats_port}/",
                "cookie": haproxy.COOKIE_NAME,
                "app": str(settings.app),
                "store": str(settings.store) if settings.serves_dashboard else None,
                "workers": [worker.as_record() for worker in self.workers],
            },
        )

    # -- watch -----------------------------------------------------------------------------------

    def _watch(self) -> int:
        """Until a stop signal: restart workers that exit; HAProxy exiting ends the run (it is the service)."""
        while not self.stop_requested:
            assert self.balancer is not None
            code = self.balancer.poll()
            if code is not None:
                print(
                    f"serve: haproxy {_exit_words(code)}; stopping the workers "
                    f"({self.run_dir / 'haproxy.log'}):\n{log_tail(self.run_dir / 'haproxy.log')}",
                    file=sys.stderr,
                    flush=True,
                )
                return 1
            for worker in self.workers:
                self._look_after(worker)
            time.sleep(POLL_SECONDS)
        return 0

    def _look_after(self, worker: Worker) -> None:
        if worker.restart_at is None:
            code = worker.exit_code()
            if code is not None:
                if self._warms:
                    # Hold it out of rotation until it is warm again, not just healthy.
                    self._set_state(worker, "maint")
                delay = worker.schedule_restart()
                when = "now" if delay == 0 else f"in {delay:.0f}s"
                say(
                    f"{worker.name} (pid {worker.pid}) {_exit_words(code)}; restarting it on port {worker.port} "
                    f"{when} (log: {worker.log_path})"
                )
            elif not worker.announced and worker.healthy(timeout=POLL_SECONDS):
                worker.announced = True
                say(f"{worker.name} healthy again on {worker.url} (pid {worker.pid})")
                if self._warms:
                    threading.Thread(target=self._warm_then_ready, args=(worker,), daemon=True).start()
        elif time.monotonic() >= worker.restart_at:
            worker.restarts += 1
            worker.start()
            self._write_state()

    def _warm_then_ready(self, worker: Worker) -> None:
        result = warm.warm(worker.url, self.warm_views)
        say(f"{worker.name} warm again: {result.words()}; back in rotation")
        self._set_state(worker, "ready")

    def _set_state(self, worker: Worker, state: str) -> None:
        try:
            answer = warm.set_server_state(self.run_dir / "haproxy.sock", worker.name, state)
        except OSError as error:
            answer = str(error)
        if answer:
            say(f"haproxy: set {worker.name} {state}: {answer}")

    # -- stop ------------------------------------------------------------------------------------

    def _stop_everything(self) -> None:
        # Ignore further signals: a second Ctrl-C must not interrupt the stop and orphan anything.
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        procs = [p for p in [self.balancer, *(w.proc for w in self.workers)] if p is not None]
        if procs:
            balancer = "haproxy and " if self.balancer is not None else ""
            say(f"stopping {balancer}{len(self.workers)} workers")
            stop_all(procs)
            say("stopped")
        if self.state_written:  # never another run's file, when this one stopped at a taken port
            remove_state(self.run_dir)
