"""Workbooks (xlsx, xlsm, xls, ods) through python-calamine, read only."""

from __future__ import annotations

import zipfile
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.i18n import pick
from desktop.core.readers.cells import FORMULAS, CellConverter
from desktop.core.readers.model import RawTable, RowProblem, SheetInfo, UnreadableFileError
from desktop.core.readers.sniff import describe_content, read_head
from desktop.core.readers.tables import build_table

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook

ZIP_MAGIC = b"PK\x03\x04"
EXCEL_CELL_LIMIT = 32_767  # characters in one cell; Excel cuts longer text, calamine too
FORMULA_SCAN_LIMIT = 8 << 20  # uncompressed sheet bytes searched for formulas written without calcChain
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx


def check_container(path: Path, fmt: str) -> None:
    """Fail with a clear message when the bytes are not the workbook the name promises."""
    head = read_head(path)
    if not head:
        raise UnreadableFileError(path, "the file is empty")
    if fmt in ("xlsx", "ods"):
        if head.startswith(OLE_MAGIC) and fmt == "xlsx":
            raise UnreadableFileError(
                path,
                "the workbook is password-protected (encrypted); "
                "save a copy without a password and open that",
            )
        if not head.startswith(ZIP_MAGIC):
            raise UnreadableFileError(
                path, f"it is named .{path.suffix.lstrip('.')} but {describe_content(head)}"
            )
        if not zipfile.is_zipfile(path):
            raise UnreadableFileError(
                path, "the workbook is damaged or incomplete (its zip archive is cut short or broken)"
            )
        other = other_office_document(path, fmt)
        if other is not None:
            raise UnreadableFileError(path, other)
    elif fmt == "xls" and not (head.startswith(OLE_MAGIC) or head.startswith(ZIP_MAGIC)):
        raise UnreadableFileError(path, f"it is named .xls but {describe_content(head)}")


# What a zip-based Office file really is, by the part only that kind holds: (English, Chinese).
_OFFICE_PARTS = (
    ("word/document.xml", ("a Word document (.docx)", "Word 文档（.docx）")),
    ("ppt/presentation.xml", ("a PowerPoint presentation (.pptx)", "PowerPoint 演示文稿（.pptx）")),
    ("visio/document.xml", ("a Visio drawing (.vsdx)", "Visio 绘图（.vsdx）")),
)
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": (
        "a LibreOffice Writer document (.odt)",
        "LibreOffice Writer 文档（.odt）",
    ),
    "application/vnd.oasis.opendocument.presentation": (
        "a LibreOffice Impress presentation (.odp)",
        "LibreOffice Impress 演示文稿（.odp）",
    ),
    "application/vnd.oasis.opendocument.graphics": (
        "a LibreOffice Draw drawing (.odg)",
        "LibreOffice Draw 绘图（.odg）",
    ),
}


def other_office_document(path: Path, fmt: str) -> str | None:
    """The reason, in the UI's language, when a zip named .xlsx/.ods is another kind of document."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    if (fmt == "xlsx" and "xl/workbook.xml" in names) or (fmt == "ods" and mimetype.endswith("spreadsheet")):
        return None
    what = next((kinds for part, kinds in _OFFICE_PARTS if part in names), None) or _ODF_TYPES.get(mimetype)
    if what is None:
        return None
    english, chinese = what
    return pick(
        f"it is {english}, not a spreadsheet, although its name ends in .{fmt}. Open it in the program "
        "that made it, copy the table into a spreadsheet and save that as .xlsx (or save the data as "
        "CSV), then open the new file here.",
        f"它其实是{chinese}，不是电子表格，虽然文件名以 .{fmt} 结尾。请用创建它的程序打开，把表格复制到"
        "电子表格中另存为 .xlsx（或把数据另存为 CSV），再在这里打开新文件。",
    )


def open_workbook(path: Path, fmt: str) -> CalamineWorkbook:
    from python_calamine import CalamineError, CalamineWorkbook

    check_container(path, fmt)
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
            raise UnreadableFileError(path, "the workbook is password-protected") from None
        raise UnreadableFileError(path, f"the workbook is damaged or not a spreadsheet ({error})") from None


def _load_sheet(path: Path, workbook: CalamineWorkbook, name: str) -> CalamineSheet:
    from python_calamine import CalamineError

    try:
        return workbook.get_sheet_by_name(name)
    except (CalamineError, OSError, ValueError) as error:
        raise UnreadableFileError(path, f"sheet “{name}” is damaged ({error})") from None


def _sheet_info(name: str, sheet: CalamineSheet) -> SheetInfo:
    start = sheet.start
    return SheetInfo(name=name, rows=sheet.height if start is not None else 0, has_data=start is not None)


def _visible_names(workbook: CalamineWorkbook) -> list[str]:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    names = []
    for meta in workbook.sheets_metadata:
        if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible:
            names.append(meta.name)
    return names


def list_workbook_sheets(path: Path, fmt: str) -> list[SheetInfo]:
    workbook = open_workbook(path, fmt)
    try:
        infos = []
        for name in workbook.sheet_names:
            try:
                infos.append(_sheet_info(name, workbook.get_sheet_by_name(name)))
            except Exception:  # a chart sheet or a damaged one: listed, with no data
                infos.append(SheetInfo(name, 0, False))
        return infos
    finally:
        workbook.close()


def _has_formulas(path: Path, fmt: str) -> bool:
    """Whether any sheet holds a formula (calamine gives their cached values; we say so)."""
    if fmt != "xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "xl/calcChain.xml" in names:  # Excel lists every formula cell here
                return True
            for info in archive.infolist():
                if not info.filename.startswith("xl/worksheets/sheet"):
                    continue
                if info.file_size > FORMULA_SCAN_LIMIT:
                    continue  # scanning a huge sheet costs more than the note is worth
                with archive.open(info) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        block = tail + chunk
                        if b"<f>" in block or b"<f " in block or b"<x:f" in block:
                            return True
                        tail = chunk[-8:]
    except (OSError, zipfile.BadZipFile, EOFError):
        return False
    return False


def read_workbook_table(
    path: Path,
    fmt: str,
    sheet: str | None = None,
    header_row: int | None = None,
) -> tuple[RawTable, list[SheetInfo]]:
    """The table on ``sheet`` (default: the first visible sheet with data) and all sheets' info."""
    workbook = open_workbook(path, fmt)
    try:
        names = list(workbook.sheet_names)
        if not names:
            raise UnreadableFileError(path, "the workbook has no sheets")
        loaded: dict[str, CalamineSheet] = {}
        if sheet is not None:
            if sheet not in names:
                raise UnreadableFileError(path, f"the workbook has no sheet called “{sheet}”")
            chosen = sheet
            loaded[sheet] = _load_sheet(path, workbook, sheet)
        else:
            visible = _visible_names(workbook)
            chosen = ""
            for name in visible + [n for n in names if n not in visible]:
                try:
                    loaded[name] = _load_sheet(path, workbook, name)
                except UnreadableFileError:
                    continue
                if loaded[name].start is not None:
                    chosen = name
                    break
            if not chosen:
                raise UnreadableFileError(path, "every sheet of the workbook is empty")
        data_sheet = loaded[chosen]
        infos = []
        for name in names:
            if name not in loaded:
                try:
                    loaded[name] = workbook.get_sheet_by_name(name)
                except Exception:
                    infos.append(SheetInfo(name, 0, False))
                    continue
            infos.append(_sheet_info(name, loaded[name]))
        table = sheet_table(path, chosen, data_sheet, header_row)
        if _has_formulas(path, fmt):
            table.conversions.append(FORMULAS)
        return table, infos
    finally:
        workbook.close()


def sheet_table(path: Path, name: str, sheet: CalamineSheet, header_row: int | None = None) -> RawTable:
    start = sheet.start
    if start is None:
        return build_table(path, name, [], header_row=header_row)
    try:
        values: list[list[Any]] = sheet.to_python(skip_empty_area=True)
    except Exception as error:  # calamine raises its own types for cells it cannot decode
        raise UnreadableFileError(path, f"sheet “{name}” is damaged ({error})") from None
    converter = CellConverter()
    # Most sheets of examples are all text: then calamine's lists are used as they are.
    if set(map(type, chain.from_iterable(values))) <= {str}:
        rows: list[list[str]] = values
    else:
        rows = [converter.row(row) for row in values]
    table = build_table(
        path,
        name,
        rows,
        first_row_number=start[0] + 1,
        first_column=start[1],
        conversions=converter.conversions(),
        header_row=header_row,
    )
    table.problems.extend(cut_off_cells(table))
    return table


def cut_off_cells(table: RawTable) -> list[RowProblem]:
    """Cells as long as a spreadsheet cell can be: their text was probably cut off."""
    found: list[RowProblem] = []
    # One C-level pass over every cell first: almost no sheet has such a cell.
    if max(map(len, chain.from_iterable(table.rows)), default=0) < EXCEL_CELL_LIMIT:
        return found
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if max(map(len, row), default=0) >= EXCEL_CELL_LIMIT:
            for index, cell in enumerate(row):
                if len(cell) >= EXCEL_CELL_LIMIT:
                    reason = (
                        f"this cell has {len(cell):,} characters, the most a spreadsheet cell holds: "
                        "its text was probably cut off (keep long examples in JSONL)"
                    )
                    found.append(RowProblem(table.path, number, table.headers[index], reason))
    return found
