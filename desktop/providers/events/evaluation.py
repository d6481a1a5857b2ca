"""Progress of asking a model rows of questions (golden answers, comparisons, batch evaluation)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowsCounted:
    """The work asks this many rows in all (sent once, before the first answer)."""

    total: int


@dataclass(frozen=True)
class RowAnswered:
    """One row's answer from one model arrived (and is recorded in the run)."""

    row_index: int
    model: str


@dataclass(frozen=True)
class RetryWait:
    """The provider asked to wait (a rate limit, a passing failure): sending again in ``seconds``."""

    message: str  # why, in the user's language
    seconds: float


@dataclass(frozen=True)
class ComparisonStarted:
    """``model`` is now being compared with golden answers."""

    model: str


# What asking the rows reports (run_evaluation), and everything of this family.
AnswerEvent = RowAnswered | RetryWait
EvaluationEvent = RowsCounted | RowAnswered | RetryWait | ComparisonStarted
