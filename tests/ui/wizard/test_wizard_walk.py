"""A walk through the whole wizard against the real local engine, as a person would do it."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.providers.client import make_client
from desktop.providers.profiles import Profile
from desktop.ui.document import DatasetDocument
from desktop.ui.wizard.data_source import DocumentData
from desktop.ui.wizard.findings_model import Column, Level
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.wizard import FineTuneWizard
from tests.support.engine_server import EngineServer

EMPTY_ANSWER_ROW = 5


def _messages(user: str, assistant: str) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]}


def problem_dataset() -> Dataset:
    """15 chat examples; row 5 has an empty answer (an error) and the last repeats the first."""
    pairs = [("你觉得orangbus怎么样", "帅，非常帅")] + [
        (f"Question {i}: 第{i}个问题", f"Answer {i}。") for i in range(13)
    ]
    examples = [Example(_messages(q, a), source_row=i + 2) for i, (q, a) in enumerate(pairs)]
    examples[EMPTY_ANSWER_ROW] = Example(_messages("退货需要几天？", ""), source_row=EMPTY_ANSWER_ROW + 2)
    examples.append(Example(_messages(*pairs[0]), source_row=len(pairs) + 2))
    return Dataset(ExampleKind.CHAT, examples)


def _next_enabled(wizard: QWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_walk_from_problem_data_to_a_job_on_the_engine(qtbot: QtBot, engine_server: EngineServer) -> None:
    document = DatasetDocument(problem_dataset())
    profile = Profile.local_engine().with_base_url(engine_server.base_url)
    jumps: list[int] = []
    wizard = FineTuneWizard(
        DocumentData(document),
        WizardServices(
            [profile],
            lambda p: make_client(p, engine_server.token),
            jump_to_row=jumps.append,
            active_profile_id=profile.id,
        ),
    )
    qtbot.addWidget(wizard)
    wizard.show()

    # 1. Data: the error is found and blocks training; the finding leads to its row.
    data_page = wizard.data_page
    qtbot.waitUntil(lambda: wizard.state.analysis is not None and not data_page.is_running, timeout=60_000)
    findings = data_page.findings
    assert findings.count(Level.ERROR) == 1
    assert not data_page.isComplete() and not _next_enabled(wizard)
    assert "blocked" in data_page.status_label.text()
    error_row = next(r for r in range(findings.rowCount()) if findings.finding(r).level is Level.ERROR)
    assert findings.finding(error_row).rows == (EMPTY_ANSWER_ROW,)
    data_page.table.activated.emit(findings.index(error_row, Column.MESSAGE))
    assert jumps == [EMPTY_ANSWER_ROW]

    # Fix it with a preview; it is one undoable step in the editor.
    data_page.select_finding(error_row)
    assert data_page.fix_button.isEnabled()
    data_page.fix_button.click()
    qtbot.waitUntil(lambda: getattr(data_page, "preview_dialog", None) is not None, timeout=30_000)
    dialog = data_page.preview_dialog
    assert "changes: 1" in dialog.touched_label.text()
    assert "退货需要几天" in dialog.preview_view.toPlainText()
    dialog.apply_button.click()
    assert len(document.examples) == 15
    qtbot.waitUntil(lambda: len(document.examples) == 14, timeout=30_000)
    assert document.undo_stack.count() == 1
    qtbot.waitUntil(lambda: data_page.isComplete(), timeout=60_000)
    assert findings.count(Level.ERROR) == 0 and _next_enabled(wizard)

    # Undo in the editor brings the error back and blocks again; redo clears it.
    document.undo_stack.undo()
    assert len(document.examples) == 15
    qtbot.waitUntil(lambda: not data_page.isComplete() and findings.count(Level.ERROR) == 1, timeout=60_000)
    document.undo_stack.redo()
    qtbot.waitUntil(lambda: data_page.isComplete(), timeout=60_000)

    # "Apply all recommended": decline one, apply the other.
    data_page.recommended_button.click()
    qtbot.waitUntil(lambda: getattr(data_page, "recommended_dialog", None) is not None)
    checklist = data_page.recommended_dialog
    assert "remove_duplicates" in checklist.checks
    # The button, the list's marks and the checklist agree on what "recommended" is.
    assert f"Apply {len(checklist.checks)} recommended" in data_page.recommended_button.text()
    assert {row.fix_id for row in findings.rows() if row.recommended} == set(checklist.checks)
    for fix_id, check in checklist.checks.items():
        check.setChecked(fix_id == "remove_duplicates")
    checklist.apply_button.click()
    qtbot.waitUntil(lambda: len(document.examples) == 13, timeout=30_000)
    assert document.undo_stack.count() == 2
    qtbot.waitUntil(lambda: data_page.isComplete(), timeout=60_000)
    assert data_page.histogram.bins
    assert "Examples: 13" in data_page.summary_label.text()

    # 2. Provider and model: the local engine and tiny-random.
    wizard.next()
    model_page = wizard.model_page
    qtbot.waitUntil(lambda: not model_page.is_loading, timeout=30_000)
    assert model_page.select_model("tiny-random")
    assert _next_enabled(wizard)

    # 3. Method and hyperparameters.
    wizard.next()
    method_page = wizard.method_page
    assert method_page.sft_button.isChecked()
    method_page.epochs.auto.setChecked(False)
    method_page.epochs_spin.setValue(2)
    method_page.learning_rate.auto.setChecked(False)
    method_page.lr_spin.setValue(2.0)
    method_page.seed_check.setChecked(True)
    method_page.seed_spin.setValue(1234)
    method_page.suffix_edit.setText("walk:bad")
    assert not _next_enabled(wizard)
    method_page.suffix_edit.setText("walk-test")
    assert _next_enabled(wizard)
    # Validation needs rows marked for it: split off 20% with a preview, then turn it on.
    assert not method_page.validation_check.isEnabled()
    data_page.preview_dialog = None  # type: ignore[assignment]
    method_page.split_button.click()
    qtbot.waitUntil(lambda: getattr(data_page, "preview_dialog", None) is not None, timeout=30_000)
    split_dialog = data_page.preview_dialog
    share = split_dialog.findChild(QLineEdit)
    share.setText("20")
    share.editingFinished.emit()
    qtbot.waitUntil(lambda: "changes: 3" in split_dialog.touched_label.text(), timeout=30_000)
    # The preview shows what changes: the rows move from the training set to the validation set.
    shown = split_dialog.preview_view.toPlainText()
    assert "[training]" in shown and "[validation]" in shown
    split_dialog.accept()
    qtbot.waitUntil(method_page.validation_check.isEnabled, timeout=30_000)
    assert sum(1 for e in document.examples if e.split is Split.VALIDATION) == 3
    assert document.undo_stack.count() == 3
    # Splitting rows off is asking for a validation set: it is ticked.
    assert method_page.validation_check.isChecked()
    qtbot.waitUntil(lambda: _next_enabled(wizard), timeout=60_000)

    # 4. Review: the exact request, without the key.
    wizard.next()
    review = wizard.review_page
    qtbot.waitUntil(lambda: review.files is not None, timeout=30_000)
    shown = review.request_view.toPlainText()
    assert engine_server.token not in shown and engine_server.token not in review.request_title.text()
    qtbot.waitUntil(lambda: not wizard.engine_planner.is_busy, timeout=30_000)
    shown = review.request_view.toPlainText()
    request = json.loads(shown)
    assert request["model"] == "tiny-random" and request["suffix"] == "walk-test" and request["seed"] == 1234
    # The engine's own settings go to the local engine; "auto" batch size is the engine's resolved one.
    batch_size = wizard.state.settings.effective_batch_size
    assert request["method"] == {
        "type": "supervised",
        "supervised": {
            "hyperparameters": {
                "n_epochs": 2,
                "batch_size": "auto" if batch_size is None else batch_size,
                "learning_rate_multiplier": 2.0,
                "lora_rank": "auto",
                "max_seq_length": "auto",
                "gradient_checkpointing": "auto",
            }
        },
    }
    assert review.estimate is not None and review.estimate.epochs == 2
    assert "free" in review.estimate_label.text()

    # An edit in the editor while reviewing blocks the start until the data are checked and fine.
    document.append_examples([Example(_messages("空的回答", ""))], "Add a row")
    assert not _next_enabled(wizard)
    qtbot.waitUntil(lambda: "errors" in review.blocker_label.text(), timeout=60_000)
    assert not _next_enabled(wizard)
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: _next_enabled(wizard), timeout=60_000)
    assert review.blocker_label.isHidden()
    # Choosing the same model again changes nothing: no "the data changed" flash, Next stays enabled.
    from desktop.ui.wizard.data_page import RECHECK_DELAY_MS

    blockers: list[str | None] = []
    wizard.state.readiness_changed.connect(lambda: blockers.append(wizard.state.data_blocker))
    wizard.state.set_model(wizard.state.profile, wizard.state.model)
    qtbot.wait(RECHECK_DELAY_MS + 300)
    assert blockers == [] and _next_enabled(wizard) and review.blocker_label.isHidden()

    # 5. Start: upload with progress, then the job exists on the engine with these settings.
    wizard.next()
    start = wizard.start_page
    progress: list[int] = []
    start.progress_bar.valueChanged.connect(progress.append)
    announced: list[tuple[str, str]] = []
    wizard.job_started.connect(lambda job, profile_id: announced.append((job, profile_id)))
    start.start_button.click()
    qtbot.waitUntil(lambda: not start.is_running, timeout=60_000)
    assert start.job_id is not None, start.message_label.text()
    assert progress[-1] == 1000
    job_id = start.job_id
    assert job_id is not None
    job = engine_server.client().fine_tuning.jobs.retrieve(job_id)
    assert job.model == "tiny-random"
    assert job.seed == 1234
    assert job.method is not None and job.method.supervised is not None
    hyperparameters = job.method.supervised.hyperparameters
    assert hyperparameters.n_epochs == 2
    assert hyperparameters.learning_rate_multiplier == 2.0
    training = engine_server.client().files.content(job.training_file).text.splitlines()
    assert len(training) == 10
    assert job.validation_file
    assert len(engine_server.client().files.content(job.validation_file).text.splitlines()) == 3
    assert announced == [(job_id, profile.id)]
    assert start.open_monitor_button.isVisible()
    qtbot.wait(50)
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    # One button on the last page once the job exists: Close.
    assert wizard.button(QWizard.WizardButton.CancelButton).isHidden()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    # Opening the job in the monitor closes the wizard so the monitor is seen.
    with qtbot.waitSignal(wizard.open_job_requested) as opened:
        start.open_monitor_button.click()
    assert opened.args == [job_id, profile.id]
    assert not wizard.isVisible()


def test_escape_asks_before_closing_the_wizard(qtbot: QtBot, engine_server: EngineServer) -> None:
    from PySide6.QtCore import Qt

    document = DatasetDocument(problem_dataset())
    profile = Profile.local_engine().with_base_url(engine_server.base_url)
    wizard = FineTuneWizard(
        DocumentData(document),
        WizardServices(
            [profile], lambda p: make_client(p, engine_server.token), active_profile_id=profile.id
        ),
    )
    qtbot.addWidget(wizard)
    wizard.show()

    def answer(button_text: str) -> str:
        box = wizard.close_question
        assert box is not None and box.isVisible()
        text = box.text()
        next(b for b in box.buttons() if b.text() == button_text).click()
        return text

    # Esc asks (without blocking); "Keep Working" (the default) keeps the wizard.
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert "Close the wizard?" in answer("Keep Working")
    qtbot.waitUntil(lambda: wizard.close_question is None)
    assert wizard.isVisible()
    # Esc, then "Close Wizard": it closes.
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    answer("Close Wizard")
    qtbot.waitUntil(lambda: not wizard.isVisible())
    # The window's close button asks too (a fresh wizard).
    other = FineTuneWizard(
        DocumentData(document),
        WizardServices(
            [profile], lambda p: make_client(p, engine_server.token), active_profile_id=profile.id
        ),
    )
    qtbot.addWidget(other)
    other.show()
    assert not other.close() and other.isVisible() and other.close_question is not None
    other.close_confirmed = True
