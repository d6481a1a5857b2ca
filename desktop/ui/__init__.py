"""Qt widgets, models and workers of the desktop application."""

from __future__ import annotations

import sys


def _guard_bool_refcounts() -> None:
    """Work around a reference-count bug of PySide6 6.12 on Python 3.11.

    ``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so every emit from
    Python drops one reference to ``True``; after a few hundred emits the interpreter aborts with
    "Fatal Python error: bool_dealloc". From Python 3.12 on, True and False are immortal and the bug
    is harmless; here we give them enough spare references to last the life of any process.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for value in (True, False):
        refcount = ctypes.c_ssize_t.from_address(id(value))
        refcount.value += 1 << 40


_guard_bool_refcounts()
