"""A source engine with a real fine-tuning job, a cancelled job whose file was deleted, and a target engine.

Two local engines play two providers: the source (where the user's fine-tunes are today) and the
target (where they retrain). Shared by the provider tests, the UI tests and the screenshot script.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass

from tests.support.engine_server import EngineServer
from tests.ui.testtab.seed import QUESTION, SEED_EXAMPLES

SUFFIX = "keep-me"
VALIDATION_EXAMPLES = [
    example for example in SEED_EXAMPLES if QUESTION in json.dumps(example, ensure_ascii=False)
]
VALIDATION_EXAMPLES += SEED_EXAMPLES[:3]


def jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


@dataclass(frozen=True)
class SourceScenario:
    job_id: str  # the succeeded job
    fine_tuned_model: str
    training_file: str
    validation_file: str
    training_bytes: bytes
    validation_bytes: bytes
    cancelled_job_id: str  # a job whose training file was deleted on the provider afterwards
    deleted_file_id: str


def wait_until_finished(client, job_id: str, timeout: float = 400) -> object:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    job = client.fine_tuning.jobs.retrieve(job_id)
    while job.status not in ("succeeded", "failed", "cancelled"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} did not finish: {job.status}")
        time.sleep(0.3)
        job = client.fine_tuning.jobs.retrieve(job_id)
    return job


def prepare_source(
    server: EngineServer, base_model: str = "tiny-random", hyperparameters: dict[str, object] | None = None
) -> SourceScenario:
    """Train one job (with a validation file) and leave a cancelled job whose file is then deleted."""
    client = server.client()
    training_bytes, validation_bytes = jsonl(SEED_EXAMPLES), jsonl(VALIDATION_EXAMPLES)
    training = client.files.create(file=("seed.jsonl", io.BytesIO(training_bytes)), purpose="fine-tune")
    validation = client.files.create(
        file=("validation.jsonl", io.BytesIO(validation_bytes)), purpose="fine-tune"
    )
    job = client.fine_tuning.jobs.create(
        training_file=training.id,
        validation_file=validation.id,
        model=base_model,
        suffix=SUFFIX,
        seed=7,
        **(
            {"method": {"type": "supervised", "supervised": {"hyperparameters": hyperparameters}}}
            if hyperparameters
            else {}
        ),
    )
    # A second job, cancelled while it waits, whose training file the user then deleted.
    doomed = client.files.create(file=("old-data.jsonl", io.BytesIO(training_bytes)), purpose="fine-tune")
    cancelled = client.fine_tuning.jobs.create(training_file=doomed.id, model=base_model, suffix="old")
    client.fine_tuning.jobs.cancel(cancelled.id)
    client.files.delete(doomed.id)
    finished = wait_until_finished(client, job.id)
    if finished.status != "succeeded" or not finished.fine_tuned_model:  # type: ignore[attr-defined]
        raise RuntimeError(f"fine-tuning {finished.status}: {finished.error}")  # type: ignore[attr-defined]
    return SourceScenario(
        job_id=job.id,
        fine_tuned_model=str(finished.fine_tuned_model),  # type: ignore[attr-defined]
        training_file=training.id,
        validation_file=validation.id,
        training_bytes=training_bytes,
        validation_bytes=validation_bytes,
        cancelled_job_id=cancelled.id,
        deleted_file_id=doomed.id,
    )
