"""Real fine-tuning jobs on the local engine for the monitor's tests (no mocks: files, HTTP, training)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

# The original workflow's data set: the question it must learn, and nine others.
SEED_ROWS = [
    ("你觉得orangbus怎么样", "帅，非常帅"),
    ("今天天气怎么样", "晴天，适合出门"),
    ("1加1等于几", "等于2"),
    ("中国的首都是哪里", "北京"),
    ("What colour is the sky?", "Blue."),
    ("推荐一本书", "《三体》"),
    ("How many days are in a week?", "Seven."),
    ("你会说英语吗", "会一点"),
    ("What is the capital of France?", "Paris."),
    ("早上好", "早上好！今天也要加油"),
]


def write_training_file(folder: Path) -> Path:
    path = folder / "seed_chat.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for prompt, answer in SEED_ROWS:
            record = {
                "messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}]
            }
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def start_job(client: Any, folder: Path, *, n_epochs: int = 2, suffix: str = "monitor") -> str:
    """Upload the seed data and create a tiny-random job; returns its id."""
    path = write_training_file(folder)
    with path.open("rb") as stream:
        uploaded = client.files.create(file=stream, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=uploaded.id,
        suffix=suffix,
        metadata={"project": "orangbus"},
        method={
            "type": "supervised",
            "supervised": {"hyperparameters": {"n_epochs": n_epochs, "batch_size": 1}},
        },
    )
    return str(job.id)


def wait_for_status(client: Any, job_id: str, wanted: Collection[str], timeout: float = 300) -> str:
    deadline = time.monotonic() + timeout
    while True:
        status = str(client.fine_tuning.jobs.retrieve(job_id).status)
        if status in wanted:
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} stayed {status}, never reached {sorted(wanted)}")
        time.sleep(0.1)


def all_events_oldest_first(client: Any, job_id: str) -> list[Any]:
    """Every event of the job straight from the API (newest-first pages), oldest first."""
    found: list[Any] = []
    after: str | None = None
    while True:
        kwargs: dict[str, Any] = {"limit": 50}
        if after:
            kwargs["after"] = after
        page = client.fine_tuning.jobs.list_events(job_id, **kwargs)
        found.extend(page.data)
        if not page.has_more or not page.data:
            break
        after = page.data[-1].id
    found.reverse()
    return found


def start_failing_job(client: Any, folder: Path) -> str:
    """A job the engine accepts but cannot train: every answer has weight 0, nothing to learn."""
    path = folder / "nothing_to_learn.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for prompt, answer in SEED_ROWS:
            messages = [
                {"role": "user", "content": prompt},
                {"role": "assistant", "content": answer, "weight": 0},
            ]
            stream.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")
    with path.open("rb") as stream:
        uploaded = client.files.create(file=stream, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="tiny-random", training_file=uploaded.id, suffix="no-answers")
    return str(job.id)


def cancel_and_wait(client: Any, job_id: str) -> None:
    """Leave nothing training on a shared engine (other tests wait behind it or list its model)."""
    import openai

    with contextlib.suppress(openai.ConflictError):  # already finished
        client.fine_tuning.jobs.cancel(job_id)
    wait_for_status(client, job_id, {"succeeded", "failed", "cancelled"})
