import math
import random

import pytest

from desktop.core.scoring import (
    AnswerScore,
    levenshtein,
    normalise,
    score_answer,
    similarity,
    summarise,
)


def reference_levenshtein(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("", "", 0),
        ("abc", "", 3),
        ("", "帅", 1),
        ("kitten", "sitting", 3),
        ("flaw", "lawn", 2),
        ("帅，非常帅", "帅,非常帅", 1),
        ("帅，非常帅", "很帅", 4),
    ],
)
def test_levenshtein_known_values(first: str, second: str, distance: int) -> None:
    assert levenshtein(first, second) == distance
    assert levenshtein(second, first) == distance


def test_levenshtein_agrees_with_the_textbook_algorithm() -> None:
    generator = random.Random(6)
    alphabet = "ab帅非常,， "
    for _ in range(400):
        first = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 90)))
        second = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 90)))
        assert levenshtein(first, second) == reference_levenshtein(first, second), (first, second)


def test_levenshtein_on_long_texts_wider_than_a_machine_word() -> None:
    first = "你觉得orangbus怎么样" * 40
    second = first.replace("怎么样", "如何")
    assert levenshtein(first, second) == reference_levenshtein(first, second) == 40 * 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("帅，非常帅。", "帅非常帅"),
        ("帅, 非常帅", "帅非常帅"),
        ("  Hello,   World!  ", "hello world"),
        ("ＡＢＣ　ｄｅｆ", "abc def"),  # full-width letters and ideographic space
        ("“引号”《书名》、顿号", "引号书名顿号"),
        ("Straße", "strasse"),
        ("a,b", "a b"),
        ("...", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_score_answer_levels() -> None:
    assert score_answer("帅，非常帅", "帅，非常帅\n") == AnswerScore(True, True, 1.0)
    lenient = score_answer("帅，非常帅", "帅, 非常帅。")
    assert not lenient.exact and lenient.normalised
    assert lenient.similarity == pytest.approx(1 - 3 / 7)
    wrong = score_answer("帅，非常帅", "不知道")
    assert not wrong.exact and not wrong.normalised
    assert wrong.similarity == 0.0


def test_similarity_bounds() -> None:
    assert similarity("", "") == 1.0
    assert similarity("abc", "") == 0.0
    assert similarity("abcd", "abcf") == pytest.approx(0.75)


def test_summarise_counts_errors_apart() -> None:
    scores = [score_answer("a", "a"), score_answer("a", "A"), score_answer("ab", "xy"), None]
    summary = summarise(scores, rows=5, errors=1)
    assert summary.answered == 3
    assert summary.exact_matches == 1
    assert summary.normalised_matches == 2
    assert summary.exact_rate == pytest.approx(1 / 3)
    assert summary.normalised_rate == pytest.approx(2 / 3)
    assert summary.mean_similarity == pytest.approx((1.0 + 0.0 + 0.0) / 3)
    assert summary.pending == 1
    empty = summarise([], rows=2)
    assert math.isnan(empty.exact_rate) and math.isnan(empty.mean_similarity)


def test_score_round_trips_through_json() -> None:
    score = score_answer("帅，非常帅", "帅")
    assert AnswerScore.from_json(score.to_json()) == score
