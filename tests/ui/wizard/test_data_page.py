from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.ui.wizard.data_page import DataPage
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.findings_model import Column, Level
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.state import WizardState


def _pc(prompt: str, completion: str, row: int) -> Example:
    return Example({"prompt": prompt, "completion": completion}, source_row=row)


def _page(
    qtbot: QtBot, dataset: Dataset, applied: list[tuple[ExampleKind, int, str]]
) -> tuple[DataPage, list[int]]:
    jumps: list[int] = []

    def apply_examples(kind: ExampleKind, examples: list[Example], description: str) -> None:
        applied.append((kind, len(examples), description))
        dataset.kind = kind
        dataset.examples = examples

    state = WizardState(
        DatasetData(dataset, apply_examples), WizardServices([], lambda p: None, jump_to_row=jumps.append)
    )
    page = DataPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    qtbot.waitUntil(lambda: state.analysis is not None and not page.is_running, timeout=60_000)
    return page, jumps


def test_too_few_examples_block_training_with_the_reason(qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dataset = Dataset(
        ExampleKind.PROMPT_COMPLETION, [_pc(f"问题{i} ->", f" 回答{i}\n", i + 2) for i in range(4)]
    )
    page, _ = _page(qtbot, dataset, [])
    qtmodeltester.check(page.findings)
    assert page.findings.count(Level.ERROR) >= 1
    assert not page.isComplete()
    assert "blocked" in page.status_label.text()
    # Without a fix for it, "Fix…" stays disabled for that finding.
    error_row = next(
        r for r in range(page.findings.rowCount()) if page.findings.finding(r).level is Level.ERROR
    )
    page.select_finding(error_row)
    assert page.findings.finding(error_row).fix_id is None
    assert not page.fix_button.isEnabled()


def test_one_click_on_the_rows_jumps_and_a_fix_goes_through_the_callback(qtbot: QtBot) -> None:
    examples = [_pc(f"Question {i} ->", f" Answer {i}\n", i + 2) for i in range(12)]
    examples[3] = _pc("  Question 3 ->", " Answer 3\n", 5)  # whitespace at the start of the prompt
    dataset = Dataset(ExampleKind.PROMPT_COMPLETION, examples)
    applied: list[tuple[ExampleKind, int, str]] = []
    page, jumps = _page(qtbot, dataset, applied)
    assert page.findings.count(Level.ERROR) == 0
    assert page.isComplete()
    row = next(
        r for r in range(page.findings.rowCount()) if page.findings.finding(r).fix_id == "trim_whitespace"
    )
    assert page.findings.data(page.findings.index(row, Column.ROWS)) == "5"
    page.table.clicked.emit(page.findings.index(row, Column.ROWS))
    assert jumps == [3]
    page.select_finding(row)
    page.fix_selected()
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    assert "Row 5" in page.preview_dialog.preview_view.toPlainText()
    page.preview_dialog.reject()
    assert applied == []
    page.preview_dialog = None  # type: ignore[assignment]
    page.fix_selected()
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    page.preview_dialog.accept()
    qtbot.waitUntil(lambda: bool(applied), timeout=30_000)
    assert applied[0][:2] == (ExampleKind.PROMPT_COMPLETION, 12)
    assert dataset.examples[3].peek()["prompt"] == "Question 3 ->"
    qtbot.waitUntil(lambda: not page.is_running and page.isComplete(), timeout=60_000)
    assert all(page.findings.finding(r).fix_id != "trim_whitespace" for r in range(page.findings.rowCount()))


def test_split_fix_marks_validation_rows(qtbot: QtBot) -> None:
    from desktop.ui.wizard import services

    dataset = Dataset(ExampleKind.PROMPT_COMPLETION, [_pc(f"Q{i} ->", f" A{i}\n", i + 2) for i in range(20)])
    applied: list[tuple[ExampleKind, int, str]] = []
    page, _ = _page(qtbot, dataset, applied)
    page.open_fix(services.split_fix(0.2, 7))
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    assert "changes: 4" in page.preview_dialog.touched_label.text()
    page.preview_dialog.accept()
    qtbot.waitUntil(lambda: bool(applied), timeout=30_000)
    assert sum(1 for e in dataset.examples if e.split is Split.VALIDATION) == 4


def test_over_long_examples_offer_drop_or_truncate(qtbot: QtBot) -> None:
    examples = [_pc(f"Question {i} ->", f" Answer {i}\n", i + 2) for i in range(12)]
    examples[2] = _pc("Tell me everything ->", " " + "word " * 17_000 + "\n", 4)
    dataset = Dataset(ExampleKind.PROMPT_COMPLETION, examples)
    applied: list[tuple[ExampleKind, int, str]] = []
    page, _ = _page(qtbot, dataset, applied)
    row = next(r for r in range(page.findings.rowCount()) if page.findings.finding(r).fix_id == "drop_long")
    assert page.findings.finding(row).rows == (2,)
    page.select_finding(row)
    assert page.fix_button.isEnabled()
    assert page.alternative_button.isVisibleTo(page)
    page.alternative_button.click()
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    assert "changes: 1" in page.preview_dialog.touched_label.text()
    page.preview_dialog.accept()
    qtbot.waitUntil(lambda: bool(applied), timeout=30_000)
    assert applied[0][1] == 12  # truncated, not dropped
    assert len(dataset.examples[2].peek()["completion"]) < len(examples[2].peek()["completion"])


def test_babbage_davinci_advice_follows_the_provider(qtbot: QtBot) -> None:
    from desktop.providers.profiles import Profile, ProviderKind

    # No common separator or ending: advice that only matters for babbage-002/davinci-002.
    rows = [_pc(f"问题 {i}", f"回答 {i}" + ("。" if i % 2 else ""), i + 2) for i in range(12)]
    legacy_codes = {"no_prompt_separator", "no_completion_ending", "few_examples_legacy"}

    def codes_for(profile: Profile) -> set[str]:
        dataset = Dataset(ExampleKind.PROMPT_COMPLETION, list(rows))
        state = WizardState(
            DatasetData(dataset), WizardServices([profile], lambda p: None, active_profile_id=profile.id)
        )
        page = DataPage(state)
        qtbot.addWidget(page)
        page.initializePage()
        qtbot.waitUntil(lambda: state.analysis is not None and not page.is_running, timeout=60_000)
        return {row.finding.code for row in page.findings.rows()}

    openai_codes = codes_for(Profile.create("OpenAI", ProviderKind.OPENAI))
    local_codes = codes_for(Profile.local_engine())
    assert openai_codes & legacy_codes  # the advice is shown where it applies…
    assert not local_codes & legacy_codes  # …and never for the local engine
    assert {"few_examples"} <= local_codes  # the general advice stays
