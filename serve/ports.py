"""Ports: is the public one free, and which loopback ports can the workers have."""

from __future__ import annotations

import contextlib
import socket


def port_is_free(host: str, port: int) -> bool:
    """True if HOST:PORT can be bound now (with SO_REUSEADDR, as HAProxy binds it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host or "0.0.0.0", port))
        except OSError:
            return False
        return True


def free_loopback_ports(count: int, *, avoid: set[int] = frozenset()) -> list[int]:
    """COUNT distinct free ports on 127.0.0.1, chosen by the kernel.

    The sockets are all held open until every port is chosen, so the kernel cannot hand the
    same port out twice; a worker keeps its port for the whole run, restarts included.
    """
    ports: list[int] = []
    with contextlib.ExitStack() as held:
        while len(ports) < count:
            sock = held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
            if port not in avoid:
                ports.append(port)
    return ports
