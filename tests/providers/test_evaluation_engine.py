"""A batch evaluation over the 10 seed rows against the real local engine: scores, cancel, continue."""

from __future__ import annotations

import threading

import pytest

from desktop.core.dataset import Example
from desktop.core.scoring import score_answer
from desktop.providers.evaluation import (
    EvaluationRow,
    EvaluationRun,
    RunState,
    rows_from_examples,
    run_evaluation,
)
from desktop.providers.events.evaluation import RowAnswered
from desktop.providers.inference import SamplingParameters, request_answer
from tests.support.engine_server import EngineServer
from tests.ui.testtab.seed import ANSWER, QUESTION, SEED_EXAMPLES, FineTuned, fine_tuned_on


@pytest.fixture(scope="session")
def fine_tuned(engine_server: EngineServer) -> FineTuned:
    return fine_tuned_on(engine_server)


def seed_rows() -> list[EvaluationRow]:
    return rows_from_examples([Example(record, number) for number, record in enumerate(SEED_EXAMPLES, 1)])


def test_ten_rows_two_models_give_the_expected_scores(
    engine_server: EngineServer, fine_tuned: FineTuned
) -> None:
    client = engine_server.client()
    rows = seed_rows()
    assert len(rows) == 10
    models = [fine_tuned.model, "tiny-random"]
    run = EvaluationRun(models=models, rows=rows, parameters=SamplingParameters(temperature=0, max_tokens=24))
    arrived: list[tuple[int, str]] = []
    run_evaluation(
        client,
        run,
        concurrency=3,
        progress=lambda event: (
            arrived.append((event.row_index, event.model)) if isinstance(event, RowAnswered) else None
        ),
    )

    assert run.state is RunState.COMPLETE and run.done == 20
    assert sorted(arrived) == sorted((row, model) for row in range(10) for model in models)
    orangbus = next(i for i, row in enumerate(rows) if row.prompt == QUESTION)
    tuned_answer = run.answer(orangbus, fine_tuned.model)
    assert tuned_answer is not None and tuned_answer.text == ANSWER
    assert (
        tuned_answer.score is not None and tuned_answer.score.exact and tuned_answer.score.similarity == 1.0
    )
    base_answer = run.answer(orangbus, "tiny-random")
    assert base_answer is not None and base_answer.score is not None and not base_answer.score.normalised

    # Each score is what the scoring rules give for that answer, and greedy answers are reproducible:
    # asking a row again on its own gives the same text.
    for row_index, row in enumerate(rows):
        for model in models:
            answer = run.answer(row_index, model)
            assert answer is not None and answer.error is None and answer.text is not None
            assert answer.score == score_answer(row.expected, answer.text)
    again = request_answer(client, run.request_for(3, fine_tuned.model))
    assert again.text == run.answer(3, fine_tuned.model).text  # type: ignore[union-attr]

    tuned, base = run.summary(fine_tuned.model), run.summary("tiny-random")
    assert tuned.scores.answered == base.scores.answered == 10
    # The fine-tuned model learned its 10 training rows word for word; the random base model none.
    assert tuned.scores.exact_matches == tuned.scores.normalised_matches == 10
    assert tuned.scores.mean_similarity == 1.0
    assert base.scores.exact_matches == 0 and base.scores.normalised_matches == 0
    assert tuned.scores.mean_similarity > base.scores.mean_similarity
    assert tuned.completion_tokens > 0


def test_cancel_stops_the_run(engine_server: EngineServer, fine_tuned: FineTuned) -> None:
    cancelled = threading.Event()

    class Token:
        @property
        def cancelled(self) -> bool:
            return cancelled.is_set()

    run = EvaluationRun(models=[fine_tuned.model, "tiny-random"], rows=seed_rows())
    run_evaluation(
        engine_server.client(),
        run,
        concurrency=1,
        cancel=Token(),
        progress=lambda event: cancelled.set() if isinstance(event, RowAnswered) else None,
    )
    assert run.state is RunState.CANCELLED
    assert run.done == 1
    cancelled.clear()
    run_evaluation(engine_server.client(), run, concurrency=2, cancel=Token())
    assert run.state is RunState.COMPLETE and run.done == 20
