"""Built page views, cached per process by view settings and store version.

A page view's figures, tables, sentences and downloads depend only on the store and the view's
settings (borough, period, measure ...), and the store changes once a month. So each page builds
its output once per settings and store, and every later view replays it (see
`dashboard.components.recording`). Keys carry `data.store_version()`, so a store swapped in by
ingest is picked up on the next view, and the old entries age out of the bounded LRU.

On release day a crowd asks for the same few views at once: a build in progress is done once and
the others wait for it (single flight), rather than every visitor building the same view.
"""

from __future__ import annotations

import atexit
import functools
import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

from dashboard import data

P = ParamSpec("P")
R = TypeVar("R")

#: Built views kept per process. A built view is a few hundred KB at most (figures, tables, CSV
#: bytes); the press-day mix (8 pages, 32 boroughs) needs about 80.
MAX_VIEWS = 256

_views: OrderedDict[Hashable, object] = OrderedDict()
_building: dict[Hashable, threading.Lock] = {}
_lock = threading.Lock()


def cached_view(build: Callable[P, R]) -> Callable[P, R]:
    """Cache `build(*args)` by its (hashable) arguments and the store version; one build at a time per key.

    Keyed by the function's file as well as its name: Streamlit runs every page as `__main__`.
    """

    @functools.wraps(build)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (
            build.__code__.co_filename,
            build.__qualname__,
            args,
            tuple(sorted(kwargs.items())),
            data.store_version(),
        )
        with _lock:
            if key in _views:
                _views.move_to_end(key)
                return _views[key]  # type: ignore[return-value]
            key_lock = _building.setdefault(key, threading.Lock())
        with key_lock:
            with _lock:
                if key in _views:
                    return _views[key]  # type: ignore[return-value]
            value = build(*args, **kwargs)
            with _lock:
                _views[key] = value
                while len(_views) > MAX_VIEWS:
                    _views.popitem(last=False)
                _building.pop(key, None)
            _freeze_long_lived_objects()
            return value

    return cached


def _freeze_long_lived_objects() -> None:
    """Move everything alive now (modules, the store's results, built views) out of the garbage collector's sight.

    Streamlit runs a full `gc.collect()` after every script run (`runner.postScriptGC`), and Python's
    own collector runs whenever allocations pile up; both walk every tracked object in the process,
    which for this app (pandas, plotly, pyarrow, built views) cost more than a whole page view.
    Collecting once, then freezing the survivors, leaves later collections only the objects a view
    makes. Built views are dropped by reference counting when the LRU evicts them.
    """
    gc.collect()
    gc.freeze()


@atexit.register
def _unfreeze_at_exit() -> None:
    # Hand frozen objects back to the collector, so extension types are torn down in order at exit.
    gc.unfreeze()
    gc.collect()


def clear() -> None:
    """Forget every built view (tests that change the store under a running process)."""
    with _lock:
        _views.clear()
