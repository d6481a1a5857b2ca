"""A small bar chart of tokens per example (painted directly: light, and it renders offscreen)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class HistogramBin:
    low: int  # tokens, inclusive
    high: int  # tokens, exclusive
    count: int  # examples in this bin
    over_limit: bool = False  # the bin lies above the model's per-example limit


class TokenHistogram(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bins: list[HistogramBin] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(110)

    def set_bins(self, bins: Sequence[HistogramBin]) -> None:
        self._bins = list(bins)
        self.setToolTip(
            "\n".join(
                self.tr("%1–%2 tokens: %3")
                .replace("%1", str(b.low))
                .replace("%2", str(b.high))
                .replace("%3", str(b.count))
                for b in self._bins
            )
        )
        self.update()

    @property
    def bins(self) -> list[HistogramBin]:
        return list(self._bins)

    def sizeHint(self) -> QSize:
        return QSize(360, 130)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(palette.ColorRole.WindowText)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        metrics = painter.fontMetrics()
        label_height = metrics.height() + 2
        chart = rect.adjusted(0, metrics.height() + 2, 0, -label_height)
        if not self._bins:
            painter.setPen(text_color)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("No token counts yet"))
            return
        peak = max(b.count for b in self._bins) or 1
        slot = chart.width() / len(self._bins)
        normal = QColor("#4f7cac")
        over = QColor("#c0392b")
        for index, histogram_bin in enumerate(self._bins):
            height = chart.height() * histogram_bin.count / peak
            bar = QRectF(chart.left() + index * slot + 1, chart.bottom() - height, max(1.0, slot - 2), height)
            painter.fillRect(bar, over if histogram_bin.over_limit else normal)
            if histogram_bin.count and slot >= metrics.horizontalAdvance(str(histogram_bin.count)):
                painter.setPen(text_color)
                painter.drawText(
                    QRectF(
                        bar.left() - 4, bar.top() - metrics.height() - 1, bar.width() + 8, metrics.height()
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(histogram_bin.count),
                )
        painter.setPen(QPen(text_color, 1))
        painter.drawLine(chart.bottomLeft(), chart.bottomRight())
        # Axis labels: the first bin's low edge, the middle and the last high edge.
        first, last = self._bins[0], self._bins[-1]
        label_rect = QRectF(chart.left(), chart.bottom() + 1, chart.width(), label_height)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft, str(first.low))
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight, str(last.high))
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignHCenter, self.tr("tokens per example"))
