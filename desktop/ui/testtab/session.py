"""One conversation with one model, its answers streamed in on a worker thread.

The playground has one session; the side-by-side view has one per column. Tokens arrive through
the background task's progress signal, in order, on the UI thread; Stop closes the connection at
once. A failure is written into the conversation where it happened (secrets removed), and the
conversation stays.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from desktop.core.cancel import CancelToken
from desktop.providers.inference import Answer, AnswerStream, ChatRequest
from desktop.ui.background import TaskHandle, error_hub, run_in_background
from desktop.ui.testtab.conversation import Conversation, Turn
from desktop.ui.testtab.services import TestTabServices

# Attempts for one playground request: a rate limit is waited out once, then shown.
PLAYGROUND_ATTEMPTS = 2

_network_pool: QThreadPool | None = None


def network_pool() -> QThreadPool:
    """Threads for requests that wait on the network for long (streams, batch runs).

    Kept apart from the global pool, which has one thread per CPU core: a long stream must not
    hold up file loading, and file loading must not hold up a stream.
    """
    global _network_pool
    if _network_pool is None:
        _network_pool = QThreadPool()
        _network_pool.setMaxThreadCount(8)
    return _network_pool


class _StreamJob:
    """Shared by the UI thread (stop) and the worker (the stream, once it exists)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stream: AnswerStream | None = None
        self._stopped = False

    def attach(self, stream: AnswerStream) -> None:
        with self._lock:
            self._stream = stream
            stopped = self._stopped
        if stopped:
            stream.stop()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            stream = self._stream
        if stream is not None:
            stream.stop()


def _stream_work(
    services: TestTabServices, request: ChatRequest, job: _StreamJob, cancel: CancelToken, progress: Any
) -> Answer:
    client = services.make_client()
    stream = AnswerStream(client, request, services.endpoint(), attempts=PLAYGROUND_ATTEMPTS)
    job.attach(stream)
    if cancel.cancelled:
        stream.stop()
    for delta in stream:
        progress(delta)
    assert stream.answer is not None
    return stream.answer


class ChatSession(QObject):
    """A conversation and the answer being streamed into it."""

    changed = Signal()  # the conversation changed (throttled while tokens stream in)
    delta_received = Signal(str)  # each piece of the answer, in order
    busy_changed = Signal(bool)
    answer_finished = Signal(object)  # Answer
    answer_failed = Signal(str)  # the message shown

    def __init__(
        self, services: TestTabServices, parent: QObject | None = None, pool: QThreadPool | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._pool = pool if pool is not None else network_pool()
        self.conversation = Conversation()
        self.last_request: ChatRequest | None = None
        self._task: TaskHandle | None = None
        self._job: _StreamJob | None = None
        self._answer_turn: Turn | None = None
        # Repaint at most every 40 ms while tokens stream in: a long answer stays smooth.
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(40)
        self._repaint.timeout.connect(self.changed)

    @property
    def busy(self) -> bool:
        # Busy until the task's last signal has been handled here, not merely until its thread ended.
        return self._task is not None

    def ask(self, request: ChatRequest) -> None:
        """Send ``request`` (its messages end with the user's turn, already in the conversation)."""
        if self.busy:
            return
        self.last_request = request
        turn = self.conversation.add_answer(request.model)
        self._answer_turn = turn
        job = _StreamJob()
        self._job = job
        self._task = run_in_background(
            self.tr("Asking %1").replace("%1", request.model),
            _stream_work,
            self.services,
            request,
            job,
            # Bound methods, never lambdas: Qt drops them when the session is deleted first.
            owner=self,
            on_progress=self._delta,
            on_success=self._finished,
            on_error=self._failed,
            on_finished=self._task_over,
            pool=self._pool,
        )
        self.changed.emit()
        self.busy_changed.emit(True)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._job is not None:
            self._job.stop()

    def clear(self) -> None:
        self.stop()
        self.conversation.clear()
        self.changed.emit()

    def _delta(self, delta: str) -> None:
        turn = self._answer_turn
        if turn is None:
            return
        turn.content += delta
        self.delta_received.emit(delta)
        if not self._repaint.isActive():
            self._repaint.start()

    def _finished(self, answer: Answer) -> None:
        turn = self._answer_turn
        if turn is None:
            return
        turn.content = answer.text
        turn.answer = answer
        turn.streaming = False
        self.changed.emit()
        self.answer_finished.emit(answer)

    def _failed(self, error: BaseException) -> None:
        turn = self._answer_turn
        if turn is None:
            return
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        turn.error = error_hub().redact(str(message))
        turn.streaming = False
        self.changed.emit()
        self.answer_failed.emit(turn.error)

    def _task_over(self) -> None:
        turn = self._answer_turn
        if turn is not None and turn.streaming:  # cancelled before any answer object was made
            turn.streaming = False
            self.changed.emit()
        self._repaint.stop()
        self._answer_turn = None
        self._task = None
        self._job = None
        self.busy_changed.emit(False)
