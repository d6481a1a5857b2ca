"""JSON Lines and JSON arrays of records.

A bad line never sinks the file: it becomes a RowProblem with its line number and the good lines
load. JSONL examples keep their raw line (``Example(raw=...)``) so a large file stays close to
its size in memory; every line is still parsed once here, to validate it.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from desktop.core.dataset import Dataset, Example, ExampleKind, JSONObject, detect_kind
from desktop.core.readers.mapping import guess_mapping, table_to_dataset
from desktop.core.readers.model import ColumnMapping, LoadResult, RawTable, RowProblem, UnreadableFileError
from desktop.core.readers.sniff import decode_text, encoding_name, looks_binary, read_head

_KIND_CODES = {None: 0, ExampleKind.PROMPT_COMPLETION: 1, ExampleKind.CHAT: 2, ExampleKind.PREFERENCE: 3}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}
JSON_VALUES_NOTE = "Values that are not text (numbers, lists, objects) shown as JSON"


def shape_problem(record: JSONObject, kind: ExampleKind) -> str | None:
    """Why ``record`` cannot be shown as an example of ``kind``, or None when it can."""
    if kind is ExampleKind.CHAT:
        messages = record.get("messages")
        if not isinstance(messages, list):
            return "“messages” is not a list"
        if not all(isinstance(m, dict) for m in messages):
            return "“messages” holds something that is not a message object"
    elif kind is ExampleKind.PREFERENCE:
        if "input" in record and not isinstance(record["input"], dict):
            return "“input” is not an object with “messages”"
        for key in ("preferred_output", "non_preferred_output"):
            if key in record and not isinstance(record[key], list):
                return f"“{key}” is not a list of messages"
    return None


def _kind_reason(found: ExampleKind | None, wanted: ExampleKind) -> str:
    if found is None:
        return f"it has none of the fields of a {wanted.label.lower()} example"
    return f"it is a {found.label.lower()} example, but the file holds {wanted.label.lower()}"


def _check_not_other_format(path: Path, head: bytes) -> None:
    if not head.strip():
        raise UnreadableFileError(path, "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFileError(
            path, "it is a spreadsheet workbook, not JSON text; rename it to .xlsx and open it again"
        )
    if looks_binary(head):
        raise UnreadableFileError(path, "it holds binary data, not JSON text")


def _line_error(error: ValueError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return (
            f"not valid UTF-8 text (byte {error.start + 1} of the line); JSONL files must be saved as UTF-8"
        )
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg} (column {error.colno})"
    return f"not valid JSON: {error}"


def _scan_lines(
    path: Path, lines: Iterable[tuple[int, bytes]], limit: int | None
) -> tuple[list[bytes], list[int], bytearray, list[RowProblem]]:
    """Validate each line once: (usable raw lines, their numbers, their kind codes, problems)."""
    problems: list[RowProblem] = []
    raws: list[bytes] = []
    line_numbers: list[int] = []
    codes = bytearray()
    loads = json.loads
    for number, line in lines:
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        try:
            value = loads(line.decode("utf-8"))
        except ValueError as error:
            problems.append(RowProblem(path, number, None, _line_error(error)))
            continue
        if not isinstance(value, dict):
            problems.append(RowProblem(path, number, None, "not a JSON object (each line must be {…})"))
            continue
        found = detect_kind(value)
        if found is not None and (reason := shape_problem(value, found)) is not None:
            problems.append(RowProblem(path, number, None, reason))
            continue
        raws.append(line)
        line_numbers.append(number)
        codes.append(_KIND_CODES[found])
        if limit is not None and len(raws) >= limit:
            break
    return raws, line_numbers, codes, problems


def read_jsonl(
    path: Path,
    kind: ExampleKind | None = None,
    mapping: ColumnMapping | None = None,
    limit: int | None = None,
) -> LoadResult:
    """``limit`` stops after that many usable lines (a preview)."""
    head = read_head(path)
    _check_not_other_format(path, head)
    notes: list[str] = []
    with open(path, "rb") as stream:
        raws, line_numbers, codes, problems = _scan_lines(path, enumerate(stream, 1), limit)
    if (
        not raws
        and problems
        and all("UTF-8" in p.reason for p in problems if p.reason.startswith("not valid"))
    ):
        # Not one line is UTF-8: a legacy encoding (GBK, Big5, ...). Read it as text and go on.
        text, codec = decode_text(path, path.read_bytes())
        if not codec.startswith("utf"):
            numbered = ((n, line.encode("utf-8")) for n, line in enumerate(text.split("\n"), 1))
            raws, line_numbers, codes, problems = _scan_lines(path, numbered, limit)
            notes.append(f"Read as {encoding_name(codec)} text; saving writes UTF-8")
        del text
    if not raws and not problems:
        raise UnreadableFileError(path, "the file is empty")
    if not raws:
        first = problems[0]
        raise UnreadableFileError(
            path, f"none of its lines is a usable example (line {first.row}: {first.reason})"
        )
    file_kind = kind or _majority_kind(codes)
    if file_kind is None or (mapping is not None):
        # Records of no known kind ({"question": ..., "answer": ...}): read them as a table.
        records: list[tuple[int | None, JSONObject]] = [
            (n, json.loads(raw)) for n, raw in zip(line_numbers, raws, strict=True)
        ]
        del raws
        return _records_as_table(path, records, problems, kind, mapping, "jsonl")
    wanted = _KIND_CODES[file_kind]
    examples: list[Example] = []
    for raw, number, code in zip(raws, line_numbers, codes, strict=True):
        if code != wanted:
            problems.append(RowProblem(path, number, None, _kind_reason(_CODE_KINDS[code], file_kind)))
            continue
        examples.append(Example(raw=raw, source_row=number))
    del raws
    problems.sort(key=lambda p: p.row or 0)
    dataset = Dataset(file_kind, examples, [], path, "jsonl")
    notes.append(_count_note(len(examples), f"{file_kind.label.lower()} example"))
    if problems:
        notes.append(_count_note(len(problems), "line") + " skipped")
    return LoadResult(dataset, problems, notes, None, None, [])


def _majority_kind(codes: bytearray) -> ExampleKind | None:
    counts = Counter(code for code in codes if code)
    if not counts:
        return None
    return _CODE_KINDS[counts.most_common(1)[0][0]]


def _cell_text(value: object) -> tuple[str, bool]:
    if isinstance(value, str):
        return value, False
    if value is None:
        return "", False
    return json.dumps(value, ensure_ascii=False), True


def _records_as_table(
    path: Path,
    records: list[tuple[int | None, JSONObject]],
    problems: list[RowProblem],
    kind: ExampleKind | None,
    mapping: ColumnMapping | None,
    fmt: str,
) -> LoadResult:
    headers: dict[str, int] = {}
    for _, record in records:
        for key in record:
            if key not in headers:
                headers[key] = len(headers)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    converted = False
    for index, (number, record) in enumerate(records):
        cells = [""] * len(headers)
        for key, value in record.items():
            cells[headers[key]], was_converted = _cell_text(value)
            converted = converted or was_converted
        rows.append(cells)
        row_numbers.append(number if number is not None else index + 1)
    table = RawTable(
        path=path,
        sheet=None,
        headers=list(headers),
        header_row=0,
        rows=rows,
        row_numbers=row_numbers,
        conversions=[JSON_VALUES_NOTE] if converted else [],
        encoding="utf-8",
    )
    chosen = mapping or guess_mapping(table, kind)
    result = table_to_dataset(table, chosen)
    result.problems = sorted(problems + result.problems, key=lambda p: p.row or 0)
    result.dataset.source_format = fmt
    result.notes.insert(
        0, "The records have no prompt/completion, messages or preference fields: read as a table"
    )
    return result


_NEXT_OBJECT = re.compile(r"\n[ \t\r]*\{")


def _line_at(text: str, position: int, cache: list[int]) -> int:
    """1-based line of ``position``; ``cache`` is [last position, its line] for speed."""
    last, line = cache
    line += text.count("\n", last, position)
    cache[0], cache[1] = position, line
    return line


def _array_elements(path: Path, text: str) -> tuple[list[tuple[int, object]], list[RowProblem]]:
    """The elements of a JSON array with their line numbers, skipping over broken elements."""
    decoder = json.JSONDecoder()
    problems: list[RowProblem] = []
    elements: list[tuple[int, object]] = []
    position = text.index("[") + 1
    cache = [0, 1]
    length = len(text)
    whitespace = " \t\r\n"
    while True:
        while position < length and text[position] in whitespace:
            position += 1
        if position >= length:
            problems.append(
                RowProblem(path, _line_at(text, length, cache), None, "the JSON array is not closed")
            )
            break
        if text[position] == "]":
            break
        line = _line_at(text, position, cache)
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            problems.append(RowProblem(path, line, None, f"not valid JSON: {error.msg}"))
            found = _NEXT_OBJECT.search(text, max(error.pos, position + 1))
            if found is None:
                break
            position = found.end() - 1
            continue
        elements.append((line, value))
        position = end
        while position < length and text[position] in whitespace:
            position += 1
        if position < length and text[position] == ",":
            position += 1
        elif position < length and text[position] != "]":
            problems.append(
                RowProblem(path, _line_at(text, position, cache), None, "a comma is missing here")
            )
    return elements, problems


def read_json(
    path: Path, kind: ExampleKind | None = None, mapping: ColumnMapping | None = None
) -> LoadResult:
    head = read_head(path)
    _check_not_other_format(path, head)
    data = path.read_bytes()
    text, _ = decode_text(path, data)
    del data
    start = text.lstrip()[:1]
    if start == "{":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            if error.msg == "Extra data":  # one object per line: JSON Lines under a .json name
                return read_jsonl(path, kind, mapping)
            raise UnreadableFileError(
                path, f"it is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            ) from None
        if detect_kind(value) is not None:
            elements: list[tuple[int, object]] = [(1, value)]
            problems: list[RowProblem] = []
        else:
            lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
            if len(lists) != 1:
                raise UnreadableFileError(
                    path, "it is a JSON object, not a list of examples ([{…}, {…}]) or one example"
                )
            elements, problems = [(index + 1, item) for index, item in enumerate(lists[0])], []
    elif start == "[":
        elements, problems = _array_elements(path, text)
    else:
        raise UnreadableFileError(path, "it is not JSON: it should start with [ (a list of examples)")
    del text
    records: list[tuple[int | None, JSONObject]] = []
    for line, element in elements:
        if isinstance(element, dict):
            records.append((line, element))
        else:
            problems.append(RowProblem(path, line, None, "not a JSON object (each example must be {…})"))
    if not records and not problems:
        raise UnreadableFileError(path, "the list of examples is empty")
    kinds = Counter(k for k in (detect_kind(r) for _, r in records) if k is not None)
    file_kind = kind or (kinds.most_common(1)[0][0] if kinds else None)
    if file_kind is None or mapping is not None:
        return _records_as_table(path, list(records), problems, kind, mapping, "json")
    examples: list[Example] = []
    for record_line, record in records:
        found = detect_kind(record)
        reason = (
            _kind_reason(found, file_kind) if found is not file_kind else shape_problem(record, file_kind)
        )
        if reason is not None:
            problems.append(RowProblem(path, record_line, None, reason))
            continue
        examples.append(Example(record, record_line))
    problems.sort(key=lambda p: p.row or 0)
    notes = [_count_note(len(examples), f"{file_kind.label.lower()} example")]
    if problems:
        notes.append(_count_note(len(problems), "element") + " skipped")
    return LoadResult(Dataset(file_kind, examples, [], path, "json"), problems, notes, None, None, [])


def _count_note(count: int, noun: str) -> str:
    """ "1 chat example", "61 chat examples" (the UI says it in Chinese: desktop/ui/made_messages.py)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
