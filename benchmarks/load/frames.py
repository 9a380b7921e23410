"""Read the server's websocket frames from a buffered socket: the cheap way to receive a page view.

A page view is a hundred or more small frames. websocket-client reads each frame's header and
payload with separate small ``recv`` calls (three or more system calls a frame, and a gevent
switch for each under Locust); reading through one 64 KiB buffer takes a few calls a view, which
keeps the load generator off the cores the workers are measured on. websocket-client still does
the handshake and sends the client's (masked) frames. Frames from a server are not masked
(RFC 6455, 5.1); a server's ping is answered with a pong, as the protocol requires.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable

OPCODE_CONTINUATION = 0x0
OPCODE_CLOSE = 0x8
OPCODE_PING = 0x9
CONTROL_OPCODES = 0x8


class ConnectionClosed(Exception):
    """The server sent a close frame or the connection ended."""


class FrameReader:
    """Whole data messages (opcode, payload) from a socket, fragments joined, pings answered."""

    def __init__(self, sock: socket.socket, answer_ping: Callable[[bytes], None], buffer_bytes: int = 1 << 16) -> None:
        self._file = sock.makefile("rb", buffering=buffer_bytes)
        self._answer_ping = answer_ping

    def close(self) -> None:
        self._file.close()

    def _read(self, count: int) -> bytes:
        data = self._file.read(count)
        if data is None or len(data) < count:
            raise ConnectionClosed("the connection ended in the middle of a frame")
        return data

    def read_message(self) -> tuple[int, bytes]:
        parts: list[bytes] = []
        message_opcode = OPCODE_CONTINUATION
        while True:
            first, second = self._read(2)
            opcode = first & 0x0F
            length = second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", self._read(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", self._read(8))
            mask = self._read(4) if second & 0x80 else b""
            payload = self._read(length) if length else b""
            if mask:  # never from a conforming server; unmasked all the same
                payload = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
            if opcode & CONTROL_OPCODES:
                if opcode == OPCODE_CLOSE:
                    raise ConnectionClosed("the server closed the websocket")
                if opcode == OPCODE_PING:
                    self._answer_ping(payload)
                continue  # a pong, or a ping answered
            if opcode != OPCODE_CONTINUATION:
                message_opcode = opcode
            parts.append(payload)
            if first & 0x80:  # FIN: the message is complete
                return message_opcode, parts[0] if len(parts) == 1 else b"".join(parts)
