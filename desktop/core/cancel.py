"""The one way long work is asked to stop early: :class:`CancelSignal`, :class:`CancelToken`.

Code that can be cancelled takes ``cancel: CancelSignal | None`` and, at safe points, either calls
``cancel.raise_if_cancelled()`` (raises :class:`CancelledError`, which ends a background task quietly)
or reads ``cancel.cancelled`` where it must stop its own way (providers raise a CANCELLED
ProviderError, a stream keeps the text that had arrived). :class:`CancelToken` is the one
implementation: the UI's ``run_in_background`` hands one to every task, and a token made with a
``parent`` is cancelled too when its parent is (work that must stop both when the user cancels and
when its runner gives up). Thread-safe; no Qt.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Protocol

# While waiting on a parent that is not a CancelToken, how often its flag is read again.
_POLL_SECONDS = 0.05


class CancelledError(Exception):
    """Raised inside work that noticed its cancellation; a background task ends quietly on it."""


class CancelSignal(Protocol):
    """What code that can be cancelled accepts (a :class:`CancelToken` is one)."""

    @property
    def cancelled(self) -> bool: ...

    def raise_if_cancelled(self) -> None:
        """Raise :class:`CancelledError` if cancellation was asked for."""


class CancelToken:
    """A cancellation flag set once by :meth:`cancel`, or by its ``parent`` being cancelled."""

    def __init__(self, parent: CancelSignal | None = None) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        # Weak, so a long-lived parent does not keep every finished child alive.
        self._children: weakref.WeakSet[CancelToken] = weakref.WeakSet()
        self._parent = parent
        if isinstance(parent, CancelToken):
            parent._add_child(self)

    def _add_child(self, child: CancelToken) -> None:
        with self._lock:
            if not self._event.is_set():
                self._children.add(child)
                return
        child.cancel()  # the parent was cancelled before the child existed

    def cancel(self) -> None:
        """Ask the work to stop (idempotent); children are cancelled too."""
        with self._lock:
            self._event.set()
            children, self._children = list(self._children), weakref.WeakSet()
        for child in children:
            child.cancel()

    @property
    def cancelled(self) -> bool:
        if self._event.is_set():
            return True
        if self._parent is not None and self._parent.cancelled:
            self._event.set()
            return True
        return False

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise CancelledError

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking early on cancellation; return whether it was cancelled."""
        if self._parent is None or isinstance(self._parent, CancelToken):
            # A CancelToken parent cancels this token itself, so the event alone is enough.
            return self._event.wait(max(0.0, seconds)) or self.cancelled
        deadline = time.monotonic() + seconds
        while not self.cancelled:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._event.wait(min(left, _POLL_SECONDS))
        return True
