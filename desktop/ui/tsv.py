"""Tab-separated text as Excel and LibreOffice put it on (and take it from) the clipboard.

A cell that holds a tab, a line break or starts with a double quote is wrapped in double quotes,
with its quotes doubled; everything else is written as is. Rows end with a line break.
"""

from __future__ import annotations


def _quote(cell: str) -> str:
    if "\t" in cell or "\n" in cell or "\r" in cell or cell.startswith('"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def to_tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(_quote(cell) for cell in row) + "\n" for row in rows)


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from clipboard text (\\n, \\r\\n or \\r line ends; Excel's quoting)."""
    rows: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            # A quoted cell: runs to the quote that is not doubled.
            j = i + 1
            parts: list[str] = []
            closed = False
            while j < n:
                k = text.find('"', j)
                if k < 0:
                    break
                parts.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    parts.append('"')
                    j = k + 2
                    continue
                j = k + 1
                closed = True
                break
            end = j
            if closed and (end >= n or text[end] in "\t\r\n"):
                row.append("".join(parts))
                i = end
            else:
                # Not a well-formed quoted cell: take it literally up to the next separator.
                stop = _next_separator(text, i)
                row.append(text[i:stop])
                i = stop
        else:
            stop = _next_separator(text, i)
            row.append(text[i:stop])
            i = stop
        if i >= n:
            break
        if text[i] == "\t":
            i += 1
            if i >= n:
                row.append("")
            continue
        # A line break ends the row.
        i += 2 if text.startswith("\r\n", i) else 1
        rows.append(row)
        row = []
    if row:
        rows.append(row)
    return rows


def _next_separator(text: str, start: int) -> int:
    positions = [p for p in (text.find(c, start) for c in "\t\r\n") if p >= 0]
    return min(positions) if positions else len(text)
