"""The playground: talk to one model, with every sampling parameter at hand."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.inference import (
    ChatRequest,
    InferenceMode,
    PromptFormat,
    default_mode_for,
    request_as_curl,
    request_as_python,
)
from desktop.ui.background import error_hub
from desktop.ui.testtab.conversation import ConversationView
from desktop.ui.testtab.models import ModelListModel, ModelPicker
from desktop.ui.testtab.parameters import ParametersPanel
from desktop.ui.testtab.save_example import SaveExampleDialog
from desktop.ui.testtab.services import TestTabServices
from desktop.ui.testtab.session import ChatSession


def _escape_marker(text: str) -> str:
    return text.replace("\n", "\\n").replace("\t", "\\t")


def _unescape_marker(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


class RequestSettings(QWidget):
    """Model, mode (chat or legacy completions), system prompt and sampling parameters."""

    def __init__(
        self, models: ModelListModel, services: TestTabServices, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        self.model_picker = ModelPicker(models)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Chat"), InferenceMode.CHAT)
        self.mode.addItem(self.tr("Completions (prompt → completion)"), InferenceMode.COMPLETIONS)
        self.mode.setToolTip(self.tr("Completions is for babbage-002 / davinci-002 style models."))
        form.addRow(self.tr("Model"), self.model_picker)
        form.addRow(self.tr("Mode"), self.mode)
        layout.addLayout(form)

        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("System prompt (optional)"))
        self.system_prompt.setMaximumHeight(90)
        layout.addWidget(QLabel(self.tr("System prompt")))
        layout.addWidget(self.system_prompt)

        self.completion_box = QGroupBox(self.tr("Prompt format of the training data"))
        completion_form = QFormLayout(self.completion_box)
        self.separator = QLineEdit()
        self.separator.setToolTip(
            self.tr("Added to the end of each prompt, as in the training data (\\n: line break).")
        )
        self.ending = QLineEdit()
        self.ending.setToolTip(self.tr("Marks the end of a completion: used as a stop sequence and cut off."))
        completion_form.addRow(self.tr("Separator"), self.separator)
        completion_form.addRow(self.tr("Ending"), self.ending)
        layout.addWidget(self.completion_box)

        parameters_box = QGroupBox(self.tr("Parameters"))
        parameters_layout = QVBoxLayout(parameters_box)
        self.parameters = ParametersPanel()
        parameters_layout.addWidget(self.parameters)
        layout.addWidget(parameters_box)
        layout.addStretch(1)

        self.model_picker.currentTextChanged.connect(self._model_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.reset_prompt_format()
        self._mode_changed()

    def reset_prompt_format(self) -> None:
        prompt_format = self._services.prompt_format()
        self.separator.setText(_escape_marker(prompt_format.separator))
        self.ending.setText(_escape_marker(prompt_format.ending))

    def _model_changed(self) -> None:
        choice = self.model_picker.choice()
        mode = choice.mode if choice is not None else default_mode_for(self.model_picker.model_id())
        self.set_mode(mode)

    def _mode_changed(self) -> None:
        self.completion_box.setVisible(self.current_mode() is InferenceMode.COMPLETIONS)

    def set_mode(self, mode: InferenceMode) -> None:
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def current_mode(self) -> InferenceMode:
        return InferenceMode(self.mode.currentData())

    def prompt_format(self) -> PromptFormat:
        return PromptFormat(_unescape_marker(self.separator.text()), _unescape_marker(self.ending.text()))

    def request(self, model: str, messages: tuple[dict[str, object], ...]) -> ChatRequest:
        return ChatRequest(
            model=model,
            messages=messages,
            parameters=self.parameters.parameters(),
            mode=self.current_mode(),
            prompt_format=self.prompt_format(),
        )


class PlaygroundPage(QWidget):
    """A conversation with one model; streaming, stop, copy the request, save as an example."""

    status_changed = Signal(str)

    def __init__(
        self, services: TestTabServices, models: ModelListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = ChatSession(services, self)

        self.view = ConversationView()
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Type a message. Ctrl+Enter sends it."))
        self.input.setMaximumHeight(110)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.clear_button = QPushButton(self.tr("New conversation"))
        self.curl_button = QPushButton(self.tr("Copy as curl"))
        self.python_button = QPushButton(self.tr("Copy as Python"))
        self.save_button = QPushButton(self.tr("Save as training example…"))
        self.save_button.setEnabled(False)
        if services.save_example is None:
            self.save_button.setToolTip(self.tr("Open a data set in the editor to save examples into it."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for button in (self.send_button, self.stop_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.curl_button, self.python_button, self.save_button):
            buttons.addWidget(button)

        chat_column = QWidget()
        chat_layout = QVBoxLayout(chat_column)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.addWidget(self.view, 1)
        chat_layout.addWidget(self.input)
        chat_layout.addLayout(buttons)
        chat_layout.addWidget(self.status)

        self.settings = RequestSettings(models, services)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(chat_column)
        splitter.addWidget(self.settings)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.session.stop)
        self.clear_button.clicked.connect(self.clear)
        self.curl_button.clicked.connect(lambda: self.copy_request("curl"))
        self.python_button.clicked.connect(lambda: self.copy_request("python"))
        self.save_button.clicked.connect(self.save_as_example)
        self.session.changed.connect(self._refresh)
        self.session.busy_changed.connect(self._busy_changed)
        self.session.answer_failed.connect(lambda message: self._set_status(""))
        self.settings.system_prompt.textChanged.connect(self._refresh)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.input)
        shortcut.activated.connect(self.send)

    # -- actions

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        model = self.settings.model_picker.model_id()
        if not text or self.session.busy:
            return
        if not model:
            self._set_status(self.tr("Choose a model first."))
            return
        self.session.conversation.add_user(text)
        self.input.clear()
        request = self.settings.request(model, self.session.conversation.messages(self._system_prompt()))
        self._set_status("")
        self.session.ask(request)

    def clear(self) -> None:
        self.session.clear()
        self._set_status("")

    def current_request(self) -> ChatRequest | None:
        """The request Send would make now (the typed text included), else the last one sent."""
        model = self.settings.model_picker.model_id()
        text = self.input.toPlainText().strip()
        if model and text:
            messages = (
                *self.session.conversation.messages(self._system_prompt()),
                {"role": "user", "content": text},
            )
            return self.settings.request(model, messages)
        if model and self.session.conversation.turns:
            return self.settings.request(model, self.session.conversation.messages(self._system_prompt()))
        return self.session.last_request

    def request_text(self, kind: str) -> str | None:
        """The current request as a curl command or a Python script (``None``: nothing to copy)."""
        request = self.current_request()
        if request is None:
            self._set_status(self.tr("Type a message first: the request is copied as it would be sent."))
            return None
        try:
            endpoint = self.services.endpoint()
            return (
                request_as_curl(request, endpoint) if kind == "curl" else request_as_python(request, endpoint)
            )
        except Exception as error:  # e.g. an Azure model without a deployment: say so here
            message = getattr(error, "user_message", None) or str(error)
            self._set_status(error_hub().redact(str(message)))
            return None

    def copy_request(self, kind: str) -> None:
        text = self.request_text(kind)
        if text is None:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self._set_status(
            self.tr("Copied. The key is not in it: set OPENAI_API_KEY in your shell before running it.")
        )

    def training_record(self) -> dict[str, object] | None:
        completions = (
            self.settings.prompt_format()
            if self.settings.current_mode() is InferenceMode.COMPLETIONS
            else None
        )
        return self.session.conversation.training_record(self._system_prompt(), completions)

    def save_as_example(self) -> None:
        record = self.training_record()
        if record is None or self.services.save_example is None:
            return
        dialog = SaveExampleDialog(record, self.settings.prompt_format().ending, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        save = self.services.save_example

        def accepted() -> None:
            try:
                save(dialog.record())
            except Exception as error:  # e.g. a data set of another kind: say so here
                message = getattr(error, "user_message", None) or str(error) or type(error).__name__
                self._set_status(error_hub().redact(str(message)))
                return
            self._set_status(self.tr("Added to the data set as a new training example."))

        dialog.accepted.connect(accepted)
        dialog.open()

    # -- state

    def _system_prompt(self) -> str:
        return self.settings.system_prompt.toPlainText()

    def _refresh(self) -> None:
        self.view.show_conversation(self.session.conversation, self._system_prompt())
        self.save_button.setEnabled(
            self.services.save_example is not None
            and not self.session.busy
            and self.session.conversation.last_exchange is not None
        )

    def _busy_changed(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self._refresh()

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)
