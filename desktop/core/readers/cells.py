"""Spreadsheet cells to text, the way a person reads them in the spreadsheet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

# What each kind of conversion is called for the user (shown next to the table).
WHOLE_NUMBERS = "Whole numbers shown without decimals (1.0 → 1)"
NUMBERS = "Numbers shown in full (0.1 → 0.1)"
DATES = "Dates shown as 2024-05-01"
DATETIMES = "Dates with times shown as 2024-05-01 13:45"
TIMES = "Times shown as 13:45"
DURATIONS = "Durations shown as hours:minutes:seconds (26:30:00)"
BOOLEANS = "Yes/no cells shown as TRUE / FALSE"
FORMULAS = "Formulas shown as their last calculated values"


def number_text(value: float) -> str:
    """1.0 -> "1", 0.1 -> "0.1", 1e-05 -> "0.00001": the shortest text that reads back the same."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _clock(hour: int, minute: int, second: int) -> str:
    return f"{hour:02d}:{minute:02d}" if second == 0 else f"{hour:02d}:{minute:02d}:{second:02d}"


def _rounded(value: dt.datetime) -> dt.datetime:
    # Spreadsheet times are fractions of a day: 13:45 can come back as 13:44:59.999999.
    if value.microsecond >= 500_000:
        return value.replace(microsecond=0) + dt.timedelta(seconds=1)
    return value.replace(microsecond=0)


class CellConverter:
    """Turns cell values into text and remembers which kinds of conversion it made."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def conversions(self) -> list[str]:
        order = [WHOLE_NUMBERS, NUMBERS, DATES, DATETIMES, TIMES, DURATIONS, BOOLEANS, FORMULAS]
        return [name for name in order if name in self.used]

    def text(self, value: object) -> str:
        # str is by far the most common cell; the caller checks it before calling (speed).
        if isinstance(value, str):
            return value
        if value is None:
            return ""
        if isinstance(value, bool):
            self.used.add(BOOLEANS)
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            self.used.add(WHOLE_NUMBERS if value.is_integer() else NUMBERS)
            return number_text(value)
        if isinstance(value, dt.datetime):
            moment = _rounded(value)
            if moment.time() == dt.time(0, 0):
                self.used.add(DATES)
                return moment.date().isoformat()
            self.used.add(DATETIMES)
            return f"{moment.date().isoformat()} {_clock(moment.hour, moment.minute, moment.second)}"
        if isinstance(value, dt.date):
            self.used.add(DATES)
            return value.isoformat()
        if isinstance(value, dt.time):
            self.used.add(TIMES)
            moment = _rounded(dt.datetime.combine(dt.date(2000, 1, 1), value))
            return _clock(moment.hour, moment.minute, moment.second)
        if isinstance(value, dt.timedelta):
            self.used.add(DURATIONS)
            seconds = round(value.total_seconds())
            sign = "-" if seconds < 0 else ""
            hours, rest = divmod(abs(seconds), 3600)
            return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
        return str(value)

    def row(self, values: list[Any]) -> list[str]:
        if set(map(type, values)) <= {str}:
            return values
        text = self.text
        return [v if type(v) is str else text(v) for v in values]
