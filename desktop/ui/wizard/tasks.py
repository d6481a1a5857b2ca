"""Background work owned by a wizard widget: its results are dropped once the widget is gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from desktop.ui.background import TaskHandle, run_in_background


def _guarded(owner: QObject, callback: Callable[..., None] | None) -> Callable[..., None] | None:
    if callback is None:
        return None

    def call(*args: Any) -> None:
        # A check can finish after the wizard was closed; its widgets are deleted by then.
        if shiboken6.isValid(owner):
            callback(*args)

    return call


def run_for(
    owner: QObject,
    where: str,
    work: Callable[..., Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
) -> TaskHandle:
    """:func:`run_in_background` for ``owner``: cancelled when it is destroyed, callbacks guarded.

    Errors without ``on_error`` still go to the ErrorHub, whether or not ``owner`` is alive.
    """
    handle = run_in_background(
        where,
        work,
        on_success=_guarded(owner, on_success),
        on_error=_guarded(owner, on_error),
        on_progress=_guarded(owner, on_progress),
        on_finished=_guarded(owner, on_finished),
    )
    owner.destroyed.connect(handle.cancel)

    def forget() -> None:
        if shiboken6.isValid(owner):
            owner.destroyed.disconnect(handle.cancel)

    handle.signals.finished.connect(forget)
    return handle
