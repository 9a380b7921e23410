"""A Streamlit client that speaks the browser's protocol: load a page, open the websocket, view pages.

What a browser tab does, as read from Streamlit 1.67 (web/server/starlette/, runtime/app_session.py
and the frontend bundle):

1. GET the page's HTML (through HAProxy this sets the sticky-session cookie), then the frontend's
   pings: GET /_stcore/health (sets the ``_streamlit_xsrf`` cookie) and /_stcore/host-config.
2. Open ``/_stcore/stream`` with ``Sec-WebSocket-Protocol: streamlit, <xsrf cookie value>``
   (``PLACEHOLDER_AUTH_TOKEN`` when there is no cookie) and the cookies, so the socket reaches
   the same worker as the page. Nothing runs until the client asks.
3. A view is one ``BackMsg.rerun_script``. The first after a page load carries ``page_name``
   (the URL path below the base, '' for /) and the query string; later ones (in-app navigation)
   carry the page's ``page_script_hash`` from ``ForwardMsg.navigation``, because
   ``new_session.page_script_hash`` is app.py's own and would quietly serve the default page.
   Every rerun lists the hashes of the large messages the tab still caches (message_cache.py).
4. The view ends at ``ForwardMsg.script_finished``. A page that raises still finishes
   "successfully", with an exception element: those are counted and reported as errors.

How a visitor reaches a view (``view`` does what the browser does): the navigation menu drops the query string, and the
dashboard's links (`[...](/boroughs?borough=X)`) and shared URLs are ordinary links, so a view
with a query string is a page load (a new session and an empty message cache; cookies kept, so
the same worker), and a view without one is an in-app navigation in the same tab. (A rerun of the
same page with another query string but no widget states would keep the page's widgets as they
were and show the old view, which is why that is never sent.)

The client reads frames through one buffer (frames.py), parses each once with the installed
protobuf (upb) and keeps nothing but counts, so a load generator can run hundreds of them on one
core. It uses blocking sockets (requests, websocket-client for the handshake and sending), which
gevent's monkey patching makes cooperative under Locust.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load.frames import ConnectionClosed, FrameReader
from benchmarks.load.message_cache import MessageCache

STREAM_PATH = "/_stcore/stream"
OPCODE_BINARY = 0x2
XSRF_COOKIE = "_streamlit_xsrf"
NO_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
DEFAULT_TIMEOUT = 120.0
# What the frontend reports when the server's NewSession does not say (Streamlit's default).
DEFAULT_MAX_CACHED_MESSAGE_AGE = 2

_FINISHED = ForwardMsg.ScriptFinishedStatus
_STATUS_NAMES = {value: name for name, value in _FINISHED.items()}


class ProtocolError(Exception):
    """The server broke the conversation: an HTTP error, a closed socket, a timeout, a cache miss."""


@dataclass
class ViewResult:
    """One view as the client saw it."""

    path: str
    server_seconds: float
    elements: int = 0
    cached_refs: int = 0
    exceptions: list[str] = field(default_factory=list)
    page_not_found: bool = False
    wrong_page: str = ""  # the page that ran, when st.navigation ran another than the one asked for
    finish_status: str = ""
    load_seconds: float | None = None  # when the view took a page load first (not in server_seconds)
    bytes_received: int = 0
    messages: int = 0

    @property
    def error(self) -> str | None:
        """Why this view counts as failed, or None."""
        if self.page_not_found:
            return "page not found"  # Streamlit then runs the default page, so no wrong_page too
        if self.wrong_page:
            return f"the app ran page '{self.wrong_page}' instead"
        if self.finish_status != "FINISHED_SUCCESSFULLY":
            return f"script finished with {self.finish_status}"
        if self.exceptions:
            return f"{len(self.exceptions)} exception element(s): {self.exceptions[0]}"
        return None


def split_path(path: str) -> tuple[str, str]:
    """'/trends?borough=Camden' -> ('trends', 'borough=Camden'): the page name and the query string."""
    parts = urlsplit(path)
    return parts.path.strip("/"), parts.query


class StreamlitClient:
    """One browser tab on one Streamlit app: ``open()`` once, then ``view()`` as often as wanted.

    ``http`` is any requests.Session (Locust passes its HttpSession, so the page loads show up in
    its statistics); it keeps the cookies the websocket is opened with.
    """

    def __init__(
        self,
        base_url: str,
        http: requests.Session | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        label_requests: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http if http is not None else requests.Session()
        self.timeout = timeout
        self._label_requests = label_requests
        self._socket: websocket.WebSocket | None = None
        self._frames: FrameReader | None = None
        self._loaded_path: str | None = None  # the URL open() loaded, until its first view
        self._shown: tuple[str, str] | None = None  # (page, query string) of the last view
        self._cache = MessageCache()
        self._max_cached_message_age = DEFAULT_MAX_CACHED_MESSAGE_AGE
        self._page_hashes: dict[str, str] = {}  # url_pathname -> page_script_hash, from navigation
        self._default_page_hash = ""
        self._main_page_hash = ""  # an app without st.navigation reruns with this

    # -- connection -------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._socket is not None

    @property
    def cached_messages(self) -> int:
        return len(self._cache)

    def needs_load(self, path: str) -> bool:
        """Whether a browser shows ``path`` by loading the page (see the module docstring).

        Not when the tab has just loaded this very URL and not yet shown it. Also when the page
        shown has a query string and ``path`` is the same page without it or with another: the
        page's widgets would otherwise keep the old view.
        """
        if self._socket is None:
            return True
        page, query = split_path(path)
        if query:
            return path != self._loaded_path
        return self._shown is not None and self._shown[0] == page and self._shown[1] != ""

    def open(self, path: str = "/") -> float:
        """Load ``path`` as a browser does and open the websocket; returns the seconds it took.

        A page load starts afresh: the old socket (and its server session) goes, and so does the
        message cache, which lives in the page's memory. Cookies stay.
        """
        self.close()
        self._loaded_path = path
        self._shown = None
        self._cache = MessageCache()
        self._max_cached_message_age = DEFAULT_MAX_CACHED_MESSAGE_AGE
        self._page_hashes = {}
        self._default_page_hash = ""
        self._main_page_hash = ""
        started = time.perf_counter()
        self._get(path, "page (HTML)")
        self._get("/_stcore/health", "/_stcore/health")
        self._get("/_stcore/host-config", "/_stcore/host-config")
        token = self.http.cookies.get(XSRF_COOKIE) or NO_TOKEN
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.http.cookies)
        url = "ws" + self.base_url[len("http") :] + STREAM_PATH
        try:
            self._socket = websocket.create_connection(
                url,
                timeout=self.timeout,
                subprotocols=["streamlit", token],
                cookie=cookies or None,
                origin=self.base_url,
                enable_multithread=False,
                skip_utf8_validation=True,
            )
        except (OSError, websocket.WebSocketException) as error:
            raise ProtocolError(f"websocket {url}: {error}") from error
        self._frames = FrameReader(self._socket.sock, self._socket.pong)
        return time.perf_counter() - started

    def close(self) -> None:
        """Say goodbye and drop the connection (the frame reader owns what is left to read)."""
        if self._frames is not None:
            self._frames.close()
            self._frames = None
        if self._socket is not None:
            # The server may already have gone; there is nothing to tell.
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self._socket.send_close()
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self._socket.shutdown()
            self._socket = None

    def _get(self, path: str, label: str) -> None:
        extra = {"name": label} if self._label_requests else {}
        try:
            response = self.http.get(self.base_url + path, timeout=self.timeout, **extra)
        except requests.RequestException as error:
            raise ProtocolError(f"GET {path}: {error}") from error
        if response.status_code != 200:
            # Locust's HttpSession reports a failed connection as status 0, with the exception in .error.
            reason = getattr(response, "error", None) if response.status_code == 0 else None
            raise ProtocolError(f"GET {path}: {reason or f'HTTP {response.status_code}'}")

    # -- views ------------------------------------------------------------------------------

    def view(self, path: str) -> ViewResult:
        """Show ``path`` as a visitor's browser would and read until the script has finished.

        The page is loaded first when a browser would load it (``needs_load``); that load's time
        is ``load_seconds``, not part of the view's server time.
        """
        load_seconds = self.open(path) if self.needs_load(path) else None
        assert self._socket is not None
        self._loaded_path = None
        page_name, query_string = split_path(path)
        self._shown = (page_name, query_string)
        message = self._rerun_message(page_name, query_string)
        started = time.perf_counter()
        try:
            self._socket.send_binary(message)
        except (OSError, websocket.WebSocketException) as error:
            self.close()
            raise ProtocolError(f"{path}: websocket failed: {error}") from error
        result = ViewResult(path=path, server_seconds=0.0, load_seconds=load_seconds)
        run_started = False  # messages before this run's new_session belong to the last run
        while True:
            data = self._receive(started, path)
            result.bytes_received += len(data)
            result.messages += 1
            msg = ForwardMsg.FromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                run_started = True
                self._note_new_session(msg)
            elif kind == "navigation":
                self._note_navigation(msg)
                ran = self._page_of(msg.navigation.page_script_hash)
                if ran != self._page_of(self._page_hashes.get(page_name, self._default_page_hash)):
                    result.wrong_page = ran or "/"
            elif kind == "script_finished" and run_started:
                result.server_seconds = time.perf_counter() - started
                result.finish_status = _STATUS_NAMES.get(msg.script_finished, str(msg.script_finished))
                if msg.script_finished != _FINISHED.FINISHED_EARLY_FOR_RERUN:
                    self._cache.script_finished(self._max_cached_message_age, list(msg.metadata.run.fragment_ids))
                return result
            elif not run_started:
                continue
            elif kind == "delta":
                self._note_delta(msg, result)
            elif kind == "ref_hash":
                element_type = self._cache.recall(msg.ref_hash)
                if element_type is None:
                    raise ProtocolError(f"{path}: server referred to a message the tab never cached")
                result.elements += 1
                result.cached_refs += 1
                if element_type == "exception":
                    result.exceptions.append("(cached exception element)")
            elif kind == "page_not_found":
                result.page_not_found = True

    def _rerun_message(self, page_name: str, query_string: str) -> bytes:
        state = ClientState(
            query_string=query_string,
            cached_message_hashes=self._cache.hashes(),
            context_info=ContextInfo(
                timezone="Europe/London",
                timezone_offset=0,
                locale="en-GB",
                url=f"{self.base_url}/{page_name}" + (f"?{query_string}" if query_string else ""),
                is_embedded=False,
                color_scheme="light",
            ),
        )
        page_hash = self._page_hash(page_name)
        if page_hash:
            state.page_script_hash = page_hash
        else:
            state.page_name = page_name  # first view of a tab: the server resolves the URL path
        state.widget_states.SetInParent()
        return BackMsg(rerun_script=state).SerializeToString()

    def _page_hash(self, page_name: str) -> str:
        if self._page_hashes:
            if page_name == "":
                return self._default_page_hash
            if page_name in self._page_hashes:
                return self._page_hashes[page_name]
            return ""  # unknown to the app: let the server say page_not_found
        return self._main_page_hash

    def _receive(self, started: float, path: str) -> bytes:
        assert self._frames is not None
        while True:
            if time.perf_counter() - started > self.timeout:
                self.close()
                raise ProtocolError(f"{path}: no script_finished within {self.timeout:.0f} s")
            try:
                opcode, data = self._frames.read_message()
            except TimeoutError as error:
                self.close()
                raise ProtocolError(f"{path}: no script_finished within {self.timeout:.0f} s") from error
            except (OSError, ConnectionClosed, websocket.WebSocketException) as error:
                self.close()
                raise ProtocolError(f"{path}: websocket failed: {error}") from error
            if opcode == OPCODE_BINARY:
                return data

    def _note_new_session(self, msg: ForwardMsg) -> None:
        session = msg.new_session
        if session.config.max_cached_message_age:
            self._max_cached_message_age = session.config.max_cached_message_age
        if session.page_script_hash:
            self._main_page_hash = session.page_script_hash

    def _note_navigation(self, msg: ForwardMsg) -> None:
        for page in msg.navigation.app_pages:
            self._page_hashes[page.url_pathname] = page.page_script_hash
            if page.is_default:
                self._default_page_hash = page.page_script_hash

    def _page_of(self, page_hash: str) -> str:
        """The URL path of a page of the app, by its hash ('' for the default page)."""
        if page_hash == self._default_page_hash:
            return ""
        return next((name for name, known in self._page_hashes.items() if known == page_hash), page_hash)

    def _note_delta(self, msg: ForwardMsg, result: ViewResult) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element_type = delta.new_element.WhichOneof("type") or ""
        result.elements += 1
        if element_type == "exception":
            exception = delta.new_element.exception
            result.exceptions.append(f"{exception.type}: {exception.message}".strip(": "))
        if msg.metadata.cacheable and msg.hash:
            self._cache.remember(msg.hash, element_type, delta.fragment_id)
