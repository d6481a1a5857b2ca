"""The "Set up local training" dialog on real widgets: state, plan, a real failing install, Chinese."""

from __future__ import annotations

import http.server
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.providers import training_runtime as rt
from desktop.ui.i18n import install_translations
from desktop.ui.runtime_dialog import TrainingRuntimeDialog
from tests.ui.visible_text import english_findings, visible_texts

CPU = rt.Hardware(rt.HardwareKind.CPU, "CPU (x86_64)", "cpu")
# Names of the libraries and services the dialog installs from: proper names, not UI words.
LIBRARY_NAMES = frozenset(
    {"torch", "transformers", "peft", "tokenizers", "safetensors", "PyPI", "pip", "wheel", "GitHub"}
)


class EmptyIndex(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def empty_index() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EmptyIndex)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/simple"
    server.shutdown()


def make_dialog(qtbot: QtBot, data_dir: Path, stopped: list[bool] | None = None) -> TrainingRuntimeDialog:
    dialog = TrainingRuntimeDialog(
        data_dir, hardware=CPU, stop_engine=lambda: (stopped if stopped is not None else []).append(True)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_without_a_runtime_it_explains_what_will_be_installed(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    assert "Not installed" in dialog.state_label.text()
    assert dialog.install_button.text() == "Install" and dialog.install_button.isEnabled()
    assert not dialog.remove_button.isEnabled()
    plan = dialog.plan_label.text()
    assert "CPU (x86_64)" in plan and f"torch=={rt.TORCH_VERSION}" in plan and "Download about" in plan
    dialog.sources_toggle.setChecked(True)
    dialog.index_edit.setText("https://mirror.example/simple")
    dialog.index_edit.editingFinished.emit()
    assert "https://mirror.example/simple" in dialog.plan_label.text()


@pytest.mark.skipif(rt.uv_binary() is None, reason="uv is not installed (dev extra)")
def test_a_failing_install_says_what_to_do_and_keeps_nothing(
    qtbot: QtBot, tmp_path: Path, empty_index: str
) -> None:
    stopped: list[bool] = []
    dialog = make_dialog(qtbot, tmp_path, stopped)
    dialog.index_edit.setText(empty_index)
    dialog.pytorch_edit.setText("")
    dialog.pip_check.setChecked(False)
    dialog.python_check.setChecked(False)
    dialog.install()
    assert stopped == [True]  # the engine is stopped before its runtime changes
    assert dialog.cancel_button.isVisible() and not dialog.install_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.cancel_button.isVisible(), timeout=60_000)
    assert "Package sources" in dialog.status_label.text()
    assert dialog.details.isVisible() and "torch" in dialog.details.toPlainText()
    assert rt.runtime_status(dialog.layout_paths).state is rt.RuntimeState.MISSING
    assert dialog.layout_paths.leftovers() == []
    # The sources the user typed are kept for next time.
    assert rt.load_sources(tmp_path).index_url == empty_index


def installed_runtime(data_dir: Path) -> None:
    layout = rt.RuntimeLayout(data_dir)
    python = rt.environment_python(layout.runtime)
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    manifest = {
        "format": rt.MANIFEST_FORMAT,
        "hardware": "cpu",
        "device": "CPU (x86_64)",
        "versions": {"torch": "2.13.0+cpu", "transformers": "5.24.0", "peft": "0.21.2"},
    }
    layout.manifest.write_text(json.dumps(manifest), encoding="utf-8")


def test_an_installed_runtime_can_be_repaired_or_removed(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    installed_runtime(tmp_path)
    changed: list[bool] = []
    dialog = make_dialog(qtbot, tmp_path)
    dialog.runtime_changed.connect(lambda: changed.append(True))
    assert "PyTorch 2.13.0+cpu" in dialog.state_label.text()
    assert dialog.install_button.text() == "Repair" and dialog.remove_button.isEnabled()
    # The confirmation is a modal box; answer it as the user would, with Yes.
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    dialog.remove()
    qtbot.waitUntil(lambda: bool(changed), timeout=30_000)
    assert not (tmp_path / "training-runtime").exists()
    qtbot.waitUntil(lambda: "Not installed" in dialog.state_label.text(), timeout=5_000)


def test_the_dialog_is_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    install_translations("zh_CN")
    try:
        dialog = make_dialog(qtbot, tmp_path)
        dialog.sources_toggle.setChecked(True)
        dialog.details_toggle.setChecked(True)
        assert dialog.windowTitle() == "设置本地训练"
        findings = english_findings(visible_texts(dialog), LIBRARY_NAMES)
        assert not findings, findings
    finally:
        install_translations("en")
