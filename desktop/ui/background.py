"""Long work off the UI thread, and the one path by which background errors reach the user.

Every background job in the app is started with :func:`run_in_background`. Its result comes back
on the UI thread through a callback; any exception it raises goes to :func:`error_hub`, whose
``error_reported`` signal the main window shows to the user (after redaction of secrets). A job
names the widget it is for (``owner=``): closing that widget cancels the job (through the
:class:`desktop.core.cancel.CancelToken` the job was given) and drops its late results.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core.cancel import CancelledError, CancelToken

log = logging.getLogger(__name__)


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


def _while_alive(owner: QObject | None, callback: Callable[..., Any] | None) -> Callable[..., None] | None:
    """``callback``, skipped once ``owner``'s C++ object has been deleted (a closed window)."""
    if callback is None or owner is None:
        return callback

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call


def _is_cancellation(error: BaseException) -> bool:
    from desktop.providers.errors import ErrorKind, ProviderError

    return isinstance(error, ProviderError) and error.kind is ErrorKind.CANCELLED


def run_in_background(
    where: str,
    work: Callable[..., Any],
    *args: Any,
    owner: QObject | None,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> TaskHandle:
    """Run ``work(*args, **kwargs)`` on a pool thread; callbacks run on the UI thread.

    ``owner`` is the widget the work is for: when it is destroyed the task is cancelled, and the
    callbacks that arrive after that are dropped (they would touch deleted widgets). Pass
    ``owner=None`` only for work that belongs to no widget; its callbacks always run.

    If ``work`` accepts ``cancel`` or ``progress`` keyword arguments, it is given a CancelToken and
    a thread-safe ``progress(value)`` function. Errors go to ``on_error`` when given (while the owner
    lives), else to the ErrorHub with ``where`` as the context, whether or not the owner lives. A
    task that ends by raising CancelledError, or a CANCELLED ProviderError after it was cancelled
    and with no ``on_error``, reports nothing: the user asked for it.
    """
    import inspect

    token = CancelToken()
    handle = TaskHandle(where, token)
    parameters = inspect.signature(work).parameters
    if "cancel" in parameters:
        kwargs["cancel"] = token
    if "progress" in parameters:
        kwargs["progress"] = handle.signals.progressed.emit
    succeeded = _while_alive(owner, on_success)
    progressed = _while_alive(owner, on_progress)
    failed = _while_alive(owner, on_error)
    finished = _while_alive(owner, on_finished)
    if succeeded is not None:
        handle.signals.succeeded.connect(succeeded)
    if progressed is not None:
        handle.signals.progressed.connect(progressed)
    if failed is not None:
        handle.signals.failed.connect(failed)
    else:

        def report(error: BaseException) -> None:
            if not (token.cancelled and _is_cancellation(error)):
                error_hub().report(where, error)

        handle.signals.failed.connect(report)
    if finished is not None:
        handle.signals.finished.connect(finished)
    if owner is not None:
        owner.destroyed.connect(handle.cancel)

        def forget_owner() -> None:
            # A long-lived window runs many tasks: don't keep a connection per finished one.
            if shiboken6.isValid(owner):
                owner.destroyed.disconnect(handle.cancel)

        handle.signals.finished.connect(forget_owner)
    # Keep the handle (and its signal object) alive until the task is over.
    _active.add(handle)
    handle.signals.finished.connect(lambda: _active.discard(handle))
    (pool or QThreadPool.globalInstance()).start(_Runnable(handle, lambda: work(*args, **kwargs)))
    return handle
