"""Long work off the UI thread, and the one path by which background errors reach the user.

Every background job in the app is started with :func:`run_in_background`. Its result comes back
on the UI thread through a callback; any exception it raises goes to :func:`error_hub`, whose
``error_reported`` signal the main window shows to the user (after redaction of secrets).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class CancelledError(Exception):
    """Raised inside a task that noticed its cancellation; never reported as an error."""


class CancelToken:
    """Handed to a task so it can stop early at a safe point."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError


@dataclass(frozen=True)
class ReportedError:
    where: str  # what the app was doing, in the user's words ("Opening prompt.xlsx")
    message: str  # what went wrong and what to do, secrets already removed
    details: str  # the traceback, secrets removed, for the "Details" button


class ErrorHub(QObject):
    """Collects every error from background work (and anything else that must reach the user)."""

    error_reported = Signal(object)  # ReportedError

    def __init__(self) -> None:
        super().__init__()
        self._redactors: list[Callable[[str], str]] = []

    def add_redactor(self, redact: Callable[[str], str]) -> None:
        """Register a function that removes secrets (API keys, tokens) from text shown or logged."""
        self._redactors.append(redact)

    def redact(self, text: str) -> str:
        for redact in self._redactors:
            text = redact(text)
        return text

    def report(self, where: str, error: BaseException) -> None:
        # Provider errors carry a message written for people; anything else falls back to its text.
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        # An error that explains itself (a bad file) shows its explanation; a traceback only helps
        # with a real failure, and is logged in either case.
        user_details = getattr(error, "user_details", None)
        trace = "".join(traceback.format_exception(error))
        details = user_details if isinstance(user_details, str) else trace
        if user_details is not None:
            log.debug("%s", self.redact(trace))
        reported = ReportedError(self.redact(where), self.redact(str(message)), self.redact(details))
        log.warning("%s: %s", reported.where, reported.message)
        self.error_reported.emit(reported)


_hub: ErrorHub | None = None


def error_hub() -> ErrorHub:
    """The application's one ErrorHub (created on first use, on the UI thread)."""
    global _hub
    if _hub is None:
        _hub = ErrorHub()
    return _hub


class _TaskSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    finished = Signal()


class TaskHandle:
    """A running background task: cancel it, or connect to its signals."""

    def __init__(self, where: str, cancel_token: CancelToken) -> None:
        self.where = where
        self.cancel_token = cancel_token
        self.signals = _TaskSignals()
        self.done = threading.Event()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @property
    def is_running(self) -> bool:
        return not self.done.is_set()


class _Runnable(QRunnable):
    def __init__(self, handle: TaskHandle, work: Callable[[], Any]) -> None:
        super().__init__()
        self._handle = handle
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except CancelledError:
            pass
        except BaseException as error:  # every failure goes to the one error path
            self._handle.signals.failed.emit(error)
        else:
            self._handle.signals.succeeded.emit(result)
        finally:
            self._handle.done.set()
            self._handle.signals.finished.emit()


_active: set[TaskHandle] = set()


def run_in_background(
    where: str,
    work: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> TaskHandle:
    """Run ``work(*args, **kwargs)`` on a pool thread; callbacks run on the UI thread.

    If ``work`` accepts ``cancel`` or ``progress`` keyword arguments, it is given a CancelToken and
    a thread-safe ``progress(value)`` function. Errors go to ``on_error`` when given, else to the
    ErrorHub with ``where`` as the context.
    """
    import inspect

    token = CancelToken()
    handle = TaskHandle(where, token)
    parameters = inspect.signature(work).parameters
    if "cancel" in parameters:
        kwargs["cancel"] = token
    if "progress" in parameters:
        kwargs["progress"] = handle.signals.progressed.emit
    if on_success is not None:
        handle.signals.succeeded.connect(on_success)
    if on_progress is not None:
        handle.signals.progressed.connect(on_progress)
    if on_error is not None:
        handle.signals.failed.connect(on_error)
    else:
        handle.signals.failed.connect(lambda error: error_hub().report(where, error))
    if on_finished is not None:
        handle.signals.finished.connect(on_finished)
    # Keep the handle (and its signal object) alive until the task is over.
    _active.add(handle)
    handle.signals.finished.connect(lambda: _active.discard(handle))
    (pool or QThreadPool.globalInstance()).start(_Runnable(handle, lambda: work(*args, **kwargs)))
    return handle
