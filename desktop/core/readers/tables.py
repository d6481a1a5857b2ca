"""Rows of text cells to a RawTable: find the header row, name the columns, drop empty rows."""

from __future__ import annotations

from pathlib import Path

from desktop.core.readers.mapping import is_known_header
from desktop.core.readers.model import RawTable

HEADER_SEARCH_ROWS = 30  # the header row is looked for among this many rows at the top


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": the spreadsheet's own column names."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def find_header_row(rows: list[list[str]]) -> int | None:
    """Index of the header row among ``rows``, or None when the table starts with data.

    The row with the most recognised column names wins (title rows above it are skipped); without
    any, the first row about as wide as the table, unless its cells read like data (long text).
    """
    top = rows[:HEADER_SEARCH_ROWS]
    best_index, best_score = None, 0
    for index, row in enumerate(top):
        score = sum(1 for cell in row if cell and len(cell) < 60 and is_known_header(cell))
        if score > best_score:
            best_index, best_score = index, score
    if best_index is not None:
        return best_index
    widest = max((_filled(row) for row in top), default=0)
    if widest == 0:
        return None
    for index, row in enumerate(top):
        if _filled(row) >= widest - widest // 4:
            if any(len(cell) > 60 or "\n" in cell for cell in row):
                return None
            return index
    return None


def build_table(
    path: Path,
    sheet: str | None,
    rows: list[list[str]],
    *,
    first_row_number: int = 1,
    first_column: int = 0,
    conversions: list[str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
) -> RawTable:
    """A RawTable from text rows; ``rows[0]`` is source row ``first_row_number``.

    ``header_row`` (1-based source row, 0 for none) overrides the header search.
    """
    notes: list[str] = []
    if header_row is None:
        found = find_header_row(rows)
        header_index = -1 if found is None else found
    elif header_row == 0:
        header_index = -1
    else:
        header_index = header_row - first_row_number
        if not 0 <= header_index < len(rows):
            raise ValueError(f"row {header_row} is not in the table")
    width = max((len(row) for row in rows), default=0)
    header_cells = rows[header_index] if header_index >= 0 else []
    data_start = header_index + 1
    if header_index < 0:
        data_start = next((i for i, row in enumerate(rows) if _filled(row)), len(rows))
        notes.append("No header row found: columns are named by letter")
    else:
        skipped = [first_row_number + i for i in range(header_index) if _filled(rows[i])]
        if skipped:
            notes.append(
                f"Headers are on row {first_row_number + header_index}; "
                + (f"{len(skipped)} row above it" if len(skipped) == 1 else f"{len(skipped)} rows above them")
                + " skipped (titles)"
            )
    body = rows[data_start:]

    # Keep a column when it has a name or any data; name unnamed ones by letter.
    has_data = [False] * width
    unknown = list(range(width))  # columns not yet seen with data; most are found in the first rows
    for row in body:
        if not unknown:
            break
        now_filled = [i for i in unknown if i < len(row) and row[i] and not row[i].isspace()]
        if now_filled:
            for i in now_filled:
                has_data[i] = True
            unknown = [i for i in unknown if not has_data[i]]
    keep = [i for i in range(width) if has_data[i] or (i < len(header_cells) and header_cells[i].strip())]
    headers: list[str] = []
    seen: dict[str, int] = {}
    for i in keep:
        name = header_cells[i].strip() if i < len(header_cells) else ""
        if not name:
            name = f"Column {column_letter(first_column + i)}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)

    table_rows: list[list[str]] = []
    row_numbers: list[int] = []
    all_columns = keep == list(range(width))
    first_data_number = first_row_number + data_start
    strip = str.strip
    for offset, row in enumerate(body):
        if not any(map(strip, row)):
            continue  # an empty row
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if not all_columns:
            row = [row[i] for i in keep]
        table_rows.append(row)
        row_numbers.append(first_data_number + offset)
    return RawTable(
        path=path,
        sheet=sheet,
        headers=headers,
        header_row=first_row_number + header_index if header_index >= 0 else 0,
        rows=table_rows,
        row_numbers=row_numbers,
        conversions=conversions or [],
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )
