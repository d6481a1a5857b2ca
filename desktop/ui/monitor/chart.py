"""The live chart of a job's training and validation loss and token accuracy (pyqtgraph)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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


SMOOTHING_KEY = "monitor/smoothing"
DEFAULT_SMOOTHING = 0.6
# Training curves are noisy (batch size 1: one example per point); validation ones are not.
_SMOOTHED = frozenset({"train_loss", "train_mean_token_accuracy"})


def smoothed(values: list[float], weight: float) -> list[float]:
    """Exponential moving average with bias correction, as TensorBoard and OpenAI's dashboard draw it.

    ``weight`` 0 leaves the values as they are; near 1 it smooths strongly. The first point is the
    first value (the debiasing keeps the start from being pulled towards 0).
    """
    if weight <= 0 or not values:
        return list(values)
    result: list[float] = []
    last = 0.0
    for count, value in enumerate(values, 1):
        last = last * weight + (1 - weight) * value
        result.append(last / (1 - weight**count))
    return result


class MetricsChart(QWidget):
    """Two plots (loss, token accuracy) that grow as metrics events arrive.

    Each metrics event is plotted exactly once: a point whose event id was already plotted is ignored.
    Training curves are drawn smoothed (``smoothing_spin``) over their faint raw values; the legends
    sit under the plots, never over the lines.
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
        self._raw_curves: dict[str, Any] = {}  # the unsmoothed training values, drawn faintly
        self.legend_labels: dict[str, QLabel] = {}  # metric -> its legend entry, shown once it has data
        self._markers: dict[str, str] = {}  # metric -> its coloured line or dot, as rich text
        self.smoothing_spin = QDoubleSpinBox(self)
        self.smoothing_spin.setRange(0.0, 0.99)
        self.smoothing_spin.setSingleStep(0.1)
        self.smoothing_spin.setDecimals(2)
        saved = QSettings().value(SMOOTHING_KEY, DEFAULT_SMOOTHING)
        try:
            self.smoothing_spin.setValue(float(saved))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.smoothing_spin.setValue(DEFAULT_SMOOTHING)
        self.smoothing_spin.setToolTip(
            self.tr(
                "Smooths the noisy training curves (0: off); the raw values stay visible, faintly. "
                "Validation curves are never smoothed."
            )
        )
        self.smoothing_spin.valueChanged.connect(self._smoothing_changed)
        self.smoothing_label = QLabel(self.tr("Smoothing:"), self)
        self.smoothing_label.setBuddy(self.smoothing_spin)
        plots = QHBoxLayout()
        plots.setContentsMargins(0, 0, 0, 0)
        self.loss_plot = self._make_plot(self.tr("Loss"), _LOSS_SERIES, plots)
        self.accuracy_plot = self._make_plot(self.tr("Token accuracy"), _ACCURACY_SERIES, plots)
        controls = QHBoxLayout()
        controls.addStretch(1)
        controls.addWidget(self.smoothing_label)
        controls.addWidget(self.smoothing_spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(plots, 1)
        layout.addLayout(controls)

    def _label(self, metric: str) -> str:
        return {
            "train_loss": self.tr("Training"),
            "valid_loss": self.tr("Validation"),
            "full_valid_loss": self.tr("Full validation"),
            "train_mean_token_accuracy": self.tr("Training"),
            "valid_mean_token_accuracy": self.tr("Validation"),
            "full_valid_mean_token_accuracy": self.tr("Full validation"),
        }[metric]

    def _make_plot(self, title: str, series: tuple[_Series, ...], row: QHBoxLayout) -> Any:
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
        legend_row = QHBoxLayout()
        legend_row.addStretch(1)
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
            if entry.metric in _SMOOTHED:
                faint = pg.mkColor(entry.colour)
                faint.setAlpha(70)
                raw = item.plot([], [], pen=pg.mkPen(faint, width=1))
                raw.setZValue(0)
                self._raw_curves[entry.metric] = raw
            marker = "- -" if entry.dashed else ("●" if entry.symbol else "—")
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.RichText)
            self._markers[entry.metric] = (
                f'<span style="color:{entry.colour}; font-weight:bold">{marker}</span>'
            )
            label.hide()
            self.legend_labels[entry.metric] = label
            legend_row.addWidget(label)
        legend_row.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(plot, 1)
        column.addLayout(legend_row)
        row.addLayout(column, 1)
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
        for metric in self._data:
            if metric in changed:
                self._draw(metric)
        return added

    def _draw(self, metric: str) -> None:
        label = self.legend_labels[metric]
        if label.isHidden():  # only series that have points get a legend entry
            label.setText(f"{self._markers[metric]} {self._label(metric)}")
            label.show()
        # Sorted by step (stable), so a resumed job that repeats steps draws left to right.
        ordered = sorted(self._data[metric], key=lambda pair: pair[0])
        steps = [step for step, _ in ordered]
        values = [value for _, value in ordered]
        if metric in self._raw_curves:
            weight = self.smoothing_spin.value()
            self._raw_curves[metric].setData(steps if weight > 0 else [], values if weight > 0 else [])
            self._curves[metric].setData(steps, smoothed(values, weight))
        else:
            self._curves[metric].setData(steps, values)

    def _smoothing_changed(self, weight: float) -> None:
        QSettings().setValue(SMOOTHING_KEY, weight)
        for metric in self._raw_curves:
            if self._data[metric]:
                self._draw(metric)

    def clear(self) -> None:
        self._event_ids.clear()
        for metric, values in self._data.items():
            values.clear()
            self._curves[metric].setData([], [])
            self.legend_labels[metric].hide()
        for raw in self._raw_curves.values():
            raw.setData([], [])
