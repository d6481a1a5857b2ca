"""Batch evaluation: rows of the data set × one or more models, scored, saved, exported.

No Qt here. :class:`EvaluationRun` is plain data (rows, models, answers with scores) that saves to
and loads from a JSON file; :func:`run_evaluation` fills it in on worker threads with a bounded
number of requests in flight, waiting when the provider asks (HTTP 429 Retry-After), and stops
promptly when cancelled. :func:`export_csv` and :func:`export_xlsx` write the table for a spreadsheet.
"""

from __future__ import annotations

import csv
import json
import math
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.cancel import CancelSignal, CancelToken
from desktop.core.dataset import Example, ExampleKind, JSONObject, content_text, detect_kind
from desktop.core.i18n import pick
from desktop.core.scoring import AnswerScore, ScoreSummary, score_answer, summarise
from desktop.providers.events import Progress
from desktop.providers.events.evaluation import AnswerEvent, RetryWait, RowAnswered
from desktop.providers.inference import (
    ChatRequest,
    Endpoint,
    InferenceMode,
    PromptFormat,
    SamplingParameters,
    Usage,
    default_mode_for,
    request_answer,
)

if TYPE_CHECKING:
    import openai

    from desktop.providers.errors import ProviderError

FILE_FORMAT = "finetune-desk-evaluation"
FILE_VERSION = 1
RUN_FILE_SUFFIX = ".eval.json"
DEFAULT_CONCURRENCY = 4
DEFAULT_ATTEMPTS = 5


# --- Rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationRow:
    """One question of the run: the conversation up to the answer, and the answer the data expects."""

    messages: tuple[JSONObject, ...]
    expected: str
    source_row: int | None = None  # the row number the user sees in the editor / the file

    @property
    def prompt(self) -> str:
        """The last user message, as the table shows it."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return content_text(message.get("content"))
        return ""

    @property
    def system_prompt(self) -> str:
        for message in self.messages:
            if message.get("role") == "system":
                return content_text(message.get("content"))
        return ""

    def to_json(self) -> JSONObject:
        return {"messages": list(self.messages), "expected": self.expected, "source_row": self.source_row}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EvaluationRow:
        messages = data.get("messages")
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            raise ValueError("a row's messages must be a list of objects")
        source_row = data.get("source_row")
        return cls(
            messages=tuple(messages),
            expected=str(data.get("expected") or ""),
            source_row=int(source_row) if isinstance(source_row, int) else None,
        )


def row_from_record(
    record: Mapping[str, Any], source_row: int | None = None, prompt_format: PromptFormat | None = None
) -> EvaluationRow | None:
    """The evaluation row of a training record, or None when it has no answer to compare with.

    Chat: everything before the last assistant message is asked, that message is expected.
    Prompt/completion: the prompt (without its separator) is asked, the completion (without its
    ending) is expected. Preference pairs: the input is asked, the preferred output is expected.
    """
    kind = detect_kind(dict(record))
    if kind is ExampleKind.CHAT:
        messages = [m for m in record.get("messages") or [] if isinstance(m, dict)]
        last_answer = max((i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=None)
        if last_answer is None or not any(m.get("role") == "user" for m in messages[:last_answer]):
            return None
        asked = tuple({"role": m.get("role"), "content": m.get("content")} for m in messages[:last_answer])
        return EvaluationRow(asked, content_text(messages[last_answer].get("content")), source_row)
    if kind is ExampleKind.PROMPT_COMPLETION:
        prompt_format = prompt_format or PromptFormat()
        prompt = record.get("prompt")
        completion = record.get("completion")
        if not isinstance(prompt, str) or not isinstance(completion, str) or not prompt.strip():
            return None
        asked = ({"role": "user", "content": prompt_format.strip_prompt(prompt)},)
        return EvaluationRow(asked, prompt_format.clean_completion(completion), source_row)
    if kind is ExampleKind.PREFERENCE:
        inputs = (record.get("input") or {}).get("messages") or []
        preferred = [m for m in record.get("preferred_output") or [] if isinstance(m, dict)]
        if not inputs or not preferred:
            return None
        asked = tuple(
            {"role": m.get("role"), "content": m.get("content")} for m in inputs if isinstance(m, dict)
        )
        return EvaluationRow(asked, content_text(preferred[-1].get("content")), source_row)
    return None


def rows_from_examples(
    examples: Iterable[Example], prompt_format: PromptFormat | None = None
) -> list[EvaluationRow]:
    """The evaluation rows of the examples that have an expected answer (others are left out)."""
    rows = []
    for example in examples:
        row = row_from_record(example.peek(), example.source_row, prompt_format)
        if row is not None:
            rows.append(row)
    return rows


# --- Runs --------------------------------------------------------------------------------------


class RunState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    COMPLETE = "complete"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ModelAnswer:
    """One model's answer to one row: the text and its score, or the error that prevented it."""

    text: str | None = None
    error: str | None = None  # in the user's words, secrets already removed by the provider layer
    latency_s: float | None = None
    usage: Usage | None = None
    score: AnswerScore | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def to_json(self) -> JSONObject:
        return {
            "text": self.text,
            "error": self.error,
            "latency_s": self.latency_s,
            "usage": self.usage.to_json() if self.usage else None,
            "score": self.score.to_json() if self.score else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelAnswer:
        latency = data.get("latency_s")
        score = data.get("score")
        text, error = data.get("text"), data.get("error")
        return cls(
            text=str(text) if text is not None else None,
            error=str(error) if error is not None else None,
            latency_s=float(latency) if isinstance(latency, int | float) else None,
            usage=Usage.from_json(data.get("usage")),
            score=AnswerScore.from_json(score) if isinstance(score, dict) else None,
        )


@dataclass(frozen=True)
class ModelSummary:
    model: str
    scores: ScoreSummary
    mean_latency_s: float  # NaN when nothing was answered
    prompt_tokens: int
    completion_tokens: int


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class EvaluationRun:
    """A batch evaluation: what was asked, of which models, with which settings, and the answers.

    ``answers`` is keyed by (row index, model). A cancelled or reopened run can be continued: only
    the missing answers are asked for.
    """

    models: list[str]
    rows: list[EvaluationRow]
    parameters: SamplingParameters = field(default_factory=lambda: SamplingParameters(temperature=0))
    prompt_format: PromptFormat = field(default_factory=PromptFormat)
    modes: dict[str, InferenceMode] = field(default_factory=dict)  # per model; default by name
    title: str = ""
    created_at: str = field(default_factory=_now_iso)
    state: RunState = RunState.NOT_STARTED
    answers: dict[tuple[int, str], ModelAnswer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def mode_for(self, model: str) -> InferenceMode:
        return self.modes.get(model) or default_mode_for(model)

    def request_for(self, row_index: int, model: str) -> ChatRequest:
        return ChatRequest(
            model=model,
            messages=self.rows[row_index].messages,
            parameters=self.parameters,
            mode=self.mode_for(model),
            prompt_format=self.prompt_format,
        )

    def answer(self, row_index: int, model: str) -> ModelAnswer | None:
        with self._lock:
            return self.answers.get((row_index, model))

    def record(self, row_index: int, model: str, answer: ModelAnswer) -> None:
        with self._lock:
            self.answers[(row_index, model)] = answer

    def missing(self) -> list[tuple[int, str]]:
        """The (row, model) pairs without an answer, row by row so every model advances together."""
        with self._lock:
            return [
                (row_index, model)
                for row_index in range(len(self.rows))
                for model in self.models
                if (row_index, model) not in self.answers
            ]

    @property
    def total(self) -> int:
        return len(self.rows) * len(self.models)

    @property
    def done(self) -> int:
        with self._lock:
            return len(self.answers)

    def summary(self, model: str) -> ModelSummary:
        with self._lock:
            answers = [self.answers.get((row_index, model)) for row_index in range(len(self.rows))]
        answered = [a for a in answers if a is not None and not a.failed]
        latencies = [a.latency_s for a in answered if a.latency_s is not None]
        return ModelSummary(
            model=model,
            scores=summarise(
                (a.score for a in answered),
                rows=len(self.rows),
                errors=sum(1 for a in answers if a is not None and a.failed),
            ),
            mean_latency_s=sum(latencies) / len(latencies) if latencies else math.nan,
            prompt_tokens=sum(a.usage.prompt_tokens for a in answered if a.usage),
            completion_tokens=sum(a.usage.completion_tokens for a in answered if a.usage),
        )

    # -- files

    def to_json(self) -> JSONObject:
        with self._lock:
            answers = [
                {"row": row_index, "model": model} | answer.to_json()
                for (row_index, model), answer in sorted(
                    self.answers.items(), key=lambda item: (item[0][0], self.models.index(item[0][1]))
                )
            ]
        return {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "title": self.title,
            "created_at": self.created_at,
            "state": self.state.value,
            "models": list(self.models),
            "modes": {model: mode.value for model, mode in self.modes.items()},
            "parameters": self.parameters.to_json(),
            "prompt_format": {"separator": self.prompt_format.separator, "ending": self.prompt_format.ending},
            "rows": [row.to_json() for row in self.rows],
            "answers": answers,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EvaluationRun:
        if data.get("format") != FILE_FORMAT:
            raise EvaluationFileError(
                pick("This is not a saved evaluation run.", "这不是保存的评估运行文件。")
            )
        if int(data.get("version") or 0) > FILE_VERSION:
            raise EvaluationFileError(
                pick(
                    "This evaluation run was saved by a newer version of the app. Update the app to open it.",
                    "此评估运行由更新版本的应用保存。请更新应用后再打开。",
                )
            )
        try:
            models = [str(model) for model in data["models"]]
            rows = [EvaluationRow.from_json(row) for row in data["rows"]]
            prompt_format = data.get("prompt_format") or {}
            run = cls(
                models=models,
                rows=rows,
                parameters=SamplingParameters.from_json(data.get("parameters") or {}),
                prompt_format=PromptFormat(
                    str(prompt_format.get("separator") or ""), str(prompt_format.get("ending") or "")
                ),
                modes={str(model): InferenceMode(mode) for model, mode in (data.get("modes") or {}).items()},
                title=str(data.get("title") or ""),
                created_at=str(data.get("created_at") or ""),
                state=RunState(data.get("state") or RunState.NOT_STARTED.value),
            )
            # A run that was running when it was saved stopped there.
            if run.state is RunState.RUNNING:
                run.state = RunState.CANCELLED
            for item in data.get("answers") or []:
                row_index, model = int(item["row"]), str(item["model"])
                if 0 <= row_index < len(rows) and model in models:
                    run.answers[(row_index, model)] = ModelAnswer.from_json(item)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise EvaluationFileError(
                pick(f"The evaluation run file is damaged: {error}", f"评估运行文件已损坏：{error}")
            ) from error
        return run

    def save(self, path: Path) -> None:
        """Write the run as JSON (through a temporary file, so a crash never leaves half a file)."""
        from desktop.core.atomic import atomic_write

        with atomic_write(Path(path)) as file:
            json.dump(self.to_json(), file, ensure_ascii=False, indent=1)

    @classmethod
    def load(cls, path: Path) -> EvaluationRun:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except UnicodeDecodeError as error:
            raise EvaluationFileError(
                pick("This is not a saved evaluation run.", "这不是保存的评估运行文件。")
            ) from error
        except json.JSONDecodeError as error:
            raise EvaluationFileError(
                pick(
                    f"The evaluation run file is damaged (line {error.lineno}): {error.msg}",
                    f"评估运行文件已损坏（第 {error.lineno} 行）：{error.msg}",
                )
            ) from error
        if not isinstance(data, dict):
            raise EvaluationFileError(
                pick("This is not a saved evaluation run.", "这不是保存的评估运行文件。")
            )
        return cls.from_json(data)


class EvaluationFileError(ValueError):
    """A run file that cannot be opened; ``user_message`` says why in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_message = message


# --- Running -----------------------------------------------------------------------------------


class _RateLimitGate:
    """Shared by the workers: when the provider says "wait", nobody sends until the wait is over."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open_at = 0.0

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._open_at = max(self._open_at, time.monotonic() + seconds)

    def wait(self, cancel: CancelSignal | None) -> None:
        from desktop.providers.errors import sleep_unless_cancelled

        while True:
            with self._lock:
                left = self._open_at - time.monotonic()
            if left <= 0:
                return
            sleep_unless_cancelled(left, cancel)


def _model_wide(error: ProviderError) -> bool:
    """Errors that every other row of the same model would get too (no key, no such model, …)."""
    from desktop.providers.errors import ErrorKind

    return error.kind in (
        ErrorKind.AUTH,
        ErrorKind.PERMISSION,
        ErrorKind.NOT_FOUND,
        ErrorKind.NOT_DEPLOYED,
        ErrorKind.QUOTA,
        ErrorKind.TRAINING_NOT_AVAILABLE,
    )


def run_evaluation(
    client: openai.OpenAI,
    run: EvaluationRun,
    endpoint: Endpoint | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    attempts: int = DEFAULT_ATTEMPTS,
    cancel: CancelSignal | None = None,
    progress: Progress[AnswerEvent] | None = None,
) -> EvaluationRun:
    """Ask every missing (row, model) pair, at most ``concurrency`` at a time; return the run.

    ``progress`` gets a :class:`RowAnswered` as each answer is recorded and a :class:`RetryWait`
    before each wait, from worker threads (the answer itself is in ``run`` by then).
    Rate limits and passing failures are retried (``attempts`` tries, honouring Retry-After; while
    one worker waits, the others do not send either). An error that every row of a model would get
    (wrong key, unknown or undeployed model) is recorded for its remaining rows without sending
    them. On cancel the run returns at once with ``state == CANCELLED``; requests in flight are
    abandoned and their answers are not recorded.
    """
    from desktop.providers.errors import ErrorKind, ProviderError, with_retries

    pending = run.missing()
    run.state = RunState.RUNNING
    # Cancelled when the user cancels or when the runner gives up (so abandoned workers stop too).
    stop = CancelToken(parent=cancel)
    gate = _RateLimitGate()
    queue_lock = threading.Lock()
    deliver_lock = threading.Lock()
    model_errors: dict[str, str] = {}
    failures: list[BaseException] = []

    def next_pair() -> tuple[int, str] | None:
        with queue_lock:
            return pending.pop(0) if pending else None

    def on_retry(error: ProviderError, attempt: int, delay: float) -> None:
        if error.kind is ErrorKind.RATE_LIMITED:
            gate.hold(delay)
        if progress is not None:
            progress(RetryWait(error.user_message, delay))

    def deliver(row_index: int, model: str, answer: ModelAnswer) -> None:
        # Checked and recorded under one lock, so nothing is recorded once the runner has returned.
        with deliver_lock:
            if stop.cancelled:
                return
            run.record(row_index, model, answer)
        if progress is not None:
            progress(RowAnswered(row_index, model))

    def ask(row_index: int, model: str) -> None:
        known = model_errors.get(model)
        if known is not None:
            deliver(row_index, model, ModelAnswer(error=known))
            return
        request = run.request_for(row_index, model)

        def attempt() -> Any:
            gate.wait(stop)
            return request_answer(client, request, endpoint)

        try:
            answer = with_retries(attempt, attempts=attempts, cancel=stop, on_retry=on_retry)
        except ProviderError as error:
            if error.kind is ErrorKind.CANCELLED:
                return
            if _model_wide(error):
                model_errors.setdefault(model, error.user_message)
            deliver(row_index, model, ModelAnswer(error=error.user_message))
            return
        deliver(
            row_index,
            model,
            ModelAnswer(
                text=answer.text,
                latency_s=answer.latency_s,
                usage=answer.usage,
                score=score_answer(run.rows[row_index].expected, answer.text),
            ),
        )

    def work() -> None:
        try:
            while not stop.cancelled:
                pair = next_pair()
                if pair is None:
                    return
                ask(*pair)
        except BaseException as error:  # a bug, not a provider error: stop everything and report it
            failures.append(error)
            stop.cancel()

    workers = [
        threading.Thread(target=work, name=f"evaluation-{number}", daemon=True)
        for number in range(max(1, min(concurrency, len(pending))))
    ]
    for worker in workers:
        worker.start()
    # Daemon workers: after a cancel the run returns without waiting for requests in flight.
    while any(worker.is_alive() for worker in workers) and not stop.cancelled:
        for worker in workers:
            worker.join(timeout=0.05)
    with deliver_lock:
        stop.cancel()
    if failures:
        run.state = RunState.CANCELLED
        raise failures[0]
    run.state = RunState.COMPLETE if not run.missing() else RunState.CANCELLED
    return run


# --- Export ------------------------------------------------------------------------------------


def _table_header(run: EvaluationRun) -> list[str]:
    header = [
        pick("Row", "行"),
        pick("System", "系统提示"),
        pick("Prompt", "提示"),
        pick("Expected", "期望答案"),
    ]
    for model in run.models:
        header += [
            f"{model} · " + pick("answer", "回答"),
            f"{model} · " + pick("exact", "完全匹配"),
            f"{model} · " + pick("normalised", "规范化匹配"),
            f"{model} · " + pick("similarity", "相似度"),
            f"{model} · " + pick("latency (s)", "延迟（秒）"),
            f"{model} · " + pick("error", "错误"),
        ]
    return header


def _table_rows(run: EvaluationRun) -> list[list[object]]:
    table: list[list[object]] = []
    for row_index, row in enumerate(run.rows):
        line: list[object] = [
            row.source_row if row.source_row is not None else row_index + 1,
            row.system_prompt,
            row.prompt,
            row.expected,
        ]
        for model in run.models:
            answer = run.answer(row_index, model)
            score = answer.score if answer else None
            line += [
                answer.text if answer and answer.text is not None else "",
                score.exact if score else None,
                score.normalised if score else None,
                round(score.similarity, 4) if score else None,
                round(answer.latency_s, 3) if answer and answer.latency_s is not None else None,
                answer.error if answer and answer.error else "",
            ]
        table.append(line)
    return table


def _summary_header() -> list[str]:
    return [
        pick("Model", "模型"),
        pick("Rows", "行数"),
        pick("Answered", "已回答"),
        pick("Errors", "错误"),
        pick("Exact match", "完全匹配"),
        pick("Normalised match", "规范化匹配"),
        pick("Mean similarity", "平均相似度"),
        pick("Mean latency (s)", "平均延迟（秒）"),
        pick("Prompt tokens", "提示词元"),
        pick("Completion tokens", "回答词元"),
    ]


def _summary_rows(run: EvaluationRun) -> list[list[object]]:
    def number(value: float, digits: int) -> float | None:
        return None if math.isnan(value) else round(value, digits)

    lines: list[list[object]] = []
    for model in run.models:
        summary = run.summary(model)
        scores = summary.scores
        lines.append(
            [
                model,
                scores.rows,
                scores.answered,
                scores.errors,
                number(scores.exact_rate, 4),
                number(scores.normalised_rate, 4),
                number(scores.mean_similarity, 4),
                number(summary.mean_latency_s, 3),
                summary.prompt_tokens,
                summary.completion_tokens,
            ]
        )
    return lines


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def export_csv(run: EvaluationRun, path: Path) -> None:
    """The answers table as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese correctly)."""
    from desktop.core.atomic import atomic_write

    # Atomic: an export over an earlier one never leaves half a table if it fails mid-way.
    with atomic_write(Path(path), encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(_table_header(run))
        for line in _table_rows(run):
            writer.writerow([_csv_cell(value) for value in line])


def export_xlsx(run: EvaluationRun, path: Path) -> None:
    """A workbook with the answers table and a summary sheet per model."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    answers_sheet = workbook.active
    answers_sheet.title = pick("Answers", "回答")
    summary_sheet = workbook.create_sheet(pick("Summary", "汇总"))
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    answers_header = _table_header(run)
    # Long text columns (system, prompt, expected, each answer) wide, the rest as wide as their title.
    text_columns = {2, 3, 4} | {5 + 6 * index for index in range(len(run.models))}
    for sheet, header, lines, wide in (
        (answers_sheet, answers_header, _table_rows(run), text_columns),
        (summary_sheet, _summary_header(), _summary_rows(run), {1}),
    ):
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = bold
        for line in lines:
            # A model may answer with control characters, which worksheets cannot hold.
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in line])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    # Text that starts with "=" is an answer, not a formula to run.
                    cell.data_type = "s"
                    cell.alignment = wrap
        sheet.freeze_panes = "A2"
        for index, title in enumerate(header, start=1):
            width = 48 if index in wide else min(max(12, len(title) + 2), 40)
            sheet.column_dimensions[get_column_letter(index)].width = width
    from desktop.core.atomic import atomic_write

    with atomic_write(Path(path), "wb") as stream:
        workbook.save(stream)
