"""The sampling parameters of a request: each one either set or left at the provider's default."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.providers.inference import SamplingParameters


def _decode_stop(text: str) -> tuple[str, ...]:
    """Stop sequences typed as "a | b", with \\n and \\t for line breaks and tabs."""
    sequences = []
    for part in text.split("|"):
        if not part.strip():
            continue
        sequences.append(part.strip().replace("\\n", "\n").replace("\\t", "\t"))
    return tuple(sequences[:4])  # the API takes at most four


def _encode_stop(sequences: tuple[str, ...]) -> str:
    return " | ".join(sequence.replace("\n", "\\n").replace("\t", "\\t") for sequence in sequences)


class ParametersPanel(QWidget):
    """Temperature, top_p, max tokens, penalties, stop sequences and seed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)

        self.temperature = self._double(0.0, 2.0, 0.1, 0.0)
        self.top_p = self._double(0.0, 1.0, 0.05, 1.0)
        self.frequency_penalty = self._double(-2.0, 2.0, 0.1, 0.0)
        self.presence_penalty = self._double(-2.0, 2.0, 0.1, 0.0)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 128_000)
        self.max_tokens.setValue(256)
        self.max_tokens.setMinimumWidth(90)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(42)
        self.seed.setMinimumWidth(90)
        self.stop = QLineEdit()
        self.stop.setMinimumWidth(180)
        self.stop.setPlaceholderText(self.tr("e.g. END | \\n\\n"))
        self.stop.setToolTip(self.tr("Up to four stop sequences separated by |; write \\n for a line break."))

        self._switches: dict[str, QCheckBox] = {}
        rows: list[tuple[str, str, QWidget, bool]] = [
            ("temperature", self.tr("Temperature"), self.temperature, True),
            ("top_p", self.tr("Top p"), self.top_p, False),
            ("max_tokens", self.tr("Max tokens"), self.max_tokens, True),
            ("frequency_penalty", self.tr("Frequency penalty"), self.frequency_penalty, False),
            ("presence_penalty", self.tr("Presence penalty"), self.presence_penalty, False),
            ("seed", self.tr("Seed"), self.seed, False),
        ]
        for key, title, editor, enabled in rows:
            switch = QCheckBox(title)
            switch.setToolTip(self.tr("Unchecked: the provider's default"))
            switch.setChecked(enabled)
            editor.setEnabled(enabled)
            switch.toggled.connect(editor.setEnabled)
            switch.toggled.connect(self.changed)
            self._switches[key] = switch
            layout.addRow(switch, editor)
        layout.addRow(self.tr("Stop sequences"), self.stop)
        for spin in (self.temperature, self.top_p, self.frequency_penalty, self.presence_penalty):
            spin.valueChanged.connect(self.changed)
        self.max_tokens.valueChanged.connect(self.changed)
        self.seed.valueChanged.connect(self.changed)
        self.stop.textChanged.connect(self.changed)

    @staticmethod
    def _double(minimum: float, maximum: float, step: float, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(minimum, maximum)
        spin.setSingleStep(step)
        spin.setDecimals(2)
        spin.setValue(value)
        spin.setMinimumWidth(90)
        return spin

    def _is_set(self, key: str) -> bool:
        return self._switches[key].isChecked()

    def parameters(self) -> SamplingParameters:
        return SamplingParameters(
            temperature=self.temperature.value() if self._is_set("temperature") else None,
            top_p=self.top_p.value() if self._is_set("top_p") else None,
            max_tokens=self.max_tokens.value() if self._is_set("max_tokens") else None,
            frequency_penalty=self.frequency_penalty.value() if self._is_set("frequency_penalty") else None,
            presence_penalty=self.presence_penalty.value() if self._is_set("presence_penalty") else None,
            stop=_decode_stop(self.stop.text()),
            seed=self.seed.value() if self._is_set("seed") else None,
        )

    def set_parameters(self, parameters: SamplingParameters) -> None:
        values = {
            "temperature": (self.temperature, parameters.temperature),
            "top_p": (self.top_p, parameters.top_p),
            "max_tokens": (self.max_tokens, parameters.max_tokens),
            "frequency_penalty": (self.frequency_penalty, parameters.frequency_penalty),
            "presence_penalty": (self.presence_penalty, parameters.presence_penalty),
            "seed": (self.seed, parameters.seed),
        }
        for key, (editor, value) in values.items():
            self._switches[key].setChecked(value is not None)
            if value is not None:
                editor.setValue(value)  # type: ignore[attr-defined]
        self.stop.setText(_encode_stop(parameters.stop))
