"""The checks on real files written into tmp_path and opened with the readers (the peer's cases)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from desktop.core.catalog import load_catalog
from desktop.core.checks import analyze
from desktop.core.fixes import apply_fixes, recommended_fixes
from desktop.core.readers import open_dataset

DAVINCI = load_catalog().find("davinci-002", "openai")
LONG = "你觉得orangbus怎么样。" * 2000  # under the 32,767-character cell limit, over 16,384 tokens


def rows_with(order: str) -> list[tuple[str, str]]:
    rows = [(f"Question {i}\n\n###\n\n", f" Answer {i} END") for i in range(20)]
    special = [("An empty one\n\n###\n\n", ""), ("A long one\n\n###\n\n", " " + LONG + "END")]
    if order == "long_first":
        special.reverse()
    rows[3:3] = special
    return rows


@pytest.mark.parametrize("order", ["empty_first", "long_first"])
def test_xlsx_with_empty_and_long_rows_on_a_second_sheet(tmp_path, order):
    """The peer aborted on data not on sheet 1 and mixed positions with labels for long rows."""
    path = tmp_path / "data.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "notes"
    book.active.append(["read me"])
    sheet = book.create_sheet("examples")
    sheet.append(["prompt", "completion"])
    for row in rows_with(order):
        sheet.append(list(row))
    book.save(path)
    dataset = open_dataset(path, sheet="examples").dataset
    analysis = analyze(dataset, DAVINCI, parallel=False)
    found = {f.code: f for f in analysis.findings}
    prompts = [e.peek()["prompt"] for e in dataset.examples]
    assert found["empty_completion"].rows == [prompts.index("An empty one\n\n###\n\n")]
    assert found["over_token_limit"].rows == [prompts.index("A long one\n\n###\n\n")]
    # the rows the user sees are the sheet's rows (header on row 1)
    long_row = found["over_token_limit"].rows[0]
    assert dataset.examples[long_row].source_row == long_row + 2
    fixed = apply_fixes(dataset, recommended_fixes(analysis))
    kept = [e.peek()["prompt"] for e in fixed.examples]
    assert "An empty one\n\n###\n\n" not in kept and "A long one\n\n###\n\n" not in kept
    assert kept == [f"Question {i}\n\n###\n\n" for i in range(20)]


def test_jsonl_chat_file_with_problems(tmp_path):
    path = tmp_path / "chat.jsonl"
    lines = [
        {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
        for i in range(12)
    ]
    lines[2]["messages"][0]["content"] = "email me: wang.fang@example.cn, 13912345678"
    lines[5] = {"messages": [{"role": "user", "content": "q"}]}
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8"
    )
    dataset = open_dataset(path).dataset
    analysis = analyze(dataset, load_catalog().find("gpt-4o-mini", "openai"), parallel=False)
    assert analysis.by_code("personal_data").rows == [2]
    assert analysis.by_code("no_assistant").rows == [5]
    assert analysis.blocks_training
