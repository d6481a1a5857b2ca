"""Page 3: the training method (SFT or DPO) and its hyperparameters."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.core.checks.dataset_checks import MIN_EXAMPLES
from desktop.core.cost import format_duration
from desktop.core.dataset import ExampleKind, Split
from desktop.core.i18n import current_language
from desktop.providers.job_request import (
    SuffixProblem,
    TrainingMethod,
    azure_suffix_characters_text,
    suffix_max_length,
    suffix_problem,
)
from desktop.ui import theme
from desktop.ui.wizard.engine_plan import EnginePlan, is_local_engine
from desktop.ui.wizard.state import WizardState

if TYPE_CHECKING:
    from desktop.providers.engine_models import TrainingEstimate


class AutoOrValue(QWidget):
    """A hyperparameter that is either "auto" (the provider decides) or a value the user sets."""

    def __init__(
        self, spin: QSpinBox | QDoubleSpinBox, auto_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spin = spin
        self.auto = QCheckBox(auto_text)
        self.auto.setChecked(True)
        spin.setEnabled(False)
        # What "auto" comes to for this data, when the provider says (the local engine's estimate).
        self.resolved_label = QLabel()
        self.resolved_label.setStyleSheet("color: palette(mid);")
        self.auto.toggled.connect(lambda checked: spin.setEnabled(not checked))
        self.auto.toggled.connect(lambda checked: self.resolved_label.setVisible(checked))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        spin.setMinimumWidth(120)
        layout.addWidget(self.auto)
        layout.addWidget(spin)
        layout.addWidget(self.resolved_label)
        layout.addStretch(1)

    def set_resolved(self, text: str) -> None:
        self.resolved_label.setText(text)

    def value(self) -> float | None:
        if self.auto.isChecked():
            return None
        return float(self.spin.value())


class MethodPage(QWizardPage):
    def __init__(
        self,
        state: WizardState,
        split_validation: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self.setTitle(self.tr("Method and hyperparameters"))
        self.setSubTitle(
            self.tr("Leave a value on “auto” to let the provider choose it from the size of your data.")
        )

        self.sft_button = QRadioButton(
            self.tr("Supervised fine-tuning (SFT): learn to answer like the examples")
        )
        self.dpo_button = QRadioButton(
            self.tr("Direct preference optimisation (DPO): prefer one answer over another")
        )
        self.method_group = QButtonGroup(self)
        self.method_group.addButton(self.sft_button)
        self.method_group.addButton(self.dpo_button)
        self.method_reason = QLabel()
        self.method_reason.setWordWrap(True)
        self.method_reason.setStyleSheet("color: palette(mid);")

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 50)
        self.epochs_spin.setValue(3)
        self.epochs = AutoOrValue(self.epochs_spin, self.tr("Auto"))
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 256)
        self.batch_spin.setValue(4)
        self.batch_size = AutoOrValue(self.batch_spin, self.tr("Auto"))
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(3)
        self.lr_spin.setRange(0.001, 10.0)
        self.lr_spin.setSingleStep(0.1)
        self.lr_spin.setValue(1.0)
        self.learning_rate = AutoOrValue(self.lr_spin, self.tr("Auto"))
        self.beta_spin = QDoubleSpinBox()
        self.beta_spin.setDecimals(3)
        self.beta_spin.setRange(0.001, 2.0)
        self.beta_spin.setSingleStep(0.05)
        self.beta_spin.setValue(0.1)
        self.beta = AutoOrValue(self.beta_spin, self.tr("Auto"))
        self.seed_check = QCheckBox(self.tr("Fixed seed"))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(42)
        self.seed_spin.setEnabled(False)
        self.seed_check.toggled.connect(self.seed_spin.setEnabled)
        seed_row = QWidget()
        seed_layout = QHBoxLayout(seed_row)
        seed_layout.setContentsMargins(0, 0, 0, 0)
        self.seed_spin.setMinimumWidth(120)
        seed_layout.addWidget(self.seed_check)
        seed_layout.addWidget(self.seed_spin)
        seed_layout.addStretch(1)

        self.suffix_edit = QLineEdit()
        self.suffix_edit.setMaximumWidth(420)
        self.suffix_edit.setPlaceholderText(self.tr("e.g. support-bot-v2 (optional)"))
        self.suffix_problem_label = QLabel()
        self.suffix_problem_label.setStyleSheet(theme.css("error"))
        self.suffix_problem_label.setWordWrap(True)
        self.suffix_problem_label.hide()

        self.validation_check = QCheckBox(self.tr("Hold out a validation set"))
        self._had_validation_rows: bool | None = None  # None: not looked at yet
        self.validation_info = QLabel()
        self.validation_info.setWordWrap(True)
        self.split_button = QPushButton(self.tr("Split off validation rows…"))
        self.split_button.setEnabled(split_validation is not None)
        if split_validation is not None:
            self.split_button.clicked.connect(split_validation)

        # The local engine's own settings (LoRA adapter size, sequence length, memory trade-off).
        self.lora_rank_spin = QSpinBox()
        self.lora_rank_spin.setRange(1, 256)
        self.lora_rank_spin.setValue(16)
        self.lora_rank = AutoOrValue(self.lora_rank_spin, self.tr("Auto"))
        self.lora_rank.setToolTip(
            self.tr("The size of the LoRA adapter: higher learns more detail but needs more memory and data.")
        )
        self.max_length_spin = QSpinBox()
        self.max_length_spin.setRange(32, 131_072)
        self.max_length_spin.setSingleStep(256)
        self.max_length_spin.setValue(2048)
        self.max_length_spin.setSuffix(self.tr(" tokens"))
        self.max_length = AutoOrValue(self.max_length_spin, self.tr("Auto"))
        self.max_length.setToolTip(
            self.tr(
                "Examples longer than this many tokens are cut. Auto lets the engine choose it from "
                "your data and the model."
            )
        )
        self.advanced_check = QCheckBox(self.tr("Show advanced settings"))
        self.checkpointing_combo = QComboBox()
        self.checkpointing_combo.addItem(self.tr("Auto (when memory is short)"), None)
        self.checkpointing_combo.addItem(self.tr("On: less memory, slower"), True)
        self.checkpointing_combo.addItem(self.tr("Off: faster, more memory"), False)
        self.checkpointing_label = QLabel(self.tr("Gradient checkpointing:"))
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.engine_group = QGroupBox(self.tr("Local engine"))
        engine_form = QFormLayout(self.engine_group)
        engine_form.addRow(self.tr("LoRA rank:"), self.lora_rank)
        engine_form.addRow(self.tr("Max sequence length:"), self.max_length)
        engine_form.addRow("", self.advanced_check)
        engine_form.addRow(self.checkpointing_label, self.checkpointing_combo)
        engine_form.addRow(self.plan_label)
        self._engine_form = engine_form
        engine_form.setRowVisible(self.checkpointing_combo, False)
        self.advanced_check.toggled.connect(
            lambda checked: engine_form.setRowVisible(self.checkpointing_combo, checked)
        )
        self.engine_group.hide()

        form = QFormLayout()
        form.addRow(self.tr("Epochs:"), self.epochs)
        form.addRow(self.tr("Batch size:"), self.batch_size)
        form.addRow(self.tr("Learning-rate multiplier:"), self.learning_rate)
        self.beta_label = QLabel(self.tr("DPO beta:"))
        form.addRow(self.beta_label, self.beta)
        form.addRow(self.tr("Seed:"), seed_row)
        form.addRow(self.tr("Model name suffix:"), self.suffix_edit)
        form.addRow("", self.suffix_problem_label)
        validation_row = QWidget()
        validation_layout = QHBoxLayout(validation_row)
        validation_layout.setContentsMargins(0, 0, 0, 0)
        validation_layout.addWidget(self.validation_check)
        validation_layout.addWidget(self.split_button)
        validation_layout.addStretch(1)
        form.addRow(self.tr("Validation:"), validation_row)
        form.addRow("", self.validation_info)

        layout = QVBoxLayout(self)
        layout.addWidget(self.sft_button)
        layout.addWidget(self.dpo_button)
        layout.addWidget(self.method_reason)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.engine_group)
        layout.addStretch(1)

        for signal in (
            self.sft_button.toggled,
            self.dpo_button.toggled,
            self.epochs.auto.toggled,
            self.batch_size.auto.toggled,
            self.learning_rate.auto.toggled,
            self.beta.auto.toggled,
            self.seed_check.toggled,
            self.validation_check.toggled,
            self.lora_rank.auto.toggled,
            self.max_length.auto.toggled,
        ):
            signal.connect(self._store)
        self.checkpointing_combo.currentIndexChanged.connect(self._store)
        for spin_signal in (
            self.epochs_spin.valueChanged,
            self.batch_spin.valueChanged,
            self.lr_spin.valueChanged,
            self.beta_spin.valueChanged,
            self.seed_spin.valueChanged,
            self.lora_rank_spin.valueChanged,
            self.max_length_spin.valueChanged,
        ):
            spin_signal.connect(self._store)
        self.suffix_edit.textChanged.connect(self._store)
        state.data.changed.connect(self._show_validation_info)
        state.model_changed.connect(self._update_methods)
        state.engine_plan_changed.connect(self._show_engine_plan)

    # --- QWizardPage -------------------------------------------------------------------------------

    def initializePage(self) -> None:
        self._update_methods()
        self._show_validation_info()
        self._store()

    def isComplete(self) -> bool:
        if (
            suffix_problem(self.suffix_edit.text(), self._azure()) is not None
            or self._too_few_to_train() is not None
        ):
            return False
        return self.sft_button.isChecked() or self.dpo_button.isChecked()

    def _azure(self) -> bool:
        """Whether the job goes to Azure, whose suffix rule is stricter (40 characters, no dots)."""
        kind = getattr(self._state.profile, "kind", None)
        return getattr(kind, "value", None) == "azure"

    def _too_few_to_train(self) -> int | None:
        """The training examples left when validation is held out, if fewer than the API accepts."""
        if not self.validation_check.isChecked():
            return None
        examples = self._state.data.dataset.examples
        train = sum(1 for e in examples if e.split is not Split.VALIDATION)
        return train if train < MIN_EXAMPLES else None

    # --- Helpers -------------------------------------------------------------------------------------

    def _update_methods(self) -> None:
        kind = self._state.data.dataset.kind
        model = self._state.model
        is_preference = kind is ExampleKind.PREFERENCE
        model_supports_dpo = model is not None and model.supports_dpo
        model_supports_sft = model is None or model.supports_sft
        self.sft_button.setEnabled(not is_preference and model_supports_sft)
        self.dpo_button.setEnabled(is_preference and model_supports_dpo)
        if is_preference and not model_supports_dpo:
            reason = self.tr(
                "This model cannot be trained with DPO; choose another model on the previous page."
            )
        elif is_preference:
            reason = self.tr("Your data are preference pairs, so DPO is the method.")
        else:
            reason = self.tr("DPO needs preference pairs (input, preferred and non-preferred output).")
        self.method_reason.setText(reason)
        if self.dpo_button.isEnabled():
            self.dpo_button.setChecked(True)
        elif self.sft_button.isEnabled():
            self.sft_button.setChecked(True)
        else:
            self.method_group.setExclusive(False)
            self.sft_button.setChecked(False)
            self.dpo_button.setChecked(False)
            self.method_group.setExclusive(True)
        is_dpo = self.dpo_button.isChecked()
        self.beta.setVisible(is_dpo)
        self.beta_label.setVisible(is_dpo)
        self.engine_group.setVisible(is_local_engine(self._state.profile))
        self._show_engine_plan()

    def _show_engine_plan(self) -> None:
        """What the local engine makes of "auto" for this data, and its time and memory estimate."""
        plan = self._state.engine_plan
        estimate = plan.estimate if isinstance(plan, EnginePlan) else None
        for field, value in (
            (self.epochs, getattr(estimate, "n_epochs", None)),
            (self.batch_size, getattr(estimate, "batch_size", None)),
            (self.learning_rate, getattr(estimate, "learning_rate_multiplier", None)),
            (self.lora_rank, getattr(estimate, "lora_rank", None)),
            (self.max_length, getattr(estimate, "max_seq_length", None)),
        ):
            text = "" if value is None else self.tr("→ %1 for this data").replace("%1", f"{value:g}")
            field.set_resolved(text)
        if not isinstance(plan, EnginePlan):
            self.plan_label.clear()
        elif plan.loading:
            self.plan_label.setStyleSheet("")
            self.plan_label.setText(self.tr("Asking the engine for its plan…"))
        elif plan.error is not None:
            self.plan_label.setStyleSheet(theme.css("error"))
            self.plan_label.setText(
                self.tr("The engine could not estimate this job: %1").replace("%1", plan.error)
            )
        else:
            self.plan_label.setStyleSheet("")
            self.plan_label.setText(self._plan_text(estimate))

    def _plan_text(self, estimate: TrainingEstimate | None) -> str:
        parts = []
        steps = getattr(estimate, "total_steps", None)
        if steps:
            parts.append(self.tr("%Ln training steps", "", int(steps)))
        seconds = getattr(estimate, "estimated_seconds", None)
        if seconds is not None:
            parts.append(
                self.tr("about %1 on this computer").replace(
                    "%1", format_duration(float(seconds), current_language() == "zh_CN")
                )
            )
        fits = getattr(estimate, "fits", None)
        verdict = str(getattr(getattr(fits, "verdict", None), "value", ""))
        if verdict == "ok":
            parts.append(self.tr("fits in memory"))
        elif verdict == "tight":
            parts.append(self.tr("memory is tight"))
        elif verdict == "no":
            parts.append(self.tr("needs more memory than this computer has"))
        checkpointing = getattr(estimate, "gradient_checkpointing", None)
        if checkpointing is True:
            parts.append(self.tr("gradient checkpointing on"))
        return self.tr("The engine's plan: %1.").replace("%1", self.tr(", ").join(parts)) if parts else ""

    def _show_validation_info(self) -> None:
        examples = self._state.data.dataset.examples
        validation_rows = sum(1 for e in examples if e.split is Split.VALIDATION)
        if validation_rows:
            text = self.tr("Examples marked for validation in the table: %Ln.", "", validation_rows)
            self.validation_check.setEnabled(True)
            if self._had_validation_rows is False:
                # Rows were just split off: holding them out is why the user split them.
                self.validation_check.setChecked(True)
        else:
            text = self.tr(
                "No example is marked for validation yet: split off a share of the rows to measure "
                "how well the model does on examples it has not seen."
            )
            self.validation_check.setChecked(False)
            self.validation_check.setEnabled(False)
        self._had_validation_rows = validation_rows > 0
        self.validation_info.setText(text)
        self._show_training_count()

    def _show_training_count(self) -> None:
        too_few = self._too_few_to_train()
        if too_few is not None:
            self.validation_info.setText(
                self.tr(
                    "With validation held out, the training file keeps %1 examples; at least %2 are "
                    "needed. Turn validation off or mark fewer rows for it."
                )
                .replace("%1", str(too_few))
                .replace("%2", str(MIN_EXAMPLES))
            )
            self.validation_info.setStyleSheet(theme.css("error"))
        else:
            self.validation_info.setStyleSheet("")
        self.completeChanged.emit()

    def _store(self) -> None:
        settings = self._state.settings
        settings.method = TrainingMethod.DPO if self.dpo_button.isChecked() else TrainingMethod.SUPERVISED
        epochs = self.epochs.value()
        settings.n_epochs = None if epochs is None else int(epochs)
        batch = self.batch_size.value()
        settings.batch_size = None if batch is None else int(batch)
        settings.learning_rate_multiplier = self.learning_rate.value()
        settings.beta = self.beta.value()
        settings.seed = self.seed_spin.value() if self.seed_check.isChecked() else None
        settings.suffix = self.suffix_edit.text()
        settings.use_validation = self.validation_check.isChecked()
        settings.engine_settings = is_local_engine(self._state.profile)
        rank = self.lora_rank.value()
        settings.lora_rank = None if rank is None else int(rank)
        length = self.max_length.value()
        settings.max_seq_length = None if length is None else int(length)
        checkpointing = self.checkpointing_combo.currentData()
        settings.gradient_checkpointing = checkpointing if isinstance(checkpointing, bool) else None
        if self._too_few_to_train() is not None or self.validation_info.styleSheet():
            self._show_validation_info()
        is_dpo = settings.method is TrainingMethod.DPO
        self.beta.setVisible(is_dpo)
        self.beta_label.setVisible(is_dpo)
        azure = self._azure()
        problem = suffix_problem(settings.suffix, azure)
        if problem is SuffixProblem.TOO_LONG:
            self.suffix_problem_label.setText(
                self.tr("The suffix is %1 characters long; at most %2 are allowed.")
                .replace("%1", str(len(settings.suffix)))
                .replace("%2", str(suffix_max_length(azure)))
            )
        elif problem is SuffixProblem.BAD_CHARACTERS and azure:
            self.suffix_problem_label.setText(azure_suffix_characters_text())
        elif problem is SuffixProblem.BAD_CHARACTERS:
            self.suffix_problem_label.setText(
                self.tr("Use only letters A–Z, digits, “-”, “_” and “.” in the suffix.")
            )
        self.suffix_problem_label.setVisible(problem is not None)
        self._state.settings_changed.emit()
        self.completeChanged.emit()
