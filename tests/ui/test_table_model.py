from __future__ import annotations

import json

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.ui.document import DatasetDocument
from desktop.ui.problems import Problem, ProblemsModel
from desktop.ui.table_model import DatasetTableModel
from tests.ui.editor_helpers import chat_dataset, pc_dataset


def test_model_passes_the_model_tester_for_each_kind(qtmodeltester: ModelTester) -> None:
    document = DatasetDocument(pc_dataset([("问题一", "回答一"), ("q2", "a2\nline 2")], extras=["备注"]))
    document.examples[0].extras["备注"] = "keep me"
    model = DatasetTableModel(document)
    qtmodeltester.check(model)
    assert model.columnCount() == 3
    assert model.headerData(2, Qt.Orientation.Horizontal) == "备注"
    assert model.index(0, 2).data() == "keep me"
    assert model.index(1, 1).data() == "a2 ↵ line 2"
    assert model.index(1, 1).data(Qt.ItemDataRole.EditRole) == "a2\nline 2"

    document.load(chat_dataset([[("system", "s"), ("user", "u"), ("assistant", "a")]]))
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "System",
        "User",
        "Assistant",
    ]

    preference = Dataset(
        ExampleKind.PREFERENCE,
        [
            Example(
                {
                    "input": {"messages": [{"role": "user", "content": "hi"}]},
                    "preferred_output": [{"role": "assistant", "content": "hello"}],
                    "non_preferred_output": [{"role": "assistant", "content": "go away"}],
                }
            )
        ],
    )
    document.load(preference)
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "go away"


def test_problems_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ProblemsModel()
    model.set_problems(
        [Problem("/tmp/a.jsonl", 3, None, "not JSON"), Problem("/tmp/a.jsonl", 9, "prompt", "empty")]
    )
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "a.jsonl"


def test_vertical_header_shows_source_rows_and_plus_for_new_rows() -> None:
    document = DatasetDocument(pc_dataset([("a", "1"), ("b", "2")]))
    model = DatasetTableModel(document)
    document.append_examples([Example({"prompt": "", "completion": ""})], "add")
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert labels == ["2", "3", "+"]


def test_raw_examples_are_read_lazily_and_stay_raw_when_painted() -> None:
    raw = [
        Example(raw=json.dumps({"prompt": f"p{i}", "completion": f"c{i}"}).encode(), source_row=i + 1)
        for i in range(1000)
    ]
    document = DatasetDocument(Dataset(ExampleKind.PROMPT_COMPLETION, raw))
    model = DatasetTableModel(document)
    assert model.index(500, 0).data() == "p500"
    assert not raw[500].is_parsed  # reading a cell never keeps a parsed copy


def test_filter_maps_rows_and_follows_edits(qtmodeltester: ModelTester) -> None:
    document = DatasetDocument(
        pc_dataset([("apple", "1"), ("banana", "2"), ("Apple pie", "3"), ("cherry", "4")])
    )
    model = DatasetTableModel(document)
    model.set_filter("apple")
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert [model.document_row(r) for r in range(2)] == [0, 2]
    assert model.headerData(1, Qt.Orientation.Vertical) == "4"  # file row of "Apple pie"

    model.setData(model.index(1, 1), "three")
    assert document.examples[2].record["completion"] == "three"

    document.insert_examples(1, [Example({"prompt": "new", "completion": ""})], "insert")
    assert model.rowCount() == 3  # a new row stays visible under the filter
    assert [model.document_row(r) for r in range(3)] == [0, 1, 3]
    document.remove_rows([0], "remove")
    assert [model.document_row(r) for r in range(model.rowCount())] == [0, 2]
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [model.document_row(r) for r in range(model.rowCount())] == [0, 2]
    model.set_filter("")
    assert model.rowCount() == 4


def test_filter_on_raw_lines_matches_what_is_shown() -> None:
    from desktop.ui.table_model import CellRef, matching_rows

    lines = [
        {"messages": [{"role": "user", "content": "你觉得OrangBus怎么样"}]},
        {"messages": [{"role": "user", "content": "no match here"}]},
        {"messages": [{"role": "user", "content": "escaped \\u00e9 ORANGBUS"}]},
        {"messages": [{"role": "user", "content": "tab\tand ORANGbus"}]},
    ]
    examples = [Example(raw=json.dumps(line, ensure_ascii=i != 0).encode()) for i, line in enumerate(lines)]
    examples.append(
        Example(raw=json.dumps({"messages": [{"role": "user", "content": "café orangbus"}]}).encode())
    )
    cells = [CellRef(c, None) for c in Dataset(ExampleKind.CHAT).columns]
    assert matching_rows(examples, cells, "orangbus") == [0, 2, 3, 4]
    assert matching_rows(examples, cells, "怎么") == [0]
    assert matching_rows(examples, cells, "café") == [4]  # written as \\u00e9 in the raw line
    assert matching_rows(examples, cells, "role") == []  # JSON keys are not cell text
    assert matching_rows(examples, cells, "") is None
    assert not any(e.is_parsed for e in examples)
