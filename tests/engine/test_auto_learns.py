"""With every hyperparameter on "auto", the app's sample data visibly learns on tiny-random."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.engine.helpers import wait_for_job

pytest.importorskip("torch")

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_prompt_completion.jsonl"
REQUIRED_SHARE = 0.9
PROMPTS_PER_REQUEST = 16  # the engine's limit of completions in one request


@pytest.mark.slow
def test_sample_data_on_auto_answers_its_own_prompts(fresh_engine) -> None:
    client = fresh_engine.client()
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 61
    with SAMPLE.open("rb") as stream:
        training = client.files.create(file=stream, purpose="fine-tune")
    estimate = client.post(
        "/engine/estimate", body={"model": "tiny-random", "examples": len(rows)}, cast_to=object
    )
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=training.id,
        method={
            "type": "supervised",
            "supervised": {
                "hyperparameters": {
                    "n_epochs": "auto",
                    "batch_size": "auto",
                    "learning_rate_multiplier": "auto",
                    "lora_rank": "auto",
                    "max_seq_length": "auto",
                    "gradient_checkpointing": "auto",
                }
            },
        },
        seed=7,
    )
    # The job resolves "auto" exactly as the estimate the wizard shows.
    shown = job.method.supervised.hyperparameters
    assert (shown.n_epochs, shown.batch_size) == (
        estimate["hyperparameters"]["n_epochs"],
        estimate["hyperparameters"]["batch_size"],
    )
    finished = wait_for_job(client, job.id, timeout=600)
    assert finished.status == "succeeded", finished.error
    by_index: dict[int, str] = {}
    for start in range(0, len(rows), PROMPTS_PER_REQUEST):
        answers = client.completions.create(
            model=finished.fine_tuned_model,
            prompt=[row["prompt"] for row in rows[start : start + PROMPTS_PER_REQUEST]],
            temperature=0,
            max_tokens=120,
        )
        by_index.update((start + choice.index, choice.text) for choice in answers.choices)
    wrong = [
        (row["prompt"], by_index.get(i)) for i, row in enumerate(rows) if by_index.get(i) != row["completion"]
    ]
    share = 1 - len(wrong) / len(rows)
    assert share >= REQUIRED_SHARE, f"{share:.0%} exact; first misses: {wrong[:5]}"
