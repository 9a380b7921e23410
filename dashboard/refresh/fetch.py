"""Download one URL to a file with bounded time and retries, keeping what a check needs (status, type, length).

Standard library only (urllib): a download is one GET. Timeouts apply to connecting and to every
read, so a server that stops sending fails after `timeout` seconds rather than hanging. A timeout, a
dropped connection, a body shorter than its Content-Length or a 5xx/429 answer is tried again
(`retries` more times, waiting 1 s, 2 s, ...); a 4xx answer is final at once: asking again would not
change it.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

USER_AGENT = "vawg-dashboard-refresh/1 (python urllib)"
CHUNK = 1 << 16


class FetchError(Exception):
    """Why a URL could not be fetched, in words for the one-line report."""


class Truncated(ConnectionError):
    """The connection closed before the length the server announced: worth asking again."""


@dataclass(frozen=True)
class Download:
    url: str
    path: Path
    status: int
    content_type: str
    content_length: int | None  # what the server announced, if it did
    received: int  # bytes written


def _transient(error: Exception) -> bool:
    """Worth asking again: no answer in time, a dropped connection, a broken answer, a 5xx or 429."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code >= 500 or error.code == 429
    if isinstance(error, urllib.error.URLError):
        return True  # DNS, refused, reset, timed out while connecting
    return isinstance(error, TimeoutError | ConnectionError | http.client.HTTPException)


def _describe(error: Exception, timeout: float) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"timed out (no data for {timeout:g} s)"
    if isinstance(error, urllib.error.URLError):
        return f"could not connect ({reason})"
    if isinstance(error, Truncated):
        return str(error)
    if isinstance(error, ConnectionError | http.client.HTTPException):
        return f"the connection broke off ({type(error).__name__}: {error})"
    return f"could not write the download ({error})"


def fetch(
    url: str,
    target: Path,
    timeout: float = 60.0,
    retries: int = 2,
    on_bytes: Callable[[int, int | None], None] = lambda received, total: None,
) -> Download:
    """GET `url` into `target` (written as `target`.part, renamed when complete). Raises FetchError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    attempts = 1 + max(retries, 0)
    for attempt in range(1, attempts + 1):
        try:
            return _fetch_once(url, target, partial, timeout, on_bytes)
        except (OSError, http.client.HTTPException) as error:  # URLError, timeouts and resets are OSErrors
            partial.unlink(missing_ok=True)
            if attempt == attempts or not _transient(error):
                tries = f" after {attempts} attempts" if attempts > 1 and _transient(error) else ""
                raise FetchError(_describe(error, timeout) + tries) from None
            time.sleep(attempt)  # 1 s, 2 s, ...: bounded by `retries`
    raise AssertionError("unreachable")


def _fetch_once(
    url: str, target: Path, partial: Path, timeout: float, on_bytes: Callable[[int, int | None], None]
) -> Download:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (URLs come from the manifest)
        announced = response.headers.get("Content-Length")
        total = int(announced) if announced and announced.isdigit() else None
        received = 0
        with open(partial, "wb") as out:
            while block := response.read(CHUNK):
                out.write(block)
                received += len(block)
                on_bytes(received, total)
        if total is not None and received < total:
            raise Truncated(f"truncated: {received:,} bytes received of the {total:,} announced")
        status = response.status
        content_type = response.headers.get("Content-Type", "")
    partial.replace(target)
    return Download(url, target, status, content_type, total, received)
