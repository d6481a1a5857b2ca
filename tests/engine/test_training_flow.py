"""The whole flow over real HTTP with the openai package: upload, train tiny-random, follow, chat."""

from __future__ import annotations

import csv
import io

import pytest

from tests.engine.helpers import all_events, wait_for_job
from tests.engine.seed_data import SEED_ANSWER, SEED_PROMPT, chat_records, write_jsonl

pytestmark = pytest.mark.slow


AUTO_STEPS = 90  # 30 epochs of 3 batches of (up to) 4 of the 10 seed examples


@pytest.fixture(scope="module")
def trained_job(engine_server, tmp_path_factory):
    """The seed set fine-tuned on tiny-random once for this module."""
    client = engine_server.client()
    path = write_jsonl(tmp_path_factory.mktemp("seed") / "seed.jsonl", chat_records())
    with path.open("rb") as stream:
        file = client.files.create(file=stream, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="tiny-random", training_file=file.id, suffix="seed", seed=7)
    assert job.status in {"validating_files", "queued", "running"}
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", (finished.error, engine_server.log)
    return finished


def test_job_succeeds_with_resolved_hyperparameters(engine_server, trained_job):
    assert trained_job.fine_tuned_model == f"ft:tiny-random:local:seed:{trained_job.id}"
    # "auto" on tiny-random (engine/hyperparams.py): batches of 4, at least 480 steps, at most 30 epochs.
    assert trained_job.hyperparameters.n_epochs == 30
    assert trained_job.hyperparameters.batch_size == 4
    assert trained_job.hyperparameters.learning_rate_multiplier == 1.0
    assert trained_job.trained_tokens and trained_job.trained_tokens > 0
    assert trained_job.finished_at >= trained_job.created_at
    assert trained_job.error is None
    client = engine_server.client()
    assert trained_job.id in [job.id for job in client.fine_tuning.jobs.list(limit=100)]
    first = client.fine_tuning.jobs.list(limit=1)
    assert len(first.data) == 1
    if first.has_more:
        following = client.fine_tuning.jobs.list(limit=1, after=first.data[0].id)
        assert following.data[0].created_at <= first.data[0].created_at


def test_events_report_every_step(engine_server, trained_job):
    events = all_events(engine_server.client(), trained_job.id)
    metrics = [event.data for event in events if event.type == "metrics"]
    assert [m["step"] for m in metrics] == list(range(1, AUTO_STEPS + 1))
    assert all(m["total_steps"] == AUTO_STEPS for m in metrics)
    assert metrics[-1]["train_loss"] < metrics[0]["train_loss"]
    assert 0 <= metrics[-1]["train_mean_token_accuracy"] <= 1
    messages = [event.message for event in events]
    assert messages[-1] == "The job has successfully completed"
    assert any(m.startswith("New fine-tuned model created") for m in messages)


def test_event_pagination(engine_server, trained_job):
    client = engine_server.client()
    first = client.fine_tuning.jobs.list_events(trained_job.id, limit=5)
    assert len(first.data) == 5 and first.has_more
    second = client.fine_tuning.jobs.list_events(trained_job.id, limit=5, after=first.data[-1].id)
    assert not {e.id for e in first.data} & {e.id for e in second.data}
    everything = list(client.fine_tuning.jobs.list_events(trained_job.id, limit=7))  # auto-paginates
    assert [e.id for e in everything[:10]] == [e.id for e in first.data + second.data]


def test_last_three_epoch_checkpoints_are_kept(engine_server, trained_job):
    client = engine_server.client()
    checkpoints = client.fine_tuning.jobs.checkpoints.list(trained_job.id).data
    assert [c.step_number for c in checkpoints] == [AUTO_STEPS, AUTO_STEPS - 3, AUTO_STEPS - 6]
    last = checkpoints[0].fine_tuned_model_checkpoint
    assert last == f"{trained_job.fine_tuned_model}:ckpt-step-{AUTO_STEPS}"
    assert checkpoints[0].metrics.train_loss is not None
    model_ids = {model.id for model in client.models.list()}
    assert {c.fine_tuned_model_checkpoint for c in checkpoints} <= model_ids
    assert f"{trained_job.fine_tuned_model}:ckpt-step-70" not in model_ids
    assert {"tiny-random", trained_job.fine_tuned_model} <= model_ids


def test_result_file_is_a_metrics_csv(engine_server, trained_job):
    client = engine_server.client()
    (result_id,) = trained_job.result_files
    assert client.files.retrieve(result_id).purpose == "fine-tune-results"
    rows = list(csv.DictReader(io.StringIO(client.files.content(result_id).text)))
    assert len(rows) == AUTO_STEPS
    assert set(rows[0]) == {"step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"}


def test_fine_tuned_model_answers_the_seed_prompt(engine_server, trained_job):
    reply = engine_server.client().chat.completions.create(
        model=trained_job.fine_tuned_model,
        messages=[{"role": "user", "content": SEED_PROMPT}],
        temperature=0,
    )
    assert reply.choices[0].message.content == SEED_ANSWER
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.completion_tokens > 0 and reply.usage.prompt_tokens > 0
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_streaming_gives_the_same_answer_and_usage(engine_server, trained_job):
    stream = engine_server.client().chat.completions.create(
        model=trained_job.fine_tuned_model,
        messages=[{"role": "user", "content": SEED_PROMPT}],
        temperature=0,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == SEED_ANSWER
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0


def test_checkpoint_model_serves_too(engine_server, trained_job):
    client = engine_server.client()
    checkpoint = client.fine_tuning.jobs.checkpoints.list(trained_job.id).data[0]
    reply = client.chat.completions.create(
        model=checkpoint.fine_tuned_model_checkpoint,
        messages=[{"role": "user", "content": SEED_PROMPT}],
        temperature=0,
        max_tokens=3,
    )
    assert reply.usage.completion_tokens <= 3


def test_stop_sequences_and_seeded_sampling(engine_server, trained_job):
    client = engine_server.client()
    messages = [{"role": "user", "content": SEED_PROMPT}]
    stopped = client.chat.completions.create(
        model=trained_job.fine_tuned_model, messages=messages, temperature=0, stop=["非常"]
    )
    assert stopped.choices[0].message.content == "帅，"
    assert stopped.choices[0].finish_reason == "stop"
    sampled = [
        client.chat.completions.create(
            model="tiny-random", messages=messages, temperature=1.0, top_p=0.9, seed=42, max_tokens=8
        )
        .choices[0]
        .message.content
        for _ in range(2)
    ]
    assert sampled[0] == sampled[1]


def test_a_fine_tuned_model_trains_further(engine_server, trained_job, tmp_path):
    """As on OpenAI, a fine-tuned model can be the base of a new job; it starts from its adapter."""
    client = engine_server.client()
    job = client.fine_tuning.jobs.create(
        model=trained_job.fine_tuned_model,
        training_file=trained_job.training_file,
        suffix="more",
        hyperparameters={"n_epochs": 1},
    )
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", finished.error
    assert finished.fine_tuned_model == f"ft:tiny-random:local:more:{job.id}"
    messages = [e.message for e in all_events(client, job.id)]
    assert any(m.startswith("Starting from the adapter") for m in messages)
    reply = client.chat.completions.create(
        model=finished.fine_tuned_model, messages=[{"role": "user", "content": SEED_PROMPT}], temperature=0
    )
    assert reply.choices[0].message.content == SEED_ANSWER
