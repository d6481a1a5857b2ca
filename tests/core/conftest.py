"""Helpers that write real files (good and bad) for the reader and writer tests."""

from __future__ import annotations

import base64
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A real workbook through openpyxl; sheet order as given; cells may be numbers, dates, "=formulas"."""
    workbook = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_ods(path: Path, rows: Sequence[Sequence[str | float]], sheet: str = "Sheet1") -> Path:
    """A minimal but valid OpenDocument spreadsheet written by hand (no odf library needed)."""

    def cell(value: str | float) -> str:
        if isinstance(value, str):
            kind, text = 'office:value-type="string"', escape(value)
        else:
            kind, text = f'office:value-type="float" office:value="{value}"', str(value)
        return f"<table:table-cell {kind}><text:p>{text}</text:p></table:table-cell>"

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(path: Path) -> tuple[bytes, int]:
    """The bytes and modification time of a file, to prove that opening it wrote nothing."""
    return path.read_bytes(), path.stat().st_mtime_ns


# A real Excel 97-2003 .xls (BIFF8) written by xlwt 1.3.0, stored here compressed so that the tests
# need no xls writer: sheet "封面" is empty; sheet "数据" holds the rows
#   问题 | 回答 | 日期
#   你觉得orangbus怎么样 | 帅，非常帅 | 2024-05-01 (a date cell)
#   1+1 | 2.0 | 2024-05-02
_LEGACY_XLS = (
    "eNrtWEtIlFEU/u6d+XUcxnGcxkADEyErHwtpkRudCks3PorohYzPwcKYkckWPSjLXLQIgihN2gi2aGO16UEFtQgMAqMWQVCM"
    "RasgCApaqH/nnPnH1BQcMMn4v+Gee+6595v//vfccx//q/Hs+PDdvAnMQxUcmDYzkDbLpihlJAs+UL1psprMXZRMG6sKGS5y"
    "ZJqBR5kv09mH7O8JaNxxPiMJfKTUhG7URyPhghXEDulDq+I+VConzT2NG5S8yJV++UW2i1wj8ra0fSxym1guiayktnF1COPB"
    "+uIKax4f0IVS5yWpcF8478RSjhyM8Tw+e1kl2hrYHjvSenSVVeQ7PRgBubQmHAnHuJyFm3ADBwlldXVl1dVxBMjdI/hhFgDf"
    "k3H9tMC2r6xdgew/59rTF7G7yInz7Ve0E+iF2aJ4MvfDg1on12ilmtoGuHzaSJS7w5H2STRIkHOi9l+vDg5S9mHf3lOUfQ6v"
    "7/RCtTS8uDjQHEUMrYigE204jmPwttTWbz1sQBkhjxkaqAgZIQcFTEm5m/cFWUd8c9aRTIkuD8kOZImeLTHmo9eYvPXtdV1b"
    "Y7BZLL2ydySwgV8HJs4xg8jeeTtTsTBKRJ6Xf10nep7IAAUA5UWNOZayq0/aXJDaInrOFsGb4MZZ+ibS+7/sfpDf/ym4mfTR"
    "momTgdG3wWEU0o7XQXz+9aFUlaqh64yHwWSurLXovcjcP9alKu3HPVZoVfqN5RszteiYOWbkahszl/ZZfTeto0cWpmTMQOPB"
    "SJR4dNRMSVtjxWy1AFsJ22G1V8LmcTuj3bK/+HHtuRa2XoCthc2R9ER6z2y37ERDxNIJP2MhP9uwYcOGDRs2bPxLUHJuSpwS"
    "+SxkWOfQdOu7zhSlafszyX+LPYjSr4eulDvpqtdDV74TKc2ftTBU8r/UEjnJ74WM/eBrZhddMbkfXSnPXzqJq9nvs2Sib/lC"
    "KNXnT6fSz7/8/F89KA1a"
)


def write_legacy_xls(path: Path) -> Path:
    path.write_bytes(zlib.decompress(base64.b64decode(_LEGACY_XLS)))
    return path
