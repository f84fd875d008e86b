"""A tiny SMTP server for fault tests: accepts every message and keeps it, on a loopback port that
can be stopped (the mail server is down: connections are refused) and started again on the same port.
It offers no STARTTLS (a plain server, as a relay on a trusted network).

`stall_after=n`: once n messages are accepted, the connection that delivered the n-th gets no
answer to its next command until `release()` (`stalled` is set then): a client killed at that
moment has had its n-th message accepted ("250 queued") and is waiting for the server."""

import socket
import socketserver
import threading
from email import message_from_bytes
from email.utils import getaddresses


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        try:
            self.converse()
        except OSError:  # the client died (a killed worker): its connection is gone, nothing to do
            return

    def converse(self) -> None:
        self.reply("220 sink ESMTP")
        rcpts: list[str] = []
        accepted_nth = 0
        while True:
            line = self.rfile.readline()
            if not line:
                return
            sink = self.server.sink
            if accepted_nth and accepted_nth == sink.stall_after:
                sink.stalled.set()
                sink.released.wait()
            accepted_nth = 0
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                rcpts = []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(line.decode().split(":", 1)[1].strip().strip("<>").lower())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = bytearray()
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                accepted_nth = self.server.sink.received(rcpts, bytes(data))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # RSET, NOOP, ...
                self.reply("250 OK")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    def __init__(self, port: int | None = None, *, stall_after: int | None = None):
        self.port = port or free_port()
        self.messages: list[tuple[list[str], bytes]] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self.stall_after = stall_after
        self.stalled = threading.Event()
        self.released = threading.Event()

    def received(self, rcpts: list[str], data: bytes) -> int:
        """Keep an accepted message; returns how many the sink has accepted, this one included."""
        with self._lock:
            self.messages.append((rcpts, data))
            return len(self.messages)

    def release(self) -> None:
        self.released.set()

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def count_per_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rcpts, _data in self.messages:
            for rcpt in rcpts:
                counts[rcpt] = counts.get(rcpt, 0) + 1
        return counts

    def subjects_for(self, address: str) -> list[str]:
        out = []
        for rcpts, data in self.messages:
            if address.lower() in rcpts:
                message = message_from_bytes(data)
                out.append(str(message["Subject"]))
        return out


def addresses(header_value: str) -> list[str]:
    return [addr.lower() for _name, addr in getaddresses([header_value])]
