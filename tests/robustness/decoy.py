"""A TCP listener on loopback that only counts connection attempts (it answers none).

It listens on one port of 127.0.0.1 and, where the machine has IPv6, the same port
of [::1]: every spelling of loopback a hostile page can use (``localhost``,
``127.1``, ``0x7f000001``, ``[::ffff:127.0.0.1]``, ``0.0.0.0``, ``[::1]``...) reaches
one of the two.
"""

from __future__ import annotations

import socket
import threading


class Decoy:
    """Where hostile links and redirects of the fault mirror point: nothing may connect."""

    def __init__(self) -> None:
        self._sockets: list[socket.socket] = []
        first = _listen(socket.AF_INET, "127.0.0.1", 0)
        self.port = first.getsockname()[1]
        self._sockets.append(first)
        self.ipv6 = False
        try:
            self._sockets.append(_listen(socket.AF_INET6, "::1", self.port))
            self.ipv6 = True
        except OSError:  # no IPv6 loopback on this machine
            pass
        self.connections = 0
        self.seen: list[str] = []  # the first bytes each connection sent, for the message
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._accept, args=(s,), daemon=True) for s in self._sockets
        ]
        for thread in self._threads:
            thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            self.connections += 1
            connection.settimeout(0.2)
            try:
                self.seen.append(connection.recv(200).decode("latin-1"))
            except OSError:
                self.seen.append("")
            connection.close()

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        for listener in self._sockets:
            listener.close()


def _listen(family: int, host: str, port: int) -> socket.socket:
    listener = socket.socket(family)
    if family == socket.AF_INET6:
        listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    listener.bind((host, port))
    listener.listen(64)
    listener.settimeout(0.2)
    return listener
