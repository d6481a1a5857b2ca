"""Writers: formats, round trips through the readers, atomic saves and backups."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.core.readers import open_dataset
from desktop.core.writers import atomic_write, dataset_to_jsonl_bytes, save_dataset
from tests.core.conftest import write_xlsx

TRICKY_TEXTS = [
    "你觉得orangbus怎么样",
    "=SUM(A1:A3)",
    "literal _x0041_ escape",
    "ctrl \x01 char",
    "windows\r\nline",
    "  leading and trailing  ",
    "0012",
    "1.50",
    "",
    'quote " and , comma',
]


def _prompt_dataset() -> Dataset:
    examples = [
        Example(
            {"prompt": text, "completion": f"answer {i}"},
            i + 2,
            {"note": f"n{i}", "tag": "t" if i % 2 else ""},
        )
        for i, text in enumerate(TRICKY_TEXTS)
    ]
    return Dataset(ExampleKind.PROMPT_COMPLETION, examples, ["note", "tag"])


def test_jsonl_bytes_are_one_utf8_object_per_line() -> None:
    data = _prompt_dataset()
    data.examples[1].split = Split.VALIDATION
    text = dataset_to_jsonl_bytes(data).decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == len(TRICKY_TEXTS) and text.endswith("\n")
    assert '"你觉得orangbus怎么样"' in lines[0]  # ensure_ascii=False
    assert [json.loads(line) for line in lines] == [e.record for e in data]
    assert "note" not in text  # extras are never exported
    validation = dataset_to_jsonl_bytes(data, Split.VALIDATION).decode().splitlines()
    assert [json.loads(line)["prompt"] for line in validation] == ["=SUM(A1:A3)"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "tsv"])
def test_table_formats_round_trip_values_and_extras(tmp_path: Path, fmt: str) -> None:
    data = _prompt_dataset()
    result = save_dataset(data, tmp_path / f"out.{fmt}")
    assert result.rows == len(TRICKY_TEXTS) and result.backup_path is None
    back = open_dataset(result.path)
    assert back.problems == []
    assert [e.record for e in back.dataset] == [e.record for e in data]
    assert back.dataset.extra_columns == ["note", "tag"]
    assert [e.extras for e in back.dataset] == [{k: v for k, v in e.extras.items() if v} for e in data]


def test_xlsx_to_jsonl_to_xlsx_keeps_every_value(tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "source.xlsx",
        {
            "data": [["Question", "Answer", "id"]]
            + [[t or None, f"a{i}", i] for i, t in enumerate(TRICKY_TEXTS[:3])]
        },
    )
    first = open_dataset(source)
    save_dataset(first.dataset, tmp_path / "train.jsonl")
    from_jsonl = open_dataset(tmp_path / "train.jsonl")
    assert [e.peek() for e in from_jsonl.dataset] == [e.record for e in first.dataset]
    save_dataset(first.dataset, tmp_path / "again.xlsx")
    again = open_dataset(tmp_path / "again.xlsx")
    assert [e.record for e in again.dataset] == [e.record for e in first.dataset]
    assert (
        [e.extras for e in again.dataset]
        == [e.extras for e in first.dataset]
        == [{"id": "0"}, {"id": "1"}, {"id": "2"}]
    )


def _chat(*messages: dict[str, object], **rest: object) -> dict[str, object]:
    return {"messages": list(messages), **rest}


SIMPLE_CHAT = [
    _chat(
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "yo"},
    ),
    _chat({"role": "user", "content": "你好"}, {"role": "assistant", "content": ""}),
]
RICH_CHAT = [
    *SIMPLE_CHAT,
    _chat(
        {"role": "user", "content": "weather?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
        {"role": "assistant", "content": "Sunny.", "weight": 1},
        tools=[{"type": "function", "function": {"name": "w", "parameters": {"type": "object"}}}],
    ),
]


def test_an_empty_system_message_keeps_chat_in_columns(tmp_path: Path) -> None:
    record = _chat(
        {"role": "system", "content": ""},
        {"role": "user", "content": "u"},
        {"role": "assistant", "content": "a"},
    )
    save_dataset(Dataset(ExampleKind.CHAT, [Example(record)]), tmp_path / "c.csv")
    back = open_dataset(tmp_path / "c.csv")
    assert back.table is not None and back.table.headers == ["system", "user", "assistant"]
    assert back.dataset.examples[0].record == {"messages": record["messages"][1:]}  # type: ignore[index]


@pytest.mark.parametrize("records", [SIMPLE_CHAT, RICH_CHAT], ids=["columns", "json"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_chat_round_trips_through_tables(tmp_path: Path, records: list[dict[str, object]], fmt: str) -> None:
    data = Dataset(ExampleKind.CHAT, [Example(r, extras={"src": "x"}) for r in records], ["src"])
    save_dataset(data, tmp_path / f"chat.{fmt}")
    back = open_dataset(tmp_path / f"chat.{fmt}")
    assert back.dataset.kind is ExampleKind.CHAT
    assert [e.record for e in back.dataset] == records
    assert [e.extras for e in back.dataset] == [{"src": "x"}] * len(records)
    header = back.table.headers if back.table else []
    assert header[0] == ("system" if records is SIMPLE_CHAT else "messages")


def _preference(user: str, good: str, bad: str, system: str = "") -> dict[str, object]:
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}
    ]
    return {
        "input": {"messages": messages},
        "preferred_output": [{"role": "assistant", "content": good}],
        "non_preferred_output": [{"role": "assistant", "content": bad}],
    }


def test_preference_round_trips(tmp_path: Path) -> None:
    simple = [_preference("q", "good", "bad", system="sys"), _preference("问", "好", "差")]
    multi_turn = _preference("again", "g", "b")
    multi_turn["input"]["messages"][:0] = [  # type: ignore[index]
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "reply"},
    ]
    for name, records in (("simple", simple), ("multi", [*simple, multi_turn])):
        data = Dataset(ExampleKind.PREFERENCE, [Example(r) for r in records])
        save_dataset(data, tmp_path / f"{name}.xlsx")
        back = open_dataset(tmp_path / f"{name}.xlsx")
        assert back.dataset.kind is ExampleKind.PREFERENCE
        assert [e.record for e in back.dataset] == records


def test_json_array_save(tmp_path: Path) -> None:
    data = _prompt_dataset()
    save_dataset(data, tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == [e.record for e in data]
    assert [e.record for e in open_dataset(tmp_path / "out.json").dataset] == [e.record for e in data]


def test_raw_jsonl_examples_save_without_being_parsed(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"prompt": "\\u4f60\\u597d", "completion": "b"}\n', "utf-8")
    data = open_dataset(path).dataset
    save_dataset(data, tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text("utf-8") == '{"prompt": "你好", "completion": "b"}\n'
    assert not data.examples[0].is_parsed


def test_failed_write_leaves_the_original_intact(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b"original\n")
    os.chmod(path, 0o640)

    def fail_halfway(stream: BinaryIO) -> None:
        stream.write(b"half of the new")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, fail_halfway)
    assert path.read_bytes() == b"original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.jsonl"]  # no temporary left behind

    def write_new(stream: BinaryIO) -> None:
        stream.write(b"new\n")

    atomic_write(path, write_new)
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o640  # permissions kept


def test_a_dataset_that_cannot_be_written_leaves_the_original(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"keep me\n")
    data = Dataset(ExampleKind.PROMPT_COMPLETION, [Example({"prompt": {1, 2}, "completion": ""})])
    with pytest.raises(TypeError):
        save_dataset(data, path)
    assert path.read_bytes() == b"keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_backup_keeps_the_previous_file(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "data.xlsx", {"S": [["prompt", "completion"], ["old", "1"]]})
    old_bytes = source.read_bytes()
    data = open_dataset(source).dataset
    data.examples[0].record["prompt"] = "new"
    first = save_dataset(data, source, backup=True)
    second = save_dataset(data, source, backup=True)
    assert first.backup_path is not None and second.backup_path is not None
    assert first.backup_path != second.backup_path
    assert first.backup_path.parent == tmp_path and first.backup_path.suffix == ".xlsx"
    assert first.backup_path.read_bytes() == old_bytes
    assert open_dataset(source).dataset.examples[0].record["prompt"] == "new"
    assert save_dataset(data, tmp_path / "fresh.csv", backup=True).backup_path is None


def test_split_and_bad_format(tmp_path: Path) -> None:
    data = _prompt_dataset()
    for example in data.examples[:3]:
        example.split = Split.VALIDATION
    result = save_dataset(data, tmp_path / "valid.csv", split=Split.VALIDATION)
    assert result.rows == 3
    assert len(open_dataset(result.path).dataset) == 3
    with pytest.raises(ValueError, match="cannot save"):
        save_dataset(data, tmp_path / "x.parquet")
    with pytest.raises(ValueError, match="xlsx instead"):
        save_dataset(data, tmp_path / "macros.xlsm")


def test_overlong_cells_warn_for_xlsx_and_are_flagged_when_read(tmp_path: Path) -> None:
    data = Dataset(ExampleKind.PROMPT_COMPLETION, [Example({"prompt": "x" * 40_000, "completion": "c"})])
    result = save_dataset(data, tmp_path / "long.xlsx")
    assert result.warnings and "JSONL" in result.warnings[0]
    back = open_dataset(result.path)
    assert [(p.row, p.column) for p in back.problems] == [(2, "prompt")]
    assert "cut off" in back.problems[0].reason
    assert len(back.dataset.examples[0].record["prompt"]) == 32_767
