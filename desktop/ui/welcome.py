"""The welcome page: what the app does in three steps, ways to start, and the providers' state.

Shown on the first start and whenever Help ▸ Welcome is chosen. It promises:

- "Try the sample", "Open my spreadsheet…" and the recent files start work in one click
  (:attr:`WelcomePage.sample_requested`, :attr:`open_requested`, :attr:`recent_requested`);
- a line per provider fact — local engine ready or not, a local base model downloaded or not, the
  OpenAI key stored or not — each with the one button that fixes it (:attr:`fix_requested` with
  ``"engine"``, ``"model"`` or ``"openai"``);
- the facts are gathered off the UI thread by :func:`check_providers` (keyring look-ups and starting
  the engine can take seconds) and shown in the current UI language, retranslated live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model_ids import is_fine_tuned
from desktop.ui import theme
from desktop.ui.background import TaskHandle, run_in_background

if TYPE_CHECKING:
    from desktop.ui.services import ProviderServices

SEEN_KEY = "welcome/seen"
SHOW_AT_START_KEY = "welcome/show_at_start"
RECENT_SHOWN = 5
# Base models the engine always has; they prove the pipeline but teach a model nothing.
TEST_MODEL_IDS = frozenset({"tiny-random"})


def should_show_at_start() -> bool:
    """On the very first start, and afterwards while the user keeps "show at start-up" ticked."""
    settings = QSettings()
    return not _as_bool(settings.value(SEEN_KEY, False)) or _as_bool(settings.value(SHOW_AT_START_KEY, False))


def _as_bool(value: object) -> bool:
    # An INI file gives back "true"/"false" strings.
    return value is True or (isinstance(value, str) and value.lower() == "true")


@dataclass(frozen=True)
class ProviderStatus:
    """What the welcome page says about the providers (facts only; the page words them)."""

    engine: str  # "ready", "stopped" (not started yet) or "failed"
    engine_error: str = ""  # in the UI language, when "failed"
    # Downloaded base models; None: unknown (the engine is not running).
    local_models: tuple[str, ...] | None = None
    # "none" (no OpenAI profile), "missing" (no key), "ok", "keyring" (the keyring is unavailable).
    openai: str = "none"
    openai_profile_id: str = ""


def check_providers(services: ProviderServices, *, start_engine: bool) -> ProviderStatus:
    """Gather the providers' state; blocks (keyring, engine start): call off the UI thread.

    ``start_engine``: start the local engine when it is not running (else it is reported "stopped").
    """
    from desktop.providers.errors import ProviderError
    from desktop.providers.profiles import ProviderKind
    from desktop.providers.secrets import SecretStoreUnavailable

    engine_state, engine_error, models = "stopped", "", None
    engine = services.local_engine
    if start_engine or (engine is not None and engine.running):
        try:
            engine = services.ensure_local_engine()
            engine_state = "ready"
            models = _downloaded_models(services)
        except ProviderError as error:
            engine_state, engine_error = "failed", error.user_message
        except Exception as error:  # any failure to start is what the page reports
            engine_state, engine_error = "failed", str(error)

    openai_state, openai_id = "none", ""
    openai_profiles = [p for p in services.profiles.profiles() if p.kind is ProviderKind.OPENAI]
    if openai_profiles:
        openai_state, openai_id = "missing", openai_profiles[0].id
        for profile in openai_profiles:
            try:
                if services.secrets.get(profile.id):
                    openai_state, openai_id = "ok", profile.id
                    break
            except SecretStoreUnavailable:
                openai_state = "keyring"
    return ProviderStatus(engine_state, engine_error, models, openai_state, openai_id)


def _downloaded_models(services: ProviderServices) -> tuple[str, ...]:
    """The local engine's downloaded base models (``GET /v1/engine/base_models``, else ``/v1/models``)."""
    import openai

    client = services.client_for(services.profiles.get(_local_profile_id()))
    try:
        listing: Any = client.get("/engine/base_models", cast_to=object)
        items = listing.get("data", []) if isinstance(listing, dict) else []
        return tuple(
            str(item["id"])
            for item in items
            if isinstance(item, dict)
            and item.get("downloaded")
            and not item.get("test_model")
            and item.get("id") not in TEST_MODEL_IDS
        )
    except openai.NotFoundError:
        # An engine without the catalog endpoint: its base models are the folders it holds.
        return tuple(
            model.id
            for model in client.models.list()
            if model.id not in TEST_MODEL_IDS and not is_fine_tuned(model.id)
        )


def _local_profile_id() -> str:
    from desktop.providers.profiles import LOCAL_PROFILE_ID

    return LOCAL_PROFILE_ID


class _StatusRow:
    """One provider fact: a coloured mark, a sentence, and the button that fixes it."""

    def __init__(self, parent: QWidget, grid: QGridLayout, row: int, on_fix: Callable[[], None]) -> None:
        self.mark = QLabel(parent)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel(parent)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(parent)
        self.button.clicked.connect(lambda _checked=False: on_fix())
        grid.addWidget(self.mark, row, 0)
        grid.addWidget(self.text, row, 1)
        grid.addWidget(self.button, row, 2, Qt.AlignmentFlag.AlignTop)

    def show_state(self, state: str, text: str, fix: str) -> None:
        """``state``: "ok", "todo" or "busy"; ``fix``: the button's text, empty for none."""
        marks = {"ok": "✔", "todo": "●", "busy": "…"}
        self.mark.setText(marks[state])
        self.mark.setProperty("state", state)
        meanings = {"ok": "success", "todo": "warning", "busy": ""}
        meaning = meanings[state]
        self.mark.setStyleSheet(theme.css(meaning, "font-weight: bold;") if meaning else "")
        self.text.setText(text)
        self.button.setText(fix)
        self.button.setVisible(bool(fix))


class WelcomePage(QWidget):
    """The first page a new user sees; see the module docstring."""

    sample_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(Path)
    fix_requested = Signal(str)  # "engine", "model" or "openai"

    def __init__(
        self,
        services: ProviderServices,
        recent_files: Callable[[], list[Path]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomePage")
        self._services = services
        self._recent_files = recent_files
        self.status: ProviderStatus | None = None
        self.checking: TaskHandle | None = None
        self._check_serial = 0

        self.title = QLabel(self)
        self.title.setObjectName("WelcomeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)

        self.step_titles: list[QLabel] = []
        self.step_texts: list[QLabel] = []
        steps = QHBoxLayout()
        for number in range(3):
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            heading = QLabel(frame)
            heading_font = heading.font()
            heading_font.setBold(True)
            heading.setFont(heading_font)
            text = QLabel(frame)
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            box.addWidget(heading)
            box.addWidget(text, 1)
            frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            steps.addWidget(frame, 1)
            self.step_titles.append(heading)
            self.step_texts.append(text)
            del number

        self.start_heading = QLabel(self)
        self.sample_button = QPushButton(self)
        self.sample_button.setDefault(True)
        self.open_button = QPushButton(self)
        self.sample_button.clicked.connect(lambda _checked=False: self.sample_requested.emit())
        self.open_button.clicked.connect(lambda _checked=False: self.open_requested.emit())
        start_buttons = QHBoxLayout()
        start_buttons.addWidget(self.sample_button)
        start_buttons.addWidget(self.open_button)
        start_buttons.addStretch(1)
        self.sample_hint = QLabel(self)
        self.sample_hint.setWordWrap(True)

        self.recent_heading = QLabel(self)
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(2)
        self.recent_buttons: list[QPushButton] = []
        self.no_recent_label = QLabel(self)

        self.providers_heading = QLabel(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 20)
        self.engine_row = _StatusRow(self, grid, 0, lambda: self._fix("engine"))
        self.model_row = _StatusRow(self, grid, 1, lambda: self._fix("model"))
        self.openai_row = _StatusRow(self, grid, 2, lambda: self._fix("openai"))
        self.recheck_button = QPushButton(self)
        self.recheck_button.clicked.connect(lambda _checked=False: self.refresh_providers())

        self.show_at_start = QCheckBox(self)
        self.show_at_start.setChecked(_as_bool(QSettings().value(SHOW_AT_START_KEY, False)))
        self.show_at_start.toggled.connect(lambda on: QSettings().setValue(SHOW_AT_START_KEY, bool(on)))

        for heading in (self.start_heading, self.recent_heading, self.providers_heading):
            heading_font = heading.font()
            heading_font.setBold(True)
            heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
            heading.setFont(heading_font)

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addLayout(steps)
        column.addSpacing(8)
        column.addWidget(self.start_heading)
        column.addLayout(start_buttons)
        column.addWidget(self.sample_hint)
        column.addSpacing(8)
        column.addWidget(self.recent_heading)
        column.addLayout(self.recent_box)
        column.addWidget(self.no_recent_label)
        column.addSpacing(8)
        column.addWidget(self.providers_heading)
        column.addLayout(grid)
        recheck_row = QHBoxLayout()
        recheck_row.addWidget(self.recheck_button)
        recheck_row.addStretch(1)
        column.addLayout(recheck_row)
        column.addStretch(1)
        column.addWidget(self.show_at_start)
        content.setMaximumWidth(1000)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(content, 1, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.retranslate_ui()

    # --- Text ---------------------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Welcome to Finetune Desk"))
        self.intro.setText(
            self.tr(
                "Turn a spreadsheet of examples into a fine-tuned model you have tested — on this "
                "computer with the local engine, or with OpenAI or Azure OpenAI."
            )
        )
        steps = (
            (
                self.tr("1. Bring your examples"),
                self.tr(
                    "Open a spreadsheet or JSONL file of questions and answers. Edit it like a "
                    "spreadsheet; problems are listed with their row."
                ),
            ),
            (
                self.tr("2. Fine-tune"),
                self.tr(
                    "The wizard checks and fixes the data, lets you pick a provider and base model, "
                    "shows the cost and starts the job."
                ),
            ),
            (
                self.tr("3. Test and keep"),
                self.tr(
                    "Follow the training live, talk to the new model next to the base model, and "
                    "export what you made."
                ),
            ),
        )
        for (heading, text), heading_label, text_label in zip(
            steps, self.step_titles, self.step_texts, strict=True
        ):
            heading_label.setText(heading)
            text_label.setText(text)
        self.start_heading.setText(self.tr("Start"))
        self.sample_button.setText(self.tr("Try the Sample"))
        self.sample_button.setToolTip(
            self.tr("Open the sample data set and train on it with the local engine, step by step.")
        )
        self.open_button.setText(self.tr("Open My Spreadsheet…"))
        self.open_button.setToolTip(self.tr("Open an Excel, LibreOffice, CSV or JSONL file (Ctrl+O)."))
        self.sample_hint.setText(
            self.tr(
                "The sample has 61 short questions and answers. It trains on this computer in "
                "about a minute with the built-in test model."
            )
        )
        self.recent_heading.setText(self.tr("Open Recent"))
        self.no_recent_label.setText(self.tr("No recent files yet."))
        self.providers_heading.setText(self.tr("Providers"))
        self.recheck_button.setText(self.tr("Check Again"))
        self.show_at_start.setText(self.tr("Show this page when Finetune Desk starts"))
        self._fill_recent()
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: Any) -> None:
        QSettings().setValue(SEEN_KEY, True)
        self._fill_recent()
        if self.status is None and self.checking is None:
            self.refresh_providers()
        super().showEvent(event)

    # --- Recent files -------------------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        for button in self.recent_buttons:
            self.recent_box.removeWidget(button)
            button.hide()  # out of the layout, it would be drawn in the corner until deleted
            button.deleteLater()
        self.recent_buttons = []
        files = [p for p in self._recent_files() if p.exists()][:RECENT_SHOWN]
        for path in files:
            button = QPushButton(f"{path.name}  —  {path.parent}", self)
            button.setFlat(True)
            button.setStyleSheet("text-align: left;")
            button.setToolTip(str(path))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, path=path: self.recent_requested.emit(path))
            self.recent_box.addWidget(button)
            self.recent_buttons.append(button)
        self.no_recent_label.setVisible(not files)

    # --- Providers ----------------------------------------------------------------------------------------

    def refresh_providers(self, *, start_engine: bool | None = None) -> TaskHandle:
        """Check the providers again off the UI thread.

        ``start_engine``: None starts the engine when the local engine is the active profile (the
        app is going to use it anyway); True starts it in any case.
        """
        from desktop.providers.profiles import ProviderKind

        if start_engine is None:
            start_engine = self._services.profiles.active().kind is ProviderKind.LOCAL
        self._check_serial += 1
        serial = self._check_serial
        self.engine_row.show_state(
            "busy",
            self.tr("Starting the local engine…") if start_engine else self.tr("Checking…"),
            "",
        )

        def done(status: ProviderStatus) -> None:
            if serial == self._check_serial:
                self.status = status
                self._show_status()

        def finished() -> None:
            if serial == self._check_serial:
                self.checking = None

        self.checking = run_in_background(
            self.tr("Checking the providers"),
            check_providers,
            self._services,
            owner=self,
            start_engine=start_engine,
            on_success=done,
            on_finished=finished,
        )
        return self.checking

    def _show_status(self) -> None:
        status = self.status
        if status is None:
            for row in (self.engine_row, self.model_row, self.openai_row):
                row.show_state("busy", self.tr("Checking…"), "")
            return
        if status.engine == "ready":
            self.engine_row.show_state("ok", self.tr("The local engine is ready on this computer."), "")
        elif status.engine == "failed":
            self.engine_row.show_state(
                "todo",
                self.tr("The local engine could not start: %1").replace("%1", status.engine_error),
                self.tr("Start Again"),
            )
        else:
            self.engine_row.show_state(
                "todo",
                self.tr("The local engine is not running yet. It trains models on this computer."),
                self.tr("Start the Local Engine"),
            )

        models = status.local_models
        if models is None:
            self.model_row.show_state(
                "todo", self.tr("Start the local engine to see which models it has downloaded."), ""
            )
        elif models:
            self.model_row.show_state(
                "ok",
                self.tr("%n local model(s) downloaded: %1", "", len(models)).replace("%1", ", ".join(models)),
                self.tr("Fine-tune…"),
            )
        else:
            self.model_row.show_state(
                "todo",
                self.tr("No open model is downloaded yet; the built-in test model works for trying the app."),
                self.tr("Choose a Model…"),
            )

        openai_texts = {
            "ok": ("ok", self.tr("Your OpenAI key is stored in the system keyring."), ""),
            "missing": ("todo", self.tr("The OpenAI key is missing."), self.tr("Enter the Key…")),
            "none": (
                "todo",
                self.tr("No OpenAI profile. Optional: add one to train on OpenAI's servers."),
                self.tr("Add an OpenAI Key…"),
            ),
            "keyring": (
                "todo",
                self.tr("The system keyring cannot be reached, so the OpenAI key cannot be read."),
                self.tr("Open Providers…"),
            ),
        }
        state, text, fix = openai_texts[status.openai]
        self.openai_row.show_state(state, text, fix)

    def _fix(self, what: str) -> None:
        if what == "engine":
            self.refresh_providers(start_engine=True)
            return
        self.fix_requested.emit(what)
