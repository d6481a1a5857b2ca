"""The first rows of a table, fast, to show while the whole file loads.

python-calamine parses a whole sheet before it gives any row (about a second for 100k rows), so
for xlsx the first rows are streamed straight from the sheet's XML here: shared strings are read
only as far as those rows need, and number formats say which numbers are dates. Other formats
fall back to reading the start of the file (csv/tsv) or the whole table.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, fromstring, iterparse

from desktop.core.dataset import ExampleKind
from desktop.core.readers.cells import FORMULAS, CellConverter
from desktop.core.readers.delimited import read_delimited_text
from desktop.core.readers.mapping import guess_mapping, table_to_dataset
from desktop.core.readers.model import LoadResult, RawTable, UnreadableFileError
from desktop.core.readers.sniff import decode_text, looks_binary, read_head
from desktop.core.readers.spreadsheet import check_container, cut_off_cells
from desktop.core.readers.tables import build_table

PREVIEW_ROWS = 200
CSV_PREVIEW_BYTES = 1 << 20

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_CELL_REF = re.compile(r"([A-Z]+)")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _column_index(reference: str) -> int:
    match = _CELL_REF.match(reference)
    index = 0
    for letter in match.group(1) if match else "A":
        index = index * 26 + ord(letter) - 64
    return index - 1


def _string_item(element: Element) -> str:
    """Text of a shared string or inline string: plain <t>, or rich-text runs; phonetic runs left out."""
    parts = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            for text in child.iter(f"{_MAIN}t"):
                parts.append(text.text or "")
    return _unescape("".join(parts))


class _SharedStrings:
    """Shared strings read lazily, only as far as the indexes asked for."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.strings: list[str] = []
        self._stream: IO[bytes] | None = None
        self._items: Iterator[tuple[str, Element]] | None = None
        if "xl/sharedStrings.xml" in archive.namelist():
            self._stream = archive.open("xl/sharedStrings.xml")
            self._items = iterparse(self._stream, events=("end",))

    def __getitem__(self, index: int) -> str:
        while index >= len(self.strings) and self._items is not None:
            for _, element in self._items:
                if element.tag == f"{_MAIN}si":
                    self.strings.append(_string_item(element))
                    element.clear()
                    if index < len(self.strings):
                        break
            else:
                self._items = None
        return self.strings[index] if index < len(self.strings) else ""

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    if "xl/styles.xml" not in archive.namelist():
        return set()
    root = fromstring(archive.read("xl/styles.xml"))
    custom_dates = set()
    for number_format in root.iter(f"{_MAIN}numFmt"):
        code = _QUOTED.sub("", number_format.get("formatCode", "")).lower()
        if any(part in code for part in ("y", "d", "h", "s")) or ("m" in code and "0" not in code):
            custom_dates.add(int(number_format.get("numFmtId", "-1")))
    dates = set()
    cell_formats = root.find(f"{_MAIN}cellXfs")
    if cell_formats is not None:
        for index, xf in enumerate(cell_formats.iter(f"{_MAIN}xf")):
            number_format_id = int(xf.get("numFmtId", "0"))
            if number_format_id in _BUILTIN_DATE_FORMATS or number_format_id in custom_dates:
                dates.add(index)
    return dates


def _serial_to_date(serial: float, date1904: bool) -> dt.datetime | dt.time:
    if serial < 1 and not date1904:
        moment = dt.datetime(2000, 1, 1) + dt.timedelta(days=serial)
        return moment.time()
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=serial)


def _sheet_parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, bool]], bool]:
    """[(name, path in the archive, visible)] in workbook order, and whether dates count from 1904."""
    workbook = fromstring(archive.read("xl/workbook.xml"))
    relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in relations.iter(f"{_PACKAGE_RELS}Relationship")}
    sheets = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_RELS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((sheet.get("name", ""), part, sheet.get("state", "visible") == "visible"))
    properties = workbook.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "0") in ("1", "true")
    return sheets, date1904


def _sheet_rows(
    archive: zipfile.ZipFile,
    part: str,
    limit: int,
    shared: _SharedStrings,
    date_styles: set[int],
    date1904: bool,
    converter: CellConverter,
) -> tuple[list[list[str]], int, bool]:
    """Up to ``limit`` rows from the first row with data, that row's number, whether there are formulas."""
    rows: list[list[str]] = []
    first_number = 0
    formulas = False
    with archive.open(part) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if element.tag != f"{_MAIN}row":
                continue
            number = int(element.get("r", "0")) or (first_number + len(rows) if first_number else 1)
            cells: list[str] = []
            for cell in element.iter(f"{_MAIN}c"):
                reference = cell.get("r")
                index = _column_index(reference) if reference else len(cells)
                value_type = cell.get("t", "n")
                value_element = cell.find(f"{_MAIN}v")
                raw = value_element.text if value_element is not None else None
                if cell.find(f"{_MAIN}f") is not None:
                    formulas = True
                value: object
                if value_type == "s":
                    value = shared[int(raw)] if raw else ""
                elif value_type == "inlineStr":
                    inline = cell.find(f"{_MAIN}is")
                    value = _string_item(inline) if inline is not None else ""
                elif value_type == "str":
                    value = _unescape(raw or "")
                elif value_type == "e":
                    value = ""  # as python-calamine gives error cells (#DIV/0! ...)
                elif value_type == "b":
                    value = raw == "1"
                elif value_type == "d":
                    value = dt.datetime.fromisoformat(raw) if raw else ""
                elif raw is None:
                    value = ""
                else:
                    number_value = float(raw)
                    if int(cell.get("s", "0")) in date_styles:
                        value = _serial_to_date(number_value, date1904)
                    else:
                        value = number_value
                text = converter.text(value)
                if index >= len(cells):
                    cells.extend([""] * (index - len(cells) + 1))
                cells[index] = text
            element.clear()
            if not rows and not any(c.strip() for c in cells):
                continue
            if not rows:
                first_number = number
            while first_number + len(rows) < number:
                rows.append([])  # rows the sheet leaves out are empty rows
            rows.append(cells)
            if len(rows) >= limit:
                break
    return rows, first_number, formulas


def _xlsx_preview(path: Path, sheet: str | None, rows: int) -> RawTable:
    with zipfile.ZipFile(path) as archive:
        sheets, date1904 = _sheet_parts(archive)
        if sheet is not None:
            chosen = [s for s in sheets if s[0] == sheet]
            if not chosen:
                raise UnreadableFileError(path, f"the workbook has no sheet called “{sheet}”")
        else:
            chosen = [s for s in sheets if s[2]] + [s for s in sheets if not s[2]]
        shared = _SharedStrings(archive)
        try:
            date_styles = _date_styles(archive)
            for name, part, _ in chosen:
                if part not in archive.namelist():
                    continue
                converter = CellConverter()
                limit = rows + 40  # room for title rows above the headers
                found, first_number, formulas = _sheet_rows(
                    archive, part, limit, shared, date_styles, date1904, converter
                )
                if found or sheet is not None:
                    conversions = converter.conversions() + ([FORMULAS] if formulas else [])
                    width = max((len(r) for r in found), default=0)
                    first_column = min(
                        (
                            next(i for i, c in enumerate(r) if c.strip())
                            for r in found
                            if any(c.strip() for c in r)
                        ),
                        default=0,
                    )
                    trimmed = [r[first_column:width] for r in found]
                    table = build_table(
                        path,
                        name,
                        trimmed,
                        first_row_number=first_number or 1,
                        first_column=first_column,
                        conversions=conversions,
                    )
                    table = _truncated(table, rows)
                    table.problems.extend(cut_off_cells(table))
                    return table
        finally:
            shared.close()
    raise UnreadableFileError(path, "every sheet of the workbook is empty")


def _truncated(table: RawTable, rows: int) -> RawTable:
    table.rows = table.rows[:rows]
    table.row_numbers = table.row_numbers[:rows]
    return table


def _delimited_preview(path: Path, fmt: str, rows: int) -> RawTable:
    head = read_head(path, CSV_PREVIEW_BYTES)
    if looks_binary(head[:4096]) or head.startswith(b"PK\x03\x04"):
        raise UnreadableFileError(path, "it is not a text file")
    complete = len(head) < CSV_PREVIEW_BYTES
    if not complete:
        head = head[: head.rfind(b"\n") + 1] or head
    text, codec = decode_text(path, head)
    table = read_delimited_text(path, fmt, text, codec)
    if not complete and len(table.rows) > 1:
        table.rows.pop()  # the last row may be cut inside a quoted cell
        table.row_numbers.pop()
    return _truncated(table, rows)


def preview_dataset(
    path: Path,
    rows: int = PREVIEW_ROWS,
    *,
    sheet: str | None = None,
    kind: ExampleKind | None = None,
) -> LoadResult:
    """The first ``rows`` examples of any supported file, to show while open_dataset reads it all.

    JSONL stops reading after ``rows`` usable lines; tables use preview_table and the guessed
    mapping; a .json array is read whole (it has to be parsed whole anyway).
    """
    from desktop.core.readers.jsonfiles import read_jsonl
    from desktop.core.readers.opening import file_format, open_dataset

    path = Path(path)
    fmt = file_format(path)
    if fmt == "jsonl":
        result = read_jsonl(path, kind, limit=rows)
    elif fmt == "json":
        result = open_dataset(path, kind=kind)
        del result.dataset.examples[rows:]
    else:
        table = preview_table(path, sheet, rows)
        result = table_to_dataset(table, guess_mapping(table, kind))
        result.dataset.source_format = fmt
    result.notes.insert(0, f"Preview: the first {len(result.dataset)} rows")
    return result


def preview_table(path: Path, sheet: str | None = None, rows: int = PREVIEW_ROWS) -> RawTable:
    """The headers and first ``rows`` rows of a table file, as read_table would give them."""
    from desktop.core.readers.opening import file_format, read_table

    path = Path(path)
    fmt = file_format(path)
    if fmt == "xlsx":
        check_container(path, fmt)
        try:
            return _xlsx_preview(path, sheet, rows)
        except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile):
            pass  # an unusual workbook: the full reader copes or says what is wrong
    elif fmt in ("csv", "tsv"):
        return _delimited_preview(path, fmt, rows)
    return _truncated(read_table(path, sheet), rows)
