"""Cancel, pause and resume a running job; jobs queue one at a time; a killed engine resumes its job."""

from __future__ import annotations

import pytest

from tests.engine.helpers import all_events, wait_for_job, wait_until
from tests.engine.seed_data import SEED_ANSWER, SEED_PROMPT, chat_records, write_jsonl
from tests.support.engine_server import start_engine, stop_engine

pytestmark = pytest.mark.slow


def upload_seed(client, folder):
    with write_jsonl(folder / "seed.jsonl", chat_records()).open("rb") as stream:
        return client.files.create(file=stream, purpose="fine-tune")


def metrics_steps(client, job_id):
    return [e.data["step"] for e in all_events(client, job_id) if e.type == "metrics"]


def long_job(client, file_id, epochs=40):
    return client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=file_id,
        hyperparameters={"n_epochs": epochs, "batch_size": 1},
        seed=3,
    )


def test_cancel_a_running_job_and_the_queue_moves_on(engine_server, tmp_path):
    client = engine_server.client()
    file = upload_seed(client, tmp_path)
    first = long_job(client, file.id)
    second = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=file.id, hyperparameters={"n_epochs": 1, "batch_size": 1}
    )
    wait_until(lambda: metrics_steps(client, first.id), what="first job's first step")
    assert client.fine_tuning.jobs.retrieve(second.id).status == "queued"  # one job trains at a time
    running = wait_until(
        lambda: (job := client.fine_tuning.jobs.retrieve(first.id)).estimated_finish and job,
        what="an estimated finish",
    )
    assert running.status == "running"
    assert running.estimated_finish >= running.created_at
    assert running.trained_tokens > 0
    # As OpenAI's: the answer to cancel is the cancelled job (the running step ends first).
    assert client.fine_tuning.jobs.cancel(first.id).status == "cancelled"
    cancelled = wait_for_job(client, first.id)
    assert cancelled.status == "cancelled"
    assert cancelled.fine_tuned_model is None
    assert len(metrics_steps(client, first.id)) < 400
    assert wait_for_job(client, second.id).status == "succeeded"


def test_pause_then_resume_continues_where_it_stopped(engine_server, tmp_path):
    client = engine_server.client()
    file = upload_seed(client, tmp_path)
    job = long_job(client, file.id, epochs=25)
    wait_until(lambda: len(metrics_steps(client, job.id)) >= 5, what="a few steps")
    paused = client.fine_tuning.jobs.pause(job.id)
    assert paused.status == "paused"  # as OpenAI's: answered once the state is saved
    paused = wait_for_job(client, job.id, {"paused"})
    steps_at_pause = metrics_steps(client, job.id)
    assert 5 <= len(steps_at_pause) < 250
    assert paused.estimated_finish is None
    resumed = client.fine_tuning.jobs.resume(job.id)
    assert resumed.status in {"queued", "running"}
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded"
    steps = metrics_steps(client, job.id)
    assert steps == list(range(1, 251))  # no step lost or repeated across the pause
    messages = [e.message for e in all_events(client, job.id)]
    assert "Fine-tuning job paused" in messages
    assert any(m.startswith("Resumed from step") for m in messages)


def test_engine_killed_or_shut_down_mid_job_resumes_it(tmp_path):
    data_dir = tmp_path / "engine-data"
    server = start_engine(data_dir)
    try:
        client = server.client()
        file = upload_seed(client, tmp_path)
        job = long_job(client, file.id, epochs=12)
        wait_until(lambda: client.fine_tuning.jobs.checkpoints.list(job.id).data, what="a first checkpoint")
        server.kill()
    finally:
        stop_engine(server)
    restarted = start_engine(data_dir, token=server.token)
    try:
        client = restarted.client()
        # Then a clean shutdown (the app closing) mid-job: the job saves its state and goes on later.
        wait_until(lambda: len(metrics_steps(client, job.id)) >= 15, what="steps after the restart")
    finally:
        stop_engine(restarted)
    restarted = start_engine(data_dir, token=server.token)
    try:
        client = restarted.client()
        finished = wait_for_job(client, job.id)
        assert finished.status == "succeeded", (finished.error, restarted.log)
        messages = [e.message for e in all_events(client, job.id)]
        assert any(
            "The engine stopped while this job was running; it resumes from step-" in m for m in messages
        )
        assert any(
            "The engine was shut down while this job was running; it resumes from" in m for m in messages
        )
        assert "The engine is shutting down; the job resumes when it starts again" in messages
        assert len([m for m in messages if m.startswith("Resumed from step")]) == 2, "\n".join(
            m for m in messages if not m.startswith("Step")
        )
        # Each step once in the events and in the result file, though a crash cut off the steps
        # after the last checkpoint and they were trained again.
        assert metrics_steps(client, job.id) == list(range(1, 121))
        rows = client.files.content(finished.result_files[0]).text.splitlines()[1:]
        assert [int(row.split(",")[0]) for row in rows] == list(range(1, 121))
        assert client.files.retrieve(file.id).id == file.id  # nothing else was lost
        reply = client.chat.completions.create(
            model=finished.fine_tuned_model,
            messages=[{"role": "user", "content": SEED_PROMPT}],
            temperature=0,
        )
        assert reply.choices[0].message.content == SEED_ANSWER
    finally:
        stop_engine(restarted)
