"""Scores for a model's answer against the expected answer, and their aggregate per model.

Three scores, from strict to lenient:

- exact match: the texts are equal once leading and trailing whitespace is removed;
- normalised match: equal after Unicode compatibility folding (full-width to half-width), case
  folding, and removing punctuation (Chinese full-width punctuation included) and whitespace
  differences, so "帅，非常帅。" matches "帅, 非常帅";
- similarity: 1 − (character-level Levenshtein distance / length of the longer text), in [0, 1].

Pure Python, no Qt: the evaluation runner and the test tab's table both use it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerScore:
    exact: bool
    normalised: bool
    similarity: float  # 0.0 (nothing in common) … 1.0 (identical)

    def to_json(self) -> dict[str, object]:
        return {"exact": self.exact, "normalised": self.normalised, "similarity": self.similarity}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AnswerScore:
        similarity = data.get("similarity", 0.0)
        return cls(
            exact=bool(data.get("exact")),
            normalised=bool(data.get("normalised")),
            similarity=float(similarity) if isinstance(similarity, int | float) else 0.0,
        )


def _is_wide(character: str) -> bool:
    # CJK ideographs, kana, hangul and full-width forms: scripts written without spaces between words.
    return unicodedata.east_asian_width(character) in ("W", "F")


def normalise(text: str) -> str:
    """The text folded for a lenient comparison (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Punctuation becomes a word break, so "a,b" and "a b" compare equal.
    spaced = "".join(
        " " if character.isspace() or unicodedata.category(character).startswith("P") else character
        for character in folded
    )
    words = spaced.split()
    if not words:
        return ""
    # Join words with one space, except where either side is a wide (CJK) character: there a
    # space is only a typing habit ("帅 非常帅" == "帅非常帅").
    parts = [words[0]]
    for word in words[1:]:
        if not (_is_wide(parts[-1][-1]) or _is_wide(word[0])):
            parts.append(" ")
        parts.append(word)
    return "".join(parts)


def levenshtein(first: str, second: str) -> int:
    """The number of single-character insertions, deletions and substitutions from one text to the other.

    Bit-parallel (Myers 1999, Hyyrö 2001) on Python integers: one pass over the longer text, each
    step a handful of operations on an integer as wide as the shorter text, so long answers stay fast.
    """
    if len(first) < len(second):
        first, second = second, first
    pattern_length = len(second)
    if pattern_length == 0:
        return len(first)
    match_masks: dict[str, int] = {}
    for position, character in enumerate(second):
        match_masks[character] = match_masks.get(character, 0) | (1 << position)
    all_bits = (1 << pattern_length) - 1
    top_bit = 1 << (pattern_length - 1)
    plus_vertical = all_bits
    minus_vertical = 0
    distance = pattern_length
    for character in first:
        equal = match_masks.get(character, 0)
        crossing_vertical = equal | minus_vertical
        crossing_horizontal = ((((equal & plus_vertical) + plus_vertical) & all_bits) ^ plus_vertical) | equal
        plus_horizontal = (minus_vertical | ~(crossing_horizontal | plus_vertical)) & all_bits
        minus_horizontal = plus_vertical & crossing_horizontal
        if plus_horizontal & top_bit:
            distance += 1
        elif minus_horizontal & top_bit:
            distance -= 1
        plus_horizontal = ((plus_horizontal << 1) | 1) & all_bits
        minus_horizontal = (minus_horizontal << 1) & all_bits
        plus_vertical = (minus_horizontal | ~(crossing_vertical | plus_horizontal)) & all_bits
        minus_vertical = plus_horizontal & crossing_vertical
    return distance


def similarity(expected: str, actual: str) -> float:
    """1 − Levenshtein distance / length of the longer text (two empty texts are identical: 1.0)."""
    expected, actual = expected.strip(), actual.strip()
    longest = max(len(expected), len(actual))
    if longest == 0:
        return 1.0
    return 1.0 - levenshtein(expected, actual) / longest


def score_answer(expected: str, actual: str) -> AnswerScore:
    return AnswerScore(
        exact=expected.strip() == actual.strip(),
        normalised=normalise(expected) == normalise(actual),
        similarity=similarity(expected, actual),
    )


@dataclass(frozen=True)
class ScoreSummary:
    """The aggregate of one model's scores over a run.

    Rates are over the rows that got an answer; rows that failed (``errors``) are counted apart,
    so a model that hit a rate limit on half the rows is not reported as half wrong.
    """

    rows: int  # rows in the run
    answered: int
    errors: int
    exact_matches: int
    normalised_matches: int
    mean_similarity: float  # NaN when nothing was answered

    @property
    def exact_rate(self) -> float:
        return self.exact_matches / self.answered if self.answered else math.nan

    @property
    def normalised_rate(self) -> float:
        return self.normalised_matches / self.answered if self.answered else math.nan

    @property
    def pending(self) -> int:
        return self.rows - self.answered - self.errors


def summarise(scores: Iterable[AnswerScore | None], rows: int, errors: int = 0) -> ScoreSummary:
    """Aggregate the scores of the answered rows (``None`` entries are skipped)."""
    answered = [score for score in scores if score is not None]
    return ScoreSummary(
        rows=rows,
        answered=len(answered),
        errors=errors,
        exact_matches=sum(score.exact for score in answered),
        normalised_matches=sum(score.normalised for score in answered),
        mean_similarity=(
            sum(score.similarity for score in answered) / len(answered) if answered else math.nan
        ),
    )
