"""Evaluation runs as plain data: rows from records, save/reopen, CSV and XLSX read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop.core.dataset import Example
from desktop.core.scoring import score_answer
from desktop.providers.evaluation import (
    EvaluationFileError,
    EvaluationRow,
    EvaluationRun,
    ModelAnswer,
    RunState,
    export_csv,
    export_xlsx,
    row_from_record,
    rows_from_examples,
)
from desktop.providers.inference import InferenceMode, PromptFormat, SamplingParameters, Usage


def test_rows_from_each_kind_of_record() -> None:
    chat = row_from_record(
        {
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello"},
                {"role": "user", "content": "你觉得orangbus怎么样"},
                {"role": "assistant", "content": "帅，非常帅", "weight": 1},
            ]
        },
        source_row=4,
    )
    assert chat is not None
    assert chat.expected == "帅，非常帅"
    assert chat.prompt == "你觉得orangbus怎么样"
    assert chat.system_prompt == "Be brief."
    assert len(chat.messages) == 4 and chat.source_row == 4
    assert "weight" not in json.dumps(chat.messages)

    legacy = row_from_record(
        {"prompt": "Say hi\n\n###\n\n", "completion": " hi END"},
        prompt_format=PromptFormat("\n\n###\n\n", " END"),
    )
    assert legacy == EvaluationRow(({"role": "user", "content": "Say hi"},), "hi")

    preference = row_from_record(
        {
            "input": {"messages": [{"role": "user", "content": "Q"}]},
            "preferred_output": [{"role": "assistant", "content": "good"}],
            "non_preferred_output": [{"role": "assistant", "content": "bad"}],
        }
    )
    assert preference is not None and preference.expected == "good"

    assert row_from_record({"messages": [{"role": "user", "content": "no answer"}]}) is None
    assert row_from_record({"prompt": "", "completion": "x"}) is None
    examples = [
        Example({"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}, 2),
        Example({"messages": [{"role": "user", "content": "a"}]}, 3),
    ]
    assert [row.source_row for row in rows_from_examples(examples)] == [2]


def sample_run() -> EvaluationRun:
    rows = [
        EvaluationRow(({"role": "user", "content": "你觉得orangbus怎么样"},), "帅，非常帅", 1),
        EvaluationRow(({"role": "user", "content": "=1+1"},), "2", 2),
        EvaluationRow(({"role": "user", "content": "three"},), "3", 3),
    ]
    run = EvaluationRun(
        models=["ft:tiny-random:a", "tiny-random"],
        rows=rows,
        parameters=SamplingParameters(temperature=0, max_tokens=32),
        modes={"tiny-random": InferenceMode.CHAT},
        title="sample",
    )
    run.record(
        0,
        "ft:tiny-random:a",
        ModelAnswer("帅，非常帅", None, 0.5, Usage(7, 4), score_answer("帅，非常帅", "帅，非常帅")),
    )
    run.record(
        0,
        "tiny-random",
        ModelAnswer("帅, 非常帅", None, 0.25, Usage(7, 5), score_answer("帅，非常帅", "帅, 非常帅")),
    )
    run.record(1, "ft:tiny-random:a", ModelAnswer("=SUM(A1)", None, 0.1, None, score_answer("2", "=SUM(A1)")))
    run.record(1, "tiny-random", ModelAnswer(error="Too many requests"))
    run.record(
        2, "tiny-random", ModelAnswer("noise\x08\x19 here", None, 0.2, None, score_answer("3", "noise"))
    )
    run.state = RunState.CANCELLED
    return run


def test_summary_per_model() -> None:
    run = sample_run()
    fine_tuned = run.summary("ft:tiny-random:a")
    assert fine_tuned.scores.answered == 2 and fine_tuned.scores.exact_matches == 1
    assert fine_tuned.scores.pending == 1
    assert fine_tuned.prompt_tokens == 7 and fine_tuned.completion_tokens == 4
    base = run.summary("tiny-random")
    assert base.scores.errors == 1 and base.scores.normalised_matches == 1 and base.scores.exact_matches == 0
    assert base.mean_latency_s == pytest.approx(0.225)
    assert run.missing() == [(2, "ft:tiny-random:a")]


def test_save_and_reopen(tmp_path: Path) -> None:
    run = sample_run()
    path = tmp_path / "runs" / "first.eval.json"
    run.save(path)
    reopened = EvaluationRun.load(path)
    assert reopened.to_json() == run.to_json()
    assert reopened.answers == run.answers
    assert reopened.rows == run.rows
    assert reopened.mode_for("tiny-random") is InferenceMode.CHAT
    assert reopened.state is RunState.CANCELLED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "something-else"}', "not a saved evaluation run"),
        ('{"format": "finetune-desk-evaluation", "version": 1, "models": ["m"]', "damaged"),
        ('{"format": "finetune-desk-evaluation", "version": 1, "models": ["m"], "rows": [{}]}', "damaged"),
        ('{"format": "finetune-desk-evaluation", "version": 99}', "newer version"),
    ],
)
def test_bad_run_files_say_why(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.eval.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationFileError) as caught:
        EvaluationRun.load(path)
    assert message in caught.value.user_message


def test_csv_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    export_csv(sample_run(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for Chinese
    with path.open(encoding="utf-8-sig", newline="") as file:
        table = list(csv.reader(file))
    header, first, second, third = table
    assert header[:4] == ["Row", "System", "Prompt", "Expected"]
    assert header[4] == "ft:tiny-random:a · answer"
    assert first[2:5] == ["你觉得orangbus怎么样", "帅，非常帅", "帅，非常帅"]
    assert first[5:8] == ["1", "1", "1.0"]
    assert first[10] == "帅, 非常帅" and first[11:13] == ["0", "1"]
    assert second[4] == "=SUM(A1)" and second[15] == "Too many requests"
    assert third[4] == "" and third[5] == ""
    assert third[10] == "noise\x08\x19 here"


def test_xlsx_reads_back(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "run.xlsx"
    export_xlsx(sample_run(), path)
    workbook = openpyxl.load_workbook(path)
    answers, summary = workbook.worksheets
    rows = list(answers.iter_rows(values_only=True))
    assert rows[1][2:5] == ("你觉得orangbus怎么样", "帅，非常帅", "帅，非常帅")
    assert rows[1][5] is True and rows[1][7] == 1.0
    assert rows[2][4] == "=SUM(A1)"  # kept as text, never turned into a formula
    assert answers.cell(row=3, column=5).data_type == "s"
    assert rows[3][10] == "noise\ufffd\ufffd here"  # control characters cannot be stored in a worksheet
    summary_rows = list(summary.iter_rows(values_only=True))
    assert summary_rows[0][0] == "Model"
    assert summary_rows[1][:5] == ("ft:tiny-random:a", 3, 2, 0, 0.5)
    assert summary_rows[2][:4] == ("tiny-random", 3, 2, 1)
