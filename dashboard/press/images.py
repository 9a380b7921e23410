"""A card's figure laid out for print and drawn to PNG or SVG by kaleido in Debian's chromium.

The web figure is laid out for a 375 px phone: its title wrapped at 36 characters, a one-line source.
For print it is re-laid out at PRINT_WIDTH px (PNG at twice that): the title and subtitle rewrapped,
and under the plot the stamps, source, licence, "Data up to and including ..." and the view link,
each on its own line, so a cut-out image still carries everything a citation needs. Margins grow
by exactly the lines added, so legends, labels and the sample banner keep their places.

Rendering needs a browser: kaleido 1.x drives chromium over a pipe. One kaleido browser is started on
the first render and kept while in use (a cold start takes seconds, a warm render well under one),
then closed after IDLE_STOP_S without a render. Renders are serialised (one browser tab), and each
has a deadline: a browser that fails to start or hangs is closed and started afresh (`_Browser`).
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import copy
import html
import os
import shutil
import threading
from collections.abc import Mapping
from typing import Literal

import numpy as np

from dashboard.charts.decorate import SMALL_LINE_PX, SUBTITLE_LINE_PX, TITLE_LINE_PX
from dashboard.press.printable import Printable, footer_lines
from dashboard.theme import line_count, wrap_text

ImageFormat = Literal["png", "svg"]
PRINT_WIDTH = 800  # layout pixels; the PNG is PRINT_SCALE times this
PRINT_SCALE = 2
MIN_PLOT_PX = 360  # a phone's short plot looks squat at print width: at least this tall
# Characters per line at PRINT_WIDTH, for the title (17 px bold), subtitle (14 px) and footer (12 px).
TITLE_WRAP = 72
SUBTITLE_WRAP = 100
FOOTER_WRAP = 125
MULTILINE_TITLE_DROP_PX = 12  # 0.7em of the 17 px title font
#: Where kaleido finds chromium: $BROWSER_PATH (choreographer's own setting), else `chromium` on PATH.
BROWSER_ENV = "BROWSER_PATH"
RENDER_TIMEOUT_S = 90


class ImageError(RuntimeError):
    """An image could not be drawn (no browser, or the browser failed)."""


def print_figure(item: Printable) -> dict:
    """The card's figure as a dict laid out for print (pure: nothing is drawn)."""
    figure = copy.deepcopy(dict(item.figure()))
    layout = figure.setdefault("layout", {})
    margin = dict(layout.get("margin") or {})
    top, bottom = int(margin.get("t", 80)), int(margin.get("b", 80))
    height = int(layout.get("height") or 450)
    old_plot = max(height - top - bottom, 1)

    title = dict(layout.get("title") or {})
    old_title_px = _title_px(title.get("text", ""), (title.get("subtitle") or {}).get("text", ""))
    new_title = wrap_text(item.title, TITLE_WRAP)
    new_subtitle = wrap_text(item.subtitle, SUBTITLE_WRAP)
    title["text"] = f"<b>{new_title}</b>"
    title["subtitle"] = {**(title.get("subtitle") or {}), "text": new_subtitle}
    # Plotly sets a multi-line title's first baseline at the pad itself (a one-line title gets
    # 0.7em more), which cuts off the tops of its letters: push it down by that much.
    title_drop = MULTILINE_TITLE_DROP_PX if line_count(new_title) > 1 else 0
    pad = dict(title.get("pad") or {})
    pad["t"] = int(pad.get("t", 12)) + title_drop
    title["pad"] = pad
    layout["title"] = title

    footer = "<br>".join(wrap_text(line, FOOTER_WRAP) for line in footer_lines(item))
    annotations = [dict(a) for a in layout.get("annotations") or []]
    source = next((a for a in annotations if a.get("name") == "source"), None)
    if source is None:
        source = _footer_annotation(bottom)
        annotations.append(source)
        old_footer_lines = 0
    else:
        old_footer_lines = line_count(source.get("text", ""))
    source["text"] = footer
    layout["annotations"] = annotations

    annotations += _latest_values(figure.get("data") or [])

    new_top = top - old_title_px + _title_px(new_title, new_subtitle) + title_drop
    new_bottom = bottom + SMALL_LINE_PX * (line_count(footer) - old_footer_lines)
    new_plot = max(old_plot, MIN_PLOT_PX)
    _keep_legend_in_place(layout, old_plot / new_plot)
    layout.update(
        width=PRINT_WIDTH,
        height=new_top + new_bottom + new_plot,
        autosize=False,
        margin={**margin, "t": new_top, "b": new_bottom},
    )
    return figure


def _latest_values(traces: list) -> list[dict]:
    """A label on the last point of each line: a printed chart has no hover, and the latest figure is what gets quoted.

    The label is the point's own text (customdata, the card's formatted and protected value), so a
    withheld value stays '[c]' and no number appears that the page does not show.
    """
    labels = []
    for trace in traces:
        if (trace.get("meta") or {}).get("role") != "series" or "lines" not in str(trace.get("mode", "")):
            continue
        ys = _numbers(trace.get("y"))
        shown = np.flatnonzero(~np.isnan(ys))
        texts = trace.get("customdata")
        if not len(shown) or texts is None:
            continue
        last = int(shown[-1])
        labels.append(
            {
                "name": "latest-value",
                "text": f"<b>{texts[last]}</b>",
                "x": _plain(trace["x"][last]),
                "y": float(ys[last]),
                "xref": trace.get("xaxis", "x"),
                "yref": trace.get("yaxis", "y"),
                "xanchor": "right",
                "yanchor": "bottom",
                "yshift": 6,
                "showarrow": False,
                "bgcolor": "rgba(255, 255, 255, 0.85)",
                "font": {"size": 12, "color": ((trace.get("line") or {}).get("color")) or "#0B0C0C"},
            }
        )
    return labels


def _numbers(value: object) -> np.ndarray:
    """A trace's values as floats: a list, an array, or plotly's typed array ({'dtype', 'bdata': base64})."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).astype(float)
    return np.asarray([np.nan if v is None else v for v in (value if value is not None else [])], dtype=float)


def _plain(value: object) -> object:
    """An axis value plotly's JSON takes: numpy dates and numbers as plain Python."""
    if isinstance(value, np.datetime64):
        return str(np.datetime_as_string(value, unit="D"))
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _title_px(title: str, subtitle: str) -> int:
    """The title block's height, as charts.decorate.top_margin counts it."""
    subtitle_lines = line_count(subtitle)
    return TITLE_LINE_PX * line_count(title) + (SUBTITLE_LINE_PX * subtitle_lines + 6 if subtitle_lines else 0)


def _footer_annotation(bottom: int) -> dict:
    return {
        "name": "source",
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": -max(bottom - 12, 0),
        "showarrow": False,
        "align": "left",
        "font": {"size": 12},
    }


def _keep_legend_in_place(layout: dict, ratio: float) -> None:
    """A legend placed outside the plot in paper units keeps its pixel distance when the plot grows."""
    legend = layout.get("legend")
    if not legend or "y" not in legend:
        return
    y = float(legend["y"])
    if y > 1:
        legend["y"] = 1 + (y - 1) * ratio
    elif y < 0:
        legend["y"] = y * ratio


def accessible_svg(svg: bytes, *, title: str, description: str) -> bytes:
    """The SVG with a <title> and <desc> (its accessible name and description, WCAG 1.1.1) and role="img"."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0:
        raise ImageError("the renderer returned no SVG")
    opening = text[start:end]
    if "role=" not in opening:
        opening = opening.replace("<svg", '<svg role="img"', 1)
    inserted = f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
    return (text[:start] + opening + ">" + inserted + text[end + 1 :]).encode("utf-8")


# --- Drawing -----------------------------------------------------------------------------------

#: The browser holds about 500 MB (measured: the PSS of its processes after a few renders); a worker
#: gives that back when no one has asked for an image for this long, and starts it again on demand.
IDLE_STOP_S = 300
START_TIMEOUT_S = 60


class _Browser:
    """One kaleido browser, driven from an event loop on a thread of its own.

    kaleido's own sync server waits forever when its browser fails to start (the error dies with its
    thread); here every call has a deadline, and a browser that fails or hangs is closed and started
    afresh on the next request.
    """

    def __init__(self, kaleido, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-browser", daemon=True)
        self._thread.start()
        self._kaleido = None
        try:
            self._kaleido = self._wait(self._open(kaleido, path), START_TIMEOUT_S)
        except BaseException:
            self.close()
            raise

    @staticmethod
    async def _open(kaleido, path: str):
        # mathjax=False: kaleido would otherwise fetch MathJax from a CDN; the figures use no TeX.
        browser = kaleido.Kaleido(path=path, mathjax=False, n=1, timeout=RENDER_TIMEOUT_S)
        return await browser.__aenter__()

    def _wait(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def draw(self, figure: dict, opts: dict) -> bytes:
        return self._wait(self._kaleido.calc_fig(figure, opts=opts), RENDER_TIMEOUT_S + 10)

    def close(self) -> None:
        if self._kaleido is not None:
            with contextlib.suppress(Exception):
                self._wait(self._kaleido.__aexit__(None, None, None), 30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


_lock = threading.Lock()
_browser: _Browser | None = None
_idle_timer: threading.Timer | None = None


def browser_path() -> str | None:
    return os.environ.get(BROWSER_ENV) or shutil.which("chromium")


def render_image(figure: Mapping, fmt: ImageFormat) -> bytes:
    """Draw a figure dict to PNG (at PRINT_SCALE) or SVG bytes, in the process's one warm browser."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be png or svg, not {fmt!r}")
    import kaleido  # imported here: a page view never needs it, and it pulls in a browser driver

    global _browser
    with _lock:
        try:
            if _browser is None:
                path = browser_path()
                if not path:
                    raise ImageError(
                        f"no chromium to draw images with: install Debian's chromium or set ${BROWSER_ENV}"
                    )
                _browser = _Browser(kaleido, path)
            return _browser.draw(dict(figure), {"format": fmt, "scale": PRINT_SCALE if fmt == "png" else 1})
        except ImageError:
            raise
        except Exception as error:  # no browser, a crash or a hang: close it, say so in one line
            if _browser is not None:
                _browser.close()
                _browser = None
            reason = " ".join(str(error).split())[:300] or type(error).__name__
            raise ImageError(f"the {fmt.upper()} could not be drawn: {reason}") from error
        finally:
            _stop_when_idle()


def _stop_when_idle() -> None:
    """(Re)start the idle timer, with the lock held: a browser unused for IDLE_STOP_S is closed."""
    global _idle_timer
    if _idle_timer is not None:
        _idle_timer.cancel()
    _idle_timer = threading.Timer(IDLE_STOP_S, stop_renderer)
    _idle_timer.daemon = True
    _idle_timer.start()


def stop_renderer() -> None:
    """Close the warm browser (when idle, and the command line when it has written its files)."""
    global _browser, _idle_timer
    with _lock:
        if _idle_timer is not None:
            _idle_timer.cancel()
            _idle_timer = None
        if _browser is not None:
            _browser.close()
            _browser = None


atexit.register(stop_renderer)
