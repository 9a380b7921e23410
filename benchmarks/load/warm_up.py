"""Show every worker every view once before a measurement, through the balancer as visitors come.

Through the balancer, not on each worker's own port: a page may key what it caches on the
address the visitor used (absolute links in downloads and share links), so a view warmed on
127.0.0.1:WORKER_PORT is not the view a visitor through 127.0.0.1:PORT gets. HAProxy's sticky
cookie, set to a worker's name, sends a warming tab to that worker.
"""

from __future__ import annotations

import threading
import time

import requests

from benchmarks.load.protocol import ProtocolError, StreamlitClient
from benchmarks.load.servers import Running, Worker


def sticky_cookie_name(running: Running, workers: list[Worker]) -> str | None:
    """The balancer's session cookie: the one whose value names a worker (None without a balancer)."""
    names = {worker.name for worker in workers}
    with requests.Session() as session:
        try:
            session.get(f"{running.url}/_stcore/health", timeout=10)
        except requests.RequestException:
            return None
        return next((cookie.name for cookie in session.cookies if cookie.value in names), None)


def warm_workers(running: Running, views: list[str], timeout: float) -> str:
    """Every worker shown every view once, all workers at once; a sentence saying what was done."""
    workers = running.workers()
    cookie = sticky_cookie_name(running, workers) if len(workers) > 1 else None
    if len(workers) > 1 and cookie is None:
        return f"not warmed: no sticky cookie from the balancer names one of {[w.name for w in workers]}"
    failures: list[str] = []
    started = time.monotonic()

    def sweep(worker: Worker) -> None:
        http = requests.Session()
        if cookie:
            http.cookies.set(cookie, worker.name)
        tab = StreamlitClient(running.url, http, timeout=timeout)
        try:
            for path in views:
                result = tab.view(path)
                if result.error:
                    failures.append(f"{path}: {result.error}")
        except ProtocolError as error:
            failures.append(str(error))
        finally:
            tab.close()
            http.close()

    threads = [threading.Thread(target=sweep, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    words = f"warmed {len(workers)} worker(s) with {len(views)} views each in {time.monotonic() - started:.0f} s"
    return words + (f"; {len(failures)} failed, e.g. {failures[0][:120]}" if failures else "")
