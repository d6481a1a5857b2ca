"""Golden answers: a model's behaviour kept as answers, to compare a later model against it.

A golden set is a saved :class:`~desktop.providers.evaluation.EvaluationRun` with one model (the
one being recorded), so the test tab opens it too. Comparing turns its recorded answers into the
expected answers of a new run over the same questions, scored by the batch evaluation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.core.cancel import CancelSignal
from desktop.core.dataset import Example
from desktop.core.i18n import pick
from desktop.providers.evaluation import (
    EvaluationRow,
    EvaluationRun,
    row_from_record,
    rows_from_examples,
    run_evaluation,
)
from desktop.providers.events import Progress
from desktop.providers.events.evaluation import AnswerEvent
from desktop.providers.inference import Endpoint, SamplingParameters
from desktop.providers.keep.export import ExportFolder, read_index, safe_name, write_index

GOLDEN_FOLDER = "golden"
DEFAULT_MAX_TOKENS = 256
DEFAULT_CONCURRENCY = 2


def default_parameters() -> SamplingParameters:
    """Greedy answers (temperature 0), so a recording is as reproducible as the provider allows."""
    return SamplingParameters(temperature=0, max_tokens=DEFAULT_MAX_TOKENS)


def rows_from_jsonl(path: Path) -> list[EvaluationRow]:
    """The questions and expected answers of a training/validation JSONL file (bad lines skipped)."""
    rows: list[EvaluationRow] = []
    with Path(path).open(encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and (row := row_from_record(record, number)) is not None:
                rows.append(row)
    return rows


def rows_from_data_file(path: Path) -> list[EvaluationRow]:
    """The rows of any data set the app opens (JSONL, JSON, CSV, spreadsheets)."""
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return rows_from_jsonl(path)
    from desktop.core.readers import open_dataset

    loaded = open_dataset(path)
    examples: Iterable[Example] = loaded.dataset.examples
    return rows_from_examples(examples)


def golden_path(export_folder: Path, model: str) -> Path:
    return Path(export_folder) / GOLDEN_FOLDER / f"{safe_name(model, 120)}.eval.json"


def record_golden(
    client: Any,
    model: str,
    rows: list[EvaluationRow],
    path: Path,
    *,
    endpoint: Endpoint | None = None,
    parameters: SamplingParameters | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    cancel: CancelSignal | None = None,
    progress: Progress[AnswerEvent] | None = None,
    source: str = "",
) -> EvaluationRun:
    """Ask ``model`` every row and save its answers at ``path`` (blocks: call on a worker thread).

    ``progress`` gets a RowAnswered per answer. A cancelled recording is saved too, and recording
    again into it asks only the missing rows.
    """
    path = Path(path)
    run: EvaluationRun | None = None
    if path.is_file():
        previous = EvaluationRun.load(path)
        if previous.models == [model] and previous.rows == rows:
            run = previous
    if run is None:
        title = pick(f"Golden answers of {model}", f"{model} 的黄金答案")
        if source:
            title += f" · {source}"
        run = EvaluationRun(
            models=[model], rows=list(rows), parameters=parameters or default_parameters(), title=title
        )
    try:
        run_evaluation(client, run, endpoint, concurrency=concurrency, cancel=cancel, progress=progress)
    finally:
        run.save(path)
    _register_in_export(path, model, run)
    return run


def _register_in_export(path: Path, model: str, run: EvaluationRun) -> None:
    """Name the golden set in the export's index when it was saved inside an export folder."""
    folder = path.parent.parent
    if path.parent.name != GOLDEN_FOLDER or not (folder / "index.json").is_file():
        return
    index = read_index(folder)
    relative = path.relative_to(folder).as_posix()
    index.golden = [item for item in index.golden if item.get("path") != relative]
    index.golden.append(
        {
            "model": model,
            "path": relative,
            "rows": len(run.rows),
            "answered": run.done,
            "recorded_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
    )
    write_index(folder, index)


def golden_sets(export: ExportFolder) -> dict[str, Path]:
    """The golden sets recorded in an export folder, by model."""
    found: dict[str, Path] = {}
    for item in export.index.golden:
        path = export.folder / str(item.get("path") or "")
        if path.is_file():
            found[str(item.get("model"))] = path
    return found


def golden_rows(golden: EvaluationRun) -> list[EvaluationRow]:
    """The golden set's questions, each expecting the answer the recorded model gave."""
    model = golden.models[0]
    rows = []
    for index, row in enumerate(golden.rows):
        answer = golden.answer(index, model)
        if answer is not None and answer.text is not None and not answer.failed:
            rows.append(replace(row, expected=answer.text))
    return rows


def compare_with_golden(
    client: Any,
    golden: EvaluationRun,
    new_model: str,
    *,
    endpoint: Endpoint | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    cancel: CancelSignal | None = None,
    progress: Progress[AnswerEvent] | None = None,
) -> EvaluationRun:
    """Ask ``new_model`` the golden questions and score its answers against the recorded ones."""
    original = golden.models[0]
    run = EvaluationRun(
        models=[new_model],
        rows=golden_rows(golden),
        parameters=golden.parameters,
        prompt_format=golden.prompt_format,
        title=pick(
            f"{new_model} against the golden answers of {original}", f"{new_model} 对比 {original} 的黄金答案"
        ),
    )
    return run_evaluation(client, run, endpoint, concurrency=concurrency, cancel=cancel, progress=progress)
