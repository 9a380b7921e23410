"""Each worker's memory (RSS, peak and at the end) and CPU time during a run, read from /proc.

A background thread samples every worker listed in the serve run's workers.json once a second
(a worker that serve restarts shows up again under its new pid, as a separate entry).
RSS includes the worker's children, if it has any. CPU time is user plus system, in seconds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.load.servers import Worker

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def rss_mib(pid: int) -> float | None:
    """Resident memory of a process and its children, in MiB; None once it has gone."""
    total_kib = 0
    for index, each in enumerate([pid, *_children(pid)]):
        try:
            with open(f"/proc/{each}/statm", encoding="ascii") as handle:
                total_kib += int(handle.read().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            if index == 0:
                return None
    return total_kib / 1024


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds a process has used; None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class WorkerUsage:
    name: str
    pid: int
    peak_rss_mib: float = 0.0
    end_rss_mib: float = 0.0
    cpu_start: float | None = None
    cpu_end: float | None = None

    @property
    def cpu_used(self) -> float:
        if self.cpu_start is None or self.cpu_end is None:
            return 0.0
        return self.cpu_end - self.cpu_start


class UsageSampler:
    """Samples the workers ``list_workers()`` returns, from ``start()`` until ``stop()``."""

    def __init__(self, list_workers: Callable[[], list[Worker]], interval: float = 1.0) -> None:
        self._list_workers = list_workers
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-usage", daemon=True)
        self.usage: dict[int, WorkerUsage] = {}

    def start(self) -> UsageSampler:
        self._sample()
        self._thread.start()
        return self

    def stop(self) -> list[WorkerUsage]:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sample()
        return list(self.usage.values())

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self) -> None:
        for worker in self._list_workers():
            usage = self.usage.get(worker.pid)
            if usage is None:
                usage = self.usage[worker.pid] = WorkerUsage(worker.name, worker.pid)
            rss = rss_mib(worker.pid)
            cpu = cpu_seconds(worker.pid)
            if rss is not None:
                usage.peak_rss_mib = max(usage.peak_rss_mib, rss)
                usage.end_rss_mib = rss
            if cpu is not None:
                if usage.cpu_start is None:
                    usage.cpu_start = cpu
                usage.cpu_end = cpu
