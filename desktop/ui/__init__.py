"""Qt widgets, models and workers of the desktop application.

PySide6 is pinned to 6.11.3: 6.12.0's ``SignalInstance.emit()`` drops a reference to ``True`` on
every call and aborts Python 3.11 after a few hundred emits (tests/ui/test_qt_binding.py).
"""
