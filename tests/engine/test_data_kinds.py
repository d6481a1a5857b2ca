"""Prompt/completion data with a validation file, DPO preference pairs, the Uploads API, deleting models."""

from __future__ import annotations

import io
import json

import openai
import pytest

from tests.engine.helpers import all_events, wait_for_job
from tests.engine.seed_data import SEED_ANSWER, SEED_PAIRS, SEED_PROMPT, chat_records, write_jsonl

pytestmark = pytest.mark.slow


def upload(client, path):
    with path.open("rb") as stream:
        return client.files.create(file=stream, purpose="fine-tune")


def test_prompt_completion_job_with_validation_serves_completions(engine_server, tmp_path):
    client = engine_server.client()
    records = [{"prompt": p, "completion": c} for p, c in SEED_PAIRS]
    training = upload(client, write_jsonl(tmp_path / "pc.jsonl", records))
    validation = upload(client, write_jsonl(tmp_path / "pc-valid.jsonl", records[:5]))
    job = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=training.id, validation_file=validation.id, suffix="pc", seed=11
    )
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", finished.error
    metrics = [e.data for e in all_events(client, job.id) if e.type == "metrics"]
    with_validation = [m for m in metrics if "valid_loss" in m]
    # "auto" on tiny-random: batches of 4 (3 steps an epoch over 10 examples), 30 epochs.
    assert [m["step"] for m in with_validation] == list(range(3, 91, 3))  # at the end of every epoch
    assert with_validation[-1]["valid_loss"] < with_validation[0]["valid_loss"]
    assert 0 <= with_validation[-1]["valid_mean_token_accuracy"] <= 1
    checkpoint = client.fine_tuning.jobs.checkpoints.list(job.id).data[0]
    assert checkpoint.metrics.valid_loss is not None
    completion = client.completions.create(
        model=finished.fine_tuned_model, prompt=SEED_PROMPT, temperature=0, max_tokens=20
    )
    assert completion.choices[0].text == SEED_ANSWER
    assert completion.choices[0].finish_reason == "stop"
    streamed = "".join(
        chunk.choices[0].text
        for chunk in client.completions.create(
            model=finished.fine_tuned_model, prompt=SEED_PROMPT, temperature=0, max_tokens=20, stream=True
        )
        if chunk.choices
    )
    assert streamed == SEED_ANSWER


def test_dpo_job_on_preference_pairs(engine_server, tmp_path):
    client = engine_server.client()
    pairs = [
        {
            "input": {"messages": [{"role": "user", "content": prompt}]},
            "preferred_output": [{"role": "assistant", "content": answer}],
            "non_preferred_output": [{"role": "assistant", "content": "不知道。"}],
        }
        for prompt, answer in SEED_PAIRS
    ]
    file = upload(client, write_jsonl(tmp_path / "dpo.jsonl", pairs))
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=file.id,
        method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2, "n_epochs": 3, "batch_size": 1}}},
        seed=5,
    )
    assert job.method.type == "dpo"
    assert job.method.dpo.hyperparameters.beta == 0.2
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", finished.error
    metrics = [e.data for e in all_events(client, job.id) if e.type == "metrics"]
    assert len(metrics) == 30
    assert metrics[-1]["train_loss"] < metrics[0]["train_loss"]  # starts at log(2): policy == reference


def test_uploads_api_assembles_parts_into_a_file(engine_server):
    client = engine_server.client()
    content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chat_records()).encode()
    upload = client.uploads.create(
        bytes=len(content), filename="parts.jsonl", mime_type="text/jsonl", purpose="fine-tune"
    )
    assert upload.status == "pending"
    middle = len(content) // 2
    parts = [
        client.uploads.parts.create(upload.id, data=io.BytesIO(piece))
        for piece in (content[:middle], content[middle:])
    ]
    completed = client.uploads.complete(upload.id, part_ids=[p.id for p in parts])
    assert completed.status == "completed"
    assert completed.file.bytes == len(content)
    assert client.files.content(completed.file.id).read() == content
    with pytest.raises(openai.ConflictError):
        client.uploads.parts.create(upload.id, data=io.BytesIO(b"more"))
    cancelled = client.uploads.cancel(
        client.uploads.create(bytes=5, filename="x.jsonl", mime_type="text/jsonl", purpose="fine-tune").id
    )
    assert cancelled.status == "cancelled"


def test_uploads_api_checks_size_and_content(engine_server):
    client = engine_server.client()
    upload = client.uploads.create(
        bytes=100, filename="short.jsonl", mime_type="text/jsonl", purpose="fine-tune"
    )
    part = client.uploads.parts.create(upload.id, data=io.BytesIO(b"not json\n"))
    with pytest.raises(openai.BadRequestError):
        client.uploads.complete(upload.id, part_ids=[part.id])  # 9 bytes, not 100
    bad = b"not json\n"
    upload = client.uploads.create(
        bytes=len(bad), filename="bad.jsonl", mime_type="text/jsonl", purpose="fine-tune"
    )
    part = client.uploads.parts.create(upload.id, data=io.BytesIO(bad))
    with pytest.raises(openai.BadRequestError) as caught:
        client.uploads.complete(upload.id, part_ids=[part.id])
    assert caught.value.body["code"] == "invalid_file_format"


def test_delete_fine_tuned_model_and_checkpoint(engine_server, tmp_path):
    client = engine_server.client()
    file = upload(client, write_jsonl(tmp_path / "seed.jsonl", chat_records()))
    job = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=file.id, hyperparameters={"n_epochs": 2, "batch_size": 1}
    )
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", finished.error
    checkpoint = client.fine_tuning.jobs.checkpoints.list(job.id).data[-1]
    deleted = client.models.delete(checkpoint.fine_tuned_model_checkpoint)
    assert deleted.deleted
    assert [c.step_number for c in client.fine_tuning.jobs.checkpoints.list(job.id).data] == [20]
    assert client.models.delete(finished.fine_tuned_model).deleted
    remaining = {m.id for m in client.models.list()}
    assert finished.fine_tuned_model not in remaining
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(
            model=finished.fine_tuned_model, messages=[{"role": "user", "content": "hi"}]
        )
    with pytest.raises(openai.PermissionDeniedError):
        client.models.delete("tiny-random")


def test_base_tiny_random_answers_and_is_described_as_test_only(engine_server):
    client = engine_server.client()
    model = client.models.retrieve("tiny-random")
    assert "test" in model.model_extra["description"].lower()
    reply = client.chat.completions.create(
        model="tiny-random", messages=[{"role": "user", "content": "hello"}], max_tokens=5, seed=1, n=2
    )
    assert len(reply.choices) == 2
    assert all(c.finish_reason in {"stop", "length"} for c in reply.choices)
    assert reply.usage.completion_tokens <= 10


def test_local_model_folder_as_base(engine_server, tmp_path):
    from engine import textformat, tiny_random

    folder = engine_server.data_dir / "models" / "my-tiny"
    tiny_random.create(folder, (textformat.record_text(r) for r in chat_records()), seed=2)
    client = engine_server.client()
    assert "my-tiny" in {m.id for m in client.models.list()}
    file = upload(client, write_jsonl(tmp_path / "seed.jsonl", chat_records()))
    job = client.fine_tuning.jobs.create(
        model="my-tiny", training_file=file.id, hyperparameters={"n_epochs": 1}
    )
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", finished.error
    assert finished.fine_tuned_model == f"ft:my-tiny:local::{job.id}"
    reply = client.chat.completions.create(
        model=finished.fine_tuned_model, messages=[{"role": "user", "content": SEED_PROMPT}], max_tokens=4
    )
    assert reply.usage.completion_tokens <= 4


def test_hub_model_that_cannot_be_downloaded_fails_clearly(engine_server, tmp_path):
    client = engine_server.client()
    file = upload(client, write_jsonl(tmp_path / "seed.jsonl", chat_records()))
    job = client.fine_tuning.jobs.create(model="someorg/not-a-model", training_file=file.id)
    finished = wait_for_job(client, job.id)
    assert finished.status == "failed"
    # No hub here: the engine says it can't reach it (with a hub: that there is no such model).
    assert finished.error.code in ("hub_unreachable", "model_not_found")
    assert "someorg/not-a-model" in finished.error.message
    assert any(e.level == "error" for e in client.fine_tuning.jobs.list_events(job.id))
