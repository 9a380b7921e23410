"""Progress on stderr: a bar redrawn in place on a terminal, one line per finished step otherwise (logs, CI)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 28
REDRAW_EVERY = 0.1  # seconds: a terminal redrawn on every 64 KiB block would cost more than the download


def size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.on_terminal = self.stream.isatty()
        self._drawn = False
        self._last = 0.0

    def _draw(self, text: str) -> None:
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self._drawn = False

    def line(self, text: str) -> None:
        """A finished step: on a terminal it replaces the bar, elsewhere it is the one line."""
        self._clear()
        print(text, file=self.stream, flush=True)

    def download(self, label: str) -> Callable[[int, int | None], None]:
        """A callback for fetch(): draws `label [####    ] 45% 1.2 MiB` on a terminal, nothing elsewhere."""

        def advance(received: int, total: int | None) -> None:
            if not self.on_terminal:
                return
            now = time.monotonic()
            if now - self._last < REDRAW_EVERY and received != total:
                return
            self._last = now
            if total:
                filled = int(BAR_WIDTH * received / total)
                bar = "#" * filled + " " * (BAR_WIDTH - filled)
                self._draw(f"{label} [{bar}] {100 * received // total:3d}% {size(received)}")
            else:
                self._draw(f"{label} {size(received)}")

        return advance

    def step(self, text: str) -> None:
        """An ingest step: redrawn in place on a terminal, a line elsewhere."""
        if self.on_terminal:
            self._draw(text)
        else:
            self.line(text)

    def finish(self) -> None:
        self._clear()
        self.stream.flush()
