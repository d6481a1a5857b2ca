"""Readers on real good and bad files written into tmp_path."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from desktop.core.dataset import ExampleKind
from desktop.core.readers import (
    ColumnMapping,
    RawTable,
    UnreadableFileError,
    file_format,
    guess_mapping,
    list_sheets,
    open_dataset,
    preview_dataset,
    preview_table,
    read_json_records,
    read_table,
    table_to_dataset,
)
from tests.core.conftest import snapshot, write_legacy_xls, write_ods, write_text, write_xlsx

# --- Workbooks -----------------------------------------------------------------------------------


def test_xlsx_title_rows_synonyms_conversions_and_extras(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "客服.xlsx",
        {
            "问答": [
                ["客服问答 2024"],
                [],
                [" 问题 ", "回答", "备注"],
                ["你觉得orangbus怎么样", "帅，非常帅", "常见"],
                [1.0, 0.1, True],
                [dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 13, 45), dt.time(9, 30)],
                [],
                ["last", 12345678.5, None],
            ]
        },
    )
    before = snapshot(path)
    result = open_dataset(path)
    assert snapshot(path) == before  # opening never writes to the source
    data = result.dataset
    assert data.kind is ExampleKind.PROMPT_COMPLETION
    assert data.source_format == "xlsx"
    assert data.extra_columns == ["备注"]
    assert [e.source_row for e in data] == [4, 5, 6, 8]
    assert data.examples[0].record == {"prompt": "你觉得orangbus怎么样", "completion": "帅，非常帅"}
    assert data.examples[0].extras == {"备注": "常见"}
    assert data.examples[1].record == {"prompt": "1", "completion": "0.1"}
    assert data.examples[1].extras == {"备注": "TRUE"}
    assert data.examples[2].record == {"prompt": "2024-05-01", "completion": "2024-05-01 13:45"}
    assert data.examples[2].extras == {"备注": "09:30"}
    assert data.examples[3].record["completion"] == "12345678.5"
    assert result.table is not None and result.table.header_row == 3
    conversions = result.table.conversions
    assert any("1.0 → 1" in c for c in conversions)
    assert any("2024-05-01" in c for c in conversions)
    assert any("TRUE" in c for c in conversions)
    assert any("row 3" in n for n in result.notes)
    assert result.problems == []


def test_workbook_with_data_not_on_first_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "multi.xlsx",
        {"说明": [], "train": [["question", "answer"], ["q1", "a1"], ["q2", "a2"]], "more": [["x", "y"]]},
    )
    sheets = list_sheets(path)
    assert [(s.name, s.has_data) for s in sheets] == [("说明", False), ("train", True), ("more", True)]
    assert sheets[1].rows == 3
    result = open_dataset(path)
    assert result.table is not None and result.table.sheet == "train"
    assert [e.record["prompt"] for e in result.dataset] == ["q1", "q2"]
    assert [s.name for s in result.sheets] == ["说明", "train", "more"]
    other = read_table(path, sheet="more", header_row=0)
    assert other.rows == [["x", "y"]] and other.headers == ["Column A", "Column B"]
    with pytest.raises(UnreadableFileError, match="no sheet called"):
        read_table(path, sheet="nope")


def test_formula_cells_give_their_cached_values(tmp_path: Path) -> None:
    # openpyxl writes no cached values, so build the sheet XML the way Excel saves it.
    path = write_xlsx(tmp_path / "f.xlsx", {"S": [["prompt", "completion"], ["two", 2], ["error", 7]]})
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<v>2</v>", "<f>1+1</f><v>2</v>")
    sheet = sheet.replace('t="n"><v>7</v>', 't="e"><f>1/0</f><v>#DIV/0!</v>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = open_dataset(path)
    assert [e.record["completion"] for e in result.dataset] == ["2", ""]  # an error cell reads empty
    assert result.table is not None
    assert any("Formulas" in c for c in result.table.conversions)
    assert preview_table(path).rows == result.table.rows


def test_ods_is_read(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "d.ods", [["Prompt", "Completion"], ["你好", "您好"], ["n", 3.0]])
    result = open_dataset(path)
    assert [e.record for e in result.dataset] == [
        {"prompt": "你好", "completion": "您好"},
        {"prompt": "n", "completion": "3"},
    ]
    assert file_format(path) == "ods"


def test_legacy_xls_is_read(tmp_path: Path) -> None:
    path = write_legacy_xls(tmp_path / "旧.xls")
    assert [(s.name, s.has_data) for s in list_sheets(path)] == [("封面", False), ("数据", True)]
    result = open_dataset(path)
    assert result.dataset.source_format == "xls"
    assert [e.record for e in result.dataset] == [
        {"prompt": "你觉得orangbus怎么样", "completion": "帅，非常帅"},
        {"prompt": "1+1", "completion": "2"},
    ]
    assert [e.extras for e in result.dataset] == [{"日期": "2024-05-01"}, {"日期": "2024-05-02"}]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", b"", "empty"),
        ("junk.xlsx", bytes(range(256)) * 20, "binary data"),
        ("csv.xlsx", "prompt,completion\n你好,hi\n".encode(), "rename it to .csv"),
        ("page.xls", b"<html><table><tr><td>a</td></tr></table></html>", "web page"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password"),
        ("junk.ods", b"PK\x03\x04" + b"\x01" * 100, "damaged"),
    ],
)
def test_unreadable_workbooks_get_one_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message) as caught:
        open_dataset(path)
    assert name in str(caught.value)


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["prompt", "completion"]] + [["p" * 50, "c"]] * 200})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(UnreadableFileError, match="damaged or incomplete"):
        open_dataset(cut)
    with pytest.raises(UnreadableFileError, match="damaged or incomplete"):
        list_sheets(cut)


def test_workbook_with_only_empty_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "blank.xlsx", {"A": [], "B": []})
    with pytest.raises(UnreadableFileError, match="empty"):
        open_dataset(path)


# --- CSV / TSV -----------------------------------------------------------------------------------

CHINESE_ROWS = "问题,回答\n你觉得orangbus怎么样,帅，非常帅\n退款需要多久到账？,三到五个工作日\n"


@pytest.mark.parametrize(
    ("encoding", "text", "expected"),
    [
        ("gbk", CHINESE_ROWS, "gb18030"),
        ("gb18030", CHINESE_ROWS, "gb18030"),
        ("utf-8", CHINESE_ROWS, "utf-8"),
        ("utf-8-sig", CHINESE_ROWS, "utf-8-sig"),
        ("utf-16", CHINESE_ROWS, "utf-16"),
        ("big5", "問題,回答\n你覺得orangbus怎麼樣,帥，非常帥\n退款需要多久到賬？,三到五個工作日\n", "big5"),
        ("cp1252", "question,answer\nQu'est-ce qu'un résumé?,“Très” bien café\n", "cp1252"),
    ],
)
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str, text: str, expected: str) -> None:
    path = write_text(tmp_path / "data.csv", text, encoding)
    table = read_table(path)
    assert table.encoding == expected
    result = open_dataset(path)
    first_line = text.splitlines()[1]
    assert result.dataset.examples[0].record["prompt"] == first_line.split(",")[0]
    assert result.dataset.examples[0].record["completion"] == first_line.split(",", 1)[1]


def test_csv_given_encoding_and_a_wrong_one(tmp_path: Path) -> None:
    path = write_text(tmp_path / "data.csv", CHINESE_ROWS, "gbk")
    assert read_table(path, encoding="gbk").rows[0][0] == "你觉得orangbus怎么样"
    with pytest.raises(UnreadableFileError, match="not valid utf-8"):
        read_table(path, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("prompt;completion\nBonjour, ça va ?;Oui, merci\nhi;ho\n", ";"),
        ("prompt\tcompletion\na, b\tc, d\nhi\tho\n", "\t"),
        ("prompt|completion\na,b|c,d\nhi|ho\n", "|"),
        ('prompt,completion\n"a, ""quoted""\nsecond line",plain\nhi,ho\n', ","),
    ],
)
def test_csv_delimiters_and_quoting(tmp_path: Path, text: str, delimiter: str) -> None:
    path = write_text(tmp_path / "d.csv", text)
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.headers == ["prompt", "completion"]
    assert len(table.rows) == 2 and table.rows[1] == ["hi", "ho"]
    if delimiter == ",":
        assert table.rows[0][0] == 'a, "quoted"\nsecond line'
        assert table.row_numbers == [2, 3]


def test_tsv_and_ragged_rows(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "d.tsv", "instruction\tinput\toutput\nTranslate\thello\t你好\nSay hi\n\nx\ty\tz\tlate\n"
    )
    result = open_dataset(path)
    data = result.dataset
    assert data.examples[0].record == {"prompt": "Translate\n\nhello", "completion": "你好"}
    assert data.examples[1].record == {"prompt": "Say hi", "completion": ""}
    assert [e.source_row for e in data] == [2, 3, 5]
    assert data.extra_columns == ["Column D"] and data.examples[2].extras == {"Column D": "late"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b" \r\n\r\n", "empty"),
        ("junk.csv", bytes(range(256)) * 4, "binary"),
        ("book.csv", b"PK\x03\x04rest", "rename it to .xlsx"),
        ("data.parquet", b"PAR1", "not supported"),
    ],
)
def test_unreadable_text_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        open_dataset(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="does not exist"):
        open_dataset(tmp_path / "gone.csv")


# --- JSON Lines and JSON -------------------------------------------------------------------------


def test_jsonl_bad_lines_never_sink_the_file(tmp_path: Path) -> None:
    good = {"messages": [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "hi"}]}
    lines = [
        json.dumps(good, ensure_ascii=False).encode(),
        b'{"messages": [{"role": "user", "content": "broken"}',
        b"",
        json.dumps({"prompt": "a", "completion": "b"}).encode(),
        b"[1, 2]",
        '{"messages": [{"role": "user", "content": "gbk 你好"}]}'.encode("gbk"),
        b'{"messages": "not a list"}',
        json.dumps(good, ensure_ascii=False).encode(),
    ]
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    before = snapshot(path)
    result = open_dataset(path)
    assert snapshot(path) == before
    assert result.dataset.kind is ExampleKind.CHAT
    assert [e.source_row for e in result.dataset] == [1, 8]
    assert not result.dataset.examples[0].is_parsed  # kept raw until edited
    assert result.dataset.examples[0].peek() == good
    reasons = {p.row: p.reason for p in result.problems}
    assert set(reasons) == {2, 4, 5, 6, 7}
    assert reasons[2].startswith("not valid JSON")
    assert "prompt / completion" in reasons[4]
    assert "not a JSON object" in reasons[5]
    assert "UTF-8" in reasons[6]
    assert "not a list" in reasons[7]
    assert all(p.path == path for p in result.problems)


def test_jsonl_kind_can_be_chosen(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "mixed.jsonl",
        '{"prompt": "a", "completion": "b"}\n{"messages": []}\n{"messages": []}\n',
    )
    assert open_dataset(path).dataset.kind is ExampleKind.CHAT  # most lines are chat
    chosen = read_json_records(path, ExampleKind.PROMPT_COMPLETION)
    assert len(chosen.dataset) == 1 and [p.row for p in chosen.problems] == [2, 3]


def test_jsonl_preference(tmp_path: Path) -> None:
    record = {
        "input": {"messages": [{"role": "user", "content": "q"}]},
        "preferred_output": [{"role": "assistant", "content": "good"}],
        "non_preferred_output": [{"role": "assistant", "content": "bad"}],
    }
    path = write_text(tmp_path / "dpo.jsonl", json.dumps(record) + "\n")
    result = open_dataset(path)
    assert result.dataset.kind is ExampleKind.PREFERENCE
    assert result.dataset.examples[0].peek() == record


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"not json at all\nnor this\n", "none of its lines"),
        (bytes(range(256)) * 4, "binary"),
        (b"PK\x03\x04", "spreadsheet workbook"),
    ],
)
def test_unreadable_jsonl(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        open_dataset(path)


def test_json_array_with_a_broken_element(tmp_path: Path) -> None:
    text = (
        "[\n"
        '  {"prompt": "one", "completion": "1"},\n'
        '  {"prompt": "two", "completion": 2 2},\n'
        '  {"prompt": "three", "completion": "3"},\n'
        "  42\n"
        "]\n"
    )
    path = write_text(tmp_path / "a.json", text)
    result = open_dataset(path)
    assert [(e.source_row, e.record["prompt"]) for e in result.dataset] == [(2, "one"), (4, "three")]
    assert [p.row for p in result.problems] == [3, 5]
    assert result.dataset.source_format == "json"


def test_alpaca_json_is_mapped_like_a_table(tmp_path: Path) -> None:
    records = [
        {"instruction": "Translate", "input": "hello", "output": "你好", "id": 7},
        {"instruction": "Say hi", "input": "", "output": "hi", "id": 8},
    ]
    path = write_text(tmp_path / "alpaca.json", json.dumps(records, ensure_ascii=False))
    result = open_dataset(path)
    assert [e.record for e in result.dataset] == [
        {"prompt": "Translate\n\nhello", "completion": "你好"},
        {"prompt": "Say hi", "completion": "hi"},
    ]
    assert result.dataset.extra_columns == ["id"] and result.dataset.examples[0].extras == {"id": "7"}
    assert result.mapping is not None and result.mapping.fields["prompt"] == [0, 1]


def test_json_lines_under_a_json_name_and_bad_json(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "lines.json", '{"prompt": "a", "completion": "b"}\n{"prompt": "c", "completion": "d"}\n'
    )
    assert len(open_dataset(path).dataset) == 2
    bad = write_text(tmp_path / "bad.json", "prompt: a")
    with pytest.raises(UnreadableFileError, match="not JSON"):
        open_dataset(bad)


# --- Mapping -------------------------------------------------------------------------------------


def _table(headers: list[str], *rows: list[str]) -> RawTable:
    return RawTable(
        Path("t.csv"), None, headers, 1, [list(r) for r in rows], list(range(2, 2 + len(rows))), []
    )


@pytest.mark.parametrize(
    ("headers", "kind", "fields"),
    [
        (["Prompt ", "COMPLETION"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
        (["id", "Question", "Answer"], ExampleKind.PROMPT_COMPLETION, {"prompt": [1], "completion": [2]}),
        (["input", "output"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
        (["query", "response"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
        (["问题", "回答"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
        (["提示", "回复"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
        (["输入", "输出"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
        (["指令", "输入", "输出"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0, 1], "completion": [2]}),
        (
            ["instruction", "input", "output"],
            ExampleKind.PROMPT_COMPLETION,
            {"prompt": [0, 1], "completion": [2]},
        ),
        (["System", "User", "Assistant"], ExampleKind.CHAT, {"system": [0], "user": [1], "assistant": [2]}),
        (["系统提示", "问题", "回答"], ExampleKind.CHAT, {"system": [0], "user": [1], "assistant": [2]}),
        (["messages", "note"], ExampleKind.CHAT, {"messages": [0]}),
        (
            ["prompt", "chosen", "rejected"],
            ExampleKind.PREFERENCE,
            {"input": [0], "preferred_output": [1], "non_preferred_output": [2]},
        ),
        (
            ["input", "preferred_output", "non_preferred_output"],
            ExampleKind.PREFERENCE,
            {"input": [0], "preferred_output": [1], "non_preferred_output": [2]},
        ),
        (["foo", "bar", "baz"], ExampleKind.PROMPT_COMPLETION, {"prompt": [0], "completion": [1]}),
    ],
)
def test_guess_mapping(headers: list[str], kind: ExampleKind, fields: dict[str, list[int]]) -> None:
    mapping = guess_mapping(_table(headers))
    assert mapping.kind is kind
    assert mapping.fields == fields
    used = {i for columns in fields.values() for i in columns}
    assert mapping.extra == [i for i in range(len(headers)) if i not in used]


def test_guess_mapping_with_a_chosen_kind() -> None:
    mapping = guess_mapping(_table(["question", "answer"]), ExampleKind.CHAT)
    assert mapping.fields == {"user": [0], "assistant": [1]}


def test_messages_json_cells_and_their_problems(tmp_path: Path) -> None:
    conversation = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo", "weight": 0}]
    table = _table(["messages", "note"], [json.dumps(conversation), "n"], ["{broken", ""], ['"text"', ""])
    result = table_to_dataset(table, guess_mapping(table))
    assert [e.record for e in result.dataset] == [{"messages": conversation}]
    assert [(p.row, p.column) for p in result.problems] == [(3, "messages"), (4, "messages")]
    assert "not valid JSON" in result.problems[0].reason


def test_mapping_chosen_by_the_user(tmp_path: Path) -> None:
    path = write_text(tmp_path / "d.csv", "a,b,c\n1,2,3\n")
    mapping = ColumnMapping(
        ExampleKind.PREFERENCE, {"input": [2], "preferred_output": [0], "non_preferred_output": [1]}, []
    )
    result = open_dataset(path, mapping=mapping)
    record = result.dataset.examples[0].record
    assert record["input"]["messages"][0]["content"] == "3"
    assert record["preferred_output"][0]["content"] == "1"
    assert result.dataset.extra_columns == []


# --- Preview (first rows while the whole file loads) ---------------------------------------------


def test_xlsx_preview_matches_the_full_read(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Title"], [], ["", "question", "answer", "when", "ok"]]
    for i in range(300):
        rows.append(["", f"问题 {i} _x0041_", i + 0.5, dt.datetime(2024, 5, 1, i % 24, 30), i % 2 == 0])
    rows[10][2] = "=B10"
    path = write_xlsx(tmp_path / "p.xlsx", {"empty": [], "data": rows})
    preview = preview_table(path, rows=50)
    full = read_table(path)
    assert preview.sheet == full.sheet == "data"
    assert preview.headers == full.headers == ["question", "answer", "when", "ok"]
    assert preview.header_row == full.header_row == 3
    assert len(preview.rows) == 50
    assert preview.rows == full.rows[:50]
    assert preview.row_numbers == full.row_numbers[:50]
    assert preview.conversions == full.conversions


def test_csv_preview_and_other_formats(tmp_path: Path) -> None:
    lines = ["prompt,completion"] + [f'"line {i}\nmore",{i}' for i in range(30_000)]
    path = write_text(tmp_path / "big.csv", "\n".join(lines) + "\n", "gbk")
    preview = preview_table(path, rows=100)
    assert preview.rows == read_table(path).rows[:100]
    ods = write_ods(tmp_path / "d.ods", [["prompt", "completion"], ["a", "b"], ["c", "d"]])
    assert preview_table(ods, rows=1).rows == [["a", "b"]]
    with pytest.raises(UnreadableFileError, match=r"rename it to \.csv"):
        preview_table(write_text(tmp_path / "fake.xlsx", "a,b\n"))


def test_sharegpt_conversations_become_chat(tmp_path: Path) -> None:
    record = {
        "id": "a1",
        "conversations": [
            {"from": "system", "value": "Be kind."},
            {"from": "human", "value": "你好"},
            {"from": "gpt", "value": "您好！"},
        ],
    }
    path = write_text(tmp_path / "sharegpt.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    result = open_dataset(path)
    assert result.dataset.kind is ExampleKind.CHAT
    assert result.dataset.examples[0].record == {
        "messages": [
            {"role": "system", "content": "Be kind."},
            {"role": "user", "content": "你好"},
            {"role": "assistant", "content": "您好！"},
        ]
    }
    assert result.dataset.examples[0].extras == {"id": "a1"}
    assert result.dataset.examples[0].source_row == 1


def test_preview_dataset_gives_the_first_examples(tmp_path: Path) -> None:
    lines = [json.dumps({"prompt": f"p{i}", "completion": "c"}) for i in range(500)]
    lines[3] = "{bad"
    path = write_text(tmp_path / "big.jsonl", "\n".join(lines) + "\n")
    preview = preview_dataset(path, rows=20)
    assert [e.source_row for e in preview.dataset][:5] == [1, 2, 3, 5, 6]
    assert len(preview.dataset) == 20 and [p.row for p in preview.problems] == [4]
    xlsx = write_xlsx(
        tmp_path / "t.xlsx", {"S": [["问题", "回答"]] + [[f"q{i}", f"a{i}"] for i in range(50)]}
    )
    table_preview = preview_dataset(xlsx, rows=10)
    assert [e.record for e in table_preview.dataset] == [e.record for e in open_dataset(xlsx).dataset][:10]
    array = write_text(tmp_path / "a.json", json.dumps([{"prompt": "a", "completion": "b"}] * 30))
    assert len(preview_dataset(array, rows=5).dataset) == 5


def test_jsonl_in_a_legacy_encoding(tmp_path: Path) -> None:
    lines = [json.dumps({"prompt": f"问题{i}", "completion": "回答"}, ensure_ascii=False) for i in range(3)]
    path = write_text(tmp_path / "gbk.jsonl", "\n".join(lines) + "\n", "gbk")
    result = open_dataset(path)
    assert [e.peek()["prompt"] for e in result.dataset] == ["问题0", "问题1", "问题2"]
    assert [e.source_row for e in result.dataset] == [1, 2, 3]
    assert any("GB18030" in n for n in result.notes)


def test_hidden_sheets_are_not_the_default(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {"secret": [["prompt", "completion"], ["no", "no"]], "shown": [["q", "a"], ["yes", "yes"]]},
    )
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["secret"].sheet_state = "hidden"
    workbook.save(path)
    assert read_table(path).sheet == "shown"
    assert preview_table(path).sheet == "shown"
    assert read_table(path, sheet="secret").rows == [["no", "no"]]
    assert list_sheets(write_text(tmp_path / "d.csv", "a,b\n")) == []
