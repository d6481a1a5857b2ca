"""One app per user: a second launch hands its file to the window that is already open.

Two windows would each start a local engine on the same data folder (the engine refuses the second
one) and overwrite each other's settings. So the first launch holds a lock file for its whole life
(`QLockFile`, which sees through the lock of a crashed app by its PID) and listens on a local
socket (`QLocalServer`: a Unix socket, or a named pipe on Windows). A later launch finds the lock
taken, sends what its command line asked for (``{"file": ABSOLUTE PATH}`` or ``{"sample": true}`` or
``{}``) as one JSON line, waits for ``ok`` and exits; the running window comes to the front and
opens the file (asking first about unsaved changes, as any open does).

The lock and the socket name are per user and per settings folder, so tests with their own
settings folder never meet the user's real window.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QLockFile, QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

HAND_OVER_TIMEOUT_MS = 5000
CONNECT_RETRY_SECONDS = 10.0  # the first window may still be starting when the second launch comes


def instance_key() -> str:
    """A short name unique to this user and settings folder (socket names must be short)."""
    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    digest = hashlib.sha256(f"{getpass.getuser()}\0{config}".encode()).hexdigest()[:16]
    return f"finetune-desk-{digest}"


def launch_request(file: str | None, sample: bool) -> dict[str, Any]:
    """What a launch asks the running window to do."""
    if file:
        return {"file": str(Path(file).resolve())}
    if sample:
        return {"sample": True}
    return {}


class SingleInstance(QObject):
    """The running app's end: emits ``requested`` with each later launch's request."""

    requested = Signal(dict)

    def __init__(self, key: str, lock: QLockFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._lock = lock
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket left under this name is a crashed window's: remove it.
        QLocalServer.removeServer(key)
        if not self._server.listen(key):
            raise RuntimeError(f"could not listen on {key}: {self._server.errorString()}")
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            return
        line = bytes(connection.readLine().data()).decode("utf-8", "replace")
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        if not isinstance(request, dict):
            connection.disconnectFromServer()
            return
        connection.write(b"ok\n")
        connection.flush()
        self.requested.emit(request)

    def close(self) -> None:
        self._server.close()
        self._lock.unlock()


def claim(key: str | None = None, parent: QObject | None = None) -> SingleInstance | None:
    """Become the one running app (returns its listener), or return None when another app runs."""
    key = key or instance_key()
    lock = QLockFile(str(Path(QDir.tempPath()) / f"{key}.lock"))
    lock.setStaleLockTime(0)  # only a dead PID makes a lock stale, never its age
    if lock.tryLock(0):
        return SingleInstance(key, lock, parent)
    return None


def hand_over(request: dict[str, Any], key: str | None = None) -> bool:
    """Send ``request`` to the running app; True once it confirmed."""
    key = key or instance_key()
    deadline = time.monotonic() + CONNECT_RETRY_SECONDS
    while True:
        socket = QLocalSocket()
        socket.connectToServer(key)
        if socket.waitForConnected(1000):
            break
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    socket.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(HAND_OVER_TIMEOUT_MS)  # False too when flushed at once: not an error
    reply_deadline = time.monotonic() + HAND_OVER_TIMEOUT_MS / 1000
    while not socket.canReadLine() and time.monotonic() < reply_deadline:
        if (
            not socket.waitForReadyRead(200)
            and socket.state() != QLocalSocket.LocalSocketState.ConnectedState
        ):
            break
    confirmed = socket.canReadLine() and bytes(socket.readLine().data()).strip() == b"ok"
    socket.disconnectFromServer()
    return confirmed
