"""“Export model…” and “Import model…” on real widgets against a real local engine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.providers.client import make_client
from desktop.providers.engine_export import EngineExport, ExportSizes
from desktop.providers.jobs import JobInfo, JobService
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.i18n import install_translations
from desktop.ui.keep.page import KeepPage
from desktop.ui.keep.services import KeepServices
from desktop.ui.model_export_dialog import ModelExportDialog, default_folder_name
from desktop.ui.monitor.job_page import JobPage
from tests.engine.helpers import wait_for_job
from tests.engine.seed_data import chat_records, write_jsonl
from tests.support.engine_server import EngineServer, running_engine
from tests.ui.visible_text import english_findings, visible_texts

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineServer]:
    with running_engine(tmp_path_factory.mktemp("export-ui-engine")) as server:
        yield server


@pytest.fixture(scope="module")
def trained(engine: EngineServer, tmp_path_factory: pytest.TempPathFactory) -> JobInfo:
    client = engine.client()
    path = write_jsonl(tmp_path_factory.mktemp("export-ui-data") / "seed.jsonl", chat_records())
    with path.open("rb") as stream:
        file = client.files.create(file=stream, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=file.id, suffix="ui", seed=5, hyperparameters={"n_epochs": 2}
    )
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", finished.error
    return JobInfo.from_api(finished)


def keep_page(qtbot: QtBot, engine: EngineServer, folder: Path) -> tuple[KeepPage, Profile]:
    local = Profile.create("Local engine", ProviderKind.LOCAL, base_url=engine.base_url)
    hosted = Profile.create("OpenAI", ProviderKind.OPENAI, base_url=engine.base_url)

    def client_for(_profile: Profile) -> Any:
        return make_client(_profile, engine.token)

    services = KeepServices(profiles=lambda: [hosted, local], make_client=client_for, folder=folder)
    page = KeepPage(services)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page, local


def test_export_model_from_the_keep_page_with_sizes_progress_replace_and_cancel(
    qtbot: QtBot, engine: EngineServer, trained: JobInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    page, local = keep_page(qtbot, engine, exports)
    assert not page.import_model_button.isEnabled()  # the hosted profile is first: nothing to import into
    page.select_profile(local.id)
    with qtbot.waitSignal(page.inventory_shown, timeout=60_000):
        page.refresh()
    row = next(
        i for i, item in enumerate(page.model.items) if item.fine_tuned_model == trained.fine_tuned_model
    )
    page.select_row(row)
    assert page.export_model_button.isEnabled() and page.import_model_button.isEnabled()

    dialog = page.export_model()
    assert isinstance(dialog, ModelExportDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.sizes is not None, timeout=30_000)
    assert all("KB" in label.text() or "MB" in label.text() for label in dialog.size_labels.values())
    assert "Free space" in dialog.status.text()
    assert dialog.folder_edit.text() == str(exports)

    # Merged, into a new folder: progress, then the result and "Open folder".
    dialog.format_buttons["merged"].setChecked(True)
    assert dialog.name_edit.text() == default_folder_name(trained.fine_tuned_model or "", "merged")
    out = dialog.destination()
    progress: list[float] = []
    dialog.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as finished:
        dialog.export_button.click()
    assert finished.args[0].status == "succeeded"
    assert (out / "model.safetensors").is_file() and (out / "chat_template.jinja").is_file()
    assert progress[-1] == 1000 and dialog.open_button.isVisible()
    assert str(out) in dialog.status.text()

    # The same folder again: the dialog asks before replacing it; "No" leaves it as it was.
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def question(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
            asked.append(text)
            return reply

        return question

    before = (out / "model.safetensors").stat().st_mtime_ns
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert str(out) in asked[0] and (out / "model.safetensors").stat().st_mtime_ns == before
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as replaced:
        dialog.export_button.click()
    assert replaced.args[0].status == "succeeded" and len(asked) == 2
    assert (out / "model.safetensors").stat().st_mtime_ns != before

    # Ollama, cancelled at once: nothing is left beside the other export.
    dialog.format_buttons["ollama"].setChecked(True)
    cancelled_out = dialog.destination()
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as stopped:
        dialog.export_button.click()
        dialog.cancel()
    assert stopped.args[0].status == "cancelled"
    assert "Cancelled" in dialog.status.text()
    assert not cancelled_out.exists() and sorted(p.name for p in exports.iterdir()) == [out.name]
    qtbot.waitUntil(lambda: not dialog.busy)
    dialog.reject()

    # Export the adapter and import it back: a new model of the engine, listed on the page.
    dialog = page.export_model()
    assert dialog is not None
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000):
        dialog.export_button.click()
    adapter = dialog.destination()
    assert json.loads((adapter / "finetune-export.json").read_text())["model"] == trained.fine_tuned_model
    dialog.reject()
    with qtbot.waitSignal(page.model_imported, timeout=60_000) as imported:
        page.import_model(adapter)
    new_model = imported.args[0]
    assert new_model.startswith("ft:tiny-random:local::ftimp-")
    qtbot.waitUntil(
        lambda: any(item.fine_tuned_model == new_model for item in page.model.items), timeout=30_000
    )

    # Retrain elsewhere on the local engine can start from an exported adapter: imported, then chosen.
    row = next(i for i, item in enumerate(page.model.items) if item.job_id == trained.id)
    page.select_row(row)
    retrain = page.retrain_dialog()
    assert retrain is not None
    qtbot.addWidget(retrain)
    retrain.target.setCurrentIndex(1)  # the local engine
    assert retrain.import_button.isVisibleTo(retrain)
    qtbot.waitUntil(lambda: retrain.base_model.count() > 0, timeout=30_000)
    assert retrain.chosen_base_model() == "tiny-random"  # a base model stays the first choice
    assert retrain.base_model.findText(new_model) >= 0  # the engine's own models can be continued
    handle = retrain.import_adapter(adapter)
    assert handle is not None
    qtbot.waitUntil(
        lambda: "ftimp-" in retrain.chosen_base_model() and retrain.chosen_base_model() != new_model
    )
    assert retrain.start_button.isEnabled()
    retrain.target.setCurrentIndex(0)  # a hosted profile: nothing to import into
    assert not retrain.import_button.isVisibleTo(retrain)
    retrain.reject()


def test_a_bad_folder_reports_clearly(qtbot: QtBot, engine: EngineServer, tmp_path: Path) -> None:
    page, local = keep_page(qtbot, engine, tmp_path)
    page.select_profile(local.id)
    empty = tmp_path / "not-an-adapter"
    empty.mkdir()
    page.import_model(empty)
    qtbot.waitUntil(
        lambda: "adapter" in page.status.text() and "failed" in page.status.text(), timeout=30_000
    )


def test_the_job_page_offers_export_only_for_local_models(
    qtbot: QtBot, engine: EngineServer, trained: JobInfo, tmp_path: Path
) -> None:
    service = JobService(engine.client())
    page = JobPage(service)
    qtbot.addWidget(page)
    page.show()
    page.set_job(trained)
    assert page.export_model_button.isVisible() and page.export_model_button.isEnabled()
    dialog = page.export_model()  # a child of the page, closed with it
    assert dialog is not None and dialog.parent() is page
    qtbot.waitUntil(lambda: dialog.sizes is not None, timeout=30_000)
    dialog.reject()
    hosted = JobInfo.from_api(
        {
            "id": "ftjob-h",
            "status": "succeeded",
            "model": "gpt-4o-mini",
            "fine_tuned_model": "ft:gpt-4o-mini:acme::x1",
        }
    )
    page.set_job(hosted)
    assert not page.export_model_button.isVisible()


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    install_translations("zh_CN")  # every area's .qm and Qt's own (standard buttons)
    yield
    install_translations("en")


def test_the_export_dialog_speaks_chinese(qtbot: QtBot, chinese: None, tmp_path: Path) -> None:
    dialog = ModelExportDialog(lambda: None, "ft:tiny-random:local:x:ftjob-1", tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "导出模型"
    assert dialog.format_buttons["merged"].text() == "合并后的模型"
    assert dialog.export_button.text() == "导出"
    assert "导出到" in dialog.destination_label.text()
    dialog._sizes_arrived(ExportSizes(4_000_000, 900_000_000, None, 10**11))
    dialog._progressed(
        EngineExport("e", "m", "merged", "/x", "running", "Merging the adapter", 1, 2, None, None)
    )
    dialog.show()
    assert english_findings(visible_texts(dialog)) == []
