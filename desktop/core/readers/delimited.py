"""CSV, TSV and delimited text: encoding, delimiter and quoting detected."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from desktop.core.readers.model import RawTable, UnreadableFileError
from desktop.core.readers.sniff import decode_text, encoding_name, looks_binary, read_head
from desktop.core.readers.tables import build_table

DELIMITERS = (",", "\t", ";", "|")
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "vertical bar"}
SAMPLE_CHARS = 64 * 1024


def _allow_long_fields() -> None:
    # A training example can be far longer than csv's default 128 KiB field limit.
    limit = 2**31 - 1
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _consistency(sample: str, delimiter: str, quotechar: str) -> tuple[int, float]:
    """(the usual number of fields per row, the share of rows that have it)."""
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar))
    except csv.Error:
        return 0, 0.0
    if len(rows) > 1:
        rows = rows[:-1]  # the sample may end inside the last row
    counts = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
    if not counts:
        return 0, 0.0
    fields, rows_with_it = counts.most_common(1)[0]
    return fields, rows_with_it / sum(counts.values())


def detect_dialect(text: str, fmt: str) -> tuple[str, str]:
    """(delimiter, quote character) of delimited ``text``."""
    if fmt == "tsv":
        return "\t", '"'
    sample = text[:SAMPLE_CHARS]
    sniffed_delimiter, quotechar = None, '"'
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS))
        sniffed_delimiter = dialect.delimiter
        if dialect.quotechar in ("'", '"'):
            quotechar = dialect.quotechar
    except csv.Error:
        pass
    best: tuple[bool, float, bool, int] | None = None
    chosen = ","
    for order, delimiter in enumerate(DELIMITERS):
        fields, share = _consistency(sample, delimiter, quotechar)
        if fields < 2:
            continue
        score = (share >= 0.9, share, delimiter == sniffed_delimiter, -order)
        if best is None or score > best:
            best, chosen = score, delimiter
    if (
        quotechar != '"'
        and _consistency(sample, chosen, '"')[1] >= _consistency(sample, chosen, quotechar)[1]
    ):
        quotechar = '"'
    return chosen, quotechar


def read_delimited(
    path: Path, fmt: str, encoding: str | None = None, header_row: int | None = None
) -> RawTable:
    head = read_head(path)
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFileError(
            path, f"it is named .{fmt} but is a spreadsheet workbook; rename it to .xlsx and open it again"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(
            path,
            f"it is named .{fmt} but is an old-style Excel workbook; rename it to .xls and open it again",
        )
    if looks_binary(head):
        raise UnreadableFileError(path, "it holds binary data, not text")
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFileError(path, "the file is empty")
    text, codec = decode_text(path, data, encoding)
    del data
    if not text.strip():
        raise UnreadableFileError(path, "the file is empty")
    return read_delimited_text(path, fmt, text, codec, header_row)


def read_delimited_text(
    path: Path, fmt: str, text: str, codec: str, header_row: int | None = None
) -> RawTable:
    delimiter, quotechar = detect_dialect(text, fmt)
    _allow_long_fields()
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar))
    except csv.Error as error:
        raise UnreadableFileError(path, f"it is not readable as delimited text ({error})") from None
    del text
    table = build_table(path, None, rows, encoding=codec, delimiter=delimiter, header_row=header_row)
    name = DELIMITER_NAMES.get(delimiter, repr(delimiter))
    table.notes.insert(0, f"Read as {encoding_name(codec)} text, {name}-separated")
    return table
