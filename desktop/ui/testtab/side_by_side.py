"""Side by side: the same conversation sent to two or three models at once, answers in columns."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.inference import Answer, ChatRequest, InferenceMode, default_mode_for
from desktop.ui.testtab.conversation import ConversationView, answer_details
from desktop.ui.testtab.models import ModelListModel, ModelPicker
from desktop.ui.testtab.parameters import ParametersPanel
from desktop.ui.testtab.services import TestTabServices
from desktop.ui.testtab.session import ChatSession

MIN_COLUMNS = 2
MAX_COLUMNS = 3


class ModelColumn(QFrame):
    """One model's side of the comparison: its picker, its conversation and its last answer's figures."""

    def __init__(
        self,
        services: TestTabServices,
        models: ModelListModel,
        pool: QThreadPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = ChatSession(services, self, pool=pool)
        self.picker = ModelPicker(models)
        self.view = ConversationView()
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.picker)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.figures)
        self.session.changed.connect(self._refresh)
        self.session.answer_finished.connect(self._answered)
        self.session.answer_failed.connect(lambda message: self.figures.setText(self.tr("Failed")))

    def mode(self) -> InferenceMode:
        choice = self.picker.choice()
        return choice.mode if choice is not None else default_mode_for(self.picker.model_id())

    def _refresh(self) -> None:
        self.view.show_conversation(self.session.conversation)

    def _answered(self, answer: Answer) -> None:
        self.figures.setText(answer_details(answer))


class SideBySidePage(QWidget):
    """Ask two or three models the same thing and read the answers next to each other."""

    def __init__(
        self, services: TestTabServices, models: ModelListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._models = models
        # One thread per column, so every model is asked at the same moment whatever else is running.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(MAX_COLUMNS)
        self.columns: list[ModelColumn] = []

        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("System prompt for every model (optional)"))
        self.system_prompt.setMaximumHeight(52)
        self.parameters = ParametersPanel()
        self.parameters.setVisible(False)
        self.parameters_button = QToolButton()
        self.parameters_button.setText(self.tr("Parameters"))
        self.parameters_button.setCheckable(True)
        self.parameters_button.toggled.connect(self.parameters.setVisible)
        self.add_button = QPushButton(self.tr("Add model"))
        self.remove_button = QPushButton(self.tr("Remove model"))

        top = QHBoxLayout()
        top.addWidget(self.system_prompt, 1)
        top.addWidget(self.parameters_button)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        middle = QHBoxLayout()
        middle.addWidget(self.splitter, 1)
        middle.addWidget(self.parameters)

        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Ask every model at once. Ctrl+Enter sends."))
        self.input.setMaximumHeight(80)
        self.send_button = QPushButton(self.tr("Send to all"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.clear_button = QPushButton(self.tr("New conversation"))
        self.status = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.input, 1)
        buttons = QVBoxLayout()
        for button in (self.send_button, self.stop_button, self.clear_button):
            buttons.addWidget(button)
        bottom.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)

        for _ in range(MIN_COLUMNS):
            self.add_column()
        self.add_button.clicked.connect(self.add_column)
        self.remove_button.clicked.connect(self.remove_column)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.clear_button.clicked.connect(self.clear)
        QShortcut(QKeySequence("Ctrl+Return"), self.input).activated.connect(self.send)

    # -- columns

    def add_column(self) -> None:
        if len(self.columns) >= MAX_COLUMNS or self.busy:
            return
        column = ModelColumn(self.services, self._models, self._pool)
        column.session.busy_changed.connect(self._busy_changed)
        self.columns.append(column)
        self.splitter.addWidget(column)
        defaults = self._models.default_models(len(self.columns))
        if len(defaults) >= len(self.columns):
            column.picker.set_model_id(defaults[len(self.columns) - 1])
        self._update_buttons()

    def remove_column(self) -> None:
        if len(self.columns) <= MIN_COLUMNS or self.busy:
            return
        column = self.columns.pop()
        column.session.stop()
        column.hide()
        # Deleted while still inside the page, so it never outlives the shared list of models.
        column.deleteLater()
        self._update_buttons()

    def pick_default_models(self) -> None:
        """Preselect the newest fine-tuned model, its base model and an earlier checkpoint."""
        defaults = self._models.default_models(len(self.columns))
        for column, model in zip(self.columns, defaults, strict=False):
            if not column.picker.model_id():
                column.picker.set_model_id(model)

    # -- asking

    @property
    def busy(self) -> bool:
        return any(column.session.busy for column in self.columns)

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.busy:
            return
        chosen = [column for column in self.columns if column.picker.model_id()]
        if not chosen:
            self.status.setText(self.tr("Choose the models to compare first."))
            return
        self.status.setText("")
        self.input.clear()
        system_prompt = self.system_prompt.toPlainText()
        parameters = self.parameters.parameters()
        prompt_format = self.services.prompt_format()
        for column in chosen:
            column.session.conversation.add_user(text)
            column.session.ask(
                ChatRequest(
                    model=column.picker.model_id(),
                    messages=column.session.conversation.messages(system_prompt),
                    parameters=parameters,
                    mode=column.mode(),
                    prompt_format=prompt_format,
                )
            )

    def stop(self) -> None:
        for column in self.columns:
            column.session.stop()

    def clear(self) -> None:
        for column in self.columns:
            column.session.clear()
            column.figures.setText("")

    def _busy_changed(self) -> None:
        busy = self.busy
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(len(self.columns) < MAX_COLUMNS and not self.busy)
        self.remove_button.setEnabled(len(self.columns) > MIN_COLUMNS and not self.busy)
