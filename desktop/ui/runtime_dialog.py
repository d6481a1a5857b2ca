"""The "Set up local training" dialog: install, repair or remove the training runtime.

It explains what will be installed and how large it is (from the detected hardware and the package
sources), lets the user change the sources (a mirror, extra indexes, folders of wheels, this
computer's pip settings), and runs the install off the UI thread with a progress bar, Cancel and
the tool's output under "Details". The logic is desktop/providers/training_runtime.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.providers import training_runtime as rt
from desktop.ui.background import TaskHandle, run_in_background


def training_runtime_action(parent: QObject) -> QAction:
    """The menu item that opens this dialog (its words live with the dialog's translations)."""
    action = QAction(QCoreApplication.translate("TrainingRuntimeDialog", "Set up local training…"), parent)
    action.setStatusTip(
        QCoreApplication.translate(
            "TrainingRuntimeDialog",
            "Install, repair or remove what the local engine needs to train on this computer.",
        )
    )
    return action


def missing_libraries_reason(job_id: str) -> str:
    """Why the dialog opened by itself: a local job failed for want of the training libraries."""
    return QCoreApplication.translate(
        "TrainingRuntimeDialog",
        "The local engine could not train job {job}: the training libraries are not installed yet. "
        "Install them here, then start the job again.",
    ).format(job=job_id)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class TrainingRuntimeDialog(QDialog):
    """Shows the runtime's state and installs, repairs or removes it."""

    # Emitted after the runtime was installed, repaired or removed: the engine must be restarted.
    runtime_changed = Signal()

    def __init__(
        self,
        data_dir: Path,
        parent: QWidget | None = None,
        *,
        stop_engine: Callable[[], None] | None = None,
        hardware: rt.Hardware | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingRuntimeDialog")
        self.setWindowTitle(self.tr("Set up local training"))
        self.layout_paths = rt.RuntimeLayout(Path(data_dir))
        self._stop_engine = stop_engine
        self._hardware = hardware
        self._task: TaskHandle | None = None
        self._installer: rt.RuntimeInstaller | None = None
        self._pip_config = rt.read_pip_config()
        self._build(reason)
        self._load_sources(rt.load_sources(self.layout_paths.data_dir))
        self._detect_hardware()
        self._refresh()

    # -- layout

    def _build(self, reason: str) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "To fine-tune models on this computer, the local engine needs PyTorch, transformers and "
                "peft. They are not part of the app: they are large, and which PyTorch fits depends on "
                "your graphics card. Finetune Desk installs them once into its own folder; nothing else "
                "on this computer is changed."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("font-weight: bold")
        self.reason_label.setVisible(bool(reason))
        layout.addWidget(self.reason_label)

        state_box = QGroupBox(self.tr("Now"))
        state_layout = QVBoxLayout(state_box)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        state_layout.addWidget(self.state_label)
        layout.addWidget(state_box)

        plan_box = QGroupBox(self.tr("What will be installed"))
        plan_layout = QVBoxLayout(plan_box)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        plan_layout.addWidget(self.plan_label)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #b45309")
        plan_layout.addWidget(self.note_label)
        layout.addWidget(plan_box)

        self.sources_toggle = QToolButton()
        self.sources_toggle.setText(self.tr("Package sources"))
        self.sources_toggle.setCheckable(True)
        self.sources_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sources_toggle.setArrowType(Qt.ArrowType.RightArrow)
        layout.addWidget(self.sources_toggle)
        self.sources_box = QGroupBox()
        form = QFormLayout(self.sources_box)
        self.index_edit = QLineEdit()
        self.index_edit.setPlaceholderText(self.tr("PyPI (default), or a mirror's address"))
        self.index_edit.setToolTip(
            self.tr("A mirror of PyPI, for example https://pypi.tuna.tsinghua.edu.cn/simple")
        )
        form.addRow(self.tr("Package index:"), self.index_edit)
        self.pytorch_edit = QLineEdit()
        self.pytorch_edit.setPlaceholderText(self.tr("empty: take PyTorch from the package index"))
        self.pytorch_edit.setToolTip(
            self.tr("Where the PyTorch builds for graphics cards come from; the build's name is added.")
        )
        form.addRow(self.tr("PyTorch index:"), self.pytorch_edit)
        self.extra_edit = QPlainTextEdit()
        self.extra_edit.setPlaceholderText(self.tr("one address per line"))
        self.extra_edit.setMaximumHeight(56)
        form.addRow(self.tr("Extra indexes:"), self.extra_edit)
        self.links_edit = QPlainTextEdit()
        self.links_edit.setPlaceholderText(self.tr("folders or pages of wheel files, one per line"))
        self.links_edit.setMaximumHeight(56)
        form.addRow(self.tr("Find links:"), self.links_edit)
        self.pip_check = QCheckBox(self.tr("Also use this computer's pip settings"))
        files = ", ".join(self._pip_config.files) or self.tr("none found")
        self.pip_check.setToolTip(self.tr("pip configuration files: {files}").format(files=files))
        form.addRow(self.pip_check)
        self.python_check = QCheckBox(self.tr("Download Python if this computer has no Python 3.11 or newer"))
        form.addRow(self.python_check)
        self.python_mirror_edit = QLineEdit()
        self.python_mirror_edit.setPlaceholderText(self.tr("default: python-build-standalone on GitHub"))
        form.addRow(self.tr("Python download mirror:"), self.python_mirror_edit)
        self.sources_box.setVisible(False)
        layout.addWidget(self.sources_box)
        self.sources_toggle.toggled.connect(self._show_sources)
        for edit in (self.index_edit, self.pytorch_edit, self.python_mirror_edit):
            edit.editingFinished.connect(self._refresh_plan)
        for check in (self.pip_check, self.python_check):
            check.toggled.connect(lambda _on: self._refresh_plan())

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        self.details_toggle = QToolButton()
        self.details_toggle.setText(self.tr("Details"))
        self.details_toggle.setCheckable(True)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setArrowType(Qt.ArrowType.RightArrow)
        layout.addWidget(self.details_toggle)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumBlockCount(2000)
        self.details.setVisible(False)
        layout.addWidget(self.details)
        self.details_toggle.toggled.connect(self._show_details)

        buttons = QHBoxLayout()
        self.install_button = QPushButton(self.tr("Install"))
        self.install_button.clicked.connect(self.install)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        self.cancel_button = QPushButton(self.tr("Cancel installation"))
        self.cancel_button.clicked.connect(self.cancel)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.rejected.connect(self.reject)
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.button_box)
        layout.addLayout(buttons)
        self.resize(620, 560)

    def _show_sources(self, shown: bool) -> None:
        self.sources_box.setVisible(shown)
        self.sources_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # -- state

    def _load_sources(self, sources: rt.PackageSources) -> None:
        self.index_edit.setText(sources.index_url)
        self.pytorch_edit.setText(sources.pytorch_index_url)
        self.extra_edit.setPlainText("\n".join(sources.extra_index_urls))
        self.links_edit.setPlainText("\n".join(sources.find_links))
        self.pip_check.setChecked(sources.use_pip_config)
        self.python_check.setChecked(sources.python_downloads)
        self.python_mirror_edit.setText(sources.python_mirror)

    def sources(self) -> rt.PackageSources:
        return rt.PackageSources(
            index_url=self.index_edit.text().strip(),
            extra_index_urls=_lines(self.extra_edit.toPlainText()),
            find_links=_lines(self.links_edit.toPlainText()),
            pytorch_index_url=self.pytorch_edit.text().strip(),
            use_pip_config=self.pip_check.isChecked(),
            python_downloads=self.python_check.isChecked(),
            python_mirror=self.python_mirror_edit.text().strip(),
        )

    def plan(self) -> rt.InstallPlan | None:
        if self._hardware is None:
            return None
        return rt.make_plan(self._hardware, self.sources(), self._pip_config)

    def _detect_hardware(self) -> None:
        if self._hardware is not None:
            return
        self.plan_label.setText(self.tr("Looking at this computer's graphics card…"))
        run_in_background(
            self.tr("Looking at this computer's graphics card"),
            rt.detect_hardware,
            owner=self,
            on_success=self._hardware_found,
        )

    def _hardware_found(self, hardware: rt.Hardware) -> None:
        self._hardware = hardware
        self._refresh()

    def _refresh_plan(self) -> None:
        plan = self.plan()
        if plan is None:
            return
        self.plan_label.setText("\n".join(rt.describe(plan)))
        self.note_label.setText(plan.hardware.note)
        self.note_label.setVisible(bool(plan.hardware.note_en))

    def _refresh(self) -> None:
        self._refresh_plan()
        status = rt.runtime_status(self.layout_paths)
        busy = self._task is not None and self._task.is_running
        if status.state is rt.RuntimeState.READY:
            versions = status.manifest.get("versions", {})
            self.state_label.setText(
                self.tr(
                    "Installed: PyTorch {torch}, transformers {transformers}, peft {peft} "
                    "for {device}, in {folder}."
                ).format(
                    torch=versions.get("torch", "?"),
                    transformers=versions.get("transformers", "?"),
                    peft=versions.get("peft", "?"),
                    device=status.manifest.get("device", "?"),
                    folder=self.layout_paths.runtime,
                )
            )
            self.install_button.setText(self.tr("Repair"))
            self.install_button.setToolTip(
                self.tr("Install the runtime again (changed sources or hardware).")
            )
        elif status.state is rt.RuntimeState.BROKEN:
            self.state_label.setText(status.problem)
            self.install_button.setText(self.tr("Repair"))
        else:
            self.state_label.setText(self.tr("Not installed: the local engine cannot train yet."))
            self.install_button.setText(self.tr("Install"))
        self.install_button.setEnabled(not busy and self._hardware is not None)
        self.remove_button.setEnabled(not busy and status.state is not rt.RuntimeState.MISSING)
        self.cancel_button.setVisible(busy)
        self.sources_box.setEnabled(not busy)
        self.button_box.setEnabled(not busy)

    # -- actions

    def install(self) -> None:
        plan = self.plan()
        if plan is None or (self._task is not None and self._task.is_running):
            return
        rt.save_sources(self.layout_paths.data_dir, self.sources())
        if self._stop_engine is not None:
            self._stop_engine()  # the engine may be running from the runtime that is replaced
        installer = rt.RuntimeInstaller(self.layout_paths, app_version=__version__)
        self._installer = installer
        self.details.clear()
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status_label.setText(self.tr("Starting…"))
        self._task = run_in_background(
            self.tr("Setting up local training"),
            self._install_work,
            installer,
            plan,
            owner=self,
            on_success=self._installed,
            on_error=self._failed,
            on_progress=self._progressed,
            on_finished=self._refresh,
        )
        self._refresh()

    @staticmethod
    def _install_work(
        installer: rt.RuntimeInstaller, plan: rt.InstallPlan, progress: Callable[[Any], None]
    ) -> dict[str, Any] | None:
        try:
            return installer.install(plan, progress)
        except rt.SetupCancelled:
            return None

    def _progressed(self, progress: rt.Progress) -> None:
        if progress.fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(progress.fraction * 1000))
        self.status_label.setText(progress.message)
        if progress.log_line:
            self.details.appendPlainText(progress.log_line)

    def _installed(self, manifest: dict[str, Any] | None) -> None:
        self.progress.setVisible(False)
        if manifest is None:
            self.status_label.setText(self.tr("Cancelled. Nothing was installed."))
            return
        versions = manifest.get("versions", {})
        device_ok = (
            versions.get("cuda_available")
            if manifest.get("hardware") == "cuda"
            else versions.get("mps_available")
            if manifest.get("hardware") == "mps"
            else True
        )
        message = self.tr("Local training is ready. The local engine now trains on {device}.").format(
            device=manifest.get("device", "")
        )
        if not device_ok:
            message += " " + self.tr(
                "PyTorch does not see the graphics card yet; training will use the CPU until it does "
                "(restart the computer after a driver update, then choose Repair)."
            )
        self.status_label.setText(message)
        self.runtime_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        if isinstance(error, rt.RuntimeSetupError):
            self.status_label.setText(error.message)
            if error.detail:
                self.details.appendPlainText(error.detail)
                self.details_toggle.setChecked(True)
        else:
            self.status_label.setText(
                self.tr("Setting up local training failed: {error}").format(error=error)
            )

    def cancel(self) -> None:
        if self._installer is not None:
            self.status_label.setText(self.tr("Cancelling…"))
            self._installer.cancel()

    def remove(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Remove the training runtime?"),
            self.tr(
                "This deletes PyTorch and the other training libraries from {folder} (your models, jobs "
                "and data sets stay). The local engine can then no longer train until you install again."
            ).format(folder=self.layout_paths.data_dir),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._stop_engine is not None:
            self._stop_engine()
        installer = rt.RuntimeInstaller(self.layout_paths)
        self.status_label.setText(self.tr("Removing…"))
        self._task = run_in_background(
            self.tr("Removing the training runtime"),
            installer.remove,
            owner=self,
            on_success=lambda _result: self._removed(),
            on_finished=self._refresh,
        )
        self._refresh()

    def _removed(self) -> None:
        self.status_label.setText(self.tr("The training runtime was removed."))
        self.runtime_changed.emit()

    def reject(self) -> None:
        if self._task is not None and self._task.is_running:
            return  # Close is disabled while working; Escape must not leave a half-done install behind
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self._task is not None and self._task.is_running:
            event.ignore()
            return
        super().closeEvent(event)
