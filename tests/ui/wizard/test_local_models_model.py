"""The local engine's models table: a well-behaved Qt model, and what each column says."""

from __future__ import annotations

from typing import Any

from desktop.providers.engine_models import BaseModelInfo, Download, DownloadStatus, TrainingEstimate
from desktop.ui.wizard.local_models_model import (
    LocalColumn,
    LocalModelRow,
    LocalModelsModel,
    format_parameters,
    format_size,
)

CPU_FIT = {"device": "cpu", "device_name": "Test CPU", "memory_bytes": 16_000_000_000}


def _info(model_id: str, **facts: Any) -> BaseModelInfo:
    return BaseModelInfo.from_json({"id": model_id, **facts})


def _rows() -> list[LocalModelRow]:
    return [
        LocalModelRow(_info("tiny-random", display_name="tiny-random", test_model=True, downloaded=True)),
        LocalModelRow(
            _info(
                "Qwen/Qwen2.5-0.5B-Instruct",
                display_name="Qwen2.5 0.5B Instruct",
                parameters=490_000_000,
                download_bytes=999_488_211,
                recommended_for={"en": "First real model", "zh": "第一个真实模型"},
                fits={**CPU_FIT, "needed_bytes": 3_500_000_000, "verdict": "ok"},
            )
        ),
        LocalModelRow(
            _info(
                "meta-llama/Llama-3.2-1B-Instruct",
                parameters=1_240_000_000,
                download_bytes=2_470_000_000,
                gated=True,
                fits={**CPU_FIT, "needed_bytes": 30_000_000_000, "verdict": "no"},
            )
        ),
    ]


def _cell(model: LocalModelsModel, model_id: str, column: LocalColumn) -> str:
    row = model.row_of(model_id)
    assert row is not None
    return str(model.index(row, column).data())


def test_the_table_is_a_proper_model_and_says_what_matters(qtmodeltester: Any) -> None:
    model = LocalModelsModel()
    model.set_models(_rows())
    qtmodeltester.check(model)
    assert [r.model_id for r in model.rows][-1] == "tiny-random"  # the test model comes last
    assert _cell(model, "tiny-random", LocalColumn.MODEL) == "tiny-random (test model)"
    assert _cell(model, "tiny-random", LocalColumn.STATE) == "built in"
    qwen = "Qwen/Qwen2.5-0.5B-Instruct"
    assert _cell(model, qwen, LocalColumn.MODEL) == "Qwen2.5 0.5B Instruct\n" + qwen
    assert _cell(model, qwen, LocalColumn.SIZE) == "490 M"
    assert _cell(model, qwen, LocalColumn.STATE) == "download 1.0 GB"
    assert _cell(model, qwen, LocalColumn.FIT) == "yes · needs 3.5 GB of 16.0 GB"
    assert _cell(model, qwen, LocalColumn.TIME) == "…"  # the estimate is on its way
    assert _cell(model, qwen, LocalColumn.NOTE) == "First real model"
    llama = "meta-llama/Llama-3.2-1B-Instruct"
    assert _cell(model, llama, LocalColumn.STATE) == "download 2.5 GB · needs access"
    assert _cell(model, llama, LocalColumn.FIT) == "no · needs 30.0 GB, has 16.0 GB"
    assert "Test CPU" in model.device_text()

    # A download in progress, then the estimate for this data set, then one the engine could not make.
    model.update_model(
        qwen, download=Download("dl-1", qwen, DownloadStatus.DOWNLOADING, 500_000_000, 999_488_211)
    )
    assert _cell(model, qwen, LocalColumn.STATE) == "downloading 50%"
    estimate = TrainingEstimate({"n_epochs": 3, "batch_size": 4}, total_steps=48, estimated_seconds=5400)
    model.update_model(qwen, estimate=estimate)
    assert _cell(model, qwen, LocalColumn.TIME) == "≈ 1.5 h"
    model.update_model(llama, estimate_error="The engine could not estimate it.")
    assert _cell(model, llama, LocalColumn.TIME) == "—"

    # A model looked up on the hub is added before the test model; adding it again replaces it.
    found = LocalModelRow(_info("org/new-model", download_bytes=1_000_000))
    assert model.add_model(found) == 2
    assert model.add_model(found) == 2 and model.rowCount() == 4
    qtmodeltester.check(model)

    # A model whose context is too short for the data is greyed, with the reason.
    model.update_model(llama, incompatibility="The longest example is too long.")
    row = model.row_of(llama)
    assert row is not None and not model.flags(model.index(row, 0)) & model.flags(model.index(0, 0))
    assert _cell(model, llama, LocalColumn.NOTE) == "The longest example is too long."


def test_sizes_for_people() -> None:
    assert format_size(999_488_211) == "1.0 GB"
    assert format_size(727_000_000) == "727 MB"
    assert format_size(None) == "—"
    assert format_parameters(7_620_000_000) == "7.6 B"
    assert format_parameters(360_000_000) == "360 M"
