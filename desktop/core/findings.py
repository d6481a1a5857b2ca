"""What the data checks report: findings (severity, message in English and Chinese, rows, fix)
and the summary of a data set (examples, tokens, histogram, cost and time estimate).

Plain data, no Qt: the wizard's findings page and the editor both show these directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.cost import CostEstimate


class Severity(StrEnum):
    ERROR = "error"  # training is blocked until it is fixed
    WARNING = "warning"  # probably hurts the result or wastes money
    INFO = "info"  # worth knowing

    @property
    def rank(self) -> int:
        return {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}[self]


class FixId(StrEnum):
    """The fixes of desktop.core.fixes (see ``fixes.get_fix``)."""

    REMOVE_EMPTY = "remove_empty"
    REMOVE_DUPLICATES = "remove_duplicates"
    REMOVE_NEAR_DUPLICATES = "remove_near_duplicates"
    TRIM_WHITESPACE = "trim_whitespace"
    NORMALISE_LINE_ENDINGS = "normalise_line_endings"
    REMOVE_CONTROL_CHARACTERS = "remove_control_characters"
    TO_CHAT = "to_chat"
    TO_PROMPT_COMPLETION = "to_prompt_completion"
    ADD_SEPARATOR = "add_separator"
    REMOVE_SEPARATOR = "remove_separator"
    ADD_ENDING = "add_ending"
    REMOVE_ENDING = "remove_ending"
    ADD_LEADING_SPACE = "add_leading_space"
    REMOVE_PROMPT_PREFIX = "remove_prompt_prefix"
    REMOVE_COMPLETION_PREFIX = "remove_completion_prefix"
    LOWERCASE = "lowercase"
    DROP_LONG = "drop_long"
    TRUNCATE_LONG = "truncate_long"
    SPLIT_VALIDATION = "split_validation"


@dataclass(frozen=True)
class Finding:
    """One problem or fact about the data.

    ``rows`` are indexes into ``dataset.examples`` (not file rows: ``Example.source_row`` gives the
    row the user knows). ``fix`` names the fix that resolves it, if any; ``params`` carries what the
    fix needs to know (e.g. the separator that was found or suggested).
    """

    code: str
    severity: Severity
    message_en: str
    message_zh: str
    rows: list[int] = field(default_factory=list)
    fix: FixId | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return self.message_zh if lang.lower().startswith("zh") else self.message_en

    @property
    def blocks_training(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass(frozen=True)
class HistogramBin:
    start: int  # tokens, inclusive
    end: int  # tokens, exclusive
    count: int


@dataclass
class Summary:
    examples: int = 0
    train_examples: int = 0
    validation_examples: int = 0
    encoding: str = "o200k_base"
    total_tokens: int = 0
    min_tokens: int = 0
    max_tokens: int = 0
    mean_tokens: float = 0.0
    median_tokens: int = 0
    p90_tokens: int = 0
    histogram: list[HistogramBin] = field(default_factory=list)
    token_limit: int | None = None
    over_limit: int = 0
    tokens_per_example: list[int] = field(default_factory=list)  # same order as dataset.examples
    estimate: CostEstimate | None = None


@dataclass
class Analysis:
    findings: list[Finding]
    summary: Summary

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def blocks_training(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def by_code(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.rows[0] if f.rows else -1, f.code))


def rows_text(rows: list[int], dataset_rows: list[int | None] | None = None, limit: int = 8) -> str:
    """Rows as the user knows them (1-based, or the source file's rows), shortened: "2, 5, 9 and 41 more"."""
    shown = []
    for index in rows[:limit]:
        source = dataset_rows[index] if dataset_rows is not None else None
        shown.append(str(source if source is not None else index + 1))
    text = ", ".join(shown)
    if len(rows) > limit:
        text += f" (+{len(rows) - limit})"
    return text
