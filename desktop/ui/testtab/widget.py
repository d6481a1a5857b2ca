"""The test tab: try a model in the playground, compare models side by side, evaluate in batches."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.testtab.batch import BatchEvaluationPage
from desktop.ui.testtab.models import ModelsSource
from desktop.ui.testtab.playground import PlaygroundPage
from desktop.ui.testtab.services import TestTabServices
from desktop.ui.testtab.side_by_side import SideBySidePage


class TestTab(QWidget):
    """Everything needed to see whether a fine-tune is any good.

    Built from explicit :class:`TestTabServices`, so it works inside the main window and alone.
    Call :meth:`refresh_models` when the active profile changes (the tab lists its models once
    when first shown).
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, services: TestTabServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TestTab")
        self.services = services
        self.models = ModelsSource(services, self)
        self._listed_once = False

        self.models_status = QLabel()
        self.refresh_button = QPushButton(self.tr("Refresh models"))
        self.refresh_button.setToolTip(self.tr("List the models of the active profile again."))
        bar = QHBoxLayout()
        bar.addWidget(self.models_status, 1)
        bar.addWidget(self.refresh_button)

        self.playground = PlaygroundPage(services, self.models.model)
        self.side_by_side = SideBySidePage(services, self.models.model)
        self.batch = BatchEvaluationPage(services, self.models.model)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.playground, self.tr("Playground"))
        self.pages.addTab(self.side_by_side, self.tr("Side by side"))
        self.pages.addTab(self.batch, self.tr("Batch evaluation"))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

        self.refresh_button.clicked.connect(self.refresh_models)
        self.models.loading_changed.connect(self._loading_changed)
        self.models.loaded.connect(self._models_loaded)
        self.models.failed.connect(self._models_failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._listed_once:
            self._listed_once = True
            self.refresh_models()

    def try_model(self, model: str) -> None:
        """Open the playground on ``model`` (e.g. "Test this model" from the job monitor)."""
        self.playground.settings.model_picker.set_model_id(model)
        self.pages.setCurrentWidget(self.playground)

    def refresh_models(self) -> None:
        self._listed_once = True
        self.models.refresh()

    def _loading_changed(self, loading: bool) -> None:
        self.refresh_button.setEnabled(not loading)
        if loading:
            self.models_status.setText(self.tr("Listing the models of the profile…"))

    def _models_loaded(self) -> None:
        count = self.models.model.rowCount()
        self.models_status.setText(self.tr("%n model(s) available", "", count))
        # Every picker has kept its choice through the new list; the empty ones get a default.
        if not self.playground.settings.model_picker.model_id():
            defaults = self.models.model.default_models(1)
            if defaults:
                self.playground.settings.model_picker.set_model_id(defaults[0])
        self.side_by_side.pick_default_models()
        self.batch.models_listed()

    def _models_failed(self, message: str) -> None:
        self.models_status.setText(
            self.tr("Could not list the models: %1 You can still type a model name.").replace("%1", message)
        )
