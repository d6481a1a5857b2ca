"""The live chart of a job's training and validation loss and token accuracy (pyqtgraph)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop.providers.jobs import MetricPoint


@dataclass(frozen=True)
class _Series:
    metric: str
    colour: str
    dashed: bool
    symbol: str | None
    symbol_size: int = 6


# Training curves are solid lines; validation ones carry markers, since they are sparser.
_LOSS_SERIES = (
    _Series("train_loss", "#1565c0", False, None),
    _Series("valid_loss", "#ef6c00", False, "o"),
    _Series("full_valid_loss", "#c62828", True, "s", 10),
)
_ACCURACY_SERIES = (
    _Series("train_mean_token_accuracy", "#2e7d32", False, None),
    _Series("valid_mean_token_accuracy", "#8e24aa", False, "o"),
    _Series("full_valid_mean_token_accuracy", "#6d4c41", True, "s", 10),
)


class MetricsChart(QWidget):
    """Two plots (loss, token accuracy) that grow as metrics events arrive.

    Each metrics event is plotted exactly once: a point whose event id was already plotted is ignored.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph  # heavy: imported when the first job page opens

        self._pg: Any = pyqtgraph
        self._event_ids: set[str] = set()
        self._data: dict[str, list[tuple[int, float]]] = {
            series.metric: [] for series in (*_LOSS_SERIES, *_ACCURACY_SERIES)
        }
        self._curves: dict[str, Any] = {}
        self._legends: dict[str, Any] = {}  # metric -> the legend its curve joins once it has data
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.loss_plot = self._make_plot(self.tr("Loss"), _LOSS_SERIES)
        # Accuracy rises, loss falls: each legend sits where its curves are not.
        self.accuracy_plot = self._make_plot(
            self.tr("Token accuracy"), _ACCURACY_SERIES, legend_offset=(-8, -8)
        )
        layout.addWidget(self.loss_plot)
        layout.addWidget(self.accuracy_plot)

    def _label(self, metric: str) -> str:
        return {
            "train_loss": self.tr("Training"),
            "valid_loss": self.tr("Validation"),
            "full_valid_loss": self.tr("Full validation"),
            "train_mean_token_accuracy": self.tr("Training"),
            "valid_mean_token_accuracy": self.tr("Validation"),
            "full_valid_mean_token_accuracy": self.tr("Full validation"),
        }[metric]

    def _make_plot(
        self, title: str, series: tuple[_Series, ...], legend_offset: tuple[int, int] = (-8, 8)
    ) -> Any:
        pg = self._pg
        plot = pg.PlotWidget(background="w")
        plot.setMinimumSize(220, 160)
        item = plot.getPlotItem()
        item.setTitle(title, color="#333333", size="10pt")
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setLabel("bottom", self.tr("Step"), color="#333333")
        for axis_name in ("left", "bottom"):
            axis = item.getAxis(axis_name)
            axis.setPen(pg.mkPen("#888888"))
            axis.setTextPen(pg.mkPen("#333333"))
        legend = item.addLegend(
            offset=legend_offset, labelTextColor="#333333", brush=pg.mkBrush(255, 255, 255, 200)
        )
        for entry in series:
            pen = pg.mkPen(
                entry.colour,
                width=2,
                style=self._pen_style(entry.dashed),
            )
            curve = item.plot(
                [],
                [],
                pen=pen,
                symbol=entry.symbol,
                symbolSize=entry.symbol_size,
                symbolBrush=entry.colour,
                symbolPen=None,
            )
            # Validation and full validation often coincide at an epoch's end: keep validation on top.
            curve.setZValue(
                3 if entry.metric.startswith("valid") else 2 if entry.metric.startswith("full") else 1
            )
            self._curves[entry.metric] = curve
            self._legends[entry.metric] = legend
        return plot

    @staticmethod
    def _pen_style(dashed: bool) -> Any:
        from PySide6.QtCore import Qt

        return Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine

    # Data ----------------------------------------------------------------------------------------

    @property
    def point_count(self) -> int:
        """How many metrics events (steps) the chart has plotted."""
        return len(self._event_ids)

    def series(self, metric: str) -> list[tuple[int, float]]:
        """The (step, value) points plotted for one metric, in arrival order."""
        return list(self._data[metric])

    def add_points(self, points: Iterable[MetricPoint]) -> list[MetricPoint]:
        """Plot new points; returns those that were new."""
        changed: set[str] = set()
        added: list[MetricPoint] = []
        for point in points:
            if point.event_id in self._event_ids:
                continue
            self._event_ids.add(point.event_id)
            added.append(point)
            for metric, values in self._data.items():
                value = point.value(metric)
                if value is not None:
                    values.append((point.step, value))
                    changed.add(metric)
        for metric in self._data:  # in series order, so legends always list training first
            if metric not in changed:
                continue
            if metric in self._legends:  # only series that have points get a legend entry
                self._legends.pop(metric).addItem(self._curves[metric], self._label(metric))
            # Sorted by step (stable), so a resumed job that repeats steps draws left to right.
            ordered = sorted(self._data[metric], key=lambda pair: pair[0])
            self._curves[metric].setData([step for step, _ in ordered], [value for _, value in ordered])
        return added

    def clear(self) -> None:
        self._event_ids.clear()
        for metric, values in self._data.items():
            values.clear()
            self._curves[metric].setData([], [])
