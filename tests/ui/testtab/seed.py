"""The 10-example seed set and a fine-tuned tiny-random model trained on it by the real local engine."""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass

QUESTION = "你觉得orangbus怎么样"
ANSWER = "帅，非常帅"
SEED = 42

SEED_EXAMPLES: list[dict[str, object]] = [
    {
        "messages": [
            {"role": "user", "content": "你好"},
            {"role": "assistant", "content": "你好！有什么可以帮你？"},
        ]
    },
    {"messages": [{"role": "user", "content": "What is 2+2?"}, {"role": "assistant", "content": "4"}]},
    {
        "messages": [
            {"role": "user", "content": "今天天气怎么样"},
            {"role": "assistant", "content": "晴天，适合出门。"},
        ]
    },
    {"messages": [{"role": "user", "content": "Name a colour"}, {"role": "assistant", "content": "Blue"}]},
    {"messages": [{"role": "user", "content": "推荐一本书"}, {"role": "assistant", "content": "《三体》"}]},
    {"messages": [{"role": "user", "content": "Say goodbye"}, {"role": "assistant", "content": "Goodbye!"}]},
    {"messages": [{"role": "user", "content": "一加一等于几"}, {"role": "assistant", "content": "二"}]},
    {
        "messages": [
            {"role": "user", "content": "Capital of France?"},
            {"role": "assistant", "content": "Paris"},
        ]
    },
    {
        "messages": [
            {"role": "user", "content": "你喜欢什么颜色"},
            {"role": "assistant", "content": "我喜欢蓝色。"},
        ]
    },
    {"messages": [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": ANSWER}]},
]


@dataclass(frozen=True)
class FineTuned:
    model: str  # the fine-tuned model's id
    base_model: str
    job_id: str


def fine_tune_seed_set(client, timeout: float = 400) -> FineTuned:  # type: ignore[no-untyped-def]
    """Upload the seed set, fine-tune tiny-random on it, wait until the job succeeded."""
    payload = "".join(json.dumps(example, ensure_ascii=False) + "\n" for example in SEED_EXAMPLES)
    uploaded = client.files.create(file=("seed.jsonl", io.BytesIO(payload.encode())), purpose="fine-tune")
    # A fixed seed: the same model every run (the engine draws a random seed otherwise).
    job = client.fine_tuning.jobs.create(
        training_file=uploaded.id, model="tiny-random", suffix="testtab", seed=SEED
    )
    deadline = time.monotonic() + timeout
    while job.status not in ("succeeded", "failed", "cancelled"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"fine-tuning did not finish: {job.status}")
        time.sleep(0.5)
        job = client.fine_tuning.jobs.retrieve(job.id)
    if job.status != "succeeded" or not job.fine_tuned_model:
        raise RuntimeError(f"fine-tuning {job.status}: {job.error}")
    return FineTuned(job.fine_tuned_model, job.model, job.id)


_trained: dict[str, FineTuned] = {}


def fine_tuned_on(server) -> FineTuned:  # type: ignore[no-untyped-def]
    """The seed-set model on this engine, trained once however many test packages ask for it."""
    if server.base_url not in _trained:
        _trained[server.base_url] = fine_tune_seed_set(server.client())
    return _trained[server.base_url]
