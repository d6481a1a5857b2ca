"""Saving data sets: JSONL for training, JSON, CSV and XLSX for people. Every write is atomic.

CSV/XLSX hold one row per example with the kind's columns, then the extra columns. A chat or
preference example that plain columns cannot hold exactly (several turns, tool calls, weights,
names) is written as JSON in its cells instead, and the readers turn it back into the same record.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, cast

from desktop.core.atomic import atomic_write as atomic_file
from desktop.core.dataset import Dataset, ExampleKind, JSONObject, Split

SAVE_FORMATS = ("jsonl", "json", "csv", "tsv", "xlsx")
EXCEL_CELL_LIMIT = 32_767  # characters; Excel and other readers cut longer cells off
EXCEL_MAX_ROWS = 1_048_576  # rows in one sheet, the header row included


@dataclass
class SaveResult:
    path: Path
    rows: int
    backup_path: Path | None
    warnings: list[str] = field(default_factory=list)


# --- Atomic writes ---------------------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` all or nothing through :func:`desktop.core.atomic.atomic_write` (fsync of the
    file and its folder, mode kept). If ``write`` fails, the old file is untouched."""
    with atomic_file(Path(path), "wb") as stream:
        write(cast(BinaryIO, stream))


def backup_path_for(path: Path, now: datetime | None = None) -> Path:
    """A free name next to ``path``: data.backup-20261125-094500.xlsx (same suffix, so it opens)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.backup-{stamp}-{counter}{path.suffix}")
        counter += 1
    return candidate


def make_backup(path: Path) -> Path | None:
    """Copy ``path`` (when it exists) to a backup next to it, synced to disk; the backup's path."""
    if not path.exists():
        return None
    backup = backup_path_for(path)

    def copy(stream: BinaryIO) -> None:
        with open(path, "rb") as source:
            shutil.copyfileobj(source, stream, 1 << 20)

    atomic_write(backup, copy)
    return backup


# --- Records to rows ------------------------------------------------------------------------------


# One encoder for every record: json.dumps(..., ensure_ascii=False) builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def dataset_to_jsonl_bytes(dataset: Dataset, split: Split | None = None) -> bytes:
    """The training file: UTF-8, one JSON object per line, non-ASCII kept as is."""
    return "".join(_dumps(record) + "\n" for record in dataset.records(split)).encode("utf-8")


def _plain_message(message: object, role: str) -> bool:
    return (
        isinstance(message, dict)
        and set(message) == {"role", "content"}
        and message["role"] == role
        and isinstance(message["content"], str)
    )


def chat_fits_columns(record: JSONObject) -> bool:
    """Whether system/user/assistant columns hold ``record`` (else it is saved as JSON).

    Exactly, but for an empty system message: an empty System cell reads back as no system
    message, which trains the same; it is not worth turning the whole file into JSON cells.
    """
    if set(record) != {"messages"} or not isinstance(record["messages"], list):
        return False
    messages = record["messages"]
    if messages and _plain_message(messages[0], "system"):
        messages = messages[1:]
    return (
        len(messages) == 2
        and _plain_message(messages[0], "user")
        and _plain_message(messages[1], "assistant")
    )


def preference_fits_columns(record: JSONObject) -> bool:
    if set(record) != {"input", "preferred_output", "non_preferred_output"}:
        return False
    inp = record["input"]
    if not isinstance(inp, dict) or set(inp) != {"messages"} or not isinstance(inp["messages"], list):
        return False
    messages = inp["messages"]
    if messages and _plain_message(messages[0], "system"):
        messages = messages[1:]
    if len(messages) != 1 or not _plain_message(messages[0], "user"):
        return False
    for key in ("preferred_output", "non_preferred_output"):
        output = record[key]
        if not isinstance(output, list) or len(output) != 1 or not _plain_message(output[0], "assistant"):
            return False
    return True


def _system_text(messages: list[JSONObject]) -> str:
    return messages[0]["content"] if messages and messages[0].get("role") == "system" else ""


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else _dumps(value)


def table_rows(dataset: Dataset, split: Split | None = None) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of text cells for CSV/XLSX; the readers map these headers back."""
    examples = [e for e in dataset.examples if split is None or e.split is split]
    records = [e.peek() for e in examples]
    kind = dataset.kind
    if kind is ExampleKind.PROMPT_COMPLETION:
        headers = ["prompt", "completion"]
        body = [[_text(r.get("prompt")), _text(r.get("completion"))] for r in records]
        other_keys = _other_keys(records, ("prompt", "completion"))
        headers += other_keys
        for row, record in zip(body, records, strict=True):
            row.extend(_text(record.get(key)) if key in record else "" for key in other_keys)
    elif kind is ExampleKind.CHAT:
        if all(chat_fits_columns(r) for r in records):
            headers = ["system", "user", "assistant"]
            body = []
            for record in records:
                messages = record["messages"]
                body.append([_system_text(messages), messages[-2]["content"], messages[-1]["content"]])
        else:
            other_keys = _other_keys(records, ("messages",))
            headers = ["messages", *other_keys]
            body = [
                [_dumps(r.get("messages", []))] + [_dumps(r[key]) if key in r else "" for key in other_keys]
                for r in records
            ]
    else:
        if all(preference_fits_columns(r) for r in records):
            headers = ["system", "input", "preferred_output", "non_preferred_output"]
            body = []
            for record in records:
                messages = record["input"]["messages"]
                body.append(
                    [
                        _system_text(messages),
                        messages[-1]["content"],
                        record["preferred_output"][0]["content"],
                        record["non_preferred_output"][0]["content"],
                    ]
                )
        else:
            headers = ["input", "preferred_output", "non_preferred_output"]
            body = [[_dumps(r.get(key, {} if key == "input" else [])) for key in headers] for r in records]
    extra_headers = _unique_names(dataset.extra_columns, set(headers))
    for row, example in zip(body, examples, strict=True):
        row.extend(example.extras.get(name, "") for name in dataset.extra_columns)
    return headers + extra_headers, body


def _other_keys(records: Iterable[JSONObject], known: tuple[str, ...]) -> list[str]:
    keys: dict[str, None] = {}
    for record in records:
        for key in record:
            if key not in known:
                keys.setdefault(key, None)
    return list(keys)


def _unique_names(names: list[str], taken: set[str]) -> list[str]:
    unique = []
    for name in names:
        candidate, counter = name, 2
        while candidate in taken:
            candidate = f"{name} ({counter})"
            counter += 1
        taken.add(candidate)
        unique.append(candidate)
    return unique


# --- Formats --------------------------------------------------------------------------------------


def _write_jsonl(dataset: Dataset, split: Split | None) -> Callable[[BinaryIO], None]:
    def write(stream: BinaryIO) -> None:
        buffer: list[str] = []
        for record in dataset.records(split):
            buffer.append(_dumps(record))
            if len(buffer) >= 2000:
                stream.write(("\n".join(buffer) + "\n").encode("utf-8"))
                buffer.clear()
        if buffer:
            stream.write(("\n".join(buffer) + "\n").encode("utf-8"))

    return write


def _write_json(dataset: Dataset, split: Split | None) -> Callable[[BinaryIO], None]:
    # One example per line inside the array: readable, diffable, and a reader can resync on it.
    def write(stream: BinaryIO) -> None:
        stream.write(b"[\n")
        first = True
        for record in dataset.records(split):
            stream.write((("" if first else ",\n") + _dumps(record)).encode("utf-8"))
            first = False
        stream.write(b"\n]\n")

    return write


def _write_delimited(headers: list[str], rows: list[list[str]], delimiter: str) -> Callable[[BinaryIO], None]:
    def write(stream: BinaryIO) -> None:
        # UTF-8 with a BOM: Excel then reads Chinese text correctly; our reader strips the BOM.
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
        text.flush()
        text.detach()

    return write


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def excel_escape(text: str) -> str:
    """Characters XML cannot hold (and CR, which XML folds into LF) as Excel's _xHHHH_ escapes;
    a literal "_x0041_" gets its underscore escaped so it reads back unchanged."""
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _write_xlsx(headers: list[str], rows: list[list[str]], warnings: list[str]) -> Callable[[BinaryIO], None]:
    def write(stream: BinaryIO) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(XLSX_SHEET_NAME)
        bold = Font(bold=True)

        def cell(text: str, header: bool = False) -> WriteOnlyCell:
            made = WriteOnlyCell(sheet, value=excel_escape(text) if text else None)
            if text:
                made.data_type = "s"  # text that starts with "=" stays text, never a formula
            if header:
                made.font = bold
            return made

        sheet.append([cell(h, header=True) for h in headers])
        too_long = 0
        for row in rows:
            values = []
            for text in row:
                if len(text) > EXCEL_CELL_LIMIT:
                    too_long += 1
                values.append(cell(text) if text else None)
            sheet.append(values)
        if too_long:
            warnings.append(
                f"{too_long} cell(s) are longer than {EXCEL_CELL_LIMIT:,} characters, the most Excel holds; "
                "Excel cuts them off. Save as JSONL to keep them whole."
            )
        workbook.save(stream)

    return write


_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_control_characters(headers: list[str], body: list[list[str]], fmt: str) -> None:
    """CSV and TSV have no escape for control characters. A stray one reads back fine, but NUL or
    many of them near the top make text readers (ours included) take the file for binary data:
    refuse, naming the example, rather than write a file that cannot be opened again."""
    from desktop.core.readers.sniff import looks_binary

    head = "\n".join(",".join(row) for row in [headers, *body[:200]]).encode("utf-8")[:4096]
    everything_nul = any("\x00" in cell for row in body for cell in row)
    if not everything_nul and not looks_binary(head):
        return
    for number, row in enumerate(body, start=1):
        for cell in row:
            found = _CONTROL_CHARACTER.search(cell)
            if found:
                raise ValueError(
                    f"example {number} holds control characters (U+{ord(found.group()):04X}) that a "
                    f"{fmt.upper()} file cannot keep readably; remove them (Find and Replace) or save "
                    "as JSONL or XLSX"
                )


def save_dataset(
    dataset: Dataset,
    path: Path,
    fmt: str | None = None,
    *,
    split: Split | None = None,
    backup: bool = False,
) -> SaveResult:
    """Save ``dataset`` (or one split of it) atomically; ``backup`` first copies the existing file."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt == "xlsm":
        # openpyxl writes no macros, and Excel refuses an .xlsm without them: say so plainly.
        raise ValueError("cannot save as .xlsm (a workbook with macros); save as .xlsx instead")
    if fmt not in SAVE_FORMATS:
        raise ValueError(f"cannot save as “{fmt}”; choose one of {', '.join(SAVE_FORMATS)}")
    warnings: list[str] = []
    writer: Callable[[BinaryIO], None]
    if fmt == "jsonl":
        writer = _write_jsonl(dataset, split)
        rows = sum(1 for e in dataset.examples if split is None or e.split is split)
    elif fmt == "json":
        writer = _write_json(dataset, split)
        rows = sum(1 for e in dataset.examples if split is None or e.split is split)
    else:
        headers, body = table_rows(dataset, split)
        rows = len(body)
        if fmt == "xlsx" and rows + 1 > EXCEL_MAX_ROWS:
            raise ValueError(
                f"{rows:,} examples do not fit in one Excel sheet (at most {EXCEL_MAX_ROWS - 1:,}); "
                "save as JSONL or CSV"
            )
        if fmt == "xlsx":
            writer = _write_xlsx(headers, body, warnings)
        else:
            _refuse_control_characters(headers, body, fmt)
            writer = _write_delimited(headers, body, "\t" if fmt == "tsv" else ",")
    backup_path = make_backup(path) if backup else None
    atomic_write(path, writer)
    return SaveResult(path, rows, backup_path, warnings)


# --- What a save over a spreadsheet changes ------------------------------------------------------

XLSX_SHEET_NAME = "data"  # the one sheet _write_xlsx writes


@dataclass(frozen=True)
class LayoutChange:
    """How saving over an existing CSV/TSV/XLSX changes its shape (columns, sheets)."""

    path: Path
    old_columns: list[str]
    new_columns: list[str]
    old_sheets: list[str] = field(default_factory=list)
    new_sheets: list[str] = field(default_factory=list)

    def describe(self) -> tuple[str, str]:
        """(English, Chinese): what changes, for the question asked before saving."""
        english: list[str] = []
        chinese: list[str] = []
        if self.old_columns != self.new_columns:
            old = ", ".join(self.old_columns) or "—"
            new = ", ".join(self.new_columns) or "—"
            english.append(f"The columns change from [{old}] to [{new}].")
            chinese.append(f"列将从 [{old}] 变为 [{new}]。")
        if self.old_sheets != self.new_sheets:
            old = ", ".join(self.old_sheets) or "—"
            new = ", ".join(self.new_sheets)
            english.append(f"The workbook's sheets change from [{old}] to [{new}].")
            chinese.append(f"工作簿的工作表将从 [{old}] 变为 [{new}]。")
        return " ".join(english), "".join(chinese)


def _existing_layout(path: Path, fmt: str) -> tuple[list[str], list[str]] | None:
    """(header cells, sheet names) of the file now at ``path``; None when it cannot be read."""
    try:
        if fmt == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                sheets = list(workbook.sheetnames)
                header: list[str] = []
                for name in sheets:
                    for row in workbook[name].iter_rows(values_only=True):
                        cells = ["" if v is None else str(v) for v in row]
                        while cells and not cells[-1]:
                            cells.pop()
                        if cells:
                            header = cells
                            break
                    if header:
                        break
            finally:
                workbook.close()
            return header, sheets
        with open(path, encoding="utf-8-sig", newline="") as stream:
            first = next(csv.reader(stream, delimiter="\t" if fmt == "tsv" else ","), [])
        return [cell for cell in first], []
    except (OSError, ValueError, KeyError, UnicodeDecodeError, csv.Error, zipfile.BadZipFile):
        return None


def layout_change(dataset: Dataset, path: Path, fmt: str | None = None) -> LayoutChange | None:
    """What saving ``dataset`` over the spreadsheet at ``path`` would change, or None if nothing.

    A save that changes a spreadsheet's columns or sheets is asked about first (and the version it
    replaces kept as a backup); one that keeps its shape is not. A file that cannot be read is
    reported as a change: better to ask once too often than overwrite it unasked.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in ("csv", "tsv", "xlsx") or not path.exists():
        return None
    new_columns, _rows = table_rows(dataset)
    new_sheets = [XLSX_SHEET_NAME] if fmt == "xlsx" else []
    existing = _existing_layout(path, fmt)
    if existing is None:
        return LayoutChange(path, [], new_columns, [], new_sheets)
    old_columns, old_sheets = existing
    if old_columns == new_columns and old_sheets == new_sheets:
        return None
    return LayoutChange(path, old_columns, new_columns, old_sheets, new_sheets)


__all__ = [
    "SAVE_FORMATS",
    "LayoutChange",
    "SaveResult",
    "atomic_write",
    "backup_path_for",
    "dataset_to_jsonl_bytes",
    "layout_change",
    "make_backup",
    "save_dataset",
    "table_rows",
]
