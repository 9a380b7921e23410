"""At most a few page views run at once in one worker; the rest wait their turn without spending CPU.

Streamlit runs every session's script in its own thread. When a crowd arrives (a press release's
link, a hundred visitors in ten seconds), dozens of views run at once in one process and share one
GIL: each is interrupted every few milliseconds, the threads thrash, and every view takes as long
as all of them together. A view is CPU work of a few tens of milliseconds once its view is built
(dashboard.components.view_cache), so letting two run at a time and queueing the rest finishes
each sooner, and more of them per second. Two rather than one: a view that waits on a build, or
on the store, leaves the other slot to run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Page views one worker runs at the same time ($VAWG_CONCURRENT_VIEWS overrides).
CONCURRENT_VIEWS = int(os.environ.get("VAWG_CONCURRENT_VIEWS", "2"))

_slots = threading.BoundedSemaphore(max(1, CONCURRENT_VIEWS))


@contextmanager
def view_slot() -> Iterator[None]:
    """Hold one of the worker's view slots while the page runs."""
    with _slots:
        yield
