"""One HipCoach per data folder: a second start hands its arguments to the first.

The running app listens on a local socket (``QLocalServer``; a Unix socket on Linux, a
named pipe on Windows) named after the user and the data folder. A second start, refused
by the instance lock, connects, sends one JSON line ``{"argv": [...], "cwd": "...",
"activation": "..."}`` and prints the one-line JSON reply ``{"ok": bool, "message": str}``.
``activation`` passes on the Wayland activation token the desktop gave the second start
($XDG_ACTIVATION_TOKEN), which lets the running window take the focus.

A socket left behind by a crash is removed before listening. That is safe because only
the holder of the data folder's instance lock listens, and the lock dies with its process.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from hipcoach.i18n import _

CONNECT_TIMEOUT_MS = 1500
REPLY_TIMEOUT_MS = 5000
MAX_REQUEST = 64 * 1024


@dataclass(frozen=True, slots=True)
class Request:
    argv: list[str]
    cwd: str
    activation: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    ok: bool
    message: str


Handler = Callable[[Request], Reply]


def server_name(data_dir: Path) -> str:
    """The socket for this user and data folder: in $XDG_RUNTIME_DIR (private to the user)
    when there is one, else a name Qt places in the temporary folder."""
    key = hashlib.sha256(str(data_dir.expanduser().absolute()).encode("utf-8")).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform != "win32" and runtime and os.path.isdir(runtime):
        return str(Path(runtime) / f"hipcoach-{key}.sock")
    return f"hipcoach-{uid}-{key}"


def hand_over(data_dir: Path, argv: list[str], cwd: str | None = None) -> Reply | None:
    """Give the command line to the running instance; None when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    payload = json.dumps({"argv": list(argv), "cwd": cwd or os.getcwd(),
                          "activation": os.environ.get("XDG_ACTIVATION_TOKEN", "")}) + "\n"
    socket.write(payload.encode("utf-8"))
    if not socket.waitForBytesWritten(CONNECT_TIMEOUT_MS):
        return None
    data = b""
    while b"\n" not in data:
        if not socket.waitForReadyRead(REPLY_TIMEOUT_MS):
            break
        data += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    try:
        reply = json.loads(data.split(b"\n", 1)[0].decode("utf-8"))
        return Reply(bool(reply["ok"]), str(reply["message"]))
    except (ValueError, KeyError, TypeError):
        return None


def hand_over_and_report(data_dir: Path, argv: list[str]) -> int | None:
    """For a second start: hand over, print the running instance's answer and return the
    exit status; None when no instance answered."""
    reply = hand_over(data_dir, argv)
    if reply is None:
        return None
    print(f"hipcoach: {reply.message}", file=sys.stdout if reply.ok else sys.stderr)
    return 0 if reply.ok else 1


class InstanceServer(QObject):
    """Listens for second starts and answers each with what ``handler`` decided."""

    def __init__(self, data_dir: Path, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.handler = handler
        self.server = QLocalServer(self)
        if not os.path.isabs(self.name):
            # in the shared temporary folder: only this user may connect (Qt then also
            # replaces a stale socket itself); $XDG_RUNTIME_DIR is private already
            self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.problem = ""

    def listen(self) -> bool:
        """Start listening, clearing a socket a crashed instance left behind. False (with
        ``problem`` set) when it cannot: the app then works on, second starts are refused."""
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)  # we hold the lock: nobody else is listening
            if self.server.listen(self.name):
                return True
        self.problem = self.server.errorString()
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_REQUEST:
                socket.abort()
            return
        line = bytes(buffer).split(b"\n", 1)[0]
        buffer.clear()
        try:
            raw = json.loads(line.decode("utf-8"))
            request = Request([str(a) for a in raw["argv"]], str(raw["cwd"]),
                              str(raw.get("activation") or ""))
        except (ValueError, KeyError, TypeError):
            reply = Reply(False, _("the running HipCoach did not understand the request"))
        else:
            reply = self.handler(request)
        socket.write((json.dumps({"ok": reply.ok, "message": reply.message}) + "\n").encode("utf-8"))
        socket.flush()
        socket.disconnectFromServer()
