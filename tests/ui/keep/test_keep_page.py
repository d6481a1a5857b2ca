"""The keep page against two real local engines: one plays OpenAI (days left), one the target."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.providers.client import make_client
from desktop.providers.keep.workflows import Comparison, RetrainOutcome
from desktop.providers.profiles import Profile, ProviderKind
from desktop.ui.keep.inventory_model import Column
from desktop.ui.keep.page import KeepPage
from desktop.ui.keep.services import KeepServices
from tests.support.engine_server import EngineServer, running_engine
from tests.ui.keep.scenario import SUFFIX, SourceScenario, prepare_source
from tests.ui.testtab.seed import ANSWER

# The offscreen platform warns when a top-level window's size follows its layout; real platforms do not.
pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EngineServer, EngineServer]]:
    with (
        running_engine(tmp_path_factory.mktemp("ui-source-engine")) as source,
        running_engine(tmp_path_factory.mktemp("ui-target-engine")) as target,
    ):
        yield source, target


@pytest.fixture(scope="module")
def scenario(engines: tuple[EngineServer, EngineServer]) -> SourceScenario:
    return prepare_source(engines[0])


def services_for(
    source: EngineServer, target: EngineServer, folder: Path
) -> tuple[KeepServices, Profile, Profile]:
    # The source engine plays OpenAI (so the catalog's wind-down dates apply); the target is the local engine.
    openai_like = Profile.create("OpenAI (played by engine A)", ProviderKind.OPENAI, base_url=source.base_url)
    local = Profile.create("Local engine B", ProviderKind.LOCAL, base_url=target.base_url)
    tokens = {openai_like.id: source.token, local.id: target.token}

    def client_for(profile: Profile) -> Any:
        return make_client(profile, tokens[profile.id])

    services = KeepServices(
        profiles=lambda: [openai_like, local], make_client=client_for, today=lambda: TODAY, folder=folder
    )
    return services, openai_like, local


def test_inventory_export_import_golden_retrain_and_compare(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    engines: tuple[EngineServer, EngineServer],
    scenario: SourceScenario,
    tmp_path: Path,
) -> None:
    source, target = engines
    services, openai_like, local = services_for(source, target, tmp_path)
    page = KeepPage(services)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.select_profile(openai_like.id)

    with qtbot.waitSignal(page.inventory_shown, timeout=60_000):
        page.refresh()
    qtmodeltester.check(page.model)
    live_rows = [item.row() for item in page.model.items]
    assert len(live_rows) == 2
    assert page.model.data(page.model.index(0, Column.NEW_JOBS_STOP)) == "2027-01-06 (42 days left)"
    assert page.banner.isVisible() and "42" in page.banner.text()

    # Export everything; the job whose file was deleted is reported, not a crash.
    folder = tmp_path / "export"
    # Cancelled at once: the report says so, and exporting again into the same folder finishes it.
    with qtbot.waitSignal(page.export_finished, timeout=120_000) as stopped:
        first_dialog = page.export_to(folder, show=False)
        assert first_dialog is not None
        first_dialog.cancel()
    assert stopped.args[0].cancelled
    qtbot.waitUntil(lambda: first_dialog.close_button.isEnabled())
    assert "Export again" in first_dialog.current.text()
    assert "stopped before the end" in first_dialog.report_view.toPlainText()
    with qtbot.waitSignal(page.export_finished, timeout=120_000) as exported:
        dialog = page.export_to(folder, show=False)
    assert dialog is not None
    report = exported.args[0]
    # Not saved: the deleted file, and the model's weights, which a hosted provider never hands out.
    assert report.complete and len(report.not_saved) == 2
    assert {entry.kind.value for entry in report.not_saved} == {"training_file", "weights"}
    qtbot.waitUntil(lambda: dialog.close_button.isEnabled())
    assert scenario.deleted_file_id in dialog.report_view.toPlainText()
    assert "don't let anyone download" in dialog.report_view.toPlainText()
    assert "could not be saved" in dialog.current.text()

    # Open the folder: the same inventory, offline.
    with qtbot.waitSignal(page.inventory_shown, timeout=30_000):
        page.open_export_folder(folder)
    assert [item.row() for item in page.model.items] == live_rows
    assert "Offline" in page.source_label.text()

    # Record golden answers of the trained model over its validation set.
    row = next(i for i, item in enumerate(page.model.items) if item.job_id == scenario.job_id)
    page.select_row(row)
    assert page.golden_button.isEnabled()
    with qtbot.waitSignal(page.golden_recorded, timeout=120_000) as recorded:
        page.record_golden_answers()
    assert recorded.args[0].done == 4
    assert scenario.fine_tuned_model in page.goldens

    # The retrain dialog lists the target's base models and shows the mapped hyperparameters.
    dialog_retrain = page.retrain_dialog()
    assert dialog_retrain is not None
    qtbot.addWidget(dialog_retrain)
    dialog_retrain.target.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog_retrain.base_model.count() > 0, timeout=30_000)
    dialog_retrain.base_model.setCurrentText("tiny-random")
    assert dialog_retrain.chosen_suffix() == SUFFIX
    qtmodeltester.check(dialog_retrain.hyperparameters_model)
    shown = {m.name: m.target for m in dialog_retrain.hyperparameters_model.rows}
    # What the source job trained with: OpenAI's three, and the engine's own settings (engine to engine).
    trained = source.client().fine_tuning.jobs.retrieve(scenario.job_id).model_dump()
    carried = ("n_epochs", "batch_size", "learning_rate_multiplier", "lora_rank", "max_seq_length")
    with_values = trained["method"]["supervised"]["hyperparameters"]
    expected = {k: v for k, v in with_values.items() if k in (*carried, "gradient_checkpointing")}
    assert shown == expected and set(carried[:3]) <= set(shown)
    dialog_retrain.reject()

    # Retrain on the other engine; once it succeeds it is compared with the golden answers.
    with (
        qtbot.waitSignal(page.retrain_finished, timeout=400_000) as retrained,
        qtbot.waitSignal(page.comparison_ready, timeout=400_000) as compared,
    ):
        page.retrain(local, "tiny-random", SUFFIX)
    outcome: RetrainOutcome = retrained.args[0]
    assert outcome.job.status == "succeeded" and outcome.job.suffix == SUFFIX
    comparison: Comparison = compared.args[0]
    assert comparison.golden_model == scenario.fine_tuned_model
    view = page.comparison
    qtmodeltester.check(view.table_model)
    qtmodeltester.check(view.summary_model)
    assert view.table_model.rowCount() == 4
    assert page.tabs.currentWidget() is view
    summary = comparison.run.summary(outcome.job.fine_tuned_model or "")
    assert summary.scores.answered == 4
    assert any(row.expected == ANSWER for row in comparison.run.rows)
    assert "golden" in page.status.text()
