"""Page 4: what will be uploaded, what it will cost, and the exact request that will be sent."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget, QWizardPage

from desktop.core.cost import CostEstimate, format_duration
from desktop.core.dataset import Split
from desktop.core.i18n import current_language, pick
from desktop.providers.job_request import UploadFile, build_job_request, request_json, upload_files
from desktop.ui import theme
from desktop.ui.background import run_in_background
from desktop.ui.wizard.data_page import snapshot
from desktop.ui.wizard.estimate import estimate_training
from desktop.ui.wizard.state import WizardState


def format_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class ReviewPage(QWizardPage):
    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.setTitle(self.tr("Review"))
        self.setSubTitle(
            self.tr("Check what will be uploaded and sent before anything leaves your computer.")
        )
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        self.heuristic_label = QLabel()
        self.heuristic_label.setWordWrap(True)
        self.heuristic_label.setTextFormat(Qt.TextFormat.PlainText)
        self.heuristic_label.setStyleSheet(theme.css("muted"))
        self.request_title = QLabel()
        self.request_view = QPlainTextEdit()
        self.request_view.setReadOnly(True)
        self.request_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.blocker_label = QLabel()
        self.blocker_label.setWordWrap(True)
        self.blocker_label.setStyleSheet(theme.css("error", "font-weight: bold;"))
        self.blocker_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.blocker_label)
        layout.addWidget(self.files_label)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.heuristic_label)
        layout.addWidget(self.request_title)
        layout.addWidget(self.request_view, 1)
        self.estimate: CostEstimate | None = None
        self.files: list[UploadFile] | None = None  # once prepared for the shown settings
        state.readiness_changed.connect(self._readiness_changed)
        # Edits in the editor while this page shows: the new check's counts replace the old ones.
        state.analysis_changed.connect(self._refresh_if_shown)
        # The local engine's plan (resolved epochs and batch size, time) may arrive after the files.
        state.engine_plan_changed.connect(self._show_again)

    def isComplete(self) -> bool:
        return self._state.data_blocker is None

    def _readiness_changed(self) -> None:
        reason = self._state.data_blocker
        self.blocker_label.setText(reason or "")
        self.blocker_label.setVisible(reason is not None)
        # A check in progress is news, not an alarm: red is for errors in the data.
        self.blocker_label.setStyleSheet(
            "font-style: italic;" if self._state.data_checking else theme.css("error", "font-weight: bold;")
        )
        self.completeChanged.emit()

    def _refresh_if_shown(self) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            self.initializePage()

    def _show_again(self) -> None:
        if self.files is not None:
            self._show(self.files)

    def initializePage(self) -> None:
        self._readiness_changed()
        self.files = None
        if not self.files_label.text():  # a refresh keeps the last figures until the new ones arrive
            self.files_label.setText(self.tr("Preparing the files…"))
        data = snapshot(self._state.data.dataset)
        use_validation = self._state.settings.use_validation

        def work() -> list[UploadFile]:
            # Writing 100k examples as JSONL takes a moment: never on the UI thread.
            return upload_files(data, use_validation)

        def done(files: list[UploadFile]) -> None:
            self.files = files
            self._show(files)

        run_in_background(self.tr("Preparing the files to upload"), work, owner=self, on_success=done)

    def _show(self, files: list[UploadFile]) -> None:
        state = self._state
        headers = (self.tr("File"), self.tr("Used for"), self.tr("Examples"), self.tr("Size"))
        rows = ["<tr>" + "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers) + "</tr>"]
        for upload in files:
            role = self.tr("training") if upload.purpose_split is Split.TRAIN else self.tr("validation")
            rows.append(
                f"<tr><td>{html.escape(upload.name)}</td><td>{html.escape(role)}</td>"
                f"<td align='right'>{upload.rows:,}</td>"
                f"<td align='right'>{format_bytes(upload.size)}</td></tr>"
            )
        self.files_label.setText(
            "<b>"
            + html.escape(self.tr("Files to upload"))
            + "</b><table cellspacing='0' cellpadding='3' style='margin-left: 8px'>"
            + "".join(rows)
            + "</table>"
        )
        model_id = state.model.model_id if state.model is not None else ""
        self.estimate = estimate_training(state)
        self.estimate_label.setText(self._estimate_text(self.estimate))
        self.heuristic_label.setText(self._heuristic_text(self.estimate))
        base_url = getattr(state.profile, "effective_base_url", None) or "{base_url}"
        self.request_title.setText(
            "<b>"
            + self.tr("Request that will be sent")
            + "</b><br>"
            + html.escape(f"POST {base_url.rstrip('/')}/fine_tuning/jobs")
            + "<br>"
            + self.tr("Authorization: the key stays in the system keyring and is never shown.")
            + "<br>"
            + self.tr("File ids are given by the provider when the files above are uploaded.")
        )
        placeholders = {
            Split.TRAIN: "<" + self.tr("id of %1").replace("%1", files[0].name) + ">",
        }
        validation = next((f for f in files if f.purpose_split is Split.VALIDATION), None)
        request = build_job_request(
            model_id,
            state.settings,
            placeholders[Split.TRAIN],
            None if validation is None else "<" + self.tr("id of %1").replace("%1", validation.name) + ">",
        )
        self.request_view.setPlainText(request_json(request))

    def _estimate_text(self, estimate: CostEstimate) -> str:
        zh = current_language() == "zh_CN"
        epochs = str(estimate.epochs) + (" " + self.tr("(auto)") if estimate.epochs_auto else "")
        if estimate.cost_usd is None:
            cost = self.tr("unknown (the catalog has no price for this model)")
        elif estimate.cost_usd == 0:
            cost = self.tr("free (trained on this computer)")
        else:
            cost = f"US${estimate.cost_usd:,.2f}" if estimate.cost_usd >= 0.01 else "< US$0.01"
        time = format_duration(estimate.seconds_low, zh)
        if estimate.seconds_high != estimate.seconds_low:
            time += " – " + format_duration(estimate.seconds_high, zh)
        rows = [
            (self.tr("Tokens in the training file:"), f"{estimate.dataset_tokens:,}"),
            (self.tr("Epochs:"), epochs),
            (self.tr("Estimated billed tokens:"), f"{estimate.billed_tokens:,}"),
            (self.tr("Estimated cost:"), cost),
            (self.tr("Estimated training time:"), time),
        ]
        batch_size = self._state.settings.effective_batch_size
        if batch_size is not None:
            auto = " " + self.tr("(auto)") if self._state.settings.batch_size is None else ""
            rows.insert(2, (self.tr("Batch size:"), f"{batch_size}{auto}"))
        return (
            "<b>"
            + self.tr("Estimate")
            + "</b><table cellspacing='0' cellpadding='2'>"
            + "".join(f"<tr><td>{html.escape(k)}</td><td><b>{html.escape(v)}</b></td></tr>" for k, v in rows)
            + "</table>"
        )

    def _heuristic_text(self, estimate: CostEstimate) -> str:
        heuristic = pick(estimate.heuristic_en, estimate.heuristic_zh)
        assumptions = pick(estimate.assumptions_en, estimate.assumptions_zh)
        if self._state.settings.resolved:
            # The local engine resolved "auto" itself; the job request carries the same numbers.
            heuristic = self.tr(
                "Values on “auto” were chosen by the local engine for this data (the rule its jobs use); "
                "the request below sends them, so the job runs with exactly these."
            )
            if estimate.seconds_low == estimate.seconds_high:
                assumptions = self.tr("The time is the engine's estimate for this computer.")
        facts = []
        if estimate.token_limit:
            facts.append(
                self.tr("The model takes at most %1 tokens per example.").replace(
                    "%1", f"{estimate.token_limit:,}"
                )
            )
        if estimate.price_per_1m:
            facts.append(
                self.tr("Training costs US$%1 per million billed tokens (from the model catalog).").replace(
                    "%1", f"{estimate.price_per_1m:g}"
                )
            )
        return " ".join((heuristic, *facts, assumptions))
