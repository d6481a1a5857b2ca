"""How a job's status looks: a translated label, a colour, and a small drawn icon."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from desktop.providers import jobs
from desktop.ui import theme

# Colours chosen to read on light and dark backgrounds alike.
_COLOURS = {
    jobs.VALIDATING_FILES: "#8a6d00",
    jobs.QUEUED: "#8a6d00",
    jobs.RUNNING: "#1565c0",
    jobs.PAUSING: "#6a4fb3",
    jobs.PAUSED: "#6a4fb3",
    jobs.SUCCEEDED: "#2e7d32",
    jobs.FAILED: "#c62828",
    jobs.CANCELLED: "#616161",
}


def status_label(status: str) -> str:
    labels = {
        jobs.VALIDATING_FILES: QCoreApplication.translate("JobStatus", "Validating files"),
        jobs.QUEUED: QCoreApplication.translate("JobStatus", "Queued"),
        jobs.RUNNING: QCoreApplication.translate("JobStatus", "Running"),
        jobs.PAUSING: QCoreApplication.translate("JobStatus", "Pausing"),
        jobs.PAUSED: QCoreApplication.translate("JobStatus", "Paused"),
        jobs.SUCCEEDED: QCoreApplication.translate("JobStatus", "Succeeded"),
        jobs.FAILED: QCoreApplication.translate("JobStatus", "Failed"),
        jobs.CANCELLED: QCoreApplication.translate("JobStatus", "Cancelled"),
    }
    return labels.get(status, status or QCoreApplication.translate("JobStatus", "Unknown"))


def status_color(status: str) -> QColor:
    colour = QColor(_COLOURS.get(status, "#616161"))
    # The same hue, light enough to read on a dark background.
    return colour.lighter(175) if theme.is_dark() else colour


@cache
def status_icon(status: str, size: int = 16) -> QIcon:
    """A filled circle in the status colour with a white glyph (tick, cross, play, pause, dots)."""
    scale = 2  # drawn at twice the size so it stays sharp on high-density screens
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_color(status))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    pen = QPen(QColor("white"), size / 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    s = float(size)
    if status == jobs.SUCCEEDED:
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(QPointF(s * 0.44, s * 0.68))
        path.lineTo(QPointF(s * 0.72, s * 0.34))
        painter.drawPath(path)
    elif status == jobs.FAILED:
        painter.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
        painter.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))
    elif status == jobs.CANCELLED:
        painter.drawLine(QPointF(s * 0.3, s * 0.5), QPointF(s * 0.7, s * 0.5))
    elif status == jobs.RUNNING:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        triangle = QPainterPath(QPointF(s * 0.38, s * 0.3))
        triangle.lineTo(QPointF(s * 0.72, s * 0.5))
        triangle.lineTo(QPointF(s * 0.38, s * 0.7))
        triangle.closeSubpath()
        painter.drawPath(triangle)
    elif status in (jobs.PAUSED, jobs.PAUSING):
        painter.drawLine(QPointF(s * 0.4, s * 0.32), QPointF(s * 0.4, s * 0.68))
        painter.drawLine(QPointF(s * 0.6, s * 0.32), QPointF(s * 0.6, s * 0.68))
    else:  # waiting: three dots
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        for x in (0.3, 0.5, 0.7):
            painter.drawEllipse(QPointF(s * x, s * 0.5), s * 0.07, s * 0.07)
    painter.end()
    return QIcon(pixmap)


def format_timestamp(seconds: float | None) -> str:
    """Local date and time, the same in every language (2026-11-25 09:41)."""
    if not seconds:
        return ""
    return QDateTime.fromSecsSinceEpoch(int(seconds)).toString("yyyy-MM-dd HH:mm")


def format_count(value: int | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(value)
